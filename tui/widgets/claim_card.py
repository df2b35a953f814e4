"""One numbered claim on a slide of the presentation: the claim and the class's verdict,
and the curators' reference in a box of its own, shown once revealed.

The card only shows what it is given (built in `tui.slides`); a click selects it.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Click
from textual.message import Message
from textual.widgets import Static


class ClaimCard(Vertical):
    """One numbered claim on the slide, with the class's verdict and, once revealed, the
    curators' reference in a separate box."""

    DEFAULT_CSS = """
    ClaimCard {
        height: auto;
        border: round $foreground 45%;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    ClaimCard.-selected { border: heavy $primary; }
    ClaimCard > .claim-body { width: 1fr; }
    ClaimCard > .claim-reference {
        width: 1fr;
        display: none;
        margin: 1 0 0 0;
        padding: 0 1;
        border-left: thick $accent;
        background: $panel;
    }
    ClaimCard > .claim-reference.-shown { display: block; }
    """

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(
        self, index: int, body: RenderableType, reference: RenderableType | None, selected: bool
    ) -> None:
        super().__init__(classes="-selected" if selected else None)
        self.index = index
        self._body = body
        self._reference = reference

    def compose(self) -> ComposeResult:
        yield Static(self._body, classes="claim-body")
        reference = Static(self._reference or "", classes="claim-reference")
        reference.set_class(self._reference is not None, "-shown")
        yield reference

    def show(self, body: RenderableType, reference: RenderableType | None, selected: bool) -> None:
        self._body, self._reference = body, reference
        self.set_class(selected, "-selected")
        if not self.is_mounted or not self.children:
            return
        self.query_one(".claim-body", Static).update(body)
        box = self.query_one(".claim-reference", Static)
        box.update(reference or "")
        box.set_class(reference is not None, "-shown")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self.index))
