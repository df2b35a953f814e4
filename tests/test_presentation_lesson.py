"""A lesson as a teacher runs it, through Pilot: Esc never closes more than one thing, a
presentation left resumes on its slide, Z redoes, and slides fit the projector."""

from __future__ import annotations

from facts.session import ReviewSession
from facts.store import ReviewStore
from tests.presentation_helpers import SIZE, make_app, slides
from tests.screen import screen_text
from tui.screens.choice import ChoiceScreen
from tui.screens.claim_detail import ClaimDetailScreen
from tui.widgets.claim_card import ClaimCard


async def test_esc_closes_the_detail_then_asks_before_leaving(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ClaimDetailScreen)
        await pilot.press("escape")  # the detail, and only the detail
        await pilot.pause()
        slides(app)
        await pilot.press("escape")  # then the presentation asks
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "Leave the presentation?" in screen_text(app)
        await pilot.press("escape")  # Esc on the question: stay
        await pilot.pause()
        slides(app)
        await pilot.press("escape", "l")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_q_leaves_at_once(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_reopening_returns_to_the_slide_where_it_was_left(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "right")
        await pilot.pause()
        assert slides(app).event.id == "vote"
        await pilot.press("q")
        await pilot.pause()
    again = make_app(mini_dataset, store_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert slides(again).event.id == "vote"
        assert "event 3 of 3" in screen_text(again)
        told = [str(note.message) for note in again._notifications]
        assert any("where this presentation was left" in message for message in told)
        await pilot.press("home")
        await pilot.pause()
        assert slides(again).event.id == "founding"


async def test_z_undoes_and_capital_z_redoes_the_class_verdict(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert app.session.reviews["c1"].verdict == "verified"
        await pilot.press("z")
        await pilot.pause()
        assert app.session.reviews.get("c1") is None or app.session.reviews["c1"].verdict is None
        await pilot.press("Z")
        await pilot.pause()
        assert app.session.reviews["c1"].verdict == "verified"
        assert "✓ verified" in screen_text(app)


async def test_a_slide_names_its_sources_in_one_line_at_any_width(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "Sources:" in line]
        assert len(lines) == 1
        assert "Sources: The Daily Example (Example Press)" in lines[0]
        await pilot.resize_terminal(36, 30)  # too narrow for the line: cut, not wrapped
        await pilot.pause()
        text = screen_text(app)
        assert "Sources: The Daily" in text and "Example Press)" not in text


async def test_a_tall_projector_centres_the_slide(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=(120, 70)) as pilot:
        await pilot.pause()
        await pilot.pause()
        body = app.screen.query_one("#present-body")
        card = app.screen.query_one(ClaimCard)
        above = card.region.y - body.region.y
        below = body.region.bottom - card.region.bottom
        # The slide's content sits in the middle of the screen, not at its top.
        assert above > 10 and abs(above - below) < 15


async def test_the_summary_numbers_claims_as_the_slides_and_wastes_no_words(
    mini_dataset, store_path
):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")  # c1, the first claim of event 1, with no note
        await pilot.pause()
        assert "▶ 1.1" in screen_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert "2.1" in screen_text(app)  # c2 on the second event's slide
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        # c1 has no reference: nothing to compare is said in words, not "0 of 0".
        assert "0 of 0" not in text
        assert text.count("No judged claim has a curators' reference to compare with.") == 1
        assert "Note: none" not in text
        assert "1.1" in text and "The town was founded in 2009." in text


async def test_p_records_the_class_beside_the_reviewers_store(mini_dataset, tmp_path):
    """The same class store `claimline present --reviews FILE` opens (test_cli_startup)."""
    from tui.app import ClaimlineApp

    mine = tmp_path / "lesson.sqlite3"
    app = ClaimlineApp(ReviewSession(mini_dataset, ReviewStore(mine), "ana"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        store = slides(app).session.store
        assert isinstance(store, ReviewStore)
        assert store.path == tmp_path / "lesson-class.sqlite3"
        await pilot.press("v", "q")
        await pilot.pause()
    with ReviewStore(tmp_path / "lesson-class.sqlite3") as store:
        assert store.reviews("mini")["c1"].reviewer == "class"
    with ReviewStore(mine) as store:
        assert store.reviews("mini") == {}
