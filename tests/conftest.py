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


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own (absent) config file and no CLAIMLINE_* settings from the shell
    that runs the suite, so a developer's settings never change a result and a theme
    chosen in a test is never written to the developer's config."""
    for name in ("CLAIMLINE_THEME", "CLAIMLINE_REVIEWER", "CLAIMLINE_REVIEWS", "CLAIMLINE_KEYMAP"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("CLAIMLINE_CONFIG", str(path))
    return path


@pytest.fixture
def mini_path() -> Path:
    return DATA / "mini.yaml"


@pytest.fixture
def mini_dataset(mini_path: Path) -> Dataset:
    return load(mini_path)


# The store tests' backends (an SQLite file, a throwaway PostgreSQL cluster), for every
# test that asks for `backend` or `postgres_cluster`.
from tests.pg_cluster import postgres_cluster  # noqa: E402, F401
from tests.store_backends import backend  # noqa: E402, F401
