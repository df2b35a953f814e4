"""Finding the fact-checks in a parsed input, whatever shape the publisher gave it.

Handled: a ClaimReview object alone; a list of them; an `@graph`; a DataFeed whose
DataFeedItems hold one or several reviews in `item`; a ClaimReview nested in another
node (a WebPage's `mainEntity`, an Article's `hasPart`); a Fact Check Tools API
`claims:search` response (`claims[]` with `claimReview[]`), alone or in a list. Types may
be a string or a list, bare or prefixed; `@context` may be http or https schema.org, or
absent. Anything else is named in the report with its path, never skipped silently.
"""

from __future__ import annotations

from typing import Any

from facts.dates import PartialDate
from facts.importers.claimreview import jsonld
from facts.importers.claimreview.records import Appearance, FoundReview, Rating
from facts.importers.claimreview.report import Report

MAX_DEPTH = 40
_BODY_LIMIT = 400


def find_reviews(
    value: Any, where: str, report: Report, *, language: str | None = None
) -> list[FoundReview]:
    """Every review in one parsed input (a file, or one ld+json block of a page)."""
    finder = _Finder(report, language, where)
    found = finder.walk(value, "", 0, quiet=False)
    if found == 0 and not finder.left_out and not isinstance(value, list):
        finder.left_out.append(_describe(value))
    if finder.left_out:
        what = "; ".join(finder.left_out)
        report.ignore(
            where, f"no review: {what}" if found == 0 else f"not reviews, left out: {what}"
        )
    return finder.reviews


