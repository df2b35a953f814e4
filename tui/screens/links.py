"""Opening and copying a claim's evidence links: `o` opens one in the browser, `y` copies it.

A claim with several links asks which one first. A browser is started from a worker thread
(some wait until the browser exits), and a terminal browser (lynx, w3m…) is never started:
it would draw over the app in the same terminal. Where no browser can be started (a server
over ssh, tmux without a desktop), the message says so and names the copy key.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from facts.links import Link, evidence_links, is_web_url
from facts.model import Claim, Dataset
from tui.rendering import flat, link_text

# Browsers that run inside the terminal: started from here they would fight the app for it.
TERMINAL_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m"})


class LinkChooser(ModalScreen[Link | None]):
    """Which of the claim's links to open or copy; Enter chooses, Esc goes back."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="links.close"),
    ]

    CSS_PATH = "modal.tcss"  # the box every modal shares

    def __init__(self, links: list[Link], doing: str) -> None:
        super().__init__()
        self.links = links
        self.doing = doing

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label(Text(f"Which link to {self.doing}? Enter chooses, Esc goes back."))
            options = []
            for link in self.links:
                # One line each: a URL wrapped over lines reads (and copies) as two.
                title = Text(flat(link.label), style="bold", no_wrap=True, overflow="ellipsis")
                options.append(Option(Group(title, link_text(link.url))))
            yield OptionList(*options, id="links-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.links[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)


def choose_link(
    app: App[object], links: list[Link], doing: str, then: Callable[[Link], None]
) -> None:
    """Call `then` with the link: the only one, or the one chosen from several."""
    if len(links) == 1:
        then(links[0])
        return

    def chosen(link: Link | None) -> None:
        if link is not None:
            then(link)

    app.push_screen(LinkChooser(links, doing), chosen)


def open_in_browser(url: str) -> str | None:
    """Hand `url` to the desktop's browser; None when it was, else why not (for the user).

    Blocking: call it from a worker thread.
    """
    if not is_web_url(url):
        return "Only http and https links are opened."
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "No web browser can be started from this terminal."
    if getattr(browser, "name", "") in TERMINAL_BROWSERS:
        return "The only browser here runs in the terminal, which claimline is using."
    try:
        opened = browser.open(url, new=2)
    except OSError as error:
        return f"The browser could not be started ({error})."
    return None if opened else "The browser did not accept the link."


def open_link(screen: Screen[Any], dataset: Dataset, claim: Claim, copy_key: str) -> None:
    """`o`: open the claim's evidence link (chosen, when several) in a browser thread, and
    say what happened; where none can start, name `copy_key` and the link instead."""

    def start(link: Link) -> None:
        def work() -> None:
            problem = open_in_browser(link.url)
            if problem is None:
                message, severity = f"Opened in the browser: {link.url}", "information"
            else:
                message = f"{problem} Press {copy_key} to copy the link instead: {link.url}"
                severity = "warning"
            screen.app.call_from_thread(screen.notify, message, severity=severity, timeout=8)

        screen.run_worker(work, thread=True, group="browser")

    _with_link(screen, dataset, claim, "open", start)


def copy_link(screen: Screen[Any], dataset: Dataset, claim: Claim) -> None:
    """`y`: copy the claim's evidence link (chosen, when several) through the terminal."""

    def copy(link: Link) -> None:
        screen.app.copy_to_clipboard(link.url)
        screen.notify(
            f"Copied {link.url} (through the terminal: a terminal or tmux that does not "
            "allow programs to set the clipboard copies nothing).",
            timeout=6,
        )

    _with_link(screen, dataset, claim, "copy", copy)


def _with_link(
    screen: Screen[Any], dataset: Dataset, claim: Claim, doing: str, then: Callable[[Link], None]
) -> None:
    links = evidence_links(dataset, claim)
    if not links:
        screen.notify("This claim's evidence has no web link.", timeout=3)
        return
    choose_link(screen.app, links, doing, then)
