"""Concurrent reviewers: how long a verdict takes to be acknowledged, and how many a second.

    flock /tmp/claimline-bench.lock python benchmarks/reviewers.py --update-readme
    python benchmarks/reviewers.py                    # the same table, printed only
    python benchmarks/reviewers.py --clients 1,5 --verdicts 50 --json
    python benchmarks/reviewers.py --postgres-url postgresql://bench@db/claims  # your server

Each client is its own process, as each reviewer runs their own claimline: it opens the
store, waits for the others, then marks claims one after another (flipping between
verified and disputed so that every call is a change), timing each `mark` from the call
to its return, which is when the store has committed it. Latency is the median and 95th
percentile over every verdict of every client; throughput is all verdicts over the wall
time from the common start to the last client's end. A verdict the store refuses
(SQLite's busy timeout, 5 s, when writers queue too long) is counted as not saved.

Each client count runs twice: flat out (`--verdicts` each, no pause: the most the store
takes, where latency is mostly waiting for the others and for the CPU), and at a
reviewer's pace (`--paced-verdicts` each, 0.5 to 2 s between verdicts, drawn at random
the same way on every run: what a person at the keyboard feels, even in a busy team).

SQLite runs on a file in a temporary folder (WAL, synchronous=FULL, as the app runs it).
PostgreSQL runs on a throwaway cluster on a loopback TCP port with fsync on, started from
the server programs as the tests do (tests/pg_cluster.py), unless --postgres-url names a
server (an empty database a role may create the schema in).

A colleague's verdict reaching another claimline is measured too: one process waits on
`wait_for_change` while another marks; the delay from the mark's return to the wake-up.

`--update-readme` writes the table, with the load average before and after, between the
`reviewers-table` markers in README.md. Timings on a shared machine mean little: run it
under the flock above, on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import math
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


Pace = tuple[float, float]
"""Seconds between a client's verdicts, drawn evenly between the two; (0, 0) is flat out."""

FLAT_OUT: Pace = (0.0, 0.0)
REVIEWER: Pace = (0.5, 2.0)


def _client(location: str, reviewer: str, verdicts: int, pace: Pace, start: Any, out: Any) -> None:
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
            if pace != FLAT_OUT:
                time.sleep(pauses.uniform(*pace))
    out.put((latencies, refused))


def run_clients(location: str, clients: int, verdicts: int, pace: Pace) -> dict[str, Any]:
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
        "pause_s": list(pace),
        "verdicts": len(latencies),
        "not_saved": refused,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[math.ceil(0.95 * len(latencies)) - 1] * 1000,  # nearest rank
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


Plan = list[tuple[Pace, int]]
"""Each pace with the verdicts every client makes at it."""


def measure(clients: list[int], plan: Plan, postgres_url: str | None) -> dict[str, Any]:
    results: dict[str, Any] = {"load_before": _load(), "backends": {}}
    with tempfile.TemporaryDirectory(prefix="claimline-bench-") as folder:
        runs = []
        for pace, verdicts in plan:
            for count in clients:
                location = str(Path(folder) / f"reviews-{count}-{pace[0]}-{pace[1]}.sqlite3")
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
            results["load_after"] = _load()
            return results
        cluster = Cluster.initialise(bindir, loopback_port=_free_port())
    try:
        runs = []
        for pace, verdicts in plan:
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
    results["load_after"] = _load()
    return results


def _load() -> str:
    """The load average (1, 5, 15 minutes): what else the machine was doing meanwhile."""
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "unknown"


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _pause(pace: list[float]) -> str:
    return "flat out" if not any(pace) else f"{pace[0]:g}–{pace[1]:g} s between verdicts"


def _cell(run: dict[str, Any], flat: bool) -> str:
    cell = f"{run['median_ms']:.1f} / {run['p95_ms']:.1f} ms"
    if flat:
        cell += f", {run['per_second']:.0f}/s"
    if run["not_saved"]:
        total = run["verdicts"] + run["not_saved"]
        cell += f"; {run['not_saved']:,} of {total:,} refused as busy after 5 s"
    return cell


