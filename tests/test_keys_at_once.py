"""Keys that arrive in one read after a key that opens a dialog are the dialog's.

A terminal hands over a paste, a fast typist's burst or tmux's `send-keys "nhello"` in
one read. Every key after the one that opens a dialog (the note, the help, the export,
a question, the link chooser, the palette) must reach that dialog in the order typed,
none of it the timeline's (v and d judge, q quits, o opens a link); and a key typed at
once after the dialog closes is the timeline's again (tui/key_order.py).

Before, text typed into a dialog this way was lost: it had been handed to the timeline
before the dialog opened. A dialog's own keys (the help's q, the link chooser's arrows,
ctrl+s) already worked, as Textual looks bindings up when the key has gone through the
widgets; the tests of the help, the links and the palette keep it so.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path

import yaml
from textual import events
from textual.command import CommandInput, CommandPalette
from textual.pilot import Pilot
from textual.widgets import TextArea

from facts import load_bytes
from facts.store import ReviewStore
from tests.app_helpers import SIZE, make_app, selected_key, type_at_once
from tests.presentation_helpers import make_app as make_presentation
from tests.test_review_ergonomics import Browser
from tui.export_dialog import ExportDialog
from tui.screens.help import HelpScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.review import ReviewScreen

TEXT = "quod vide: do not open"  # q quits, v and d judge, o opens a link, u unjudges


async def settled(pilot: Pilot[object]) -> None:
    """Until every key typed has been handled, whatever screens the keys opened."""
    for _ in range(3):
        await pilot.pause()


def stored(store_path: Path, dataset_id: str = "mini") -> dict:
    with ReviewStore(store_path) as store:
        return store.reviews(dataset_id)


def note_text(pilot: Pilot[object]) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, NoteEditor), screen
    return screen.query_one(TextArea).text


async def test_a_note_typed_at_once_after_n_is_the_notes(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", *TEXT)
        await settled(pilot)
        assert app.is_running and app.return_code is None
        assert note_text(pilot) == TEXT
        assert app.session.reviews == {}
        # Saved, and the `v` typed at once after ctrl+s judges the claim the note is on.
        type_at_once(app, "ctrl+s", "v")
        await settled(pilot)
        assert not isinstance(app.screen, NoteEditor)
        assert selected_key(app) == "claim:c2@census"
    review = stored(store_path)["c1"]
    assert (review.verdict, review.note) == ("verified", TEXT)


async def test_a_paste_at_once_after_n_is_the_notes(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n")
        app.post_message(events.Paste(TEXT))
        type_at_once(app, "!")
        await settled(pilot)
        assert note_text(pilot) == TEXT + "!"


async def test_the_question_on_a_typed_note_takes_the_key_typed_at_once(mini_dataset, store_path):
    """`nhi`, Esc and `x` at once: Esc asks whether to throw the note away and x answers
    "discard"; the `v` after it is a verdict on the claim, with no note."""
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", "h", "i", "escape", "x", "v")
        await settled(pilot)
        assert isinstance(app.screen, ReviewScreen)  # no dialog over it
        assert app.session.draft_of("c1") is None
    review = stored(store_path)["c1"]
    assert (review.verdict, review.note) == ("verified", None)


async def test_keys_at_once_after_the_help_key_are_the_helps(mini_dataset, store_path):
    """`?v` shows the help and judges nothing; `q` then closes the help, not the app,
    and the `v` after it judges."""
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "?", "v", "d")
        await settled(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert app.session.reviews == {}
        type_at_once(app, "q", "v")
        await settled(pilot)
        assert app.is_running and not isinstance(app.screen, HelpScreen)
        assert app.session.reviews["c1"].verdict == "verified"
        assert "c2" not in app.session.reviews


async def test_a_file_name_typed_at_once_after_e_is_the_exports(
    mini_dataset, store_path, tmp_path, monkeypatch
):
    """`e`, two tabs to the file name, a name and Enter, all at once: written there."""
    monkeypatch.chdir(tmp_path)
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = set(tmp_path.iterdir())
        type_at_once(app, "e", "tab", "tab", *"quod-vide.md", "enter")
        await settled(pilot)
        await app.workers.wait_for_complete()
        await settled(pilot)
        assert not isinstance(app.screen, ExportDialog)
        assert app.is_running and app.session.reviews == {}
    assert [path.name for path in set(tmp_path.iterdir()) - before] == ["quod-vide.md"]


async def test_keys_at_once_after_o_choose_among_the_links(mini_path, store_path, monkeypatch):
    data = yaml.safe_load(mini_path.read_text(encoding="utf-8"))
    data["claims"][0]["evidence"].append(
        {"source": "paper", "url": "https://example.org/paper/charter", "note": "The charter"}
    )
    browser = Browser()
    monkeypatch.setattr(webbrowser, "get", lambda: browser)
    app = make_app(load_bytes(yaml.safe_dump(data).encode(), "linked.yaml"), store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "o", "down", "enter")
        await settled(pilot)
        await app.workers.wait_for_complete()
        assert browser.opened == ["https://example.org/paper/charter"]
        assert selected_key(app) == "claim:c1@founding"  # `down` did not move the timeline


async def test_text_typed_at_once_after_ctrl_p_is_the_palettes(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "ctrl+p", *"theme")
        await settled(pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).value == "theme"


async def test_a_class_note_typed_at_once_after_n_is_the_notes(ecuador, store_path):
    app = make_presentation(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", *TEXT)
        await settled(pilot)
        assert app.is_running and app.return_code is None
        assert note_text(pilot) == TEXT
        type_at_once(app, "ctrl+s", "q")  # saved, then q leaves the presentation
        await settled(pilot)
    assert app.return_code == 0
    review = stored(store_path, "ecuador-2025")["manta-base-expelled"]
    assert (review.verdict, review.note) == (None, TEXT)
