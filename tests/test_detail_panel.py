"""What the detail panel says of a claim, read as plain text (no Pilot needed)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from facts import Dataset, load, load_bytes
from facts.verdicts import Status
from tui.renderables import ClaimDetail, claim_renderable

MINI = Path(__file__).parent / "data" / "mini.yaml"


def panel_text(dataset: Dataset, claim_id: str, width: int = 100) -> str:
    claim = dataset.claim_by_id[claim_id]
    detail = ClaimDetail(claim, None, Status.UNREVIEWED, [], show_reference=False)
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(claim_renderable(dataset, detail, "an event"))
    return console.export_text()


@pytest.fixture
def mini() -> Dataset:
    return load(MINI)


def test_where_and_when_a_claim_appeared(mini: Dataset):
    assert "Appeared in: The Daily Example, 20 February 2025" in panel_text(mini, "c1")


def test_a_date_without_a_source_is_shown_as_a_date_not_an_unknown_source(mini: Dataset):
    """A fact-check that gives the claim's date and no appearance imports as a claim with
    `appeared_on` alone: a new user saw "Appeared in: unknown source, …" for it."""
    text = MINI.read_text(encoding="utf-8")
    dated = text.replace(
        "    events: [census, vote]", "    appeared_on: 2025-03-02\n    events: [census, vote]"
    )
    text = panel_text(load_bytes(dated.encode("utf-8"), "dated.yaml"), "c2")
    assert "Appeared on: 2 March 2025" in text
    assert "Appeared in" not in text and "unknown source" not in text


def test_a_claim_with_neither_has_no_appearance_line(mini: Dataset):
    text = panel_text(mini, "c2")
    assert "Appeared" not in text


def test_a_long_claim_id_never_pushes_the_badge_off_the_heading_line(mini: Dataset):
    """Imported fact-checks get ids made from their wording; in a 46-column panel such an
    id beside the badge wrapped it onto a line of its own."""
    long_id = "mayor-says-town-was-founded-in-2009"
    text = MINI.read_text(encoding="utf-8").replace("id: c2", f"id: {long_id}")
    lines = panel_text(load_bytes(text.encode("utf-8"), "long.yaml"), long_id, 46).splitlines()
    assert lines[0].split() == ["Claim", "·", "unreviewed"]
    assert lines[1].strip() == long_id
    short = panel_text(mini, "c2", 46).splitlines()[0]
    assert short.split() == ["Claim", "c2", "·", "unreviewed"]
