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
from tui.renderables import KeyHints
from tui.rendering import literal
from tui.screens.review import NARROW
from tui.screens.review_keys import REVIEW_BINDINGS
from tui.screens.row_detail import HINTED, show_row
from tui.widgets.detail_panel import DetailPanel
from tui.widgets.status_bar import StatusBar
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
        self.show_progress("")
        view = self.view
        view.set_rows(self.head.rows, self.head.rows[self.start].key)
        view.focus()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#main").set_class(event.size.width < NARROW, "-narrow")

    @property
    def view(self) -> TimelineView:
        return self.query_one(TimelineView)

    def show_progress(self, step: str) -> None:
        """Say in the header what is going on (`step`: what the worker does now, if known).

        Nothing here says "reviewed ·": the benchmarks wait for the review screen's
        header to time the whole timeline (benchmarks/run.py)."""
        head = self.head
        text = literal(self.session.dataset.title, style="bold")
        text.no_wrap, text.overflow = True, "ellipsis"
        text.append("\n")
        text.append(f"Loading the rest of {self.file_name}…", style="bold")
        text.append(f" showing the first {len(head.rows):,} of {head.total_rows:,} rows")
        if step:
            text.append(f"  │  {step}")
        self.query_one(StatusBar).update(text, layout=False)

    def moved_to(self) -> str | None:
        """The key of the row selected, if the user moved from where the preview started
        (kept as the selection moves: asked once the preview is gone)."""
        return self._selected if self._selected != self.head.rows[self.start].key else None

    def answers(self, event: events.Event) -> bool:
        """Whether the preview does what `event` asks: a key bound here (moving, Enter,
        the help, quit, the palette)."""
        if not isinstance(event, events.Key):
            return False
        active = self.active_bindings.get(event.key)
        return active is not None and active.enabled

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
    keymap: dict[str, str] = getattr(app, "user_keymap", {})
    shown = {}
    for binding in REVIEW_BINDINGS:
        if isinstance(binding, Binding) and binding.id in HINTED:
            keys = keymap.get(binding.id, binding.key).split(",")
            displays = (app.get_key_display(binding.with_key(key.strip())) for key in keys)
            shown[binding.id] = "/".join(displays)
    return KeyHints(*(shown.get(binding_id, binding_id) for binding_id in HINTED))
