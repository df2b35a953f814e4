"""A psycopg connection as the PostgreSQL store uses it: the small mechanics under
`postgres.PostgresStore` (statements written with `?`, values PostgreSQL's text can hold,
BEGIN with a first statement in one trip, a look at the socket, a rollback that can't fail).
"""

from __future__ import annotations

import select
from collections.abc import Iterable, Sequence
from contextlib import suppress

import psycopg


class PgTx:
    """A transaction (or a read) on the store's connection: `backend.Tx` for PostgreSQL."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        cursor = self._conn.execute(sql.replace("?", "%s"), values(params) or None)
        return cursor.fetchall() if cursor.description else []

    def many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        with self._conn.cursor() as cursor:  # psycopg sends the batch as one pipeline
            cursor.executemany(sql.replace("?", "%s"), [values(row) for row in rows])


LOCK = "SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(?, 0))"
"""Changes by one reviewer in one dataset wait for each other; different reviewers never
wait (the key comes from `lock_key`)."""


def lock_key(dataset_id: str, reviewer: str) -> str:
    return f"{dataset_id}\x1f{reviewer}"


def values(params: Sequence[object]) -> list[object]:
    """Parameters as PostgreSQL takes them: its text can't hold NUL, a control character
    that is never shown anyway (and a file store may hold one)."""
    return [v.replace("\x00", "") if isinstance(v, str) else v for v in params]


def begin(conn: psycopg.Connection, first: tuple[str, list[object]] | None) -> None:
    with conn.pipeline():
        conn.execute("BEGIN")
        if first is not None:
            conn.execute(first[0].replace("?", "%s"), values(first[1]))


def readable(conn: psycopg.Connection) -> bool:
    """Whether anything (a closing notice, the end of the stream) waits on the socket."""
    try:
        ready, _, _ = select.select([conn.fileno()], [], [], 0)
    except (OSError, ValueError, psycopg.Error):
        return True
    return bool(ready)


def roll_back(conn: psycopg.Connection) -> None:
    """Roll back what the failed change did; on a lost connection there is nothing to do."""
    if not conn.broken and not conn.closed:
        with suppress(psycopg.Error):
            conn.execute("ROLLBACK")
