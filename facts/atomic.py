"""Write a file all at once or not at all: every file claimline writes goes through here.

The text goes to a temporary file in the destination folder, is flushed to disk, and is
then renamed over the destination. A crash, a full disk or a refused permission leaves
either the old file or no file, never half a file, and never a stray temporary file.
An existing file is replaced only when the caller says so (`force=True`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

_TEMP_PREFIX = ".claimline-"
_TEMP_SUFFIX = ".tmp"


class ExportError(Exception):
    """A file could not be written; the message names the path and what to do."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class OutputExistsError(ExportError):
    """The destination exists and the caller did not ask to overwrite it."""


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, force: bool = False) -> Path:
    """Write `data` (text is encoded as UTF-8) to `path` atomically; return the path written.

    Raise OutputExistsError when `path` exists and `force` is false, and ExportError for a
    folder that is missing or not writable, a full disk or any other failure to write.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    with atomic_file(path, force=force) as (out, target):
        out.write(payload)
    return target


@contextlib.contextmanager
def atomic_file(
    path: str | os.PathLike[str], *, force: bool = False
) -> Iterator[tuple[_Output, Path]]:
    """A binary file to write in steps, put in place at `path` only when the block ends
    without an error (an export of 100,000 claims need not be held in memory whole).

    Yield the file and the destination; raise as `write_atomic` does. An error in the
    block removes the temporary file and propagates.
    """
    target = Path(path).expanduser()
    _check_destination(target, force)
    folder = target.parent
    try:
        handle, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=folder)
    except OSError as error:
        raise ExportError(
            f"cannot write in the folder {folder}: {_reason(error)}; choose another folder",
            target,
        ) from None
    temp = Path(temp_name)
    try:
        try:
            out = _Output(handle)
            yield out, target
            out.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(handle, 0o666 & ~_umask())
            os.fsync(handle)
        finally:
            os.close(handle)
        _move_into_place(temp, target, force)
    except OutputExistsError:
        _remove(temp)
        raise
    except OSError as error:
        _remove(temp)
        raise ExportError(
            f"cannot write {target}: {_reason(error)}; {_advice(error)}", target
        ) from None
    except BaseException:
        _remove(temp)
        raise
    _sync_folder(folder)


class _Output:
    """Bytes gathered into writes of about a megabyte each (a claim is a few hundred)."""

    _CHUNK = 1 << 20

    def __init__(self, handle: int) -> None:
        self._handle = handle
        self._parts: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        self._parts.append(data)
        self._size += len(data)
        if self._size >= self._CHUNK:
            self.flush()

    def flush(self) -> None:
        payload = b"".join(self._parts)
        self._parts.clear()
        self._size = 0
        view = memoryview(payload)
        while view:
            written = os.write(self._handle, view)
            view = view[written:]


def _check_destination(target: Path, force: bool) -> None:
    folder = target.parent
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name inside it", target)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise ExportError(
            f"cannot write {target}: the folder {folder} {what}; "
            "create it first or choose another path",
            target,
        )
    if target.exists() and not force:
        raise _exists(target)


def _exists(target: Path) -> OutputExistsError:
    return OutputExistsError(
        f"{target} already exists; use --force to overwrite it or choose another file name",
        target,
    )


def _move_into_place(temp: Path, target: Path, force: bool) -> None:
    """Rename the finished temporary file to `target`.

    Without `force`, a hard link puts the file in place only if nothing is there, so a
    file that appeared since the first check is still not overwritten. File systems
    without hard links fall back to a check and a rename.
    """
    if force:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError as error:
        if error.errno not in (
            errno.EPERM,
            errno.ENOTSUP,
            errno.EOPNOTSUPP,
            errno.EXDEV,
            errno.EMLINK,
            errno.ENOSYS,
            errno.EACCES,
        ):
            raise
        if target.exists():
            raise _exists(target) from None
        os.replace(temp, target)
        return
    _remove(temp)


def _remove(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _umask() -> int:
    """The process umask, so a new file gets the permissions any other new file would.

    mkstemp creates files readable by their owner only; an export is meant to be shared.
    Linux reports the umask in /proc without changing it; elsewhere it is read by setting
    and restoring it.
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    if error.errno == errno.EDQUOT:
        return "the disk quota is exceeded"
    return error.strerror or str(error)


def _advice(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some space or choose another disk; nothing was written"
    return "choose another path; nothing was written"
