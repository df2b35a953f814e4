"""benchmarks/reviewers.py keeps working: one tiny pass on both backends, every figure there.

No timing is asserted (this machine is shared); the measured numbers are in README.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.pg_cluster import Cluster

ROOT = Path(__file__).resolve().parent.parent


def test_a_tiny_run_reports_latency_throughput_and_the_colleagues_delay(
    postgres_cluster: Cluster,  # the server programs are there (or CI fails instead)
) -> None:
    command = (
        "benchmarks/reviewers.py --clients 1,2 --verdicts 3 --paced-verdicts 2 "
        "--pauses 0,0.01-0.02 --json"
    )
    result = subprocess.run(
        [sys.executable, *command.split()],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for backend in ("sqlite", "postgresql"):
        runs = report["backends"][backend]["runs"]
        assert [(run["clients"], run["verdicts"], run["not_saved"]) for run in runs] == [
            (1, 3, 0),
            (2, 6, 0),
            (1, 2, 0),  # at a pace: fewer verdicts each, as a person makes them
            (2, 4, 0),
        ]
        for run in runs:
            assert 0 < run["median_ms"] <= run["p95_ms"] <= run["max_ms"]
            assert run["per_second"] > 0
        assert report["backends"][backend]["colleague"]["samples"] == 30


def test_the_readme_table_is_replaced_between_its_markers_and_nowhere_else(
    tmp_path: Path,
) -> None:
    from benchmarks.reviewers import END, START, update_readme

    readme = tmp_path / "README.md"
    readme.write_text(f"# claimline\n\nbefore\n{START}\nold table\n{END}\nafter\n")
    update_readme(readme, "| new | table |")
    assert readme.read_text() == f"# claimline\n\nbefore\n{START}\n| new | table |\n{END}\nafter\n"
