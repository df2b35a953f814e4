"""Which rows of the whole timeline a search shows, worked out on big integers.

Each row is one byte (a "lane") of a Python integer, so one C-level addition, AND or OR
handles every row at once. What depends on neighbouring rows — an event's claims shown
when it matches, an event or heading shown when something beneath it is — is carried by
integer addition: adding 1 to the lowest lane of a run of 0xFF lanes carries through the
run and stops in the first lane past it. At 100,000 claims this takes the choice of rows
for a keystroke from 60–80 ms of itemgetter gathers and running sums to a few
milliseconds.

Carries run towards higher lanes only. Rows are in lane order (row 0 the lowest) where
something flows down the list (an event to its claims); where it flows up (a claim to its
event, an event to its headings) the same integer is read backwards, which for byte lanes
is just reading its bytes big-endian.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

# A code per kind of row, to make the masks from.
_YEAR, _MONTH, _EVENT, _CLAIM = range(4)
_KIND_CODES = {"year": _YEAR, "month": _MONTH, "event": _EVENT, "claim": _CLAIM, "see-also": _CLAIM}
_TO_FF = bytes([0, 0xFF]) + bytes(254)  # 1 → 0xFF, 0 → 0 (other bytes do not occur)


class _KindOf(Protocol):
    @property
    def kind(self) -> str: ...


class Lanes:
    """The kinds of the whole timeline's rows as lane masks, made once per layout."""

    def __init__(self, rows: Sequence[_KindOf]) -> None:
        codes = bytes([_KIND_CODES[row.kind] for row in rows])
        self.count = len(codes)

        def lanes(value: int, *kinds: int, backwards: bool = False) -> int:
            table = bytes(value if code in kinds else 0 for code in range(256))
            return int.from_bytes(codes.translate(table), "big" if backwards else "little")

        self.ones = lanes(1, _YEAR, _MONTH, _EVENT, _CLAIM)  # the same either way round
        # Down the list (row 0 the lowest lane).
        self.claims = lanes(0xFF, _CLAIM)
        self.events = lanes(0xFF, _EVENT)
        # Up the list (the last row the lowest lane).
        self.claims_up = lanes(0xFF, _CLAIM, backwards=True)
        self.event_ones_up = lanes(1, _EVENT, backwards=True)
        self.below_years_up = lanes(0xFF, _MONTH, _EVENT, _CLAIM, backwards=True)
        self.year_ones_up = lanes(1, _YEAR, backwards=True)
        self.below_headings_up = lanes(0xFF, _EVENT, _CLAIM, backwards=True)
        self.month_ones_up = lanes(1, _MONTH, backwards=True)

    def shown(self, matched: bytes, kept: bytes | None) -> bytes:
        """One byte per row, 1 when it is shown.

        `matched`: per row, 1 when its record (its event, or its claim) matches the
        search; `kept`: per row, 1 when the filter keeps its claim (None: no filter).
        A claim row is shown when its claim or its event matches (and the filter keeps
        it); an event row when it matches and there is no filter, or when one of its
        claim rows is shown; a heading when an event beneath it is shown.
        """
        ones, claims = self.ones, self.claims
        found = int.from_bytes(matched.translate(_TO_FF), "little")
        events = found & self.events
        # A matching event's claims are the run of claim lanes just above its lane: adding
        # 1 there clears the run. (A carry that runs on into the next event's lane, when
        # that event matches too, leaves that lane at 1 and clears its claims all the
        # same; only claim lanes are kept.)
        runs = claims | events
        under_matching_events = runs & ~(runs + (events & ones))
        claim_shown = (found | under_matching_events) & claims
        if kept is not None:
            claim_shown &= int.from_bytes(kept.translate(_TO_FF), "little")
        # Backwards, an event's claims are the run of claim lanes just below its own lane.
        claims_up = self._backwards(claim_shown) & ones
        event_up = ((self.claims_up + claims_up) & self.event_ones_up) * 0xFF
        if kept is None:
            event_up |= self._backwards(events)
        event_up &= ones
        years_up = (self.below_years_up + event_up) & self.year_ones_up
        months_up = (self.below_headings_up + event_up) & self.month_ones_up
        return (claims_up | event_up | years_up | months_up).to_bytes(self.count, "big")

    def _backwards(self, lanes: int) -> int:
        return int.from_bytes(lanes.to_bytes(self.count, "little"), "big")
