"""Exports of a team's store: the team's verdicts, contested claims left out and counted,
one reviewer's own verdicts on request, and every reviewer's verdict in JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facts.bundled import bundled_paths
from facts.export import export
from facts.load import load
from facts.model import Dataset
from facts.store import ReviewStore
from tui import cli

NOW = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def dataset() -> Dataset:
    return load(next(path for path in bundled_paths() if path.stem == "ecuador-2025"))


@pytest.fixture
def store_path(tmp_path: Path, dataset: Dataset) -> Path:
    """claims[0] agreed verified, [1] contested, [2] verified by alice alone, [3] agreed
    disputed; bob's note on the contested one says why."""
    c = dataset.claims
    path = tmp_path / "team.sqlite3"
    with ReviewStore(path) as store:
        for claim, verdict in ((c[0], "verified"), (c[1], "verified"), (c[2], "verified")):
            store.mark(dataset.id, claim, verdict, reviewer="alice")  # type: ignore[arg-type]
        store.mark(dataset.id, c[3], "disputed", reviewer="alice")
        store.mark(dataset.id, c[0], "verified", reviewer="bob")
        store.mark(dataset.id, c[1], "disputed", reviewer="bob")
        store.set_note(dataset.id, c[1], "The count was 44.2%, not 44.", reviewer="bob")
        store.mark(dataset.id, c[3], "disputed", reviewer="bob")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_verified_means_what_the_team_stands_by_and_counts_contested(
    capsys, store_path: Path, dataset: Dataset
) -> None:
    code, out, err = run(
        capsys, "export", "-f", "json", "--reviews", str(store_path), "--status", "verified"
    )
    assert code == 0
    ids = [claim["id"] for claim in json.loads(out)["claims"]]
    c = dataset.claims
    # Timeline order, not dataset order: compare as sets, then check nothing else came in.
    assert set(ids) == {c[0].id, c[2].id}
    assert "1 contested claim left out of the export" in err
    assert "claimline agreement" in err


def test_reviewed_includes_the_contested_claim_as_contested(
    capsys, store_path: Path, dataset: Dataset
) -> None:
    _, out, _ = run(
        capsys, "export", "-f", "json", "--reviews", str(store_path), "--status", "reviewed"
    )
    claims = {claim["id"]: claim for claim in json.loads(out)["claims"]}
    contested = claims[dataset.claims[1].id]
    assert contested["verdict"] == "contested"
    # No single reviewer speaks for a contested claim; each one's review is listed.
    assert (contested["reviewer"], contested["note"]) == (None, None)
    assert [(r["reviewer"], r["verdict"], r["note"]) for r in contested["reviews"]] == [
        ("alice", "verified", None),
        ("bob", "disputed", "The count was 44.2%, not 44."),
    ]
    agreed = claims[dataset.claims[3].id]
    assert agreed["verdict"] == "disputed"
    assert [r["reviewer"] for r in agreed["reviews"]] == ["alice", "bob"]


def test_csv_has_columns_for_each_reviewer(capsys, store_path: Path, dataset: Dataset) -> None:
    _, out, _ = run(
        capsys, "export", "-f", "csv", "--reviews", str(store_path), "--status", "reviewed"
    )
    rows = {row["claim_id"]: row for row in csv.DictReader(io.StringIO(out, newline=""))}
    contested = rows[dataset.claims[1].id]
    assert contested["verdict"] == "contested"
    assert (contested["alice verdict"], contested["bob verdict"]) == ("verified", "disputed")
    assert contested["bob note"] == "The count was 44.2%, not 44."
    alone = rows[dataset.claims[2].id]
    assert (alone["verdict"], alone["alice verdict"], alone["bob verdict"]) == (
        "verified",
        "verified",
        "",
    )


def test_reviewer_exports_only_that_reviewers_verdicts(
    capsys, store_path: Path, dataset: Dataset
) -> None:
    _, out, err = run(
        capsys,
        "export",
        "-f",
        "json",
        "--reviews",
        str(store_path),
        "--reviewer",
        "bob",
        "--status",
        "reviewed",
    )
    claims = json.loads(out)["claims"]
    c = dataset.claims
    assert {claim["id"]: claim["verdict"] for claim in claims} == {
        c[0].id: "verified",
        c[1].id: "disputed",
        c[3].id: "disputed",
    }
    assert all(claim["reviewer"] == "bob" for claim in claims)
    assert "contested" not in err


def test_an_unknown_reviewer_is_told_who_is_in_the_store(capsys, store_path: Path) -> None:
    code, out, err = run(
        capsys, "export", "-f", "json", "--reviews", str(store_path), "--reviewer", "carol"
    )
    assert code == 0
    assert json.loads(out)["claims"] == []
    assert "carol has no verdict or note on this dataset; reviewers in the store: alice, bob" in err


def test_markdown_names_each_reviewers_verdict_on_a_contested_claim(
    store_path: Path, dataset: Dataset
) -> None:
    with ReviewStore(store_path) as store:
        team = store.team_reviews(dataset.id)
    text = export(dataset, {}, format="markdown", status="reviewed", now=NOW, team=team).text
    assert "**Verdict:** ⚠ Contested" in text
    assert "**Reviewers differ:** alice ✓ verified; bob ✗ disputed" in text
    total = len(dataset.claims)
    assert f"{total} claims: 2 verified, 1 disputed, 1 contested, {total - 4} not reviewed." in text


def test_claimreview_leaves_contested_out_and_says_so(store_path: Path, dataset: Dataset) -> None:
    with ReviewStore(store_path) as store:
        team = store.team_reviews(dataset.id)
    result = export(
        dataset,
        {},
        format="claimreview",
        status="reviewed",
        now=NOW,
        team=team,
        options=_claimreview_options(),
    )
    assert result.count == 3
    assert any("1 contested claim left out of ClaimReview" in notice for notice in result.notices)


def test_a_one_person_store_exports_as_it_always_has(tmp_path: Path, dataset: Dataset) -> None:
    path = tmp_path / "solo.sqlite3"
    c = dataset.claims
    with ReviewStore(path) as store:
        store.mark(dataset.id, c[0], "verified", reviewer="alice")
        store.mark(dataset.id, c[1], "disputed", reviewer="alice")
        store.set_note(dataset.id, c[1], "Wrong year.", reviewer="alice")
        store.set_note(dataset.id, c[2], "Look again.", reviewer="alice")
        team = store.team_reviews(dataset.id)
        own = store.reviews(dataset.id, "alice")
    for fmt in ("csv", "json", "markdown"):
        as_team = export(dataset, {}, format=fmt, status="all", now=NOW, team=team)
        as_before = export(dataset, own, format=fmt, status="all", now=NOW)
        assert as_team.text == as_before.text, fmt
        assert as_team.notices == as_before.notices


def _claimreview_options():  # type: ignore[no-untyped-def]
    from facts.export import ExportOptions

    return ExportOptions("Example Checks", None, "https://example.org/checks/{claim_id}")
