"""`claimline import claimreview` and `claimline import factcheck-api`: published
fact-checks into a dataset.

The work is done in facts.importers.claimreview (plain functions, so scripts and tests
reach it too); this module parses options and prints the report on standard error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tui.cli_base import CliError, import_group

if TYPE_CHECKING:
    from facts.importers.claimreview import Outcome

F = TypeVar("F", bound=Callable[..., Any])


def _dataset_options(function: F) -> F:
    """-o, --merge and --force: where the dataset goes, as both import commands take them."""
    for option in reversed(
        [
            click.option(
                "--output",
                "-o",
                required=True,
                metavar="DATASET.yaml",
                help="the dataset to write (.yaml, or .json)",
            ),
            click.option(
                "--merge",
                metavar="EXISTING",
                help="add to this dataset: nothing twice, no id changed (-o may name it too)",
            ),
            click.option("--force", is_flag=True, help="overwrite the output file if it exists"),
        ]
    ):
        function = option(function)
    return function


@import_group.command(
    "claimreview", short_help="import published fact-checks (schema.org ClaimReview)"
)
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@_dataset_options
def import_claimreview(files: tuple[str, ...], output: str, merge: str | None, force: bool) -> None:
    """Import fact-checks published as schema.org ClaimReview: JSON, JSON-LD, JSON Lines
    and HTML pages (every ld+json block), or folders of them. Every review becomes a
    claim with its evidence, or a line in the report saying why not.

    \b
    examples:
      claimline import claimreview saved-pages/ feed.json -o checks.yaml
      claimline import claimreview new/ --merge checks.yaml -o checks.yaml
    Details and the rating table: docs/import.md
    """
    from facts.importers.claimreview import import_files

    _finish(import_files(list(files), output, merge=merge, force=force))


@import_group.command(
    "factcheck-api", short_help="import fact-checks from Google's Fact Check Tools API"
)
@click.option("--query", required=True, metavar="TEXT", help="what to search for")
@click.option("--language", metavar="CODE", help="only reviews in this language (es, pt-BR…)")
@click.option(
    "--max-age-days",
    type=click.IntRange(min=1),
    metavar="N",
    help="only reviews published in the last N days",
)
@click.option("--publisher", metavar="SITE", help="only reviews by this site (example.org)")
@_dataset_options
@click.option("--api-url", hidden=True, help="the API's address (tests, proxies)")
@click.option("--timeout", type=float, default=20.0, hidden=True, help="seconds per request")
def import_factcheck_api(
    query: str,
    language: str | None,
    max_age_days: int | None,
    publisher: str | None,
    output: str,
    merge: str | None,
    force: bool,
    api_url: str | None,
    timeout: float,
) -> None:
    """Search the Fact Check Tools API (claims:search) and import every page of the
    answer as `claimline import claimreview` does. The API key is read from
    FACTCHECK_API_KEY and never shown.

    \b
    example:
      export FACTCHECK_API_KEY=…
      claimline import factcheck-api --query "harbour bridge" --language en -o bridge.yaml
    Details: docs/import.md
    """
    from facts.importers.claimreview import Search, import_from_api

    if not query.strip():
        raise CliError("claimline: error: --query must not be empty", exit_code=2)
    search = Search(query.strip(), language, max_age_days, publisher)
    _finish(import_from_api(search, output, merge=merge, force=force, url=api_url, timeout=timeout))


def _finish(outcome: Outcome) -> None:
    """Print the report; a failure leaves through CliError with the outcome's code."""
    if outcome.report.files or outcome.report.lines:  # nothing read: no counts to give
        print(outcome.report.text(), file=sys.stderr)
    if outcome.exit_code:
        raise CliError(f"claimline: {outcome.closing()}", outcome.exit_code)
    print(f"claimline: {outcome.closing()}", file=sys.stderr)
