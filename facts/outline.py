"""The whole timeline as text: every event in order, each claim under it with its verdict.

`claimline show` prints this for screen readers, pipes and grep, where the app's screen
cannot go. One line per event and one per claim (status first, then the text), so `grep
disputed` finds the disputed claims and a screen reader hears the verdict before the
claim. Notes and reviewer names come from a store, which any program may have written:
control characters are dropped from them, as in every export.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from facts.control_chars import without_controls
from facts.export.json_text import json_text
from facts.export.markdown import escape_inline, escape_paragraphs
from facts.export.selection import event_when
from facts.model import Claim, Dataset, Event
from facts.review import Review
from facts.store.records import TeamReview
from facts.timeline import Timeline
from facts.verdicts import (
    TEAM_FILTERS,
    Status,
    TeamFilter,
    matches_filter,
    status_of,
    tally,
)

OutlineFormat = Literal["text", "markdown", "json"]
OUTLINE_FORMATS: tuple[OutlineFormat, ...] = ("text", "markdown", "json")
OUTLINE_STATUSES: tuple[TeamFilter, ...] = TEAM_FILTERS


@dataclass(frozen=True)
class OutlinedClaim:
    """A claim as the outline shows it, with the verdict on it."""

    claim: Claim
    status: Status
    review: Review | None
    also_about: tuple[Event, ...]  # the other events it is about, in timeline order
    team: TeamReview | None = None  # set when two or more reviewers judged the claim

    @property
    def status_text(self) -> str:
        """`verified`, `stale (was verified)` for a verdict on an older wording, or for a
        claim several reviewers judged, `contested` or `agreed (verified)`: words alone,
        without the symbols the screens show, which a screen reader would spell out
        ("ballot X") before every claim."""
        if self.team is not None:
            verdict = self.team.verdict
            return f"agreed ({verdict})" if verdict else self.team.status
        if self.status is Status.STALE and self.review and self.review.verdict:
            return f"stale (was {self.review.verdict})"
        return self.status.value

    @property
    def judged(self) -> tuple[Review, ...]:
        """The reviews with a verdict: every reviewer's when several judged, else the one."""
        if self.team is not None:
            return self.team.judged
        return (self.review,) if self.review and self.review.verdict else ()

    @property
    def verdicts(self) -> list[tuple[str, str, str | None]]:
        """(reviewer, `verified, 2025-03-01`, note) for each reviewer who judged the claim."""
        return [
            (
                without_controls(review.reviewer),
                f"{review.verdict}, {without_controls(review.at)[:10]}",
                _note(review),
            )
            for review in self.judged
        ]

    @property
    def note(self) -> str | None:
        return _note(self.review)


@dataclass(frozen=True)
class OutlinedEvent:
    event: Event
    claims: tuple[OutlinedClaim, ...]


def outline(
    dataset: Dataset,
    reviews: Mapping[str, Review],
    status: TeamFilter = "all",
    team: Mapping[str, TeamReview] | None = None,
) -> list[OutlinedEvent]:
    """The events in timeline order with the claims `status` keeps under the first event
    each is about. With a status other than `all`, events without such a claim are left
    out; with `all`, every event is there, claims or not. `team` (every reviewer's
    reviews) shows each verdict on a claim that several reviewers judged."""
    timeline = Timeline(dataset)
    position = {event.id: index for index, event in enumerate(timeline.events)}
    shown = []
    for event in timeline.events:
        claims = tuple(
            OutlinedClaim(
                claim,
                status_of(claim, reviews.get(claim.id)),
                reviews.get(claim.id),
                tuple(
                    dataset.event_by_id[other]
                    for other in sorted(claim.events, key=position.__getitem__)
                    if other != event.id
                ),
                _several(team, claim.id),
            )
            for claim in timeline.claims_under[event.id]
            if _keeps(claim, reviews.get(claim.id), _several(team, claim.id), status)
        )
        if claims or status == "all":
            shown.append(OutlinedEvent(event, claims))
    return shown


def _keeps(
    claim: Claim, review: Review | None, several: TeamReview | None, wanted: TeamFilter
) -> bool:
    """Whether the status filter keeps a claim: where several reviewers judged it, by what
    they add up to (a contested claim is neither verified nor disputed)."""
    if wanted == "contested":
        return several is not None and several.status == "contested"
    if several is not None and wanted in ("verified", "disputed"):
        return several.verdict == wanted
    return matches_filter(claim, review, wanted)


def _several(team: Mapping[str, TeamReview] | None, claim_id: str) -> TeamReview | None:
    reviewed = team.get(claim_id) if team else None
    return reviewed if reviewed is not None and len(reviewed.judged) > 1 else None


def render_outline(
    dataset: Dataset,
    reviews: Mapping[str, Review],
    status: TeamFilter = "all",
    format: OutlineFormat = "text",
    team: Mapping[str, TeamReview] | None = None,
) -> str:
    """The outline in `format`: plain text, Markdown or JSON."""
    events = outline(dataset, reviews, status, team)
    progress = tally(dataset, reviews).summary()
    if format == "json":
        return json_text(_document(dataset, events, status, progress))
    writer = _Markdown() if format == "markdown" else _Text()
    return writer.write(dataset, events, status, progress)


def _heading(status: TeamFilter) -> str:
    return "" if status == "all" else f" (only {status} claims)"


