"""`claimline show`: the timeline as plain text, Markdown or JSON on standard output."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import click

from facts.outline import OUTLINE_FORMATS, OUTLINE_STATUSES
from tui.cli_base import CliError, claimline, dataset_argument, write_stdout

if TYPE_CHECKING:
    from facts.outline import OutlineFormat
    from facts.verdicts import TeamFilter


@claimline.command("show", short_help="print the timeline with its verdicts, for reading or grep")
@dataset_argument
@click.option(
    "--status",
    "-s",
    type=click.Choice(OUTLINE_STATUSES),
    default="all",
    help="which claims: all (default), unreviewed, verified, disputed, stale or contested "
    "(reviewers differ; a claim several judged is verified only if they agree); events "
    "without such a claim are left out",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(OUTLINE_FORMATS),
    default="text",
    help="text (default, one line per event and per claim), markdown or json",
)
@click.option("--reviews", metavar="FILE|URL", help="the review store to read (default: the app's)")
@click.option(
    "--reviewer",
    metavar="NAME",
    help="this reviewer's own verdicts (default: the team's, each reviewer's verdict shown "
    "where several judged a claim)",
)
def show(
    dataset: str | None, status: str, fmt: str, reviews: str | None, reviewer: str | None
) -> None:
    """Print every event of DATASET in timeline order, each claim under it with its
    verdict, note and reviewer: for a screen reader, a pipe or grep. `-` reads the dataset
    from standard input.

    \b
    examples:
      claimline show | less
      claimline show --status disputed
      claimline show my.yaml -f json | jq '.events[].claims[] | select(.status == "stale")'
    """
    from facts import DatasetError
    from facts.outline import render_outline
    from tui.datasets import load_given
    from tui.store_reading import reading_store

    try:
        loaded = load_given(dataset)
    except DatasetError as error:
        raise CliError(error.report()) from None
    with reading_store(reviews) as store:
        verdicts = store.reviews(loaded.id, reviewer) if store else {}
        team = store.team_reviews(loaded.id) if store and reviewer is None else None
    # click.Choice has checked both against the same tuples the Literal types list.
    chosen = cast("TeamFilter", status), cast("OutlineFormat", fmt)
    write_stdout(render_outline(loaded, verdicts, *chosen, team=team))
