"""Classroom mode's summary: what the class judged and how it compares with the curators.

The class's verdicts are ordinary reviews (from the review store or anywhere else); the
curators' answers are the claims' `reference` assessments. Agreement is counted only over
claims that have both — a reference and a verdict of the class — and, in quiz mode, only
over the references that were revealed: a summary never discloses an answer the class has
not seen.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facts.atomic import ExportError, OutputExistsError, write_atomic
from facts.export.markdown import escape_inline, escape_lines, escape_paragraphs, link
from facts.model import Claim, Dataset
from facts.review import Review
from facts.timeline import Timeline, timeline_of
from facts.verdicts import Status, Verdict


@dataclass(frozen=True, slots=True)
class JudgedClaim:
    """A claim the class gave a verdict, with the curators' verdict when it may be shown."""

    number: str  # as on the slides: `3.2` is the second claim of the third event
    claim: Claim
    verdict: Verdict
    note: str | None
    reviewer: str
    stale: bool  # judged on an older wording of the claim
    reference: Verdict | None  # None: no reference, or one not revealed yet (quiz)

    @property
    def agrees(self) -> bool | None:
        """Whether the class and the curators agree; None when there is nothing to compare."""
        return None if self.reference is None else self.reference == self.verdict


@dataclass(frozen=True, slots=True)
class NotedClaim:
    """A claim with a note of the class but no verdict."""

    number: str
    claim: Claim
    note: str


@dataclass(frozen=True, slots=True)
class ClassSummary:
    """The class's verdicts over a dataset, in timeline order, and the comparison."""

    total: int
    judged: tuple[JudgedClaim, ...]
    unjudged: tuple[Claim, ...]
    noted_only: tuple[NotedClaim, ...]
    hidden_references: int  # judged claims whose reference was not revealed (quiz)
    unjudged_references: int  # claims with a reference the class has not judged

    @property
    def verified(self) -> int:
        return sum(item.verdict == "verified" for item in self.judged)

    @property
    def disputed(self) -> tuple[JudgedClaim, ...]:
        """The claims the class disputed."""
        return tuple(item for item in self.judged if item.verdict == "disputed")

    @property
    def compared(self) -> tuple[JudgedClaim, ...]:
        """Judged claims with a reference that may be compared."""
        return tuple(item for item in self.judged if item.reference is not None)

    @property
    def agreeing(self) -> tuple[JudgedClaim, ...]:
        return tuple(item for item in self.compared if item.agrees)

    @property
    def disagreements(self) -> tuple[JudgedClaim, ...]:
        return tuple(item for item in self.compared if not item.agrees)

    @property
    def stale(self) -> int:
        return sum(item.stale for item in self.judged)

    @property
    def reviewers(self) -> tuple[str, ...]:
        """Who made the verdicts counted here (several names: not all came from one class)."""
        return tuple(sorted({item.reviewer for item in self.judged}))

    def judged_text(self) -> str:
        """`The class judged 9 of 13 claims: 6 ✓ verified, 3 ✗ disputed.`"""
        if not self.total:
            return "This dataset has no claims to judge."
        if not self.judged:
            return f"The class has not judged any of the {plural(self.total, 'claim')} yet."
        return (
            f"The class judged {len(self.judged)} of {plural(self.total, 'claim')}: "
            f"{self.verified} {Status.VERIFIED.badge}, "
            f"{len(self.disputed)} {Status.DISPUTED.badge}."
        )

    def agreement_text(self) -> str:
        """`3 of 4 judged claims with a reference agree with the curators.`"""
        compared = len(self.compared)
        if compared == 0:
            if self.hidden_references:
                return (
                    f"No reference has been revealed yet for the "
                    f"{plural(self.hidden_references, 'judged claim')} that have one."
                )
            return "No judged claim has a curators' reference to compare with."
        verb = "agrees" if len(self.agreeing) == 1 else "agree"
        what = "judged claim" if compared == 1 else "judged claims"
        return (
            f"{len(self.agreeing)} of {compared} {what} with a reference {verb} with the curators."
        )

    def pending_text(self) -> str | None:
        """What the comparison leaves out, or None when it leaves nothing out."""
        parts = []
        if self.hidden_references:
            parts.append(
                f"{plural(self.hidden_references, 'judged claim')} with a reference "
                "not revealed yet (quiz)"
            )
        if self.unjudged_references:
            parts.append(
                f"{plural(self.unjudged_references, 'claim')} with a reference "
                "the class has not judged"
            )
        return "Not compared: " + "; ".join(parts) + "." if parts else None


def class_summary(
    dataset: Dataset,
    reviews: Mapping[str, Review],
    *,
    revealed: Collection[str] | None = None,
) -> ClassSummary:
    """Summarise the class's verdicts on `dataset`.

    `revealed` is the ids of the claims whose reference the class has seen (quiz mode):
    other references are left out of the comparison. None compares every reference.
    """
    judged: list[JudgedClaim] = []
    unjudged: list[Claim] = []
    noted: list[NotedClaim] = []
    hidden = unjudged_references = 0
    timeline = timeline_of(dataset)
    numbers = claim_numbers(timeline)
    for claim in timeline.claims_in_order():
        number = numbers[claim.id]
        review = reviews.get(claim.id)
        if review is None or review.verdict is None:
            unjudged.append(claim)
            if claim.reference is not None:
                unjudged_references += 1
            if review is not None and review.note:
                noted.append(NotedClaim(number, claim, review.note))
            continue
        reference = claim.reference.verdict if claim.reference else None
        if reference is not None and revealed is not None and claim.id not in revealed:
            reference = None
            hidden += 1
        judged.append(
            JudgedClaim(
                number=number,
                claim=claim,
                verdict=review.verdict,
                note=review.note or None,
                reviewer=review.reviewer,
                stale=review.is_stale(claim),
                reference=reference,
            )
        )
    return ClassSummary(
        total=len(dataset.claims),
        judged=tuple(judged),
        unjudged=tuple(unjudged),
        noted_only=tuple(noted),
        hidden_references=hidden,
        unjudged_references=unjudged_references,
    )


