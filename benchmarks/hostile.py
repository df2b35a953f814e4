"""Hostile datasets' timings: what tests/hardening checks for behaviour, timed here.

    python -m benchmarks.hostile           # prints one JSON object

Tests assert no times (a shared machine makes any limit either loose or flaky); these
figures sit in benchmarks/run.py's table beside a floor measured in the same process:

- a dataset whose one claim is 1 MB of text, loaded (JSON and YAML, words or one long
  word), against `json.loads` + a plain model (JSON) or libyaml's parse (YAML);
- the app over it: `v`, `k`, `k` (mark it, move away and back: the detail panel wraps the
  claim each visit), against the same keys on the small dataset it was made from;
- `home` onto an event with 50,001 claims (the panel lists them), against the same.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MINI_PATH = ROOT / "tests" / "data" / "mini.yaml"
SIZE = (120, 40)


def with_big_claim(data: dict[str, Any], size: int = 2**20, spaces: bool = True) -> dict[str, Any]:
    """`data` with its first claim's text `size` characters long: words, or one word."""
    word = "word " if spaces else "w"
    changed = copy.deepcopy(data)
    changed["claims"][0]["text"] = (word * (size // len(word)))[: size - 3] + "END"
    return changed


def with_claims_on_one_event(data: dict[str, Any], count: int = 50_000) -> dict[str, Any]:
    """`data` with `count` more claims, all about its `founding` event."""
    changed = copy.deepcopy(data)
    changed["claims"] += [
        {"id": f"k{i}", "text": f"Claim {i} about the founding", "events": ["founding"]}
        for i in range(count)
    ]
    return changed


def _mini() -> dict[str, Any]:
    from facts.yaml_loader import load_yaml  # dates stay as written, as the tests read it

    return load_yaml(MINI_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _write(folder: Path, name: str, data: dict[str, Any]) -> Path:
    import yaml

    path = folder / name
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, width=2**20), encoding="utf-8")
    return path


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def measure_loads(folder: Path) -> dict[str, Any]:
    """The 1 MB claim loaded by claimline and by the floor, each way it can be written."""
    from benchmarks.floor import json_floor, yaml_floor
    from facts import load

    load(_write(folder, "warm.json", _mini()))  # imports and first-call costs, unmeasured
    found: dict[str, Any] = {}
    for suffix in (".json", ".yaml"):
        for spaces in (True, False):
            path = _write(folder, f"big-{spaces}{suffix}", with_big_claim(_mini(), spaces=spaces))
            data = path.read_bytes()
            if suffix == ".json":
                floor = _seconds(lambda data=data: json_floor(data))
            else:
                floor = _seconds(lambda data=data: yaml_floor(data.decode("utf-8")))
            seconds = _seconds(lambda path=path: load(path))
            name = f"{suffix[1:]}-{'words' if spaces else 'one-word'}"
            found[name] = {"seconds": seconds, "floor_seconds": floor, "ratio": seconds / floor}
    return found


async def _keys(path: Path, store: Path, keys: tuple[str, ...]) -> float:
    """Seconds for the app (Pilot, headless) to take `keys` and settle."""
    from facts import load
    from facts.session import ReviewSession
    from facts.store import ReviewStore
    from tui.app import ClaimlineApp

    with ReviewStore(store) as reviews:
        app = ClaimlineApp(ReviewSession(load(path), reviews, "ann"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            return time.perf_counter() - started


def measure_app(folder: Path) -> dict[str, Any]:
    """Keys over the hostile datasets against the same keys over the small one."""
    mini_path = _write(folder, "mini.json", _mini())
    cases = {
        "1mb_claim_v_k_k": (with_big_claim(_mini()), ("v", "k", "k")),
        "50k_claims_home": (with_claims_on_one_event(_mini()), ("home",)),
    }
    found: dict[str, Any] = {}
    for number, (name, (data, keys)) in enumerate(cases.items()):
        path = _write(folder, f"{name}.json", data)
        floor = asyncio.run(_keys(mini_path, folder / f"floor-{number}.sqlite3", keys))
        seconds = asyncio.run(_keys(path, folder / f"{number}.sqlite3", keys))
        found[name] = {"seconds": seconds, "floor_seconds": floor, "ratio": seconds / floor}
    return found


def main() -> int:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    with tempfile.TemporaryDirectory(prefix="claimline-hostile-") as scratch:
        folder = Path(scratch)
        result = {"load": measure_loads(folder), "app": measure_app(folder)}
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
