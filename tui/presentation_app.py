"""`claimline present`: an app whose only screen is the classroom presentation.

Given a session it opens the presentation at once; given an `Opening` (a big file), over
the loading screen once the file is read (tui/base_app.py), as `claimline` does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.base_app import ClaimlineBaseApp
from tui.opening import Opening
from tui.themes import PROJECTOR

if TYPE_CHECKING:
    from facts.session import ReviewSession


class PresentationApp(ClaimlineBaseApp):
    """Opens the presentation at once and exits when it is left (q or Esc)."""

    TITLE = "claimline present"

    def __init__(
        self,
        session: ReviewSession | None = None,
        *,
        opening: Opening | None = None,
        quiz: bool = False,
        theme: str | None = None,
        export_dir: Path | None = None,
        now: Callable[[], datetime] | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(session, opening=opening, keymap=keymap)
        self.quiz = quiz
        self._theme_name = theme or PROJECTOR
        self._export_dir = export_dir
        self._now = now

    def show_session(self, session: ReviewSession) -> None:
        from tui.screens.presentation import PresentationScreen

        super().show_session(session)
        screen = PresentationScreen(
            session,
            quiz=self.quiz,
            theme=self._theme_name,
            export_dir=self._export_dir,
            now=self._now,
        )
        self.push_screen(screen, lambda _: self.exit())
