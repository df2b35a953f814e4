"""Partial dates: kept at the precision written, sorted sensibly, displayed honestly."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facts import PartialDate, Precision


@pytest.mark.parametrize(
    ("written", "precision", "iso", "display", "short"),
    [
        (2009, Precision.YEAR, "2009", "2009", "2009"),
        ("2009", Precision.YEAR, "2009", "2009", "2009"),
        ("2025-01", Precision.MONTH, "2025-01", "January 2025", "Jan 2025"),
        ("2025-02-19", Precision.DAY, "2025-02-19", "19 February 2025", "19 Feb 2025"),
        ("0987-06-05", Precision.DAY, "0987-06-05", "5 June 987", "5 Jun 987"),
        (-44, Precision.YEAR, "-0044", "44 BCE", "44 BCE"),
        ("-0044-03-15", Precision.DAY, "-0044-03-15", "15 March 44 BCE", "15 Mar 44 BCE"),
    ],
)
def test_each_precision_is_kept_and_displayed_as_written(
    written: object, precision: Precision, iso: str, display: str, short: str
) -> None:
    date = PartialDate.parse(written)
    assert date.precision is precision
    assert date.iso() == str(date) == iso
    assert date.display() == display
    assert date.short() == short


def test_display_never_pads_to_a_made_up_day_or_month() -> None:
    assert PartialDate.parse("2009").display() == "2009"
    assert PartialDate.parse("2025-01").display() == "January 2025"
    assert PartialDate.parse(2009).month is None
    assert PartialDate.parse("2025-01").day is None


def test_a_year_sorts_before_its_months_and_a_month_before_its_days() -> None:
    written = ["2025-02-19", "2025-02", "2025", "2024-12-31", "2025-01", "2025-02-01", "-5", "2026"]
    ordered = [date.iso() for date in sorted(PartialDate.parse(text) for text in written)]
    assert ordered == [
        "-0005",
        "2024-12-31",
        "2025",
        "2025-01",
        "2025-02",
        "2025-02-01",
        "2025-02-19",
        "2026",
    ]


def test_comparisons_agree_with_the_order() -> None:
    year, month, day = (PartialDate.parse(text) for text in ("2025", "2025-02", "2025-02-19"))
    assert year < month < day
    assert day > month > year
    assert year <= PartialDate.parse(2025) and year >= PartialDate.parse("2025")
    assert PartialDate.parse("2025-02") == PartialDate(2025, 2)
    assert PartialDate.parse("2025") != PartialDate.parse("2025-01")


def test_a_partial_date_spans_the_days_it_may_mean() -> None:
    assert PartialDate.parse("2025").earliest() == (2025, 1, 1)
    assert PartialDate.parse("2025").latest() == (2025, 12, 31)
    assert PartialDate.parse("2024-02").latest() == (2024, 2, 29)
    assert PartialDate.parse("2025-02-19").earliest() == PartialDate.parse("2025-02-19").latest()


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("Febuary 2025", "expected a date like 2025, 2025-02 or 2025-02-19, got 'Febuary 2025'"),
        ("2025-02-30", "day 30 does not exist in February 2025"),
        ("2025-02-29", "day 29 does not exist in February 2025"),
        ("1900-02-29", "day 29 does not exist in February 1900"),
        ("2025-04-31", "day 31 does not exist in April 2025"),
        ("2025-02-00", "day 0 does not exist"),
        ("2025-13", "month 13 does not exist"),
        ("2025-00", "month 0 does not exist"),
        ("0", "there is no year 0"),
        (0, "there is no year 0"),
        (10000, "the year must be between -9999 and 9999"),
        ("2025-2-3", "expected a date like"),
        ("2025/02/19", "expected a date like"),
        ("19-02-2025", "expected a date like"),
        ("2025-02-19T10:00", "expected a date like"),
        ("٢٠٢٥", "expected a date like"),  # Arabic-Indic digits are not read as 2025
        ("", "expected a date like"),
        (2.5, "expected a date like"),
        (True, "expected a date like"),
        (None, "expected a date like"),
    ],
)
def test_impossible_or_misspelt_dates_are_errors(written: object, says: str) -> None:
    with pytest.raises(ValueError, match="^" + says.split(",")[0]) as caught:
        PartialDate.parse(written)
    assert says in str(caught.value)


def test_a_long_bad_value_is_shortened_in_the_message() -> None:
    with pytest.raises(ValueError) as caught:
        PartialDate.parse("x" * 10_000)
    assert len(str(caught.value)) < 200


def test_leap_days() -> None:
    assert PartialDate.parse("2024-02-29").day == 29
    assert PartialDate.parse("2000-02-29").day == 29
    # Years run 2 BCE, 1 BCE, 1 CE: 1 BCE and 5 BCE are leap years, 4 BCE is not.
    assert PartialDate.parse("-0001-02-29").day == 29
    assert PartialDate.parse("-0005-02-29").day == 29
    with pytest.raises(ValueError, match="day 29 does not exist"):
        PartialDate.parse("-0004-02-29")


def test_constructing_an_impossible_date_directly_is_refused() -> None:
    with pytest.raises(ValueError, match="a day needs a month"):
        PartialDate(2025, None, 5)
    with pytest.raises(ValueError, match="month 13"):
        PartialDate(2025, 13)


@given(st.dates(min_value=datetime.date(1, 1, 1)))
def test_any_real_day_round_trips_and_sorts_like_the_calendar(day: datetime.date) -> None:
    date = PartialDate.parse(day.isoformat())
    assert (date.year, date.month, date.day) == (day.year, day.month, day.day)
    assert PartialDate.parse(date.iso()) == date
    assert PartialDate(day.year) < PartialDate(day.year, day.month) <= date


@given(st.dates(min_value=datetime.date(1, 1, 1)), st.dates(min_value=datetime.date(1, 1, 1)))
def test_day_order_matches_the_calendar(a: datetime.date, b: datetime.date) -> None:
    assert (PartialDate.parse(a.isoformat()) < PartialDate.parse(b.isoformat())) == (a < b)


@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31))
def test_a_day_is_accepted_exactly_when_the_calendar_has_it(
    year: int, month: int, day: int
) -> None:
    try:
        datetime.date(year, month, day)
    except ValueError:
        with pytest.raises(ValueError):
            PartialDate(year, month, day)
    else:
        assert PartialDate(year, month, day).iso() == f"{year:04d}-{month:02d}-{day:02d}"


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.none(), st.booleans()))
def test_any_value_gives_a_date_or_a_value_error(value: object) -> None:
    try:
        date = PartialDate.parse(value)
    except ValueError as error:
        assert str(error).isprintable()
    else:
        assert PartialDate.parse(date.iso()) == date
