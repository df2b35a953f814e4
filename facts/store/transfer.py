"""Creating a store on purpose, and moving every verdict from one store to another.

`claimline store init URL` and `claimline store copy FROM TO` are these two functions:
a team moving from a shared SQLite file to a PostgreSQL server (or back, or to a backup)
must carry every verdict, note and history row, with the history's order and its undo
links intact, and must be told the counts so they can see nothing was left behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from facts.store.backend import Backend
from facts.store.errors import StoreError
from facts.store.locations import open_store


@dataclass(frozen=True, slots=True)
class Copied:
    """How many rows a copy carried, as counted in the target afterwards."""

    history: int
    current: int
    where: str


def _open(location: str | os.PathLike[str], *, init: bool = False) -> Backend:
    """Either backend as what it is underneath: a copy needs its raw rows."""
    store = open_store(location, init=init)
    assert isinstance(store, Backend)
    return store


def init_store(location: str | os.PathLike[str]) -> tuple[str, int]:
    """Create the store's schema at `location` (or check the one there); (where, rows).

    On a server, the schema goes into the database even beside other tables: asking for
    it by name is the consent `open_store` waits for.
    """
    with _open(location, init=True) as store:
        history, _ = store.counts()
        return store.where, history


def copy_store(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Copied:
    """Copy every history and current row from `source` into the empty store `target`.

    The target is created when it does not exist (a new file, or the schema in an empty
    database); one that holds any verdict is refused, so two teams' stores are never
    mixed. The copy is one transaction, and the target's counts are checked against the
    source's before this returns.
    """
    with _open(source) as origin:
        history, current = origin.raw_rows()
        wordings = origin.raw_wordings()
        expected = origin.counts()
    with _open(target, init=True) as destination:
        before = destination.counts()
        try:
            destination.load_rows(history, current, wordings)
        except StoreError as error:
            if error.reason != "down":
                raise
            # The connection broke: maybe before the COMMIT reached the server, maybe
            # after it had committed. What the target holds now says which.
            counted = _counted_after_loss(destination)
            if counted == before:
                raise  # nothing was copied, as the error says
            if before != (0, 0):  # not the copy: the target changed under it
                raise StoreError(
                    f"The connection to the server holding the review store "
                    f"({destination.where}) was lost during the copy, and the store now "
                    f"holds {counted[0]} history rows and {counted[1]} verdicts, not the "
                    "copy: someone else wrote to it. Check it before copying again.",
                    destination.where,
                    "io",
                ) from None
        else:
            counted = destination.counts()
        if counted != expected:
            raise StoreError(
                f"The copy in {destination.where} holds {counted[0]} history rows and "
                f"{counted[1]} verdicts, the source {expected[0]} and {expected[1]}: check "
                "both stores before using the copy.",
                destination.where,
                "io",
            )
        return Copied(history=counted[0], current=counted[1], where=destination.where)


def _counted_after_loss(destination: Backend) -> tuple[int, int]:
    """The target's counts, asked on a new connection after the copy's was lost; a
    StoreError saying the copy MAY have been made when the server can't be asked."""
    try:
        return destination.counts()
    except StoreError:
        raise StoreError(
            f"The connection to the server holding the review store ({destination.where}) "
            "was lost while the copy was being saved, and the server can't be asked "
            "whether it arrived: the copy MAY have been made. Once the server is back, "
            "run the same `claimline store copy` again: it copies into an empty store "
            "and refuses one that holds verdicts, which tells you the copy was made.",
            destination.where,
            "unknown",
        ) from None
