"""A loopback TCP proxy between a store and the tests' PostgreSQL server that can cut a
connection at the worst moment: just as a change's COMMIT goes to the server.

Real bytes, a real server: the store's psycopg sees a connection that breaks as it would
on a network that drops, and the server does what it does with what reached it. Each
connection is pumped by two threads, one each way.

`cut("after")` arms a one-time cut: the next bytes from a client that hold a COMMIT are
forwarded whole, and when the server's answer comes (it has committed) it is dropped and
the client's socket closed. The server's side is left open and silent, as after a
network drop, so its process is still there (idle, the change committed) when the store
looks. `cut("before")` forwards that
client's bytes only up to the COMMIT and then cuts the same way: the server's process
holds an open transaction, with its locks, that will never commit.
`cut(…, then_refuse=True)` also makes the server unreachable through the proxy from the
moment of the cut on.

The COMMIT is found by its text, which psycopg sends in a Parse message, or, once psycopg
has prepared it (its fifth run on one connection), by the name it was prepared under.
"""

from __future__ import annotations

import socket
import threading
from contextlib import suppress
from typing import Literal

Cut = Literal["before", "after"]


def _commit_at(data: bytes, names: set[bytes]) -> int:
    """Where the message that runs a COMMIT begins in `data`, or -1: a simple Query ('Q',
    length, the text), a Parse message with its text ('P', length, the statement's name
    ending in NUL, the text), or a Bind of a COMMIT prepared before on this connection
    under a name in `names` ('B', length, portal "", the name). A name a Parse gives
    COMMIT is added to `names`."""
    at = data.find(b"COMMIT\0")
    if at >= 5 and data[at - 5] == ord("Q"):
        return at - 5  # a simple query
    if at >= 0:
        for start in range(at - 6, max(-1, at - 80), -1):
            name = data[start + 5 : at]
            if data[start] == ord("P") and name.endswith(b"\0") and b"\0" not in name[:-1]:
                if name != b"\0":
                    names.add(name[:-1])
                return start
        raise AssertionError("no Parse message before the COMMIT")
    for name in names:
        at = data.find(b"\0" + name + b"\0")
        if at >= 5 and data[at - 5] == ord("B"):
            return at - 5
    return -1


class Proxy:
    """Listens on 127.0.0.1 and forwards each connection to the server's Unix socket."""

    def __init__(self, socket_path: str) -> None:
        self._target = socket_path
        self._listening = socket.create_server(("127.0.0.1", 0))
        self.port = self._listening.getsockname()[1]
        self._armed: Cut | None = None
        self._refusing = False
        self._refuse_after = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = [self._listening]
        self.cuts = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self, where: Cut, *, then_refuse: bool = False) -> None:
        """Cut the next connection that sends a COMMIT (`then_refuse`: and let no new
        connection through from that moment, as if the server went away with it)."""
        self._refuse_after = then_refuse
        self._armed = where

    def close(self) -> None:
        with self._lock:
            for sock in self._sockets:
                with suppress(OSError):
                    sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listening.accept()
            except OSError:
                return
            if self._refusing:
                client.close()
                continue
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.connect(self._target)
            with self._lock:
                self._sockets += [client, server]
            dropped = threading.Event()
            up = (client, server, dropped, set())  # the names COMMIT is prepared under
            threading.Thread(target=self._up, args=up, daemon=True).start()
            threading.Thread(target=self._down, args=(server, client, dropped), daemon=True).start()

    def _up(
        self,
        client: socket.socket,
        server: socket.socket,
        dropped: threading.Event,
        commits: set[bytes],
    ) -> None:
        """Client to server; the cut happens here, when the COMMIT passes."""
        while True:
            try:
                data = client.recv(65536)
            except OSError:
                data = b""
            if not data:
                if not dropped.is_set():  # else the server's side stays open and silent
                    with suppress(OSError):
                        server.shutdown(socket.SHUT_WR)
                return
            at = -1 if dropped.is_set() else _commit_at(data, commits)
            armed = self._armed if at >= 0 else None
            if armed is None:
                server.sendall(data)  # after a cut "after", the rest of the pipeline too
                continue
            self._armed = None
            self._refusing = self._refusing or self._refuse_after
            dropped.set()  # from now on, nothing the server says reaches the client
            if armed == "after":
                server.sendall(data)  # the client is cut when the answer comes (`_down`)
            else:
                server.sendall(data[:at])
                self._hang_up(client)
                return

    def _hang_up(self, client: socket.socket) -> None:
        self.cuts += 1
        with suppress(OSError):
            client.shutdown(socket.SHUT_RDWR)
        client.close()

    def _down(self, server: socket.socket, client: socket.socket, dropped: threading.Event) -> None:
        """Server to client, until the cut; after it, the server's words go nowhere. The
        first answer after a cut "after" the COMMIT, which the server sends once it has
        committed, is the moment to cut the client."""
        answered = False
        while True:
            try:
                data = server.recv(65536)
            except OSError:
                data = b""
            if not data:
                if not dropped.is_set():
                    with suppress(OSError):
                        client.shutdown(socket.SHUT_WR)
                return
            if not dropped.is_set():
                with suppress(OSError):
                    client.sendall(data)
            elif not answered and client.fileno() != -1:
                answered = True
                self._hang_up(client)
