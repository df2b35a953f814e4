"""What `claimline` and `claimline present` do before the first frame, in one place.

Both check the dataset file, read the user's keymap and, for a small file, load it and
open the review store, in that order, so a bad dataset or keymap stops the start before
a store is created. A bigger file is left to the app (`Opening`): its first frame is the
loading screen, and it opens the store once the file has loaded. `open_app` builds
either app from what was prepared, and the store is closed on every way out: a normal
quit, an error while the app runs, ctrl+c.

Nothing here imports the models or the store at module level: a big file's first frame
waits for neither (tests/test_layering.py checks what `claimline` imports before it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli_base import CliError, usage_error
from tui.config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from facts.model import Dataset
    from facts.store import Store
    from tui.base_app import ClaimlineBaseApp


def settings(given: Mapping[str, object]) -> Settings:
    """The settings from the command line's `given` values, the environment and the file."""
    try:
        return load_settings(given)
    except ConfigError as error:
        raise CliError(str(error)) from None


@dataclass
class Prepared:
    """What an app needs before its first frame.

    A small file is loaded here (`dataset`) and the store opened. A bigger one is left to
    the app (`dataset` None), which loads it in a worker behind its first frame and only
    then opens the store (`open_store`), so that a file with errors creates no store
    either way.
    """

    dataset_path: Path
    dataset: Dataset | None
    store_location: str | Path
    reviewer: str
    theme: str | None
    keymap: dict[str, str]
    use_cache: bool = True
    store: Store | None = None

    def open_store(self) -> Store:
        """The store, opened on first call (raise StoreError); `prepared` closes it."""
        if self.store is None:
            from facts.store import open_store

            self.store = open_store(self.store_location)
        return self.store

    def open_app(self, make: Callable[..., ClaimlineBaseApp], **options: Any) -> None:
        """Run the app `make(session or opening=…, theme=…, keymap=…, **options)` builds;
        raise CliError with the located report when the app closed on a bad file."""
        if self.dataset is not None:
            from facts.session import ReviewSession

            session = ReviewSession(self.dataset, self.open_store(), self.reviewer)
            app = make(session, theme=self.theme, keymap=self.keymap, **options)
        else:
            from tui.opening import Opening

            opening = Opening(self.dataset_path, self.reviewer, self.open_store, self.use_cache)
            app = make(opening=opening, theme=self.theme, keymap=self.keymap, **options)
        app.run()
        if app.failure:
            raise CliError(app.failure)


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
    *,
    use_cache: bool = True,
) -> Iterator[Prepared]:
    """Check the dataset file (load it and open the store when it is small) and read the
    keymap; close the store, if it was opened, when the block ends."""
    from facts.errors import DatasetError
    from facts.file_read import check_file
    from tui.datasets import STDIN, resolve_dataset
    from tui.keymap import KeymapError, read_keymap

    if dataset == STDIN:
        raise usage_error(
            "the app reads your keys from standard input, so it cannot read a dataset there; "
            "give a file (`-` works with show, validate and export)"
        )
    path = resolve_dataset(dataset)
    try:
        small = check_file(str(path)).st_size < LOAD_BEFORE_THE_APP_BELOW
        if small:
            from facts.load import load

            loaded = load(path)
        else:
            loaded = None
    except DatasetError as error:
        raise CliError(error.report()) from None
    try:
        keymap = read_keymap(keymap_path)
    except KeymapError as error:
        raise CliError(f"claimline: {error}") from None
    ready = Prepared(path, loaded, store_location, reviewer, theme, keymap, use_cache)
    try:
        if loaded is not None:
            from facts.store import StoreError

            try:
                ready.open_store()
            except StoreError as error:
                raise CliError(f"claimline: {error}") from None
        yield ready
    finally:
        if ready.store is not None:
            ready.store.close()
