"""The curated datasets that ship inside the package (facts/datasets/*.yaml)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DATASET = "ecuador-2025"


def bundled_dir() -> Path:
    """The folder of bundled datasets, inside the installed package (a folder on disk,
    where pip puts it; `importlib.resources` would cost `claimline` about 1.5 ms of
    imports before its first frame to find the same folder)."""
    return Path(__file__).parent / "datasets"


def bundled_paths() -> list[Path]:
    """Every bundled dataset file, by name."""
    folder = bundled_dir()
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.json")])


def bundled_path(name: str = DEFAULT_DATASET) -> Path | None:
    """The bundled dataset called `name` (its file name without suffix), if there is one."""
    for path in bundled_paths():
        if path.stem == name:
            return path
    return None
