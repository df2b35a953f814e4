"""`claimline export` (verdicts to Markdown, CSV, JSON, ClaimReview, TimelineJS) and
`claimline import timelinejs` (a TimelineJS 3 file to a dataset of events).

Exit codes: 0 done, 1 a dataset, store or file problem (one clear line, or the dataset's
located problems), 2 a usage mistake.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from facts.export import FORMATS, STATUSES
from tui.cli_base import (
    CliError,
    claimline,
    dataset_argument,
    import_group,
    usage_error,
    write_stdout,
)

if TYPE_CHECKING:
    from facts.review import Review
    from facts.store import TeamReview

_OPTION_FLAGS = {
    "publisher": "--publisher",
    "publisher_url": "--publisher-url",
    "url_template": "--url-template",
}


@claimline.command(
    "export",
    short_help="export verdicts as Markdown, CSV, JSON, ClaimReview or TimelineJS",
    epilog="""\b
examples:
  claimline export --format markdown -o handout.md
  claimline export my.yaml --format csv --status reviewed -o checks.csv
  claimline export --format claimreview --publisher 'Example Checks' \\
      --url-template 'https://example.org/checks/{claim_id}' -o checks.jsonld""",
)
@dataset_argument
@click.option(
    "--format", "-f", "fmt", required=True, type=click.Choice(list(FORMATS)), help="the file format"
)
@click.option(
    "--status",
    "-s",
    type=click.Choice(list(STATUSES)),
    default="verified",
    help="which claims: verified (default), disputed, reviewed (both) or all",
)
@click.option(
    "--reviews",
    metavar="FILE|URL",
    help="the review store to read (default: the one the app uses)",
)
@click.option(
    "--reviewer",
    metavar="NAME",
    help="export this reviewer's own verdicts (default: the team's, contested claims apart)",
)
@click.option("--output", "-o", metavar="FILE", help="write to FILE (default: standard output)")
@click.option("--force", is_flag=True, help="overwrite FILE if it exists")
@click.option(
    "--publisher", metavar="NAME", help="ClaimReview: the organisation publishing the fact checks"
)
@click.option("--publisher-url", metavar="URL", help="ClaimReview: the organisation's web address")
@click.option(
    "--group-by",
    metavar="TAGS",
    callback=lambda ctx, param, value: _group_by(value),
    help="TimelineJS: the tags that become the timeline's rows, comma-separated, or `none` "
    "for one row (default: up to 4 tags that cover the most events)",
)
@click.option(
    "--url-template",
    metavar="URL",
    help="ClaimReview: each fact check's page, with {claim_id} for the claim's id",
)
def export_command(
    dataset: str | None,
    fmt: str,
    status: str,
    reviews: str | None,
    reviewer: str | None,
    output: str | None,
    force: bool,
    publisher: str | None,
    publisher_url: str | None,
    url_template: str | None,
    group_by: tuple[str, ...] | None,
) -> None:
    """Export the claims with a given verdict (verified by default) in timeline order.
    Without -o, the export goes to standard output."""
    from facts import DatasetError
    from facts.atomic import ExportError, write_atomic
    from facts.export import ExportOptionError, ExportOptions, export
    from facts.export.claimreview import option_problems
    from tui.datasets import load_given

    options = ExportOptions(publisher, publisher_url, url_template, group_by=group_by)
    if fmt == "claimreview":
        problems = option_problems(options)
        if problems:
            raise usage_error(
                "\nclaimline: error: ".join(
                    f"{_OPTION_FLAGS[name]}: {message}" for name, message in problems.items()
                )
            )
    try:
        loaded = load_given(dataset)
    except DatasetError as error:
        raise CliError(error.report()) from None
    verdicts, team = _read_verdicts(reviews, loaded.id, reviewer)
    try:
        result = export(loaded, verdicts, format=fmt, status=status, options=options, team=team)
    except ExportOptionError as error:
        raise usage_error(str(error)) from None
    for notice in result.notices:
        print(f"claimline: note: {notice}", file=sys.stderr)
    if output is None:
        write_stdout(result.text)
        return
    try:
        written = write_atomic(output, result.file_bytes(), force=force)
    except ExportError as error:
        raise CliError(f"claimline: {error}") from None
    what = "claim" if result.count == 1 else "claims"
    print(f"Exported {result.count} {what} ({status}) as {fmt} to {written}", file=sys.stderr)


@import_group.command("timelinejs", short_help="convert a TimelineJS 3 JSON file into a dataset")
@click.argument("file", metavar="FILE")
@click.option(
    "--output",
    "-o",
    metavar="DATASET.yaml",
    help="write the dataset to this YAML file (default: standard output)",
)
@click.option(
    "--id", "dataset_id", metavar="ID", help="the dataset's id (default: from the output file name)"
)
@click.option("--force", is_flag=True, help="overwrite the output file if it exists")
def import_timelinejs(file: str, output: str | None, dataset_id: str | None, force: bool) -> None:
    """Convert a TimelineJS 3 JSON file into a claimline dataset (events only; add claims
    afterwards). Everything that cannot be carried over is listed.

    \b
    example:
      claimline import timelinejs timeline.json -o my-timeline.yaml
    """
    from facts import DatasetError
    from facts.atomic import ExportError, write_atomic
    from facts.ids import slugify
    from facts.importers.timelinejs import TimelineImportError, read_timelinejs
    from facts.load import load_bytes

    target = Path(output) if output else None
    if target is not None and target.suffix.lower() not in (".yaml", ".yml"):
        raise usage_error("the dataset is written as YAML: give -o a file name ending in .yaml")
    dataset_id = dataset_id or (slugify(target.stem, fallback="") if target else None)
    try:
        result = read_timelinejs(file, dataset_id=dataset_id or None)
    except TimelineImportError as error:
        raise CliError(f"claimline: {error}") from None
    for warning in result.warnings:
        print(f"claimline: warning: {warning}", file=sys.stderr)
    text = result.yaml_text()
    try:
        load_bytes(text.encode("utf-8"), "imported.yaml")
    except DatasetError as error:  # a converter bug: never write a file that won't load
        raise CliError(error.report()) from None
    count = result.event_count
    summary = f"{count} event{'s' if count != 1 else ''} imported" + (
        f"; {len(result.warnings)} thing{'s' if len(result.warnings) != 1 else ''}"
        " not carried over as they were (listed above)"
        if result.warnings
        else ""
    )
    if target is None:
        write_stdout(text)
        print(f"claimline: {summary}", file=sys.stderr)
        return
    try:
        written = write_atomic(target, text, force=force)
    except ExportError as error:
        raise CliError(f"claimline: {error}") from None
    print(f"claimline: {summary} into {written}", file=sys.stderr)


def _group_by(value: str | None) -> tuple[str, ...] | None:
    """--group-by's value as groups (None: the main tags, chosen by the export)."""
    from facts.export.selection import ExportOptionError
    from facts.export.timeline_groups import parse_group_by

    try:
        return None if value is None else parse_group_by(value)
    except ExportOptionError as error:
        raise click.BadParameter(str(error)) from None


def _read_verdicts(
    given: str | None, dataset_id: str, reviewer: str | None
) -> tuple[Mapping[str, Review], Mapping[str, TeamReview] | None]:
    """`reviewer`'s own verdicts on the dataset, or (without one) every reviewer's."""
    from tui.store_reading import reading_store

    with reading_store(given) as store:
        if store is None:
            return {}, None
        if reviewer is None:
            return {}, store.team_reviews(dataset_id)
        own = store.reviews(dataset_id, reviewer)
        if not own:
            team = store.team_reviews(dataset_id).values()
            names = sorted({review.reviewer for one in team for review in one.reviews})
            print(
                f"claimline: note: {reviewer} has no verdict or note on this dataset"
                + (f"; reviewers in the store: {', '.join(names)}" if names else ""),
                file=sys.stderr,
            )
        return own, None
