"""Exports of verdicts: Markdown, CSV, JSON, schema.org ClaimReview and TimelineJS.

Every format reads the same thing: a dataset, a mapping of claim id to `Review` (from the
review store or anywhere else) and the status to export. Output is deterministic given
`now`, so golden files can pin it down.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from facts.export import claimreview, csv_format, json_format, markdown, timelinejs
from facts.export.selection import (
    STATUSES,
    ExportContext,
    ExportedClaim,
    ExportOptionError,
    ExportOptions,
    ExportStatus,
    build_context,
    plural,
    select_claims,
)
from facts.model import Dataset
from facts.review import Review


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A format: its name, a label for people, the file extension and its renderer."""

    name: str
    label: str
    extension: str
    render: Callable[[ExportContext], str]
    # Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
    byte_order_mark: bool = False


FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat("markdown", "Markdown handout", ".md", markdown.render),
        ExportFormat("csv", "CSV spreadsheet", ".csv", csv_format.render, byte_order_mark=True),
        ExportFormat("json", "JSON", ".json", json_format.render),
        ExportFormat(
            "claimreview", "ClaimReview (schema.org JSON-LD)", ".jsonld", claimreview.render
        ),
        ExportFormat("timelinejs", "TimelineJS 3 JSON", ".json", timelinejs.render),
    )
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export produced: the text, how many claims it holds and what to tell."""

    text: str
    format: str
    count: int
    notices: list[str] = field(default_factory=list)

    def file_bytes(self) -> bytes:
        """The bytes to write to a file (CSV gets the byte order mark Excel needs)."""
        prefix = "\ufeff" if FORMATS[self.format].byte_order_mark else ""
        return (prefix + self.text).encode("utf-8")


def export(
    dataset: Dataset,
    reviews: Mapping[str, Review],
    *,
    format: str,
    status: str = "verified",
    options: ExportOptions | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Render the claims of `dataset` with `status` in `format`.

    Raise ValueError for an unknown format or status and ExportOptionError (a ValueError)
    when the format needs options it was not given.
    """
    try:
        spec = FORMATS[format]
    except KeyError:
        raise ValueError(
            f"unknown format {format!r}; expected one of {', '.join(FORMATS)}"
        ) from None
    ctx = build_context(dataset, reviews, status, options or ExportOptions(), now)
    text = spec.render(ctx)
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
        unreviewed = len(left_out) - len(stale)
        if unreviewed:
            notices.append(
                f"{plural(unreviewed, 'claim')} without a verdict left out of "
                "ClaimReview (it rates reviewed claims only)"
            )
    if not ctx.claims:
        notices.append(_nothing_notice(status))
    return ExportResult(text, format, count, notices)


def export_text(
    dataset: Dataset,
    reviews: Mapping[str, Review],
    *,
    format: str,
    status: str = "verified",
    options: ExportOptions | None = None,
    now: datetime | None = None,
) -> str:
    """The export as text (see `export`)."""
    return export(dataset, reviews, format=format, status=status, options=options, now=now).text


def suggested_name(dataset: Dataset, format: str, status: str) -> str:
    """`<dataset-id>-<status>.<ext>`; TimelineJS gets `-timeline` to tell it from JSON."""
    suffix = "-timeline" if format == "timelinejs" else ""
    return f"{dataset.id}-{status}{suffix}{FORMATS[format].extension}"


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
    "ExportResult",
    "ExportStatus",
    "ExportedClaim",
    "export",
    "export_text",
    "select_claims",
    "suggested_name",
]
