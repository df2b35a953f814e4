"""`claimline [DATASET]` (or `claimline open [DATASET]`): the timeline app on a dataset."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from facts.store import default_store_path
from tui.cli_base import claimline, dataset_argument
from tui.config import reviewer_problem, theme_problem
from tui.keymap import default_keymap_path

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

F = TypeVar("F", bound=Callable[..., Any])


def _checked(problem: Callable[[str], str | None]) -> Callable[..., str | None]:
    """A click callback refusing a value for which `problem` gives a reason (exit 2)."""

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        reason = problem(value)
        if reason:
            raise click.BadParameter(reason, ctx=ctx, param=param)
        return value.strip()

    return check


def _complete_theme(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    from tui.themes import theme_names

    return [CompletionItem(name) for name in sorted(theme_names()) if name.startswith(incomplete)]


def review_options(*, reviewer_default: str, store_default: str) -> Callable[[F], F]:
    """`--reviews` and `--reviewer`, for every command that records verdicts."""

    def add(function: F) -> F:
        # click lists options in the order of the decorators, the last applied first.
        function = click.option(
            "--reviewer",
            metavar="NAME",
            callback=_checked(reviewer_problem),
            help=f"the name recorded with each verdict (default: {reviewer_default})",
        )(function)
        return click.option(
            "--reviews",
            metavar="FILE",
            help=f"the review store to use (default: {store_default})",
        )(function)

    return add


def look_options(*, theme_default: str, keymap_help: str) -> Callable[[F], F]:
    """`--theme` and `--keymap`, for every command that opens a screen."""

    def add(function: F) -> F:
        function = click.option(
            "--keymap",
            metavar="FILE",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"{keymap_help} (default: {default_keymap_path()})",
        )(function)
        return click.option(
            "--theme",
            metavar="NAME",
            callback=_checked(theme_problem),
            shell_complete=_complete_theme,
            help=f"a Textual theme (default: {theme_default}; ctrl+p → Theme lists them all)",
        )(function)

    return add


@claimline.command("open", short_help="open the app on a dataset (the default command)")
@dataset_argument
@review_options(
    reviewer_default="the config file's reviewer, else your user name",
    store_default=f"the config file's reviews, else {default_store_path()}",
)
@look_options(
    theme_default="the config file's theme, where ctrl+p → Theme writes the one you choose",
    keymap_help="your own keys: binding ids mapped to keys",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="read and check the file in full, without the cache of datasets already checked "
    "(`claimline cache clear` empties it)",
)
def open_app(
    dataset: str | None,
    reviews: str | None,
    reviewer: str | None,
    theme: str | None,
    keymap: Path | None,
    no_cache: bool,
) -> None:
    """Open the timeline app on DATASET (the bundled one by default): mark each claim
    verified or disputed, with notes; `?` in the app lists every key."""
    from facts.store import default_reviewer
    from tui.startup import prepared, settings

    chosen = settings({"reviews": reviews, "reviewer": reviewer, "theme": theme, "keymap": keymap})
    with prepared(
        dataset,
        chosen.reviews_location(default_store_path()),
        chosen.reviewer or default_reviewer(),
        chosen.theme,
        chosen.keymap or default_keymap_path(),
        use_cache=not no_cache,
    ) as start:
        from tui.app import ClaimlineApp

        start.open_app(ClaimlineApp, dataset_path=start.dataset_path)
