"""Colleagues' verdicts reaching an open screen, from a server that announces them.

A PostgreSQL store is told of every commit (LISTEN/NOTIFY): a worker thread waits on
`Store.wait_for_change` and the screen reloads the moment a colleague's verdict lands,
with no polling of the server. A SQLite file cannot announce anything; the review screen
checks it on a timer instead (`ReviewSession.refresh`), which costs one read of shared
memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import Any

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
        reported = False
        while not worker.is_cancelled:
            try:
                arrived = wait(WAIT)
            except StoreError as error:
                if worker.is_cancelled:
                    return
                if not reported:  # one message per outage; the store reconnects by itself
                    _call(screen, partial(screen.notify, str(error), severity="error", timeout=10))
                    reported = True
                time.sleep(RETRY)
                continue
            reported = False
            if arrived and not worker.is_cancelled:
                _call(screen, changed)

    screen.run_worker(run, thread=True, exclusive=True, group="store-watch", exit_on_error=False)
    return True


def _call(screen: Screen[Any], callback: Callable[[], None]) -> None:
    """Run on the screen's thread; nothing to do when the app has already gone."""
    with suppress(RuntimeError):
        screen.app.call_from_thread(callback)
