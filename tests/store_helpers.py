"""Shared by the review store tests: claims to mark, and the checks that a store which
must be refused is refused by name and left byte for byte as it was."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from facts import Claim
from facts.store import ReviewStore, StoreError

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
DS = "mini"


def claim(claim_id: str = "c1", text: str = "The town was founded in 2009.") -> Claim:
    return Claim(id=claim_id, text=text, events=["founding"])


def reworded(original: Claim, text: str) -> Claim:
    """The same claim (same id) saying something else, as after editing the dataset."""
    return Claim.model_validate({**original.model_dump(mode="json"), "text": text})


def snapshot(path: Path) -> dict[str, bytes | None]:
    """The bytes of the store and its WAL, to prove a failure wrote nothing."""
    files = {}
    for suffix in ("", "-wal"):
        candidate = Path(f"{path}{suffix}")
        files[suffix] = candidate.read_bytes() if candidate.exists() else None
    return files


def assert_names_file(error: StoreError, path: Path, reason: str) -> None:
    assert str(path) in str(error)
    assert error.path == path
    assert error.reason == reason


def refused_on_open(path: Path, reason: str) -> str:
    """Open the store at `path`, which must be refused for `reason`, naming the file and
    writing nothing; the message, for what else it must say."""
    before = snapshot(path)
    with pytest.raises(StoreError) as caught:
        ReviewStore(path)
    assert_names_file(caught.value, path, reason)
    assert snapshot(path) == before
    return str(caught.value)


def run_sql(path: Path, *statements: str) -> None:
    """Change an SQLite file behind the store's back, as another program would."""
    raw = sqlite3.connect(path)
    try:
        for statement in statements:
            raw.execute(statement)
        raw.commit()
    finally:
        raw.close()
