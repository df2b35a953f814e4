"""The timeline: events in date order with their claims beneath, flattened into rows.

A claim about several events sits under the first of them (in timeline order) and is
reachable from the others through a "see also" row. Rows are plain values computed once
per dataset, search and filter, so a screen can draw any slice of them without work.

This module orders the events and claims and answers for the whole; the rows and the masks
that pick them are in `facts.timeline_rows`, searching in `facts.timeline_search`.
Built for 100,000 claims: the rows of the whole timeline are made once, and a search or
filter picks from them (the rows of a filtered timeline are a subsequence of the whole
one) instead of making new ones.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from itertools import compress
from operator import attrgetter, itemgetter

from facts.gc_pause import paused_gc
from facts.model import Claim, Dataset, Event
from facts.steps import Steps, finish
from facts.timeline_near import Near, rows_near
from facts.timeline_rows import Layout, Row, position_of
from facts.timeline_search import SearchIndex, fold

__all__ = ["Row", "Timeline", "fold", "timeline_of"]

# A year with more events than this gets month headings too.
DENSE_YEAR = 6


def timeline_of(dataset: Dataset, *, dense_years: Collection[int] | None = None) -> Timeline:
    """The dataset's timeline, built once: the review screen, the presentation, a summary
    and an export of the same dataset share it (at 100,000 claims it takes seconds).

    `dense_years`, for a part of a dataset (`facts.cache.head`), are the years the whole
    dataset has month headings in; they are used when the timeline is built here."""
    with _RECENT_LOCK:
        for timeline in _RECENT:
            if timeline.dataset is dataset:
                return timeline
    timeline = Timeline(dataset, dense_years=dense_years)
    with _RECENT_LOCK:
        _RECENT.insert(0, timeline)
        del _RECENT[_KEPT_TIMELINES:]
    return timeline


def _day_number(key: tuple[int, int, int]) -> int:
    """A (year, month or 0, day or 0) sort key as one number, in the same order."""
    year, month, day = key
    return (year * 13 + month) * 32 + day


def _drain(iterator: Iterator[object]) -> None:
    """Run an iterator of C calls (a `map`) for their effect."""
    deque(iterator, maxlen=0)


# The timelines of the last few datasets used (an app holds one, tests and scripts more).
_KEPT_TIMELINES = 4
_RECENT: list[Timeline] = []
_RECENT_LOCK = threading.Lock()


class HomeEvents(Mapping[str, Event]):
    """The event each claim sits under (the first of its events in timeline order), by
    claim id, found when asked: a dictionary of every claim's took 0.06 s at 100,000
    claims, before the timeline could show, for the few claims a screen asks about."""

    def __init__(self, dataset: Dataset, places: dict[str, int], events: list[Event]) -> None:
        # The timeline's parts, not the timeline: held by it, a reference back would make
        # a cycle, and a timeline built under `paused_gc` (which freezes what it made)
        # would then never be freed with its dataset.
        self._dataset = dataset
        self._places = places
        self._events = events

    def __getitem__(self, claim_id: str) -> Event:
        claim = self._dataset.claim_by_id[claim_id]
        place: int = min(map(self._places.__getitem__, claim.events))
        return self._events[place]

    def __iter__(self) -> Iterator[str]:
        return (claim.id for claim in self._dataset.claims)

    def __len__(self) -> int:
        return len(self._dataset.claims)


class Timeline:
    """The ordered events and claims of a dataset, ready to be filtered into rows."""

    def __init__(self, dataset: Dataset, *, dense_years: Collection[int] | None = None) -> None:
        """`dense_years`: the years with month headings, when not this dataset's own (a
        part of a bigger one is laid out as the whole is)."""
        # Like a load, building the timeline makes many objects and no cycles.
        with paused_gc():
            self._build(dataset)
        if dense_years is not None:
            self.dense_years = set(dense_years)

    def _build(self, dataset: Dataset) -> None:
        # Events are read in file order and only their places shuffled: reading 100,000
        # objects in date order, scattered over the heap, costs several times more.
        # The per-record work is done by C loops (map, zip, deque) where it can be: a
        # Python loop over 100,000 claims costs a few tenths of a second.
        in_file = dataset.events
        count = len(in_file)
        keys = [event.date.sort_key for event in in_file]
        days = list(map(_day_number, keys))  # ints sort four times faster than tuples
        order = sorted(range(count), key=days.__getitem__)
        ids = list(map(attrgetter("id"), in_file))
        self.dataset = dataset
        self.events: list[Event] = list(map(in_file.__getitem__, order))
        self.sort_keys = list(map(keys.__getitem__, order))  # their (year, month, day)
        in_order = list(map(ids.__getitem__, order))
        # Each event's place in timeline order, by id.
        self.event_places = position = dict(zip(in_order, range(count), strict=True))
        self.claims_under: dict[str, list[Claim]] = {id_: [] for id_ in in_order}
        self.see_also_under: dict[str, list[Claim]] = {id_: [] for id_ in in_order}
        # A claim sits under the first of its events in timeline order (its home).
        claims = dataset.claims
        links = list(map(attrgetter("events"), claims))
        homes = list(map(itemgetter(0), links))
        for number in compress(range(len(links)), map((1).__lt__, map(len, links))):
            linked = sorted(links[number], key=position.__getitem__)
            homes[number] = linked[0]
            for other in linked[1:]:
                self.see_also_under[other].append(claims[number])
        _drain(map(list.append, map(self.claims_under.__getitem__, homes), claims))
        self.home_event: Mapping[str, Event] = HomeEvents(dataset, position, self.events)
        """The event each claim sits under, by claim id."""
        events_per_year = Counter(key[0] for key in keys)
        self.dense_years = {year for year, count in events_per_year.items() if count > DENSE_YEAR}
        self._layout_made: Layout | None = None
        self._search = SearchIndex(dataset, order)
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
        return finish(self.rows_in_steps(query, keep_claim, also))

    def rows_in_steps(
        self,
        query: str = "",
        keep_claim: Callable[[Claim], bool] | None = None,
        also: Collection[str] = (),
    ) -> Steps[list[Row]]:
        """`rows`, a millisecond or two a step (see `facts.steps`): a screen shows the
        rows near its selection first (`rows_near`) and these when they are done."""
        layout = self._layout()
        needle = fold(query).strip()
        if not needle and keep_claim is None:
            return list(layout.all_rows)
        if not needle:
            event_hits, claim_hits = bytes(layout.event_count), b"\1" * layout.claim_count
            return (yield from layout.select_in_steps(event_hits, claim_hits, keep_claim))
        event_hits, claim_hits = yield from self._search.matches_in_steps(needle)
        if also:
            claim_hits = self._with_claims(claim_hits, also)
        if keep_claim is not None or also:
            return (yield from layout.select_in_steps(event_hits, claim_hits, keep_claim))
        last = self._last_search
        if last is None or last[0] != event_hits or last[1] != claim_hits:
            rows = yield from layout.select_in_steps(event_hits, claim_hits, None)
            last = self._last_search = (event_hits, claim_hits, rows)
        return list(last[2])

    def rows_near(
        self,
        query: str,
        keep_claim: Callable[[Claim], bool] | None,
        also: Collection[str],
        anchor: int,
        around: int,
    ) -> Near | None:
        """The rows `rows` gives for these arguments near place `anchor` of the whole
        timeline, `around` of them before and after the selection where there are as
        many, made from the records near it alone (see `facts.timeline_near`); None when
        those hold too few."""
        layout = self._layout()
        places = layout.claim_places()
        also_numbers = {places[claim_id] for claim_id in also if claim_id in places}
        texts = self._search.texts()
        needle = fold(query).strip()
        return rows_near(layout, texts, needle, keep_claim, also_numbers, anchor, around)

    def _with_claims(self, claim_hits: bytes, claim_ids: Collection[str]) -> bytes:
        """The search's claim matches (dataset order) with these claims added."""
        places = self._layout().claim_places()
        hits = bytearray(claim_hits)
        for claim_id in claim_ids:
            place = places.get(claim_id)
            if place is not None:
                hits[place] = 1
        return bytes(hits)

    def index_of(self, rows: Sequence[Row], key: str) -> int | None:
        """Where the row with `key` is in `rows`, a list `rows()` gave; None if not there.

        A list from `rows()` keeps the timeline's order, so this is a binary search, not
        a dictionary of every row's key made again for each new list.
        """
        position = self._layout().place_of(key)
        if position is None:
            return None
        index = bisect_left(rows, position, key=position_of)
        if index < len(rows) and rows[index].position == position:
            return index
        return None

    def place_of(self, key: str) -> int | None:
        """Where the row with `key` is in the whole timeline; None if there is none."""
        return self._layout().place_of(key)

    def prepare_search(self) -> None:
        """Make the rows, the claims' places, the rows' index and the search text now, so
        that the first search or selection does not wait for them: call it from a worker
        thread after the first frame (at 100,000 claims it takes about 3 s, or a tenth of
        that when the search text came with a cached dataset)."""
        layout = self._layout()
        layout.claim_places()
        layout.index()
        self._search.texts()

    # -- internals ---------------------------------------------------------------------

    def _layout(self) -> Layout:
        if self._layout_made is None:
            with paused_gc():
                self._layout_made = Layout(self)
        return self._layout_made
