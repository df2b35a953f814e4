"""What a slide of the presentation shows: the year, the event's sources on one line, the
claims as numbered cards, and the curators' reference in its own box once revealed.

The reference is never where the class's verdict is: the card says what the class decided,
the box (a separate widget) what the curators found. In quiz mode the card does not even
hint that a claim has a reference, and the claim detail leaves it out until revealed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from facts.model import Claim, Dataset, Event
from facts.review import Review
from facts.session import Change, ReviewSession
from facts.verdicts import Status, status_of
from tui.renderables import (
    ClaimDetail,
    KeyHints,
    claim_renderable,
    event_when,
    note_line,
    source_label,
)
from tui.rendering import literal

ALSO_ABOUT = "(also about this event)"


@dataclass(frozen=True, slots=True)
class SlideClaim:
    """A claim on a slide: about this event first, or also about it (see also)."""

    claim: Claim
    also: bool  # the claim sits first under an earlier event


def year_digits(event: Event) -> str:
    """What the big digits show: `2023`, or `1999-2009` for an event that spans years."""
    text = str(event.date.year)
    if event.end is not None and event.end.year != event.date.year:
        text += f"-{event.end.year}"
    return text


def sources_line(dataset: Dataset, event: Event) -> Text:
    """`Sources: The Daily Example (Example Press); …` on one line: the room sees where
    the event comes from without a list taking the slide's height."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if not event.sources:
        return text
    text.append("Sources: ", style="bold")
    for at, source_id in enumerate(event.sources):
        if at:
            text.append("; ")
        text.append_text(source_label(dataset, source_id))
    return text


def claim_card(
    session: ReviewSession,
    entry: SlideClaim,
    number: str,
    *,
    selected: bool,
    quiz: bool,
    keys: KeyHints,
) -> tuple[RenderableType, RenderableType | None]:
    """The card's content (the claim numbered as the summary numbers it, `3.2`), and the
    reference box (None while the reference is hidden)."""
    claim = entry.claim
    lines: list[Text] = [literal(claim.text)]
    if entry.also:
        home = session.home_event(claim)
        also = Text(style="italic")
        also.append(f"{ALSO_ABOUT} first shown at {event_when(home)}: ")
        also.append_text(literal(home.title))
        lines.append(also)
    dataset = session.dataset
    source = dataset.source_by_id.get(claim.appeared_in) if claim.appeared_in else None
    said = [
        part
        for part in (
            claim.claimant,
            source.title if source else None,
            claim.appeared_on.display() if claim.appeared_on else None,
        )
        if part
    ]
    if said:
        lines.append(Text("— ") + literal(", ".join(said)))
    review = session.review_of(claim.id)
    lines.append(_class_verdict(review, status_of(claim, review), selected, keys))
    if review is not None and review.note:
        lines.append(note_line(review.note))
    revealed = claim.id in session.revealed
    if not revealed and not quiz and claim.reference is not None and selected:
        lines.append(Text(f"{keys.reveal} reveals the curators' reference", style="italic"))
    grid = Table.grid(expand=True)
    grid.add_column(width=8, no_wrap=True)
    grid.add_column(ratio=1)
    mark = Text("▶ " if selected else "  ", style="bold")
    mark.append(number, style="bold")
    grid.add_row(mark, Group(*lines))
    if not revealed:
        return grid, None
    return grid, reference_box(dataset, claim, review)


def _class_verdict(review: Review | None, status: Status, selected: bool, keys: KeyHints) -> Text:
    verdict = Text()
    verdict.append("Class: ", style="bold")
    if review is None or review.verdict is None:
        verdict.append("· not judged yet")
        if selected:
            verdict.append(f" — {keys.verified} verified, {keys.disputed} disputed")
        return verdict
    verdict.append(f" {Status(review.verdict).badge} ", style="bold reverse")
    if status is Status.STALE:
        verdict.append("  ! stale: judged on an older wording", style="bold")
    return verdict


def reference_box(dataset: Dataset, claim: Claim, review: Review | None) -> RenderableType:
    """The curators' reference, labelled as theirs, compared with the class's verdict."""
    reference = claim.reference
    if reference is None:
        return Text.assemble(
            ("No curators' reference", "bold"),
            ": the curators did not assess this claim; the class's verdict stands alone.",
        )
    head = Text()
    head.append("Curators' reference", style="bold underline")
    head.append(" — the curators' answer, not the class's verdict", style="italic")
    verdict = Text()
    verdict.append(f" {Status(reference.verdict).badge} ", style="bold reverse")
    if review is not None and review.verdict is not None:
        if review.verdict == reference.verdict:
            verdict.append("   = the class agrees", style="bold")
        else:
            verdict.append(f"   ≠ the class said {Status(review.verdict).badge}", style="bold")
    else:
        verdict.append("   (the class has not judged it yet)")
    parts: list[RenderableType] = [head, verdict, literal(reference.explanation)]
    if reference.sources:
        sources = Text()
        sources.append("Sources", style="bold")
        for source_id in reference.sources:
            sources.append("\n• ")
            sources.append_text(source_label(dataset, source_id))
            source = dataset.source_by_id.get(source_id)
            if source and source.url:
                sources.append("\n  ")
                sources.append_text(literal(source.url, style="underline"))
        parts.append(sources)
    return Group(*parts)


def claim_detail(
    session: ReviewSession, claim: Claim, history: list[Change], *, quiz: bool, keys: KeyHints
) -> RenderableType:
    """Everything about the claim for the claim detail (i). In quiz mode the detail does
    not even say that a reference exists until it is revealed."""
    detail = ClaimDetail.of(session, claim, history, team=False)
    if quiz and not detail.show_reference:
        detail = replace(detail, claim=claim.model_copy(update={"reference": None}))
    return claim_renderable(session.dataset, detail, session.home_event(claim).title, keys)