class _Finder:
    def __init__(self, report: Report, language: str | None, prefix: str) -> None:
        self.report = report
        self.prefix = prefix
        self.language = language
        self.reviews: list[FoundReview] = []
        self.left_out: list[str] = []

    def place(self, path: str) -> str:
        """Where a path of this input is, for the report: `page.html block 2 → @graph[1]`."""
        return f"{self.prefix} → {path}" if path else self.prefix

    def walk(self, value: Any, where: str, depth: int, *, quiet: bool) -> int:
        """How many reviews `value` holds, each added to `self.reviews`."""
        if depth > MAX_DEPTH:
            self.left_out.append(f"{where or 'the top'}: nested deeper than {MAX_DEPTH} levels")
            return 0
        if isinstance(value, list):
            return self.walk_items(value, where, depth, quiet=quiet)
        if not isinstance(value, dict):
            return 0
        if "@context" in value and not jsonld.is_schema_context(value["@context"]):
            context = jsonld.text(value["@context"]) or "object"
            self.left_out.append(
                f"{where or 'the top'}: its @context {context!r} is not schema.org, "
                "so its terms may mean something else"
            )
            return 0
        if jsonld.has_type(value, "ClaimReview"):
            self.reviews.append(self.claim_review(value, where))
            return 1
        if "@graph" in value:
            return self.walk_items(jsonld.as_list(value["@graph"]), _child(where, "@graph"), depth)
        if jsonld.has_type(value, "DataFeed") or "dataFeedElement" in value:
            elements = jsonld.as_list(value.get("dataFeedElement"))
            return self.walk_items(elements, _child(where, "dataFeedElement"), depth)
        if jsonld.has_type(value, "DataFeedItem"):
            return self.walk_items(jsonld.as_list(value.get("item")), _child(where, "item"), depth)
        if "@type" not in value and isinstance(value.get("claims"), list):
            return self.walk_items(value["claims"], _child(where, "claims"), depth)
        if "@type" not in value and "claimReview" in value:
            return self.api_claim(value, where)
        # Another node (a WebPage, an Article): a review may be nested in it.
        return sum(
            self.walk(child, _child(where, str(key)), depth + 1, quiet=True)
            for key, child in value.items()
            if isinstance(child, (dict, list))
        )

    def walk_items(self, items: list[Any], where: str, depth: int, *, quiet: bool = False) -> int:
        total = 0
        for index, item in enumerate(items):
            said = len(self.left_out)
            found = self.walk(item, f"{where}[{index}]", depth + 1, quiet=quiet)
            unsaid = len(self.left_out) == said and not isinstance(item, list)
            if found == 0 and not quiet and unsaid:
                self.left_out.append(f"{where}[{index}]: {_describe(item)}")
            total += found
        return total

    def claim_review(self, node: dict[str, Any], where: str) -> FoundReview:
        items = jsonld.nodes(node.get("itemReviewed"))
        item = items[0] if items else {}
        claim = jsonld.text(node.get("claimReviewed"))
        if claim is None and jsonld.has_type(item, "Claim"):
            claim = jsonld.text(item.get("name")) or jsonld.text(item.get("text"))
            if claim:
                self.report.note(
                    self.place(where), "no claimReviewed; the claim's text is itemReviewed's name"
                )
        authors = item.get("author") if "author" in item else item.get("creator")
        appearances = self.appearances(item, where)
        rating_nodes = jsonld.nodes(node.get("reviewRating"))
        rating = self.rating(rating_nodes[0]) if rating_nodes else Rating()
        body = jsonld.text(node.get("reviewBody"), one_line=False) or jsonld.text(
            node.get("description"), one_line=False
        )
        publisher = node.get("author") if "author" in node else node.get("publisher")
        return FoundReview(
            where=self.place(where),
            url=jsonld.text(node.get("url")),
            claim=_unquoted(claim),
            claimant=", ".join(jsonld.names_of(authors)) or None,
            claimant_kind=_kind(authors),
            claimant_role=_role(authors),
            claim_date=self.claim_date(item, appearances, where),
            appearances=appearances,
            publisher=jsonld.name_of(publisher),
            publisher_site=_site(publisher),
            title=jsonld.text(node.get("name")) or jsonld.text(node.get("headline")),
            date=self.date(node.get("datePublished"), where, "datePublished"),
            language=_language(node.get("inLanguage")) or self.language,
            rating=rating,
            body=_shortened(body),
        )

    def api_claim(self, claim: dict[str, Any], where: str) -> int:
        reviews = jsonld.nodes(claim.get("claimReview"))
        if not reviews:
            self.left_out.append(f"{where or 'the top'}: a claim with no claimReview")
            return 0
        for index, review in enumerate(reviews):
            publisher = review.get("publisher")
            self.reviews.append(
                FoundReview(
                    where=self.place(_child(where, f"claimReview[{index}]")),
                    url=jsonld.text(review.get("url")),
                    claim=_unquoted(jsonld.text(claim.get("text"))),
                    claimant=jsonld.text(claim.get("claimant")),
                    claim_date=self.date(claim.get("claimDate"), where, "claimDate"),
                    publisher=jsonld.name_of(publisher) or _site(publisher),
                    publisher_site=_site(publisher),
                    title=jsonld.text(review.get("title")),
                    date=self.date(review.get("reviewDate"), where, "reviewDate"),
                    language=jsonld.text(review.get("languageCode")) or self.language,
                    rating=Rating(word=jsonld.text(review.get("textualRating"))),
                )
            )
        return len(reviews)

    def appearances(self, item: dict[str, Any], where: str) -> tuple[Appearance, ...]:
        """firstAppearance first, then every other appearance, each once."""
        found: list[Appearance] = []
        values = jsonld.as_list(item.get("firstAppearance")) + jsonld.as_list(
            item.get("appearance")
        )
        if not values and not jsonld.has_type(item, "Claim") and "url" in item:
            values = [item]  # older markup: the reviewed CreativeWork is where it appeared
        for value in values:
            if isinstance(value, dict):
                appearance = Appearance(
                    url=jsonld.text(value.get("url")),
                    title=jsonld.text(value.get("name")) or jsonld.text(value.get("headline")),
                    publisher=jsonld.name_of(value.get("author"))
                    or jsonld.name_of(value.get("publisher")),
                    date=self.date(value.get("datePublished"), where, "appearance datePublished"),
                )
            else:
                appearance = Appearance(url=jsonld.text(value))
            if (appearance.url or appearance.title) and all(
                appearance.url is None or appearance.url != seen.url for seen in found
            ):
                found.append(appearance)
        return tuple(found)

    def claim_date(
        self, item: dict[str, Any], appearances: tuple[Appearance, ...], where: str
    ) -> PartialDate | None:
        """When the claim was made: its own date, else its first appearance's."""
        date = self.date(item.get("datePublished"), where, "itemReviewed datePublished")
        if date is not None:
            return date
        dated = [appearance.date for appearance in appearances if appearance.date is not None]
        return dated[0] if dated else None

    def date(self, value: Any, where: str, key: str) -> PartialDate | None:
        date, problem = jsonld.read_date(value)
        if problem:
            self.report.note(self.place(where), f"{key}: {problem}; left out")
        return date

    @staticmethod
    def rating(node: dict[str, Any]) -> Rating:
        return Rating(
            word=jsonld.text(node.get("alternateName")) or jsonld.text(node.get("name")),
            value=jsonld.number(node.get("ratingValue")),
            best=jsonld.number(node.get("bestRating")),
            worst=jsonld.number(node.get("worstRating")),
            explanation=jsonld.text(node.get("ratingExplanation"), one_line=False),
        )


