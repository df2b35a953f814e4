"""Read what a running app shows, as plain text, for assertions in Pilot tests."""

from __future__ import annotations

from textual.app import App


def screen_text(app: App) -> str:
    """The whole visible screen (top screen and any modal) as lines of plain text."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)
