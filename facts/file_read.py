"""Reading a dataset file's bytes, and what can be said about it before parsing.

Kept apart from `facts.load` so that the command line can refuse a missing, folder or
oversized file before the app's first frame without importing the parser and the models
(Pydantic alone is a third of a bare Textual app's start-up).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import BinaryIO

from facts.errors import DatasetError, Problem

MAX_BYTES = 200 * 1024 * 1024

# How a read reports how far it is: bytes read so far, bytes in all (0: not known).
ReadProgress = Callable[[int, int], None]
_CHUNK = 8 * 1024 * 1024


def read_file(
    name: str, max_bytes: int = MAX_BYTES, progress: ReadProgress | None = None
) -> tuple[bytes, os.stat_result]:
    """The bytes of a dataset file, with its `os.stat` from before reading; raise
    DatasetError when it is missing, a folder, unreadable or over `max_bytes`.

    `progress(done, total)` is called as the file is read, a few megabytes at a time, for
    a progress bar (from the calling thread).
    """
    stat = check_file(name, max_bytes)
    try:
        with open(name, "rb") as handle:
            # Read what the file holds, not a buffer of the largest size allowed: Python
            # allocates the whole buffer first (200 MB for a 10 MB file).
            want = max_bytes + 1 if stat.st_size <= 0 else min(stat.st_size, max_bytes) + 1
            data = handle.read(want) if progress is None else _read_in_steps(handle, want, progress)
            if len(data) == want and want <= max_bytes:  # it grew since: read on to the limit
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as error:
        raise _fail(name, f"cannot read it: {error.strerror}; check its permissions") from None
    if len(data) > max_bytes:  # a pipe or device has no size to check beforehand
        raise _fail(name, _too_big(max_bytes))
    return data, stat


def check_file(name: str, max_bytes: int = MAX_BYTES) -> os.stat_result:
    """The file's `os.stat`, or DatasetError when it is missing, a folder or too big: what
    can be said before reading it (the app says it before its first frame)."""
    try:
        stat = os.stat(name)
    except FileNotFoundError:
        raise _fail(
            name, "no such file; check the path (`claimline datasets` lists the bundled ones)"
        ) from None
    except OSError as error:
        raise _fail(name, f"cannot read it: {error.strerror}") from None
    if os.path.isdir(name):
        raise _fail(name, "this is a folder; give the path of a .yaml or .json dataset file in it")
    if stat.st_size > max_bytes:
        raise _fail(name, _too_big(max_bytes))
    return stat


def _fail(name: str, message: str) -> DatasetError:
    return DatasetError(name, [Problem(name, message)])


def _too_big(max_bytes: int) -> str:
    return (
        f"the file is larger than {_size(max_bytes)}, the limit for a dataset; "
        "split it into several datasets"
    )


def _read_in_steps(handle: BinaryIO, want: int, progress: ReadProgress) -> bytes:
    parts: list[bytes] = []
    done = 0
    total = want - 1
    while done < want:
        part = handle.read(min(_CHUNK, want - done))
        if not part:
            break
        parts.append(part)
        done += len(part)
        progress(min(done, total), total)
    return b"".join(parts)


def _size(count: int) -> str:
    return f"{count / 2**20:g} MB" if count >= 2**20 else f"{count:,} bytes"
