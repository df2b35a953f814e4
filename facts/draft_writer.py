"""One background thread that puts drafts on disk, so typing never waits for the disk.

A draft is written atomically, with an fsync (`facts.atomic`): on a slow disk (a home
folder on the network, a busy laptop) that takes long enough to be felt, and the note
editor hands over what is typed every half second. So the editor's thread only queues
the job here and goes on; this thread does the writing.

Jobs have a key (a draft's file): a job queued for a key replaces the one still waiting
for it, so only the latest text of a draft is written, and never an older text after a
newer one (one thread runs the jobs, one at a time). Removing a draft is a job on the
same key, so a write queued before it can never bring the draft back after it.

The thread is started when a job arrives and ends when none is left. It is not a daemon:
a Python program that ends with drafts queued waits for them to be written, so nothing
typed is lost on the way out; the app also waits for them itself (`flush`) when it quits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

_log = logging.getLogger("claimline.drafts")


@dataclass(frozen=True, slots=True)
class Job:
    """What to do for a key, and the draft text it leaves on disk (None: no draft)."""

    run: Callable[[], object]
    text: str | None = None


class DraftWriter:
    """Runs queued jobs in order on one thread, the latest job of each key only."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._queued: dict[Hashable, Job] = {}  # in the order the keys were first queued
        self._running: tuple[Hashable, Job] | None = None
        self._thread: threading.Thread | None = None

    def put(self, key: Hashable, job: Job) -> None:
        """Queue `job`, in place of the job still waiting for `key`; return at once."""
        with self._changed:
            self._queued[key] = job
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="claimline-drafts", daemon=False
                )
                self._thread.start()

    def latest(self, key: Hashable) -> Job | None:
        """The job for `key` not finished yet (queued, or being run): what the disk will
        hold once it is; None when nothing is pending for the key."""
        with self._changed:
            queued = self._queued.get(key)
            if queued is not None:
                return queued
            if self._running is not None and self._running[0] == key:
                return self._running[1]
            return None

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every job queued so far has run, at most `timeout` seconds (None:
        as long as it takes); whether they all have."""
        with self._changed:
            return self._changed.wait_for(self._idle, timeout)

    def _idle(self) -> bool:
        return self._thread is None or self._thread is threading.current_thread()

    def _work(self) -> None:
        try:
            while True:
                with self._changed:
                    self._running = None
                    self._changed.notify_all()
                    if not self._queued:
                        self._thread = None
                        return
                    key = next(iter(self._queued))
                    job = self._queued.pop(key)
                    self._running = (key, job)
                try:
                    job.run()
                except Exception:  # a job is told about the disk's refusals; this is a bug
                    _log.exception("A draft job failed")
        finally:
            # Whatever ended the thread, the next job starts another and no flush waits
            # for this one.
            with self._changed:
                if self._thread is threading.current_thread():
                    self._thread = self._running = None
                self._changed.notify_all()


WRITER = DraftWriter()
"""The process's one writer: every store's and reviewer's drafts go through it."""
