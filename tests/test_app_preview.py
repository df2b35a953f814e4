"""A second open of a big cached file: the first rows show at once (the preview), then the
review screen replaces them where the user was, and what was typed meanwhile is applied."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

import facts.cache.head
import tui.head_preview
from benchmarks.generate import write_dataset
from facts.cache import DatasetCache
from facts.load import load
from facts.session import ReviewSession
from facts.store import ReviewStore
from facts.timeline import timeline_of
from tests.app_helpers import type_at_once
from tests.screen import screen_text
from tests.test_app_loading import Stores, wait_for_review, wait_until
from tui.app import ClaimlineApp
from tui.opening import Opening
from tui.screens.help import HelpScreen
from tui.screens.loading import LoadingScreen
from tui.screens.preview import PreviewScreen
from tui.screens.review import ReviewScreen
from tui.widgets.timeline_view import SELECTABLE, TimelineView

SIZE = (120, 40)
HEAD_ROWS = 60  # of the 798 rows of the 300-event dataset


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(facts.cache.head, "HEAD_ROWS", HEAD_ROWS)
    monkeypatch.setattr(facts.cache.head, "SHORTEST_WHOLE", 2 * HEAD_ROWS)


def cache(path: Path) -> None:
    """Open the file once: the cache then holds it and its head (of HEAD_ROWS rows)."""
    found = DatasetCache().open(path)
    assert found.save is not None
    found.save()


@pytest.fixture
def cached(tmp_path: Path) -> Path:
    """A 300-event file (336 KB, 798 rows), in the cache with its head."""
    path = write_dataset(300, tmp_path / "big.json", seed=2)
    cache(path)
    return path


@pytest.fixture
def stores(tmp_path: Path) -> Stores:
    """The review store of each test's app, and what opened it (one store expected)."""
    return Stores(tmp_path / "r.sqlite3")


def reopening(path: Path, stores: Stores) -> ClaimlineApp:
    """The app a second open of `path` starts, as alice."""
    return ClaimlineApp(opening=Opening(path, "alice", stores))


class Held(threading.Event):
    """Set by the test to let the worker go on; `reached` is set by the worker once it is
    done with the head (the preview up, or not shown) and waits."""

    def __init__(self) -> None:
        super().__init__()
        self.reached = threading.Event()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Held:
    """The worker waits, once the preview is up (or was not shown), until `held` is set:
    the rest of the dataset is not ready before the test says so."""
    release = Held()
    real = tui.head_preview.HeadPreview.__call__

    def then_wait(self: Any, head: Any) -> None:
        real(self, head)
        release.reached.set()
        release.wait(30)

    monkeypatch.setattr(tui.head_preview.HeadPreview, "__call__", then_wait)
    return release


def selected_key(app: ClaimlineApp) -> str | None:
    """The key of the row selected on the screen on top (the preview or the review)."""
    row = app.screen.query_one(TimelineView).current
    return row.key if row else None


async def wait_for_preview(app: ClaimlineApp, pilot: Pilot[None]) -> PreviewScreen:
    await wait_until(
        lambda: isinstance(app.screen, PreviewScreen) and "showing the first" in screen_text(app),
        pilot,
    )
    assert isinstance(app.screen, PreviewScreen)
    return app.screen


async def test_the_first_rows_show_at_once_and_the_review_screen_follows_where_the_user_was(
    cached: Path, held: Held, stores: Stores
) -> None:
    app = reopening(cached, stores)
    async with app.run_test(size=SIZE) as pilot:
        preview = await wait_for_preview(app, pilot)
        text = screen_text(app)
        shown = len(preview.head.rows)
        assert 0 < shown <= HEAD_ROWS
        assert f"Loading the rest of big.json… showing the first {shown} of 798 rows" in text
        assert "Synthetic benchmark dataset (300 events)" in text
        assert "reviewed ·" not in text  # the review screen's header, not yet
        rows = preview.head.rows
        first_claim = next(row for row in rows if row.kind == "claim")
        assert selected_key(app) == first_claim.key  # where the review screen starts
        # Moving works: on to the third claim, with its detail.
        claims = [row for row in rows if row.kind == "claim"]
        while selected_key(app) != claims[2].key:
            await pilot.press("down")
        assert claims[2].claim is not None
        assert claims[2].claim.text[:30] in screen_text(app)
        held.set()
        await wait_for_review(app, pilot)
        assert selected_key(app) == claims[2].key
        assert "reviewed" in screen_text(app)
    assert len(stores.opened) == 1  # the preview's store is the review screen's
    stores.opened[0].close()


