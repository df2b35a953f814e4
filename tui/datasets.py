"""Find a dataset from what a user typed: a file path or a bundled dataset's name."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from facts.bundled import DEFAULT_DATASET, bundled_path

if TYPE_CHECKING:
    from facts.model import Dataset

STDIN = "-"
STDIN_NAME = "<stdin>"


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


def load_given(given: str | None) -> Dataset:
    """The dataset `given` names: a file, a bundled name, or `-` for standard input (read
    up to the same size limit as a file); raise DatasetError listing its problems."""
    from facts import DatasetError, load
    from facts.errors import Problem
    from facts.file_read import MAX_BYTES
    from facts.load import load_bytes

    if given != STDIN:
        return load(resolve_dataset(given))
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        limit = f"{MAX_BYTES // (1024 * 1024)} MB"
        message = f"more than {limit} came in, the limit for a dataset; split it into several"
        raise DatasetError(STDIN_NAME, [Problem(STDIN_NAME, message)])
    return load_bytes(data, STDIN_NAME)
