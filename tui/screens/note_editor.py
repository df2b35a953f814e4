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
from tui.screens.choice import Answer, ChoiceScreen


class NoteEditor(ModalScreen[str | None]):
    """A modal text box; dismisses with the note text, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    CSS_PATH = "modal.tcss"  # the box every modal shares

    def __init__(self, claim_text: str, note: str | None, draft: str | None = None) -> None:
        """`draft` is a note begun earlier and left unsaved: it is offered instead of the
        saved note, which stays what Esc goes back to."""
        super().__init__()
        self.claim_text = claim_text
        self.note = note or ""
        self.draft = draft
        self.kept_draft: str | None = None  # what Esc asked to keep for next time

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            title = Text("Note on: ", style="bold")
            title.append(flat(self.claim_text))
            yield Label(title)
            text = self.draft if self.draft is not None else self.note
            yield TextArea(text, id="note-text", soft_wrap=True)
            hint = "ctrl+s save · Esc cancel (an empty note removes it)"
            if self.draft is not None:
                hint = "Your unsaved draft, back where you left it. " + hint
            yield Label(hint, classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Leave; a note typed and not saved is thrown away only when the user says so."""
        text = self.query_one(TextArea).text
        if text == self.note:
            self.dismiss(None)
            return

        def answered(answer: str | None) -> None:
            if answer == "discard":
                self.dismiss(None)
            elif answer == "draft":
                self.kept_draft = text
                self.dismiss(None)
            else:
                self.query_one(TextArea).focus()

        self.app.push_screen(
            ChoiceScreen(
                "Discard this note?",
                [
                    Answer("edit", "Keep editing", "e"),
                    Answer("draft", "Keep as a draft", "k"),
                    Answer("discard", "Discard", "x"),
                ],
                "A draft comes back the next time you open the note on this claim.",
            ),
            answered,
        )


def edit_note(
    app: App[object],
    session: ReviewSession,
    claim: Claim,
    on_saved: Callable[[], None],
    on_closed: Callable[[bool], None] | None = None,
) -> None:
    """Open the editor on the claim's note and save what is written through the session
    (the review screen and the presentation both take notes this way).

    A save the store refuses is reported as not saved and `on_saved` is not called.
    `on_closed` is told, after either, whether the note was saved (V / D advance then).
    A draft the user kept is offered the next time the editor opens on the claim.
    """
    current = session.review_of(claim.id)
    editor = NoteEditor(claim.text, current.note if current else None, session.draft_of(claim.id))

    def save(note: str | None) -> None:
        saved = False
        if note is None:
            session.keep_draft(claim.id, editor.kept_draft)
        else:
            try:
                session.note(claim, note)
            except StoreError as error:
                session.keep_draft(claim.id, note)
                app.notify(
                    f"{error} — kept as a draft for the next time the note opens",
                    title="Note not saved",
                    severity="error",
                    timeout=15,
                    markup=False,
                )
            else:
                saved = True
                on_saved()
        if on_closed is not None:
            on_closed(saved)

    app.push_screen(editor, save)
