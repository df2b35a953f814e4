"""Claims, events and sources as Rich renderables: what every screen shows of them.

The review screen's detail panel, the presentation (its slides and its claim detail) and
the class summary build what they show of a claim, an event or a source from here, so an
event's dates, a source's label and the treatment of dataset text (`literal`: never
markup, no control character, a length cap) are written once.

The detail of a claim: the full claim, who made it and where, its events, evidence with
links, the checker's hints, the verdict with who and when, the note and the history of
changes. The curators' reference assessment stays hidden unless revealed, so it is never
mistaken for the reviewer's own verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from rich.console import Group
from rich.text import Text

from facts.control_chars import without_controls
from facts.export.selection import event_when
from facts.model import Claim, Dataset, Event
from facts.review import Review
from facts.session import Change, ReviewSession, TeamReview
from facts.verdicts import BADGE_WIDTH, Status
from tui.rendering import MUTED, link_text, literal, readable_time

__all__ = [
    "ClaimDetail",
    "KeyHints",
    "claim_renderable",
    "claim_sections",
    "event_renderable",
    "event_when",
    "note_line",
    "source_label",
]

HEADING = "bold"
LABEL = "bold"
# 50,000 claims on one event took seconds to lay out on every visit, the app frozen
# meanwhile: a list shows this many and says how many it leaves out.
MAX_ITEMS = 200

T = TypeVar("T")


@dataclass(frozen=True)
class ClaimDetail:
    """What the panel needs to describe a claim."""

    claim: Claim
    review: Review | None
    status: Status
    history: list[Change]
    show_reference: bool
    # Every reviewer's review, when the claim has more than the one shown above it, and
    # who is looking (their line says "you").
    team: TeamReview | None = None
    reviewer: str = ""
    judged_wording: str | None = None  # a stale verdict's wording, when the store has it

    @classmethod
    def of(
        cls, session: ReviewSession, claim: Claim, history: list[Change], *, team: bool = True
    ) -> ClaimDetail:
        """What `session` holds about `claim`; every reviewer's verdict too when `team`."""
        return cls(
            claim=claim,
            review=session.review_of(claim.id),
            status=session.status_of(claim),
            history=history,
            show_reference=claim.id in session.revealed,
            team=session.team.of(claim.id) if team else None,
            reviewer=session.reviewer,
            judged_wording=session.judged_wording(claim),
        )


def _first(items: list[T]) -> list[T]:
    return items[:MAX_ITEMS]


def _more(items: Sequence[object], what: str) -> Text | None:
    """` … and 49,800 more claims`, when a list is longer than the panel shows."""
    left = len(items) - MAX_ITEMS
    return Text(f" … and {left:,} more {what}", style=MUTED) if left > 0 else None


def _section(title: str) -> Text:
    return Text(f"\n{title}", style=HEADING)


def _field(label: str, value: str | None) -> Text | None:
    if not value:
        return None
    return Text.assemble((f"{label}: ", LABEL), literal(value))


def source_label(dataset: Dataset, source_id: str, publisher_style: str = "") -> Text:
    """`Title (Publisher)`, or the id of a source the dataset does not describe."""
    source = dataset.source_by_id.get(source_id)
    label = literal(source.title if source else source_id)
    if source and source.publisher:
        label.append_text(literal(f" ({source.publisher})", style=publisher_style))
    return label


def note_line(note: str, indent: str = "") -> Text:
    """`Note: …` under a claim, the note as typed."""
    return Text.assemble(indent, ("Note: ", LABEL), literal(note))


def _source_line(
    dataset: Dataset, source_id: str, note: str | None = None, url: str | None = None
) -> list[Text]:
    source = dataset.source_by_id.get(source_id)
    line = Text(" • ")
    line.append_text(source_label(dataset, source_id, publisher_style=MUTED))
    if source and source.published:
        line.append(f", {source.published.display()}", style=MUTED)
    lines = [line]
    if note:
        lines.append(Text("   ") + literal(note))
    link = url or (source.url if source else None)
    if link:
        lines.append(link_text(without_controls(link), indent="   "))
    return lines


