"""Shared fixtures: a small dataset, and a quiet, deterministic Textual."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facts import Dataset, load

# Animated scrolling makes a page-down take about 0.8 s under Pilot and makes snapshots
# depend on timing; tests run with animations off.
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mini_path() -> Path:
    return DATA / "mini.yaml"


@pytest.fixture
def mini_dataset(mini_path: Path) -> Dataset:
    return load(mini_path)
