"""Search keystrokes alone, in the app and in-process, without the whole benchmark.

    flock /tmp/claimline-bench.lock .venv/bin/python -m benchmarks.search --sizes 10000,100000

For each size: the app in a pty (the keys run.py measures, its search figures printed:
each keystroke of SEARCH_WORDS until the header shows the filtered timeline, and until it
shows the number of claims, once the whole result is found), then the
same keystrokes in this process on a `Timeline` (CPU time, which other agents' load on a
shared machine disturbs far less than wall time). `--in-process` skips the app. The load
average is printed before and after, since every wall-clock figure depends on it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import (  # noqa: E402
    CLAIMLINE_READY,
    SEARCH_WORDS,
    dataset_files,
    first_frame,
    measure_keys,
    start_claimline,
    summary,
)


def in_process(path: Path) -> dict[str, Any]:
    """Each keystroke's CPU time for `Timeline.rows` (matching and choosing rows), typed
    as in the app: word after word, the whole timeline between them (Esc); the first
    keystroke, which waits for nothing here (the search text is made before), counted."""
    from facts import load
    from facts.timeline import Timeline

    timeline = Timeline(load(path))
    timeline.prepare_search()
    timeline.rows()
    cpu: list[float] = []
    typed: list[str] = []
    for word in SEARCH_WORDS:
        for end in range(1, len(word) + 1):
            start = time.process_time()
            timeline.rows(word[:end])
            cpu.append(time.process_time() - start)
            typed.append(word[:end])
        timeline.rows()
    return {**summary(cpu), "typed": typed}


def in_app(path: Path) -> dict[str, Any]:
    """The search figures of run.py's key measurement, in a fresh home."""
    with tempfile.TemporaryDirectory() as folder:
        terminal = start_claimline(str(path), Path(folder), "search.sqlite3")
        try:
            first_frame(terminal, CLAIMLINE_READY, timeout=1800)
            return measure_keys(terminal, quick=False)["search"]
        finally:
            terminal.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/claimline-bench-data"))
    parser.add_argument("--in-process", action="store_true", help="skip the app")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"loadavg_before": os.getloadavg()}
    for size in [int(part) for part in args.sizes.split(",")]:
        path, _ = dataset_files(size, args.data_dir)
        entry = results[str(size)] = {"in_process_cpu": in_process(path)}
        if not args.in_process:
            entry["app"] = in_app(path)
        line = f"N={size:,}: in-process CPU median/p95 {_pair(entry['in_process_cpu'])}"
        if "app" in entry:
            line += f"; app keystroke to filtered frame median/p95 {_pair(entry['app']['settled'])}"
            line += f", to the whole result {_pair(entry['app']['complete'])}"
        print(line, flush=True)
        for name, figures in entry.items():
            print(f"  {name}, each keystroke: {_each(figures)}", flush=True)
        if "app" in entry:
            print(f"  app, to the whole result: {_each(entry['app'], 'complete')}", flush=True)
    results["loadavg_after"] = os.getloadavg()
    print(f"load average before {results['loadavg_before']}, after {results['loadavg_after']}")
    print(json.dumps(results))
    return 0


def _each(figures: dict[str, Any], moment: str = "settled") -> str:
    """Each keystroke's time, so the slow ones show (the app's: until the filtered frame,
    or `moment`)."""
    timed = figures.get(moment, figures)
    if len(timed["samples_ms"]) != len(figures["typed"]):  # some never got there
        return ", ".join(f"{ms:.0f}" for ms in timed["samples_ms"])
    pairs = zip(figures["typed"], timed["samples_ms"], strict=True)
    return ", ".join(f"{typed} {ms:.0f}" for typed, ms in pairs)


def _pair(figures: dict[str, Any]) -> str:
    return f"{figures['median_ms']:.0f} / {figures['p95_ms']:.0f} ms"


if __name__ == "__main__":
    sys.exit(main())
