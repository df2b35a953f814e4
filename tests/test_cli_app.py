"""`claimline [DATASET]`: a bad dataset or store closes the app and is printed, exit 1; a
bad theme stops before the app starts (a usage error)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main


@pytest.mark.usefixtures("headless_app")
@pytest.mark.parametrize("command", [[], ["present"]])
def test_a_dataset_with_errors_prints_them_and_exits_1(
    tmp_path: Path, capsys, command: list[str]
) -> None:
    """However small the file, the app loads it behind its first frame, closes on its
    errors, and the command line prints them; no store is created."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: x\ntitle: X\nevents: []\n")
    code = main([*command, str(bad), "--reviews", str(tmp_path / "r.sqlite3")])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith(f"{bad}: 1 problem\n")
    assert "bad.yaml:4:9: events: must list at least one item" in err
    assert "Traceback" not in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.yaml"]


@pytest.mark.usefixtures("headless_app")
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
