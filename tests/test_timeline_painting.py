"""The timeline keeps the lines it painted (a search keystroke shows most of them again):
a kept line is the line it would paint anew, whatever changed since (a verdict's badge,
the selection, the focus, the theme)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.strip import Strip

from benchmarks.generate import write_dataset
from facts import load
from tests.app_helpers import SIZE, make_app
from tui.widgets.timeline_view import TimelineView


def painted(view: TimelineView) -> list[Strip]:
    return [view.render_line(y) for y in range(view.scrollable_content_region.height)]


def fresh(view: TimelineView) -> list[Strip]:
    view._painted_lines.clear()
    return painted(view)


async def test_kept_lines_are_the_lines_painted_anew(tmp_path: Path) -> None:
    dataset = load(write_dataset(60, tmp_path / "d.json", seed=3))
    app = make_app(dataset, tmp_path / "s.sqlite3")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        before = painted(view)
        changes: list[tuple[str, Any]] = [
            ("a verdict", lambda: pilot.press("v", "K")),  # back on the claim judged
            ("the selection", lambda: pilot.press("down", "down")),
            ("the focus", lambda: pilot.press("slash")),
            ("the focus back", lambda: pilot.press("escape")),
        ]
        for what, change in changes:
            await change()
            await pilot.pause()
            kept = painted(view)
            assert kept == fresh(view), what
        app.theme = "textual-light"
        await pilot.pause()
        kept = painted(view)
        assert kept == fresh(view) and kept != before, "the theme"
