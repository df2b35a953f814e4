"""Searching the timeline: the folded text of every event and claim, and the matches of
recent searches.

A search tests each record's text once; typing on narrows the previous matches instead of
testing every record again. Text is folded (case and accents ignored) in C, a few thousand
records at a time.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections import deque
from itertools import compress, repeat

from facts.dates import PartialDate
from facts.gc_pause import paused_gc
from facts.model import Claim, Dataset, Event

# How many recent searches keep their matches, so typing on (or deleting back) narrows
# or reuses them.
_KEPT_SEARCHES = 8


class SearchIndex:
    """The searchable text of each event (timeline order) and claim (dataset order)."""

    def __init__(self, dataset: Dataset, file_order: list[int]) -> None:
        """`file_order`: the file index of each event, in timeline order."""
        self._dataset = dataset
        self._order = file_order
        self._texts: tuple[list[str], list[str]] | None = None
        self._making = threading.Lock()
        # Each recent search's matches and how many records they are.
        self._searches: dict[str, tuple[tuple[bytes, bytes], int]] = {}

    def texts(self) -> tuple[list[str], list[str]]:
        """Made once, on first use (or in a worker, before it: see Timeline.prepare_search).

        A search typed while the worker is still making them waits for its texts rather
        than making them a second time beside it: two threads folding 100,000 records
        under one GIL took the first keystroke from seconds to tens of seconds.
        """
        if self._texts is None:
            with self._making:
                if self._texts is None:
                    with paused_gc():
                        self._texts = self._make_texts()
        return self._texts

    def _make_texts(self) -> tuple[list[str], list[str]]:
        displays: dict[PartialDate, str] = {}  # dates repeat; display() is slow-ish
        in_file = []
        for event in self._dataset.events:  # file order: see Timeline._build
            date = event.date
            shown = displays.get(date)
            if shown is None:
                shown = displays[date] = date.display()
            in_file.append(_event_text(event, shown))
        event_texts = [in_file[index] for index in self._order]
        claim_texts = [_claim_text(claim) for claim in self._dataset.claims]
        return _fold_all(event_texts), _fold_all(claim_texts)

    def matches(self, needle: str) -> tuple[bytes, bytes]:
        """Which events (timeline order) and claims (dataset order) hold `needle` in
        their text: one byte each, 1 when it does.

        A recent search for part of the needle has every match already among its own, so
        only those are tested again (typing "priso" after "pris" reads an eighth of the
        records at 100,000 claims).
        """
        searches = self._searches
        kept = searches.pop(needle, None)
        if kept is None:
            event_texts, claim_texts = self.texts()
            base: tuple[bytes, bytes] | tuple[None, None] = (None, None)
            fewest = len(event_texts) + len(claim_texts) + 1
            for earlier, (matches, size) in searches.items():
                if earlier in needle and size < fewest:
                    base, fewest = matches, size
            found = (_scan(needle, event_texts, base[0]), _scan(needle, claim_texts, base[1]))
            kept = (found, found[0].count(1) + found[1].count(1))
            while len(searches) >= _KEPT_SEARCHES:
                del searches[next(iter(searches))]
        searches[needle] = kept  # most recent last
        return kept[0]


def _scan(needle: str, texts: list[str], candidates: bytes | None) -> bytes:
    """One byte per text, 1 when it holds `needle`; only `candidates` can (None: all).

    Only the candidates' texts are read, and their results are put in place by C loops
    (compress, map): a Python loop over every record costs 15 ms at 100,000 claims. When
    nearly every record is a candidate, reading them all is quicker than picking them.
    """
    if candidates is None or candidates.count(1) * 4 > len(texts) * 3:
        return bytes([needle in text for text in texts])
    tested = [needle in text for text in compress(texts, candidates)]
    found = bytearray(len(texts))
    places = compress(compress(range(len(texts)), candidates), tested)
    deque(map(found.__setitem__, places, repeat(1)), maxlen=0)
    return bytes(found)


def _event_text(event: Event, date_shown: str | None = None) -> str:
    shown = event.date.display() if date_shown is None else date_shown
    return "\n".join([event.id, event.title, event.summary or "", *event.tags, shown])


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
    """`fold` of each text, a few thousand at a time (one C call each, not one per text)."""
    folded: list[str] = []
    for start in range(0, len(texts), _FOLD_BATCH):
        # "\0" cannot occur in dataset text and folds to itself, so it keeps texts apart.
        folded += fold("\0".join(texts[start : start + _FOLD_BATCH])).split("\0")
    return folded


_FOLD_BATCH = 2000
