"""Background work that steps aside while a key is being answered.

After a big file opens, two jobs run in worker threads for seconds: the search text is
folded (so the first search keystroke does not wait for it) and the dataset is written to
the cache (so the next open is quick). Python runs one thread at a time: measured in the
app at 100,000 claims, a verdict typed while they ran took 100-200 ms to reach the screen
instead of 20-30, because every time the app's thread let go of the interpreter (each
SQLite call of the verdict's commit, each write to the terminal) the worker took it for a
whole switch interval, or for the length of one C call folding 2,000 texts (now 500,
facts/search_text.py).

So a job run through `Courtesy.run` pauses whenever the app is answering a key: the app
calls `hold` when a key arrives and `release` once the frame it caused is on screen, and
the job, at its next Python function call, waits until then. It notices through a trace
function (`sys.settrace`, this thread only), the one place a job made of library code can
be stopped without changing that code. It makes the job slower: up to about a third
more time (folding and encoding 100,000 claims, measured on a busy machine).

While a job runs the interpreter also switches threads every `SWITCH_INTERVAL` instead
of every 5 ms, so a key is read and handed to the app soon after it arrives, before the
job has noticed it should pause.

When the last job ends, what it made is frozen (`gc.freeze`), as after a big load.

A pause never lasts longer than `LONGEST_PAUSE` after the key: a job paused while it held
a lock the key's own work then waits for (the search text, a module being imported) would
otherwise freeze the screen, and a hold that is never released must not stop the job.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import TraceFunction  # sys.settrace's signature, for the type checker

LONGEST_PAUSE = 0.25  # seconds from a key after which background work goes on regardless
SWITCH_INTERVAL = 0.001  # seconds between thread switches while a job runs (Python: 0.005)

_jobs_running = 0  # jobs in `Courtesy.run`, of every app in the process
_jobs_lock = threading.Lock()
_usual_interval = sys.getswitchinterval()


class Courtesy:
    """Keys first: background jobs wait while the app answers a key (see the module)."""

    def __init__(self, longest_pause: float = LONGEST_PAUSE) -> None:
        self._longest_pause = longest_pause
        self._holds = 0
        self._held_since = 0.0
        self._free = threading.Event()
        self._free.set()

    @property
    def held(self) -> bool:
        """Whether a key is being answered (background jobs wait)."""
        return self._holds > 0

    def hold(self) -> None:
        """A key arrived: background jobs pause until `release`. Called on the app's thread."""
        if self._holds == 0:
            self._held_since = time.monotonic()
            self._free.clear()
        self._holds += 1

    def release(self) -> None:
        """The key's frame is on screen: background jobs go on once every key's is."""
        self._holds = max(self._holds - 1, 0)
        if self._holds == 0:
            self._free.set()

    def run(self, job: Callable[[], object]) -> None:
        """Run `job` on this (worker) thread, pausing it while a key is answered."""
        previous: TraceFunction | None = sys.gettrace()  # a debugger's or coverage's, kept

        def trace(frame: FrameType, event: Any, arg: Any) -> TraceFunction | None:
            if self._holds:
                self._pause(frame)
            return previous(frame, event, arg) if previous is not None else None

        _job_started()
        sys.settrace(trace)
        try:
            job()
        finally:
            sys.settrace(previous)
            _job_ended()

    def _pause(self, frame: FrameType) -> None:
        left = self._held_since + self._longest_pause - time.monotonic()
        if left > 0 and not _importing(frame):
            self._free.wait(left)


def _job_started() -> None:
    global _jobs_running, _usual_interval
    with _jobs_lock:
        if _jobs_running == 0:
            _usual_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL, _usual_interval))
        _jobs_running += 1


def _job_ended() -> None:
    global _jobs_running
    with _jobs_lock:
        _jobs_running -= 1
        if _jobs_running == 0:
            sys.setswitchinterval(_usual_interval)
            # What the jobs made lives as long as the dataset (the search text's lists of
            # 100,000 strings): out of the collector's sight, a full collection between
            # two keys took 3 ms instead of 33 at 100,000 claims (see gc_pause.py).
            gc.freeze()


def _importing(frame: FrameType | None) -> bool:
    """Whether the call is part of an import (which holds the module's import lock)."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False
