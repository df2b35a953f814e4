"""`claimline show`: the timeline on standard output, `-` for standard input, and `| head`."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from facts import Dataset
from facts.store import ReviewStore
from tui.cli import main

MINI_TEXT = """\
A small test dataset
1/2 reviewed · 0 verified · 1 disputed

2009: The town is founded [event founding]
  unreviewed: The town was founded in 2009. — The mayor [claim c1]

January 2025: A census is taken [event census]
  disputed: The census counted 1,000 people. [claim c2]
    also about: vote
    ana: disputed, {day}
      note: 980, says the paper.[2J

19 February 2025: The council votes [event vote]
  The council votes on the budget.
"""


@pytest.fixture
def store(tmp_path: Path, mini_dataset: Dataset) -> Path:
    path = tmp_path / "reviews.sqlite3"
    with ReviewStore(path) as opened:
        claim = mini_dataset.claim_by_id["c2"]
        opened.mark(mini_dataset.id, claim, "disputed", reviewer="ana")
        opened.set_note(mini_dataset.id, claim, "980,\nsays the paper.\x1b[2J", reviewer="ana")
    return path


def today_of(store: Path) -> str:
    with ReviewStore(store) as opened:
        return opened.reviews("mini")["c2"].at[:10]


def test_show_prints_every_event_and_claim_in_order_with_verdicts(
    capsys, mini_path: Path, store: Path
) -> None:
    assert main(["show", str(mini_path), "--reviews", str(store)]) == 0
    out, err = capsys.readouterr()
    assert out == MINI_TEXT.format(day=today_of(store))
    assert err == ""


def test_show_status_keeps_the_events_of_the_claims_it_keeps(
    capsys, mini_path: Path, store: Path
) -> None:
    assert main(["show", str(mini_path), "--reviews", str(store), "-s", "unreviewed"]) == 0
    out = capsys.readouterr().out
    assert "[claim c1]" in out and "[claim c2]" not in out
    assert "[event founding]" in out and "[event census]" not in out
    assert main(["show", str(mini_path), "--reviews", str(store), "-s", "verified"]) == 0
    assert capsys.readouterr().out.endswith("\nNo verified claims.\n")


def test_show_as_json_for_scripts(capsys, mini_path: Path, store: Path) -> None:
    assert main(["show", str(mini_path), "--reviews", str(store), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [event["id"] for event in document["events"]] == ["founding", "census", "vote"]
    (claim,) = document["events"][1]["claims"]
    assert claim["status"] == "disputed" and claim["also_about"] == ["vote"]
    (verdict,) = claim["verdicts"]
    assert verdict["reviewer"] == "ana" and verdict["verdict"] == "disputed"
    assert verdict["note"] == "980,\nsays the paper.[2J"  # the escape character is dropped


def test_show_as_markdown(capsys, mini_path: Path, store: Path) -> None:
    assert main(["show", str(mini_path), "--reviews", str(store), "-f", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# A small test dataset\n")
    assert "## January 2025: A census is taken" in out
    assert "- **disputed**: The census counted 1,000 people. (`c2`)" in out


def test_show_without_a_store_says_so_and_shows_everything_unreviewed(
    capsys, mini_path: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["show", str(mini_path)]) == 0
    out, err = capsys.readouterr()
    assert "0/2 reviewed" in out and "no verdicts recorded yet" in err


def test_a_dataset_from_standard_input(capsys, mini_path: Path, monkeypatch, store) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(mini_path.read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["show", "-", "--reviews", str(store), "-s", "disputed"]) == 0
    assert "[claim c2]" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["validate"], ["show"], ["export", "-f", "json"]])
def test_a_bad_dataset_from_standard_input_is_located(capsys, monkeypatch, command) -> None:
    bad = b"schema_version: 1\nid: x\ntitle: X\nevents: []\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad)))
    assert main([*command, "-"]) == 1
    out, err = capsys.readouterr()
    assert "<stdin>:4:9: events: must list at least one item" in out + err


def test_the_app_refuses_a_dataset_from_standard_input(capsys) -> None:
    assert main(["-"]) == 2
    assert "cannot read a dataset there" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["show"], ["export", "-f", "markdown", "-s", "all"]])
def test_a_reader_that_stops_early_gets_no_traceback(command: list[str], tmp_path: Path) -> None:
    """`claimline show | head`: head closes the pipe; claimline ends quietly, exit 0."""
    big = tmp_path / "big.yaml"
    events = "".join(
        f"  - id: e{n}\n    date: {1000 + n}\n    title: Event number {n} " + "x" * 80 + "\n"
        for n in range(3000)
    )
    big.write_text(f"schema_version: 1\nid: big\ntitle: Big\nevents:\n{events}")
    ReviewStore(tmp_path / "empty.sqlite3").close()
    script = shutil.which("claimline", path=os.path.dirname(sys.executable))
    assert script is not None
    child = subprocess.Popen(
        [script, *command, str(big), "--reviews", str(tmp_path / "empty.sqlite3")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    assert b"Big" in child.stdout.read(100)
    child.stdout.close()  # the reader has had enough, as head does after its lines
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_show_gives_each_reviewer_s_verdict_where_a_team_differs(
    capsys, mini_path: Path, store: Path, mini_dataset: Dataset
) -> None:
    with ReviewStore(store) as opened:
        claim = mini_dataset.claim_by_id["c2"]
        opened.mark(mini_dataset.id, claim, "verified", reviewer="bob")
        opened.mark(mini_dataset.id, mini_dataset.claim_by_id["c1"], "verified", reviewer="bob")
        opened.mark(mini_dataset.id, mini_dataset.claim_by_id["c1"], "verified", reviewer="cy")
    day = today_of(store)
    assert main(["show", str(mini_path), "--reviews", str(store)]) == 0
    out = capsys.readouterr().out
    assert (
        "  contested: The census counted 1,000 people. [claim c2]\n"
        "    also about: vote\n"
        f"    ana: disputed, {day}\n"
        "      note: 980, says the paper.[2J\n"
        f"    bob: verified, {day}\n"
    ) in out
    assert "  agreed (verified): The town was founded in 2009. — The mayor [claim c1]" in out
    assert main(["show", str(mini_path), "--reviews", str(store), "--reviewer", "bob"]) == 0
    out = capsys.readouterr().out
    assert "  verified: The census counted 1,000 people. [claim c2]" in out
    assert "ana" not in out


def test_show_status_on_a_team_store_goes_by_what_the_reviewers_add_up_to(
    capsys, mini_path: Path, store: Path, mini_dataset: Dataset
) -> None:
    with ReviewStore(store) as opened:  # ana disputed c2; bob verifies it last
        opened.mark(mini_dataset.id, mini_dataset.claim_by_id["c2"], "verified", reviewer="bob")
    args = ["show", str(mini_path), "--reviews", str(store), "--status"]
    assert main([*args, "contested"]) == 0
    assert "  contested: The census counted 1,000 people. [claim c2]" in capsys.readouterr().out
    assert main([*args, "verified"]) == 0  # the latest verdict is bob's, but they differ
    assert capsys.readouterr().out.endswith("\nNo verified claims.\n")
