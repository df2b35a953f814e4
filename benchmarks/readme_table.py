"""README's performance table, written from one run of benchmarks/run.py.

    python benchmarks/run.py --sizes 100000 --readme        # measure, then rewrite README
    python benchmarks/run.py --from results.json --readme   # rewrite it from a saved run

The table goes between two markers in README.md; nothing else in the file changes. Each
figure sits beside its floor from the same run, with the ratio and the target, and the
heading says the load average the run started and ended at (a shared machine's figures
mean little without it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

START = "<!-- benchmark table: made by benchmarks/run.py --readme; do not edit by hand -->"
END = "<!-- benchmark table: end -->"


def _verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "not measured"
    return "met" if value <= limit else "missed"


def markdown(results: dict[str, Any]) -> str:
    """The table for the largest size measured, the start-up and the hostile datasets."""
    from benchmarks.run import BASELINE_SIZE, KEYS, TARGETS, hostile_rows

    info = results["machine"]
    sizes = sorted(results["sizes"], key=int)
    lines = [
        f"Measured by `benchmarks/run.py` on {info['cpus']} CPUs, Python {info['python']}, "
        f"Textual {info['textual']}, load average {info['load_average'][0]:.1f} at the start "
        f"and {results['load_average_end'][0]:.1f} at the end; medians of "
        f"{results['repeat']} runs.",
        "",
    ]
    start = results["bundled_start"]
    rows: list[tuple[str, str, str, str, str]] = [
        (
            "start to first frame, bundled dataset",
            f"{start['claimline_s']:.3f} s",
            f"bare Textual app {start['bare_s']:.3f} s",
            f"{start['ratio']:.2f}x",
            f"≤ {TARGETS['first_frame_ratio']}x, "
            f"{_verdict(start['ratio'], TARGETS['first_frame_ratio'])}",
        )
    ]
    if sizes:
        n = sizes[-1]
        size = results["sizes"][n]
        at = f"{int(n):,}"
        load, app = size["load"], size["app"]

        def ratio_row(label: str, value: str, floor: str, ratio: float | None, target: str) -> None:
            limit = TARGETS[target]
            shown = "-" if ratio is None else f"{ratio:.2f}x"
            rows.append((label, value, floor, shown, f"≤ {limit}x, {_verdict(ratio, limit)}"))

        ratio_row(
            f"start to first frame, {at} claims (loading screen)",
            f"{app['first_frame_s']:.3f} s",
            f"bare Textual app {app['bare_s']:.3f} s",
            app["first_frame_ratio"],
            "first_frame_ratio",
        )
        rows.append(
            (
                "start to loaded timeline, first / second open",
                f"{app['loaded_s']:.2f} / {app['reopened_s']:.2f} s",
                "",
                "",
                "",
            )
        )
        if "previewed_s" in app:  # a run from before the preview has none
            rows.append(
                (
                    "second open: first rows shown (preview) / whole timeline",
                    f"{app['previewed_s']:.2f} / {app['reopened_s']:.2f} s",
                    "",
                    "",
                    "",
                )
            )
        ratio_row(
            "JSON load + validate",
            f"{load['json']['seconds']:.2f} s",
            f"`json.loads` + plain model {load['json']['floor_seconds']:.2f} s",
            load["json"]["ratio"],
            "json_load_ratio",
        )
        ratio_row(
            "YAML load + validate",
            f"{load['yaml']['seconds']:.2f} s",
            f"libyaml's parse {load['yaml']['floor_seconds']:.2f} s",
            load["yaml"]["ratio"],
            "yaml_load_ratio",
        )
        ratio_row(
            "reopen from the cache",
            f"{size['reopen']['seconds']:.2f} s",
            f"`json.loads` {size['reopen']['floor_seconds']:.2f} s",
            size["reopen"]["ratio"],
            "reopen_ratio",
        )
        for fmt in ("csv", "json"):
            ratio_row(
                f"export all claims to a {fmt.upper()} file",
                f"{size['export'][fmt]['seconds']:.2f} s",
                f"`json.loads` + `json.dumps` {size['export']['floor_seconds']:.2f} s",
                size["export"][fmt]["ratio"],
                "export_ratio",
            )
        ratio_row(
            "peak heap, load + timeline",
            f"{size['memory']['peak_mb']:.0f} MB",
            f"plain model objects {size['memory']['floor_models_mb']:.0f} MB",
            size["memory"]["ratio"],
            "memory_ratio",
        )
        keys = app.get("keys") or {}
        baseline = results.get("baseline_keys") or {}
        if keys:

            def settled(found: dict[str, Any], key: str) -> str:
                median = (found.get(key) or {}).get("settled", {}).get("median_ms")
                return "-" if median is None else f"{median:.0f}"

            worst = max((keys[key]["settled"]["median_ms"] or 0.0) for key in KEYS)
            rows.append(
                (
                    "key to settled screen, median: " + " / ".join(KEYS),
                    " / ".join(settled(keys, key) for key in KEYS) + " ms",
                    f"same at N = {BASELINE_SIZE}: "
                    + " / ".join(settled(baseline, key) for key in KEYS)
                    + " ms",
                    "",
                    f"≤ {TARGETS['key_ms']:.0f} ms, {_verdict(worst, TARGETS['key_ms'])}",
                )
            )
            search = keys["search"]["settled"]
            rows.append(
                (
                    "search keystroke to filtered frame, median / p95",
                    _pair(search),
                    "",
                    "",
                    f"p95 < {TARGETS['search_p95_ms']:.0f} ms, "
                    f"{_verdict(search['p95_ms'], TARGETS['search_p95_ms'])}",
                )
            )
            whole = keys["search"].get("complete")
            if whole is not None:  # runs before the rows on screen came first have none
                rows.append(
                    (
                        "  to the whole result (its count in the header)",
                        _pair(whole),
                        "",
                        "",
                        "",
                    )
                )
        rows.append(("app peak RSS", f"{app['max_rss_mb']:,.0f} MB", "", "", ""))
    for label, value in hostile_rows(results.get("hostile") or {}):
        mine, rest = value.split(" / ", 1)
        floor, ratio = rest.rsplit(" = ", 1)
        rows.append((label, mine, floor, ratio, ""))
    heading = f"N = {int(sizes[-1]):,}" if sizes else "start-up"
    lines += [
        f"| {heading} | claimline | floor (same run) | ratio | target |",
        "|---|---|---|---|---|",
        *[f"| {' | '.join(row)} |" for row in rows],
    ]
    return "\n".join(lines)


def update_readme(readme: Path, table: str, start: str = START, end: str = END) -> None:
    """Put `table` between README's markers (the markers stay); another benchmark's table
    has markers of its own (`start`, `end`)."""
    text = readme.read_text(encoding="utf-8")
    try:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
    except ValueError:
        raise SystemExit(f"{readme}: the benchmark table's markers are missing") from None
    readme.write_text(f"{before}{start}\n{table}\n{end}{after}", encoding="utf-8")


def _pair(stats: dict[str, Any]) -> str:
    """A median / p95 cell; "–" where a run has no sample (none got there)."""

    def one(value: float | None) -> str:
        return "–" if value is None else f"{value:.0f}"

    return f"{one(stats['median_ms'])} / {one(stats['p95_ms'])} ms"
