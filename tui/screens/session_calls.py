"""A screen's calls to its session that the store may refuse, and what the screen says.

The review screen and the presentation mark, undo, redo and read a claim's history the
same way: the session raises the store's `StoreError` and stays as it was; the screen
shows the error as a notification (once per outage of a server, see tui/store_watch.py)
and carries on.
"""

from __future__ import annotations

from typing import Any, Literal

from textual.screen import Screen

from facts.model import Claim
from facts.session import Change, ReviewSession
from facts.store import StoreError
from facts.verdicts import Verdict
from tui.store_watch import store_failed


def mark(
    screen: Screen[Any], session: ReviewSession, claim: Claim, verdict: Verdict | None
) -> bool:
    """Record the verdict; False (and the store's reason on screen) if it was not saved."""
    try:
        session.mark(claim, verdict)
    except StoreError as error:
        store_failed(screen, session.store, error, "Not saved", unsaved=True)
        return False
    return True


def undo_or_redo(
    screen: Screen[Any], session: ReviewSession, which: Literal["undo", "redo"]
) -> Change | None:
    """The change undone or redone; None, said on screen, when there was nothing to take
    back or the store refused."""
    try:
        change = session.undo() if which == "undo" else session.redo()
    except StoreError as error:
        store_failed(screen, session.store, error, f"Could not {which}", unsaved=True)
        return None
    if change is None:
        screen.notify(f"Nothing to {which}.", timeout=2)
    return change


def history(screen: Screen[Any], session: ReviewSession, claim: Claim) -> list[Change]:
    """The claim's history, or none (and the store's reason on screen) if unreadable."""
    try:
        return session.history(claim.id)
    except StoreError as error:
        store_failed(screen, session.store, error)
        return []


def describe_change(change: Change) -> str:
    """What an undo or redo did, in words: my verdict or my note, and on which claim.

    It says "your": in a team the claim may still show a colleague's verdict after I take
    mine back, and "c1 is now unreviewed" beside a badge reading ✗ disputed confused."""
    if change.from_verdict != change.to_verdict:
        if change.to_verdict is None:
            return f"your verdict on {change.claim_id} is withdrawn"
        return f"your verdict on {change.claim_id} is now {change.to_verdict}"
    return f"your note on {change.claim_id} is " + ("removed" if not change.to_note else "back")
