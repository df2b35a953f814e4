"""Turning dataset text into Rich `Text`: always literal, never markup, never a terminal
escape, never a megabyte.

Dataset text is data. Building `Text` objects (and never passing dataset strings where Rich
or Textual would parse markup) means `[bold]` in a claim is shown as typed. `literal` is
the one way a screen shows a dataset's or a store's text in full; `flat` the one way a
single-line row does.
"""

from __future__ import annotations

import re
from datetime import datetime

from rich.style import Style
from rich.text import Text

from facts.control_chars import without_controls
from facts.links import is_web_url
from facts.verdicts import BADGE_WIDTH, Status

MUTED = "dim"
# A hostile or machine-made dataset may hold a 1 MB claim: wrapping all of it took seconds
# on every visit, the app frozen meanwhile. A screen shows this much of one text and says
# how much it leaves out.
MAX_CHARACTERS = 20_000
# No terminal is this wide: a single-line row never shows more.
LINE_LIMIT = 1_000
_WORD = re.compile(r"\S+")


def literal(text: str, style: str = "") -> Text:
    """Text as typed (never markup), cut after MAX_CHARACTERS with a note saying how much.

    Control characters are dropped (newlines and tabs kept): the loader and the store
    already keep them out, and this is the last place before the terminal.
    """
    text = without_controls(text)
    if len(text) <= MAX_CHARACTERS:
        return Text(text, style=style)
    shown = Text(text[:MAX_CHARACTERS], style=style)
    shown.append(f" … ({len(text) - MAX_CHARACTERS:,} more characters not shown)", style=MUTED)
    return shown


def flat(text: str, limit: int = LINE_LIMIT) -> str:
    """One line of text: line breaks and tabs become spaces, for single-line rows;
    control characters are dropped, as `literal` drops them.

    At most `limit` characters: the row is cropped to the screen anyway, and flattening and
    cropping a 1 MB claim on every repaint froze the app for a second each time.
    """
    words = []
    length = 0
    for match in _WORD.finditer(text):
        words.append(match.group())
        length += len(words[-1]) + 1
        if length > limit:
            break
    return without_controls(" ".join(words)[:limit])


def badge_text(status: Status, style: Style | str = "") -> Text:
    """A verdict as a symbol and a word (never colour alone), padded to a fixed width."""
    return Text(status.badge.ljust(BADGE_WIDTH), style=style)


def readable_time(stamp: str) -> str:
    """`2025-03-01T09:30:00Z` as `1 Mar 2025 09:30 UTC`; anything else as given."""
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%b %Y %H:%M} UTC"


def link_text(url: str, indent: str = "") -> Text:
    """A web address on one line: never wrapped (a URL broken over lines is copied broken)
    but cut with an ellipsis, and clickable where the terminal supports hyperlinks. Only
    an http or https address is made a link; anything else is shown as plain text."""
    style = Style(underline=True, link=url) if is_web_url(url) else Style(underline=True)
    text = Text(indent, no_wrap=True, overflow="ellipsis", end="\n")
    text.append(url, style=style)
    return text
