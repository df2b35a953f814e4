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
as a parameter, never into the SQL text. A change is worked out by the database itself
(`change_sql`), so that a server records it in one round trip.
"""

from __future__ import annotations

from dataclasses import replace

from facts.model import Claim
from facts.review import Review
from facts.store import change_sql
from facts.store.backend import Backend
from facts.store.records import (
    HISTORY_COLUMNS,
    Change,
    HistoryRow,
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
        plan = change_sql.mark(
            dataset_id, claim.id, reviewer, verdict, claim.fingerprint, self._clock()
        )
        _, state = self._record(
            "the verdict was NOT saved", dataset_id, reviewer, plan,
            maybe="the verdict MAY have been saved", wording=claim.text, claim_id=claim.id,
        )  # fmt: skip
        return self._review(claim, state, reviewer)

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
        plan = change_sql.note(
            dataset_id, claim.id, reviewer, note, claim.fingerprint, self._clock()
        )
        _, state = self._record(
            "the note was NOT saved", dataset_id, reviewer, plan,
            maybe="the note MAY have been saved", claim_id=claim.id,
        )  # fmt: skip
        return self._review(claim, state, reviewer)

    def undo(self, dataset_id: str, *, reviewer: str) -> Change | None:
        """Take back this reviewer's latest change in the dataset that is not undone yet.

        The reviewer's verdict (with the fingerprint it was judged on) or note goes back
        to what it was before that change; only their own row changes, so a colleague's
        verdict on the same claim stays exactly as it is.
        """
        check_reviewer(reviewer)
        plan = change_sql.undo(dataset_id, reviewer, self._clock())
        row, _ = self._record(
            "nothing was undone", dataset_id, reviewer, plan, maybe="the undo MAY have been made"
        )
        return None if row is None else self._readable(HistoryRow(*row).change())  # type: ignore[arg-type]

    def redo(self, dataset_id: str, *, reviewer: str) -> Change | None:
        """Apply again the change this reviewer undid most recently.

        As in any editor, a new mark or note by the reviewer in the dataset forgets what
        could be redone; undoing a redo makes it redoable again.
        """
        check_reviewer(reviewer)
        plan = change_sql.redo(dataset_id, reviewer, self._clock())
        row, _ = self._record(
            "nothing was redone", dataset_id, reviewer, plan, maybe="the redo MAY have been made"
        )
        return None if row is None else self._readable(HistoryRow(*row).change())  # type: ignore[arg-type]

    # -- reading back -------------------------------------------------------------------

    def _review(self, claim: Claim, state: tuple[object, ...] | None, reviewer: str) -> Review:
        """The reviewer's review of the claim from their `current` row (verdict, note,
        fingerprint, at); no row (untouched) reads as unreviewed."""
        if state is None:
            return Review(claim.id, None, None, reviewer, self._clock(), claim.fingerprint)
        return self._read_review((claim.id, *state[:2], reviewer, state[3], state[2]))

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
