"""What a dataset cache entry is: its mark, its header and what the header must say.

An entry is MAGIC, the header's length, the header (JSON: the format, who made it, the
source file's path, size, time and SHA-256, the sizes of the parts that follow), an
HMAC-SHA256 over all of that and what follows (`store.py` checks it), the dataset's
columns (`codec.py`) and the folded search texts (`texts.py`). Apart from `store.py`,
which reads and writes entries and keeps the folder, so that each stays one concern.

Reading an entry's signed part (`read_signed`) needs neither Pydantic nor the models
(`codec` is imported only by `made_by`), so that `prefetch.py` can do it in a thread
while the app is still starting.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import struct
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

MAGIC = b"claimline dataset cache\n"
FORMAT = 3  # 2: the folded search texts follow the dataset; 3: a kind, and heads
KINDS = ("dataset", "head")  # a whole dataset's entry, or the head beside it (`head.py`)
LENGTH = struct.Struct("<I")  # the header's length
MAC_SIZE = 32
KEY_NAME = "key"
SUFFIX = ".dataset"
HEAD_SUFFIX = f"-head{SUFFIX}"  # the timeline's first rows, beside the dataset (`head.py`)


def source_of(real_path: str, stat: os.stat_result) -> dict[str, Any]:
    """What a cache entry says of the file it was made from (with its SHA-256)."""
    return {"path": real_path, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def content_digest(name: str, size: int) -> str | None:
    """The SHA-256 of the file's content, or None if it cannot be read or is not `size`
    bytes long (it changed since its size was read)."""
    try:
        with open(name, "rb") as handle:
            data = handle.read(size + 1)
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest() if len(data) == size else None


def file_identity(stat: os.stat_result) -> tuple[int, ...]:
    """What says a file has not changed: its change time moves on any write or `touch`,
    and no one can set it back."""
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


class ContentDigest:
    """The SHA-256 of a file's content, made in a thread when first asked to start:
    reading and hashing let go of the interpreter, so it costs the opening no time on
    two cores, and both a cache entry and its head are checked against the one digest.
    The read-ahead's thread and the worker may both start it: it starts once."""

    def __init__(self, name: str, size: int) -> None:
        self._name, self._size = name, size
        self._found: str | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin reading and hashing (again: nothing more)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True)
                self._thread.start()

    def value(self) -> str | None:
        """The digest, waited for (None: the file could not be read, changed size, or
        could not be hashed)."""
        self.start()
        assert self._thread is not None
        self._thread.join()
        return self._found

    def _run(self) -> None:
        try:
            self._found = content_digest(self._name, self._size)
        except Exception:  # MemoryError, or anything else: unknown, so never a match
            self._found = None


def default_folder() -> Path:
    """claimline's cache folder for datasets (platformdirs' user cache folder)."""
    from platformdirs import user_cache_path

    return user_cache_path("claimline", appauthor=False) / "datasets"


