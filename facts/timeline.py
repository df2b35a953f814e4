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

import re
import sys
import threading
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import itemgetter, ne
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
        event_keys = timeline._keys
        under = list(timeline.claims_under.values())  # in timeline order, as the events
        also = list(timeline.see_also_under.values())
        # The mask `select` makes is: claim rows' bytes (one per row), then events', then
        # year headings', then month headings'. Count them first to know where each starts.
        year_count = len({key[0] for key in event_keys})
        month_count = len({key[:2] for key in event_keys if key[1] and key[0] in dense})
        count = event_count + year_count + month_count
        count += sum(map(len, under)) + sum(map(len, also))
        event_base, year_base = count, count + event_count
        month_base = year_base + year_count
        rows: list[Row] = []
        append = rows.append
        row_event: list[int] = []  # per row: its event's position (event_count: none)
        row_claim: list[int] = []  # per row: its claim's number (claim_count: none)
        sources: list[int] = []  # per row: where its byte is in the mask
        on_event, on_claim, on_source = row_event.append, row_claim.append, sources.append
        block_start: list[int] = []  # per event: where its rows start and end
        block_end: list[int] = []
        year_spans: list[list[int]] = []  # per heading: first and last+1 event position
        month_spans: list[list[int]] = []
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
                if year_spans:
                    year_spans[-1][1] = position
                if month_spans and month_spans[-1][1] < 0:
                    month_spans[-1][1] = position
                on_source(year_base + len(year_spans))
                year_spans.append([position, -1])
                year_row, month_row = len(rows), -1
                append(Row("year", year))
                on_event(event_count)
                on_claim(claim_count)
                year_shown, month_shown = year, None
            in_dense_month = month is not None and year in dense
            if in_dense_month and (year, month) != month_shown:
                if month_spans and month_spans[-1][1] < 0:
                    month_spans[-1][1] = position
                on_source(month_base + len(month_spans))
                month_spans.append([position, -1])
                month_row = len(rows)
                append(Row("month", year, month))
                on_event(event_count)
                on_claim(claim_count)
                month_shown = (year, month)
            year_head.append(year_row)
            month_head.append(month_row if in_dense_month else -1)
            block_start.append(len(rows))
            on_source(event_base + position)
            append(Row("event", year, month, event))
            on_event(position)
            on_claim(claim_count)
            for claim in under[position]:
                number = claim_number[id(claim)]
                claim_rows[number] = len(rows)
                on_source(len(rows))
                append(Row("claim", year, month, event, claim))
                on_event(position)
                on_claim(number)
            for claim in also[position]:
                number = claim_number[id(claim)]
                see_also_rows.setdefault(number, []).append(len(rows))
                on_source(len(rows))
                append(Row("see-also", year, month, event, claim))
                on_event(position)
                on_claim(number)
            block_end.append(len(rows))
        if year_spans:
            year_spans[-1][1] = event_count
        if month_spans and month_spans[-1][1] < 0:
            month_spans[-1][1] = event_count
        assert len(rows) == count
        for position, row in enumerate(rows):
            object.__setattr__(row, "_position", position)
        self._positions: dict[str, int] | None = None
        self.all_rows = rows
        self.claims = dataset.claims
        self.event_count, self.claim_count = event_count, claim_count
        self.claim_row_bits = _bits(bytes(number < claim_count for number in row_claim))
        self.row_event = _gather(row_event)
        self.row_claim = _gather(row_claim)
        self.block_start, self.block_end = _gather(block_start), _gather(block_end)
        self.year_start = _gather([span[0] for span in year_spans])
        self.year_end = _gather([span[1] for span in year_spans])
        self.month_start = _gather([span[0] for span in month_spans])
        self.month_end = _gather([span[1] for span in month_spans])
        self.row_source = _gather(sources)
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
        kept = None if keep is None else bytes(map(bool, map(keep, self.claims)))
        # Masks of 0/1 bytes, combined as big integers: one C operation for all rows.
        count = len(self.all_rows)
        matched = _bits(self.row_event(event_hits + b"\0")) | _bits(
            self.row_claim(claim_hits + b"\0")
        )
        keeps = self.claim_row_bits if kept is None else _bits(self.row_claim(kept + b"\0"))
        claim_shown = (matched & keeps).to_bytes(count, "little")
        # An event has a claim row shown when the running count of shown claim rows
        # differs at the two ends of its block; a heading likewise for its events.
        before = list(accumulate(claim_shown, initial=0))
        with_claims = bytes(map(ne, self.block_end(before), self.block_start(before)))
        if kept is None:
            event_shown = (_bits(event_hits) | _bits(with_claims)).to_bytes(
                self.event_count, "little"
            )
        else:
            event_shown = with_claims
        before = list(accumulate(event_shown, initial=0))
        year_shown = bytes(map(ne, self.year_end(before), self.year_start(before)))
        month_shown = bytes(map(ne, self.month_end(before), self.month_start(before)))
        shown = self.row_source(claim_shown + event_shown + year_shown + month_shown)
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


