"""The SQLite store's file: refused before a byte is written when it can't be a store.

A store that cannot be used is never overwritten, reset or "repaired" — the file may
hold the only copy of someone's work — so everything SQLite would open anyway, or fail
on obscurely, is checked here first and refused with a message naming the file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from facts.store.errors import StoreError
from facts.store.sqlite_errors import damaged

_HEADER = b"SQLite format 3\x00"


def check_file(path: Path, read_only: bool) -> None:
    """Refuse a folder, a file that is not SQLite, or a place that can't be written."""
    if path.is_dir():
        raise StoreError(
            f"The review store {path} is a folder, not a file; it was left untouched. "
            "Pass --reviews with a file name.",
            path,
            "damaged",
        )
    if read_only:
        if not path.exists():
            raise StoreError(f"There is no review store at {path}; check the path.", path, "io")
        check_header(path)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"claimline can't save verdicts in {path}: the folder {path.parent} can't be "
            f"created ({error.strerror or error}). Pass --reviews with a file in a "
            "folder you can write to.",
            path,
            "readonly",
        ) from error
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(
            f"claimline can't save verdicts in {path}: the folder {path.parent} is not "
            "writable (the store needs to create files beside it). Pass --reviews with "
            "a file in a folder you can write to.",
            path,
            "readonly",
        )
    if check_header(path) and not os.access(path, os.W_OK):
        raise StoreError(
            f"claimline can't save verdicts in {path}: the file is read-only. Make it "
            "writable or pass --reviews with another file.",
            path,
            "readonly",
        )


def check_header(path: Path) -> bool:
    """Refuse a file that is not SQLite; False when there is no file yet."""
    try:
        with path.open("rb") as file:
            header = file.read(len(_HEADER))
    except FileNotFoundError:
        return False
    except OSError as error:
        raise StoreError(
            f"The review store {path} can't be read ({error.strerror or error}); it "
            "was left untouched. Check its permissions or pass --reviews with another file.",
            path,
            "io",
        ) from error
    if header and header != _HEADER:
        raise damaged(path, "it is not an SQLite database")
    return True


def connect(path: Path, busy_timeout: float, read_only: bool) -> sqlite3.Connection:
    """A connection with explicit transactions, shareable between threads (callers lock)."""
    if not read_only:
        return _connect(str(path), busy_timeout)
    # Nothing is written, not even SQLite's -shm file: with no -wal file, the main file
    # holds every verdict and is read as it is; a -wal file means a claimline has it
    # open (or was stopped), and SQLite reads the two together through the -shm file.
    uri = f"file:{quote(str(path))}?mode=ro"
    wal = Path(f"{path}-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        return _connect(f"{uri}&immutable=1", busy_timeout, uri=True)
    conn = _connect(uri, busy_timeout, uri=True)
    try:
        conn.execute("PRAGMA application_id")
    except sqlite3.OperationalError as error:
        conn.close()
        raise StoreError(
            f"The review store {path} can't be read here: its newest verdicts "
            f"are in {wal.name} (it was copied or left while a claimline had it "
            "open), and the folder is read-only. Open it once where it can be "
            "written, or copy it with its -wal file to a writable folder.",
            path,
            "readonly",
        ) from error
    return conn


def _connect(database: str, busy_timeout: float, uri: bool = False) -> sqlite3.Connection:
    return sqlite3.connect(
        database,
        timeout=busy_timeout,
        isolation_level=None,  # transactions are explicit: BEGIN IMMEDIATE … COMMIT
        check_same_thread=False,  # the store's lock serialises threads
        uri=uri,
    )


def file_id(path: Path) -> tuple[int, int] | None:
    """(device, inode): which file the path names now, to notice it being replaced."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino
