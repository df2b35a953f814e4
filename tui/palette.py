"""The command palette, whose page keys wait for its list to be drawn.

Textual 8.2.8's palette list pages by the lines it has laid out; Page Down or Page Up
reaching it before its first layout (ctrl+p and Page Down in one terminal read: a paste,
tmux's send-keys, a fast typist) raised a KeyError that closed the app. Such a key has
nothing drawn to page through, so here it does nothing; once the list is drawn, paging
works as Textual's does (tests/test_keys_fuzz.py types the keys at once).
"""

from __future__ import annotations

from textual.command import CommandPalette

_PAGING = ("page_down", "page_up")


class Palette(CommandPalette):
    """Textual's command palette, safe against paging before its list is laid out."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            if action not in _PAGING:
                raise
