"""One reviewer's session over a dataset: the review workflow every screen shares.

A `ReviewSession` owns what the timeline, the presentation, an export or a script need to
review a dataset: the dataset, its timeline (built once), the review store, the reviewer,
the verdicts the store has acknowledged, the references revealed so far and the tally.
Screens show a session and call its methods; none of them talks to the store itself, so
the rules (what a mark records, what undo takes back, what counts as stale) live here once.

The store is anything with the `facts.store.protocol.Store` methods (the one protocol the
app, the exports and the command line use too): the SQLite `ReviewStore` by default, a
PostgreSQL server for a team. Every method that writes raises the store's `StoreError`
when the store refuses, and then leaves the session as it was: a verdict is shown only
once the store has it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from facts.control_chars import without_controls
from facts.model import Claim, Dataset, Event
from facts.review import Review
from facts.store.protocol import Store
from facts.store.records import Change, TeamReview
from facts.team import TeamView
from facts.timeline import Row, Timeline, fold, timeline_of
from facts.verdicts import (
    Status,
    Tally,
    TeamFilter,
    Verdict,
    matches_filter,
    status_of,
    tally,
)

if TYPE_CHECKING:  # imported when a draft is first wanted, not before the first frame
    from facts.drafts import DraftFiles

# The screens take the store's records (and its protocol) from here: the session is
# their one seam to the store.
__all__ = [
    "Change",
    "ReviewSession",
    "Snapshot",
    "Store",
    "TeamReview",
    "snapshot_of",
]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The session's state at one moment, read-only: what an export or a summary reads
    (a worker writing a file must not see verdicts change under it)."""

    dataset: Dataset
    timeline: Timeline
    reviewer: str
    reviews: Mapping[str, Review]
    revealed: frozenset[str]
    tally: Tally
    # Every reviewer's reviews, claim by claim: exports from the app are the team's.
    team: Mapping[str, TeamReview] | None = None


def snapshot_of(
    dataset: Dataset,
    reviews: Mapping[str, Review],
    *,
    reviewer: str = "",
    revealed: Iterable[str] = (),
) -> Snapshot:
    """A snapshot of verdicts that did not come through a session (a script, a test)."""
    return Snapshot(
        dataset=dataset,
        timeline=timeline_of(dataset),
        reviewer=reviewer,
        reviews=MappingProxyType(dict(reviews)),
        revealed=frozenset(revealed),
        tally=tally(dataset, reviews),
    )


