"""`claimline`: the review screen over one reviewer's session on a dataset."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from facts.session import ReviewSession
from tui.base_app import ClaimlineBaseApp
from tui.screens.review import ReviewScreen
from tui.themes import search_remembered_themes


class ClaimlineApp(ClaimlineBaseApp):
    """Browse a dataset's timeline and record a verdict on each claim."""

    CSS_PATH = "app.tcss"
    TITLE = "claimline"

    def __init__(
        self,
        session: ReviewSession,
        *,
        theme: str | None = None,
        dataset_path: Path | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(keymap=keymap)
        self.session = session
        self.dataset_path = dataset_path
        self._initial_theme = theme

    def get_default_screen(self) -> ReviewScreen:
        return ReviewScreen(self.session)

    def on_mount(self) -> None:
        if self._initial_theme:
            self.theme = self._initial_theme
        self.title = self.session.dataset.title

    def search_themes(self) -> None:
        """ctrl+p → Theme: the theme chosen is remembered in the config file."""
        search_remembered_themes(self)
