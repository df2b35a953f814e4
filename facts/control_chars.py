"""Which characters could drive a terminal, and text with them removed.

A module of its own, with no Pydantic in it: the command line checks a reviewer's name
with `without_controls` before the first frame, and importing the models for that cost
a config file's start-up about 0.1 s.
"""

from __future__ import annotations

import re

# The characters of Unicode categories Cc (C0, DEL, C1) and Cs (surrogates) but newline
# and tab: a fixed set, so one regular expression finds the first of them (a Python loop
# over every character made a 100,000-claim load take 15 s instead of 1 s).
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def without_controls(value: str) -> str:
    """The text with terminal control characters removed (newlines and tabs kept).

    For text people type into the app, such as notes: a pasted escape sequence is dropped
    rather than stored, so it can never reach a terminal or an export.
    """
    # Every character the pattern removes is unprintable; `isprintable` answers for the
    # usual text in one C pass, where the substitution would copy it (exports call this
    # for every review's name, time and note).
    return value if value.isprintable() else FORBIDDEN.sub("", value)
