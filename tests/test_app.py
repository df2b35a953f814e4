"""The timeline app through Pilot: every key a reviewer relies on, and nothing lost."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual import events
from textual.widgets import Input

from facts import load, load_bytes
from facts.session import ReviewSession
from facts.store import ReviewStore, StoreError
from tests.app_helpers import SIZE, make_app, selected_key
from tests.screen import screen_text
from tui.app import ClaimlineApp
from tui.screens.note_editor import NoteEditor
from tui.widgets.detail_panel import DetailPanel
from tui.widgets.timeline_view import TimelineView


async def test_starts_on_first_unreviewed_claim_and_marks_with_one_key(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert selected_key(app) == "claim:c1@founding"
        assert "0/2 reviewed · 0 verified · 0 disputed" in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        # One key, one decision, advance to the next unreviewed claim.
        assert selected_key(app) == "claim:c2@census"
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "2/2 reviewed · 1 verified · 1 disputed" in text
        assert "✓ verified" in text and "✗ disputed" in text
    with ReviewStore(store_path) as store:
        reviews = store.reviews("mini")
    assert reviews["c1"].verdict == "verified" and reviews["c1"].reviewer == "alice"
    assert reviews["c2"].verdict == "disputed"


async def test_verdict_keys_on_an_event_row_ask_for_a_claim(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("k")  # from claim c1 up to its event
        assert selected_key(app) == "event:founding"
        await pilot.press("v")
        await pilot.pause()
        assert app.session.reviews == {}
        assert any("Select a claim" in str(n.message) for n in app._notifications)


async def test_u_returns_a_claim_to_unreviewed(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "k", "k")  # back up past the census event to c1
        await pilot.pause()
        assert selected_key(app) == "claim:c1@founding"
        await pilot.press("u")
        await pilot.pause()
        assert app.session.reviews["c1"].verdict is None
        assert "0/2 reviewed" in screen_text(app)


async def test_undo_and_redo_survive_a_restart(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "d")
        await pilot.pause()
        assert app.session.reviews["c2"].verdict == "disputed"
    app.session.store.close()

    again = make_app(mini_dataset, store_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "2/2 reviewed" in screen_text(again)
        await pilot.press("z")
        await pilot.pause()
        assert again.session.reviews["c2"].verdict is None
        assert selected_key(again) == "claim:c2@census"  # undo shows what it changed
        await pilot.press("z")
        await pilot.pause()
        assert again.session.reviews["c1"].verdict is None
        await pilot.press("Z")
        await pilot.pause()
        assert again.session.reviews["c1"].verdict == "verified"
        assert "1/2 reviewed" in screen_text(again)


async def test_resumes_at_the_first_unreviewed_claim(mini_dataset, store_path):
    with ReviewStore(store_path) as store:
        store.mark("mini", mini_dataset.claim_by_id["c1"], "verified", reviewer="alice")
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert selected_key(app) == "claim:c2@census"


async def test_note_is_saved_with_ctrl_s_and_cancelled_with_escape(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: Esc just closes
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"draft", "escape")
        await pilot.pause()
        assert "Discard this note?" in screen_text(app)
        await pilot.press("x")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert "c1" not in app.session.reviews
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Charter checked", "ctrl+s")
        await pilot.pause()
        assert app.session.reviews["c1"].note == "Charter checked"
        assert "Charter checked" in screen_text(app)
    with ReviewStore(store_path) as store:
        assert store.reviews("mini")["c1"].note == "Charter checked"


async def test_search_filters_live_and_escape_clears(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"census")
        await pilot.pause()
        view = app.query_one(TimelineView)
        keys = [row.key for row in view.rows]
        assert "event:founding" not in keys and "claim:c2@census" in keys
        assert "search: census" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(view.rows) == 8
        assert app.focused is view


async def test_keys_typed_at_once_after_the_slash_are_the_searchs(mini_dataset, store_path):
    """A terminal hands over a fast typist's (or a paste's) `/quiet census` in one read:
    every letter after the slash goes to the search, none to the timeline's keys (q
    quits, n writes a note…), and a slash typed in the field is part of the search; a
    key typed at once after Escape is the timeline's again."""
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        typed = "quiet census/2"
        keys = [("slash", "/")] + [(_key_name(letter), letter) for letter in typed]
        for key, character in keys:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.query_one("#search", Input).value == typed
        assert f"search: {typed}" in screen_text(app)
        for key, character in [("escape", None), ("v", "v")]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert "search:" not in screen_text(app)
        assert app.session.reviews["c1"].verdict == "verified"


