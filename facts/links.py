"""The web links a checker can open for a claim: its evidence, in the dataset's order.

A link leaves the app (a browser opens it, a terminal makes it clickable), so only http and
https addresses count: the model already refuses other schemes, and this check keeps a
`file:` or `javascript:` address out even from a dataset made some other way.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from facts.model import Claim, Dataset


@dataclass(frozen=True, slots=True)
class Link:
    """A web address and what it is (its source's title)."""

    label: str
    url: str


def is_web_url(url: str) -> bool:
    """Whether `url` is an http or https address with a host (safe to hand a browser)."""
    if any(ord(character) < 33 or 0x7F <= ord(character) <= 0x9F for character in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. "http://[bold]/": brackets that hold no IPv6 address
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def evidence_links(dataset: Dataset, claim: Claim) -> list[Link]:
    """The claim's evidence links, each address once: an evidence item's own deep link,
    else its source's address; items without a web address are left out."""
    links: list[Link] = []
    seen: set[str] = set()
    for item in claim.evidence:
        source = dataset.source_by_id.get(item.source)
        url = item.url or (source.url if source else None)
        if not url or url in seen or not is_web_url(url):
            continue
        seen.add(url)
        links.append(Link(source.title if source else item.source, url))
    return links
