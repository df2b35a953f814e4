"""What an import did with each thing it read: the lines of the report and its counts.

Nothing is dropped silently: every review read ends up imported, merged into a claim
that was already there, or skipped with a line saying why; every object or file that
holds no review gets a line too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from facts.export.selection import plural
from facts.html_text import single_line

Kind = Literal["skipped", "ignored", "unreadable", "note"]

# How each kind of line is labelled, padded so the messages line up.
_LABELS = {
    "skipped": "skipped   ",
    "ignored": "ignored   ",
    "unreadable": "unreadable",
    "note": "note      ",
}


class ImportFailure(Exception):
    """No dataset can be made (nothing to import, a file or the API refused): the message
    says what and what to do; the report, when there is one, says what was read."""

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One thing said about one place of the input (`page.html ld+json block 2 → @graph[1]`)."""

    kind: Kind
    where: str
    message: str

    def text(self) -> str:
        """The line for a terminal: input text in it (file names, keys, wordings) can hold
        no control character and no line break."""
        return f"{_LABELS[self.kind]} {single_line(self.where)}: {single_line(self.message)}"


@dataclass
class Report:
    """The lines and counts of one import, in the order the input was read."""

    lines: list[ReportLine] = field(default_factory=list)
    files: int = 0
    read: int = 0
    imported: int = 0
    merged: int = 0
    skipped: int = 0

    def skip(self, where: str, message: str) -> None:
        """A review that was read and not imported, with the reason."""
        self.skipped += 1
        self.lines.append(ReportLine("skipped", where, message))

    def ignore(self, where: str, message: str) -> None:
        """Something that holds no review (another schema.org type, an unknown shape)."""
        self.lines.append(ReportLine("ignored", where, message))

    def unreadable(self, where: str, message: str) -> None:
        """A file or block that could not be read at all."""
        self.lines.append(ReportLine("unreadable", where, message))

    def note(self, where: str, message: str) -> None:
        """A review imported with something worth knowing (a date taken from elsewhere,
        a rating with no verdict)."""
        self.lines.append(ReportLine("note", where, message))

    def count(self, kind: Kind) -> int:
        return sum(1 for line in self.lines if line.kind == kind)

    def summary(self) -> str:
        """The closing line: read = imported + merged + skipped, then how many lines of
        each kind are above, by the labels they carry. What was ignored or unreadable is
        counted on its own, never beside `skipped`, where it read as a breakdown of the
        skipped reviews (it is not: an ignored part holds no review at all)."""
        text = (
            f"read {plural(self.read, 'review')} from {plural(self.files, 'input')}: "
            f"imported {self.imported}, merged {self.merged}, skipped {self.skipped}"
        )
        ignored, unreadable = self.count("ignored"), self.count("unreadable")
        listed = [f"{self.skipped} skipped"] if self.skipped else []
        if ignored:
            listed.append(f"{ignored} ignored (no review in {'it' if ignored == 1 else 'them'})")
        if unreadable:
            listed.append(f"{unreadable} unreadable (not read at all)")
        return text + (f"; listed above: {', '.join(listed)}" if listed else "")

    def text(self) -> str:
        """Every line, then the summary, for people."""
        return "\n".join([*(line.text() for line in self.lines), self.summary()])
