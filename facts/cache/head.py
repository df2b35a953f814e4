"""The head of a dataset's timeline: its first rows, with only the records they show.

Reopening a 100,000-claim file from the cache still takes more than a second: every
record is decoded and the whole timeline laid out before any of it can be shown. Its
first screens need about a hundredth of the records. The cache keeps those apart, in a
small entry beside the dataset's (`store.py`), so that the app can show the beginning of
the timeline at once, and the rest when it has been decoded.

The head is a dataset of its own: the events of the first rows with every claim about
them, the other events those claims are about (a claim sits under the first of its
events, so all of them decide where it is), and the sources all of these cite. Its
timeline, laid out with the whole timeline's month headings (`dense_years`, which count
every event of a year), begins with the same rows as the whole one. That is checked row
by row when the head is made, and only the rows that match are kept.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, NamedTuple

from facts.model import Claim, Dataset, Event
from facts.timeline import Row, timeline_of

HEAD_ROWS = 5_000
"""How many rows a head holds: a projector shows 30, a morning's review a few hundred
claims, and a head this size decodes in about a hundredth of a second."""

SHORTEST_WHOLE = 4 * HEAD_ROWS
"""A timeline of fewer rows decodes quickly enough whole: it gets no head."""


class Head(NamedTuple):
    """The first rows of a dataset's timeline, with only the records they need."""

    dataset: Dataset  # the events and claims those rows show (and those claims' events)
    rows: list[Row]  # the whole timeline's first rows, made from `dataset`'s records
    total_rows: int  # rows in the whole timeline
    claims: int  # claims in the whole dataset
    events: int  # events in the whole dataset


def head_of(dataset: Dataset) -> Head | None:
    """The head of the dataset's timeline: its first `HEAD_ROWS` rows; None when the
    timeline has fewer than `SHORTEST_WHOLE` rows, or its first rows are headings alone."""
    whole = timeline_of(dataset)
    all_rows = whole.rows()
    rows = HEAD_ROWS
    if len(all_rows) < max(SHORTEST_WHOLE, rows + 1):
        return None
    first = all_rows[:rows]
    shown = {row.event.id for row in first if row.event is not None}
    claim_ids = {
        claim.id
        for event_id in shown
        for claim in (*whole.claims_under[event_id], *whole.see_also_under[event_id])
    }
    claims = [claim for claim in dataset.claims if claim.id in claim_ids]
    event_ids = shown.union(*(claim.events for claim in claims))
    events = [event for event in dataset.events if event.id in event_ids]
    cited = set(_cited(events, claims))
    fields: dict[str, Any] = {name: getattr(dataset, name) for name in Dataset.model_fields}
    fields.update(
        events=events,
        claims=claims,
        sources=[source for source in dataset.sources if source.id in cited],
    )
    part = Dataset.model_construct(_fields_set=set(dataset.model_fields_set), **fields)
    rows_matching = _matching(part, whole.dense_years, first)
    return head_from(part, rows_matching, dataset_sizes(dataset), whole.dense_years)


def dataset_sizes(dataset: Dataset) -> dict[str, int]:
    """What a head says of the whole: its rows, claims and events."""
    return {
        "total_rows": len(timeline_of(dataset).rows()),
        "claims": len(dataset.claims),
        "events": len(dataset.events),
    }


def head_from(
    part: Dataset, rows: int, sizes: dict[str, int], dense_years: Collection[int]
) -> Head | None:
    """The head made of `part`, a head's dataset, showing its timeline's first `rows` rows
    (None when there are none), its timeline laid out with the month headings of the
    whole dataset's `dense_years`."""
    if rows <= 0:
        return None
    timeline = timeline_of(part, dense_years=dense_years)
    shown = timeline.rows()
    if len(shown) < rows:
        return None
    return Head(part, shown[:rows], sizes["total_rows"], sizes["claims"], sizes["events"])


def _matching(part: Dataset, dense_years: Collection[int], first: list[Row]) -> int:
    """How many of `first` (the whole timeline's first rows) the part's timeline, laid
    out with the whole one's dense years, begins with, up to its last event or claim."""
    mine = timeline_of(part, dense_years=dense_years).rows()
    count = 0
    for theirs, ours in zip(first, mine, strict=False):
        if _identity(theirs) != _identity(ours):
            break
        count += 1
    while count and first[count - 1].event is None:  # a heading whose events come later
        count -= 1
    return count


def _identity(row: Row) -> tuple[Any, ...]:
    """A row's kind, date and records, by id (the part's records are the same values,
    not the same objects)."""
    event_id = row.event.id if row.event is not None else None
    claim_id = row.claim.id if row.claim is not None else None
    return (row.kind, row.year, row.month, event_id, claim_id, row.position)


def _cited(events: Iterable[Event], claims: Iterable[Claim]) -> Iterable[str]:
    """The ids of every source these records cite."""
    for event in events:
        yield from event.sources
    for claim in claims:
        if claim.appeared_in is not None:
            yield claim.appeared_in
        for evidence in claim.evidence:
            yield evidence.source
        if claim.reference is not None:
            yield from claim.reference.sources
