"""The presentation's keys, each with an id a keymap can rebind and a help section.

Kept apart from the screen (tui/screens/presentation.py) so that the screen reads as what
the keys do, and a key's wording, section and id are found in one list.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.bindings import page_bindings, section

# The number keys share one row of the help.
PICK = Binding.Group("Select that claim of the slide", compact=True)

PRESENTATION_BINDINGS: list[BindingType] = [
    Binding(
        "right,space",
        "next",
        "Next",
        id="present.next",
        key_display="→",
        group=section("Moving"),
        tooltip="Next event (after the last one: the summary)",
    ),
    Binding(
        "left",
        "previous",
        "Back",
        id="present.previous",
        group=section("Moving"),
        key_display="←",
        show=False,
        tooltip="Previous event",
    ),
    Binding(
        "home",
        "first",
        "First event",
        id="present.first",
        group=section("Moving"),
        show=False,
        tooltip="Go to the first event",
    ),
    Binding(
        "end",
        "last",
        "Last event",
        id="present.last",
        group=section("Moving"),
        show=False,
        tooltip="Go to the last event",
    ),
    Binding(
        "down",
        "move(1)",
        "Next claim",
        id="present.claim_down",
        group=section("Moving"),
        show=False,
        tooltip="Select the next claim on the slide",
    ),
    Binding(
        "up",
        "move(-1)",
        "Previous claim",
        id="present.claim_up",
        group=section("Moving"),
        show=False,
        tooltip="Select the previous claim on the slide",
    ),
    *(
        Binding(
            str(n),
            f"pick({n})",
            f"Claim {n}",
            id=f"present.claim_{n}",
            show=False,
            group=PICK,
            tooltip=f"Select claim {n} of the slide",
        )
        for n in range(1, 10)
    ),
    Binding(
        "v",
        "mark('verified')",
        "Verified",
        id="present.verified",
        group=section("Deciding"),
        tooltip="The class says the selected claim holds: record ✓ verified",
    ),
    Binding(
        "d",
        "mark('disputed')",
        "Disputed",
        id="present.disputed",
        group=section("Deciding"),
        tooltip="The class says the selected claim does not hold: record ✗ disputed",
    ),
    Binding(
        "u",
        "mark(None)",
        "Not judged",
        id="present.unreviewed",
        show=False,
        group=section("Deciding"),
        tooltip="Take the class's verdict back: the claim is not judged again",
    ),
    Binding(
        "n",
        "note",
        "Note",
        id="present.note",
        group=section("Deciding"),
        show=False,
        tooltip="Write the class's note on the selected claim (ctrl+s saves)",
    ),
    Binding(
        "z",
        "undo_or_redo('undo')",
        "Undo",
        id="present.undo",
        group=section("Deciding"),
        show=False,
        tooltip="Undo the class's last verdict or note",
    ),
    Binding(
        "Z",
        "undo_or_redo('redo')",
        "Redo",
        id="present.redo",
        group=section("Deciding"),
        show=False,
        tooltip="Redo what was undone",
    ),
    Binding(
        "r",
        "reveal",
        "Reference",
        id="present.reveal",
        group=section("Showing"),
        tooltip="Reveal (or hide) the curators' reference for the selected claim",
    ),
    Binding(
        "i",
        "detail",
        "Claim detail",
        id="present.detail",
        group=section("Showing"),
        show=False,
        tooltip="Everything about the selected claim: evidence, hints, history",
    ),
    Binding(
        "s",
        "summary",
        "Summary",
        id="present.summary",
        group=section("Showing"),
        tooltip="What the class judged and how it compares with the curators",
    ),
    *page_bindings("present", "a long slide", "Moving"),
    Binding(
        "q",
        "leave",
        "Leave",
        id="present.leave",
        group=section("Showing"),
        tooltip="Leave the presentation (every verdict is already saved; it reopens on this slide)",
    ),
    Binding(
        "escape",
        "ask_leave",
        "Leave?",
        id="present.ask_leave",
        show=False,
        group=section("Showing"),
        tooltip="Ask before leaving the presentation (Esc again stays)",
    ),
]
