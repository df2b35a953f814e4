"""A throwaway PostgreSQL cluster for the store tests: a real server, not a mock.

The session-scoped `postgres_cluster` fixture (one per pytest-xdist worker, since each
worker is its own session) runs `initdb` and the server from PostgreSQL's own programs
(`pg_config --bindir`) in a temporary folder, listening only on a Unix socket there, and
stops it afterwards. The server refuses to run as root, so when the tests run as root the
server programs run as the `postgres` user, who owns the folder.

`CLAIMLINE_TEST_POSTGRES_URL` points the tests at an existing server instead (a URL of a
role allowed to create databases). Without server programs or psycopg the PostgreSQL tests
skip with the reason; with `CI` set they fail instead, so CI can't pass by skipping them.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

REVIEWER_ROLE = "reviewer"
REVIEWER_PASSWORD = "s3cret-pa55word"  # what the wrong-password test must never see echoed


def server_programs() -> Path | None:
    """The folder holding initdb and postgres, or None."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidates.append(Path(result.stdout.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "postgres").exists():
            return folder
    return None


class Cluster:
    """A server the tests may create databases on, stop and start again."""

    def __init__(self, admin_url: str, host: str | None = None, port: int = 5432) -> None:
        self.admin_url = admin_url
        self.host = host
        self.port = port
        self.bindir: Path | None = None
        self.data: Path | None = None
        self.as_postgres = False
        self.loopback = False  # also listen on 127.0.0.1:port (the benchmark's clients)
        self.durable = False  # fsync on, as a real server runs (the tests don't need it)

    def url(self, database: str, user: str = "postgres", password: str | None = None) -> str:
        """A URL of one database; a socket folder goes in `host=` as libpq reads it."""
        if self.host is None:  # an existing server: swap the database in its URL
            base, _, _ = self.admin_url.rpartition("/")
            return f"{base}/{database}"
        login = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
        if self.loopback:
            return f"postgresql://{login}@127.0.0.1:{self.port}/{database}"
        return f"postgresql://{login}@/{database}?host={quote(self.host)}&port={self.port}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]  # the fixture's own SQL

    def create_database(self) -> str:
        name = f"claimline_test_{uuid.uuid4().hex[:12]}"
        self.admin(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- a cluster of our own -----------------------------------------------------------

    def _run(self, *argv: str) -> None:
        assert self.bindir is not None
        command = [str(self.bindir / argv[0]), *argv[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        assert self.data is not None and self.host is not None
        listen = "127.0.0.1" if self.loopback else ""
        fsync = "on" if self.durable else "off"
        options = (
            f"-k {self.host} -p {self.port} -c listen_addresses='{listen}' -c fsync={fsync} "
            "-c max_connections=200"
        )
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-o", options,
                  "-l", str(Path(self.host) / "server.log"), "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`immediate` is a crash: no shutdown checkpoint)."""
        assert self.data is not None
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")

    @classmethod
    def initialise(cls, bindir: Path, *, loopback_port: int | None = None) -> Cluster:
        """A new cluster, started; with `loopback_port`, reached over TCP on 127.0.0.1
        with fsync on, as the benchmark measures a real server."""
        folder = Path(tempfile.mkdtemp(prefix="claimline-pg-"))
        cluster = cls(f"postgresql://postgres@/postgres?host={quote(str(folder))}", str(folder))
        if loopback_port is not None:
            cluster.port, cluster.loopback, cluster.durable = loopback_port, True, True
            cluster.admin_url += f"&port={loopback_port}"
        cluster.bindir, cluster.data = bindir, folder / "data"
        cluster.as_postgres = os.geteuid() == 0
        if cluster.as_postgres:
            shutil.chown(folder, "postgres", "postgres")
        cluster._run("initdb", "-D", str(cluster.data), "-U", "postgres", "-E", "UTF8",
                     "--locale=C", "--auth-local=trust", "--no-sync")  # fmt: skip
        # The reviewer role logs in with a password (for the wrong-password test); the
        # fixture's own superuser is trusted on the socket, which only it can reach, and on
        # loopback, where only the benchmark's throwaway cluster listens.
        hba = cluster.data / "pg_hba.conf"
        hba.write_text(
            f"local all {REVIEWER_ROLE} scram-sha-256\nlocal all all trust\n"
            "host all postgres 127.0.0.1/32 trust\n",
            encoding="utf-8",
        )
        if cluster.as_postgres:
            shutil.chown(hba, "postgres", "postgres")
        cluster.start()
        cluster._watch(os.getpid())
        cluster.admin(f"CREATE ROLE {REVIEWER_ROLE} LOGIN PASSWORD '{REVIEWER_PASSWORD}' CREATEDB")
        return cluster

    def _watch(self, owner: int) -> None:
        """Stop the cluster and remove its folder once `owner` is gone, however it ends.

        pytest skips session teardown when a worker is interrupted (`-x` under xdist) or
        killed; without this, each such run would leave a server behind.
        """
        assert self.bindir is not None and self.data is not None and self.host is not None
        stop = [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
        if self.as_postgres:
            stop = ["runuser", "-u", "postgres", "--", *stop]
        script = (
            f"while kill -0 {owner} 2>/dev/null; do sleep 2; done; "
            f"{shlex.join(stop)} >/dev/null 2>&1; rm -rf {shlex.quote(self.host)}"
        )
        subprocess.Popen(
            ["sh", "-c", script],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def destroy(self) -> None:
        if self.data is not None and self.host is not None:
            try:
                self.stop()
            finally:
                shutil.rmtree(self.host, ignore_errors=True)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the PostgreSQL store tests, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        _unavailable("psycopg is not installed (pip install -e '.[test]')")
    existing = os.environ.get("CLAIMLINE_TEST_POSTGRES_URL")
    if existing:
        yield Cluster(existing)
        return
    bindir = server_programs()
    if bindir is None:
        _unavailable("PostgreSQL's server programs were not found (pg_config --bindir)")
        return
    cluster = Cluster.initialise(bindir)
    try:
        yield cluster
    finally:
        cluster.destroy()
