"""`claimline agreement` as people read it: pairs, the team, then the contested claims.

Plain aligned text (not a rich table) so the output is the same in a terminal, a pipe and
a file, and a reviewer's name or a claim's text can never be taken for markup. Names and
claim text come from the store and the dataset: control characters are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping

from facts.agreement import FEW_CLAIMS, AgreementReport, PairAgreement
from facts.control_chars import without_controls

# Symbol and word, as everywhere a verdict is shown.
_VERDICT = {"verified": "✓ verified", "disputed": "✗ disputed"}
_CLAIM_WIDTH = 60


def render_table(report: AgreementReport, claim_text: Mapping[str, str], title: str) -> str:
    """The report as text; `claim_text` maps claim ids to their statement for the list."""
    team = report.team
    lines = [
        f"Agreement on {_clean(title)}",
        f"{_count(len(team.reviewers), 'reviewer')}, "
        f"{_count(team.pairable, 'claim')} judged by two or more"
        + (f", {team.judged_once} by one only" if team.judged_once else ""),
        "",
    ]
    if report.pairs:
        lines += _pairs(report.pairs)
        for pair in report.pairs:
            if pair.few_claims:
                lines += [
                    f"⚠ {_clean(pair.first)} · {_clean(pair.second)}: only "
                    f"{_count(pair.both_judged, 'claim')} judged by both "
                    f"(fewer than {FEW_CLAIMS}):",
                    "  one verdict more or less can change these figures a lot",
                ]
        lines.append("")
    if team.alpha is not None:
        lines.append(
            f"Team: Krippendorff's alpha (nominal) {team.alpha:.3f} "
            f"over {_count(team.pairable, 'claim')} judged by two or more"
        )
    else:
        lines.append(f"Team: Krippendorff's alpha undefined: {team.why_undefined}")
    if team.judged_once:
        verb = "is" if team.judged_once == 1 else "are"
        lines.append(
            f"      ({_count(team.judged_once, 'claim')} judged by one reviewer only {verb} "
            "not counted: a lone verdict cannot agree or disagree)"
        )
    if team.alpha is not None and team.few_claims:
        lines += [
            f"⚠ the team's alpha rests on only {_count(team.pairable, 'claim')} (fewer than "
            f"{FEW_CLAIMS}):",
            "  judge more claims together before trusting it",
        ]
    lines.append("")
    if not report.contested:
        lines.append("Contested: none")
        return "\n".join(lines) + "\n"
    lines.append(f"Contested ({len(report.contested)}):")
    for item in report.contested:
        statement = _clean(claim_text.get(item.claim_id, ""))
        if len(statement) > _CLAIM_WIDTH:
            statement = statement[: _CLAIM_WIDTH - 1] + "…"
        lines.append(f"  {_clean(item.claim_id)}  {statement}")
        verdicts = " · ".join(
            f"{_clean(name)} {_VERDICT.get(verdict, _clean(verdict))}"
            for name, verdict in item.verdicts.items()
        )
        lines.append(f"      {verdicts}")
    return "\n".join(lines) + "\n"


def _pairs(pairs: tuple[PairAgreement, ...]) -> list[str]:
    rows = [("Reviewers", "Both judged", "Agreed", "Cohen's kappa")]
    for pair in pairs:
        agreed = f"{pair.agreed} ({pair.percent:.1f}%)" if pair.percent is not None else "—"
        kappa = (
            f"{pair.kappa:.3f}" if pair.kappa is not None else f"undefined: {pair.why_undefined}"
        )
        names = f"{_clean(pair.first)} · {_clean(pair.second)}"
        rows.append((names, str(pair.both_judged), agreed, kappa))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    return [
        f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}".rstrip()
        for row in rows
    ]


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _clean(text: str) -> str:
    return " ".join(without_controls(text).split())
