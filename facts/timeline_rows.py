"""The timeline's rows: headings, events and claims as plain values, and the masks that
pick the rows of a search or filter out of the whole timeline's.

A filtered view is the whole list with some rows left out, so it is computed as a mask
over the rows made once per dataset, with index tables that let C loops (itemgetter,
accumulate, map, compress) do the per-row work: at 100,000 claims a Python loop over the
rows costs more than a keystroke may take.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from operator import itemgetter
from typing import TYPE_CHECKING, Literal, NamedTuple

from facts.gc_pause import paused_gc
from facts.model import Claim, Event
from facts.timeline_lanes import Lanes

if TYPE_CHECKING:
    from facts.timeline import Timeline

RowKind = Literal["year", "month", "event", "claim", "see-also"]


class Row(NamedTuple):
    """One line of meaning on the timeline (a widget may wrap it over several lines).

    A tuple: a Layout makes a quarter of a million rows at 100,000 claims, and a tuple is
    made in one C call where a frozen dataclass sets each field through `object.__setattr__`
    (four times the cost). Equal rows are those of the same kind, year, month, event and
    claim; where a row sits in the timeline is not compared.
    """

    kind: RowKind
    year: int
    month: int | None = None
    event: Event | None = None
    claim: Claim | None = None
    position: int = -1  # where the row is in the whole timeline (-1: not made by a Layout)

    def __eq__(self, other: object) -> bool:
        return type(other) is Row and self[:5] == other[:5]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:5])

    @property
    def key(self) -> str:
        """A stable identity, so a selection survives a new filter."""
        return _key(self.kind, self.year, self.month, self.event, self.claim)


def _key(
    kind: RowKind, year: int, month: int | None, event: Event | None, claim: Claim | None
) -> str:
    if kind == "year":
        return f"year:{year}"
    if kind == "month":
        return f"month:{year}-{month}"
    event_id = event.id if event else ""
    if kind == "event":
        return f"event:{event_id}"
    return f"{kind}:{claim.id if claim else ''}@{event_id}"


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
        # Rows are made as the tuples they are (Row's own __new__ is a Python call).
        append, make = rows.append, tuple.__new__
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
                append(make(Row, ("year", year, None, None, None, len(rows))))
                on_event(event_count)
                on_claim(claim_count)
                year_shown, month_shown = year, None
            in_dense_month = month is not None and year in dense
            if in_dense_month and (year, month) != month_shown:
                on_source(no_record)
                month_row = len(rows)
                append(make(Row, ("month", year, month, None, None, len(rows))))
                on_event(event_count)
                on_claim(claim_count)
                month_shown = (year, month)
            year_head.append(year_row)
            month_head.append(month_row if in_dense_month else -1)
            block_start.append(len(rows))
            on_source(position)
            append(make(Row, ("event", year, month, event, None, len(rows))))
            on_event(position)
            on_claim(claim_count)
            for claim in under[position]:
                number = claim_number[id(claim)]
                claim_rows[number] = len(rows)
                on_source(event_count + number)
                append(make(Row, ("claim", year, month, event, claim, len(rows))))
                on_event(position)
                on_claim(number)
            for claim in also[position]:
                number = claim_number[id(claim)]
                see_also_rows.setdefault(number, []).append(len(rows))
                on_source(event_count + number)
                append(make(Row, ("see-also", year, month, event, claim, len(rows))))
                on_event(position)
                on_claim(number)
            block_end.append(len(rows))
        self._claim_places: dict[str, int] | None = None
        self.event_places = timeline.event_places
        self.headings = {rows[row].key: row for row in {*year_head, *month_head} if row >= 0}
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

    def place_of(self, key: str) -> int | None:
        """Where the row with this key is in the whole timeline; None if there is none.

        Read from the key itself (ids hold no ":" or "@"), not from a dictionary of every
        row's key: making one takes half a second at 100,000 claims.
        """
        kind, _, rest = key.partition(":")
        if kind in ("year", "month"):
            place = self.headings.get(key)
        elif kind == "event":
            event = self.event_places.get(rest)
            place = None if event is None else self.starts[event]
        else:
            claim_id, _, event_id = rest.partition("@")
            number = self.claim_places().get(claim_id)
            if number is None:
                return None
            if kind == "claim":
                place = self.claim_rows[number]
            else:
                see_also = self.see_also_rows.get(number, [])
                event = self.event_places.get(event_id)
                place = next((row for row in see_also if self.event_of_row[row] == event), None)
        if place is None or self.all_rows[place].key != key:
            return None
        return place

    def claim_places(self) -> dict[str, int]:
        """Each claim's number (its place in the dataset), by id: made on first use."""
        if self._claim_places is None:
            with paused_gc():
                self._claim_places = {claim.id: at for at, claim in enumerate(self.claims)}
        return self._claim_places

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
    return row.position
