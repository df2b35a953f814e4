"""What a PostgreSQL error means for the reviewers whose verdicts are on that server.

Every message names the server and database (never the password) and says what was not
saved and what to do; none carries psycopg's own wording alone, which speaks of sockets
and SQLSTATEs.
"""

from __future__ import annotations

import psycopg
from psycopg import errors

from facts.control_chars import without_controls
from facts.store.errors import StoreError


def _detail(error: psycopg.Error, secret: str | None) -> str:
    """The server's or libpq's own words, one line, with no control characters or password."""
    message = (error.diag.message_primary if error.diag else None) or str(error)
    line = " ".join(without_controls(message).split())
    if secret:
        line = line.replace(secret, "…")
    return line[:300]


def connect_failure(
    error: psycopg.Error, where: str, secret: str | None, unsaved: str | None = None
) -> StoreError:
    """Why the server could not be reached or refused us, and what to do; `unsaved` says
    what did not happen when this was a reconnection for a change."""
    detail = _detail(error, secret) + (f"; {unsaved}" if unsaved else "")
    lowered = detail.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return StoreError(
            f"The server refused the login to the review store ({where}): wrong user name or "
            "password. Put the password in ~/.pgpass or PGPASSWORD (never in --reviews), "
            "or ask whoever runs the server.",
            where,
            "auth",
        )
    if "does not exist" in lowered and "database" in lowered:
        return StoreError(
            f"There is no such database for the review store ({where}). Create it (see "
            "docs/team.md), or check the name in --reviews.",
            where,
            "missing",
        )
    if "role" in lowered and "does not exist" in lowered:
        return StoreError(
            f"The server knows no such user for the review store ({where}). Check the user "
            "name in --reviews, or ask whoever runs the server to create the role.",
            where,
            "auth",
        )
    return StoreError(
        f"The server holding the review store ({where}) can't be reached ({detail}). "
        "Check that it is running and reachable, then try again.",
        where,
        "down",
    )


def failure(error: psycopg.Error, where: str, unsaved: str, secret: str | None) -> StoreError:
    """An error during a read or a change; `unsaved` says what did not happen."""
    detail = _detail(error, secret)
    if isinstance(error, errors.InsufficientPrivilege | errors.ReadOnlySqlTransaction):
        return StoreError(
            f"claimline may not save verdicts in the review store ({where}): {detail}; "
            f"{unsaved}. Ask whoever runs the server to grant your role the rights in "
            "docs/team.md.",
            where,
            "readonly",
        )
    if isinstance(error, errors.DiskFull):
        return StoreError(
            f"The disk of the server holding the review store ({where}) is full; {unsaved}. "
            "Ask whoever runs the server to free space, then try again.",
            where,
            "full",
        )
    if isinstance(
        error,
        errors.SerializationFailure | errors.DeadlockDetected | errors.LockNotAvailable,
    ):
        return StoreError(
            f"The review store ({where}) is busy; {unsaved}. Try again.", where, "busy"
        )
    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return StoreError(
            f"The connection to the server holding the review store ({where}) was lost "
            f"({detail}); {unsaved}. claimline reconnects when the server is back: try again.",
            where,
            "down",
        )
    return StoreError(
        f"The review store ({where}) could not be used ({detail}); {unsaved}. Try again; "
        "if it goes on, ask whoever runs the server.",
        where,
        "io",
    )


def maybe_saved(error: psycopg.Error, where: str, maybe: str, secret: str | None) -> StoreError:
    """The connection was lost after the change was sent (`error`), and the server could
    not be asked since whether it arrived: `maybe` says what may have happened."""
    return StoreError(
        f"The connection to the server holding the review store ({where}) was lost while "
        f"the change was being saved ({_detail(error, secret)}), and the server can't be "
        f"asked whether it arrived: {maybe}. Do not count on it either way: once the server "
        "is back, reopen the dataset; the claim's history shows whether it is there.",
        where,
        "unknown",
    )
