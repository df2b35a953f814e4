"""Partial dates: a year, a month or a day, kept at the precision the curator wrote.

A fact-checking timeline often knows only "2009" or "January 2025". Padding those to a
made-up day (2009-01-01) would put a false fact on the screen, so a `PartialDate` keeps
its precision, sorts a year before the months of that year and a month before its days,
and displays exactly what is known.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from facts.errors import describe

MIN_YEAR = -9999
MAX_YEAR = 9999

# ASCII digits only: `\d` would also read other scripts' digits ("٢٠٢٥") as a year.
_PATTERN = re.compile(r"^(-?[0-9]{1,4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
EXPECTED = "expected a date like 2025, 2025-02 or 2025-02-19"


class Precision(IntEnum):
    """How much of a date is known."""

    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        problem = _problem(self.year, self.month, self.day)
        if problem:
            raise ValueError(problem)

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read `2009`, `"2009"`, `"2025-01"` or `"2025-02-19"`; raise ValueError otherwise."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError(f"{EXPECTED}, got {describe(value)}")
        if isinstance(value, int):
            return cls(value)
        match = _PATTERN.match(value.strip())
        if not match:
            raise ValueError(f"{EXPECTED}, got {describe(value)}")
        year, month, day = (int(part) if part else None for part in match.groups())
        try:  # __post_init__ says what is wrong; said once, not checked twice
            return cls(year, month, day)  # type: ignore[arg-type]
        except ValueError as error:
            raise ValueError(f"{error}, got {describe(value)}") from None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """A year sorts before its months (month 0), a month before its days (day 0)."""
        return (self.year, self.month or 0, self.day or 0)

    def earliest(self) -> tuple[int, int, int]:
        """The first day this date may mean, as (year, month, day): 2025-02 from 1 February."""
        return (self.year, self.month or 1, self.day or 1)

    def latest(self) -> tuple[int, int, int]:
        """The last day this date may mean, as (year, month, day): 2025-02 up to 28 February."""
        month = self.month or 12
        return (self.year, month, self.day or _days_in(self.year, month))

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: PartialDate) -> bool:
        return self.sort_key >= other.sort_key

    def iso(self) -> str:
        """The text a curator would write: `2009`, `2025-01`, `2025-02-19`."""
        year = f"-{abs(self.year):04d}" if self.year < 0 else f"{self.year:04d}"
        if self.month is None:
            return year
        if self.day is None:
            return f"{year}-{self.month:02d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """For people: `2009`, `January 2025`, `19 February 2025`; negative years read `44 BCE`."""
        year = _year_text(self.year)
        if self.month is None:
            return year
        month = calendar.month_name[self.month]
        if self.day is None:
            return f"{month} {year}"
        return f"{self.day} {month} {year}"

    def short(self) -> str:
        """A compact form for narrow columns: `2009`, `Jan 2025`, `19 Feb 2025`."""
        year = _year_text(self.year)
        if self.month is None:
            return year
        month = calendar.month_abbr[self.month]
        if self.day is None:
            return f"{month} {year}"
        return f"{self.day} {month} {year}"

    def __str__(self) -> str:
        return self.iso()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            validate_date,
            json_schema_input_schema=core_schema.union_schema(
                [
                    core_schema.str_schema(pattern=_PATTERN.pattern),
                    core_schema.int_schema(ge=MIN_YEAR, le=MAX_YEAR),
                ]
            ),
            # Dumped as the text the curator wrote, in Python mode too: Pydantic would
            # otherwise turn the dataclass into a dict that does not validate again.
            serialization=core_schema.plain_serializer_function_ser_schema(PartialDate.iso),
        )


def validate_date(value: object) -> PartialDate:
    """A PartialDate from what a dataset holds, or Pydantic's error saying what is wrong."""
    try:
        return PartialDate.parse(value)
    except ValueError as error:
        raise PydanticCustomError("partial_date", str(error)) from None


def _problem(year: int, month: int | None, day: int | None) -> str | None:
    """Why these parts are not a real date, or None when they are."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"the year must be between {MIN_YEAR} and {MAX_YEAR}"
    if year == 0:
        return "there is no year 0: write 1 for 1 CE or -1 for 1 BCE"
    if month is None:
        return "a day needs a month" if day is not None else None
    if not 1 <= month <= 12:
        return f"month {month} does not exist ({EXPECTED})"
    if day is None:
        return None
    days = _days_in(year, month)
    if not 1 <= day <= days:
        return f"day {day} does not exist in {calendar.month_name[month]} {year}"
    return None


# Days of each month in a common year (index 0 unused): what `calendar.monthrange` gives,
# without the weekday it works out first.
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    # Years count 2 BCE, 1 BCE, 1 CE: 1 BCE is the proleptic calendar's leap year 0.
    if month == 2 and calendar.isleap(year + 1 if year < 0 else year):
        return 29
    return _DAYS[month]


def _year_text(year: int) -> str:
    return f"{-year} BCE" if year < 0 else str(year)
