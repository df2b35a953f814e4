"""Read what a running app shows, as plain text, for assertions in Pilot tests."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot


def screen_text(app: App) -> str:
    """The whole visible screen (top screen and any modal) as lines of plain text."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


async def shows_within(pilot: Pilot, app: App, text: str, seconds: float) -> bool:
    """Whether `text` comes on screen within `seconds` (checked every 0.1 s): for what
    arrives from outside the app, a colleague's verdict through the store."""
    for _ in range(round(seconds * 10)):
        await pilot.pause(0.1)
        if text in screen_text(app):
            return True
    return False
