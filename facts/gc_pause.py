"""Pausing the garbage collector around work that makes many objects and no cycles.

Loading a dataset, building its timeline and its search text each make hundreds of
thousands of objects; the cyclic collector would only scan live objects again and again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Above this many new objects, a load's objects are frozen rather than scanned (about
# 15 ms of collector time per 100,000 objects).
FREEZE_ABOVE = 100_000


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: it makes a 100k-record load about 4x slower.

    Loading creates many objects and no reference cycles, so the collector would only scan
    live objects again and again; it is switched back on at once afterwards. After a big
    load the new objects are moved out of the collector's sight (`gc.freeze`): they live
    as long as the dataset, and scanning them would cost about 0.5 s at 100,000 claims as
    soon as the collector runs again, and again each time they move up a generation —
    a pause in the middle of someone's keystrokes. Frozen objects are still freed as
    soon as nothing refers to them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] > FREEZE_ABOVE:
                gc.freeze()
            gc.enable()
