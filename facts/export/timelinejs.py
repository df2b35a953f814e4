"""TimelineJS 3 JSON: a title slide, then one slide per event with its claims and verdicts.

Dates carry only the parts the event's date has (a year stays a year: no invented month or
day). Negative years are BCE in both claimline and TimelineJS (which shows -44 as
"44 BCE"), so they pass through unchanged. `unique_id` is the event id, which
`claimline import timelinejs` reads back; the title slide has its own, so TimelineJS does
not build one from the headline.

What TimelineJS 3.9.11 does with each text (read in its source; docs/export.md has the
table) decides how it is encoded, so that a reader sees exactly the dataset's text:

- `text.headline` and `text.text` are sanitised by DOMPurify and written into the page as
  HTML: dataset text is encoded once.
- `group` is first reduced to its text by an HTML parser (which decodes entities) and the
  result written as HTML: a tag is encoded twice, or `&lt;img onerror=…&gt;` would become
  a live element.
- The headline is also put as it is into the aria-label of the previous/next buttons, so
  only what HTML needs is encoded (`<`, and `&` where it could start a character
  reference); quotes stay quotes, which screen readers read as quotes.
- `autolink` is off on every slide: TimelineJS would run its link maker over the sanitised
  text, and it builds `<a href='…'>` from `www.` text up to the next space, quotes included.
"""

from __future__ import annotations

import re
from typing import Any

from facts.dates import PartialDate
from facts.export.json_text import json_text
from facts.export.selection import (
    STALE_NOTE,
    STATUS_TITLES,
    VERDICT_LABELS,
    VERDICT_SYMBOLS,
    ExportContext,
    ExportedClaim,
    display_day,
    plural,
)
from facts.export.timeline_groups import event_groups
from facts.model import Event

# `<` starts a tag; `&` starts a character reference only before a letter, digit or `#`.
_HTML_SPECIAL = re.compile(r"<|&(?=[A-Za-z0-9#])")
_HTML_CODES = {"<": "&lt;", "&": "&amp;"}


def html_literal(text: str) -> str:
    """`text` as HTML that shows exactly `text`, with nothing encoded that needn't be."""
    return _HTML_SPECIAL.sub(lambda match: _HTML_CODES[match.group()], text)


def date_parts(date: PartialDate) -> dict[str, int]:
    """`{"year": 2025, "month": 2}`: the parts the date has, as numbers."""
    parts = {"year": date.year}
    if date.month is not None:
        parts["month"] = date.month
    if date.day is not None:
        parts["day"] = date.day
    return parts


def render(ctx: ExportContext) -> str:
    claims_by_event: dict[str, list[ExportedClaim]] = {}
    for item in ctx.claims:
        for event in item.events:
            claims_by_event.setdefault(event.id, []).append(item)
    events = ctx.timeline.events
    groups = event_groups(events, ctx.options.group_by)
    document = {
        "title": _title_slide(ctx),
        "events": [
            _slide(event, claims_by_event.get(event.id, []), groups.get(event.id))
            for event in events
        ],
    }
    return json_text(document)


def title_id(events: list[Event]) -> str:
    """`title`, or `title-2`… when an event's id would read as `title` in TimelineJS."""
    taken = {_slug(event.id) for event in events}
    candidate, number = "title", 1
    while candidate in taken:
        number += 1
        candidate = f"title-{number}"
    return candidate


def _slug(event_id: str) -> str:
    # What TimelineJS makes of an id: lower case, `_` as `-`, other punctuation dropped.
    slug = re.sub(r"[^a-z0-9 -]", "", event_id.lower().replace("_", "-"))
    return re.sub(r"-+", "-", slug)


def _title_slide(ctx: ExportContext) -> dict[str, Any]:
    dataset = ctx.dataset
    paragraphs = [_paragraphs(dataset.description)] if dataset.description else []
    paragraphs.append(
        f"<p>{STATUS_TITLES[ctx.status]}: {plural(len(ctx.claims), 'claim')}, "
        f"exported on {display_day(ctx.now.date().isoformat())}.</p>"
    )
    return {
        "unique_id": title_id(ctx.timeline.events),
        "autolink": False,
        "text": {"headline": html_literal(dataset.title), "text": "".join(paragraphs)},
    }


def _slide(event: Event, claims: list[ExportedClaim], group: str | None) -> dict[str, Any]:
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": date_parts(event.date)}
    if event.end is not None:
        slide["end_date"] = date_parts(event.end)
    body = _paragraphs(event.summary) if event.summary else ""
    if claims:
        body += "<ul>" + "".join(_claim_item(item) for item in claims) + "</ul>"
    slide["text"] = {"headline": html_literal(event.title), "text": body}
    if group is not None:
        # Decoded once to text, then written as HTML: encoded for both.
        slide["group"] = html_literal(html_literal(group))
    slide["autolink"] = False
    return slide


def _claim_item(item: ExportedClaim) -> str:
    claim = item.claim
    status = item.status
    text = (
        f"<li><strong>{VERDICT_SYMBOLS[status]} {VERDICT_LABELS[status]}</strong>"
        f"{' (stale: ' + STALE_NOTE + ')' if item.stale else ''}: "
        f"{_inline(claim.text)}"
    )
    if claim.claimant:
        text += f" <em>({_inline(claim.claimant)})</em>"
    if item.note:
        text += f"<br>Note: {_inline(item.note)}"
    return text + "</li>"


def _inline(text: str) -> str:
    return "<br>".join(html_literal(line) for line in text.strip().splitlines() if line.strip())


def _paragraphs(text: str) -> str:
    parts = [part for part in text.strip().split("\n\n") if part.strip()]
    return "".join(f"<p>{_inline(part)}</p>" for part in parts)
