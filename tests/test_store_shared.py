"""What every review store guarantees, tested on each backend (an SQLite file, a real server).

Verdicts persist, history only grows and the database refuses to rewrite it, undo and
redo are each reviewer's own, each reviewer keeps their own verdict and the team's status
follows from them, two instances see each other's verdicts, and a client killed right
after a call loses nothing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from itertools import pairwise
from pathlib import Path

import pytest

from facts import Claim, Dataset
from facts.store import Change, StoreError
from tests.store_backends import Backend
from tests.store_helpers import DS, ISO_UTC, claim, reworded

ROOT = Path(__file__).resolve().parent.parent


# -- persistence and history ------------------------------------------------------------


def test_marks_and_notes_persist_across_reopen(backend: Backend, mini_dataset: Dataset) -> None:
    c1, c2 = mini_dataset.claim_by_id["c1"], mini_dataset.claim_by_id["c2"]
    with backend.open() as store:
        review = store.mark(DS, c1, "verified", reviewer="ann")
        assert (review.verdict, review.note, review.reviewer) == ("verified", None, "ann")
        store.set_note(DS, c1, "Charter says 2009.", reviewer="ann")
        store.mark(DS, c2, "disputed", reviewer="ben")
        store.mark("other-dataset", c1, "disputed", reviewer="ann")
    with backend.open() as store:
        reviews = store.reviews(DS)
        assert set(reviews) == {"c1", "c2"}
        assert reviews["c1"].verdict == "verified"
        assert reviews["c1"].note == "Charter says 2009."
        assert reviews["c1"].fingerprint == c1.fingerprint
        assert ISO_UTC.match(reviews["c1"].at)
        assert reviews["c2"].status == "disputed"
        assert reviews["c2"].reviewer == "ben"
        assert store.reviews("other-dataset")["c1"].verdict == "disputed"
        assert set(store.reviews(DS, reviewer="ann")) == {"c1"}


def test_history_records_each_reviewers_changes_from_and_to(backend: Backend) -> None:
    c1 = claim()
    with backend.open() as store:
        store.mark(DS, c1, "verified", reviewer="ann")
        store.set_note(DS, c1, "looks right", reviewer="ann")
        store.mark(DS, c1, "disputed", reviewer="ben")  # ben's own verdict: from nothing
        store.set_note(DS, c1, "   ", reviewer="ben")  # ben has no note: nothing to record
        store.set_note(DS, c1, "   ", reviewer="ann")
        store.mark(DS, c1, None, reviewer="ben")
        history = store.history(DS, "c1")
        assert [
            (c.reviewer, c.action, c.from_verdict, c.to_verdict, c.from_note, c.to_note)
            for c in history
        ] == [
            ("ann", "mark", None, "verified", None, None),
            ("ann", "note", "verified", "verified", None, "looks right"),
            ("ben", "mark", None, "disputed", None, None),
            ("ann", "note", "verified", "verified", "looks right", None),
            ("ben", "mark", "disputed", None, None, None),
        ]
        assert [c.seq for c in history] == sorted(c.seq for c in history)
        assert all(ISO_UTC.match(c.at) for c in history)
        assert all(c.fingerprint == c1.fingerprint for c in history)
        assert store.reviews(DS)["c1"].verdict == "verified"  # ann's, still
        assert store.history(DS, "never-touched") == []


def test_the_database_refuses_to_rewrite_history(backend: Backend) -> None:
    with backend.open() as store:
        store.mark(DS, claim(), "verified", reviewer="ann")
        for sql in ("UPDATE history SET to_verdict = 'disputed'", "DELETE FROM history"):
            with pytest.raises(Exception, match="append-only"):
                backend.raw_execute(sql)
        assert store.history(DS, "c1")[0].to_verdict == "verified"


def test_same_verdict_by_the_same_reviewer_records_nothing(backend: Backend) -> None:
    c1 = claim()
    with backend.open() as store:
        first = store.mark(DS, c1, "verified", reviewer="ann")
        assert store.mark(DS, c1, "verified", reviewer="ann") == first
        assert len(store.history(DS, "c1")) == 1
        # A second reviewer's same verdict is their own judgement: recorded.
        store.mark(DS, c1, "verified", reviewer="ben")
        assert len(store.history(DS, "c1")) == 2
        store.set_note(DS, c1, "same", reviewer="ann")
        store.set_note(DS, c1, "same", reviewer="ann")
        assert len(store.history(DS, "c1")) == 3
        untouched = store.mark(DS, claim("c9"), None, reviewer="ann")
        assert untouched.status == "unreviewed"
        assert "c9" not in store.reviews(DS)
        assert store.history(DS, "c9") == []


def test_bad_arguments_are_programming_errors(backend: Backend) -> None:
    with backend.open() as store:
        with pytest.raises(ValueError, match="verdict"):
            store.mark(DS, claim(), "maybe", reviewer="ann")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="reviewer"):
            store.mark(DS, claim(), "verified", reviewer=" ")
        with pytest.raises(ValueError, match="control"):
            store.mark(DS, claim(), "verified", reviewer="ann\x1b[2J")
        assert store.history(DS, "c1") == []


# -- each reviewer's own, and the team's ------------------------------------------------


def test_undo_never_touches_a_colleagues_verdict(backend: Backend) -> None:
    """The bug this layout fixes: A verified, B disputed, A undid — and B's verdict vanished."""
    c1 = claim()
    with backend.open() as a_store, backend.open() as b_store:
        a_store.mark(DS, c1, "verified", reviewer="ann")
        b_store.mark(DS, c1, "disputed", reviewer="ben")
        undone = a_store.undo(DS, reviewer="ann")
        assert undone is not None
        assert (undone.reviewer, undone.from_verdict, undone.to_verdict) == (
            "ann", "verified", None)  # fmt: skip
        for store in (a_store, b_store):
            assert store.reviews(DS, reviewer="ben")["c1"].verdict == "disputed"
            assert store.reviews(DS, reviewer="ann")["c1"].verdict is None
            team = store.team_reviews(DS)["c1"]
            assert team.status == "disputed"
            assert team.of("ben").verdict == "disputed"  # type: ignore[union-attr]
        # Redo brings ann's back; ben's stays; undo by ben takes back only ben's.
        assert a_store.redo(DS, reviewer="ann") is not None
        assert b_store.team_reviews(DS)["c1"].status == "contested"
        b_store.undo(DS, reviewer="ben")
        assert a_store.team_reviews(DS)["c1"].status == "verified"
        assert a_store.reviews(DS, reviewer="ann")["c1"].verdict == "verified"


