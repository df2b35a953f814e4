"""How far a team's reviewers agree: pair by pair, as a team, and where they differ.

A verdict is a nominal category ("verified", "disputed"): there is no order or distance
between them, so the figures here are the nominal forms.

- For each pair of reviewers, over the claims both judged: percent agreement and Cohen's
  kappa (Cohen 1960), which discounts the agreement two reviewers would reach by chance
  given how often each gives each verdict.
- For the team: Krippendorff's alpha for nominal data (Krippendorff 2011, "Computing
  Krippendorff's Alpha-Reliability"). Alpha, not Fleiss' kappa, because in a team not
  everyone judges every claim: Fleiss' kappa needs the same number of raters on every
  claim, so it would have to drop claims or invent verdicts, while alpha uses every
  claim judged by two or more reviewers as it is, and ignores only claims judged by one
  (a lone verdict cannot agree or disagree with anyone).
- The contested claims: judged by two or more reviewers who gave different verdicts.

Both coefficients are computed here by hand: each is a few lines of counting, whereas the
libraries that provide them pull in numpy (and scikit-learn/statsmodels pull in SciPy), tens
of megabytes for a terminal app. The tests check the figures against published worked
examples and against the `krippendorff` package on random data.

A figure over few claims is shaky: under `FEW_CLAIMS` shared claims one verdict moves the
percent agreement by more than ten points, and kappa or alpha can swing from "good" to
"poor" on a single claim. The report marks such figures (`few_claims`) so that the table
says so beside them, rather than leave a team to trust a kappa of 1.0 over three claims.

A coefficient that cannot be computed is `None` with a reason, never a division by zero:
with no claims in common there is nothing to measure, and when every verdict is the same
(everyone said "verified" to everything) the chance agreement is 100% and kappa/alpha are
0/0 — the percent agreement still says what happened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

Ratings = Mapping[str, Mapping[str, str | None]]
"""claim id → {reviewer: verdict}; a verdict of None (unreviewed) counts as not judged."""

NO_OVERLAP = "no claim judged by both"
ONE_VERDICT = "every verdict is the same, so agreement by chance is 100%"
TOO_FEW = "no claim judged by two or more reviewers"

FEW_CLAIMS = 10
"""Fewer shared claims than this and a figure is flagged as resting on too few to trust."""


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Two reviewers over the claims both judged.

    `kappa` is None when it is undefined; `why_undefined` then says why.
    """

    first: str
    second: str
    both_judged: int
    agreed: int
    kappa: float | None
    why_undefined: str | None

    @property
    def percent(self) -> float | None:
        """Share of the claims both judged on which they gave the same verdict, 0–100."""
        return 100 * self.agreed / self.both_judged if self.both_judged else None

    @property
    def few_claims(self) -> bool:
        """Whether the pair's figures rest on too few shared claims to be stable."""
        return 0 < self.both_judged < FEW_CLAIMS


@dataclass(frozen=True, slots=True)
class TeamAgreement:
    """The whole team: Krippendorff's alpha over every claim judged by two or more.

    `pairable` counts those claims; `judged_once` counts claims only one reviewer judged,
    which alpha cannot use.
    """

    reviewers: tuple[str, ...]
    pairable: int
    judged_once: int
    alpha: float | None
    why_undefined: str | None

    @property
    def few_claims(self) -> bool:
        """Whether alpha rests on too few claims judged by two or more to be stable."""
        return 0 < self.pairable < FEW_CLAIMS


@dataclass(frozen=True, slots=True)
class Contested:
    """A claim on which the reviewers who judged it differ."""

    claim_id: str
    verdicts: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Everything `claimline agreement` reports, in reviewer and claim order."""

    pairs: tuple[PairAgreement, ...]
    team: TeamAgreement
    contested: tuple[Contested, ...]

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form: undefined figures are null with the reason beside them."""
        return {
            "reviewers": list(self.team.reviewers),
            "pairs": [
                {
                    "reviewers": [pair.first, pair.second],
                    "both_judged": pair.both_judged,
                    "agreed": pair.agreed,
                    "percent_agreement": pair.percent,
                    "cohen_kappa": pair.kappa,
                    "why_undefined": pair.why_undefined,
                    "few_claims": pair.few_claims,
                }
                for pair in self.pairs
            ],
            "team": {
                "krippendorff_alpha_nominal": self.team.alpha,
                "claims_judged_by_two_or_more": self.team.pairable,
                "claims_judged_by_one": self.team.judged_once,
                "why_undefined": self.team.why_undefined,
                "few_claims": self.team.few_claims,
            },
            "few_claims_below": FEW_CLAIMS,
            "contested": [
                {"claim_id": item.claim_id, "verdicts": dict(item.verdicts)}
                for item in self.contested
            ],
        }


