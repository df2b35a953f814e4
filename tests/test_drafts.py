"""Unsaved notes kept on disk (facts/drafts.py): a crash or a quit loses none of them, a
draft comes back only to the reviewer, dataset, store and claim it was typed for, the
disk is written on a thread of its own, and drafts left for months are removed."""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from facts import Dataset
from facts.drafts import MAX_AGE, DraftFiles, default_drafts_folder, flush, store_key
from facts.session import ReviewSession
from facts.store import ReviewStore
from tests.pg_cluster import Cluster
from tests.slow_disk import SlowDisk


def files(folder: Path, store: str = "/s.sqlite3", dataset: str = "mini") -> DraftFiles:
    drafts = DraftFiles(folder, store, dataset, "alice")
    drafts.warn = warnings.append
    return drafts


warnings: list[str] = []


@pytest.fixture(autouse=True)
def no_warnings_yet() -> Iterator[None]:
    warnings.clear()
    yield
    flush()  # nothing of this test is written after it (under another test's patches)


def test_a_draft_written_is_read_back_by_a_new_reader(tmp_path: Path):
    assert files(tmp_path).write("c1", "half a thought,\nthen more") is True
    assert files(tmp_path).read("c1") == "half a thought,\nthen more"
    assert files(tmp_path).read("c2") is None
    assert warnings == []


def test_a_removed_draft_is_gone_and_removing_none_is_fine(tmp_path: Path):
    drafts = files(tmp_path)
    drafts.write("c1", "x")
    drafts.remove("c1")
    drafts.remove("c1")
    assert drafts.read("c1") is None
    assert list(tmp_path.iterdir()) == []
    assert warnings == []


def test_another_store_dataset_or_reviewer_sees_no_draft(tmp_path: Path):
    files(tmp_path).write("c1", "mine")
    assert files(tmp_path, store="/other.sqlite3").read("c1") is None
    assert files(tmp_path, dataset="other").read("c1") is None
    bob = DraftFiles(tmp_path, "/s.sqlite3", "mini", "bob")
    assert bob.read("c1") is None


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'{"format": "claimline-draft-1"}',
        b'{"text": "x"}',
        pytest.param(b"[" * 100_000, id="nested-deeper-than-json-reads"),  # RecursionError
    ],
)
def test_a_damaged_draft_file_is_ignored_with_one_line(tmp_path: Path, content: bytes):
    drafts = files(tmp_path)
    drafts.path_of("c1").write_bytes(content)
    assert drafts.read("c1") is None
    assert len(warnings) == 1
    assert str(drafts.path_of("c1")) in warnings[0] and "\n" not in warnings[0]
    # A draft typed after it replaces the damaged file.
    assert drafts.write("c1", "again")
    assert drafts.read("c1") == "again"


def test_an_unreadable_draft_file_is_ignored(tmp_path: Path):
    drafts = files(tmp_path)
    drafts.path_of("c1").mkdir()  # reading a folder fails as an unreadable file does
    assert drafts.read("c1") is None
    assert len(warnings) == 1 and "cannot read" in warnings[0]


def test_control_characters_in_a_draft_file_are_dropped(tmp_path: Path):
    drafts = files(tmp_path)
    drafts.write("c1", "a\x1b[2Jb\tc")
    assert drafts.read("c1") == "a[2Jb\tc"  # the escape is gone, tabs stay


