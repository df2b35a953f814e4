"""Write or edit the note on a claim: ctrl+s saves, Esc cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from tui.rendering import flat


class NoteEditor(ModalScreen[str | None]):
    """A modal text box; dismisses with the note text, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical {
        width: 80%;
        max-width: 100;
        height: auto;
        max-height: 80%;
        background: $panel;
        border: thick $primary;
        padding: 0 1;
    }
    NoteEditor Label { width: 1fr; margin-bottom: 1; }
    NoteEditor TextArea { height: 10; }
    NoteEditor .hint { color: $text-muted; margin: 1 0 0 0; }
    """

    def __init__(self, claim_text: str, note: str | None) -> None:
        super().__init__()
        self.claim_text = claim_text
        self.note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Note on: ", style="bold")
            title.append(flat(self.claim_text))
            yield Label(title)
            yield TextArea(self.note, id="note-text", soft_wrap=True)
            yield Label("ctrl+s save · Esc cancel (an empty note removes it)", classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
