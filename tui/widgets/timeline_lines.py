"""The text of one timeline line: a year rule, a month, an event or a claim.

Kept apart from the scrolling widget (timeline_view.py), which decides *which* line goes
where and paints the cursor; these functions only say what a row reads as, given the
widget's component styles (`style("timeline--date")` and so on).
"""

from __future__ import annotations

from calendar import month_name
from collections.abc import Callable, Sequence

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from facts.timeline import Row
from facts.verdicts import Status
from tui.rendering import badge_text, flat

StyleOf = Callable[[str], Style]


def line_text(row: Row, width: int, style: StyleOf) -> Text:
    """A year, month or event row's line."""
    if row.kind == "year":
        return year_text(row.year, width, style)
    if row.kind == "month":
        return Text(f"   {month_name[row.month or 1]}", style=style("timeline--month"))
    return event_text(row, width, style)


def year_text(year: int, width: int, style: StyleOf) -> Text:
    """The year and a rule to the edge (also the sticky heading at the top)."""
    label = Text(f" {year if year > 0 else f'{-year} BCE'} ", style=style("timeline--year"))
    rule = "─" * max(width - label.cell_len - 1, 0)
    label.append(rule, style=style("timeline--meta"))
    return label


def event_text(row: Row, width: int, style: StyleOf) -> Text:
    """Date, title and, where there is room beside the title, the source count."""
    event = row.event
    assert event is not None
    date = event.date.short()
    if event.end is not None:
        date += f"–{event.end.short()}"
    sources = len(event.sources)
    show_meta = sources and width >= 60
    meta = f"  {sources} source{'s' if sources != 1 else ''}" if show_meta else ""
    text = Text("  ")
    text.append(date.ljust(12), style=style("timeline--date"))
    text.append(" ")
    room = width - text.cell_len - len(meta) - 1
    title = Text(flat(event.title), style=style("timeline--event"))
    title.truncate(max(room, 1), overflow="ellipsis")
    text.append_text(title)
    if meta:
        text.append(" " * max(room - title.cell_len, 0))
        text.append(meta, style=style("timeline--meta"))
    return text


def claim_text(row: Row, status: Status, style: StyleOf) -> Text:
    """A claim's badge and text; an "also" row (a claim about several events) says so."""
    claim = row.claim
    assert claim is not None
    text = Text("      ")
    if row.kind == "see-also":
        text.append("↪ also: ", style=style("timeline--meta"))
    text.append_text(badge_text(status, style(f"timeline--{status}")))
    text.append("  ")
    text.append(flat(claim.text), style=style("timeline--claim"))
    return text


class PaintedLines:
    """The strips of rows painted before, by row and by what their look depends on (width,
    selection, focus, badge, the widget's style): a search keystroke keeps most of the
    rows on screen, and painting a line again cost about 0.1-0.25 ms (4-9 ms a frame)."""

    def __init__(self, most: int = 2000) -> None:
        self._most = most
        self._strips: dict[tuple[object, ...], tuple[Row, Strip]] = {}

    def get(self, row: Row, look: tuple[object, ...]) -> Strip | None:
        kept = self._strips.get((id(row), *look))
        return kept[1] if kept is not None and kept[0] is row else None

    def put(self, row: Row, look: tuple[object, ...], strip: Strip) -> Strip:
        if len(self._strips) >= self._most:
            self._strips.clear()
        self._strips[(id(row), *look)] = (row, strip)  # the row held: its id is not reused
        return strip

    def clear(self) -> None:
        self._strips.clear()


def year_start(rows: Sequence[Row], index: int, direction: int) -> int | None:
    """Where the next year's rows begin after row `index` (`direction` 1), or where the
    previous year's do (-1); None before the first year. The cursor then goes to the
    first row it may select from there."""
    here = rows[index].year
    if direction > 0:
        while index < len(rows) and rows[index].year == here:
            index += 1
        return index
    while index >= 0 and rows[index].year == here:
        index -= 1
    if index < 0:
        return None
    year = rows[index].year
    while index > 0 and rows[index - 1].year == year:
        index -= 1
    return index


def strip_of(text: Text, width: int, base: Style, console: Console) -> Strip:
    """A line's text as the strip painted: cut to `width` with an ellipsis, on one line
    (a newline in the data reads as a space), over the widget's own style."""
    text.truncate(width, overflow="ellipsis")
    segments = [Segment(s.text.replace("\n", " "), s.style) for s in text.render(console)]
    return Strip(segments).apply_style(base).adjust_cell_length(width, base)
