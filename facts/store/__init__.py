"""The review store: every reviewer's verdicts and notes, committed as made, never lost.

A store is an SQLite file (the default: one person, or a team sharing a folder on one
machine) or a PostgreSQL database (a team on several machines). Both keep the same
tables and follow the same rules (`changes`); `open_store` picks the backend from where
the store is. Every failure is a `StoreError` naming the file or the server.
"""

from __future__ import annotations

from facts.store.errors import Reason, StoreError
from facts.store.locations import (
    class_store_path,
    default_reviewer,
    default_store_path,
    is_server_url,
    open_store,
)
from facts.store.protocol import Store
from facts.store.records import Change, TeamReview, TeamStatus
from facts.store.sqlite import ReviewStore
from facts.store.sqlite_schema import SCHEMA_VERSION
from facts.verdicts import Verdict

__all__ = [
    "SCHEMA_VERSION",
    "Change",
    "Reason",
    "ReviewStore",
    "Store",
    "StoreError",
    "TeamReview",
    "TeamStatus",
    "Verdict",
    "class_store_path",
    "default_reviewer",
    "default_store_path",
    "is_server_url",
    "open_store",
]
