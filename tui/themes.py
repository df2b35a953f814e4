"""claimline's own themes: high contrast for a projector, read from the back of a room.

A projector washes out mid-tones and pale colours, so these themes keep to near-black and
near-white with one strong primary colour; verdicts still carry a symbol and a word, never
colour alone. `claimline present` starts in `claimline-projector` (black on white);
`claimline-projector-dark` (white on black) suits a dark room. Both are listed under
ctrl+p → Theme once registered.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import App
from textual.theme import BUILTIN_THEMES, Theme, ThemeProvider

PROJECTOR = "claimline-projector"
PROJECTOR_DARK = "claimline-projector-dark"

THEMES: tuple[Theme, ...] = (
    Theme(
        name=PROJECTOR,
        primary="#0033A0",
        secondary="#1A1A1A",
        accent="#A33A00",
        warning="#8A4B00",
        error="#B00020",
        success="#00692E",
        foreground="#000000",
        background="#FFFFFF",
        surface="#FFFFFF",
        panel="#E8E8E8",
        boost="#00000014",
        dark=False,
        text_alpha=1.0,
        variables={
            "text-muted": "#333333",
            "footer-background": "#E8E8E8",
            "footer-key-foreground": "#0033A0",
            "footer-description-foreground": "#000000",
            "block-cursor-background": "#0033A0",
            "block-cursor-foreground": "#FFFFFF",
            "input-selection-background": "#0033A0 35%",
            "scrollbar": "#7A7A7A",
            "scrollbar-hover": "#404040",
            "scrollbar-active": "#0033A0",
        },
    ),
    Theme(
        name=PROJECTOR_DARK,
        primary="#FFD400",
        secondary="#F0F0F0",
        accent="#5CC8FF",
        warning="#FFB000",
        error="#FF6B6B",
        success="#4CE08A",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#1C1C1C",
        boost="#FFFFFF14",
        dark=True,
        text_alpha=1.0,
        variables={
            "text-muted": "#D6D6D6",
            "footer-background": "#1C1C1C",
            "footer-key-foreground": "#FFD400",
            "footer-description-foreground": "#FFFFFF",
            "block-cursor-background": "#FFD400",
            "block-cursor-foreground": "#000000",
            "input-selection-background": "#FFD400 35%",
            "scrollbar": "#8A8A8A",
            "scrollbar-hover": "#C0C0C0",
            "scrollbar-active": "#FFD400",
        },
    ),
)


def register_themes(app: App[Any]) -> None:
    """Make claimline's themes available in `app` (ctrl+p → Theme lists them)."""
    for theme in THEMES:
        if theme.name not in app.available_themes:
            app.register_theme(theme)


def theme_names() -> frozenset[str]:
    """Every theme claimline can show: Textual's built-in ones and claimline's own."""
    return frozenset(BUILTIN_THEMES) | {theme.name for theme in THEMES}


class RememberedThemeProvider(ThemeProvider):
    """Textual's theme list, whose choice is also written to claimline's config file, so
    the next start opens in it (`--theme` and CLAIMLINE_THEME still come first)."""

    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        return [(name, partial(self._choose, name)) for name, _ in super().commands]

    def _choose(self, name: str) -> None:
        from tui.config import ConfigError, remember_theme

        self.app.theme = name
        try:
            remember_theme(name)
        except ConfigError as error:
            self.app.notify(str(error), title="Theme not remembered", severity="warning")


def search_remembered_themes(app: App[Any]) -> None:
    """Open the theme palette (ctrl+p → Theme) with the remembering provider."""
    from tui.palette import Palette

    app.push_screen(Palette(providers=[RememberedThemeProvider], placeholder="Search for themes…"))
