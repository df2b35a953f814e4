"""Hardening suite: hostile datasets, crash safety, two instances, store and export faults.

Hypothesis profiles for the property tests live here. They are registered, not loaded, so
they change nothing for the rest of the suite: a hardening test asks for
`hardening_settings()` (tests/hardening/helpers.py). Under CI (the `CI` environment variable set, as
every CI service does) the loader-mutation test runs 2,000 examples; locally 200.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from facts.store import ReviewStore
from tests.hardening.helpers import TinyFilesystem

settings.register_profile(
    "hardening-ci",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "hardening-local",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture
def fixed_store(store_path: Path):
    """A store whose clock stands still, for snapshots."""
    with ReviewStore(store_path, clock=lambda: "2025-03-01T09:30:00Z") as store:
        yield store


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[TinyFilesystem]:
    """A real 512 kB disk for the test, to fill up or make read-only; the test is skipped
    where a tmpfs cannot be mounted."""
    why_not = TinyFilesystem.available(tmp_path / "probe")
    if why_not:
        pytest.skip(why_not)
    with TinyFilesystem(tmp_path / "disk", size="512k") as disk:
        yield disk


@pytest.fixture(autouse=True)
def no_interactive_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that reaches `App.run` by mistake would wait for keys forever: fail instead.

    Pilot tests use `run_test`, snapshots a headless `run`, and end-to-end tests run the
    app in a pseudo-terminal.
    """
    from textual.app import App

    run = App.run

    def headless_only(self: App, *args: object, **kwargs: object) -> object:
        if not kwargs.get("headless"):
            raise AssertionError(f"{type(self).__name__}.run() was reached in a test")
        return run(self, *args, **kwargs)

    monkeypatch.setattr(App, "run", headless_only)
