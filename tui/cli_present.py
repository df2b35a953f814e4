"""`claimline present`: classroom mode, one event per screen, for a projector."""

from __future__ import annotations

from pathlib import Path

import click

from facts.store import class_store_path, default_store_path
from tui.cli_app import look_options, review_options
from tui.cli_base import claimline, dataset_argument
from tui.keymap import default_keymap_path
from tui.themes import PROJECTOR, PROJECTOR_DARK


@claimline.command("present", short_help="classroom mode: present the timeline one event at a time")
@dataset_argument
# The class's verdicts are kept apart from the presenter's own review by default.
@review_options(
    reviewer_default="class",
    store_default="your own store, as for claimline; the class's verdicts go to a "
    f"-class file beside it, e.g. {class_store_path(default_store_path())}",
)
@click.option(
    "--quiz",
    is_flag=True,
    help="keep every curators' reference hidden until it is revealed with r: no hint on "
    "the slides, none in the claim detail, and the summary compares revealed references only",
)
@look_options(
    theme_default=f"{PROJECTOR}, black on white; {PROJECTOR_DARK} is white on black",
    keymap_help="your own keys: binding ids (present.*, see ?) mapped to keys",
)
def present(
    dataset: str | None,
    reviews: str | None,
    reviewer: str | None,
    quiz: bool,
    theme: str | None,
    keymap: Path | None,
) -> None:
    """Present a dataset to a class, one event per screen: record the class's verdict on
    each claim (v / d), reveal the curators' reference (r) and end on a summary of how the
    class compares (s). --reviews FILE names your own review store, as for claimline; the
    class's verdicts go to FILE-class beside it, where the app's p key puts them too. Give
    each class its own --reviews file to keep lessons apart."""
    from tui.startup import prepared, settings

    # The presenter's settings say where their own store and keys are; the class has its
    # own name and the projector its own theme, so those two are not read from them.
    chosen = settings({"keymap": keymap, "reviews": reviews})
    location = chosen.reviews_location(default_store_path())
    # --reviews names the presenter's own store, as for `claimline`: the class gets the file
    # beside it, the one `p` opens in `claimline --reviews FILE`, so both record a lesson
    # in one place. On a server, its reviewer name (`class`) keeps its verdicts apart.
    store = class_store_path(location) if isinstance(location, Path) else location
    with prepared(
        dataset, store, reviewer or "class", theme, chosen.keymap or default_keymap_path()
    ) as start:
        from tui.presentation_app import PresentationApp

        start.open_app(PresentationApp, quiz=quiz)