def test_team_status_is_agreed_contested_or_the_one_verdict(backend: Backend) -> None:
    with backend.open() as store:
        store.mark(DS, claim("c1"), "verified", reviewer="ann")
        store.mark(DS, claim("c1"), "verified", reviewer="ben")
        store.mark(DS, claim("c2"), "verified", reviewer="ann")
        store.mark(DS, claim("c2"), "disputed", reviewer="ben")
        store.mark(DS, claim("c3"), "disputed", reviewer="ben")
        store.set_note(DS, claim("c3"), "I'd like a second look", reviewer="ann")
        store.set_note(DS, claim("c4"), "only a note", reviewer="ann")
        store.mark(DS, claim("c5"), "verified", reviewer="ann")
        store.mark(DS, claim("c5"), "disputed", reviewer="ben")
        store.mark(DS, claim("c5"), None, reviewer="ben")  # ben took his verdict back
        team = store.team_reviews(DS)
        assert {cid: t.status for cid, t in team.items()} == {
            "c1": "agreed",
            "c2": "contested",
            "c3": "disputed",
            "c4": "unreviewed",
            "c5": "verified",
        }
        assert {cid: t.verdict for cid, t in team.items()} == {
            "c1": "verified", "c2": None, "c3": "disputed", "c4": None, "c5": "verified",
        }  # fmt: skip
        assert [r.reviewer for r in team["c3"].reviews] == ["ann", "ben"]
        assert team["c3"].of("ann").note == "I'd like a second look"  # type: ignore[union-attr]
        assert [r.reviewer for r in team["c3"].judged] == ["ben"]
        assert team["c1"].of("carl") is None
        assert store.team_reviews("other") == {}


