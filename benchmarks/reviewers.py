"""Concurrent reviewers: how long a verdict takes to be acknowledged, and how many a second.

    python benchmarks/reviewers.py                    # 1, 5 and 20 clients, SQLite and PostgreSQL
    python benchmarks/reviewers.py --clients 1,5 --verdicts 50 --json
    python benchmarks/reviewers.py --postgres-url postgresql://bench@db/claims  # your server

Each client is its own process, as each reviewer runs their own claimline: it opens the
store, waits for the others, then marks `--verdicts` claims one after another (flipping
between verified and disputed so that every call is a change), timing each `mark` from
the call to its return, which is when the store has committed it. Latency is the median
and 95th percentile over every verdict of every client; throughput is all verdicts over
the wall time from the common start to the last client's end. A verdict the store refuses
(SQLite's busy timeout, 5 s, when writers queue too long) is counted as not saved.

Each run is made twice by default: flat out (no pause: the most the store takes, where
latency is mostly waiting for the others) and at a reviewer's pace, half a second on
average between verdicts (a person takes several seconds, so this is a very busy team).

SQLite runs on a file in a temporary folder (WAL, synchronous=FULL, as the app runs it).
PostgreSQL runs on a throwaway cluster on a loopback TCP port with fsync on, started from
the server programs as the tests do (tests/pg_cluster.py), unless --postgres-url names a
server (an empty database a role may create the schema in).

A colleague's verdict reaching another claimline is measured too: one process waits on
`wait_for_change` while another marks; the delay from the mark's return to the wake-up.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from facts.model import Claim  # noqa: E402
from facts.store import StoreError, open_store  # noqa: E402

DATASET = "bench"
TARGET_P95_MS = 20.0  # with 20 clients on PostgreSQL (the target)


def _claim(n: int) -> Claim:
    return Claim(id=f"c{n}", text=f"Claim {n} of the benchmark.", events=["e"])


def _client(location: str, reviewer: str, verdicts: int, pace: float, start: Any, out: Any) -> None:
    """One reviewer: open, wait for the start, mark, send back each call's seconds."""
    claims = [_claim(n) for n in range(50)]
    pauses = random.Random(reviewer)  # the same pauses on every run
    with open_store(location) as store:
        store.reviews(DATASET)  # connected and warm, as an app is after its first frame
        start.wait(timeout=600)  # every client is open: all start together
        latencies, refused = [], 0
        for n in range(verdicts):
            verdict = ("verified", "disputed")[(n // len(claims)) % 2]
            began = time.perf_counter()
            try:
                store.mark(DATASET, claims[n % len(claims)], verdict, reviewer=reviewer)
            except StoreError:  # e.g. SQLite's busy timeout: shown as not saved in the app
                refused += 1
                continue
            latencies.append(time.perf_counter() - began)
            if pace:
                time.sleep(pace * pauses.uniform(0.5, 1.5))
    out.put((latencies, refused))


def run_clients(location: str, clients: int, verdicts: int, pace: float) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(clients + 1), context.Queue()
    processes = [
        context.Process(target=_client, args=(location, f"r{n}", verdicts, pace, start, out))
        for n in range(clients)
    ]
    for process in processes:
        process.start()
    start.wait(timeout=600)
    began = time.perf_counter()
    latencies: list[float] = []
    refused = 0
    for _ in processes:
        mine, not_saved = out.get(timeout=600)
        latencies += mine
        refused += not_saved
    wall = time.perf_counter() - began
    for process in processes:
        process.join()
    latencies.sort()
    return {
        "clients": clients,
        "pace_s": pace,
        "verdicts": len(latencies),
        "not_saved": refused,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "max_ms": latencies[-1] * 1000,
        "per_second": len(latencies) / wall,
    }


def _listener(location: str, ready: Any, out: Any, count: int) -> None:
    with open_store(location) as store:
        ready.set()
        woke = []
        while len(woke) < count:
            if store.wait_for_change(5.0):
                woke.append(time.monotonic())
    out.put(woke)


def colleague_delay(location: str, count: int = 30) -> dict[str, Any]:
    """Seconds from a colleague's acknowledged verdict to another claimline learning of it."""
    context = multiprocessing.get_context("spawn")
    ready, out = context.Event(), context.Queue()
    listener = context.Process(target=_listener, args=(location, ready, out, count))
    listener.start()
    ready.wait(60)
    sent = []
    with open_store(location) as store:
        for n in range(count):
            store.mark(DATASET, _claim(n), ("verified", "disputed")[n % 2], reviewer="colleague")
            sent.append(time.monotonic())
            time.sleep(0.25)  # one wake-up per verdict
    woke = out.get(timeout=60)
    listener.join()
    delays = sorted(max(0.0, w - s) for s, w in zip(sent, woke, strict=True))
    return {
        "median_ms": statistics.median(delays) * 1000,
        "max_ms": delays[-1] * 1000,
        "samples": len(delays),
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def measure(
    clients: list[int], verdicts: int, paces: list[float], postgres_url: str | None
) -> dict[str, Any]:
    results: dict[str, Any] = {"verdicts_per_client": verdicts, "backends": {}}
    with tempfile.TemporaryDirectory(prefix="claimline-bench-") as folder:
        runs = []
        for pace in paces:
            for count in clients:
                location = str(Path(folder) / f"reviews-{count}-{pace}.sqlite3")
                open_store(location).close()
                runs.append(run_clients(location, count, verdicts, pace))
        location = str(Path(folder) / "reviews-notify.sqlite3")
        open_store(location).close()
        results["backends"]["sqlite"] = {"runs": runs, "colleague": colleague_delay(location)}

    cluster = None
    if postgres_url is None:
        from tests.pg_cluster import Cluster, server_programs

        bindir = server_programs()
        if bindir is None:
            results["backends"]["postgresql"] = {"skipped": "no PostgreSQL server programs"}
            return results
        cluster = Cluster.initialise(bindir, loopback_port=_free_port())
    try:
        runs = []
        for pace in paces:
            for count in clients:
                if cluster is not None:
                    location = cluster.url(cluster.create_database())
                else:
                    location = postgres_url  # type: ignore[assignment]
                open_store(location).close()
                runs.append(run_clients(location, count, verdicts, pace))
        results["backends"]["postgresql"] = {"runs": runs, "colleague": colleague_delay(location)}
    finally:
        if cluster is not None:
            cluster.destroy()
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        "| backend | clients | pause | verdicts saved | not saved | median | p95 | verdicts/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, backend in results["backends"].items():
        for run in backend.get("runs", []):
            lines.append(
                f"| {name} | {run['clients']} | {run['pace_s']:g} s "
                f"| {run['verdicts']} | {run['not_saved']} "
                f"| {run['median_ms']:.1f} ms "
                f"| {run['p95_ms']:.1f} ms | {run['per_second']:.0f} |"
            )
    for name, backend in results["backends"].items():
        if "colleague" in backend:
            delay = backend["colleague"]
            lines.append(
                f"\n{name}: a colleague's verdict reaches another claimline in "
                f"{delay['median_ms']:.1f} ms (median), {delay['max_ms']:.1f} ms at most "
                f"({delay['samples']} verdicts)"
            )
        if "skipped" in backend:
            lines.append(f"\n{name}: skipped ({backend['skipped']})")
    for run in results["backends"].get("postgresql", {}).get("runs", []):
        if run["clients"] == 20:
            met = "met" if run["p95_ms"] < TARGET_P95_MS else "MISSED"
            lines.append(
                f"\ntarget: p95 < {TARGET_P95_MS:.0f} ms with 20 clients on PostgreSQL, "
                f"pause {run['pace_s']:g} s: {run['p95_ms']:.1f} ms, {met}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--clients", default="1,5,20", help="client counts (default 1,5,20)")
    parser.add_argument("--verdicts", type=int, default=100, help="verdicts per client")
    parser.add_argument(
        "--pauses",
        default="0,0.5",
        help="seconds each client waits between verdicts, on average (default 0,0.5: "
        "flat out, then a fast reviewer's pace)",
    )
    parser.add_argument("--postgres-url", help="an existing server's empty database")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    clients = [int(part) for part in args.clients.split(",") if part]
    paces = [float(part) for part in args.pauses.split(",") if part]
    results = measure(clients, args.verdicts, paces, args.postgres_url)
    print(json.dumps(results, indent=2) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
