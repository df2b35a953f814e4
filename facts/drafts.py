"""Notes begun and not saved, kept on this machine so a crash or a quit loses none of them.

A note being typed lives in the editor until it is saved to the review store; a closed
terminal, a killed process or a crash would otherwise lose it. Each unsaved note is kept
in a small JSON file of its own in claimline's state folder (platformdirs, so
XDG_STATE_HOME is respected), named after the store, the dataset, the reviewer and the
claim: a draft comes back only to the same reviewer, on the same claim of the same
dataset in the same store. A store file is named by its resolved path, so the same file
reached through a symlink or a path with `..` has the same drafts; a server by its URL
without its password. One file per draft means two claimlines writing drafts of different
claims never overwrite each other's.

Files are written atomically (`facts.atomic`), by one background thread
(`facts.draft_writer`) so that typing never waits for the disk: `keep` and `forget` queue
the work and return. Nothing here raises: a damaged or unreadable file is ignored and a
write the disk refuses is skipped, each with one line given to `warn` (the app shows it,
from whichever thread); the editor still holds the text either way.

Drafts older than `MAX_AGE` are not offered and their files are removed, the first time
the folder is used in a run (one listing of it, on the background thread).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from facts.atomic import ExportError, write_atomic
from facts.control_chars import without_controls
from facts.draft_writer import WRITER, Job

if TYPE_CHECKING:
    from facts.store.protocol import Store

_FORMAT = "claimline-draft-1"
_log = logging.getLogger("claimline.drafts")

MAX_AGE = 90 * 24 * 3600
"""Seconds after its last change that a draft is given up (90 days).

A draft whose dataset was deleted or renamed, whose store moved, or whose claim is gone
can never be offered again, and nothing else would ever remove its file. A draft is a
note somebody typed, so it is kept long enough to outlast a holiday, a term break or a
project put aside for a season; a file is a few hundred bytes, so keeping it that long
costs nothing worth losing a note for. After three months, a note never saved is given
up."""

# A draft's file (a digest, see `DraftFiles.path_of`), or the temporary file of a write
# that a killed process left behind (facts.atomic's names): the only names ever removed.
_OURS = re.compile(r"[0-9a-f]{32}\.json|\.claimline-.*\.tmp")
_swept: set[Path] = set()  # the folders whose old drafts this run has had removed
_swept_lock = threading.Lock()


def default_drafts_folder() -> Path:
    """Where drafts are kept unless told otherwise: claimline's user state folder."""
    import platformdirs

    return platformdirs.user_state_path("claimline") / "drafts"


def store_key(store: Store) -> str:
    """The store as drafts name it: an SQLite file by its resolved path (the same file
    through a symlink, a relative path or `..` is one store), a server by its URL without
    its password (`where`)."""
    from facts.store.sqlite import ReviewStore

    if isinstance(store, ReviewStore):
        try:
            return str(store.path.resolve())
        except (OSError, RuntimeError):  # a symlink loop: the path as given, then
            return store.where
    return store.where


def flush(timeout: float | None = None) -> bool:
    """Wait until every draft handed over so far is on disk (or refused, and said so), at
    most `timeout` seconds (None: as long as it takes); whether they all are. The app
    calls it as it quits."""
    return WRITER.flush(timeout)


