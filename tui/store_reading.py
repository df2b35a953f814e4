"""Opening the review store to read it, for the commands that only read (export, agreement).

They open the store the app would use (the one given, the configured one, or the default),
and never create one: a store that is not there yet means no verdicts, said in a note on
standard error, and a store given that is not there is an error naming the path.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli_base import CliError

if TYPE_CHECKING:
    from facts.store import Store


@contextmanager
def reading_store(given: str | None) -> Iterator[Store | None]:
    """The store to read, open for the block (None: the default store does not exist yet).

    Raise CliError (exit 1) when it cannot be opened or read; StoreError raised inside the
    block becomes the same one-line message.
    """
    from facts.store import StoreError, default_store_path, is_server_url, open_store
    from tui.startup import settings

    chosen = settings({"reviews": given}).reviews
    try:
        if chosen is not None and is_server_url(str(chosen)):
            store = open_store(str(chosen), read_only=True)
        else:
            path = Path(chosen).expanduser() if chosen else default_store_path()
            if not path.exists():
                if given:
                    raise CliError(
                        f"claimline: no review store at {path}; check the path given to --reviews"
                    )
                print(
                    f"claimline: note: no verdicts recorded yet (no review store at {path})",
                    file=sys.stderr,
                )
                yield None
                return
            store = _open_file(path)
        with store:
            yield store
    except StoreError as error:
        raise CliError(f"claimline: {error}") from None


def _open_file(path: Path) -> Store:
    """The file as the app opens it; one that can't be written is opened read-only, since
    these commands only read (a read-only connection leaves SQLite's -shm file beside it,
    so it is not the first choice)."""
    from facts.store import StoreError, open_store

    try:
        return open_store(path)
    except StoreError as error:
        if error.reason != "readonly":
            raise
    return open_store(path, read_only=True)
