"""Colleagues' verdicts reaching an open screen, and the store's troubles told once.

A PostgreSQL store is told of every commit (LISTEN/NOTIFY): a worker thread waits on
`Store.wait_for_change` and the screen reloads the moment a colleague's verdict lands,
with no polling of the server. A SQLite file cannot announce anything; the review screen
checks it on a timer instead (`ReviewSession.refresh`), which costs one read of shared
memory.

While a server is down, every look at the store fails the same way: the watcher, the
detail panel's history, each verdict typed. `store_failed` shows the full message once
per outage, then only a short "not saved" for what the reviewer did; `store_works` says
once that the store is back (the watcher notices within a few seconds, as the store
reconnects by itself).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import Any
from weakref import WeakKeyDictionary

from textual.screen import Screen
from textual.worker import get_current_worker

from facts.store import ReviewStore, StoreError

WAIT = 0.5  # seconds a wait lasts, so a closing screen's worker ends within this
RETRY = 2.0  # seconds between tries while the server cannot be reached


def watch_server(screen: Screen[Any], store: object, changed: Callable[[], None]) -> bool:
    """Call `changed` on the screen's thread after each colleague's commit, when `store`
    is one that announces them; False (nothing started) for a file, which the screen
    checks on a timer instead."""
    if isinstance(store, ReviewStore) or not hasattr(store, "wait_for_change"):
        return False
    wait: Callable[[float], bool] = store.wait_for_change

    def run() -> None:
        worker = get_current_worker()
        failing = False
        while not worker.is_cancelled:
            try:
                arrived = wait(WAIT)
            except StoreError as error:
                if worker.is_cancelled:
                    return
                if not failing:  # the store reconnects by itself: try again in a while
                    _call(screen, partial(store_failed, screen, store, error))
                    failing = True
                time.sleep(RETRY)
                continue
            if failing:
                _call(screen, partial(store_works, screen, store))
                failing = False
            if arrived and not worker.is_cancelled:
                _call(screen, changed)

    screen.run_worker(run, thread=True, exclusive=True, group="store-watch", exit_on_error=False)
    return True


_FAILING: WeakKeyDictionary[object, str] = WeakKeyDictionary()
"""Each store whose trouble was told and has not worked since, and the trouble's reason."""


def store_failed(
    screen: Screen[Any],
    store: object,
    error: StoreError,
    title: str = "Review store",
    *,
    unsaved: bool = False,
) -> None:
    """Show what went wrong, once per outage: a further failure of the same kind before the
    store works again shows only a short "not saved" when it was the reviewer's change
    (`unsaved`), and nothing when it was a look (the watcher, the detail panel). A change
    whose answer was lost with the connection may have been saved: its title never says
    it was not."""
    if error.reason == "unknown":
        title = "Not confirmed"
    if _FAILING.get(store) == error.reason:
        if unsaved:
            still = (
                "the server is still unreachable; claimline reconnects when it is back"
                if error.reason == "down"
                else str(error)
            )
            screen.notify(f"{title}: {still}.", severity="error", timeout=4, markup=False)
        return
    _FAILING[store] = error.reason
    screen.notify(str(error), title=title, severity="error", timeout=30, markup=False)


def store_works(screen: Screen[Any], store: object) -> None:
    """The store answered again: say so once, when its trouble was told."""
    if _FAILING.pop(store, None) is None:
        return
    where = getattr(store, "where", "the review store")
    screen.notify(f"The review store works again ({where}): verdicts are saved.", timeout=8)


def pick_up(
    screen: Screen[Any],
    store: object,
    read: Callable[[], frozenset[str]],
    show: Callable[[], None],
) -> None:
    """Read what others changed (`read`: the session's refresh or reload) and, if
    anything did, `show` it and say so; a failure is told once (`store_failed`)."""
    try:
        changed = read()
    except StoreError as error:
        store_failed(screen, store, error)
        return
    store_works(screen, store)
    if changed:
        show()
        screen.notify(
            "The review store changed (another claimline): verdicts refreshed.", timeout=4
        )


def _call(screen: Screen[Any], callback: Callable[[], None]) -> None:
    """Run on the screen's thread; nothing to do when the app has already gone."""
    with suppress(RuntimeError):
        screen.app.call_from_thread(callback)
