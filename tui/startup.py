"""What `claimline` and `claimline present` do before the first frame, in one place.

Both load a dataset, read the user's keymap and open a review store, in that order, so a
bad dataset or keymap stops the start before a store is created. The store is closed on
every way out: a normal quit, an error while the app runs, ctrl+c.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli_base import CliError, usage_error
from tui.config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from facts.model import Dataset
    from facts.store import Store


@dataclass(frozen=True)
class Started:
    """Everything an app needs from the start-up, the store already open."""

    dataset: Dataset
    dataset_path: Path
    store: Store
    reviewer: str
    theme: str | None
    keymap: dict[str, str]


def settings(given: Mapping[str, object]) -> Settings:
    """The settings from the command line's `given` values, the environment and the file."""
    try:
        return load_settings(given)
    except ConfigError as error:
        raise CliError(str(error)) from None


def _refuse_stdin(dataset: str | None) -> None:
    from tui.datasets import STDIN

    if dataset == STDIN:
        raise usage_error(
            "the app reads your keys from standard input, so it cannot read a dataset there; "
            "give a file (`-` works with show, validate and export)"
        )


@contextmanager
def started(
    dataset: str | None,
    store_location: str | Path,
    reviewer: str,
    theme: str | None,
    keymap_path: Path,
) -> Iterator[Started]:
    """Load, read and open what an app needs; close the store when the block ends."""
    from facts import DatasetError
    from facts.store import StoreError, open_store
    from tui.datasets import load_given, resolve_dataset
    from tui.keymap import KeymapError, read_keymap

    _refuse_stdin(dataset)
    path = resolve_dataset(dataset)
    try:
        loaded = load_given(dataset)
    except DatasetError as error:
        raise CliError(error.report()) from None
    try:
        keymap = read_keymap(keymap_path)
    except KeymapError as error:
        raise CliError(f"claimline: {error}") from None
    try:
        store = open_store(store_location)
    except StoreError as error:
        raise CliError(f"claimline: {error}") from None
    try:
        yield Started(loaded, path, store, reviewer, theme, keymap)
    finally:
        store.close()


@dataclass
class Prepared:
    """What the review app needs before its first frame.

    A small file is loaded here (`dataset`) and the store opened, as `started` does. A
    bigger one is left to the app (`dataset` None), which loads it in a worker behind its
    first frame and only then opens the store (`open_store`), so that a file with errors
    creates no store either way.
    """

    dataset_path: Path
    dataset: Dataset | None
    store_location: str | Path
    reviewer: str
    theme: str | None
    keymap: dict[str, str]
    store: Store | None = None

    def open_store(self) -> Store:
        """The store, opened on first call (raise StoreError); `prepared` closes it."""
        if self.store is None:
            from facts.store import open_store

            self.store = open_store(self.store_location)
        return self.store


# Below this size a dataset loads in milliseconds, before the app starts: its problems are
# printed without a screen ever showing (the dataset cache starts at the same size).
LOAD_BEFORE_THE_APP_BELOW = 256 * 1024


@contextmanager
def prepared(
    dataset: str | None,
    store_location: str | Path,
    reviewer: str,
    theme: str | None,
    keymap_path: Path,
) -> Iterator[Prepared]:
    """Check the dataset file (load it and open the store when it is small) and read the
    keymap; close the store, if it was opened, when the block ends."""
    from facts import DatasetError, load
    from facts.load import check_file
    from facts.store import StoreError
    from tui.datasets import resolve_dataset
    from tui.keymap import KeymapError, read_keymap

    _refuse_stdin(dataset)
    path = resolve_dataset(dataset)
    try:
        small = check_file(str(path)).st_size < LOAD_BEFORE_THE_APP_BELOW
        loaded = load(path) if small else None
    except DatasetError as error:
        raise CliError(error.report()) from None
    try:
        keymap = read_keymap(keymap_path)
    except KeymapError as error:
        raise CliError(f"claimline: {error}") from None
    ready = Prepared(path, loaded, store_location, reviewer, theme, keymap)
    try:
        if loaded is not None:
            try:
                ready.open_store()
            except StoreError as error:
                raise CliError(f"claimline: {error}") from None
        yield ready
    finally:
        if ready.store is not None:
            ready.store.close()
