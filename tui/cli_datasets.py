"""`claimline validate`, `claimline schema` and `claimline datasets`."""

from __future__ import annotations

import argparse
import json
import sys

from facts import DatasetError, load
from facts.bundled import bundled_paths
from facts.model import dataset_json_schema
from tui.datasets import resolve_dataset


def register(commands: argparse._SubParsersAction) -> None:
    validate = commands.add_parser(
        "validate",
        help="check dataset files and report every problem with its line and field",
        description="Check dataset files. Exit 0 when all are valid, 1 when any is not.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="dataset files (.yaml, .json)")
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default) or json for scripts",
    )
    validate.set_defaults(run=run_validate)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the dataset format",
        description="Print the JSON Schema of the dataset format (for editors' YAML support).",
    )
    schema.set_defaults(run=run_schema)

    datasets = commands.add_parser(
        "datasets",
        help="list the bundled datasets",
        description="List the datasets that ship with claimline: id, title and counts.",
    )
    datasets.set_defaults(run=run_datasets)


def run_validate(args: argparse.Namespace) -> int:
    results = []
    for given in args.paths:
        path = resolve_dataset(given)
        try:
            dataset = load(path)
        except DatasetError as error:
            results.append(
                {
                    "path": str(path),
                    "ok": False,
                    "problems": [problem.as_dict() for problem in error.problems],
                }
            )
            if args.format == "text":
                print(error.report())
        else:
            results.append(
                {
                    "path": str(path),
                    "ok": True,
                    "events": len(dataset.events),
                    "claims": len(dataset.claims),
                }
            )
            if args.format == "text":
                print(f"ok: {path} ({len(dataset.events)} events, {len(dataset.claims)} claims)")
    if args.format == "json":
        json.dump({"results": results}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    return 0 if all(result["ok"] for result in results) else 1


def run_schema(args: argparse.Namespace) -> int:
    print(schema_text(), end="")
    return 0


def schema_text() -> str:
    """The schema as the repository keeps it in facts/dataset.schema.json."""
    return json.dumps(dataset_json_schema(), indent=2, ensure_ascii=False) + "\n"


def run_datasets(args: argparse.Namespace) -> int:
    status = 0
    for path in bundled_paths():
        try:
            dataset = load(path)
        except DatasetError as error:
            print(error.report(), file=sys.stderr)
            status = 1
            continue
        print(
            f"{path.stem}\t{dataset.title}\t{len(dataset.events)} events, "
            f"{len(dataset.claims)} claims"
        )
    return status
