"""Regenerate the SVG screenshots in screenshots/ (shown in README.md).

Run `python scripts/screenshots.py` after a change to what the user sees. It drives the
app headless on the bundled dataset, mid-review, with a fixed clock so the pictures only
change when the screen does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual.app import App

from facts import Dataset, load
from facts.bundled import bundled_path
from facts.session import ReviewSession
from facts.store import ReviewStore
from facts.timeline import Timeline, timeline_of
from tui.app import ClaimlineApp
from tui.presentation_app import PresentationApp

OUT = Path(__file__).resolve().parent.parent / "screenshots"
FIXED_TIME = "2025-03-01T09:30:00Z"
REVIEWER = "maria"


@dataclass
class Scene:
    """One screenshot: which app, which slide (by event id), which keys, at which size.

    A slide is named by its event rather than by a count of key presses, so that an event
    added to the dataset does not move a picture onto another slide.
    """

    name: str
    make: Callable[[Dataset, ReviewStore], App]
    keys: list[str] = field(default_factory=list)
    size: tuple[int, int] = (120, 40)
    slide: str | None = None


def mid_review(dataset: Dataset, store: ReviewStore, theme: str | None = None) -> ClaimlineApp:
    """The bundled dataset with some claims judged, one with a note."""
    by_id = dataset.claim_by_id
    store.mark(dataset.id, by_id["manta-base-expelled"], "disputed", reviewer=REVIEWER)
    store.set_note(
        dataset.id,
        by_id["manta-base-expelled"],
        "The 10-year agreement was not renewed and the 2008 constitution bans "
        "foreign bases; 'expelled' overstates it.",
        reviewer=REVIEWER,
    )
    store.mark(dataset.id, by_id["first-round-tie"], "verified", reviewer=REVIEWER)
    store.mark(dataset.id, by_id["embassy-military-raid"], "disputed", reviewer=REVIEWER)
    return ClaimlineApp(ReviewSession(dataset, store, REVIEWER), theme=theme)


class Previewing(ClaimlineApp):
    """The preview a reopened big file shows while the rest of it loads; the bundled
    dataset's first 40 rows stand in for a big file's first 5,000."""

    def on_mount(self) -> None:
        from facts.cache.head import Head
        from tui.screens.preview import PreviewScreen

        assert self.session is not None
        dataset = self.session.dataset
        rows = timeline_of(dataset).rows()
        head = Head(dataset, rows[:40], len(rows), len(dataset.claims), len(dataset.events))
        start = self.session.next_needing_verdict(head.rows)
        assert start is not None
        self.push_screen(PreviewScreen(self.session, head, start, "ecuador-2025.yaml"))


def previewing(dataset: Dataset, store: ReviewStore) -> ClaimlineApp:
    mid_review(dataset, store)
    return Previewing(ReviewSession(dataset, store, REVIEWER))


def presenting(dataset: Dataset, store: ReviewStore) -> PresentationApp:
    """Classroom mode on the same review, with the class's reviewer name."""
    mid_review(dataset, store)
    return PresentationApp(ReviewSession(dataset, store, "class"))


SCENES = [
    Scene("timeline", mid_review),
    Scene("detail-evidence", mid_review, ["home", "down"]),
    Scene("filter-disputed", mid_review, ["f", "f", "f"]),
    Scene("search", mid_review, ["slash", *"noboa"]),
    Scene("help", mid_review, ["question_mark"]),
    Scene("light-theme", lambda d, s: mid_review(d, s, theme="textual-light")),
    Scene("narrow-80x24", mid_review, size=(80, 24)),
    Scene("preview", previewing),
    Scene("present-slide", presenting, slide="un-authorises-haiti-mission"),
    Scene("present-reveal", presenting, ["d", "r"], slide="lasso-dissolves-assembly"),
    Scene("present-summary", presenting, ["s"]),
    Scene("present-80x24", presenting, size=(80, 24), slide="un-authorises-haiti-mission"),
]


async def shoot(scene: Scene, dataset: Dataset, folder: Path) -> Path:
    # A config folder of its own: the slide a presentation was left on is remembered
    # there, and neither the developer's nor another scene's may move a picture.
    os.environ["CLAIMLINE_CONFIG"] = str(folder / f"{scene.name}-config.toml")
    store = ReviewStore(folder / f"{scene.name}.sqlite3", clock=lambda: FIXED_TIME)
    app = scene.make(dataset, store)
    keys = list(scene.keys)
    if scene.slide is not None:
        order = [event.id for event in Timeline(dataset).events]
        keys = ["right"] * order.index(scene.slide) + keys
    async with app.run_test(size=scene.size) as pilot:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        path = Path(app.save_screenshot(f"{scene.name}.svg", str(OUT)))
    store.close()
    return path


async def main(names: list[str]) -> None:
    dataset_path = bundled_path("ecuador-2025")
    assert dataset_path is not None
    dataset = load(dataset_path)
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for scene in SCENES:
            if not names or scene.name in names:
                print(await shoot(scene, dataset, Path(folder)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
