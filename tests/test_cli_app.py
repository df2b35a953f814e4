"""`claimline [DATASET]`: a bad dataset, store or theme stops before any screen is drawn."""

from __future__ import annotations

from pathlib import Path

from tui.cli import main


def test_a_dataset_with_errors_prints_them_and_exits_1(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: x\ntitle: X\nevents: []\n")
    code = main([str(bad), "--reviews", str(tmp_path / "r.sqlite3")])
    err = capsys.readouterr().err
    assert code == 1
    assert "bad.yaml:4:9: events: must list at least one item" in err
    assert "Traceback" not in err


def test_a_store_that_is_not_a_store_is_named_and_left_alone(tmp_path: Path, capsys) -> None:
    store = tmp_path / "notes.txt"
    store.write_text("my shopping list\n")
    code = main(["--reviews", str(store)])
    assert code == 1
    assert str(store) in capsys.readouterr().err
    assert store.read_text() == "my shopping list\n"


def test_an_unknown_theme_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["--theme", "no-such-theme", "--reviews", str(tmp_path / "r.sqlite3")]) == 2
    assert "textual-light" in capsys.readouterr().err
