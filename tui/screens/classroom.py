"""Classroom mode opened from the review screen (p): the class's own session.

The class's verdicts (reviewer `class`) never mix with the reviewer's own: the
presentation opens `<store>-class.sqlite3` beside the reviewer's store file, as `claimline
present --reviews <store>` does; on a server, the reviewer name keeps them apart. The
references revealed are shared both ways, so one revealed in class shows in the review.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from facts.session import ReviewSession
from facts.store import ReviewStore, StoreError, class_store_path
from tui.screens.presentation import PresentationScreen


def present(screen: Screen[Any], own: ReviewSession, back: Callable[[], None]) -> None:
    """Push the presentation over `screen` on the class's session; `back` runs when it
    closes, after the class's store (if one was opened here) is closed."""
    class_store = own.store  # a server: the same store, under the reviewer `class`
    if isinstance(own.store, ReviewStore):
        path = class_store_path(own.store.path)
        try:
            class_store = ReviewStore(path)
        except StoreError as error:
            screen.notify(str(error), title="Classroom store", severity="error", timeout=15)
            return
        screen.notify(f"The class's verdicts go to {path}", timeout=4)
    classroom = ReviewSession(own.dataset, class_store, "class", revealed=own.revealed)

    def closed(_: None) -> None:
        if class_store is not own.store:
            class_store.close()
        back()

    screen.app.push_screen(PresentationScreen(classroom, export_dir=Path.cwd()), closed)
