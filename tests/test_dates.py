"""Partial dates: the intervals they stand for, real calendars, ordering and exact round trips."""

import datetime as dt

import pytest

from graphkit.model import PartialDate


@pytest.mark.parametrize("text, earliest, latest, precision", [
    ("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year"),
    ("2023-10", dt.date(2023, 10, 1), dt.date(2023, 10, 31), "month"),
    ("2023-11", dt.date(2023, 11, 1), dt.date(2023, 11, 30), "month"),
    ("2023-10-07", dt.date(2023, 10, 7), dt.date(2023, 10, 7), "day"),
    ("2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 28), "month"),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month"),
    ("0001", dt.date(1, 1, 1), dt.date(1, 12, 31), "year"),
])
def test_bounds(text, earliest, latest, precision):
    date = PartialDate.parse(text)
    assert (date.earliest, date.latest, date.precision) == (earliest, latest, precision)


@pytest.mark.parametrize("text", ["2024-02-29", "2000-02-29", "1600-02-29"])
def test_leap_days_of_leap_years(text):
    assert PartialDate.parse(text).latest == dt.date.fromisoformat(text)


@pytest.mark.parametrize("text, message", [
    ("2023-02-29", "February 2023 has 28 days"),
    ("1900-02-29", "February 1900 has 28 days"),
    ("2100-02-29", "February 2100 has 28 days"),
    ("2023-02-30", "February 2023 has 28 days"),
    ("2023-04-31", "April 2023 has 30 days"),
    ("2023-13", "month 13"),
    ("2023-00", "month 00"),
    ("2023-01-00", "January 2023 has 31 days"),
    ("0000", "year 0"),
])
def test_impossible_dates(text, message):
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)


@pytest.mark.parametrize("value", [
    "31/12/2020", "2023-1-5", "23", "20231031", "2023-10-31T10:00", "October 2023", "", "2023-10-",
    None, 2023.5, True, ["2023"],
])
def test_bad_formats(value):
    with pytest.raises(ValueError, match="is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"):
        PartialDate.parse(value)


@pytest.mark.parametrize("text", ["2023", "2023-10", "2023-10-07", "0999", "2024-02-29"])
def test_formats_back_exactly_as_given(text):
    assert str(PartialDate.parse(text)) == text
    assert PartialDate.parse(text).text == text


def test_what_yaml_makes_of_unquoted_dates_is_accepted():
    assert str(PartialDate.parse(dt.date(2023, 10, 31))) == "2023-10-31"
    assert str(PartialDate.parse(dt.datetime(2023, 10, 31, 9, 30))) == "2023-10-31"
    assert str(PartialDate.parse(2023)) == "2023"
    assert str(PartialDate.parse(" 2023-10 ")) == "2023-10"


def test_ordering_by_earliest_then_latest():
    texts = ["2024", "2023-10-31", "2023", "2023-10", "2023-01-01", "2022-12-31"]
    ordered = sorted(PartialDate.parse(text) for text in texts)
    # A year starts with its first month and day, and the shorter interval comes first on a tie.
    assert [str(date) for date in ordered] == ["2022-12-31", "2023-01-01", "2023", "2023-10", "2023-10-31", "2024"]
    assert PartialDate.parse("2023") < PartialDate.parse("2023-06") < PartialDate.parse("2024")
    assert max(PartialDate.parse(t) for t in texts) == PartialDate.parse("2024")


def test_equality_is_by_text():
    assert PartialDate.parse("2023-10") == PartialDate("2023-10")
    assert PartialDate.parse("2023") != PartialDate.parse("2023-01")
    assert len({PartialDate.parse("2023"), PartialDate.parse(2023)}) == 1
