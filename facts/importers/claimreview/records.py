"""A fact-check as read from any input shape, before it is mapped to the dataset.

ClaimReview JSON-LD (in pages, lists, graphs and feeds) and the Fact Check Tools API
describe the same things with different keys; both are read into these records, so the
mapping to claims, sources and events is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from facts.dates import PartialDate


@dataclass(frozen=True, slots=True)
class Rating:
    """The publisher's rating as published: their words and, if given, their numbers."""

    word: str | None = None
    value: float | None = None
    best: float | None = None
    worst: float | None = None
    explanation: str | None = None

    def wording(self) -> str | None:
        """How the publisher put it, for people: the word, or the number on its scale."""
        if self.word:
            return self.word
        if self.value is None:
            return None
        scale = ""
        if self.worst is not None and self.best is not None:
            scale = f" on a scale from {_number(self.worst)} to {_number(self.best)}"
        return f"{_number(self.value)}{scale}"


@dataclass(frozen=True, slots=True)
class Appearance:
    """Where the claim was made: a post, a video, a speech, an article."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class FoundReview:
    """One fact-check of one claim, with where in the input it was read."""

    where: str
    url: str | None
    claim: str | None
    claimant: str | None = None
    claimant_kind: str | None = None
    claimant_role: str | None = None
    claim_date: PartialDate | None = None
    appearances: tuple[Appearance, ...] = ()
    publisher: str | None = None
    publisher_site: str | None = None
    title: str | None = None
    date: PartialDate | None = None
    language: str | None = None
    rating: Rating = field(default_factory=Rating)
    body: str | None = None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
