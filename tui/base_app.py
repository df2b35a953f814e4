"""What claimline's two apps share: the global keys, the user's keymap, help and palette.

`claimline` (the review screen) and `claimline present` (the presentation) take the same
keymap file and report an id that names no binding the same way, with the nearest id.
The App holds only the keys that work on every screen (help, quit; ctrl+p opens the
palette, where Theme is); each screen holds its own, so a screen's keys never fire under
another screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.bindings import help_sections, keymap_problem, own_bindings, palette_bindings, section
from tui.plain_app import PlainNotifyApp
from tui.screens.help import HelpScreen
from tui.themes import register_themes


def known_binding_ids() -> set[str]:
    """Every binding id a keymap may name, in either app.

    The screens are imported here, not with the module: the first frame needs none of
    them (the review app's first screen is the loading screen), and importing them all
    took a good part of claimline's start-up.
    """
    from tui.export_dialog import ExportDialog
    from tui.screens.choice import ChoiceScreen
    from tui.screens.links import LinkChooser
    from tui.screens.note_editor import NoteEditor
    from tui.screens.presentation import ClaimDetailScreen, PresentationScreen
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

    def __init__(self, *, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        register_themes(self)  # the projector themes, for --theme and ctrl+p → Theme
        self.user_keymap: dict[str, str] = dict(keymap or {})
        """The user's keymap as read (binding id → keys); Textual's own keymap, set here
        before the first screen shows a hint, holds the ids that exist."""
        self._keymap_problem: str | None = None
        if self.user_keymap:  # the screens' bindings are read only when there is a keymap
            known = known_binding_ids()
            self._keymap_problem = keymap_problem(self.user_keymap, known)
            self.set_keymap({key: keys for key, keys in self.user_keymap.items() if key in known})

    def on_mount(self) -> None:
        if self._keymap_problem:
            self.notify(self._keymap_problem, severity="warning", timeout=10)

    def action_help(self) -> None:
        """Every key of the screen in use (after the keymap), by section."""
        self.push_screen(HelpScreen(help_sections(self.screen)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the screen, by name, in the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        for binding in palette_bindings(screen):
            yield SystemCommand(
                binding.description, binding.tooltip, partial(screen.run_action, binding.action)
            )
