"""The timeline: events in date order with their claims beneath, flattened into rows.

A claim about several events sits under the first of them (in timeline order) and is
reachable from the others through a "see also" row. Rows are plain values computed once
per dataset, search and filter, so a screen can draw any slice of them without work.

Built for 100,000 claims: the rows of the whole timeline are made once, and a search or
filter picks from them (the rows of a filtered timeline are a subsequence of the whole
one) instead of making new ones. A search tests each record's text once; typing on
narrows the previous matches instead of testing every record again.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import and_, itemgetter, or_, sub
from typing import Literal

from facts.dates import PartialDate
from facts.load import paused_gc
from facts.model import Claim, Dataset, Event

RowKind = Literal["year", "month", "event", "claim", "see-also"]
Filter = Literal["all", "unreviewed", "verified", "disputed", "stale"]
FILTERS: tuple[Filter, ...] = ("all", "unreviewed", "verified", "disputed", "stale")

# A year with more events than this gets month headings too.
DENSE_YEAR = 6

# How many recent searches keep their matches, so typing on (or deleting back) narrows
# or reuses them.
_KEPT_SEARCHES = 8


@dataclass(frozen=True, slots=True)
class Row:
    """One line of meaning on the timeline (a widget may wrap it over several lines)."""

    kind: RowKind
    year: int
    month: int | None = None
    event: Event | None = None
    claim: Claim | None = None
    _key: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def key(self) -> str:
        """A stable identity, so a selection survives a new filter."""
        key = self._key
        if key is None:
            key = self._make_key()
            object.__setattr__(self, "_key", key)  # computed once: rows are reused
        return key

    def _make_key(self) -> str:
        if self.kind == "year":
            return f"year:{self.year}"
        if self.kind == "month":
            return f"month:{self.year}-{self.month}"
        event_id = self.event.id if self.event else ""
        if self.kind == "event":
            return f"event:{event_id}"
        claim_id = self.claim.id if self.claim else ""
        return f"{self.kind}:{claim_id}@{event_id}"


class _Layout:
    """The rows of the whole timeline, and what a filtered view needs to pick from them.

    A filtered view is the whole list with some rows left out, so it is computed as a
    mask over `all_rows`, with index tables that let C loops (itemgetter, accumulate,
    map, compress) do per-row work: at 100,000 claims a Python loop over the rows costs
    more than a keystroke may take.
    """

    def __init__(self, timeline: Timeline) -> None:
        dataset = timeline.dataset
        claim_number = {id(claim): number for number, claim in enumerate(dataset.claims)}
        dense = timeline._dense_years
        events = timeline.events
        event_count, claim_count = len(events), len(dataset.claims)
        rows: list[Row] = []
        append = rows.append
        row_event: list[int] = []  # per row: its event's position (event_count: none)
        row_claim: list[int] = []  # per row: its claim's number (claim_count: none)
        block_start: list[int] = []  # per event: where its rows start and end
        block_end: list[int] = []
        year_spans: list[list[int]] = []  # per heading: first and last+1 event position
        month_spans: list[list[int]] = []
        sources: list[tuple[int, int]] = []  # per row: (part of the mask, index in it)
        year_shown: int | None = None
        month_shown: tuple[int, int] | None = None
        for position, event in enumerate(events):
            date = event.date
            year, month = date.year, date.month
            if year != year_shown:
                if year_spans:
                    year_spans[-1][1] = position
                if month_spans and month_spans[-1][1] < 0:
                    month_spans[-1][1] = position
                sources.append((2, len(year_spans)))
                year_spans.append([position, -1])
                append(Row("year", year))
                row_event.append(event_count)
                row_claim.append(claim_count)
                year_shown, month_shown = year, None
            if year in dense and month is not None and (year, month) != month_shown:
                if month_spans and month_spans[-1][1] < 0:
                    month_spans[-1][1] = position
                sources.append((3, len(month_spans)))
                month_spans.append([position, -1])
                append(Row("month", year, month))
                row_event.append(event_count)
                row_claim.append(claim_count)
                month_shown = (year, month)
            block_start.append(len(rows))
            sources.append((1, position))
            append(Row("event", year, month, event))
            row_event.append(position)
            row_claim.append(claim_count)
            for kind, claims in (
                ("claim", timeline.claims_under[event.id]),
                ("see-also", timeline.see_also_under[event.id]),
            ):
                for claim in claims:
                    sources.append((0, len(rows)))
                    append(Row(kind, year, month, event, claim))  # type: ignore[arg-type]
                    row_event.append(position)
                    row_claim.append(claim_number[id(claim)])
            block_end.append(len(rows))
        if year_spans:
            year_spans[-1][1] = event_count
        if month_spans and month_spans[-1][1] < 0:
            month_spans[-1][1] = event_count
        count = len(rows)
        offsets = (0, count, count + event_count, count + event_count + len(year_spans))
        self.all_rows = rows
        self.claims = dataset.claims
        self.event_count, self.claim_count = event_count, claim_count
        self.is_claim_row = bytes(number < claim_count for number in row_claim)
        self.row_event = _gather(row_event)
        self.row_claim = _gather(row_claim)
        self.block_start, self.block_end = _gather(block_start), _gather(block_end)
        self.year_start = _gather([span[0] for span in year_spans])
        self.year_end = _gather([span[1] for span in year_spans])
        self.month_start = _gather([span[0] for span in month_spans])
        self.month_end = _gather([span[1] for span in month_spans])
        self.row_source = _gather([offsets[part] + index for part, index in sources])

    def select(self, event_hits: bytes, claim_hits: bytes, kept: bytes | None) -> list[Row]:
        """The rows shown when these events and claims match (one byte each, 0 or 1) and
        the filter keeps these claims (None: no filter).

        A claim row is shown when its event or its claim matches (and the filter keeps
        the claim); an event row when it matches and there is no filter, or when one of
        its claim rows is shown; a heading when an event beneath it is shown.
        """
        matched = map(or_, self.row_event(event_hits + b"\0"), self.row_claim(claim_hits + b"\0"))
        if kept is None:
            claim_shown = bytes(map(and_, matched, self.is_claim_row))
        else:
            claim_shown = bytes(map(and_, matched, self.row_claim(kept + b"\0")))
        before = list(accumulate(claim_shown, initial=0))
        with_claims = map(bool, map(sub, self.block_end(before), self.block_start(before)))
        if kept is None:
            event_shown = bytes(map(or_, event_hits, with_claims))
        else:
            event_shown = bytes(with_claims)
        before = list(accumulate(event_shown, initial=0))
        year_shown = bytes(map(bool, map(sub, self.year_end(before), self.year_start(before))))
        month_shown = bytes(
            map(bool, map(sub, self.month_end(before), self.month_start(before)))
        )
        shown = self.row_source(claim_shown + event_shown + year_shown + month_shown)
        return list(compress(self.all_rows, shown))


def _gather(indices: list[int]) -> Callable[[Sequence[int]], tuple[int, ...]]:
    """A function that picks the items at `indices` of a sequence, in C."""
    if not indices:
        return lambda sequence: ()
    if len(indices) == 1:
        only = indices[0]
        return lambda sequence: (sequence[only],)
    return itemgetter(*indices)


class Timeline:
    """The ordered events and claims of a dataset, ready to be filtered into rows."""

    def __init__(self, dataset: Dataset) -> None:
        # Like a load, building the timeline makes many objects and no cycles.
        with paused_gc():
            self._build(dataset)

    def _build(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.events: list[Event] = sorted(dataset.events, key=_date_order)
        events = self.events
        position = {event.id: index for index, event in enumerate(events)}
        self.claims_under: dict[str, list[Claim]] = {event.id: [] for event in events}
        self.see_also_under: dict[str, list[Claim]] = {event.id: [] for event in events}
        self.home_event: dict[str, Event] = {}
        claims_under, see_also_under, home_event = (
            self.claims_under, self.see_also_under, self.home_event
        )
        for claim in dataset.claims:
            linked = claim.events
            if len(linked) == 1:
                first = linked[0]
                claims_under[first].append(claim)
                home_event[claim.id] = events[position[first]]
                continue
            linked = sorted(linked, key=position.__getitem__)
            claims_under[linked[0]].append(claim)
            home_event[claim.id] = events[position[linked[0]]]
            for other in linked[1:]:
                see_also_under[other].append(claim)
        events_per_year = Counter(event.date.year for event in events)
        self._dense_years = {year for year, count in events_per_year.items() if count > DENSE_YEAR}
        self._layout_made: _Layout | None = None
        self._texts: tuple[list[str], list[str]] | None = None
        self._searches: dict[str, tuple[bytes, bytes]] = {}

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
        layout = self._layout()
        needle = fold(query).strip()
        if not needle and keep_claim is None:
            return list(layout.all_rows)
        if needle:
            event_hits, claim_hits = self._matches(needle)
        else:
            event_hits, claim_hits = bytes(layout.event_count), b"\1" * layout.claim_count
        kept = None
        if keep_claim is not None:
            kept = bytes(map(bool, map(keep_claim, layout.claims)))
        return layout.select(event_hits, claim_hits, kept)

    def prepare_search(self) -> None:
        """Make the rows and the search text now (a worker can call it ahead of a search)."""
        self._layout()
        self._search_texts()

    # -- internals ---------------------------------------------------------------------

    def _layout(self) -> _Layout:
        if self._layout_made is None:
            with paused_gc():
                self._layout_made = _Layout(self)
        return self._layout_made

    def _search_texts(self) -> tuple[list[str], list[str]]:
        """The searchable text of each event (timeline order) and claim (dataset order)."""
        if self._texts is None:
            with paused_gc():
                self._texts = self._make_search_texts()
        return self._texts

    def _make_search_texts(self) -> tuple[list[str], list[str]]:
        displays: dict[PartialDate, str] = {}  # dates repeat; display() is slow-ish
        event_texts = []
        for event in self.events:
            date = event.date
            shown = displays.get(date)
            if shown is None:
                shown = displays[date] = date.display()
            event_texts.append(_event_blob(event, shown))
        return event_texts, [_claim_blob(claim) for claim in self.dataset.claims]

    def _matches(self, needle: str) -> tuple[bytes, bytes]:
        """Which events (timeline order) and claims (dataset order) hold `needle` in
        their text: one byte each, 1 when it does.

        A recent search for part of the needle has every match already among its own, so
        when it matched few records, only those are tested again.
        """
        searches = self._searches
        found = searches.pop(needle, None)
        if found is None:
            event_texts, claim_texts = self._search_texts()
            base = None
            for earlier, matches in searches.items():
                if earlier in needle and (base is None or _size(matches) < _size(base)):
                    base = matches
            if base is None:
                found = (_scan(needle, event_texts, None), _scan(needle, claim_texts, None))
            else:
                found = (_scan(needle, event_texts, base[0]), _scan(needle, claim_texts, base[1]))
            while len(searches) >= _KEPT_SEARCHES:
                del searches[next(iter(searches))]
        searches[needle] = found  # most recent last
        return found


def _scan(needle: str, texts: list[str], candidates: bytes | None) -> bytes:
    """One byte per text, 1 when it holds `needle`; only `candidates` can (None: all)."""
    if candidates is None or candidates.count(1) * 2 > len(texts):
        return bytes([needle in text for text in texts])
    tested = iter([needle in text for text in compress(texts, candidates)])
    return bytes([next(tested) if candidate else False for candidate in candidates])


def _size(matches: tuple[bytes, bytes]) -> int:
    return matches[0].count(1) + matches[1].count(1)


def _date_order(event: Event) -> tuple[int, int, int]:
    return event.date.sort_key


def _event_blob(event: Event, date_shown: str | None = None) -> str:
    shown = event.date.display() if date_shown is None else date_shown
    parts = [event.id, event.title, event.summary or "", *event.tags, shown]
    return fold("\n".join(parts))


def _claim_blob(claim: Claim) -> str:
    parts = [claim.id, claim.text, claim.claimant or "", *claim.tags]
    return fold("\n".join(parts))


def fold(text: str) -> str:
    """Text as search compares it: case and accents ignored, so `gonzalez` finds González."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
