"""Fact-checks mapped to a dataset: one claim per distinct claim, a source per fact-check,
an event where each claim appeared, the rating as the reference — or a line saying why not.

The same builder makes a new dataset and merges into an existing one (a new dataset is a
merge into nothing): what is already there is found by the fact-check's URL and the
claim's text, so a second import of the same input adds nothing and no id ever changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from facts.dates import PartialDate
from facts.html_text import first_words, quoted
from facts.ids import IdAllocator, slugify
from facts.importers.claimreview.ratings import normalise, verdict_for
from facts.importers.claimreview.records import Appearance, FoundReview
from facts.importers.claimreview.references import Ratings
from facts.importers.claimreview.report import Report
from facts.model import LANGUAGE_PATTERN, SCHEMA_VERSION, URL_PATTERN, Dataset

_URL = re.compile(URL_PATTERN)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_URL_MAX = 2048


def build_dataset(
    reviews: Iterable[FoundReview],
    report: Report,
    *,
    existing: Dataset | None = None,
    dataset_id: str = "fact-checks",
    title: str = "Imported fact-checks",
    description: str | None = None,
) -> dict[str, Any]:
    """The dataset (plain data) the reviews make, merged into `existing` when given.

    Reviews are mapped as they come, so report lines keep the order of the input.
    """
    builder = DatasetBuilder(
        report, existing=existing, dataset_id=dataset_id, title=title, description=description
    )
    for review in reviews:
        builder.add(review)
    return builder.finish()


class DatasetBuilder:
    """Adds fact-checks one by one to a dataset kept as plain data, ready to validate."""

    def __init__(
        self,
        report: Report,
        *,
        existing: Dataset | None = None,
        dataset_id: str = "fact-checks",
        title: str = "Imported fact-checks",
        description: str | None = None,
    ) -> None:
        self.report = report
        if existing is not None:
            self.data: dict[str, Any] = existing.model_dump(mode="json", exclude_unset=True)
        else:
            self.data = {"schema_version": SCHEMA_VERSION, "id": dataset_id, "title": title}
            if description:
                self.data["description"] = description
        for key in ("sources", "events", "claims"):
            self.data.setdefault(key, [])
        self.merging = existing is not None
        self.existing_claims = {claim["id"] for claim in self.data["claims"]}
        self.source_ids = IdAllocator(source["id"] for source in self.data["sources"])
        self.event_ids = IdAllocator(event["id"] for event in self.data["events"])
        self.claim_ids = IdAllocator(self.existing_claims)
        self.sources: dict[tuple[str, ...], str] = {
            _source_key(source): source["id"] for source in self.data["sources"]
        }
        self.claims: dict[str, list[dict[str, Any]]] = {}
        for claim in self.data["claims"]:
            self.claims.setdefault(normalise(claim["text"]), []).append(claim)
        self.seen: dict[tuple[str, str], str] = {}
        self.ratings = Ratings(self.report)
        # (place, date) → the event of this import's claims made there and then.
        self.occasions: dict[tuple[str, str], dict[str, Any]] = {}
        self.source_titles = {source["id"]: source["title"] for source in self.data["sources"]}
        self.languages: set[str] = set()

    def add(self, review: FoundReview) -> None:
        """Import one fact-check, merge it into its claim, or report why not."""
        self.report.read += 1
        where = review.where
        if not review.claim:
            self.report.skip(where, "no claim text (claimReviewed is missing or empty)")
            return
        if not review.url:
            self.report.skip(where, "no URL for the fact-check (url is missing)")
            return
        if not _is_url(review.url):
            self.report.skip(where, f"the URL {quoted(review.url)} is not an http(s) address")
            return
        key = (review.url, normalise(review.claim))
        if key in self.seen:
            self.report.skip(where, f"duplicate of {self.seen[key]} (same URL and claim)")
            return
        self.seen[key] = where
        claim = self.find_claim(review.claim, review.claimant)
        source_key = ("url", review.url)
        if claim is not None and any(
            evidence["source"] == self.sources.get(source_key) for evidence in claim["evidence"]
        ):
            self.report.skip(where, f"already there: claim {claim['id']!r} has this fact-check")
            return
        if claim is None and review.claim_date is None and review.date is None:
            self.report.skip(
                where,
                "no date for the claim or the fact-check, so no place on the timeline; "
                "add datePublished to the review",
            )
            return
        language = self.language(review)
        source_id = self.review_source(review, language)
        if claim is None:
            claim = self.new_claim(review)
            self.report.imported += 1
        elif claim["id"] in self.existing_claims:
            self.report.merged += 1
        else:
            self.report.imported += 1
        claim["evidence"].append({"source": source_id, "note": _evidence_note(review)})
        appearances = self.appearance_sources(review)
        if appearances and "appeared_in" not in claim and claim["id"] not in self.existing_claims:
            claim["appeared_in"] = appearances[0]  # a later review said where it appeared
        for appearance_id in appearances:
            if appearance_id != claim.get("appeared_in") and all(
                evidence["source"] != appearance_id for evidence in claim["evidence"]
            ):
                claim["evidence"].append(
                    {"source": appearance_id, "note": "Where the claim appeared."}
                )
        self.ratings.add(claim["id"], review, source_id, verdict_for(review.rating))

    def find_claim(self, text: str, claimant: str | None) -> dict[str, Any] | None:
        """The claim with this text, unless both name a claimant and they differ."""
        for claim in self.claims.get(normalise(text), []):
            known = claim.get("claimant")
            if claimant is None or known is None or normalise(known) == normalise(claimant):
                return claim
        return None

    def new_claim(self, review: FoundReview) -> dict[str, Any]:
        assert review.claim is not None and review.url is not None
        base = _words_slug(review.claim, 50) or url_slug(review.url, "claim")
        claim_id = self.claim_ids.claim(base)
        appearances = self.appearance_sources(review)
        event_id = self.shared_event(review, appearances)
        if event_id is None:
            event_id = self.event_ids.claim(claim_id)
            event = self.event(review, event_id, appearances)
            self.data["events"].append(event)
            if appearances and review.claim_date is not None:
                self.occasions[(appearances[0], review.claim_date.iso())] = event
        claim: dict[str, Any] = {"id": claim_id, "text": review.claim}
        if review.claimant:
            claim["claimant"] = review.claimant
            if review.claimant_kind:
                claim["claimant_kind"] = review.claimant_kind
        if appearances:
            claim["appeared_in"] = appearances[0]
        if review.claim_date is not None:
            claim["appeared_on"] = review.claim_date.iso()
        claim["events"] = [event_id]
        claim["evidence"] = []
        self.data["claims"].append(claim)
        self.claims.setdefault(normalise(review.claim), []).append(claim)
        return claim

    def shared_event(self, review: FoundReview, appearances: list[str]) -> str | None:
        """The event of an earlier claim of this import made in the same place on the same
        date (a speech, a post, an interview), now titled after that place; or None."""
        if not appearances or review.claim_date is None:
            return None
        event = self.occasions.get((appearances[0], review.claim_date.iso()))
        if event is None:
            return None
        event["title"] = self.source_titles[appearances[0]]
        event["summary"] = "Where these claims were made, as the fact-checks give it."
        return str(event["id"])

    def event(self, review: FoundReview, event_id: str, appearances: list[str]) -> dict[str, Any]:
        """The claim's appearance on the timeline, at the date and precision given."""
        said = f"“{first_words(review.claim or '', 70)}”"
        title = f"{review.claimant}: {said}" if review.claimant else f"Claim made: {said}"
        if review.claim_date is not None:
            date: PartialDate = review.claim_date
            summary = "When the claim was made, as the fact-check gives it."
        else:
            assert review.date is not None
            date = review.date
            by = f" by {review.publisher}" if review.publisher else ""
            summary = (
                "The claim's own date is not given: this is the date of its fact-check"
                f"{by}, so the claim was made on or before it."
            )
            self.report.note(
                review.where, f"no date for the claim; its event takes the review's ({date.iso()})"
            )
        event: dict[str, Any] = {"id": event_id, "date": _date_value(date), "title": title}
        event["summary"] = summary
        event["sources"] = appearances[:1] or [self.sources[("url", review.url or "")]]
        return event

    def review_source(self, review: FoundReview, language: str | None) -> str:
        key = ("url", review.url or "")
        if key in self.sources:
            return self.sources[key]
        url = review.url or ""
        source: dict[str, Any] = {"id": self.source_ids.claim(url_slug(url, "fact-check"))}
        source["title"] = review.title or f"Fact-check of “{first_words(review.claim or '', 60)}”"
        if review.publisher:
            source["publisher"] = review.publisher
        source["url"] = url
        if review.date is not None:
            source["published"] = review.date.iso()
        source["kind"] = "article"
        if language:
            source["language"] = language
        return self.add_source(key, source)

    def appearance_sources(self, review: FoundReview) -> list[str]:
        """The ids of the sources where the claim appeared, first appearance first."""
        return [self.appearance_source(review, appearance) for appearance in review.appearances]

    def appearance_source(self, review: FoundReview, appearance: Appearance) -> str:
        url = appearance.url
        if url is not None and not _is_url(url):
            self.report.note(
                review.where, f"appearance URL {quoted(url)} is not an http(s) address; left out"
            )
            url = None
        title = appearance.title or (
            f"Where the claim appeared ({_host(url)})" if url else "Where the claim appeared"
        )
        source: dict[str, Any] = {"id": "", "title": title}
        if appearance.publisher:
            source["publisher"] = appearance.publisher
        if url:
            source["url"] = url
        if appearance.date is not None:
            source["published"] = appearance.date.iso()
        source["kind"] = "other"
        key = _source_key(source)
        if key in self.sources:
            return self.sources[key]
        source["id"] = self.source_ids.claim(url_slug(url, "appearance") if url else "appearance")
        return self.add_source(key, source)

    def add_source(self, key: tuple[str, ...], source: dict[str, Any]) -> str:
        self.data["sources"].append(source)
        self.sources[key] = source["id"]
        self.source_titles[source["id"]] = source["title"]
        return str(source["id"])

    def language(self, review: FoundReview) -> str | None:
        if review.language is None:
            return None
        if not _LANGUAGE.match(review.language):
            self.report.note(
                review.where, f"language {quoted(review.language)} is not a language code; left out"
            )
            return None
        self.languages.add(review.language.lower())
        return review.language

    def finish(self) -> dict[str, Any]:
        """The dataset as plain data: references settled, the language set."""
        self.ratings.settle(self.data["claims"], self.existing_claims)
        if not self.merging:
            languages = {code.split("-")[0] for code in self.languages}
            self.data["language"] = languages.pop() if len(languages) == 1 else "mul"
            self.data = _ordered(self.data)
        return self.data


