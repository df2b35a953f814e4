"""A cache entry read ahead (facts/cache/prefetch.py) is used only as an entry read at the
open would be: checked, current, and made from the file as it is when its dataset is
used. A file saved after the read-ahead, or while it is being opened, is loaded as saved."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from benchmarks.generate import dump, write_dataset
from facts import load
from facts.cache import DatasetCache, head, store
from facts.cache import entry as cache_entry
from facts.cache.prefetch import Prefetch
from facts.model import Dataset


@pytest.fixture
def dataset_file(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return write_dataset(40, tmp_path / "data" / "big.json", seed=5)


@pytest.fixture
def cache(tmp_path: Path) -> DatasetCache:
    return DatasetCache(tmp_path / "cache", min_source_bytes=0)


def cached(cache: DatasetCache, path: Path) -> None:
    """Open the file once and write its cache entry."""
    first = cache.open(path)
    assert first.save is not None
    first.save()


def read_ahead(cache: DatasetCache, path: Path) -> Prefetch:
    """The read-ahead of `path`'s entry, finished."""
    prefetch = Prefetch.start(path, cache.folder, min_source_bytes=0)
    prefetch.result()
    return prefetch


def edited_in_place(path: Path) -> None:
    """Change the first event's title, keeping the file's size and modification time."""
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text)
    raw["events"][0]["title"] = "Z" + raw["events"][0]["title"][1:]
    edited = dump(raw, "json")
    assert len(edited) == len(text) and edited != text
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def first_title(dataset: Dataset) -> str:
    return dataset.events[0].title


def test_what_was_read_ahead_opens_the_file_from_the_cache(
    cache: DatasetCache, dataset_file: Path
) -> None:
    cached(cache, dataset_file)
    prefetch = read_ahead(cache, dataset_file)
    (entry,) = cache.entries()
    entry.unlink()  # what was read ahead is used, not the entry on disk
    opened = cache.open(dataset_file, prefetched=prefetch)
    assert opened.from_cache
    assert opened.dataset == load(dataset_file)


def test_a_file_saved_after_the_read_ahead_is_loaded_as_saved(
    cache: DatasetCache, dataset_file: Path
) -> None:
    cached(cache, dataset_file)
    prefetch = read_ahead(cache, dataset_file)
    assert prefetch.result() is not None
    edited_in_place(dataset_file)  # same size, same modification time
    opened = cache.open(dataset_file, prefetched=prefetch)
    assert not opened.from_cache
    assert first_title(opened.dataset).startswith("Z")


