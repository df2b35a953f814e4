"""Shared by the Pilot tests of the timeline app: starting it on a store, reading what is
selected and what it notified, typing keys at once."""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.keys import _character_to_key, _get_unicode_name_from_key

import tui.base_app
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


def type_at_once(app: App[Any], *keys: str) -> list[events.Key]:
    """Hand `keys` to the app as a terminal hands over one read of them (a paste, a fast
    typist, tmux send-keys): all queued before the app handles the first. A name such as
    "escape" is one key, as in `pilot.press`; the text in a dialog is given letter by letter.
    Returns the events posted, in order, for a test that follows them through the app.
    """
    posted = []
    for key in keys:
        if len(key) == 1:  # a character typed
            name = key if key.isalnum() else _character_to_key(key)
            event = events.Key(name, key)
        else:
            try:
                character: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
            except KeyError:
                character = None
            event = events.Key(key, character)
        app.post_message(event)
        posted.append(event)
    return posted


def hold_the_open(monkeypatch: Any) -> threading.Event:
    """Make the app's worker wait (up to 10 s) before it opens its dataset, until the
    returned event is set: what the loading screen shows and answers meanwhile."""
    release = threading.Event()
    real = tui.base_app.open_dataset

    def slow_open(*args: Any) -> Any:
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(tui.base_app, "open_dataset", slow_open)
    return release
