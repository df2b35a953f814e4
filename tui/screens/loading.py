"""The first screen: which file is opening and how far it is, at once, whatever its size.

A 100,000-claim file takes seconds to read and check; the app shows this screen in its
first frame and shows the timeline when the worker is done. A small file, the bundled
one too, goes the same way: the screen shows for a moment, then the timeline replaces it
in the next frame. The App's keys (quit, help,
the command palette) work meanwhile; the screen has none of its own.

The screen is four widgets and a few lines of styles, because it is the first frame and
every widget adds to the time before it: no containers (the screen centres its
children), and one widget for the bar and its percentage where Textual's `ProgressBar`
composes four (the bar, the percentage, the ETA and itself) and parses their styles.
"""

from __future__ import annotations

import time

from rich.align import Align
from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

KB = 1024
MB = 1024 * KB


class LoadingBar(Widget):
    """How much of the file is read, as a bar and a percentage; while there is nothing to
    count (the file is being checked), a pulse sweeps to and fro so the screen still
    moves."""

    COMPONENT_CLASSES = {"loading-bar--bar", "loading-bar--waiting", "loading-bar--done"}

    BAR_WIDTH = 32
    PULSE_SPEED = 30  # cells a second, as Textual's ProgressBar

    fraction: reactive[float | None] = reactive[float | None](0.0)
    """How much is done, 0 to 1; None while there is nothing to count."""

    def __init__(self, fraction: float | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(LoadingBar.fraction, fraction)

    def on_mount(self) -> None:
        # `set_reactive` calls no watcher: a bar that starts waiting (a pipe, no size to
        # count against) would otherwise never redraw its pulse.
        self.watch_fraction(self.fraction)

    def watch_fraction(self, fraction: float | None) -> None:
        # The pulse needs a frame 15 times a second; a count redraws only when it moves.
        self.auto_refresh = 1 / 15 if fraction is None else None

    def render(self) -> RenderableType:
        fraction = self.fraction
        width = self.BAR_WIDTH
        if fraction is None:
            component, label = "loading-bar--waiting", "--%"
            pulse = width / 4
            span = width + pulse  # the pulse runs into the corners and back
            start = (self.PULSE_SPEED * time.monotonic()) % (2 * span)
            start = (2 * span - start if start > span else start) - pulse
            highlight = (max(0.0, start), min(start + pulse, width))
        else:
            component = "loading-bar--bar" if fraction < 1 else "loading-bar--done"
            label = f"{round(fraction * 100)}%"
            highlight = (0, width * fraction)
        style = self.get_component_rich_style(component)
        bar = Bar(
            highlight,
            Style.from_color(style.color),
            Style.from_color(style.bgcolor),
            width=width,
        )
        row = Table.grid(padding=(0, 1))
        row.add_column(width=width)
        row.add_column(width=4, justify="right")
        row.add_row(bar, Text(label))
        return Align.center(row)


class LoadingScreen(Screen[None]):
    """The file's name, a bar of the bytes read, then what is being done."""

    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen > Static, LoadingScreen > LoadingBar {
        width: 72; max-width: 95%; height: auto; content-align: center middle;
    }
    LoadingScreen > LoadingBar { height: 1; margin: 1 0; }
    LoadingScreen #loading-title { text-style: bold; }
    LoadingScreen #loading-status { color: $text-muted; }
    LoadingBar > .loading-bar--bar { color: $primary; background: $surface; }
    LoadingBar > .loading-bar--waiting { color: $error; background: $surface; }
    LoadingBar > .loading-bar--done { color: $success; background: $surface; }
    """

    def __init__(self, name: str, size: int | None) -> None:
        super().__init__()
        self.file_name = name
        self.file_size = size

    def compose(self) -> ComposeResult:
        # The file name comes from the command line: shown as text, never as markup.
        yield Static(Text(f"Loading {self.file_name}"), id="loading-title")
        yield LoadingBar(0.0 if self.file_size else None, id="loading-bar")
        yield Static(self._read_text(0), id="loading-status")
        yield Footer(compact=True)

    def _read_text(self, done: int) -> Text:
        if not self.file_size:
            return Text("reading the file")
        # The bundled dataset and most files people write by hand are under a megabyte.
        unit, scale = ("MB", MB) if self.file_size >= MB else ("KB", KB)
        return Text(f"{done / scale:,.1f} of {self.file_size / scale:,.1f} {unit} read")

    def show_read(self, done: int, total: int) -> None:
        """How many bytes of the file have been read (called as the worker reads)."""
        self.file_size = total or self.file_size
        self.query_one(LoadingBar).fraction = min(done / total, 1.0) if total else None
        self.query_one("#loading-status", Static).update(self._read_text(done))

    def show_step(self, what: str) -> None:
        """What the worker does now that the file is read (checking it, building the
        timeline): the bar waits, as there is no count to show."""
        self.query_one(LoadingBar).fraction = None
        self.query_one("#loading-status", Static).update(Text(what))

    def on_screen_resume(self) -> None:
        """On top again (the help or the palette closed): the app's screen may be ready
        (the app waits for what the user opened, `ClaimlineBaseApp._show`)."""
        self.app.call_later(getattr(self.app, "resume_opening", lambda: None))

    def finish(self) -> None:
        """The dataset is open: the bar stops (a waiting bar redraws 15 times a second,
        even beneath the review screen)."""
        self.query_one(LoadingBar).fraction = 1.0
