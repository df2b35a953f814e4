"""A reviewer's verdict on a claim, as the store keeps it and exports read it."""

from __future__ import annotations

from dataclasses import dataclass

from facts.model import Claim
from facts.verdicts import Status, Verdict


@dataclass(frozen=True, slots=True)
class Review:
    """The current verdict and note on one claim, and who made them when.

    `fingerprint` is the claim's fingerprint when it was judged: if the claim has been
    reworded since, the verdict is stale and must be looked at again.
    """

    claim_id: str
    verdict: Verdict | None
    note: str | None
    reviewer: str
    at: str  # ISO 8601, UTC
    fingerprint: str

    @property
    def status(self) -> Status:
        """The verdict, or unreviewed (staleness needs the claim: see `status_of`)."""
        return Status(self.verdict) if self.verdict else Status.UNREVIEWED

    def is_stale(self, claim: Claim) -> bool:
        """A verdict made on a statement the claim no longer makes."""
        return self.verdict is not None and self.fingerprint != claim.fingerprint
