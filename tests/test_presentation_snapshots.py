"""What the class sees on the projector, compared with accepted SVG snapshots.

After an intended change to the presentation, run `pytest
tests/test_presentation_snapshots.py --snapshot-update`, look at the new SVGs, and commit
them with the change.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from facts import Dataset
from facts.session import ReviewSession
from facts.store import ReviewStore
from facts.timeline import Timeline
from tui.presentation_app import PresentationApp

FIXED_TIME = "2025-03-12T10:30:00Z"
NOW = datetime(2025, 3, 12, 10, 30)


def to_event(dataset: Dataset, event_id: str) -> list[str]:
    """The keys that step from the first slide to an event's, wherever the curators put it.

    Counted from the dataset, so that adding an event elsewhere leaves each snapshot on the
    slide it is meant to show.
    """
    return ["right"] * [event.id for event in Timeline(dataset).events].index(event_id)


@pytest.fixture
def frozen_store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "class.sqlite3", clock=lambda: FIXED_TIME)


def lesson(dataset: Dataset, store: ReviewStore, tmp_path: Path, **options) -> PresentationApp:
    """The bundled dataset part-way through a lesson: four verdicts of the class, one note."""
    claims = dataset.claim_by_id
    store.mark(dataset.id, claims["manta-base-expelled"], "disputed", reviewer="class")
    store.set_note(
        dataset.id,
        claims["manta-base-expelled"],
        "The agreement ran out and was not renewed.",
        reviewer="class",
    )
    store.mark(dataset.id, claims["first-round-tie"], "verified", reviewer="class")
    store.mark(dataset.id, claims["atlasintel-poll"], "disputed", reviewer="class")
    store.mark(dataset.id, claims["foreign-military-help"], "verified", reviewer="class")
    session = ReviewSession(dataset, store, "class")
    return PresentationApp(session, export_dir=tmp_path, now=lambda: NOW, **options)


def test_slide_120x40(snap_compare, ecuador, frozen_store, tmp_path):
    app = lesson(ecuador, frozen_store, tmp_path)
    press = to_event(ecuador, "lasso-dissolves-assembly")
    assert snap_compare(app, press=press, terminal_size=(120, 40))


def test_revealed_reference_120x40(snap_compare, ecuador, frozen_store, tmp_path):
    app = lesson(ecuador, frozen_store, tmp_path)
    press = [*to_event(ecuador, "lasso-dissolves-assembly"), "d", "r"]
    assert snap_compare(app, press=press, terminal_size=(120, 40))


def test_summary_120x40(snap_compare, ecuador, frozen_store, tmp_path):
    app = lesson(ecuador, frozen_store, tmp_path)
    assert snap_compare(app, press=["s"], terminal_size=(120, 40))


def test_slide_with_two_claims_80x24(snap_compare, ecuador, frozen_store, tmp_path):
    app = lesson(ecuador, frozen_store, tmp_path)
    # The foreign ministry's announcement, the slide with two claims; the second selected.
    press = [*to_event(ecuador, "foreign-ministry-announcement"), "2"]
    assert snap_compare(app, press=press, terminal_size=(80, 24))


def test_revealed_reference_200x60(snap_compare, ecuador, frozen_store, tmp_path):
    app = lesson(ecuador, frozen_store, tmp_path)
    press = [*to_event(ecuador, "first-round-2025"), "r"]
    assert snap_compare(app, press=press, terminal_size=(200, 60))


def test_dark_projector_theme_80x24(snap_compare, ecuador, frozen_store, tmp_path):
    app = lesson(ecuador, frozen_store, tmp_path, theme="claimline-projector-dark")
    assert snap_compare(app, terminal_size=(80, 24))
