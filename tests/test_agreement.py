"""Agreement figures checked against published worked examples and an independent library."""

from __future__ import annotations

import json
import math
import warnings

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from facts.agreement import (
    NO_OVERLAP,
    ONE_VERDICT,
    TOO_FEW,
    agreement,
    cohen_kappa,
    krippendorff_alpha_nominal,
)


def _units(rows: list[str]) -> list[dict[str, str]]:
    """Reliability data as printed in the sources (one row per coder, '*' = no value)."""
    table = [row.split() for row in rows]
    return [
        {f"coder{c}": table[c][u] for c in range(len(table)) if table[c][u] != "*"}
        for u in range(len(table[0]))
    ]


def test_alpha_matches_krippendorffs_own_worked_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C
    # (nominal data, 4 observers, 12 units, missing values): alpha = 0.743.
    units = _units(
        [
            "1 2 3 3 2 1 4 1 2 * * *",
            "1 2 3 3 2 2 4 1 2 5 * 3",
            "* 3 3 3 2 3 4 2 2 5 1 *",
            "1 2 3 3 2 4 4 1 2 5 1 *",
        ]
    )
    alpha, why = krippendorff_alpha_nominal(units)
    assert why is None
    assert alpha == pytest.approx(0.743, abs=5e-4)


def test_alpha_matches_the_three_coder_example_with_sparse_data() -> None:
    # Wikipedia, "Krippendorff's alpha", "A computational example" (3 coders, 15 units,
    # most units coded by only some coders): nominal alpha = 0.691.
    units = _units(
        [
            "* * * * * 3 4 1 2 1 1 3 3 * 3",
            "1 * 2 1 3 3 4 3 * * * * * * *",
            "* * 2 1 3 4 4 * 2 1 1 3 3 * 4",
        ]
    )
    alpha, _ = krippendorff_alpha_nominal(units)
    assert alpha == pytest.approx(0.691, abs=5e-4)


def test_cohen_kappa_matches_the_two_by_two_textbook_example() -> None:
    # Wikipedia, "Cohen's kappa", "Simple example": 50 grant proposals, both say yes to
    # 20, both no to 15, A yes/B no 5, A no/B yes 10. po = 0.7, pe = 0.5, kappa = 0.4.
    pairs = [("yes", "yes")] * 20 + [("no", "no")] * 15 + [("yes", "no")] * 5
    pairs += [("no", "yes")] * 10
    assert cohen_kappa(pairs) == (pytest.approx(0.4), None)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # scikit-learn's own tests (sklearn/metrics/tests/test_classification.py,
        # test_cohen_kappa): 0.348 for two categories, 0.8013 for three.
        ([0] * 40 + [1] * 60, [0] * 20 + [1] * 20 + [0] * 10 + [1] * 50, 0.348),
        ([0] * 46 + [1] * 44 + [2] * 10, [0] * 52 + [1] * 32 + [2] * 16, 0.8013),
        ([0] * 46 + [1] * 44 + [2] * 10, [0] * 50 + [1] * 40 + [2] * 10, 0.9315),
    ],
)
def test_cohen_kappa_matches_scikit_learns_cases(
    first: list[int], second: list[int], expected: float
) -> None:
    kappa, _ = cohen_kappa([(str(a), str(b)) for a, b in zip(first, second, strict=True)])
    assert kappa == pytest.approx(expected, abs=5e-4)


_verdict = st.sampled_from(["verified", "disputed", "mixed", None])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_verdict, min_size=4, max_size=4), min_size=1, max_size=30))
@example([["mixed", None, None, None], ["verified", "verified", None, "verified"]])
def test_alpha_agrees_with_the_krippendorff_package(rows: list[list[str | None]]) -> None:
    """The hand-written alpha equals the `krippendorff` package's on any data it accepts."""
    krippendorff = pytest.importorskip("krippendorff")
    codes = {"verified": 1.0, "disputed": 2.0, "mixed": 3.0, None: math.nan}
    # The package wants coders as rows and units as columns.
    data = [[codes[row[coder]] for row in rows] for coder in range(4)]
    units = [{f"r{coder}": verdict for coder, verdict in enumerate(row)} for row in rows]
    ours, why = krippendorff_alpha_nominal(units)
    if why is not None:
        # The package calls these undefined too: it raises when nothing is pairable or the
        # data hold one value, and returns NaN when the only other value sits in a claim
        # that a single reviewer judged (it counts that value, then divides zero by zero).
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        except ValueError:
            return
        assert math.isnan(theirs)
        return
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ours == pytest.approx(theirs, abs=1e-9)


