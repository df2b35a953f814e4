"""The preview: the first rows of a reopened dataset, while the rest of it loads.

It looks as the review screen will (the same header, timeline, detail panel and styles,
the narrow layout too) and starts on the row the review screen starts on, but only moves
and reads: the timeline's keys, the detail panel, help, quit and the palette. Every other
key typed meanwhile (a verdict, a note, a search) is kept, with the keys after it, and
handed to the review screen once it has replaced the preview (`KeyOrder.hold`), which
starts on the row selected here when the user moved. What leads here is told in
tui/head_preview.py.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from facts.cache.head import Head
from facts.session import ReviewSession
from facts.timeline import Row
from facts.verdicts import Status
from tui.bindings import keys_after_keymap
from tui.renderables import KeyHints
from tui.rendering import literal
from tui.screens.review import NARROW
from tui.screens.review_keys import REVIEW_BINDINGS
from tui.screens.row_detail import HINTED, show_row
from tui.widgets.detail_panel import DetailPanel
from tui.widgets.status_bar import StatusBar
from tui.widgets.timeline_keys import TIMELINE_BINDINGS
from tui.widgets.timeline_view import TimelineView


class PreviewScreen(Screen[None]):
    """The first rows of the timeline, read-only, until the review screen replaces it."""

    CSS_PATH = "review.tcss"

    def __init__(self, session: ReviewSession, head: Head, start: int, file_name: str) -> None:
        """`session` is over `head.dataset`; `start` is the index of the row selected first."""
        super().__init__()
        self.session = session
        self.head = head
        self.start = start
        self.file_name = file_name
        self._selected: str | None = None  # the key of the row selected
        self._step = ""  # what the worker does now (shown in the header)
        # Where the first key kept was typed: the review screen starts there, so that
        # the keys kept act on the row they were typed on (None: none kept yet).
        self._kept_on: str | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield TimelineView(
                self._row_status, self.session.timeline.index_of, self._show_detail, id="timeline"
            )
            yield DetailPanel(id="detail")
        footer = Footer(compact=True)
        footer.combine_groups = False
        yield footer

    def on_mount(self) -> None:
        self.show_progress(self._step)
        view = self.view
        view.disabled = self._kept_on is not None  # a key was kept while it mounted
        view.set_rows(self.head.rows, self.head.rows[self.start].key)
        view.focus()

    def on_screen_resume(self) -> None:
        """On top again (the help or the palette closed): the review screen may be ready
        (the app waits for what the user opened, `ClaimlineBaseApp._show`)."""
        self.app.call_later(getattr(self.app, "resume_opening", lambda: None))

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#main").set_class(event.size.width < NARROW, "-narrow")

    @property
    def view(self) -> TimelineView:
        return self.query_one(TimelineView)

    def show_progress(self, step: str) -> None:
        """Say in the header what is going on (`step`: what the worker does now, if known).

        Nothing here says "reviewed ·": the benchmarks wait for the review screen's
        header to time the whole timeline (benchmarks/run.py)."""
        self._step = step
        bars = self.query(StatusBar)
        if not bars:
            return  # not composed yet: said at mount
        head = self.head
        text = literal(self.session.dataset.title, style="bold")
        text.no_wrap, text.overflow = True, "ellipsis"
        text.append("\n")
        text.append(f"Loading the rest of {self.file_name}…", style="bold")
        text.append(f" showing the first {len(head.rows):,} of {head.total_rows:,} rows")
        if self._kept_on is not None:
            text.append("  │  ")
            text.append("keys kept for the review screen", style="bold")
        elif step:
            text.append(f"  │  {step}")
        bars.first().update(text, layout=False)

    def moved_to(self) -> str | None:
        """The key of the row selected, if the user moved from where the preview started
        (kept as the selection moves: asked once the preview is gone)."""
        return self._selected if self._selected != self.head.rows[self.start].key else None

    def start_key(self) -> str | None:
        """Where the review screen starts: on the row a kept key was typed on, or the one
        the user moved to; None: where it starts by itself (as the preview did)."""
        return self._kept_on if self._kept_on is not None else self.moved_to()

    def keeps(self, event: events.Event) -> bool:
        """Whether a typed key waits for the review screen (the keys after it wait too).

        The first key kept freezes the preview: the selection stays where it was typed
        (a click would otherwise move the kept keys onto another claim), and the header
        says the keys are kept, so a preview that no longer moves is not a mystery."""
        if self._kept_on is not None:
            return True
        if self.answers(event):
            return False
        self._kept_on = self._selected or self.head.rows[self.start].key
        for view in self.query(TimelineView):  # (none yet while it mounts: see on_mount)
            view.disabled = True  # no click or scroll moves it now
        self.show_progress(self._step)
        return True

    def answers(self, event: events.Event) -> bool:
        """Whether the preview does what `event` asks: a key bound here (moving within its
        rows, Enter, the help, quit, the palette). A paste does nothing here, as on the
        review screen's timeline. A move that leaves the first rows (End, down at the
        last of them) is the whole timeline's: kept for the review screen."""
        if isinstance(event, events.Paste):
            return True
        if not isinstance(event, events.Key):
            return False
        action = self._action_of(event.key)
        return action is not None and not self._leaves_rows(action)

    def _action_of(self, key: str) -> str | None:
        """The action `key` runs here, or None. While the preview mounts, before its
        timeline has the focus, the timeline's keys (after the user's keymap) are
        already its own: a key typed then is not kept for the review screen."""
        active = self.active_bindings.get(key)
        if active is not None:
            return active.binding.action if active.enabled else None
        if self.focused is None:
            for binding in TIMELINE_BINDINGS:
                if isinstance(binding, Binding) and key in keys_after_keymap(self.app, binding):
                    return binding.action
        return None

    def _leaves_rows(self, action: str) -> bool:
        """Whether the timeline's `action` would go past the preview's rows."""
        views = self.query(TimelineView)
        if views:
            view = views.first()
            rows, cursor, height = view.rows, view.cursor, view.size.height
        else:  # mounting: it starts on `start`
            rows, cursor, height = self.head.rows, self.start, self.app.size.height
        last = len(rows) - 1
        if action == "last":
            return True
        if action == "cursor_down":
            return cursor >= last - 1
        if action == "page_down":
            return cursor + height >= last
        if action == "next_year":
            here = rows[cursor].year if rows else 0
            return not any(row.kind == "year" and row.year > here for row in rows)
        return False

    def on_timeline_view_opened(self, message: TimelineView.Opened) -> None:
        """Enter on a see-also row: to the claim, above it (a claim sits under the first
        of its events), so within the preview's rows."""
        row = message.row
        if row.kind != "see-also" or row.claim is None:
            return
        event = self.session.timeline.home_event.get(row.claim.id)
        index = self.view.index_of(f"claim:{row.claim.id}@{event.id}") if event else None
        if index is not None:
            self.view.select_index(index)

    def _row_status(self, row: Row) -> Status:
        assert row.claim is not None
        return self.session.status_of(row.claim)

    def _show_detail(self, row: Row | None) -> None:
        self._selected = row.key if row is not None else None
        panel = self.query_one(DetailPanel)
        if row is None:
            panel.show("")
            return
        show_row(self, panel, self.session, row, review_keys(self))


def review_keys(screen: Screen[Any]) -> KeyHints:
    """The review screen's keys a claim's detail names, after the user's keymap: they
    work here too (kept until the review screen is up)."""
    app = screen.app
    shown = {}
    for binding in REVIEW_BINDINGS:
        if isinstance(binding, Binding) and binding.id in HINTED:
            keys = keys_after_keymap(app, binding)
            shown[binding.id] = "/".join(app.get_key_display(binding.with_key(k)) for k in keys)
    return KeyHints(*(shown.get(binding_id, binding_id) for binding_id in HINTED))
