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
    from tui.datasets import STDIN, load_given, resolve_dataset
    from tui.keymap import KeymapError, read_keymap

    if dataset == STDIN:
        raise usage_error(
            "the app reads your keys from standard input, so it cannot read a dataset there; "
            "give a file (`-` works with show, validate and export)"
        )
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
