"""The review store keeps every verdict, survives restarts and refuses what it can't use."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from facts.store import (
    SCHEMA_VERSION,
    ReviewStore,
    StoreError,
    default_reviewer,
    default_store_path,
)
from tests.store_helpers import (
    DS,
    assert_names_file,
    claim,
    refused_on_open,
    run_sql,
    snapshot,
)

ROOT = Path(__file__).resolve().parent.parent


def write_store(path: Path) -> None:
    with ReviewStore(path) as store:
        for index in range(200):
            store.mark(DS, claim(f"c{index}"), "verified", reviewer="ann")
            store.set_note(DS, claim(f"c{index}"), f"note {index} " * 20, reviewer="ann")


def can_write_despite_mode(path: Path) -> bool:
    """Root (with CAP_DAC_OVERRIDE) ignores modes, so a chmod can't stop it writing.

    Asks the kernel rather than checking `os.geteuid() == 0`, so the test still runs as
    root with that capability dropped (`setpriv --inh-caps=-dac_override ...`).
    """
    return os.access(path, os.W_OK)


@pytest.fixture
def store(store_path: Path):
    with ReviewStore(store_path) as opened:
        yield opened


# -- persistence and history ------------------------------------------------------------


def test_a_new_store_creates_its_folder_schema_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "reviews.sqlite3"
    with ReviewStore(path) as store:
        assert store.path == path
        assert store.reviews(DS) == {}
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    raw.close()


def test_blank_notes_are_no_note(store: ReviewStore) -> None:
    c1 = claim()
    assert store.set_note(DS, c1, "", reviewer="ann").note is None
    assert store.history(DS, "c1") == []
    store.set_note(DS, c1, "x", reviewer="ann")
    assert store.set_note(DS, c1, " \n\t ", reviewer="ann").note is None


def test_defaults() -> None:
    assert default_store_path().name == "reviews.sqlite3"
    assert "claimline" in default_store_path().parts
    assert default_reviewer().strip()


# -- failures: refused, named, untouched -------------------------------------------------


def test_a_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a store\n" * 50)
    message = refused_on_open(path, "damaged")
    assert "left untouched" in message
    assert "--reviews" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_truncated_store_is_refused_and_left_untouched(store_path: Path) -> None:
    write_store(store_path)
    size = store_path.stat().st_size
    with store_path.open("r+b") as file:
        file.truncate(size // 2)
    assert "damaged" in refused_on_open(store_path, "damaged")


def test_a_damaged_page_is_refused_on_open(store_path: Path) -> None:
    write_store(store_path)
    data = bytearray(store_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 2 : page_size * 2 + 64] = b"\xff" * 64  # scribble over a b-tree page
    store_path.write_bytes(bytes(data))
    refused_on_open(store_path, "damaged")


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    run_sql(path, "CREATE TABLE things (x)")
    assert "another program" in refused_on_open(path, "damaged")


def test_a_store_from_a_newer_claimline_is_refused(store_path: Path) -> None:
    write_store(store_path)
    run_sql(store_path, f"PRAGMA user_version = {SCHEMA_VERSION + 41}")
    assert f"version {SCHEMA_VERSION + 41}" in refused_on_open(store_path, "newer")


def test_a_folder_given_as_the_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        ReviewStore(tmp_path)
    assert_names_file(caught.value, tmp_path, "damaged")
    assert "folder" in str(caught.value)


def test_a_folder_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    path = blocker / "reviews.sqlite3"
    with pytest.raises(StoreError) as caught:
        ReviewStore(path)
    assert_names_file(caught.value, path, "readonly")
    assert "--reviews" in str(caught.value)
    assert blocker.read_text() == "in the way"


def test_a_read_only_file_is_refused(store_path: Path) -> None:
    write_store(store_path)
    store_path.chmod(0o444)
    try:
        if can_write_despite_mode(store_path):
            pytest.skip("running as root: chmod 0o444 does not stop root writing the file")
        message = refused_on_open(store_path, "readonly")
        assert "can't save verdicts" in message
        assert "--reviews" in message
    finally:
        store_path.chmod(0o644)


def test_an_unwritable_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "reviews.sqlite3"
    write_store(path)
    folder.chmod(0o555)
    try:
        if can_write_despite_mode(folder):
            pytest.skip("running as root: chmod 0o555 does not stop root writing the folder")
        assert "not writable" in refused_on_open(path, "readonly")
    finally:
        folder.chmod(0o755)


def test_a_write_refused_as_read_only_by_sqlite_is_a_store_error(store: ReviewStore) -> None:
    """Root can't be stopped by modes, so provoke SQLite's own SQLITE_READONLY."""
    store.mark(DS, claim("c1"), "verified", reviewer="ann")
    store._conn.execute("PRAGMA query_only = ON")  # type: ignore[union-attr]
    before = snapshot(store.path)
    with pytest.raises(StoreError) as caught:
        store.mark(DS, claim("c2"), "verified", reviewer="ann")
    assert_names_file(caught.value, store.path, "readonly")
    assert "NOT saved" in str(caught.value)
    assert snapshot(store.path) == before


def test_a_locked_store_says_it_is_busy(store_path: Path) -> None:
    with ReviewStore(store_path, busy_timeout=0.05) as store:
        store.mark(DS, claim("c1"), "verified", reviewer="ann")
        other = sqlite3.connect(store_path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            before = snapshot(store_path)
            with pytest.raises(StoreError) as caught:
                store.mark(DS, claim("c1"), "disputed", reviewer="ann")
            assert_names_file(caught.value, store_path, "busy")
            assert "another claimline is writing" in str(caught.value)
            assert "try again" in str(caught.value).lower()
            for action in (
                lambda: store.set_note(DS, claim("c1"), "x", reviewer="ann"),
                lambda: store.undo(DS, reviewer="ann"),
                lambda: store.redo(DS, reviewer="ann"),
            ):
                with pytest.raises(StoreError, match="busy"):
                    action()
            assert store.reviews(DS)["c1"].verdict == "verified"  # reading still works
            assert snapshot(store_path) == before
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.mark(DS, claim("c1"), "disputed", reviewer="ann").verdict == "disputed"


def test_a_full_disk_saves_nothing_and_keeps_the_store_consistent(store_path: Path) -> None:
    store = ReviewStore(store_path)
    store.mark(DS, claim("c1"), "verified", reviewer="ann")
    conn = store._conn
    assert conn is not None
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.execute(f"PRAGMA max_page_count = {pages}")  # a real SQLITE_FULL on the next page
    before = snapshot(store_path)
    reviews_before = store.reviews(DS)
    with pytest.raises(StoreError) as caught:
        store.set_note(DS, claim("c1"), "a long note " * 2000, reviewer="ann")
    assert_names_file(caught.value, store_path, "full")
    assert "disk" in str(caught.value)
    assert "full" in str(caught.value)
    assert "NOT saved" in str(caught.value)
    assert snapshot(store_path) == before
    assert store.reviews(DS) == reviews_before
    assert len(store.history(DS, "c1")) == 1
    store.close()
    with ReviewStore(store_path) as reopened:
        assert reopened.reviews(DS) == reviews_before
        assert reopened.set_note(DS, claim("c1"), "space again", reviewer="ann").note
        assert len(reopened.history(DS, "c1")) == 2


# -- migrating a store written by version 1 --------------------------------------------

V1_STORE = ROOT / "tests" / "data" / "store-v1.sqlite3"
"""Written by claimline's version 1 store (one verdict per claim): two reviewers, marks,
notes, an undo, a note-only claim, a second dataset, and a reviewer named like SQL."""


def test_a_version_1_store_migrates_on_open_keeping_every_verdict_note_and_history_row(
    tmp_path: Path,
) -> None:
    path = tmp_path / "reviews.sqlite3"
    shutil.copyfile(V1_STORE, path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone() == (1,)
    v1_history = raw.execute("SELECT * FROM history ORDER BY seq").fetchall()
    v1_current = raw.execute(
        "SELECT dataset_id, claim_id, reviewer, verdict, note, fingerprint, at, last_seq "
        "FROM current ORDER BY dataset_id, claim_id"
    ).fetchall()
    raw.close()
    assert len(v1_history) == 9 and len(v1_current) == 6

    with ReviewStore(path) as store:
        reviews = store.reviews(DS)
        assert {cid: (r.verdict, r.note, r.reviewer) for cid, r in reviews.items()} == {
            "c1": ("verified", "Charter says 2009.", "ann"),
            "c2": ("disputed", None, "ann"),
            "c3": (None, None, "ann"),
            "c4": ("disputed", "note with 'quotes'; and \\x1b[31m", "o'brien; --"),
            "c5": (None, "only a note", "ann"),
        }
        assert store.reviews("other")["c1"].verdict == "verified"
        assert store.team_reviews(DS)["c4"].status == "disputed"
        # Undo and redo go on from the version 1 history: the note on c5 came after the
        # undo on c3 (so nothing is redoable), and before it ann marked c2.
        assert store.redo(DS, reviewer="ann") is None
        assert store.undo(DS, reviewer="ann").claim_id == "c5"  # type: ignore[union-attr]
        assert store.undo(DS, reviewer="ann").claim_id == "c2"  # type: ignore[union-attr]
        assert store.undo(DS, reviewer="o'brien; --").claim_id == "c4"  # type: ignore[union-attr]
        assert store.reviews(DS, reviewer="o'brien; --")["c4"].verdict == "disputed"

    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (3,)
    # Verdicts from before version 3 have no recorded wording: none is made up.
    assert raw.execute("SELECT count(*) FROM wordings").fetchone() == (0,)
    assert raw.execute("SELECT * FROM history ORDER BY seq").fetchall()[:9] == v1_history
    migrated = raw.execute(
        "SELECT dataset_id, claim_id, reviewer, verdict, note, fingerprint, at, last_seq "
        "FROM current WHERE last_seq <= 9 ORDER BY dataset_id, claim_id"
    ).fetchall()
    assert migrated == [row for row in v1_current if row[1] not in ("c2", "c4", "c5")]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("DELETE FROM history")
    raw.close()


def test_a_version_1_store_on_a_read_only_disk_is_read_without_migrating(tmp_path: Path) -> None:
    path = tmp_path / "reviews.sqlite3"
    shutil.copyfile(V1_STORE, path)
    before = snapshot(path)
    with ReviewStore(path, read_only=True) as store:
        assert store.reviews(DS)["c1"].note == "Charter says 2009."
        assert store.team_reviews(DS)["c2"].status == "disputed"
    assert snapshot(path) == before


def test_a_migration_that_fails_leaves_the_version_1_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "reviews.sqlite3"
    shutil.copyfile(V1_STORE, path)
    run_sql(path, "CREATE TABLE current_by_reviewer (x)")  # in the way of the first step
    before = snapshot(path)
    with pytest.raises(StoreError) as caught:
        ReviewStore(path)
    assert str(path) in str(caught.value)
    assert snapshot(path) == before


# -- the store against a model -----------------------------------------------------------
