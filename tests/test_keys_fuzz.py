"""Whatever keys are typed at once, the apps still answer the keyboard, in the order typed.

tui/key_order.py hands typed keys on one at a time: the next waits for a callback that
walks behind the key through each queue it goes through (the focused widget, its
parents, the screen, the app, a screen the key pushed). Were one step of that walk never
run (its widget or screen closed under it, a dialog the key itself dismissed, a screen
replaced, the loading screen covered by the timeline), every later key would wait for
ever: the app would stop answering the keyboard. Textual runs what a closing widget has
already accepted before it closes and refuses what comes after (KeyOrder then goes to
the parent), so no step is lost; these tests keep it so across every screen.

The random bursts are the apps' own keys and a dialog's text (a paste among them);
afterwards a key must still change the screen (F1 opens the help over the timeline, Esc
closes a dialog), and no key may have reached a widget
before the key typed before it had been everywhere it goes.
"""

from __future__ import annotations

import asyncio
import tempfile
import webbrowser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.app import App
from textual.command import CommandPalette
from textual.message import Message
from textual.pilot import Pilot

from benchmarks.generate import write_dataset
from facts import Dataset, load, load_bytes
from facts.bundled import bundled_path
from facts.store import ReviewStore
from tests.app_helpers import SIZE, hold_the_open, make_app, type_at_once
from tests.presentation_helpers import make_app as make_presentation
from tests.test_review_ergonomics import Browser
from tui.app import ClaimlineApp
from tui.base_app import ClaimlineBaseApp
from tui.bindings import own_bindings
from tui.export_dialog import ExportDialog
from tui.opening import Opening
from tui.screens.help import HelpScreen
from tui.screens.presentation import PresentationScreen
from tui.screens.review import ReviewScreen
from tui.widgets.timeline_view import TimelineView

DATA = Path(__file__).parent / "data"
# Dialog text and answers: x discards a note, s stays, l leaves, a letter for a name.
TEXT_KEYS = ["x", "s", "l", "a", "space", "backspace", "enter", "tab", "shift+tab"]
GLOBAL_KEYS = ["question_mark", "f1", "escape", "ctrl+s", "ctrl+p", "up", "down", "home", "end"]
# The review screen's keys, and its dialogs' (the note, export, links, palette, help).
REVIEW_KEYS = [
    *"vduVDnNzZfFroyJKepjk",
    *("slash", "full_stop", "left", "right", "left_square_bracket", "right_square_bracket"),
    *("pageup", "pagedown"),
    *GLOBAL_KEYS,
    *TEXT_KEYS,
]
# The presentation's keys (1 and 2 pick a claim), its detail, summary and question.
PRESENTATION_KEYS = [
    *"vdunzZrisq12",
    "left",
    "right",
    "space",
    "pageup",
    "pagedown",
    *GLOBAL_KEYS,
    *TEXT_KEYS,
]
PASTE = "paste"
# Each example starts an app (a few tenths of a second): these keep the file to seconds.
FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def linked_mini() -> Dataset:
    """The mini dataset with a second link on c1, so `o` and `y` ask which."""
    data = yaml.safe_load((DATA / "mini.yaml").read_text(encoding="utf-8"))
    data["claims"][0]["evidence"].append(
        {"source": "paper", "url": "https://example.org/paper/charter", "note": "The charter"}
    )
    return load_bytes(yaml.safe_dump(data).encode(), "linked.yaml")


def bundled() -> Dataset:
    path = bundled_path("ecuador-2025")
    assert path is not None
    return load(path)


async def handed_on(app: ClaimlineBaseApp, pilot: Pilot[Any]) -> None:
    """Until every key typed has been handed on and gone through the app. Bounded: a key
    order that never frees again leaves the keys waiting, and the test's next key is not
    answered."""
    order = app._key_order
    for _ in range(300):
        await pilot.pause()
        if not app.is_running or not (order._busy or order._waiting):
            return


async def settled(app: ClaimlineBaseApp, pilot: Pilot[Any]) -> None:
    """The keys handed on, and what they started in a worker (an export) done."""
    await handed_on(app, pilot)
    if app.is_running:
        await app.workers.wait_for_complete()
        await pilot.pause()


