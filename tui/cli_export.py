"""`claimline export` (verdicts to Markdown, CSV, JSON, ClaimReview, TimelineJS) and
`claimline import timelinejs` (a TimelineJS 3 file to a dataset of events).

Exit codes: 0 done, 1 a dataset, store or file problem (one clear line, or the dataset's
located problems), 2 a usage mistake.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from facts import DatasetError, load
from facts.atomic import ExportError, write_atomic
from facts.export import FORMATS, STATUSES, ExportOptionError, ExportOptions, export
from facts.export.claimreview import option_problems
from facts.load import load_bytes
from facts.review import Review
from facts.timelinejs_import import TimelineImportError, read_timelinejs, slugify
from tui.datasets import resolve_dataset

if TYPE_CHECKING:
    from facts.store import ReviewStore

_OPTION_FLAGS = {
    "publisher": "--publisher",
    "publisher_url": "--publisher-url",
    "url_template": "--url-template",
}


def register(commands: argparse._SubParsersAction) -> None:
    exporter = commands.add_parser(
        "export",
        help="export verdicts as Markdown, CSV, JSON, ClaimReview or TimelineJS",
        description="Export the claims with a given verdict (verified by default) in timeline "
        "order. Without -o, the export goes to standard output.",
        epilog="examples:\n"
        "  claimline export --format markdown -o handout.md\n"
        "  claimline export my.yaml --format csv --status reviewed -o checks.csv\n"
        "  claimline export --format claimreview --publisher 'Example Checks' \\\n"
        "      --url-template 'https://example.org/checks/{claim_id}' -o checks.jsonld",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exporter.add_argument(
        "dataset",
        nargs="?",
        metavar="DATASET",
        help="a dataset file or a bundled dataset's name (default: the bundled one)",
    )
    exporter.add_argument(
        "--format", "-f", required=True, choices=list(FORMATS), help="the file format"
    )
    exporter.add_argument(
        "--status",
        "-s",
        choices=STATUSES,
        default="verified",
        help="which claims: verified (default), disputed, reviewed (both) or all",
    )
    exporter.add_argument(
        "--reviews", metavar="FILE", help="the review store to read (default: the one the app uses)"
    )
    exporter.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (default: standard output)"
    )
    exporter.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    claimreview = exporter.add_argument_group("ClaimReview options")
    claimreview.add_argument(
        "--publisher", metavar="NAME", help="the organisation publishing the fact checks"
    )
    claimreview.add_argument(
        "--publisher-url", metavar="URL", help="the organisation's web address"
    )
    claimreview.add_argument(
        "--url-template",
        metavar="URL",
        help="each fact check's page, with {claim_id} for the claim's id",
    )
    timeline = exporter.add_argument_group("TimelineJS options")
    timeline.add_argument(
        "--group-by",
        metavar="TAGS",
        type=parse_group_by,
        help="the tags that become the timeline's rows, comma-separated, or `none` for one "
        "row (default: up to 4 tags that cover the most events)",
    )
    exporter.set_defaults(run=run_export)

    importer = commands.add_parser(
        "import",
        help="convert a TimelineJS 3 JSON file into a dataset of events",
        description="Convert a TimelineJS 3 JSON file into a claimline dataset (events only; "
        "add claims afterwards). Everything that cannot be carried over is listed.",
        epilog="example:\n  claimline import timelinejs timeline.json -o my-timeline.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importer.add_argument("kind", choices=("timelinejs",), help="the format of FILE")
    importer.add_argument("file", metavar="FILE", help="the TimelineJS JSON file")
    importer.add_argument(
        "--output",
        "-o",
        metavar="DATASET.yaml",
        help="write the dataset to this YAML file (default: standard output)",
    )
    importer.add_argument(
        "--id",
        dest="dataset_id",
        metavar="ID",
        help="the dataset's id (default: from the output file name)",
    )
    importer.add_argument(
        "--force", action="store_true", help="overwrite the output file if it exists"
    )
    importer.set_defaults(run=run_import)


def parse_group_by(value: str) -> tuple[str, ...]:
    """`a, b` → ("a", "b"); `none` → () (no groups). Tags never hold commas."""
    if value.strip() == "none":
        return ()
    tags = tuple(dict.fromkeys(tag.strip() for tag in value.split(",") if tag.strip()))
    if not tags:
        raise argparse.ArgumentTypeError("give one or more tags separated by commas, or none")
    return tags


def run_export(args: argparse.Namespace) -> int:
    options = ExportOptions(
        args.publisher, args.publisher_url, args.url_template, group_by=args.group_by
    )
    if args.format == "claimreview":
        problems = option_problems(options)
        if problems:
            for name, message in problems.items():
                _error(f"{_OPTION_FLAGS[name]}: {message}", usage=True)
            return 2
    path = resolve_dataset(args.dataset)
    try:
        dataset = load(path)
    except DatasetError as error:
        print(error.report(), file=sys.stderr)
        return 1
    reviews = _read_reviews(args.reviews, dataset.id)
    if isinstance(reviews, int):
        return reviews
    try:
        result = export(dataset, reviews, format=args.format, status=args.status, options=options)
    except ExportOptionError as error:
        _error(str(error), usage=True)
        return 2
    for notice in result.notices:
        print(f"claimline: note: {notice}", file=sys.stderr)
    if args.output is None:
        return _to_stdout(result.text)
    try:
        written = write_atomic(args.output, result.file_bytes(), force=args.force)
    except ExportError as error:
        _error(str(error))
        return 1
    what = "claim" if result.count == 1 else "claims"
    print(
        f"Exported {result.count} {what} ({args.status}) as {args.format} to {written}",
        file=sys.stderr,
    )
    return 0


def _read_reviews(given: str | None, dataset_id: str) -> Mapping[str, Review] | int:
    """The verdicts on the dataset, or the exit code after saying why they can't be read."""
    from facts.store import StoreError, default_store_path

    path = Path(given).expanduser() if given else default_store_path()
    if not path.exists():
        if given:
            _error(f"no review store at {path}; check the path given to --reviews")
            return 1
        print(
            f"claimline: note: no verdicts recorded yet (no review store at {path})",
            file=sys.stderr,
        )
        return {}
    try:
        store = _open_store(path)
    except StoreError as error:
        _error(str(error))
        return 1
    try:
        return store.reviews(dataset_id)
    except StoreError as error:
        _error(str(error))
        return 1
    finally:
        store.close()