def url_slug(url: str, fallback: str) -> str:
    """A readable id from an address: its host and the end of its path."""
    parts = urlsplit(url)
    host = slugify(parts.netloc.removeprefix("www."), fallback="", max_length=30)
    path = slugify(parts.path, fallback="", max_length=500)
    room = 70 - len(host) - 1
    tail = path[-room:].lstrip("-") if room > 0 else ""
    return "-".join(part for part in (host, tail) if part) or fallback


def _words_slug(text: str, limit: int) -> str:
    """The text's slug, cut after a whole word when it is longer than `limit`."""
    slug = slugify(text, fallback="", max_length=4 * limit)
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    return cut.rsplit("-", 1)[0] if "-" in cut else slug[:limit]


def _source_key(source: dict[str, Any]) -> tuple[str, ...]:
    """Sources are the same when they have the same address, or, with none, the same title,
    publisher and date."""
    if source.get("url"):
        return ("url", source["url"])
    return ("title", source["title"], source.get("publisher") or "", source.get("published") or "")


def _evidence_note(review: FoundReview) -> str:
    by = review.publisher or "The fact-checker"
    wording = review.rating.wording()
    rated = f"{by} rated it “{wording}”." if wording else f"{by} gave no rating."
    if review.claimant_role:
        rated += f" The claimant: {review.claimant}, {review.claimant_role}."
    lines = [rated]
    if review.rating.explanation and review.rating.explanation != wording:
        lines.append(review.rating.explanation)
    if review.body:
        lines.append(review.body)
    return "\n\n".join(lines)


def _is_url(url: str) -> bool:
    return len(url) <= _URL_MAX and bool(_URL.match(url))


def _host(url: str | None) -> str:
    return urlsplit(url or "").netloc.removeprefix("www.") or "unknown site"


def _date_value(date: PartialDate) -> int | str:
    return date.year if date.month is None else date.iso()


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("schema_version", "id", "title", "description", "language")
    head = {key: data[key] for key in keys if key in data}
    return head | {key: value for key, value in data.items() if key not in head}
