"""`claimline [DATASET]`: open the timeline app (until the app lands: validate it)."""

from __future__ import annotations

import argparse
import sys

from facts import DatasetError, load
from tui.datasets import resolve_dataset


def app_parser(commands: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimline",
        description="Open the claimline timeline on a dataset (the bundled one by default). "
        f"Other commands: {', '.join(commands)} (see `claimline COMMAND --help`).",
    )
    parser.add_argument("dataset", nargs="?", metavar="DATASET",
                        help="a dataset file or a bundled dataset's name (default: ecuador-2025)")
    parser.add_argument("--reviews", metavar="FILE",
                        help="the review store to use (default: one in your user data folder)")
    parser.add_argument("--reviewer", metavar="NAME",
                        help="the name recorded with each verdict (default: your user name)")
    parser.add_argument("--theme", metavar="NAME", help="a Textual theme, e.g. textual-light")
    return parser


def run_app(argv: list[str], commands: list[str]) -> int:
    args = app_parser(commands).parse_args(argv)
    path = resolve_dataset(args.dataset)
    try:
        dataset = load(path)
    except DatasetError as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(f"ok: {path} ({len(dataset.events)} events, {len(dataset.claims)} claims)")
    return 0
