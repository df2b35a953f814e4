"""Opening a dataset behind the first frame: what to open, and the work a worker does.

The app paints its first screen before the dataset is read; a thread worker then reads
the file (from the dataset cache when it holds it), validates it and builds its timeline,
reporting how far it is. The worker opens the review store (`open_store`) only then, so
a file with errors creates no store, and a busy store is waited for behind a screen
whose keys work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from facts.cache.head import Head
    from facts.model import Dataset
    from facts.session import Store


# Named tuples, not frozen dataclasses: this module is imported before the first frame,
# and a frozen dataclass costs about 0.4 ms to define (its methods are compiled then).
class Opening(NamedTuple):
    """What the app opens once its first frame is up."""

    path: Path
    reviewer: str
    open_store: Callable[[], Store]  # may raise StoreError; called in the worker
    use_cache: bool = True


class Opened(NamedTuple):
    """A validated dataset with its timeline built, and how to cache it (None: cached)."""

    dataset: Dataset
    save: Callable[[], None] | None


def open_dataset(
    opening: Opening,
    read: Callable[[int, int], None],
    step: Callable[[str], None],
    on_head: Callable[[Head], None] | None = None,
) -> Opened:
    """Read, validate and lay out the dataset (in a worker thread); raise DatasetError.

    `read(done, total)` is told the bytes read so far; `step(what)` what comes next;
    `on_head(head)` the first rows of the timeline, before the rest, when the dataset
    cache holds them for this very file (`facts.cache.head`).
    """

    def reading(done: int, total: int) -> None:
        read(done, total)
        if done >= total:
            step("checking the file")

    if opening.use_cache:
        from facts.cache.prefetch import Prefetch

        # Started before the store and the models are imported (0.1 s of this thread):
        # the cache entry is read and its checksum checked beside them, in a thread that
        # lets go of the interpreter (facts/cache/prefetch.py).
        read_ahead = Prefetch.start(opening.path)
        from facts.cache import DatasetCache

        found = DatasetCache().open(
            opening.path, progress=reading, prefetched=read_ahead, on_head=on_head
        )
        dataset, save = found.dataset, found.save
        del read_ahead, found  # the entry's bytes (77 MB at 100,000 claims) go before the layout
    else:
        from facts.load import load

        dataset, save = load(opening.path, progress=reading), None
    from facts.timeline import timeline_of

    step(f"laying out {len(dataset.events):,} events and {len(dataset.claims):,} claims")
    timeline_of(dataset).rows()  # the rows of the whole timeline, made once
    return Opened(dataset, save)
