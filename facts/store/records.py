"""What a review store keeps and hands out: changes, each reviewer's state, the team's view.

Shared by every backend, so that a verdict reads the same from a file and from a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from facts.control_chars import without_controls
from facts.review import Review
from facts.verdicts import VERDICTS, Verdict

Action = Literal["mark", "note", "undo", "redo"]
Field = Literal["verdict", "note"]
TeamStatus = Literal["agreed", "contested", "verified", "disputed", "unreviewed"]

HISTORY_COLUMNS = (
    "seq, dataset_id, claim_id, action, field, from_verdict, to_verdict, from_note, to_note, "
    "from_fingerprint, to_fingerprint, fingerprint, reviewer, at, reverts"
)
"""The columns of a history row, in the order `HistoryRow` takes them."""

CURRENT_COLUMNS = "dataset_id, claim_id, reviewer, verdict, note, fingerprint, at, last_seq"
"""The columns of a `current` row (one reviewer's state of one claim), for copying stores."""


@dataclass(frozen=True, slots=True)
class Change:
    """One row of history: who changed what on which claim, from what to what, when.

    Each reviewer has their own verdict and note per claim, so from/to are that
    reviewer's (in a store written before version 2 they were the claim's one shared
    state). A mark carries the note unchanged on both sides and a note carries the
    verdict unchanged, so every row shows the whole state before and after.
    `fingerprint` is the claim's fingerprint given with a mark or note; for an undo or
    redo, which are not given a claim, it is the fingerprint the restored verdict goes
    with.
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


@dataclass(frozen=True, slots=True)
class State:
    """One reviewer's verdict and note on one claim, and the wording the verdict judged."""

    verdict: Verdict | None
    note: str | None
    fingerprint: str | None  # None: the reviewer never touched the claim
    at: str | None = None  # when the verdict (or, without one, the note) was recorded


UNTOUCHED = State(None, None, None)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """A history row with every column (undo, redo and copying need the ones `Change` omits)."""

    seq: int
    dataset_id: str
    claim_id: str
    action: Action
    field: Field
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


@dataclass(frozen=True, slots=True)
class TeamReview:
    """Every reviewer's own review of one claim, and what they add up to.

    `reviews` holds one Review per reviewer who ever touched the claim (a verdict or
    only a note), ordered by reviewer name; a reviewer who took their verdict back reads
    as unreviewed and does not count as judging.
    """

    claim_id: str
    reviews: tuple[Review, ...]

    @property
    def judged(self) -> tuple[Review, ...]:
        """The reviews that carry a verdict: the ones agreement is about."""
        return tuple(review for review in self.reviews if review.verdict is not None)

    @property
    def status(self) -> TeamStatus:
        """`agreed` when two or more reviewers judged alike, `contested` when they differ,
        the verdict itself when one reviewer judged, `unreviewed` when nobody did.

        One verdict is not an agreement: a claim counts as agreed only once a second
        reviewer has confirmed it, which is what a fact-checking desk asks before
        publishing.
        """
        verdicts = {review.verdict for review in self.judged}
        if not verdicts:
            return "unreviewed"
        if len(verdicts) > 1:
            return "contested"
        if len(self.judged) > 1:
            return "agreed"
        (verdict,) = verdicts
        assert verdict is not None
        return verdict

    @property
    def verdict(self) -> Verdict | None:
        """The verdict the team stands by: the agreed one or the one reviewer's; None when
        contested or unreviewed."""
        verdicts = {review.verdict for review in self.judged}
        return verdicts.pop() if len(verdicts) == 1 else None

    def of(self, reviewer: str) -> Review | None:
        """This reviewer's own review of the claim, if they touched it."""
        return next((review for review in self.reviews if review.reviewer == reviewer), None)


def check_reviewer(reviewer: str) -> None:
    """Every change says who made it: an empty name would make history anonymous.

    The name is shown to everyone who opens the store, so it can't hold control characters
    (an escape sequence would reach their terminals).
    """
    if not isinstance(reviewer, str) or not reviewer.strip():
        raise ValueError(f"reviewer must be a non-empty name, not {reviewer!r}")
    if without_controls(reviewer) != reviewer:
        raise ValueError(f"reviewer name must not hold control characters: {reviewer!r}")


def check_verdict(verdict: object) -> None:
    if verdict is not None and verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS} or None, not {verdict!r}")


def text(value: object) -> str | None:
    """Text from the store without control characters; bytes (a BLOB) are read as UTF-8.

    The store may have been written by another program (or a colleague's hostile note),
    so what it holds is treated like text from a dataset: data, never terminal escapes.
    """
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return without_controls(str(value))


def now() -> str:
    """ISO 8601 UTC to the second; order within a second is kept by `seq`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
