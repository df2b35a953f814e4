"""Opening a file: the loading screen first, the timeline when the worker is done, the
located report when the file is wrong, and the cache filled for the next open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from benchmarks.generate import write_dataset
from facts.cache import DatasetCache
from facts.store import ReviewStore, StoreError
from tests.app_helpers import hold_the_open
from tests.screen import screen_text
from tui.app import ClaimlineApp
from tui.opening import Opening
from tui.screens.help import HelpScreen
from tui.screens.loading import LoadingScreen
from tui.screens.review import ReviewScreen

SIZE = (120, 40)
BAD = Path(__file__).parent / "bad" / "several-problems.json"


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


class Stores:
    """An `open_store` that records how often the app opened the store."""

    def __init__(self, path: Path, fail: bool = False) -> None:
        self.path, self.fail, self.opened = path, fail, []

    def __call__(self) -> ReviewStore:
        if self.fail:
            raise StoreError("the store is locked by another program", self.path)
        store = ReviewStore(self.path)
        self.opened.append(store)
        return store


async def wait_until(condition: Callable[[], bool], pilot: Pilot[None]) -> None:
    """Pause until `condition` holds (the worker runs on a shared, busy machine)."""
    for _ in range(1200):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app did not get there in 60 s")


async def wait_for_review(app: ClaimlineApp, pilot: Pilot[None]) -> None:
    """Pause until the timeline is on screen: pushed, laid out (on a busy machine its
    first layout can come a few frames after the push) and no worker left."""
    await wait_until(
        lambda: (
            isinstance(app.screen, ReviewScreen)
            and not app.workers
            and "reviewed" in screen_text(app)
        ),
        pilot,
    )


async def test_the_file_loads_behind_the_first_frame_then_the_timeline_shows(
    tmp_path: Path,
) -> None:
    path = write_dataset(300, tmp_path / "big.json", seed=2)
    stores = Stores(tmp_path / "r.sqlite3")
    app = ClaimlineApp(opening=Opening(path, "alice", stores, use_cache=True))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen_stack[0], LoadingScreen)
        await wait_for_review(app, pilot)
        # The worker caches the dataset once the timeline is up.
        await wait_until(lambda: bool(DatasetCache().entries()), pilot)
        text = screen_text(app)
        assert "Synthetic benchmark dataset (300 events)" in text
        assert "0/" in text and "reviewed" in text
        await pilot.press("v")
        await pilot.pause()
        assert "1/" in screen_text(app)
    assert len(stores.opened) == 1
    stores.opened[0].close()
    assert DatasetCache().open(path).from_cache


async def test_a_file_with_errors_closes_the_app_with_its_report_and_no_store(
    tmp_path: Path,
) -> None:
    stores = Stores(tmp_path / "r.sqlite3")
    app = ClaimlineApp(opening=Opening(BAD, "alice", stores))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: app.return_code is not None, pilot)
    assert app.return_code == 1
    assert app.failure is not None and "several-problems.json:7:30: events[0].date" in app.failure
    assert stores.opened == [] and not (tmp_path / "r.sqlite3").exists()


async def test_a_store_that_cannot_open_closes_the_app_saying_why(tmp_path: Path) -> None:
    path = write_dataset(20, tmp_path / "small.json", seed=1)
    app = ClaimlineApp(opening=Opening(path, "alice", Stores(tmp_path / "r", fail=True)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: app.return_code is not None, pilot)
    assert app.return_code == 1
    assert app.failure == "claimline: the store is locked by another program"


async def test_help_and_quit_work_while_the_file_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset(20, tmp_path / "small.json", seed=1)
    release = hold_the_open(monkeypatch)
    stores = Stores(tmp_path / "r.sqlite3")
    app = ClaimlineApp(opening=Opening(path, "alice", stores))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Loading small.json" in screen_text(app)
        # A file under a megabyte is counted in KB, not as "0.0 of 0.0 MB".
        assert f"0.0 of {path.stat().st_size / 1024:,.1f} KB read" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Quit" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
        release.set()  # the file finishes loading after the quit: no store may open
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 0 and stores.opened == []


async def test_the_bar_counts_the_bytes_read_then_waits_while_the_file_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset(20, tmp_path / "small.json", seed=1)
    size = path.stat().st_size
    release = hold_the_open(monkeypatch)
    stores = Stores(tmp_path / "r.sqlite3")
    app = ClaimlineApp(opening=Opening(path, "alice", stores))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert " 0%" in screen_text(app)
        loading = app.screen
        assert isinstance(loading, LoadingScreen)
        loading.show_read(size // 2, size)
        await pilot.pause()
        assert " 50%" in screen_text(app)
        assert f"{size // 2 / 1024:,.1f} of {size / 1024:,.1f} KB read" in screen_text(app)
        loading.show_step("checking the file")
        await pilot.pause()
        assert "--%" in screen_text(app) and "checking the file" in screen_text(app)
        release.set()
        await wait_for_review(app, pilot)
    stores.opened[0].close()


def test_the_app_needs_a_session_or_an_opening() -> None:
    with pytest.raises(ValueError):
        ClaimlineApp()


async def test_the_presentation_opens_a_big_file_behind_the_same_loading_screen(
    tmp_path: Path,
) -> None:
    """`claimline present` starts as `claimline` does: loading screen, then its own screen."""
    from tui.presentation_app import PresentationApp
    from tui.screens.presentation import PresentationScreen

    path = write_dataset(300, tmp_path / "big.json", seed=2)
    stores = Stores(tmp_path / "class.sqlite3")
    app = PresentationApp(opening=Opening(path, "class", stores))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen_stack[0], LoadingScreen)
        await wait_until(lambda: isinstance(app.screen, PresentationScreen), pilot)
        await wait_until(lambda: "Synthetic benchmark dataset" in screen_text(app), pilot)
    assert len(stores.opened) == 1
    stores.opened[0].close()


async def test_a_file_of_no_known_size_shows_a_moving_bar_from_the_start(tmp_path: Path) -> None:
    # A pipe (`claimline <(zcat big.json.gz)`) has no size to count against: the bar
    # waits, and a waiting bar redraws by itself so the screen still moves.
    from textual.app import App

    from tui.screens.loading import LoadingBar

    class Bare(App[None]):
        def on_mount(self) -> None:
            self.push_screen(LoadingScreen("big.json", None))

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "--%" in screen_text(app)
        assert app.screen.query_one(LoadingBar).auto_refresh is not None
        app.screen.query_one(LoadingBar).fraction = 0.5
        await pilot.pause()
        assert app.screen.query_one(LoadingBar).auto_refresh is None
