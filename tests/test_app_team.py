"""Two reviewers on one store, through Pilot: what a team member sees in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts.session import ReviewSession
from facts.store import ReviewStore, open_store
from tests.app_helpers import SIZE, make_app
from tests.screen import screen_text, shows_within
from tui.app import ClaimlineApp
from tui.widgets.timeline_view import TimelineView


@pytest.fixture
def store_path(tmp_path: Path, mini_dataset) -> Path:
    """Alice verified c1; Bob disputed it, with a note, and verified c2."""
    path = tmp_path / "team.sqlite3"
    c1, c2 = mini_dataset.claim_by_id["c1"], mini_dataset.claim_by_id["c2"]
    with ReviewStore(path) as store:
        store.mark("mini", c1, "verified", reviewer="alice")
        store.mark("mini", c1, "disputed", reviewer="bob")
        store.set_note("mini", c1, "The charter says 1852.", reviewer="bob")
        store.mark("mini", c2, "verified", reviewer="bob")
    return path


def select(app: ClaimlineApp, key: str) -> None:
    view = app.screen.query_one(TimelineView)
    index = view.index_of(key)
    assert index is not None
    view.select_index(index)


async def test_header_shows_my_progress_and_the_teams(mini_dataset, store_path) -> None:
    app = make_app(mini_dataset, store_path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        # Alice judged one claim of two; the team has one contested claim, none agreed.
        assert "1/2 reviewed · 1 verified · 0 disputed  │  team: 0 agreed · 1 contested" in text
        await pilot.press("f")  # nothing changes the header's team part but verdicts


async def test_a_contested_claim_reads_contested_and_lists_each_reviewer(
    mini_dataset, store_path
) -> None:
    app = make_app(mini_dataset, store_path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        select(app, "claim:c1@founding")
        await pilot.pause()
        text = screen_text(app)
        assert "⚠ contested" in text
        assert "Verdicts — ⚠ contested" in text
        assert "✓ verified    alice (you)" in text
        assert "✗ disputed    bob" in text
        assert "Note: The charter says 1852." in text


async def test_the_filter_cycle_reaches_contested(mini_dataset, store_path) -> None:
    app = make_app(mini_dataset, store_path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["f"] * 5)
        await pilot.pause()
        text = screen_text(app)
        assert "filter: contested" in text
        view = app.screen.query_one(TimelineView)
        claims = [row.claim.id for row in view.rows if row.claim is not None]
        assert claims == ["c1"]
        await pilot.press("f")
        await pilot.pause()
        assert "filter:" not in screen_text(app)  # and round to all again


async def test_undo_in_the_app_leaves_the_colleagues_verdict(mini_dataset, store_path) -> None:
    app = make_app(mini_dataset, store_path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        assert "team: 0 agreed · 0 contested" in screen_text(app)
    with ReviewStore(store_path) as store:
        team = store.team_reviews("mini")
    assert team["c1"].of("alice").verdict is None
    assert team["c1"].of("bob").verdict == "disputed"
    assert team["c2"].of("bob").verdict == "verified"


async def test_a_colleagues_verdict_appears_without_a_restart(mini_dataset, store_path) -> None:
    app = make_app(mini_dataset, store_path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "team: 0 agreed · 1 contested" in screen_text(app)
        with ReviewStore(store_path) as bob:
            bob.mark("mini", mini_dataset.claim_by_id["c1"], "verified", reviewer="bob")
        # The file is checked every 2 seconds.
        assert await shows_within(pilot, app, "team: 1 agreed · 0 contested", seconds=3)


async def test_a_one_person_store_shows_no_team(mini_dataset, tmp_path) -> None:
    app = make_app(mini_dataset, tmp_path / "solo.sqlite3", "alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert "team:" not in screen_text(app)


async def test_on_postgresql_a_colleagues_verdict_arrives_by_notify(
    mini_dataset, postgres_cluster
) -> None:
    """No timer: the server's NOTIFY wakes the screen's worker (the file's timer is 2 s,
    this waits at most 1.5 s)."""
    database = postgres_cluster.create_database()
    url = postgres_cluster.url(database)
    mine = open_store(url)
    try:
        app = ClaimlineApp(ReviewSession(mini_dataset, mine, "alice"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("v")  # alice verifies c1
            await pilot.pause()
            with open_store(url) as bob:
                bob.mark("mini", mini_dataset.claim_by_id["c1"], "disputed", reviewer="bob")
            assert await shows_within(pilot, app, "team: 0 agreed · 1 contested", seconds=1.5)
            assert "⚠ contested" in screen_text(app)
    finally:
        mine.close()
        postgres_cluster.drop_database(database)


async def test_a_verdict_moves_on_to_a_claim_only_my_colleague_judged(
    mini_dataset, store_path
) -> None:
    # Bob alone judged c2: after Alice's verdict on c1 the selection goes there, since
    # each reviewer of a team judges every claim.
    app = make_app(mini_dataset, store_path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        select(app, _claim_key(app, "c1"))
        await pilot.press("v")
        await pilot.pause()
        current = app.screen.query_one(TimelineView).current
        assert current is not None and current.claim is not None
        assert current.claim.id == "c2"


def _claim_key(app: ClaimlineApp, claim_id: str) -> str:
    event = app.screen.session.timeline.home_event[claim_id]
    return f"claim:{claim_id}@{event.id}"


async def test_undoing_my_verdict_on_a_contested_claim_leaves_my_colleagues(
    mini_dataset, store_path
) -> None:
    app = make_app(mini_dataset, store_path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        select(app, "claim:c1@founding")
        await pilot.press("z")  # alice's verified on c1, from before the restart
        await pilot.pause()
        assert any(
            "your verdict on c1 is withdrawn" in str(note.message) for note in app._notifications
        )
        text = screen_text(app)
        assert "Claim c1   ✗ disputed" in text  # bob's verdict stands
        assert "team: 0 agreed · 0 contested" in text
