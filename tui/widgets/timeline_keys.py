"""The timeline's keys: moving through it. One binding each, with the id a keymap names and
the words the help and the palette show."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.bindings import section

TIMELINE_BINDINGS: list[BindingType] = [
    Binding("up,k", "cursor_up", "Up", show=False, id="timeline.up", group=section("Moving")),
    Binding(
        "down,j", "cursor_down", "Down", show=False, id="timeline.down", group=section("Moving")
    ),
    Binding(
        "pageup",
        "page_up",
        "Page up",
        show=False,
        id="timeline.page_up",
        group=section("Moving"),
    ),
    Binding(
        "pagedown",
        "page_down",
        "Page down",
        show=False,
        id="timeline.page_down",
        group=section("Moving"),
    ),
    Binding("home", "first", "First", show=False, id="timeline.first", group=section("Moving")),
    Binding("end", "last", "Last", show=False, id="timeline.last", group=section("Moving")),
    Binding(
        "left_square_bracket",
        "previous_year",
        "Previous year",
        show=False,
        tooltip="Go to the previous year",
        id="timeline.previous_year",
        group=section("Moving"),
    ),
    Binding(
        "right_square_bracket",
        "next_year",
        "Next year",
        show=False,
        tooltip="Go to the next year",
        id="timeline.next_year",
        group=section("Moving"),
    ),
    Binding(
        "enter",
        "open",
        "Go to claim",
        show=False,
        id="timeline.open",
        tooltip="On an 'also' row: go to the claim where it sits",
        group=section("Moving"),
    ),
]
