"""Write or edit the note on a claim: ctrl+s saves, Esc cancels.

What is typed is kept as a draft on disk while typing (handed to the session at most
every half second, and when the editor closes), so a crash or a closed terminal loses at
most the last moment. The session only queues the text: a thread of its own writes it
(facts/draft_writer.py), so a slow disk never holds up a keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
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

    # How long typing may go unsaved to the draft file: each write is an fsync (on the
    # drafts' own thread), once for a burst of keys rather than once a keystroke.
    DRAFT_DELAY = 0.5

    def __init__(
        self,
        claim_text: str,
        note: str | None,
        draft: str | None = None,
        on_typed: Callable[[str], None] | None = None,
    ) -> None:
        """`draft` is a note begun earlier and left unsaved: it is offered instead of the
        saved note, which stays what Esc goes back to. `on_typed` is given the text
        typed so far, at most every DRAFT_DELAY seconds and when the editor goes away
        unsaved (the app quit under it), to keep as a draft."""
        super().__init__()
        self.claim_text = claim_text
        self.note = note or ""
        self.draft = draft
        self.kept_draft: str | None = None  # what Esc asked to keep for next time
        self._on_typed = on_typed
        self._draft_timer: Timer | None = None
        # The text when typed since it was last handed to `on_typed` (the widget is gone
        # by the time an app quitting under the editor unmounts it).
        self._typed_text: str | None = None

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

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Hand the text on for the draft file soon, once for a burst of keys."""
        if self._on_typed is None:
            return
        self._typed_text = event.text_area.text
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(self.DRAFT_DELAY, self._keep_typed)

    def _keep_typed(self) -> None:
        self._draft_timer = None
        text, self._typed_text = self._typed_text, None
        if text is not None and self._on_typed is not None:
            self._on_typed(text)

    def on_unmount(self) -> None:
        """The app quit with the editor open: what was typed since the last draft is kept."""
        self._keep_typed()

    def _leave(self, result: str | None) -> None:
        """Close with `result`; whatever the answer, nothing typed is written as a draft
        after it (a saved or discarded note's draft is removed by whoever is told)."""
        self._typed_text = None
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        self.dismiss(result)

    def action_save(self) -> None:
        self._leave(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Leave; a note typed and not saved is thrown away only when the user says so."""
        text = self.query_one(TextArea).text
        if text == self.note:
            self._leave(None)
            return

        def answered(answer: str | None) -> None:
            if answer == "discard":
                self._leave(None)
            elif answer == "draft":
                self.kept_draft = text
                self._leave(None)
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
    A draft the user kept, or typed before a crash or a quit, is offered the next time
    the editor opens on the claim.
    """
    current = session.review_of(claim.id)
    saved_note = current.note if current else None
    session.draft_files.warn = lambda message: app.notify(
        message, title="Unsaved note", severity="warning", timeout=10, markup=False
    )

    def typed(text: str) -> None:
        session.keep_draft(claim.id, None if text == (saved_note or "") else text)

    editor = NoteEditor(claim.text, saved_note, session.draft_of(claim.id), typed)

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
                    title="Note not confirmed" if error.reason == "unknown" else "Note not saved",
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
