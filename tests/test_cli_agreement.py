"""`claimline agreement` on a real store written by two reviewers, as a team lead runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facts.bundled import bundled_paths
from facts.load import load
from facts.store import ReviewStore
from tui import cli

DATASET = next(path for path in bundled_paths() if path.stem == "ecuador-2025")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Alice and Bob on the bundled dataset's first six claims.

    alice: verified verified disputed disputed verified  -
    bob:   verified disputed disputed disputed    -      verified
    Both judged the first four and agreed on three; the second is contested.
    """
    dataset = load(DATASET)
    claims = dataset.claims[:6]
    path = tmp_path / "team.sqlite3"
    with ReviewStore(path) as store:
        for name, verdicts in (
            ("alice", ["verified", "verified", "disputed", "disputed", "verified", None]),
            ("bob", ["verified", "disputed", "disputed", "disputed", None, "verified"]),
        ):
            for claim, verdict in zip(claims, verdicts, strict=True):
                if verdict is not None:
                    store.mark(dataset.id, claim, verdict, reviewer=name)  # type: ignore[arg-type]
    return path


def test_json_reports_kappa_alpha_and_the_contested_claim(capsys, store_path: Path) -> None:
    code, out, _ = run(capsys, "agreement", "--reviews", str(store_path), "--format", "json")
    assert code == 0
    report = json.loads(out)
    dataset = load(DATASET)
    (pair,) = report["pairs"]
    assert pair["reviewers"] == ["alice", "bob"]
    assert (pair["both_judged"], pair["agreed"]) == (4, 3)
    assert pair["percent_agreement"] == 75
    # po = 3/4; alice 2 verified 2 disputed, bob 1 verified 3 disputed: pe = 8/16.
    assert pair["cohen_kappa"] == pytest.approx(0.5)
    # 8 pairable values (3 verified, 5 disputed), 6 matching: 1 - 7·(8-6)/(56-26) = 16/30.
    assert report["team"]["krippendorff_alpha_nominal"] == pytest.approx(16 / 30)
    assert report["team"]["claims_judged_by_one"] == 2
    assert report["contested"] == [
        {"claim_id": dataset.claims[1].id, "verdicts": {"alice": "verified", "bob": "disputed"}}
    ]


def test_table_shows_the_pair_the_team_and_the_contested_claim(capsys, store_path: Path) -> None:
    code, out, _ = run(capsys, "agreement", "--reviews", str(store_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "2 reviewers, 4 claims judged by two or more, 2 by one only"
    pair = next(line for line in lines if line.startswith("alice · bob"))
    assert pair.split() == ["alice", "·", "bob", "4", "3", "(75.0%)", "0.500"]
    assert "Team: Krippendorff's alpha (nominal) 0.533 over 4 claims" in out
    contested = load(DATASET).claims[1]
    assert "Contested (1):" in out
    assert f"  {contested.id}  {contested.text[:30]}" in out
    assert "alice ✓ verified · bob ✗ disputed" in out


def test_an_undone_verdict_no_longer_counts(capsys, store_path: Path) -> None:
    with ReviewStore(store_path) as store:
        store.undo("ecuador-2025", reviewer="bob")  # bob's last: the sixth claim
        store.undo("ecuador-2025", reviewer="bob")  # the fourth: now only three in common
    _, out, _ = run(capsys, "agreement", "--reviews", str(store_path), "-f", "json")
    (pair,) = json.loads(out)["pairs"]
    assert (pair["both_judged"], pair["agreed"]) == (3, 2)


def test_one_reviewer_gets_undefined_figures_with_the_reason(capsys, tmp_path: Path) -> None:
    dataset = load(DATASET)
    path = tmp_path / "solo.sqlite3"
    with ReviewStore(path) as store:
        store.mark(dataset.id, dataset.claims[0], "verified", reviewer="alice")
    code, out, _ = run(capsys, "agreement", "--reviews", str(path))
    assert code == 0
    assert "Team: Krippendorff's alpha undefined: no claim judged by two or more reviewers" in out
    assert "Contested: none" in out


def test_a_store_that_is_not_there_is_an_error_naming_it(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite3"
    code, out, err = run(capsys, "agreement", "--reviews", str(missing))
    assert (code, out) == (1, "")
    assert err == f"claimline: no review store at {missing}; check the path given to --reviews\n"
    assert not missing.exists()


def test_a_file_that_is_not_a_store_is_one_line_not_a_traceback(capsys, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database\n")
    code, _, err = run(capsys, "agreement", "--reviews", str(bogus))
    assert code == 1
    assert err.startswith("claimline: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_figures_over_fewer_than_ten_shared_claims_carry_a_warning(
    capsys, store_path: Path
) -> None:
    # The fixture's pair shares four claims: kappa 0.5 there could as well be 0 or 1.
    _, out, _ = run(capsys, "agreement", "--reviews", str(store_path))
    assert "⚠ alice · bob: only 4 claims judged by both (fewer than 10):" in out
    assert "⚠ the team's alpha rests on only 4 claims (fewer than 10):" in out
    _, out, _ = run(capsys, "agreement", "--reviews", str(store_path), "-f", "json")
    report = json.loads(out)
    assert report["pairs"][0]["few_claims"] is True
    assert report["team"]["few_claims"] is True


def test_figures_over_ten_or_more_shared_claims_carry_none(capsys, tmp_path: Path) -> None:
    dataset = load(DATASET)
    path = tmp_path / "team.sqlite3"
    with ReviewStore(path) as store:
        for n, claim in enumerate(dataset.claims[:10]):
            store.mark(dataset.id, claim, "verified", reviewer="alice")
            store.mark(dataset.id, claim, ("verified", "disputed")[n % 3 == 0], reviewer="bob")
    _, out, _ = run(capsys, "agreement", "--reviews", str(path))
    assert "alice · bob" in out and "10" in out
    assert "⚠" not in out
    _, out, _ = run(capsys, "agreement", "--reviews", str(path), "-f", "json")
    report = json.loads(out)
    assert (report["pairs"][0]["few_claims"], report["team"]["few_claims"]) == (False, False)
