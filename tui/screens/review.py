"""The review screen: a timeline of events and claims, and one key per verdict.

The screen shows a `ReviewSession` and turns keys into its methods: verdicts and notes go
through the session to the store (committed as each is made); counts, statuses and filters
come from `facts`. What is on screen (the search, the filter, the selection) is the
screen's own.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input

from facts.model import Claim
from facts.session import ReviewSession
from facts.store import StoreError
from facts.timeline import Row
from facts.verdicts import TEAM_FILTERS, Status, TeamFilter, is_verdict
from tui.background import Courtesy
from tui.bindings import keys_of
from tui.export_dialog import ExportDialog
from tui.renderables import KeyHints
from tui.screens import session_calls
from tui.screens.classroom import present
from tui.screens.links import copy_link, open_link
from tui.screens.note_editor import edit_note
from tui.screens.progressive_search import ProgressiveSearch
from tui.screens.review_keys import REVIEW_BINDINGS
from tui.screens.row_detail import HINTED, show_row
from tui.store_watch import pick_up, store_failed, watch_server
from tui.widgets.detail_panel import DetailPanel
from tui.widgets.search_input import SearchInput
from tui.widgets.status_bar import StatusBar
from tui.widgets.timeline_view import TimelineView

NARROW = 100  # below this many columns the detail panel goes under the timeline


class ReviewScreen(Screen[None]):
    """Browse a dataset's timeline and record a verdict on each claim."""

    BINDINGS = REVIEW_BINDINGS
    CSS_PATH = "review.tcss"

    def __init__(
        self, session: ReviewSession, courtesy: Courtesy, start: str | None = None
    ) -> None:
        """`start`: the key of the row to select first (where the preview was left),
        else the first claim needing the reviewer's verdict."""
        super().__init__()
        self.session = session
        self.courtesy = courtesy  # the app's: its background jobs pause for keys
        self.start = start
        self.query_text = ""
        self.filter: TeamFilter = "all"
        self.last_judged: Claim | None = None  # what N writes the note on
        self.searching: ProgressiveSearch  # made with the timeline (compose)

    # -- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        timeline = self.session.timeline
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            view = TimelineView(
                self._row_status, timeline.index_of, self._show_detail, id="timeline"
            )
            self.searching = ProgressiveSearch(self, view, timeline, self._update_status)
            yield view
            yield DetailPanel(id="detail")
        yield SearchInput(placeholder="Search claims, events and tags — Esc clears", id="search")
        # Compact, with the rarer keys (u, Z, e, p, r) left to ? and ctrl+p, so Help and
        # Quit stay visible at 80 columns; groups are for the help, not the footer.
        footer = Footer(compact=True)
        footer.combine_groups = False
        yield footer

    def on_mount(self) -> None:
        try:
            self.session.load()
        except StoreError as error:
            store_failed(self, self.session.store, error)
        self._rebuild(keep_key=None)
        start = self.view.index_of(self.start) if self.start else None
        if start is not None:
            self.view.select_index(start)
        else:
            self._select_next_needing_review(from_index=-1)
        self.view.focus()
        # A server announces colleagues' verdicts; a file is looked at every 2 seconds.
        if not watch_server(self, self.session.store, self._colleagues_changed):
            self.set_interval(2.0, self._check_store)
        # The search text, made in the background so the first search keystroke needn't wait.
        prepare = partial(self.courtesy.run, self.session.timeline.prepare_search)
        self.call_after_refresh(lambda: self.run_worker(prepare, thread=True, exclusive=True))

    def on_resize(self, event: Resize) -> None:
        self.query_one("#main").set_class(event.size.width < NARROW, "-narrow")

    # -- helpers ----------------------------------------------------------------

    @property
    def view(self) -> TimelineView:
        return self.query_one(TimelineView)

    def _row_status(self, row: Row) -> Status:
        assert row.claim is not None
        return self.session.status_of(row.claim)

    def _claim_key(self, claim_id: str) -> str | None:
        event = self.session.timeline.home_event.get(claim_id)
        return f"claim:{claim_id}@{event.id}" if event else None

    def _rebuild(self, keep_key: str | None, typed: bool = False) -> None:
        """Recompute the visible rows for the search and filter, keeping the selection;
        `typed`: for a search keystroke, which changes no row's detail."""
        keep = None
        if self.filter != "all":
            wanted, matches = self.filter, self.session.matches

            def keep(claim: Claim) -> bool:
                return matches(claim, wanted)

        also = self.session.claims_with_reviews_matching(self.query_text)
        self.view.empty_message = self._empty_message()
        self.searching.show(self.query_text, keep, also, keep_key, typed=typed)
        self._update_status()

    def _verdicts_changed(self, keep_key: str | None, changed: str | None = None) -> None:
        """Show changed verdicts; the rows themselves change only under a verdict filter.

        Without a filter nothing is recomputed but the header and the lines of the claims
        that changed (`changed`, else the selected one), which keeps a verdict key instant
        on a dataset of 100,000 claims.
        """
        if self.filter != "all":
            self._rebuild(keep_key)
            return
        view = self.view
        judged = view.current
        index = view.index_of(keep_key) if keep_key else None
        if index is not None and index != view.cursor:
            view.select_index(index)
        else:
            self._show_detail(view.current)
        # The rows whose badge may have changed, with their "also" rows: the claim
        # judged (selected when it was judged) and the one `changed` names.
        claims = {row.claim.id for row in (judged, view.current) if row and row.claim}
        view.refresh_claims(claims | ({changed} if changed else set()))
        self._update_status()

    def _empty_message(self) -> str:
        if self.query_text:
            clear = keys_of(self, "view.clear_search")
            return f"No claim or event matches {self.query_text!r}. {clear} clears the search."
        if self.filter != "all":
            return (
                f"No {self.filter} claims. Press {keys_of(self, 'view.filter')} to change "
                "the filter."
            )
        return "This dataset has no events."

    def _update_status(self) -> None:
        session = self.session
        team = session.team
        self.query_one(StatusBar).show(
            session.dataset.title,
            team.own_tally,
            self.filter,
            self.query_text,
            session.reviewer,
            team.tally if team.is_team else None,
            self.searching.found,
        )

    def _show_detail(self, row: Row | None, *, home: bool = True) -> None:
        panel = self.query_one(DetailPanel)
        if row is None:
            panel.show(self.view.empty_message if not self.view.rows else "")
            return
        keys = KeyHints(*(keys_of(self, binding_id) for binding_id in HINTED))
        show_row(self, panel, self.session, row, keys, home=home)

    def _select_next_needing_review(self, from_index: int) -> bool:
        """Move to the next claim that needs a verdict, wrapping around; False if none."""
        index = self.session.next_needing_verdict(self.view.rows, from_index)
        if index is not None:
            self.view.select_index(index)
        return index is not None

    def _next_needing_review_key(self, start: int) -> str | None:
        rows = self.view.rows
        index = self.session.next_needing_verdict(rows, start)
        return None if index is None else rows[index].key

    def _selected_claim(self, doing: str) -> Claim | None:
        row = self.view.current
        if row is None or row.claim is None:
            self.notify(
                f"Select a claim to {doing} (↑/↓ moves; events hold claims beneath them).",
                severity="warning",
                timeout=3,
            )
            return None
        return row.claim

    # -- events from widgets ----------------------------------------------------

    def on_timeline_view_opened(self, message: TimelineView.Opened) -> None:
        row = message.row
        if row.kind == "see-also" and row.claim is not None:
            key = self._claim_key(row.claim.id)
            index = self.view.index_of(key) if key else None
            if index is None:
                self.notify("That claim is hidden by the search or filter.", timeout=3)
            else:
                self.view.select_index(index)

    async def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.query_text = event.value
            self._rebuild(keep_key=None, typed=True)
            # A turn of the loop: the timeline and header ask to be repainted before this
            # screen paints (a word's first letter painted the field alone, then them).
            await asyncio.sleep(0)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.view.focus()

    # -- actions ----------------------------------------------------------------

    def _record(self, verdict: str | None) -> Claim | None:
        """Record the verdict on the selected claim; the claim, or None if nothing was."""
        claim = self._selected_claim("mark it")
        if claim is None or not (verdict is None or is_verdict(verdict)):
            return None
        if not session_calls.mark(self, self.session, claim, verdict):
            return None
        if verdict is not None:
            self.last_judged = claim
        return claim

    def action_mark(self, verdict: str | None) -> None:
        self.view.whole()  # every row, before the cursor's place in them is read
        if self._record(verdict) is None:
            return
        self._advance(self.view.cursor, verdict)

    def action_mark_with_note(self, verdict: str) -> None:
        """V / D: the verdict, then the note on that same claim (the reason), then on to
        the next claim that needs a verdict, whether the note was saved or skipped."""
        claim = self._record(verdict)
        if claim is None:
            return
        key = self._claim_key(claim.id)
        self._verdicts_changed(key, claim.id)

        def closed(_saved: bool) -> None:
            index = self.view.index_of(key) if key else None
            # Under a filter the judged claim may have left the rows: the row now under
            # the cursor took its place, and is where to look from.
            self._advance(index if index is not None else self.view.cursor - 1, verdict)

        edit_note(self.app, self.session, claim, lambda: None, closed)

    def action_note_on_last(self) -> None:
        claim = self.last_judged
        if claim is None:
            self.notify("No claim judged yet in this session.", timeout=3)
            return

        def saved() -> None:
            self._verdicts_changed(keep_key=None, changed=claim.id)
            self.notify("Note saved on the claim judged last.", timeout=2)

        edit_note(self.app, self.session, claim, saved)

    def _advance(self, start: int, verdict: str | None) -> None:
        """Show the new verdict and go to the next claim needing one after row `start`."""
        next_key = self._next_needing_review_key(start)
        self._verdicts_changed(next_key)
        if next_key is None and verdict is not None:
            self.notify(
                f"Every claim has a verdict. Press {keys_of(self, 'app.export')} to "
                f"export, {keys_of(self, 'view.filter')} to filter.",
                timeout=4,
            )

    def action_note(self) -> None:
        claim = self._selected_claim("write a note on it")
        if claim is None:
            return

        def saved() -> None:
            self._verdicts_changed(keep_key=None, changed=claim.id)
            self.notify("Note saved.", timeout=2)

        edit_note(self.app, self.session, claim, saved)

    def action_undo_or_redo(self, which: Literal["undo", "redo"]) -> None:
        change = session_calls.undo_or_redo(self, self.session, which)
        if change is None:
            return
        self._verdicts_changed(self._claim_key(change.claim_id), change.claim_id)
        done = "Undid" if which == "undo" else "Redid"
        self.notify(f"{done}: {session_calls.describe_change(change)}", timeout=3)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The search key has priority (review_keys): in the search field it is typed.

        Asked by id, not by a query: the help and the footer ask for every binding's state,
        also while the screen is still being composed (F1 typed as the timeline comes up).
        """
        focused = self.focused
        return not (action == "search" and focused is not None and focused.id == "search")

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("-active")
        self.set_focus(search)  # now, not after the keys already read (`focus()`)

    def action_cancel_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.remove_class("-active")
        self.set_focus(self.view)

    def action_cycle_filter(self, step: int = 1) -> None:
        self.filter = TEAM_FILTERS[(TEAM_FILTERS.index(self.filter) + step) % len(TEAM_FILTERS)]
        self._rebuild(keep_key=None)

    def action_next_claim(self, step: int) -> None:
        """J / K: the next or previous claim row, past events and headings."""
        rows, index = self.view.rows, self.view.cursor + step
        while 0 <= index < len(rows):
            if rows[index].kind == "claim":
                self.view.select_index(index)
                return
            index += step
        self.notify("No more claims this way.", timeout=2)

    def action_next_unreviewed(self) -> None:
        self.view.whole()
        if not self._select_next_needing_review(self.view.cursor):
            self.notify("Every claim shown has a verdict.", timeout=3)

    def action_open_link(self) -> None:
        claim = self._selected_claim("open its evidence link")
        if claim is not None:
            open_link(self, self.session.dataset, claim, keys_of(self, "view.copy_link"))

    def action_copy_link(self) -> None:
        claim = self._selected_claim("copy its evidence link")
        if claim is not None:
            copy_link(self, self.session.dataset, claim)

    def action_reveal(self) -> None:
        claim = self._selected_claim("reveal its reference")
        if claim is None:
            return
        if claim.reference is None:
            self.notify("The curators gave no reference assessment for this claim.", timeout=3)
            return
        shown = self.session.toggle_reveal(claim)
        self._show_detail(self.view.current, home=False)
        if shown:
            self.query_one(DetailPanel).scroll_to_more()

    def action_export(self) -> None:
        """Open the export dialog on a snapshot of the verdicts; it writes in a worker."""
        self.app.push_screen(ExportDialog(self.session.snapshot(), Path.cwd()))

    def action_present(self) -> None:
        """Open classroom mode on the class's own session (tui/screens/classroom.py)."""
        # A reference revealed there shows here once the presentation closes.
        present(self, self.session, lambda: self._show_detail(self.view.current))

    def _check_store(self) -> None:
        """Pick up verdicts written by another claimline on the same store."""
        pick_up(self, self.session.store, self.session.refresh, partial(self._rebuild, None))

    def _colleagues_changed(self) -> None:
        """A server announced another claimline's commit (see tui/store_watch.py)."""
        pick_up(self, self.session.store, self.session.reload, partial(self._rebuild, None))
