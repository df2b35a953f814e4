"""The review workflow without a screen: what a mark, a note, undo, redo and a refresh do.

Every screen (the timeline, the presentation) goes through a ReviewSession, so these rules
are tested once here, on a real SQLite store; the Pilot tests check what the screens show.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from facts import load, load_bytes
from facts.session import ReviewSession
from facts.store import ReviewStore, StoreError
from facts.timeline import timeline_of
from facts.verdicts import Status, Tally, TeamTally, tally


@pytest.fixture
def store(tmp_path: Path):
    with ReviewStore(tmp_path / "reviews.sqlite3") as store:
        yield store


@pytest.fixture
def session(mini_dataset, store) -> ReviewSession:
    session = ReviewSession(mini_dataset, store, "alice")
    session.load()
    return session


def claim(session: ReviewSession, claim_id: str):
    return session.dataset.claim_by_id[claim_id]


def test_a_mark_is_stored_cached_and_counted(session, store):
    c1 = claim(session, "c1")
    review = session.mark(c1, "verified")
    assert (review.verdict, review.reviewer) == ("verified", "alice")
    assert store.reviews("mini")["c1"].verdict == "verified"
    assert session.status_of(c1) is Status.VERIFIED
    assert session.tally == Tally(total=2, verified=1, disputed=0, stale=0)
    session.mark(claim(session, "c2"), "disputed")
    session.mark(c1, None)
    assert session.status_of(c1) is Status.UNREVIEWED
    assert session.tally == Tally(total=2, verified=0, disputed=1, stale=0)
    # The tally kept up as verdicts changed is the one counted from scratch.
    assert session.tally == tally(session.dataset, store.reviews("mini"))


def test_a_refused_mark_changes_nothing(session, monkeypatch):
    def refuse(*args, **kwargs):
        raise StoreError("the disk is full; the verdict was NOT saved", "x", "full")

    monkeypatch.setattr(session.store, "mark", refuse)
    with pytest.raises(StoreError):
        session.mark(claim(session, "c1"), "verified")
    assert session.reviews == {}
    assert session.tally.reviewed == 0


def test_undo_and_redo_step_through_marks_and_notes(session):
    c1, c2 = claim(session, "c1"), claim(session, "c2")
    session.mark(c1, "verified")
    session.mark(c2, "disputed")
    session.note(c1, "charter checked")
    change = session.undo()
    assert change is not None and change.claim_id == "c1"
    assert session.review_of("c1").note is None
    assert session.review_of("c1").verdict == "verified"
    assert session.undo().claim_id == "c2"
    assert session.status_of(c2) is Status.UNREVIEWED
    assert session.tally.reviewed == 1
    assert session.redo().claim_id == "c2"
    assert session.status_of(c2) is Status.DISPUTED
    assert session.redo().claim_id == "c1"
    assert session.review_of("c1").note == "charter checked"
    assert session.redo() is None


def test_undo_survives_a_new_session_on_the_same_store(mini_dataset, store):
    first = ReviewSession(mini_dataset, store, "alice")
    first.load()
    first.mark(claim(first, "c1"), "verified")
    again = ReviewSession(mini_dataset, store, "alice")
    again.load()
    assert again.status_of(claim(again, "c1")) is Status.VERIFIED
    assert again.undo().claim_id == "c1"
    assert again.reviews["c1"].verdict is None
    # Another reviewer's undo does not take alice's verdicts back.
    first.mark(claim(first, "c1"), "disputed")
    bob = ReviewSession(mini_dataset, store, "bob")
    bob.load()
    assert bob.undo() is None
    assert bob.status_of(claim(bob, "c1")) is Status.DISPUTED


def test_a_note_drops_control_characters_and_an_empty_one_removes_it(session, store):
    c1 = claim(session, "c1")
    review = session.note(c1, "red \x1b[31mtext\x1b]52;c;aGk=\x07 done")
    assert "\x1b" not in review.note and "\x07" not in review.note
    assert review.note.startswith("red ") and review.note.endswith(" done")
    assert store.reviews("mini")["c1"].note == review.note
    assert session.note(c1, "").note is None
    # A note is not a verdict: the claim is still unreviewed.
    assert session.status_of(c1) is Status.UNREVIEWED


def test_refresh_picks_up_another_writer_and_says_what_changed(session, mini_dataset, tmp_path):
    assert session.refresh() == frozenset()
    session.mark(claim(session, "c1"), "verified")
    assert session.refresh() == frozenset()  # its own writes are already known
    with ReviewStore(tmp_path / "reviews.sqlite3") as other:
        other.mark("mini", mini_dataset.claim_by_id["c2"], "disputed", reviewer="bob")
    assert session.refresh() == {"c2"}
    assert session.review_of("c2").reviewer == "bob"
    assert session.tally == Tally(total=2, verified=1, disputed=1, stale=0)


def test_a_reworded_claim_shows_its_verdict_as_stale(mini_path, store):
    original = load(mini_path)
    store.mark("mini", original.claim_by_id["c1"], "verified", reviewer="alice")
    data = yaml.safe_load(mini_path.read_text())
    data["claims"][0]["text"] = "The town was founded in 2010."
    reworded = load_bytes(yaml.safe_dump(data).encode(), "reworded.yaml")
    session = ReviewSession(reworded, store, "alice")
    session.load()
    c1 = reworded.claim_by_id["c1"]
    assert session.status_of(c1) is Status.STALE
    assert session.status_of(c1).needs_review
    assert session.tally.stale == 1 and session.tally.verified == 1
    assert session.matches(c1, "stale") and session.matches(c1, "verified")
    session.mark(c1, "verified")  # judged again on the new wording
    assert session.status_of(c1) is Status.VERIFIED
    assert session.tally.stale == 0


def test_filters_match_by_verdict(session):
    c1, c2 = claim(session, "c1"), claim(session, "c2")
    session.mark(c1, "verified")
    kept = {
        wanted: {c.id for c in (c1, c2) if session.matches(c, wanted)}
        for wanted in ("all", "unreviewed", "verified", "disputed", "stale")
    }
    assert kept == {
        "all": {"c1", "c2"},
        "unreviewed": {"c2"},
        "verified": {"c1"},
        "disputed": set(),
        "stale": set(),
    }


def test_history_lists_every_change_of_a_claim(session):
    c1 = claim(session, "c1")
    session.mark(c1, "verified")
    session.note(c1, "ok")
    session.undo()
    actions = [change.action for change in session.history("c1")]
    assert actions == ["mark", "note", "undo"]


def test_a_snapshot_does_not_change_with_the_session(session):
    c1 = claim(session, "c1")
    session.mark(c1, "verified")
    session.toggle_reveal(c1)
    snapshot = session.snapshot()
    session.mark(c1, "disputed")
    session.toggle_reveal(c1)
    assert snapshot.reviews["c1"].verdict == "verified"
    assert snapshot.revealed == {"c1"}
    assert snapshot.tally.verified == 1
    with pytest.raises(TypeError):
        snapshot.reviews["c1"] = None  # type: ignore[index]


def test_a_shared_reveal_and_one_timeline_for_two_sessions(mini_dataset, store, tmp_path):
    mine = ReviewSession(mini_dataset, store, "alice")
    with ReviewStore(tmp_path / "class.sqlite3") as class_store:
        classroom = ReviewSession(mini_dataset, class_store, "class", revealed=mine.revealed)
        assert classroom.toggle_reveal(claim(classroom, "c2")) is True
        assert "c2" in mine.revealed
        assert classroom.timeline is mine.timeline is timeline_of(mini_dataset)
        classroom.mark(claim(classroom, "c2"), "disputed")
        mine.load()
        assert mine.reviews == {}  # the class's verdicts stay in the class's store


def test_badges_carry_a_symbol_and_a_word():
    assert [status.badge for status in Status] == [
        "✓ verified",
        "✗ disputed",
        "· unreviewed",
        "! stale",
        "⚠ contested",
    ]


def test_the_header_counts_of_a_large_review_read_with_thousands_separators():
    progress = Tally(total=100_000, verified=1_204, disputed=37, stale=1_000)
    assert progress.summary() == (
        "1,241/100,000 reviewed · 1,204 verified · 37 disputed · 1,000 stale"
    )
    assert TeamTally(agreed=12_000, contested=5).summary() == ("team: 12,000 agreed · 5 contested")
