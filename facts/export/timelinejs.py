"""TimelineJS 3 JSON: a title slide, then one slide per event with its claims and verdicts.

Dates carry only the parts the event's date has (a year stays a year: no invented month or
day). Negative years are BCE in both claimline and TimelineJS (which shows -44 as
"44 BCE"), so they pass through unchanged. TimelineJS reads headline and text as HTML, so
everything from the dataset is HTML-escaped. `unique_id` is the event id, which
`claimline import timelinejs` reads back.
"""

from __future__ import annotations

import html
from typing import Any

from facts.dates import PartialDate
from facts.export.selection import (
    STALE_NOTE,
    STATUS_TITLES,
    VERDICT_LABELS,
    VERDICT_SYMBOLS,
    ExportContext,
    ExportedClaim,
    display_day,
    json_text,
    plural,
)
from facts.model import Event


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
    document = {
        "title": _title_slide(ctx),
        "events": [
            _slide(event, claims_by_event.get(event.id, [])) for event in ctx.timeline.events
        ],
    }
    return json_text(document)


def _title_slide(ctx: ExportContext) -> dict[str, Any]:
    dataset = ctx.dataset
    paragraphs = [_paragraphs(dataset.description)] if dataset.description else []
    paragraphs.append(
        f"<p>{html.escape(STATUS_TITLES[ctx.status])}: {plural(len(ctx.claims), 'claim')}, "
        f"exported on {display_day(ctx.now.date().isoformat())}.</p>"
    )
    return {"text": {"headline": html.escape(dataset.title), "text": "".join(paragraphs)}}


def _slide(event: Event, claims: list[ExportedClaim]) -> dict[str, Any]:
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": date_parts(event.date)}
    if event.end is not None:
        slide["end_date"] = date_parts(event.end)
    body = _paragraphs(event.summary) if event.summary else ""
    if claims:
        body += "<ul>" + "".join(_claim_item(item) for item in claims) + "</ul>"
    slide["text"] = {"headline": html.escape(event.title), "text": body}
    if event.tags:
        slide["group"] = html.escape(event.tags[0])  # TimelineJS shows it as HTML
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
    return "<br>".join(html.escape(line) for line in text.strip().splitlines() if line.strip())


def _paragraphs(text: str) -> str:
    parts = [part for part in text.strip().split("\n\n") if part.strip()]
    return "".join(f"<p>{_inline(part)}</p>" for part in parts)
