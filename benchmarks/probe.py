"""One measurement in a fresh process, printed as JSON: what benchmarks/run.py runs.

    python -m benchmarks.probe load FILE --impl claimline|floor
    python -m benchmarks.probe memory FILE --impl claimline|floor
    python -m benchmarks.probe export FILE
    python -m benchmarks.probe cache FILE --cache-dir DIR     # write the cache entry
    python -m benchmarks.probe reopen FILE --cache-dir DIR    # open it from the cache
    python -m benchmarks.probe jsonloads FILE                 # json.loads of the file

Each measurement gets its own process so that one does not pay for another's garbage,
heap or frozen objects, and so that peak memory is per measurement.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.floor import json_floor, yaml_floor

MB = 1024 * 1024


def _format(path: Path) -> str:
    return "yaml" if path.suffix.lower() in (".yaml", ".yml") else "json"


def measure_load(path: Path, impl: str) -> dict[str, Any]:
    """Seconds from the file on disk to validated objects (reading and decoding included)."""
    fmt = _format(path)
    if impl == "claimline":
        # The floor's models are built when benchmarks.floor is imported, before its clock
        # starts; import claimline's models and loader modules before the clock too, so both
        # sides time the load and not Pydantic building model classes.
        import facts.integrity
        import facts.json_bytes
        import facts.model
        import facts.positions  # noqa: F401
        from facts import load

        start = time.perf_counter()
        dataset = load(path)
        seconds = time.perf_counter() - start
        counts = {"events": len(dataset.events), "claims": len(dataset.claims)}
    elif fmt == "json":
        start = time.perf_counter()
        floor = json_floor(path.read_bytes())
        seconds = time.perf_counter() - start
        counts = {"events": len(floor.events), "claims": len(floor.claims)}
    else:
        start = time.perf_counter()
        data = yaml_floor(path.read_bytes().decode("utf-8"))
        seconds = time.perf_counter() - start
        counts = {"events": len(data["events"]), "claims": len(data["claims"])}
    return {"seconds": seconds, "bytes": path.stat().st_size, **counts}


def measure_memory(path: Path, impl: str) -> dict[str, Any]:
    """Python heap (tracemalloc) of a load: its peak, and what stays afterwards.

    For claimline the timeline is built too (rows, search text), as the app holds it: its
    peak is the most the data costs the app. For the floor, what stays is the memory of the
    plain-model objects.
    """
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    if impl == "claimline":
        from facts import load
        from facts.timeline import Timeline

        dataset = load(path)
        timeline = Timeline(dataset)
        timeline.rows()
        after_load = tracemalloc.get_traced_memory()[0] - base
        timeline.prepare_search()
        kept: Any = (dataset, timeline)
    else:
        kept = json_floor(path.read_bytes())
        after_load = tracemalloc.get_traced_memory()[0] - base
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return {
        "retained_mb": (current - base) / MB,
        "peak_mb": (peak - base) / MB,
        "loaded_mb": after_load / MB,
    }


def measure_export(path: Path, repeat: int) -> dict[str, Any]:
    """Seconds to export every claim to a file as CSV and as JSON (verdicts on about half),
    against the floor: `json.loads` of the dataset file plus `json.dumps` of what it gave.

    The timeline is built beforehand, as the app has it when someone exports.
    """
    import tempfile

    from facts import load
    from facts.export import write_export
    from facts.review import Review
    from facts.timeline import Timeline

    dataset = load(path)
    timeline = Timeline(dataset)
    reviews = {}
    for number, claim in enumerate(dataset.claims):
        if number % 2:
            continue
        verdict = "verified" if number % 4 == 0 else "disputed"
        note = f"Checked against the sources ({number})." if number % 3 == 0 else None
        reviews[claim.id] = Review(
            claim.id, verdict, note, "bench", "2025-03-01T09:30:00Z", claim.fingerprint
        )
    now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    data = path.read_bytes()
    result: dict[str, Any] = {"floor": {"seconds": []}}
    with tempfile.TemporaryDirectory(prefix="claimline-export-") as folder:
        for _ in range(repeat):
            start = time.perf_counter()
            json.dumps(json.loads(data))
            result["floor"]["seconds"].append(time.perf_counter() - start)
            for fmt in ("csv", "json"):
                target = Path(folder) / f"all.{fmt}"
                start = time.perf_counter()
                write_export(
                    target,
                    dataset,
                    reviews,
                    format=fmt,
                    status="all",
                    now=now,
                    timeline=timeline,
                    force=True,
                )
                entry = result.setdefault(fmt, {"seconds": [], "bytes": 0})
                entry["seconds"].append(time.perf_counter() - start)
                entry["bytes"] = target.stat().st_size
    return result


def measure_cache(path: Path, folder: Path, reopen: bool) -> dict[str, Any]:
    """Seconds to open `path` through the cache: to write its entry, or to reopen from it."""
    from facts.cache import DatasetCache

    cache = DatasetCache(folder)
    start = time.perf_counter()
    opened = cache.open(path)
    seconds = time.perf_counter() - start
    if not reopen:
        if opened.save is not None:
            opened.save()
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "from_cache": opened.from_cache, "cache_mb": cache.size() / MB}


def measure_json_loads(path: Path) -> dict[str, Any]:
    """Seconds to read the file and `json.loads` it, the collector paused (the reopen floor)."""
    gc.disable()
    start = time.perf_counter()
    json.loads(path.read_bytes())
    return {"seconds": time.perf_counter() - start}


def measure_beyond_limit(path: Path) -> dict[str, Any]:
    """What the app's work costs on a file over claimline's size limit (the limit raised
    here only): load, timeline, rows, search text, a search, and the peak memory."""
    import resource

    from facts import load
    from facts.timeline import Timeline

    result: dict[str, Any] = {"file_mb": path.stat().st_size / MB}
    start = time.perf_counter()
    dataset = load(path, max_bytes=path.stat().st_size + 1)
    result["load_s"] = time.perf_counter() - start
    result["events"], result["claims"] = len(dataset.events), len(dataset.claims)
    start = time.perf_counter()
    timeline = Timeline(dataset)
    rows = timeline.rows()
    result["timeline_s"] = time.perf_counter() - start
    result["rows"] = len(rows)
    start = time.perf_counter()
    timeline.prepare_search()
    result["search_text_s"] = time.perf_counter() - start
    searches = []
    for query in ("p", "pr", "pri", "pris", "priso", "prison"):
        start = time.perf_counter()
        timeline.rows(query)
        searches.append(time.perf_counter() - start)
    result["search_keystrokes_s"] = searches
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probe")
    parser.add_argument(
        "what",
        choices=("load", "memory", "export", "cache", "reopen", "jsonloads", "beyond-limit"),
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--impl", choices=("claimline", "floor"), default="claimline")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache-dir", type=Path, help="the cache folder (cache, reopen)")
    args = parser.parse_args(argv)
    if args.what == "load":
        result = measure_load(args.file, args.impl)
    elif args.what == "memory":
        result = measure_memory(args.file, args.impl)
    elif args.what == "export":
        result = measure_export(args.file, args.repeat)
    elif args.what == "beyond-limit":
        result = measure_beyond_limit(args.file)
    elif args.what == "jsonloads":
        result = measure_json_loads(args.file)
    else:
        if args.cache_dir is None:
            parser.error("cache and reopen need --cache-dir")
        result = measure_cache(args.file, args.cache_dir, reopen=args.what == "reopen")
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
