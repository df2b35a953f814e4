"""Marks, notes, undo and redo as SQL both backends run: one set of rules for every store.

Two tables hold a store (see `sqlite_schema` and `postgres_schema` for each dialect):

- `history` is the record of what happened: one row per change (mark, note, undo, redo),
  appended and never updated or deleted — the database refuses both, so not even a bug
  here can rewrite the past. Undo and redo are themselves rows, linked by `reverts` to
  the row they take back, so the undo and redo stacks are derived from history and
  survive a restart.
- `current` is the state those changes add up to, one row per (dataset, claim,
  reviewer), written in the same transaction as the history row, so showing 100k claims
  is one query.

Each reviewer has their own verdict and note on a claim: a mark, a note, an undo or a
redo changes only the reviewer's own row, so undoing my change never touches a
colleague's verdict. The team's view (agreed, contested) is computed from those rows.

Statements are written with `?` placeholders and plain SQL both SQLite and PostgreSQL
understand; a backend's transaction object adapts the placeholders. Every value goes in
as a parameter, never into the SQL text.
"""

from __future__ import annotations

from dataclasses import replace

from facts.model import Claim
from facts.review import Review
from facts.store.backend import Backend, Tx
from facts.store.records import (
    HISTORY_COLUMNS,
    UNTOUCHED,
    Action,
    Change,
    Field,
    HistoryRow,
    State,
    TeamReview,
    check_reviewer,
    check_verdict,
    text,
)
from facts.verdicts import Verdict, is_verdict

_REVIEW_COLUMNS = "claim_id, verdict, note, reviewer, at, fingerprint"


