"""The timeline's rows: headings, events and claims as plain values, and the masks that
pick the rows of a search or filter out of the whole timeline's.

A filtered view is the whole list with some rows left out, so it is computed as a mask
over the rows made once per dataset, with index tables that let C loops (itemgetter,
accumulate, map, compress) do the per-row work: at 100,000 claims a Python loop over the
rows costs more than a keystroke may take.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, islice, repeat
from operator import countOf, itemgetter
from typing import TYPE_CHECKING, Literal, NamedTuple

from facts.gc_pause import paused_gc
from facts.model import Claim, Event
from facts.steps import Steps, finish
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
        rows: list[Row] = []
        # Rows are made as the tuples they are (Row's own __new__ is a Python call).
        append, make = rows.append, tuple.__new__
        block_start: list[int] = []  # per event: where its rows start and end
        block_end: list[int] = []
        year_head: list[int] = []  # per event: the row of its year heading
        month_head: list[int] = []  # per event: the row of its month heading, or -1
        claim_rows: list[int] = [-1] * claim_count  # per claim: its row under its event
        see_also_rows: dict[int, list[int]] = {}  # per claim about more events: those rows
        year_shown: int | None = None
        month_shown: tuple[int, int | None] | None = None
        year_row = month_row = -1
        at = 0  # the next row's place: len(rows), kept as a number (a call per row less)
        for event, (year, month_or_0, _), claims_here, also_here in zip(
            events, event_keys, under, also, strict=True
        ):
            month = month_or_0 or None
            if year != year_shown:
                year_row, month_row = at, -1
                append(make(Row, ("year", year, None, None, None, at)))
                at += 1
                year_shown, month_shown = year, None
            in_dense_month = month is not None and year in dense
            if in_dense_month and (year, month) != month_shown:
                month_row = at
                append(make(Row, ("month", year, month, None, None, at)))
                at += 1
                month_shown = (year, month)
            year_head.append(year_row)
            month_head.append(month_row if in_dense_month else -1)
            block_start.append(at)
            append(make(Row, ("event", year, month, event, None, at)))
            at += 1
            for claim in claims_here:
                claim_rows[claim_number[id(claim)]] = at
                append(make(Row, ("claim", year, month, event, claim, at)))
                at += 1
            for claim in also_here:
                see_also_rows.setdefault(claim_number[id(claim)], []).append(at)
                append(make(Row, ("see-also", year, month, event, claim, at)))
                at += 1
            block_end.append(at)
        self._claim_places: dict[str, int] | None = None
        self._index_made: _RowIndex | None = None
        self.event_places = timeline.event_places
        self.headings = {rows[row].key: row for row in {*year_head, *month_head} if row >= 0}
        self.all_rows = rows
        self.claims = dataset.claims
        self.event_count, self.claim_count = event_count, claim_count
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
        return finish(self.select_in_steps(event_hits, claim_hits, keep))

    def select_in_steps(
        self, event_hits: bytes, claim_hits: bytes, keep: Callable[[Claim], bool] | None
    ) -> Steps[list[Row]]:
        """`select`, a millisecond or two a step (see `facts.steps`)."""
        if event_hits.count(1) + claim_hits.count(1) <= _FEW:
            return (yield from self._pick(event_hits, claim_hits, keep))
        index = self.index()
        records = event_hits + claim_hits + b"\0"
        matched = yield from _gathered(index.row_record, records)
        kept = None
        if keep is not None:
            claims, keeps = self.claims, []
            for start in range(0, len(claims), _CLAIMS_A_STEP):
                keeps.append(bytes(map(bool, map(keep, claims[start : start + _CLAIMS_A_STEP]))))
                yield
            kept = yield from _gathered(index.row_claim, b"".join(keeps) + b"\0")
        shown = index.lanes.shown(matched, kept)
        yield
        rows: list[Row] = []
        every, chosen = iter(self.all_rows), iter(shown)
        for _ in range(0, len(shown), _ROWS_A_STEP):
            rows += compress(islice(every, _ROWS_A_STEP), islice(chosen, _ROWS_A_STEP))
            yield
        return rows

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
            claim_id = rest.partition("@")[0]
            number = self.claim_places().get(claim_id)
            if number is None:
                return None
            if kind == "claim":
                place = self.claim_rows[number]
            else:
                see_also = self.see_also_rows.get(number, [])
                rows = self.all_rows
                place = next((row for row in see_also if rows[row].key == key), None)
        if place is None or self.all_rows[place].key != key:
            return None
        return place

    def index(self) -> _RowIndex:
        """What a search or filter needs to pick rows: made on first use (or by the
        worker that prepares search), not before the timeline shows."""
        if self._index_made is None:
            with paused_gc():
                self._index_made = _RowIndex(self)
        return self._index_made

    def claim_places(self) -> dict[str, int]:
        """Each claim's number (its place in the dataset), by id: made on first use."""
        if self._claim_places is None:
            with paused_gc():
                self._claim_places = {claim.id: at for at, claim in enumerate(self.claims)}
        return self._claim_places

    def _pick(
        self, event_hits: bytes, claim_hits: bytes, keep: Callable[[Claim], bool] | None
    ) -> Steps[list[Row]]:
        """What `select` gives, made record by record: quicker when few records match."""
        index = self.index()
        event_of_row, claim_of_row = index.event_of_row, index.claim_of_row
        candidates = set(compress(range(self.event_count), event_hits))
        for number in compress(range(self.claim_count), claim_hits):
            candidates.add(event_of_row[self.claim_rows[number]])
            candidates.update(event_of_row[row] for row in self.see_also_rows.get(number, ()))
        claims = self.claims
        picked: list[int] = []
        year_shown = month_shown = -1
        for done, position in enumerate(sorted(candidates), 1):
            if not done % _EVENTS_A_STEP:
                yield
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


