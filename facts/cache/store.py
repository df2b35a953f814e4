"""The dataset cache on disk: one file per dataset path, trusted only when it proves itself.

A cache file is used only when all of these hold, and is otherwise ignored (and rewritten
after the next full load):

- it starts with claimline's mark and this cache format's version;
- it was made by this claimline (version, the code that validates datasets, the layout
  of the models) on a machine of the same byte order;
- it was made from this file: same path, size, modification time and SHA-256 of the
  content (the content is read and hashed again on every open);
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
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import struct
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import Any, BinaryIO

from facts import search_text
from facts.cache import codec, texts
from facts.cache.entry import (
    FORMAT,
    LENGTH,
    MAC_SIZE,
    MAGIC,
    content_digest,
    header_of,
    is_current,
    made_by,
    source_of,
)
from facts.file_read import MAX_BYTES, ReadProgress, check_file, read_file
from facts.gc_pause import paused_gc
from facts.load import load_bytes
from facts.model import Dataset

KEY_NAME = "key"
SUFFIX = ".dataset"
# A temporary file untouched this long is a write that was cut short, never finished.
STRAY_AFTER_SECONDS = 600
DEFAULT_MAX_BYTES = 2 * 1024**3  # the size cap: least recently used files go first
# Below this size a dataset loads in a few milliseconds: a cache would save nothing.
DEFAULT_MIN_SOURCE_BYTES = 256 * 1024


def default_folder() -> Path:
    """claimline's cache folder for datasets (platformdirs' user cache folder)."""
    from platformdirs import user_cache_path

    return user_cache_path("claimline", appauthor=False) / "datasets"


@dataclass(frozen=True)
class Opened:
    """A dataset, whether it came from the cache, and how to cache it if it did not."""

    dataset: Dataset
    from_cache: bool
    # Writes the cache file (encoding takes about a third of a full load): call it when
    # the time suits, e.g. in a worker after the dataset is on screen. None: nothing to do.
    save: Callable[[], None] | None = None


class DatasetCache:
    """Cached, validated datasets in a folder, keyed by the dataset file they came from."""

    def __init__(
        self,
        folder: Path | None = None,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        min_source_bytes: int = DEFAULT_MIN_SOURCE_BYTES,
    ) -> None:
        self.folder = default_folder() if folder is None else Path(folder)
        self.max_bytes = max_bytes
        self.min_source_bytes = min_source_bytes

    # -- opening -----------------------------------------------------------------------------

    def open(
        self,
        path: str | os.PathLike[str],
        *,
        max_bytes: int = MAX_BYTES,
        progress: ReadProgress | None = None,
    ) -> Opened:
        """The dataset of `path`, from the cache when it holds this very file.

        Raise DatasetError as `facts.load` does. A cache that cannot be read, used or
        written never stops the dataset from loading: the file is loaded in full instead.
        `progress` is told how much of the file has been read, as `facts.load` tells it.
        """
        name = os.fspath(path)
        stat = check_file(name, max_bytes)
        if S_ISREG(stat.st_mode) and stat.st_size >= self.min_source_bytes and codec.encodable():
            real_path = os.path.realpath(name)
            entry = self._entry(real_path)
            dataset = self._read(entry, source_of(real_path, stat), name, progress)
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
        name = hashlib.sha256(real_path.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.folder / f"{name}{SUFFIX}"

    def _read(
        self, entry: Path, source: dict[str, Any], name: str, progress: ReadProgress | None
    ) -> Dataset | None:
        """The cached dataset, or None when the file is missing, stale, damaged or foreign.

        Once the entry's header says it was made from a file of this path, size and time,
        the file is read and hashed in a thread beside the entry's checksum and decode
        (reading and hashing let go of the interpreter, so on two cores they cost no
        time), and the bar of bytes read is shown full at once. The decode reads only
        what the checksum has shown this claimline wrote; whether it was written from
        this content is known after, and the dataset dropped if not.
        """
        try:  # the dataset's part only: the search texts after it are read when needed
            with open(entry, "rb") as handle:
                blob = handle.read(len(MAGIC) + LENGTH.size)
                (length,) = LENGTH.unpack_from(blob, len(MAGIC))
                blob += handle.read(length + MAC_SIZE)
                header = header_of(blob)
                if header is None or not is_current(header, source):
                    return None
                content: list[str | None] = []
                hashing = threading.Thread(
                    target=lambda: content.append(content_digest(name, source["size"])),
                    daemon=True,
                )
                hashing.start()
                try:
                    if progress is not None:
                        progress(source["size"], source["size"])
                    verified = self._verified(handle, blob, header)
                finally:
                    hashing.join()
        except (OSError, struct.error):
            return None
        if verified is None or content != [header["source"].get("sha256")]:
            return None
        dataset, texts_at = verified
        found = texts.reader(entry, texts_at, header["texts"], header["texts_sha256"], dataset)
        search_text.remember(dataset, found)
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: evicted last
        return dataset

    def _verified(
        self, handle: BinaryIO, blob: bytes, header: dict[str, Any]
    ) -> tuple[Dataset, int] | None:
        """The dataset of an entry whose header `blob` holds, read on from `handle`, and
        where its search texts start; None unless its checksum is right and its columns
        fit."""
        blob += handle.read(header["numbers"] + header["strings"])
        entry_size = os.fstat(handle.fileno()).st_size
        key = self._key(create=False)
        mac_end = len(MAGIC) + LENGTH.size + header["length"] + MAC_SIZE
        body = memoryview(blob)[mac_end:]
        numbers_end = header["numbers"]
        strings_end = numbers_end + header["strings"]
        if key is None or len(body) != strings_end or entry_size != len(blob) + header["texts"]:
            return None
        try:
            mac = hmac.new(key, memoryview(blob)[len(MAGIC) : mac_end - MAC_SIZE], hashlib.sha256)
            mac.update(body)
            if not hmac.compare_digest(mac.digest(), blob[mac_end - MAC_SIZE : mac_end]):
                return None
            with paused_gc():
                dataset = codec.decode(body[:numbers_end], body[numbers_end:strings_end])
        except codec.Undecodable:
            return None
        finally:
            body.release()
        return dataset, len(blob)

    # -- writing -----------------------------------------------------------------------------

    def _write(self, entry: Path, source: dict[str, Any], dataset: Dataset) -> None:
        """Write the cache file atomically, then keep the folder under its size cap.

        Any failure (a read-only or full disk) is silent: the cache is an optimisation.
        """
        try:
            key = self._key(create=True)
            if key is None:
                return
            search = texts.joined(search_text.texts_of(dataset))
            with paused_gc():
                numbers, strings = codec.encode(dataset)
            header = json.dumps(
                {
                    "format": FORMAT,
                    "made_by": made_by(),
                    "source": source,
                    "numbers": len(numbers),
                    "strings": len(strings),
                    "texts": len(search),
                    "texts_sha256": hashlib.sha256(search).hexdigest(),
                }
            ).encode("utf-8")
            length = LENGTH.pack(len(header))
            mac = hmac.new(key, length + header, hashlib.sha256)
            mac.update(numbers)
            mac.update(strings)  # the texts are signed by their digest in the header
            parts = (MAGIC, length, header, mac.digest(), numbers, strings, search)
            if sum(map(len, parts)) > self.max_bytes:
                return
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
            self._evict(keep=entry)
        except (OSError, ValueError):
            return

    def _key(self, *, create: bool) -> bytes | None:
        """The secret that signs this user's cache files, made on first use (mode 0600)."""
        path = self.folder / KEY_NAME
        try:
            with open(path, "rb") as handle:
                key = handle.read()
            return key if len(key) == 32 else None
        except FileNotFoundError:
            if not create:
                return None
        except OSError:
            return None
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            key = secrets.token_bytes(32)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another claimline made it just now
            return self._key(create=False)
        except OSError:
            return None
        with os.fdopen(descriptor, "wb") as out:
            out.write(key)
        return key

    # -- size --------------------------------------------------------------------------------

    def entries(self) -> list[Path]:
        """The cache files, least recently used first."""
        try:
            found = [path for path in self.folder.iterdir() if path.suffix == SUFFIX]
        except OSError:
            return []
        stamped = []
        for path in found:
            with contextlib.suppress(OSError):
                stat = path.stat()
                stamped.append((stat.st_mtime_ns, stat.st_size, path))
        return [path for _, _, path in sorted(stamped)]

    def size(self) -> int:
        """Bytes the cache files take."""
        total = 0
        for path in self.entries():
            with contextlib.suppress(OSError):
                total += path.stat().st_size
        return total

    def _evict(self, keep: Path) -> None:
        """Remove the least recently used files until the cache fits its cap, and the
        half-written files of writes cut short (see `_remove_strays`)."""
        self._remove_strays()
        total = self.size()
        for path in self.entries():
            if total <= self.max_bytes:
                break
            if path == keep:
                continue
            with contextlib.suppress(OSError):
                size = path.stat().st_size
                path.unlink()
                total -= size

    def _remove_strays(self) -> None:
        """Remove temporary files older than `STRAY_AFTER_SECONDS`: what a write left
        when claimline was closed while it wrote (the worker dies with the process, and
        a 100,000-claim entry takes seconds to write). A younger one may be another
        claimline's write in progress, so it is left."""
        oldest = time.time() - STRAY_AFTER_SECONDS
        with contextlib.suppress(OSError):
            for stray in self.folder.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    if stray.stat().st_mtime < oldest:
                        stray.unlink()

    def clear(self) -> int:
        """Remove every cache file (and the key, so a new one signs what comes next).

        Return the number of bytes freed.
        """
        freed = 0
        for path in [*self.entries(), self.folder / KEY_NAME]:
            with contextlib.suppress(OSError):
                size = path.stat().st_size
                path.unlink()
                freed += size
        with contextlib.suppress(OSError):
            for stray in self.folder.glob(".*.tmp"):
                stray.unlink()
        return freed


__all__ = ["DatasetCache", "Opened", "default_folder"]
