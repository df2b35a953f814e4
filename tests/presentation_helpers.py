"""Shared by the Pilot tests of classroom mode: starting a presentation on a class store
and reaching its slides."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App

from facts import Dataset
from facts.session import ReviewSession
from facts.store import ReviewStore
from tui.presentation_app import PresentationApp
from tui.screens.presentation import PresentationScreen

SIZE = (120, 40)
NOW = datetime(2025, 3, 12, 10, 30)


def make_app(
    dataset: Dataset, store_path: Path, reviewer: str = "class", **options: Any
) -> PresentationApp:
    """`claimline present` on `store_path`, its summaries saved beside it, at NOW."""
    return PresentationApp(
        ReviewSession(dataset, ReviewStore(store_path), reviewer),
        export_dir=store_path.parent,
        now=lambda: NOW,
        **options,
    )


def slides(app: App[Any]) -> PresentationScreen:
    screen = app.screen
    assert isinstance(screen, PresentationScreen), screen
    return screen