def test_a_file_touched_after_the_read_ahead_is_loaded_again(
    cache: DatasetCache, dataset_file: Path
) -> None:
    cached(cache, dataset_file)
    prefetch = read_ahead(cache, dataset_file)
    stat = dataset_file.stat()
    os.utime(dataset_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    opened = cache.open(dataset_file, prefetched=prefetch)
    assert not opened.from_cache
    assert opened.dataset == load(dataset_file)


@pytest.mark.parametrize("ahead", [True, False], ids=["read ahead", "read at the open"])
def test_a_file_saved_while_it_is_opened_is_loaded_as_saved(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch, ahead: bool
) -> None:
    """Saved after its content was hashed and before its dataset is used: the file's
    change time has moved, so the cached dataset is not used."""
    cached(cache, dataset_file)
    prefetch = read_ahead(cache, dataset_file) if ahead else None
    decoded = store._decoded

    def decode_then_save(signed: cache_entry.Signed) -> Dataset | None:
        dataset = decoded(signed)
        edited_in_place(dataset_file)
        return dataset

    monkeypatch.setattr(store, "_decoded", decode_then_save)
    opened = cache.open(dataset_file, prefetched=prefetch)
    assert not opened.from_cache
    assert first_title(opened.dataset).startswith("Z")


def test_a_damaged_entry_is_not_read_ahead_and_the_file_still_opens(
    cache: DatasetCache, dataset_file: Path
) -> None:
    cached(cache, dataset_file)
    (entry,) = cache.entries()
    blob = bytearray(entry.read_bytes())
    start = len(cache_entry.MAGIC) + cache_entry.LENGTH.size
    (length,) = cache_entry.LENGTH.unpack_from(blob, len(cache_entry.MAGIC))
    blob[start + length + cache_entry.MAC_SIZE + 40] ^= 0x01  # in the dataset's columns
    entry.write_bytes(bytes(blob))
    prefetch = read_ahead(cache, dataset_file)
    assert prefetch.result() is None
    opened = cache.open(dataset_file, prefetched=prefetch)
    assert not opened.from_cache
    assert opened.dataset == load(dataset_file)


def test_an_entry_read_ahead_from_another_claimline_is_not_used(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached(cache, dataset_file)
    prefetch = read_ahead(cache, dataset_file)
    assert prefetch.result() is not None  # its checksum is right: this key signed it
    monkeypatch.setattr(cache_entry, "_MADE_BY", "0.0.1/other-code/other-layout/little")
    assert not cache.open(dataset_file, prefetched=prefetch).from_cache


def test_nothing_is_read_ahead_without_an_entry_or_for_a_small_file(
    cache: DatasetCache, dataset_file: Path
) -> None:
    assert read_ahead(cache, dataset_file).result() is None  # not cached yet
    cached(cache, dataset_file)
    small = Prefetch.start(dataset_file, cache.folder, min_source_bytes=10**9)
    assert small.result() is None


def test_the_read_ahead_starts_before_the_models_are_imported() -> None:
    """The app's worker starts it first, so that it runs beside those imports."""
    script = (
        "import sys\n"
        "from facts.cache.prefetch import Prefetch\n"
        "print(sorted(m for m in ('pydantic', 'facts.model', 'facts.cache.store')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_files_digest_begun_ahead_serves_the_open(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The source file is hashed once, beside the worker's imports, and the open (the
    head shown first, then the whole) waits for that digest instead of hashing again."""
    hashed: list[str] = []
    digest = cache_entry.content_digest

    def counted(name: str, size: int) -> str | None:
        hashed.append(name)
        return digest(name, size)

    monkeypatch.setattr(head, "HEAD_ROWS", 20)  # this small file gets a head
    monkeypatch.setattr(head, "SHORTEST_WHOLE", 40)
    cached(cache, dataset_file)
    monkeypatch.setattr(cache_entry, "content_digest", counted)
    prefetch = read_ahead(cache, dataset_file)
    assert prefetch.content_for(dataset_file.stat()) is not None
    heads: list[head.Head] = []
    opened = cache.open(dataset_file, prefetched=prefetch, on_head=heads.append)
    assert opened.from_cache and len(heads) == 1
    assert hashed == [os.fspath(dataset_file)]


def test_a_head_and_a_read_ahead_still_running_open_the_file_every_time(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's worker opens while the read-ahead still runs, and both start the file's
    digest: it is made once, whichever comes first, and the open never fails."""
    monkeypatch.setattr(head, "HEAD_ROWS", 20)
    monkeypatch.setattr(head, "SHORTEST_WHOLE", 40)
    cached(cache, dataset_file)
    whole = load(dataset_file)
    for _ in range(40):
        heads: list[head.Head] = []
        prefetch = Prefetch.start(dataset_file, cache.folder, min_source_bytes=0)
        opened = cache.open(dataset_file, prefetched=prefetch, on_head=heads.append)
        assert opened.from_cache and len(heads) == 1
        assert opened.dataset == whole


def test_a_digest_started_from_many_threads_is_made_once(
    dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    digest = cache_entry.content_digest

    def counted(name: str, size: int) -> str | None:
        made.append(name)
        return digest(name, size)

    monkeypatch.setattr(cache_entry, "content_digest", counted)
    content = cache_entry.ContentDigest(os.fspath(dataset_file), dataset_file.stat().st_size)
    barrier = threading.Barrier(8)

    def both() -> None:
        barrier.wait()
        content.start()

    threads = [threading.Thread(target=both) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert content.value() == hashlib.sha256(dataset_file.read_bytes()).hexdigest()
    assert len(made) == 1


def test_a_digest_that_fails_is_no_match(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hashing that raises (a file too big for memory) is unknown: the file is loaded."""
    cached(cache, dataset_file)

    def failing(name: str, size: int) -> str | None:
        raise MemoryError

    monkeypatch.setattr(cache_entry, "content_digest", failing)
    opened = cache.open(dataset_file)
    assert not opened.from_cache
    assert opened.dataset == load(dataset_file)
