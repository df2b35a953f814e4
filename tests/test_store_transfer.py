"""`store init` and `store copy`: a team's verdicts move between a file and a server whole."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from facts import Claim
from facts.store import StoreError, open_store
from facts.store.backend import Backend
from facts.store.transfer import copy_store, init_store
from tests.pg_cluster import Cluster

ROOT = Path(__file__).resolve().parent.parent
V1_STORE = ROOT / "tests" / "data" / "store-v1.sqlite3"
DS = "mini"


@pytest.fixture
def database_url(postgres_cluster: Cluster) -> Iterator[str]:
    name = postgres_cluster.create_database()
    yield postgres_cluster.url(name)
    postgres_cluster.drop_database(name)


def rows(location: str | Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with open_store(location) as store:
        assert isinstance(store, Backend)
        history, current = store.raw_rows()
    return history, sorted(current, key=repr)


def test_a_file_copied_to_a_server_and_back_keeps_every_row(
    tmp_path: Path, database_url: str
) -> None:
    source = tmp_path / "team.sqlite3"
    shutil.copyfile(V1_STORE, source)  # an old store: migrated on the way
    with open_store(source) as store:
        c1 = Claim(id="c1", text="The town was founded in 2009.", events=["e"])
        store.mark(DS, c1, "disputed", reviewer="ben")
        store.set_note(DS, c1, "quotes ' \" ; -- \\ and a NUL-free note", reviewer="ben")
        store.undo(DS, reviewer="ben")
    copied = copy_store(source, database_url)
    assert (copied.history, copied.current) == (12, 7)
    assert rows(database_url) == rows(source)
    with open_store(database_url) as store:  # the judged wording came along
        assert store.wording(c1.fingerprint) == "The town was founded in 2009."

    back = tmp_path / "back.sqlite3"
    assert copy_store(database_url, back).history == 12
    assert rows(back) == rows(source)

    # The copy goes on where the original left off: undo links and numbering included.
    with open_store(database_url) as store:
        redone = store.redo(DS, reviewer="ben")
        assert redone is not None and redone.to_note is not None
        assert redone.seq == 13
        assert store.team_reviews(DS)["c1"].status == "contested"


def test_a_copy_into_a_store_that_holds_verdicts_is_refused_and_changes_nothing(
    tmp_path: Path, database_url: str
) -> None:
    source = tmp_path / "team.sqlite3"
    shutil.copyfile(V1_STORE, source)
    with open_store(database_url) as store:
        store.mark(DS, Claim(id="c9", text="Theirs.", events=["e"]), "verified", reviewer="zoe")
    before = rows(database_url)
    with pytest.raises(StoreError) as caught:
        copy_store(source, database_url)
    assert "already holds verdicts" in str(caught.value)
    assert "nothing was copied" in str(caught.value)
    assert rows(database_url) == before


def test_init_creates_the_schema_beside_other_tables_only_when_asked(
    tmp_path: Path, database_url: str
) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.orders (id int)")
    with pytest.raises(StoreError, match="store init"):
        open_store(database_url)
    where, history = init_store(database_url)
    assert (history, "postgresql://") == (0, where[:13])
    assert init_store(database_url)[1] == 0  # a second init only checks
    with open_store(database_url) as store:
        assert store.reviews(DS) == {}
    file_where, _ = init_store(tmp_path / "new.sqlite3")
    assert Path(file_where).exists()
