"""The review store: every verdict and note, committed the moment it is made, never lost.

One SQLite file holds the reviews of every dataset, keyed by dataset id. Two tables:

- `history` is the record of what happened: one row per change (mark, note, undo, redo),
  appended and never updated or deleted — triggers refuse both, so not even a bug here
  can rewrite the past. Undo and redo are themselves rows, linked by `reverts` to the row
  they take back, so the undo and redo stacks are derived from history and survive a
  restart.
- `current` is the state those changes add up to, one row per (dataset, claim), written
  in the same transaction as the history row, so showing 100k claims is one query.

Each change is its own transaction with `synchronous=FULL`: once a call returns, the
change is on disk, whatever happens to the process or the machine next.

A store that cannot be used is never overwritten, reset or "repaired" — the file may hold
the only copy of someone's work. Every failure becomes a `StoreError` that names the file
and says what to do; no raw `sqlite3` exception leaves this module.

Text read back (notes, reviewer names, times) is treated like text from a dataset: the file
may have been written by another program, so control characters are dropped on the way
out and never reach a terminal or an export.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal, NoReturn
from urllib.parse import quote

import platformdirs

from facts.model import Claim, without_controls
from facts.review import Review

SCHEMA_VERSION = 1
"""The store layout this code reads and writes, kept in `PRAGMA user_version`."""

APPLICATION_ID = 0x436C6D6E  # "Clmn": tells a claimline store from any other SQLite file.

_HEADER = b"SQLite format 3\x00"

Verdict = Literal["verified", "disputed"]
Action = Literal["mark", "note", "undo", "redo"]
Reason = Literal["damaged", "newer", "readonly", "busy", "full", "io", "closed", "moved"]

_VERDICTS = ("verified", "disputed")

_SCHEMA: tuple[str, ...] = (
    """CREATE TABLE history (
        seq              INTEGER PRIMARY KEY AUTOINCREMENT,
        dataset_id       TEXT NOT NULL,
        claim_id         TEXT NOT NULL,
        action           TEXT NOT NULL CHECK (action IN ('mark', 'note', 'undo', 'redo')),
        field            TEXT NOT NULL CHECK (field IN ('verdict', 'note')),
        from_verdict     TEXT CHECK (from_verdict IN ('verified', 'disputed')),
        to_verdict       TEXT CHECK (to_verdict IN ('verified', 'disputed')),
        from_note        TEXT,
        to_note          TEXT,
        from_fingerprint TEXT,
        to_fingerprint   TEXT NOT NULL,
        fingerprint      TEXT NOT NULL,
        reviewer         TEXT NOT NULL,
        at               TEXT NOT NULL,
        reverts          INTEGER REFERENCES history (seq),
        CHECK ((action IN ('undo', 'redo')) = (reverts IS NOT NULL))
    )""",
    "CREATE INDEX history_by_claim ON history (dataset_id, claim_id, seq)",
    "CREATE INDEX history_by_reviewer ON history (dataset_id, reviewer, seq)",
    # Each change is taken back at most once; also makes "is it undone?" an index lookup.
    "CREATE UNIQUE INDEX history_by_reverts ON history (reverts) WHERE reverts IS NOT NULL",
    """CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'claimline history is append-only'); END""",
    """CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
    BEGIN SELECT RAISE(ABORT, 'claimline history is append-only'); END""",
    """CREATE TABLE current (
        dataset_id  TEXT NOT NULL,
        claim_id    TEXT NOT NULL,
        verdict     TEXT CHECK (verdict IN ('verified', 'disputed')),
        note        TEXT,
        fingerprint TEXT NOT NULL,
        reviewer    TEXT NOT NULL,
        at          TEXT NOT NULL,
        last_seq    INTEGER NOT NULL REFERENCES history (seq),
        PRIMARY KEY (dataset_id, claim_id)
    ) WITHOUT ROWID""",
    f"PRAGMA application_id = {APPLICATION_ID}",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)

_HISTORY_COLUMNS = (
    "seq, dataset_id, claim_id, action, field, from_verdict, to_verdict, from_note, to_note, "
    "from_fingerprint, to_fingerprint, fingerprint, reviewer, at, reverts"
)


class StoreError(Exception):
    """A store that cannot be used; str() names the file and says what to do.

    `reason` lets the interface react without parsing the message (offer a retry when
    the store is `busy`, for instance).
    """

    path: Path
    reason: Reason

    def __init__(self, message: str, path: str | os.PathLike[str], reason: Reason = "io") -> None:
        super().__init__(message)
        self.path = Path(path)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Change:
    """One row of history: who changed what on which claim, from what to what, when.

    A mark carries the note unchanged on both sides and a note carries the verdict
    unchanged, so every row shows the whole state before and after. `fingerprint` is the
    claim's fingerprint given with a mark or note; for an undo or redo, which are not
    given a claim, it is the fingerprint the restored verdict goes with.
    """

    seq: int
    dataset_id: str
    claim_id: str
    action: Action
    from_verdict: str | None
    to_verdict: str | None
    from_note: str | None
    to_note: str | None
    reviewer: str
    at: str
    fingerprint: str


def default_store_path() -> Path:
    """Where verdicts live unless `--reviews` says otherwise: the user's data folder."""
    return platformdirs.user_data_path("claimline") / "reviews.sqlite3"


