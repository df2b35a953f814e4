"""`claimline store init` and `claimline store copy` as a user types them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facts.store import open_store
from tests.pg_cluster import Cluster
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
V1_STORE = ROOT / "tests" / "data" / "store-v1.sqlite3"


def test_copy_a_file_to_a_server_prints_the_checked_counts(
    tmp_path: Path, postgres_cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "mine.sqlite3"
    shutil.copyfile(V1_STORE, source)
    database = postgres_cluster.create_database()
    url = postgres_cluster.url(database)
    try:
        assert main(["store", "init", url]) == 0
        assert "it is empty" in capsys.readouterr().out
        assert main(["store", "copy", str(source), url]) == 0
        out = capsys.readouterr().out
        assert "copied 9 history rows and 6 reviewer verdicts and notes" in out
        assert database in out
        with open_store(url) as store:
            assert store.reviews("mini")["c1"].note == "Charter says 2009."
        # Again: the server's store holds verdicts now, so nothing is copied.
        assert main(["store", "copy", str(source), url]) == 1
        err = capsys.readouterr().err
        assert err.startswith("claimline: ") and "already holds verdicts" in err
        assert len(err.strip().splitlines()) == 1
    finally:
        postgres_cluster.drop_database(database)


def test_a_store_that_cannot_be_reached_is_one_line_without_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://alice:hunter2@/claims?host={tmp_path}&port=5999"
    assert main(["store", "copy", url, str(tmp_path / "backup.sqlite3")]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "claims" in err and "hunter2" not in err
    assert not (tmp_path / "backup.sqlite3").exists()


def test_init_makes_a_new_file_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "team" / "reviews.sqlite3"
    assert main(["store", "init", str(path)]) == 0
    assert f"review store ready at {path}: it is empty" in capsys.readouterr().out
    assert path.exists()
