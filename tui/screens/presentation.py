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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Click, Resize
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Digits, Footer, Static

from facts.classroom import claim_numbers
from facts.model import Claim, Event
from facts.review import Review
from facts.session import ReviewSession
from facts.store import StoreError
from facts.verdicts import Status, is_verdict, status_of
from tui.bindings import keys_of, section
from tui.renderables import (
    ClaimDetail,
    KeyHints,
    claim_renderable,
    event_when,
    note_line,
    source_label,
)
from tui.rendering import flat, literal
from tui.screens.choice import Answer, ChoiceScreen
from tui.screens.note_editor import edit_note
from tui.screens.summary import SummaryScreen
from tui.slide_places import remember_slide, slide_left_at
from tui.themes import PROJECTOR, register_themes

WIDE = 140  # from this many columns the event and its claims sit side by side
SHORT = 30  # below this many lines the slide drops its spacing
TALL = 45  # from this many lines the slide spreads out

ALSO_ABOUT = "(also about this event)"
PICK = Binding.Group("Select that claim of the slide", compact=True)


@dataclass(frozen=True, slots=True)
class SlideClaim:
    """A claim on a slide: about this event first, or also about it (see also)."""

    claim: Claim
    also: bool  # the claim sits first under an earlier event


def year_digits(event: Event) -> str:
    """What the big digits show: `2023`, or `1999-2009` for an event that spans years."""
    text = str(event.date.year)
    if event.end is not None and event.end.year != event.date.year:
        text += f"-{event.end.year}"
    return text


class ClaimCard(Vertical):
    """One numbered claim on the slide, with the class's verdict and, once revealed, the
    curators' reference in a separate box."""

    DEFAULT_CSS = """
    ClaimCard {
        height: auto;
        border: round $foreground 45%;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    ClaimCard.-selected { border: heavy $primary; }
    ClaimCard > .claim-body { width: 1fr; }
    ClaimCard > .claim-reference {
        width: 1fr;
        display: none;
        margin: 1 0 0 0;
        padding: 0 1;
        border-left: thick $accent;
        background: $panel;
    }
    ClaimCard > .claim-reference.-shown { display: block; }
    """

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(
        self, index: int, body: RenderableType, reference: RenderableType | None, selected: bool
    ) -> None:
        super().__init__(classes="-selected" if selected else None)
        self.index = index
        self._body = body
        self._reference = reference

    def compose(self) -> ComposeResult:
        yield Static(self._body, classes="claim-body")
        reference = Static(self._reference or "", classes="claim-reference")
        reference.set_class(self._reference is not None, "-shown")
        yield reference

    def show(self, body: RenderableType, reference: RenderableType | None, selected: bool) -> None:
        self._body, self._reference = body, reference
        self.set_class(selected, "-selected")
        if not self.is_mounted or not self.children:
            return
        self.query_one(".claim-body", Static).update(body)
        box = self.query_one(".claim-reference", Static)
        box.update(reference or "")
        box.set_class(reference is not None, "-shown")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self.index))


class ClaimDetailScreen(ModalScreen[None]):
    """Everything about one claim (evidence, hints, history); r reveals here too."""

    BINDINGS = [
        Binding(
            "escape,i,q",
            "close",
            "Close",
            id="present.detail.close",
            tooltip="Close the claim detail",
        ),
        Binding(
            "r",
            "reveal",
            "Reference",
            id="present.detail.reveal",
            tooltip="Reveal (or hide) the curators' reference for this claim",
        ),
    ]

    DEFAULT_CSS = """
    ClaimDetailScreen { align: center middle; }
    ClaimDetailScreen > VerticalScroll {
        width: 90%;
        max-width: 120;
        height: auto;
        max-height: 90%;
        background: $panel;
        border: thick $primary;
        padding: 0 1;
    }
    """

    def __init__(self, render: Callable[[], RenderableType], reveal: Callable[[], None]) -> None:
        super().__init__()
        self._make_detail = render
        self._reveal = reveal

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._make_detail(), id="present-detail")
        yield Footer()

    def action_reveal(self) -> None:
        self._reveal()
        self.query_one("#present-detail", Static).update(self._make_detail())

    def action_close(self) -> None:
        self.dismiss(None)


