"""Background work that steps aside while a key is being answered.

After a big file opens, two jobs run in worker threads for seconds: the search text is
folded (so the first search keystroke does not wait for it) and the dataset is written to
the cache (so the next open is quick). Python runs one thread at a time: measured in the
app at 100,000 claims, a verdict typed while they ran took 100-200 ms to reach the screen
instead of 20-30, because every time the app's thread let go of the interpreter (each
SQLite call of the verdict's commit, each write to the terminal) the worker took it for a
whole switch interval, or for the length of one C call folding 2,000 texts.

So a job run through `Courtesy.run` pauses whenever the app is answering a key: the app
calls `hold` when a key arrives and `release` once the frame it caused is on screen, and
the job, at its next Python function call, waits until then. It notices through a trace
function (`sys.settrace`, this thread only), the one place a job made of library code can
be stopped without changing that code. It makes the job slower: up to about a third
more time (folding and encoding 100,000 claims, measured on a busy machine).

A pause never lasts longer than `LONGEST_PAUSE` after the key: a job paused while it held
a lock the key's own work then waits for (the search text, a module being imported) would
otherwise freeze the screen, and a hold that is never released must not stop the job.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

LONGEST_PAUSE = 0.25  # seconds from a key after which background work goes on regardless

# The trace function's signature (sys.settrace's).
_Tracer = Callable[[FrameType, str, Any], Any]


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
        previous: _Tracer | None = sys.gettrace()  # a debugger's or coverage's, kept

        def trace(frame: FrameType, event: str, arg: Any) -> _Tracer | None:
            if self._holds:
                self._pause(frame)
            return previous(frame, event, arg) if previous is not None else None

        sys.settrace(trace)
        try:
            job()
        finally:
            sys.settrace(previous)

    def _pause(self, frame: FrameType) -> None:
        left = self._held_since + self._longest_pause - time.monotonic()
        if left > 0 and not _importing(frame):
            self._free.wait(left)


def _importing(frame: FrameType | None) -> bool:
    """Whether the call is part of an import (which holds the module's import lock)."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False
