"""Two reviewers on one store, without a screen: contested claims, the team's tally, each
reviewer's own progress, and undo that never touches a colleague's verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts import Claim
from facts.export import export
from facts.session import ReviewSession
from facts.store import ReviewStore
from facts.verdicts import Status, Tally, TeamTally


@pytest.fixture
def stores(tmp_path: Path):
    """Two connections to one file, as two claimline instances have."""
    path = tmp_path / "team.sqlite3"
    with ReviewStore(path) as first, ReviewStore(path) as second:
        yield first, second


@pytest.fixture
def pair(mini_dataset, stores) -> tuple[ReviewSession, ReviewSession]:
    alice = ReviewSession(mini_dataset, stores[0], "alice")
    bob = ReviewSession(mini_dataset, stores[1], "bob")
    alice.load()
    bob.load()
    return alice, bob


def disagree(alice: ReviewSession, bob: ReviewSession, claim: Claim) -> None:
    """Alice verifies the claim; then Bob, with her verdict loaded, disputes it."""
    alice.mark(claim, "verified")
    bob.refresh()
    bob.mark(claim, "disputed")


def test_a_disagreement_is_contested_for_both(pair) -> None:
    alice, bob = pair
    c1 = alice.dataset.claim_by_id["c1"]
    disagree(alice, bob, c1)
    assert bob.status_of(c1) is Status.CONTESTED
    assert alice.refresh() == {"c1"}
    assert alice.status_of(c1) is Status.CONTESTED
    assert alice.matches(c1, "contested") and not alice.matches(c1, "verified")
    assert alice.team.tally == TeamTally(agreed=0, contested=1)
    assert [(r.reviewer, r.verdict) for r in alice.team.of("c1").reviews] == [
        ("alice", "verified"),
        ("bob", "disputed"),
    ]


def test_agreement_shows_the_verdict_and_counts_as_agreed(pair) -> None:
    alice, bob = pair
    c1 = alice.dataset.claim_by_id["c1"]
    alice.mark(c1, "verified")
    bob.refresh()
    assert bob.team.tally == TeamTally(agreed=0, contested=0)  # one verdict is no agreement
    bob.mark(c1, "verified")
    assert bob.status_of(c1) is Status.VERIFIED
    assert bob.team.tally == TeamTally(agreed=1, contested=0)
    assert bob.team.tally.summary() == "team: 1 agreed · 0 contested"


def test_each_reviewer_sees_their_own_progress(pair) -> None:
    alice, bob = pair
    c1, c2 = (alice.dataset.claim_by_id[i] for i in ("c1", "c2"))
    alice.mark(c2, "disputed")
    disagree(alice, bob, c1)
    assert bob.team.own_tally == Tally(total=2, verified=0, disputed=1, stale=0)
    alice.refresh()
    assert alice.team.own_tally == Tally(total=2, verified=1, disputed=1, stale=0)


def test_undo_takes_back_my_verdict_and_never_my_colleagues(pair) -> None:
    alice, bob = pair
    c1 = alice.dataset.claim_by_id["c1"]
    disagree(alice, bob, c1)
    alice.refresh()
    change = alice.undo()
    assert change is not None and change.reviewer == "alice"
    # Alice's verdict is gone; Bob's stands, and the claim is no longer contested.
    assert alice.status_of(c1) is Status.DISPUTED
    assert alice.team.of("c1").of("bob").verdict == "disputed"
    assert alice.team.of("c1").of("alice").verdict is None
    bob.refresh()
    assert bob.status_of(c1) is Status.DISPUTED
    assert alice.undo() is None  # nothing of alice's left: bob's mark is not hers to undo
    assert bob.team.of("c1").of("bob").verdict == "disputed"


def test_a_colleagues_note_alone_is_picked_up(pair) -> None:
    alice, bob = pair
    c1 = alice.dataset.claim_by_id["c1"]
    alice.mark(c1, "verified")
    bob.refresh()
    bob.note(c1, "Check the 1999 charter.")
    assert alice.refresh() == {"c1"}
    assert alice.team.of("c1").of("bob").note == "Check the 1999 charter."
    assert alice.status_of(c1) is Status.VERIFIED


def test_a_one_person_store_shows_no_team(pair) -> None:
    alice, _ = pair
    alice.mark(alice.dataset.claim_by_id["c1"], "verified")
    assert not alice.team.is_team
    assert alice.team.own_tally == alice.tally


def test_the_apps_export_leaves_contested_claims_out(pair) -> None:
    alice, bob = pair
    c1, c2 = (alice.dataset.claim_by_id[i] for i in ("c1", "c2"))
    alice.mark(c2, "verified")
    disagree(alice, bob, c1)
    snapshot = bob.snapshot()
    result = export(
        snapshot.dataset, snapshot.reviews, format="json", status="verified", team=snapshot.team
    )
    assert '"id": "c2"' in result.text and '"id": "c1"' not in result.text
    assert any("1 contested claim left out" in notice for notice in result.notices)


def test_a_claim_only_my_colleague_judged_still_needs_my_verdict(pair) -> None:
    alice, bob = pair
    c1, c2 = (alice.dataset.claim_by_id[i] for i in ("c1", "c2"))
    alice.mark(c1, "verified")
    bob.refresh()
    assert bob.needs_my_verdict(c1)  # alice's verdict is hers, not bob's
    bob.mark(c1, "verified")
    assert not bob.needs_my_verdict(c1)
    assert bob.needs_my_verdict(c2)
