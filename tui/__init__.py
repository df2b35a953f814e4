"""claimline's terminal interface: the command line and the Textual app.

Textual repaints a screen at most `TEXTUAL_FPS` times a second (60 by default), so a key
pressed just after a frame waits up to 17 ms for the next one. claimline asks for 120,
which halves that wait for every key (a search keystroke at 100,000 claims, keys sent
just after a frame: 32 / 47 -> 23 / 35 ms median / p95, `benchmarks.search`). Textual
repaints only when something changed, and only what did, so an idle screen costs nothing
more. Set here, before any module of this package imports Textual (its constants are
read once); a `TEXTUAL_FPS` in the environment still wins.
"""

import os

os.environ.setdefault("TEXTUAL_FPS", "120")
