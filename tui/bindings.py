"""Keys as the user has them: help rows, on-screen hints and keymap checks, all read from
Textual's own bindings (after the user's keymap), never from a copy of them.

Every binding has an id (`review.verified`), so a keymap can rebind it; sections of the help
come from the bindings' `Binding.Group`. A hint such as "press v (verified)" asks which key
the screen's binding answers to now, so a user who moved `verified` to `y` reads "press y".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

KeyRows = list[tuple[str, str, str]]  # keys, what they do, binding id (for keymap.yaml)


@dataclass(frozen=True)
class HelpSection(Binding.Group):
    """A binding's section in the help, equal only to itself.

    Textual's footer merges neighbouring bindings of one group under the group's name
    ("v d n z Reviewing"); claimline's footer names each key, so every binding gets a
    section of its own and the help gathers sections by their name.
    """

    __eq__ = object.__eq__
    __hash__ = object.__hash__


def section(name: str) -> Binding.Group:
    """A new help section called `name`, for one binding."""
    return HelpSection(name)


def page_bindings(prefix: str, what: str, section_name: str | None = None) -> list[Binding]:
    """Page Down / Page Up for a screen that scrolls `what` (`a long slide`, `the
    summary`): the same keys, ids and wording on every such screen."""
    return [
        Binding(
            keys,
            f"page({step})",
            f"Scroll {way}",
            id=f"{prefix}.page_{way}",
            show=False,
            group=section(section_name) if section_name else None,
            tooltip=f"Scroll {what} {way}",
        )
        for keys, step, way in (("pagedown", 1, "down"), ("pageup", -1, "up"))
    ]


def own_bindings(*holders: type[DOMNode]) -> list[Binding]:
    """The bindings with an id declared by these classes (and the classes they inherit)."""
    found: list[Binding] = []
    for holder in holders:
        for klass in holder.__mro__:
            declared: Iterable[BindingType] = klass.__dict__.get("BINDINGS", ())
            found += [b for b in declared if isinstance(b, Binding) and b.id]
    return found


def keymap_problem(keymap: Mapping[str, str], known: Iterable[str]) -> str | None:
    """What is wrong with a keymap's binding ids, with the nearest known id for each
    unknown one; None when every id names a binding."""
    ids = sorted(set(known))
    unknown = sorted(set(keymap) - set(ids))
    if not unknown:
        return None
    parts = []
    for name in unknown:
        near = get_close_matches(name, ids, n=1)
        parts.append(f"{name} (did you mean {near[0]}?)" if near else name)
    return f"keymap: no binding with id {', '.join(parts)}; ? lists every id"


def keys_after_keymap(app: App[Any], binding: Binding) -> list[str]:
    """The keys `binding` answers to once the user's keymap (`user_keymap`, by binding
    id) is applied: for a binding of a screen that is not up yet."""
    keymap: Mapping[str, str] = getattr(app, "user_keymap", {})
    given = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return [key.strip() for key in given.split(",")]


def keys_of(screen: Screen[Any], binding_id: str) -> str:
    """The keys the screen's binding `binding_id` answers to now, as the footer shows
    them (`v`, or `y` after a keymap); the id itself if nothing binds it."""
    app = screen.app
    keys = [
        app.get_key_display(active.binding)
        for active in screen.active_bindings.values()
        if active.binding.id == binding_id
    ]
    if not keys:
        # A focused text box hides the screen's letter keys from `active_bindings` (they
        # type there); the hint names the key that works once the box is left.
        keys = [
            app.get_key_display(binding)
            for bindings in screen._bindings.key_to_bindings.values()
            for binding in bindings
            if binding.id == binding_id
        ]
    return "/".join(dict.fromkeys(keys)) or binding_id


def help_sections(screen: Screen[Any]) -> list[tuple[str, KeyRows]]:
    """claimline's keys active on `screen` (focused widget, screen and app), one row per
    binding, in sections by binding group; a compact group makes one row of its bindings.

    Only bindings with an id are listed: they are claimline's own, and the id is what a
    keymap names. Textual's scrolling and focus keys work as in any Textual app.
    """
    app = screen.app
    rows: dict[tuple[str, str], list[str]] = {}
    texts: dict[tuple[str, str], tuple[str, str]] = {}
    heading = "Keys"
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system or not binding.id:
            continue
        group = binding.group
        if group is not None and not group.compact:
            heading = group.description
        if group is not None and group.compact:
            row = (heading, group.description)
            texts.setdefault(row, (group.description, binding.id))
        else:
            row = (heading, binding.id)
            texts.setdefault(row, (binding.tooltip or binding.description, binding.id))
        rows.setdefault(row, []).append(app.get_key_display(binding.with_key(key)))
    sections: dict[str, KeyRows] = {}
    # In the order the bindings are declared (a keymap moves a rebound one to the end).
    declared = {binding.id: at for at, binding in enumerate(own_bindings(*_holders(screen)))}
    for row, keys in sorted(rows.items(), key=lambda item: declared.get(texts[item[0]][1], 0)):
        description, binding_id = texts[row]
        compact = row[1] == description
        joined = " ".join(keys) if compact else ", ".join(keys)
        shown_id = f"{binding_id} …" if compact else binding_id
        sections.setdefault(row[0], []).append((joined, description, shown_id))
    return list(sections.items())


def _holders(screen: Screen[Any]) -> list[type[DOMNode]]:
    """The classes whose bindings are active on the screen: focused widgets, screen, app."""
    return list(dict.fromkeys(type(active.node) for active in screen.active_bindings.values()))


def palette_bindings(screen: Screen[Any]) -> list[Binding]:
    """The screen's own bindings, for the command palette (the app's and the widgets' keys
    have their own entries or only move a selection; one entry stands for a compact group)."""
    seen: set[str] = set()
    found = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node is not screen or not binding.id or binding.id in seen:
            continue
        if binding.group is not None and binding.group.compact:
            continue
        seen.add(binding.id)
        found.append(binding)
    return found
