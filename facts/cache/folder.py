"""claimline's cache folder: the key that signs its files, their size, and its cap.

The part of the dataset cache that keeps the folder (`store.py` reads and writes the
entries): the key made on first use, readable by the user alone; the least recently
used entries removed when the folder passes its cap; writes cut short cleared away.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

from facts.cache.entry import (
    HEAD_SUFFIX,
    KEY_NAME,
    SUFFIX,
    dataset_path,
    default_folder,
    head_path,
    read_key,
)

# A temporary file untouched this long is a write that was cut short, never finished.
STRAY_AFTER_SECONDS = 600
DEFAULT_MAX_BYTES = 2 * 1024**3  # the size cap: least recently used files go first


class CacheFolder:
    """The folder of cache files, its key and its size cap."""

    def __init__(self, folder: Path | None, max_bytes: int) -> None:
        self.folder = default_folder() if folder is None else Path(folder)
        self.max_bytes = max_bytes

    def _key(self, *, create: bool) -> bytes | None:
        """The secret that signs this user's cache files, made on first use (mode 0600)."""
        path = self.folder / KEY_NAME
        if not create or path.exists():
            return read_key(self.folder)
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

    def dataset_count(self) -> int:
        """How many datasets are cached (a dataset's head is part of its entry)."""
        return sum(not path.name.endswith(HEAD_SUFFIX) for path in self.entries())

    def size(self) -> int:
        """Bytes the cache files take."""
        total = 0
        for path in self.entries():
            with contextlib.suppress(OSError):
                total += path.stat().st_size
        return total

    def _evict(self, keep: set[Path]) -> None:
        """Remove the least recently used files until the cache fits its cap, and the
        half-written files of writes cut short (see `_remove_strays`)."""
        self._remove_strays()
        total = self.size()
        for path in self.entries():
            if total <= self.max_bytes:
                break
            if path in keep:
                continue
            # A dataset's head goes with it, and only with it: a head alone would show
            # rows, then wait for a full load; a dataset without its head, open slowly.
            if not path.name.endswith(HEAD_SUFFIX):
                gone = [path, head_path(path)]
            elif dataset_path(path).exists():
                continue
            else:
                gone = [path]
            for doomed in gone:
                with contextlib.suppress(OSError):
                    size = doomed.stat().st_size
                    doomed.unlink()
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
