"""The detail panel: everything known about the selected claim or event.

What it shows is built in `tui.renderables` (the claim in two parts, the event); the panel
scrolls it, and brings the second part (the curators' reference and the history) to the
top when asked.

The panel draws its own lines (Textual's Line API) and sizes its scroll itself, so a new
claim is a repaint (and a layout pass only when the scrollbar comes or goes, finished in
the same frame). Two `Static`s whose heights followed their text made every
key cost three frames: the text, the layout pass it asked for, then the scrollbars that
pass touched (docs/performance.md, issue 13).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.scroll_size import set_scroll_size


class DetailPanel(ScrollView, can_focus=True):
    """A scrollable panel; Tab moves focus here so long details can be read with the keys."""

    DEFAULT_CSS = """
    DetailPanel {
        background: $panel;
        padding: 0 1;
        border-left: vkey $foreground 20%;
        overflow-x: hidden;
        overflow-y: auto;
    }
    DetailPanel:focus { border-left: vkey $primary; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.parts: tuple[RenderableType, ...] = ()  # what is shown: the body, then more
        self._lines: list[Strip] = []
        self._more_top = 0  # the line where the second part starts
        self._room = Size(0, 0)  # the room the lines were drawn for
        self._base = Style()  # the panel's own style, found for each frame

    def on_mount(self) -> None:
        # The scrollbar is laid out once now, while the screen is first laid out: the
        # first time it showed for a long claim, its new size asked for one more layout
        # pass, and a key for one more frame.
        self.show_vertical_scrollbar = True
        self.vertical_scrollbar.display = True

    def show(
        self, renderable: Group | Text | str, more: Group | None = None, *, home: bool = True
    ) -> None:
        """Show a claim or event (and `more` of it below, which `scroll_to_more` brings
        up); a plain string (a message that may quote a search) is shown as typed, never
        read as markup. `home` scrolls back to the top (a new row), else stays put."""
        if isinstance(renderable, str):
            renderable = Text(renderable)
        self.parts = (renderable,) if more is None else (renderable, more)
        self._draw()
        if home:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def scroll_to_more(self) -> None:
        """Bring the second part (the curators' reference) to the top of the panel."""
        self.scroll_to(y=self._more_top, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        if self.content_region.size != self._room:
            self._draw()
            self.refresh()

    def _draw(self) -> None:
        """Render what is shown into lines at the panel's width, and size the scroll.

        The lines are drawn at the full width, or beside the scrollbar when they do not
        fit: the panel decides it here rather than in a layout pass.
        """
        room = self.content_region.size
        self._room = room
        if room.width <= 0:
            self._lines, self._more_top = [], 0
            return
        lines = self._lines_at(room.width)
        bar = self.styles.scrollbar_size_vertical
        if len(lines) > room.height and room.width > bar:
            lines = self._lines_at(room.width - bar)
        self._lines = lines
        set_scroll_size(self, Size(room.width, len(lines)))

    def _lines_at(self, width: int) -> list[Strip]:
        console = self.app.console
        options = console.options.update_width(width)
        lines: list[Strip] = []
        self._more_top = 0
        for number, part in enumerate(self.parts):
            if number == 1:
                self._more_top = len(lines)
            rendered = console.render_lines(part, options, pad=False)
            lines += [Strip(line).adjust_cell_length(width) for line in rendered]
        if len(self.parts) < 2:
            self._more_top = len(lines)
        return lines

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style  # once a frame, not once a line: it walks the DOM
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self._base
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        return line.apply_style(base).adjust_cell_length(width, base)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """The panel's virtual size is its lines', never the compositor's guess: with that
        guess a layout pass elsewhere repainted the scrollbar a frame later."""
        return super()._size_updated(size, self.virtual_size, container_size, layout)
