"""A claim's reference assessment, settled from every rating its fact-checks gave.

The verdict is set only when the ratings that the table maps all say the same; the
explanation quotes every publisher's own wording. A claim whose reference was already
set (by a curator, or an earlier import) keeps it: an import never overrules a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facts.importers.claimreview.ratings import Verdict
from facts.importers.claimreview.records import FoundReview
from facts.importers.claimreview.report import Report


@dataclass(frozen=True, slots=True)
class _Rated:
    review: FoundReview
    source_id: str
    verdict: Verdict | None

    def line(self) -> str:
        by = self.review.publisher or "A fact-checker"
        wording = self.review.rating.wording()
        if wording is None:
            return f"{by} gave no rating."
        reading = (
            f"{self.verdict} in claimline's rating table"
            if self.verdict
            else "not in claimline's rating table"
        )
        return f"{by} rated it “{wording}” ({reading})."


class Ratings:
    """The ratings added to each claim during one import."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.by_claim: dict[str, list[_Rated]] = {}

    def add(
        self, claim_id: str, review: FoundReview, source_id: str, verdict: Verdict | None
    ) -> None:
        self.by_claim.setdefault(claim_id, []).append(_Rated(review, source_id, verdict))
        if verdict is None:
            self.report.note(review.where, _no_verdict(review))

    def settle(self, claims: list[dict[str, Any]], existing: set[str]) -> None:
        """Set the reference of each claim rated in this import that has none yet."""
        for claim in claims:
            rated = self.by_claim.get(claim["id"])
            if not rated:
                continue
            where = f"claim {claim['id']!r}"
            verdicts = {item.verdict for item in rated if item.verdict}
            reference = claim.get("reference")
            if reference is not None:
                others = verdicts - {reference["verdict"]}
                if others:
                    self.report.note(
                        where,
                        f"keeps its reference ({reference['verdict']}); a new fact-check rates "
                        f"it {', '.join(sorted(others))}: see its evidence",
                    )
                continue
            if len(verdicts) > 1:
                self.report.note(
                    where,
                    "the fact-checkers' ratings disagree, so no reference verdict: "
                    + " ".join(item.line() for item in rated),
                )
                continue
            if not verdicts:
                continue
            sources = list(dict.fromkeys(item.source_id for item in rated if item.verdict))
            claim["reference"] = {
                "verdict": verdicts.pop(),
                "explanation": "\n".join(item.line() for item in rated),
                "sources": sources,
            }


def _no_verdict(review: FoundReview) -> str:
    rating = review.rating
    if rating.word:
        return (
            f"the rating “{rating.word}” is not in the rating table, so no reference "
            "verdict; the publisher's wording is kept in the evidence"
        )
    if rating.value is not None:
        return (
            f"the rating {rating.wording()} is not at either end of a declared scale, so no "
            "reference verdict; it is kept in the evidence"
        )
    return "no rating given, so no reference verdict"
