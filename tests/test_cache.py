"""The dataset cache: a reopened file comes from the cache only when the cache proves it
holds that very file, written by this claimline; anything else is ignored and rebuilt."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from benchmarks.generate import dump, write_dataset
from facts import DatasetError, load
from facts.bundled import bundled_path
from facts.cache import DatasetCache, folder
from facts.cache import entry as cache_entry
from facts.cache.codec import Undecodable, decode, encode
from facts.model import Dataset


@pytest.fixture
def dataset_file(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return write_dataset(40, tmp_path / "data" / "big.json", seed=3)


@pytest.fixture
def cache(tmp_path: Path) -> DatasetCache:
    return DatasetCache(tmp_path / "cache", min_source_bytes=0)


def open_twice(cache: DatasetCache, path: Path) -> Dataset:
    """Open a file (which writes its cache entry) and open it again from the cache."""
    first = cache.open(path)
    assert not first.from_cache
    assert first.save is not None
    first.save()
    second = cache.open(path)
    assert second.from_cache
    return second.dataset


def same(left: Dataset, right: Dataset) -> None:
    assert left.model_dump() == right.model_dump()
    assert left == right
    for a, b in zip(
        [left, *left.sources, *left.events, *left.claims],
        [right, *right.sources, *right.events, *right.claims],
        strict=True,
    ):
        assert type(a) is type(b)
        assert a.model_fields_set == b.model_fields_set


def only_entry(cache: DatasetCache) -> Path:
    (entry,) = cache.entries()
    return entry


def test_reopening_an_unchanged_file_gives_the_same_dataset_from_the_cache(
    cache: DatasetCache, dataset_file: Path
) -> None:
    cached = open_twice(cache, dataset_file)
    same(cached, load(dataset_file))
    # What the app computes from it works the same.
    claim = cached.claims[0]
    assert claim.fingerprint == load(dataset_file).claims[0].fingerprint
    assert cached.event_by_id[claim.events[0]].date.display()


def test_the_bundled_dataset_survives_the_round_trip(cache: DatasetCache, tmp_path: Path) -> None:
    source = bundled_path()
    assert source is not None
    copy = tmp_path / "bundled.yaml"
    shutil.copy(source, copy)
    same(open_twice(cache, copy), load(source))


def test_an_edited_file_is_loaded_again_even_with_the_same_size_and_time(
    cache: DatasetCache, dataset_file: Path
) -> None:
    open_twice(cache, dataset_file)
    stat = dataset_file.stat()
    text = dataset_file.read_text(encoding="utf-8")
    raw = json.loads(text)
    raw["events"][0]["title"] = "Z" + raw["events"][0]["title"][1:]
    edited = dump(raw, "json")
    assert len(edited) == len(text) and edited != text
    dataset_file.write_text(edited, encoding="utf-8")
    os.utime(dataset_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    opened = cache.open(dataset_file)
    assert not opened.from_cache
    assert opened.dataset.events[0].title.startswith("Z")


def test_a_touched_file_is_loaded_again_and_cached_anew(
    cache: DatasetCache, dataset_file: Path
) -> None:
    open_twice(cache, dataset_file)
    stat = dataset_file.stat()
    os.utime(dataset_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    stale = cache.open(dataset_file)
    assert not stale.from_cache and stale.save is not None
    stale.save()
    assert cache.open(dataset_file).from_cache


def test_a_signed_entry_without_the_sources_hash_is_never_used(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The content hash is what ties an entry to the file: an entry that lacks one is
    not trusted, even when the file cannot be hashed again (it grew since its size was
    read), where "no hash" on both sides must not count as the same hash."""
    real_path = os.path.realpath(dataset_file)
    stat = dataset_file.stat()
    source = {"path": real_path, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    cache._write(cache._entry(real_path), source, load(dataset_file))
    monkeypatch.setattr(cache_entry, "content_digest", lambda name, size: None)
    assert not cache.open(dataset_file).from_cache


@pytest.mark.parametrize("where", ["header", "body", "end", "mac"])
def test_a_damaged_cache_file_is_ignored(
    cache: DatasetCache, dataset_file: Path, where: str
) -> None:
    open_twice(cache, dataset_file)
    entry = only_entry(cache)
    blob = bytearray(entry.read_bytes())
    header_length = int.from_bytes(
        blob[len(cache_entry.MAGIC) : len(cache_entry.MAGIC) + 4], "little"
    )
    mac_at = len(cache_entry.MAGIC) + 4 + header_length
    header = json.loads(blob[len(cache_entry.MAGIC) + 4 : mac_at])
    at = {
        "header": len(cache_entry.MAGIC) + 10,
        "body": mac_at + 40,
        "end": mac_at + 32 + header["numbers"] + header["strings"] - 1,  # the search texts follow
        "mac": mac_at + 5,
    }[where]
    blob[at] ^= 0x01
    entry.write_bytes(bytes(blob))
    opened = cache.open(dataset_file)
    assert not opened.from_cache
    same(opened.dataset, load(dataset_file))


def test_a_truncated_or_empty_cache_file_is_ignored(
    cache: DatasetCache, dataset_file: Path
) -> None:
    open_twice(cache, dataset_file)
    entry = only_entry(cache)
    blob = entry.read_bytes()
    for cut in (blob[: len(blob) // 2], blob[:10], b""):
        entry.write_bytes(cut)
        assert not cache.open(dataset_file).from_cache


def test_a_cache_written_with_another_key_is_foreign_and_ignored(
    tmp_path: Path, dataset_file: Path
) -> None:
    theirs = DatasetCache(tmp_path / "theirs", min_source_bytes=0)
    open_twice(theirs, dataset_file)
    ours = DatasetCache(tmp_path / "ours", min_source_bytes=0)
    ours.folder.mkdir()
    (ours.folder / cache_entry.KEY_NAME).write_bytes(os.urandom(32))
    shutil.copy(only_entry(theirs), ours.folder)
    opened = ours.open(dataset_file)
    assert not opened.from_cache
    same(opened.dataset, load(dataset_file))


def test_a_cache_from_another_claimline_is_ignored(
    cache: DatasetCache, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_twice(cache, dataset_file)
    monkeypatch.setattr(cache_entry, "_MADE_BY", "0.0.1/other-code/other-layout/little")
    assert not cache.open(dataset_file).from_cache


def test_a_signed_cache_whose_columns_do_not_fit_is_ignored(
    cache: DatasetCache, dataset_file: Path
) -> None:
    """Even a correctly signed file is only numbers to look up: out of range is refused."""
    open_twice(cache, dataset_file)
    numbers, strings = encode(load(dataset_file))
    broken = bytearray(numbers)
    broken[-4:] = (2**32 - 1).to_bytes(4, "little")  # a string number past the table
    for numbers_data, strings_data in (
        (bytes(broken), strings),
        (numbers[:-4], strings),
        (numbers + b"\0\0\0\0", strings),
        (numbers, strings + b"\0extra"),
        (numbers, b"\xff" + strings),
    ):
        with pytest.raises(Undecodable):
            decode(numbers_data, strings_data)


def test_a_file_with_errors_is_reported_as_without_the_cache(
    cache: DatasetCache, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "id": "x", "title": "t", "events": []}')
    with pytest.raises(DatasetError) as raised:
        cache.open(bad)
    assert "events" in raised.value.report()
    assert cache.entries() == []


def test_the_size_cap_evicts_the_least_recently_used(tmp_path: Path, dataset_file: Path) -> None:
    files = [write_dataset(30, tmp_path / f"d{n}.json", seed=n) for n in range(3)]
    probe = DatasetCache(tmp_path / "probe", min_source_bytes=0)
    open_twice(probe, files[0])
    one = only_entry(probe).stat().st_size
    cache = DatasetCache(tmp_path / "cache", min_source_bytes=0, max_bytes=int(one * 2.5))
    for path in files[:2]:
        open_twice(cache, path)
    entries = cache.entries()
    assert len(entries) == 2
    # Using the first makes the second the least recently used one.
    os.utime(entries[0], ns=(entries[1].stat().st_mtime_ns + 10**9,) * 2)
    assert cache.open(files[0]).from_cache
    open_twice(cache, files[2])
    assert len(cache.entries()) == 2
    assert cache.open(files[0]).from_cache
    assert not cache.open(files[1]).from_cache
    assert cache.size() <= cache.max_bytes


def test_clear_removes_every_cached_dataset(cache: DatasetCache, dataset_file: Path) -> None:
    open_twice(cache, dataset_file)
    assert cache.clear() > 0
    assert cache.entries() == []
    assert not cache.open(dataset_file).from_cache


def test_a_write_cut_short_leaves_no_file_behind_once_the_next_write_ends(
    cache: DatasetCache, dataset_file: Path
) -> None:
    """Closing claimline while it writes a big entry leaves a temporary file; the next
    write removes it, but not one young enough to be another claimline's, still writing."""
    cache.folder.mkdir(parents=True)
    old = cache.folder / ".abandoned.tmp"
    young = cache.folder / ".writing.tmp"
    for stray in (old, young):
        stray.write_bytes(b"half an entry")
    long_ago = old.stat().st_mtime - folder.STRAY_AFTER_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    open_twice(cache, dataset_file)
    assert not old.exists()
    assert young.exists()


def test_small_files_are_not_cached(tmp_path: Path, dataset_file: Path) -> None:
    cache = DatasetCache(tmp_path / "cache")  # the default threshold
    opened = cache.open(dataset_file)
    assert opened.save is None and not opened.from_cache


def test_the_key_is_private_to_the_user(cache: DatasetCache, dataset_file: Path) -> None:
    open_twice(cache, dataset_file)
    assert (cache.folder / cache_entry.KEY_NAME).stat().st_mode & 0o077 == 0


def test_loading_tells_how_much_of_the_file_is_read(
    cache: DatasetCache, dataset_file: Path
) -> None:
    size = dataset_file.stat().st_size
    by_load: list[tuple[int, int]] = []
    by_cache: list[tuple[int, int]] = []
    by_reopen: list[tuple[int, int]] = []
    load(dataset_file, progress=lambda done, total: by_load.append((done, total)))
    opened = cache.open(dataset_file, progress=lambda done, total: by_cache.append((done, total)))
    assert opened.save is not None
    opened.save()
    # From the cache, the file is read and hashed beside the decode: the bar shows it read.
    reopened = cache.open(
        dataset_file, progress=lambda done, total: by_reopen.append((done, total))
    )
    assert reopened.from_cache
    for seen in (by_load, by_cache, by_reopen):
        assert seen[-1] == (size, size)
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_the_cache_command_tells_where_it_is_and_clears_it(
    tmp_path: Path,
    dataset_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tui.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache = DatasetCache(min_source_bytes=0)
    assert cache.folder == tmp_path / "xdg" / "claimline" / "datasets"
    open_twice(cache, dataset_file)
    assert main(["cache", "info"]) == 0
    assert f"{cache.folder}: 1 dataset," in capsys.readouterr().out
    assert main(["cache", "clear"]) == 0
    assert "freed" in capsys.readouterr().out
    assert cache.entries() == []