async def answers_a_key(app: ClaimlineBaseApp, pilot: Pilot[Any]) -> bool:
    """Whether a key typed now still changes the screen: F1 opens the help over the
    timeline; Esc closes every other screen (or asks first, on a typed note and on the
    presentation), or the list a choice field opened."""

    def shown() -> tuple[object, ...]:
        return (*app.screen_stack, app.focused)

    before = shown()
    type_at_once(app, "f1" if isinstance(app.screen, ReviewScreen) else "escape")
    await settled(app, pilot)
    return shown() != before


class Arrivals:
    """Each typed key or paste as it reaches a widget, screen or the app after being
    handed on (a message hook sees every message every node dispatches)."""

    def __init__(self) -> None:
        self.seen: list[Message] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, (events.Key, events.Paste)) and message.is_forwarded:
            self.seen.append(message)

    def in_turn(self, typed: list[Message]) -> bool:
        """No key reached anything before the key typed before it had been everywhere."""
        turn = {id(message): index for index, message in enumerate(typed)}
        indices = [turn[id(message)] for message in self.seen if id(message) in turn]
        return indices == sorted(indices)


def type_burst(app: App[Any], keys: list[str]) -> list[Message]:
    """`keys` in one read, a paste where PASTE is; the events, in the order typed."""
    typed: list[Message] = []
    for key in keys:
        if key == PASTE:
            paste = events.Paste("pasted: quod vide")
            app.post_message(paste)
            typed.append(paste)
        else:
            typed.extend(type_at_once(app, key))
    return typed


async def burst_then_a_key(app: ClaimlineBaseApp, keys: list[str]) -> None:
    arrivals = Arrivals()
    async with app.run_test(size=SIZE, message_hook=arrivals) as pilot:
        await pilot.pause()
        typed = type_burst(app, keys)
        await settled(app, pilot)
        assert arrivals.in_turn(typed), keys
        if app.is_running:  # the presentation's question may have been answered "leave"
            assert await answers_a_key(app, pilot), (keys, app.screen_stack)
    assert not app.return_code, keys  # open, or closed normally: never by an error


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`o` opens nothing; an export is written in the test's own folder."""
    monkeypatch.setattr(webbrowser, "get", lambda: Browser())
    monkeypatch.chdir(tmp_path)


def bursts(keys: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from([*keys, PASTE]), min_size=1, max_size=30)


REVIEW_DATA = linked_mini()


@FUZZ
@given(bursts(REVIEW_KEYS))
def test_any_burst_on_the_review_screen_leaves_it_answering(no_browser: None, keys: list[str]):
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(burst_then_a_key(make_app(REVIEW_DATA, Path(folder) / "r.sqlite3"), keys))


@FUZZ
@given(bursts(PRESENTATION_KEYS))
def test_any_burst_in_the_presentation_leaves_it_answering(no_browser: None, keys: list[str]):
    with tempfile.TemporaryDirectory() as folder:
        app = make_presentation(bundled(), Path(folder) / "class.sqlite3")
        asyncio.run(burst_then_a_key(app, keys))


# -- screens that come and go under keys typed at once ----------------------------------


def verdict(store_path: Path, claim: str) -> str | None:
    with ReviewStore(store_path) as store:
        review = store.reviews("mini").get(claim)
    return review.verdict if review else None


async def test_keys_at_once_into_the_presentation_and_back_out(
    mini_dataset, store_path, no_browser
):
    """`p` opens the presentation, Esc asks, `l` leaves, and the `v` typed with them
    judges the claim on the timeline."""
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "p", "right", "escape", "l", "v")
        await settled(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.session.reviews["c1"].verdict == "verified"


async def test_keys_at_once_after_leaving_the_presentation_with_q(
    mini_dataset, store_path, no_browser
):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "p", "q", "d")
        await settled(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.session.reviews["c1"].verdict == "disputed"


async def test_keys_at_once_after_the_export_dialog_is_cancelled(
    mini_dataset, store_path, no_browser
):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "e", "x", "escape", "v")
        await settled(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
        assert app.session.reviews["c1"].verdict == "verified"


async def test_help_typed_at_once_after_an_export_is_written(
    mini_dataset, store_path, tmp_path, no_browser
):
    """The dialog closes itself when its worker has written the file, under the help
    typed after Enter: the help stays, and the app answers."""
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "e", "tab", "tab", *"quick.md", "enter", "f1")
        await settled(app, pilot)
        assert (tmp_path / "quick.md").exists()
        assert await answers_a_key(app, pilot)


