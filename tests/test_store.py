"""The review store keeps every verdict, survives restarts and refuses what it can't use."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from facts import Claim, Dataset
from facts.store import (
    SCHEMA_VERSION,
    Change,
    ReviewStore,
    StoreError,
    default_reviewer,
    default_store_path,
)

ROOT = Path(__file__).resolve().parent.parent
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
DS = "mini"


def claim(claim_id: str = "c1", text: str = "The town was founded in 2009.") -> Claim:
    return Claim(id=claim_id, text=text, events=["founding"])


def reworded(original: Claim, text: str) -> Claim:
    """The same claim (same id) saying something else, as after editing the dataset."""
    return Claim.model_validate({**original.model_dump(mode="json"), "text": text})


def snapshot(path: Path) -> dict[str, bytes | None]:
    """The bytes of the store and its WAL, to prove a failure wrote nothing."""
    files = {}
    for suffix in ("", "-wal"):
        candidate = Path(f"{path}{suffix}")
        files[suffix] = candidate.read_bytes() if candidate.exists() else None
    return files


def assert_names_file(error: StoreError, path: Path, reason: str) -> None:
    assert str(path) in str(error)
    assert error.path == path
    assert error.reason == reason


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
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "reviews.sqlite3"


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


def test_marks_and_notes_persist_across_reopen(store_path: Path, mini_dataset: Dataset) -> None:
    c1, c2 = mini_dataset.claim_by_id["c1"], mini_dataset.claim_by_id["c2"]
    with ReviewStore(store_path) as store:
        review = store.mark(DS, c1, "verified", reviewer="ann")
        assert (review.verdict, review.note, review.reviewer) == ("verified", None, "ann")
        store.set_note(DS, c1, "Charter says 2009.", reviewer="ann")
        store.mark(DS, c2, "disputed", reviewer="ben")
        store.mark("other-dataset", c1, "disputed", reviewer="ann")
    with ReviewStore(store_path) as store:
        reviews = store.reviews(DS)
        assert set(reviews) == {"c1", "c2"}
        assert reviews["c1"].verdict == "verified"
        assert reviews["c1"].note == "Charter says 2009."
        assert reviews["c1"].fingerprint == c1.fingerprint
        assert ISO_UTC.match(reviews["c1"].at)
        assert reviews["c2"].status == "disputed"
        assert reviews["c2"].reviewer == "ben"
        assert store.reviews("other-dataset")["c1"].verdict == "disputed"


def test_history_records_every_change_from_and_to(store: ReviewStore) -> None:
    c1 = claim()
    store.mark(DS, c1, "verified", reviewer="ann")
    store.set_note(DS, c1, "looks right", reviewer="ann")
    store.mark(DS, c1, "disputed", reviewer="ben")
    store.set_note(DS, c1, "   ", reviewer="ben")
    store.mark(DS, c1, None, reviewer="ben")
    history = store.history(DS, "c1")
    assert [(c.action, c.from_verdict, c.to_verdict, c.from_note, c.to_note) for c in history] == [
        ("mark", None, "verified", None, None),
        ("note", "verified", "verified", None, "looks right"),
        ("mark", "verified", "disputed", "looks right", "looks right"),
        ("note", "disputed", "disputed", "looks right", None),
        ("mark", "disputed", None, None, None),
    ]
    assert [c.reviewer for c in history] == ["ann", "ann", "ben", "ben", "ben"]
    assert [c.seq for c in history] == sorted(c.seq for c in history)
    assert all(ISO_UTC.match(c.at) for c in history)
    assert all(c.fingerprint == c1.fingerprint for c in history)
    assert all(c.dataset_id == DS and c.claim_id == "c1" for c in history)
    assert store.reviews(DS)["c1"].status == "unreviewed"
    assert store.history(DS, "never-touched") == []


def test_history_can_not_be_rewritten_even_by_sql(store: ReviewStore, store_path: Path) -> None:
    store.mark(DS, claim(), "verified", reviewer="ann")
    raw = sqlite3.connect(store_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("UPDATE history SET to_verdict = 'disputed'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("DELETE FROM history")
    raw.close()
    assert store.history(DS, "c1")[0].to_verdict == "verified"


def test_same_verdict_on_the_same_claim_records_nothing(store: ReviewStore) -> None:
    c1 = claim()
    first = store.mark(DS, c1, "verified", reviewer="ann")
    again = store.mark(DS, c1, "verified", reviewer="ben")
    assert again == first
    assert len(store.history(DS, "c1")) == 1
    store.set_note(DS, c1, "same", reviewer="ann")
    store.set_note(DS, c1, "same", reviewer="ann")
    assert len(store.history(DS, "c1")) == 2
    # Unmarking a claim nobody touched is nothing to record either.
    untouched = store.mark(DS, claim("c9"), None, reviewer="ann")
    assert untouched.status == "unreviewed"
    assert "c9" not in store.reviews(DS)
    assert store.history(DS, "c9") == []


def test_blank_notes_are_no_note(store: ReviewStore) -> None:
    c1 = claim()
    assert store.set_note(DS, c1, "", reviewer="ann").note is None
    assert store.history(DS, "c1") == []
    store.set_note(DS, c1, "x", reviewer="ann")
    assert store.set_note(DS, c1, " \n\t ", reviewer="ann").note is None


def test_bad_arguments_are_programming_errors(store: ReviewStore) -> None:
    with pytest.raises(ValueError, match="verdict"):
        store.mark(DS, claim(), "maybe", reviewer="ann")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="reviewer"):
        store.mark(DS, claim(), "verified", reviewer=" ")
    assert store.history(DS, "c1") == []


def test_defaults() -> None:
    assert default_store_path().name == "reviews.sqlite3"
    assert "claimline" in default_store_path().parts
    assert default_reviewer().strip()


# -- undo and redo ----------------------------------------------------------------------


def test_several_undos_then_redo_then_a_new_change_clears_redo(store: ReviewStore) -> None:
    c1, c2 = claim("c1"), claim("c2")
    store.mark(DS, c1, "verified", reviewer="ann")
    store.set_note(DS, c1, "first", reviewer="ann")
    store.mark(DS, c2, "disputed", reviewer="ann")
    store.mark(DS, c1, "disputed", reviewer="ann")

    undone = store.undo(DS, reviewer="ann")
    assert isinstance(undone, Change)
    assert (undone.action, undone.claim_id) == ("undo", "c1")
    assert (undone.from_verdict, undone.to_verdict) == ("disputed", "verified")
    assert store.undo(DS, reviewer="ann").claim_id == "c2"  # type: ignore[union-attr]
    assert "c2" in store.reviews(DS)
    assert store.reviews(DS)["c2"].status == "unreviewed"
    note_undo = store.undo(DS, reviewer="ann")
    assert note_undo is not None
    assert (note_undo.from_note, note_undo.to_note) == ("first", None)
    assert store.reviews(DS)["c1"].verdict == "verified"

    redone = store.redo(DS, reviewer="ann")
    assert redone is not None
    assert (redone.action, redone.to_note) == ("redo", "first")
    assert store.reviews(DS)["c1"].note == "first"
    store.redo(DS, reviewer="ann")
    assert store.reviews(DS)["c2"].verdict == "disputed"

    store.set_note(DS, c2, "new work", reviewer="ann")  # forgets what could be redone
    assert store.redo(DS, reviewer="ann") is None
    assert store.reviews(DS)["c1"].verdict == "verified"

    # Undo walks back through the redone changes and the original ones.
    store.undo(DS, reviewer="ann")
    store.undo(DS, reviewer="ann")
    store.undo(DS, reviewer="ann")
    store.undo(DS, reviewer="ann")
    assert store.undo(DS, reviewer="ann") is None
    assert {cid: r.status for cid, r in store.reviews(DS).items()} == {
        "c1": "unreviewed",
        "c2": "unreviewed",
    }
    assert store.reviews(DS)["c1"].note is None
    # Undo and redo are history too: nothing was removed.
    assert [c.action for c in store.history(DS, "c1")] == [
        "mark", "note", "mark", "undo", "undo", "redo", "undo", "undo",
    ]  # fmt: skip


def test_undo_a_redo_and_redo_it_again(store: ReviewStore) -> None:
    store.mark(DS, claim(), "verified", reviewer="ann")
    store.undo(DS, reviewer="ann")
    store.redo(DS, reviewer="ann")
    store.undo(DS, reviewer="ann")
    assert store.reviews(DS)["c1"].status == "unreviewed"
    assert store.redo(DS, reviewer="ann") is not None
    assert store.reviews(DS)["c1"].verdict == "verified"
    assert store.redo(DS, reviewer="ann") is None


def test_undo_is_per_reviewer_and_per_dataset(store: ReviewStore) -> None:
    store.mark(DS, claim("c1"), "verified", reviewer="ann")
    store.mark(DS, claim("c2"), "disputed", reviewer="ben")
    store.mark("other", claim("c1"), "disputed", reviewer="ann")
    assert store.undo(DS, reviewer="carl") is None
    undone = store.undo(DS, reviewer="ann")
    assert undone is not None
    assert undone.claim_id == "c1"
    assert undone.reviewer == "ann"
    assert store.reviews(DS)["c2"].verdict == "disputed"
    assert store.reviews("other")["c1"].verdict == "disputed"
    assert store.redo(DS, reviewer="ben") is None


def test_undo_and_redo_survive_reopening(store_path: Path) -> None:
    with ReviewStore(store_path) as store:
        store.mark(DS, claim("c1"), "verified", reviewer="ann")
        store.mark(DS, claim("c1"), "disputed", reviewer="ann")
        store.mark(DS, claim("c2"), "verified", reviewer="ann")
    with ReviewStore(store_path) as store:
        assert store.undo(DS, reviewer="ann").claim_id == "c2"  # type: ignore[union-attr]
    with ReviewStore(store_path) as store:
        undone = store.undo(DS, reviewer="ann")
        assert undone is not None
        assert undone.to_verdict == "verified"
    with ReviewStore(store_path) as store:
        assert store.redo(DS, reviewer="ann").to_verdict == "disputed"  # type: ignore[union-attr]
        assert store.reviews(DS)["c1"].verdict == "disputed"
        assert store.reviews(DS)["c2"].status == "unreviewed"


# -- stale verdicts ---------------------------------------------------------------------


def test_a_reworded_claim_shows_its_old_verdict_as_stale(
    store: ReviewStore, mini_dataset: Dataset
) -> None:
    original = mini_dataset.claim_by_id["c1"]
    edited = reworded(original, "The town was founded in 2010.")
    assert edited.id == original.id
    assert edited.fingerprint != original.fingerprint

    store.mark(DS, original, "verified", reviewer="ann")
    review = store.reviews(DS)["c1"]
    assert not review.is_stale(original)
    assert review.is_stale(edited)

    # A note on the reworded claim does not re-judge it.
    store.set_note(DS, edited, "wording changed", reviewer="ben")
    review = store.reviews(DS)["c1"]
    assert review.is_stale(edited)
    assert review.fingerprint == original.fingerprint
    assert (review.reviewer, review.note) == ("ann", "wording changed")  # ann's verdict
    assert store.history(DS, "c1")[-1].fingerprint == edited.fingerprint

    # Marking the same verdict on the new wording records it and clears the staleness.
    store.mark(DS, edited, "verified", reviewer="ann")
    assert not store.reviews(DS)["c1"].is_stale(edited)
    assert len(store.history(DS, "c1")) == 3

    # Undoing that brings back the verdict with the wording it was made on.
    store.undo(DS, reviewer="ann")
    review = store.reviews(DS)["c1"]
    assert review.fingerprint == original.fingerprint
    assert review.is_stale(edited)


# -- two instances ----------------------------------------------------------------------


def test_two_stores_on_one_file_see_each_others_verdicts(store_path: Path) -> None:
    with ReviewStore(store_path) as first, ReviewStore(store_path) as second:
        assert not first.changed_by_others()
        first.mark(DS, claim("c1"), "verified", reviewer="ann")
        assert not first.changed_by_others()  # its own writes don't count
        assert second.changed_by_others()
        assert not second.changed_by_others()  # reported once
        second.mark(DS, claim("c2"), "disputed", reviewer="ben")
        assert first.changed_by_others()
        for store in (first, second):
            reviews = store.reviews(DS)
            assert {cid: r.status for cid, r in reviews.items()} == {
                "c1": "verified",
                "c2": "disputed",
            }
        # Undo is each reviewer's own, whichever instance asks.
        assert first.undo(DS, reviewer="ben").claim_id == "c2"  # type: ignore[union-attr]
        assert second.reviews(DS)["c2"].status == "unreviewed"


def test_a_verdict_survives_kill_9_right_after_the_call(store_path: Path) -> None:
    script = (
        "import os, signal, sys\n"
        "from facts.model import Claim\n"
        "from facts.store import ReviewStore\n"
        "store = ReviewStore(sys.argv[1])\n"
        "c1 = Claim(id='c1', text='The town was founded in 2009.', events=['founding'])\n"
        "store.mark('mini', c1, 'disputed', reviewer='ann')\n"
        "store.set_note('mini', c1, 'written just before the kill', reviewer='ann')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(store_path)], env=env, capture_output=True, timeout=60
    )
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()
    with ReviewStore(store_path) as store:
        review = store.reviews(DS)["c1"]
        assert (review.verdict, review.note) == ("disputed", "written just before the kill")


# -- failures: refused, named, untouched -------------------------------------------------


def test_a_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a store\n" * 50)
    before = snapshot(path)
    with pytest.raises(StoreError) as caught:
        ReviewStore(path)
    assert_names_file(caught.value, path, "damaged")
    assert "left untouched" in str(caught.value)
    assert "--reviews" in str(caught.value)
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_truncated_store_is_refused_and_left_untouched(store_path: Path) -> None:
    write_store(store_path)
    size = store_path.stat().st_size
    with store_path.open("r+b") as file:
        file.truncate(size // 2)
    before = snapshot(store_path)
    with pytest.raises(StoreError) as caught:
        ReviewStore(store_path)
    assert_names_file(caught.value, store_path, "damaged")
    assert "damaged" in str(caught.value)
    assert snapshot(store_path) == before


def test_a_damaged_page_is_refused_on_open(store_path: Path) -> None:
    write_store(store_path)
    data = bytearray(store_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 2 : page_size * 2 + 64] = b"\xff" * 64  # scribble over a b-tree page
    store_path.write_bytes(bytes(data))
    before = snapshot(store_path)
    with pytest.raises(StoreError) as caught:
        ReviewStore(store_path)
    assert_names_file(caught.value, store_path, "damaged")
    assert snapshot(store_path) == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE things (x)")
    raw.commit()
    raw.close()
    before = snapshot(path)
    with pytest.raises(StoreError) as caught:
        ReviewStore(path)
    assert_names_file(caught.value, path, "damaged")
    assert "another program" in str(caught.value)
    assert snapshot(path) == before


def test_a_store_from_a_newer_claimline_is_refused(store_path: Path) -> None:
    write_store(store_path)
    raw = sqlite3.connect(store_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 41}")
    raw.commit()
    raw.close()
    before = snapshot(store_path)
    with pytest.raises(StoreError) as caught:
        ReviewStore(store_path)
    assert_names_file(caught.value, store_path, "newer")
    assert f"version {SCHEMA_VERSION + 41}" in str(caught.value)
    assert snapshot(store_path) == before


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
        before = snapshot(store_path)
        with pytest.raises(StoreError) as caught:
            ReviewStore(store_path)
        assert_names_file(caught.value, store_path, "readonly")
        assert "can't save verdicts" in str(caught.value)
        assert "--reviews" in str(caught.value)
        assert snapshot(store_path) == before
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
        before = snapshot(path)
        with pytest.raises(StoreError) as caught:
            ReviewStore(path)
        assert_names_file(caught.value, path, "readonly")
        assert "not writable" in str(caught.value)
        assert snapshot(path) == before
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


def test_a_closed_store_raises_store_errors(store: ReviewStore) -> None:
    store.close()
    store.close()  # closing twice is harmless
    for action in (
        lambda: store.reviews(DS),
        lambda: store.mark(DS, claim(), "verified", reviewer="ann"),
        lambda: store.set_note(DS, claim(), "x", reviewer="ann"),
        lambda: store.undo(DS, reviewer="ann"),
        lambda: store.redo(DS, reviewer="ann"),
        lambda: store.history(DS, "c1"),
        store.changed_by_others,
    ):
        with pytest.raises(StoreError) as caught:
            action()
        assert_names_file(caught.value, store.path, "closed")


# -- the store against a model -----------------------------------------------------------

REVIEWERS = ("ann", "ben")
CLAIM_VERSIONS = {
    cid: (claim(cid, f"Claim {cid} as first written."), claim(cid, f"Claim {cid}, reworded."))
    for cid in ("c1", "c2", "c3")
}
NOTES = st.sampled_from([None, "", "  ", "checked", "needs a source"])


class StoreMachine(RuleBasedStateMachine):
    """Random marks, notes, undos, redos and restarts against a plain-Python model.

    The model keeps, per reviewer, an undo stack and a redo stack of
    (claim, field, before, after) entries, like an editor does; the store derives the
    same stacks from its history table.
    """

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="claimline-store-"))
        self.path = self.folder / "reviews.sqlite3"
        self.store = ReviewStore(self.path)
        # claim id -> (verdict, note, fingerprint, reviewer)
        self.model: dict[str, tuple[str | None, str | None, str, str]] = {}
        self.undo_stack: dict[str, list[tuple]] = {r: [] for r in REVIEWERS}
        self.redo_stack: dict[str, list[tuple]] = {r: [] for r in REVIEWERS}
        self.changes = 0
        self.seen_history = 0

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _field(self, claim_id: str, field: str) -> object:
        verdict, note, fingerprint, _ = self.model.get(claim_id, (None, None, None, ""))
        return (verdict, fingerprint) if field == "verdict" else note

    def _apply(self, claim_id: str, field: str, value: object, reviewer: str) -> None:
        verdict, note, fingerprint, by = self.model.get(claim_id, (None, None, None, ""))
        if field == "verdict":
            new_verdict, new_fingerprint = value  # type: ignore[misc]
            self.model[claim_id] = (new_verdict, note, new_fingerprint or fingerprint, reviewer)
        else:  # a note keeps the verdict credited to whoever decided it
            credited = by if verdict is not None else reviewer
            self.model[claim_id] = (verdict, value, fingerprint, credited)  # type: ignore[arg-type]

    @rule(
        reviewer=st.sampled_from(REVIEWERS),
        claim_id=st.sampled_from(sorted(CLAIM_VERSIONS)),
        version=st.integers(0, 1),
        verdict=st.sampled_from([None, "verified", "disputed"]),
    )
    def mark(self, reviewer: str, claim_id: str, version: int, verdict: str | None) -> None:
        target = CLAIM_VERSIONS[claim_id][version]
        before = self._field(claim_id, "verdict")
        review = self.store.mark(DS, target, verdict, reviewer=reviewer)  # type: ignore[arg-type]
        assert review.verdict == verdict
        if before[0] == verdict and before[1] in (target.fingerprint, None):  # type: ignore[index]
            return
        self._apply(claim_id, "verdict", (verdict, target.fingerprint), reviewer)
        self.undo_stack[reviewer].append(
            (claim_id, "verdict", before, (verdict, target.fingerprint))
        )
        self.redo_stack[reviewer].clear()
        self.changes += 1

    @rule(
        reviewer=st.sampled_from(REVIEWERS),
        claim_id=st.sampled_from(sorted(CLAIM_VERSIONS)),
        version=st.integers(0, 1),
        note=NOTES,
    )
    def note(self, reviewer: str, claim_id: str, version: int, note: str | None) -> None:
        target = CLAIM_VERSIONS[claim_id][version]
        wanted = note if note and note.strip() else None
        before = self._field(claim_id, "note")
        review = self.store.set_note(DS, target, note, reviewer=reviewer)
        assert review.note == wanted
        if before == wanted:
            return
        verdict, _, fingerprint, by = self.model.get(claim_id, (None, None, None, ""))
        self.model[claim_id] = (
            verdict,
            wanted,
            fingerprint if verdict is not None else target.fingerprint,
            by if verdict is not None else reviewer,  # the verdict stays credited to its author
        )  # type: ignore[assignment]
        self.undo_stack[reviewer].append((claim_id, "note", before, wanted))
        self.redo_stack[reviewer].clear()
        self.changes += 1

    @rule(reviewer=st.sampled_from(REVIEWERS))
    def undo(self, reviewer: str) -> None:
        change = self.store.undo(DS, reviewer=reviewer)
        if not self.undo_stack[reviewer]:
            assert change is None
            return
        entry = self.undo_stack[reviewer].pop()
        claim_id, field, before, _after = entry
        assert change is not None
        assert (change.action, change.claim_id, change.reviewer) == ("undo", claim_id, reviewer)
        self._apply(claim_id, field, before, reviewer)
        self.redo_stack[reviewer].append(entry)
        self.changes += 1

    @rule(reviewer=st.sampled_from(REVIEWERS))
    def redo(self, reviewer: str) -> None:
        change = self.store.redo(DS, reviewer=reviewer)
        if not self.redo_stack[reviewer]:
            assert change is None
            return
        claim_id, field, _before, after = self.redo_stack[reviewer].pop()
        assert change is not None
        assert (change.action, change.claim_id, change.reviewer) == ("redo", claim_id, reviewer)
        now = self._field(claim_id, field)
        self._apply(claim_id, field, after, reviewer)
        self.undo_stack[reviewer].append((claim_id, field, now, after))
        self.changes += 1

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = ReviewStore(self.path)

    @invariant()
    def reviews_match_the_model(self) -> None:
        reviews = self.store.reviews(DS)
        got = {cid: (r.verdict, r.note, r.fingerprint, r.reviewer) for cid, r in reviews.items()}
        assert got == self.model

    @invariant()
    def history_only_grows_and_chains(self) -> None:
        total = 0
        for claim_id in CLAIM_VERSIONS:
            history = self.store.history(DS, claim_id)
            total += len(history)
            for earlier, later in pairwise(history):
                assert earlier.seq < later.seq
                assert (earlier.to_verdict, earlier.to_note) == (
                    later.from_verdict,
                    later.from_note,
                )
        assert total >= self.seen_history
        assert total == self.changes
        self.seen_history = total


StoreMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
test_store_matches_its_model = StoreMachine.TestCase


def test_a_note_leaves_the_verdict_credited_to_who_decided_it(tmp_path, mini_dataset):
    times = iter(["2025-03-01T09:00:00Z", "2025-03-02T10:00:00Z"])
    claim = mini_dataset.claim_by_id["c1"]
    with ReviewStore(tmp_path / "r.sqlite3", clock=lambda: next(times)) as store:
        store.mark("mini", claim, "verified", reviewer="alice")
        review = store.set_note("mini", claim, "Checked the charter.", reviewer="bob")
        history = store.history("mini", "c1")
    assert (review.verdict, review.reviewer, review.at) == (
        "verified", "alice", "2025-03-01T09:00:00Z")
    assert review.note == "Checked the charter."
    assert [(c.reviewer, c.at) for c in history] == [
        ("alice", "2025-03-01T09:00:00Z"), ("bob", "2025-03-02T10:00:00Z")]
