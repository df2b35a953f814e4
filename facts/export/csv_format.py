"""CSV for spreadsheets: RFC 4180 (the csv module, CRLF line ends), one row per claim.

A cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab
or a carriage return, perhaps after spaces) gets a leading apostrophe, the spreadsheet
convention for "this is text". A claim quoting `=HYPERLINK(...)` then shows as written
instead of becoming a live link or a command.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from itertools import repeat

from facts.export.selection import ExportContext, ExportedClaim, review_note
from facts.model import without_controls

COLUMNS = (
    "claim_id",
    "claim",
    "claimant",
    "appeared_in",
    "appeared_on",
    "events",
    "verdict",
    "note",
    "reviewer",
    "reviewed_at",
    "stale",
    "evidence_urls",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Every C0 and C1 control character but tab, line feed and carriage return (which CSV
# quotes), and DEL.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet will not evaluate, without control characters but
    line breaks and tabs (nothing in it can drive the terminal it is printed on)."""
    cell = _CONTROLS.sub("", cell)
    if cell.startswith(_FORMULA_STARTS) or cell.lstrip(" ").startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def render(ctx: ExportContext) -> str:
    return "".join(pieces(ctx))


def pieces(ctx: ExportContext) -> Iterator[str]:
    """The header line, then one line per claim (what `render` joins)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Iterable[str]) -> str:
        writer.writerow(cells)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    reviewers = ctx.reviewers
    yield line(_neutral_row([*COLUMNS, *_reviewer_columns(reviewers)]))
    for item in ctx.claims:
        yield line(_neutral_row(_row(ctx, item) + _reviewer_cells(item, reviewers)))


def _reviewer_columns(reviewers: list[str]) -> list[str]:
    """Three columns per reviewer, after the fixed ones: a spreadsheet can sort or filter
    by any reviewer's verdict, and scripts that read the fixed columns by position still
    find them where they were."""
    return [f"{name} {part}" for name in reviewers for part in _REVIEWER_PARTS]


_REVIEWER_PARTS = ("verdict", "note", "reviewed_at")


def _reviewer_cells(item: ExportedClaim, reviewers: list[str]) -> list[str]:
    own = {without_controls(review.reviewer): review for review in item.reviews}
    cells = []
    for name in reviewers:
        review = own.get(name)
        if review is None:
            cells += ["", "", ""]
        else:
            cells += [review.status, review_note(review) or "", without_controls(review.at)]
    return cells


def _neutral_row(cells: list[str]) -> list[str]:
    """`neutralise` of every cell, which most rows do not need: one search of the whole
    row for a control character and a C loop for a formula start decide that first (at
    100,000 claims, neutralising each of 1.3 million cells took 1.4 s)."""
    if _CONTROLS.search("\n".join(cells)) is None and not any(
        map(str.startswith, map(str.lstrip, cells, repeat(" ")), repeat(_FORMULA_STARTS))
    ):
        return cells
    return [neutralise(cell) for cell in cells]


def _row(ctx: ExportContext, item: ExportedClaim) -> list[str]:
    claim = item.claim
    source = ctx.source(claim.appeared_in)
    urls: list[str] = []
    for _, url in ctx.evidence_links(item):
        if url and url not in urls:
            urls.append(url)
    return [
        claim.id,
        claim.text,
        claim.claimant or "",
        source.title if source else "",
        claim.appeared_on.iso() if claim.appeared_on else "",
        "; ".join(f"{event.date.iso()} {event.title}" for event in item.events),
        item.status,
        item.note or "",
        item.reviewer or "",
        item.reviewed_at or "",
        "yes" if item.stale else "no",
        " ".join(urls),
    ]