class ReviewSession:
    """A reviewer's verdicts and notes on one dataset, through one store."""

    def __init__(
        self,
        dataset: Dataset,
        store: Store,
        reviewer: str,
        *,
        revealed: set[str] | None = None,
        drafts_folder: Path | None = None,
    ) -> None:
        """`revealed` may be another session's set, so that a reference revealed in one
        (the class's presentation) is revealed in the other (the reviewer's timeline).
        Unsaved notes are kept in `drafts_folder` (by default claimline's state folder).
        Nothing is read from the store until `load`."""
        self.dataset = dataset
        self.timeline = timeline_of(dataset)
        self.store = store
        self.reviewer = reviewer
        self.revealed: set[str] = revealed if revealed is not None else set()
        self._reviews: dict[str, Review] = {}
        self._tally: Tally | None = None
        self.team = TeamView(dataset, reviewer)
        # Notes begun and left unsaved, by claim id: the editor offers them again. They
        # are kept on disk too, so a crash or a quit loses none (memory stays the truth
        # for this run when the disk refuses; "" is a draft saved or discarded).
        self._drafts: dict[str, str] = {}
        self._drafts_folder = drafts_folder
        self._draft_files: DraftFiles | None = None

    # -- reading --------------------------------------------------------------------------

    def load(self) -> None:
        """Read the dataset's verdicts from the store (raises StoreError)."""
        self._replace(self.store.reviews(self.dataset.id))
        self.team.replace(self.store.team_reviews(self.dataset.id))

    @property
    def reviews(self) -> Mapping[str, Review]:
        """The current verdict and note of every claim touched, as the store has them."""
        return MappingProxyType(self._reviews)

    def review_of(self, claim_id: str) -> Review | None:
        return self._reviews.get(claim_id)

    def status_of(self, claim: Claim) -> Status:
        """The claim's verdict, or `contested` when the team's reviewers differ (a stale
        verdict says stale first: the claim itself has to be judged again)."""
        status = status_of(claim, self._reviews.get(claim.id))
        if status is not Status.STALE and self.team.is_contested(claim.id):
            return Status.CONTESTED
        return status

    def needs_my_verdict(self, claim: Claim) -> bool:
        """Whether this reviewer still has to judge the claim (no verdict of their own, or a
        stale one). A colleague's verdict doesn't count: on a team each reviewer judges every
        claim, so moving on after a verdict must not skip what only a colleague has judged."""
        return status_of(claim, self.team.own_review(claim.id)).needs_review

    def next_needing_verdict(self, rows: Sequence[Row], after: int = -1) -> int | None:
        """Where in `rows` the next claim this reviewer still has to judge is, after the
        row `after`, wrapping around to the top (never `after` itself); None if none. What
        a verdict moves on to, and where the review screen (and its preview) start."""
        for index in chain(range(after + 1, len(rows)), range(0, max(after, 0))):
            claim = rows[index].claim
            if claim is not None and self.needs_my_verdict(claim):
                return index
        return None

    def matches(self, claim: Claim, wanted: TeamFilter) -> bool:
        """Whether the claim passes a verdict filter (`all` keeps every claim)."""
        if wanted == "contested":
            return self.team.is_contested(claim.id)
        return matches_filter(claim, self._reviews.get(claim.id), wanted)

    @property
    def tally(self) -> Tally:
        """The counts of the header and the summaries, kept up to date as verdicts change."""
        if self._tally is None:
            self._tally = tally(self.dataset, self._reviews)
        return self._tally

    def history(self, claim_id: str) -> list[Change]:
        """Every change to the claim, oldest first, by anyone (raises StoreError)."""
        return self.store.history(self.dataset.id, claim_id)

    def judged_wording(self, claim: Claim) -> str | None:
        """The wording the reviewer's verdict judged, when the claim has been reworded since
        (a stale verdict); None when it is not stale or the store did not record it."""
        review = self._reviews.get(claim.id)
        if review is None or not review.is_stale(claim):
            return None
        return self.store.wording(review.fingerprint)

    def home_event(self, claim: Claim) -> Event:
        """The event a claim sits under on the timeline (the first it is about)."""
        return self.timeline.home_event[claim.id]

    def claims_with_reviews_matching(self, query: str) -> frozenset[str]:
        """The claims whose note or reviewer's name holds `query` (folded as the timeline's
        search folds it), so a search finds "my note said census" as well as the claim;
        every reviewer of the team counts, not only this one."""
        needle = fold(query).strip()
        if not needle:
            return frozenset()
        reviews = [*self._reviews.values()]
        for team in self.team.mapping.values():
            reviews += team.reviews
        return frozenset(
            review.claim_id
            for review in reviews
            if needle in fold(review.reviewer) or (review.note and needle in fold(review.note))
        )

    @property
    def draft_files(self) -> DraftFiles:
        """Where this reviewer's unsaved notes on this dataset and store are kept on disk
        (its `warn` is told when one cannot be read or written)."""
        if self._draft_files is None:
            from facts.drafts import DraftFiles, default_drafts_folder, store_key

            folder = self._drafts_folder or default_drafts_folder()
            self._draft_files = DraftFiles(
                folder, store_key(self.store), self.dataset.id, self.reviewer
            )
        return self._draft_files

    def draft_of(self, claim_id: str) -> str | None:
        """The note begun on the claim and left unsaved, if any: this run's, or one kept
        on disk by an earlier run (a crash, a closed terminal). A draft that says what the
        saved note says is not offered."""
        draft = self._drafts.get(claim_id)
        if draft is None:
            draft = self.draft_files.read(claim_id)
        if not draft:  # "" : forgotten in this run, whatever is left on disk
            return None
        review = self._reviews.get(claim_id)
        if draft is not None and review is not None and draft == review.note:
            return None
        return draft

    def keep_draft(self, claim_id: str, text: str | None) -> None:
        """Keep an unsaved note for the next time the editor opens on the claim (None or
        empty forgets it), in memory at once and on disk soon, from a background thread
        (`flush_drafts` waits for it); a disk that refuses is reported to
        `draft_files.warn` and the draft is still kept in memory."""
        if text:
            self._drafts[claim_id] = text
            self.draft_files.keep(claim_id, text)
        else:
            self._forget_draft(claim_id)

    def flush_drafts(self, timeout: float | None = None) -> bool:
        """Wait until every draft handed over (by any session of this program) is on
        disk and every one forgotten is gone, at most `timeout` seconds (None: as long as
        it takes); whether they are. The app calls it as it quits."""
        from facts.drafts import flush

        return flush(timeout)

    def snapshot(self) -> Snapshot:
        return Snapshot(
            dataset=self.dataset,
            timeline=self.timeline,
            reviewer=self.reviewer,
            reviews=MappingProxyType(dict(self._reviews)),
            revealed=frozenset(self.revealed),
            tally=self.tally,
            team=MappingProxyType(dict(self.team.mapping)),
        )

    # -- writing --------------------------------------------------------------------------

    def mark(self, claim: Claim, verdict: Verdict | None) -> Review:
        """Record the reviewer's verdict on `claim` (None: unreviewed again)."""
        review = self.store.mark(self.dataset.id, claim, verdict, reviewer=self.reviewer)
        self._put(claim, review)
        return review

    def note(self, claim: Claim, text: str | None) -> Review:
        """Record the reviewer's note on `claim`; an empty note removes it.

        Control characters (a pasted escape sequence) are dropped before it is stored.
        """
        note = without_controls(text) if text else None
        review = self.store.set_note(self.dataset.id, claim, note, reviewer=self.reviewer)
        self._put(claim, review)
        self._forget_draft(claim.id)
        return review

    def _forget_draft(self, claim_id: str) -> None:
        """Saved or discarded: "" stands for the draft in memory, so that a file the disk
        would not let go of (a read-only state folder) is not offered again this run. The
        file is removed on the background thread, after any write of it queued before."""
        self._drafts[claim_id] = ""
        self.draft_files.forget(claim_id)

    def undo(self) -> Change | None:
        """Take back the reviewer's latest verdict or note; None when there is none."""
        return self._step(self.store.undo(self.dataset.id, reviewer=self.reviewer))

    def redo(self) -> Change | None:
        """Apply again what was undone most recently; None when there is nothing."""
        return self._step(self.store.redo(self.dataset.id, reviewer=self.reviewer))

    def refresh(self) -> frozenset[str]:
        """Pick up what other writers (another claimline on the store) changed; the ids
        of the claims whose verdict or note changed (empty: nothing did)."""
        if not self.store.changed_by_others():
            return frozenset()
        return self.reload()

    def reload(self) -> frozenset[str]:
        """Read everything again (a worker saw another writer's commit); the ids of the
        claims whose verdict, note or any reviewer's review changed."""
        before, team_before = self._reviews, dict(self.team.mapping)
        self.load()
        after, team_after = self._reviews, self.team.mapping
        return frozenset(
            claim_id
            for claim_id in before.keys() | after.keys() | team_before.keys() | team_after.keys()
            if before.get(claim_id) != after.get(claim_id)
            or team_before.get(claim_id) != team_after.get(claim_id)
        )

    def toggle_reveal(self, claim: Claim) -> bool:
        """Show or hide the curators' reference of `claim`; whether it is shown now."""
        self.revealed ^= {claim.id}
        return claim.id in self.revealed

    # -- internals ------------------------------------------------------------------------

    def _replace(self, reviews: dict[str, Review]) -> None:
        self._reviews = reviews
        self._tally = None

    def _step(self, change: Change | None) -> Change | None:
        if change is not None:
            # An undo may restore another reviewer's field: read back what the store holds.
            self.load()
        return change

    def _put(self, claim: Claim, review: Review) -> None:
        old = self._reviews.get(claim.id)
        self._reviews[claim.id] = review
        self.team.put(claim, review)
        if self._tally is not None and claim.id in self.dataset.claim_by_id:
            self._tally = _moved(self._tally, claim, old, review)


def _moved(counts: Tally, claim: Claim, old: Review | None, new: Review) -> Tally:
    """The tally after one claim's review changed from `old` to `new`."""
    verified, disputed, stale = counts.verified, counts.disputed, counts.stale
    for review, sign in ((old, -1), (new, 1)):
        if review is None or review.verdict is None:
            continue
        if review.verdict == "verified":
            verified += sign
        else:
            disputed += sign
        stale += sign * review.is_stale(claim)
    return Tally(counts.total, verified, disputed, stale)
