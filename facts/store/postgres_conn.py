"""A psycopg connection as the PostgreSQL store uses it: the small mechanics under
`postgres.PostgresStore` (statements written with `?`, values PostgreSQL's text can hold,
BEGIN with a first statement in one trip, a whole transaction in one trip, a look at the
socket, a rollback that can't fail, the server process behind a connection).
"""

from __future__ import annotations

import select
import time
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import datetime
from typing import NamedTuple

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


def pipelined(
    conn: psycopg.Connection, statements: Sequence[tuple[str, Sequence[object]]]
) -> list[list[tuple[object, ...]]]:
    """BEGIN, the statements, COMMIT, sent as one pipeline (one round trip); the rows of
    each statement."""
    with conn.pipeline():  # sent together; the results come back at the end
        conn.execute("BEGIN")
        cursors = [
            conn.execute(sql.replace("?", "%s"), values(params) or None)
            for sql, params in statements
        ]
        conn.execute("COMMIT")
    return [cursor.fetchall() if cursor.description else [] for cursor in cursors]


class Process(NamedTuple):
    """The server process serving a connection: its pid, and when it began (a pid is used
    again once its process is gone; the two together name one process)."""

    pid: int
    started: datetime


def process_of(conn: psycopg.Connection) -> Process:
    row = conn.execute(
        "SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()"
    ).fetchone()
    assert row is not None  # a session always sees its own row
    return Process(conn.info.backend_pid, row[0])


def end_process(conn: psycopg.Connection, process: Process, seconds: float) -> bool:
    """Let the server process of a lost connection finish what it is doing (up to
    `seconds`), then end it and wait until it is gone (as long again); True once it is
    (or was already). From then on its transaction is final: committed, or never.

    Until then it may still be working through what it received (a COMMIT, or a wait on
    the reviewer's lock), or wait for more that a quiet network still holds (idle, or
    reading in the middle of a pipeline), and could commit after a look for its change
    found nothing. A role may end its own sessions' processes.
    """
    deadline = time.monotonic() + seconds
    while True:
        row = conn.execute(
            f"SELECT state, wait_event FROM pg_stat_activity WHERE {_THE_PROCESS}", process
        ).fetchone()
        if row is None:
            return True
        state, waiting_for = row
        if state != "active" or waiting_for == "ClientRead" or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    rows = conn.execute(
        f"SELECT pg_terminate_backend(pid, %s) FROM pg_stat_activity WHERE {_THE_PROCESS}",
        [int(seconds * 1000), *process],
    ).fetchall()
    return all(ended for (ended,) in rows)


_THE_PROCESS = "pid = %s AND backend_start = %s"


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
