"""The review screen's second-hour keys through Pilot: a reason with the verdict, a note
never lost, evidence opened and copied, the reference brought into view, quicker moving,
and a search that finds notes and reviewers."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
import yaml

from facts import load_bytes
from facts.store import ReviewStore
from facts.verdicts import TEAM_FILTERS
from tests.app_helpers import SIZE, make_app, notified, selected_key
from tests.screen import screen_text
from tui.screens.links import LinkChooser
from tui.screens.note_editor import NoteEditor
from tui.widgets.detail_panel import DetailPanel
from tui.widgets.timeline_view import TimelineView


def stored(store_path: Path) -> dict:
    with ReviewStore(store_path) as store:
        return store.reviews("mini")


@pytest.fixture
def linked_dataset(mini_path: Path):
    """The mini dataset with a second evidence link on c1, a deep link of its own."""
    data = yaml.safe_load(mini_path.read_text(encoding="utf-8"))
    data["claims"][0]["evidence"].append(
        {"source": "paper", "url": "https://example.org/paper/charter", "note": "The charter"}
    )
    return load_bytes(yaml.safe_dump(data).encode(), "linked.yaml")


async def test_capital_v_marks_then_takes_the_reason_on_the_same_claim(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")  # unreviewed: the judged claim leaves the rows at once
        await pilot.pause()
        assert selected_key(app) == "claim:c1@founding"
        await pilot.press("V")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert "The town was founded in 2009" in screen_text(app)
        await pilot.press(*"Charter says 2009", "ctrl+s")
        await pilot.pause()
        # Then on to the next claim needing a verdict.
        assert selected_key(app) == "claim:c2@census"
    reviews = stored(store_path)
    assert (reviews["c1"].verdict, reviews["c1"].note) == ("verified", "Charter says 2009")
    assert "c2" not in reviews


async def test_capital_d_with_the_note_skipped_still_advances(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: skipped
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert selected_key(app) == "claim:c2@census"
    assert stored(store_path)["c1"].verdict == "disputed"
    assert stored(store_path)["c1"].note is None


async def test_capital_n_writes_on_the_claim_judged_last(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("N")
        await pilot.pause()
        assert notified(app, "No claim judged yet")
        await pilot.press("v")  # c1 judged; the selection moves to c2
        await pilot.pause()
        assert selected_key(app) == "claim:c2@census"
        await pilot.press("N", *"why", "ctrl+s")
        await pilot.pause()
    reviews = stored(store_path)
    assert reviews["c1"].note == "why"
    assert "c2" not in reviews


async def test_an_unsaved_note_kept_as_a_draft_comes_back(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"half a thought", "escape")
        await pilot.pause()
        assert "Discard this note?" in screen_text(app)
        await pilot.press("e")  # keep editing: back in the editor, text intact
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape", "k")  # keep as a draft
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert "c1" not in app.session.reviews
        await pilot.press("n")
        await pilot.pause()
        assert "half a thought" in screen_text(app)
        assert "unsaved draft" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored(store_path)["c1"].note == "half a thought"


class Browser:
    """Stands in for the desktop's browser: records what it was asked to open."""

    name = "firefox"

    def __init__(self) -> None:
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0) -> bool:
        self.opened.append(url)
        return True


async def test_o_opens_the_evidence_link_in_the_browser(mini_dataset, store_path, monkeypatch):
    browser = Browser()
    monkeypatch.setattr(webbrowser, "get", lambda: browser)
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.opened == ["https://example.org/paper"]
        assert notified(app, "Opened in the browser")


async def test_o_without_a_browser_says_so_and_y_copies(mini_dataset, store_path, monkeypatch):
    def no_browser() -> None:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert notified(app, "No web browser can be started")
        assert notified(app, "Press y to copy the link instead: https://example.org/paper")
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == "https://example.org/paper"


async def test_a_terminal_browser_is_never_started(mini_dataset, store_path, monkeypatch):
    lynx = Browser()
    lynx.name = "lynx"
    monkeypatch.setattr(webbrowser, "get", lambda: lynx)
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert lynx.opened == []
        assert notified(app, "runs in the terminal")


async def test_several_links_ask_which(linked_dataset, store_path, monkeypatch):
    browser = Browser()
    monkeypatch.setattr(webbrowser, "get", lambda: browser)
    app = make_app(linked_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, LinkChooser)
        assert "https://example.org/paper/charter" in screen_text(app)
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.opened == ["https://example.org/paper/charter"]
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.clipboard == "https://example.org/paper"


