"""The team's side of a review session: every reviewer's verdict, and what they add up to.

A session shows one reviewer at work in a team. What that reviewer needs from the team is
kept here, up to date as they mark and as colleagues' verdicts arrive:

- each claim's `TeamReview` (every reviewer's own review of it), so a contested claim can
  say so and the detail panel can list who said what;
- the team's tally (`team: 9 agreed · 2 contested`);
- the reviewer's own tally (their progress, apart from what colleagues did).

Counts change by one claim at a time as the reviewer marks, so a verdict key does not
recount a dataset of 100,000 claims.
"""

from __future__ import annotations

from collections.abc import Mapping

from facts.model import Claim, Dataset
from facts.review import Review
from facts.store.records import TeamReview
from facts.verdicts import Tally, TeamTally, tally


class TeamView:
    """Every reviewer's reviews of one dataset's claims, seen by `reviewer`."""

    def __init__(self, dataset: Dataset, reviewer: str) -> None:
        self.dataset = dataset
        self.reviewer = reviewer
        self._team: dict[str, TeamReview] = {}
        self._own: dict[str, Review] = {}
        self._own_tally: Tally | None = None
        self._agreed = 0
        self._contested = 0
        self._reviewers: frozenset[str] = frozenset()

    def replace(self, team: Mapping[str, TeamReview]) -> None:
        """Take the store's whole team view (at load and refresh)."""
        self._team = dict(team)
        self._own = {
            claim_id: own for claim_id, one in self._team.items() if (own := one.of(self.reviewer))
        }
        self._own_tally = None
        self._agreed = self._contested = 0
        for claim_id, one in self._team.items():
            self._count(claim_id, one, 1)
        self._reviewers = frozenset(
            review.reviewer for one in self._team.values() for review in one.reviews
        )

    def put(self, claim: Claim, review: Review) -> None:
        """The reviewer's own review of `claim` as the store acknowledged it."""
        old = self._team.get(claim.id)
        others = tuple(r for r in old.reviews if r.reviewer != self.reviewer) if old else ()
        new = TeamReview(claim.id, tuple(sorted((*others, review), key=lambda r: r.reviewer)))
        if old is not None:
            self._count(claim.id, old, -1)
        self._count(claim.id, new, 1)
        self._team[claim.id] = new
        self._own[claim.id] = review
        self._own_tally = None
        self._reviewers |= {review.reviewer}

    def of(self, claim_id: str) -> TeamReview | None:
        """Every reviewer's review of the claim (None: nobody touched it)."""
        return self._team.get(claim_id)

    def is_contested(self, claim_id: str) -> bool:
        one = self._team.get(claim_id)
        return one is not None and one.status == "contested"

    def own_review(self, claim_id: str) -> Review | None:
        return self._own.get(claim_id)

    @property
    def mapping(self) -> Mapping[str, TeamReview]:
        """The whole view, for a snapshot (an export reads the team's verdicts from it)."""
        return self._team

    @property
    def own_tally(self) -> Tally:
        """The reviewer's own progress: their verdicts only, whatever colleagues decided."""
        if self._own_tally is None:
            self._own_tally = tally(self.dataset, self._own)
        return self._own_tally

    @property
    def tally(self) -> TeamTally:
        return TeamTally(self._agreed, self._contested)

    @property
    def is_team(self) -> bool:
        """Whether anyone but the reviewer has reviewed this dataset in the store: a
        one-person store shows nothing about a team."""
        return bool(self._reviewers - {self.reviewer})

    def _count(self, claim_id: str, one: TeamReview, sign: int) -> None:
        if claim_id not in self.dataset.claim_by_id:
            return
        status = one.status
        if status == "agreed":
            self._agreed += sign
        elif status == "contested":
            self._contested += sign
