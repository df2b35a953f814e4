"""`claimline import claimreview` and `claimline import factcheck-api` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from facts import load
from tests.claimreview_helpers import API, BAD, GOOD, review
from tui.cli import main

KEY = "cli-key-8hG2-not-real"


def test_a_folder_of_pages_and_feeds_in_one_command(tmp_path: Path, capsys):
    out = tmp_path / "checks.yaml"
    assert main(["import", "claimreview", str(GOOD), str(BAD), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "skipped    " in err and "unreadable " in err
    assert (
        "read 24 reviews from 10 inputs: imported 21, merged 0, skipped 3; listed above: "
        "3 skipped, 3 ignored (no review in them), 2 unreadable (not read at all)\n"
    ) in err
    assert f"claimline: wrote {out}: 19 claims, 19 events, 29 sources" in err
    assert len(load(out).claims) == 19
    # Again with --merge into the same file: a no-op that says so.
    assert main(["import", "claimreview", str(GOOD), "--merge", str(out), "-o", str(out)]) == 0
    assert "claimline: nothing new" in capsys.readouterr().err


def test_the_summary_never_counts_what_was_ignored_as_skipped(tmp_path: Path, capsys):
    """A new user read "skipped 0 (1 ignored; listed above)" as one skipped review: an
    ignored part holds no review, so it is counted on its own, by the label it carries."""
    page = tmp_path / "page.json"
    page.write_text(json.dumps([review(), {"@context": "https://schema.org", "@type": "WebSite"}]))
    out = tmp_path / "checks.yaml"
    assert main(["import", "claimreview", str(page), "-o", str(out)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("ignored ") and "a WebSite" in lines[0]
    assert lines[1] == (
        "read 1 review from 1 input: imported 1, merged 0, skipped 0; "
        "listed above: 1 ignored (no review in it)"
    )


def test_an_existing_file_needs_force(tmp_path: Path, capsys):
    out = tmp_path / "checks.yaml"
    out.write_text("mine\n")
    assert main(["import", "claimreview", str(GOOD), "-o", str(out)]) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert out.read_text() == "mine\n"
    assert main(["import", "claimreview", str(GOOD), "-o", str(out), "--force"]) == 0


def test_usage_mistakes_exit_2(tmp_path: Path, capsys):
    assert main(["import", "claimreview", str(GOOD), "-o", str(tmp_path / "x.txt")]) == 2
    assert main(["import", "claimreview", "-o", str(tmp_path / "x.yaml")]) == 2  # no FILE
    assert main(["import", "factcheck-api", "-o", str(tmp_path / "x.yaml")]) == 2  # no query


def test_the_api_command_against_a_local_server(
    httpserver: HTTPServer, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("FACTCHECK_API_KEY", KEY)
    page = json.loads((API / "page-2.json").read_text())
    httpserver.expect_request(
        "/v1alpha1/claims:search",
        query_string={
            "query": "rents",
            "pageSize": "50",
            "languageCode": "de",
            "maxAgeDays": "400",
            "reviewPublisherSiteFilter": "faktencheck.example.de",
        },
        headers={"X-Goog-Api-Key": KEY},
    ).respond_with_json(page)
    out = tmp_path / "rents.yaml"
    code = main(
        [
            "import",
            "factcheck-api",
            "--query",
            "rents",
            "--language",
            "de",
            "--max-age-days",
            "400",
            "--publisher",
            "faktencheck.example.de",
            "--api-url",
            httpserver.url_for("/v1alpha1"),
            "-o",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert len(load(out).claims) == 3
    assert KEY not in captured.err + captured.out + out.read_text()


def test_the_api_command_without_a_key(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.delenv("FACTCHECK_API_KEY", raising=False)
    assert main(["import", "factcheck-api", "--query", "x", "-o", str(tmp_path / "x.yaml")]) == 1
    assert "set FACTCHECK_API_KEY" in capsys.readouterr().err


def test_timelinejs_import_still_works(tmp_path: Path, capsys):
    timeline = tmp_path / "t.json"
    timeline.write_text(
        json.dumps({"events": [{"start_date": {"year": 2020}, "text": {"headline": "A"}}]})
    )
    assert main(["import", "timelinejs", str(timeline), "-o", str(tmp_path / "t.yaml")]) == 0
    assert load(tmp_path / "t.yaml").events[0].title == "A"


def test_a_refusal_before_reading_prints_no_empty_counts(tmp_path: Path, capsys):
    out = tmp_path / "checks.yaml"
    out.write_text("mine\n")
    assert main(["import", "claimreview", str(GOOD), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "read 0 reviews" not in err and err.startswith("claimline: ")
