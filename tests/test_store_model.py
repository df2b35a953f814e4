"""Random marks, notes, undos, redos and reopenings by two reviewers, checked against a model,
on every backend (an SQLite file and a real PostgreSQL server).

The store works each change out in SQL (facts/store/change_sql.py) on both backends; this is
what shows that the rules came out the same as an editor's undo and redo stacks.
"""

from __future__ import annotations

import uuid
from itertools import pairwise

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from facts.store import Store
from tests.store_backends import Backend
from tests.store_helpers import claim

REVIEWERS = ("ann", "ben")
CLAIM_VERSIONS = {
    cid: (claim(cid, f"Claim {cid} as first written."), claim(cid, f"Claim {cid}, reworded."))
    for cid in ("c1", "c2", "c3")
}
NOTES = st.sampled_from([None, "", "  ", "checked", "needs a source"])
_NOTHING: tuple[str | None, str | None, str | None] = (None, None, None)


class StoreMachine(RuleBasedStateMachine):
    """Random marks, notes, undos, redos and restarts by two reviewers against a model.

    The model keeps each reviewer's own (verdict, note, fingerprint) per claim and, per
    reviewer, an undo stack and a redo stack of (claim, field, before, after) entries, as
    an editor does; the store derives the same stacks from its history table.
    """

    backend: Backend  # set by the test: the store every example works on

    def __init__(self) -> None:
        super().__init__()
        # Each example works in a dataset of its own, so one store serves them all.
        self.ds = f"model-{uuid.uuid4().hex}"
        self.store: Store = self.backend.open()
        # (claim id, reviewer) -> (verdict, note, fingerprint)
        self.model: dict[tuple[str, str], tuple[str | None, str | None, str | None]] = {}
        self.undo_stack: dict[str, list[tuple]] = {r: [] for r in REVIEWERS}
        self.redo_stack: dict[str, list[tuple]] = {r: [] for r in REVIEWERS}
        self.changes = 0

    def teardown(self) -> None:
        self.store.close()

    def _field(self, key: tuple[str, str], field: str) -> object:
        verdict, note, fingerprint = self.model.get(key, _NOTHING)
        return (verdict, fingerprint) if field == "verdict" else note

    def _apply(self, key: tuple[str, str], field: str, value: object) -> None:
        verdict, note, fingerprint = self.model.get(key, _NOTHING)
        if field == "verdict":
            new_verdict, new_fingerprint = value  # type: ignore[misc]
            self.model[key] = (new_verdict, note, new_fingerprint or fingerprint)
        else:
            self.model[key] = (verdict, value, fingerprint)  # type: ignore[assignment]

    def _changed(self, reviewer: str, entry: tuple) -> None:
        self.undo_stack[reviewer].append(entry)
        self.redo_stack[reviewer].clear()
        self.changes += 1

    @rule(
        reviewer=st.sampled_from(REVIEWERS),
        claim_id=st.sampled_from(sorted(CLAIM_VERSIONS)),
        version=st.integers(0, 1),
        verdict=st.sampled_from([None, "verified", "disputed"]),
    )
    def mark(self, reviewer: str, claim_id: str, version: int, verdict: str | None) -> None:
        target, key = CLAIM_VERSIONS[claim_id][version], (claim_id, reviewer)
        before = self._field(key, "verdict")
        review = self.store.mark(self.ds, target, verdict, reviewer=reviewer)  # type: ignore[arg-type]
        assert (review.verdict, review.reviewer) == (verdict, reviewer)
        if before[0] == verdict and before[1] in (target.fingerprint, None):  # type: ignore[index]
            return
        self._apply(key, "verdict", (verdict, target.fingerprint))
        self._changed(reviewer, (claim_id, "verdict", before, (verdict, target.fingerprint)))

    @rule(
        reviewer=st.sampled_from(REVIEWERS),
        claim_id=st.sampled_from(sorted(CLAIM_VERSIONS)),
        version=st.integers(0, 1),
        note=NOTES,
    )
    def note(self, reviewer: str, claim_id: str, version: int, note: str | None) -> None:
        target, key = CLAIM_VERSIONS[claim_id][version], (claim_id, reviewer)
        wanted = note if note and note.strip() else None
        before = self._field(key, "note")
        assert self.store.set_note(self.ds, target, note, reviewer=reviewer).note == wanted
        if before == wanted:
            return
        verdict, _, fingerprint = self.model.get(key, _NOTHING)
        kept = fingerprint if verdict is not None else target.fingerprint
        self.model[key] = (verdict, wanted, kept)
        self._changed(reviewer, (claim_id, "note", before, wanted))

    @rule(reviewer=st.sampled_from(REVIEWERS))
    def undo(self, reviewer: str) -> None:
        change = self.store.undo(self.ds, reviewer=reviewer)
        if not self.undo_stack[reviewer]:
            assert change is None
            return
        entry = self.undo_stack[reviewer].pop()
        claim_id, field, before, _after = entry
        assert change is not None
        assert (change.action, change.claim_id, change.reviewer) == ("undo", claim_id, reviewer)
        self._apply((claim_id, reviewer), field, before)
        self.redo_stack[reviewer].append(entry)
        self.changes += 1

    @rule(reviewer=st.sampled_from(REVIEWERS))
    def redo(self, reviewer: str) -> None:
        change = self.store.redo(self.ds, reviewer=reviewer)
        if not self.redo_stack[reviewer]:
            assert change is None
            return
        claim_id, field, _before, after = self.redo_stack[reviewer].pop()
        assert change is not None
        assert (change.action, change.claim_id, change.reviewer) == ("redo", claim_id, reviewer)
        now = self._field((claim_id, reviewer), field)
        self._apply((claim_id, reviewer), field, after)
        self.undo_stack[reviewer].append((claim_id, field, now, after))
        self.changes += 1

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = self.backend.open()

    @invariant()
    def each_reviewers_reviews_match_the_model(self) -> None:
        for reviewer in REVIEWERS:
            got = {
                (cid, reviewer): (r.verdict, r.note, r.fingerprint)
                for cid, r in self.store.reviews(self.ds, reviewer=reviewer).items()
            }
            assert got == {key: v for key, v in self.model.items() if key[1] == reviewer}

    @invariant()
    def team_status_follows_from_the_verdicts(self) -> None:
        for claim_id, team in self.store.team_reviews(self.ds).items():
            verdicts = [self.model.get((claim_id, r), _NOTHING)[0] for r in REVIEWERS]
            judged = [v for v in verdicts if v is not None]
            expected = (
                "unreviewed" if not judged
                else "contested" if len(set(judged)) > 1
                else "agreed" if len(judged) > 1
                else judged[0]
            )  # fmt: skip
            assert team.status == expected

    @invariant()
    def history_only_grows_and_chains_per_reviewer(self) -> None:
        total = 0
        for claim_id in CLAIM_VERSIONS:
            history = self.store.history(self.ds, claim_id)
            total += len(history)
            for reviewer in REVIEWERS:
                mine = [c for c in history if c.reviewer == reviewer]
                for earlier, later in pairwise(mine):
                    assert earlier.seq < later.seq
                    assert (earlier.to_verdict, earlier.to_note) == (
                        later.from_verdict,
                        later.from_note,
                    )
        assert total == self.changes


def test_store_matches_its_model(backend: Backend) -> None:
    # A server round trip per call makes each step slower than on a file: fewer examples
    # there keep CI's time in bounds, and the file still gets its full run.
    examples = 150 if backend.name == "sqlite" else 60  # about 40 s on a busy 2-core machine
    machine = type("Machine", (StoreMachine,), {"backend": backend})
    run_state_machine_as_test(
        machine, settings=settings(max_examples=examples, stateful_step_count=40, deadline=None)
    )
