"""One fixture, every backend: the store tests run against an SQLite file and a real server.

`backend` is parametrised over the store's backends; each test gets an empty store of
its own (a file in the test's folder, or a fresh database on the session's PostgreSQL
cluster, see pg_cluster.py) and can open as many instances on it as it likes, as several
claimline windows or reviewers would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facts.store import ReviewStore, Store, open_store
from tests.pg_cluster import Cluster


class Backend:
    """An empty store of one backend and the ways to reach it behind the store's back."""

    name: str
    location: str

    def open(self, **options: Any) -> Store:
        return open_store(self.location, **options)

    def raw_execute(self, sql: str) -> None:
        """Run SQL on the store's database directly, as a hostile or careless tool would."""
        raise NotImplementedError


class SqliteBackend(Backend):
    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.path = folder / "reviews.sqlite3"
        self.location = str(self.path)

    def open(self, **options: Any) -> Store:
        return ReviewStore(self.path, **options)

    def raw_execute(self, sql: str) -> None:
        raw = sqlite3.connect(self.path)
        try:
            raw.execute(sql)
            raw.commit()
        finally:
            raw.close()


class PostgresBackend(Backend):
    name = "postgres"

    def __init__(self, cluster: Cluster, database: str) -> None:
        self.cluster = cluster
        self.database = database
        self.location = cluster.url(database)

    def open(self, **options: Any) -> Store:
        from facts.store.postgres import PostgresStore

        return PostgresStore(self.location, **options)

    def raw_execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.location, autocommit=True) as conn:
            conn.execute("SET search_path TO claimline")
            conn.execute(sql)  # type: ignore[arg-type]  # a test's fixed SQL


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield SqliteBackend(tmp_path)
        return
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    database = cluster.create_database()
    try:
        yield PostgresBackend(cluster, database)
    finally:
        cluster.drop_database(database)
