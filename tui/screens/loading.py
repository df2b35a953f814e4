"""The first screen: which file is opening and how far it is, at once, whatever its size.

A 100,000-claim file takes seconds to read and check; the app shows this screen in its
first frame and shows the timeline when the worker is done. A small file, the bundled
one too, goes the same way: the screen shows for a moment, then the timeline replaces it
in the next frame. The App's keys (quit, help,
the command palette) work meanwhile; the screen has none of its own.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

KB = 1024
MB = 1024 * KB


class LoadingScreen(Screen[None]):
    """The file's name, a progress bar of the bytes read, then what is being done."""

    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen > Vertical { width: 72; max-width: 95%; height: auto; }
    LoadingScreen Static { width: 1fr; height: auto; content-align: center middle; }
    LoadingScreen #loading-title { text-style: bold; }
    LoadingScreen #loading-status { color: $text-muted; }
    LoadingScreen Center { height: auto; padding: 1 0; }
    """

    def __init__(self, name: str, size: int | None) -> None:
        super().__init__()
        self.file_name = name
        self.file_size = size

    def compose(self) -> ComposeResult:
        with Vertical():
            # The file name comes from the command line: shown as text, never as markup.
            yield Static(Text(f"Loading {self.file_name}"), id="loading-title")
            with Center():
                yield ProgressBar(total=self.file_size or None, show_eta=False, id="loading-bar")
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
        bar = self.query_one(ProgressBar)
        bar.update(total=total or None, progress=done)
        self.query_one("#loading-status", Static).update(self._read_text(done))

    def show_step(self, what: str) -> None:
        """What the worker does now that the file is read (checking it, building the
        timeline): the bar waits, as there is no count to show."""
        self.query_one(ProgressBar).update(total=None)
        self.query_one("#loading-status", Static).update(Text(what))

    def finish(self) -> None:
        """The dataset is open: the bar stops (a waiting bar redraws 15 times a second,
        even beneath the review screen)."""
        self.query_one(ProgressBar).update(total=1, progress=1)
