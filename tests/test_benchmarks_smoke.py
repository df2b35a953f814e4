"""The benchmark keeps working: one quick pass at N = 1,000, every metric present.

No timing is asserted here (this machine is shared and its timings vary); the numbers
and the targets are in docs/performance.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.generate import dump, generate_dataset, write_dataset
from benchmarks.readme_table import END, START, markdown, update_readme
from benchmarks.run import KEYS, table
from facts import load, load_bytes

ROOT = Path(__file__).resolve().parent.parent


def test_the_generator_is_deterministic_and_valid_in_both_formats(tmp_path: Path) -> None:
    data = generate_dataset(60, seed=3)
    assert data == generate_dataset(60, seed=3)
    assert data != generate_dataset(60, seed=4)
    assert len(data["events"]) == 60
    for fmt in ("json", "yaml"):
        dataset = load_bytes(dump(data, fmt).encode("utf-8"), f"synthetic.{fmt}")
        assert len(dataset.events) == 60
        assert len(dataset.claims) == len(data["claims"])
        assert {event.date.precision for event in dataset.events} == {1, 2, 3}
    path = write_dataset(60, tmp_path / "small.yaml", seed=3)
    assert load(path).id == "synthetic-60"


def test_the_generator_command_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    subprocess.run(
        [sys.executable, "benchmarks/generate.py", "25", "--format", "json", "-o", str(target)],
        cwd=ROOT,
        check=True,
    )
    assert len(load(target).events) == 25


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="the app is driven through a pty")
def test_a_quick_run_reports_every_metric(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/run.py",
            "--quick",
            "--sizes",
            "1000",
            "--json",
            "--data-dir",
            str(tmp_path / "data"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)

    start = results["bundled_start"]
    assert start["claimline_s"] > 0 and start["bare_s"] > 0 and start["ratio"] > 0

    def complete_keys(keys: dict) -> None:
        for key in KEYS:
            for moment in ("first", "settled"):
                stats = keys[key][moment]
                assert stats["n"] > 0, (key, moment)
                assert stats["median_ms"] > 0 and stats["p95_ms"] >= stats["median_ms"]
        assert keys["search"]["settled"]["n"] > 0
        assert keys["search"]["first_keystroke_ms"] > 0

    complete_keys(results["baseline_keys"])
    size = results["sizes"]["1000"]
    assert size["events"] == 1000 and size["claims"] > 900
    for fmt in ("json", "yaml"):
        load_result = size["load"][fmt]
        for name in ("seconds", "mb_per_s", "floor_seconds", "floor_mb_per_s", "ratio"):
            assert load_result[name] > 0, (fmt, name)
    app = size["app"]
    assert 0 < app["first_frame_s"] <= app["loaded_s"]
    assert app["bare_s"] > 0 and app["first_frame_ratio"] > 0 and app["reopened_s"] > 0
    assert 0 < app["previewed_s"] <= app["reopened_s"]  # no preview at 1,000: the same frame
    complete_keys(app["keys"])
    assert app["max_rss_mb"] > 0
    reopen = size["reopen"]
    assert reopen["seconds"] > 0 and reopen["floor_seconds"] > 0 and reopen["cache_mb"] > 0
    assert size["export"]["floor_seconds"] > 0
    for fmt in ("csv", "json"):
        assert size["export"][fmt]["seconds"] > 0 and size["export"][fmt]["mb"] > 0
        assert size["export"][fmt]["ratio"] > 0
    memory = size["memory"]
    assert memory["peak_mb"] >= memory["retained_mb"] > 0
    assert memory["floor_models_mb"] > 0 and memory["ratio"] > 0

    checked = {check["target"] for check in results["targets"]}
    assert {
        "first_frame_ratio",
        "json_load_ratio",
        "yaml_load_ratio",
        "reopen_ratio",
        "export_ratio",
        "key_ms",
        "search_p95_ms",
        "memory_ratio",
    } <= checked
    assert all(isinstance(check["met"], bool) for check in results["targets"])

    shown = table(results)
    for label in (
        "JSON load + validate",
        "libyaml parse",
        "reopen from the cache",
        "start to first frame",
        "bare Textual app",
        "start to loaded timeline",
        "search keystroke",
        "export csv",
        "json.loads + json.dumps",
        "peak heap",
        "targets",
    ):
        assert label in shown

    for figure in (*results["hostile"]["load"].values(), *results["hostile"]["app"].values()):
        assert figure["seconds"] > 0 and figure["floor_seconds"] > 0 and figure["ratio"] > 0
    assert "a 1 MB claim" in shown

    # README's table is rewritten from the same results, between its markers only.
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{START}\nold\n{END}\nafter\n", encoding="utf-8")
    update_readme(readme, markdown(results))
    written = readme.read_text(encoding="utf-8")
    assert written.startswith(f"before\n{START}\n") and written.endswith(f"{END}\nafter\n")
    assert "old" not in written
    for label in ("JSON load + validate", "reopen from the cache", "search keystroke", "1 MB"):
        assert label in written
    assert f"load average {results['machine']['load_average'][0]:.1f}" in written


def test_readme_has_the_markers_of_the_benchmark_table() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(START) == 1 and text.count(END) == 1
    assert text.index(START) < text.index(END)
