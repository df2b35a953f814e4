"""The timeline: events in date order with their claims beneath, flattened into rows.

A claim about several events sits under the first of them (in timeline order) and is
reachable from the others through a "see also" row. Rows are plain values computed once
per dataset, search and filter, so a screen can draw any slice of them without work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from facts.model import Claim, Dataset, Event

RowKind = Literal["year", "month", "event", "claim", "see-also"]
Filter = Literal["all", "unreviewed", "verified", "disputed", "stale"]
FILTERS: tuple[Filter, ...] = ("all", "unreviewed", "verified", "disputed", "stale")

# A year with more events than this gets month headings too.
DENSE_YEAR = 6


@dataclass(frozen=True, slots=True)
class Row:
    """One line of meaning on the timeline (a widget may wrap it over several lines)."""

    kind: RowKind
    year: int
    month: int | None = None
    event: Event | None = None
    claim: Claim | None = None

    @property
    def key(self) -> str:
        """A stable identity, so a selection survives a new filter."""
        if self.kind == "year":
            return f"year:{self.year}"
        if self.kind == "month":
            return f"month:{self.year}-{self.month}"
        event_id = self.event.id if self.event else ""
        if self.kind == "event":
            return f"event:{event_id}"
        claim_id = self.claim.id if self.claim else ""
        return f"{self.kind}:{claim_id}@{event_id}"


class Timeline:
    """The ordered events and claims of a dataset, ready to be filtered into rows."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        order = sorted(range(len(dataset.events)), key=lambda i: dataset.events[i].date.sort_key)
        self.events: list[Event] = [dataset.events[i] for i in order]
        position = {event.id: index for index, event in enumerate(self.events)}
        self.claims_under: dict[str, list[Claim]] = {event.id: [] for event in self.events}
        self.see_also_under: dict[str, list[Claim]] = {event.id: [] for event in self.events}
        self.home_event: dict[str, Event] = {}
        for claim in dataset.claims:
            linked = sorted(claim.events, key=position.__getitem__)
            self.claims_under[linked[0]].append(claim)
            self.home_event[claim.id] = self.events[position[linked[0]]]
            for other in linked[1:]:
                self.see_also_under[other].append(claim)
        self._event_text = {event.id: _event_blob(event) for event in self.events}
        self._claim_text = {claim.id: _claim_blob(claim) for claim in dataset.claims}
        events_per_year = Counter(event.date.year for event in self.events)
        self._dense_years = {year for year, count in events_per_year.items() if count > DENSE_YEAR}

    def claims_in_order(self) -> list[Claim]:
        """Every claim once, in timeline order (by the first event it is about)."""
        return [claim for event in self.events for claim in self.claims_under[event.id]]

    def rows(
        self,
        query: str = "",
        keep_claim: Callable[[Claim], bool] | None = None,
    ) -> list[Row]:
        """The rows to show for a search `query` and a claim filter (None keeps all).

        An event is shown when it matches the search (with those of its claims the filter
        keeps) or when one of its claims is shown; headings appear above what is shown.
        """
        needle = query.casefold().strip()
        filtering = bool(needle) or keep_claim is not None
        rows: list[Row] = []
        year_shown: int | None = None
        month_shown: tuple[int, int | None] | None = None
        for event in self.events:
            event_hit = not needle or needle in self._event_text[event.id]
            claims = self._visible(self.claims_under[event.id], needle, event_hit, keep_claim)
            see_also = self._visible(self.see_also_under[event.id], needle, event_hit, keep_claim)
            shown_for_itself = event_hit and keep_claim is None
            if filtering and not claims and not see_also and not shown_for_itself:
                continue
            year = event.date.year
            if year != year_shown:
                rows.append(Row("year", year))
                year_shown, month_shown = year, None
            month = (year, event.date.month)
            if year in self._dense_years and event.date.month is not None and month != month_shown:
                rows.append(Row("month", year, event.date.month))
                month_shown = month
            rows.append(Row("event", year, event.date.month, event))
            rows.extend(Row("claim", year, event.date.month, event, claim) for claim in claims)
            rows.extend(
                Row("see-also", year, event.date.month, event, claim) for claim in see_also
            )
        return rows

    def _visible(
        self,
        claims: Iterable[Claim],
        needle: str,
        event_hit: bool,
        keep_claim: Callable[[Claim], bool] | None,
    ) -> list[Claim]:
        return [
            claim
            for claim in claims
            if (event_hit or needle in self._claim_text[claim.id])
            and (keep_claim is None or keep_claim(claim))
        ]


def _event_blob(event: Event) -> str:
    parts = [event.id, event.title, event.summary or "", *event.tags, event.date.display()]
    return "\n".join(parts).casefold()


def _claim_blob(claim: Claim) -> str:
    parts = [claim.id, claim.text, claim.claimant or "", *claim.tags]
    return "\n".join(parts).casefold()