def _appeared(dataset: Dataset, claim: Claim) -> Text | None:
    """`Appeared in: source, date`; with a date and no source (a fact-check that named no
    appearance), `Appeared on: date` rather than a made-up "unknown source"."""
    when = claim.appeared_on.display() if claim.appeared_on else None
    if not claim.appeared_in:
        return _field("Appeared on", when)
    source = dataset.source_by_id.get(claim.appeared_in)
    where = source.title if source else claim.appeared_in
    return _field("Appeared in", f"{where}, {when}" if when else where)


@dataclass(frozen=True)
class KeyHints:
    """The keys the panel's hints name: the ones the user's keymap binds on the screen."""

    verified: str = "v"
    disputed: str = "d"
    note: str = "n"
    reveal: str = "r"


def claim_renderable(
    dataset: Dataset, detail: ClaimDetail, event_title: str, keys: KeyHints | None = None
) -> Group:
    """The claim, rendered literally (dataset text is never parsed as markup)."""
    return Group(*claim_sections(dataset, detail, event_title, keys))


LONG_ID = 24
"""An id longer than this goes on a line of its own below the heading: beside it, the
badge would wrap onto the next line in a narrow panel (imported ids can be long slugs)."""


def _claim_head(claim_id: str, status: Status) -> list[Text | None]:
    """`Claim c1   ✓ verified`, the badge always on the heading's line."""
    head = Text("Claim ", style=HEADING)
    if len(claim_id) <= LONG_ID:
        head.append(literal(claim_id, style=MUTED))
        head.append("   ")
    head.append(status.badge, style="bold reverse")
    if len(claim_id) <= LONG_ID:
        return [head]
    return [head, literal(claim_id, style=MUTED)]


def claim_sections(
    dataset: Dataset, detail: ClaimDetail, event_title: str, keys: KeyHints | None = None
) -> tuple[Group, Group]:
    """The claim in two parts: what the reviewer reads first, then the curators'
    reference and the history, which `r` scrolls to the top of the panel."""
    keys = keys or KeyHints()
    claim = detail.claim
    parts: list[Text | None] = []
    parts.extend(_claim_head(claim.id, detail.status))
    parts.append(literal(claim.text))
    parts.append(Text())
    parts.append(_field("Claimant", claim.claimant))
    parts.append(_appeared(dataset, claim))
    events = [dataset.event_by_id[event_id] for event_id in claim.events]
    about = "; ".join(f"{e.date.display()} — {e.title}" for e in _first(events))
    parts.append(_field("About", about))
    parts.append(_more(events, "events"))
    parts.append(_field("Tags", ", ".join(_first(claim.tags))))
    parts.append(_more(claim.tags, "tags"))

    if detail.team is not None and len(detail.team.reviews) > 1:
        parts.extend(_team_lines(detail, detail.team))
    else:
        parts.extend(_verdict_lines(detail, keys))

    if claim.evidence:
        parts.append(_section("Evidence"))
        for item in _first(claim.evidence):
            parts.extend(_source_line(dataset, item.source, item.note, item.url))
        parts.append(_more(claim.evidence, "sources"))
    if claim.what_to_check:
        parts.append(_section("What to check"))
        parts.extend(Text(" • ") + literal(hint) for hint in _first(claim.what_to_check))
        parts.append(_more(claim.what_to_check, "hints"))

    split = len(parts)
    if claim.reference is not None:
        parts.append(_section("Curators' reference"))
        if detail.show_reference:
            reference = claim.reference
            line = Text(
                f"{Status(reference.verdict).badge} (reference, not your verdict)", style="bold"
            )
            parts.append(line)
            parts.append(literal(reference.explanation))
            for source_id in _first(reference.sources):
                parts.extend(_source_line(dataset, source_id))
            parts.append(_more(reference.sources, "sources"))
        else:
            parts.append(Text(f"hidden — press {keys.reveal} to reveal", style=MUTED))

    if detail.history:
        parts.append(_section("History"))
        for change in reversed(detail.history[-20:]):
            parts.append(_history_line(change))
        if len(detail.history) > 20:
            parts.append(Text(f" … {len(detail.history) - 20} earlier changes", style=MUTED))
    return (
        Group(*(part for part in parts[:split] if part is not None)),
        Group(*(part for part in parts[split:] if part is not None)),
    )


