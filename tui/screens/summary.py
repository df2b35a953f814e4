"""The end of a lesson: what the class judged, and how it compares with the curators.

Big numbers for the room (claims judged; judged claims with a reference that agree), then
where the class and the curators differ, the claims the class disputed with its notes,
and every verdict. `e` saves it as a Markdown handout (facts.classroom) and says where.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, Footer, Static

from facts.atomic import ExportError
from facts.classroom import (
    ClassSummary,
    JudgedClaim,
    class_summary,
    save_summary,
    summary_file_name,
    summary_markdown,
)
from facts.session import Snapshot
from facts.verdicts import Status
from tui.bindings import page_bindings
from tui.renderables import note_line
from tui.rendering import literal


def _now() -> datetime:
    return datetime.now().astimezone()


class SummaryScreen(Screen[None]):
    """The class's verdicts against the curators' references; e saves it as Markdown."""

    BINDINGS = [
        Binding(
            "e",
            "export",
            "Save as Markdown",
            id="summary.export",
            tooltip="Save this summary as a Markdown handout in the current folder",
        ),
        *page_bindings("summary", "the summary"),
        Binding(
            "q,escape,s",
            "close",
            "Back to the slides",
            id="summary.close",
            tooltip="Back to the presentation",
        ),
    ]

    CSS_PATH = "summary.tcss"

    def __init__(
        self,
        snapshot: Snapshot,
        *,
        quiz: bool = False,
        export_dir: Path | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """In a `quiz`, only the references the class has revealed are compared."""
        super().__init__()
        self.dataset = snapshot.dataset
        self.reviewer = snapshot.reviewer
        revealed = snapshot.revealed if quiz else None
        self.summary: ClassSummary = class_summary(
            snapshot.dataset, snapshot.reviews, revealed=revealed
        )
        self.quiz = quiz
        self.export_dir = export_dir
        self.now = now or _now
        self.saved_to: Path | None = None

    def compose(self) -> ComposeResult:
        title = Text("Class summary — ", no_wrap=True, overflow="ellipsis")
        title.append_text(literal(self.dataset.title))
        yield Static(title, id="summary-top")
        summary = self.summary
        with VerticalScroll(id="summary-body"):
            with Horizontal(id="summary-stats"):
                with Vertical(classes="summary-stat"):
                    yield Digits(str(len(summary.judged)), id="summary-judged")
                    yield Static(Text(f"of {summary.total} claims judged by the class"))
                with Vertical(classes="summary-stat"):
                    compared = len(summary.compared)
                    if compared:
                        yield Digits(str(len(summary.agreeing)), id="summary-agree")
                        what = "judged claim" if compared == 1 else "judged claims"
                        verb = "agrees" if len(summary.agreeing) == 1 else "agree"
                        yield Static(
                            Text(f"of {compared} {what} with a reference {verb} with the curators")
                        )
                    # else no "0 of 0": the overview below says why nothing is compared
            yield Static(self._overview(), id="summary-overview", classes="summary-section")
            yield Static(
                Text("Press e to save this summary as a Markdown handout."), id="summary-saved"
            )
            for section_id, renderable in self._sections():
                yield Static(renderable, id=section_id, classes="summary-section")
        yield Footer()

    # -- content ------------------------------------------------------------------

    def _overview(self) -> Text:
        summary = self.summary
        text = Text(summary.judged_text())
        text.append("\n")
        text.append(summary.agreement_text(), style="bold")
        pending = summary.pending_text()
        if pending:
            text.append(f"\n{pending}")
        if summary.stale:
            text.append(
                f"\n! {summary.stale} verdict(s) were made on an older wording of the "
                "claim (stale)."
            )
        others = [name for name in summary.reviewers if name != self.reviewer]
        if others:
            text.append("\nVerdicts here were also recorded by: ", style="bold")
            text.append_text(literal(", ".join(others)))
            text.append(" (the review store holds more than this class's verdicts).")
        return text

    def _sections(self) -> list[tuple[str, RenderableType]]:
        summary = self.summary
        sections: list[tuple[str, RenderableType]] = []
        if summary.disagreements:
            rows = [
                (item.number, _judged_lines(item, note=False)) for item in summary.disagreements
            ]
            sections.append(
                ("summary-differ", _listing("Where the class and the curators differ", rows))
            )
        if summary.disputed:
            rows = []
            for item in summary.disputed:
                lines = [literal(item.claim.text)]
                if item.note:  # a missing note goes unsaid, not "Note: none" on every claim
                    lines.append(note_line(item.note))
                rows.append((item.number, lines))
            sections.append(("summary-disputed", _listing("Claims the class disputed", rows)))
        if summary.judged:
            rows = [(item.number, _judged_lines(item, note=True)) for item in summary.judged]
            sections.append(("summary-judged-list", _listing("Every claim the class judged", rows)))
        if summary.noted_only:
            rows = [
                (
                    noted.number,
                    [literal(noted.claim.text), note_line(noted.note)],
                )
                for noted in summary.noted_only
            ]
            sections.append(("summary-noted", _listing("Notes on claims without a verdict", rows)))
        if summary.unjudged:
            count = len(summary.unjudged)
            text = Text(f"{count} claim{'s' if count != 1 else ''} not judged yet", style="bold")
            sections.append(("summary-unjudged", text))
        return sections

    # -- actions ------------------------------------------------------------------

    def action_export(self) -> None:
        now = self.now()
        folder = self.export_dir or Path.cwd()
        text = summary_markdown(self.summary, self.dataset, now)
        try:
            path = save_summary(text, folder, summary_file_name(self.dataset, now))
        except ExportError as error:
            self.notify(
                str(error), title="Summary not saved", severity="error", timeout=15, markup=False
            )
            return
        self.saved_to = path
        message = Text("Saved as Markdown: ", style="bold")
        message.append(str(path))
        self.query_one("#summary-saved", Static).update(message)
        self.notify(f"Summary saved to {path}", timeout=5, markup=False)

    def action_page(self, direction: int) -> None:
        body = self.query_one("#summary-body", VerticalScroll)
        if direction > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)


def _listing(title: str, rows: list[tuple[str, list[Text]]]) -> RenderableType:
    """A heading, then entries numbered as on the slides (`3.2`: event 3's second claim),
    whose wrapped lines hang under their text."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(width=6, justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for number, lines in rows:
        grid.add_row(Text(number, style="bold"), Group(*lines))
    return Group(Text(title, style="bold underline"), grid)


def _judged_lines(item: JudgedClaim, *, note: bool) -> list[Text]:
    """The class's verdict and the claim; the curators' verdict beneath, labelled apart."""
    head = Text()
    head.append(f" {Status(item.verdict).badge} ", style="bold reverse")
    head.append(" ")
    head.append_text(literal(item.claim.text))
    if item.stale:
        head.append("  ! stale", style="bold")
    lines = [head]
    if item.reference is not None:
        compared = Text()
        compared.append("Curators: ", style="bold")
        compared.append(Status(item.reference).badge)
        compared.append("  = agrees" if item.agrees else "  ≠ differs", style="bold")
        lines.append(compared)
    if note and item.note:
        lines.append(note_line(item.note))
    return lines
