"""Write or edit the note on a claim: ctrl+s saves, Esc cancels."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from facts.model import Claim
from facts.session import ReviewSession
from facts.store import StoreError
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


def edit_note(
    app: App[object], session: ReviewSession, claim: Claim, on_saved: Callable[[], None]
) -> None:
    """Open the editor on the claim's note and save what is written through the session
    (the review screen and the presentation both take notes this way).

    A save the store refuses is reported as not saved and `on_saved` is not called.
    """

    def save(note: str | None) -> None:
        if note is None:
            return
        try:
            session.note(claim, note)
        except StoreError as error:
            app.notify(
                str(error), title="Note not saved", severity="error", timeout=15, markup=False
            )
            return
        on_saved()

    current = session.review_of(claim.id)
    app.push_screen(NoteEditor(claim.text, current.note if current else None), save)
