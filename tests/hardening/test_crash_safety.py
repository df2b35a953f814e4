"""Crash safety: SIGKILL at random moments never loses an acknowledged verdict or note.

crash_driver.py opens the store as the app does and records changes in a loop, printing
`ack n` once each call has returned. It is killed with SIGKILL at random moments (some
while it is still starting or creating the store), 60 times; after every kill the store
opens, `PRAGMA integrity_check` says ok, every acknowledged change is in history, at most
the one change in flight when the kill came is there unacknowledged, and the current
verdicts and notes are what those changes add up to. The real app is killed too, in a
pseudo-terminal, right after the screen shows the verdict.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facts.store import ReviewStore
from tests.hardening.crash_driver import CLAIMS, DATASET, operation
from tests.hardening.helpers import CLAIMLINE, HERE, MINI_PATH, PtyApp, subprocess_env

DRIVER = HERE / "crash_driver.py"
KILLS = 60
STORES = 4  # a fresh store every 15 kills, so some kills land while one is being created
PREFIX = "c"


def run_and_kill(
    path: Path, first: int, rng: random.Random, starting: bool = False
) -> tuple[set[int], str]:
    """Start the driver, SIGKILL it at a random moment; (acknowledged ops, when killed).

    `starting`: kill it about when it opens (and, on a new file, creates) the store.
    """
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), str(path), PREFIX, str(first), "100000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
    )
    assert process.stdout is not None
    if starting or rng.random() < 0.2:
        when = "while starting"
        time.sleep(rng.uniform(0.15, 0.3) if starting else rng.uniform(0.0, 0.3))
    else:
        when = "while recording"
        line = process.stdout.readline()
        assert line == b"ready\n", line + process.stderr.read()
        time.sleep(rng.uniform(0.0, 0.25))
    process.send_signal(signal.SIGKILL)
    # Read through the same buffered file as readline() above: communicate() would read the
    # pipe underneath it and miss the acknowledgements readline() had already buffered.
    out = process.stdout.read()
    err = process.stderr.read() if process.stderr else b""
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, err.decode()
    lines = out.decode().splitlines()
    assert not [line for line in lines if line.startswith("error")], lines
    return {int(line.split()[1]) for line in lines if line.startswith("ack ")}, when


class Fingerprints(dict[str, int]):
    """The op each claim fingerprint belongs to, computed as far as needed."""

    def up_to(self, end: int) -> Fingerprints:
        for n in range(len(self), end):
            self[operation(n, PREFIX)[0].fingerprint] = n
        return self


FINGERPRINTS = Fingerprints()


def check_store(path: Path, acknowledged: set[int], in_flight: int) -> set[int]:
    """Everything acknowledged is there and consistent; returns the ops recorded.

    `acknowledged` also holds the ops found recorded after earlier kills although they
    were never acknowledged (they were in flight): those too must stay.
    """
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with ReviewStore(path) as store:
        reviews = store.reviews(DATASET)
        recorded: dict[str, int] = {}  # fingerprint -> op
        fingerprints = FINGERPRINTS.up_to(in_flight + 1)
        histories = {}
        for index in range(CLAIMS):
            claim_id = f"{PREFIX}{index}"
            histories[claim_id] = store.history(DATASET, claim_id)
            for change in histories[claim_id]:
                recorded[change.fingerprint] = fingerprints[change.fingerprint]
    present = set(recorded.values())
    lost = acknowledged - present
    assert not lost, f"acknowledged but lost: {sorted(lost)}"
    unacknowledged = present - acknowledged
    assert unacknowledged <= {in_flight}, unacknowledged
    # The current state is what the recorded changes add up to, in order.
    for claim_id, history in histories.items():
        verdict = note = None
        for change in history:
            verdict, note = change.to_verdict, change.to_note
        review = reviews.get(claim_id)
        assert ((review.verdict, review.note) if review else (None, None)) == (verdict, note)
        for change in history:
            n = recorded[change.fingerprint]
            _, kind, value = operation(n, PREFIX)
            assert (change.to_verdict if kind == "mark" else change.to_note) == value
    return present


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_change(tmp_path: Path) -> None:
    seed = int(os.environ.get("CLAIMLINE_CRASH_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    kills = {"while starting": 0, "while recording": 0}
    total_acknowledged = 0
    for store_number in range(STORES):
        path = tmp_path / f"store-{store_number}" / "reviews.sqlite3"
        acknowledged: set[int] = set()
        first = count = 0
        for kill in range(KILLS // STORES):
            acked, when = run_and_kill(path, first, rng, starting=kill == 0)
            kills[when] += 1
            acknowledged |= acked
            in_flight = max(acked) + 1 if acked else first
            if not path.exists():
                continue  # killed before the store was created
            try:
                present = check_store(path, acknowledged, in_flight)
            except AssertionError as error:
                raise AssertionError(f"{error} (CLAIMLINE_CRASH_SEED={seed})") from None
            count += len(acked)
            acknowledged |= present  # an op recorded in flight must stay recorded too
            first = max(present, default=-1) + 1
        total_acknowledged += count
    assert sum(kills.values()) == KILLS
    assert kills["while recording"] >= KILLS // 2
    assert total_acknowledged > KILLS * 5, "the kills came too early to test anything"
    print(f"\n{KILLS} kills {kills}, {total_acknowledged} acknowledged changes, seed {seed}")


@pytest.mark.slow
def test_killing_the_real_app_right_after_the_screen_shows_a_verdict(tmp_path: Path) -> None:
    for attempt in range(3):
        path = tmp_path / f"app-{attempt}.sqlite3"
        with PtyApp([*CLAIMLINE, str(MINI_PATH), "--reviews", str(path)]) as run:
            assert run.read_until(b"0/2 reviewed"), bytes(run.output[-2000:])
            start = len(run.output)
            run.send(b"vd"[: attempt % 2 + 1])  # one verdict, or two in a row
            shown = b"1/2 reviewed" if attempt % 2 == 0 else b"2/2 reviewed"
            assert run.read_until(shown, start=start), bytes(run.output[-2000:])
            run.kill()  # SIGKILL, the moment the screen says it is saved
        with ReviewStore(path) as store:
            reviews = store.reviews("mini")
        assert reviews["c1"].verdict == "verified"
        if attempt % 2:
            assert reviews["c2"].verdict == "disputed"
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.close()
