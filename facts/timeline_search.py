"""Searching the timeline: the folded text of every event and claim in timeline order, and
the matches of recent searches.

A search tests each record's text once; typing on narrows the previous matches instead of
testing every record again. What the text of a record is, and how it is folded (case and
accents ignored), is `facts.search_text`'s.
"""

from __future__ import annotations

from collections import deque
from itertools import compress, repeat

from facts.model import Dataset
from facts.search_text import fold, texts_of
from facts.steps import Steps, finish

__all__ = ["SearchIndex", "fold"]

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
        # Each recent search's matches and how many records they are.
        self._searches: dict[str, tuple[tuple[bytes, bytes], int]] = {}

    def texts(self) -> tuple[list[str], list[str]]:
        """Made once, on first use (or in a worker, before it: see Timeline.prepare_search).

        A search typed while the worker is still making them waits for them in
        `texts_of`, which makes a dataset's texts once whichever thread asks first.
        """
        if self._texts is None:
            in_file, claim_texts = texts_of(self._dataset)  # events in file order
            self._texts = [in_file[index] for index in self._order], claim_texts
        return self._texts

    def matches(self, needle: str) -> tuple[bytes, bytes]:
        """Which events (timeline order) and claims (dataset order) hold `needle` in
        their text: one byte each, 1 when it does."""
        return finish(self.matches_in_steps(needle))

    def matches_in_steps(self, needle: str) -> Steps[tuple[bytes, bytes]]:
        """`matches`, a few thousand records a step (see `facts.steps`).

        A recent search for part of the needle has every match already among its own, so
        only those are tested again (typing "priso" after "pris" reads an eighth of the
        records at 100,000 claims). The matches are kept for later searches only once
        they are whole: a search dropped half-way (a newer keystroke) leaves none.
        """
        searches = self._searches
        kept = searches.pop(needle, None)
        if kept is not None:
            searches[needle] = kept  # most recent last
            return kept[0]
        event_texts, claim_texts = self.texts()
        base: tuple[bytes, bytes] | tuple[None, None] = (None, None)
        fewest = len(event_texts) + len(claim_texts) + 1
        for earlier, (matches, size) in searches.items():
            if earlier in needle and size < fewest:
                base, fewest = matches, size
        events = yield from _scan(needle, event_texts, base[0])
        claims = yield from _scan(needle, claim_texts, base[1])
        found = (events, claims)
        # Other searches may have been made (or this one) while this one waited.
        searches.pop(needle, None)
        while len(searches) >= _KEPT_SEARCHES:
            del searches[next(iter(searches))]
        searches[needle] = (found, events.count(1) + claims.count(1))
        return found


# Texts read in a step: about 1.5 ms at 100,000 claims (0.3 us a text).
TEXTS_A_STEP = 4096


def _scan(needle: str, texts: list[str], candidates: bytes | None) -> Steps[bytes]:
    """One byte per text, 1 when it holds `needle`; only `candidates` can (None: all).

    Only the candidates' texts are read, and their results are put in place by C loops
    (compress, map): a Python loop over every record costs 15 ms at 100,000 claims. When
    nearly every record is a candidate, reading them all is quicker than picking them.
    """
    count = len(texts)
    if candidates is None or candidates.count(1) * 4 > count * 3:
        parts = []
        for start in range(0, count, TEXTS_A_STEP):
            parts.append(bytes([needle in text for text in texts[start : start + TEXTS_A_STEP]]))
            yield
        return b"".join(parts)
    found = bytearray(count)
    for start in range(0, count, TEXTS_A_STEP):
        end = start + TEXTS_A_STEP
        chosen = candidates[start:end]
        tested = [needle in text for text in compress(texts[start:end], chosen)]
        places = compress(compress(range(start, min(end, count)), chosen), tested)
        deque(map(found.__setitem__, places, repeat(1)), maxlen=0)
        yield
    return bytes(found)
