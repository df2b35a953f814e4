"""Shared by the Pilot tests of the timeline app: starting it on a store, reading what is
selected and what it notified."""

from __future__ import annotations

from pathlib import Path

from facts import Dataset
from facts.session import ReviewSession
from facts.store import ReviewStore
from tui.app import ClaimlineApp
from tui.widgets.timeline_view import TimelineView

SIZE = (120, 40)


def make_app(dataset: Dataset, store_path: Path, reviewer: str = "alice") -> ClaimlineApp:
    """The app as `claimline DATASET --reviews STORE` starts it for `reviewer`."""
    return ClaimlineApp(ReviewSession(dataset, ReviewStore(store_path), reviewer))


def selected_key(app: ClaimlineApp) -> str | None:
    row = app.query_one(TimelineView).current
    return row.key if row else None


def notified(app: ClaimlineApp, words: str) -> bool:
    return any(words in str(note.message) for note in app._notifications)
