"""Classroom mode: the timeline one event at a time, large enough for a projector.

Each slide is one event: the year in big digits, the date and title, the summary, and the
claims about it, numbered. The presenter steps with → / space and ←, picks a claim with
↑/↓ or its number, records the class's verdict with v / d (stored like any other verdict,
under the reviewer name `class` by default) and reveals the curators' reference with r.

The reference is hidden until revealed, in its own labelled box, never where the class's
verdict is shown. In quiz mode nothing on the slide even hints which claims have one, the
claim detail (i) leaves the reference out until revealed, and the summary compares only
revealed references.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Digits, Footer, Static

from facts.classroom import claim_numbers
from facts.model import Claim, Event
from facts.session import ReviewSession
from facts.store import StoreError
from facts.verdicts import Status, is_verdict
from tui.bindings import keys_of
from tui.renderables import KeyHints, event_when
from tui.rendering import flat, literal
from tui.screens import session_calls
from tui.screens.choice import Answer, ChoiceScreen
from tui.screens.claim_detail import ClaimDetailScreen
from tui.screens.note_editor import edit_note
from tui.screens.presentation_keys import PRESENTATION_BINDINGS
from tui.screens.summary import SummaryScreen
from tui.slide_places import remember_slide, slide_left_at
from tui.slides import SlideClaim, claim_card, claim_detail, sources_line, year_digits
from tui.themes import PROJECTOR, register_themes
from tui.widgets.claim_card import ClaimCard

WIDE = 140  # from this many columns the event and its claims sit side by side
SHORT = 30  # below this many lines the slide drops its spacing
TALL = 45  # from this many lines the slide spreads out


class PresentationScreen(Screen[None]):
    """One event per slide; the class decides, the presenter records and reveals."""

    AUTO_FOCUS = ""  # nothing takes the keys: every key is the presenter's

    BINDINGS = PRESENTATION_BINDINGS

    CSS_PATH = "presentation.tcss"

    def __init__(
        self,
        session: ReviewSession,
        *,
        quiz: bool = False,
        theme: str | None = PROJECTOR,
        export_dir: Path | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """`session` is the class's (reviewer `class` by default); the references it
        reveals may be shared with the reviewer's own session. `theme` is applied while the
        presentation is open (None keeps the app's)."""
        super().__init__()
        self.session = session
        self.dataset = session.dataset
        self.quiz = quiz
        self.events = session.timeline.events
        self.index = 0
        self.entries: list[SlideClaim] = []
        self.selected: int | None = None
        self._cards: list[ClaimCard] = []
        self._theme = theme
        self._previous_theme: str | None = None
        self.export_dir = export_dir
        self.now = now
        self._place_problem_told = False  # a slide that cannot be remembered is said once
        # Claims numbered as the summary numbers them (3.2: event 3's second claim).
        self._numbers = claim_numbers(session.timeline)

    # -- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="present-top"):
            yield Static(id="present-dataset")
            yield Static(id="present-progress")
        with Horizontal(id="present-head"):
            yield Digits("", id="present-year")
            with Vertical(id="present-head-text"):
                yield Static(id="present-when")
                yield Static(id="present-title")
        with (
            VerticalScroll(id="present-body", can_focus=False),
            Vertical(id="present-columns"),
        ):
            with Vertical(id="present-event"):
                yield Static(id="present-summary")
                yield Static(id="present-sources")
            yield Vertical(id="present-claims")
        footer = Footer(compact=True)
        footer.combine_groups = False  # the groups are the help's sections
        yield footer

    async def on_mount(self) -> None:
        register_themes(self.app)
        self._previous_theme = self.app.theme
        if self._theme:
            self.app.theme = self._theme
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append_text(literal(self.dataset.title))
        self.query_one("#present-dataset", Static).update(title)
        try:
            self.session.load()
        except StoreError as error:
            self.notify(
                str(error), title="Review store", severity="error", timeout=30, markup=False
            )
        self._fit(self.app.size.width, self.app.size.height)
        left_at = slide_left_at(self.dataset.id)
        ids = [event.id for event in self.events]
        if left_at in ids and ids.index(left_at) > 0:
            self.index = ids.index(left_at)
            self.notify(
                f"Back on event {self.index + 1} of {len(self.events)}, where this "
                f"presentation was left ({keys_of(self, 'present.first')} goes to the first).",
                timeout=5,
            )
        await self._show_slide()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        self.set_class(width >= WIDE, "-wide")
        self.set_class(height < SHORT, "-short")
        self.set_class(height >= TALL, "-tall")

    # -- the slide ----------------------------------------------------------------

    @property
    def event(self) -> Event:
        return self.events[self.index]

    @property
    def selected_claim(self) -> Claim | None:
        if self.selected is None:
            return None
        return self.entries[self.selected].claim

    async def _show_slide(self) -> None:
        """Show the event at `self.index` with its claims, the first one selected."""
        event = self.event
        self.query_one("#present-year", Digits).update(year_digits(event))
        self.query_one("#present-when", Static).update(Text(event_when(event)))
        self.query_one("#present-title", Static).update(literal(event.title))
        self.query_one("#present-summary", Static).update(
            literal(event.summary) if event.summary else ""
        )
        self.query_one("#present-sources", Static).update(sources_line(self.dataset, event))
        timeline = self.session.timeline
        self.entries = [SlideClaim(c, False) for c in timeline.claims_under[event.id]]
        self.entries += [SlideClaim(c, True) for c in timeline.see_also_under[event.id]]
        self.selected = 0 if self.entries else None
        container = self.query_one("#present-claims", Vertical)
        await container.remove_children()
        if self.entries:
            heading = Static(
                Text(f"Claims about this event ({len(self.entries)})"), classes="present-heading"
            )
            self._cards = [
                ClaimCard(index, *self._card_content(index), selected=index == self.selected)
                for index in range(len(self.entries))
            ]
            await container.mount(heading, *self._cards)
        else:
            self._cards = []
            await container.mount(
                Static(Text("No claims are about this event."), classes="present-heading")
            )
        self._update_progress()
        self.query_one("#present-body", VerticalScroll).scroll_home(animate=False)
        problem = remember_slide(self.dataset.id, event.id)
        if problem and not self._place_problem_told:
            self._place_problem_told = True
            self.notify(problem, severity="warning", timeout=8, markup=False)

    def _update_progress(self) -> None:
        progress = self.session.tally
        text = Text("quiz  │  " if self.quiz else "")
        text.append(f"event {self.index + 1} of {len(self.events)}")
        text.append("  │  ")
        text.append_text(literal(self.session.reviewer))
        text.append(f": {progress.reviewed}/{progress.total} judged")
        self.query_one("#present-progress", Static).update(text)

    def _keys(self) -> KeyHints:
        """The keys the slide's hints name: the ones the user's keymap binds."""
        ids = ("present.verified", "present.disputed", "present.note", "present.reveal")
        return KeyHints(*(keys_of(self, binding_id) for binding_id in ids))

    def _card_content(self, index: int) -> tuple[RenderableType, RenderableType | None]:
        entry = self.entries[index]
        number = self._numbers[entry.claim.id]
        selected = index == self.selected
        return claim_card(
            self.session, entry, number, selected=selected, quiz=self.quiz, keys=self._keys()
        )

    def _refresh_cards(self) -> None:
        for card in self._cards:
            body, reference = self._card_content(card.index)
            card.show(body, reference, selected=card.index == self.selected)
        self._update_progress()

    def _scroll_to_selected(self, *, top: bool = False) -> None:
        if self.selected is None or self.selected >= len(self._cards):
            return
        card = self._cards[self.selected]
        body = self.query_one("#present-body", VerticalScroll)
        self.call_after_refresh(body.scroll_to_widget, card, animate=False, top=top)

    def _require_claim(self, doing: str) -> Claim | None:
        claim = self.selected_claim
        if claim is None:
            self.notify(
                f"This event has no claims to {doing}; → goes to the next event.",
                severity="warning",
                timeout=3,
            )
        return claim

    # -- moving -------------------------------------------------------------------

    async def _go(self, index: int) -> None:
        index = max(0, min(index, len(self.events) - 1))
        if index != self.index:
            self.index = index
            await self._show_slide()

    async def action_next(self) -> None:
        if self.index == len(self.events) - 1:
            self.action_summary()
            return
        await self._go(self.index + 1)

    async def action_previous(self) -> None:
        await self._go(self.index - 1)

    async def action_first(self) -> None:
        await self._go(0)

    async def action_last(self) -> None:
        await self._go(len(self.events) - 1)

    def action_move(self, step: int) -> None:
        if self.selected is None:
            return
        self._select(max(0, min(self.selected + step, len(self.entries) - 1)))

    def action_pick(self, number: int) -> None:
        if number > len(self.entries):
            count = len(self.entries)
            self.notify(
                f"This event has {count} claim{'s' if count != 1 else ''}.",
                severity="warning",
                timeout=2,
            )
            return
        self._select(number - 1)

    def _select(self, index: int) -> None:
        self.selected = index
        self._refresh_cards()
        self._scroll_to_selected()

    @on(ClaimCard.Clicked)
    def _card_clicked(self, message: ClaimCard.Clicked) -> None:
        self._select(message.index)

    def action_page(self, direction: int) -> None:
        body = self.query_one("#present-body", VerticalScroll)
        if direction > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    # -- deciding and revealing ---------------------------------------------------

    def action_mark(self, verdict: str | None) -> None:
        claim = self._require_claim("judge")
        if claim is None or not (verdict is None or is_verdict(verdict)):
            return
        if session_calls.mark(self, self.session, claim, verdict):
            self._refresh_cards()

    def action_note(self) -> None:
        claim = self._require_claim("write a note on")
        if claim is None:
            return

        edit_note(self.app, self.session, claim, self._refresh_cards)

    def action_undo_or_redo(self, which: Literal["undo", "redo"]) -> None:
        change = session_calls.undo_or_redo(self, self.session, which)
        if change is None:
            return
        self._refresh_cards()
        claim = self.dataset.claim_by_id.get(change.claim_id)
        what = claim.text if claim else change.claim_id
        now = Status(change.to_verdict or "unreviewed").badge
        done = "Undone" if which == "undo" else "Redone"
        self.notify(f"{done}: {flat(what)[:60]} is now {now}", timeout=3, markup=False)

    def reveal(self, claim: Claim) -> None:
        """Show or hide the curators' reference of `claim` (shared with the claim detail)."""
        self.session.toggle_reveal(claim)
        self._refresh_cards()

    def action_reveal(self) -> None:
        claim = self._require_claim("reveal")
        if claim is None:
            return
        self.reveal(claim)
        if claim.id in self.session.revealed:
            self._scroll_to_selected()

    def action_detail(self) -> None:
        claim = self._require_claim("show")
        if claim is None:
            return

        def render() -> RenderableType:
            history = session_calls.history(self, self.session, claim)
            return claim_detail(self.session, claim, history, quiz=self.quiz, keys=self._keys())

        self.app.push_screen(ClaimDetailScreen(render, lambda: self.reveal(claim)))

    def action_summary(self) -> None:
        screen = SummaryScreen(
            self.session.snapshot(), quiz=self.quiz, export_dir=self.export_dir, now=self.now
        )
        self.app.push_screen(screen)

    def action_ask_leave(self) -> None:
        """Esc: the innermost thing is the presentation itself, so ask before closing it."""

        def answered(answer: str | None) -> None:
            if answer == "leave":
                self.action_leave()

        self.app.push_screen(
            ChoiceScreen(
                "Leave the presentation?",
                [Answer("stay", "Stay", "s"), Answer("leave", "Leave", "l")],
                "Every verdict is saved; the presentation reopens on this slide.",
            ),
            answered,
        )

    def action_leave(self) -> None:
        if self._previous_theme and self._theme and self.app.theme == self._theme:
            self.app.theme = self._previous_theme
        self.dismiss(None)
