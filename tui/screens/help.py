"""Every key, on one screen: `?` or F1 opens it, any of Esc, q, ? or F1 closes it."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.bindings import KeyRows


class HelpScreen(ModalScreen[None]):
    """A table of keys and what they do, built from the live bindings."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help.close"),
    ]

    CSS_PATH = "modal.tcss"  # the box every modal shares

    def __init__(self, sections: list[tuple[str, KeyRows]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim", no_wrap=True)
        for heading, rows in self.sections:
            table.add_row(Text(heading, style="bold underline"), "", "")
            for keys, description, binding_id in rows:
                table.add_row(Text(keys), Text(description), Text(binding_id))
            table.add_row("", "", "")
        table.add_row(Text("Esc", style="dim"), Text("close this help", style="dim"), "")
        table.add_row(
            "", Text("Rebind any key by its id in keymap.yaml (see README).", style="dim"), ""
        )
        with VerticalScroll(classes="modal-box"):
            yield Static(Text("claimline keys", style="bold"))
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
