"""`claimline present`: classroom mode, one event per screen, for a projector."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facts.store import class_store_path, default_store_path
from tui.cli_app import add_review_options, open_inputs
from tui.keymap import KeymapError, default_keymap_path, read_keymap
from tui.themes import PROJECTOR, PROJECTOR_DARK


def register(commands: argparse._SubParsersAction) -> None:
    present = commands.add_parser(
        "present",
        help="classroom mode: present the timeline one event at a time on a projector",
        description="Present a dataset to a class, one event per screen: record the class's "
        "verdict on each claim (v / d), reveal the curators' reference (r) and end on a "
        "summary of how the class compares (s). The class's verdicts go to a class review "
        "store beside your own (the app's p key uses the same one); use a file per class "
        "(--reviews) to keep lessons apart.",
    )
    present.add_argument(
        "dataset",
        nargs="?",
        metavar="DATASET",
        help="a dataset file or a bundled dataset's name (default: ecuador-2025)",
    )
    # The class's verdicts are kept apart from the presenter's own review by default.
    add_review_options(
        present, reviewer_default="class", store_default=class_store_path(default_store_path())
    )
    present.add_argument(
        "--quiz",
        action="store_true",
        help="keep every curators' reference hidden until it is revealed "
        "with r: no hint on the slides, none in the claim detail, and the "
        "summary compares revealed references only",
    )
    present.add_argument(
        "--theme",
        metavar="NAME",
        default=None,
        help=f"a Textual theme (default: {PROJECTOR}, black on white; "
        f"{PROJECTOR_DARK} is white on black; ctrl+p → Theme switches)",
    )
    present.add_argument(
        "--keymap",
        metavar="FILE",
        type=Path,
        default=default_keymap_path(),
        help="your own keys: binding ids (present.*, see ?) mapped to keys "
        f"(default: {default_keymap_path()})",
    )
    present.set_defaults(run=run_present, parser=present)


def run_present(args: argparse.Namespace) -> int:
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
    from tui.presentation_app import PresentationApp

    app = PresentationApp(
        dataset,
        store,
        args.reviewer or "class",  # type: ignore[arg-type]
        quiz=args.quiz,
        theme=args.theme,
        keymap=keymap,
    )
    if args.theme and args.theme not in app.available_themes:
        store.close()
        themes = ", ".join(sorted(app.available_themes))
        args.parser.error(f"unknown theme {args.theme!r}; choose one of: {themes}")
    try:
        app.run()
    finally:
        store.close()
    return 0
