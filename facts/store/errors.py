"""The one error a review store raises, whichever backend holds the verdicts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

Reason = Literal[
    "damaged",  # not a claimline store, or a damaged one: left untouched
    "newer",  # written by a newer claimline
    "readonly",  # can't be written (file modes, a read-only disk, no privilege on the server)
    "busy",  # another writer holds the lock: try again
    "full",  # the disk is full
    "io",  # anything else the disk or the server says
    "closed",  # used after close()
    "moved",  # the file was deleted or replaced while open
    "down",  # the server can't be reached (down, restarting, connection lost)
    "unknown",  # the connection was lost as a change was committed: it may be saved
    "auth",  # the server refused the user name or password
    "missing",  # the server has no such database
    "missing-driver",  # a PostgreSQL URL, but psycopg is not installed
]


class StoreError(Exception):
    """A store that cannot be used; str() names the file or server and says what to do.

    `reason` lets the interface react without parsing the message (offer a retry when
    the store is `busy` or the server `down`, for instance). `where` is what the message
    names: the file's path, or the server and database with no password in it. `path` is
    the file for an SQLite store and None for a server.
    """

    where: str
    path: Path | None
    reason: Reason

    def __init__(self, message: str, path: str | os.PathLike[str], reason: Reason = "io") -> None:
        """`path`: the file, or the server's URL without its password."""
        super().__init__(message)
        is_file = not (isinstance(path, str) and "://" in path)
        self.where = str(path)
        self.path = Path(path) if is_file else None
        self.reason = reason