async def test_keys_typed_during_the_preview_are_applied_in_order_after_it(
    cached: Path, held: Held, stores: Stores
) -> None:
    app = reopening(cached, stores)
    async with app.run_test(size=SIZE) as pilot:
        preview = await wait_for_preview(app, pilot)
        claims = [row for row in preview.head.rows if row.kind == "claim"]
        await pilot.press("down")  # the preview answers it: off the first claim
        moved = selected_key(app)
        assert moved != claims[0].key
        while selected_key(app) != claims[1].key:
            await pilot.press("down")
        # `v` is the review screen's: kept, and `down` behind it, in order.
        type_at_once(app, "v", "down")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen) and selected_key(app) == claims[1].key
        held.set()
        await wait_for_review(app, pilot)
        await wait_until(lambda: "1/" in screen_text(app), pilot)
        # v marked the claim selected in the preview and went on to the next claim that
        # needs a verdict (claims[2]); down then moved to the row after it.
        view = app.screen.query_one(TimelineView)
        next_claim = view.index_of(claims[2].key)
        assert next_claim is not None
        after = next(i for i in range(next_claim + 1, 99) if view.rows[i].kind in SELECTABLE)
        await wait_until(lambda: view.cursor == after, pilot)
    store = stores.opened[0]
    assert claims[1].claim is not None
    dataset_id = preview.session.dataset.id
    assert store.reviews(dataset_id)[claims[1].claim.id].verdict == "verified"
    assert claims[2].claim is not None and claims[2].claim.id not in store.reviews(dataset_id)
    store.close()


async def test_help_over_the_preview_lists_its_keys_and_stays_until_closed(
    cached: Path, held: Held, stores: Stores
) -> None:
    """The review screen waits for the help the user opened, not taken from under them."""
    app = reopening(cached, stores)
    async with app.run_test(size=SIZE) as pilot:
        preview = await wait_for_preview(app, pilot)
        titles = [command.title for command in app.get_system_commands(preview)]
        assert "Verified" not in titles and "Export" not in titles  # only what it does
        await pilot.press("question_mark")
        await wait_until(lambda: isinstance(app.screen, HelpScreen), pilot)
        assert "Down" in screen_text(app) and "Verified" not in screen_text(app)
        held.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)  # still reading it
        await pilot.press("escape")
        await wait_for_review(app, pilot)
        assert [type(screen) for screen in app.screen_stack] == [LoadingScreen, ReviewScreen]
    stores.opened[0].close()


async def test_what_is_typed_in_the_palette_over_the_preview_stays_in_the_palette(
    cached: Path, held: Held, stores: Stores
) -> None:
    """The whole timeline ready while the user types in the palette: the palette stays,
    and what they type is not read as the review screen's keys (`d` disputed, `n` a note)."""
    app = reopening(cached, stores)
    async with app.run_test(size=SIZE) as pilot:
        preview = await wait_for_preview(app, pilot)
        await pilot.press("ctrl+p")
        await wait_until(lambda: app.screen is not preview, pilot)
        palette = app.screen
        await pilot.press("d", "o")
        held.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("w", "n")
        await pilot.pause()
        assert app.screen is palette
        assert "down" in screen_text(app)
        await pilot.press("escape")
        await wait_for_review(app, pilot)
    store = stores.opened[0]
    assert store.reviews(preview.session.dataset.id) == {}
    store.close()


async def test_a_click_after_a_kept_key_does_not_move_it_to_another_claim(
    cached: Path, held: Held, stores: Stores
) -> None:
    """`v` is kept for the review screen; the preview then stops moving (a click on
    another claim would have had `v` mark that one) and says the keys are kept."""
    app = reopening(cached, stores)
    async with app.run_test(size=SIZE) as pilot:
        preview = await wait_for_preview(app, pilot)
        claims = [row for row in preview.head.rows if row.kind == "claim"]
        typed_on = selected_key(app)
        assert typed_on == claims[0].key
        type_at_once(app, "v")
        await pilot.pause()
        assert "keys kept for the review screen" in screen_text(app)
        other = preview.view.rows.index(claims[3])
        await pilot.click(TimelineView, offset=(8, other - round(preview.view.scroll_y)))
        await pilot.pause()
        assert selected_key(app) == typed_on
        held.set()
        await wait_for_review(app, pilot)
        await wait_until(lambda: "1/" in screen_text(app), pilot)
    store = stores.opened[0]
    reviews = store.reviews(preview.session.dataset.id)
    assert claims[0].claim is not None
    assert {claim_id: review.verdict for claim_id, review in reviews.items()} == {
        claims[0].claim.id: "verified"
    }
    store.close()


