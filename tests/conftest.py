"""Shared fixtures: a small dataset, and a quiet, deterministic Textual."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facts import Dataset, load
from facts.bundled import bundled_path

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


@pytest.fixture
def ecuador() -> Dataset:
    """The bundled dataset, as `claimline` opens it when given no file."""
    path = bundled_path("ecuador-2025")
    assert path is not None
    return load(path)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where a test's review store goes; nothing is there until the test opens it."""
    return tmp_path / "reviews.sqlite3"


# The store tests' backends (an SQLite file, a throwaway PostgreSQL cluster), for every
# test that asks for `backend` or `postgres_cluster`.
from tests.pg_cluster import postgres_cluster  # noqa: E402, F401
from tests.store_backends import backend  # noqa: E402, F401