def claim_numbers(timeline: Timeline) -> dict[str, str]:
    """Each claim's number as the slides and the summary both show it: `3.2` is the second
    claim about the third event (a claim about several events is numbered where it first
    appears). One numbering, so "claim 3.2" on the slide is 3.2 in the handout."""
    numbers: dict[str, str] = {}
    for event_number, event in enumerate(timeline.events, start=1):
        for place, claim in enumerate(timeline.claims_under[event.id], start=1):
            numbers[claim.id] = f"{event_number}.{place}"
    return numbers


def summary_markdown(summary: ClassSummary, dataset: Dataset, now: datetime) -> str:
    """The summary as a Markdown handout; dataset and note text is escaped, never markup."""
    out = [f"# Class summary: {escape_inline(dataset.title)}", ""]
    out += [f"Lesson of {_day(now)} on the claimline dataset `{dataset.id}`.", ""]
    out.append(f"- {summary.judged_text()}")
    out.append(f"- {summary.agreement_text()}")
    pending = summary.pending_text()
    if pending:
        out.append(f"- {pending}")
    if summary.stale:
        out.append(
            f"- ⚠ {plural(summary.stale, 'verdict')} were made on an older wording of "
            "the claim (stale)."
        )
    if len(summary.reviewers) > 1:
        names = ", ".join(escape_inline(name) for name in summary.reviewers)
        out.append(f"- Verdicts recorded by: {names}.")
    out.append("")

    out += _section(
        "Where the class and the curators differ",
        [
            line
            for item in summary.disagreements
            for line in _judged_item(item, dataset, explain=True)
        ],
    )
    out += _section(
        "Claims the class disputed",
        [_numbered(item.number, item.claim, item.note) for item in summary.disputed],
    )
    out += _section(
        "Every claim the class judged",
        [line for item in summary.judged for line in _judged_item(item, dataset, explain=False)],
    )
    out += _section(
        "Notes on claims without a verdict",
        [_numbered(noted.number, noted.claim, noted.note) for noted in summary.noted_only],
    )
    out += _section("Not judged", [f"- {escape_inline(claim.text)}" for claim in summary.unjudged])
    return "\n".join(out).rstrip("\n") + "\n"


def _section(title: str, lines: list[str]) -> list[str]:
    """A `##` section holding `lines`; nothing at all when there are none."""
    return [f"## {title}", "", *lines, ""] if lines else []


def _numbered(number: str, claim: Claim, note: str | None) -> str:
    """`- **3.2** claim text — note: …`, the note left out when there is none."""
    said = f" — note: {escape_inline(note)}" if note else ""
    return f"- **{number}** {escape_inline(claim.text)}{said}"


def _judged_item(item: JudgedClaim, dataset: Dataset, *, explain: bool) -> list[str]:
    """A bullet (never an ordered list: Markdown would renumber the claims' numbers)."""
    head = f"- **{item.number}** Class: **{Status(item.verdict).badge}**"
    if item.stale:
        head += " (stale)"
    head += f" — {escape_inline(item.claim.text)}"
    lines = [head]
    if item.reference is not None:
        agreement = "agrees" if item.agrees else "differs"
        lines.append(f"  - Curators' reference: {Status(item.reference).badge} ({agreement})")
        reference = item.claim.reference
        if explain and reference is not None:
            lines.append(f"  - Why: {escape_paragraphs(reference.explanation, indent='    ')}")
            for source_id in reference.sources:
                source = dataset.source_by_id.get(source_id)
                label = source.title if source else source_id
                lines.append(f"  - Source: {link(label, source.url if source else None)}")
    if item.note:
        lines.append(f"  - Class note: {escape_lines(item.note, indent='    ')}")
    return lines


def _day(now: datetime) -> str:
    return f"{now.day} {now:%B %Y}"


def plural(count: int, noun: str) -> str:
    """`1 claim`, `3 claims`; a two-word noun pluralises its last word."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_file_name(dataset: Dataset, now: datetime) -> str:
    """`ecuador-2025-class-summary-2025-03-12.md`."""
    return f"{dataset.id}-class-summary-{now:%Y-%m-%d}.md"


def save_summary(text: str, folder: str | Path, name: str) -> Path:
    """Write `text` to `folder/name` atomically, never over an existing file.

    When the name is taken (a second export the same day), `-2`, `-3` … is added before the
    suffix. Raise `ExportError` (naming the path) when the folder can't be written.
    """
    base = Path(name)
    for attempt in range(1, 1000):
        candidate = base.name if attempt == 1 else f"{base.stem}-{attempt}{base.suffix}"
        try:
            return write_atomic(Path(folder) / candidate, text)
        except OutputExistsError:
            continue
    raise ExportError(
        f"too many class summaries named {base.stem}* in {folder}; move some away",
        Path(folder) / name,
    )
