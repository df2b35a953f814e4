"""The PostgreSQL store's second connection, which LISTENs for other claimlines' commits.

A commit sends a NOTIFY naming the connection that made it (a trigger on the history, see
`postgres_schema`), so a claimline learns of a colleague's verdict at once, without
polling the tables, and is not told of its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import suppress

import psycopg

CHANNEL = "claimline"
"""The NOTIFY channel every claimline on the database listens to."""

_GLANCE = 0.001
"""Seconds a look for NOTIFYs waits at least: with no wait at all, libpq does not read the
socket, and a server that went away would go unnoticed until the next look."""


class Listener:
    """One listening connection: `listen` opens it (raising the store's error), `token`
    is what this claimline's own NOTIFYs begin with, `check_open` refuses a closed store."""

    def __init__(
        self, listen: Callable[[], psycopg.Connection], token: str, check_open: Callable[[], None]
    ) -> None:
        self._listen = listen
        self._token = token
        self._check_open = check_open
        self._lock = threading.Lock()
        self._conn: psycopg.Connection | None = listen()

    def changed(self) -> bool:
        """Whether another claimline committed since the last call; never blocks.

        Reads the NOTIFYs already on the socket (no query). A reconnection counts as a
        change: what happened while away is unknown. While a worker is inside `wait`,
        this says False and the worker reports it.
        """
        if not self._lock.acquire(blocking=False):
            self._check_open()
            return False
        try:
            return self._notified(0.0)
        finally:
            self._lock.release()

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds for another claimline's commit; True if one came."""
        with self._lock:
            return self._notified(timeout)

    def close(self) -> None:
        if self._conn is not None:
            with suppress(psycopg.Error):
                self._conn.close()
        self._conn = None

    def _notified(self, timeout: float) -> bool:
        """Whether a NOTIFY from another claimline arrives within `timeout` seconds."""
        self._check_open()
        listener = self._conn
        if listener is None or listener.closed or listener.broken:
            self._conn = None
            self._conn = self._listen()
            return True
        deadline = time.monotonic() + timeout
        try:
            changed = False
            while not changed and (left := deadline - time.monotonic()) > 0:
                for note in listener.notifies(timeout=left, stop_after=1):
                    changed = changed or not note.payload.startswith(self._token)
            # A last glance takes what else waits on the socket (reported by this answer)
            # and notices a server that went away.
            for note in listener.notifies(timeout=_GLANCE):
                changed = changed or not note.payload.startswith(self._token)
            if listener.broken or listener.closed:
                raise psycopg.OperationalError("the connection was lost")
            return changed
        except psycopg.Error:
            # Lost (the server restarted, or cut us off): listen again at once, or say
            # the server can't be reached. Whatever was sent meanwhile is unknown: refresh.
            with suppress(psycopg.Error):
                listener.close()
            self._conn = None
            self._conn = self._listen()
            return True
