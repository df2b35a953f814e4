"""Exports of verdicts: Markdown, CSV, JSON, schema.org ClaimReview and TimelineJS.

Every format reads the same thing: a dataset, a mapping of claim id to `Review` (from the
review store or anywhere else) and the status to export. Output is deterministic given
`now`, so golden files can pin it down.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facts.atomic import atomic_file
from facts.export import claimreview, csv_format, json_format, markdown, timelinejs
from facts.export.selection import (
    STATUSES,
    ExportContext,
    ExportedClaim,
    ExportOptionError,
    ExportOptions,
    ExportStatus,
    build_context,
    claims_by_status,
    plural,
    select_claims,
)
from facts.model import Dataset
from facts.review import Review
from facts.store.records import TeamReview
from facts.timeline import Timeline

# How a file export reports how far it is: claims written so far, claims in all.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A format: its name, a label for people, the file extension and its renderer."""

    name: str
    label: str
    extension: str
    render: Callable[[ExportContext], str]
    # Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
    byte_order_mark: bool = False
    # The same text as `render` in UTF-8, in pieces: a head, one piece per claim, a tail.
    # A file export writes each piece as it comes instead of holding the whole text.
    pieces: Callable[[ExportContext], Iterator[bytes]] | None = None

    def byte_pieces(self, ctx: ExportContext) -> Iterator[bytes]:
        if self.pieces is not None:
            return self.pieces(ctx)
        return iter([self.render(ctx).encode("utf-8")])


FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat("markdown", "Markdown handout", ".md", markdown.render),
        ExportFormat(
            "csv",
            "CSV spreadsheet",
            ".csv",
            csv_format.render,
            byte_order_mark=True,
            pieces=csv_format.pieces,
        ),
        ExportFormat("json", "JSON", ".json", json_format.render, pieces=json_format.pieces),
        ExportFormat(
            "claimreview", "ClaimReview (schema.org JSON-LD)", ".jsonld", claimreview.render
        ),
        ExportFormat("timelinejs", "TimelineJS 3 JSON", ".json", timelinejs.render),
    )
}


@dataclass(frozen=True, slots=True)
class ExportOutcome:
    """What every export reports: its format, how many claims it holds, what to tell."""

    format: str
    count: int
    notices: list[str]


@dataclass(frozen=True, slots=True)
class ExportResult(ExportOutcome):
    """An export held in memory: the outcome and the text."""

    text: str

    def file_bytes(self) -> bytes:
        """The bytes to write to a file (CSV gets the byte order mark Excel needs)."""
        prefix = "\ufeff" if FORMATS[self.format].byte_order_mark else ""
        return (prefix + self.text).encode("utf-8")


@dataclass(frozen=True, slots=True)
class ExportWritten(ExportOutcome):
    """A file export: the outcome and where the file was written."""

    path: Path


def export(
    dataset: Dataset,
    reviews: Mapping[str, Review],
    *,
    format: str,
    status: str = "verified",
    options: ExportOptions | None = None,
    now: datetime | None = None,
    timeline: Timeline | None = None,
    team: Mapping[str, TeamReview] | None = None,
) -> ExportResult:
    """Render the claims of `dataset` with `status` in `format`.

    Raise ValueError for an unknown format or status and ExportOptionError (a ValueError)
    when the format needs options it was not given. `timeline` is the dataset's, when the
    caller has one already (building it again costs about a second at 100,000 claims).
    `team` (every reviewer's reviews from `Store.team_reviews`) makes it the team's export:
    a claim is verified when the team stands by that verdict, and contested claims are
    left out of `verified` and `disputed` with a notice counting them.
    """
    spec, ctx = _prepare(dataset, reviews, format, status, options, now, timeline, team)
    text = spec.render(ctx)
    return ExportResult(format, *_outcome(ctx, format, status), text=text)


