"""A search keystroke shows the rows on screen first and the whole result after: what the
reviewer sees is the same either way, and whatever comes before the whole result (more
keys, Esc, End, PageDown, a verdict) acts on the whole result.

The whole result is held back (`gate`) until a test lets it through, so each test sees
the slice first, whatever the machine's speed; no test measures time."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from benchmarks.generate import write_dataset
from facts import load
from facts.model import Dataset
from facts.timeline import timeline_of
from tests.app_helpers import SIZE, make_app, selected_key
from tests.screen import screen_text
from tui.screens import progressive_search
from tui.screens.progressive_search import ProgressiveSearch
from tui.widgets.timeline_view import TimelineView


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("progressive")
    return load(write_dataset(300, Path(folder) / "d.json", seed=5))


@pytest.fixture(autouse=True)
def in_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole result in steps at any size (the app finds it at once under 50,000
    records)."""
    monkeypatch.setattr(progressive_search, "LEAST_RECORDS", 0)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[asyncio.Event]:
    """Set it to let the whole results through (each waits for it before its steps)."""
    opened = asyncio.Event()
    real = ProgressiveSearch._run

    async def held(self: ProgressiveSearch) -> None:
        await opened.wait()
        await real(self)

    monkeypatch.setattr(ProgressiveSearch, "_run", held)
    yield opened
    opened.set()


def timeline_lines(app: Any) -> list[str]:
    """The timeline's lines as the screen shows them, without its scrollbar."""
    view = app.query_one(TimelineView)
    region, width = view.region, view.scrollable_content_region.width
    lines = screen_text(app).splitlines()[region.y : region.y + region.height]
    return [line[region.x : region.x + width] for line in lines]


def header(app: Any) -> str:
    return screen_text(app).splitlines()[1]


def claims_in(rows: list[Any]) -> int:
    return sum(row.kind == "claim" for row in rows)


async def whole(pilot: Any, app: Any, gate: asyncio.Event) -> None:
    """Let the whole result through and wait until the header counts its claims."""
    gate.set()
    for _ in range(100):
        await pilot.pause()
        if "claims" in header(app) or "1 claim" in header(app):
            return
    raise AssertionError(f"the search was never completed: {header(app)!r}")


async def test_the_rows_on_screen_come_first_and_the_whole_changes_nothing_on_screen(
    dataset: Dataset, store_path: Path, gate: asyncio.Event
) -> None:
    app = make_app(dataset, store_path)
    whole_result = timeline_of(dataset).rows("e")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "pagedown", "down", "down")
        selected = selected_key(app)
        await pilot.press("slash", "e")
        await pilot.pause()
        assert "search: e · …" in header(app)
        first = timeline_lines(app)
        view = app.query_one(TimelineView)
        line = view.selection_line
        await whole(pilot, app, gate)
        assert f"search: e · {claims_in(whole_result)} claims" in header(app)
        assert view.rows == whole_result
        assert timeline_lines(app) == first
        assert selected_key(app) == selected and view.selection_line == line


async def test_keys_typed_quickly_end_with_the_last_querys_whole_result(
    dataset: Dataset, store_path: Path
) -> None:
    app = make_app(dataset, store_path)
    wanted = timeline_of(dataset).rows("prison")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"prison")
        await pilot.pause()
        await pilot.pause()
        assert app.query_one(TimelineView).rows == wanted
        assert f"search: prison · {claims_in(wanted)} claims" in header(app)


async def test_keys_typed_while_each_result_waits_end_with_the_last_one(
    dataset: Dataset, store_path: Path, gate: asyncio.Event
) -> None:
    app = make_app(dataset, store_path)
    wanted = timeline_of(dataset).rows("prison")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"prison")
        assert "search: prison · …" in header(app)
        await whole(pilot, app, gate)
        assert app.query_one(TimelineView).rows == wanted
        assert f"search: prison · {claims_in(wanted)} claims" in header(app)


@pytest.mark.parametrize("key", ["end", "pagedown", "home", "right_square_bracket"])
async def test_a_key_that_goes_beyond_the_rows_shown_acts_on_the_whole_result(
    dataset: Dataset, store_path: Path, gate: asyncio.Event, key: str, tmp_path: Path
) -> None:
    """End, PageDown… pressed before the whole result is there land where they land once
    it is (the same keys, the whole result let through first)."""
    landed = []
    for early in (True, False):
        app = make_app(dataset, tmp_path / f"{early}.sqlite3")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*["pagedown"] * 4, "slash", "a", "enter")
            assert "search: a · …" in header(app)
            if not early:
                await whole(pilot, app, gate)
            await pilot.press(key)
            await pilot.pause()
            assert "search: a · " in header(app) and "…" not in header(app)
            landed.append((selected_key(app), timeline_lines(app)))
    assert landed[0] == landed[1]


async def test_escape_before_the_whole_result_clears_the_search(
    dataset: Dataset, store_path: Path, gate: asyncio.Event
) -> None:
    app = make_app(dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"pr")
        await pilot.press("escape")
        gate.set()
        for _ in range(5):
            await pilot.pause()
        assert "search:" not in header(app)
        assert app.query_one("#search", Input).value == ""
        assert app.query_one(TimelineView).rows == timeline_of(dataset).rows()


async def test_a_verdict_before_the_whole_result_goes_on_to_the_whole_results_next_claim(
    dataset: Dataset, gate: asyncio.Event, tmp_path: Path
) -> None:
    landed = []
    for early in (True, False):
        app = make_app(dataset, tmp_path / f"{early}.sqlite3")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*["pagedown"] * 2, "J", "slash", "o", "enter")
            assert "search: o · …" in header(app)
            if not early:
                await whole(pilot, app, gate)
            judged = selected_key(app)
            await pilot.press("v")
            await pilot.pause()
            assert judged is not None
            claim_id = judged.split(":")[1].split("@")[0]
            assert app.session.reviews[claim_id].verdict == "verified"
            landed.append((judged, selected_key(app), timeline_lines(app), header(app)))
    assert landed[0] == landed[1]