def test_a_full_disk_is_one_warning_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def full(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.write", full)
    drafts = files(tmp_path)
    assert drafts.write("c1", "a") is False
    assert drafts.write("c1", "ab") is False
    assert len(warnings) == 1 and "the disk is full" in warnings[0]
    assert [path.name for path in tmp_path.iterdir()] == []  # no stray temporary file


def test_the_file_says_what_it_is(tmp_path: Path):
    drafts = files(tmp_path)
    drafts.write("c1", "x")
    record = json.loads(drafts.path_of("c1").read_text())
    assert record["store"] == "/s.sqlite3" and record["reviewer"] == "alice"
    assert (record["dataset"], record["claim"], record["text"]) == ("mini", "c1", "x")


def test_the_default_folder_follows_xdg_state_home(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_drafts_folder() == tmp_path / "claimline" / "drafts"


def test_a_session_keeps_drafts_for_the_next_session(mini_dataset: Dataset, tmp_path: Path):
    path = tmp_path / "reviews.sqlite3"
    with ReviewStore(path) as store:
        first = ReviewSession(mini_dataset, store, "alice", drafts_folder=tmp_path / "d")
        first.load()
        first.keep_draft("c1", "typed before the crash")
        first.flush_drafts()
    with ReviewStore(path) as store:
        again = ReviewSession(mini_dataset, store, "alice", drafts_folder=tmp_path / "d")
        again.load()
        assert again.draft_of("c1") == "typed before the crash"
        claim = mini_dataset.claim_by_id["c1"]
        again.note(claim, "typed before the crash")
    with ReviewStore(path) as store:
        third = ReviewSession(mini_dataset, store, "alice", drafts_folder=tmp_path / "d")
        third.load()
        assert third.draft_of("c1") is None
        third.keep_draft("c2", "x")
        third.keep_draft("c2", None)
        third.flush_drafts()
    assert list((tmp_path / "d").iterdir()) == []


def test_a_draft_the_disk_refuses_is_kept_in_memory(
    mini_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    with ReviewStore(tmp_path / "reviews.sqlite3") as store:
        session = ReviewSession(mini_dataset, store, "alice", drafts_folder=tmp_path / "d")
        session.load()
        session.draft_files.warn = warnings.append
        monkeypatch.setattr("facts.drafts.write_atomic", _refuse)
        session.keep_draft("c1", "still here")
        session.flush_drafts()
        assert session.draft_of("c1") == "still here"
        assert len(warnings) == 1


def _refuse(*args: object, **kwargs: object) -> Path:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("how", ["discarded", "saved"])
def test_a_draft_whose_file_cannot_be_removed_is_not_offered_again(
    mini_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
):
    """Discarding or saving forgets the draft for this run even when its file stays (a
    state folder made read-only): the text the user threw away does not come back."""
    with ReviewStore(tmp_path / "reviews.sqlite3") as store:
        session = ReviewSession(mini_dataset, store, "alice", drafts_folder=tmp_path / "d")
        session.load()
        session.draft_files.warn = warnings.append
        session.keep_draft("c1", "thrown away")
        monkeypatch.setattr(Path, "unlink", _refuse)
        if how == "discarded":
            session.keep_draft("c1", None)
        else:
            session.note(mini_dataset.claim_by_id["c1"], "the note saved instead")
        session.flush_drafts()
        assert session.draft_of("c1") is None
        assert len(warnings) == 1


# -- written on a thread of its own -------------------------------------------------------


def test_keeping_a_draft_does_not_wait_for_the_disk(tmp_path: Path, monkeypatch):
    disk = SlowDisk(monkeypatch)
    drafts = files(tmp_path)
    drafts.keep("c1", "typed")  # returns while the disk still holds the write
    assert disk.started.wait(10)
    assert not drafts.path_of("c1").exists()
    assert files(tmp_path).read("c1") == "typed"  # what the disk will hold, already
    disk.release()
    flush()
    assert files(tmp_path).read("c1") == "typed"
    assert drafts.path_of("c1").exists()


def test_only_the_latest_text_is_written_and_never_an_older_one_after_it(
    tmp_path: Path, monkeypatch
):
    disk = SlowDisk(monkeypatch)
    drafts = files(tmp_path)
    drafts.keep("c1", "a")
    assert disk.started.wait(10)  # "a" is being written
    drafts.keep("c1", "ab")
    drafts.keep("c2", "other")
    drafts.keep("c1", "abc")
    disk.release()
    flush()
    assert disk.written == ["a", "abc", "other"]  # "ab" was overtaken before its turn
    assert files(tmp_path).read("c1") == "abc"
    assert files(tmp_path).read("c2") == "other"


def test_a_write_under_way_never_brings_back_a_removed_draft(tmp_path: Path, monkeypatch):
    disk = SlowDisk(monkeypatch)
    drafts = files(tmp_path)
    drafts.keep("c1", "a")
    assert disk.started.wait(10)
    drafts.keep("c1", "ab")  # waiting behind "a"
    drafts.forget("c1")  # saved or discarded while "a" is still being written
    assert drafts.read("c1") is None
    disk.release()
    flush()
    assert disk.written == ["a"]
    assert drafts.read("c1") is None
    assert list(tmp_path.iterdir()) == []


def test_a_note_saved_while_its_draft_is_written_leaves_no_draft(
    mini_dataset: Dataset, tmp_path: Path, monkeypatch
):
    disk = SlowDisk(monkeypatch)
    with ReviewStore(tmp_path / "reviews.sqlite3") as store:
        session = ReviewSession(mini_dataset, store, "alice", drafts_folder=tmp_path / "d")
        session.load()
        session.keep_draft("c1", "almost done")
        assert disk.started.wait(10)
        session.note(mini_dataset.claim_by_id["c1"], "done")
        disk.release()
        session.flush_drafts()
        assert session.draft_of("c1") is None
    assert list((tmp_path / "d").iterdir()) == []


# -- one store, however its path is written ------------------------------------------------


def test_a_store_reached_through_a_symlink_or_dot_dot_has_the_same_drafts(
    mini_dataset: Dataset, tmp_path: Path
):
    (tmp_path / "real").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    paths = [
        tmp_path / "real" / "reviews.sqlite3",
        tmp_path / "link" / "reviews.sqlite3",
        tmp_path / "sub" / ".." / "real" / "reviews.sqlite3",
    ]
    with ReviewStore(paths[0]) as store:
        first = ReviewSession(mini_dataset, store, "alice", drafts_folder=tmp_path / "d")
        first.keep_draft("c1", "one store")
        first.flush_drafts()
    for path in paths[1:]:
        with ReviewStore(path) as store:
            assert store.where != str(paths[0])  # messages still name the path as given
            again = ReviewSession(mini_dataset, store, "alice", drafts_folder=tmp_path / "d")
            assert again.draft_of("c1") == "one store"


def test_relative_store_paths_are_resolved(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    with ReviewStore("sub/../reviews.sqlite3") as store:
        assert store_key(store) == str((tmp_path / "reviews.sqlite3").resolve())


def test_a_server_is_named_by_its_url_without_the_password(postgres_cluster: Cluster):
    from facts.store.postgres import PostgresStore

    database = postgres_cluster.create_database()
    try:
        # The tests' server trusts the role `postgres` whatever the password says.
        url = postgres_cluster.url(database, "postgres", "a-pa55word")
        with PostgresStore(url) as store:
            assert store_key(store) == store.where
            assert database in store_key(store)
            assert "a-pa55word" not in store_key(store)
    finally:
        postgres_cluster.drop_database(database)


# -- given up after MAX_AGE ----------------------------------------------------------------


def age(path: Path, seconds: float) -> None:
    """Make `path` look last changed `seconds` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_drafts_unchanged_for_longer_than_max_age_are_removed_on_first_use(tmp_path: Path):
    drafts = files(tmp_path)
    for claim_id in ("old", "recent"):
        drafts.write(claim_id, f"the {claim_id} one")
    age(drafts.path_of("old"), MAX_AGE + 3600)
    age(drafts.path_of("recent"), MAX_AGE - 3600)
    stray = tmp_path / ".claimline-killed.tmp"  # a write a killed process left
    stray.write_text("{")
    age(stray, MAX_AGE + 3600)
    other = tmp_path / "not-ours.json"  # someone else's file: never removed
    other.write_text("{}")
    age(other, MAX_AGE * 10)

    files(tmp_path).keep("new", "typed in this run")
    flush()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [drafts.path_of("recent").name, drafts.path_of("new").name, "not-ours.json"]
    )
    assert drafts.read("recent") == "the recent one"
    assert drafts.read("new") == "typed in this run"


def test_an_old_draft_is_not_offered_even_before_it_is_removed(tmp_path: Path):
    drafts = files(tmp_path)
    drafts.keep("c1", "long ago")
    flush()  # this run's one sweep of the folder is done
    age(drafts.path_of("c1"), MAX_AGE + 60)
    assert files(tmp_path).read("c1") is None
    assert drafts.path_of("c1").exists()  # removed by the next run's sweep
    assert warnings == []


def test_the_folder_is_swept_once_a_run_and_a_missing_folder_is_fine(tmp_path: Path):
    folder = tmp_path / "never-made"
    assert files(folder).read("c1") is None  # the first use: nothing to list
    flush()
    assert not folder.exists() and warnings == []
    drafts = files(folder)
    drafts.keep("c1", "x")
    flush()
    age(drafts.path_of("c1"), MAX_AGE + 60)
    drafts.keep("c2", "y")  # not the first use any more: no second listing
    flush()
    assert drafts.path_of("c1").exists()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_the_writer_goes_on_after_a_job_that_ended_its_thread() -> None:
    """Whatever ends the writer's thread, a flush does not wait for it for ever and the
    next draft is still written."""
    from facts.draft_writer import DraftWriter, Job

    writer = DraftWriter()
    done: list[str] = []

    def ends_the_thread() -> None:
        raise SystemExit

    writer.put("a", Job(ends_the_thread))
    assert writer.flush(timeout=10)
    writer.put("b", Job(lambda: done.append("b")))
    assert writer.flush(timeout=10)
    assert done == ["b"]
