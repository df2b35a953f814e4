"""The head of a cached dataset: the timeline's first rows, shown before the rest is decoded.

A reviewer reopening a big file sees the head first (`facts/cache/head.py`), so its rows
must be exactly the whole timeline's first rows, and it must prove itself against the
file as the dataset's own entry does.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate_dataset, write_dataset
from facts import load
from facts.cache import DatasetCache, head
from facts.cache import entry as cache_entry
from facts.cache.entry import head_path
from facts.cache.head import Head, head_of
from facts.cache.prefetch import Prefetch
from facts.integrity import integrity_problems
from facts.model import Dataset
from facts.timeline import Row, Timeline, timeline_of


@pytest.fixture
def small_heads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Heads of 30 rows for timelines of 60 rows or more, so test files stay small."""
    monkeypatch.setattr(head, "HEAD_ROWS", 30)
    monkeypatch.setattr(head, "SHORTEST_WHOLE", 60)


@pytest.fixture
def cache(tmp_path: Path) -> DatasetCache:
    return DatasetCache(tmp_path / "cache", min_source_bytes=0)


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return write_dataset(60, tmp_path / "data" / "big.json", seed=5)


def keys(rows: list[Row]) -> list[str]:
    return [row.key for row in rows]


def assert_is_head_of(found: Head, whole: Dataset) -> None:
    """The head's rows are the whole timeline's first rows, with the same records."""
    all_rows = timeline_of(whole).rows()
    assert keys(found.rows) == keys(all_rows[: len(found.rows)])
    for mine, theirs in zip(found.rows, all_rows, strict=False):
        assert mine.position == theirs.position
        assert mine.event == theirs.event and mine.claim == theirs.claim
    assert (found.total_rows, found.claims, found.events) == (
        len(all_rows),
        len(whole.claims),
        len(whole.events),
    )
    # The head's own timeline begins with those rows, and finds them by key.
    part = timeline_of(found.dataset)
    assert keys(part.rows()[: len(found.rows)]) == keys(found.rows)
    for index, row in enumerate(found.rows):
        assert part.index_of(found.rows, row.key) == index
    # Every reference the head's records make resolves within it.
    assert (
        integrity_problems(found.dataset.sources, found.dataset.events, found.dataset.claims) == []
    )


@settings(max_examples=25, deadline=None)
@given(
    size=st.integers(min_value=20, max_value=120),
    seed=st.integers(min_value=0, max_value=10_000),
    rows=st.integers(min_value=1, max_value=200),
)
def test_a_head_begins_with_the_whole_timelines_rows(size: int, seed: int, rows: int) -> None:
    """Whatever the dataset and the head's length: headings, events, claims and their
    "see also" rows, in the same order and places, and every claim about a shown event
    (an event's detail counts them)."""
    whole = Dataset.model_validate(generate_dataset(size, seed=seed))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(head, "HEAD_ROWS", rows)
        patch.setattr(head, "SHORTEST_WHOLE", 0)
        found = head_of(whole)
    all_rows = timeline_of(whole).rows()
    if rows >= len(all_rows) or all(row.event is None for row in all_rows[:rows]):
        assert found is None  # all of it, or headings alone: nothing to show first
        return
    assert found is not None
    wanted = rows  # all of them but headings at the end, whose event is not in the head
    while all_rows[wanted - 1].event is None:
        wanted -= 1
    assert len(found.rows) == wanted
    assert_is_head_of(found, whole)
    whole_timeline = timeline_of(whole)
    part_timeline = timeline_of(found.dataset)
    for event_id in {row.event.id for row in found.rows if row.event is not None}:
        assert part_timeline.claims_under[event_id] == whole_timeline.claims_under[event_id]
        assert part_timeline.see_also_under[event_id] == whole_timeline.see_also_under[event_id]


