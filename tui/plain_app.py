"""The base of claimline's apps: notifications are plain text, never markup.

Notifications here carry data (a store's path, a claim id, an export's file name); a path
like `reviews [/] 2025` read as markup would crash the app, and a dataset could style the
message. Screens and widgets that call `self.notify` (which asks for markup by default)
get the same guarantee: the `markup` argument is not honoured.
"""

from __future__ import annotations

from textual.app import App, ReturnType
from textual.notifications import SeverityLevel


class PlainNotifyApp(App[ReturnType]):
    """An App whose `notify` shows its message exactly as given."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
