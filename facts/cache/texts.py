"""The folded search texts a cache entry keeps after its dataset (`facts.search_text`).

They are written last in the entry and read only when search first needs them, by the
app's worker after the first frame: reading and checking them with the dataset would add
a tenth of the reopen's time before the timeline shows. The signed header holds their
length and SHA-256, so what is read later is used only if it is what was written then;
otherwise (the entry replaced, damaged or evicted since) the texts are made again.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import partial
from pathlib import Path

from facts.model import Dataset
from facts.search_text import RecordTexts


def joined(texts: RecordTexts) -> bytes:
    """The texts as one UTF-8 text, NUL between records (no record text holds it)."""
    return "\0".join([*texts[0], *texts[1]]).encode("utf-8")


def reader(
    entry: Path, at: int, size: int, sha256: str, dataset: Dataset
) -> Callable[[], RecordTexts | None]:
    """What reads the dataset's texts from `size` bytes at offset `at` of the entry."""
    return partial(_read, entry, at, size, sha256, dataset)


def _read(entry: Path, at: int, size: int, sha256: str, dataset: Dataset) -> RecordTexts | None:
    """The texts, or None unless the bytes are those written, one text for every event
    and claim of the dataset."""
    try:
        with open(entry, "rb") as handle:
            handle.seek(at)
            data = handle.read(size + 1)
    except OSError:
        return None
    if len(data) != size or not hmac.compare_digest(hashlib.sha256(data).hexdigest(), sha256):
        return None
    return split(data, dataset)


def split(data: bytes, dataset: Dataset) -> RecordTexts | None:
    """The texts `joined` wrote; None unless there is one for every event and claim."""
    events = len(dataset.events)
    count = events + len(dataset.claims)
    try:
        texts = data.decode("utf-8").split("\0") if count else []
    except UnicodeDecodeError:
        return None
    if len(texts) != count:
        return None
    return texts[:events], texts[events:]
