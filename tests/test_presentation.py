"""Classroom mode through Pilot: stepping, the class's verdicts, revealing, the summary.

The most important test here walks every slide of the bundled dataset and proves that no
curators' reference reaches the screen (or even a widget) before `r` is pressed.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.app import App
from textual.widgets import Digits, Static

from facts import Dataset
from facts.classroom import claim_numbers
from facts.session import ReviewSession
from facts.store import ReviewStore, StoreError
from tests.presentation_helpers import SIZE, make_app, slides
from tests.screen import screen_text
from tui.bindings import own_bindings
from tui.presentation_app import PresentationApp
from tui.screens.claim_detail import ClaimDetailScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.presentation import PresentationScreen
from tui.screens.summary import SummaryScreen
from tui.themes import PROJECTOR, PROJECTOR_DARK
from tui.widgets.claim_card import ClaimCard


def flat(text: str) -> str:
    return " ".join(text.split())


def widget_text(app: App) -> str:
    """Everything every Static of the active screen holds, shown or not, on one line.

    Rendered wide so that no text is wrapped: a reference explanation would be found whole.
    """
    console = Console(width=1000, file=io.StringIO(), color_system=None, legacy_windows=False)
    with console.capture() as capture:
        for widget in app.screen.query(Static):
            console.print(widget.content)
    return flat(capture.get())


def stored(store_path: Path, dataset_id: str = "ecuador-2025"):
    with ReviewStore(store_path) as store:
        return store.reviews(dataset_id)


def slide_index(app: App, event_id: str) -> int:
    return [event.id for event in slides(app).events].index(event_id)


async def go_to(pilot, app: App, event_id: str) -> None:
    await pilot.press("home")
    for _ in range(slide_index(app, event_id)):
        await pilot.press("right")
    await pilot.pause()
    assert slides(app).event.id == event_id


# -- stepping -----------------------------------------------------------------------------


async def test_steps_through_every_event_with_right_and_space(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = slides(app)
        events = screen.events
        total = len(ecuador.events)
        assert len(events) == total
        for number, event in enumerate(events, start=1):
            text = screen_text(app)
            assert f"event {number} of {total}" in text
            assert event.title in text
            assert screen.query_one("#present-year", Digits).value.startswith(str(event.date.year))
            if number < total:
                await pilot.press("right" if number % 2 else "space")
                await pilot.pause()
        await pilot.press("left")
        await pilot.pause()
        assert f"event {total - 1} of {total}" in screen_text(app)
        await pilot.press("home")
        await pilot.pause()
        assert f"event 1 of {total}" in screen_text(app)
        await pilot.press("left")  # nothing before the first event
        await pilot.pause()
        assert f"event 1 of {total}" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert f"event {total} of {total}" in screen_text(app)
        assert events[-1].title in screen_text(app)
        # Past the last event: the lesson ends on the summary.
        await pilot.press("right")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert f"event {total} of {total}" in screen_text(app)


async def test_claims_are_numbered_and_see_also_claims_are_marked(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, app, "deadliest-month-january-2025")
        screen = slides(app)
        text = screen_text(app)
        assert "Claims about this event (2)" in text
        # Numbered as the summary numbers them: event 18's first claim is 18.1; the other
        # keeps the number of the event it was first shown at (2023).
        numbers = claim_numbers(app.session.timeline)
        also = screen.entries[1].claim
        assert numbers[screen.entries[0].claim.id] == "18.1"
        assert (
            "▶ 18.1" in text and numbers[also.id] in text and not numbers[also.id].startswith("18.")
        )
        # Claim 1 is first shown here; claim 2 was first shown at 2023, and says so.
        assert text.count("(also about this event)") == 1
        assert "first shown at 2023" in text
        # Number keys and ↑/↓ select; the marker follows the selection.
        await pilot.press("2")
        assert screen.selected == 1
        await pilot.press("up")
        assert screen.selected == 0
        await pilot.press("down", "down")  # stops at the last claim
        assert screen.selected == 1
        await pilot.press("9")
        assert screen.selected == 1
        await pilot.pause()
        assert any("has 2 claims" in str(n.message) for n in app._notifications)


async def test_clicking_a_claim_selects_it(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, app, "foreign-ministry-announcement")
        screen = slides(app)
        cards = list(screen.query(ClaimCard))
        assert len(cards) == 2
        await pilot.click(cards[1])
        await pilot.pause()
        assert screen.selected == 1 and cards[1].has_class("-selected")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_the_slide_fits_the_terminal(ecuador, store_path, size):
    width, height = size
    app = make_app(ecuador, store_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = slides(app)
        year = screen.query_one("#present-year", Digits)
        assert year.region.height == 3
        assert year.region.y < 6
        card = screen.query_one(ClaimCard)
        # The first claim is on screen without scrolling, above the footer.
        assert card.region.y + 2 < height - 1
        text = screen_text(app)
        assert f"event 1 of {len(ecuador.events)}" in text
        assert 'In 2009 Ecuador "expelled"' in text
        assert all(len(line) <= width for line in text.splitlines())
        columns = screen.query_one("#present-event"), screen.query_one("#present-claims")
        if width >= 140:
            # Wide: the event and its claims side by side, sources shown.
            assert columns[1].region.x > columns[0].region.right - 1
            assert screen.query_one("#present-sources").display
        else:
            assert columns[1].region.y >= columns[0].region.bottom


# -- deciding -----------------------------------------------------------------------------


async def test_v_d_u_record_the_class_verdict(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert stored(store_path)["manta-base-expelled"].verdict == "verified"
        assert stored(store_path)["manta-base-expelled"].reviewer == "class"
        assert "Class:  ✓ verified" in screen_text(app)
        assert "class: 1/13 judged" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert stored(store_path)["manta-base-expelled"].verdict == "disputed"
        assert "Class:  ✗ disputed" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert stored(store_path)["manta-base-expelled"].verdict is None
        assert "Class: · not judged yet" in screen_text(app)
        await pilot.press("d", "z")  # undo takes the last verdict back
        await pilot.pause()
        assert stored(store_path)["manta-base-expelled"].verdict is None


async def test_reviewer_name_can_be_given(ecuador, store_path):
    app = make_app(ecuador, store_path, reviewer="period-3")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert stored(store_path)["manta-base-expelled"].reviewer == "period-3"


def test_present_command_runs_the_presentation(monkeypatch, tmp_path):
    ran = []
    monkeypatch.setattr(
        PresentationApp, "run", lambda self: ran.append((self.opening.reviewer, self.quiz))
    )
    from tui.cli import main

    assert (
        main(
            [
                "present",
                "--reviews",
                str(tmp_path / "c.sqlite3"),
                "--quiz",
                "--keymap",
                str(tmp_path / "none.yaml"),
            ]
        )
        == 0
    )
    assert ran == [("class", True)]


def test_present_command_refuses_an_unknown_theme(tmp_path, capsys):
    from tui.cli import main

    assert (
        main(
            [
                "present",
                "--reviews",
                str(tmp_path / "c.sqlite3"),
                "--theme",
                "nope",
                "--keymap",
                str(tmp_path / "none.yaml"),
            ]
        )
        == 2
    )
    assert "claimline-projector" in capsys.readouterr().err


async def test_a_verdict_that_was_not_saved_is_not_shown(ecuador, store_path, monkeypatch):
    app = make_app(ecuador, store_path)

    def refuse(*args, **kwargs):
        raise StoreError(
            f"The disk holding the review store {store_path} is full; the "
            "verdict was NOT saved. Free space and try again.",
            store_path,
            "full",
        )

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(app.session.store, "mark", refuse)
        await pilot.press("v")
        await pilot.pause()
        assert "Class: · not judged yet" in screen_text(app)
        assert "manta-base-expelled" not in slides(app).session.reviews
        assert any(
            "NOT saved" in str(n.message) and n.severity == "error" for n in app._notifications
        )
    assert "manta-base-expelled" not in stored(store_path)


async def test_note_is_saved_for_the_class(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"not renewed", "ctrl+s")
        await pilot.pause()
        assert "Note: not renewed" in screen_text(app)
    review = stored(store_path)["manta-base-expelled"]
    assert (review.verdict, review.note, review.reviewer) == ("disputed", "not renewed", "class")


# -- revealing ----------------------------------------------------------------------------


def references(dataset: Dataset) -> list[tuple[str, str]]:
    return [
        (claim.id, flat(claim.reference.explanation))
        for claim in dataset.claims
        if claim.reference is not None
    ]


def reference_only_phrases(dataset: Dataset, words: int = 6) -> dict[str, set[str]]:
    """Per claim with a reference: every run of `words` words of its explanation that no
    other text of the dataset contains (an event summary may share a sentence with it)."""
    public: list[str] = []
    for event in dataset.events:
        public += [event.title, event.summary or ""]
    for claim in dataset.claims:
        public += [claim.text, claim.claimant or "", *claim.what_to_check]
        public += [item.note or "" for item in claim.evidence]
    public += [source.title for source in dataset.sources]
    corpus = flat(" ".join(public))
    phrases = {}
    for claim_id, explanation in references(dataset):
        tokens = explanation.split()
        runs = {" ".join(tokens[i : i + words]) for i in range(len(tokens) - words + 1)}
        phrases[claim_id] = {run for run in runs if run not in corpus}
        assert len(phrases[claim_id]) >= 10, claim_id  # enough left to catch a leak
    return phrases


async def test_no_reference_reaches_the_screen_before_r(ecuador, store_path):
    """Walk every slide and select every claim: no part of a reference's explanation that
    is its own, no reference verdict and no reference heading appears, neither on screen
    nor in any widget, until r."""
    phrases = reference_only_phrases(ecuador)
    assert len(phrases) == 5
    every_phrase = set().union(*phrases.values())
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = slides(app)
        seen_claims = set()
        for _ in screen.events:
            for index in range(len(screen.entries)):
                await pilot.press(str(index + 1))
                await pilot.pause()
                seen_claims.add(screen.selected_claim.id)
                shown = flat(screen_text(app))
                held = widget_text(app)
                leaked = [phrase for phrase in every_phrase if phrase in shown or phrase in held]
                assert leaked == [], (screen.event.id, leaked)
                for label in ("✓ verified", "✗ disputed", "Curators' reference"):
                    assert label not in shown and label not in held
            await pilot.press("right")
        assert len(seen_claims) == 13  # every claim was selected at least once
        # And after r, it is there: the check does find a revealed reference.
        await pilot.press("escape")  # from the summary back to the last slide
        await go_to(pilot, app, "first-round-2025")
        await pilot.press("r")
        await pilot.pause()
        held, shown = widget_text(app), flat(screen_text(app))
        assert all(phrase in held for phrase in phrases["first-round-tie"])
        assert any(phrase in shown for phrase in phrases["first-round-tie"])


async def test_r_reveals_and_hides_the_reference_apart_from_the_class_verdict(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, app, "lasso-dissolves-assembly")
        assert "r reveals the curators' reference" in screen_text(app)
        await pilot.press("v", "r")
        await pilot.pause()
        text = screen_text(app)
        assert "Curators' reference — the curators' answer, not the class's verdict" in text
        assert "✗ disputed" in text  # the curators' verdict …
        assert "Class:  ✓ verified" in text  # … shown apart from the class's
        assert "≠ the class said ✓ verified" in text
        assert "Noboa did win a snap election in 2023" in text
        # Revealing never touched the class's verdict.
        assert stored(store_path)["snap-election-after-impeachment"].verdict == "verified"
        await pilot.press("r")
        await pilot.pause()
        assert "Noboa did win a snap election in 2023" not in widget_text(app)


async def test_r_on_a_claim_without_reference_says_so(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "r reveals" not in screen_text(app)  # no reference, no hint
        await pilot.press("r")
        await pilot.pause()
        assert "No curators' reference: the curators did not assess this claim" in (
            flat(screen_text(app))
        )


async def test_reveal_at_80x24_scrolls_the_reference_into_view(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await go_to(pilot, app, "mexican-embassy-raid")
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        assert "Curators' reference" in text
        number = slide_index(app, "mexican-embassy-raid") + 1
        assert f"event {number} of {len(ecuador.events)}" in text  # the header stays put
        assert "Police raid Mexico's embassy" in text


async def test_quiz_mode_hides_the_reference_in_the_detail_too(ecuador, store_path):
    explanation = dict(references(ecuador))["embassy-military-raid"]
    app = make_app(ecuador, store_path, quiz=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, app, "mexican-embassy-raid")
        # No hint on the slide that this claim has a reference.
        assert "r reveals" not in screen_text(app)
        assert "quiz" in screen_text(app)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ClaimDetailScreen)
        held = widget_text(app)
        assert "Curators' reference" not in held and "reference" not in held.lower()
        assert explanation[:40] not in held
        assert "Evidence" in held  # the detail is there, only the reference is not
        await pilot.press("r")  # revealing from the detail
        await pilot.pause()
        assert explanation[:40] in widget_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "Curators' reference" in screen_text(app)  # the slide follows


async def test_outside_quiz_the_detail_shows_the_reference_hidden(ecuador, store_path):
    explanation = dict(references(ecuador))["embassy-military-raid"]
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, app, "mexican-embassy-raid")
        await pilot.press("i")
        await pilot.pause()
        held = widget_text(app)
        assert "hidden — press r to reveal" in held
        assert explanation[:40] not in held


# -- summary ------------------------------------------------------------------------------


async def judge(pilot, app, event_id: str, verdict_key: str, claim: int = 1) -> None:
    await go_to(pilot, app, event_id)
    await pilot.press(str(claim), verdict_key)
    await pilot.pause()


async def test_summary_counts_agreement_and_exports_markdown(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await judge(pilot, app, "manta-base-us-use", "d")  # no reference
        await pilot.press("n", *"lease", "ctrl+s")
        await judge(pilot, app, "lasso-dissolves-assembly", "d")  # agrees
        await judge(pilot, app, "first-round-2025", "v")  # agrees
        await judge(pilot, app, "atlasintel-poll-released", "d")  # differs
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        summary = screen.summary
        assert (len(summary.judged), len(summary.compared), len(summary.agreeing)) == (4, 3, 2)
        assert screen.query_one("#summary-judged", Digits).value == "4"
        assert screen.query_one("#summary-agree", Digits).value == "2"
        held = widget_text(app)
        assert "2 of 3 judged claims with a reference agree with the curators." in held
        assert "Where the class and the curators differ" in held
        assert "Claims the class disputed" in held
        assert "Note: lease" in held
        await pilot.press("e")
        await pilot.pause()
        saved = store_path.parent / "ecuador-2025-class-summary-2025-03-12.md"
        assert screen.saved_to == saved
        assert f"Saved as Markdown: {saved}" in widget_text(app)
        markdown = saved.read_text(encoding="utf-8")
        assert "- 2 of 3 judged claims with a reference agree with the curators." in markdown
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, PresentationScreen)


async def test_quiz_summary_compares_revealed_references_only(ecuador, store_path):
    app = make_app(ecuador, store_path, quiz=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await judge(pilot, app, "lasso-dissolves-assembly", "d")
        await judge(pilot, app, "first-round-2025", "d")
        await pilot.press("r")
        await pilot.press("s")
        await pilot.pause()
        summary = app.screen.summary
        assert [item.claim.id for item in summary.compared] == ["first-round-tie"]
        assert summary.hidden_references == 1
        held = widget_text(app)
        assert "0 of 1 judged claim with a reference agree with the curators." in held
        # The unrevealed claim's reference verdict is not in the summary.
        assert "not revealed yet (quiz)" in held


# -- leaving, themes, help, palette --------------------------------------------------------


async def test_projector_theme_by_default_and_q_exits(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == PROJECTOR
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_theme_can_be_chosen(ecuador, store_path):
    app = make_app(ecuador, store_path, theme=PROJECTOR_DARK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == PROJECTOR_DARK
        assert PROJECTOR in app.available_themes


async def test_pushed_from_the_timeline_app_it_goes_back_and_restores_the_theme(
    ecuador, store_path
):
    from tui.app import ClaimlineApp

    session = ReviewSession(ecuador, ReviewStore(store_path), "maria")
    app = ClaimlineApp(session, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        classroom = ReviewSession(ecuador, session.store, "class", revealed=session.revealed)
        app.push_screen(PresentationScreen(classroom))
        await pilot.pause()
        assert app.theme == PROJECTOR
        await go_to(pilot, app, "first-round-2025")
        await pilot.press("v", "r")
        await pilot.press("escape")  # Esc asks first
        await pilot.pause()
        assert "Leave the presentation?" in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]  # back on the timeline
        assert app.theme == "textual-dark"
        # The reveal is shared with the app's detail panel.
        assert "first-round-tie" in session.revealed
    assert stored(store_path)["first-round-tie"].reviewer == "class"


async def test_help_lists_the_presentation_keys(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        held = widget_text(app)
        for binding_id in (
            "present.next",
            "present.verified",
            "present.reveal",
            "present.summary",
            "present.leave",
        ):
            assert binding_id in held
        assert "Reveal (or hide) the curators' reference" in held


async def test_every_binding_has_an_id_and_a_tooltip():
    for binding in own_bindings(PresentationScreen, SummaryScreen, ClaimDetailScreen):
        assert binding.id and binding.description and binding.tooltip, binding


async def test_palette_runs_presentation_actions(ecuador, store_path):
    app = make_app(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, app, "first-round-2025")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"reference", "enter")
        await pilot.pause()
        await pilot.pause()
        assert "first-round-tie" in slides(app).session.revealed


async def test_keymap_rebinds_presentation_keys(ecuador, store_path):
    app = make_app(ecuador, store_path, keymap={"present.verified": "y", "review.verified": "k"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert stored(store_path)["manta-base-expelled"].verdict == "verified"