@pytest.mark.parametrize("quit_key", ["q", "ctrl+q"])
async def test_keys_typed_at_once_after_quit_are_dropped(mini_dataset, store_path, quit_key):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, quit_key, "v", "p", "e", "question_mark")
        await settled(app, pilot)
    assert app.return_code == 0
    assert verdict(store_path, "c1") is None


async def test_keys_typed_while_the_file_loads_then_the_timeline_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Help opened and closed at once over the loading screen, the last help still open
    when the timeline is ready (it waits for the help to close, not taken from under the
    reader): then `v` judges."""
    path = write_dataset(20, tmp_path / "small.json", seed=1)
    release = hold_the_open(monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    app = ClaimlineApp(opening=Opening(path, "alice", lambda: ReviewStore(tmp_path / "r.sqlite3")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "question_mark", "escape", "down", "v", "f1", "q", "question_mark")
        await handed_on(app, pilot)  # the file is still being read
        assert isinstance(app.screen, HelpScreen)
        release.set()
        type_at_once(app, "down", "f1", "escape", "f1")  # while the timeline comes up
        await app.workers.wait_for_complete()
        await settled(app, pilot)
        assert isinstance(app.screen, HelpScreen)  # the last f1's: still open
        type_at_once(app, "escape")
        for _ in range(100):
            await settled(app, pilot)
            if isinstance(app.screen, ReviewScreen):
                break
        assert isinstance(app.screen, ReviewScreen) and app.session is not None
        assert app.session.reviews == {}  # nothing typed over the loading screen judged
        type_at_once(app, "v")
        await settled(app, pilot)
        assert len(app.session.reviews) == 1


async def test_page_down_typed_at_once_after_ctrl_p(mini_dataset, store_path):
    """ctrl+p and Page Down in one read: the palette opens and the app goes on (Textual
    8.2.8's list raised a KeyError, closing the app, when paged before its first layout)."""
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "ctrl+p", "pagedown", "pageup")
        await settled(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        type_at_once(app, *"theme", "pagedown")  # paging a drawn list still works
        await settled(app, pilot)
        assert app.is_running and isinstance(app.screen, CommandPalette)
    assert app.return_code in (None, 0)


async def test_a_key_typed_at_once_after_enter_is_not_the_fields(store_path, tmp_path, no_browser):
    """Enter submits the file name as typed: the `?` typed with it is not part of it."""
    app = make_app(REVIEW_DATA, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "e", "tab", "tab", *"quick.md", "enter", "question_mark")
        await settled(app, pilot)
    assert sorted(path.name for path in tmp_path.glob("quick*")) == ["quick.md"]


async def test_a_key_typed_at_once_after_choosing_a_link_is_the_timelines(store_path, no_browser):
    """`o`, ↓, Enter chooses the second link and closes the chooser; the `v` typed with
    them judges the claim."""
    app = make_app(REVIEW_DATA, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "o", "down", "enter", "v")
        await settled(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.session.reviews["c1"].verdict == "verified"


async def test_a_key_typed_at_once_after_a_pressed_answer_is_the_slides(ecuador, store_path):
    """Esc asks whether to leave the presentation; Enter presses "Stay" and the `v`
    typed with them is the class's verdict on the claim, not a key for the question."""
    app = make_presentation(ecuador, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "right", "escape", "enter", "v")
        await settled(app, pilot)
        assert isinstance(app.screen, PresentationScreen)
        assert [review.verdict for review in app.session.reviews.values()] == ["verified"]


@pytest.mark.parametrize(
    ("holders", "keys"),
    [((ReviewScreen, TimelineView), REVIEW_KEYS), ((PresentationScreen,), PRESENTATION_KEYS)],
)
def test_the_bursts_type_every_key_of_the_screen(holders: tuple[type[Any], ...], keys: list[str]):
    """A key a screen gains joins its bursts (the presentation's 3 to 9 pick a claim as
    1 and 2 do)."""
    bound = {key for binding in own_bindings(*holders) for key in binding.key.split(",")}
    left_out = set("3456789")
    assert bound - left_out <= set(keys)