def test_two_reviewers_report_pair_team_and_contested_claims() -> None:
    ratings = {
        "c1": {"alice": "verified", "bob": "verified"},
        "c2": {"alice": "disputed", "bob": "disputed"},
        "c3": {"alice": "verified", "bob": "disputed"},
        "c4": {"alice": "verified"},
        "c5": {"alice": None, "bob": "disputed"},
        "c6": {"bob": None},
    }
    report = agreement(ratings)
    (pair,) = report.pairs
    assert (pair.first, pair.second, pair.both_judged, pair.agreed) == ("alice", "bob", 3, 2)
    assert pair.percent == pytest.approx(200 / 3)
    # po = 2/3; alice 2 verified 1 disputed, bob 1 verified 2 disputed: pe = 4/9.
    assert pair.kappa == pytest.approx((2 / 3 - 4 / 9) / (1 - 4 / 9))
    assert report.team.reviewers == ("alice", "bob")
    assert (report.team.pairable, report.team.judged_once) == (3, 2)
    assert report.team.alpha is not None
    assert [item.claim_id for item in report.contested] == ["c3"]
    assert report.contested[0].verdicts == {"alice": "verified", "bob": "disputed"}


def test_one_reviewer_has_no_pairs_and_no_team_figure() -> None:
    report = agreement({"c1": {"alice": "verified"}, "c2": {"alice": "disputed"}})
    assert report.pairs == ()
    assert report.team.alpha is None
    assert report.team.why_undefined == TOO_FEW
    assert report.contested == ()


def test_reviewers_who_share_no_claim_have_no_kappa_and_no_percent() -> None:
    report = agreement({"c1": {"alice": "verified"}, "c2": {"bob": "disputed"}})
    (pair,) = report.pairs
    assert pair.both_judged == 0
    assert pair.percent is None
    assert (pair.kappa, pair.why_undefined) == (None, NO_OVERLAP)


def test_all_the_same_verdict_leaves_kappa_undefined_but_agreement_full() -> None:
    ratings = {f"c{i}": {"alice": "verified", "bob": "verified"} for i in range(5)}
    report = agreement(ratings)
    (pair,) = report.pairs
    assert pair.percent == 100
    assert (pair.kappa, pair.why_undefined) == (None, ONE_VERDICT)
    assert (report.team.alpha, report.team.why_undefined) == (None, ONE_VERDICT)


def test_perfect_disagreement_is_below_chance() -> None:
    ratings = {
        "c1": {"alice": "verified", "bob": "disputed"},
        "c2": {"alice": "disputed", "bob": "verified"},
    }
    report = agreement(ratings)
    assert report.pairs[0].kappa == pytest.approx(-1.0)
    assert report.team.alpha is not None and report.team.alpha < 0
    assert len(report.contested) == 2


def test_three_reviewers_give_three_pairs_in_name_order() -> None:
    ratings = {
        "c1": {"carol": "verified", "alice": "verified", "bob": "disputed"},
        "c2": {"carol": "disputed", "alice": "disputed", "bob": "disputed"},
    }
    report = agreement(ratings)
    assert [(p.first, p.second) for p in report.pairs] == [
        ("alice", "bob"),
        ("alice", "carol"),
        ("bob", "carol"),
    ]
    assert [p.agreed for p in report.pairs] == [1, 2, 1]


def test_report_as_json_keeps_undefined_figures_as_null_with_a_reason() -> None:
    report = agreement({"c1": {"alice": "verified", "bob": "verified"}})
    data = json.loads(json.dumps(report.as_dict()))
    assert data["pairs"][0]["cohen_kappa"] is None
    assert data["pairs"][0]["why_undefined"] == ONE_VERDICT
    assert data["pairs"][0]["percent_agreement"] == 100
    assert data["team"]["krippendorff_alpha_nominal"] is None
    assert data["contested"] == []
