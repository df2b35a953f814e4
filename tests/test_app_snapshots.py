"""What the reviewer sees, compared with accepted SVG snapshots (tests/__snapshots__/).

After an intended change to the screen, run `pytest tests/test_app_snapshots.py
--snapshot-update`, look at the new SVGs, and commit them with the change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from facts import Dataset
from facts.load import load
from facts.session import ReviewSession
from facts.store import ReviewStore
from tui.app import ClaimlineApp

FIXED_TIME = "2025-03-01T09:30:00Z"


@pytest.fixture
def frozen_store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "reviews.sqlite3", clock=lambda: FIXED_TIME)


def reviewed_app(dataset: Dataset, store: ReviewStore, theme: str | None = None) -> ClaimlineApp:
    """The bundled dataset with a few verdicts and a note, as mid-review."""
    claims = dataset.claims
    store.mark(dataset.id, claims[0], "disputed", reviewer="maria")
    store.set_note(
        dataset.id,
        claims[0],
        "The base agreement was not renewed; nobody was expelled.",
        reviewer="maria",
    )
    store.mark(dataset.id, claims[1], "verified", reviewer="maria")
    return ClaimlineApp(ReviewSession(dataset, store, "maria"), theme=theme)


def test_timeline_120x40(snap_compare, ecuador, frozen_store):
    assert snap_compare(reviewed_app(ecuador, frozen_store), terminal_size=(120, 40))


def test_timeline_80x24(snap_compare, ecuador, frozen_store):
    assert snap_compare(reviewed_app(ecuador, frozen_store), terminal_size=(80, 24))


def test_claim_with_verdict_and_note(snap_compare, ecuador, frozen_store):
    app = reviewed_app(ecuador, frozen_store)
    assert snap_compare(app, press=["home", "down"], terminal_size=(120, 40))


def test_filter_disputed(snap_compare, ecuador, frozen_store):
    app = reviewed_app(ecuador, frozen_store)
    assert snap_compare(app, press=["f", "f", "f"], terminal_size=(120, 40))


def test_help_screen(snap_compare, ecuador, frozen_store):
    app = reviewed_app(ecuador, frozen_store)
    assert snap_compare(app, press=["question_mark"], terminal_size=(120, 40))


def test_light_theme(snap_compare, ecuador, frozen_store):
    app = reviewed_app(ecuador, frozen_store, theme="textual-light")
    assert snap_compare(app, terminal_size=(120, 40))


def test_markup_in_dataset_is_shown_as_typed(snap_compare, tmp_path, frozen_store):
    hostile = tmp_path / "markup.yaml"
    hostile.write_text(
        (Path(__file__).parent / "data" / "mini.yaml")
        .read_text()
        .replace(
            "text: The town was founded in 2009.",
            'text: "[bold red]Founded[/] in [link=https://evil.example]2009[/link] :smile:"',
        )
    )
    app = ClaimlineApp(ReviewSession(load(hostile), frozen_store, "maria"))
    assert snap_compare(app, terminal_size=(120, 40))
