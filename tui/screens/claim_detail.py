"""Everything about one claim of the presentation, over the slide (i opens it): evidence,
hints, history; r reveals the curators' reference here too."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class ClaimDetailScreen(ModalScreen[None]):
    """Everything about one claim (evidence, hints, history); r reveals here too."""

    BINDINGS = [
        Binding(
            "escape,i,q",
            "close",
            "Close",
            id="present.detail.close",
            tooltip="Close the claim detail",
        ),
        Binding(
            "r",
            "reveal",
            "Reference",
            id="present.detail.reveal",
            tooltip="Reveal (or hide) the curators' reference for this claim",
        ),
    ]

    CSS_PATH = "modal.tcss"  # the box every modal shares

    def __init__(self, render: Callable[[], RenderableType], reveal: Callable[[], None]) -> None:
        super().__init__()
        self._make_detail = render
        self._reveal = reveal

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-box"):
            yield Static(self._make_detail(), id="present-detail")
        yield Footer()

    def action_reveal(self) -> None:
        self._reveal()
        self.query_one("#present-detail", Static).update(self._make_detail())

    def action_close(self) -> None:
        self.dismiss(None)
