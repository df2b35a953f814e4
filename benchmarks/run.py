"""The claimline benchmark: load, start-up, keys, search, export and memory at scale.

    python benchmarks/run.py                      # N = 1,000, 10,000 and 100,000 (minutes)
    python benchmarks/run.py --sizes 1000,10000   # choose the sizes
    python benchmarks/run.py --json               # the results as JSON instead of a table
    python benchmarks/run.py --quick --sizes 1000 # one quick pass (the smoke test's)
    python benchmarks/run.py --sizes 100000 --readme  # and rewrite README's table from it

Every measurement runs in its own process, one size at a time, so each has a fresh heap
and peak memory is per measurement. Synthetic datasets (benchmarks/generate.py, seed 0)
are written once to --data-dir and reused. What each number means is in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
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

from benchmarks.generate import write_dataset  # noqa: E402
from benchmarks.terminal import Terminal  # noqa: E402

DEFAULT_SIZES = (1_000, 10_000, 100_000)
BASELINE_SIZE = 100  # keys are compared with the same keys on a dataset this small
GENERATOR_VERSION = 1  # bump when generate.py changes what it writes
SIZE = (120, 40)

# What issue 13 asks, on this 2-core machine. Ratios compare with a floor measured in the
# same run (see docs/performance.md); times are at the largest size.
TARGETS = {
    "first_frame_ratio": 1.2,  # start to first frame / a bare Textual app's, at every size
    "json_load_ratio": 1.5,  # JSON load + validate / json.loads + plain-model floor
    "yaml_load_ratio": 1.0,  # YAML load + validate / libyaml's own parse
    "reopen_ratio": 0.5,  # reopen from the cache / json.loads of the same file
    "export_ratio": 1.5,  # export all claims to a file / json.loads + json.dumps of the file
    "key_ms": 50.0,  # key to settled screen, median
    "search_p95_ms": 50.0,  # search keystroke to filtered frame, p95
    "memory_ratio": 2.0,  # peak heap of load + timeline / the floor's model objects
}
HUGE = 1_000_000  # JSON only: what the app does with it, or why it cannot

KEYS = ("down", "pagedown", "end", "verdict")
SEARCH_WORDS = ("prison", "quito", "council")


# -- running things ------------------------------------------------------------------------


def probe(*args: str) -> dict[str, Any]:
    """Run `python -m benchmarks.probe ARGS` in a fresh process and read its JSON."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"probe {' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# Byte-code caches for the apps under test, outside the repository: an installed app has
# its modules compiled, and PYTHONDONTWRITEBYTECODE (set in some shells) would make
# every start compile claimline's modules again (about 50 ms).
PYCACHE = Path(tempfile.gettempdir()) / "claimline-bench-pycache"


def app_env(home: Path) -> dict[str, str]:
    """The environment of an app under test: a plain xterm, no user config or data."""
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor")
    for name in ("TERM_PROGRAM", "COLUMNS", "LINES", "TEXTUAL", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "data")
    env["XDG_CACHE_HOME"] = str(home / "cache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def start_claimline(dataset: str | None, home: Path, store: str) -> Terminal:
    argv = [sys.executable, "-m", "tui.cli"]
    if dataset:
        argv.append(dataset)
    argv += ["--reviews", str(home / store)]
    return Terminal(argv, size=SIZE, env=app_env(home), cwd=str(ROOT))


def start_bare(home: Path) -> Terminal:
    argv = [sys.executable, str(ROOT / "benchmarks" / "bare_app.py")]
    return Terminal(argv, size=SIZE, env=app_env(home), cwd=str(ROOT))


# A frame of claimline's timeline, with its data, is on screen when the header shows the
# review progress ("0/13 reviewed · …", not a claim's badge "· unreviewed", which the
# preview shows too); before that, its first frame shows the file being loaded
# ("Loading …") with a progress bar. A reopened big file shows its first rows before the
# whole timeline (the preview, "… showing the first 5,000 of 231,639 rows"); SHOWN is
# that frame, or the review screen's when there is no preview. The bare app's when its
# one line is.
CLAIMLINE_READY = ("reviewed ·".encode(),)
CLAIMLINE_FIRST = (b"Loading", *CLAIMLINE_READY)
CLAIMLINE_SHOWN = (b"showing the first", *CLAIMLINE_READY)
BARE_READY = (b"bare app ready",)


def first_frame(
    terminal: Terminal, markers: tuple[bytes, ...], *, any_of: bool = False, timeout: float = 300
) -> float:
    """Seconds to the frame showing the markers (all of them, or one with `any_of`)."""
    wait = terminal.wait_for_any if any_of else terminal.wait_for
    seconds = wait(markers, timeout=timeout)
    if seconds is None:
        tail = terminal.output[-2000:].decode("utf-8", "replace")
        terminal.close()
        raise RuntimeError(f"the app did not show its first frame; it wrote:\n{tail}")
    return seconds


# -- statistics ------------------------------------------------------------------------------


def summary(values: list[float]) -> dict[str, Any]:
    """Median and 95th percentile (nearest rank) of what was measured, in milliseconds."""
    samples = [round(value * 1000, 2) for value in values]
    measured = sorted(samples)
    if not measured:
        return {"median_ms": None, "p95_ms": None, "n": 0, "samples_ms": []}
    rank = max(math.ceil(0.95 * len(measured)), 1)
    return {
        "median_ms": statistics.median(measured),
        "p95_ms": measured[rank - 1],
        "max_ms": measured[-1],
        "n": len(measured),
        "samples_ms": samples,  # in the order they were taken
    }


def median(values: list[float]) -> float:
    return statistics.median(values)


# -- the measurements ------------------------------------------------------------------------


def measure_start(home: Path, repeat: int) -> dict[str, Any]:
    """Process start to first frame: claimline on its bundled dataset and a bare app."""
    claimline, bare = [], []
    # A first, unmeasured start of each fills the byte-code caches.
    for begin, markers in ((start_bare, BARE_READY), (start_claimline, CLAIMLINE_READY)):
        terminal = begin(home) if begin is start_bare else start_claimline(None, home, "w.db")
        terminal.wait_for(markers, timeout=120)
        terminal.settle(0.3)
        terminal.close()
    for number in range(repeat):  # alternated, so that noise falls on both alike
        terminal = start_bare(home)
        bare.append(first_frame(terminal, BARE_READY))
        terminal.close()
        terminal = start_claimline(None, home, f"bundled-{number}.sqlite3")
        claimline.append(first_frame(terminal, CLAIMLINE_FIRST, any_of=True))
        terminal.close()
    result = {
        "claimline_s": median(claimline),
        "bare_s": median(bare),
        "claimline_runs_s": claimline,
        "bare_runs_s": bare,
    }
    result["ratio"] = result["claimline_s"] / result["bare_s"]
    return result


def measure_keys(terminal: Terminal, quick: bool) -> dict[str, Any]:
    """Key to frame for moving, paging, jumping to the end, a verdict and search typing.

    `first`: until the first frame after the key (what moved); `settled`: until the last
    frame before the screen went quiet (the detail panel and header follow the timeline);
    `frames`: how many frames each key caused.
    """
    counts = (
        {"down": 5, "pagedown": 3, "end": 3, "verdict": 5}
        if quick
        else {"down": 30, "pagedown": 21, "end": 12, "verdict": 25}
    )
    times: dict[str, list[Any]] = {key: [] for key in KEYS}
    frames: dict[str, list[int]] = {key: [] for key in KEYS}  # frames each key caused
    terminal.settle(quiet=0.5)

    def record(name: str, key: str) -> None:
        before = len(terminal.frame_ends)
        timing = terminal.press(key)
        if timing.first is not None:
            times[name].append(timing)
            frames[name].append(len(terminal.frame_ends) - before)

    # Verdicts first: the app starts on the first claim needing one, and each verdict
    # moves on to the next (on an event row, v would only say "select a claim").
    for _ in range(counts["verdict"]):
        record("verdict", "v")
    for _ in range(counts["down"]):
        record("down", "down")
    while len(times["pagedown"]) < counts["pagedown"]:
        before = len(times["pagedown"])
        for _ in range(3):
            record("pagedown", "pagedown")
        for _ in range(3):
            terminal.press("pageup")
        if len(times["pagedown"]) == before:
            break  # nothing to page through
    for _ in range(counts["end"]):
        record("end", "end")
        terminal.press("home")

    search: list[Any] = []
    typed: list[str] = []  # what the search field held after each of `search`
    first_keystroke = None
    for word in SEARCH_WORDS[:1] if quick else SEARCH_WORDS:
        terminal.press("/")
        for index, char in enumerate(word):
            # The header shows the query once the timeline is filtered for it (the rows on
            # screen first), and the number of claims found once the whole result is.
            typed_so_far = word[: index + 1]
            timing = terminal.press_until(
                char,
                f"search: {typed_so_far}",
                then=f"search: {re.escape(typed_so_far)} · [0-9]",
            )
            if timing.settled is None:
                continue
            if first_keystroke is None and index == 0:
                first_keystroke = timing.settled  # builds the search text, once
            else:
                search.append(timing)
                typed.append(word[: index + 1])
        terminal.press("escape", quiet=0.3)
        terminal.settle(quiet=0.3)

    result: dict[str, Any] = {}
    for name, timings in times.items():
        result[name] = {
            "first": summary([t.first for t in timings]),
            "settled": summary([t.settled for t in timings]),
            "frames": frames[name],  # 1 when the first frame holds everything the key changed
        }
    result["search"] = {  # settled: the first frame that shows the filtered timeline
        "first": summary([t.first for t in search]),
        "settled": summary([t.settled for t in search]),
        # the frame that shows the whole result's count of claims
        "complete": summary([t.complete for t in search if t.complete is not None]),
        "first_keystroke_ms": None if first_keystroke is None else first_keystroke * 1000,
        "typed": typed,  # which keystrokes are the slow ones, beside settled's samples
    }
    return result


def measure_app(
    path: Path, home: Path, repeat: int, quick: bool, keys: bool = True
) -> dict[str, Any]:
    """Start to first frame and to the loaded timeline on a dataset file, each run
    alternated with a bare Textual app's start; keys and peak memory in the first session.

    The cache is cleared before each run, so these are first opens; `reopen` is the same
    with the cache the previous run left: its first rows on screen (the preview, or the
    review screen where there is none) and the review screen over the whole timeline.
    """
    frames, loaded, bare, previewed, reopened = [], [], [], [], []
    found_keys: dict[str, Any] = {}
    rss = None
    for number in range(repeat):
        terminal = start_bare(home)
        bare.append(first_frame(terminal, BARE_READY))
        terminal.close()
        clear_cache(home)
        terminal = start_claimline(str(path), home, f"{path.stem}-{number}.sqlite3")
        try:
            frames.append(first_frame(terminal, CLAIMLINE_FIRST, any_of=True))
            loaded.append(first_frame(terminal, CLAIMLINE_READY, timeout=1800))
            if number == 0 and keys:
                found_keys = measure_keys(terminal, quick)
            else:
                terminal.settle(quiet=1.0, timeout=600)  # the cache is written after the load
        finally:
            terminal.close()
        if number == 0:
            rss = terminal.max_rss_mb
        terminal = start_claimline(str(path), home, f"{path.stem}-{number}.sqlite3")
        try:
            previewed.append(first_frame(terminal, CLAIMLINE_SHOWN, any_of=True, timeout=1800))
            reopened.append(first_frame(terminal, CLAIMLINE_READY, timeout=1800))
        finally:
            terminal.close()
    return {
        "first_frame_s": median(frames),
        "first_frame_runs_s": frames,
        "bare_s": median(bare),
        "bare_runs_s": bare,
        "first_frame_ratio": median(frames) / median(bare),
        "loaded_s": median(loaded),
        "loaded_runs_s": loaded,
        "previewed_s": median(previewed),
        "previewed_runs_s": previewed,
        "reopened_s": median(reopened),
        "reopened_runs_s": reopened,
        "keys": found_keys,
        "max_rss_mb": rss,
    }


def clear_cache(home: Path) -> None:
    """Empty the app's dataset cache (XDG_CACHE_HOME points into `home`)."""
    import shutil

    shutil.rmtree(home / "cache", ignore_errors=True)


def measure_reopen(json_path: Path, repeat: int) -> dict[str, Any]:
    """Reopen from the cache against `json.loads` of the same file, alternated, in fresh
    processes (the cache written once beforehand)."""
    with tempfile.TemporaryDirectory(prefix="claimline-cache-") as folder:
        written = probe("cache", str(json_path), "--cache-dir", folder)
        runs: dict[str, list[float]] = {"reopen": [], "floor": []}
        for _ in range(repeat):
            runs["floor"].append(probe("jsonloads", str(json_path))["seconds"])
            found = probe("reopen", str(json_path), "--cache-dir", folder)
            if not found["from_cache"]:
                raise RuntimeError("the reopen did not come from the cache")
            runs["reopen"].append(found["seconds"])
    seconds, floor = median(runs["reopen"]), median(runs["floor"])
    return {
        "seconds": seconds,
        "floor_seconds": floor,
        "ratio": seconds / floor,
        "first_open_and_write_s": written["seconds"],
        "cache_mb": written["cache_mb"],
        "runs_s": runs["reopen"],
        "floor_runs_s": runs["floor"],
    }


def measure_loads(json_path: Path, yaml_path: Path, repeat: int) -> dict[str, Any]:
    """Load + validate against the floors, each run in its own process, alternated."""
    runs: dict[str, list[float]] = {"json": [], "json_floor": [], "yaml": [], "yaml_floor": []}
    for _ in range(repeat):
        runs["json_floor"].append(probe("load", str(json_path), "--impl", "floor")["seconds"])
        runs["json"].append(probe("load", str(json_path), "--impl", "claimline")["seconds"])
        runs["yaml_floor"].append(probe("load", str(yaml_path), "--impl", "floor")["seconds"])
        runs["yaml"].append(probe("load", str(yaml_path), "--impl", "claimline")["seconds"])
    mb = {"json": json_path.stat().st_size / 2**20, "yaml": yaml_path.stat().st_size / 2**20}
    result: dict[str, Any] = {}
    for fmt in ("json", "yaml"):
        seconds, floor = median(runs[fmt]), median(runs[f"{fmt}_floor"])
        result[fmt] = {
            "file_mb": mb[fmt],
            "seconds": seconds,
            "mb_per_s": mb[fmt] / seconds,
            "floor_seconds": floor,
            "floor_mb_per_s": mb[fmt] / floor,
            "ratio": seconds / floor,
            "runs_s": runs[fmt],
            "floor_runs_s": runs[f"{fmt}_floor"],
        }
    return result


def measure_memory(json_path: Path) -> dict[str, Any]:
    claimline = probe("memory", str(json_path), "--impl", "claimline")
    floor = probe("memory", str(json_path), "--impl", "floor")
    return {
        "peak_mb": claimline["peak_mb"],
        "retained_mb": claimline["retained_mb"],
        "floor_models_mb": floor["retained_mb"],
        "floor_peak_mb": floor["peak_mb"],
        "ratio": claimline["peak_mb"] / floor["retained_mb"],
    }


def measure_export(json_path: Path, repeat: int) -> dict[str, Any]:
    found = probe("export", str(json_path), "--repeat", str(repeat))
    floor = median(found["floor"]["seconds"])
    result: dict[str, Any] = {"floor_seconds": floor, "floor_runs_s": found["floor"]["seconds"]}
    for fmt in ("csv", "json"):
        seconds = median(found[fmt]["seconds"])
        result[fmt] = {
            "seconds": seconds,
            "ratio": seconds / floor,
            "runs_s": found[fmt]["seconds"],
            "mb": found[fmt]["bytes"] / 2**20,
        }
    return result


def measure_hostile() -> dict[str, Any]:
    """benchmarks/hostile.py in a fresh process: the timings tests/hardening does not assert."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.hostile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, TEXTUAL_ANIMATIONS="none"),
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.hostile failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def dataset_files(n: int, data_dir: Path) -> tuple[Path, Path]:
    data_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in ("json", "yaml"):
        path = data_dir / f"synthetic-{n}-seed0-v{GENERATOR_VERSION}.{fmt}"
        if not path.exists():
            write_dataset(n, path, fmt, seed=0)
        paths.append(path)
    return paths[0], paths[1]


def machine() -> dict[str, Any]:
    import textual

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "platform": platform.platform(),
        "load_average": list(os.getloadavg()),
    }


# -- targets -------------------------------------------------------------------------------


def verdicts(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the measured value and whether it is met (at the largest size)."""
    found: list[dict[str, Any]] = []

    def check(name: str, value: float | None, unit: str, text: str) -> None:
        limit = TARGETS[name]
        found.append(
            {
                "target": name,
                "what": text,
                "value": value,
                "limit": limit,
                "unit": unit,
                "met": value is not None and value <= limit,
            }
        )

    start = results["bundled_start"]
    check("first_frame_ratio", start["ratio"], "x", "bundled dataset: first frame / bare app")
    if not results["sizes"]:
        return found
    for n, size in sorted(results["sizes"].items(), key=lambda item: int(item[0])):
        check(
            "first_frame_ratio",
            size["app"]["first_frame_ratio"],
            "x",
            f"N={int(n):,}: first frame / bare app",
        )
    largest = max(results["sizes"], key=int)
    size = results["sizes"][largest]
    at = f"N={int(largest):,}"
    check("json_load_ratio", size["load"]["json"]["ratio"], "x", f"{at}: JSON load / floor")
    check("yaml_load_ratio", size["load"]["yaml"]["ratio"], "x", f"{at}: YAML load / libyaml parse")
    check("reopen_ratio", size["reopen"]["ratio"], "x", f"{at}: reopen from cache / json.loads")
    for fmt in ("csv", "json"):
        check(
            "export_ratio",
            size["export"][fmt]["ratio"],
            "x",
            f"{at}: export {fmt} / json.loads + json.dumps",
        )
    for n, entry in sorted(
        [
            *results["sizes"].items(),
            (str(BASELINE_SIZE), {"app": {"keys": results["baseline_keys"]}}),
        ],
        key=lambda item: int(item[0]),
    ):
        worst = max((entry["app"]["keys"][key]["settled"]["median_ms"] or 0.0, key) for key in KEYS)
        check("key_ms", worst[0], "ms", f"N={int(n):,}: key to settled screen ({worst[1]})")
    check(
        "search_p95_ms",
        size["app"]["keys"]["search"]["settled"]["p95_ms"],
        "ms",
        f"{at}: search keystroke to filtered frame, p95",
    )
    check("memory_ratio", size["memory"]["ratio"], "x", f"{at}: peak heap / floor's objects")
    return found


# -- the table -------------------------------------------------------------------------------


def table(results: dict[str, Any]) -> str:
    """Every figure beside its floor and the ratio, one column per size."""
    sizes = sorted(results["sizes"], key=int)
    info = results["machine"]
    lines = [
        f"claimline benchmark: {info['cpus']} CPUs, Python {info['python']}, "
        f"Textual {info['textual']}; load average {info['load_average'][0]:.1f} at start, "
        f"{results['load_average_end'][0]:.1f} at end; medians of {results['repeat']} runs",
        "",
    ]
    start = results["bundled_start"]
    lines.append(
        f"Start to first frame, bundled dataset: claimline {start['claimline_s']:.3f} s, "
        f"bare Textual app {start['bare_s']:.3f} s, ratio {start['ratio']:.2f}x "
        f"(target <= {TARGETS['first_frame_ratio']}x)"
    )
    lines.append("")
    if sizes:
        width = 26
        header = f"{'':40}" + "".join(f"{'N=' + format(int(n), ','):>{width}}" for n in sizes)
        lines += [header, "-" * len(header)]

        def row(label: str, cell: Callable[[dict[str, Any]], str]) -> None:
            cells = []
            for n in sizes:
                try:
                    cells.append(cell(results["sizes"][n]))
                except (KeyError, TypeError, ZeroDivisionError):
                    cells.append("-")
            lines.append(f"{label:40}" + "".join(f"{c:>{width}}" for c in cells))

        for label, line in table_rows(results):
            row(label, line)
    hostile = results.get("hostile")
    if hostile:
        lines += ["", "hostile datasets (claimline / floor measured beside it = ratio):"]
        lines += [f"  {label}: {value}" for label, value in hostile_rows(hostile)]
    huge = results.get("huge")
    if huge:
        lines += ["", f"N={HUGE:,} (JSON, {huge.get('file_mb', 0):,.0f} MB):"]
        lines += [f"  {text}" for text in huge_lines(huge)]
    lines.append("")
    lines.append("targets:")
    for check in results["targets"]:
        value = check["value"]
        shown = "-" if value is None else f"{value:.2f}{check['unit']}"
        status = "met" if check["met"] else "MISSED"
        lines.append(
            f"  {status:6} {check['what']}: {shown} (target <= {check['limit']:g}{check['unit']})"
        )
    return "\n".join(lines)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _keycell(stats: dict[str, Any]) -> str:
    return f"{_ms(stats['median_ms'])} / {_ms(stats['p95_ms'])} ms"


def table_rows(results: dict[str, Any]) -> list[tuple[str, Callable[[dict[str, Any]], str]]]:
    """The table's rows: a label and how to show one size's value."""
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("events / claims", lambda s: f"{s['events']:,} / {s['claims']:,}"),
    ]
    for fmt, floor in (("json", "json.loads + plain model"), ("yaml", "libyaml parse")):
        rows += [
            (f"{fmt.upper()} file", lambda s, f=fmt: f"{s['load'][f]['file_mb']:.1f} MB"),
            (
                f"{fmt.upper()} load + validate",
                lambda s, f=fmt: f"{s['load'][f]['seconds']:.3f} s",
            ),
            (f"  floor: {floor}", lambda s, f=fmt: f"{s['load'][f]['floor_seconds']:.3f} s"),
            ("  ratio", lambda s, f=fmt: f"{s['load'][f]['ratio']:.2f}x"),
        ]
    rows += [
        ("reopen from the cache", lambda s: f"{s['reopen']['seconds']:.3f} s"),
        ("  floor: json.loads of the file", lambda s: f"{s['reopen']['floor_seconds']:.3f} s"),
        ("  ratio", lambda s: f"{s['reopen']['ratio']:.2f}x"),
        ("start to first frame (JSON file)", lambda s: f"{s['app']['first_frame_s']:.3f} s"),
        ("  floor: bare Textual app", lambda s: f"{s['app']['bare_s']:.3f} s"),
        ("  ratio", lambda s: f"{s['app']['first_frame_ratio']:.2f}x"),
        ("start to loaded timeline", lambda s: f"{s['app']['loaded_s']:.2f} s"),
        ("  second open (from the cache)", lambda s: _second_open(s["app"])),
    ]
    baseline = results["baseline_keys"]
    for key in KEYS:
        for moment in ("first", "settled"):
            small = _keycell(baseline[key][moment])
            rows.append(
                (
                    f"{key} to {moment} frame (N={BASELINE_SIZE}: {small.split(' /')[0]})",
                    lambda s, k=key, m=moment: _keycell(s["app"]["keys"][k][m]),
                )
            )
    rows += [
        (
            "search keystroke to filtered frame, median / p95",
            lambda s: _keycell(s["app"]["keys"]["search"]["settled"]),
        ),
        (
            "  to the whole result (its count shown)",
            lambda s: _keycell(s["app"]["keys"]["search"]["complete"]),
        ),
        (
            "  first keystroke",
            lambda s: f"{_ms(s['app']['keys']['search']['first_keystroke_ms'])} ms",
        ),
    ]
    for fmt in ("csv", "json"):
        rows += [
            (
                f"export {fmt}, all claims, to a file",
                lambda s, f=fmt: f"{s['export'][f]['seconds']:.2f} s {s['export'][f]['mb']:.0f} MB",
            ),
            ("  ratio to the floor", lambda s, f=fmt: f"{s['export'][f]['ratio']:.2f}x"),
        ]
    rows += [
        ("  floor: json.loads + json.dumps", lambda s: f"{s['export']['floor_seconds']:.2f} s"),
        ("peak heap, load + timeline", lambda s: f"{s['memory']['peak_mb']:.0f} MB"),
        ("  floor's plain model objects", lambda s: f"{s['memory']['floor_models_mb']:.0f} MB"),
        ("  ratio", lambda s: f"{s['memory']['ratio']:.2f}x"),
        ("app peak RSS (session with keys)", lambda s: f"{s['app']['max_rss_mb']:.0f} MB"),
    ]
    return rows


HOSTILE_LABELS = {
    "json-words": ("load, a 1 MB claim (JSON, words)", "`json.loads` + plain model"),
    "json-one-word": ("load, a 1 MB claim (JSON, one word)", "`json.loads` + plain model"),
    "yaml-words": ("load, a 1 MB claim (YAML, words)", "libyaml's parse"),
    "yaml-one-word": ("load, a 1 MB claim (YAML, one word)", "libyaml's parse"),
    "1mb_claim_v_k_k": ("app: v, k, k over a 1 MB claim", "same keys, small dataset"),
    "50k_claims_home": ("app: home onto 50,001 claims of one event", "same key, small dataset"),
}


def hostile_rows(hostile: dict[str, Any]) -> list[tuple[str, str]]:
    """One line per hostile figure: its label and `claimline / floor = ratio`."""
    found = []
    for group in ("load", "app"):
        for name, value in hostile.get(group, {}).items():
            label, floor = HOSTILE_LABELS.get(name, (name, "floor"))
            found.append(
                (
                    label,
                    f"{value['seconds'] * 1000:.0f} ms / {floor} "
                    f"{value['floor_seconds'] * 1000:.0f} ms = {value['ratio']:.2f}x",
                )
            )
    return found


def _second_open(app: dict[str, Any]) -> str:
    """The second open's times: its first rows (a run from before the preview has none)
    and the whole timeline."""
    whole = f"{app['reopened_s']:.2f} s"
    if "previewed_s" not in app:
        return whole
    return f"{app['previewed_s']:.2f} s to its first rows, {whole} to the whole timeline"


def huge_lines(huge: dict[str, Any]) -> list[str]:
    if "refused_s" in huge:
        return [f"refused before any screen, in {huge['refused_s']:.2f} s: {huge['error']}"]
    if "error" in huge:
        return [f"first frame {huge['first_frame_s']:.2f} s; then: {huge['error']}"]
    app = huge["app"]
    found = [
        f"first frame {app['first_frame_s']:.2f} s (bare app {app['bare_s']:.2f} s, "
        f"{app['first_frame_ratio']:.2f}x); loaded timeline {app['loaded_s']:.1f} s; "
        f"second open {_second_open(app)}; peak RSS {app['max_rss_mb']:,.0f} MB",
    ]
    keys = app.get("keys") or {}
    if keys:
        found.append(
            "key to settled frame, median: "
            + " / ".join(f"{key} {_ms(keys[key]['settled']['median_ms'])} ms" for key in KEYS)
            + f"; search keystroke median / p95 {_keycell(keys['search']['settled'])}"
        )
    return found


# -- main ------------------------------------------------------------------------------------


def measure_huge(
    data_dir: Path, home: Path, quick: bool, log: Callable[[str], None]
) -> dict[str, Any]:
    """N = 1,000,000, JSON only: the app's first frame, load, memory and keys, or its error."""
    path = data_dir / f"synthetic-{HUGE}-seed0-v{GENERATOR_VERSION}.json"
    if not path.exists():
        log(f"N={HUGE:,}: generating the JSON file (once; minutes)")
        write_dataset(HUGE, path, "json", seed=0)
    result: dict[str, Any] = {"file_mb": path.stat().st_size / 2**20}
    terminal = start_claimline(str(path), home, "huge.sqlite3")
    try:
        seconds = terminal.wait_for_any(CLAIMLINE_FIRST, timeout=300)
        if seconds is None:  # refused before any screen: the file is over the size limit
            shown = terminal.output[-3000:].decode("utf-8", "replace")
            result["refused_s"] = terminal.chunks[-1] - terminal.started if terminal.chunks else 0.0
            result["error"] = " ".join(_ANSI_TEXT.sub(" ", shown).split())[-300:]
            return result
        result["first_frame_s"] = seconds
        loaded = terminal.wait_for(CLAIMLINE_READY, timeout=3600)
        if loaded is None:
            terminal.settle(quiet=1.0)
            shown = terminal.output[-3000:].decode("utf-8", "replace")
            result["error"] = " ".join(_ANSI_TEXT.sub(" ", shown).split())[-300:]
            return result
    finally:
        terminal.close()
    result["app"] = measure_app(path, home, 1, quick=True, keys=True)
    return result


def run(
    sizes: list[int], data_dir: Path, quick: bool, huge: bool, log: Callable[[str], None]
) -> dict[str, Any]:
    repeat = 1 if quick else 3
    results: dict[str, Any] = {
        "machine": machine(),
        "quick": quick,
        "repeat": repeat,
        "targets_set": TARGETS,
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="claimline-bench-") as scratch:
        home = Path(scratch)
        log("start-up: bundled dataset and a bare Textual app")
        results["bundled_start"] = measure_start(home, 2 if quick else 7)
        log(f"keys at N={BASELINE_SIZE} (the baseline)")
        small, _ = dataset_files(BASELINE_SIZE, data_dir)
        results["baseline_keys"] = measure_app(small, home, 1, quick)["keys"]
        for n in sizes:
            log(f"N={n:,}: generating datasets (once)")
            json_path, yaml_path = dataset_files(n, data_dir)
            entry: dict[str, Any] = {}
            log(f"N={n:,}: load + validate against the floors")
            entry["load"] = measure_loads(json_path, yaml_path, repeat)
            counts = probe("load", str(json_path), "--impl", "floor")
            entry["events"], entry["claims"] = counts["events"], counts["claims"]
            log(f"N={n:,}: reopen from the cache")
            entry["reopen"] = measure_reopen(json_path, repeat)
            log(f"N={n:,}: memory")
            entry["memory"] = measure_memory(json_path)
            log(f"N={n:,}: export")
            entry["export"] = measure_export(json_path, repeat)
            log(f"N={n:,}: the app (first frame, load, keys, search, second open)")
            entry["app"] = measure_app(json_path, home, repeat, quick)
            results["sizes"][str(n)] = entry
        log("hostile datasets: a 1 MB claim, 50,000 claims on one event")
        results["hostile"] = measure_hostile()
        if huge:
            log(f"N={HUGE:,}: the app")
            results["huge"] = measure_huge(data_dir, home, quick, log)
    results["load_average_end"] = list(os.getloadavg())
    results["targets"] = verdicts(results)
    return results


_ANSI_TEXT = re.compile(r"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>78]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated dataset sizes (events), default %(default)s",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one run of everything and few keys (for the smoke test)",
    )
    parser.add_argument(
        "--huge",
        action="store_true",
        help=f"also N = {HUGE:,} (JSON only): the app's first frame, load, memory and keys",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "claimline-bench-data",
        help="where generated datasets are kept (default: %(default)s)",
    )
    parser.add_argument("--output", type=Path, help="also write the JSON results here")
    parser.add_argument(
        "--readme",
        action="store_true",
        help="also rewrite README.md's performance table from this run's results",
    )
    parser.add_argument(
        "--from",
        dest="saved",
        type=Path,
        metavar="FILE",
        help="measure nothing: read the results --output saved (with --readme, rewrite it)",
    )
    args = parser.parse_args(argv)
    try:
        sizes = [int(part.replace("_", "")) for part in args.sizes.split(",") if part.strip()]
    except ValueError:
        parser.error("--sizes takes numbers separated by commas, e.g. 1000,10000")
    if any(n < 1 for n in sizes):
        parser.error("sizes must be at least 1")

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    if args.saved:
        results = json.loads(args.saved.read_text(encoding="utf-8"))
    else:
        results = run(sizes, args.data_dir, args.quick, args.huge, log)
    if args.readme:
        from benchmarks.readme_table import markdown, update_readme

        update_readme(ROOT / "README.md", markdown(results))
        log("README.md's performance table rewritten")
    if args.output:
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
