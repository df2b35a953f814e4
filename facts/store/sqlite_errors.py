"""What an SQLite error means for the person whose verdicts are in the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from facts.store.errors import StoreError


def damaged(path: Path, detail: str) -> StoreError:
    return StoreError(
        f"The review store {path} is not a claimline review store or is damaged "
        f"({detail}); it was left untouched. Move it aside or pass --reviews with "
        "another file.",
        path,
        "damaged",
    )


def translate(error: sqlite3.Error, path: Path, unsaved: str) -> StoreError:
    """The StoreError saying what went wrong, what was not saved and what to do."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == sqlite3.SQLITE_FULL:
        return StoreError(
            f"The disk holding the review store {path} is full; {unsaved}. Free space "
            "and try again.",
            path,
            "full",
        )
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(
            f"The review store {path} is busy (another claimline is writing); {unsaved}. "
            "Try again.",
            path,
            "busy",
        )
    if primary == sqlite3.SQLITE_READONLY:
        return StoreError(
            f"claimline can't save verdicts in {path}: it is read-only ({error}); "
            f"{unsaved}. Make it writable or pass --reviews with another file.",
            path,
            "readonly",
        )
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return damaged(path, str(error))
    if primary in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
        return StoreError(
            f"claimline can't open the review store {path} ({error}); {unsaved}. Check "
            "that its folder exists and is writable, or pass --reviews with another file.",
            path,
            "readonly",
        )
    return StoreError(
        f"The review store {path} could not be used ({error}); {unsaved}. Check the "
        "disk and try again; the file was not reset.",
        path,
        "io",
    )


def os_failure(error: OSError, path: Path, unsaved: str) -> StoreError:
    return StoreError(
        f"The review store {path} could not be used ({error.strerror or error}); "
        f"{unsaved}. Check the disk and try again.",
        path,
        "io",
    )