class SharedStore(Backend):
    """The review rules over any backend that can run a transaction."""

    # -- reading ------------------------------------------------------------------------

    def reviews(self, dataset_id: str, reviewer: str | None = None) -> dict[str, Review]:
        """Each claim's review: `reviewer`'s own, or else the latest verdict by anyone.

        Without a reviewer this is the one-verdict-per-claim view a one-person store has
        always had: the most recently changed verdict, or (when nobody has a verdict on
        the claim) the latest note. `team_reviews` gives every reviewer's.
        """
        with self._reading() as tx:
            if reviewer is not None:
                rows = tx.rows(
                    f"SELECT {_REVIEW_COLUMNS} FROM current WHERE dataset_id = ? AND reviewer = ?",
                    (dataset_id, reviewer),
                )
                return {str(row[0]): self._read_review(row) for row in rows}
            rows = tx.rows(
                f"SELECT {_REVIEW_COLUMNS} FROM current WHERE dataset_id = ? "
                "ORDER BY claim_id, CASE WHEN verdict IS NULL THEN 0 ELSE 1 END, last_seq",
                (dataset_id,),
            )
            return {str(row[0]): self._read_review(row) for row in rows}  # the last one wins

    def team_reviews(self, dataset_id: str) -> dict[str, TeamReview]:
        """Every claim any reviewer touched, with each reviewer's own review of it."""
        with self._reading() as tx:
            rows = tx.rows(
                f"SELECT {_REVIEW_COLUMNS} FROM current WHERE dataset_id = ? "
                "ORDER BY claim_id, reviewer",
                (dataset_id,),
            )
        grouped: dict[str, list[Review]] = {}
        for row in rows:
            grouped.setdefault(str(row[0]), []).append(self._read_review(row))
        return {
            claim_id: TeamReview(reviews[0].claim_id, tuple(reviews))
            for claim_id, reviews in grouped.items()
        }

    def history(self, dataset_id: str, claim_id: str) -> list[Change]:
        """Every change any reviewer ever made to one claim, oldest first."""
        with self._reading() as tx:
            rows = tx.rows(
                f"SELECT {HISTORY_COLUMNS} FROM history "
                "WHERE dataset_id = ? AND claim_id = ? ORDER BY seq",
                (dataset_id, claim_id),
            )
        return [self._readable(HistoryRow(*row).change()) for row in rows]  # type: ignore[arg-type]

    # -- changing -----------------------------------------------------------------------

    def mark(
        self,
        dataset_id: str,
        claim: Claim,
        verdict: Verdict | None,
        *,
        reviewer: str,
    ) -> Review:
        """Record the reviewer's verdict (None: back to unreviewed) on `claim` as it reads now.

        Marking again with the same verdict on an unchanged claim records nothing; on a
        reworded claim it records the verdict against the new wording (it is no longer
        stale). Other reviewers' verdicts on the claim are left as they are.
        """
        check_verdict(verdict)
        check_reviewer(reviewer)
        with self._writing("the verdict was NOT saved", dataset_id, reviewer) as tx:
            before = _state(tx, dataset_id, claim.id, reviewer)
            if before.verdict == verdict and before.fingerprint in (claim.fingerprint, None):
                return self._review(claim, before, reviewer)
            after = State(verdict, before.note, claim.fingerprint)
            change = self._append(
                tx, dataset_id, claim.id, "mark", "verdict", before, after,
                fingerprint=claim.fingerprint, reviewer=reviewer,
            )  # fmt: skip
            if verdict is not None:
                tx.rows(
                    "INSERT INTO wordings (fingerprint, text) VALUES (?, ?) "
                    "ON CONFLICT (fingerprint) DO NOTHING",
                    (claim.fingerprint, claim.text),
                )
            return self._review(claim, replace(after, at=change.at), reviewer)

    def set_note(
        self,
        dataset_id: str,
        claim: Claim,
        note: str | None,
        *,
        reviewer: str,
    ) -> Review:
        """Record the reviewer's own note on `claim`; an empty or blank note removes it.

        The verdict keeps the fingerprint it was judged on: writing a note does not
        re-judge a reworded claim. Setting the note it already has records nothing.
        """
        check_reviewer(reviewer)
        if note is not None and not note.strip():
            note = None
        with self._writing("the note was NOT saved", dataset_id, reviewer) as tx:
            before = _state(tx, dataset_id, claim.id, reviewer)
            if before.note == note:
                return self._review(claim, before, reviewer)
            kept = before.fingerprint if before.verdict is not None else None
            after = State(before.verdict, note, kept or claim.fingerprint)
            change = self._append(
                tx, dataset_id, claim.id, "note", "note", before, after,
                fingerprint=claim.fingerprint, reviewer=reviewer,
            )  # fmt: skip
            # A note leaves the verdict dated when it was decided.
            at = before.at if before.verdict is not None else change.at
            return self._review(claim, replace(after, at=at), reviewer)

    def undo(self, dataset_id: str, *, reviewer: str) -> Change | None:
        """Take back this reviewer's latest change in the dataset that is not undone yet.

        The reviewer's verdict (with the fingerprint it was judged on) or note goes back
        to what it was before that change; only their own row changes, so a colleague's
        verdict on the same claim stays exactly as it is.
        """
        check_reviewer(reviewer)
        with self._writing("nothing was undone", dataset_id, reviewer) as tx:
            found = tx.rows(
                f"SELECT {HISTORY_COLUMNS} FROM history AS h "
                "WHERE dataset_id = ? AND reviewer = ? AND action IN ('mark', 'note', 'redo') "
                "AND NOT EXISTS (SELECT 1 FROM history AS u WHERE u.reverts = h.seq) "
                "ORDER BY seq DESC LIMIT 1",
                (dataset_id, reviewer),
            )
            if not found:
                return None
            row = HistoryRow(*found[0])  # type: ignore[arg-type]
            before = _state(tx, dataset_id, row.claim_id, reviewer)
            # The row's own fingerprint stands in when the reviewer's state is gone (only a
            # store edited by another program can lose it).
            kept = before.fingerprint or row.fingerprint
            if row.field == "verdict":
                after = State(row.from_verdict, before.note, row.from_fingerprint or kept)
            else:
                after = State(before.verdict, row.from_note, kept)
            return self._append(
                tx, dataset_id, row.claim_id, "undo", row.field, before, after,
                fingerprint=after.fingerprint, reviewer=reviewer, reverts=row.seq,
            )  # fmt: skip

    def redo(self, dataset_id: str, *, reviewer: str) -> Change | None:
        """Apply again the change this reviewer undid most recently.

        As in any editor, a new mark or note by the reviewer in the dataset forgets what
        could be redone; undoing a redo makes it redoable again.
        """
        check_reviewer(reviewer)
        with self._writing("nothing was redone", dataset_id, reviewer) as tx:
            edits = tx.rows(
                "SELECT seq FROM history "
                "WHERE dataset_id = ? AND reviewer = ? AND action IN ('mark', 'note') "
                "ORDER BY seq DESC LIMIT 1",
                (dataset_id, reviewer),
            )
            last_edit = edits[0][0] if edits else 0
            found = tx.rows(
                "SELECT d.field, d.claim_id, d.to_verdict, d.to_note, d.to_fingerprint, u.seq "
                "FROM history AS u JOIN history AS d ON d.seq = u.reverts "
                "WHERE u.dataset_id = ? AND u.reviewer = ? AND u.action = 'undo' "
                "AND u.seq > ? "
                "AND NOT EXISTS (SELECT 1 FROM history AS r WHERE r.reverts = u.seq) "
                "ORDER BY u.seq DESC LIMIT 1",
                (dataset_id, reviewer, last_edit),
            )
            if not found:
                return None
            field, claim_id, to_verdict, to_note, to_fingerprint, undo_seq = found[0]
            before = _state(tx, dataset_id, str(claim_id), reviewer)
            if field == "verdict":
                after = State(to_verdict, before.note, to_fingerprint)  # type: ignore[arg-type]
            else:
                kept = before.fingerprint or to_fingerprint
                after = State(before.verdict, to_note, kept)  # type: ignore[arg-type]
            return self._append(
                tx, dataset_id, str(claim_id), "redo", field, before, after,  # type: ignore[arg-type]
                fingerprint=after.fingerprint, reviewer=reviewer, reverts=undo_seq,  # type: ignore[arg-type]
            )  # fmt: skip

    # -- inside a transaction -----------------------------------------------------------

    def _append(
        self,
        tx: Tx,
        dataset_id: str,
        claim_id: str,
        action: Action,
        field: Field,
        before: State,
        after: State,
        *,
        fingerprint: str | None,
        reviewer: str,
        reverts: int | None = None,
    ) -> Change:
        """Append one history row and bring the reviewer's `current` row to match."""
        at = self._clock()
        to_fingerprint = after.fingerprint or fingerprint
        assert to_fingerprint is not None
        # A note leaves the verdict dated when it was decided: the note's own time is in
        # the history.
        keep_at = field == "note" and before.verdict is not None
        # One batch (one round trip to a server): the history row, then the reviewer's
        # current row pointing at it by the number the database just gave it.
        _, ((seq,),) = tx.batch(
            (
                "INSERT INTO history (dataset_id, claim_id, action, field, from_verdict, "
                "to_verdict, from_note, to_note, from_fingerprint, to_fingerprint, "
                "fingerprint, reviewer, at, reverts) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    dataset_id, claim_id, action, field, before.verdict, after.verdict,
                    before.note, after.note, before.fingerprint, to_fingerprint,
                    fingerprint or to_fingerprint, reviewer, at, reverts,
                ),
            ),
            (
                "INSERT INTO current (dataset_id, claim_id, reviewer, verdict, note, "
                f"fingerprint, at, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, {self._last_seq}) "
                "ON CONFLICT (dataset_id, claim_id, reviewer) DO UPDATE SET "
                "verdict = excluded.verdict, note = excluded.note, "
                "fingerprint = excluded.fingerprint, "
                f"at = {'current.at' if keep_at else 'excluded.at'}, "
                "last_seq = excluded.last_seq RETURNING last_seq",
                (dataset_id, claim_id, reviewer, after.verdict, after.note, to_fingerprint, at),
            ),
        )  # fmt: skip
        change = Change(
            seq=int(seq),  # type: ignore[call-overload]
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

    def _review(self, claim: Claim, state: State, reviewer: str) -> Review:
        """The reviewer's review of the claim in `state`; untouched reads as unreviewed."""
        if state.fingerprint is None:
            return Review(claim.id, None, None, reviewer, self._clock(), claim.fingerprint)
        row = (claim.id, state.verdict, state.note, reviewer, state.at, state.fingerprint)
        return self._read_review(row)

    def _read_review(self, row: tuple[object, ...]) -> Review:
        """A `current` row as a Review, its text safe to show (see `records.text`)."""
        claim_id, verdict, note, reviewer, at, fingerprint = row
        return Review(
            str(claim_id),  # the key the dataset's claims are looked up by
            self._known_verdict(verdict, claim_id),
            text(note),
            text(reviewer) or "",
            text(at) or "",
            str(fingerprint),
        )

    def _readable(self, change: Change) -> Change:
        """The change with its text safe to show and its verdicts ones claimline knows."""
        self._known_verdict(change.from_verdict, change.claim_id)
        self._known_verdict(change.to_verdict, change.claim_id)
        return replace(
            change,
            claim_id=text(change.claim_id) or "",
            from_note=text(change.from_note),
            to_note=text(change.to_note),
            reviewer=text(change.reviewer) or "",
            at=text(change.at) or "",
        )

    def _known_verdict(self, verdict: object, claim_id: object) -> Verdict | None:
        """Refuse what the schema's CHECK would: only a look-alike store can hold it."""
        if verdict is None:
            return None
        if is_verdict(verdict):
            return verdict
        self._fail_damaged(
            f"claim {claim_id!r} has the verdict {verdict!r}, which claimline does not know"
        )


def _state(tx: Tx, dataset_id: str, claim_id: str, reviewer: str) -> State:
    rows = tx.rows(
        "SELECT verdict, note, fingerprint, at FROM current "
        "WHERE dataset_id = ? AND claim_id = ? AND reviewer = ?",
        (dataset_id, claim_id, reviewer),
    )
    return UNTOUCHED if not rows else State(*rows[0])  # type: ignore[arg-type]