def entry_path(folder: Path, real_path: str) -> Path:
    """Where the entry of the file at `real_path` (resolved) is kept in `folder`."""
    name = hashlib.sha256(real_path.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / f"{name}{SUFFIX}"


def head_path(entry: Path) -> Path:
    """Where the head of the dataset cached in `entry` is kept."""
    return entry.with_name(entry.name.removesuffix(SUFFIX) + HEAD_SUFFIX)


def dataset_path(head: Path) -> Path:
    """The entry of the dataset whose head is kept in `head`."""
    return head.with_name(head.name.removesuffix(HEAD_SUFFIX) + SUFFIX)


def read_key(folder: Path) -> bytes | None:
    """The secret that signs this user's cache files in `folder`, or None if there is
    none yet (or it is not one claimline made)."""
    try:
        with open(folder / KEY_NAME, "rb") as handle:
            key = handle.read()
    except OSError:
        return None
    return key if len(key) == 32 else None


class Signed(NamedTuple):
    """An entry's header and its dataset's columns, whose checksum has been checked."""

    header: dict[str, Any]
    numbers: memoryview
    strings: memoryview
    texts_at: int  # where the search texts start in the entry


def read_header(handle: BinaryIO) -> tuple[bytes, dict[str, Any]] | None:
    """The bytes up to the checksum of an entry open at its start, and its header; None
    when it is not an entry this claimline can read. Raise OSError or struct.error."""
    blob = handle.read(len(MAGIC) + LENGTH.size)
    (length,) = LENGTH.unpack_from(blob, len(MAGIC))
    blob += handle.read(length + MAC_SIZE)
    header = header_of(blob)
    return None if header is None else (blob, header)


def read_signed(
    handle: BinaryIO, blob: bytes, header: dict[str, Any], key: bytes | None
) -> Signed | None:
    """The dataset's part of the entry `read_header` began (`blob`, read on from
    `handle`), or None unless its keyed checksum is right and its parts have the sizes
    the header says.

    The columns are read into a buffer of their own, not added to `blob`: copying 77 MB
    (100,000 claims) holds the interpreter for a thirtieth of a second. Reading and
    hashing let go of it. Raise OSError.
    """
    entry_size = os.fstat(handle.fileno()).st_size
    mac_end = len(MAGIC) + LENGTH.size + header["length"] + MAC_SIZE
    numbers_end = header["numbers"]
    texts_at = mac_end + numbers_end + header["strings"]
    # The sizes are checked against the file before anything is read by them: a forged
    # header must not have a huge read attempted.
    if key is None or len(blob) != mac_end or entry_size != texts_at + header["texts"]:
        return None
    body = handle.read(numbers_end + header["strings"])
    if len(body) != numbers_end + header["strings"]:
        return None
    mac = hmac.new(key, memoryview(blob)[len(MAGIC) : mac_end - MAC_SIZE], hashlib.sha256)
    mac.update(body)
    if not hmac.compare_digest(mac.digest(), blob[mac_end - MAC_SIZE : mac_end]):
        return None
    columns = memoryview(body)
    return Signed(header, columns[:numbers_end], columns[numbers_end:], texts_at)


def header_of(blob: bytes) -> dict[str, Any] | None:
    """The header of a cache file, or None when it is not one claimline can read."""
    if not blob.startswith(MAGIC):
        return None
    start = len(MAGIC) + LENGTH.size
    if len(blob) < start:
        return None
    (length,) = LENGTH.unpack_from(blob, len(MAGIC))
    try:
        header = json.loads(blob[start : start + length])
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    if header.get("kind") not in KINDS:
        return None
    source = header.get("source")
    # The content's hash is what ties the entry to the file: an entry without one is
    # never used (a file that cannot be hashed again must not match "no hash").
    if not isinstance(source, dict) or not isinstance(source.get("sha256"), str):
        return None
    for field in ("numbers", "strings", "texts"):
        if not isinstance(header.get(field), int) or header[field] < 0:
            return None
    if not isinstance(header.get("texts_sha256"), str):
        return None
    header["length"] = length
    return header


def is_current(header: dict[str, Any], source: dict[str, Any]) -> bool:
    """Whether the header was written by this claimline for this very file (size, time)."""
    cached = header["source"]
    return header.get("made_by") == made_by() and all(
        cached.get(field) == value for field, value in source.items()
    )


_MADE_BY: str | None = None


def made_by() -> str:
    """claimline's version, a digest of the code that validates datasets, the models'
    layout and the byte order: what a cache file must have been written by."""
    global _MADE_BY
    if _MADE_BY is None:
        from importlib.metadata import PackageNotFoundError, version

        from facts.cache import codec  # Pydantic and the models: not before it is needed

        try:
            release = version("claimline")
        except PackageNotFoundError:
            release = "unknown"
        code = hashlib.sha256()
        facts = Path(__file__).resolve().parent.parent
        for module in ("model.py", "dates.py", "integrity.py", "cache/codec.py", "search_text.py"):
            with contextlib.suppress(OSError):
                code.update((facts / module).read_bytes())
        code.update(unicodedata.unidata_version.encode())  # what case and accents fold to
        _MADE_BY = f"{release}/{code.hexdigest()[:16]}/{codec.layout_digest()}/{sys.byteorder}"
    return _MADE_BY
