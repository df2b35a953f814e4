"""A dataset whose every text field that reaches a browser-read export holds markup, entities,
`</script>`, `javascript:` or link bait, and which `claimline validate` accepts as it is.

Every payload that could run sets `document.body.dataset.pwned` or fetches a `/pwned…`
path, so a test sees it run whether it is a script, an event handler or a live element.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from facts.load import load_bytes
from facts.model import Dataset
from facts.review import Review

NOW = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
MARK = "document.body.dataset.pwned=1"

# Each fits a tag: at most 64 characters, no comma, no line break, no leading space.
PAYLOADS = [
    f"<img src=/pwned-img onerror={MARK}>",
    "R&D <i>unit</i>",
    "x<y group",
    f"</script><script>{MARK}</script>",
    f"javascript:{MARK}",
    f"<a href=javascript:{MARK}>click</a>",
    f"www.x.org'onmouseover='{MARK}'",
    f"<svg onload={MARK}>",
    "&lt;b&gt; &amp; &#60;i&#62; &not &copy2025",
    "\"double\" & 'single' quotes",
    "<!-- comment --> <![CDATA[x]]>",
    f"<iframe srcdoc='<script>{MARK}</script>'>",
]
# A web address the schema accepts (http(s), no spaces) that tries to close its attribute.
HOSTILE_URL = "https://example.org/x?a=1&b=2'\"><img/src=/pwned-url/onerror=" + MARK + ">"


def hostile_dataset() -> Dataset:
    """One event per payload (title, summary and first tag) and one claim per payload (text,
    claimant, evidence note, source title and a hostile URL), loaded as `validate` loads."""
    events = []
    claims = []
    for number, payload in enumerate(PAYLOADS, start=1):
        events.append(
            {
                "id": f"event-{number}",
                "date": f"{2000 + number}-{number:02d}-01",
                "title": f"{payload} (event {number})",
                "summary": f"Summary: {payload}\n\nSecond paragraph: {payload}",
                "tags": [payload, "hostile"],
                "sources": ["src"],
            }
        )
        claims.append(
            {
                "id": f"claim-{number}",
                "text": f"Claim: {payload}",
                "claimant": f"Claimant {payload}",
                "appeared_in": "src",
                "events": [f"event-{number}"],
                "evidence": [{"source": "src", "url": HOSTILE_URL, "note": f"Note {payload}"}],
            }
        )
    document = {
        "schema_version": 1,
        "id": "hostile",
        "title": f"Title {PAYLOADS[0]} {PAYLOADS[6]}",
        "description": f"Description {PAYLOADS[3]}\n\n{PAYLOADS[8]} {PAYLOADS[9]}",
        "sources": [
            {
                "id": "src",
                "title": f"Source {PAYLOADS[5]}",
                "publisher": f"Publisher {PAYLOADS[0]}",
                "url": HOSTILE_URL,
                "kind": "news",
            }
        ],
        "events": events,
        "claims": claims,
    }
    return load_bytes(json.dumps(document).encode("utf-8"), "hostile.json")


def hostile_reviews(dataset: Dataset) -> dict[str, Review]:
    """A verdict on every claim, each with a note holding its payload."""
    reviews = {}
    for number, claim in enumerate(dataset.claims):
        payload = PAYLOADS[number % len(PAYLOADS)]
        reviews[claim.id] = Review(
            claim.id,
            "verified" if number % 2 else "disputed",
            f"Reviewer's note: {payload}",
            f"reviewer {payload}",
            "2025-03-01T09:30:00Z",
            claim.fingerprint,
        )
    return reviews
