"""A connection lost during a change's commit: the reviewer is told the truth about it.

The server may have received COMMIT and committed before the connection broke, or not.
A real server, and a proxy (tests/pg_proxy.py) that cuts the store's connection just as
the COMMIT goes by, with no mock of psycopg: the store asks on a new connection whether
the change is there, and says it was saved (once), was NOT saved, or MAY have been saved
when the server can't be asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from facts import Dataset
from facts.session import ReviewSession
from facts.store import StoreError, open_store
from facts.store.backend import Backend
from facts.store.postgres import PostgresStore
from facts.store.transfer import copy_store, init_store
from tests.pg_cluster import Cluster
from tests.pg_proxy import Proxy

Kind = Literal["verdict", "note", "undo"]


class Through:
    """A test database, reached directly and through a proxy that can cut connections."""

    def __init__(self, cluster: Cluster, database: str, proxy: Proxy) -> None:
        self.direct = cluster.url(database)
        self.proxied = f"postgresql://postgres@127.0.0.1:{proxy.port}/{database}?sslmode=disable"
        self.proxy = proxy


@pytest.fixture
def through(postgres_cluster: Cluster) -> Iterator[Through]:
    if postgres_cluster.data is None or postgres_cluster.host is None:
        pytest.skip("the server is not the tests' own (CLAIMLINE_TEST_POSTGRES_URL)")
    database = postgres_cluster.create_database()
    proxy = Proxy(str(Path(postgres_cluster.host) / f".s.PGSQL.{postgres_cluster.port}"))
    try:
        yield Through(postgres_cluster, database, proxy)
    finally:
        proxy.close()
        postgres_cluster.drop_database(database)


def stored(url: str, dataset: Dataset) -> tuple[dict[str, object], dict[str, int]]:
    """What the server holds, read directly: each claim's verdict and note, and how many
    history rows each claim has."""
    with open_store(url) as store:
        reviews = store.reviews(dataset.id, reviewer="ann")
        rows = {claim.id: len(store.history(dataset.id, claim.id)) for claim in dataset.claims}
    return {cid: (r.verdict, r.note) for cid, r in reviews.items()}, rows


def change(session: ReviewSession, kind: Kind) -> None:
    second = session.dataset.claims[1]
    if kind == "verdict":
        session.mark(second, "disputed")
    elif kind == "note":
        session.note(second, "The census says otherwise.")
    else:
        assert session.undo() is not None


@pytest.mark.parametrize("kind", ["verdict", "note", "undo"])
def test_a_change_whose_commit_reached_the_server_is_reported_saved_and_kept_once(
    through: Through, mini_dataset: Dataset, kind: Kind
) -> None:
    first, second = mini_dataset.claims[:2]
    with PostgresStore(through.proxied) as store:
        session = ReviewSession(mini_dataset, store, "ann")
        session.load()
        session.mark(first, "verified")
        if kind == "undo":
            session.mark(second, "disputed")
        through.proxy.cut("after")
        change(session, kind)  # no error: it was committed
        assert through.proxy.cuts == 1
        shown = session.review_of(second.id)
        # The session shows the change as saved, as the screen does.
        expected = {
            "verdict": ("disputed", None),
            "note": (None, "The census says otherwise."),
            "undo": (None, None),
        }[kind]
        assert ((shown.verdict, shown.note) if shown else (None, None)) == expected
        # The store goes on through a new connection.
        session.mark(first, "disputed")
    reviews, rows = stored(through.direct, mini_dataset)
    assert reviews[first.id] == ("disputed", None)
    assert reviews.get(second.id, (None, None)) == expected
    assert rows[second.id] == (2 if kind == "undo" else 1)  # exactly once


def test_a_verdict_cut_before_its_commit_reached_the_server_is_not_saved(
    through: Through, mini_dataset: Dataset
) -> None:
    """The server got BEGIN and the change but never COMMIT; its process waits on, holding
    the reviewer's lock, until the store ends it to learn the truth."""
    first, second = mini_dataset.claims[:2]
    with PostgresStore(through.proxied) as store:
        session = ReviewSession(mini_dataset, store, "ann")
        session.load()
        session.mark(first, "verified")
        through.proxy.cut("before")
        with pytest.raises(StoreError) as caught:
            session.mark(second, "disputed")
        assert through.proxy.cuts == 1
        assert caught.value.reason == "down"
        assert "the verdict was NOT saved" in str(caught.value)
        assert session.review_of(second.id) is None  # not shown as made
        # Trying again records it, once: the lock the lost transaction held is free.
        session.mark(second, "disputed")
    reviews, rows = stored(through.direct, mini_dataset)
    assert reviews == {first.id: ("verified", None), second.id: ("disputed", None)}
    assert rows[second.id] == 1


