"""`claimline cache clear` and `claimline cache info`: the cache of validated datasets."""

from __future__ import annotations

from tui.cli_base import claimline


@claimline.group("cache", short_help="the cache that reopens unchanged datasets at once")
def cache_group() -> None:
    """claimline keeps each dataset it has validated in a cache folder, so that opening
    the same unchanged file again skips reading and checking it (`claimline --no-cache`
    opens without it). Nothing in the cache is needed: clearing it only makes the next
    open of each file as slow as the first."""


@cache_group.command("clear", short_help="remove every cached dataset")
def clear() -> None:
    """Remove every cached dataset and the key that signs them."""
    from facts.cache import DatasetCache

    cache = DatasetCache()
    freed = cache.clear()
    print(f"cleared {cache.folder} ({_megabytes(freed)} freed)")


@cache_group.command("info", short_help="where the cache is and what it holds")
def info() -> None:
    """Where the cache is, how many datasets it holds and its size against its cap."""
    from facts.cache import DatasetCache

    cache = DatasetCache()
    count = cache.dataset_count()
    print(
        f"{cache.folder}: {count} dataset{'s' if count != 1 else ''}, "
        f"{_megabytes(cache.size())} of at most {_megabytes(cache.max_bytes)}"
    )


def _megabytes(count: int) -> str:
    return f"{count / 2**20:.1f} MB"
