"""The claimline app: a timeline of events and claims, and one key per verdict.

The app owns the screen, not the rules: verdicts go straight to the review store (committed
as each is made), counts and filters come from `facts`. It holds the current reviews in
memory only as a copy of what the store has acknowledged.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from itertools import chain
from pathlib import Path

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input

from facts.model import Claim, Dataset
from facts.review import Review
from facts.store import Change, ReviewStore, StoreError, class_store_path
from facts.timeline import Row, Timeline
from facts.verdicts import FILTERS, Filter, Status, is_verdict, matches_filter, status_of, tally
from tui.export_dialog import ExportDialog
from tui.plain_app import PlainNotifyApp
from tui.screens.help import HelpScreen, KeyRows
from tui.screens.note_editor import NoteEditor, edit_note
from tui.screens.presentation import PresentationScreen
from tui.themes import register_themes, search_remembered_themes
from tui.widgets.detail_panel import ClaimDetail, DetailPanel, claim_renderable, event_renderable
from tui.widgets.status_bar import StatusBar
from tui.widgets.timeline_view import TimelineView

# Actions of the app's own bindings that act on the timeline (quitting works everywhere).
_TIMELINE_ACTIONS = {"mark", "note", "undo", "redo", "search", "cancel_search", "cycle_filter",
                     "reveal", "export", "present", "help"}
NARROW = 100  # below this many columns the detail panel goes under the timeline


def describe_change(change: Change) -> str:
    """What an undo or redo did, in words: a verdict or a note, and on which claim."""
    if change.from_verdict != change.to_verdict:
        return f"{change.claim_id} is now {change.to_verdict or 'unreviewed'}"
    return f"the note on {change.claim_id} is " + ("removed" if not change.to_note else "back")


class ClaimlineApp(PlainNotifyApp[None]):
    """Browse a dataset's timeline and record a verdict on each claim."""

    CSS_PATH = "app.tcss"
    TITLE = "claimline"

    BINDINGS = [
        Binding("v", "mark('verified')", "Verified", id="review.verified",
                tooltip="Mark the claim verified and go to the next unreviewed one"),
        Binding("d", "mark('disputed')", "Disputed", id="review.disputed",
                tooltip="Mark the claim disputed and go to the next unreviewed one"),
        Binding("u", "mark(None)", "Unreviewed", id="review.unreviewed", show=False,
                tooltip="Take the verdict back: the claim is unreviewed again"),
        Binding("n", "note", "Note", id="review.note",
                tooltip="Write or edit the note on the claim (ctrl+s saves, Esc cancels)"),
        Binding("z", "undo", "Undo", id="review.undo",
                tooltip="Undo your last verdict or note, again and again (also after a restart)"),
        Binding("Z", "redo", "Redo", id="review.redo", show=False,
                tooltip="Redo what was undone"),
        Binding("slash", "search", "Search", id="view.search",
                tooltip="Search claims, events and tags; the timeline filters as you type"),
        Binding("f", "cycle_filter", "Filter", id="view.filter",
                tooltip="Show all, unreviewed, verified, disputed or stale claims"),
        Binding("r", "reveal", "Reference", id="view.reveal", show=False,
                tooltip="Show or hide the curators' reference assessment of the claim"),
        Binding("e", "export", "Export", id="app.export", show=False,
                tooltip="Export claims with their verdicts: Markdown, CSV, JSON, ClaimReview, "
                "TimelineJS"),
        Binding("p", "present", "Present", id="app.present", show=False,
                tooltip="Classroom mode: one event per screen, the class's verdicts, references"),
        Binding("escape", "cancel_search", "Clear search", id="view.clear_search", show=False,
                tooltip="Clear the search and go back to the timeline"),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Show every key"),
        Binding("q", "quit", "Quit", id="app.quit",
                tooltip="Quit (every verdict is already saved)"),
    ]

    def __init__(
        self,
        dataset: Dataset,
        store: ReviewStore,
        reviewer: str,
        *,
        theme: str | None = None,
        dataset_path: Path | None = None,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        register_themes(self)  # the projector themes, for --theme and ctrl+p → Theme
        self.dataset = dataset
        self.store = store
        self.reviewer = reviewer
        self.dataset_path = dataset_path
        self.timeline = Timeline(dataset)
        self.reviews: dict[str, Review] = {}
        self.query_text = ""
        self.filter: Filter = "all"
        self.revealed: set[str] = set()
        self._initial_theme = theme
        self._keymap = keymap or {}

    # -- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield TimelineView(self._row_status, self.timeline.index_of, id="timeline")
            yield DetailPanel(id="detail")
        yield Input(placeholder="Search claims, events and tags — Esc clears", id="search")
        # Compact, with the rarer keys (u, Z, e, p, r) left to ? and ctrl+p, so Help and
        # Quit stay visible at 80 columns.
        yield Footer(compact=True)

    def search_themes(self) -> None:
        """ctrl+p → Theme: the theme chosen is remembered in the config file."""
        search_remembered_themes(self)

    def on_mount(self) -> None:
        if self._initial_theme:
            self.theme = self._initial_theme
        self._apply_keymap()
        self.title = self.dataset.title
        try:
            self.reviews = self.store.reviews(self.dataset.id)
        except StoreError as error:
            self.notify(str(error), title="Review store", severity="error", timeout=30)
        self._rebuild(keep_key=None)
        self._select_next_needing_review(from_index=-1)
        self.query_one(TimelineView).focus()
        self.set_interval(2.0, self._check_store)
        # Build the search text in the background once the screen is up, so the first
        # search keystroke on a big dataset does not wait for it.
        self.call_after_refresh(
            lambda: self.run_worker(self.timeline.prepare_search, thread=True, exclusive=True)
        )

    def _apply_keymap(self) -> None:
        """Rebind keys from the user's keymap, saying which ids it names that do not exist."""
        known = {binding.id for binding in self._all_bindings() if binding.id}
        unknown = sorted(set(self._keymap) - known)
        if unknown:
            self.notify(f"keymap: no binding with id {', '.join(unknown)}; see ? for the ids",
                        severity="warning", timeout=10)
        self.set_keymap({key: value for key, value in self._keymap.items() if key in known})

    def _all_bindings(self) -> list[Binding]:
        groups = (self.BINDINGS, TimelineView.BINDINGS, NoteEditor.BINDINGS,
                  HelpScreen.BINDINGS, ExportDialog.BINDINGS)
        own = [binding for group in groups for binding in group if isinstance(binding, Binding)]
        return own + PresentationScreen.all_bindings()

    def on_resize(self, event: Resize) -> None:
        self.query_one("#main").set_class(event.size.width < NARROW, "-narrow")

    # -- helpers ----------------------------------------------------------------

    @property
    def view(self) -> TimelineView:
        return self.query_one(TimelineView)

    def _row_status(self, row: Row) -> Status:
        assert row.claim is not None
        return status_of(row.claim, self.reviews.get(row.claim.id))

    def _claim_key(self, claim_id: str) -> str | None:
        event = self.timeline.home_event.get(claim_id)
        return f"claim:{claim_id}@{event.id}" if event else None

    def _rebuild(self, keep_key: str | None) -> None:
        """Recompute the visible rows for the search and filter, keeping the selection."""
        keep = None
        if self.filter != "all":
            wanted = self.filter

            def keep(claim: Claim) -> bool:
                return matches_filter(claim, self.reviews.get(claim.id), wanted)

        view = self.view
        if keep_key is None and view.current is not None:
            keep_key = view.current.key
        rows = self.timeline.rows(self.query_text, keep)
        view.empty_message = self._empty_message()
        view.set_rows(rows, keep_key)
        self._update_status()
        self._show_detail(view.current)

    def _verdicts_changed(self, keep_key: str | None) -> None:
        """Show changed verdicts; the rows themselves change only under a verdict filter.

        Without a filter nothing is recomputed but the header and the painted lines, which
        keeps a verdict key instant on a dataset of 100,000 claims.
        """
        if self.filter != "all":
            self._rebuild(keep_key)
            return
        view = self.view
        index = view.index_of(keep_key) if keep_key else None
        if index is not None and index != view.cursor:
            view.select_index(index)
        else:
            view.refresh()
            self._show_detail(view.current)
        self._update_status()

    def _empty_message(self) -> str:
        if self.query_text:
            return f"No claim or event matches {self.query_text!r}. Esc clears the search."
        if self.filter != "all":
            return f"No {self.filter} claims. Press f to change the filter."
        return "This dataset has no events."

    def _update_status(self) -> None:
        self.query_one(StatusBar).show(
            self.dataset.title,
            tally(self.dataset, self.reviews),
            self.filter,
            self.query_text,
            self.reviewer,
        )

    def _show_detail(self, row: Row | None) -> None:
        panel = self.query_one(DetailPanel)
        if row is None:
            panel.show(self.view.empty_message if not self.view.rows else "")
            return
        if row.kind == "event":
            assert row.event is not None
            event_id = row.event.id
            claims = self.timeline.claims_under[event_id] + self.timeline.see_also_under[event_id]
            panel.show(event_renderable(self.dataset, row.event, claims))
            return
        claim = row.claim
        assert claim is not None
        try:
            history = self.store.history(self.dataset.id, claim.id)
        except StoreError as error:
            self.notify(str(error), severity="error")
            history = []
        detail = ClaimDetail(
            claim=claim,
            review=self.reviews.get(claim.id),
            status=status_of(claim, self.reviews.get(claim.id)),
            history=history,
            show_reference=claim.id in self.revealed,
        )
        home = self.timeline.home_event[claim.id]
        panel.show(claim_renderable(self.dataset, detail, home.title))

    def _select_next_needing_review(self, from_index: int) -> bool:
        """Move to the next claim that needs a verdict, wrapping around; False if none."""
        rows = self.view.rows
        for index in chain(range(from_index + 1, len(rows)), range(0, from_index + 1)):
            row = rows[index]
            if row.kind == "claim" and self._row_status(row).needs_review:
                self.view.select_index(index)
                return True
        return False

    def _selected_claim(self, doing: str) -> Claim | None:
        row = self.view.current
        if row is None or row.claim is None:
            self.notify(f"Select a claim to {doing} (↑/↓ moves; events hold claims beneath them).",
                        severity="warning", timeout=3)
            return None
        return row.claim

    # -- events from widgets ----------------------------------------------------

    def on_timeline_view_highlighted(self, message: TimelineView.Highlighted) -> None:
        self._show_detail(message.row)

    def on_timeline_view_opened(self, message: TimelineView.Opened) -> None:
        row = message.row
        if row.kind == "see-also" and row.claim is not None:
            key = self._claim_key(row.claim.id)
            index = self.view.index_of(key) if key else None
            if index is None:
                self.notify("That claim is hidden by the search or filter.", timeout=3)
            else:
                self.view.select_index(index)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.query_text = event.value
            self._rebuild(keep_key=None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.view.focus()

    # -- actions ----------------------------------------------------------------

    def action_mark(self, verdict: str | None) -> None:
        claim = self._selected_claim("mark it")
        if claim is None or not (verdict is None or is_verdict(verdict)):
            return
        try:
            review = self.store.mark(self.dataset.id, claim, verdict, reviewer=self.reviewer)
        except StoreError as error:
            self.notify(f"{error}", title="Not saved", severity="error", timeout=15)
            return
        self.reviews[claim.id] = review
        next_key = self._next_needing_review_key()
        self._verdicts_changed(next_key)
        if next_key is None and verdict is not None:
            self.notify("Every claim has a verdict. Press e to export, f to filter.", timeout=4)

    def _next_needing_review_key(self) -> str | None:
        rows = self.view.rows
        start = self.view.cursor
        for index in chain(range(start + 1, len(rows)), range(0, start)):
            row = rows[index]
            if row.kind == "claim" and self._row_status(row).needs_review:
                return row.key
        return None

    def action_note(self) -> None:
        claim = self._selected_claim("write a note on it")
        if claim is None:
            return

        def saved(review: Review) -> None:
            self.reviews[claim.id] = review
            self._verdicts_changed(keep_key=None)
            self.notify("Note saved.", timeout=2)

        edit_note(self, self.store, self.dataset.id, claim, self.reviewer,
                  self.reviews.get(claim.id), saved)

    def action_undo(self) -> None:
        self._undo_or_redo("undo")

    def action_redo(self) -> None:
        self._undo_or_redo("redo")

    def _undo_or_redo(self, which: str) -> None:
        try:
            step = self.store.undo if which == "undo" else self.store.redo
            change = step(self.dataset.id, reviewer=self.reviewer)
            if change is not None:
                self.reviews = self.store.reviews(self.dataset.id)
        except StoreError as error:
            self.notify(f"{error}", title=f"Could not {which}", severity="error", timeout=15)
            return
        if change is None:
            self.notify(f"Nothing to {which}.", timeout=2)
            return
        self._verdicts_changed(keep_key=self._claim_key(change.claim_id))
        self.notify(f"{'Undid' if which == 'undo' else 'Redid'}: {describe_change(change)}",
                    timeout=3)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("-active")
        search.focus()

    def action_cancel_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.remove_class("-active")
        self.view.focus()

    def action_cycle_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self._rebuild(keep_key=None)

    def action_reveal(self) -> None:
        claim = self._selected_claim("reveal its reference")
        if claim is None:
            return
        if claim.reference is None:
            self.notify("The curators gave no reference assessment for this claim.", timeout=3)
            return
        self.revealed ^= {claim.id}
        self._show_detail(self.view.current)

    def action_export(self) -> None:
        """Open the export dialog on a snapshot of the verdicts; it writes in a worker."""
        self.push_screen(ExportDialog(self.dataset, self.reviews, Path.cwd()))

    def action_present(self) -> None:
        """Open classroom mode on the class's own store, beside this one.

        The class's verdicts (reviewer `class`) never mix with the reviewer's own: the
        presentation opens `<store>-class.sqlite3`, as `claimline present` does by default.
        """
        path = class_store_path(self.store.path)
        try:
            class_store = ReviewStore(path)
        except StoreError as error:
            self.notify(str(error), title="Classroom store", severity="error", timeout=15)
            return
        self.notify(f"The class's verdicts go to {path}", timeout=4)
        screen = PresentationScreen(self.dataset, class_store, "class", revealed=self.revealed,
                                    export_dir=Path.cwd())
        self.push_screen(screen, lambda _: class_store.close())

    def _reload_reviews(self) -> None:
        try:
            self.reviews = self.store.reviews(self.dataset.id)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self._rebuild(keep_key=None)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_sections()))

    def key_sections(self) -> list[tuple[str, KeyRows]]:
        """The keys of the timeline and the app, as the help screen lists them."""

        def rows(bindings: Iterable[Binding]) -> KeyRows:
            return [
                (", ".join(self.get_key_display(Binding(key, "")) for key in self._keys_of(b)),
                 b.tooltip or b.description, b.id or "")
                for b in bindings
            ]

        timeline = [b for b in TimelineView.BINDINGS if isinstance(b, Binding)]
        app = [b for b in self.BINDINGS if isinstance(b, Binding)]
        return [
            ("Moving", [*rows(timeline), ("Tab", "Move focus to the detail panel", ""),
                        ("click / wheel", "Select / scroll", "")]),
            ("Reviewing", rows(app[:6])),
            ("Viewing", [*rows(app[6:]), ("ctrl+p", "Command palette: every action by name", "")]),
        ]

    def _keys_of(self, binding: Binding) -> list[str]:
        """The keys a binding answers to now, after the user's keymap."""
        keys = self._keymap.get(binding.id or "", binding.key)
        return [key.strip() for key in keys.split(",")]

    def _on_timeline(self) -> bool:
        """Whether the timeline is the screen in use (the command palette aside)."""
        screens = [s for s in self.screen_stack if not isinstance(s, CommandPalette)]
        return len(screens) == 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The timeline's keys act only on the timeline: under the presentation, the help or
        a dialog, `v` or `f` must not change what is hidden behind it."""
        return not (action in _TIMELINE_ACTIONS and not self._on_timeline())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key's action, by name, in the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        if not self._on_timeline():
            return
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id != "app.quit":
                yield SystemCommand(binding.description, binding.tooltip,
                                    partial(self.run_action, binding.action))

    def _check_store(self) -> None:
        """Pick up verdicts written by another claimline on the same store."""
        try:
            changed = self.store.changed_by_others()
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        if not changed:
            return
        self._reload_reviews()
        self.notify("The review store changed (another claimline): verdicts refreshed.",
                    timeout=4)