async def test_evidence_links_are_terminal_hyperlinks_on_one_line(mini_path, store_path):
    data = yaml.safe_load(mini_path.read_text(encoding="utf-8"))
    long_url = "https://example.org/" + "a-very-long-path/" * 12 + "end"
    data["claims"][0]["evidence"][0]["url"] = long_url
    app = make_app(load_bytes(yaml.safe_dump(data).encode(), "long.yaml"), store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The link is cut with an ellipsis, never wrapped onto a second line, and every
        # part of it carries the whole address as a hyperlink.
        text = screen_text(app)
        shown = text.split("https://example.org/a-very-long-path/", 1)[1].split("\n", 1)[0]
        assert "…" in shown and "end" not in shown
        assert "a-very-long-path/end" not in text
        update = app.screen._compositor.render_full_update()
        linked = {
            segment.style.link
            for line in update.strips
            for strip in line
            for segment in strip
            if segment.style is not None and segment.style.link
        }
        assert linked == {long_url}


async def test_r_brings_the_reference_into_view(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=(120, 16)) as pilot:
        await pilot.press("J")  # to c2, the claim with a reference
        await pilot.pause()
        assert selected_key(app) == "claim:c2@census"
        assert "The census counted 980 people" not in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        assert app.query_one(DetailPanel).scroll_y > 0
        assert "The census counted 980 people" in screen_text(app)


async def test_capital_f_cycles_the_filters_backwards(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await pilot.pause()
        assert app.screen.filter == TEAM_FILTERS[-1]
        await pilot.press("F")
        await pilot.pause()
        assert app.screen.filter == TEAM_FILTERS[-2]
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.filter == TEAM_FILTERS[-1]
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.filter == "all"


async def test_claim_keys_skip_events_and_dot_finds_the_next_unreviewed(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert selected_key(app) == "claim:c1@founding"
        await pilot.press("J")  # past the year, month and event rows of the census
        assert selected_key(app) == "claim:c2@census"
        await pilot.press("K")
        assert selected_key(app) == "claim:c1@founding"
        await pilot.press("j", "j")
        await pilot.pause()
        await pilot.press("v")  # c2 verified; c1 is the one left
        await pilot.pause()
        await pilot.press("home", "full_stop")
        await pilot.pause()
        assert selected_key(app) == "claim:c1@founding"
        assert "c1" not in app.session.reviews  # moving judged nothing


async def test_search_finds_notes_and_reviewer_names(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path, reviewer="zoë")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J", "n", *"see the zebra crossing", "ctrl+s")
        await pilot.pause()
        for query in ("zebra", "zoe"):
            await pilot.press("slash", *query)
            await pilot.pause()
            keys = [row.key for row in app.query_one(TimelineView).rows]
            assert "claim:c2@census" in keys, query
            assert "claim:c1@founding" not in keys, query
            await pilot.press("escape")
            await pilot.pause()


async def test_the_year_stays_on_the_top_line_when_scrolled(store_path):
    data = {
        "schema_version": 1,
        "id": "years",
        "title": "Two busy years",
        "sources": [{"id": "s", "title": "A source"}],
        "events": [
            {"id": f"e{year}-{n}", "date": f"{year}-{n:02d}", "title": f"Event {n} of {year}"}
            for year in (2020, 2021)
            for n in range(1, 13)
        ],
        "claims": [
            {"id": f"c{year}-{n}", "text": f"Claim {n} of {year}", "events": [f"e{year}-{n}"]}
            for year in (2020, 2021)
            for n in range(1, 13)
        ],
    }
    app = make_app(load_bytes(yaml.safe_dump(data).encode(), "years.yaml"), store_path)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        top = lambda: screen_text(app).splitlines()[view.region.y]  # noqa: E731
        assert top().lstrip().startswith("2020 ─")  # the heading itself, at the top
        await pilot.press(*["J"] * 8)  # down into 2020's claims: its heading scrolled off
        await pilot.pause()
        assert view.scroll_y > 0
        assert top().lstrip().startswith("2020 ─")
        await pilot.press(*["J"] * 8)  # into 2021
        await pilot.pause()
        assert top().lstrip().startswith("2021 ─")
        assert selected_key(app).startswith("claim:c2021")


async def test_a_stale_verdict_shows_the_wording_it_judged(mini_path, store_path):
    original = load_bytes(mini_path.read_bytes(), "mini.yaml")
    with ReviewStore(store_path) as store:
        store.mark("mini", original.claim_by_id["c1"], "verified", reviewer="alice")
    data = yaml.safe_load(mini_path.read_text(encoding="utf-8"))
    data["claims"][0]["text"] = "The town was founded in 2010."
    app = make_app(load_bytes(yaml.safe_dump(data).encode(), "reworded.yaml"), store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "! stale" in text
        assert "The town was founded in 2010." in text  # what it says now, at the top
        assert "Judged wording: The town was founded in 2009." in text


async def test_hints_name_the_keys_while_the_search_box_has_the_focus(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"census")
        await pilot.pause()
        text = screen_text(app)
        assert "press n to write one" in text and "review.note" not in text
