"""A PostgreSQL server that stops under an open app: told once, its return told once,
nothing acknowledged lost. A real server, stopped and started again, through Pilot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from facts.session import ReviewSession
from facts.store import open_store
from tests.pg_cluster import Cluster
from tests.screen import screen_text
from tui.app import ClaimlineApp

SIZE = (120, 40)


def record_notices(app: ClaimlineApp) -> list[tuple[str, str]]:
    """Every notice the app shows from now on, as (severity, message), expired or not."""
    shown: list[tuple[str, str]] = []
    notify: Callable[..., None] = app.notify

    def recording(message: str, *args: Any, **kwargs: Any) -> None:
        shown.append((kwargs.get("severity", "information"), str(message)))
        notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return shown


async def wait_for(pilot: Any, condition: Callable[[], bool], seconds: float) -> bool:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


async def test_a_stopped_server_is_told_once_and_its_return_once(
    mini_dataset, postgres_cluster: Cluster
) -> None:
    if postgres_cluster.data is None:
        pytest.skip("the server is not the tests' own (CLAIMLINE_TEST_POSTGRES_URL): can't stop it")
    database = postgres_cluster.create_database()
    url = postgres_cluster.url(database)
    store = open_store(url)
    try:
        app = ClaimlineApp(ReviewSession(mini_dataset, store, "alice"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("v")  # c1 verified: acknowledged before the outage
            await pilot.pause()
            shown = record_notices(app)
            postgres_cluster.stop("immediate")
            try:
                # The watcher notices at once; then the reviewer moves about and tries
                # two verdicts, each of which fails.
                assert await wait_for(pilot, lambda: bool(shown), 5.0)
                await pilot.press("down", "up", "J", "K", "J", "d")
                await pilot.pause()
                await pilot.press("d")
                await pilot.pause()
            finally:
                postgres_cluster.start()
            assert await wait_for(pilot, lambda: any("works again" in m for _, m in shown), 8.0)
            await pilot.press("d")  # saved again
            await pilot.pause()
            errors = [m for severity, m in shown if severity == "error"]
            full = [m for m in errors if "still unreachable" not in m]
            assert len(full) == 1, shown  # the outage, told once
            assert database in full[0]
            # Each verdict that could not be saved says so, briefly.
            still = "Not saved: the server is still unreachable"
            assert sum(still in m for m in errors) >= 1, shown
            assert sum("works again" in m for _, m in shown) == 1
            assert "✗ disputed" in screen_text(app)
    finally:
        store.close()
    with open_store(url) as reopened:
        reviews = reopened.reviews("mini", reviewer="alice")
        postgres_cluster.drop_database(database)
    assert reviews["c1"].verdict == "verified"
    assert len([r for r in reviews.values() if r.verdict == "disputed"]) == 1