def _verdict_lines(detail: ClaimDetail, keys: KeyHints) -> list[Text]:
    """The claim's one verdict and note (one reviewer has touched it, or none)."""
    lines = [_section("Verdict")]
    review = detail.review
    if review is None or review.verdict is None:
        lines.append(
            Text(
                f"· unreviewed — press {keys.verified} (verified) or {keys.disputed} (disputed)",
                style=MUTED,
            )
        )
    else:
        line = Text(Status(review.verdict).badge, style="bold")
        line.append("  by ")
        line.append_text(literal(f"{review.reviewer}, {readable_time(review.at)}"))
        lines.append(line)
        if detail.status is Status.STALE:
            lines.append(
                Text(
                    "! stale: the claim was reworded after this verdict; judge it again",
                    style="bold",
                )
            )
            judged = Text.assemble(("Judged wording: ", LABEL))
            if detail.judged_wording is not None:
                judged.append_text(literal(detail.judged_wording))
            else:
                judged.append(
                    "not recorded (a verdict from before the store kept wordings)", style=MUTED
                )
            lines.append(judged)
    if review is not None and review.note:
        lines.append(note_line(review.note))
    else:
        lines.append(Text(f"No note — press {keys.note} to write one", style=MUTED))
    return lines


def _team_lines(detail: ClaimDetail, team: TeamReview) -> list[Text]:
    """Each reviewer's verdict, time and note, and what they add up to."""
    heading = {"agreed": "agreed", "contested": Status.CONTESTED.badge}.get(team.status)
    lines = [_section("Verdicts" + (f" — {heading}" if heading else ""))]
    for review in team.reviews:
        badge = Status(review.verdict).badge if review.verdict else Status.UNREVIEWED.badge
        line = Text(f" {badge.ljust(BADGE_WIDTH)}  ", style="bold")
        line.append_text(literal(review.reviewer, style="bold"))
        if review.reviewer == detail.reviewer:
            line.append(" (you)")
        if review.is_stale(detail.claim):
            line.append("  ! stale", style="bold")
        lines.append(line)
        lines.append(Text("    ", style=MUTED) + literal(readable_time(review.at), style=MUTED))
        if review.note:
            lines.append(note_line(review.note, indent="    "))
    if team.status == "contested":
        lines.append(
            Text(
                "The reviewers differ: talk it through; each changes only their own verdict.",
                style=MUTED,
            )
        )
    return lines


def _history_line(change: Change) -> Text:
    line = Text(" ", style=MUTED)
    line.append_text(literal(f"{readable_time(change.at)}  {change.reviewer}  ", style=MUTED))
    if change.from_verdict != change.to_verdict:
        line.append(f"{change.from_verdict or 'unreviewed'} → {change.to_verdict or 'unreviewed'}")
    if change.from_note != change.to_note:
        line.append("  note " + ("removed" if not change.to_note else "edited"))
    if change.action in ("undo", "redo"):
        line.append(f"  ({change.action})", style=MUTED)
    return line


def event_renderable(dataset: Dataset, event: Event, claims: list[Claim]) -> Group:
    """The event with its sources and the claims made about it."""
    parts: list[Text | None] = [
        Text.assemble(("Event ", HEADING), (event.id, MUTED)),
        Text(event_when(event), style="bold"),
        literal(event.title, style="bold"),
    ]
    if event.summary:
        parts += [Text(), literal(event.summary)]
    parts.append(_field("Tags", ", ".join(_first(event.tags))))
    parts.append(_more(event.tags, "tags"))
    if event.sources:
        parts.append(_section("Sources"))
        for source_id in _first(event.sources):
            parts.extend(_source_line(dataset, source_id))
        parts.append(_more(event.sources, "sources"))
    if claims:
        parts.append(_section(f"Claims about this event ({len(claims):,})"))
        parts.extend(Text(" • ") + literal(claim.text) for claim in _first(claims))
        parts.append(_more(claims, "claims"))
    else:
        parts.append(Text("\nNo claims are about this event.", style=MUTED))
    return Group(*(part for part in parts if part is not None))