def test_month_headings_follow_the_whole_dataset(
    small_heads: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year with many events gets month headings; the head holds fewer of its events
    but is laid out with the whole's headings (else its rows would not match)."""
    monkeypatch.setattr(head, "HEAD_ROWS", 80)  # this dataset's first month is row 41
    whole = Dataset.model_validate(generate_dataset(400, seed=1))
    dense = timeline_of(whole).dense_years
    assert dense, "the test needs a year with month headings"
    found = head_of(whole)
    assert found is not None
    assert any(row.kind == "month" for row in found.rows)
    assert Timeline(found.dataset).dense_years != dense  # on its own it would differ
    assert_is_head_of(found, whole)


def test_a_short_timeline_gets_no_head(tmp_path: Path, cache: DatasetCache) -> None:
    """Below SHORTEST_WHOLE rows the whole decodes quickly: no head is written."""
    path = write_dataset(10, tmp_path / "short.json", seed=1)
    first = cache.open(path)
    assert first.save is not None
    first.save()
    assert cache.dataset_count() == 1
    assert len(cache.entries()) == 1
    heads: list[Head] = []
    assert cache.open(path, on_head=heads.append).from_cache
    assert heads == []


def cache_twice(cache: DatasetCache, path: Path) -> None:
    first = cache.open(path)
    assert first.save is not None
    first.save()


def test_a_reopen_gives_the_head_before_the_whole(
    small_heads: None, cache: DatasetCache, big_file: Path
) -> None:
    cache_twice(cache, big_file)
    assert len(cache.entries()) == 2 and cache.dataset_count() == 1
    heads: list[Head] = []
    opened = cache.open(big_file, on_head=heads.append)
    assert opened.from_cache
    (found,) = heads
    assert 25 <= len(found.rows) <= 30  # up to its last event or claim
    assert_is_head_of(found, opened.dataset)
    assert_is_head_of(found, load(big_file))


def test_the_head_is_only_given_to_those_who_ask(
    small_heads: None, cache: DatasetCache, big_file: Path
) -> None:
    cache_twice(cache, big_file)
    opened = cache.open(big_file)  # no on_head: the whole dataset, as always
    assert opened.from_cache
    assert opened.dataset == load(big_file)


@pytest.mark.parametrize("where", ["header", "columns", "end"])
def test_a_damaged_head_is_not_shown_and_the_whole_still_opens(
    small_heads: None, cache: DatasetCache, big_file: Path, where: str
) -> None:
    cache_twice(cache, big_file)
    (entry,) = [path for path in cache.entries() if not path.name.endswith("-head.dataset")]
    path = head_path(entry)
    blob = bytearray(path.read_bytes())
    at = {"header": 40, "columns": len(blob) // 2, "end": len(blob) - 1}[where]
    blob[at] ^= 0x01
    path.write_bytes(bytes(blob))
    heads: list[Head] = []
    opened = cache.open(big_file, on_head=heads.append)
    assert heads == []
    assert opened.from_cache


def test_a_head_from_a_foreign_key_is_not_shown(
    small_heads: None, cache: DatasetCache, big_file: Path, tmp_path: Path
) -> None:
    """Another user's (or machine's) head, copied in: not written with this key."""
    cache_twice(cache, big_file)
    other = DatasetCache(tmp_path / "other", min_source_bytes=0)
    cache_twice(other, big_file)
    (entry,) = [path for path in cache.entries() if not path.name.endswith("-head.dataset")]
    (their_entry,) = [p for p in other.entries() if not p.name.endswith("-head.dataset")]
    head_path(entry).write_bytes(head_path(their_entry).read_bytes())
    heads: list[Head] = []
    assert cache.open(big_file, on_head=heads.append).from_cache
    assert heads == []


def test_an_edited_file_of_the_same_size_and_time_gets_no_head(
    small_heads: None, cache: DatasetCache, big_file: Path
) -> None:
    """The head proves itself by the file's content, as the whole entry does: an edit
    that keeps size and time shows no head and the file is loaded again."""
    cache_twice(cache, big_file)
    stat = big_file.stat()
    text = big_file.read_text(encoding="utf-8")
    claim = load(big_file).claims[0].text
    edited = text.replace(claim, claim[:-1] + ("X" if claim[-1] != "X" else "Y"), 1)
    assert len(edited.encode()) == len(text.encode())
    big_file.write_text(edited, encoding="utf-8")
    os.utime(big_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    heads: list[Head] = []
    opened = cache.open(big_file, on_head=heads.append)
    assert heads == []
    assert not opened.from_cache
    assert opened.dataset.claims[0].text != claim


def test_a_file_that_became_short_loses_its_head(
    small_heads: None, cache: DatasetCache, big_file: Path
) -> None:
    """A head left from a longer version of the file would describe other rows."""
    cache_twice(cache, big_file)
    write_dataset(8, big_file, seed=5)
    cache_twice(cache, big_file)
    assert len(cache.entries()) == 1
    heads: list[Head] = []
    assert cache.open(big_file, on_head=heads.append).from_cache
    assert heads == []


def test_clearing_the_cache_removes_the_heads(
    small_heads: None, cache: DatasetCache, big_file: Path
) -> None:
    cache_twice(cache, big_file)
    cache.clear()
    assert cache.entries() == []
    heads: list[Head] = []
    assert not cache.open(big_file, on_head=heads.append).from_cache
    assert heads == []


def the_entry(cache: DatasetCache) -> Path:
    (entry,) = [path for path in cache.entries() if not path.name.endswith("-head.dataset")]
    return entry


@pytest.mark.parametrize("ahead", [False, True], ids=["read at the open", "read ahead"])
def test_a_head_put_in_place_of_its_dataset_is_never_taken_for_it(
    small_heads: None, cache: DatasetCache, big_file: Path, ahead: bool
) -> None:
    """Both are signed with the user's key from the same file: a head copied over its
    dataset's entry would open as a dataset of a few claims, hiding the rest."""
    cache_twice(cache, big_file)
    entry = the_entry(cache)
    entry.write_bytes(head_path(entry).read_bytes())
    prefetch = Prefetch.start(big_file, cache.folder, min_source_bytes=0) if ahead else None
    opened = cache.open(big_file, prefetched=prefetch)
    assert not opened.from_cache
    assert opened.dataset == load(big_file)


def forged(blob: bytes, **sizes: int) -> bytes:
    """A cache file with its header's sizes changed (what anyone can read and write)."""
    start = len(cache_entry.MAGIC) + cache_entry.LENGTH.size
    (length,) = cache_entry.LENGTH.unpack_from(blob, len(cache_entry.MAGIC))
    header = json.loads(blob[start : start + length])
    header.update(sizes)
    text = json.dumps(header).encode()
    rest = blob[start + length :]
    return cache_entry.MAGIC + cache_entry.LENGTH.pack(len(text)) + text + rest


@pytest.mark.parametrize("size", [2**50, 10**30])
@pytest.mark.parametrize("which", ["dataset", "head"])
def test_a_header_with_forged_sizes_is_ignored_without_reading_by_them(
    small_heads: None, cache: DatasetCache, big_file: Path, size: int, which: str
) -> None:
    cache_twice(cache, big_file)
    entry = the_entry(cache)
    target = entry if which == "dataset" else head_path(entry)
    target.write_bytes(forged(target.read_bytes(), numbers=size))
    heads: list[Head] = []
    prefetch = Prefetch.start(big_file, cache.folder, min_source_bytes=0)
    opened = cache.open(big_file, prefetched=prefetch, on_head=heads.append)
    assert opened.dataset == load(big_file)
    assert opened.from_cache == (which == "head")
    assert (heads == []) == (which == "head")


def test_a_head_goes_with_its_dataset_when_the_cache_is_full(
    small_heads: None, tmp_path: Path, big_file: Path
) -> None:
    """The least recently used dataset leaves with its head, and a head is never evicted
    before its dataset (reopened, the head was read before the dataset's entry)."""
    cache = DatasetCache(tmp_path / "cache", min_source_bytes=0)
    cache_twice(cache, big_file)
    first_entry = the_entry(cache)
    size = cache.size()
    assert cache.open(big_file, on_head=lambda found: None).from_cache
    other = write_dataset(60, tmp_path / "data" / "other.json", seed=5)
    tight = DatasetCache(tmp_path / "cache", min_source_bytes=0, max_bytes=2 * size - 1)
    cache_twice(tight, other)
    names = {path.name for path in tight.entries()}
    assert first_entry.name not in names and head_path(first_entry).name not in names
    assert tight.dataset_count() == 1 and len(names) == 2
