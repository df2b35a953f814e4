"""What a team member sees, against an accepted SVG: the contested badge and the panel
that lists each reviewer's verdict (see tests/test_app_snapshots.py for updating)."""

from __future__ import annotations

from pathlib import Path

from facts.bundled import bundled_path
from facts.load import load
from facts.session import ReviewSession
from facts.store import ReviewStore
from facts.timeline import timeline_of
from tui.app import ClaimlineApp

FIXED_TIME = "2025-03-01T09:30:00Z"


def test_contested_claim_120x40(snap_compare, tmp_path: Path) -> None:
    path = bundled_path("ecuador-2025")
    assert path is not None
    dataset = load(path)
    first, second = timeline_of(dataset).claims_in_order()[:2]
    store = ReviewStore(tmp_path / "team.sqlite3", clock=lambda: FIXED_TIME)
    store.mark(dataset.id, first, "disputed", reviewer="maria")
    store.mark(dataset.id, first, "verified", reviewer="tomas")
    store.set_note(dataset.id, first, "The decree was signed in 2008.", reviewer="tomas")
    store.mark(dataset.id, second, "verified", reviewer="maria")
    store.mark(dataset.id, second, "verified", reviewer="tomas")
    app = ClaimlineApp(ReviewSession(dataset, store, "maria"))
    # home, down: the timeline's first claim, the contested one.
    assert snap_compare(app, press=["home", "down"], terminal_size=(120, 40))
