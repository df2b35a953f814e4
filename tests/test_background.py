"""Background jobs step aside while a key is answered (tui/background.py), and always
finish: a key's hold ends with its frame, and a hold never released stops nothing for long.
No time is asserted: the tests wait for what a job did, or see it has not done it yet."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from facts.bundled import bundled_path
from facts.load import load
from tests.app_helpers import make_app
from tui.background import Courtesy


def _start(courtesy: Courtesy, steps: list[str]) -> tuple[threading.Thread, threading.Event]:
    """A job in a worker thread: one step, then (at its next Python call) a second."""
    done = threading.Event()

    def second() -> None:
        steps.append("second")

    def job() -> None:
        steps.append("first")
        second()
        done.set()

    worker = threading.Thread(target=courtesy.run, args=(job,), daemon=True)
    worker.start()
    return worker, done


def test_a_job_waits_while_a_key_is_answered_and_goes_on_after() -> None:
    courtesy = Courtesy(longest_pause=600.0)
    courtesy.hold()
    steps: list[str] = []
    worker, done = _start(courtesy, steps)
    assert not done.wait(0.3)
    assert steps == []  # paused at the job's own first call
    courtesy.release()
    assert done.wait(30)
    worker.join(30)
    assert steps == ["first", "second"]


def test_a_job_waits_until_every_key_held_is_released() -> None:
    courtesy = Courtesy(longest_pause=600.0)
    courtesy.hold()
    courtesy.hold()  # a second key before the first one's frame
    steps: list[str] = []
    _, done = _start(courtesy, steps)
    courtesy.release()
    assert courtesy.held
    assert not done.wait(0.3)
    courtesy.release()
    assert done.wait(30)


def test_a_hold_never_released_does_not_stop_a_job() -> None:
    courtesy = Courtesy(longest_pause=0.05)
    courtesy.hold()
    steps: list[str] = []
    _, done = _start(courtesy, steps)
    assert done.wait(30)
    assert steps == ["first", "second"]


def test_a_tracer_already_set_on_the_thread_sees_the_job_and_is_kept() -> None:
    seen: list[str] = []

    def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
        seen.append(frame.f_code.co_name)

    def job() -> None:
        pass

    after: list[object] = []

    def worker() -> None:
        sys.settrace(tracer)
        Courtesy().run(job)
        after.append(sys.gettrace())
        sys.settrace(None)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(30)
    assert "job" in seen
    assert after == [tracer]


class _Counted(Courtesy):
    def __init__(self) -> None:
        super().__init__()
        self.holds = 0

    def hold(self) -> None:
        self.holds += 1
        super().hold()


async def test_the_app_holds_background_work_for_a_key_until_its_frame(tmp_path: Path) -> None:
    path = bundled_path()
    assert path is not None
    app = make_app(load(path), tmp_path / "reviews.sqlite3")
    app.courtesy = counted = _Counted()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "v")
        await pilot.pause()
        assert counted.holds >= 2  # a key the focused widget leaves comes back up: twice
        assert not counted.held  # released once each key's frame was painted


def test_threads_switch_often_while_a_job_runs_and_as_before_after_it() -> None:
    before = sys.getswitchinterval()
    inside: list[float] = []
    Courtesy().run(lambda: inside.append(sys.getswitchinterval()))
    assert inside[0] < before
    assert sys.getswitchinterval() == before
