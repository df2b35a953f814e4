"""Work done a step at a time: a generator that yields between steps and returns its result.

A search at 100,000 claims takes 50-100 ms, longer than a frame; written as steps of a
millisecond or two, a screen can run as many as fit between two keys and frames, drop the
rest when a newer keystroke makes them pointless, or run them all at once when it needs
the result now. `finish` runs them all: that is what a script or a test calls.
"""

from __future__ import annotations

from collections.abc import Generator
from time import perf_counter
from typing import Generic, TypeVar

T = TypeVar("T")

# Work that yields (None) between its steps and returns a T.
Steps = Generator[None, None, T]


def finish(steps: Steps[T]) -> T:
    """Run every remaining step; the result."""
    return Stepper(steps).result()


class Stepper(Generic[T]):
    """Steps run a slice of time at a time, until they give their result."""

    def __init__(self, steps: Steps[T]) -> None:
        self._steps = steps
        self._done = False
        self._result: T | None = None

    def run_for(self, seconds: float) -> bool:
        """Run steps for about `seconds` (at least one); True once the result is there."""
        until = perf_counter() + seconds
        while not self._done:
            self._next()
            if perf_counter() >= until:
                break
        return self._done

    def result(self) -> T:
        """The result, running the steps left first."""
        while not self._done:
            self._next()
        return self._result  # type: ignore[return-value]

    def _next(self) -> None:
        try:
            next(self._steps)
        except StopIteration as done:
            self._result, self._done = done.value, True
