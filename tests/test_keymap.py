"""The user's keymap file: read when valid, refused with the file named when not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main
from tui.keymap import KeymapError, read_keymap


def test_a_missing_keymap_is_empty(tmp_path: Path) -> None:
    assert read_keymap(tmp_path / "keymap.yaml") == {}


def test_a_keymap_maps_ids_to_keys(tmp_path: Path) -> None:
    path = tmp_path / "keymap.yaml"
    path.write_text("review.verified: y\nreview.disputed: x,ctrl+d\n")
    assert read_keymap(path) == {"review.verified": "y", "review.disputed": "x,ctrl+d"}


@pytest.mark.parametrize("text", ["- y\n- x\n", "review.verified: [y]\n", "a: b: c\n"])
def test_a_malformed_keymap_names_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "keymap.yaml"
    path.write_text(text)
    with pytest.raises(KeymapError, match=r"keymap\.yaml"):
        read_keymap(path)


def test_the_app_refuses_to_start_on_a_bad_keymap(tmp_path: Path, capsys) -> None:
    path = tmp_path / "keymap.yaml"
    path.write_text("- nonsense\n")
    code = main(["--keymap", str(path), "--reviews", str(tmp_path / "r.sqlite3")])
    assert code == 1
    assert "keymap.yaml" in capsys.readouterr().err
