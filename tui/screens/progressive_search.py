"""The review screen's rows for a search and filter: on a search keystroke, the rows on
screen first, the whole result after, in steps.

At 100,000 claims a keystroke's whole result takes 50-100 ms to find (every record's text
read, a quarter of a million rows picked), and a frame after it 20 ms more. The screen
shows forty rows, and which they are depends on the records near the selection alone:
so the keystroke shows those (`Timeline.rows_near`, about a millisecond), with the
selection on the screen line it was on, and the whole result is found a few milliseconds
at a time in an asyncio worker on the app's own thread (a thread would take the
interpreter from the frames), between keys and frames. When it is found it replaces the
slice: the same lines, the selection where it was, and only the scrollbar and the
header's count of claims change. A newer keystroke, a filter or anything else that makes
new rows drops it; a key that needs every row (End, PageDown, a verdict's "next claim to
judge") finds the rest at once, first (`TimelineView.whole`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection
from contextlib import suppress

from textual.screen import Screen
from textual.worker import Worker

from facts.model import Claim
from facts.steps import Stepper, Steps, finish
from facts.timeline import Row, Timeline
from facts.timeline_near import selection
from facts.timeline_rows import claims_among
from tui.widgets.timeline_view import TimelineView

# Below this many records (events and claims: 25,000 claims or so) the whole result takes
# 10 ms or less, and is shown at once: in steps it came a frame later (33 against 17 ms at
# 10,000 claims, median, pty).
LEAST_RECORDS = 50_000
# Work done between two turns of the app's loop: keys and frames wait at most this long.
STEP_SECONDS = 0.003
# The pause after each: the loop waits for input, and the threads that write frames to the
# terminal and read keys from it take the interpreter at once. With no pause they waited
# for Python's switch interval (5 ms) for each write: 20 ms more for a frame to show.
PAUSE_SECONDS = 0.001
# Rows kept beyond a screen's on each side of the selection in a slice (see `show`).
MARGIN = 8
# How long the steps wait for the slice to be painted (it is not while a dialog covers it).
PAINT_PATIENCE = 0.1


class ProgressiveSearch:
    """Which rows the timeline shows, and how many claims (`found`) for the header."""

    def __init__(
        self, screen: Screen[None], view: TimelineView, timeline: Timeline, done: Callable[[], None]
    ) -> None:
        """`done` is called when a slice's whole result replaces it (the header's count)."""
        self._screen = screen
        self._view = view
        self._timeline = timeline
        self._done = done
        self._rest: Stepper[tuple[list[Row], int]] | None = None
        self._worker: Worker[None] | None = None
        self.found: int | None = 0  # claims shown; None while only a slice is

    def show(
        self,
        query: str,
        keep: Callable[[Claim], bool] | None,
        also: Collection[str],
        keep_key: str | None,
        *,
        typed: bool,
    ) -> None:
        """Show the rows for a search `query`, a filter `keep` and claims `also` matching,
        with the selection kept on `keep_key` (None: the selected row) or nearest to it.

        `typed`: a search keystroke. It shows the rows near the selection, on the line it
        was on, and finds the rest in steps; anything else shows every row at once."""
        self._drop()
        view, timeline = self._view, self._timeline
        anchor = self._place(keep_key)
        # The line it is on, or the nearest one on screen (the wheel may have moved it off).
        height = view.scrollable_content_region.height
        line = max(0, min(view.selection_line, height - 1)) if typed else None
        records = len(timeline.events) + len(timeline.dataset.claims)
        if typed and records >= LEAST_RECORDS and (query.strip() or keep is not None):
            around = view.scrollable_content_region.height + MARGIN
            near = timeline.rows_near(query, keep, also, anchor, around)
            if near is not None and not (near.first and near.last):
                self.found = None
                self._rest = Stepper(self._whole(query, keep, also))
                view.show(
                    near.rows,
                    near.selected,
                    line=line,
                    same_details=True,
                    part=(near.first, near.last),
                    whole=self.complete,
                )
                self._worker = self._screen.run_worker(self._run(), group="search")
                return
        rows = timeline.rows(query, keep, also)
        self.found = finish(claims_among(rows)) if query.strip() else 0
        view.show(rows, selection(rows, anchor), line=line, same_details=typed)

    def _place(self, key: str | None) -> int:
        """Where in the whole timeline the selection is to stay: at the row with `key`,
        else at the selected row, else at the top (see `facts.timeline_near.selection`)."""
        place = self._timeline.place_of(key) if key else None
        if place is not None:
            return place
        current = self._view.current
        return current.position if current is not None else 0

    def complete(self) -> None:
        """Show the whole result now, when only a slice of it is shown."""
        if self._rest is not None:
            self._finish(self._rest)

    def _whole(
        self, query: str, keep: Callable[[Claim], bool] | None, also: Collection[str]
    ) -> Steps[tuple[list[Row], int]]:
        rows = yield from self._timeline.rows_in_steps(query, keep, also)
        return rows, (yield from claims_among(rows))

    async def _run(self) -> None:
        # The steps start once the slice is painted: started at once, they held its frame
        # back by 40-60 ms at 100,000 claims (each turn of the loop between the messages
        # that lead to a frame waited for a step).
        with suppress(TimeoutError):
            await asyncio.wait_for(self._view.painted(), PAINT_PATIENCE)
        rest = self._rest
        while rest is not None and rest is self._rest and not rest.run_for(STEP_SECONDS):
            await asyncio.sleep(PAUSE_SECONDS)
        if rest is not None and rest is self._rest:
            self._worker = None  # done: not to be cancelled from within
            self._finish(rest)

    def _finish(self, rest: Stepper[tuple[list[Row], int]]) -> None:
        rows, self.found = rest.result()
        self._drop()
        view = self._view
        current = view.current
        index = selection(rows, current.position if current is not None else 0)
        view.show(rows, index, line=view.selection_line, same_details=True)
        self._done()

    def _drop(self) -> None:
        """Forget the steps left of a slice's result (a newer one replaces it)."""
        self._rest = None
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None
