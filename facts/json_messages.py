"""`json`'s error messages as claimline's reports say them.

A report gives the place first (`file:line:column: ...`), so the two messages of `json`
whose own text ends by naming a place ("Unterminated string starting at", "Extra data",
to which `str(error)` adds ": line 11 column 4") would stop in mid-sentence; they are said
whole here, with what to do. The others ("Expecting value", "Expecting ',' delimiter")
read well as they are.
"""

from __future__ import annotations

_SAID_WHOLE = {
    "Unterminated string starting at": "a string starts here and is never closed (is the "
    "file cut short?); add its closing quote",
    "Extra data": "more text after the end of the JSON; remove it",
}


def json_message(message: str) -> str:
    """`json.JSONDecodeError.msg` as a report's words, for the place the error gives."""
    return _SAID_WHOLE.get(message, message)
