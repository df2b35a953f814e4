"""A cache of validated datasets, so that reopening an unchanged file skips validation.

`DatasetCache(folder).open(path)` gives the dataset of a file, from the cache when it
holds that very file; how the cache is trusted is told in `store.py`.
"""

from facts.cache.store import DEFAULT_MAX_BYTES, DatasetCache, Opened, default_folder

__all__ = ["DEFAULT_MAX_BYTES", "DatasetCache", "Opened", "default_folder"]
