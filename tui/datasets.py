"""Find a dataset from what a user typed: a file path or a bundled dataset's name."""

from __future__ import annotations

from pathlib import Path

from facts.bundled import DEFAULT_DATASET, bundled_path


def resolve_dataset(given: str | None) -> Path:
    """The file for `given`: an existing path, else a bundled name; the default when None."""
    if given is None:
        path = bundled_path(DEFAULT_DATASET)
        assert path is not None, "the bundled dataset is missing from the installed package"
        return path
    candidate = Path(given)
    if candidate.exists():
        return candidate
    return bundled_path(given) or candidate
