"""The review store on a PostgreSQL server, for a team on several machines (psycopg 3).

The same tables and rules as the SQLite file (`changes`), in the database's `claimline`
schema (`postgres_schema`). Each change is one transaction, committed before the call
returns; changes by the same reviewer in the same dataset take an advisory lock first,
so two windows of one reviewer can't base a change on the same old state, while
different reviewers never wait for each other. A change is one round trip: BEGIN, the
lock, the change worked out in one statement (`change_sql`) and COMMIT go to the server
together as a pipeline.

A commit also sends a NOTIFY (a trigger on the history sends it, naming the connection
that made the change): every other open claimline LISTENs on a second connection and
learns of a colleague's verdict at once (`changed_by_others`, `wait_for_change`),
without polling the tables.

The server may go away at any time. A call that fails raises `StoreError` naming the
server (never the password) and saying what was not saved; the next call reconnects, and
a connection found dead before anything was sent (the server's farewell waits on its
socket) is replaced at once, so a restart of the server between two verdicts costs
nothing.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import NoReturn

import psycopg

from facts.store import change_sql
from facts.store import postgres_schema as schema
from facts.store.backend import Tx
from facts.store.change_sql import Plan
from facts.store.changes import SharedStore
from facts.store.errors import StoreError
from facts.store.postgres_conn import LOCK, PgTx, begin, lock_key, readable, roll_back, values
from facts.store.postgres_errors import connect_failure, failure
from facts.store.postgres_url import password, redacted
from facts.store.records import HISTORY_COLUMNS, now

CHANNEL = "claimline"
"""The NOTIFY channel every claimline on the database listens to."""

_GLANCE = 0.001
"""Seconds a look for NOTIFYs waits at least: with no wait at all, libpq does not read the
socket, and a server that went away would go unnoticed until the next look."""

CONNECT_TIMEOUT = 5
"""Seconds to wait for the server before saying it can't be reached."""


