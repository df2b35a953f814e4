"""schema.org ClaimReview (JSON-LD), the markup fact-checkers publish with their checks.

The output is a JSON array with one self-contained ClaimReview per claim (each carries its
own `@context`), so one item can be pasted into the page of its fact check, or the whole
array published at once.

The rating scale. A claimline verdict has two values, so the scale has two points and no
more is claimed than was judged ("Disputed" is not "False"):

    Verified  ratingValue 2   (bestRating 2)
    Disputed  ratingValue 1   (worstRating 1)

`alternateName` ("Verified" / "Disputed") is the rating people see. A stale verdict (the
claim was reworded after it was judged) is left out: the markup would present it as a
judgement of words that were never judged.

JSON-LD is published inside `<script type="application/ld+json">`, where `</script>` or
`<!--` in a claim would end the block or change how the page is parsed. `<`, `>` and `&`
are written as `\u003c`, `\u003e` and `\u0026`: the same JSON, and nothing a page's HTML
parser can see.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from facts.control_chars import without_controls
from facts.export.json_text import json_text
from facts.export.selection import (
    ExportContext,
    ExportedClaim,
    ExportOptionError,
    ExportOptions,
    review_date,
)

CONTEXT = "https://schema.org"
BEST_RATING = 2
WORST_RATING = 1
RATINGS = {"verified": (2, "Verified"), "disputed": (1, "Disputed")}
PLACEHOLDER = "{claim_id}"
_AUTHOR_TYPES = {"person": "Person", "organization": "Organization"}


def option_problems(options: ExportOptions) -> dict[str, str]:
    """What is missing or wrong in `options` for ClaimReview, by option name."""
    problems: dict[str, str] = {}
    if not (options.publisher or "").strip():
        problems["publisher"] = (
            "ClaimReview needs the name of the organisation publishing the fact checks"
        )
    elif without_controls(options.publisher or "") != options.publisher:
        problems["publisher"] = "the publisher name must not hold control characters"
    template = (options.url_template or "").strip()
    if not template:
        problems["url_template"] = (
            "ClaimReview needs the address of each fact check's page, with {claim_id} "
            "where the claim's id goes (e.g. https://example.org/checks/{claim_id})"
        )
    elif PLACEHOLDER not in template:
        problems["url_template"] = f"the URL template must contain {PLACEHOLDER}"
    elif not _is_web_url(template.replace(PLACEHOLDER, "x")):
        problems["url_template"] = "the URL template must be an http:// or https:// address"
    if options.publisher_url and not _is_web_url(options.publisher_url.strip()):
        problems["publisher_url"] = "the publisher URL must be an http:// or https:// address"
    return problems


def skipped(ctx: ExportContext) -> list[ExportedClaim]:
    """Claims of the selection left out of ClaimReview: stale or without a verdict."""
    return [item for item in ctx.claims if item.stale or item.status not in RATINGS]


def render(ctx: ExportContext) -> str:
    problems = option_problems(ctx.options)
    if problems:
        raise ExportOptionError("; ".join(problems.values()))
    left_out = {item.claim.id for item in skipped(ctx)}
    reviews = [_claim_review(ctx, item) for item in ctx.claims if item.claim.id not in left_out]
    return script_safe(json_text(reviews))


_SCRIPT_CODES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def script_safe(json_document: str) -> str:
    """JSON text that can sit in an HTML `<script>` element as it is. These characters
    only ever occur inside JSON strings, where an escape means the same character."""
    return re.sub("[<>&]", lambda match: _SCRIPT_CODES[match.group()], json_document)


def _claim_review(ctx: ExportContext, item: ExportedClaim) -> dict[str, Any]:
    options = ctx.options
    claim = item.claim
    value, label = RATINGS[item.status]
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": _url(options.url_template or "", claim.id),
        "claimReviewed": claim.text,
        "datePublished": review_date(item.reviewed_at) or ctx.now.date().isoformat(),
        "author": _organisation(options.publisher or "", options.publisher_url),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": label,
        },
        "itemReviewed": _item_reviewed(ctx, item),
    }
    if item.note:
        review["reviewBody"] = item.note
    citations = []
    for evidence, (source, url) in zip(claim.evidence, ctx.evidence_links(item), strict=True):
        work: dict[str, Any] = {
            "@type": "CreativeWork",
            "name": source.title if source else evidence.source,
        }
        if url:
            work["url"] = url
        citations.append(work)
    if citations:
        review["citation"] = citations
    return review


def _item_reviewed(ctx: ExportContext, item: ExportedClaim) -> dict[str, Any]:
    claim = item.claim
    reviewed: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant and claim.claimant_kind:
        # Only a claimant the dataset says is a person or an organisation becomes the
        # author: guessing would publish a newspaper as a Person, or a sentence such as
        # "the article (author not named)" as someone's name.
        reviewed["author"] = {"@type": _AUTHOR_TYPES[claim.claimant_kind], "name": claim.claimant}
    if claim.appeared_on:
        reviewed["datePublished"] = claim.appeared_on.iso()
    source = ctx.source(claim.appeared_in)
    if source is not None:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "name": source.title}
        if source.url:
            appearance["url"] = source.url
        if source.publisher:
            appearance["publisher"] = _organisation(source.publisher, None)
        if source.published:
            appearance["datePublished"] = source.published.iso()
        reviewed["appearance"] = appearance
    return reviewed


def _organisation(name: str, url: str | None) -> dict[str, Any]:
    organisation: dict[str, Any] = {"@type": "Organization", "name": name.strip()}
    if url and url.strip():
        organisation["url"] = url.strip()
    return organisation


def _url(template: str, claim_id: str) -> str:
    # Plain replacement, not str.format: a template is user text and may hold other braces.
    return template.strip().replace(PLACEHOLDER, claim_id)


def _is_web_url(url: str) -> bool:
    if re.search(r"\s", url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # brackets that hold no IPv6 address
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
