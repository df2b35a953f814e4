"""What a dataset cache entry is: its mark, its header and what the header must say.

An entry is MAGIC, the header's length, the header (JSON: the format, who made it, the
source file's path, size, time and SHA-256, the sizes of the parts that follow), an
HMAC-SHA256 over all of that and what follows (`store.py` checks it), the dataset's
columns (`codec.py`) and the folded search texts (`texts.py`). Apart from `store.py`,
which reads and writes entries and keeps the folder, so that each stays one concern.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import sys
import unicodedata
from pathlib import Path
from typing import Any

from facts.cache import codec

MAGIC = b"claimline dataset cache\n"
FORMAT = 2  # 2: the folded search texts follow the dataset
LENGTH = struct.Struct("<I")  # the header's length
MAC_SIZE = 32


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
