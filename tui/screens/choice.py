"""A question with a few answers, one key each (a typed note about to be thrown away, a
presentation about to close): the answer the user would regret least is the Esc one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Label


@dataclass(frozen=True, slots=True)
class Answer:
    """One way out of the question: the value given back, its button and its key."""

    value: str
    label: str
    key: str


class ChoiceScreen(ModalScreen[str]):
    """Ask `question`; dismiss with the chosen answer's value (Esc: the first answer's)."""

    BINDINGS = [
        Binding("escape", "answer_first", "Back", id="choice.back", show=False),
        Binding("left", "app.focus_previous", "Previous answer", show=False, id="choice.left"),
        Binding("right", "app.focus_next", "Next answer", show=False, id="choice.right"),
    ]

    CSS_PATH = "modal.tcss"  # the box every modal shares

    def __init__(self, question: str, answers: list[Answer], detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.answers = answers
        self._by_key = {answer.key: answer.value for answer in answers}

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label(Text(self.question, style="bold"), id="choice-question")
            if self.detail:
                yield Label(Text(self.detail), id="choice-detail")
            with Horizontal():
                for answer in self.answers:
                    yield Button(
                        Text(f"{answer.label} ({answer.key})"),
                        id=f"choice-{answer.value}",
                        name=answer.value,
                    )

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.name or self.answers[0].value)

    def on_key(self, event: Key) -> None:
        if event.key in self._by_key:
            event.stop()
            self.dismiss(self._by_key[event.key])

    def action_answer_first(self) -> None:
        self.dismiss(self.answers[0].value)