def test_each_reviewer_has_their_own_note(backend: Backend) -> None:
    c1 = claim()
    with backend.open() as store:
        store.mark(DS, c1, "verified", reviewer="ann")
        store.set_note(DS, c1, "Checked the charter.", reviewer="ann")
        store.set_note(DS, c1, "The minutes say otherwise.", reviewer="ben")
        assert store.reviews(DS, reviewer="ann")["c1"].note == "Checked the charter."
        assert store.reviews(DS, reviewer="ben")["c1"].note == "The minutes say otherwise."
        assert store.reviews(DS, reviewer="ben")["c1"].verdict is None
        store.undo(DS, reviewer="ben")
        assert store.reviews(DS, reviewer="ann")["c1"].note == "Checked the charter."


def test_a_note_leaves_the_verdict_dated_when_it_was_decided(backend: Backend) -> None:
    times = iter(["2025-03-01T09:00:00Z", "2025-03-02T10:00:00Z"])
    with backend.open(clock=lambda: next(times)) as store:
        store.mark(DS, claim(), "verified", reviewer="alice")
        review = store.set_note(DS, claim(), "Checked the charter.", reviewer="alice")
        history = store.history(DS, "c1")
    assert (review.verdict, review.reviewer, review.at) == (
        "verified", "alice", "2025-03-01T09:00:00Z")  # fmt: skip
    assert review.note == "Checked the charter."
    assert [c.at for c in history] == ["2025-03-01T09:00:00Z", "2025-03-02T10:00:00Z"]


# -- undo and redo ----------------------------------------------------------------------


def test_several_undos_then_redo_then_a_new_change_clears_redo(backend: Backend) -> None:
    c1, c2 = claim("c1"), claim("c2")
    with backend.open() as store:
        store.mark(DS, c1, "verified", reviewer="ann")
        store.set_note(DS, c1, "first", reviewer="ann")
        store.mark(DS, c2, "disputed", reviewer="ann")
        store.mark(DS, c1, "disputed", reviewer="ann")

        undone = store.undo(DS, reviewer="ann")
        assert isinstance(undone, Change)
        assert (undone.action, undone.claim_id) == ("undo", "c1")
        assert (undone.from_verdict, undone.to_verdict) == ("disputed", "verified")
        assert store.undo(DS, reviewer="ann").claim_id == "c2"  # type: ignore[union-attr]
        assert store.reviews(DS)["c2"].status == "unreviewed"
        note_undo = store.undo(DS, reviewer="ann")
        assert note_undo is not None
        assert (note_undo.from_note, note_undo.to_note) == ("first", None)

        redone = store.redo(DS, reviewer="ann")
        assert redone is not None
        assert (redone.action, redone.to_note) == ("redo", "first")
        store.redo(DS, reviewer="ann")
        assert store.reviews(DS)["c2"].verdict == "disputed"

        store.set_note(DS, c2, "new work", reviewer="ann")  # forgets what could be redone
        assert store.redo(DS, reviewer="ann") is None
        for _ in range(4):
            store.undo(DS, reviewer="ann")
        assert store.undo(DS, reviewer="ann") is None
        assert {cid: r.status for cid, r in store.reviews(DS).items()} == {
            "c1": "unreviewed",
            "c2": "unreviewed",
        }
        assert [c.action for c in store.history(DS, "c1")] == [
            "mark", "note", "mark", "undo", "undo", "redo", "undo", "undo",
        ]  # fmt: skip


def test_undo_is_per_reviewer_and_per_dataset_and_survives_reopening(backend: Backend) -> None:
    with backend.open() as store:
        store.mark(DS, claim("c1"), "verified", reviewer="ann")
        store.mark(DS, claim("c2"), "disputed", reviewer="ben")
        store.mark("other", claim("c1"), "disputed", reviewer="ann")
        assert store.undo(DS, reviewer="carl") is None
    with backend.open() as store:
        undone = store.undo(DS, reviewer="ann")
        assert undone is not None and undone.claim_id == "c1"
        assert store.reviews(DS)["c2"].verdict == "disputed"
        assert store.reviews("other")["c1"].verdict == "disputed"
        assert store.redo(DS, reviewer="ben") is None
    with backend.open() as store:
        assert store.redo(DS, reviewer="ann").to_verdict == "verified"  # type: ignore[union-attr]


