"""File exports are written claim by claim: the same bytes as the whole text, progress as
they go, the timeline the caller has, and nothing left behind when a format fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facts import load
from facts.atomic import OutputExistsError
from facts.export import FORMATS, ExportOptionError, export, selection, write_export
from facts.export.csv_format import _neutral_row, neutralise
from facts.timeline import Timeline
from tests.test_export import FIXTURE, NOW, OPTIONS, fixture_reviews


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("status", ["all", "verified"])
def test_a_written_export_has_the_bytes_of_the_whole_text(
    tmp_path: Path, fmt: str, status: str
) -> None:
    dataset = load(FIXTURE)
    reviews = fixture_reviews(dataset)
    status = "reviewed" if fmt == "claimreview" else status
    whole = export(dataset, reviews, format=fmt, status=status, options=OPTIONS, now=NOW)
    seen: list[tuple[int, int]] = []
    written = write_export(
        tmp_path / f"out.{fmt}",
        dataset,
        reviews,
        format=fmt,
        status=status,
        options=OPTIONS,
        now=NOW,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert written.path.read_bytes() == whole.file_bytes()
    assert (written.count, written.notices) == (whole.count, whole.notices)
    assert seen[-1] == (len(selection.select_claims(dataset, reviews, status)),) * 2
    assert all(done <= total for done, total in seen)


def test_an_export_with_no_claims_is_still_valid_json(tmp_path: Path) -> None:
    dataset = load(FIXTURE)
    written = write_export(tmp_path / "none.json", dataset, {}, format="json", now=NOW)
    whole = export(dataset, {}, format="json", now=NOW)
    assert written.path.read_text(encoding="utf-8") == whole.text
    assert '"claims": []' in whole.text


def test_the_callers_timeline_is_used_not_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = load(FIXTURE)
    timeline = Timeline(dataset)

    def no_new_timeline(_dataset: object) -> None:
        raise AssertionError("the export built a second Timeline")

    monkeypatch.setattr(selection, "Timeline", no_new_timeline)
    written = write_export(
        tmp_path / "out.csv", dataset, {}, format="csv", status="all", timeline=timeline
    )
    assert written.count == len(dataset.claims)


def test_a_format_that_fails_leaves_no_file(tmp_path: Path) -> None:
    dataset = load(FIXTURE)
    reviews = fixture_reviews(dataset)
    target = tmp_path / "out.jsonld"
    with pytest.raises(ExportOptionError):
        write_export(target, dataset, reviews, format="claimreview", status="reviewed")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    dataset = load(FIXTURE)
    target = tmp_path / "out.csv"
    target.write_text("keep me")
    with pytest.raises(OutputExistsError):
        write_export(target, dataset, {}, format="csv", status="all")
    assert target.read_text() == "keep me"
    write_export(target, dataset, {}, format="csv", status="all", force=True)
    assert target.read_text(encoding="utf-8-sig").startswith("claim_id,")


@given(st.lists(st.text(), max_size=12))
def test_a_csv_row_is_neutralised_as_each_cell_would_be(cells: list[str]) -> None:
    assert _neutral_row(cells) == [neutralise(cell) for cell in cells]


@pytest.mark.parametrize(
    "cells", [["a", " =1"], ["\x1b[31m", "b"], ["a\x01=b", "\t1"], ["ok", "\r"], ["fine", "x"]]
)
def test_risky_rows_are_neutralised(cells: list[str]) -> None:
    assert _neutral_row(cells) == [neutralise(cell) for cell in cells]
