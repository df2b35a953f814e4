"""What the hardening tests share: the mini dataset as data, hostile text, a pseudo-terminal."""

from __future__ import annotations

import copy
import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import settings
from textual.app import App

from facts.yaml_loader import load_yaml
from tui.widgets.detail_panel import DetailPanel

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
TESTS = HERE.parent
ROOT = TESTS.parent
MINI_PATH = TESTS / "data" / "mini.yaml"
MINI: dict[str, Any] = load_yaml(MINI_PATH.read_text(encoding="utf-8"))
# The installed command, as people run it (or the same entry point, where not installed).
_SCRIPT = Path(sys.executable).parent / "claimline"
CLAIMLINE = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "tui.cli"]

# Escape sequences a hostile dataset or store would like to reach the terminal with.
OSC52 = "\x1b]52;c;U0VDUkVU\x07"  # write "SECRET" to the clipboard
OSC8 = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"  # a hyperlink
OSC0 = "\x1b]0;PWNED-TITLE\x07"  # retitle the window
SGR_RED = "\x1b[31mRED\x1b[0m"
CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\x9b2J"  # the one-character CSI: clear the screen
HOSTILE_CONTROLS = OSC52 + OSC8 + OSC0 + SGR_RED + CLEAR + C1_CSI + "\x07\x08\x7f\x00\r"
# The control characters of the above that nothing may pass on (newlines and tabs may).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

MARKUP = "[bold red]Founded[/] in [link=https://evil.example]2009[/link] [@click=app.quit]x[/]"


def hardening_settings() -> settings:
    """The profile registered in conftest.py: 2,000 examples under CI, 200 locally."""
    return settings.get_profile("hardening-ci" if os.environ.get("CI") else "hardening-local")


def mini(**changes: Any) -> dict[str, Any]:
    """A deep copy of mini.yaml's data, with top-level keys replaced."""
    data = copy.deepcopy(MINI)
    data.update(changes)
    return data


def dump(data: Any, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=2**20).encode("utf-8")


def write(path: Path, data: Any) -> Path:
    """Write data as JSON or YAML, by the path's suffix."""
    path.write_bytes(dump(data, "json" if path.suffix == ".json" else "yaml"))
    return path


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes: to prove a failure wrote nothing."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def panel_text(app: App) -> str:
    """All the app's detail panel holds, scrolled into view or not, as plain text."""
    parts: list[object] = []
    for part in app.query_one(DetailPanel).parts:  # the claim, then reference and history
        parts += getattr(part, "renderables", [part])
    return "\n".join(getattr(part, "plain", str(part)) for part in parts)


def subprocess_env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TEXTUAL_ANIMATIONS": "none",
        "PYTHONUNBUFFERED": "1",
    }


class PtyApp:
    """A command run in a pseudo-terminal: the bytes it writes to the terminal are kept.

    This is what a real terminal would receive, so checking these bytes checks what could
    drive it.
    """

    def __init__(self, argv: list[str], *, rows: int = 40, columns: int = 120) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {
            **subprocess_env(),
            "TERM": "xterm-256color",
            "COLUMNS": str(columns),
            "LINES": str(rows),
        }
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def read_for(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if not self._read_once(left):
                return

    def read_until(self, marker: bytes, timeout: float = 30.0, start: int = 0) -> bool:
        """Read until `marker` appears after offset `start`; False on timeout or exit."""
        end = time.monotonic() + timeout
        while marker not in self.output[start:]:
            left = end - time.monotonic()
            if left <= 0 or not self._read_once(left):
                return marker in self.output[start:]
        return True

    def _read_once(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], min(timeout, 0.2))
        if not ready:
            return self.process.poll() is None
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the other side closed
            return False
        if not chunk:
            return False
        self.output.extend(chunk)
        return True

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def finish(self, timeout: float = 30.0) -> int:
        """Wait for the command to exit by itself, reading what it writes."""
        end = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < end:
            self._read_once(0.2)
        self.read_for(0.2)
        if self.process.poll() is None:
            self.kill()
            raise AssertionError(f"{self.process.args} did not exit within {timeout}s")
        return self.process.returncode

    def close(self) -> None:
        self.kill()
        os.close(self.master)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TinyFilesystem:
    """A small tmpfs mounted for one test: a real full disk, or a real read-only one.

    Needs root (or CAP_SYS_ADMIN); `available()` says why not otherwise, for a skip.
    """

    def __init__(self, folder: Path, size: str = "256k") -> None:
        self.path = folder
        self.size = size

    @staticmethod
    def available(probe: Path) -> str | None:
        """None if a tmpfs can be mounted here, else the reason it can't."""
        probe.mkdir(parents=True, exist_ok=True)
        try:
            result = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(probe)],
                capture_output=True,
                text=True,
            )
        except OSError as error:
            return f"cannot run mount to make a full or read-only disk: {error}"
        if result.returncode != 0:
            return f"cannot mount a tmpfs to make a full or read-only disk: {result.stderr.strip()}"
        subprocess.run(["umount", str(probe)], check=True)
        return None

    def __enter__(self) -> TinyFilesystem:
        self.path.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={self.size},mode=0755", "tmpfs", str(self.path)],
            check=True,
        )
        return self

    def read_only(self, read_only: bool = True) -> None:
        option = "remount,ro" if read_only else "remount,rw"
        subprocess.run(["mount", "-o", option, str(self.path)], check=True)

    def free(self) -> int:
        stat = os.statvfs(self.path)
        return stat.f_bavail * stat.f_frsize

    def fill(self, leave: int = 0) -> Path:
        """Fill the disk up, leaving at most `leave` bytes free; returns the filler file."""
        filler = self.path / "filler"
        with filler.open("ab", buffering=0) as handle:
            while self.free() > leave:
                try:
                    handle.write(b"\0" * min(4096, self.free() - leave))
                except OSError:
                    break
        return filler

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["umount", "-l", str(self.path)], check=False)
