"""`claimline`: the review screen over one reviewer's session on a dataset.

Given a session, the app shows its review screen at once; given an `Opening`, over the
loading screen once the file is read (tui/base_app.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from tui.base_app import ClaimlineBaseApp
from tui.opening import Opening
from tui.screens.loading import LoadingScreen
from tui.themes import search_remembered_themes

if TYPE_CHECKING:
    from facts.cache.head import Head
    from facts.session import ReviewSession
    from tui.head_preview import HeadPreview
    from tui.screens.preview import PreviewScreen

REVIEW_CSS = Path(__file__).parent / "screens" / "review.tcss"


class ClaimlineApp(ClaimlineBaseApp):
    """Browse a dataset's timeline and record a verdict on each claim."""

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
        # The review screen's styles. Its own CSS_PATH is read when it is pushed over the
        # loading screen, but not when it is the app's default screen (an app given a
        # session), so that app loads them: the review screen never appears unstyled.
        # Given an opening, the loading screen's frame does not wait for them.
        css_path = REVIEW_CSS if session is not None else None
        super().__init__(session, opening=opening, keymap=keymap, css_path=css_path)
        self.dataset_path = dataset_path or (opening.path if opening else None)
        if theme:
            # Here, before the first stylesheet is parsed: set at mount, the theme made
            # Textual parse every stylesheet again (9 ms more to the first frame).
            self.theme = theme
        self._preview: PreviewScreen | None = None

    def get_default_screen(self) -> Screen[Any]:
        if self.session is None:
            return super().get_default_screen()  # the loading screen
        from tui.screens.review import ReviewScreen

        return ReviewScreen(self.session, self.courtesy)

    def show_session(self, session: ReviewSession) -> None:
        super().show_session(session)
        if not isinstance(self.screen_stack[0], LoadingScreen):
            return  # the review screen is the first screen already
        from tui.screens.review import ReviewScreen

        # Where the preview was left, if the user moved there or typed a key it kept (the
        # base app popped it).
        start = self._preview.start_key() if self._preview is not None else None
        self._preview = None
        self.push_screen(ReviewScreen(session, self.courtesy, start))

    def show_preview(self, session: ReviewSession, head: Head, start: int) -> None:
        """The first rows, read-only, over the loading screen; the keys it does not answer
        wait for the review screen (`KeyOrder.hold`), which `show_session` puts up."""
        from tui.screens.preview import PreviewScreen

        assert self.opening is not None
        if self._leaving or len(self.screen_stack) > 1:
            return  # closing; or the help or palette is open: not taken from under them
        loading = self.screen_stack[0]
        if isinstance(loading, LoadingScreen):
            loading.finish()  # its bar no longer redraws beneath; the preview says the rest
        preview = PreviewScreen(session, head, start, self.opening.path.name)
        self._preview = self.stand_in = preview
        self.push_screen(preview)
        self.hold_keys(lambda event: self.screen is preview and preview.keeps(event))

    def _head_preview(self) -> HeadPreview | None:
        from tui.head_preview import HeadPreview

        assert self.opening is not None
        return HeadPreview(
            self.opening,
            lambda *shown: self.call_from_thread(self.show_preview, *shown),
            lambda: self._leaving,
        )

    def show_step(self, what: str) -> None:
        if self._preview is None:
            super().show_step(what)  # the loading screen's
        else:
            self._preview.show_progress(what)

    def search_themes(self) -> None:
        """ctrl+p → Theme: the theme chosen is remembered in the config file."""
        search_remembered_themes(self)
