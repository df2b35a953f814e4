"""What the detail panel shows for a row: shared by the review screen and the preview.

The preview (tui/screens/preview.py) shows the first rows of a reopened dataset as the
review screen will, so a claim's or an event's detail is drawn by the same code on both.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from facts.session import ReviewSession
from facts.timeline import Row
from tui.renderables import ClaimDetail, KeyHints, claim_sections, event_renderable
from tui.screens import session_calls
from tui.widgets.detail_panel import DetailPanel

# The keys a claim's detail names (the verdicts, the note, the reference), by binding id.
HINTED = ("review.verified", "review.disputed", "review.note", "view.reveal")


def show_row(
    screen: Screen[Any],
    panel: DetailPanel,
    session: ReviewSession,
    row: Row,
    keys: KeyHints,
    *,
    home: bool = True,
) -> None:
    """Show the row's event (with the claims under it) or claim (with its history, read
    from the store: a store that refuses is said on `screen`) in `panel`."""
    if row.kind == "event":
        assert row.event is not None
        event_id = row.event.id
        timeline = session.timeline
        claims = timeline.claims_under[event_id] + timeline.see_also_under[event_id]
        panel.show(event_renderable(session.dataset, row.event, claims))
        return
    claim = row.claim
    assert claim is not None
    detail = ClaimDetail.of(session, claim, session_calls.history(screen, session, claim))
    body, more = claim_sections(session.dataset, detail, session.home_event(claim).title, keys)
    panel.show(body, more, home=home)
