"""The header: the dataset's title, review progress, and the active search and filter."""

from __future__ import annotations

from textual.widgets import Static

from facts.verdicts import Tally, TeamTally
from tui.rendering import literal


class StatusBar(Static):
    """Two lines at the top: what is being reviewed, and how far the review has come."""

    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 2;
        padding: 0 1;
        background: $primary;
        color: $text;
    }
    """

    def show(
        self,
        title: str,
        progress: Tally,
        filter_name: str,
        query: str,
        reviewer: str,
        team: TeamTally | None = None,
        found: int | None = None,
    ) -> None:
        """`progress` is the reviewer's own; `team` (None in a one-person store) is how far
        the team agrees; `found`: how many claims the search shows (None: not known yet,
        while the rows near the selection are shown and the rest are being found)."""
        text = literal(title, style="bold")  # the dataset's title is data
        text.no_wrap, text.overflow = True, "ellipsis"
        text.append("\n")
        text.append(progress.summary())
        if team is not None:
            text.append(f"  │  {team.summary()}")
        if filter_name != "all":
            text.append(f"  │  filter: {filter_name}", style="bold")
        if query:
            text.append("  │  search: ", style="bold")
            text.append(repr(query)[1:-1] if not query.isprintable() else query)
            if query.strip():  # blanks search nothing: every row is shown, none counted
                count = "…" if found is None else f"{found:,} claim{'s' * (found != 1)}"
                text.append(f" · {count}")
        text.append(f"  │  reviewer: {reviewer}")
        self.update(text, layout=False)  # two lines, whatever they say: no layout pass
