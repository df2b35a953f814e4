"""Keys typed at once are answered in turn: each goes where the keys before it left focus.

Textual hands a key to the widget focused when the app reads it from the terminal, and
the app reads a whole terminal read at once (a paste without bracketing, tmux's
`send-keys "nhello"`, a fast typist on a busy machine). The first key's binding runs only
once the key has been through the focused widget and its parents and reached the app;
by then the rest have already been handed to the same widget. So after `n` (which opens
the note editor) the text `hello` went to the timeline and was lost: the editor's text
box never saw it. (Where the first key only moved the focus, to the search field, the
rest ran the timeline's bindings: `/quito` quit.)

`KeyOrder` hands on one typed key (or paste) at a time. The next waits until the one
before has been handled everywhere it goes and what it started there is done: a screen
it pushed is mounted and the focus its `on_mount` asked for is set. Then the next goes
to whatever is focused by then, the dialog's text box.

Knowing "handled" needs neither a timer nor a frame: Textual's message queues are first
in, first out, so a callback posted to the focused widget behind the key runs once that
widget is done with it, and posting on to the widget's parent from there keeps it behind
the key all the way up. Past the app it goes once more through the app's queue, behind
the `focus()` calls the key made (Textual runs them from there); when the key put a new
screen on top, through that screen first, behind its `ScreenResume` (its auto focus). A
key typed alone is handed on at once, as before; a key that follows another waits only
for those few queue hops.

Walked twice: a key's binding runs on the app once the key has come through, and what
the action posts to a widget (an Input's `Submitted` on Enter, a Button's `Pressed`)
is handled there and bubbles up to the screen that acts on it after the first walk has
passed. The second walk, from the widget the key went to up to the app again, comes
behind those messages: before it, `e`, a file name, Enter and `?` typed at once wrote
`name.md?` (the `?` reached the field before the dialog read it). What those handlers
post in turn is not waited for.

Kept for a screen to come: while a stand-in screen is up (the preview of a reopened
file, tui/screens/preview.py), a key it does not answer is kept (`hold`), and every key
typed after it too, so that they keep their order; once the real screen has replaced it
and is mounted, they are handed on to it, first, as if typed then (`release`).

No step of a walk is lost: Textual runs the callbacks a widget or screen has accepted
before it closes (one that is being removed finishes its queue first) and refuses
them after, when the walk goes on from the parent; tests/test_keys_fuzz.py types
random bursts across every screen and checks the app still answers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode

Step = Callable[[DOMNode], Awaitable[None] | None]


class KeyOrder:
    """One typed key or paste at a time, each after the previous one's effects."""

    def __init__(self, app: App[Any], hand_on: Callable[[events.Event], Awaitable[None]]) -> None:
        """`hand_on` gives an event to the app as Textual would (its priority bindings,
        then the focused widget, or the screen when nothing is focused)."""
        self._app = app
        self._hand_on = hand_on
        self._waiting: deque[events.Event] = deque()
        self._busy = False
        self._screen: DOMNode = app  # the screen on top when the key was handed on
        self._target: DOMNode = app  # the widget the key was handed to
        self._walked_once = False
        self._holds: Callable[[events.Event], bool] | None = None
        self._held: deque[events.Event] = deque()

    async def typed(self, event: events.Event) -> None:
        """A key or paste read from the terminal: handed on now, or after those before it."""
        if self._busy:
            self._waiting.append(event)
        elif not self._kept(event):
            await self._hand(event)

    def hold(self, holds: Callable[[events.Event], bool]) -> None:
        """From now, a key whose turn comes while `holds(key)` is true is kept, and every
        key after it (they are kept in order), until `release`: a screen that stands in for
        another (the preview) answers its own keys and keeps the rest for the one to come."""
        self._holds = holds

    def release(self) -> None:
        """Hand on the kept keys, in order and before any typed since, once the screen now
        on top has handled what is queued to it (its mount, the selection it starts on)."""
        self._holds = None
        self._waiting.extendleft(reversed(self._held))
        self._held.clear()
        if self._waiting and not self._busy:
            self._busy = True
            self._post(self._top(), self._back_to_app)

    def _kept(self, event: events.Event) -> bool:
        """Whether the key waits for `release` (it is kept for it)."""
        if self._holds is None or not (self._held or self._holds(event)):
            return False
        self._held.append(event)
        return True

    async def _hand(self, event: events.Event) -> None:
        app = self._app
        self._screen = self._top()
        self._target = app.focused or self._screen
        self._walked_once = False
        self._busy = True
        try:
            await self._hand_on(event)
        finally:
            # Not forwarded: a priority binding (the search key, ctrl+p) ran on the app.
            self._post(self._target if event.is_forwarded else app, self._passed)

    def _passed(self, node: DOMNode) -> None:
        """`node` is done with the key: follow it up to the parent; past the app, up
        again from the key's widget (behind what its action posted there), then once
        more through the app, or through a screen the key put on top and back."""
        app = self._app
        if node is not app:
            self._post(node.parent or app, self._passed)
        elif not self._walked_once:
            self._walked_once = True
            self._post(self._target, self._passed)
        elif self._top() is not self._screen:
            self._post(self._top(), self._back_to_app)
        else:
            self._post(app, self._next)

    def _back_to_app(self, node: DOMNode) -> None:
        self._post(self._app, self._next)

    async def _next(self, node: DOMNode) -> None:
        self._busy = False
        while self._waiting:
            event = self._waiting.popleft()
            if not self._kept(event):
                await self._hand(event)
                return

    def _top(self) -> DOMNode:
        """The screen on top (the app itself while it has none)."""
        stack = self._app.screen_stack
        return stack[-1] if stack else self._app

    def _post(self, node: DOMNode, step: Step) -> None:
        """Run `step` on `node`'s task once it has handled what is queued there now; a
        node already closed (a dialog the key dismissed) passes it to its parent."""
        while not node.call_later(step, node):
            if node is self._app:  # closing: nothing more is handed on
                self._waiting.clear()
                self._held.clear()
                return
            node = node.parent or self._app
