"""Where verdicts live: the default file, the class's file beside it, or a server's URL."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from facts.store.errors import StoreError

if TYPE_CHECKING:  # the protocol imports the models; the locations are wanted before them
    from facts.store.protocol import Store

SERVER_SCHEMES = ("postgresql://", "postgres://")


def default_store_path() -> Path:
    """Where verdicts live unless `--reviews` says otherwise: the user's data folder."""
    return platformdirs.user_data_path("claimline") / "reviews.sqlite3"


def class_store_path(store_path: Path) -> Path:
    """The store for a class's verdicts beside a reviewer's own: `reviews-class.sqlite3`.

    Classroom mode records one verdict per claim like any review; kept in the same file,
    a lesson would overwrite the presenter's own verdicts (and the reverse).
    """
    return store_path.with_name(f"{store_path.stem}-class{store_path.suffix}")


def default_reviewer() -> str:
    """The OS user name, so a verdict says who made it without asking."""
    try:
        name = getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return "reviewer"
    return name.strip() or "reviewer"


def is_server_url(location: str | os.PathLike[str]) -> bool:
    """Whether `--reviews` names a PostgreSQL server rather than a file."""
    return isinstance(location, str) and location.lower().startswith(SERVER_SCHEMES)


def open_store(
    location: str | os.PathLike[str], *, read_only: bool = False, init: bool = False
) -> Store:
    """The store at `location`: a PostgreSQL URL opens the server's, anything else a file.

    Without psycopg installed a URL is refused with one line saying how to install it.
    `init` creates a server store even in a database holding other tables (what
    `claimline store init` asks for on purpose); a file is created whenever it is new.
    """
    if not is_server_url(location):
        from facts.store.sqlite import ReviewStore

        return ReviewStore(location, read_only=read_only)
    try:
        from facts.store.postgres import PostgresStore
    except ModuleNotFoundError as error:
        if error.name is None or not error.name.startswith("psycopg"):
            raise
        from facts.store.postgres_url import redacted

        where = redacted(str(location))
        raise StoreError(
            f"The review store {where} is on a PostgreSQL server, and claimline needs "
            "psycopg to reach it: pip install 'claimline[postgres]'.",
            where,
            "missing-driver",
        ) from None
    return PostgresStore(str(location), read_only=read_only, create_beside_other_tables=init)