class PresentationScreen(Screen[None]):
    """One event per slide; the class decides, the presenter records and reveals."""

    AUTO_FOCUS = ""  # nothing takes the keys: every key is the presenter's

    BINDINGS = [
        Binding(
            "right,space",
            "next",
            "Next",
            id="present.next",
            key_display="→",
            group=section("Moving"),
            tooltip="Next event (after the last one: the summary)",
        ),
        Binding(
            "left",
            "previous",
            "Back",
            id="present.previous",
            group=section("Moving"),
            key_display="←",
            show=False,
            tooltip="Previous event",
        ),
        Binding(
            "home",
            "first",
            "First event",
            id="present.first",
            group=section("Moving"),
            show=False,
            tooltip="Go to the first event",
        ),
        Binding(
            "end",
            "last",
            "Last event",
            id="present.last",
            group=section("Moving"),
            show=False,
            tooltip="Go to the last event",
        ),
        Binding(
            "down",
            "move(1)",
            "Next claim",
            id="present.claim_down",
            group=section("Moving"),
            show=False,
            tooltip="Select the next claim on the slide",
        ),
        Binding(
            "up",
            "move(-1)",
            "Previous claim",
            id="present.claim_up",
            group=section("Moving"),
            show=False,
            tooltip="Select the previous claim on the slide",
        ),
        *(
            Binding(
                str(n),
                f"pick({n})",
                f"Claim {n}",
                id=f"present.claim_{n}",
                show=False,
                group=PICK,
                tooltip=f"Select claim {n} of the slide",
            )
            for n in range(1, 10)
        ),
        Binding(
            "v",
            "mark('verified')",
            "Verified",
            id="present.verified",
            group=section("Deciding"),
            tooltip="The class says the selected claim holds: record ✓ verified",
        ),
        Binding(
            "d",
            "mark('disputed')",
            "Disputed",
            id="present.disputed",
            group=section("Deciding"),
            tooltip="The class says the selected claim does not hold: record ✗ disputed",
        ),
        Binding(
            "u",
            "mark(None)",
            "Not judged",
            id="present.unreviewed",
            show=False,
            group=section("Deciding"),
            tooltip="Take the class's verdict back: the claim is not judged again",
        ),
        Binding(
            "n",
            "note",
            "Note",
            id="present.note",
            group=section("Deciding"),
            show=False,
            tooltip="Write the class's note on the selected claim (ctrl+s saves)",
        ),
        Binding(
            "z",
            "undo",
            "Undo",
            id="present.undo",
            group=section("Deciding"),
            show=False,
            tooltip="Undo the class's last verdict or note",
        ),
        Binding(
            "Z",
            "redo",
            "Redo",
            id="present.redo",
            group=section("Deciding"),
            show=False,
            tooltip="Redo what was undone",
        ),
        Binding(
            "r",
            "reveal",
            "Reference",
            id="present.reveal",
            group=section("Showing"),
            tooltip="Reveal (or hide) the curators' reference for the selected claim",
        ),
        Binding(
            "i",
            "detail",
            "Claim detail",
            id="present.detail",
            group=section("Showing"),
            show=False,
            tooltip="Everything about the selected claim: evidence, hints, history",
        ),
        Binding(
            "s",
            "summary",
            "Summary",
            id="present.summary",
            group=section("Showing"),
            tooltip="What the class judged and how it compares with the curators",
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Scroll down",
            id="present.page_down",
            show=False,
            group=section("Moving"),
            tooltip="Scroll a long slide down",
        ),
        Binding(
            "pageup",
            "page(-1)",
            "Scroll up",
            id="present.page_up",
            group=section("Moving"),
            show=False,
            tooltip="Scroll a long slide up",
        ),
        Binding(
            "q",
            "leave",
            "Leave",
            id="present.leave",
            group=section("Showing"),
            tooltip="Leave the presentation (every verdict is already saved; it reopens on "
            "this slide)",
        ),
        Binding(
            "escape",
            "ask_leave",
            "Leave?",
            id="present.ask_leave",
            show=False,
            group=section("Showing"),
            tooltip="Ask before leaving the presentation (Esc again stays)",
        ),
    ]

    DEFAULT_CSS = """
    PresentationScreen { background: $background; }
    PresentationScreen #present-top {
        dock: top;
        height: 1;
        background: $primary;
        color: $text;
        padding: 0 1;
    }
    PresentationScreen #present-dataset { width: 1fr; text-style: bold; }
    PresentationScreen #present-progress { width: auto; text-style: bold; }
    PresentationScreen #present-head { height: auto; padding: 1 2 0 2; }
    PresentationScreen.-short #present-head { padding: 0 2; }
    PresentationScreen #present-year {
        width: auto;
        color: $primary;
        text-style: bold;
        margin: 0 3 0 0;
    }
    PresentationScreen #present-head-text { width: 1fr; height: auto; }
    PresentationScreen #present-when { text-style: bold; color: $primary; }
    PresentationScreen #present-title { text-style: bold; }
    PresentationScreen #present-body { height: 1fr; padding: 1 2 0 2; }
    PresentationScreen.-short #present-body { padding: 0 2; }
    PresentationScreen #present-columns { height: auto; layout: vertical; }
    PresentationScreen #present-event, PresentationScreen #present-claims { height: auto; }
    PresentationScreen #present-summary { margin: 0 0 1 0; }
    PresentationScreen #present-sources {
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    PresentationScreen .present-heading { text-style: bold; margin: 0 0 1 0; }
    PresentationScreen.-short .present-heading { margin: 0; }
    PresentationScreen.-wide #present-head { padding: 1 4 0 4; }
    PresentationScreen.-wide #present-body { padding: 1 4 0 4; }
    PresentationScreen.-wide #present-columns { layout: horizontal; }
    PresentationScreen.-wide #present-event { width: 2fr; padding: 0 4 0 0; }
    PresentationScreen.-wide #present-claims { width: 3fr; }
    PresentationScreen.-tall #present-head { padding: 2 4 1 4; }
    PresentationScreen.-tall #present-body { padding: 1 4 0 4; align-vertical: middle; }
    PresentationScreen.-tall #present-summary { text-style: bold; }
    PresentationScreen.-tall #present-summary { margin: 0 0 2 0; }
    PresentationScreen.-tall ClaimCard { padding: 1 2; margin: 0 0 2 0; }
    """

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
        self.query_one("#present-sources", Static).update(self._sources_text(event))
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

    def _sources_text(self, event: Event) -> Text:
        """`Sources: The Daily Example (Example Press); …` on one line: the room sees where
        the event comes from without a list taking the slide's height."""
        text = Text(no_wrap=True, overflow="ellipsis")
        if not event.sources:
            return text
        text.append("Sources: ", style="bold")
        for at, source_id in enumerate(event.sources):
            if at:
                text.append("; ")
            text.append_text(source_label(self.dataset, source_id))
        return text

    def _update_progress(self) -> None:
        progress = self.session.tally
        text = Text("quiz  │  " if self.quiz else "")
        text.append(f"event {self.index + 1} of {len(self.events)}")
        text.append("  │  ")
        text.append_text(literal(self.session.reviewer))
        text.append(f": {progress.reviewed}/{progress.total} judged")
        self.query_one("#present-progress", Static).update(text)

    def _card_content(self, index: int) -> tuple[RenderableType, RenderableType | None]:
        """The card's content, and the reference box (None while it is hidden)."""
        entry = self.entries[index]
        claim = entry.claim
        selected = index == self.selected
        lines: list[Text] = [literal(claim.text)]
        if entry.also:
            home = self.session.home_event(claim)
            also = Text(style="italic")
            also.append(f"{ALSO_ABOUT} first shown at {event_when(home)}: ")
            also.append_text(literal(home.title))
            lines.append(also)
        source = self.dataset.source_by_id.get(claim.appeared_in) if claim.appeared_in else None
        said = [
            part
            for part in (
                claim.claimant,
                source.title if source else None,
                claim.appeared_on.display() if claim.appeared_on else None,
            )
            if part
        ]
        if said:
            lines.append(Text("— ") + literal(", ".join(said)))
        verdict = Text()
        verdict.append("Class: ", style="bold")
        review = self.session.review_of(claim.id)
        status = status_of(claim, review)
        if review is None or review.verdict is None:
            verdict.append("· not judged yet")
            if selected:
                verdict.append(
                    f" — {keys_of(self, 'present.verified')} verified, "
                    f"{keys_of(self, 'present.disputed')} disputed"
                )
        else:
            verdict.append(f" {Status(review.verdict).badge} ", style="bold reverse")
            if status is Status.STALE:
                verdict.append("  ! stale: judged on an older wording", style="bold")
        lines.append(verdict)
        if review is not None and review.note:
            lines.append(note_line(review.note))
        revealed = claim.id in self.session.revealed
        if not revealed and not self.quiz and claim.reference is not None and selected:
            reveal = keys_of(self, "present.reveal")
            lines.append(Text(f"{reveal} reveals the curators' reference", style="italic"))
        grid = Table.grid(expand=True)
        grid.add_column(width=8, no_wrap=True)
        grid.add_column(ratio=1)
        number = Text("▶ " if selected else "  ", style="bold")
        number.append(self._numbers[claim.id], style="bold")
        grid.add_row(number, Group(*lines))
        if not revealed:
            return grid, None
        return grid, self._reference_content(claim, review)

    def _reference_content(self, claim: Claim, review: Review | None) -> RenderableType:
        reference = claim.reference
        if reference is None:
            return Text.assemble(
                ("No curators' reference", "bold"),
                ": the curators did not assess this claim; the class's verdict stands alone.",
            )
        head = Text()
        head.append("Curators' reference", style="bold underline")
        head.append(" — the curators' answer, not the class's verdict", style="italic")
        verdict = Text()
        verdict.append(f" {Status(reference.verdict).badge} ", style="bold reverse")
        if review is not None and review.verdict is not None:
            if review.verdict == reference.verdict:
                verdict.append("   = the class agrees", style="bold")
            else:
                verdict.append(f"   ≠ the class said {Status(review.verdict).badge}", style="bold")
        else:
            verdict.append("   (the class has not judged it yet)")
        parts: list[RenderableType] = [head, verdict, literal(reference.explanation)]
        if reference.sources:
            sources = Text()
            sources.append("Sources", style="bold")
            for source_id in reference.sources:
                sources.append("\n• ")
                sources.append_text(source_label(self.dataset, source_id))
                source = self.dataset.source_by_id.get(source_id)
                if source and source.url:
                    sources.append("\n  ")
                    sources.append_text(literal(source.url, style="underline"))
            parts.append(sources)
        return Group(*parts)

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
        try:
            self.session.mark(claim, verdict)
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=15, markup=False)
            return
        self._refresh_cards()

    def action_note(self) -> None:
        claim = self._require_claim("write a note on")
        if claim is None:
            return

        edit_note(self.app, self.session, claim, self._refresh_cards)

    def action_undo(self) -> None:
        self._undo_or_redo("undo")

    def action_redo(self) -> None:
        self._undo_or_redo("redo")

    def _undo_or_redo(self, which: str) -> None:
        try:
            change = self.session.undo() if which == "undo" else self.session.redo()
        except StoreError as error:
            self.notify(
                str(error), title=f"Could not {which}", severity="error", timeout=15, markup=False
            )
            return
        if change is None:
            self.notify(f"Nothing to {which}.", timeout=2)
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
            shown = claim.id in self.session.revealed
            # In quiz mode the detail does not even say that a reference exists.
            subject = (
                claim if shown or not self.quiz else claim.model_copy(update={"reference": None})
            )
            try:
                history = self.session.history(claim.id)
            except StoreError as error:
                self.notify(str(error), severity="error", markup=False)
                history = []
            detail = ClaimDetail(
                claim=subject,
                review=self.session.review_of(claim.id),
                status=self.session.status_of(claim),
                history=history,
                show_reference=shown,
                judged_wording=self.session.judged_wording(claim),
            )
            home = self.session.home_event(claim)
            keys = KeyHints(
                *(
                    keys_of(self, name)
                    for name in (
                        "present.verified",
                        "present.disputed",
                        "present.note",
                        "present.reveal",
                    )
                )
            )
            return claim_renderable(self.dataset, detail, home.title, keys)

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
