"""`claimline present`: an app whose only screen is the classroom presentation."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from facts.session import ReviewSession
from tui.base_app import ClaimlineBaseApp
from tui.screens.presentation import PresentationScreen
from tui.themes import PROJECTOR


class PresentationApp(ClaimlineBaseApp):
    """Opens the presentation at once and exits when it is left (q or Esc)."""

    TITLE = "claimline present"

    def __init__(
        self,
        session: ReviewSession,
        *,
        quiz: bool = False,
        theme: str | None = None,
        export_dir: Path | None = None,
        now: Callable[[], datetime] | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(keymap=keymap)
        self.session = session
        self.quiz = quiz
        self._theme_name = theme or PROJECTOR
        self._export_dir = export_dir
        self._now = now

    def on_mount(self) -> None:
        self.title = self.session.dataset.title
        screen = PresentationScreen(
            self.session,
            quiz=self.quiz,
            theme=self._theme_name,
            export_dir=self._export_dir,
            now=self._now,
        )
        self.push_screen(screen, lambda _: self.exit())