class _RowIndex:
    """Per row of a layout, its event and claim and where its record's byte is among a
    search's matches, as index tables for C loops, and the rows' lane masks.

    Worked out from the layout's blocks (an event's rows are its own row, its claims and
    its "see also" rows; a heading belongs to no event) instead of in the loop that makes
    the rows: 0.1 s less before the timeline shows, at 100,000 claims.
    """

    def __init__(self, layout: Layout) -> None:
        count = len(layout.all_rows)
        event_count, claim_count = layout.event_count, layout.claim_count
        claim_of_row = [claim_count] * count  # claim_count: a heading's or an event's row
        _drain(map(claim_of_row.__setitem__, layout.claim_rows, range(claim_count)))
        for number, rows in layout.see_also_rows.items():
            for row in rows:
                claim_of_row[row] = number
        event_of_row = [event_count] * count  # event_count: a heading's row
        for position, (start, end) in enumerate(zip(layout.starts, layout.ends, strict=True)):
            event_of_row[start:end] = repeat(position, end - start)
        # Where each row's record is in `event_hits + claim_hits + b"\0"`: an event row's
        # its event's byte, a claim row's its claim's, a heading's the last (never set).
        sources = list(map(event_count.__add__, claim_of_row))
        _drain(map(sources.__setitem__, layout.starts, range(event_count)))
        self.event_of_row, self.claim_of_row = event_of_row, claim_of_row
        self.row_record = _gatherers(sources)
        self.row_claim = _gatherers(claim_of_row)
        self.lanes = Lanes(layout.all_rows)


def _drain(calls: Iterable[object]) -> None:
    """Run an iterator of C calls (a `map`) for their effect."""
    deque(calls, maxlen=0)


# Below this many matching records (events and claims), a search picks rows one by one.
_FEW = 6000
# What a step of a search does (see `facts.steps`), each about a millisecond or two at
# 100,000 claims: rows gathered or picked, claims the filter is asked about, events picked.
_ROWS_A_STEP = 32768
_CLAIMS_A_STEP = 8192
_EVENTS_A_STEP = 1000


def _gather(indices: list[int]) -> Callable[[Sequence[int]], tuple[int, ...]]:
    """A function that picks the items at `indices` of a sequence, in C."""
    if not indices:
        return lambda sequence: ()
    if len(indices) == 1:
        only = indices[0]
        return lambda sequence: (sequence[only],)
    return itemgetter(*indices)


Gatherers = list[Callable[[Sequence[int]], tuple[int, ...]]]


def _gatherers(indices: list[int]) -> Gatherers:
    """`_gather`s of consecutive parts of `indices`, a step's worth each."""
    return [
        _gather(indices[start : start + _ROWS_A_STEP])
        for start in range(0, len(indices), _ROWS_A_STEP)
    ]


def _gathered(gatherers: Gatherers, source: bytes) -> Steps[bytes]:
    """The bytes of `source` the gatherers pick, in order, a part a step."""
    parts = []
    for gather in gatherers:
        parts.append(bytes(gather(source)))
        yield
    return b"".join(parts)


def claims_among(rows: list[Row]) -> Steps[int]:
    """How many claims `rows` show, each once (at its own row, not its "also" rows)."""
    count = 0
    kinds = map(itemgetter(0), rows)
    for _ in range(0, len(rows), _ROWS_A_STEP):
        count += countOf(islice(kinds, _ROWS_A_STEP), "claim")
        yield
    return count


def position_of(row: Row) -> int:
    """Where the row is in the whole timeline (rows of a view keep that order)."""
    return row.position
