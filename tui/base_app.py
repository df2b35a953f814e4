"""What claimline's two apps share: the global keys, the user's keymap, help and palette.

`claimline` (the review screen) and `claimline present` (the presentation) take the same
keymap file and report an id that names no binding the same way, with the nearest id.
The App holds only the keys that work on every screen (help, quit; ctrl+p opens the
palette, where Theme is); each screen holds its own, so a screen's keys never fire under
another screen.

Both start the same way (`tui/startup.py`): given an `Opening`, as the command line gives
every file whatever its size, its first frame is the loading screen: a worker reads and
checks the file and builds its timeline, then the store is opened and the app's own
screen comes up over it; a reopened big file's first rows may show before that,
read-only (`show_preview`, tui/head_preview.py). A file with errors, or a store that
cannot be opened, closes the app; the command line then prints why (`failure`) and exits
1. Given a session (a dataset already loaded, as tests and scripts/screenshots.py do),
the app shows its screen at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.background import Courtesy
from tui.bindings import help_sections, keymap_problem, own_bindings, palette_bindings, section
from tui.key_order import KeyOrder
from tui.opening import Opened, Opening, open_dataset
from tui.plain_app import PlainNotifyApp
from tui.screens.loading import LoadingScreen
from tui.themes import register_themes

if TYPE_CHECKING:
    from facts.session import ReviewSession, Store
    from tui.head_preview import HeadPreview


# What a person does that the background jobs step aside for (tui/background.py).
_ANSWERED = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
# What is typed, handed on one at a time (tui/key_order.py).
_TYPED = (events.Key, events.Paste)

# Seconds the app waits, as it quits, for drafts a slow disk is still writing (then the
# command line waits, with the terminal given back: see `on_unmount`).
DRAFTS_PATIENCE = 5.0


def known_binding_ids() -> set[str]:
    """Every binding id a keymap may name, in either app.

    The screens are imported here, not with the module: the first frame needs none of
    them (the review app's first screen is the loading screen), and importing them all
    took a good part of claimline's start-up.
    """
    from tui.export_dialog import ExportDialog
    from tui.screens.choice import ChoiceScreen
    from tui.screens.claim_detail import ClaimDetailScreen
    from tui.screens.help import HelpScreen
    from tui.screens.links import LinkChooser
    from tui.screens.note_editor import NoteEditor
    from tui.screens.presentation import PresentationScreen
    from tui.screens.review import ReviewScreen
    from tui.screens.summary import SummaryScreen
    from tui.widgets.timeline_view import TimelineView

    holders = (
        ClaimlineBaseApp,
        ReviewScreen,
        TimelineView,
        NoteEditor,
        HelpScreen,
        ExportDialog,
        PresentationScreen,
        SummaryScreen,
        ClaimDetailScreen,
        ChoiceScreen,
        LinkChooser,
    )
    return {binding.id for binding in own_bindings(*holders) if binding.id}


class ClaimlineBaseApp(PlainNotifyApp[None]):
    """An app with claimline's global keys, the user's keymap, help and palette."""

    BINDINGS = [
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            id="app.help",
            group=section("App"),
            tooltip="Show every key of this screen",
        ),
        Binding(
            "q",
            "quit",
            "Quit",
            id="app.quit",
            group=section("App"),
            tooltip="Quit (every verdict is already saved)",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            id="app.palette",
            show=False,
            priority=True,
            group=section("App"),
            tooltip="Command palette: every action of the screen by name, and Theme",
        ),
    ]

    def __init__(
        self,
        session: ReviewSession | None = None,
        *,
        opening: Opening | None = None,
        keymap: Mapping[str, str] | None = None,
        css_path: Path | None = None,
    ) -> None:
        super().__init__(css_path=css_path)
        if (session is None) == (opening is None):
            raise ValueError("give the app a session or an opening, not both")
        self.session = session
        self.opening = opening
        self.failure: str | None = None
        # Drafts still being written when the app closed (see on_unmount).
        self.drafts_pending = False
        """Why the dataset could not be opened (a located report), once the app has closed."""
        register_themes(self)  # the projector themes, for --theme and ctrl+p → Theme
        self.user_keymap: dict[str, str] = dict(keymap or {})
        """The user's keymap as read (binding id → keys); Textual's own keymap, set here
        before the first screen shows a hint, holds the ids that exist."""
        self._leaving = False
        self.stand_in: Screen[Any] | None = None
        """The screen the app's own replaces once the dataset is open (the preview)."""
        self._deferred: tuple[Opened, Store] | None = None  # see `_show`
        self.courtesy = Courtesy()
        """Keys first: the app's background jobs pause while a key is answered."""
        self._key_order = KeyOrder(self, self._hand_on)
        self._keymap_problem: str | None = None
        if self.user_keymap:  # the screens' bindings are read only when there is a keymap
            known = known_binding_ids()
            self._keymap_problem = keymap_problem(self.user_keymap, known)
            self.set_keymap({key: keys for key, keys in self.user_keymap.items() if key in known})

    def exit(
        self,
        result: Any = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        """Close the app; keys already typed behind `q` are dropped from now on."""
        self._leaving = True
        super().exit(result, return_code, message)

    async def on_event(self, event: events.Event) -> None:
        # A key typed just after `q` (`qp` in a hurry) would push a screen onto an app
        # that is taking its screens down, and that screen's mount would fail.
        if self._leaving and isinstance(event, events.Key):
            return
        if isinstance(event, _ANSWERED):  # until its frame is on screen
            self.courtesy.hold()
            self.call_after_refresh(self.courtesy.release)
        if isinstance(event, _TYPED) and not event.is_forwarded:  # read from the terminal
            await self._key_order.typed(event)  # now, or once the keys before it are done
        else:
            await super().on_event(event)

    async def _hand_on(self, event: events.Event) -> None:
        """A typed key's turn: to the app's bindings and the focused widget, as Textual
        does; dropped once the app is closing (a key held behind `q`)."""
        if not (self._leaving and isinstance(event, events.Key)):
            await super().on_event(event)

    def get_default_screen(self) -> Screen[Any]:
        if self.opening is None:
            return super().get_default_screen()
        path = self.opening.path
        try:
            size: int | None = path.stat().st_size
        except OSError:
            size = None
        return LoadingScreen(path.name, size)

    def on_mount(self) -> None:
        """Textual calls this after each subclass's own `on_mount`, not instead of it."""
        if self._keymap_problem:
            self.notify(self._keymap_problem, severity="warning", timeout=10)
        if self.session is None:
            # After the first frame: the worker's imports (Pydantic, the models) would
            # otherwise hold the GIL while the loading screen is painted.
            self.call_after_refresh(self.run_worker, self._open, thread=True, exclusive=True)
        else:
            self.show_session(self.session)

    def on_unmount(self) -> None:
        """The last thing the app does, after its screens are gone (a note editor open
        under a quit has handed over what was typed by then): wait until every draft is
        written, so that nothing typed is lost with the process. A disk that takes longer
        than a few seconds (a network home folder that hangs) is waited for after the app
        has given the terminal back, where the command line says so (`startup.open_app`)
        and ctrl+c works."""
        if self.session is not None:
            self.drafts_pending = not self.session.flush_drafts(DRAFTS_PATIENCE)

    def show_session(self, session: ReviewSession) -> None:
        """Put the app's own screen up over `session` (at mount, or once it is opened)."""
        self.title = session.dataset.title

    def _open(self) -> None:
        """The worker: read, check and lay out the dataset, open the store (a busy one is
        waited for here, with the app's keys working), then hand both to the app."""
        from facts.errors import DatasetError
        from facts.store import StoreError

        assert self.opening is not None
        screen = self.screen_stack[0]
        assert isinstance(screen, LoadingScreen)
        head = self._head_preview()
        try:
            opened = open_dataset(
                self.opening,
                lambda done, total: self.call_from_thread(screen.show_read, done, total),
                lambda what: self.call_from_thread(self.show_step, what),
                head,
            )
        except DatasetError as error:
            self.call_from_thread(self._fail, error.report())
            return
        if self._leaving:  # quit while the file loaded: nothing to show (`prepared`
            return  # closes a store opened for the preview)
        store = head.store if head is not None else None
        try:
            if head is not None and head.failure is not None:
                raise head.failure
            if store is None:
                self.call_from_thread(self.show_step, "opening the review store")
                store = self.opening.open_store()
        except StoreError as error:
            self.call_from_thread(self._fail, f"claimline: {error}")
            return
        self.call_from_thread(self._show, opened, store)

    def _head_preview(self) -> HeadPreview | None:
        """What the worker does with the first rows of a reopened dataset, shown while the
        rest loads (tui/head_preview.py); None: this app shows no preview."""
        return None

    def show_step(self, what: str) -> None:
        """On the app's thread: say what the worker does now that the file is read."""
        loading = self.screen_stack[0]
        if isinstance(loading, LoadingScreen):
            loading.show_step(what)

    def hold_keys(self, holds: Callable[[events.Event], bool]) -> None:
        """Keep the typed keys `holds` says (and every key after the first kept) until the
        app's screen is up (`_show`), then hand them to it in order (`KeyOrder.hold`)."""
        self._key_order.hold(holds)

    def _show(self, opened: Opened, store: Store) -> None:
        """On the app's thread: put the app's screen up over the opened dataset; once
        the user has closed what they opened over the loading screen or the preview (the
        help, the palette), which is not taken from under their typing."""
        from facts.session import ReviewSession

        assert self.opening is not None
        if self._leaving:  # quit while the store opened: `prepared` closes it
            return
        if self.screen is not (self.stand_in or self.screen_stack[0]):
            self._deferred = (opened, store)  # shown when that screen resumes
            return
        self.session = ReviewSession(opened.dataset, store, self.opening.reviewer)
        while len(self.screen_stack) > 1:  # the preview
            self.pop_screen()
        loading = self.screen_stack[0]
        if isinstance(loading, LoadingScreen):
            loading.finish()
        # Over the loading screen, which stays beneath it (the first screen cannot be
        # switched away; nothing pops the app's screen).
        self.show_session(self.session)
        self.stand_in = None
        self._key_order.release()  # the keys a preview held, once that screen is up
        if opened.save is not None:  # cache the dataset for the next open, in the background
            save = partial(self.courtesy.run, opened.save)
            self.run_worker(save, thread=True, exit_on_error=False)

    def resume_opening(self) -> None:
        """The loading screen or the preview is on top again (what was over it closed):
        put up the app's screen if it was ready meanwhile."""
        if self._deferred is not None:
            opened, store = self._deferred
            self._deferred = None
            self._show(opened, store)

    def _fail(self, report: str) -> None:
        self.failure = report
        self.exit(return_code=1)

    def action_command_palette(self) -> None:
        """ctrl+p: Textual's palette, safe against a page key typed with it (tui/palette.py)."""
        from textual.command import CommandPalette

        from tui.palette import Palette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        """Every key of the screen in use (after the keymap), by section."""
        from tui.screens.help import HelpScreen  # not needed before the first frame

        self.push_screen(HelpScreen(help_sections(self.screen)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the screen, by name, in the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        for binding in palette_bindings(screen):
            yield SystemCommand(
                binding.description, binding.tooltip, partial(screen.run_action, binding.action)
            )
