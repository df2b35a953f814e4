"""Where each presentation was left: a lesson stopped at the bell resumes on its slide.

One small JSON file beside the config file (`slides.json`), mapping a dataset's id to the
id of the event on screen when the presentation was last left. The event's id, not its
number, so a dataset that gained events still opens on the right one. The file is a
convenience: one that cannot be read is treated as empty, and one that cannot be written
is reported by the caller, never allowed to stop a lesson.
"""

from __future__ import annotations

import json
from pathlib import Path

from facts.atomic import ExportError, write_atomic
from tui.config import config_path


def places_path() -> Path:
    return config_path().with_name("slides.json")


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(value, str)}


def slide_left_at(dataset_id: str) -> str | None:
    """The id of the event the dataset's presentation was left on, if known."""
    return _read(places_path()).get(dataset_id)


def remember_slide(dataset_id: str, event_id: str) -> str | None:
    """Remember the event on screen; None when saved, else why it could not be."""
    path = places_path()
    places = _read(path)
    if places.get(dataset_id) == event_id:
        return None
    places[dataset_id] = event_id
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(places, indent=1, ensure_ascii=False), force=True)
    except (OSError, ExportError) as error:
        return f"Could not remember the slide in {path}: {error}"
    return None
