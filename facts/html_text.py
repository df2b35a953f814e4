"""HTML from other tools turned into the plain text a dataset holds.

Importers meet HTML in fields meant as text (TimelineJS slides, ClaimReview titles and
claims): tags are dropped, entities decoded, links kept as `text (url)` so nothing a
reader could follow is lost, and terminal control characters removed, since a dataset
refuses them. Text in any script, right-to-left included, passes through unchanged.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from facts.control_chars import without_controls


def plain(markup: str, *, one_line: bool = False) -> str:
    """HTML to plain text: paragraphs kept as blank-line breaks, or all on one line."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = without_controls(parser.text())
    if one_line:
        return single_line(text)
    paragraphs = [re.sub(r"[ \t]+", " ", part).strip() for part in re.split(r"\n\s*\n", text)]
    lines = [
        "\n".join(line.strip() for line in part.splitlines() if line.strip()) for part in paragraphs
    ]
    return "\n\n".join(line for line in lines if line)


def single_line(text: str) -> str:
    """The text on one line, runs of white space made one space, controls removed."""
    return re.sub(r"\s+", " ", without_controls(text)).strip()


def first_words(text: str, limit: int = 80) -> str:
    """The start of the text, cut at a word and marked with `…` when longer than `limit`."""
    line = single_line(text)
    if len(line) <= limit:
        return line
    return line[: limit - 1].rsplit(" ", 1)[0] + "…"


def quoted(text: str, limit: int = 60) -> str:
    """The text on one line in quotation marks, shortened, for messages about it."""
    line = single_line(text)
    return f"“{line if len(line) <= limit else line[: limit - 3] + '...'}”"


class _TextExtractor(HTMLParser):
    _BLOCKS = {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "table",
        "tr",
    }
    _HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.parts[start:]).strip()
            if href and re.match(r"^https?://\S+$", href) and href != label:
                self.parts.append(f" ({href})" if label else href)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts)
