"""The dataset cache on disk: one file per dataset path, trusted only when it proves itself.

A cache file is used only when all of these hold, and is otherwise ignored (and rewritten
after the next full load):

- it starts with claimline's mark and this cache format's version;
- it was made by this claimline (version, the code that validates datasets, the layout
  of the models) on a machine of the same byte order;
- it was made from this file: same path, size, modification time and SHA-256 of the
  content (the content is read and hashed again on every open), and the file did not
  change while it was read (its change time, which any write moves, is the same after);
- its keyed checksum (HMAC-SHA256 over everything after it) is right, with the key kept
  in the cache folder, readable by the user alone. A damaged or truncated file fails it,
  and so does a cache file from elsewhere (another user, another machine, a copied
  folder): it was not written with this key.

Nothing in a cache file is code and nothing is run: it holds numbers and text
(`codec.py`), and the data is rebuilt without validation only because the checksum shows
that this claimline wrote it from a dataset that had passed validation. After the dataset
it holds the folded search text of every record (`facts.search_text`, `texts.py`), which
only the same code could have made (`made_by` covers that module and the Unicode version),
so a reopened file is searchable without folding it all again.

The app's worker has the entry read and its checksum checked ahead, beside its own
imports (`prefetch.py`); what was read ahead is used under the same conditions.

Beside a long timeline's entry is its head (`head.py`): a small entry of the records
its first rows show, which the app shows while the rest is decoded. It is an entry like
the other, written with it, and used under the same conditions.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import Any

from facts import search_text
from facts.cache import codec, texts
from facts.cache.entry import (
    FORMAT,
    LENGTH,
    MAGIC,
    ContentDigest,
    Signed,
    default_folder,
    entry_path,
    file_identity,
    head_path,
    is_current,
    made_by,
    read_header,
    read_signed,
    source_of,
)
from facts.cache.folder import DEFAULT_MAX_BYTES, CacheFolder
from facts.cache.head import Head, dataset_sizes, head_from, head_of
from facts.cache.prefetch import DEFAULT_MIN_SOURCE_BYTES, Prefetch
from facts.file_read import MAX_BYTES, ReadProgress, check_file, read_file
from facts.gc_pause import paused_gc
from facts.load import load_bytes
from facts.model import Dataset
from facts.timeline import timeline_of


@dataclass(frozen=True)
class Opened:
    """A dataset, whether it came from the cache, and how to cache it if it did not."""

    dataset: Dataset
    from_cache: bool
    # Writes the cache file (encoding takes about a third of a full load): call it when
    # the time suits, e.g. in a worker after the dataset is on screen. None: nothing to do.
    save: Callable[[], None] | None = None


class DatasetCache(CacheFolder):
    """Cached, validated datasets in a folder, keyed by the dataset file they came from."""

    def __init__(
        self,
        folder: Path | None = None,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        min_source_bytes: int = DEFAULT_MIN_SOURCE_BYTES,
    ) -> None:
        super().__init__(folder, max_bytes)
        self.min_source_bytes = min_source_bytes

    # -- opening -----------------------------------------------------------------------------

    def open(
        self,
        path: str | os.PathLike[str],
        *,
        max_bytes: int = MAX_BYTES,
        progress: ReadProgress | None = None,
        prefetched: Prefetch | None = None,
        on_head: Callable[[Head], None] | None = None,
    ) -> Opened:
        """The dataset of `path`, from the cache when it holds this very file.

        Raise DatasetError as `facts.load` does. A cache that cannot be read, used or
        written never stops the dataset from loading: the file is loaded in full instead.
        `progress` is told how much of the file has been read, as `facts.load` tells it.
        `prefetched` is what `Prefetch.start` read ahead for this path and this folder,
        used only if it still holds (`prefetch.py`). `on_head` is given the head of the
        dataset's timeline (`head.py`) before the rest is decoded, when the cache holds
        one made from this very file; then the whole dataset is returned as always. It
        runs in the calling thread, before the rest is decoded (what it raises, `open`
        raises).
        """
        name = os.fspath(path)
        stat = check_file(name, max_bytes)
        if S_ISREG(stat.st_mode) and stat.st_size >= self.min_source_bytes and codec.encodable():
            real_path = os.path.realpath(name)
            entry = self._entry(real_path)
            source = source_of(real_path, stat)
            begun = None if prefetched is None else prefetched.content_for(stat)
            content = begun or ContentDigest(name, stat.st_size)
            if on_head is not None:
                head = self._head(head_path(entry), source, name, stat, content)
                if head is not None:
                    on_head(head)
            found = None if prefetched is None else prefetched.result()
            if found is not None and found.entry == entry:
                signed = found.signed  # checked by the read-ahead; is it of this file?
                current = is_current(signed.header, source)
                dataset = (
                    self._checked(lambda: signed, entry, name, stat, content, progress)
                    if current
                    else None
                )
            else:
                dataset = self._read(entry, source, name, stat, content, progress)
            if dataset is not None:
                return Opened(dataset, from_cache=True)
        # Not cached, or the cache did not prove itself: the file is read and loaded.
        data, stat = read_file(name, max_bytes, progress)
        regular = S_ISREG(stat.st_mode) and stat.st_size == len(data)
        if not regular or len(data) < self.min_source_bytes or not codec.encodable():
            return Opened(load_bytes(data, name), from_cache=False)
        real_path = os.path.realpath(name)
        source = source_of(real_path, stat)
        entry = self._entry(real_path)
        dataset = load_bytes(data, name)
        digest = hashlib.sha256(data).hexdigest()
        del data

        def save() -> None:
            self._write(entry, {**source, "sha256": digest}, dataset)

        return Opened(dataset, from_cache=False, save=save)

    def _entry(self, real_path: str) -> Path:
        return entry_path(self.folder, real_path)

    def _read(
        self,
        entry: Path,
        source: dict[str, Any],
        name: str,
        stat: os.stat_result,
        content: ContentDigest,
        progress: ReadProgress | None,
    ) -> Dataset | None:
        """The cached dataset, or None when the file is missing, stale, damaged or foreign.

        Only an entry whose header says it was made by this claimline from a file of this
        path, size and time is read on (`_checked`); the search texts after the dataset's
        part are read when search needs them.
        """
        try:
            with open(entry, "rb") as handle:
                head = read_header(handle)
                if head is None or head[1]["kind"] != "dataset" or not is_current(head[1], source):
                    return None
                key = self._key(create=False)
                return self._checked(
                    lambda: read_signed(handle, *head, key), entry, name, stat, content, progress
                )
        except (OSError, struct.error, OverflowError, MemoryError):
            return None

    def _checked(
        self,
        signed_part: Callable[[], Signed | None],
        entry: Path,
        name: str,
        stat: os.stat_result,
        content: ContentDigest,
        progress: ReadProgress | None,
    ) -> Dataset | None:
        """The dataset of the entry's checked part, if the file `name` (`stat` before it
        was read, `content` its digest) is what the entry was made from.

        The file is read and hashed in a thread beside the entry's checksum and decode
        (reading and hashing let go of the interpreter, so on two cores they cost no
        time), and the bar of bytes read is shown full at once. The decode reads only
        what the checksum has shown this claimline wrote; whether it was written from
        this content is known after, and the dataset dropped if not, or if the file
        changed while it was read (its change time moves on any write).
        """
        content.start()
        if progress is not None:
            progress(stat.st_size, stat.st_size)
        signed = signed_part()
        if signed is not None and signed.header["kind"] != "dataset":
            return None  # a head, put where the dataset's entry goes
        dataset = None if signed is None else _decoded(signed)
        if signed is None or dataset is None or not _made_from(signed, name, stat, content):
            return None
        return self._opened(entry, dataset, signed)

    def _head(
        self,
        path: Path,
        source: dict[str, Any],
        name: str,
        stat: os.stat_result,
        content: ContentDigest,
    ) -> Head | None:
        """The head kept at `path`, if it proves itself as the dataset's entry must (this
        claimline, this file, its keyed checksum), else None."""
        try:
            with open(path, "rb") as handle:
                found = read_header(handle)
                if found is None or found[1]["kind"] != "head" or not is_current(found[1], source):
                    return None
                content.start()  # the file is hashed only when a head may be used
                signed = read_signed(handle, *found, self._key(create=False))
        except (OSError, struct.error, OverflowError, MemoryError):
            return None
        if signed is None or not isinstance(described := signed.header.get("head"), dict):
            return None
        part = _decoded(signed)
        if part is None or not _made_from(signed, name, stat, content):
            return None
        try:
            head = head_from(part, described["rows"], described, described["dense_years"])
        except (KeyError, TypeError, ValueError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used, as its dataset's entry is
        return head

    def _opened(self, entry: Path, dataset: Dataset, signed: Signed) -> Dataset:
        """A dataset read from `entry`, its search texts to be read from there when
        needed, and the entry marked as recently used."""
        header = signed.header
        found = texts.reader(
            entry, signed.texts_at, header["texts"], header["texts_sha256"], dataset
        )
        search_text.remember(dataset, found)
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: evicted last
        return dataset

    # -- writing -----------------------------------------------------------------------------

    def _write(self, entry: Path, source: dict[str, Any], dataset: Dataset) -> None:
        """Write the cache file, and its head when the timeline is long, atomically;
        then keep the folder under its size cap.

        Any failure (a read-only or full disk) is silent: the cache is an optimisation.
        """
        try:
            key = self._key(create=True)
            if key is None:
                return
            search = texts.joined(search_text.texts_of(dataset))
            if not self._write_entry(entry, key, source, dataset, search, {}):
                return
            head = head_of(dataset)
            kept = {entry, head_path(entry)}
            if head is None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(head_path(entry))  # an older, longer file's
            else:
                described = {
                    **dataset_sizes(dataset),
                    "rows": len(head.rows),
                    "dense_years": sorted(timeline_of(dataset).dense_years),
                }
                self._write_entry(head_path(entry), key, source, head.dataset, b"", described)
            self._evict(keep=kept)
        except (OSError, ValueError):
            return

    def _write_entry(
        self,
        entry: Path,
        key: bytes,
        source: dict[str, Any],
        dataset: Dataset,
        search: bytes,
        head: dict[str, Any],
    ) -> bool:
        """Write one cache file atomically: the dataset, its search texts, and for a
        head what it is the head of. False if it would not fit under the cap. Raise
        OSError or ValueError."""
        with paused_gc():
            numbers, strings = codec.encode(dataset)
        fields = {
            "format": FORMAT,
            "kind": "head" if head else "dataset",
            "made_by": made_by(),
            "source": source,
            "numbers": len(numbers),
            "strings": len(strings),
            "texts": len(search),
            "texts_sha256": hashlib.sha256(search).hexdigest(),
        }
        header = json.dumps({**fields, "head": head} if head else fields).encode("utf-8")
        length = LENGTH.pack(len(header))
        mac = hmac.new(key, length + header, hashlib.sha256)
        mac.update(numbers)
        mac.update(strings)  # the texts are signed by their digest in the header
        parts = (MAGIC, length, header, mac.digest(), numbers, strings, search)
        if sum(map(len, parts)) > self.max_bytes:
            return False
        handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                for part in parts:
                    out.write(part)
            os.replace(temp, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        return True


def _made_from(signed: Signed, name: str, stat: os.stat_result, content: ContentDigest) -> bool:
    """Whether the entry was written from the content of the file `name` (`stat` before
    it was read), and the file has not changed since (its change time moves on any
    write)."""
    if content.value() != signed.header["source"]["sha256"]:
        return False
    try:
        return file_identity(os.stat(name)) == file_identity(stat)
    except OSError:
        return False


def _decoded(signed: Signed) -> Dataset | None:
    """The dataset of an entry's checked columns; None if they do not fit the layout."""
    try:
        with paused_gc():
            return codec.decode(signed.numbers, signed.strings)
    except codec.Undecodable:
        return None


__all__ = ["DEFAULT_MAX_BYTES", "DatasetCache", "Opened", "default_folder"]
