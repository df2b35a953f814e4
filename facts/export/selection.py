"""Which claims an export holds, in what order, and what every format needs to say about them.

Exports read a plain mapping of claim id to `Review`, so they work with the review store,
a test's dictionary or any other source of verdicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from facts.control_chars import without_controls
from facts.dates import PartialDate
from facts.model import Claim, Dataset, Event, Source
from facts.review import Review
from facts.store.records import TeamReview
from facts.timeline import Timeline, timeline_of

ExportStatus = Literal["verified", "disputed", "reviewed", "all"]
STATUSES: tuple[ExportStatus, ...] = ("verified", "disputed", "reviewed", "all")

# A contested claim (the team's reviewers differ) is in no verdict's export: publishing it
# as verified or disputed would take one reviewer's side. It counts as reviewed.
_WANTED: dict[str, frozenset[str]] = {
    "verified": frozenset({"verified"}),
    "disputed": frozenset({"disputed"}),
    "reviewed": frozenset({"verified", "disputed", "contested"}),
    "all": frozenset({"verified", "disputed", "contested", "unreviewed"}),
}

VERDICT_LABELS = {
    "verified": "Verified",
    "disputed": "Disputed",
    "contested": "Contested",
    "unreviewed": "Not reviewed",
}
# A verdict is never told by colour alone, and not by a symbol alone either.
VERDICT_SYMBOLS = {"verified": "✓", "disputed": "✗", "contested": "⚠", "unreviewed": "○"}
STATUS_TITLES = {
    "verified": "Verified claims",
    "disputed": "Disputed claims",
    "reviewed": "Reviewed claims",
    "all": "All claims",
}
STALE_NOTE = "the claim was reworded after this verdict; check it again"


class ExportOptionError(ValueError):
    """An export that needs an option it was not given (or was given a bad one)."""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What a format needs beyond the dataset and the verdicts.

    ClaimReview: `url_template` is the address of each fact check's page, with
    `{claim_id}` where the claim's id goes: `https://example.org/checks/{claim_id}`.
    TimelineJS: `group_by` names the tags that become the rows of the navigation strip;
    None picks the dataset's main tags and an empty tuple draws no groups.
    """

    publisher: str | None = None
    publisher_url: str | None = None
    url_template: str | None = None
    group_by: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class ExportedClaim:
    """A claim chosen for export, with its verdict and the events it is about.

    For a team's export `team` holds every reviewer's review and `review` the one the
    export shows (see `team_review`); for one reviewer's verdicts `team` is None.
    """

    claim: Claim
    review: Review | None
    stale: bool
    events: tuple[Event, ...]  # timeline order; the first is where the claim sits
    team: TeamReview | None = None
    # `verified`, `disputed`, `contested` (a team's reviewers differ) or `unreviewed`:
    # found once, as every format reads it several times a claim.
    status: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", _status(self.review, self.team))

    @property
    def reviews(self) -> tuple[Review, ...]:
        """Every reviewer's own review of the claim, by reviewer name (one, or none, when
        the export reads one reviewer's verdicts)."""
        if self.team is not None:
            return self.team.reviews
        return (self.review,) if self.review is not None else ()

    # A review's text may come from anywhere (a store another program wrote, a script):
    # control characters are dropped here, so that no format can pass on an escape sequence
    # (JSON would write U+009B and DEL as they are; Markdown and CSV everything).

    # A contested claim has no one note, reviewer or time: `reviews` holds each one's.

    @property
    def note(self) -> str | None:
        return review_note(self.review) if self.status != "contested" else None

    @property
    def reviewer(self) -> str | None:
        if self.review and self.review.verdict and self.status != "contested":
            return without_controls(self.review.reviewer)
        return None

    @property
    def reviewed_at(self) -> str | None:
        if self.review and self.review.verdict and self.status != "contested":
            return without_controls(self.review.at)
        return None


def review_note(review: Review | None) -> str | None:
    """A review's note as exports write it: without control characters, None when blank."""
    note = without_controls(review.note) if review and review.note else None
    return note if note and note.strip() else None


def team_review(team: TeamReview) -> Review | None:
    """The review a team's export shows for a claim: the latest verdict the team stands by
    (the agreed one, or the only reviewer's), so a one-person store exports as it always
    has; for a contested claim the latest verdict (its staleness counts, its words are not
    shown); for a claim nobody judged, the latest note."""
    judged = team.judged
    standing = [review for review in judged if review.verdict == team.verdict] or judged
    return max(standing or team.reviews, key=lambda review: review.at, default=None)


def _status(review: Review | None, team: TeamReview | None) -> str:
    if team is not None and team.status == "contested":
        return "contested"
    return verdict_word(review)


def verdict_word(review: Review | None) -> str:
    """`review.status` as exports write it, a plain string: the same text, without making
    an enum member for each of 100,000 claims."""
    return (review.verdict or "unreviewed") if review else "unreviewed"


