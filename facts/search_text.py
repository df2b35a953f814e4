"""What search reads of each event and claim: its text, folded (case and accents ignored).

Apart from the matching (`timeline_search`) because the dataset cache stores these texts
beside the dataset, so that a reopened file is searchable without folding 100,000 records
again (about 3 s): the cache's `made_by` digest covers this module and the Unicode
database's version, so a change to what a text holds or how it folds makes every cached
text stale, and it is made again.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections.abc import Callable

from facts.dates import PartialDate
from facts.gc_pause import paused_gc
from facts.model import Claim, Dataset, Event

# The folded text of each event (in file order) and each claim (dataset order).
RecordTexts = tuple[list[str], list[str]]
# Texts known before they are needed: made, or a function that reads them (None: it can't).
Known = RecordTexts | Callable[[], RecordTexts | None]


def texts_of(dataset: Dataset) -> RecordTexts:
    """The dataset's folded texts: made once, or read from the cache (`remember`).

    Made under a lock: the app's search worker and its cache writer both ask for them
    after the first frame, and two threads folding 100,000 records under one GIL would
    each take as long as both.
    """
    with _LOCK:
        known = next((texts for kept, texts in _KNOWN if kept is dataset), None)
        texts = known() if callable(known) else known
        if texts is None:
            with paused_gc():
                texts = _make_texts(dataset)
        _keep(dataset, texts)
        return texts


def remember(dataset: Dataset, texts: Known) -> None:
    """Take the texts `texts_of` made for this dataset before, or a function that reads
    them back (the cache's: it reads them only when search first needs them)."""
    with _LOCK:
        _keep(dataset, texts)


# The texts of the last few datasets (as many as `timeline_of` keeps timelines).
_KEPT = 4
_KNOWN: list[tuple[Dataset, Known]] = []
_LOCK = threading.Lock()


def _keep(dataset: Dataset, texts: Known) -> None:
    _KNOWN[:] = [(dataset, texts), *[kept for kept in _KNOWN if kept[0] is not dataset]]
    del _KNOWN[_KEPT:]


def _make_texts(dataset: Dataset) -> RecordTexts:
    displays: dict[PartialDate, str] = {}  # dates repeat; display() is slow-ish
    event_texts = []
    for event in dataset.events:
        date = event.date
        shown = displays.get(date)
        if shown is None:
            shown = displays[date] = date.display()
        event_texts.append(_event_text(event, shown))
    claim_texts = [_claim_text(claim) for claim in dataset.claims]
    return _fold_all(event_texts), _fold_all(claim_texts)


def _event_text(event: Event, date_shown: str) -> str:
    return "\n".join([event.id, event.title, event.summary or "", *event.tags, date_shown])


def _claim_text(claim: Claim) -> str:
    return "\n".join([claim.id, claim.text, claim.claimant or "", *claim.tags])


def fold(text: str) -> str:
    """Text as search compares it: case and accents ignored, so `gonzalez` finds González."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    bmp_marks, astral_marks = _combining_marks()
    folded = bmp_marks.sub("", unicodedata.normalize("NFKD", folded))
    if _ASTRAL.search(folded):
        folded = astral_marks.sub("", folded)
    return folded


_ASTRAL = re.compile("[\\U00010000-\\U0010ffff]")
_COMBINING: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _combining_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Every character with a combining class (what `unicodedata.combining` is true of),
    as two character sets, those of the Basic Multilingual Plane and the others.

    Removing them in C instead of testing each character in Python takes folding 100,000
    claims from seconds to a fraction of one; a set of BMP characters alone is a bitmap to
    the regular expression engine, which is ten times faster than a set with the others.
    """
    global _COMBINING
    if _COMBINING is None:
        marks = [code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))]
        _COMBINING = (
            re.compile(_character_set([code for code in marks if code <= 0xFFFF])),
            re.compile(_character_set([code for code in marks if code > 0xFFFF])),
        )
    return _COMBINING


def _character_set(codes: list[int]) -> str:
    """A regular expression character set of the code points (ascending)."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    if not ranges:
        return "[^\\x00-\\U0010ffff]"  # matches nothing
    return "[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in ranges) + "]"


def _fold_all(texts: list[str]) -> list[str]:
    """`fold` of each text, a few hundred at a time (one C call each, not one per text)."""
    folded: list[str] = []
    for start in range(0, len(texts), _FOLD_BATCH):
        # "\0" cannot occur in dataset text and folds to itself, so it keeps texts apart.
        folded += fold("\0".join(texts[start : start + _FOLD_BATCH])).split("\0")
    return folded


# 500 texts a call: each call holds the interpreter 3-4 ms, so a key typed while a worker
# folds waits that long at most (2,000 held it 14-19 ms), and the whole folds a tenth faster.
_FOLD_BATCH = 500