def _key_name(character: str) -> str:
    return {" ": "space", "/": "slash"}.get(character, character)


async def test_search_keeps_the_detail_panel_on_the_selected_row(mini_dataset, store_path):
    """A keystroke that leaves the selection where it was does not redraw the panel; one
    that moves it shows the new claim, and deleting back keeps showing that one."""
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert selected_key(app) == "claim:c1@founding"
        await pilot.press("slash", "t")
        await pilot.pause()
        assert selected_key(app) == "claim:c1@founding"
        assert "The town was founded in 2009." in screen_text(app)
        await pilot.press(*"he census")
        await pilot.pause()
        assert selected_key(app) == "claim:c2@census"
        shown = screen_text(app)
        assert "The census counted 1,000 people." in shown and "founded in 2009" not in shown
        await pilot.press(*["backspace"] * 9)
        await pilot.pause()
        assert selected_key(app) == "claim:c2@census"
        assert "The census counted 1,000 people." in screen_text(app)


async def test_a_search_longer_than_its_field_shows_its_end(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        typed = "census " * 20 + "END"
        await pilot.press("slash", *typed)
        await pilot.pause()
        field = [line for line in screen_text(app).splitlines() if "census census" in line]
        assert field and field[-1].rstrip(" ▎▊▌▍▋▏▐▕█").endswith("census END")


async def test_search_with_no_match_says_so(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zebra")
        await pilot.pause()
        assert "No claim or event matches 'zebra'" in screen_text(app)


async def test_f_cycles_the_verdict_filter(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        seen = []
        for _ in range(6):
            await pilot.press("f")
            await pilot.pause()
            claims = {
                row.claim.id for row in app.query_one(TimelineView).rows if row.kind == "claim"
            }
            seen.append((app.screen.filter, claims))
        assert seen == [
            ("unreviewed", {"c2"}),
            ("verified", {"c1"}),
            ("disputed", set()),
            ("stale", set()),
            ("contested", set()),
            ("all", {"c1", "c2"}),
        ]


async def test_stale_verdict_shows_when_the_claim_was_reworded(mini_path, store_path):
    original = load(mini_path)
    with ReviewStore(store_path) as store:
        store.mark("mini", original.claim_by_id["c1"], "verified", reviewer="alice")
    data = yaml.safe_load(mini_path.read_text())
    data["claims"][0]["text"] = "The town was founded in 2010."
    reworded = load_bytes(yaml.safe_dump(data).encode(), "reworded.yaml")
    app = make_app(reworded, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # A stale verdict needs a look again: the app starts on it.
        assert selected_key(app) == "claim:c1@founding"
        text = screen_text(app)
        assert "! stale" in text and "1 stale" in text


async def test_year_jumps_home_end_and_paging(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        assert selected_key(app) == "event:census"
        await pilot.press("left_square_bracket")
        assert selected_key(app) == "event:founding"
        await pilot.press("end")
        assert selected_key(app) == "see-also:c2@vote"
        await pilot.press("home")
        assert selected_key(app) == "event:founding"
        await pilot.press("pagedown")
        assert selected_key(app) == "see-also:c2@vote"
        await pilot.press("pageup")
        assert selected_key(app) == "event:founding"
        await pilot.press("j", "j")
        assert selected_key(app) == "event:census"


async def test_enter_on_see_also_jumps_to_the_claim(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "enter")
        await pilot.pause()
        assert selected_key(app) == "claim:c2@census"


async def test_tab_moves_focus_to_the_detail_panel(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        assert isinstance(app.focused, DetailPanel)


async def test_click_selects_a_row(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        await pilot.click(TimelineView, offset=(10, view.index_of("event:vote")))
        await pilot.pause()
        assert selected_key(app) == "event:vote"


async def test_help_lists_every_key(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=(120, 70)) as pilot:  # tall enough for the whole help
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for description in (
            "verified",
            "disputed",
            "unreviewed",
            "note",
            "Undo",
            "Redo",
            "filters as you type",
            "stale or contested claims",
            "next year",
            "previous year",
            "write why in its note",
            "the claim you judged last",
            "filters in the other direction",
            "Open the claim's evidence link",
            "Copy the claim's evidence link",
            "next claim, past event rows",
            "without judging this one",
            "every key",
            "Quit",
        ):
            assert description in text, description
        await pilot.press("escape")
        await pilot.pause()
        assert "claimline keys" not in screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert "claimline keys" in screen_text(app)


async def test_q_quits(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_reference_stays_hidden_until_revealed(mini_dataset, store_path):
    explanation = mini_dataset.claim_by_id["c2"].reference.explanation
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        await pilot.pause()
        assert selected_key(app) == "claim:c2@census"
        assert explanation not in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        assert explanation in text
        assert "reference, not your verdict" in text


async def test_dataset_text_is_shown_literally(tmp_path, store_path):
    data = yaml.safe_load((Path(__file__).parent / "data" / "mini.yaml").read_text())
    data["claims"][0]["text"] = "[bold red]Not markup[/] and [link=https://x.org]no link[/link]"
    dataset = load_bytes(yaml.safe_dump(data).encode(), "markup.yaml")
    app = make_app(dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[bold red]Not markup[/]" in screen_text(app)


async def test_a_save_that_fails_is_reported_and_not_shown_as_saved(
    mini_dataset, store_path, monkeypatch
):
    app = make_app(mini_dataset, store_path)

    def broken(*args, **kwargs):
        raise StoreError(
            f"{store_path}: the disk is full; the verdict was NOT saved",
            path=store_path,
            reason="full",
        )

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(app.session.store, "mark", broken)
        await pilot.press("v")
        await pilot.pause()
        assert "c1" not in app.session.reviews
        assert selected_key(app) == "claim:c1@founding"
        assert any("NOT saved" in str(n.message) for n in app._notifications)


async def test_verdicts_from_another_instance_appear(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with ReviewStore(store_path) as other:
            other.mark("mini", mini_dataset.claim_by_id["c2"], "disputed", reviewer="bob")
        app.screen._check_store()
        await pilot.pause()
        assert app.session.reviews["c2"].verdict == "disputed"
        text = screen_text(app)
        # The header counts alice's own verdicts, then the team's; bob's shows on the claim.
        assert "0/2 reviewed · 0 verified · 0 disputed  │  team: 0 agreed · 0 contested" in text
        assert "✗ disputed" in text


async def test_narrow_terminal_stacks_the_detail_panel(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.query_one("#main").has_class("-narrow")
        text = screen_text(app)
        assert "The town was founded in 2009." in text and "Claim c1" in text


async def test_a_pasted_escape_sequence_never_reaches_the_note(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("TextArea").insert("red \x1b[31mtext\x1b]52;c;aGk=\x07 done")
        await pilot.press("ctrl+s")
        await pilot.pause()
        note = app.session.reviews["c1"].note
        assert "\x1b" not in note and "\x07" not in note
        assert note.startswith("red ") and note.endswith(" done")


async def test_e_exports_the_verified_claims_from_the_app(
    mini_dataset, store_path, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        handout = tmp_path / "mini-verified.md"
        assert handout.exists(), list(tmp_path.iterdir())
        text = handout.read_text()
        assert "The town was founded in 2009." in text
        assert "The census counted 1,000 people." not in text
        assert any(str(handout.name) in str(n.message) for n in app._notifications)


async def test_a_keymap_rebinds_a_key_by_its_binding_id(mini_dataset, store_path):
    session = ReviewSession(mini_dataset, ReviewStore(store_path), "alice")
    app = ClaimlineApp(session, keymap={"review.verified": "y", "review.verifed": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The hint names the key the keymap binds, and the misspelt id is reported.
        assert "press y (verified)" in screen_text(app)
        messages = [str(n.message) for n in app._notifications]
        assert any("review.verifed (did you mean review.verified?)" in m for m in messages)
        await pilot.press("question_mark")
        await pilot.pause()
        help_lines = screen_text(app).splitlines()
        row = next(line for line in help_lines if "review.verified" in line)
        assert row.split()[1] == "y", row
        await pilot.press("escape", "v")
        await pilot.pause()
        assert app.session.reviews == {}
        await pilot.press("y")
        await pilot.pause()
        assert app.session.reviews["c1"].verdict == "verified"


async def test_wide_characters_keep_every_line_inside_the_timeline(tmp_path, store_path):
    data = yaml.safe_load((Path(__file__).parent / "data" / "mini.yaml").read_text())
    data["claims"][0]["text"] = "東京の人口は世界一だと言われた 🎉🎉 " * 8
    data["events"][0]["title"] = "Café naïve — Ñandú 北京 " * 6
    dataset = load_bytes(yaml.safe_dump(data, allow_unicode=True).encode(), "wide.yaml")
    app = make_app(dataset, store_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        width = view.scrollable_content_region.width
        for y in range(len(view.rows)):
            strip = view.render_line(y)
            assert strip.cell_length == width
        assert "…" in screen_text(app)


async def test_a_resize_keeps_the_selection_in_view(store_path):
    from facts.bundled import bundled_path

    dataset = load(bundled_path("ecuador-2025"))
    app = make_app(dataset, store_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        view = app.query_one(TimelineView)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        top = round(view.scroll_y)
        assert top <= view.cursor < top + view.scrollable_content_region.height


async def test_p_presents_and_keeps_the_class_verdicts_apart(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")  # the reviewer's own verdict on c1
        await pilot.press("p")
        await pilot.pause()
        assert "event 1 of 3" in screen_text(app)
        assert "class: 0/2 judged" in screen_text(app)  # the reviewer's verdict is not the class's
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.session.reviews["c1"].verdict == "verified"
        assert app.session.reviews["c1"].reviewer == "alice"
    with ReviewStore(store_path.with_name("reviews-class.sqlite3")) as class_store:
        review = class_store.reviews("mini")["c1"]
    assert (review.verdict, review.reviewer) == ("disputed", "class")


async def test_the_timeline_keys_do_nothing_behind_the_presentation(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("f", "slash", "e")
        await pilot.pause()
        assert app.screen_stack[0].filter == "all"
        assert "event 1 of 3" in screen_text(app)  # no dialog or search opened over it
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("f")
        assert app.screen.filter == "unreviewed"


async def test_undoing_a_note_says_it_was_the_note(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "k", "k", "n")
        await pilot.pause()
        await pilot.press(*"sourced", "ctrl+s")
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        review = app.session.reviews["c1"]
        assert review.note is None and review.verdict == "verified"
        assert any("your note on c1 is removed" in str(n.message) for n in app._notifications)


async def test_search_ignores_accents(tmp_path, store_path):
    data = yaml.safe_load((Path(__file__).parent / "data" / "mini.yaml").read_text())
    data["claims"][0]["claimant"] = "Luisa González"
    dataset = load_bytes(yaml.safe_dump(data, allow_unicode=True).encode(), "accents.yaml")
    app = make_app(dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        for query in ("gonzalez", "GONZÁLEZ"):
            await pilot.press("slash", *query)
            await pilot.pause()
            keys = [row.key for row in app.query_one(TimelineView).rows]
            assert "claim:c1@founding" in keys, query
            await pilot.press("escape")


async def test_a_narrow_timeline_gives_the_title_the_room_of_the_source_count(
    mini_dataset, store_path
):
    data = yaml.safe_load((Path(__file__).parent / "data" / "mini.yaml").read_text())
    data["events"][0]["title"] = "The town is founded by settlers from the coast " * 2
    dataset = load_bytes(yaml.safe_dump(data).encode(), "long.yaml")
    app = make_app(dataset, store_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        line = view.render_line(view.index_of("event:founding")).text
        assert "source" not in line
        assert line.rstrip().endswith("…")
        assert len(line.rstrip()) >= view.scrollable_content_region.width - 2


async def test_keys_typed_just_after_q_do_not_act_on_the_closing_app(mini_dataset, store_path):
    """Seen in tmux: `qp` typed fast pushed the presentation onto an app already closing,
    and its mount failed with a traceback."""
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key("p", "p"))
        app.post_message(events.Key("e", "e"))
        await pilot.pause()
    assert app.return_code == 0


async def test_a_verdict_and_its_undo_show_on_the_claims_also_rows(mini_dataset, store_path):
    # c2 sits under the census and again, as "↪ also", under the council vote: a key
    # repaints only the rows that changed, and both of these did.
    app = make_app(mini_dataset, store_path)

    def badges_of_c2() -> list[str]:
        timeline = [line[:70] for line in screen_text(app).splitlines()]
        rows = [line for line in timeline if "The census counted" in line]
        return [("disputed" if "✗ disputed" in row else "unreviewed") for row in rows]

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J")
        await pilot.pause()
        assert selected_key(app) == "claim:c2@census"
        await pilot.press("d")
        await pilot.pause()
        assert badges_of_c2() == ["disputed", "disputed"]
        await pilot.press("up", "up", "up", "z")  # undone from elsewhere
        await pilot.pause()
        assert selected_key(app) == "claim:c2@census"
        assert badges_of_c2() == ["unreviewed", "unreviewed"]
