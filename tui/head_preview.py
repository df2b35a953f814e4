"""The worker's side of the preview: the first rows of a reopened dataset, made usable.

A second open of a big file spends about a second decoding the whole dataset from the
cache and laying out its timeline. The cache also holds the timeline's first rows with
only the records they need (`facts.cache.head`), handed over (`on_head`) before the rest
is decoded, and only when they prove themselves as the whole entry does. From them the
worker opens the review store, reads the reviewer's verdicts and has the app show a
read-only preview of those rows (tui/screens/preview.py) while the rest loads; the
review screen then replaces it with the same store.

A preview is shown only where the review screen will start inside it: on the first claim
that needs the reviewer's verdict. When that claim is further down, the preview would show
a place the review screen then leaves, so the loading screen stays, as without a head.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.opening import Opening

if TYPE_CHECKING:
    from facts.cache.head import Head
    from facts.session import ReviewSession
    from facts.store import Store, StoreError

ShowPreview = Callable[["ReviewSession", "Head", int], None]


class HeadPreview:
    """`on_head` for `DatasetCache.open`: in the worker, open the store and the session
    over the head, and have the app show them (`show`, called on the app's thread)."""

    def __init__(self, opening: Opening, show: ShowPreview, leaving: Callable[[], bool]) -> None:
        """`show(session, head, start)` puts the preview up, `start` the row selected;
        `leaving()` says the app is closing (nothing more is opened or shown)."""
        self._opening = opening
        self._show = show
        self._leaving = leaving
        self.store: Store | None = None
        """The store opened for the preview: the review screen's too (opened once)."""
        self.failure: StoreError | None = None
        """Why the store could not be opened: the app fails on it once the file is read."""

    def __call__(self, head: Head) -> None:
        from facts.session import ReviewSession
        from facts.store import StoreError

        if self._leaving():
            return
        try:
            self.store = self._opening.open_store()
        except StoreError as error:
            self.failure = error
            return
        session = ReviewSession(head.dataset, self.store, self._opening.reviewer)
        try:
            session.load()
        except StoreError:
            return  # the review screen says why, once it reads the store itself
        start = session.next_needing_verdict(head.rows)
        if start is not None and not self._leaving():
            self._show(session, head, start)
