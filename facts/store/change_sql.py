"""The review rules as SQL: each change is worked out by the database, in one statement.

A mark, note, undo or redo is a `Plan`: one SELECT that reads the reviewer's state as it
is now (and, for undo and redo, the history row to take back or apply again) and yields
the history row the change appends, or no row when there is nothing to record (the same
verdict again, the note it already has, nothing left to undo). Working the change out in
the database, rather than reading the state into Python first, is what lets a server
record a verdict in one round trip (see `postgres.PostgresStore._record`); the file store
runs the same plans (`sqlite.ReviewStore._record`), so the rules are written once.

Every plan is plain SQL both SQLite and PostgreSQL understand: parameters come in once
each, typed, through the derived table `p`; null-safe comparisons are spelled with
`coalesce` (SQLite has no IS DISTINCT FROM before 3.39). Every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from facts.store.records import HISTORY_COLUMNS

INSERTED = HISTORY_COLUMNS.replace("seq, ", "", 1)
"""The history columns a plan yields, in order: all but the number the database gives."""


@dataclass(frozen=True, slots=True)
class Plan:
    """A SELECT yielding the one history row a change appends (or none), and its values."""

    sql: str
    params: Sequence[object]


def _params(*names: str) -> str:
    """The derived table `p`: each parameter once, as text (a server can't guess the type
    of a bare parameter in a select list)."""
    return "(SELECT " + ", ".join(f"CAST(? AS TEXT) AS {name}" for name in names) + ") AS p"


def _same(a: str, b: str) -> str:
    """`a` equals `b`, two NULLs being equal: true or false, never NULL."""
    return f"coalesce({a} = {b}, {a} IS NULL AND {b} IS NULL)"


_MINE = "c.dataset_id = {t}.dataset_id AND c.claim_id = {t}.claim_id AND c.reviewer = p.reviewer"
"""The reviewer's `current` row (aliased c) of the claim that table {t} names."""

_MARK = (
    "SELECT p.dataset_id, p.claim_id, 'mark', 'verdict', c.verdict, p.verdict, c.note, c.note, "
    "c.fingerprint, p.fingerprint, p.fingerprint, p.reviewer, p.at, CAST(NULL AS BIGINT) "
    f"FROM {_params('dataset_id', 'claim_id', 'reviewer', 'verdict', 'fingerprint', 'at')} "
    f"LEFT JOIN current AS c ON {_MINE.format(t='p')} "
    # The same verdict on the same (or an untouched) wording records nothing.
    f"WHERE NOT ({_same('c.verdict', 'p.verdict')} "
    "AND (c.fingerprint IS NULL OR c.fingerprint = p.fingerprint))"
)


def mark(
    dataset_id: str, claim_id: str, reviewer: str, verdict: str | None, fingerprint: str, at: str
) -> Plan:
    """The reviewer's verdict on the claim as worded now (`fingerprint`); the note stays."""
    return Plan(_MARK, (dataset_id, claim_id, reviewer, verdict, fingerprint, at))


_NOTE = (
    "SELECT p.dataset_id, p.claim_id, 'note', 'note', c.verdict, c.verdict, c.note, p.note, "
    # A verdict keeps the wording it judged: a note does not re-judge a reworded claim.
    "c.fingerprint, CASE WHEN c.verdict IS NOT NULL THEN c.fingerprint ELSE p.fingerprint END, "
    "p.fingerprint, p.reviewer, p.at, CAST(NULL AS BIGINT) "
    f"FROM {_params('dataset_id', 'claim_id', 'reviewer', 'note', 'fingerprint', 'at')} "
    f"LEFT JOIN current AS c ON {_MINE.format(t='p')} "
    f"WHERE NOT {_same('c.note', 'p.note')}"
)


def note(
    dataset_id: str, claim_id: str, reviewer: str, text: str | None, fingerprint: str, at: str
) -> Plan:
    """The reviewer's own note on the claim (None: no note)."""
    return Plan(_NOTE, (dataset_id, claim_id, reviewer, text, fingerprint, at))


_UNDONE_FINGERPRINT = (
    "CASE WHEN f.field = 'verdict' THEN coalesce(f.from_fingerprint, c.fingerprint, f.fingerprint) "
    # The row's own fingerprint stands in when the reviewer's state is gone (only a store
    # edited by another program can lose it).
    "ELSE coalesce(c.fingerprint, f.fingerprint) END"
)