class DraftFiles:
    """One reviewer's unsaved notes on one dataset of one store, a file per claim."""

    def __init__(self, folder: Path, store: str, dataset_id: str, reviewer: str) -> None:
        """`store` is the store as `store_key` names it."""
        self.folder = folder
        self._key = {"store": store, "dataset": dataset_id, "reviewer": reviewer}
        # Told each problem in one line; the app replaces it with a notification. It is
        # called from the writer's thread too.
        self.warn: Callable[[str], None] = _log.warning
        self._last_warning: str | None = None
        self._warning_lock = threading.Lock()

    def path_of(self, claim_id: str) -> Path:
        """The claim's draft file (a digest of the key: ids and paths may hold anything)."""
        key = json.dumps([*self._key.values(), claim_id], ensure_ascii=False)
        return self.folder / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"

    def keep(self, claim_id: str, text: str) -> None:
        """Have `text` written as the claim's draft soon, on the writer's thread."""
        self._sweep_once()
        WRITER.put(self.path_of(claim_id), Job(partial(self.write, claim_id, text), text))

    def forget(self, claim_id: str) -> None:
        """Have the claim's draft removed soon, after any write queued before."""
        WRITER.put(self.path_of(claim_id), Job(partial(self.remove, claim_id)))

    def read(self, claim_id: str) -> str | None:
        """The claim's draft (the latest handed over, if it is not on disk yet); None
        when there is none, it is older than MAX_AGE or its file cannot be used."""
        self._sweep_once()
        path = self.path_of(claim_id)
        pending = WRITER.latest(path)
        if pending is not None:
            return without_controls(pending.text) if pending.text else None
        try:
            with path.open("rb") as file:
                if time.time() - os.fstat(file.fileno()).st_mtime > MAX_AGE:
                    return None  # given up; the sweep removes it
                raw = file.read()
        except FileNotFoundError:
            return None
        except OSError as error:
            self._warn(
                f"The draft file {path} was ignored: cannot read it ({error.strerror or error})."
            )
            return None
        try:
            record = json.loads(raw)
        except (ValueError, RecursionError) as error:  # ValueError: UnicodeDecodeError too
            self._warn(f"The draft file {path} was ignored: it is damaged (not JSON: {error}).")
            return None
        text = record.get("text") if isinstance(record, dict) else None
        if not isinstance(record, dict) or record.get("format") != _FORMAT:
            self._warn(f"The draft file {path} was ignored: it is not a claimline draft.")
            return None
        if not isinstance(text, str):
            self._warn(f"The draft file {path} was ignored: it has no text.")
            return None
        if any(record.get(name) != value for name, value in self._key.items()):
            return None  # another key with the same digest: not this claim's draft
        if record.get("claim") != claim_id:
            return None
        return without_controls(text) or None

    def write(self, claim_id: str, text: str) -> bool:
        """Write `text` as the claim's draft now; whether it reached the disk."""
        record = {
            "format": _FORMAT,
            **self._key,
            "claim": claim_id,
            "text": text,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomic(self.path_of(claim_id), json.dumps(record, ensure_ascii=False), force=True)
        except (OSError, ExportError) as error:
            self._warn(f"The draft is kept only while claimline runs, not on disk: {error}")
            return False
        with self._warning_lock:
            self._last_warning = None
        return True

    def remove(self, claim_id: str) -> None:
        """Remove the claim's draft file now (saved or discarded)."""
        path = self.path_of(claim_id)
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            self._warn(f"The draft file {path} could not be removed: {error.strerror or error}.")

    def remove_old(self) -> None:
        """Remove the drafts (and stray temporary files) last changed more than MAX_AGE
        ago; a draft written since is newer, so none of this run's is touched."""
        cutoff = time.time() - MAX_AGE
        try:
            with os.scandir(self.folder) as entries:
                old = [e.path for e in entries if _OURS.fullmatch(e.name) and _before(e, cutoff)]
            for path in old:
                _log.info("Removing the draft file %s, unchanged for too long", path)
                Path(path).unlink(missing_ok=True)  # missing: another claimline removed it
        except FileNotFoundError:
            return  # no drafts yet
        except OSError as error:  # left for another run: not worth interrupting anyone
            _log.warning("Old drafts in %s were not removed: %s", self.folder, error)

    def _sweep_once(self) -> None:
        """The first time this run uses the folder, have its old drafts removed (on the
        writer's thread, so the listing never holds up the screen)."""
        with _swept_lock:
            if self.folder in _swept:
                return
            _swept.add(self.folder)
        WRITER.put(("remove old drafts", self.folder), Job(self.remove_old))

    def _warn(self, message: str) -> None:
        """Say each problem once in a row: a full disk is not repeated every half second."""
        with self._warning_lock:
            if message == self._last_warning:
                return
            self._last_warning = message
        self.warn(message)


def _before(entry: os.DirEntry[str], cutoff: float) -> bool:
    """Whether the entry is a file last changed before `cutoff`."""
    try:
        return (
            entry.is_file(follow_symlinks=False)
            and entry.stat(follow_symlinks=False).st_mtime < cutoff
        )
    except OSError:  # gone meanwhile
        return False
