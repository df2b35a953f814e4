"""Searching a file reopened from the cache: the cache holds the folded search text beside
the dataset, and a reopened file finds exactly what a fresh load finds, without folding
its text again; text that does not fit, or was folded by other rules, is never used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facts import load, search_text
from facts.bundled import bundled_path
from facts.cache import DatasetCache, texts
from facts.cache import entry as cache_entry
from facts.model import Dataset
from facts.timeline import Timeline

# Words of the bundled dataset, an accented name typed without its accent among them.
QUERIES = [
    "gonzalez",
    "GONZÁLEZ",
    "court",
    "vote",
    "march 2022",
    "homicide",
    "z",
    "no such words at all",
]


@pytest.fixture
def dataset_file(tmp_path: Path) -> Path:
    source = bundled_path()
    assert source is not None
    copy = tmp_path / "bundled.yaml"
    shutil.copy(source, copy)
    return copy


@pytest.fixture
def cache(tmp_path: Path) -> DatasetCache:
    return DatasetCache(tmp_path / "cache", min_source_bytes=0)


def reopened(cache: DatasetCache, path: Path) -> Dataset:
    first = cache.open(path)
    assert first.save is not None
    first.save()
    second = cache.open(path)
    assert second.from_cache
    return second.dataset


def found(dataset: Dataset) -> dict[str, list[str]]:
    timeline = Timeline(dataset)
    return {query: [row.key for row in timeline.rows(query)] for query in QUERIES}


def test_a_reopened_file_finds_what_a_fresh_load_finds(
    cache: DatasetCache, dataset_file: Path
) -> None:
    fresh = found(load(dataset_file))
    assert fresh["gonzalez"] and fresh["gonzalez"] == fresh["GONZÁLEZ"]
    assert not fresh["no such words at all"]
    assert found(reopened(cache, dataset_file)) == fresh


def test_a_reopened_file_is_searched_without_folding_its_text_again(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = found(load(dataset_file))
    dataset = reopened(cache, dataset_file)

    def fold_again(dataset: Dataset) -> search_text.RecordTexts:
        raise AssertionError("the search text was made again")

    monkeypatch.setattr(search_text, "_make_texts", fold_again)
    assert found(dataset) == fresh


def test_cached_search_text_that_does_not_fit_the_dataset_is_made_again(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signed entry whose text is a record short (only a bug could write it)."""
    fresh = found(load(dataset_file))
    joined = texts.joined
    monkeypatch.setattr(texts, "joined", lambda made: joined((made[0], made[1][1:])))
    assert found(reopened(cache, dataset_file)) == fresh


@pytest.mark.parametrize("damage", ["a changed byte", "cut short", "longer"])
def test_damaged_search_text_is_made_again(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """The texts are read after the dataset, when search first needs them: damaged by
    then, they are not used (the dataset, checked on its own, still is)."""
    fresh = found(load(dataset_file))
    dataset = reopened(cache, dataset_file)
    (entry,) = cache.entries()
    blob = bytearray(entry.read_bytes())
    if damage == "a changed byte":
        blob[-2] ^= 0x01
    elif damage == "cut short":
        del blob[-1]
    else:
        blob += b"x"
    entry.write_bytes(bytes(blob))
    made = []
    real = search_text._make_texts

    def make(dataset: Dataset) -> search_text.RecordTexts:
        made.append(dataset)
        return real(dataset)

    monkeypatch.setattr(search_text, "_make_texts", make)
    assert found(dataset) == fresh
    assert len(made) == 1 and made[0] is dataset


def test_a_cache_from_another_unicode_version_is_not_used(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Case and accents fold by the Unicode database's rules: text folded under others
    would find something else."""
    reopened(cache, dataset_file)
    monkeypatch.setattr(cache_entry, "_MADE_BY", None)
    monkeypatch.setattr(cache_entry.unicodedata, "unidata_version", "0.0.1")
    opened = cache.open(dataset_file)
    assert not opened.from_cache
    assert found(opened.dataset) == found(load(dataset_file))
