"""The review screen's search field: an `Input` whose typing asks for no layout pass.

Textual's `Input` gives itself a virtual size as wide as its text on every keystroke, and
a virtual size that changes asks the screen for a layout pass: the whole screen laid out
and painted again (25-30 ms at 100,000 claims, on top of the search itself). The field's
own size never depends on its text (its width and height are set in CSS), so its virtual
size is kept as a plain value: the field scrolls its text by it all the same, and repaints
itself when the text changes.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchInput(Input):
    """A one-line search field that repaints itself, never the screen, as it is typed in."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