class _Writer(ABC):
    """One outline format: how it writes each part. `write` walks the events and claims,
    so plain text and Markdown list the same things in the same order."""

    def write(
        self, dataset: Dataset, events: list[OutlinedEvent], status: TeamFilter, progress: str
    ) -> str:
        lines = self.head(dataset, status, progress)
        for item in events:
            lines += self.event(item)
            for shown in item.claims:
                lines.append(self.claim(shown))
                if shown.also_about:
                    lines.append(self.also_about(shown.also_about))
                for reviewer, verdict, note in shown.verdicts:
                    lines += self.verdict(reviewer, verdict, note)
                if shown.note and not shown.verdicts:
                    lines.append(self.note(shown.note))
        if not events:
            lines += ["", f"No {status} claims."]
        return "\n".join(lines) + "\n"

    @abstractmethod
    def head(self, dataset: Dataset, status: TeamFilter, progress: str) -> list[str]:
        """The lines before the first event."""

    @abstractmethod
    def event(self, item: OutlinedEvent) -> list[str]:
        """The lines that open an event."""

    @abstractmethod
    def claim(self, shown: OutlinedClaim) -> str:
        """The line that states a claim and its status."""

    @abstractmethod
    def also_about(self, events: tuple[Event, ...]) -> str:
        """The line naming the other events a claim is about."""

    @abstractmethod
    def verdict(self, reviewer: str, verdict: str, note: str | None) -> list[str]:
        """The lines of one reviewer's verdict and note."""

    @abstractmethod
    def note(self, note: str) -> str:
        """The line of a note on a claim without a verdict."""


class _Text(_Writer):
    """One line per event and per claim, ids in brackets, for grep and screen readers."""

    def head(self, dataset: Dataset, status: TeamFilter, progress: str) -> list[str]:
        return [dataset.title + _heading(status), progress]

    def event(self, item: OutlinedEvent) -> list[str]:
        event = item.event
        lines = ["", f"{event_when(event)}: {_one_line(event.title)} [event {event.id}]"]
        return lines + ([f"  {_one_line(event.summary)}"] if event.summary else [])

    def claim(self, shown: OutlinedClaim) -> str:
        claim = shown.claim
        who = f" — {_one_line(claim.claimant)}" if claim.claimant else ""
        return f"  {shown.status_text}: {_one_line(claim.text)}{who} [claim {claim.id}]"

    def also_about(self, events: tuple[Event, ...]) -> str:
        return f"    also about: {', '.join(event.id for event in events)}"

    def verdict(self, reviewer: str, verdict: str, note: str | None) -> list[str]:
        return [f"    {reviewer}: {verdict}"] + ([f"      note: {_one_line(note)}"] if note else [])

    def note(self, note: str) -> str:
        return f"    note: {_one_line(note)}"


class _Markdown(_Writer):
    """A heading per event and a list item per claim; dataset and store text escaped."""

    def head(self, dataset: Dataset, status: TeamFilter, progress: str) -> list[str]:
        return [f"# {escape_inline(dataset.title)}{_heading(status)}", "", progress]

    def event(self, item: OutlinedEvent) -> list[str]:
        event = item.event
        lines = ["", f"## {escape_inline(event_when(event))}: {escape_inline(event.title)}"]
        if event.summary:
            lines += ["", escape_paragraphs(event.summary)]
        return lines + ([""] if item.claims else [])

    def claim(self, shown: OutlinedClaim) -> str:
        claim = shown.claim
        who = f" — {escape_inline(claim.claimant)}" if claim.claimant else ""
        return f"- **{shown.status_text}**: {escape_inline(claim.text)}{who} (`{claim.id}`)"

    def also_about(self, events: tuple[Event, ...]) -> str:
        return f"  - Also about: {'; '.join(escape_inline(event.title) for event in events)}"

    def verdict(self, reviewer: str, verdict: str, note: str | None) -> list[str]:
        said = f": {escape_inline(note)}" if note else ""
        return [f"  - {escape_inline(reviewer)}: {verdict}{said}"]

    def note(self, note: str) -> str:
        return f"  - Note: {escape_inline(note)}"


def _document(
    dataset: Dataset, events: list[OutlinedEvent], status: TeamFilter, progress: str
) -> dict[str, Any]:
    return {
        "dataset": {"id": dataset.id, "title": dataset.title},
        "status": status,
        "progress": progress,
        "events": [
            {
                "id": item.event.id,
                "date": item.event.date.display(),
                "end": item.event.end.display() if item.event.end else None,
                "title": item.event.title,
                "claims": [_claim_document(shown) for shown in item.claims],
            }
            for item in events
        ],
    }


def _claim_document(shown: OutlinedClaim) -> dict[str, Any]:
    judged = shown.judged
    return {
        "id": shown.claim.id,
        "text": shown.claim.text,
        "claimant": shown.claim.claimant,
        "status": shown.team.status if shown.team else shown.status.value,
        "verdicts": [
            {
                "reviewer": without_controls(review.reviewer),
                "verdict": review.verdict,
                "note": _note(review),
                "at": without_controls(review.at),
            }
            for review in judged
        ],
        "note": None if judged else shown.note,
        "also_about": [event.id for event in shown.also_about],
    }


def _note(review: Review | None) -> str | None:
    """A review's note without control characters; None when there is none to read."""
    note = without_controls(review.note) if review and review.note else None
    return note if note and note.strip() else None


def _one_line(text: str) -> str:
    """Text on one line (a dataset's summary or a note may hold several)."""
    return " ".join(text.split())