def test_a_server_that_cant_be_asked_after_the_cut_says_the_verdict_may_be_saved(
    through: Through, mini_dataset: Dataset
) -> None:
    first, second = mini_dataset.claims[:2]
    with PostgresStore(through.proxied) as store:
        session = ReviewSession(mini_dataset, store, "ann")
        session.load()
        session.mark(first, "verified")
        through.proxy.cut("after", then_refuse=True)
        with pytest.raises(StoreError) as caught:
            session.mark(second, "disputed")
    message = str(caught.value)
    assert caught.value.reason == "unknown"
    assert "the verdict MAY have been saved" in message
    assert "NOT saved" not in message
    assert "history" in message and "reopen" in message
    assert through.direct.split("?")[0].rsplit("/", 1)[1] in message  # the database named
    # It was in fact committed, once: "NOT saved" would have been false.
    reviews, rows = stored(through.direct, mini_dataset)
    assert reviews[second.id] == ("disputed", None)
    assert rows[second.id] == 1


async def test_the_screen_never_says_not_saved_of_a_verdict_that_may_be_saved(
    through: Through, mini_dataset: Dataset
) -> None:
    from tui.app import ClaimlineApp

    with PostgresStore(through.proxied) as store:
        app = ClaimlineApp(ReviewSession(mini_dataset, store, "ann"))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("v")  # c1 verified, saved
            await pilot.pause()
            through.proxy.cut("after", then_refuse=True)
            await pilot.press("d")  # c2: its answer lost, and the server out of reach
            await pilot.pause()
            notices = [(n.title, str(n.message)) for n in app._notifications]
    assert through.proxy.cuts == 1
    told = [(title, message) for title, message in notices if "MAY have been saved" in message]
    assert [title for title, _ in told] == ["Not confirmed"], notices
    assert not any("NOT saved" in message or "Not saved" in title for title, message in notices)


def sqlite_store_with_verdicts(path: Path, dataset: Dataset) -> tuple[int, int]:
    """A reviewer's file store to copy to the server: (history rows, verdicts)."""
    with open_store(path) as store:
        session = ReviewSession(dataset, store, "ann")
        session.load()
        first, second = dataset.claims[:2]
        session.mark(first, "verified")
        session.mark(second, "disputed")
        session.note(second, "The census says otherwise.")
    return 3, 2


def cut_at_the_copy(
    through: Through,
    monkeypatch: pytest.MonkeyPatch,
    where: Literal["before", "after"],
    *,
    then_refuse: bool = False,
) -> None:
    """Arm the proxy's cut when the copy's rows go in (opening the target commits too)."""
    load_rows = Backend.load_rows

    def cut_then_load(self: Backend, *rows: Any) -> None:
        through.proxy.cut(where, then_refuse=then_refuse)
        load_rows(self, *rows)

    monkeypatch.setattr(Backend, "load_rows", cut_then_load)


def server_counts(url: str) -> tuple[int, int]:
    with open_store(url) as store:
        assert isinstance(store, PostgresStore)
        return store.counts()


def test_a_copy_whose_commit_reached_the_server_is_reported_made(
    through: Through, mini_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`store copy` to a server whose answer to COMMIT is lost: it was committed, and the
    copy is reported made (before, the error said "nothing was copied")."""
    source = tmp_path / "team.sqlite3"
    expected = sqlite_store_with_verdicts(source, mini_dataset)
    init_store(through.direct)
    cut_at_the_copy(through, monkeypatch, "after")
    copied = copy_store(source, through.proxied)
    assert through.proxy.cuts == 1
    assert (copied.history, copied.current) == expected
    assert server_counts(through.direct) == expected


def test_a_copy_cut_before_its_commit_says_nothing_was_copied(
    through: Through, mini_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "team.sqlite3"
    sqlite_store_with_verdicts(source, mini_dataset)
    init_store(through.direct)
    cut_at_the_copy(through, monkeypatch, "before")
    with pytest.raises(StoreError) as caught:
        copy_store(source, through.proxied)
    assert through.proxy.cuts == 1
    assert "nothing was copied" in str(caught.value)
    assert server_counts(through.direct) == (0, 0)


def test_a_copy_whose_server_cant_be_asked_after_the_cut_may_have_been_made(
    through: Through, mini_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "team.sqlite3"
    expected = sqlite_store_with_verdicts(source, mini_dataset)
    init_store(through.direct)
    cut_at_the_copy(through, monkeypatch, "after", then_refuse=True)
    with pytest.raises(StoreError) as caught:
        copy_store(source, through.proxied)
    message = str(caught.value)
    assert caught.value.reason == "unknown"
    assert "MAY have been made" in message and "nothing was copied" not in message
    assert server_counts(through.direct) == expected  # it was, in fact


def test_a_lost_copy_into_a_store_that_held_rows_is_never_reported_made(
    mini_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection breaks before the copy's rows went in, and the target already held
    as many rows as the copy would bring (another reviewer's): it is not the copy, and
    nothing is reported copied."""
    source, target = tmp_path / "ann.sqlite3", tmp_path / "team.sqlite3"
    sqlite_store_with_verdicts(source, mini_dataset)
    sqlite_store_with_verdicts(target, mini_dataset)  # same counts, not the copy

    def lost(self: Backend, *rows: Any) -> None:
        raise StoreError("The connection was lost; nothing was copied.", "team", "down")

    monkeypatch.setattr(Backend, "load_rows", lost)
    with pytest.raises(StoreError) as caught:
        copy_store(source, target)
    assert "nothing was copied" in str(caught.value)
