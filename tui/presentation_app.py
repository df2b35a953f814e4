"""`claimline present`: an app whose only screen is the classroom presentation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from facts.model import Dataset
from facts.store import ReviewStore
from tui.plain_app import PlainNotifyApp
from tui.screens.presentation import PresentationScreen
from tui.themes import PROJECTOR, register_themes


class PresentationApp(PlainNotifyApp[None]):
    """Opens the presentation at once and exits when it is left (q or Esc)."""

    TITLE = "claimline present"

    def __init__(
        self,
        dataset: Dataset,
        store: ReviewStore,
        reviewer: str = "class",
        *,
        quiz: bool = False,
        theme: str | None = None,
        export_dir: Path | None = None,
        now: Callable[[], datetime] | None = None,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        register_themes(self)  # before --theme is checked against available_themes
        self.dataset = dataset
        self.store = store
        self.reviewer = reviewer
        self.quiz = quiz
        self.revealed: set[str] = set()
        self._theme_name = theme or PROJECTOR
        self._export_dir = export_dir
        self._now = now
        self._user_keymap = keymap or {}

    def on_mount(self) -> None:
        self.title = self.dataset.title
        known = {binding.id for binding in PresentationScreen.all_bindings() if binding.id}
        # One keymap file serves the app and the presentation: ids of the app's own
        # bindings (review.*, view.* …) are simply not used here.
        self.set_keymap({key: keys for key, keys in self._user_keymap.items() if key in known})
        screen = PresentationScreen(
            self.dataset,
            self.store,
            self.reviewer,
            quiz=self.quiz,
            revealed=self.revealed,
            theme=self._theme_name,
            export_dir=self._export_dir,
            now=self._now,
        )
        self.push_screen(screen, lambda _: self.exit())
