"""JSON for scripts: the dataset's identity, when and what was exported, then the claims.

Keys come in a fixed order and absent values are `null` (never missing), so a diff of two
exports shows only what changed and a script can read every key without checking first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from facts.control_chars import without_controls
from facts.export.json_text import json_pieces, json_text
from facts.export.selection import (
    ExportContext,
    ExportedClaim,
    review_note,
    verdict_word,
)
from facts.model import Event


def render(ctx: ExportContext) -> str:
    return json_text(_document(ctx, list(_claims(ctx))))


def pieces(ctx: ExportContext) -> Iterator[bytes]:
    """`render`'s text as UTF-8, in pieces: the document up to its claims, each claim, the end."""
    return json_pieces(_document(ctx, []), "claims", _claims(ctx))


def _claims(ctx: ExportContext) -> Iterator[dict[str, Any]]:
    """Each exported claim as the file shows it. An event's entry is the same wherever it
    appears, so it is made once and shared (most claims are about an event another claim
    is about too)."""
    event_entries: dict[str, dict[str, Any]] = {}
    for item in ctx.claims:
        events = []
        for event in item.events:
            entry = event_entries.get(event.id)
            if entry is None:
                entry = event_entries[event.id] = _event(event)
            events.append(entry)
        yield _claim(ctx, item, events)


def _document(ctx: ExportContext, claims: list[dict[str, Any]]) -> dict[str, Any]:
    dataset = ctx.dataset
    return {
        "dataset": {
            "id": dataset.id,
            "title": dataset.title,
            "schema_version": dataset.schema_version,
        },
        "exported_at": ctx.exported_at,
        "status": ctx.status,
        "claims": claims,
    }


def _event(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "date": event.date.iso(),
        "end": event.end.iso() if event.end else None,
        "title": event.title,
    }


def _claim(ctx: ExportContext, item: ExportedClaim, events: list[dict[str, Any]]) -> dict[str, Any]:
    claim = item.claim
    source = ctx.source(claim.appeared_in)
    return {
        "id": claim.id,
        "text": claim.text,
        "claimant": claim.claimant,
        "appeared_in": None
        if source is None
        else {
            "id": source.id,
            "title": source.title,
            "publisher": source.publisher,
            "url": source.url,
        },
        "appeared_on": claim.appeared_on.iso() if claim.appeared_on else None,
        "verdict": item.status,
        "note": item.note,
        "reviewer": item.reviewer,
        "reviewed_at": item.reviewed_at,
        "stale": item.stale,
        "reviews": [
            {
                "reviewer": without_controls(review.reviewer),
                "verdict": verdict_word(review),
                "note": review_note(review),
                "reviewed_at": without_controls(review.at),
                "stale": review.is_stale(claim),
            }
            for review in item.reviews
        ],
        "events": events,
        "evidence": [
            {
                "source": evidence.source,
                "title": source.title if source else None,
                "url": url,
                "note": evidence.note,
            }
            for evidence, (source, url) in zip(
                claim.evidence, ctx.evidence_links(item), strict=True
            )
        ],
    }
