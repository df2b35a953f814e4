"""`claimline validate`, `claimline schema` and `claimline datasets`."""

from __future__ import annotations

import json
import sys

import click

from tui.cli_base import claimline, write_stdout


@claimline.command(
    "validate", short_help="check dataset files and report every problem with its line and field"
)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people (default) or json for scripts",
)
def validate(paths: tuple[str, ...], output: str) -> int:
    """Check dataset files (.yaml, .json; `-` reads one from standard input). Exit 0 when
    all are valid, 1 when any is not."""
    from facts import DatasetError
    from tui.datasets import STDIN, STDIN_NAME, load_given, resolve_dataset

    results = []
    for given in paths:
        path = STDIN_NAME if given == STDIN else resolve_dataset(given)
        try:
            dataset = load_given(given)
        except DatasetError as error:
            results.append(
                {
                    "path": str(path),
                    "ok": False,
                    "problems": [problem.as_dict() for problem in error.problems],
                }
            )
            if output == "text":
                write_stdout(error.report() + "\n")
        else:
            events, claims = len(dataset.events), len(dataset.claims)
            results.append({"path": str(path), "ok": True, "events": events, "claims": claims})
            if output == "text":
                write_stdout(f"ok: {path} ({events} events, {claims} claims)\n")
    if output == "json":
        write_stdout(json.dumps({"results": results}, indent=2, ensure_ascii=False) + "\n")
    return 0 if all(result["ok"] for result in results) else 1


@claimline.command("schema", short_help="print the JSON Schema of the dataset format")
def schema() -> None:
    """Print the JSON Schema of the dataset format (for editors' YAML support)."""
    write_stdout(schema_text())


def schema_text() -> str:
    """The schema as the repository keeps it in facts/dataset.schema.json."""
    from facts.model import dataset_json_schema

    return json.dumps(dataset_json_schema(), indent=2, ensure_ascii=False) + "\n"


@claimline.command("datasets", short_help="list the bundled datasets")
def datasets() -> int:
    """List the datasets that ship with claimline: id, title and counts."""
    from facts import DatasetError, load
    from facts.bundled import bundled_paths

    failed = False
    for path in bundled_paths():
        try:
            dataset = load(path)
        except DatasetError as error:
            print(error.report(), file=sys.stderr)
            failed = True
            continue
        write_stdout(
            f"{path.stem}\t{dataset.title}\t{len(dataset.events)} events, "
            f"{len(dataset.claims)} claims\n"
        )
    return 1 if failed else 0
