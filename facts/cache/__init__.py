"""A cache of validated datasets, so that reopening an unchanged file skips validation.

`DatasetCache(folder).open(path)` gives the dataset of a file, from the cache when it
holds that very file; how the cache is trusted is told in `store.py`. The names are
imported on first use (PEP 562): the app's worker starts `prefetch.Prefetch` first, and
its thread reads the entry while the worker imports the store (Pydantic, the models).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facts.lazy import lazy_names

if TYPE_CHECKING:
    from facts.cache.store import DEFAULT_MAX_BYTES, DatasetCache, Opened, default_folder

__all__ = ["DEFAULT_MAX_BYTES", "DatasetCache", "Opened", "default_folder"]

__getattr__ = lazy_names(globals(), dict.fromkeys(__all__, "facts.cache.store"))
