"""A second open from the dataset cache, stage by stage, without the whole benchmark.

    flock /tmp/claimline-bench.lock .venv/bin/python -m benchmarks.reopen --sizes 100000

For each size the cache entry is written once (a first open, then its save), then each
repeat is a fresh process doing what the app's worker does before the timeline shows
(`open`: the cache read and checked, `timeline`: `Timeline`, `layout`: its rows; `head`:
how far into the open the head's rows, which the app shows first, were ready) and what
it does after (`search`: `prepare_search`), each in wall and CPU seconds (CPU time is
what other agents' load on a shared machine disturbs least), beside `json.loads` of the
same file. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import dataset_files  # noqa: E402

STAGES = ("open", "timeline", "layout", "search")


def once(path: Path, folder: Path) -> dict[str, Any]:
    """One open through the cache in `folder`, timed stage by stage (this process)."""
    from facts.cache import DatasetCache
    from facts.timeline import Timeline

    figures: dict[str, Any] = {}

    def timed(stage: str, work: Callable[[], Any]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        figures[stage] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
        return result

    start = {"wall": time.perf_counter(), "cpu": time.process_time()}

    def head_shown(head: Any) -> None:
        """The head's rows are ready (the app shows them): how long into the open."""
        now = {"wall": time.perf_counter(), "cpu": time.process_time()}
        figures["head"] = {clock: now[clock] - start[clock] for clock in now}
        figures["head_rows"] = len(head.rows)

    opened = timed("open", lambda: DatasetCache(folder).open(path, on_head=head_shown))
    figures["from_cache"] = opened.from_cache
    if opened.save is not None:
        timed("save", opened.save)
        return figures
    timeline = timed("timeline", lambda: Timeline(opened.dataset))
    timed("layout", timeline.rows)
    timed("search", timeline.prepare_search)
    timed("json_loads", lambda: json.loads(path.read_bytes()))
    return figures


def measure(path: Path, repeat: int) -> dict[str, Any]:
    """The cache written once, then `repeat` reopens in fresh processes: medians."""
    with tempfile.TemporaryDirectory(prefix="claimline-reopen-") as folder:
        written = _in_child(path, Path(folder))
        runs = [_in_child(path, Path(folder)) for _ in range(repeat)]
    if not all(run["from_cache"] for run in runs):
        raise RuntimeError("a reopen did not come from the cache")
    result: dict[str, Any] = {"write": written["save"]}
    stages = (*STAGES, "json_loads", *(("head",) if all("head" in run for run in runs) else ()))
    for stage in stages:
        result[stage] = {
            clock: statistics.median(run[stage][clock] for run in runs) for clock in ("wall", "cpu")
        }
    for clock in ("wall", "cpu"):
        shown = sum(result[stage][clock] for stage in ("open", "timeline", "layout"))
        result.setdefault("timeline_shown", {})[clock] = shown
        result.setdefault("search_ready", {})[clock] = shown + result["search"][clock]
    return result


def _in_child(path: Path, folder: Path) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.reopen", "--once", str(path), str(folder)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/claimline-bench-data"))
    parser.add_argument("--once", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.once:
        print(json.dumps(once(*args.once)))
        return 0
    results: dict[str, Any] = {"loadavg_before": os.getloadavg()}
    for size in [int(part) for part in args.sizes.split(",")]:
        path, _ = dataset_files(size, args.data_dir)
        entry = results[str(size)] = measure(path, args.repeat)
        print(f"N={size:,} (medians of {args.repeat}, seconds wall / CPU):")
        for stage in ("head", "write", *STAGES, "timeline_shown", "search_ready", "json_loads"):
            if stage in entry:
                print(f"  {stage:15s} {entry[stage]['wall']:6.2f} / {entry[stage]['cpu']:6.2f}")
    results["loadavg_after"] = os.getloadavg()
    print(f"load average before {results['loadavg_before']}, after {results['loadavg_after']}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
