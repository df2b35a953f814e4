"""The timeline's rows: headings, events and claims as plain values, and the masks that
pick the rows of a search or filter out of the whole timeline's.

A filtered view is the whole list with some rows left out, so it is computed as a mask
over the rows made once per dataset, with index tables that let C loops (itemgetter,
accumulate, map, compress) do the per-row work: at 100,000 claims a Python loop over the
rows costs more than a keystroke may take.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from typing import TYPE_CHECKING, Literal

from facts.gc_pause import paused_gc
from facts.model import Claim, Event
from facts.timeline_lanes import Lanes

if TYPE_CHECKING:
    from facts.timeline import Timeline

RowKind = Literal["year", "month", "event", "claim", "see-also"]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of meaning on the timeline (a widget may wrap it over several lines)."""

    kind: RowKind
    year: int
    month: int | None = None
    event: Event | None = None
    claim: Claim | None = None
    _key: str | None = field(default=None, init=False, repr=False, compare=False)
    # Where the row is in the whole timeline (-1: not made by a Timeline).
    _position: int = field(default=-1, init=False, repr=False, compare=False)

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


class Layout:
    """The rows of the whole timeline, and what a filtered view needs to pick from them.

    A filtered view is the whole list with some rows left out, so it is computed as a
    mask over `all_rows`, with index tables that let C loops (itemgetter, accumulate,
    map, compress) do per-row work: at 100,000 claims a Python loop over the rows costs
    more than a keystroke may take.
    """

    def __init__(self, timeline: Timeline) -> None:
        dataset = timeline.dataset
        claim_number = {id(claim): number for number, claim in enumerate(dataset.claims)}
        dense = timeline.dense_years
        events = timeline.events
        event_count, claim_count = len(events), len(dataset.claims)
        event_keys = timeline.sort_keys
        under = list(timeline.claims_under.values())  # in timeline order, as the events
        also = list(timeline.see_also_under.values())
        no_record = event_count + claim_count  # a heading's "record": never matches
        rows: list[Row] = []
        append = rows.append
        row_event: list[int] = []  # per row: its event's position (event_count: none)
        row_claim: list[int] = []  # per row: its claim's number (claim_count: none)
        # Per row: where its record's byte is in `event_hits + claim_hits + b"\0"`.
        sources: list[int] = []
        on_event, on_claim, on_source = row_event.append, row_claim.append, sources.append
        block_start: list[int] = []  # per event: where its rows start and end
        block_end: list[int] = []
        year_head: list[int] = []  # per event: the row of its year heading
        month_head: list[int] = []  # per event: the row of its month heading, or -1
        claim_rows: list[int] = [-1] * claim_count  # per claim: its row under its event
        see_also_rows: dict[int, list[int]] = {}  # per claim about more events: those rows
        year_shown: int | None = None
        month_shown: tuple[int, int | None] | None = None
        year_row = month_row = -1
        for position, event in enumerate(events):
            year, month_or_0 = event_keys[position][:2]
            month = month_or_0 or None
            if year != year_shown:
                on_source(no_record)
                year_row, month_row = len(rows), -1
                append(Row("year", year))
                on_event(event_count)
                on_claim(claim_count)
                year_shown, month_shown = year, None
            in_dense_month = month is not None and year in dense
            if in_dense_month and (year, month) != month_shown:
                on_source(no_record)
                month_row = len(rows)
                append(Row("month", year, month))
                on_event(event_count)
                on_claim(claim_count)
                month_shown = (year, month)
            year_head.append(year_row)
            month_head.append(month_row if in_dense_month else -1)
            block_start.append(len(rows))
            on_source(position)
            append(Row("event", year, month, event))
            on_event(position)
            on_claim(claim_count)
            for claim in under[position]:
                number = claim_number[id(claim)]
                claim_rows[number] = len(rows)
                on_source(event_count + number)
                append(Row("claim", year, month, event, claim))
                on_event(position)
                on_claim(number)
            for claim in also[position]:
                number = claim_number[id(claim)]
                see_also_rows.setdefault(number, []).append(len(rows))
                on_source(event_count + number)
                append(Row("see-also", year, month, event, claim))
                on_event(position)
                on_claim(number)
            block_end.append(len(rows))
        for position, row in enumerate(rows):
            object.__setattr__(row, "_position", position)
        self._positions: dict[str, int] | None = None
        self.all_rows = rows
        self.claims = dataset.claims
        self.event_count, self.claim_count = event_count, claim_count
        self.row_record = _gather(sources)
        self.row_claim = _gather(row_claim)
        self.lanes = Lanes(rows)
        # For searches that match few records, which are picked one by one.
        self.event_of_row, self.claim_of_row = row_event, row_claim
        self.starts, self.ends = block_start, block_end
        self.year_head, self.month_head = year_head, month_head
        self.claim_rows, self.see_also_rows = claim_rows, see_also_rows

    def select(
        self, event_hits: bytes, claim_hits: bytes, keep: Callable[[Claim], bool] | None
    ) -> list[Row]:
        """The rows shown when these events and claims match (one byte each, 0 or 1) and
        the filter keeps these claims (None: no filter).

        A claim row is shown when its event or its claim matches (and the filter keeps
        the claim); an event row when it matches and there is no filter, or when one of
        its claim rows is shown; a heading when an event beneath it is shown.
        """
        if event_hits.count(1) + claim_hits.count(1) <= _FEW:
            return self._pick(event_hits, claim_hits, keep)
        matched = bytes(self.row_record(event_hits + claim_hits + b"\0"))
        kept = None
        if keep is not None:
            kept = bytes(self.row_claim(bytes(map(bool, map(keep, self.claims))) + b"\0"))
        shown = self.lanes.shown(matched, kept)
        return list(compress(self.all_rows, shown))

    def positions(self) -> dict[str, int]:
        """The position of every row in the whole timeline, by key (made once)."""
        if self._positions is None:
            with paused_gc():
                self._positions = {row.key: at for at, row in enumerate(self.all_rows)}
        return self._positions

    def _pick(
        self, event_hits: bytes, claim_hits: bytes, keep: Callable[[Claim], bool] | None
    ) -> list[Row]:
        """What `select` gives, made record by record: quicker when few records match."""
        event_of_row, claim_of_row = self.event_of_row, self.claim_of_row
        candidates = set(compress(range(self.event_count), event_hits))
        for number in compress(range(self.claim_count), claim_hits):
            candidates.add(event_of_row[self.claim_rows[number]])
            candidates.update(event_of_row[row] for row in self.see_also_rows.get(number, ()))
        claims = self.claims
        picked: list[int] = []
        year_shown = month_shown = -1
        for position in sorted(candidates):
            start, end = self.starts[position], self.ends[position]
            hit = event_hits[position]
            if hit and keep is None:
                block: Iterable[int] = range(start, end)
            else:
                chosen = [
                    row
                    for row in range(start + 1, end)
                    if (hit or claim_hits[claim_of_row[row]])
                    and (keep is None or keep(claims[claim_of_row[row]]))
                ]
                if not chosen:
                    continue
                block = [start, *chosen]
            year = self.year_head[position]
            if year != year_shown:
                picked.append(year)
                year_shown, month_shown = year, -1
            month = self.month_head[position]
            if month >= 0 and month != month_shown:
                picked.append(month)
                month_shown = month
            picked.extend(block)
        rows = self.all_rows
        return [rows[row] for row in picked]


# Below this many matching records (events and claims), a search picks rows one by one.
_FEW = 6000


def _gather(indices: list[int]) -> Callable[[Sequence[int]], tuple[int, ...]]:
    """A function that picks the items at `indices` of a sequence, in C."""
    if not indices:
        return lambda sequence: ()
    if len(indices) == 1:
        only = indices[0]
        return lambda sequence: (sequence[only],)
    return itemgetter(*indices)


def position_of(row: Row) -> int:
    """Where the row is in the whole timeline (rows of a view keep that order)."""
    return row._position