class PostgresStore(SharedStore):
    """Every reviewer's verdicts and notes on every dataset, in a PostgreSQL database."""

    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], str] = now,
        read_only: bool = False,
        create_beside_other_tables: bool = False,
    ) -> None:
        """Connect to the server, check the store's schema, create or migrate it as needed.

        An empty database gets the schema at once (as a new SQLite file does); a database
        that holds other tables but no claimline store is refused unless
        `create_beside_other_tables` (what `claimline store init` asks for on purpose).
        """
        self.url = url
        self._where = redacted(url)
        self._secret = password(url)
        self._clock = clock
        self._read_only = read_only
        self._token = uuid.uuid4().hex
        self._lock = threading.RLock()
        self._listen_lock = threading.Lock()
        self._closed = False
        self._conn: psycopg.Connection | None = None
        self._listener: psycopg.Connection | None = None
        self._conn = self._connect()
        try:
            self._open_schema(create_beside_other_tables)
            self._listener = self._listen()
        except BaseException:
            self.close()
            raise

    @property
    def where(self) -> str:
        """What messages call this store: its URL without the password."""
        return self._where

    def changed_by_others(self) -> bool:
        """Whether another claimline committed since the last call; never blocks.

        Reads the NOTIFYs already on the listening connection's socket (no query). A
        reconnection counts as a change: what happened while away is unknown. While a
        worker is inside `wait_for_change`, this says False and the worker reports it.
        """
        if not self._listen_lock.acquire(blocking=False):
            self._check_open()
            return False
        try:
            return self._notified(0.0)
        finally:
            self._listen_lock.release()

    def wait_for_change(self, timeout: float) -> bool:
        """Block up to `timeout` seconds for another claimline's commit; True if one came."""
        with self._listen_lock:
            return self._notified(timeout)

    def close(self) -> None:
        """Close both connections; every change is already committed, so nothing is lost."""
        self._closed = True
        for conn in (self._conn, self._listener):
            if conn is not None:
                with suppress(psycopg.Error):
                    conn.close()
        self._conn = self._listener = None

    def __repr__(self) -> str:
        return f"PostgresStore({self._where!r})"

    # -- the backend's part of SharedStore ----------------------------------------------

    def _record(
        self,
        unsaved: str,
        dataset_id: str,
        reviewer: str,
        plan: Plan,
        *,
        wording: str | None = None,
        claim_id: str | None = None,
    ) -> tuple[tuple[object, ...] | None, tuple[object, ...] | None]:
        """One round trip: BEGIN, the reviewer's lock, the change as one statement (the
        history row, the current row and the wording, by data-modifying CTEs), the state
        read back, COMMIT, all sent at once as a pipeline. The statement's snapshot is
        taken after the lock is granted (READ COMMITTED), so it plans on the latest state."""
        parts = [
            f"h AS ({plan.insert()} RETURNING {HISTORY_COLUMNS})",
            f"now_current AS ({change_sql.current_from('h', 'true')})",
        ]
        params: list[object] = [*plan.params]
        if wording is not None:
            parts.append(f"kept_wording AS ({change_sql.wording_from('h', 'true')})")
            params.append(wording)
        statements: list[tuple[str, Sequence[object]]] = [
            (LOCK, [lock_key(dataset_id, reviewer)]),
            (f"WITH {', '.join(parts)} SELECT {HISTORY_COLUMNS} FROM h", params),
        ]
        if claim_id is not None:
            statements.append((change_sql.STATE, [dataset_id, claim_id, reviewer]))
        results = self._at_once(unsaved, statements)
        appended = results[1][0] if results[1] else None
        state = results[2][0] if claim_id is not None and results[2] else None
        return appended, state

    @contextmanager
    def _writing(self, unsaved: str, dataset_id: str, reviewer: str) -> Iterator[Tx]:
        """A transaction under the reviewer's lock in the dataset (what `_record` takes)."""
        with self._transaction(unsaved, (LOCK, [lock_key(dataset_id, reviewer)])) as tx:
            yield tx

    @contextmanager
    def _reading(self) -> Iterator[Tx]:
        with self._transaction("nothing was read") as tx:
            yield tx

    def _after_copy(self, tx: Tx) -> None:
        tx.rows(schema.RESTART_SEQ)

    def _fail_damaged(self, detail: str) -> NoReturn:
        raise StoreError(
            f"The database of the review store ({self._where}) is not a claimline review "
            f"store or is damaged ({detail}); it was left untouched. Pass --reviews with "
            "claimline's own database.",
            self._where,
            "damaged",
        )

    # -- connections --------------------------------------------------------------------

    def _connect(self, unsaved: str | None = None) -> psycopg.Connection:
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as error:
            raise connect_failure(error, self._where, self._secret, unsaved) from None
        try:
            conn.execute(f"SET search_path TO {schema.SCHEMA}")
            # Names this connection in the NOTIFYs its changes cause (see `changed_by_others`).
            conn.execute("SELECT set_config('claimline.client', %s, false)", [self._token])
            if self._read_only:
                conn.execute("SET default_transaction_read_only = on")
        except psycopg.Error as error:
            conn.close()
            raise connect_failure(error, self._where, self._secret) from None
        return conn

    def _listen(self) -> psycopg.Connection:
        conn = self._connect()
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            conn.close()
            raise connect_failure(error, self._where, self._secret) from None
        return conn

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(
                f"The review store ({self._where}) is closed; open it again.",
                self._where,
                "closed",
            )

    def _live(self, unsaved: str) -> psycopg.Connection:
        """The connection, replaced by a new one when the old one was lost.

        Looks without a round trip: the server only ever writes to this idle connection
        (it does not LISTEN) to say it is closing it, as on a restart or a terminated
        session, so anything waiting on its socket means it is gone.
        """
        self._check_open()
        conn = self._conn
        if conn is None or conn.closed or conn.broken or readable(conn):
            if conn is not None:
                with suppress(psycopg.Error):
                    conn.close()
            self._conn = None
            conn = self._conn = self._connect(unsaved)
        return conn

    def _at_once(
        self, unsaved: str, statements: Sequence[tuple[str, Sequence[object]]]
    ) -> list[list[tuple[object, ...]]]:
        """BEGIN, the statements, COMMIT, sent as one pipeline: one round trip to the server.

        The rows of each statement; a failure rolls everything back and says `unsaved`.
        """
        with self._lock:
            conn = self._live(unsaved)
            with self._all_or_nothing(conn, unsaved):
                with conn.pipeline():  # sent together; the results come back at the end
                    conn.execute("BEGIN")
                    cursors = [
                        conn.execute(sql.replace("?", "%s"), values(params) or None)
                        for sql, params in statements
                    ]
                    conn.execute("COMMIT")
                return [cursor.fetchall() if cursor.description else [] for cursor in cursors]

    @contextmanager
    def _all_or_nothing(self, conn: psycopg.Connection, unsaved: str) -> Iterator[None]:
        """Roll back whatever fails inside; a server's error becomes a `StoreError`."""
        try:
            yield
        except psycopg.Error as error:
            roll_back(conn)
            raise failure(error, self._where, unsaved, self._secret) from None
        except BaseException:
            roll_back(conn)
            raise

    @contextmanager
    def _transaction(
        self, unsaved: str, first: tuple[str, list[object]] | None = None
    ) -> Iterator[Tx]:
        """BEGIN (and the `first` statement, in the same round trip) … COMMIT.

        A connection found dead at BEGIN is replaced once: nothing was done on it yet.
        """
        with self._lock:
            conn = self._live(unsaved)
            try:
                begin(conn, first)
            except psycopg.OperationalError:
                with suppress(psycopg.Error):
                    conn.close()
                self._conn = None
                conn = self._live(unsaved)
                with self._all_or_nothing(conn, unsaved):
                    begin(conn, first)
            with self._all_or_nothing(conn, unsaved):
                yield PgTx(conn)
                conn.execute("COMMIT")

    def _notified(self, timeout: float) -> bool:
        """Whether a NOTIFY from another claimline arrives within `timeout` seconds."""
        self._check_open()
        listener = self._listener
        if listener is None or listener.closed or listener.broken:
            self._listener = None
            self._listener = self._listen()
            return True
        deadline = time.monotonic() + timeout
        try:
            changed = False
            while not changed and (left := deadline - time.monotonic()) > 0:
                for note in listener.notifies(timeout=left, stop_after=1):
                    changed = changed or not note.payload.startswith(self._token)
            # A last glance takes what else waits on the socket (reported by this answer)
            # and notices a server that went away.
            for note in listener.notifies(timeout=_GLANCE):
                changed = changed or not note.payload.startswith(self._token)
            if listener.broken or listener.closed:
                raise psycopg.OperationalError("the connection was lost")
            return changed
        except psycopg.Error:
            # Lost (the server restarted, or cut us off): listen again at once, or say
            # the server can't be reached. Whatever was sent meanwhile is unknown: refresh.
            with suppress(psycopg.Error):
                listener.close()
            self._listener = None
            self._listener = self._listen()
            return True

    # -- opening ------------------------------------------------------------------------

    def _open_schema(self, beside_other_tables: bool) -> None:
        """Check that the database holds a sound claimline store; create or migrate it."""
        with self._reading() as tx:
            version = self._version(tx, beside_other_tables, decide=False)
        if version == schema.SCHEMA_VERSION:
            return
        # Another claimline may be creating the store this very moment: decide under the
        # lock every creator takes, when what it did is either all visible or not begun.
        with self._transaction("the store's schema was NOT created or updated") as tx:
            tx.rows("SELECT 1 FROM pg_advisory_xact_lock(?)", (schema.MIGRATION_LOCK,))
            version = self._version(tx, beside_other_tables)
            if version == schema.SCHEMA_VERSION:
                return
            if self._read_only and version == 0:
                raise StoreError(
                    f"The database of the review store ({self._where}) holds no claimline "
                    "store yet: nothing was read. Create one with: claimline store init URL",
                    self._where,
                    "missing",
                )
            if self._read_only:
                self._fail_damaged(f"it is at store version {version} and opened read-only")
            for step in range(max(version + 1, schema.FIRST_VERSION), schema.SCHEMA_VERSION + 1):
                for statement in schema.MIGRATIONS[step]:
                    tx.rows(statement)
            tx.rows(schema.SET_VERSION, (str(schema.SCHEMA_VERSION),))

    def _version(self, tx: Tx, beside_other_tables: bool, decide: bool = True) -> int:
        """The store's version; 0 for a database a store may be created in (or, unless
        `decide`, for any database without one yet)."""
        if not tx.rows(schema.HAS_META)[0][0]:
            (tables,) = tx.rows(schema.USER_TABLES)[0]
            if decide and tables and not beside_other_tables:
                self._fail_damaged(
                    "it holds other tables and no claimline store; to add one to this "
                    "database on purpose, run: claimline store init URL"
                )
            return 0
        application, version = tx.rows(schema.IDENTITY_QUERY)[0]
        if application != schema.APPLICATION:
            self._fail_damaged(f"its claimline schema belongs to {application!r}")
        if not isinstance(version, str) or not version.isdigit():
            self._fail_damaged(f"its store version {version!r} is unknown")
        if int(version) > schema.SCHEMA_VERSION:
            raise StoreError(
                f"The review store ({self._where}) was written by a newer claimline (store "
                f"version {version}; this claimline knows up to version "
                f"{schema.SCHEMA_VERSION}); it was left untouched. Upgrade claimline.",
                self._where,
                "newer",
            )
        return int(version)
