"""Drive a terminal app in a pseudo-terminal and time what reaches the screen.

The app runs as it does for a person: its own process, a real terminal (120x40) on the
other end. This side plays the terminal: it answers Textual's query for synchronized
output, so every frame the app paints arrives between "begin update" and "end update"
marks, and the end mark is when the frame is complete. Nothing in the app is patched or
driven from inside (no Pilot), so the times include everything a person waits for:
reading the key, the app's work, rendering the frame and writing it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import resource
import select
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # mode 2026 known (and off until the app turns it on)
FRAME_END = b"\x1b[?2026l"

_ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>78]")

KEYS = {
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "end": b"\x1b[F",
    "home": b"\x1b[H",
    "escape": b"\x1b",
}


@dataclass
class KeyTime:
    """When the frames caused by a key were complete, in seconds after the key was sent."""

    first: float | None  # the first frame after the key
    settled: float | None  # the last frame before the screen went quiet
    complete: float | None = None  # the frame that shows all the key did (press_until)


class Terminal:
    """A pseudo-terminal running one app process."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        size: tuple[int, int] = (120, 40),
        env: dict[str, str] | None = None,
        cwd: str | None = None,
    ) -> None:
        master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.master = master
        self.output = bytearray()
        self.frame_ends: list[float] = []  # when each complete frame had arrived
        self.frame_offsets: list[int] = []  # and where in the output it ends
        self.chunks: list[float] = []  # when any output arrived
        self._answered = False
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.rusage: resource.struct_rusage | None = None
        self.closed = False

    # -- reading ------------------------------------------------------------------------

    def _pump(self, timeout: float) -> bool:
        """Read what the app wrote within `timeout` seconds; False if nothing came."""
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 1 << 20)
        except OSError:  # the app has gone and the terminal closed
            return False
        if not chunk:
            return False
        now = time.perf_counter()
        # Marks found from here on are new: one may straddle the previous read.
        start = max(len(self.output) - len(FRAME_END) + 1, 0)
        self.output += chunk
        self.chunks.append(now)
        if not self._answered and SYNC_QUERY in self.output:
            os.write(self.master, SYNC_REPLY)
            self._answered = True
        index = self.output.find(FRAME_END, start)
        while index != -1:
            self.frame_ends.append(now)
            self.frame_offsets.append(index + len(FRAME_END))
            index = self.output.find(FRAME_END, index + 1)
        return True

    def wait_for(self, markers: Sequence[bytes], timeout: float = 60.0) -> float | None:
        """Seconds from the start of the process until every marker has been written."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if all(marker in self.output for marker in markers):
                return self.chunks[-1] - self.started
            if not self._pump(deadline - time.perf_counter()) and not self.alive():
                return None
        return None

    def wait_for_any(self, markers: Sequence[bytes], timeout: float = 60.0) -> float | None:
        """Seconds from the start of the process until one of the markers has been written."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if any(marker in self.output for marker in markers):
                return self.chunks[-1] - self.started
            if not self._pump(deadline - time.perf_counter()) and not self.alive():
                return None
        return None

    def settle(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Read until the app has written nothing for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and self._pump(quiet):
            pass

    # -- keys -----------------------------------------------------------------------------

    def press(self, key: str, *, quiet: float = 0.15, patience: float = 5.0) -> KeyTime:
        """Send a key; time its first frame and the last one before the screen went quiet.

        Waits up to `patience` seconds for a first frame (a key that changes nothing paints
        nothing), then until no frame has come for `quiet` seconds.
        """
        data = KEYS.get(key, key.encode("utf-8"))
        frames_before = len(self.frame_ends)
        sent = time.perf_counter()
        os.write(self.master, data)
        deadline = sent + patience
        while len(self.frame_ends) == frames_before and time.perf_counter() < deadline:
            self._pump(deadline - time.perf_counter())
        if len(self.frame_ends) == frames_before:
            return KeyTime(None, None)
        while True:
            last = self.frame_ends[-1]
            remaining = last + quiet - time.perf_counter()
            if remaining <= 0:
                break
            self._pump(remaining)
        frames = self.frame_ends[frames_before:]
        return KeyTime(frames[0] - sent, frames[-1] - sent)

    def press_until(
        self, key: str, text: str, *, then: str | None = None, patience: float = 30.0
    ) -> KeyTime:
        """Send a key; time its first frame and the first frame that shows `text`.

        For keys whose effect is known by what it shows (a search shows its query in the
        header with the filtered timeline), so that later frames that have nothing to do
        with the key (a blinking cursor) are not counted. `then`: a regular expression
        shown later still (a search's count of claims, once its whole result is found),
        timed as `complete`.
        """
        data = KEYS.get(key, key.encode("utf-8"))
        wanted = text.encode("utf-8")
        later = re.compile(then.encode("utf-8")) if then is not None else None
        frames_before = len(self.frame_ends)
        start = len(self.output)
        sent = time.perf_counter()
        os.write(self.master, data)
        deadline = sent + patience
        checked = frames_before
        settled = None
        while time.perf_counter() < deadline:
            while checked < len(self.frame_ends):
                shown = _ANSI.sub(b"", bytes(self.output[start : self.frame_offsets[checked]]))
                at = self.frame_ends[checked] - sent
                if settled is None and wanted in shown:
                    settled = at
                if settled is not None and (later is None or later.search(shown)):
                    first = self.frame_ends[frames_before] - sent
                    return KeyTime(first, settled, at if later is not None else None)
                checked += 1
            self._pump(deadline - time.perf_counter())
        first = self.frame_ends[frames_before] - sent if checked > frames_before else None
        return KeyTime(first, settled)

    # -- ending -----------------------------------------------------------------------------

    def alive(self) -> bool:
        """Whether the app still runs (reaping it, with its resource usage, if not)."""
        if self.rusage is not None:
            return False
        pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
        if not pid:
            return True
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self.rusage = usage
        return False

    def close(self, quit_key: str = "q", timeout: float = 30.0) -> int | None:
        """Ask the app to quit, reap it and keep its resource usage (peak memory); once."""
        if self.closed:
            return self.process.returncode
        self.closed = True
        if self.alive():
            with contextlib.suppress(OSError):
                os.write(self.master, quit_key.encode())
            deadline = time.perf_counter() + timeout
            while self.alive() and time.perf_counter() < deadline:
                self._pump(0.05)
            if self.alive():
                self.process.kill()
                _, status, usage = os.wait4(self.process.pid, 0)
                self.process.returncode = os.waitstatus_to_exitcode(status)
                self.rusage = usage
        os.close(self.master)
        return self.process.returncode

    @property
    def max_rss_mb(self) -> float | None:
        """The process's peak resident memory (Linux reports kilobytes)."""
        return None if self.rusage is None else self.rusage.ru_maxrss / 1024
