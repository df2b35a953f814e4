"""The PostgreSQL store against a real server: faults, notifications and many clients.

Every fault becomes one StoreError naming the server (never the password); no verdict
that was acknowledged is lost; the store reconnects when the server is back.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from facts import Claim
from facts.store import StoreError, open_store
from facts.store.postgres import PostgresStore
from tests.pg_cluster import REVIEWER_PASSWORD, REVIEWER_ROLE, Cluster
from tests.store_backends import PostgresBackend

ROOT = Path(__file__).resolve().parent.parent
DS = "mini"


def claim(claim_id: str = "c1", text: str = "The town was founded in 2009.") -> Claim:
    return Claim(id=claim_id, text=text, events=["founding"])


@pytest.fixture
def pg(postgres_cluster: Cluster) -> Iterator[PostgresBackend]:
    database = postgres_cluster.create_database()
    yield PostgresBackend(postgres_cluster, database)
    postgres_cluster.drop_database(database)


def own_cluster(cluster: Cluster) -> Cluster:
    if cluster.data is None:
        pytest.skip("the server is not the tests' own (CLAIMLINE_TEST_POSTGRES_URL): can't stop it")
    return cluster


# -- refused at the door, with the server named -----------------------------------------


def test_a_wrong_password_names_the_server_and_never_the_password(pg: PostgresBackend) -> None:
    own_cluster(pg.cluster)
    url = pg.cluster.url(pg.database, REVIEWER_ROLE, "not-the-" + REVIEWER_PASSWORD)
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert caught.value.reason == "auth"
    assert pg.database in message and "postgresql://" in message
    assert REVIEWER_PASSWORD not in message and "not-the-" not in message
    assert "~/.pgpass" in message
    assert caught.value.path is None


def test_the_right_password_opens_the_store(pg: PostgresBackend) -> None:
    own_cluster(pg.cluster)  # the reviewer role with its password is the fixture's own
    with PostgresStore(pg.cluster.url(pg.database, "postgres")):
        pass  # the schema exists now; the reviewer role may use it once granted
    pg.cluster.admin(f'ALTER DATABASE "{pg.database}" OWNER TO {REVIEWER_ROLE}')
    pg.raw_execute(f"GRANT USAGE ON SCHEMA claimline TO {REVIEWER_ROLE}")
    pg.raw_execute(f"GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA claimline TO {REVIEWER_ROLE}")
    pg.raw_execute(f"GRANT UPDATE ON claimline.current TO {REVIEWER_ROLE}")
    pg.raw_execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA claimline TO {REVIEWER_ROLE}")
    url = pg.cluster.url(pg.database, REVIEWER_ROLE, REVIEWER_PASSWORD)
    with open_store(url) as store:
        store.mark(DS, claim(), "verified", reviewer="ann")
        assert store.reviews(DS)["c1"].verdict == "verified"
    # Without UPDATE or DELETE on the history, not even a direct statement may try.
    with (
        psycopg.connect(url, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("DELETE FROM claimline.history")


def test_a_missing_database_is_named(pg: PostgresBackend) -> None:
    url = pg.cluster.url("no_such_database")
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert caught.value.reason == "missing"
    assert "no_such_database" in str(caught.value)


def test_a_database_of_another_program_is_refused_and_left_untouched(pg: PostgresBackend) -> None:
    pg.cluster.admin(f'ALTER DATABASE "{pg.database}" SET search_path TO public')
    with psycopg.connect(pg.location, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.orders (id int)")
    with pytest.raises(StoreError) as caught:
        open_store(pg.location)
    assert caught.value.reason == "damaged"
    assert "store init" in str(caught.value)
    with psycopg.connect(pg.location, autocommit=True) as conn:
        assert conn.execute("SELECT to_regnamespace('claimline')").fetchone() == (None,)
    # Asked on purpose (`claimline store init`), the store goes beside the other tables.
    with PostgresStore(pg.location, create_beside_other_tables=True) as store:
        store.mark(DS, claim(), "verified", reviewer="ann")
    with open_store(pg.location) as store:
        assert store.reviews(DS)["c1"].verdict == "verified"


def test_a_claimline_schema_of_a_newer_version_is_refused(pg: PostgresBackend) -> None:
    open_store(pg.location).close()
    pg.raw_execute("UPDATE meta SET value = '42' WHERE key = 'schema_version'")
    with pytest.raises(StoreError) as caught:
        open_store(pg.location)
    assert caught.value.reason == "newer" and "version 42" in str(caught.value)


def test_a_server_that_is_down_is_named(tmp_path: Path) -> None:
    url = f"postgresql://ann@/claims?host={tmp_path}&port=5999"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert caught.value.reason == "down"
    assert "claims" in str(caught.value) and "running" in str(caught.value)


def test_without_psycopg_a_url_says_how_to_install_it() -> None:
    script = (
        "import sys\n"
        "sys.modules['psycopg'] = None  # as if it were not installed\n"
        "from facts.store import open_store, StoreError\n"
        "try:\n"
        "    open_store('postgresql://ann:hunter2@db.example.org/claims')\n"
        "except StoreError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "pip install 'claimline[postgres]'" in lines[0]
    assert "db.example.org" in lines[0] and "hunter2" not in lines[0]


# -- the server goes away and comes back ------------------------------------------------


def test_a_lost_connection_fails_one_call_loudly_and_the_next_reconnects(
    pg: PostgresBackend,
) -> None:
    with open_store(pg.location) as store:
        store.mark(DS, claim("c1"), "verified", reviewer="ann")
        # Cut off, as by a server restart between two verdicts (waiting until it is done).
        pg.cluster.admin(
            "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
            f"WHERE datname = '{pg.database}' AND pid <> pg_backend_pid()"
        )
        # Found dead before anything was sent: replaced at once, and the verdict is saved.
        assert store.mark(DS, claim("c2"), "disputed", reviewer="ann").verdict == "disputed"
        assert store.wait_for_change(5.0)  # the listener was lost too: refresh
        assert {cid: r.verdict for cid, r in store.reviews(DS).items()} == {
            "c1": "verified",
            "c2": "disputed",
        }


def test_a_server_restart_mid_review_loses_no_acknowledged_verdict(
    pg: PostgresBackend,
) -> None:
    cluster = own_cluster(pg.cluster)
    acknowledged: list[str] = []
    with open_store(pg.location) as store:
        for n in range(5):
            store.mark(DS, claim(f"c{n}"), "verified", reviewer="ann")
            acknowledged.append(f"c{n}")
        cluster.stop("immediate")  # a crash: no shutdown checkpoint
        try:
            with pytest.raises(StoreError) as caught:
                store.mark(DS, claim("c9"), "disputed", reviewer="ann")
            assert caught.value.reason == "down"
            assert "NOT saved" in str(caught.value) and pg.database in str(caught.value)
            with pytest.raises(StoreError):
                store.changed_by_others()
        finally:
            cluster.start()
        # Back: the store reconnects on its own and goes on.
        store.mark(DS, claim("c5"), "disputed", reviewer="ann")
        acknowledged.append("c5")
        assert store.changed_by_others()  # reconnected: whatever happened is unknown
    with open_store(pg.location) as store:
        assert sorted(store.reviews(DS)) == sorted(acknowledged)
        assert "c9" not in store.reviews(DS)
        assert len(store.history(DS, "c5")) == 1


def test_a_client_killed_mid_review_loses_nothing_it_was_told_was_saved(
    pg: PostgresBackend,
) -> None:
    open_store(pg.location).close()
    driver = ROOT / "tests" / "hardening" / "crash_driver.py"
    process = subprocess.Popen(
        [sys.executable, str(driver), pg.location, "k", "0", "100000"],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    acked = -1
    for line in process.stdout:
        if line.startswith(b"ack "):
            acked = int(line.split()[1])
            if acked >= 150:
                break
    process.kill()
    # The driver may have acknowledged more before the kill landed: those lines are
    # still in the pipe, and each of them is a promise too.
    for line in process.stdout:
        if line.startswith(b"ack "):
            acked = int(line.split()[1])
    process.wait()
    with open_store(pg.location) as store:
        history = store.history("crash", "k0")
        total = sum(len(store.history("crash", f"k{n}")) for n in range(7))
    assert total >= acked + 1  # every acknowledged change, maybe the one in flight
    assert total <= acked + 2
    assert [c.seq for c in history] == sorted(c.seq for c in history)


# -- colleagues -------------------------------------------------------------------------


def test_a_colleagues_verdict_wakes_a_waiting_store(pg: PostgresBackend) -> None:
    """The notification, not the wait's timeout, ends the wait (how fast is measured by
    benchmarks/reviewers.py, not here)."""
    with open_store(pg.location) as mine, open_store(pg.location) as theirs:
        woken: list[bool] = []
        waiter = threading.Thread(target=lambda: woken.append(mine.wait_for_change(30.0)))
        waiter.start()
        time.sleep(0.2)
        theirs.mark(DS, claim(), "disputed", reviewer="ben")
        waiter.join(60)
        assert woken == [True]
        assert mine.reviews(DS, reviewer="ben")["c1"].verdict == "disputed"
        theirs.mark(DS, claim(), "verified", reviewer="ben")
        assert not theirs.changed_by_others()  # its own commit is not news to it


def test_reviewers_opening_a_new_database_at_once_all_get_the_one_store(
    pg: PostgresBackend,
) -> None:
    """Seen in tmux: bob's claimline, started with alice's, found her half-made schema."""
    errors: list[BaseException] = []
    opened = threading.Barrier(6)

    def open_it(n: int) -> None:
        try:
            opened.wait(30)
            with open_store(pg.location) as store:
                store.mark(DS, claim(f"c{n}"), "verified", reviewer=f"r{n}")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=open_it, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    with open_store(pg.location) as store:
        assert sorted(store.reviews(DS)) == [f"c{n}" for n in range(6)]


def test_reading_a_database_with_no_store_yet_says_so_and_creates_nothing(
    pg: PostgresBackend,
) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(pg.location, read_only=True)
    assert caught.value.reason == "missing"
    assert "store init" in str(caught.value) and pg.database in str(caught.value)
    with psycopg.connect(pg.location, autocommit=True) as conn:
        assert conn.execute("SELECT to_regnamespace('claimline')").fetchone() == (None,)
