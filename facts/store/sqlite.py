"""The review store in one SQLite file: every verdict and note, committed as made.

One file holds the reviews of every dataset, keyed by dataset id, in the tables described
in `changes`. Each change is its own transaction with `synchronous=FULL`: once a call
returns, the change is on disk, whatever happens to the process or the machine next.
Several claimline instances (several reviewers on one machine or one shared folder) can
use the file at once: WAL lets them read while one writes, and BEGIN IMMEDIATE makes
each change wait its turn.

A store that cannot be used is never overwritten, reset or "repaired" — the file may hold
the only copy of someone's work. Every failure becomes a `StoreError` that names the file
and says what to do; no raw `sqlite3` exception leaves this module.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NoReturn

from facts.store import change_sql, sqlite_files
from facts.store.backend import Tx
from facts.store.change_sql import Plan
from facts.store.changes import SharedStore
from facts.store.errors import StoreError
from facts.store.records import now
from facts.store.sqlite_errors import damaged, os_failure, translate
from facts.store.sqlite_schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

_POLL = 0.05
"""Seconds between looks at SQLite's data version while waiting for another writer."""


class _SqliteTx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        return self._conn.execute(sql, tuple(params)).fetchall()

    def many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        self._conn.executemany(sql, rows)


class ReviewStore(SharedStore):
    """Every reviewer's verdicts and notes on every dataset, in one SQLite file.

    Safe to share between threads (calls are serialised) and between processes (WAL and
    a busy timeout); `changed_by_others` tells when another process wrote.
    """

    path: Path

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = 5.0,
        clock: Callable[[], str] = now,
        read_only: bool = False,
    ) -> None:
        """Open the store at `path`, creating its folder and schema when it is new.

        A store written by an older claimline is brought to the current layout in one
        transaction, keeping every verdict, note and history row. Refuses (with
        `StoreError`) anything that is not a claimline store of a version this code
        knows, is damaged, or cannot be written — before writing a byte to it.
        `clock` gives each change its time (ISO 8601 UTC); screenshots and snapshot tests
        pass a fixed one so that what they show does not change from run to run.
        `read_only` is for reading verdicts (exports): an existing store is opened even on a
        read-only file or disk, nothing is ever written, and every change is refused.
        """
        self.path = Path(path).expanduser().absolute()
        self._clock = clock
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._file_id: tuple[int, int] | None = None
        self._read_only = read_only
        sqlite_files.check_file(self.path, read_only)
        try:
            self._conn = sqlite_files.connect(self.path, busy_timeout, read_only)
            self._open_schema()
            self._file_id = sqlite_files.file_id(self.path)
            self._conn.execute("PRAGMA synchronous = FULL")
            self._data_version = self._query_one("PRAGMA data_version")[0]
        except sqlite3.Error as error:
            self._abandon()
            raise translate(error, self.path, "nothing was changed") from error
        except StoreError:
            self._abandon()
            raise

    @property
    def where(self) -> str:
        """What messages call this store: its file."""
        return str(self.path)

    def changed_by_others(self) -> bool:
        """Whether another connection committed since the last call (or since opening).

        For "the store changed, refresh": cheap enough to poll (SQLite counts commits in
        memory it shares between connections), and blind to this store's own writes.
        """
        with self._lock, self._guard("nothing was read"):
            (version,) = self._query_one("PRAGMA data_version")
            changed = version != self._data_version
            self._data_version = version
            return changed

    def wait_for_change(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for another connection's commit; True if one came.

        For a worker thread that refreshes the screen: a file has no way to announce a
        commit, so this looks at the data version every 50 ms (a read of shared memory,
        not of the tables).
        """
        deadline = time.monotonic() + timeout
        while True:
            if self.changed_by_others():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(_POLL, left))

    def close(self) -> None:
        """Close the file; every change is already committed, so nothing is lost."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is None:
                return
            try:
                conn.close()
            except sqlite3.Error as error:
                raise translate(error, self.path, "every change made was already saved") from error

    def __repr__(self) -> str:
        return f"ReviewStore({str(self.path)!r})"

    # -- the backend's part of SharedStore ----------------------------------------------

    @contextmanager
    def _writing(self, unsaved: str, dataset_id: str, reviewer: str) -> Iterator[Tx]:
        """One change, one transaction: committed on success, rolled back on any error.

        BEGIN IMMEDIATE takes the write lock before reading the state the change is
        based on, so two processes can't both base a change on the same old state.
        """
        with self._lock, self._guard(unsaved):
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTx(conn)
                self._check_same_file(unsaved)
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    # The original error says more; SQLite also rolls back on close.
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")

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
        """The plan's statements one after another: in-process calls, no trips to save
        (and no answer to lose: a commit in this process is known to be made or not, so
        `maybe` is never said).

        The plan is read first and the row inserted only when there is one: a statement
        that inserts nothing still counts as a write to SQLite (AUTOINCREMENT's counter),
        and other instances would be told of a change that did not happen.
        """
        appended = state = None
        with self._writing(unsaved, dataset_id, reviewer):
            conn = self._connection()
            planned = conn.execute(plan.sql, tuple(plan.params)).fetchone()
            if planned is not None:
                marks = ", ".join("?" * len(planned))
                insert = f"INSERT INTO history ({change_sql.INSERTED}) VALUES ({marks})"
                seq = conn.execute(insert, planned).lastrowid
                conn.execute(change_sql.current_from("history AS h", "h.seq = ?"), (seq,))
                if wording is not None:
                    where = "h.seq = ?"
                    conn.execute(change_sql.wording_from("history AS h", where), (wording, seq))
                appended = (seq, *planned)
            if claim_id is not None:
                state = conn.execute(change_sql.STATE, (dataset_id, claim_id, reviewer)).fetchone()
        return appended, state

    @contextmanager
    def _reading(self) -> Iterator[Tx]:
        with self._lock, self._guard("nothing was read"):
            yield _SqliteTx(self._connection())

    def _after_copy(self, tx: Tx) -> None:
        """Nothing: AUTOINCREMENT goes on after the largest number inserted by itself."""

    def _fail_damaged(self, detail: str) -> NoReturn:
        raise damaged(self.path, detail)

    # -- opening ------------------------------------------------------------------------

    def _open_schema(self) -> None:
        """Check that the file is a sound claimline store, bring an older one up to date,
        or make a new file one."""
        application_id, version, tables = self._identity()
        if (application_id, version, tables) == (0, 0, 0) and self._read_only:
            self._fail_damaged("it is empty: no verdict was ever saved in it")
        if (application_id, version, tables) != (0, 0, 0) and application_id != APPLICATION_ID:
            self._fail_damaged("it is an SQLite database of another program")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The review store {self.path} was written by a newer claimline (store "
                f"version {version}; this claimline knows up to version {SCHEMA_VERSION}); "
                "it was left untouched. Upgrade claimline or pass --reviews with another file.",
                self.path,
                "newer",
            )
        if application_id == APPLICATION_ID and version < 1:
            self._fail_damaged(f"its store version {version} is unknown")
        if application_id == APPLICATION_ID:
            rows = self._connection().execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                self._fail_damaged(f"SQLite's check says: {rows[0][0]}")
        if self._read_only:
            return  # version 1's `current` has every column reading needs
        if version < SCHEMA_VERSION:
            self._migrate()
        (mode,) = self._query_one("PRAGMA journal_mode = WAL")
        if str(mode).lower() != "wal":
            raise StoreError(
                f"The review store {self.path} can't use SQLite's WAL journal (it stayed "
                f"in {mode!r} mode; network folders often can't); it was left untouched. "
                "Pass --reviews with a file on a local disk.",
                self.path,
                "io",
            )

    def _migrate(self) -> None:
        """Run the steps from the file's version to this code's, in one transaction."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another claimline may have created or migrated it between the look and the lock.
            application_id, version, tables = self._identity()
            if (application_id, version, tables) == (0, 0, 0) or (
                application_id == APPLICATION_ID and 0 < version < SCHEMA_VERSION
            ):
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[step]:
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def _identity(self) -> tuple[int, int, int]:
        """(application_id, user_version, number of schema objects): who made this file."""
        (application_id,) = self._query_one("PRAGMA application_id")
        (version,) = self._query_one("PRAGMA user_version")
        (tables,) = self._query_one("SELECT count(*) FROM sqlite_schema")
        return application_id, version, tables  # type: ignore[return-value]

    def _abandon(self) -> None:
        """Drop a connection that failed to open, without letting its close mask why."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with suppress(sqlite3.Error):
                conn.close()

    def _check_same_file(self, unsaved: str) -> None:
        """Refuse to commit when the path no longer names the file this store has open.

        SQLite writes on to a file that was deleted (or replaced by a sync tool or a
        restored backup) without a word: the change would be acknowledged and then lost
        with the file, or hidden from the file now at the path.
        """
        if sqlite_files.file_id(self.path) != self._file_id:
            raise StoreError(
                f"The review store {self.path} was deleted, moved or replaced while claimline "
                f"had it open; {unsaved}. Restart claimline to open the file now at that "
                "path, or put the store back.",
                self.path,
                "moved",
            )

    # -- errors -------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(
                f"The review store {self.path} is closed; open it again.", self.path, "closed"
            )
        return self._conn

    def _query_one(self, sql: str) -> tuple[object, ...]:
        row = self._connection().execute(sql).fetchone()
        assert row is not None
        return tuple(row)

    @contextmanager
    def _guard(self, unsaved: str) -> Iterator[None]:
        """Turn any SQLite or OS error inside into a `StoreError` that says what to do."""
        try:
            yield
        except sqlite3.Error as error:
            raise translate(error, self.path, unsaved) from error
        except OSError as error:
            raise os_failure(error, self.path, unsaved) from error