@pytest.fixture
def c1_edited(mini_dataset: Dataset) -> tuple[Claim, Claim]:
    """Claim c1 as the dataset has it, and as a curator reworded it later."""
    original = mini_dataset.claim_by_id["c1"]
    return original, reworded(original, "The town was founded in 2010.")


def test_a_reworded_claim_shows_its_old_verdict_as_stale(
    backend: Backend, c1_edited: tuple[Claim, Claim]
) -> None:
    original, edited = c1_edited
    with backend.open() as store:
        store.mark(DS, original, "verified", reviewer="ann")
        assert not store.reviews(DS)["c1"].is_stale(original)
        assert store.reviews(DS)["c1"].is_stale(edited)
        store.set_note(DS, edited, "wording changed", reviewer="ann")  # not a re-judgement
        review = store.reviews(DS)["c1"]
        assert review.is_stale(edited) and review.note == "wording changed"
        assert store.history(DS, "c1")[-1].fingerprint == edited.fingerprint
        store.mark(DS, edited, "verified", reviewer="ann")
        assert not store.reviews(DS)["c1"].is_stale(edited)
        store.undo(DS, reviewer="ann")
        assert store.reviews(DS)["c1"].fingerprint == original.fingerprint


def test_the_wording_a_verdict_judged_is_kept_and_never_rewritten(
    backend: Backend, c1_edited: tuple[Claim, Claim]
) -> None:
    original, edited = c1_edited
    with backend.open() as store:
        assert store.wording(original.fingerprint) is None
        store.mark(DS, original, "verified", reviewer="ann")
        store.mark(DS, original, "verified", reviewer="ben")  # the same wording: kept once
        # After the dataset is edited, the stale verdict's wording is still there to show.
        stale = store.reviews(DS, reviewer="ann")["c1"]
        assert stale.is_stale(edited)
        assert store.wording(stale.fingerprint) == "The town was founded in 2009."
        store.mark(DS, edited, "disputed", reviewer="ann")
        assert store.wording(edited.fingerprint) == "The town was founded in 2010."
        for sql in ("UPDATE wordings SET text = 'x'", "DELETE FROM wordings"):
            with pytest.raises(Exception, match="append-only"):
                backend.raw_execute(sql)
        assert store.wording(original.fingerprint) == "The town was founded in 2009."


# -- hostile text is data ---------------------------------------------------------------

HOSTILE = [
    "o'brien",
    'say "hi"; DROP TABLE history; --',
    "'); DELETE FROM current; --",
    "back\\slash \\x1b[31m %s %(name)s ?",
    "$$; SELECT pg_sleep(10); $$",
    "E'\\\\' || chr(39)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_names_notes_and_ids_full_of_quotes_and_semicolons_are_data(
    backend: Backend, text: str
) -> None:
    # The loader only accepts plain ids; a store shared with other tools may hold any.
    hostile_claim = Claim.model_construct(
        id=f"id {text}", text=f"Claim text {text}", claimant=None, appeared_in=None,
        appeared_on=None, events=["founding"],
    )  # fmt: skip
    with backend.open() as store:
        store.mark(text, hostile_claim, "disputed", reviewer=text)
        store.set_note(text, hostile_claim, f"note {text}", reviewer=text)
        store.mark(DS, claim(), "verified", reviewer="ann")
    with backend.open() as store:
        review = store.reviews(text, reviewer=text)[hostile_claim.id]
        assert (review.reviewer, review.note, review.verdict) == (text, f"note {text}", "disputed")
        assert [c.claim_id for c in store.history(text, hostile_claim.id)] == [hostile_claim.id] * 2
        assert store.undo(text, reviewer=text) is not None
        assert store.reviews(DS)["c1"].verdict == "verified"  # nothing else was touched


def test_control_characters_in_a_stored_note_never_come_back(backend: Backend) -> None:
    with backend.open() as store:
        store.set_note(DS, claim(), "bell\x07 and \x1b[2Jclear", reviewer="ann")
        assert store.reviews(DS)["c1"].note == "bell and [2Jclear"
        assert store.history(DS, "c1")[0].to_note == "bell and [2Jclear"


# -- two instances and crashes ----------------------------------------------------------