@dataclass(frozen=True)
class ExportContext:
    """Everything a format renders from: the selection and the facts around it."""

    dataset: Dataset
    claims: list[ExportedClaim]
    status: ExportStatus
    now: datetime
    options: ExportOptions
    timeline: Timeline
    counts: dict[str, int] = field(default_factory=dict)  # over the whole dataset
    stale_count: int = 0  # over the whole dataset

    @property
    def exported_at(self) -> str:
        """ISO 8601 in UTC, to the second."""
        return self.now.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def reviewers(self) -> list[str]:
        """Everyone with a verdict or a note on an exported claim, by name: the CSV gives
        each of them their own columns."""
        names = {review.reviewer for item in self.claims for review in item.reviews}
        return sorted(without_controls(name) for name in names)

    def source(self, source_id: str | None) -> Source | None:
        return self.dataset.source_by_id.get(source_id) if source_id else None

    def evidence_links(self, item: ExportedClaim) -> list[tuple[Source | None, str | None]]:
        """(source, url) per evidence item; the url is the deep link or the source's own."""
        source_of = self.dataset.source_by_id.get
        links = []
        for evidence in item.claim.evidence:
            source = source_of(evidence.source)
            links.append((source, evidence.url or (source.url if source else None)))
        return links


def select_claims(
    dataset: Dataset, reviews: Mapping[str, Review], status: str = "verified"
) -> list[ExportedClaim]:
    """The claims an export with this `status` holds, in timeline order.

    `verified` and `disputed` keep claims with that verdict, `reviewed` keeps both, `all`
    keeps every claim. A stale verdict (the claim was reworded after it was judged) counts
    as its verdict and is marked stale.
    """
    return _select(timeline_of(dataset), reviews, status)


def _select(
    timeline: Timeline,
    reviews: Mapping[str, Review],
    status: str,
    team: Mapping[str, TeamReview] | None = None,
) -> list[ExportedClaim]:
    wanted = _status_set(status)
    dataset = timeline.dataset
    position = {event.id: index for index, event in enumerate(timeline.events)}
    event_by_id = dataset.event_by_id.__getitem__
    selected = []
    for claim in timeline.claims_in_order():
        judged = team.get(claim.id) if team is not None else None
        review = reviews.get(claim.id)
        if _status(review, judged) not in wanted:
            continue
        ids = claim.events
        events = tuple(
            map(event_by_id, ids if len(ids) == 1 else sorted(ids, key=position.__getitem__))
        )
        stale = review.is_stale(claim) if review else False
        selected.append(ExportedClaim(claim, review, stale, events, judged))
    return selected


def build_context(
    dataset: Dataset,
    reviews: Mapping[str, Review],
    status: str,
    options: ExportOptions,
    now: datetime | None,
    timeline: Timeline | None = None,
    team: Mapping[str, TeamReview] | None = None,
) -> ExportContext:
    """What the formats render from; `timeline` is the dataset's, if the caller has it.

    With `team` (every reviewer's reviews, claim by claim) the export is the team's: each
    claim shows the verdict the team stands by (`team_review`), contested claims are
    `contested`, and `reviews` is ignored.
    """
    _status_set(status)
    if timeline is None or timeline.dataset is not dataset:
        timeline = timeline_of(dataset)
    reviews = exported_reviews(reviews, team)
    moment = datetime.now(UTC) if now is None else now
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    counts, stale = _counts(dataset, reviews, team)
    return ExportContext(
        dataset=dataset,
        claims=_select(timeline, reviews, status, team),
        status=status,  # type: ignore[arg-type]
        now=moment.replace(microsecond=0),
        options=options,
        timeline=timeline,
        counts=counts,
        stale_count=stale,
    )


def exported_reviews(
    reviews: Mapping[str, Review], team: Mapping[str, TeamReview] | None
) -> Mapping[str, Review]:
    """The review an export shows for each claim: the team's (`team_review`) when there is
    a team view, else `reviews` as given."""
    if team is None:
        return reviews
    return {claim_id: review for claim_id, one in team.items() if (review := team_review(one))}


def claims_by_status(
    dataset: Dataset, reviews: Mapping[str, Review], team: Mapping[str, TeamReview] | None
) -> dict[str, int]:
    """How many claims an export of each status (`STATUSES`) would hold: what a dialog
    offers beside each choice, counted as the written file counts them."""
    counts, _ = _counts(dataset, exported_reviews(reviews, team), team)
    return {status: sum(counts[one] for one in _status_set(status)) for status in STATUSES}


def _counts(
    dataset: Dataset, reviews: Mapping[str, Review], team: Mapping[str, TeamReview] | None
) -> tuple[dict[str, int], int]:
    """The dataset's claims by export status, and how many verdicts are stale."""
    counts = {"verified": 0, "disputed": 0, "contested": 0, "unreviewed": 0}
    stale = 0
    for claim in dataset.claims:
        review = reviews.get(claim.id)
        counts[_status(review, team.get(claim.id) if team is not None else None)] += 1
        stale += bool(review and review.is_stale(claim))
    return counts, stale


def _status_set(status: str) -> frozenset[str]:
    try:
        return _WANTED[status]
    except KeyError:
        raise ValueError(
            f"unknown status {status!r}; expected one of {', '.join(STATUSES)}"
        ) from None


def review_date(at: str | None) -> str | None:
    """The calendar date (YYYY-MM-DD, UTC) of a review timestamp, or None."""
    if not at:
        return None
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at[:10] or None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date().isoformat()


def display_day(iso_day: str | None) -> str | None:
    """`2025-03-01` for people: `1 March 2025`."""
    if not iso_day:
        return None
    try:
        return PartialDate.parse(iso_day).display()
    except ValueError:
        return iso_day


def event_when(event: Event) -> str:
    """An event's date for people, with its end when it spans time: `2009`, `1999 – 2009`."""
    if event.end is not None and event.end != event.date:
        return f"{event.date.display()} – {event.end.display()}"
    return event.date.display()


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"
