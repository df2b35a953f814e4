"""TimelineJS date parts read as claimline dates, at the precision they were given.

A part may be a number or a string, and TimelineJS writes "not given" as an absent key, a
null or an empty string. A date that cannot be kept as given is kept coarser (a 31 April
keeps its month) where that still says something true, and every such step is reported
through `warn`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from facts.dates import PartialDate
from facts.html_text import plain

Warn = Callable[[str], None]
"""Where a reader reports what it could not carry over as it was."""

_INTEGER = re.compile(r"^[+-]?\d+$")
_TIME_PARTS = ("hour", "minute", "second", "millisecond")


def given(value: Any) -> bool:
    """TimelineJS writes missing values as absent keys, nulls or empty strings."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(given(item) for item in value.values())
    return True


def read_date(value: Any, where: str, warn: Warn) -> PartialDate | None:
    """A TimelineJS date object as a PartialDate; None (reported) when it has no usable
    year. Times of day are reported and dropped: claimline dates stop at the day."""
    if not given(value):
        return None
    if not isinstance(value, dict):
        warn(f"{where}: expected an object with year, month and day; got {describe(value)}")
        return None
    parts: dict[str, int | None] = {}
    for key in ("year", "month", "day"):
        number = _number(value.get(key))
        if number is False:
            warn(f"{where}: {key} {describe(value.get(key))} is not a whole number")
            if key == "year":
                return None
            number = None
        parts[key] = number
    times = [key for key in _TIME_PARTS if given(value.get(key))]
    if times:
        warn(
            f"{where}: the time of day ({', '.join(times)}) is not carried over; "
            "claimline dates stop at the day"
        )
    year, month, day = parts["year"], parts["month"], parts["day"]
    if year is None:
        warn(f"{where}: no year")
        return None
    if year == 0:
        warn(f"{where}: there is no year 0 (claimline counts 1 BCE as -1)")
        return None
    if day is not None and month is None:
        warn(f"{where}: a day without a month; kept the year only")
        day = None
    try:
        return PartialDate(year, month, day)
    except ValueError as error:
        problem = str(error)
    # Keep what is still true: the month without an impossible day, else the year alone.
    coarser = [(month, "the month only")] if day is not None else []
    if month is not None:
        coarser.append((None, "the year only"))
    for kept_month, kept in coarser:
        try:
            date = PartialDate(year, kept_month, None)
        except ValueError:
            continue
        warn(f"{where}: {problem}; kept {kept}")
        return date
    warn(f"{where}: {problem}")
    return None


def read_end(value: Any, start: PartialDate, label: str, warn: Warn) -> PartialDate | None:
    """The end date when it is usable and after the start; None (reported) otherwise, and
    None for an end equal to the start (a one-date event)."""
    end = read_date(value, f"{label} end_date", warn)
    if end is None:
        if given(value):
            warn(f"{label}: the end date is not usable; the event keeps its start only")
        return None
    if end < start:
        warn(
            f"{label}: the end date {end.iso()} is before the start date "
            f"{start.iso()}; the event keeps its start only"
        )
        return None
    return None if end == start else end


def displays(slide: dict[str, Any]) -> list[str]:
    """The date texts a slide shows instead of its date parts, each once, as plain text."""
    shown: list[str] = []
    for value in (
        slide.get("display_date"),
        _display_of(slide.get("start_date")),
        _display_of(slide.get("end_date")),
    ):
        if isinstance(value, (str, int)) and str(value).strip():
            text = plain(str(value), one_line=True)
            if text and text not in shown:
                shown.append(text)
    return shown


def date_value(date: PartialDate) -> int | str:
    """A year alone as a number (`2009`), other dates as text (`2025-02`)."""
    return date.year if date.month is None else date.iso()


def describe(value: Any) -> str:
    """A value as JSON, cut to 40 characters, for a warning that quotes it."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _display_of(date: Any) -> Any:
    return date.get("display_date") if isinstance(date, dict) else None


def _number(value: Any) -> int | bool | None:
    """A date part as an int, None when not given, False when it is not a whole number."""
    if not given(value):
        return None
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else False
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(value.strip())
    return False