def agreement(ratings: Ratings) -> AgreementReport:
    """Pairwise, team and contested figures for `ratings` (claim id → reviewer → verdict).

    Claims keep the order of `ratings`; reviewers are sorted by name so a report reads the
    same whatever order the store returned them in.
    """
    judged = _judged(ratings)
    reviewers = tuple(sorted({name for verdicts in judged.values() for name in verdicts}))
    pairs = tuple(_pair(judged, first, second) for first, second in combinations(reviewers, 2))
    alpha, why = krippendorff_alpha_nominal(judged.values())
    team = TeamAgreement(
        reviewers=reviewers,
        pairable=sum(1 for verdicts in judged.values() if len(verdicts) >= 2),
        judged_once=sum(1 for verdicts in judged.values() if len(verdicts) == 1),
        alpha=alpha,
        why_undefined=why,
    )
    contested = tuple(
        Contested(claim_id, dict(sorted(verdicts.items())))
        for claim_id, verdicts in judged.items()
        if len(set(verdicts.values())) > 1
    )
    return AgreementReport(pairs=pairs, team=team, contested=contested)


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> tuple[float | None, str | None]:
    """Cohen's kappa for two raters' verdicts on the same units, or (None, why).

    kappa = (po - pe) / (1 - pe), po the observed share of agreement, pe the share expected
    by chance from each rater's own verdict frequencies. Computed on counts:
    (N·agreed - Σ a_c·b_c) / (N² - Σ a_c·b_c), so the undefined case (pe = 1) is an exact
    integer zero, not a float that happens to be close to it.
    """
    total = len(pairs)
    if total == 0:
        return None, NO_OVERLAP
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    agreed = sum(1 for a, b in pairs if a == b)
    chance = sum(count * second[category] for category, count in first.items())
    denominator = total * total - chance
    if denominator == 0:
        return None, ONE_VERDICT
    return (total * agreed - chance) / denominator, None


def krippendorff_alpha_nominal(
    units: Iterable[Mapping[str, str | None]],
) -> tuple[float | None, str | None]:
    """Krippendorff's alpha (nominal) over `units`, each a mapping rater → verdict.

    Units with fewer than two verdicts are not pairable and are left out, as Krippendorff
    prescribes. With n the pairable values, n_c those in category c and, per unit u with
    m_u values of which n_uc in category c:

        alpha = ((n - 1) · Σ_u Σ_c n_uc(n_uc - 1)/(m_u - 1) - Σ_c n_c(n_c - 1))
                / (n(n - 1) - Σ_c n_c(n_c - 1))

    which is 1 - D_o/D_e with the coincidence matrix written out for the nominal metric.
    """
    totals: Counter[str] = Counter()
    matching = 0.0  # Σ_u Σ_c n_uc(n_uc - 1)/(m_u - 1): the coincidence matrix's diagonal
    for unit in units:
        values = [verdict for verdict in unit.values() if verdict is not None]
        if len(values) < 2:
            continue
        counts = Counter(values)
        totals.update(counts)
        matching += sum(c * (c - 1) for c in counts.values()) / (len(values) - 1)
    n = sum(totals.values())
    if n == 0:
        return None, TOO_FEW
    same = sum(c * (c - 1) for c in totals.values())
    denominator = n * (n - 1) - same
    if denominator == 0:
        return None, ONE_VERDICT
    return ((n - 1) * matching - same) / denominator, None


def _judged(ratings: Ratings) -> dict[str, dict[str, str]]:
    """Drop unreviewed entries (None) and claims nobody judged."""
    judged: dict[str, dict[str, str]] = {}
    for claim_id, verdicts in ratings.items():
        kept = {name: verdict for name, verdict in verdicts.items() if verdict is not None}
        if kept:
            judged[claim_id] = kept
    return judged


def _pair(judged: Mapping[str, Mapping[str, str]], first: str, second: str) -> PairAgreement:
    both = [
        (verdicts[first], verdicts[second])
        for verdicts in judged.values()
        if first in verdicts and second in verdicts
    ]
    kappa, why = cohen_kappa(both)
    return PairAgreement(
        first=first,
        second=second,
        both_judged=len(both),
        agreed=sum(1 for a, b in both if a == b),
        kappa=kappa,
        why_undefined=why,
    )
