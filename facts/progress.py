"""How far a review has come: counts a header, a summary or an export can show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from facts.model import Claim, Dataset
from facts.review import Review
from facts.timeline import Filter


@dataclass(frozen=True, slots=True)
class Progress:
    total: int
    verified: int
    disputed: int
    stale: int

    @property
    def reviewed(self) -> int:
        return self.verified + self.disputed

    def summary(self) -> str:
        """`5/13 reviewed · 3 verified · 2 disputed` (and `· 1 stale` when any are)."""
        text = (
            f"{self.reviewed}/{self.total} reviewed · {self.verified} verified · "
            f"{self.disputed} disputed"
        )
        return text + (f" · {self.stale} stale" if self.stale else "")


def claim_status(claim: Claim, reviews: Mapping[str, Review]) -> str:
    """`verified`, `disputed`, `unreviewed`, or `stale` for a verdict on an older wording."""
    review = reviews.get(claim.id)
    if review is None or review.verdict is None:
        return "unreviewed"
    return "stale" if review.is_stale(claim) else review.verdict


def matches_filter(claim: Claim, reviews: Mapping[str, Review], wanted: Filter) -> bool:
    """Whether a claim passes a verdict filter; a stale verdict still counts as its verdict."""
    if wanted == "all":
        return True
    review = reviews.get(claim.id)
    verdict = review.verdict if review else None
    if wanted == "stale":
        return review is not None and review.is_stale(claim)
    if wanted == "unreviewed":
        return verdict is None
    return verdict == wanted


def tally(dataset: Dataset, reviews: Mapping[str, Review]) -> Progress:
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
    return Progress(len(dataset.claims), verified, disputed, stale)
