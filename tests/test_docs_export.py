"""README and docs/export.md say what each export format needs and which columns a CSV
file holds, exactly as the code does: a new user followed the old synopsis, which showed
ClaimReview's required options in brackets, and missed the per-reviewer CSV columns."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facts import Dataset, load
from facts.export import FORMATS, ExportOptions, export
from facts.export.claimreview import option_problems
from facts.review import Review

REPO = Path(__file__).parent.parent
PAGES = [REPO / "README.md", REPO / "docs" / "export.md"]
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
# How the command line spells each ClaimReview option (tui/cli_export.py).
FLAGS = {"publisher": "--publisher NAME", "url_template": "--url-template URL"}


def synopsis(page: Path) -> str:
    """The first code block that shows `claimline export`."""
    text = page.read_text(encoding="utf-8")
    block = re.search(r"```\n(claimline export .*?)```", text, re.S)
    assert block, f"{page.name} has no export synopsis"
    return block.group(1)


def required_on_line(line: str) -> list[str]:
    """The options a synopsis line gives outside brackets, `--format` aside."""
    outside = re.sub(r"\[[^\]]*\]", "", line)
    return re.findall(r"--[a-z-]+ [A-Z]+", outside)


@pytest.fixture
def mini() -> Dataset:
    return load(REPO / "tests" / "data" / "mini.yaml")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_the_synopsis_shows_as_required_exactly_what_each_format_needs(page: Path, mini: Dataset):
    lines = synopsis(page).replace("\n                 ", " ").splitlines()
    for name in FORMATS:
        [line] = [line for line in lines if re.search(rf"--format \S*\b{name}\b", line)]
        needs = []
        try:
            export(mini, {}, format=name, options=ExportOptions(), now=NOW)
        except ValueError:
            needs = [FLAGS[option] for option in option_problems(ExportOptions())]
        assert sorted(required_on_line(line)) == sorted(needs), (page.name, name)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_the_csv_columns_are_listed_as_a_file_has_them(page: Path, mini: Dataset):
    claim = mini.claims[0]
    review = Review(claim.id, "verified", "ok", "NAME", "2025-02-28T10:00:00Z", claim.fingerprint)
    text = export(mini, {claim.id: review}, format="csv", status="all", now=NOW).text
    header = next(csv.reader(io.StringIO(text)))
    bullet = re.search(r"- \*\*csv\*\*:(.*?)\n- \*\*", page.read_text(encoding="utf-8"), re.S)
    assert bullet, f"{page.name} has no csv bullet"
    listed = [
        column.strip()
        for names in re.findall(r"`([^`]*)`", bullet.group(1))
        if "," in names
        for column in names.split(",")
    ]
    assert listed == header
