"""The rows a search shows near a place, made from the records there, are exactly the whole
result's rows there; the whole result made in steps is exactly the one made at once,
however its steps and other searches interleave."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate_dataset
from facts import load
from facts.model import Claim, Dataset
from facts.steps import Stepper
from facts.timeline import Timeline
from facts.timeline_near import selection


@cache
def dataset(size: int, seed: int) -> Dataset:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "d.json"
        path.write_text(json.dumps(generate_dataset(size, seed)), encoding="utf-8")
        return load(path)


def keys(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [row.key for row in rows]


FILTERS = {
    "none": None,
    "some": lambda claim: claim.id < "c5",
    "few": lambda claim: hash(claim.id) % 9 == 0,
    "no claim": lambda claim: False,
}
datasets = st.tuples(st.sampled_from([1, 12, 90, 400]), st.integers(0, 3))
queries = st.text(alphabet="aeiouprsn zq", max_size=4)


@settings(max_examples=150, deadline=None)
@given(
    datasets,
    queries,
    st.sampled_from(sorted(FILTERS)),
    st.booleans(),
    st.floats(0, 1),
    st.integers(0, 60),
)
def test_the_rows_near_a_place_are_the_whole_results_rows_there(
    made: tuple[int, int],
    query: str,
    filter_name: str,
    with_also: bool,
    where: float,
    around: int,
) -> None:
    data = dataset(*made)
    timeline = Timeline(data)
    keep = FILTERS[filter_name]
    also = [claim.id for claim in data.claims[::7]] if with_also else []
    every = timeline.rows()
    anchor = every[min(int(where * len(every)), len(every) - 1)].position
    whole = Timeline(data).rows(query, keep, also)
    near = timeline.rows_near(query, keep, also, anchor, around)
    if near is None:  # too few rows near the place: the caller makes the whole result
        return
    assert keys(near.rows) == keys([r for r in whole if near.start <= r.position < near.end])
    assert near.first == (near.start == 0) and near.last == (near.end == len(every))
    offset = whole.index(near.rows[0])
    assert offset + near.selected == selection(whole, anchor)
    assert near.first or near.selected >= around
    assert near.last or len(near.rows) - near.selected > around


def test_rows_near_a_place_say_when_they_cannot_fill_a_screen() -> None:
    data = dataset(3000, 0)  # more events than are read near a place
    timeline = Timeline(data)
    rare = data.claims[len(data.claims) // 2].id  # one claim, by its id
    assert timeline.rows_near(rare, None, (), 0, 40) is None
    assert timeline.rows_near("zzzz", None, (), 0, 40) is None  # nothing at all


@settings(max_examples=60, deadline=None)
@given(
    datasets,
    st.lists(st.tuples(queries, st.sampled_from(sorted(FILTERS)), st.integers(0, 40)), max_size=6),
)
def test_a_result_made_in_steps_is_the_one_made_at_once(
    made: tuple[int, int], searches: list[tuple[str, str, int]]
) -> None:
    """Searches started, advanced a few steps, dropped or finished in any order (as
    keystrokes drop each other's) each give what a fresh timeline gives, and leave the
    narrowing of later searches right."""
    data = dataset(*made)
    timeline = Timeline(data)
    started: list[tuple[str, Claim | None, Stepper[list]]] = []  # type: ignore[type-arg]
    for query, filter_name, steps in searches:
        keep = FILTERS[filter_name]
        stepper = Stepper(timeline.rows_in_steps(query, keep))
        for _ in range(steps):
            stepper.run_for(0)
        started.append((query, filter_name, stepper))  # type: ignore[arg-type]
        if steps % 3 == 0:  # some are finished at once, others later or never
            assert keys(stepper.result()) == keys(Timeline(data).rows(query, keep))
    for query, filter_name, stepper in started[::2]:
        keep = FILTERS[filter_name]  # type: ignore[index]
        assert keys(stepper.result()) == keys(Timeline(data).rows(query, keep))
        assert keys(timeline.rows(query, keep)) == keys(Timeline(data).rows(query, keep))
