"""Reading JSON-LD values as publishers write them, loosely but never by guessing.

The same property comes as a string, a `{"@value": …}` object, a list of either, or a
node; a type as `"ClaimReview"`, `"schema:ClaimReview"` or a full IRI, alone or in a
list; a date as a day, a month, a year or a moment with a time zone. These helpers give
one answer for each, and None when the value says nothing usable.
"""

from __future__ import annotations

import math
import re
from typing import Any

from facts.dates import PartialDate
from facts.html_text import plain, single_line

# How schema.org terms are written when they are not written bare.
_PREFIXES = (
    "https://schema.org/",
    "http://schema.org/",
    "https://www.schema.org/",
    "http://www.schema.org/",
    "schema:",
)
_MARKUP = re.compile(r"<[A-Za-z/!]|&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
# A date and, after it, an optional time: only the calendar part is read, as written, so a
# review published at 23:30 in Quito stays on its local day (no shift to UTC).
_DATE = re.compile(r"^(-?[0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?(?:[T ][0-9:.]*\S*)?$")


def term(value: str) -> str:
    """A schema.org term without its prefix: `http://schema.org/Claim` → `Claim`."""
    for prefix in _PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def types_of(node: dict[str, Any]) -> list[str]:
    """The node's types, as bare terms, whether `@type` is a string or a list."""
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return [term(item.strip()) for item in values if isinstance(item, str) and item.strip()]


def has_type(node: Any, name: str) -> bool:
    return isinstance(node, dict) and name in types_of(node)


def is_schema_context(value: Any) -> bool:
    """Whether an `@context` names schema.org (or is absent: publishers often leave it out)."""
    if value is None:
        return True
    if isinstance(value, str):
        return term(value.rstrip("/") + "/") == ""
    if isinstance(value, list):
        return any(is_schema_context(item) for item in value)
    if isinstance(value, dict):
        vocab = value.get("@vocab")
        return isinstance(vocab, str) and term(vocab.rstrip("/") + "/") == ""
    return False


def as_list(value: Any) -> list[Any]:
    """A property's values: one value is a list of one, absent is an empty list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def nodes(value: Any) -> list[dict[str, Any]]:
    """The objects among a property's values."""
    return [item for item in as_list(value) if isinstance(item, dict)]


def texts(value: Any, *, one_line: bool = True) -> list[str]:
    """Every piece of text in a property, as plain text (HTML and entities resolved)."""
    found = []
    for item in as_list(value):
        if isinstance(item, dict) and "@value" in item:
            item = item["@value"]
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            continue
        if isinstance(item, float) and not math.isfinite(item):
            continue
        text = clean(str(item), one_line=one_line)
        if text:
            found.append(text)
    return found


def text(value: Any, *, one_line: bool = True) -> str | None:
    """The first piece of text in a property, or None."""
    found = texts(value, one_line=one_line)
    return found[0] if found else None


def clean(value: str, *, one_line: bool = True) -> str:
    """Plain text from a field: HTML resolved only where there is HTML, so `5 < 7` stays."""
    if _MARKUP.search(value):
        return plain(value, one_line=one_line)
    if one_line:
        return single_line(value)
    return plain(value.replace("&", "&amp;").replace("<", "&lt;"), one_line=False)


def name_of(value: Any) -> str | None:
    """The name of a person or organisation given as a node or as plain text."""
    for item in as_list(value):
        if isinstance(item, dict):
            found = text(item.get("name")) or text(item.get("legalName"))
            found = found or text(item.get("alternateName"))
        else:
            found = text(item)
        if found:
            return found
    return None


def names_of(value: Any) -> list[str]:
    """Every name among several authors (a list of people, or of names)."""
    return [name for item in as_list(value) if (name := name_of(item))]


def number(value: Any) -> float | None:
    """A rating's number, given as a number or as text (`"1"`, `"4.5"`)."""
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    else:
        return None
    return result if math.isfinite(result) else None


def read_date(value: Any) -> tuple[PartialDate | None, str | None]:
    """The date at the precision given (a moment → its day, a year stays a year), or the
    reason it can't be read. Absent is (None, None)."""
    raw = text(value)
    if raw is None:
        if isinstance(value, int) and not isinstance(value, bool):
            raw = str(value)
        else:
            return None, None
    match = _DATE.match(raw.strip())
    if not match:
        return None, f"the date {raw[:40]!r} is not an ISO date (like 2019-06-20)"
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        return PartialDate(year, month, day), None  # type: ignore[arg-type]
    except ValueError as error:
        return None, f"the date {raw[:40]!r} is not a real date ({error})"
