"""Setting a Line-API widget's scrollable size without a layout pass.

Textual's `virtual_size` asks for a layout pass when it changes, and the scrollbar learns
the new size only during that pass, so it repaints in one more frame 20-40 ms later. The
timeline (new rows after a search or filter) and the detail panel (a new claim) keep their
own size on screen whatever they hold: only how far they scroll changes.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_scroll_size(widget: Widget, size: Size) -> None:
    """Give `widget` a new virtual size, its scrollbar updated now, in the same frame.

    A layout pass still happens when the scrollbar comes or goes (Textual asks for it),
    and finishes in that frame too.
    """
    if size != widget.virtual_size:
        widget.set_reactive(Widget.virtual_size, size)
        widget._scroll_update(size)  # scrollbar sizes, visibility, scroll kept in range