_QUOTES = {'"': '"', "“": "”", "”": "”", "«": "»", "„": "“", "‘": "’", "'": "'", "「": "」"}


def _unquoted(claim: str | None) -> str | None:
    """The claim without the quotation marks some publishers put around all of it."""
    if claim is None or len(claim) < 3:
        return claim
    opening, closing = claim[0], _QUOTES.get(claim[0])
    inner = claim[1:-1]
    if closing and claim[-1] == closing and opening not in inner and closing not in inner:
        return inner.strip() or claim
    return claim


def _child(where: str, key: str) -> str:
    """The path of a property below `where`: `@graph[2].item`."""
    return f"{where}.{key}" if where else key


# schema.org's Organization and the subtypes publishers give claimants.
_ORGANIZATIONS = {
    "Organization",
    "GovernmentOrganization",
    "NewsMediaOrganization",
    "PoliticalParty",
    "NGO",
    "Corporation",
    "EducationalOrganization",
}


def _kind(authors: Any) -> str | None:
    """`person` or `organization` when every claimant's @type says so; None otherwise."""
    kinds = set()
    for author in jsonld.as_list(authors):
        types = set(jsonld.types_of(author)) if isinstance(author, dict) else set()
        if "Person" in types:
            kinds.add("person")
        elif types & _ORGANIZATIONS:
            kinds.add("organization")
        else:
            return None
    return kinds.pop() if len(kinds) == 1 else None


def _role(authors: Any) -> str | None:
    """What the first claimant is (job title, affiliation), when the markup says."""
    people = jsonld.nodes(authors)
    if not people:
        return None
    parts = [jsonld.text(people[0].get("jobTitle")), jsonld.name_of(people[0].get("affiliation"))]
    return ", ".join(part for part in parts if part) or None


def _site(publisher: Any) -> str | None:
    for node in jsonld.nodes(publisher):
        site = jsonld.text(node.get("url")) or jsonld.text(node.get("site"))
        if site:
            return site
    return None


def _language(value: Any) -> str | None:
    """`"es"`, or a Language node's code (`alternateName`), or its name."""
    for node in jsonld.nodes(value):
        return jsonld.text(node.get("alternateName")) or jsonld.text(node.get("name"))
    return jsonld.text(value)


def _shortened(text: str | None) -> str | None:
    if text is None or len(text) <= _BODY_LIMIT:
        return text
    return text[: _BODY_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _describe(value: Any) -> str:
    """What a value that holds no review is, for the report."""
    if isinstance(value, dict):
        types = jsonld.types_of(value)
        if types:
            kind = "/".join(types)[:60]
            return f"{'an' if kind[0].lower() in 'aeiou' else 'a'} {kind}"
        keys = ", ".join(str(key)[:20] for key in list(value)[:4])
        return f"an object without @type (keys: {keys or 'none'}), not a shape claimline reads"
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    return {str: "a text", bool: "a true/false", type(None): "a null"}.get(type(value), "a number")
