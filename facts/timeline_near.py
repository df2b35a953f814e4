"""The rows a search shows near one place of the timeline, made from the records there.

A search keystroke at 100,000 claims reads every record's text (30-70 ms for a word's
second or third letter, which most records hold) and picks rows among a quarter of a
million (15-22 ms) before the screen can change. The screen shows forty rows, and which
rows those are depends on the records near the selection alone: so a screen first shows
what `rows_near` makes from a few hundred records (about a millisecond), exactly the rows
the whole result has there, and the whole result follows in steps
(`Timeline.rows_in_steps`).

Exact means the same rule as `Layout.select`: a claim row is shown when its event or its
claim matches (and the filter keeps the claim), an event row when it matches and there is
no filter or when one of its claim rows is shown, and a heading when any event beneath it
is shown, even one past the records read (so the last year or month begun near the place
is read on until one of its events is shown).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from facts.model import Claim
from facts.timeline_rows import Layout, Row, position_of

SELECTABLE = ("event", "claim", "see-also")

# Events read on each side of the place at first, and at most (each time four times more):
# a broad search fills a screen from a few dozen events, a narrow one may need thousands,
# and one that matches too few records near the place is left to the whole computation.
_FIRST_REACH = 32
_LAST_REACH = 512
# Events read past the last of them for a heading (a year holds up to 2,000 at 100,000 claims).
_HEADING_SCAN = 1024


@dataclass(frozen=True)
class Near:
    """Rows of a search's result near a place: a slice of the whole result, in order."""

    rows: list[Row]  # the whole result's rows from place `start` to before place `end`
    start: int
    end: int
    selected: int  # where the selection goes (`selection`): an index in `rows`
    first: bool  # `rows` begin where the whole result begins (`start` is 0)
    last: bool  # `rows` end where the whole result ends (`end` is the timeline's)


def selection(rows: Sequence[Row], anchor: int) -> int | None:
    """Where the selection goes among `rows` (a list `Timeline.rows` gave) when it was on
    the row at place `anchor` of the whole timeline: on that row when it is shown, else
    on the first claim after it, else the last claim before it, else the nearest row that
    can be selected (after, then before); None when no row can be."""
    return _selection(rows, anchor, first=True, last=True)


def _selection(rows: Sequence[Row], anchor: int, *, first: bool, last: bool) -> int | None:
    """`selection` among a slice of a result (`first`, `last`: whether it reaches the
    result's ends); -1 when the slice cannot tell."""
    at = bisect_left(rows, anchor, key=position_of)
    if at < len(rows) and rows[at].position == anchor and rows[at].kind in SELECTABLE:
        return at
    for kinds in (("claim",), SELECTABLE):
        found = next((i for i in range(at, len(rows)) if rows[i].kind in kinds), None)
        if found is not None:
            return found
        if not last:
            return -1
        found = next((i for i in range(at - 1, -1, -1) if rows[i].kind in kinds), None)
        if found is not None:
            return found
        if not first:
            return -1
    return None


def rows_near(
    layout: Layout,
    texts: tuple[list[str], list[str]],
    needle: str,
    keep: Callable[[Claim], bool] | None,
    also: set[int],
    anchor: int,
    around: int,
) -> Near | None:
    """The rows of the search for `needle` (folded), the filter `keep` and the claims
    `also` (by number) near place `anchor` of the whole timeline, with at least `around`
    rows before and after the selection where the result has them; None when the events
    near the place hold too few (the caller computes the whole result instead)."""
    reader = _Reader(layout, texts, needle, keep, also)
    middle = max(bisect_right(layout.starts, anchor) - 1, 0)
    reach = _FIRST_REACH
    while reach <= _LAST_REACH:
        low = max(middle - reach, 0)
        high = min(middle + reach + 1, layout.event_count)
        near = reader.near(low, high, anchor)
        if near is not None:
            enough_before = near.first or near.selected >= around
            enough_after = near.last or len(near.rows) - near.selected > around
            if enough_before and enough_after:
                return near
        reach *= 4
    return None


class _Reader:
    """Which rows of which events a search shows, each event's worked out once."""

    def __init__(
        self,
        layout: Layout,
        texts: tuple[list[str], list[str]],
        needle: str,
        keep: Callable[[Claim], bool] | None,
        also: set[int],
    ) -> None:
        self.layout = layout
        self.claim_of_row = layout.index().claim_of_row
        self.event_texts, self.claim_texts = texts
        self.needle, self.keep, self.also = needle, keep, also
        self.shown: dict[int, list[int]] = {}  # per event read: the places of its rows shown

    def near(self, low: int, high: int, anchor: int) -> Near | None:
        """The result's rows from the headings of event `low` to the end of event
        `high - 1` (timeline order); None when a heading can't be told in time."""
        layout = self.layout
        heads = self._headings_shown(low, high)
        if heads is None:
            return None
        places: list[int] = []
        for event in range(low, high):
            for head in (layout.year_head[event], layout.month_head[event]):
                if heads.pop(head, False):
                    places.append(head)
            places += self._rows_of(event)
        every = layout.all_rows
        rows = [every[place] for place in places]
        first, last = low == 0, high == layout.event_count
        selected = _selection(rows, anchor, first=first, last=last)
        if selected is None or selected < 0:
            return None
        start = layout.ends[low - 1] if low else 0
        return Near(rows, start, layout.ends[high - 1], selected, first, last)

    def _headings_shown(self, low: int, high: int) -> dict[int, bool] | None:
        """Whether each heading that begins among events `low` to `high - 1` is shown,
        by its place: when one of its events is, here or further on."""
        layout = self.layout
        start = layout.ends[low - 1] if low else 0  # where event `low`'s headings begin
        heads: dict[int, bool] = {}
        for event in range(low, high):
            shown = bool(self._rows_of(event))
            for head in (layout.year_head[event], layout.month_head[event]):
                if head >= start:
                    heads[head] = heads.get(head, False) or shown
        for kind in (layout.year_head, layout.month_head):
            head = kind[high - 1]
            if head in heads and not heads[head]:
                found = self._shown_further(kind, head, high)
                if found is None:
                    return None
                heads[head] = found
        return heads

    def _shown_further(self, heads: list[int], head: int, start: int) -> bool | None:
        """Whether an event from `start` on under heading `head` is shown; None when
        there are too many to read."""
        end = min(start + _HEADING_SCAN, self.layout.event_count)
        for event in range(start, end):
            if heads[event] != head:
                return False
            if self._rows_of(event):
                return True
        return False if end == self.layout.event_count else None

    def _rows_of(self, event: int) -> list[int]:
        """The places of event `event`'s rows the search shows (its own and its claims')."""
        known = self.shown.get(event)
        if known is not None:
            return known
        layout = self.layout
        start, end = layout.starts[event], layout.ends[event]
        needle = self.needle
        # With no search (a filter alone) every claim matches, and no event of itself.
        hit = needle in self.event_texts[event] if needle else self.keep is None
        keep, claims, claim_of_row = self.keep, layout.claims, self.claim_of_row
        if hit and keep is None:
            rows = list(range(start, end))
        else:
            chosen = [
                row
                for row in range(start + 1, end)
                if (hit or self._claim_matches(claim_of_row[row]))
                and (keep is None or keep(claims[claim_of_row[row]]))
            ]
            rows = [start, *chosen] if chosen else []
        self.shown[event] = rows
        return rows

    def _claim_matches(self, number: int) -> bool:
        return not self.needle or self.needle in self.claim_texts[number] or number in self.also
