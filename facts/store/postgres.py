"""The review store on a PostgreSQL server, for a team on several machines (psycopg 3).

The same tables and rules as the SQLite file (`changes`), in the database's `claimline`
schema (`postgres_schema`). Each change is one transaction, committed before the call
returns; changes by the same reviewer in the same dataset take an advisory lock first,
so two windows of one reviewer can't base a change on the same old state, while
different reviewers never wait for each other. A change is one round trip: BEGIN, the
lock, the change worked out in one statement (`change_sql`) and COMMIT go to the server
together as a pipeline.

A commit also sends a NOTIFY, naming the connection that made the change: every other
open claimline LISTENs on a second connection (`postgres_listen`) and learns of a
colleague's verdict at once, without polling the tables.

The server may go away at any time. A call that fails raises `StoreError` naming the
server (never the password) and saying what was not saved; the next call reconnects, and
a connection found dead before anything was sent (the server's farewell waits on its
socket) is replaced at once, so a restart of the server between two verdicts costs
nothing. A connection lost during a change's round trip may have delivered its COMMIT:
the store asks on a new connection whether the change is there (`_settle`), and says
it was saved, was NOT saved, or, when the server can't be asked, MAY have been saved.
"""

from __future__ import annotations

import threading
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
from facts.store.postgres_conn import (
    LOCK,
    PgTx,
    Process,
    begin,
    end_process,
    lock_key,
    pipelined,
    process_of,
    readable,
    roll_back,
)
from facts.store.postgres_errors import connect_failure, failure, maybe_saved
from facts.store.postgres_listen import CHANNEL, Listener
from facts.store.postgres_url import password, redacted
from facts.store.records import HISTORY_COLUMNS, now

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
        self._closed = False
        self._conn: psycopg.Connection | None = None
        self._process: Process | None = None  # the server process behind `_conn`
        self._listener: Listener | None = None
        try:
            self._live(None)
            self._open_schema(create_beside_other_tables)
            self._listener = Listener(self._listen, self._token, self._check_open)
        except BaseException:
            self.close()
            raise

    @property
    def where(self) -> str:
        """What messages call this store: its URL without the password."""
        return self._where

    def changed_by_others(self) -> bool:
        """Whether another claimline committed since the last call; never blocks (see
        `postgres_listen.Listener.changed`)."""
        self._check_open()
        assert self._listener is not None
        return self._listener.changed()

    def wait_for_change(self, timeout: float) -> bool:
        """Block up to `timeout` seconds for another claimline's commit; True if one came."""
        self._check_open()
        assert self._listener is not None
        return self._listener.wait(timeout)

    def close(self) -> None:
        """Close both connections; every change is already committed, so nothing is lost."""
        self._closed = True
        self._drop()
        if self._listener is not None:
            self._listener.close()
        self._listener = None

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
        maybe: str,
        wording: str | None = None,
        claim_id: str | None = None,
    ) -> tuple[tuple[object, ...] | None, tuple[object, ...] | None]:
        """One round trip: BEGIN, the reviewer's lock, the change as one statement (the
        history row, the current row and the wording, by data-modifying CTEs), the state
        read back, COMMIT, all sent at once as a pipeline. The statement's snapshot is
        taken after the lock is granted (READ COMMITTED), so it plans on the latest state.

        The history row carries a mark of its own (`change_id`), by which `_settle` finds
        the change when the connection is lost before the server's answer arrives."""
        mark = uuid.uuid4().hex
        parts = [
            f"h AS (INSERT INTO history ({change_sql.INSERTED}, change_id) SELECT planned.*, "
            f"CAST(? AS TEXT) FROM ({plan.sql}) AS planned RETURNING {HISTORY_COLUMNS})",
            f"now_current AS ({change_sql.current_from('h', 'true')})",
        ]
        params: list[object] = [mark, *plan.params]  # in the order the text has them
        if wording is not None:
            parts.append(f"kept_wording AS ({change_sql.wording_from('h', 'true')})")
            params.append(wording)
        lock = (LOCK, [lock_key(dataset_id, reviewer)])
        statements: list[tuple[str, Sequence[object]]] = [
            lock,
            (f"WITH {', '.join(parts)} SELECT {HISTORY_COLUMNS} FROM h", params),
        ]
        # The same rows, read back when the change is found to have been committed.
        found: list[tuple[str, Sequence[object]]] = [
            lock,
            (f"SELECT {HISTORY_COLUMNS} FROM history WHERE change_id = ?", [mark]),
        ]
        if claim_id is not None:
            statements.append((change_sql.STATE, [dataset_id, claim_id, reviewer]))
            found.append(statements[-1])
        results = self._at_once(unsaved, maybe, statements, found)
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

    def _live(self, unsaved: str | None) -> psycopg.Connection:
        """The connection, replaced by a new one when the old one was lost.

        Looks without a round trip: the server only ever writes to this idle connection
        (it does not LISTEN) to say it is closing it, as on a restart or a terminated
        session, so anything waiting on its socket means it is gone.
        """
        self._check_open()
        conn = self._conn
        if conn is None or conn.closed or conn.broken or readable(conn):
            self._drop()
            conn = self._connect(unsaved)
            try:
                self._process = process_of(conn)
            except psycopg.Error as error:
                conn.close()
                raise connect_failure(error, self._where, self._secret, unsaved) from None
            self._conn = conn
        return conn

    def _drop(self) -> None:
        """Forget the connection changes go through (it was lost)."""
        if self._conn is not None:
            with suppress(psycopg.Error):
                self._conn.close()
        self._conn = self._process = None

    def _at_once(
        self,
        unsaved: str,
        maybe: str,
        statements: Sequence[tuple[str, Sequence[object]]],
        found: Sequence[tuple[str, Sequence[object]]],
    ) -> list[list[tuple[object, ...]]]:
        """BEGIN, the statements, COMMIT, sent as one pipeline: one round trip to the server.

        The rows of each statement; a server's error rolls everything back and says
        `unsaved`. A connection lost on the way leaves it unknown whether the server
        committed: `_settle` finds out, reading `found` instead.
        """
        with self._lock:
            conn = self._live(unsaved)
            process = self._process
            assert process is not None  # `_live` learns it with the connection
            try:
                return pipelined(conn, statements)
            except psycopg.Error as error:
                roll_back(conn)
                if not conn.broken:
                    raise failure(error, self._where, unsaved, self._secret) from None
                lost = error
            except BaseException:
                roll_back(conn)
                raise
            return self._settle(unsaved, maybe, found, lost, process)

    def _settle(
        self,
        unsaved: str,
        maybe: str,
        found: Sequence[tuple[str, Sequence[object]]],
        lost: psycopg.Error,
        process: Process,
    ) -> list[list[tuple[object, ...]]]:
        """Whether a change whose connection was lost committed, asked on a new connection.

        The server may have received COMMIT and committed before the connection broke, so
        "NOT saved" could be false, and the reviewer's retry would record the change
        twice. Once the lost connection's server process is gone (`end_process`), its
        transaction is final, and the change's mark is in the history or never will be:
        found, the call succeeds with the rows `found` reads (the statement after the lock
        finds the mark); not found, it was NOT saved (true too of a change that had nothing
        to record, such as the same verdict again: doing it again does no harm). When the
        server can't be asked, the error says the change MAY have been saved.
        """
        self._drop()
        results = None
        try:
            conn = self._live(None)
            if end_process(conn, process, CONNECT_TIMEOUT):
                results = pipelined(conn, found)
        except (psycopg.Error, StoreError):
            if self._conn is not None:
                roll_back(self._conn)
        if results is None:
            raise maybe_saved(lost, self._where, maybe, self._secret)
        if not results[1]:
            raise failure(lost, self._where, unsaved, self._secret) from None
        return results

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
                self._drop()
                conn = self._live(unsaved)
                with self._all_or_nothing(conn, unsaved):
                    begin(conn, first)
            with self._all_or_nothing(conn, unsaved):
                yield PgTx(conn)
                conn.execute("COMMIT")

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
