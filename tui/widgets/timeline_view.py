"""The scrolling timeline: one widget that paints only the lines on screen.

A widget per row would cost seconds and gigabytes at 100,000 claims; this Line-API
`ScrollView` keeps the rows as plain values and renders a line only when it is visible,
so a big dataset scrolls like a small one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from facts.timeline import Row
from facts.timeline_near import SELECTABLE, selection
from facts.verdicts import Status
from tui.widgets.scroll_size import set_scroll_size
from tui.widgets.timeline_keys import TIMELINE_BINDINGS
from tui.widgets.timeline_lines import (
    PaintedLines,
    claim_text,
    line_text,
    strip_of,
    year_start,
    year_text,
)


class TimelineView(ScrollView, can_focus=True):
    """Year and month headings, events, and the claims beneath each event."""

    BINDINGS = TIMELINE_BINDINGS

    COMPONENT_CLASSES = {
        "timeline--year",
        "timeline--month",
        "timeline--event",
        "timeline--date",
        "timeline--meta",
        "timeline--claim",
        "timeline--cursor",
        "timeline--verified",
        "timeline--disputed",
        "timeline--unreviewed",
        "timeline--stale",
        "timeline--contested",
        "timeline--empty",
    }

    DEFAULT_CSS = """
    TimelineView {
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    TimelineView > .timeline--year { color: $text-primary; text-style: bold; }
    TimelineView > .timeline--month { color: $text-secondary; text-style: bold; }
    TimelineView > .timeline--event { color: $foreground; text-style: bold; }
    TimelineView > .timeline--date { color: $text-accent; }
    TimelineView > .timeline--meta { color: $foreground-muted; }
    TimelineView > .timeline--claim { color: $foreground; }
    TimelineView > .timeline--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    TimelineView:focus > .timeline--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    TimelineView > .timeline--verified { color: $text-success; text-style: bold; }
    TimelineView > .timeline--disputed { color: $text-error; text-style: bold; }
    TimelineView > .timeline--unreviewed { color: $foreground-muted; }
    TimelineView > .timeline--contested { color: $text-warning; text-style: bold; }
    TimelineView > .timeline--stale { color: $text-warning; text-style: bold; }
    TimelineView > .timeline--empty { color: $foreground-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    @dataclass
    class Opened(Message):
        """Enter on a row: a see-also row asks to jump to its claim."""

        row: Row

    def __init__(
        self,
        status_of: Callable[[Row], Status],
        locate: Callable[[list[Row], str], int | None],
        highlighted: Callable[[Row | None], None],
        **kwargs: object,
    ) -> None:
        """`status_of` gives a claim row's badge; `locate` finds a row by key in a list of
        rows (the timeline's own index: a dictionary of every key per keystroke would cost
        50-100 ms at 100,000 claims); `highlighted` is called as soon as the selection
        moves, so that what shows the selected row changes in the same frame as the
        timeline (a posted message was handled after it: one more frame a key)."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._status_of = status_of
        self._locate = locate
        self._highlighted = highlighted
        self._rows: list[Row] = []  # what is shown: the rows, or a slice of them
        self._whole: Callable[[], None] | None = None  # makes `_rows` whole (see `show`)
        self._slice = (True, True)  # whether `_rows` reach the first and the last row
        self.empty_message = "Nothing to show."
        self._base = Style()  # the widget's own style, found for each frame
        self._unchanged: Row | None = None  # see show
        self._painted = asyncio.Event()  # set when the rows shown last are painted
        self._painted_lines = PaintedLines()

    # -- data -----------------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        """Every row of the search and filter (made now if only a slice is shown yet)."""
        self.whole()
        return self._rows

    def whole(self) -> None:
        """Show every row, when only a slice of them is shown yet (see `show`): before
        anything that reads beyond it (a key that goes further, the next claim to judge)."""
        if self._whole is not None:
            self._whole()

    def set_rows(
        self, rows: list[Row], keep_key: str | None = None, *, same_details: bool = False
    ) -> None:
        """Show new rows, keeping the selection on `keep_key` (or the nearest row to the
        selected one: see `facts.timeline_near.selection`)."""
        target = self._locate(rows, keep_key) if keep_key else None
        if target is None:
            current = self.current
            target = selection(rows, current.position if current is not None else 0)
        self.show(rows, target, same_details=same_details)

    def show(
        self,
        rows: list[Row],
        selected: int | None,
        *,
        line: int | None = None,
        same_details: bool = False,
        part: tuple[bool, bool] | None = None,
        whole: Callable[[], None] | None = None,
    ) -> None:
        """Show new rows with row `selected` selected (None: the first).

        `line`: the screen line to show the selection on, where the rows allow (None:
        wherever it is in view, scrolling as little as can be). `same_details`: no row's
        detail changed (a search keystroke), so a selection left on the same row is not
        announced again: drawing the same claim's detail cost 5-30 ms a keystroke at
        100,000 claims. `part`: the rows are a slice of a search's result (whether it
        reaches the result's first and last rows), which `whole` shows entirely; the
        slice must then hold a screen of rows on each side of the selection (or reach
        that end), so that the whole shows the same lines.
        """
        self._unchanged = self.current if same_details else None
        self._rows, self._whole = rows, None
        self._slice = part or (True, True)
        set_scroll_size(self, Size(self.size.width, len(rows)))
        index = selected or 0
        if line is None:
            self._move(index)
        else:
            self.cursor = max(0, min(index, len(rows) - 1))
            height = self.scrollable_content_region.height
            top = max(min(self.cursor - line, len(rows) - height), 0)
            self.scroll_to(y=top, animate=False, immediate=True)
        self._unchanged = None
        self._whole = whole
        self._painted.clear()
        self.refresh()

    async def painted(self) -> None:
        """Wait until the rows shown last are on screen (their frame rendered)."""
        await self._painted.wait()

    @property
    def selection_line(self) -> int:
        """The screen line the selection is on."""
        return self.cursor - round(self.scroll_y)

    def refresh_claims(self, claim_ids: set[str]) -> None:
        """Repaint the visible rows that show one of these claims (their badges changed):
        its own row and its "also" rows, not every line on screen."""
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        width = self.scrollable_content_region.width
        shown = self._rows[top : top + height]
        regions = [
            Region(0, y, width, 1)
            for y, row in enumerate(shown)
            if row.claim is not None and row.claim.id in claim_ids
        ]
        if regions:
            self.refresh(*regions)

    def index_of(self, key: str) -> int | None:
        """The row with this key, found by the timeline (a binary search), or None."""
        return self._locate(self.rows, key)

    @property
    def current(self) -> Row | None:
        rows = self._rows
        if 0 <= self.cursor < len(rows) and rows[self.cursor].kind in SELECTABLE:
            return rows[self.cursor]
        return None

    def select_index(self, index: int) -> None:
        self._move(index)

    # -- movement ---------------------------------------------------------------

    def _nearest_selectable(self, start: int, step: int) -> int | None:
        index = start
        while 0 <= index < len(self._rows):
            if self._rows[index].kind in SELECTABLE:
                return index
            index += step
        return None

    def _step(self, start: int, step: int) -> None:
        found = self._nearest_selectable(start, step)
        if found is not None:
            self._move(found)

    def _move(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self._rows) - 1)) if self._rows else 0
        self._scroll_cursor_into_view()

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_y)
        if self.cursor < top + 1:
            self.scroll_to(y=max(self.cursor - 1, 0), animate=False, immediate=True)
        elif self.cursor >= top + height - 1:
            self.scroll_to(y=self.cursor - height + 2, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._whole is not None:
            # The wheel or the scrollbar reached an end of a slice that is not the result's.
            first, last = self._slice
            top, height = round(new_value), self.scrollable_content_region.height
            if (not first and top <= 0) or (not last and top + height >= len(self._rows)):
                self.call_later(self.whole)

    def watch_cursor(self, old: int, new: int) -> None:
        # Only the two rows repaint (a scroll that follows repaints the rest): painting
        # every visible line made each key's frame several times longer.
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        width = self.scrollable_content_region.width
        rows = [Region(0, index - top, width, 1) for index in {old, new}]
        self.refresh(*[row for row in rows if 0 <= row.y < height])
        current = self.current
        if current is None or current is not self._unchanged:
            self._highlighted(current)

    def action_cursor_up(self) -> None:
        self._step_shown(-1)

    def action_cursor_down(self) -> None:
        self._step_shown(1)

    def _step_shown(self, step: int) -> None:
        """Up or down a row: within a slice of the rows (see `show`) while the screen
        stays inside it, else after the whole is shown."""
        found = self._nearest_selectable(self.cursor + step, step)
        if self._whole is not None and (found is None or not self._inside(found)):
            self.whole()
            found = self._nearest_selectable(self.cursor + step, step)
        if found is not None:
            self._move(found)

    def _inside(self, index: int) -> bool:
        """Whether a screen around row `index` shows rows of the slice alone."""
        first, last = self._slice
        reach = self.scrollable_content_region.height
        return (first or index >= reach) and (last or index + reach < len(self._rows))

    def action_page_up(self) -> None:
        self.whole()
        page = max(self.scrollable_content_region.height - 1, 1)
        target = self._nearest_selectable(max(self.cursor - page, 0), 1)
        self._move(target if target is not None else self.cursor)

    def action_page_down(self) -> None:
        self.whole()
        page = max(self.scrollable_content_region.height - 1, 1)
        target = self._nearest_selectable(min(self.cursor + page, len(self._rows) - 1), -1)
        self._move(target if target is not None else self.cursor)

    def action_first(self) -> None:
        self.whole()
        self._step(0, 1)

    def action_last(self) -> None:
        self.whole()
        self._step(len(self._rows) - 1, -1)

    def action_previous_year(self) -> None:
        self._jump_year(-1)

    def action_next_year(self) -> None:
        self._jump_year(1)

    def _jump_year(self, direction: int) -> None:
        self.whole()
        start = year_start(self._rows, self.cursor, direction) if self._rows else None
        if start is not None:
            self._step(start, 1)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0 and self._sticky_year() is not None:
            return  # the sticky heading, not the row it covers
        index = round(self.scroll_y) + event.y
        if 0 <= index < len(self._rows) and self._rows[index].kind in SELECTABLE:
            self.focus()
            self._move(index)

    def on_resize(self, event: events.Resize) -> None:
        self.whole()  # a slice holds rows for the screen's height before
        self.virtual_size = Size(event.size.width, len(self._rows))
        self.call_after_refresh(self._scroll_cursor_into_view)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """The virtual size is the rows' (set by `set_rows` and on a resize), never the
        compositor's guess: with that guess every layout pass, even one for another
        widget, repainted the scrollbar in one more frame."""
        return super()._size_updated(size, self.virtual_size, container_size, layout)

    # -- painting -------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style  # once a frame, not once a line: it walks the DOM
        self._painted.set()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        base = self._base
        if not self._rows:
            if y == 1:
                message = Text("  " + self.empty_message, style=self._style("timeline--empty"))
                return self._strip(message, width, base)
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        if y == 0 and self._sticky_year() is not None:
            # The year of the rows below, so the reader always knows which year it is.
            return self._strip(year_text(self._rows[index].year, width, self._style), width, base)
        row = self._rows[index]
        selected = index == self.cursor and row.kind in SELECTABLE
        status = self._status_of(row) if row.claim is not None else None
        look = (width, selected, selected and self.has_focus, status, base)
        painted = self._painted_lines.get(row, look)
        if painted is not None:
            return painted
        if status is not None:
            text = claim_text(row, status, self._style)
        else:
            text = line_text(row, width, self._style)
        if selected:
            # The full style resolves `auto` text colours against the cursor's background.
            cursor = self.get_component_rich_style("timeline--cursor", partial=False)
            text.pad_right(max(width - text.cell_len, 0))
            text.stylize(cursor)
        return self._painted_lines.put(row, look, self._strip(text, width, base))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._painted_lines.clear()  # a new theme: the component styles changed

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        return strip_of(text, width, base, self.app.console)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _sticky_year(self) -> int | None:
        """The row index under the sticky year heading, when the top line shows one: the
        view is scrolled and its top row is not a year heading already."""
        top = round(self.scroll_y)
        if top <= 0 or top >= len(self._rows) or self._rows[top].kind == "year":
            return None
        return top
