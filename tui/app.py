"""`claimline`: the review screen over one reviewer's session on a dataset.

Given a session, the app shows its review screen at once. Given an `Opening` (what the
command line does), its first frame is the loading screen, whatever the file's size: a
worker reads and checks the file and builds its timeline, then the store is opened and
the review screen replaces the loading screen. A file with errors closes the app; the
command line then prints them (`failure`) and exits 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from tui.base_app import ClaimlineBaseApp
from tui.opening import Opened, Opening, open_dataset
from tui.screens.loading import LoadingScreen
from tui.themes import search_remembered_themes

if TYPE_CHECKING:
    from facts.session import ReviewSession


class ClaimlineApp(ClaimlineBaseApp):
    """Browse a dataset's timeline and record a verdict on each claim."""

    CSS_PATH = "app.tcss"
    TITLE = "claimline"

    def __init__(
        self,
        session: ReviewSession | None = None,
        *,
        opening: Opening | None = None,
        theme: str | None = None,
        dataset_path: Path | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(keymap=keymap)
        if (session is None) == (opening is None):
            raise ValueError("give the app a session or an opening, not both")
        self.session = session
        self.opening = opening
        self.dataset_path = dataset_path or (opening.path if opening else None)
        self._initial_theme = theme
        self.failure: str | None = None
        """Why the dataset could not be opened (a located report), once the app has closed."""

    def get_default_screen(self) -> Screen[None]:
        if self.session is None:
            assert self.opening is not None
            path = self.opening.path
            try:
                size = path.stat().st_size
            except OSError:
                size = None
            return LoadingScreen(path.name, size)
        from tui.screens.review import ReviewScreen

        return ReviewScreen(self.session)

    def on_mount(self) -> None:
        if self._initial_theme:
            self.theme = self._initial_theme
        if self.session is not None:
            self.title = self.session.dataset.title
        else:
            self.run_worker(self._open, thread=True, exclusive=True)

    def _open(self) -> None:
        """The worker: read, check and lay out the dataset, then hand it to the app."""
        from facts.errors import DatasetError

        assert self.opening is not None
        screen = self.screen_stack[0]
        assert isinstance(screen, LoadingScreen)
        try:
            opened = open_dataset(
                self.opening,
                lambda done, total: self.call_from_thread(screen.show_read, done, total),
                lambda what: self.call_from_thread(screen.show_step, what),
            )
        except DatasetError as error:
            self.call_from_thread(self._fail, error.report())
            return
        self.call_from_thread(self._show, opened)

    def _show(self, opened: Opened) -> None:
        """On the app's thread: open the store and put the review screen up."""
        from facts.session import ReviewSession
        from facts.store import StoreError
        from tui.screens.review import ReviewScreen

        assert self.opening is not None
        try:
            store = self.opening.open_store()
        except StoreError as error:
            self._fail(f"claimline: {error}")
            return
        self.session = ReviewSession(opened.dataset, store, self.opening.reviewer)
        self.title = opened.dataset.title
        while len(self.screen_stack) > 1:  # the help, opened while the file loaded
            self.pop_screen()
        loading = self.screen_stack[0]
        if isinstance(loading, LoadingScreen):
            loading.finish()
        # Over the loading screen, which stays beneath it (the first screen cannot be
        # switched away; nothing pops the review screen).
        self.push_screen(ReviewScreen(self.session))
        if opened.save is not None:  # cache the dataset for the next open, in the background
            self.run_worker(opened.save, thread=True, exit_on_error=False)

    def _fail(self, report: str) -> None:
        self.failure = report
        self.exit(return_code=1)

    def search_themes(self) -> None:
        """ctrl+p → Theme: the theme chosen is remembered in the config file."""
        search_remembered_themes(self)
