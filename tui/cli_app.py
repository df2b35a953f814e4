"""`claimline [DATASET]`: open the timeline app on a dataset (the bundled one by default)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facts import DatasetError, load
from facts.model import without_controls
from facts.store import ReviewStore, StoreError, default_reviewer, default_store_path
from tui.datasets import resolve_dataset
from tui.keymap import KeymapError, default_keymap_path, read_keymap
from tui.version import package_version


def app_parser(commands: list[tuple[str, str]]) -> argparse.ArgumentParser:
    """The parser of `claimline [DATASET] [options]`; its help lists the other commands."""
    listing = "\n".join(f"  {name:<10} {text}" for name, text in commands)
    parser = argparse.ArgumentParser(
        prog="claimline",
        usage="claimline [DATASET] [options]\n       claimline COMMAND [options]",
        description="Check claims against a timeline. Without a command, opens the app on "
        "DATASET (the bundled one by default).",
        epilog=f"commands:\n{listing}\n\n`claimline COMMAND --help` tells more.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"claimline {package_version()}")
    parser.add_argument(
        "dataset",
        nargs="?",
        metavar="DATASET",
        help="a dataset file or a bundled dataset's name (default: ecuador-2025)",
    )
    add_review_options(parser)
    parser.add_argument(
        "--keymap",
        metavar="FILE",
        type=Path,
        default=default_keymap_path(),
        help=f"your own keys: binding ids mapped to keys (default: {default_keymap_path()})",
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="a Textual theme, e.g. textual-light for a projector (ctrl+p → Theme lists them all)",
    )
    return parser


def add_review_options(
    parser: argparse.ArgumentParser,
    reviewer_default: str | None = None,
    store_default: Path | None = None,
) -> None:
    """`--reviews` and `--reviewer`, shared by every command that records verdicts."""
    parser.add_argument(
        "--reviews",
        metavar="FILE",
        type=Path,
        default=store_default or default_store_path(),
        help="the review store to use (default: %(default)s)",
    )
    parser.add_argument(
        "--reviewer",
        metavar="NAME",
        default=reviewer_default,
        type=reviewer_name,
        help="the name recorded with each verdict "
        f"(default: {reviewer_default or 'your user name'})",
    )


def reviewer_name(value: str) -> str:
    """A name for `--reviewer`: everyone who opens the store sees it, so no control characters
    (an escape sequence in it would reach their terminals)."""
    name = value.strip()
    if not name:
        raise argparse.ArgumentTypeError("the name must not be empty")
    if without_controls(name) != name:
        raise argparse.ArgumentTypeError(
            f"the name {name!r} holds control characters; give a plain name"
        )
    return name


def open_inputs(args: argparse.Namespace) -> tuple[object, ReviewStore] | int:
    """Load the dataset and open the store, or print why not and return the exit code."""
    path = resolve_dataset(args.dataset)
    try:
        dataset = load(path)
    except DatasetError as error:
        print(error.report(), file=sys.stderr)
        return 1
    try:
        store = ReviewStore(args.reviews)
    except StoreError as error:
        print(f"claimline: {error}", file=sys.stderr)
        return 1
    return dataset, store


def run_app(argv: list[str], commands: list[tuple[str, str]]) -> int:
    parser = app_parser(commands)
    args = parser.parse_args(argv)
    opened = open_inputs(args)
    if isinstance(opened, int):
        return opened
    dataset, store = opened
    try:
        keymap = read_keymap(args.keymap)
    except KeymapError as error:
        print(f"claimline: {error}", file=sys.stderr)
        store.close()
        return 1
    from tui.app import ClaimlineApp

    app = ClaimlineApp(
        dataset,
        store,
        args.reviewer or default_reviewer(),  # type: ignore[arg-type]
        theme=args.theme,
        dataset_path=resolve_dataset(args.dataset),
        keymap=keymap,
    )
    if args.theme and args.theme not in app.available_themes:
        themes = ", ".join(sorted(app.available_themes))
        parser.error(f"unknown theme {args.theme!r}; choose one of: {themes}")
    try:
        app.run()
    finally:
        store.close()
    return 0
