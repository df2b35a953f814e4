"""The detail panel: everything known about the selected claim or event.

What it shows is built in `tui.renderables` (the claim in two parts, the event); the panel
scrolls it, and brings the second part (the curators' reference and the history) to the
top when asked.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class DetailPanel(VerticalScroll, can_focus=True):
    """A scrollable panel; Tab moves focus here so long details can be read with the keys."""

    DEFAULT_CSS = """
    DetailPanel {
        background: $panel;
        padding: 0 1;
        border-left: vkey $foreground 20%;
    }
    DetailPanel:focus { border-left: vkey $primary; }
    DetailPanel > Static { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")
        yield Static(id="detail-more")

    def show(
        self, renderable: Group | Text | str, more: Group | None = None, *, home: bool = True
    ) -> None:
        """Show a claim or event (and `more` of it below, which `scroll_to_more` brings
        up); a plain string (a message that may quote a search) is shown as typed, never
        read as markup. `home` scrolls back to the top (a new row), else stays put."""
        if isinstance(renderable, str):
            renderable = Text(renderable)
        self.query_one("#detail-body", Static).update(renderable)
        self.query_one("#detail-more", Static).update(more if more is not None else "")
        if home:
            self.scroll_home(animate=False)

    def scroll_to_more(self) -> None:
        """Bring the second part (the curators' reference) to the top of the panel."""
        more = self.query_one("#detail-more", Static)
        self.call_after_refresh(self.scroll_to_widget, more, animate=False, top=True)
