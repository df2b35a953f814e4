"""A disk that holds each draft write until the test lets it go: what a slow disk (a home
folder on the network) does to the drafts' writer."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest


class SlowDisk:
    """facts.drafts' write_atomic on a disk that holds each write until `release`; what
    reached the disk, in order, is in `written`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import facts.drafts

        self._real = facts.drafts.write_atomic
        self.started = threading.Event()  # a write is under way
        self.done = threading.Event()  # the first write is finished
        self._gate = threading.Event()
        self.written: list[str] = []
        monkeypatch.setattr("facts.drafts.write_atomic", self.write)

    def write(self, path: Path, data: str, *, force: bool = False) -> Path:
        self.started.set()
        assert self._gate.wait(10), "the test never released the disk"
        self.written.append(json.loads(data)["text"])
        written = self._real(path, data, force=force)
        self.done.set()
        return written

    def release(self) -> None:
        self._gate.set()