def _bits(values: Sequence[int]) -> int:
    """A sequence of 0s and 1s as the bits of one integer (the first is the lowest)."""
    return int.from_bytes(bytes(values), "little")


def _gather(indices: list[int]) -> Callable[[Sequence[int]], tuple[int, ...]]:
    """A function that picks the items at `indices` of a sequence, in C."""
    if not indices:
        return lambda sequence: ()
    if len(indices) == 1:
        only = indices[0]
        return lambda sequence: (sequence[only],)
    return itemgetter(*indices)


def timeline_of(dataset: Dataset) -> Timeline:
    """The dataset's timeline, built once: the review screen, the presentation, a summary
    and an export of the same dataset share it (at 100,000 claims it takes seconds)."""
    with _RECENT_LOCK:
        for timeline in _RECENT:
            if timeline.dataset is dataset:
                return timeline
    timeline = Timeline(dataset)
    with _RECENT_LOCK:
        _RECENT.insert(0, timeline)
        del _RECENT[_KEPT_TIMELINES:]
    return timeline


# The timelines of the last few datasets used (an app holds one, tests and scripts more).
_KEPT_TIMELINES = 4
_RECENT: list[Timeline] = []
_RECENT_LOCK = threading.Lock()


class Timeline:
    """The ordered events and claims of a dataset, ready to be filtered into rows."""

    def __init__(self, dataset: Dataset) -> None:
        # Like a load, building the timeline makes many objects and no cycles.
        with paused_gc():
            self._build(dataset)

    def _build(self, dataset: Dataset) -> None:
        # Events are read in file order and only their places shuffled: reading 100,000
        # objects in date order, scattered over the heap, costs several times more.
        in_file = dataset.events
        keys = [event.date.sort_key for event in in_file]
        order = sorted(range(len(in_file)), key=keys.__getitem__)
        rank = [0] * len(order)
        for place, index in enumerate(order):
            rank[index] = place
        ids = [event.id for event in in_file]
        self.dataset = dataset
        self.events: list[Event] = [in_file[index] for index in order]
        self._order = order  # file index of each event in timeline order
        self._keys = [keys[index] for index in order]  # their (year, month, day)
        events = self.events
        position = dict(zip(ids, rank, strict=True))
        self.claims_under: dict[str, list[Claim]] = {ids[index]: [] for index in order}
        self.see_also_under: dict[str, list[Claim]] = {ids[index]: [] for index in order}
        self.home_event: dict[str, Event] = {}
        claims_under, see_also_under, home_event = (
            self.claims_under,
            self.see_also_under,
            self.home_event,
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
        events_per_year = Counter(key[0] for key in keys)
        self._dense_years = {year for year, count in events_per_year.items() if count > DENSE_YEAR}
        self._layout_made: _Layout | None = None
        self._texts: tuple[list[str], list[str]] | None = None
        self._searches: dict[str, tuple[bytes, bytes]] = {}
        self._claim_places: dict[str, int] | None = None  # made by the first `also`
        # The last search's matches and rows: typing on often matches the same records
        # ("priso", then "prison"), and its rows are then those already made.
        self._last_search: tuple[bytes, bytes, list[Row]] | None = None

    def claims_in_order(self) -> list[Claim]:
        """Every claim once, in timeline order (by the first event it is about)."""
        return [claim for claims in self.claims_under.values() for claim in claims]

    def rows(
        self,
        query: str = "",
        keep_claim: Callable[[Claim], bool] | None = None,
        also: Collection[str] = (),
    ) -> list[Row]:
        """The rows to show for a search `query` and a claim filter (None keeps all).

        An event is shown when it matches the search (with those of its claims the filter
        keeps) or when one of its claims is shown; headings appear above what is shown.
        `also` names claims that match the search for what is not in the dataset (a
        reviewer's note or name, which the session knows).
        """
        layout = self._layout()
        needle = fold(query).strip()
        if not needle and keep_claim is None:
            return list(layout.all_rows)
        if not needle:
            event_hits, claim_hits = bytes(layout.event_count), b"\1" * layout.claim_count
            return layout.select(event_hits, claim_hits, keep_claim)
        event_hits, claim_hits = self._matches(needle)
        if also:
            claim_hits = self._with_claims(claim_hits, also)
        if keep_claim is not None or also:
            return layout.select(event_hits, claim_hits, keep_claim)
        last = self._last_search
        if last is None or last[0] != event_hits or last[1] != claim_hits:
            last = self._last_search = (
                event_hits,
                claim_hits,
                layout.select(event_hits, claim_hits, None),
            )
        return list(last[2])

    def _with_claims(self, claim_hits: bytes, claim_ids: Collection[str]) -> bytes:
        """The search's claim matches (dataset order) with these claims added."""
        if self._claim_places is None:
            self._claim_places = {claim.id: at for at, claim in enumerate(self.dataset.claims)}
        hits = bytearray(claim_hits)
        for claim_id in claim_ids:
            place = self._claim_places.get(claim_id)
            if place is not None:
                hits[place] = 1
        return bytes(hits)

    def index_of(self, rows: Sequence[Row], key: str) -> int | None:
        """Where the row with `key` is in `rows`, a list `rows()` gave; None if not there.

        A list from `rows()` keeps the timeline's order, so this is a binary search, not
        a dictionary of every row's key made again for each new list.
        """
        position = self._layout().positions().get(key)
        if position is None:
            return None
        index = bisect_left(rows, position, key=_position_of)
        if index < len(rows) and rows[index]._position == position:
            return index
        return None

    def prepare_search(self) -> None:
        """Make the rows, row keys and search text now, so that the first search or
        selection does not wait for them: call it from a worker thread after the first
        frame (at 100,000 claims it takes about 1.5 s)."""
        self._layout().positions()
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
        in_file = []
        for event in self.dataset.events:  # file order: see _build
            date = event.date
            shown = displays.get(date)
            if shown is None:
                shown = displays[date] = date.display()
            in_file.append(_event_text(event, shown))
        event_texts = [in_file[index] for index in self._order]
        claim_texts = [_claim_text(claim) for claim in self.dataset.claims]
        return _fold_all(event_texts), _fold_all(claim_texts)

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
    if candidates is None or candidates.count(1) * 4 > len(texts) * 3:
        return bytes([needle in text for text in texts])
    tested = iter([needle in text for text in compress(texts, candidates)])
    return bytes([next(tested) if candidate else False for candidate in candidates])


def _size(matches: tuple[bytes, bytes]) -> int:
    return matches[0].count(1) + matches[1].count(1)


def _position_of(row: Row) -> int:
    return row._position


def _date_order(event: Event) -> tuple[int, int, int]:
    return event.date.sort_key


def _event_blob(event: Event, date_shown: str | None = None) -> str:
    return fold(_event_text(event, date_shown))


def _claim_blob(claim: Claim) -> str:
    return fold(_claim_text(claim))


def _event_text(event: Event, date_shown: str | None = None) -> str:
    shown = event.date.display() if date_shown is None else date_shown
    return "\n".join([event.id, event.title, event.summary or "", *event.tags, shown])


def _claim_text(claim: Claim) -> str:
    return "\n".join([claim.id, claim.text, claim.claimant or "", *claim.tags])


def fold(text: str) -> str:
    """Text as search compares it: case and accents ignored, so `gonzalez` finds González."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    bmp_marks, astral_marks = _combining_marks()
    folded = bmp_marks.sub("", unicodedata.normalize("NFKD", folded))
    if _ASTRAL.search(folded):
        folded = astral_marks.sub("", folded)
    return folded


_ASTRAL = re.compile("[\\U00010000-\\U0010ffff]")
_COMBINING: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _combining_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Every character with a combining class (what `unicodedata.combining` is true of),
    as two character sets, those of the Basic Multilingual Plane and the others.

    Removing them in C instead of testing each character in Python takes folding 100,000
    claims from seconds to a fraction of one; a set of BMP characters alone is a bitmap to
    the regular expression engine, which is ten times faster than a set with the others.
    """
    global _COMBINING
    if _COMBINING is None:
        marks = [code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))]
        _COMBINING = (
            re.compile(_character_set([code for code in marks if code <= 0xFFFF])),
            re.compile(_character_set([code for code in marks if code > 0xFFFF])),
        )
    return _COMBINING


def _character_set(codes: list[int]) -> str:
    """A regular expression character set of the code points (ascending)."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    if not ranges:
        return "[^\\x00-\\U0010ffff]"  # matches nothing
    return "[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in ranges) + "]"


def _fold_all(texts: list[str]) -> list[str]:
    """`fold` of each text, a few thousand at a time (one C call each, not one per text)."""
    folded: list[str] = []
    for start in range(0, len(texts), _FOLD_BATCH):
        # "\0" cannot occur in dataset text and folds to itself, so it keeps texts apart.
        folded += fold("\0".join(texts[start : start + _FOLD_BATCH])).split("\0")
    return folded


_FOLD_BATCH = 2000
