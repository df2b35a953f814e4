"""Record verdicts and notes in a loop, as the app does, acknowledging each one on stdout.

    python tests/hardening/crash_driver.py STORE PREFIX FIRST COUNT

The store is opened exactly as `claimline` opens it (`open_store(STORE)`: a file with the
default busy timeout, or a PostgreSQL URL). Operation n (FIRST <= n < FIRST + COUNT) is
`operation(n, PREFIX)`: a verdict on, or every fifth time a note on, one of a few claims,
each reworded as version n so that every operation is a new row of history. When the
store's call has returned the driver prints `ack n`, flushed: from that moment the change
must survive anything, SIGKILL included. `ready` is printed once the store is open; any
error is printed as `error ...`.

test_crash_safety.py kills it at random moments; test_two_instances.py runs two at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from facts.model import Claim
from facts.store import StoreError, open_store

DATASET = "crash"
CLAIMS = 7
REVIEWER = "driver"


def operation(n: int, prefix: str) -> tuple[Claim, str, str]:
    """(claim, "mark" or "note", verdict or note text) of operation n."""
    claim = Claim(
        id=f"{prefix}{n % CLAIMS}",
        text=f"Claim {n % CLAIMS} of {prefix}, version {n}.",
        events=["e"],
    )
    if n % 5 == 4:
        return claim, "note", f"note {n} by {prefix}"
    return claim, "mark", ("verified", "disputed")[(n // CLAIMS) % 2]


def main(argv: list[str]) -> int:
    path, prefix, first, count = argv[0], argv[1], int(argv[2]), int(argv[3])
    try:
        store = open_store(path)
    except StoreError as error:
        print(f"error {error}", flush=True)
        return 1
    print("ready", flush=True)
    try:
        for n in range(first, first + count):
            claim, kind, value = operation(n, prefix)
            if kind == "mark":
                store.mark(DATASET, claim, value, reviewer=REVIEWER)  # type: ignore[arg-type]
            else:
                store.set_note(DATASET, claim, value, reviewer=REVIEWER)
            print(f"ack {n}", flush=True)
    except StoreError as error:
        print(f"error {error}", flush=True)
        return 1
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
