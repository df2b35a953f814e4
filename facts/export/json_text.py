"""JSON text for the exports: indented as `json.dumps(indent=2)` writes it, but fast
(orjson's encoder in C) and with no raw control character that could drive a terminal.

Apart from `selection.py`, which chooses what an export holds: this only says how a
document is written, whole (`json_text`) or streamed in pieces (`json_pieces`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

try:
    import orjson
except ImportError:  # an environment made before orjson became a dependency: slower only
    orjson = None  # type: ignore[assignment]

# JSON escapes C0 control characters (\u001b) but writes DEL and C1 (U+0080-U+009F, the
# one-character CSI U+009B among them) as they are: escaped too, the file reads the same.
_UNESCAPED_CONTROLS = re.compile("[\x7f-\x9f]")


def json_text(document: object) -> str:
    """Indented JSON, UTF-8 text as it is, but no raw control character to drive a terminal."""
    return _escape_controls(_indented(document)) + "\n"


def json_pieces(
    document: dict[str, Any], last_key: str, items: Iterable[object]
) -> Iterator[bytes]:
    """`json_text(document)` encoded as UTF-8, with `items` as the list under `last_key`
    (its last key, an empty list in `document`), in pieces: the head, each item, the tail.

    Bytes all the way: orjson writes UTF-8, and decoding each piece to escape the rare
    control character, then encoding it again for the file, cost a third of the export.
    """
    empty = _indented(document)
    marker = f'"{last_key}": []\n}}'
    assert empty.endswith(marker), "the list must be the document's last key"
    head = _escape_controls(empty[: -len("[]\n}")]).encode("utf-8")
    first = True
    for item in items:
        text = _indented_bytes(item).replace(b"\n", b"\n    ")
        yield head + b"[\n    " + text if first else b",\n    " + text
        first = False
    yield head + b"[]\n}\n" if first else b"\n  ]\n}\n"


def _indented(document: object) -> str:
    """JSON indented by two spaces, as `json.dumps(..., ensure_ascii=False, indent=2)`
    writes it, by orjson's encoder in C (Python's own is pure Python once indenting,
    and took 13 of the 16 seconds of a 100,000-claim export)."""
    if orjson is not None:
        try:
            return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")
        except (orjson.JSONEncodeError, UnicodeDecodeError):  # text it refuses (surrogates)
            pass
    return json.dumps(document, ensure_ascii=False, indent=2)


# C1 as UTF-8: C2 80 to C2 9F (DEL is 7F). A search that starts with one fixed byte runs
# at memchr's speed; an alternation of the two looked at every byte (a third of a JSON
# export).
_C1_BYTES = re.compile(b"\xc2[\x80-\x9f]")


def _indented_bytes(document: object) -> bytes:
    """`json_text(document)` without its final line break, as UTF-8."""
    if orjson is not None:
        try:
            data: bytes = orjson.dumps(document, option=orjson.OPT_INDENT_2)
        except orjson.JSONEncodeError:  # text it refuses (surrogates)
            pass
        else:
            if b"\x7f" not in data and _C1_BYTES.search(data) is None:
                return data
    return _escape_controls(_indented(document)).encode("utf-8")


def _escape_controls(text: str) -> str:
    return _UNESCAPED_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
