"""What `claimline` and `claimline present` do before the first frame, in one place.

Both check that the dataset file can be read and read the user's keymap, in that order,
so a missing file or a bad keymap stops the start before a store is created. The file
itself is the app's to load (`Opening`), whatever its size, the bundled one too: its
first frame is the loading screen, and it opens the store only once the file has loaded
and checked, so a file with errors creates no store (or, for a reopened file's preview,
once the cache has shown the file is one that loaded and checked before). A file's
errors, or a store that cannot be opened, close the app; `open_app` then raises them
(the located report, the store's one-line message), printed once the terminal is the
user's again. The store is closed on every way out: a normal quit, an error while the
app runs, ctrl+c.

Nothing here imports the models or the store: the first frame waits for neither
(tests/test_layering.py checks what `claimline` imports before it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli_base import CliError, usage_error
from tui.config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
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
    """What an app needs before its first frame: the dataset file is the app's to load,
    in a worker behind that frame; it then opens the store (`open_store`)."""

    dataset_path: Path
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
        """Run the app `make(opening=…, theme=…, keymap=…, **options)` builds; raise
        CliError with the located report, or the store's problem, when the app closed on
        one (the terminal is the user's again by then)."""
        from tui.opening import Opening

        opening = Opening(self.dataset_path, self.reviewer, self.open_store, self.use_cache)
        app = make(opening=opening, theme=self.theme, keymap=self.keymap, **options)
        app.run()
        if app.drafts_pending and app.session is not None:
            print(
                "claimline: still writing unsaved notes to the drafts folder "
                f"({app.session.draft_files.folder}); the disk is slow. Waiting for it: "
                "ctrl+c gives up (those drafts are lost)",
                file=sys.stderr,
            )
            try:
                app.session.flush_drafts()
            except KeyboardInterrupt:
                # Ended at once: the drafts' thread is stuck in the disk and Python would
                # wait for it on the way out. Every verdict and note is already committed;
                # only the drafts not yet written are lost, as the user chose.
                print(
                    "claimline: gave up waiting; the unsaved notes not yet written are lost",
                    file=sys.stderr,
                    flush=True,
                )
                os._exit(130)
        if app.failure:
            raise CliError(app.failure)


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
    """Check that the dataset file can be read and read the keymap; close the store, if
    the app opened it, when the block ends."""
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
        check_file(str(path))
    except DatasetError as error:
        raise CliError(error.report()) from None
    try:
        keymap = read_keymap(keymap_path)
    except KeymapError as error:
        raise CliError(f"claimline: {error}") from None
    ready = Prepared(path, store_location, reviewer, theme, keymap, use_cache)
    try:
        yield ready
    finally:
        if ready.store is not None:
            ready.store.close()
