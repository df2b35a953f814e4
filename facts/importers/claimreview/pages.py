"""The JSON-LD blocks of an HTML page, found with a real HTML parser.

Fact-checkers put ClaimReview in `<script type="application/ld+json">` blocks, often
several a page (one for the site, one for breadcrumbs, one for the review). Each block is
read on its own, so a broken block is reported and the good ones beside it still count.
The page's declared language (`<html lang>`) is kept for reviews that don't state theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_WRAPPERS = re.compile(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|/\*\s*<!\[CDATA\[\s*\*/)|"
    r"(?:-->|//\s*\]\]>|/\*\s*\]\]>\s*\*/)\s*$"
)


@dataclass(frozen=True, slots=True)
class Block:
    """One ld+json script: its number in the page (from 1), its first line and its text."""

    number: int
    line: int
    text: str


@dataclass
class Page:
    blocks: list[Block] = field(default_factory=list)
    language: str | None = None
    microdata: bool = False


def read_page(html: str) -> Page:
    """Every ld+json block of the page, in order."""
    parser = _LdJsonFinder()
    parser.feed(html)
    parser.close()
    return parser.page


class _LdJsonFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.current: list[str] | None = None
        self.start = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html" and values.get("lang", "").strip() and self.page.language is None:
            self.page.language = values["lang"].strip()
        if "claimreview" in values.get("itemtype", "").lower():
            self.page.microdata = True
        kind = values.get("type", "").split(";")[0].strip().lower()
        if tag == "script" and kind == "application/ld+json":
            self.current = []
            self.start = self.getpos()[0]

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.current is not None:
            text = _WRAPPERS.sub("", "".join(self.current))
            self.page.blocks.append(Block(len(self.page.blocks) + 1, self.start, text))
            self.current = None

    def close(self) -> None:
        super().close()
        if self.current is not None:  # the page ends inside the block
            self.handle_endtag("script")
