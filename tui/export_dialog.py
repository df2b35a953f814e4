"""The export dialog: choose a format, which claims and a file; the file is written in a worker.

The file is streamed claim by claim (`write_export`) from a thread worker while a progress
bar counts the claims written, so a 100,000-claim export never freezes the screen. The
counts beside each choice are the team's, as the written file counts them (a contested
claim is neither verified nor disputed). Dismisses with the path written, or None when
cancelled. An existing file is never
replaced unless "Overwrite" is ticked; ClaimReview asks for the publisher and the address
of each fact check, which it needs; TimelineJS, optionally, for the tags whose events
make its rows (as `claimline export --group-by` does).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from facts.atomic import ExportError, OutputExistsError
from facts.export import (
    FORMATS,
    STATUSES,
    ExportOptions,
    ExportWritten,
    claims_by_status,
    suggested_name,
    write_export,
)
from facts.export.claimreview import option_problems
from facts.export.selection import ExportOptionError
from facts.export.timeline_groups import check_group_tags, parse_group_by
from facts.session import Snapshot

_STATUS_LABELS = {
    "verified": "Verified",
    "disputed": "Disputed",
    "reviewed": "Reviewed (verified and disputed)",
    "all": "All",
}
_OVERWRITE = "Overwrite the file if it exists"
_OPTION_LABELS = {
    "publisher": "Publisher",
    "publisher_url": "Publisher URL",
    "url_template": "Fact check URL",
}
_OPTION_HINTS = {
    "publisher": "the organisation publishing the fact checks",
    "publisher_url": "https://example.org (optional)",
    "url_template": "https://example.org/checks/{claim_id}",
}


class ExportDialog(ModalScreen[Path | None]):
    """Export the dataset's claims with their verdicts to a file."""

    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export.save"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > #export-box {
        width: 80%;
        max-width: 96;
        height: auto;
        max-height: 90%;
        background: $surface;
        border: thick $primary;
        padding: 0 1;
        overflow-y: auto;
    }
    ExportDialog #export-title { text-style: bold; color: $text; margin-bottom: 1; }
    ExportDialog .field { height: auto; }
    ExportDialog .field-label { width: 16; padding-top: 1; color: $text-muted; }
    ExportDialog Select, ExportDialog Input { width: 1fr; }
    ExportDialog #export-claimreview { height: auto; display: none; }
    ExportDialog #export-claimreview.shown { display: block; }
    ExportDialog #export-timelinejs { height: auto; display: none; }
    ExportDialog #export-timelinejs.shown { display: block; }
    ExportDialog #export-message { height: auto; }
    ExportDialog #export-message.-error { color: $error; text-style: bold; }
    ExportDialog #export-message.-warning { color: $warning; }
    ExportDialog #export-progress { display: none; margin-top: 1; }
    ExportDialog #export-progress.shown { display: block; }
    ExportDialog #export-buttons { height: auto; margin-top: 1; }
    ExportDialog #export-buttons Button { margin-right: 2; }
    ExportDialog .hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(
        self,
        snapshot: Snapshot,
        directory: Path,
        *,
        options: ExportOptions | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__()
        self.snapshot = snapshot  # the worker must not see the verdicts change
        self.dataset = snapshot.dataset
        self.directory = Path(directory).expanduser()
        self.options = options or ExportOptions()
        self.now = now
        self._suggested = ""
        self._busy = False
        # As the written file counts them: the team's verdicts, a contested claim in
        # `reviewed` and `all` only, a stale verdict as its verdict.
        self._counts = claims_by_status(snapshot.dataset, snapshot.reviews, snapshot.team)

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(f"Export claims: {self.dataset.title}", id="export-title", markup=False)
            with Horizontal(classes="field"):
                yield Label("Format", classes="field-label")
                yield Select(
                    [(spec.label, name) for name, spec in FORMATS.items()],
                    value="markdown",
                    allow_blank=False,
                    id="export-format",
                )
            with Horizontal(classes="field"):
                yield Label("Claims", classes="field-label")
                yield Select(
                    [(self._status_label(status), status) for status in STATUSES],
                    value="verified",
                    allow_blank=False,
                    id="export-status",
                )
            with Vertical(id="export-claimreview"):
                for name, label in _OPTION_LABELS.items():
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        yield Input(
                            getattr(self.options, name) or "",
                            id=_option_id(name),
                            placeholder=_OPTION_HINTS[name],
                        )
            with Horizontal(classes="field", id="export-timelinejs"):
                yield Label("Rows by tag", classes="field-label")
                yield Input(
                    _groups_text(self.options.group_by),
                    id="export-group-by",
                    placeholder="the main tags; or tags, comma-separated; or none for one row",
                )
            with Horizontal(classes="field"):
                yield Label("Save to", classes="field-label")
                yield Input(id="export-path")
            with Horizontal(classes="field"):
                yield Label("", classes="field-label")
                yield Checkbox(_overwrite_label(False), id="export-overwrite")
            yield Static("", id="export-message", markup=False)
            yield ProgressBar(id="export-progress", show_eta=False)
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")
            yield Label("Enter in a text field or ctrl+s: export · Esc: cancel", classes="hint")

    def on_mount(self) -> None:
        self._suggest_path()
        self.query_one("#export-format", Select).focus()

    def _status_label(self, status: str) -> str:
        # A dash, not brackets: "Reviewed (verified and disputed)" has brackets already.
        count = self._counts[status]
        return f"{_STATUS_LABELS[status]} — {count} claim{'s' if count != 1 else ''}"

    # -- state ----------------------------------------------------------------------------

    @property
    def format(self) -> str:
        return str(self.query_one("#export-format", Select).value)

    @property
    def status(self) -> str:
        return str(self.query_one("#export-status", Select).value)

    def target_path(self) -> Path | None:
        """The file the export goes to; a relative name is taken from the dialog's folder."""
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.directory / path

    def _suggest_path(self) -> None:
        """Fill in `<dataset>-<status>.<ext>` unless the user has typed a path of their own."""
        field = self.query_one("#export-path", Input)
        suggestion = str(self.directory / suggested_name(self.dataset, self.format, self.status))
        if not field.value or field.value == self._suggested:
            field.value = suggestion
            field.cursor_position = len(suggestion)
        self._suggested = suggestion

    def _options(self) -> ExportOptions:
        """The options as typed; raise ExportOptionError for TimelineJS groups that name
        no tag, or a tag no event carries (said in the dialog, before the export starts)."""

        def given(name: str) -> str | None:
            return self.query_one(f"#{_option_id(name)}", Input).value.strip() or None

        options = replace(
            self.options,
            publisher=given("publisher"),
            publisher_url=given("publisher_url"),
            url_template=given("url_template"),
        )
        if self.format != "timelinejs":  # the field is hidden: what it holds is not asked
            return options
        groups = self.query_one("#export-group-by", Input).value.strip()
        group_by = parse_group_by(groups) if groups else None
        if group_by:
            check_group_tags(self.dataset.events, group_by)
        return replace(options, group_by=group_by)

    def _say(self, text: str, kind: str = "") -> None:
        message = self.query_one("#export-message", Static)
        message.update(text)
        message.set_class(kind == "error", "-error")
        message.set_class(kind == "warning", "-warning")

    def _check_existing(self) -> None:
        path = self.target_path()
        overwrite = self.query_one("#export-overwrite", Checkbox).value
        if path is not None and path.exists() and not overwrite:
            self._say(
                f"{path} already exists. Tick “Overwrite” to replace it, or change the name.",
                "warning",
            )
        elif path is not None and path.is_dir():
            self._say(f"{path} is a folder; add a file name.", "warning")
        else:
            self._say("")

    # -- events ---------------------------------------------------------------------------

    @on(Select.Changed)
    def _choice_changed(self, event: Select.Changed) -> None:
        if event.select.id == "export-format":
            self.query_one("#export-claimreview").set_class(self.format == "claimreview", "shown")
            self.query_one("#export-timelinejs").set_class(self.format == "timelinejs", "shown")
        self._suggest_path()
        self._check_existing()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._check_existing()

    @on(Checkbox.Changed, "#export-overwrite")
    def _overwrite_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = _overwrite_label(event.value)
        self._check_existing()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # -- actions --------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if not self._busy:
            self.dismiss(None)

    def action_export(self) -> None:
        if self._busy:
            return
        path = self.target_path()
        if path is None:
            self._say("Give a file name to save to.", "error")
            self.query_one("#export-path", Input).focus()
            return
        try:
            options = self._options()
        except ExportOptionError as error:
            self._say(f"Rows by tag: {error}.", "error")
            self.query_one("#export-group-by", Input).focus()
            return
        if self.format == "claimreview":
            problems = option_problems(options)
            if problems:
                name, message = next(iter(problems.items()))
                self._say(f"{_OPTION_LABELS[name]}: {message}.", "error")
                self.query_one(f"#{_option_id(name)}", Input).focus()
                return
        force = self.query_one("#export-overwrite", Checkbox).value
        if path.exists() and not force:
            self._say(
                f"{path} already exists: not overwritten. Tick “Overwrite” to "
                "replace it, or change the name.",
                "error",
            )
            self.query_one("#export-overwrite", Checkbox).focus()
            return
        self._busy = True
        self.query_one("#export-go", Button).disabled = True
        self._say(f"Exporting to {path}…")
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("shown")
        self._write(path, self.format, self.status, options, force)

    @work(thread=True, exclusive=True, group="export")
    def _write(
        self, path: Path, format: str, status: str, options: ExportOptions, force: bool
    ) -> None:
        """Stream the file off the event loop, moving the bar; report back on the loop."""
        bar = self.query_one("#export-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        try:
            written = write_export(
                path,
                self.dataset,
                self.snapshot.reviews,
                format=format,
                status=status,
                options=options,
                now=self.now,
                timeline=self.snapshot.timeline,
                force=force,
                progress=progress,
                team=self.snapshot.team,
            )
        except OutputExistsError as error:
            self.app.call_from_thread(self._failed, str(error), exists=True)
        except (ExportError, ValueError) as error:
            self.app.call_from_thread(self._failed, str(error))
        else:
            self.app.call_from_thread(self._done, written)

    def _done(self, written: ExportWritten) -> None:
        self._busy = False
        claims = "claim" if written.count == 1 else "claims"
        self.app.notify(f"Exported {written.count} {claims} to {written.path}", title="Export")
        for notice in written.notices:
            self.app.notify(
                notice[:1].upper() + notice[1:] + ".",
                title="Export",
                severity="warning",
                timeout=10,
            )
        self.dismiss(written.path)

    def _failed(self, message: str, *, exists: bool = False) -> None:
        self._busy = False
        self.query_one("#export-go", Button).disabled = False
        self.query_one("#export-progress", ProgressBar).remove_class("shown")
        self._say(f"Not exported: {message}", "error")
        if exists:
            self.query_one("#export-overwrite", Checkbox).focus()


def _overwrite_label(on: bool) -> str:
    """The checkbox's label with its state in words: the tick alone differs only by colour,
    which a monochrome terminal, a projector or a colour-blind reader may not show."""
    return f"{_OVERWRITE}: {'yes' if on else 'no'}"


def _groups_text(group_by: tuple[str, ...] | None) -> str:
    """The groups field's text for these options: empty for the main tags (the default)."""
    if group_by is None:
        return ""
    return ", ".join(group_by) if group_by else "none"


def _option_id(name: str) -> str:
    """The Input of a ClaimReview option: `publisher_url` → `export-publisher-url`."""
    return f"export-{name.replace('_', '-')}"