async def test_end_in_the_preview_goes_to_the_end_of_the_whole_timeline(
    cached: Path, held: Held, stores: Stores
) -> None:
    """End is the whole timeline's: kept for the review screen, not the preview's last row."""
    app = reopening(cached, stores)
    async with app.run_test(size=SIZE) as pilot:
        preview = await wait_for_preview(app, pilot)
        start = selected_key(app)
        await pilot.press("end")
        await pilot.pause()
        assert selected_key(app) == start  # kept, not done here
        held.set()
        await wait_for_review(app, pilot)
        view = app.screen.query_one(TimelineView)
        await wait_until(lambda: view.cursor > len(preview.head.rows), pilot)
        last = max(i for i, row in enumerate(view.rows) if row.kind in SELECTABLE)
        assert view.cursor == last
    stores.opened[0].close()


async def test_no_preview_when_the_review_screen_starts_past_its_rows(
    tmp_path: Path, cached: Path, held: Held, stores: Stores
) -> None:
    # Every claim of the first rows has alice's verdict: the review screen starts on a
    # claim further down, so the loading screen stays until it is up.
    dataset = load(cached)
    head = [row.claim for row in timeline_of(dataset).rows()[:HEAD_ROWS] if row.claim]
    head_claims = {claim.id for claim in head}
    with ReviewStore(tmp_path / "r.sqlite3") as store:
        session = ReviewSession(dataset, store, "alice")
        session.load()
        for claim in head:
            session.mark(claim, "verified")
    app = reopening(cached, stores)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(held.reached.is_set, pilot)  # the head was looked at
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen)
        held.set()
        await wait_for_review(app, pilot)
        row = app.screen.query_one(TimelineView).current
        assert row is not None and row.claim is not None and row.claim.id not in head_claims
    assert len(stores.opened) == 1
    stores.opened[0].close()


async def test_quit_during_the_preview_closes_the_app(
    cached: Path, held: Held, stores: Stores
) -> None:
    app = reopening(cached, stores)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_preview(app, pilot)
        type_at_once(app, "q", "v")
        await pilot.pause()
        held.set()  # the rest loads after the quit: nothing more is shown
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 0 and app.session is None
    assert len(stores.opened) == 1
    store = stores.opened[0]
    assert store.reviews(load(cached).id) == {}  # the `v` behind `q` was dropped
    store.close()


async def test_enter_on_a_see_also_row_goes_to_its_claim_in_the_preview(
    cached: Path, held: Held, stores: Stores, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(facts.cache.head, "HEAD_ROWS", 120)  # past the first see-also row
    DatasetCache().clear()
    cache(cached)
    app = reopening(cached, stores)
    async with app.run_test(size=SIZE) as pilot:
        preview = await wait_for_preview(app, pilot)
        rows = preview.head.rows
        also = next(index for index, row in enumerate(rows) if row.kind == "see-also")
        while preview.view.cursor < also:
            await pilot.press("down")
        claim = rows[also].claim
        assert claim is not None
        await pilot.press("enter")
        assert selected_key(app) is not None and selected_key(app).startswith(f"claim:{claim.id}@")
        held.set()
        await wait_for_review(app, pilot)
    stores.opened[0].close()


async def test_a_store_that_cannot_open_for_the_preview_closes_the_app_saying_why(
    tmp_path: Path, cached: Path
) -> None:
    stores = Stores(tmp_path / "r", fail=True)
    asked = []

    def open_store() -> ReviewStore:
        asked.append(True)
        return stores()

    app = ClaimlineApp(opening=Opening(cached, "alice", open_store))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: app.return_code is not None, pilot)
    assert app.return_code == 1
    assert app.failure == "claimline: the store is locked by another program"
    assert len(asked) == 1  # for the preview; its failure is the app's, not tried again


async def test_keys_typed_as_the_preview_comes_up_move_it(
    cached: Path, held: Held, stores: Stores, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`down down` read with the preview's first frame, before its timeline has the focus:
    the timeline's keys are the preview's already, not kept (which would freeze it)."""
    real = ClaimlineApp.show_preview

    def show_then_type(self: ClaimlineApp, *shown: Any) -> None:
        real(self, *shown)
        type_at_once(self, "down", "down")

    monkeypatch.setattr(ClaimlineApp, "show_preview", show_then_type)
    app = reopening(cached, stores)
    async with app.run_test(size=SIZE) as pilot:
        preview = await wait_for_preview(app, pilot)
        await pilot.pause()
        rows = preview.head.rows
        selectable = [i for i, row in enumerate(rows) if row.kind in SELECTABLE]
        start = selectable.index(preview.start)
        await wait_until(lambda: preview.view.cursor == selectable[start + 2], pilot)
        assert "keys kept" not in screen_text(app)
        assert not preview.view.disabled
        held.set()
        await wait_for_review(app, pilot)
    stores.opened[0].close()