_UNDO = (
    "SELECT f.dataset_id, f.claim_id, 'undo', f.field, "
    "c.verdict, CASE WHEN f.field = 'verdict' THEN f.from_verdict ELSE c.verdict END, "
    "c.note, CASE WHEN f.field = 'note' THEN f.from_note ELSE c.note END, "
    f"c.fingerprint, {_UNDONE_FINGERPRINT}, {_UNDONE_FINGERPRINT}, p.reviewer, p.at, f.seq "
    f"FROM {_params('dataset_id', 'reviewer', 'at')} "
    # The reviewer's latest change in the dataset that is not taken back yet.
    "JOIN history AS f ON f.seq = (SELECT max(h.seq) FROM history AS h "
    "WHERE h.dataset_id = p.dataset_id AND h.reviewer = p.reviewer "
    "AND h.action IN ('mark', 'note', 'redo') "
    "AND NOT EXISTS (SELECT 1 FROM history AS u WHERE u.reverts = h.seq)) "
    f"LEFT JOIN current AS c ON {_MINE.format(t='f')}"
)


def undo(dataset_id: str, reviewer: str, at: str) -> Plan:
    """Take back the reviewer's latest change in the dataset not taken back yet: their
    verdict (with the wording it judged) or note goes back to what it was before it."""
    return Plan(_UNDO, (dataset_id, reviewer, at))


_REDONE_FINGERPRINT = (
    "CASE WHEN d.field = 'verdict' THEN d.to_fingerprint "
    "ELSE coalesce(c.fingerprint, d.to_fingerprint) END"
)

_REDO = (
    "SELECT d.dataset_id, d.claim_id, 'redo', d.field, "
    "c.verdict, CASE WHEN d.field = 'verdict' THEN d.to_verdict ELSE c.verdict END, "
    "c.note, CASE WHEN d.field = 'note' THEN d.to_note ELSE c.note END, "
    f"c.fingerprint, {_REDONE_FINGERPRINT}, {_REDONE_FINGERPRINT}, p.reviewer, p.at, u.seq "
    f"FROM {_params('dataset_id', 'reviewer', 'at')} "
    # The reviewer's latest undo not redone yet, made after their latest mark or note (a
    # new change forgets what could be redone, as in any editor) …
    "JOIN history AS u ON u.seq = (SELECT max(x.seq) FROM history AS x "
    "WHERE x.dataset_id = p.dataset_id AND x.reviewer = p.reviewer AND x.action = 'undo' "
    "AND x.seq > (SELECT coalesce(max(e.seq), 0) FROM history AS e "
    "WHERE e.dataset_id = p.dataset_id AND e.reviewer = p.reviewer "
    "AND e.action IN ('mark', 'note')) "
    "AND NOT EXISTS (SELECT 1 FROM history AS r WHERE r.reverts = x.seq)) "
    # … and the change it took back, applied again.
    "JOIN history AS d ON d.seq = u.reverts "
    f"LEFT JOIN current AS c ON {_MINE.format(t='d')}"
)


def redo(dataset_id: str, reviewer: str, at: str) -> Plan:
    """Apply again the change the reviewer undid most recently, if nothing came since."""
    return Plan(_REDO, (dataset_id, reviewer, at))


def current_from(source: str, where: str) -> str:
    """Bring the reviewer's `current` row to match the history row `h` in `source`.

    A note leaves the verdict dated when it was decided (the note's own time is in the
    history), so the row keeps its time when a note changes beside a verdict.
    """
    return (
        "INSERT INTO current (dataset_id, claim_id, reviewer, verdict, note, fingerprint, at, "
        "last_seq) SELECT h.dataset_id, h.claim_id, h.reviewer, h.to_verdict, h.to_note, "
        "h.to_fingerprint, CASE WHEN h.field = 'note' AND h.from_verdict IS NOT NULL "
        "THEN coalesce(w.at, h.at) ELSE h.at END, h.seq "
        f"FROM {source} LEFT JOIN current AS w ON w.dataset_id = h.dataset_id "
        f"AND w.claim_id = h.claim_id AND w.reviewer = h.reviewer WHERE {where} "
        "ON CONFLICT (dataset_id, claim_id, reviewer) DO UPDATE SET "
        "verdict = excluded.verdict, note = excluded.note, fingerprint = excluded.fingerprint, "
        "at = excluded.at, last_seq = excluded.last_seq"
    )


def wording_from(source: str, where: str) -> str:
    """Keep the wording a new verdict in `source` (row `h`) judged; its one parameter is
    the claim's text. A wording once kept is never rewritten."""
    return (
        "INSERT INTO wordings (fingerprint, text) SELECT h.to_fingerprint, CAST(? AS TEXT) "
        f"FROM {source} WHERE {where} AND h.action = 'mark' AND h.to_verdict IS NOT NULL "
        "ON CONFLICT (fingerprint) DO NOTHING"
    )


STATE = (
    "SELECT verdict, note, fingerprint, at FROM current "
    "WHERE dataset_id = ? AND claim_id = ? AND reviewer = ?"
)
"""One reviewer's state of one claim (no row: untouched)."""
