"""A cache entry read ahead, in a thread started before the app's worker imports the models.

On a second open, reading the entry's dataset part (77 MB at 100,000 claims) and checking
its keyed checksum take about 0.1 s before the decode can start, and both let go of the
interpreter. The worker spends about as long importing the store, Pydantic and the
models first; `Prefetch.start` does the reading and checking in a plain thread beside
those imports, and `DatasetCache.open(…, prefetched=…)` takes what it found instead of
reading the entry itself. (Started when the command line is parsed, it also ran beside
Textual's imports, but slowed the first frame by 20 ms on two cores: not done.)

As soon as the entry's header names the file as it is (path, size, time), the file's
content is hashed, before the entry's body is read: the head of the timeline, shown
first (`head.py`), waits for that digest and nothing else of the read-ahead, and the
open uses it only if the file's identity (its change time too) is the same as when the
hashing began.

Only bytes whose checksum has been checked are kept, and nothing else is taken from the
thread: whether the entry is current for this claimline and was made from this file as it
is now (path, size, time, and the SHA-256 of its content, read and hashed beside the
decode) is decided by `DatasetCache`, as for an entry it reads itself.

This module imports nothing heavy (`facts.cache` imports its store on first use); the
thread imports what it needs.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from facts.cache.entry import ContentDigest, Signed

# Below this size a dataset loads in a few milliseconds: a cache would save nothing.
DEFAULT_MIN_SOURCE_BYTES = 256 * 1024


class Found(NamedTuple):
    """What the thread read: the entry's checked part, and where it was read from."""

    entry: Path
    signed: Signed


class Prefetch:
    """The read-ahead of one dataset file's cache entry, running or done."""

    def __init__(self, path: Path, folder: Path | None) -> None:
        self._found: Found | None = None
        # The source file's digest, begun as soon as the entry's header names the file
        # as it is, and the file's identity then (set, or not, when `_decided` is).
        self._content: tuple[tuple[int, ...], ContentDigest] | None = None
        self._decided = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(os.fspath(path), folder), name="claimline-prefetch", daemon=True
        )

    @classmethod
    def start(
        cls,
        path: Path,
        folder: Path | None = None,
        *,
        min_source_bytes: int = DEFAULT_MIN_SOURCE_BYTES,
    ) -> Prefetch:
        """Begin reading ahead the entry of `path` in the cache `folder` (None: the
        default folder); a file too small to be cached starts no thread."""
        prefetch = cls(path, folder)
        if _cacheable(path, min_source_bytes):
            prefetch._thread.start()
        return prefetch

    def content_for(self, stat: os.stat_result) -> ContentDigest | None:
        """The digest of the source file begun by the read-ahead, if the file is the same
        as when it began (`stat`: the file now; its change time moves on any write);
        else None. Waits only until the entry's header has been read."""
        from facts.cache.entry import file_identity

        if self._thread.ident is None:
            return None
        self._decided.wait()
        if self._content is None or self._content[0] != file_identity(stat):
            return None
        return self._content[1]

    def result(self) -> Found | None:
        """What was read ahead, once the thread is done (waiting for it); None when there
        was nothing to read or its checksum was wrong."""
        if self._thread.ident is not None:  # started
            self._thread.join()
        return self._found

    def _run(self, name: str, folder: Path | None) -> None:
        import struct

        from facts.cache.entry import (
            ContentDigest,
            default_folder,
            entry_path,
            file_identity,
            read_header,
            read_key,
            read_signed,
            source_of,
        )

        try:
            stat = os.stat(name)
            folder = default_folder() if folder is None else folder
            real_path = os.path.realpath(name)
            entry = entry_path(folder, real_path)
            with open(entry, "rb") as handle:
                head = read_header(handle)
                source = source_of(real_path, stat)
                if (
                    head is None
                    or head[1]["kind"] != "dataset"
                    or any(head[1]["source"].get(field) != value for field, value in source.items())
                ):
                    return  # no entry of this file as it is: not worth reading
                # The entry's head, shown first, waits for this digest only; the body is
                # read after it, since on two cores reading and checking the body beside
                # the hashing slowed the head (0.27 s into the worker, against 0.20).
                content = ContentDigest(name, stat.st_size)
                content.start()
                self._content = (file_identity(stat), content)
                self._decided.set()
                content.value()
                signed = read_signed(handle, *head, read_key(folder))
            if signed is not None:
                self._found = Found(entry, signed)
        except (OSError, struct.error, ValueError, OverflowError, MemoryError):
            return  # the worker opens the file as if nothing was read ahead
        finally:
            self._decided.set()


def _cacheable(path: Path, min_source_bytes: int) -> bool:
    """Whether `path` is a regular file large enough to have a cache entry."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return S_ISREG(stat.st_mode) and stat.st_size >= min_source_bytes


__all__ = ["DEFAULT_MIN_SOURCE_BYTES", "Found", "Prefetch"]
