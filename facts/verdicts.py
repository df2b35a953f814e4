"""The review vocabulary, defined once: verdicts, a claim's status, filters and the tally.

A verdict is what a reviewer decides (`verified` or `disputed`); a status is what a claim
shows (a verdict, `unreviewed`, or `stale` for a verdict made on an older wording). Every
screen, summary and count takes its values, symbols and words from here, so a status is
never shown by colour alone and never spelt two ways.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, TypeGuard

if TYPE_CHECKING:
    from facts.model import Claim, Dataset
    from facts.review import Review

Verdict = Literal["verified", "disputed"]
"""A reviewer's decision on a claim, as files and stores hold it."""

VERDICTS: tuple[Verdict, ...] = ("verified", "disputed")


def is_verdict(value: object) -> TypeGuard[Verdict]:
    """Whether `value` is a verdict (a key binding's argument, a value read from a store)."""
    return value in VERDICTS


class Status(StrEnum):
    """What a claim shows: its verdict, `unreviewed`, `stale`, or `contested` when the
    team's reviewers gave it different verdicts; with a symbol and a word."""

    VERIFIED = "verified"
    DISPUTED = "disputed"
    UNREVIEWED = "unreviewed"
    STALE = "stale"
    CONTESTED = "contested"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]

    @property
    def badge(self) -> str:
        """`✓ verified`: the symbol and the word, never one without the other."""
        return f"{self.symbol} {self.value}"

    @property
    def needs_review(self) -> bool:
        """Unreviewed, or judged on a wording the claim no longer has."""
        return self in (Status.UNREVIEWED, Status.STALE)


_SYMBOLS = {
    Status.VERIFIED: "✓",
    Status.DISPUTED: "✗",
    Status.UNREVIEWED: "·",
    Status.STALE: "!",
    Status.CONTESTED: "⚠",
}
BADGE_WIDTH = max(len(status.badge) for status in Status)

Filter = Literal["all", "unreviewed", "verified", "disputed", "stale"]
FILTERS: tuple[Filter, ...] = ("all", "unreviewed", "verified", "disputed", "stale")

TeamFilter = Literal["all", "unreviewed", "verified", "disputed", "stale", "contested"]
TEAM_FILTERS: tuple[TeamFilter, ...] = (*FILTERS, "contested")
"""The app's filter cycle: `contested` needs every reviewer's verdicts, which a session has
and a plain mapping of reviews (`matches_filter`, `claimline show`) does not."""


def status_of(claim: Claim, review: Review | None) -> Status:
    """The claim's status under `review` (None: never reviewed)."""
    if review is None or review.verdict is None:
        return Status.UNREVIEWED
    return Status.STALE if review.is_stale(claim) else Status(review.verdict)


def matches_filter(claim: Claim, review: Review | None, wanted: Filter) -> bool:
    """Whether a claim passes a verdict filter; a stale verdict still counts as its verdict."""
    if wanted == "all":
        return True
    verdict = review.verdict if review else None
    if wanted == "stale":
        return review is not None and review.is_stale(claim)
    if wanted == "unreviewed":
        return verdict is None
    return verdict == wanted


@dataclass(frozen=True, slots=True)
class Tally:
    """How far a review has come: what a header, a summary or an export counts."""

    total: int
    verified: int
    disputed: int
    stale: int

    @property
    def reviewed(self) -> int:
        return self.verified + self.disputed

    def summary(self) -> str:
        """`5/13 reviewed · 3 verified · 2 disputed` (and `· 1 stale` when any are).

        Counts carry thousands separators: `1,204/100,000` reads at a glance on a
        projector, `1204/100000` does not."""
        text = (
            f"{self.reviewed:,}/{self.total:,} reviewed · {self.verified:,} verified · "
            f"{self.disputed:,} disputed"
        )
        return text + (f" · {self.stale:,} stale" if self.stale else "")


@dataclass(frozen=True, slots=True)
class TeamTally:
    """How far the team agrees: claims two or more reviewers judged alike, and claims
    whose reviewers differ (a claim judged by one reviewer is neither)."""

    agreed: int
    contested: int

    def summary(self) -> str:
        """`team: 9 agreed · 2 contested`."""
        return f"team: {self.agreed:,} agreed · {self.contested:,} contested"


def tally(dataset: Dataset, reviews: Mapping[str, Review]) -> Tally:
    """Count the dataset's claims by verdict; reviews of claims no longer there are ignored."""
    verified = disputed = stale = 0
    claims = dataset.claim_by_id
    for claim_id, review in reviews.items():
        claim = claims.get(claim_id)
        if claim is None or review.verdict is None:
            continue
        if review.verdict == "verified":
            verified += 1
        else:
            disputed += 1
        if review.is_stale(claim):
            stale += 1
    return Tally(len(dataset.claims), verified, disputed, stale)