def table(results: dict[str, Any]) -> str:
    """The README's table: a row per store and client count, a column per pace."""
    paces = sorted(
        {tuple(run["pause_s"]) for b in results["backends"].values() for run in b.get("runs", [])}
    )
    head = [
        "flat out: median / p95, verdicts/s"
        if not any(pace)
        else f"{_pause(list(pace))}: median / p95"
        for pace in paces
    ]
    lines = [f"| store, clients | {' | '.join(head)} |", "|---" * (len(paces) + 1) + "|"]
    for name, backend in results["backends"].items():
        by_clients: dict[int, dict[tuple[float, ...], dict[str, Any]]] = {}
        for run in backend.get("runs", []):
            by_clients.setdefault(run["clients"], {})[tuple(run["pause_s"])] = run
        for clients, runs in by_clients.items():
            cells = [_cell(runs[pace], not any(pace)) if pace in runs else "—" for pace in paces]
            lines.append(f"| {_NAMES.get(name, name)}, {clients} | {' | '.join(cells)} |")
    lines.append("")
    for name, backend in results["backends"].items():
        if "colleague" in backend:
            delay = backend["colleague"]
            lines.append(
                f"- {_NAMES.get(name, name)}: a colleague's verdict reached another claimline in "
                f"{delay['median_ms']:.1f} ms (median), {delay['max_ms']:.1f} ms at most "
                f"({delay['samples']} verdicts)."
            )
        if "skipped" in backend:
            lines.append(f"- {_NAMES.get(name, name)}: skipped ({backend['skipped']}).")
    for run in results["backends"].get("postgresql", {}).get("runs", []):
        if run["clients"] == 20:
            p95 = run["p95_ms"]
            verdict = (
                f"met by {TARGET_P95_MS - p95:.1f} ms"
                if p95 < TARGET_P95_MS
                else f"missed by {p95 - TARGET_P95_MS:.1f} ms"
            )
            lines.append(
                f"- Target p95 < {TARGET_P95_MS:.0f} ms with 20 clients on PostgreSQL, "
                f"{_pause(run['pause_s'])}: {p95:.1f} ms, {verdict}."
            )
    lines.append(
        f"- Load average (1, 5, 15 min) {results['load_before']} before, "
        f"{results['load_after']} after."
    )
    return "\n".join(lines)


START, END = "<!-- reviewers-table:start -->", "<!-- reviewers-table:end -->"


def update_readme(readme: Path, text: str) -> None:
    """Put `text` between this table's markers in README, leaving everything else as it is."""
    from benchmarks.readme_table import update_readme as between_markers

    between_markers(readme, text, START, END)


def _paces(text: str) -> list[Pace]:
    """ "0,0.5-2" → flat out, then 0.5 to 2 s between verdicts."""
    paces: list[Pace] = []
    for part in filter(None, text.split(",")):
        low, _, high = part.partition("-")
        paces.append((float(low), float(high or low)))
    return paces


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--clients", default="1,5,20", help="client counts (default 1,5,20)")
    parser.add_argument(
        "--verdicts", type=int, default=100, help="verdicts per client flat out (default 100)"
    )
    parser.add_argument(
        "--paced-verdicts",
        type=int,
        default=50,
        help="verdicts per client at a paced run (default 50: about a minute a run)",
    )
    parser.add_argument(
        "--pauses",
        default="0,0.5-2",
        help="seconds between a client's verdicts, one run each: 0 is flat out, A-B a pause "
        "drawn between A and B (default 0,0.5-2: flat out, then a reviewer's pace)",
    )
    parser.add_argument("--postgres-url", help="an existing server's empty database")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--update-readme", action="store_true", help="write the table into README.md too"
    )
    args = parser.parse_args(argv)
    clients = [int(part) for part in args.clients.split(",") if part]
    plan = [
        (pace, args.verdicts if pace == FLAT_OUT else args.paced_verdicts)
        for pace in _paces(args.pauses)
    ]
    results = measure(clients, plan, args.postgres_url)
    text = table(results)
    print(json.dumps(results, indent=2) if args.json else text)
    if args.update_readme:
        update_readme(ROOT / "README.md", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