def _open_store(path: Path) -> ReviewStore:
    """The store as the app opens it; one that can't be written is opened read-only, since
    exporting only reads (a read-only connection leaves SQLite's -shm file beside it, so
    it is not the first choice)."""
    from facts.store import ReviewStore, StoreError

    try:
        return ReviewStore(path)
    except StoreError as error:
        if error.reason != "readonly":
            raise
    return ReviewStore(path, read_only=True)


def run_import(args: argparse.Namespace) -> int:
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() not in (".yaml", ".yml"):
        _error("the dataset is written as YAML: give -o a file name ending in .yaml", usage=True)
        return 2
    dataset_id = args.dataset_id or (slugify(output.stem, fallback="") if output else None)
    try:
        result = read_timelinejs(args.file, dataset_id=dataset_id or None)
    except TimelineImportError as error:
        _error(str(error))
        return 1
    for warning in result.warnings:
        print(f"claimline: warning: {warning}", file=sys.stderr)
    text = result.yaml_text()
    try:
        load_bytes(text.encode("utf-8"), "imported.yaml")
    except DatasetError as error:  # a converter bug: never write a file that won't load
        print(error.report(), file=sys.stderr)
        return 1
    count = result.event_count
    summary = f"{count} event{'s' if count != 1 else ''} imported" + (
        f"; {len(result.warnings)} thing{'s' if len(result.warnings) != 1 else ''}"
        " not carried over as they were (listed above)"
        if result.warnings
        else ""
    )
    if output is None:
        code = _to_stdout(text)
        print(f"claimline: {summary}", file=sys.stderr)
        return code
    try:
        written = write_atomic(output, text, force=args.force)
    except ExportError as error:
        _error(str(error))
        return 1
    print(f"claimline: {summary} into {written}", file=sys.stderr)
    return 0


def _to_stdout(text: str) -> int:
    """Write the export as UTF-8 whatever the console's encoding, line ends untouched."""
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:  # `claimline export ... | head`: the reader has had enough
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return 0


def _error(message: str, *, usage: bool = False) -> None:
    prefix = "claimline: error: " if usage else "claimline: "
    print(prefix + message, file=sys.stderr)
