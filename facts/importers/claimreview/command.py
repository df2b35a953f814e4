"""The two import commands as plain functions: inputs in, a report and an exit code out.

The command line only parses options and prints; everything a user relies on — what is
read, what is reported, that the result validates with claimline's own loader before it
is written, that it is written atomically and never over a file without `force` — is
here, where scripts and tests reach it too.

Exit codes: 0 written (or nothing new to merge), 1 nothing could be imported or written,
2 a usage mistake (an output name claimline can't write).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facts.atomic import ExportError, write_atomic
from facts.control_chars import without_controls
from facts.errors import DatasetError
from facts.export.selection import plural
from facts.ids import slugify
from facts.importers.claimreview import api
from facts.importers.claimreview.inputs import expand, read_file
from facts.importers.claimreview.mapping import build_dataset
from facts.importers.claimreview.records import FoundReview
from facts.importers.claimreview.report import ImportFailure, Report
from facts.importers.claimreview.shapes import find_reviews
from facts.load import load, load_bytes
from facts.model import Dataset
from facts.yaml_dump import dataset_json, dataset_yaml

FILES_DESCRIPTION = (
    "Fact-checks published as schema.org ClaimReview, imported with `claimline import "
    "claimreview`. Each fact-check is a source and evidence on its claim; a claim's "
    "reference comes from the publishers' ratings (docs/import.md has the rating table)."
)


@dataclass
class Outcome:
    """What a command did: the report, the closing message and the exit code."""

    report: Report
    message: str
    exit_code: int
    written: Path | None = None

    def closing(self) -> str:
        """The closing message for a terminal: what was written, or why nothing was."""
        return without_controls(self.message)

    def text(self) -> str:
        """The report, its counts and the closing message, for people."""
        return f"{self.report.text()}\n{self.closing()}"


def import_files(
    paths: Sequence[str],
    output: str,
    *,
    merge: str | None = None,
    force: bool = False,
) -> Outcome:
    """`claimline import claimreview FILE... -o OUTPUT [--merge EXISTING] [--force]`."""
    report = Report()

    def reviews() -> Iterator[FoundReview]:
        for path in expand(list(paths), report):
            yield from read_file(path, report)

    return _run(reviews, report, output, merge, force, "Imported fact-checks", FILES_DESCRIPTION)


def import_from_api(
    search: api.Search,
    output: str,
    *,
    merge: str | None = None,
    force: bool = False,
    key: str | None = None,
    url: str | None = None,
    timeout: float = api.TIMEOUT,
) -> Outcome:
    """`claimline import factcheck-api --query TEXT … -o OUTPUT`: every page of the answer."""
    report = Report()

    def reviews() -> Iterator[FoundReview]:
        secret = key if key is not None else api.api_key()
        pages = api.search_pages(search, secret, url=api.base_url(url), timeout=timeout)
        for number, page in pages:
            report.files += 1
            yield from find_reviews(page, f"API page {number}", report)
            if number == api.MAX_PAGES and page.get("nextPageToken"):
                report.note(
                    f"API page {number}",
                    f"stopped after {api.MAX_PAGES} pages; narrow the query to see the rest",
                )

    title = f"Fact-checks about “{search.query.strip()}”"
    description = (
        f"Fact-checks found by the Fact Check Tools API for the query “{search.query.strip()}”"
        ", imported with `claimline import factcheck-api`. Each fact-check is a source and "
        "evidence on its claim; a claim's reference comes from the publishers' ratings "
        "(docs/import.md has the rating table)."
    )
    return _run(reviews, report, output, merge, force, title, description)


def _run(
    reviews: Callable[[], Iterator[FoundReview]],
    report: Report,
    output: str,
    merge: str | None,
    force: bool,
    title: str,
    description: str,
) -> Outcome:
    target = Path(output).expanduser()
    if target.suffix.lower() not in (".yaml", ".yml", ".json"):
        return Outcome(report, "give -o a file name ending in .yaml (or .json)", 2)
    try:
        existing = load(merge) if merge else None
    except DatasetError as error:
        return Outcome(report, f"cannot merge into it:\n{error.report()}", 1)
    same_file = merge is not None and _same(Path(merge).expanduser(), target)
    if target.exists() and not (force or same_file):  # said before any reading or fetching
        return Outcome(
            report,
            f"{target} already exists; use --force to overwrite it, --merge {target} to add "
            "to it, or choose another file name",
            1,
        )
    try:
        data = build_dataset(
            reviews(),
            report,
            existing=existing,
            dataset_id=slugify(target.stem, fallback="fact-checks"),
            title=title,
            description=description,
        )
    except ImportFailure as error:
        return Outcome(report, f"{error}; nothing was written", 1)
    if existing is not None and report.imported + report.merged == 0:
        if same_file:
            return Outcome(report, f"nothing new: {target} is unchanged", 0)
    elif not data["claims"] or not data["events"]:
        return Outcome(report, "no fact-check could be imported, so no dataset was written", 1)
    return _write(data, target, report, force=force or same_file, merged=merge)


def _write(
    data: dict[str, Any], target: Path, report: Report, *, force: bool, merged: str | None
) -> Outcome:
    text = dataset_json(data) if target.suffix.lower() == ".json" else _yaml(data, merged)
    try:  # a result that doesn't load is a bug in the importer: never write it
        dataset = load_bytes(text.encode("utf-8"), str(target))
    except DatasetError as error:
        return Outcome(
            report,
            "the imported dataset does not validate; this is a claimline bug, please report "
            f"it with the input:\n{error.report()}",
            1,
        )
    try:
        written = write_atomic(target, text, force=force)
    except ExportError as error:
        return Outcome(report, str(error), 1)
    if merged and _has_comments(Path(merged)):
        report.note(merged, "its comments are not in the written file (YAML is rewritten)")
    return Outcome(report, f"wrote {written}: {_counts(dataset)}", 0, written)


def _yaml(data: dict[str, Any], merged: str | None) -> str:
    header = (
        "# Fact-checks imported by `claimline import` (see docs/import.md): each claim's\n"
        "# evidence quotes its fact-checkers' ratings. Check it with `claimline validate`.\n"
    )
    return ("" if merged else header) + dataset_yaml(data)


def _counts(dataset: Dataset) -> str:
    return (
        f"{plural(len(dataset.claims), 'claim')}, {plural(len(dataset.events), 'event')}, "
        f"{plural(len(dataset.sources), 'source')}"
    )


def _same(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return False


def _has_comments(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return path.suffix.lower() != ".json" and bool(re.search(r"(?m)^\s*#", text))
