"""Searching as one types: each keystroke's rows are those a fresh search would give, however
the timeline reached them (narrowed from an earlier search, reused, or picked one by one)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import write_dataset
from facts import load
from facts import timeline_rows as timeline_module
from facts.model import Dataset
from facts.steps import finish
from facts.timeline import Timeline


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("timeline")
    return load(write_dataset(300, Path(folder) / "d.json", seed=5))


def keys(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [row.key for row in rows]


def test_typing_and_deleting_gives_what_a_fresh_search_gives(dataset: Dataset) -> None:
    timeline = Timeline(dataset)
    typed = ["q", "qu", "qui", "quit", "quito", "quit", "qu", "c", "co", "cou", "coun", "zz"]
    for query in typed:
        assert keys(timeline.rows(query)) == keys(Timeline(dataset).rows(query)), query


def test_a_reused_result_is_a_new_list_each_time(dataset: Dataset) -> None:
    timeline = Timeline(dataset)
    first = timeline.rows("prison")
    first.clear()
    assert timeline.rows("prison") == Timeline(dataset).rows("prison") != []


def test_both_ways_of_choosing_rows_agree(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`select` (masks over every row) and `_pick` (record by record) give the same rows."""
    monkeypatch.setattr(timeline_module, "_FEW", -1)  # select never hands over to _pick
    timeline = Timeline(dataset)
    layout = timeline._layout()
    rng = random.Random(1)
    for _ in range(60):
        rate = rng.choice([0.0, 0.01, 0.1, 0.5, 1.0])
        events = bytes(rng.random() < rate for _ in range(layout.event_count))
        claims = bytes(rng.random() < rate for _ in range(layout.claim_count))
        keep = rng.choice([None, lambda claim: claim.id < "c5"])
        picked = finish(layout._pick(events, claims, keep))
        assert keys(layout.select(events, claims, keep)) == keys(picked)


def fresh_matches(texts: list[str], needle: str) -> bytes:
    """The plain rule: a record matches when its folded text holds the needle."""
    return bytes([needle in text for text in texts])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(alphabet="aeinorst ", min_size=1, max_size=4), min_size=1, max_size=12))
def test_narrowed_matches_equal_the_plain_rule(dataset: Dataset, typed: list[str]) -> None:
    """Whatever was searched before (prefixes, other words, longer or shorter needles),
    each search matches exactly the records whose text holds it."""
    timeline = Timeline(dataset)
    index = timeline._search
    event_texts, claim_texts = index.texts()
    for needle in typed:
        events, claims = index.matches(needle)
        assert events == fresh_matches(event_texts, needle), needle
        assert claims == fresh_matches(claim_texts, needle), needle