def write_export(
    path: str | os.PathLike[str],
    dataset: Dataset,
    reviews: Mapping[str, Review],
    *,
    format: str,
    status: str = "verified",
    options: ExportOptions | None = None,
    now: datetime | None = None,
    timeline: Timeline | None = None,
    force: bool = False,
    progress: Progress | None = None,
    team: Mapping[str, TeamReview] | None = None,
) -> ExportWritten:
    """Export to a file, written claim by claim and put in place only when complete.

    Raise as `export` does, and as `facts.atomic.write_atomic` does for the file.
    `progress(done, total)` is called as claims are written (from the calling thread).
    """
    spec, ctx = _prepare(dataset, reviews, format, status, options, now, timeline, team)
    total = len(ctx.claims)
    with atomic_file(path, force=force) as (out, target):
        if spec.byte_order_mark:
            out.write("\ufeff".encode())
        for number, piece in enumerate(spec.byte_pieces(ctx)):
            out.write(piece)
            if progress is not None and number % _PROGRESS_EVERY == 0:
                progress(min(number, total), total)
    if progress is not None:
        progress(total, total)
    return ExportWritten(format, *_outcome(ctx, format, status), path=target)


_PROGRESS_EVERY = 2000


def _prepare(
    dataset: Dataset,
    reviews: Mapping[str, Review],
    format: str,
    status: str,
    options: ExportOptions | None,
    now: datetime | None,
    timeline: Timeline | None,
    team: Mapping[str, TeamReview] | None,
) -> tuple[ExportFormat, ExportContext]:
    try:
        spec = FORMATS[format]
    except KeyError:
        raise ValueError(
            f"unknown format {format!r}; expected one of {', '.join(FORMATS)}"
        ) from None
    ctx = build_context(
        dataset, reviews, status, options or ExportOptions(), now, timeline, team=team
    )
    return spec, ctx


def _outcome(ctx: ExportContext, format: str, status: str) -> tuple[int, list[str]]:
    """How many claims the export holds, and what to tell about it."""
    count = len(ctx.claims)
    notices = []
    if format == "claimreview":
        left_out = claimreview.skipped(ctx)
        count -= len(left_out)
        stale = [item.claim.id for item in left_out if item.stale]
        if stale:
            notices.append(
                f"{plural(len(stale), 'stale verdict')} left out of ClaimReview (the claim "
                f"was reworded after it was judged; review it again): {', '.join(stale)}"
            )
        unreviewed = sum(1 for item in left_out if item.status == "unreviewed" and not item.stale)
        if unreviewed:
            notices.append(
                f"{plural(unreviewed, 'claim')} without a verdict left out of "
                "ClaimReview (it rates reviewed claims only)"
            )
        contested = sum(1 for item in left_out if item.status == "contested" and not item.stale)
        if contested:
            notices.append(_contested_notice(contested, "ClaimReview"))
    if status in ("verified", "disputed") and ctx.counts.get("contested"):
        notices.append(_contested_notice(ctx.counts["contested"], "the export"))
    if not ctx.claims:
        notices.append(_nothing_notice(status))
    return count, notices


def suggested_name(dataset: Dataset, format: str, status: str) -> str:
    """`<dataset-id>-<status>.<ext>`; TimelineJS gets `-timeline` to tell it from JSON."""
    suffix = "-timeline" if format == "timelinejs" else ""
    return f"{dataset.id}-{status}{suffix}{FORMATS[format].extension}"


def _contested_notice(count: int, left_out_of: str) -> str:
    return (
        f"{plural(count, 'contested claim')} left out of {left_out_of} (the reviewers' "
        "verdicts differ; `claimline agreement` lists them)"
    )


def _nothing_notice(status: str) -> str:
    if status == "all":
        return "the export holds no claims: the dataset has none"
    if status == "reviewed":
        return "the export holds no claims: none has been reviewed yet"
    return f"the export holds no claims: none is marked {status} yet"


__all__ = [
    "FORMATS",
    "STATUSES",
    "ExportContext",
    "ExportFormat",
    "ExportOptionError",
    "ExportOptions",
    "ExportOutcome",
    "ExportResult",
    "ExportStatus",
    "ExportWritten",
    "ExportedClaim",
    "Progress",
    "claims_by_status",
    "export",
    "select_claims",
    "suggested_name",
    "write_export",
]
