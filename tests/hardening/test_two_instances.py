"""Two instances on one store: both write at once, nothing is lost, each sees the other's.

Processes (crash_driver.py, a small script) and threads with their own `ReviewStore`
write to one file at the same time; the app, driven through Pilot, picks up what another
process wrote when its 2-second timer checks the store, and says so.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from itertools import pairwise
from pathlib import Path

import pytest

from facts import load
from facts.model import Claim
from facts.session import ReviewSession
from facts.store import ReviewStore
from tests.hardening.crash_driver import CLAIMS, DATASET, operation
from tests.hardening.helpers import HERE, MINI_PATH, panel_text, subprocess_env
from tests.screen import screen_text
from tui.app import ClaimlineApp

DRIVER = HERE / "crash_driver.py"
OPS = 150


def start_driver(path: Path, prefix: str, count: int = OPS) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(DRIVER), str(path), prefix, "0", str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
    )


def finish(process: subprocess.Popen[bytes]) -> list[str]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, (out + err).decode()
    return out.decode().splitlines()


def expected_state(prefix: str, count: int) -> dict[str, tuple[str | None, str | None]]:
    """The verdict and note of each claim after ops 0..count-1 of crash_driver."""
    state: dict[str, tuple[str | None, str | None]] = {}
    for n in range(count):
        claim, kind, value = operation(n, prefix)
        verdict, note = state.get(claim.id, (None, None))
        state[claim.id] = (value, note) if kind == "mark" else (verdict, value)
    return state


@pytest.mark.slow
def test_two_processes_and_a_thread_write_at_once_and_lose_nothing(store_path: Path) -> None:
    ReviewStore(store_path).close()  # created first, so that all three open the same file
    first, second = start_driver(store_path, "a"), start_driver(store_path, "b")
    with ReviewStore(store_path) as mine:  # and this process too, from a thread

        def write_mine() -> None:
            for n in range(OPS):
                claim, kind, value = operation(n, "t")
                if kind == "mark":
                    mine.mark(DATASET, claim, value, reviewer="thread")  # type: ignore[arg-type]
                else:
                    mine.set_note(DATASET, claim, value, reviewer="thread")

        thread = threading.Thread(target=write_mine)
        thread.start()
        thread.join(timeout=120)
        assert not thread.is_alive()
    for process in (first, second):
        lines = finish(process)
        assert lines[0] == "ready" and lines[-1] == f"ack {OPS - 1}", lines[-3:]
    with ReviewStore(store_path) as store:
        reviews = store.reviews(DATASET)
        for prefix in ("a", "b", "t"):
            for claim_id, state in expected_state(prefix, OPS).items():
                assert (reviews[claim_id].verdict, reviews[claim_id].note) == state
                index = int(claim_id[len(prefix) :])
                expected = OPS // CLAIMS + (index < OPS % CLAIMS)
                assert len(store.history(DATASET, claim_id)) == expected


def test_two_stores_changing_the_same_claim_keep_every_change_in_order(
    store_path: Path,
) -> None:
    """Each keeps their own verdict; history keeps both, each row from that reviewer's last."""
    ReviewStore(store_path).close()
    errors: list[BaseException] = []

    def write(reviewer: str) -> None:
        try:
            with ReviewStore(store_path) as store:
                for n in range(60):
                    claim = Claim(id="c1", text=f"{reviewer} version {n}", events=["e"])
                    verdict = ("verified", "disputed")[n % 2]
                    store.mark(DATASET, claim, verdict, reviewer=reviewer)  # type: ignore[arg-type]
                    store.set_note(DATASET, claim, f"{reviewer} {n}", reviewer=reviewer)
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("ann", "ben")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with ReviewStore(store_path) as store:
        history = store.history(DATASET, "c1")
        team = store.team_reviews(DATASET)["c1"]
    assert len(history) == 240
    for reviewer in ("ann", "ben"):
        mine = [change for change in history if change.reviewer == reviewer]
        assert len(mine) == 120
        for earlier, later in pairwise(mine):
            assert (later.from_verdict, later.from_note) == (earlier.to_verdict, earlier.to_note)
        current = team.of(reviewer)
        assert current is not None
        assert (current.verdict, current.note) == (mine[-1].to_verdict, mine[-1].to_note)


OTHER = """
import sys
from facts import load
from facts.store import ReviewStore
dataset = load(sys.argv[2])
with ReviewStore(sys.argv[1]) as store:
    print(store.reviews("mini").get("c1") and store.reviews("mini")["c1"].verdict, flush=True)
    store.mark("mini", dataset.claim_by_id["c2"], "disputed", reviewer="bob")
    store.set_note("mini", dataset.claim_by_id["c2"], "from the other process", reviewer="bob")
"""


async def test_the_app_picks_up_what_another_process_wrote(store_path: Path) -> None:
    dataset = load(MINI_PATH)
    app = ClaimlineApp(ReviewSession(dataset, ReviewStore(store_path), "alice"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("v")  # alice: c1 verified
        await pilot.pause()
        other = subprocess.run(
            [sys.executable, "-c", OTHER, str(store_path), str(MINI_PATH)],
            env=subprocess_env(),
            capture_output=True,
            timeout=60,
        )
        assert other.returncode == 0, other.stderr.decode()
        assert other.stdout.decode().strip() == "verified"  # bob saw alice's verdict
        assert "c2" not in app.session.reviews
        await pilot.pause(2.5)  # the app's 2-second timer checks the store
        text = screen_text(app)
        notices = [str(n.message) for n in app._notifications]
        await pilot.press("down", "down", "down")
        await pilot.pause()
        detail = screen_text(app)
    app.session.store.close()
    assert app.session.reviews["c2"].verdict == "disputed"
    # Alice's own progress, and the team's: bob's verdict is on a claim alice has not judged.
    assert "1/2 reviewed · 1 verified · 0 disputed  │  team: 0 agreed · 0 contested" in text
    assert "✗ disputed" in text
    assert any("review store changed" in notice for notice in notices), notices
    assert "from the other process" in detail and "bob" in detail
    with ReviewStore(store_path) as store:
        reviews = store.reviews("mini")
    assert (reviews["c1"].verdict, reviews["c1"].reviewer) == ("verified", "alice")
    assert (reviews["c2"].verdict, reviews["c2"].reviewer) == ("disputed", "bob")


async def test_a_verdict_made_elsewhere_on_the_shown_claim_replaces_it_on_screen(
    store_path: Path,
) -> None:
    dataset = load(MINI_PATH)
    app = ClaimlineApp(ReviewSession(dataset, ReviewStore(store_path), "alice"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v", "k", "k")  # c1 verified, and back on it
        await pilot.pause()
        with ReviewStore(store_path) as other:
            other.mark("mini", dataset.claim_by_id["c1"], "disputed", reviewer="bob")
        app.screen._check_store()
        await pilot.pause()
        text = screen_text(app)
        panel = panel_text(app)
    app.session.store.close()
    assert app.session.reviews["c1"].verdict == "disputed"
    # Both verdicts stand, each reviewer's own: the claim is contested.
    assert "⚠ contested" in text
    assert "✗ disputed    bob" in panel and "✓ verified    alice (you)" in panel
    assert "bob  unreviewed → disputed" in panel  # bob's own verdict; both kept, newest first
    assert "alice  unreviewed → verified" in panel
