"""Key to settled screen, and frames per key, at the sizes given (issue 13's "settle").

    flock /tmp/claimline-bench.lock .venv/bin/python benchmarks/settle.py --sizes 100,10000

The same session of keys as benchmarks/run.py (`measure_keys`: 25 verdicts, 30 downs, 21
page downs, 12 ends) in the real app in a pseudo-terminal of 120x40, without the loads,
exports and memory run.py measures too. A key whose first frame holds everything it
changed causes one frame; each frame after it is what the settled time waits for.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import KEYS, dataset_files, measure_app  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/settle.py", description=__doc__)
    parser.add_argument("--sizes", default="100,10000", help="dataset sizes (events)")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "claimline-bench-data"
    )
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="claimline-settle-") as scratch:
        for n in (int(part) for part in args.sizes.split(",")):
            json_path, _ = dataset_files(n, args.data_dir)
            keys = measure_app(json_path, Path(scratch), 1, quick=False)["keys"]
            for key in KEYS:
                entry = keys[key]
                first, settled = entry["first"], entry["settled"]
                frames = Counter(entry["frames"])
                shown = ", ".join(
                    f"{count} keys {number}" for number, count in sorted(frames.items())
                )
                print(
                    f"N={n:>7,} {key:<9} first {first['median_ms']:6.1f} / "
                    f"{first['p95_ms']:6.1f} ms  settled {settled['median_ms']:6.1f} / "
                    f"{settled['p95_ms']:6.1f} ms (median / p95)  frames per key: "
                    f"{statistics.median(entry['frames']):g} ({shown})"
                )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
