"""`claimline agreement`: how far the team's reviewers agree on a dataset's claims.

Exit codes: 0 done (also when a figure is undefined: that is a finding, not a failure),
1 a dataset or store problem, 2 a usage mistake.
"""

from __future__ import annotations

import click

from tui.cli_base import CliError, claimline, dataset_argument, write_stdout


@claimline.command(
    "agreement",
    short_help="how far reviewers agree: pairs (Cohen's kappa), the team (alpha), contested",
    epilog="""\b
examples:
  claimline agreement --reviews /shared/reviews.sqlite3
  claimline agreement my.yaml --reviews postgresql://alice@db.example.org/claims --format json""",
)
@dataset_argument
@click.option(
    "--reviews",
    metavar="STORE",
    help="the review store: a file or a postgresql:// URL (default: the one the app uses)",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="a table for people or JSON for scripts",
)
def agreement_command(dataset: str | None, reviews: str | None, fmt: str) -> None:
    """For each pair of reviewers, the claims both judged, their percent agreement and
    Cohen's kappa; for the team, Krippendorff's alpha (nominal); then the contested
    claims with every reviewer's verdict. docs/team.md explains how to read them."""
    from facts import DatasetError, load
    from facts.agreement import agreement
    from facts.export.json_text import json_text
    from tui.agreement_table import render_table
    from tui.datasets import resolve_dataset
    from tui.store_reading import reading_store

    try:
        loaded = load(resolve_dataset(dataset))
    except DatasetError as error:
        raise CliError(error.report()) from None
    with reading_store(reviews) as store:
        team = store.team_reviews(loaded.id) if store is not None else {}
    # Dataset order; verdicts on claims the dataset no longer has are not counted.
    ratings = {
        claim.id: {review.reviewer: review.verdict for review in team[claim.id].judged}
        for claim in loaded.claims
        if claim.id in team
    }
    report = agreement(ratings)
    if fmt == "json":
        document = {"dataset": {"id": loaded.id, "title": loaded.title}, **report.as_dict()}
        write_stdout(json_text(document))
        return
    texts = {claim.id: claim.text for claim in loaded.claims}
    write_stdout(render_table(report, texts, loaded.title))
