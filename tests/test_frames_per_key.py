"""A key paints one frame: the timeline, the detail panel and the header change together.

The app runs in a pseudo-terminal as a person runs it (benchmarks/terminal.py plays the
terminal and cuts the output into frames at the synchronized-output marks). When the
panel's text asked for a layout pass, each key painted three frames, the last ones 30-80
ms after the first, and the screen looked settled only then. No time is asserted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.run import CLAIMLINE_READY, first_frame, start_claimline

# v first: the app starts on a claim needing a verdict (v on an event row only says to
# select a claim, in a toast that paints frames of its own).
KEYS = ["v", "v", *["down"] * 8, "pagedown", "up", "pageup", "end", "home"]


@pytest.mark.parametrize("dataset", [None, "synthetic"])
def test_each_key_paints_exactly_one_frame(tmp_path: Path, dataset: str | None) -> None:
    path = None
    if dataset == "synthetic":
        from benchmarks.generate import write_dataset

        path = str(write_dataset(60, tmp_path / "synthetic.json", seed=1))
    terminal = start_claimline(path, tmp_path, "reviews.sqlite3")
    try:
        first_frame(terminal, CLAIMLINE_READY, timeout=120)
        terminal.settle(quiet=1.0)
        painted = []
        for key in KEYS:
            before = len(terminal.frame_ends)
            timing = terminal.press(key, quiet=0.4)
            assert timing.first is not None, f"{key} painted nothing"
            painted.append(len(terminal.frame_ends) - before)
    finally:
        terminal.close()
    assert painted == [1] * len(KEYS), dict(zip(KEYS, painted, strict=True))
