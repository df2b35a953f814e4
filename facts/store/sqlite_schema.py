"""The SQLite store's layout, version by version, and the steps from each to the next.

A new file runs every step from version 0, so the path an old store takes to the current
layout is the path every new store takes too: it can't rot untested. The version lives
in `PRAGMA user_version`, and `PRAGMA application_id` tells a claimline store from any
other SQLite file.
"""

from __future__ import annotations

SCHEMA_VERSION = 3
"""The store layout this code reads and writes."""

APPLICATION_ID = 0x436C6D6E  # "Clmn"

_HISTORY_CHECKS = """CREATE TABLE history (
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
    )"""

_VERSION_1: tuple[str, ...] = (
    _HISTORY_CHECKS,
    "CREATE INDEX history_by_claim ON history (dataset_id, claim_id, seq)",
    "CREATE INDEX history_by_reviewer ON history (dataset_id, reviewer, seq)",
    # Each change is taken back at most once; also makes "is it undone?" an index lookup.
    "CREATE UNIQUE INDEX history_by_reverts ON history (reverts) WHERE reverts IS NOT NULL",
    """CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'claimline history is append-only'); END""",
    """CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
    BEGIN SELECT RAISE(ABORT, 'claimline history is append-only'); END""",
    # One verdict per claim, whoever made it last (version 1).
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
)

_VERSION_2: tuple[str, ...] = (
    # Each reviewer's own verdict and note per claim. A version 1 row becomes the row of
    # the reviewer it credited (the verdict's author, or the note's when there was no
    # verdict): every verdict and note is kept, and a one-person store reads as before.
    """CREATE TABLE current_by_reviewer (
        dataset_id  TEXT NOT NULL,
        claim_id    TEXT NOT NULL,
        reviewer    TEXT NOT NULL,
        verdict     TEXT CHECK (verdict IN ('verified', 'disputed')),
        note        TEXT,
        fingerprint TEXT NOT NULL,
        at          TEXT NOT NULL,
        last_seq    INTEGER NOT NULL REFERENCES history (seq),
        PRIMARY KEY (dataset_id, claim_id, reviewer)
    ) WITHOUT ROWID""",
    "INSERT INTO current_by_reviewer (dataset_id, claim_id, reviewer, verdict, note, "
    "fingerprint, at, last_seq) SELECT dataset_id, claim_id, reviewer, verdict, note, "
    "fingerprint, at, last_seq FROM current",
    "DROP TABLE current",
    "ALTER TABLE current_by_reviewer RENAME TO current",
    "CREATE INDEX current_by_reviewer ON current (dataset_id, reviewer, claim_id)",
)

_VERSION_3: tuple[str, ...] = (
    # The wording each verdict judged, by the fingerprint the history already records, so
    # a stale verdict can show what was judged beside what the claim says now. Written
    # with each mark from version 3 on; a verdict from before has no wording here, and
    # the app says so rather than guess. Like the history, never changed once written.
    """CREATE TABLE wordings (
        fingerprint TEXT PRIMARY KEY,
        text        TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TRIGGER wordings_are_append_only_update BEFORE UPDATE ON wordings
    BEGIN SELECT RAISE(ABORT, 'claimline wordings are append-only'); END""",
    """CREATE TRIGGER wordings_are_append_only_delete BEFORE DELETE ON wordings
    BEGIN SELECT RAISE(ABORT, 'claimline wordings are append-only'); END""",
)

MIGRATIONS: dict[int, tuple[str, ...]] = {1: _VERSION_1, 2: _VERSION_2, 3: _VERSION_3}
"""The statements that bring a store from version N-1 to version N."""

assert max(MIGRATIONS) == SCHEMA_VERSION