def test_two_instances_see_each_others_verdicts(backend: Backend) -> None:
    with backend.open() as first, backend.open() as second:
        assert not first.changed_by_others()
        first.mark(DS, claim("c1"), "verified", reviewer="ann")
        assert second.wait_for_change(5.0)
        assert not first.changed_by_others()  # its own writes don't count
        assert not second.changed_by_others()  # reported once
        second.mark(DS, claim("c2"), "disputed", reviewer="ben")
        assert first.wait_for_change(5.0)
        for store in (first, second):
            assert {cid: r.status for cid, r in store.reviews(DS).items()} == {
                "c1": "verified",
                "c2": "disputed",
            }
        assert first.undo(DS, reviewer="ben").claim_id == "c2"  # type: ignore[union-attr]
        assert second.reviews(DS)["c2"].status == "unreviewed"
        assert second.wait_for_change(5.0)  # the undo, made through the other instance
        assert not first.wait_for_change(0.1)  # nobody else wrote since


def test_a_verdict_survives_kill_9_right_after_the_call(backend: Backend) -> None:
    backend.open().close()
    script = (
        "import os, signal, sys\n"
        "from facts.model import Claim\n"
        "from facts.store import open_store\n"
        "store = open_store(sys.argv[1])\n"
        "c1 = Claim(id='c1', text='The town was founded in 2009.', events=['founding'])\n"
        "store.mark('mini', c1, 'disputed', reviewer='ann')\n"
        "store.set_note('mini', c1, 'written just before the kill', reviewer='ann')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script, backend.location], env=env, capture_output=True, timeout=60
    )
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()
    with backend.open() as store:
        review = store.reviews(DS)["c1"]
        assert (review.verdict, review.note) == ("disputed", "written just before the kill")


def test_five_clients_writing_500_verdicts_each_at_once_lose_nothing(backend: Backend) -> None:
    # A file's writers wait their turn on one lock: give them time enough under load.
    options = {"busy_timeout": 120.0} if backend.name == "sqlite" else {}
    backend.open(**options).close()
    errors: list[BaseException] = []
    count = 500

    def review(reviewer: str) -> None:
        try:
            with backend.open(**options) as store:
                for n in range(count):
                    verdict = ("verified", "disputed")[(n // 50) % 2]
                    store.mark(DS, claim(f"c{n % 50}"), verdict, reviewer=reviewer)  # type: ignore[arg-type]
        except BaseException as error:
            errors.append(error)

    reviewers = [f"r{n}" for n in range(5)] + ["r0"]  # two windows of r0 too
    threads = [threading.Thread(target=review, args=(name,)) for name in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not errors, errors
    with backend.open() as store:
        team = store.team_reviews(DS)
        histories = {f"c{n}": store.history(DS, f"c{n}") for n in range(50)}
    for claim_id, history in histories.items():
        for reviewer in set(reviewers):
            mine = [c for c in history if c.reviewer == reviewer]
            # Each of a claim's 10 rounds flips the verdict: 10 changes per window, each
            # starting where that reviewer's last one ended (r0's two windows race, so
            # one may find the other's flip already made and record nothing).
            if reviewer != "r0":
                assert len(mine) == 10
            assert 10 <= len(mine) <= 20
            for earlier, later in pairwise(mine):
                assert later.from_verdict == earlier.to_verdict
            assert team[claim_id].of(reviewer).verdict == mine[-1].to_verdict  # type: ignore[union-attr]


def test_a_closed_store_raises_store_errors(backend: Backend) -> None:
    store = backend.open()
    store.close()
    store.close()  # closing twice is harmless
    for action in (
        lambda: store.reviews(DS),
        lambda: store.team_reviews(DS),
        lambda: store.mark(DS, claim(), "verified", reviewer="ann"),
        lambda: store.set_note(DS, claim(), "x", reviewer="ann"),
        lambda: store.undo(DS, reviewer="ann"),
        lambda: store.redo(DS, reviewer="ann"),
        lambda: store.history(DS, "c1"),
        store.changed_by_others,
    ):
        with pytest.raises(StoreError) as caught:
            action()
        assert caught.value.reason == "closed"
        assert caught.value.where in str(caught.value)