def class_store_path(store_path: Path) -> Path:
    """The store for a class's verdicts beside a reviewer's own: `reviews-class.sqlite3`.

    Classroom mode records one verdict per claim like any review; kept in the same file,
    a lesson would overwrite the presenter's own verdicts (and the reverse).
    """
    return store_path.with_name(f"{store_path.stem}-class{store_path.suffix}")


def default_reviewer() -> str:
    """The OS user name, so a verdict says who made it without asking."""
    try:
        name = getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return "reviewer"
    return name.strip() or "reviewer"


def _now() -> str:
    """ISO 8601 UTC to the second; order within a second is kept by `seq`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class _State:
    verdict: Verdict | None
    note: str | None
    fingerprint: str | None  # None: the claim was never touched


_UNTOUCHED = _State(None, None, None)


class ReviewStore:
    """The verdicts and notes of every dataset, in one SQLite file.

    Safe to share between threads (calls are serialised) and between processes (WAL and
    a busy timeout); `changed_by_others` tells when another process wrote.
    """

    path: Path

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = 5.0,
        clock: Callable[[], str] = _now,
        read_only: bool = False,
    ) -> None:
        """Open the store at `path`, creating its folder and schema when it is new.

        Refuses (with `StoreError`) anything that is not a claimline store of a version
        this code knows, is damaged, or cannot be written — before writing a byte to it.
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
        self._check_file()
        try:
            self._conn = self._connect(busy_timeout)
            self._open_schema()
            self._file_id = self._current_file_id()
            self._conn.execute("PRAGMA synchronous = FULL")
            self._data_version = self._query_one("PRAGMA data_version")[0]
        except sqlite3.Error as error:
            self._abandon()
            self._raise(error, "nothing was changed")
        except StoreError:
            self._abandon()
            raise

    # -- public API ---------------------------------------------------------------------

    def reviews(self, dataset_id: str) -> dict[str, Review]:
        """The current verdict and note of every claim of the dataset ever touched."""
        with self._lock, self._guard("nothing was read"):
            rows = self._connection().execute(
                "SELECT claim_id, verdict, note, reviewer, at, fingerprint FROM current "
                "WHERE dataset_id = ?",
                (dataset_id,),
            )
            return {row[0]: self._read_review(row) for row in rows}

    def mark(
        self,
        dataset_id: str,
        claim: Claim,
        verdict: Verdict | None,
        *,
        reviewer: str,
    ) -> Review:
        """Record a verdict (None: back to unreviewed) on `claim`, judged as it reads now.

        Marking again with the same verdict on an unchanged claim records nothing; on a
        reworded claim it records the verdict against the new wording (it is no longer
        stale).
        """
        if verdict is not None and verdict not in _VERDICTS:
            raise ValueError(f"verdict must be one of {_VERDICTS} or None, not {verdict!r}")
        _check_reviewer(reviewer)
        with self._lock, self._write("the verdict was NOT saved") as conn:
            before = self._state(conn, dataset_id, claim.id)
            if before.verdict == verdict and before.fingerprint in (claim.fingerprint, None):
                return self._review(conn, dataset_id, claim.id, claim.fingerprint, reviewer)
            after = _State(verdict, before.note, claim.fingerprint)
            self._append(
                conn, dataset_id, claim.id, "mark", "verdict", before, after,
                fingerprint=claim.fingerprint, reviewer=reviewer,
            )  # fmt: skip
            return self._review(conn, dataset_id, claim.id, claim.fingerprint, reviewer)

    def set_note(
        self,
        dataset_id: str,
        claim: Claim,
        note: str | None,
        *,
        reviewer: str,
    ) -> Review:
        """Record the reviewer's note on `claim`; an empty or blank note removes it.

        The verdict keeps the fingerprint it was judged on: writing a note does not
        re-judge a reworded claim. Setting the note it already has records nothing.
        """
        _check_reviewer(reviewer)
        if note is not None and not note.strip():
            note = None
        with self._lock, self._write("the note was NOT saved") as conn:
            before = self._state(conn, dataset_id, claim.id)
            if before.note == note:
                return self._review(conn, dataset_id, claim.id, claim.fingerprint, reviewer)
            kept = before.fingerprint if before.verdict is not None else None
            after = _State(before.verdict, note, kept or claim.fingerprint)
            self._append(
                conn, dataset_id, claim.id, "note", "note", before, after,
                fingerprint=claim.fingerprint, reviewer=reviewer,
            )  # fmt: skip
            return self._review(conn, dataset_id, claim.id, claim.fingerprint, reviewer)

    def undo(self, dataset_id: str, *, reviewer: str) -> Change | None:
        """Take back this reviewer's latest change in the dataset that is not undone yet.

        The verdict (with the fingerprint it was judged on) or the note goes back to
        what it was before that change. Only the changed field is restored: if someone
        else changed the same claim since, their verdict or note in the other field
        stays, and theirs in the same field is replaced but kept in history.
        """
        _check_reviewer(reviewer)
        with self._lock, self._write("nothing was undone") as conn:
            target = conn.execute(
                f"SELECT {_HISTORY_COLUMNS} FROM history AS h "
                "WHERE dataset_id = ? AND reviewer = ? AND action IN ('mark', 'note', 'redo') "
                "AND NOT EXISTS (SELECT 1 FROM history AS u WHERE u.reverts = h.seq) "
                "ORDER BY seq DESC LIMIT 1",
                (dataset_id, reviewer),
            ).fetchone()
            if target is None:
                return None
            row = _Row(*target)
            before = self._state(conn, dataset_id, row.claim_id)
            if row.field == "verdict":
                restored = row.from_fingerprint or before.fingerprint
                after = _State(row.from_verdict, before.note, restored)
            else:
                after = _State(before.verdict, row.from_note, before.fingerprint)
            return self._append(
                conn, dataset_id, row.claim_id, "undo", row.field, before, after,
                fingerprint=after.fingerprint, reviewer=reviewer, reverts=row.seq,
            )  # fmt: skip

    def redo(self, dataset_id: str, *, reviewer: str) -> Change | None:
        """Apply again the change this reviewer undid most recently.

        As in any editor, a new mark or note by the reviewer in the dataset forgets what
        could be redone; undoing a redo makes it redoable again.
        """
        _check_reviewer(reviewer)
        with self._lock, self._write("nothing was redone") as conn:
            edit = conn.execute(
                "SELECT seq FROM history "
                "WHERE dataset_id = ? AND reviewer = ? AND action IN ('mark', 'note') "
                "ORDER BY seq DESC LIMIT 1",
                (dataset_id, reviewer),
            ).fetchone()
            last_edit = 0 if edit is None else edit[0]
            found = conn.execute(
                "SELECT d.field, d.claim_id, d.to_verdict, d.to_note, d.to_fingerprint, u.seq "
                "FROM history AS u JOIN history AS d ON d.seq = u.reverts "
                "WHERE u.dataset_id = ? AND u.reviewer = ? AND u.action = 'undo' "
                "AND u.seq > ? "
                "AND NOT EXISTS (SELECT 1 FROM history AS r WHERE r.reverts = u.seq) "
                "ORDER BY u.seq DESC LIMIT 1",
                (dataset_id, reviewer, last_edit),
            ).fetchone()
            if found is None:
                return None
            field, claim_id, to_verdict, to_note, to_fingerprint, undo_seq = found
            before = self._state(conn, dataset_id, claim_id)
            if field == "verdict":
                after = _State(to_verdict, before.note, to_fingerprint)
            else:
                after = _State(before.verdict, to_note, before.fingerprint)
            return self._append(
                conn, dataset_id, claim_id, "redo", field, before, after,
                fingerprint=after.fingerprint, reviewer=reviewer, reverts=undo_seq,
            )  # fmt: skip

    def history(self, dataset_id: str, claim_id: str) -> list[Change]:
        """Every change ever made to one claim, oldest first."""
        with self._lock, self._guard("nothing was read"):
            rows = self._connection().execute(
                f"SELECT {_HISTORY_COLUMNS} FROM history "
                "WHERE dataset_id = ? AND claim_id = ? ORDER BY seq",
                (dataset_id, claim_id),
            )
            return [self._readable(_Row(*row).change()) for row in rows]

    def changed_by_others(self) -> bool:
        """Whether another connection committed since the last call (or since opening).

        For "the store changed, refresh": cheap enough to poll, and blind to this
        store's own writes.
        """
        with self._lock, self._guard("nothing was read"):
            (version,) = self._query_one("PRAGMA data_version")
            changed = version != self._data_version
            self._data_version = version
            return changed

    def close(self) -> None:
        """Close the file; every change is already committed, so nothing is lost."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is None:
                return
            try:
                conn.close()
            except sqlite3.Error as error:
                self._raise(error, "every change made was already saved")

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ReviewStore({str(self.path)!r})"

    # -- opening ------------------------------------------------------------------------

    def _connect(self, busy_timeout: float) -> sqlite3.Connection:
        options = {
            "timeout": busy_timeout,
            "isolation_level": None,  # transactions are explicit: BEGIN IMMEDIATE … COMMIT
            "check_same_thread": False,  # the lock above serialises threads
        }
        if not self._read_only:
            return sqlite3.connect(self.path, **options)  # type: ignore[arg-type]
        # Nothing is written, not even SQLite's -shm file: with no -wal file, the main file
        # holds every verdict and is read as it is; a -wal file means a claimline has it
        # open (or was stopped), and SQLite reads the two together through the -shm file.
        uri = f"file:{quote(str(self.path))}?mode=ro"
        wal = Path(f"{self.path}-wal")
        if not (wal.exists() and wal.stat().st_size > 0):
            return sqlite3.connect(f"{uri}&immutable=1", uri=True, **options)  # type: ignore[arg-type]
        conn = sqlite3.connect(uri, uri=True, **options)  # type: ignore[arg-type]
        try:
            conn.execute("PRAGMA application_id")
        except sqlite3.OperationalError:
            conn.close()
            self._fail(
                "readonly",
                f"The review store {self.path} can't be read here: its newest verdicts "
                f"are in {wal.name} (it was copied or left while a claimline had it "
                "open), and the folder is read-only. Open it once where it can be "
                "written, or copy it with its -wal file to a writable folder.",
            )
        return conn

    def _check_file(self) -> None:
        """Refuse what SQLite would open anyway or fail on obscurely, before touching it."""
        path = self.path
        if path.is_dir():
            self._fail(
                "damaged",
                f"The review store {path} is a folder, not a file; it was left untouched. "
                "Pass --reviews with a file name.",
            )
        if self._read_only:
            if not path.exists():
                self._fail("io", f"There is no review store at {path}; check the path.")
            self._check_header()
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._fail(
                "readonly",
                f"claimline can't save verdicts in {path}: the folder {path.parent} can't be "
                f"created ({error.strerror or error}). Pass --reviews with a file in a "
                "folder you can write to.",
            )
        if not os.access(path.parent, os.W_OK | os.X_OK):
            self._fail(
                "readonly",
                f"claimline can't save verdicts in {path}: the folder {path.parent} is not "
                "writable (the store needs to create files beside it). Pass --reviews with "
                "a file in a folder you can write to.",
            )
        if not self._check_header():
            return
        if not os.access(path, os.W_OK):
            self._fail(
                "readonly",
                f"claimline can't save verdicts in {path}: the file is read-only. Make it "
                "writable or pass --reviews with another file.",
            )

    def _check_header(self) -> bool:
        """Refuse a file that is not SQLite; False when there is no file yet."""
        try:
            with self.path.open("rb") as file:
                header = file.read(len(_HEADER))
        except FileNotFoundError:
            return False
        except OSError as error:
            self._fail(
                "io",
                f"The review store {self.path} can't be read ({error.strerror or error}); it "
                "was left untouched. Check its permissions or pass --reviews with another file.",
            )
        if header and header != _HEADER:
            self._fail_damaged("it is not an SQLite database")
        return True

    def _open_schema(self) -> None:
        """Check that the file is a sound claimline store, or make a new file one."""
        conn = self._connection()
        application_id, version, tables = self._identity()
        if (application_id, version, tables) == (0, 0, 0) and self._read_only:
            self._fail_damaged("it is empty: no verdict was ever saved in it")
        if (application_id, version, tables) == (0, 0, 0):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another claimline may have created it between the look and the lock.
                application_id, version, tables = self._identity()
                if (application_id, version, tables) == (0, 0, 0):
                    for statement in _SCHEMA:
                        conn.execute(statement)
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            application_id, version, tables = self._identity()
        if application_id != APPLICATION_ID:
            self._fail_damaged("it is an SQLite database of another program")
        if version > SCHEMA_VERSION:
            self._fail(
                "newer",
                f"The review store {self.path} was written by a newer claimline (store "
                f"version {version}; this claimline knows up to version {SCHEMA_VERSION}); "
                "it was left untouched. Upgrade claimline or pass --reviews with another file.",
            )
        if version < 1:
            self._fail_damaged(f"its store version {version} is unknown")
        rows = self._connection().execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            self._fail_damaged(f"SQLite's check says: {rows[0][0]}")
        if self._read_only:
            return
        (mode,) = self._query_one("PRAGMA journal_mode = WAL")
        if str(mode).lower() != "wal":
            self._fail(
                "io",
                f"The review store {self.path} can't use SQLite's WAL journal (it stayed "
                f"in {mode!r} mode; network folders often can't); it was left untouched. "
                "Pass --reviews with a file on a local disk.",
            )

    def _identity(self) -> tuple[int, int, int]:
        """(application_id, user_version, number of schema objects): who made this file."""
        (application_id,) = self._query_one("PRAGMA application_id")
        (version,) = self._query_one("PRAGMA user_version")
        (tables,) = self._query_one("SELECT count(*) FROM sqlite_schema")
        return application_id, version, tables

    def _abandon(self) -> None:
        """Drop a connection that failed to open, without letting its close mask why."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with suppress(sqlite3.Error):
                conn.close()

    # -- writing ------------------------------------------------------------------------

    @contextmanager
    def _write(self, unsaved: str) -> Iterator[sqlite3.Connection]:
        """One change, one transaction: committed on success, rolled back on any error.

        BEGIN IMMEDIATE takes the write lock before reading the state the change is
        based on, so two processes can't both base a change on the same old state.
        """
        with self._guard(unsaved):
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                self._check_same_file(unsaved)
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    # The original error says more; SQLite also rolls back on close.
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")

    def _current_file_id(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return stat.st_dev, stat.st_ino

    def _check_same_file(self, unsaved: str) -> None:
        """Refuse to commit when the path no longer names the file this store has open.

        SQLite writes on to a file that was deleted (or replaced by a sync tool or a
        restored backup) without a word: the change would be acknowledged and then lost
        with the file, or hidden from the file now at the path.
        """
        if self._current_file_id() != self._file_id:
            self._fail(
                "moved",
                f"The review store {self.path} was deleted, moved or replaced while claimline "
                f"had it open; {unsaved}. Restart claimline to open the file now at that "
                "path, or put the store back.",
            )

    def _append(
        self,
        conn: sqlite3.Connection,
        dataset_id: str,
        claim_id: str,
        action: Action,
        field: Literal["verdict", "note"],
        before: _State,
        after: _State,
        *,
        fingerprint: str | None,
        reviewer: str,
        reverts: int | None = None,
    ) -> Change:
        """Append one history row and bring `current` to match, in the caller's transaction."""
        at = self._clock()
        to_fingerprint = after.fingerprint or fingerprint
        assert to_fingerprint is not None
        cursor = conn.execute(
            "INSERT INTO history (dataset_id, claim_id, action, field, from_verdict, "
            "to_verdict, from_note, to_note, from_fingerprint, to_fingerprint, fingerprint, "
            "reviewer, at, reverts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                dataset_id, claim_id, action, field, before.verdict, after.verdict,
                before.note, after.note, before.fingerprint, to_fingerprint,
                fingerprint or to_fingerprint, reviewer, at, reverts,
            ),
        )  # fmt: skip
        seq = cursor.lastrowid
        assert seq is not None
        conn.execute(
            "INSERT INTO current (dataset_id, claim_id, verdict, note, fingerprint, reviewer, "
            "at, last_seq) VALUES (:dataset, :claim, :verdict, :note, :fingerprint, "
            ":reviewer, :at, :seq) "
            "ON CONFLICT (dataset_id, claim_id) DO UPDATE SET verdict = excluded.verdict, "
            "note = excluded.note, fingerprint = excluded.fingerprint, "
            # A note leaves the verdict credited to whoever decided it, and when: the
            # note's own author and time are in the history.
            "reviewer = CASE WHEN :note_only AND current.verdict IS NOT NULL "
            "THEN current.reviewer ELSE excluded.reviewer END, "
            "at = CASE WHEN :note_only AND current.verdict IS NOT NULL "
            "THEN current.at ELSE excluded.at END, last_seq = excluded.last_seq",
            {"dataset": dataset_id, "claim": claim_id, "verdict": after.verdict,
             "note": after.note, "fingerprint": to_fingerprint, "reviewer": reviewer,
             "at": at, "seq": seq, "note_only": field == "note"},
        )
        change = Change(
            seq=seq,
            dataset_id=dataset_id,
            claim_id=claim_id,
            action=action,
            from_verdict=before.verdict,
            to_verdict=after.verdict,
            from_note=before.note,
            to_note=after.note,
            reviewer=reviewer,
            at=at,
            fingerprint=fingerprint or to_fingerprint,
        )
        return self._readable(change)

    @staticmethod
    def _state(conn: sqlite3.Connection, dataset_id: str, claim_id: str) -> _State:
        row = conn.execute(
            "SELECT verdict, note, fingerprint FROM current WHERE dataset_id = ? AND claim_id = ?",
            (dataset_id, claim_id),
        ).fetchone()
        return _UNTOUCHED if row is None else _State(*row)

    def _review(
        self,
        conn: sqlite3.Connection, dataset_id: str, claim_id: str, fingerprint: str, reviewer: str
    ) -> Review:
        """The claim's current review; an untouched claim reads as unreviewed, now."""
        row = conn.execute(
            "SELECT claim_id, verdict, note, reviewer, at, fingerprint FROM current "
            "WHERE dataset_id = ? AND claim_id = ?",
            (dataset_id, claim_id),
        ).fetchone()
        if row is None:
            return Review(claim_id, None, None, reviewer, self._clock(), fingerprint)
        return self._read_review(row)

    def _read_review(self, row: tuple[object, ...]) -> Review:
        """A `current` row as a Review, its text safe to show (see the module's note)."""
        claim_id, verdict, note, reviewer, at, fingerprint = row
        return Review(
            claim_id,  # type: ignore[arg-type]  # the key the dataset's claims are looked up by
            self._known_verdict(verdict, claim_id),
            _text(note),
            _text(reviewer) or "",
            _text(at) or "",
            fingerprint,  # type: ignore[arg-type]
        )

    def _readable(self, change: Change) -> Change:
        """The change with its text safe to show and its verdicts ones claimline knows."""
        self._known_verdict(change.from_verdict, change.claim_id)
        self._known_verdict(change.to_verdict, change.claim_id)
        return replace(
            change,
            claim_id=_text(change.claim_id) or "",
            from_note=_text(change.from_note),
            to_note=_text(change.to_note),
            reviewer=_text(change.reviewer) or "",
            at=_text(change.at) or "",
        )

    def _known_verdict(self, verdict: object, claim_id: object) -> Verdict | None:
        """Refuse what the schema's CHECK would: only a look-alike file can hold it."""
        if verdict is None or verdict in _VERDICTS:
            return verdict  # type: ignore[return-value]
        self._fail_damaged(
            f"claim {claim_id!r} has the verdict {verdict!r}, which claimline does not know"
        )

    # -- errors -------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._fail("closed", f"The review store {self.path} is closed; open it again.")
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
            self._raise(error, unsaved)
        except OSError as error:
            self._fail(
                "io",
                f"The review store {self.path} could not be used ({error.strerror or error}); "
                f"{unsaved}. Check the disk and try again.",
            )

    def _raise(self, error: sqlite3.Error, unsaved: str) -> NoReturn:
        """Say what the SQLite error means for the person using the app."""
        code = getattr(error, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        path = self.path
        if primary == sqlite3.SQLITE_FULL:
            self._fail(
                "full",
                f"The disk holding the review store {path} is full; {unsaved}. Free space "
                "and try again.",
                error,
            )
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            self._fail(
                "busy",
                f"The review store {path} is busy (another claimline is writing); {unsaved}. "
                "Try again.",
                error,
            )
        if primary == sqlite3.SQLITE_READONLY:
            self._fail(
                "readonly",
                f"claimline can't save verdicts in {path}: it is read-only ({error}); "
                f"{unsaved}. Make it writable or pass --reviews with another file.",
                error,
            )
        if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            self._fail_damaged(str(error), error)
        if primary in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
            self._fail(
                "readonly",
                f"claimline can't open the review store {path} ({error}); {unsaved}. Check "
                "that its folder exists and is writable, or pass --reviews with another file.",
                error,
            )
        self._fail(
            "io",
            f"The review store {path} could not be used ({error}); {unsaved}. Check the "
            "disk and try again; the file was not reset.",
            error,
        )

    def _fail_damaged(self, detail: str, cause: BaseException | None = None) -> NoReturn:
        self._fail(
            "damaged",
            f"The review store {self.path} is not a claimline review store or is damaged "
            f"({detail}); it was left untouched. Move it aside or pass --reviews with "
            "another file.",
            cause,
        )

    def _fail(self, reason: Reason, message: str, cause: BaseException | None = None) -> NoReturn:
        raise StoreError(message, path=self.path, reason=reason) from cause


@dataclass(frozen=True, slots=True)
class _Row:
    """A history row with the columns `Change` leaves out (needed by undo and redo)."""

    seq: int
    dataset_id: str
    claim_id: str
    action: Action
    field: Literal["verdict", "note"]
    from_verdict: Verdict | None
    to_verdict: Verdict | None
    from_note: str | None
    to_note: str | None
    from_fingerprint: str | None
    to_fingerprint: str
    fingerprint: str
    reviewer: str
    at: str
    reverts: int | None

    def change(self) -> Change:
        return Change(
            seq=self.seq,
            dataset_id=self.dataset_id,
            claim_id=self.claim_id,
            action=self.action,
            from_verdict=self.from_verdict,
            to_verdict=self.to_verdict,
            from_note=self.from_note,
            to_note=self.to_note,
            reviewer=self.reviewer,
            at=self.at,
            fingerprint=self.fingerprint,
        )


def _check_reviewer(reviewer: str) -> None:
    """Every change says who made it: an empty name would make history anonymous.

    The name is shown to everyone who opens the store, so it can't hold control characters
    (an escape sequence would reach their terminals).
    """
    if not isinstance(reviewer, str) or not reviewer.strip():
        raise ValueError(f"reviewer must be a non-empty name, not {reviewer!r}")
    if without_controls(reviewer) != reviewer:
        raise ValueError(f"reviewer name must not hold control characters: {reviewer!r}")


def _text(value: object) -> str | None:
    """Text from the file without control characters; bytes (a BLOB) are read as UTF-8."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return without_controls(str(value))
