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
    # Unsaved notes are kept in the state folder: each test its own, never the developer's.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
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
def headless_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """`claimline …` run in-process with its app headless, as a test can run it.

    The app loads every file behind its first frame and closes on the file's problems or
    the store's, which the command line then prints; an app that opened its dataset
    instead is closed at once (within 60 s), so a test expecting a refusal fails, never
    waits for keys.
    """
    import asyncio

    from textual.app import App
    from textual.pilot import Pilot

    run = App.run

    async def close_once_open(pilot: Pilot[None]) -> None:
        app = pilot.app
        for _ in range(1200):
            if getattr(app, "session", None) is not None or getattr(app, "failure", None):
                break
            await asyncio.sleep(0.05)
        app.exit()

    def headless_run(self: App[None], *args: object, **kwargs: object) -> object:
        return run(self, *args, **{**kwargs, "headless": True, "auto_pilot": close_once_open})

    monkeypatch.setattr(App, "run", headless_run)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where a test's review store goes; nothing is there until the test opens it."""
    return tmp_path / "reviews.sqlite3"


# The store tests' backends (an SQLite file, a throwaway PostgreSQL cluster), for every
# test that asks for `backend` or `postgres_cluster`.
from tests.pg_cluster import postgres_cluster  # noqa: E402, F401
from tests.store_backends import backend  # noqa: E402, F401
