"""The review store: every reviewer's verdicts and notes, committed as made, never lost.

A store is an SQLite file (the default: one person, or a team sharing a folder on one
machine) or a PostgreSQL database (a team on several machines). Both keep the same
tables and follow the same rules (`changes`); `open_store` picks the backend from where
the store is. Every failure is a `StoreError` naming the file or the server.

The names below are imported on first use (PEP 562): the command line asks where the
store is (`facts.store.locations`) for its help before the app's first frame, and that
must not import the backends and the models with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facts.lazy import lazy_names

if TYPE_CHECKING:
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

_HOMES = {
    "SCHEMA_VERSION": "facts.store.sqlite_schema",
    "Change": "facts.store.records",
    "Reason": "facts.store.errors",
    "ReviewStore": "facts.store.sqlite",
    "Store": "facts.store.protocol",
    "StoreError": "facts.store.errors",
    "TeamReview": "facts.store.records",
    "TeamStatus": "facts.store.records",
    "Verdict": "facts.verdicts",
    "class_store_path": "facts.store.locations",
    "default_reviewer": "facts.store.locations",
    "default_store_path": "facts.store.locations",
    "is_server_url": "facts.store.locations",
    "open_store": "facts.store.locations",
}

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


__getattr__ = lazy_names(globals(), _HOMES)
