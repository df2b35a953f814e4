"""Finding a row again by its key: how a selection survives a new search or filter, and
how the app goes to a claim from its "see also" row."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import write_dataset
from facts import load
from facts.model import Dataset
from facts.timeline import Timeline


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("rows")
    return load(write_dataset(300, Path(folder) / "d.json", seed=5))


def test_every_row_is_found_by_its_key_in_the_whole_timeline(dataset: Dataset) -> None:
    timeline = Timeline(dataset)
    rows = timeline.rows()
    assert {row.kind for row in rows} == {"year", "month", "event", "claim", "see-also"}
    assert len({row.key for row in rows}) == len(rows)
    for index, row in enumerate(rows):
        assert timeline.index_of(rows, row.key) == index, row.key


def test_a_key_is_found_in_a_filtered_list_only_when_its_row_is_shown(dataset: Dataset) -> None:
    timeline = Timeline(dataset)
    shown = timeline.rows("prison")
    shown_keys = {row.key for row in shown}
    assert 0 < len(shown) < len(timeline.rows())
    for row in timeline.rows():
        index = timeline.index_of(shown, row.key)
        if row.key in shown_keys:
            assert index is not None and shown[index].key == row.key
        else:
            assert index is None, row.key


def test_keys_of_nothing_in_the_dataset_find_nothing(dataset: Dataset) -> None:
    timeline = Timeline(dataset)
    rows = timeline.rows()
    claim = next(row for row in rows if row.kind == "claim")
    assert claim.claim is not None and claim.event is not None
    wrong_event = next(row.event for row in rows if row.event and row.event != claim.event)
    for key in [
        "year:1",
        "month:1999-13",
        "event:no-such-event",
        "claim:no-such-claim@" + claim.event.id,
        f"claim:{claim.claim.id}@{wrong_event.id}",  # a claim under another event
        f"see-also:{claim.claim.id}@{claim.event.id}",  # its home event is no "see also"
        "nonsense",
        "",
    ]:
        assert timeline.index_of(rows, key) is None, key


def test_rows_cannot_be_changed_and_compare_by_what_they_show(dataset: Dataset) -> None:
    first, second = Timeline(dataset).rows(), Timeline(dataset).rows()
    row = first[1]
    with pytest.raises(AttributeError):
        row.kind = "year"  # type: ignore[misc]
    assert first == second and first[1] != first[2]


def test_a_timeline_no_longer_used_is_freed_with_its_dataset(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big timeline's objects are frozen out of the collector's sight (`paused_gc`), so
    a reference cycle through it would keep it, and its dataset, for the whole process:
    a script opening several datasets in turn would grow by hundreds of MB each."""
    import gc
    import weakref

    import facts.gc_pause

    monkeypatch.setattr(facts.gc_pause, "FREEZE_ABOVE", -1)  # freeze as at 100,000 claims
    try:
        timeline = Timeline(dataset)
        timeline.rows("a")
        assert timeline.home_event[dataset.claims[0].id].id in dataset.claims[0].events
        gone = weakref.ref(timeline)
        del timeline
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
