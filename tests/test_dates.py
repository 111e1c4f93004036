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


# --- EDTF: the forms texts need beyond plain dates ---------------------------------------------------

@pytest.mark.parametrize("text, earliest, latest", [
    ("193X", dt.date(1930, 1, 1), dt.date(1939, 12, 31)),  # "In 1930s"
    ("19XX", dt.date(1900, 1, 1), dt.date(1999, 12, 31)),
    ("2023-10-XX", dt.date(2023, 10, 1), dt.date(2023, 10, 31)),
    ("2023?", dt.date(2022, 1, 1), dt.date(2024, 12, 31)),  # uncertain: a year either side
    ("2023~", dt.date(2022, 1, 1), dt.date(2024, 12, 31)),  # approximate
    ("2008/2009", dt.date(2008, 1, 1), dt.date(2009, 12, 31)),  # "during the 2008-09 Gaza War"
    ("2024-04/2024-05", dt.date(2024, 4, 1), dt.date(2024, 5, 31)),  # "last week", in May 2024
])
def test_edtf_forms_stand_for_the_days_they_may_fall_on(text, earliest, latest):
    date = PartialDate.parse(text)
    assert (date.earliest, date.latest, str(date)) == (earliest, latest, text)


def test_open_is_only_for_an_end():
    from graphkit.dates import OPEN_END

    assert PartialDate.parse("..", open_allowed=True) is OPEN_END and OPEN_END.is_open
    assert str(OPEN_END) == ".." and OPEN_END.earliest is None and OPEN_END.latest is None
    with pytest.raises(ValueError, match="only for an end"):
        PartialDate.parse("..")
    with pytest.raises(ValueError, match="written as end: .."):
        PartialDate.parse("2023/..", open_allowed=True)


@pytest.mark.parametrize("text", ["2023-10-3X", "[2023,2024]", "2023-13?", "X", "2023-1X", "2009/2008"])
def test_what_is_not_an_edtf_date_is_one_clear_date_error(text, capsys):
    """Every text that is no date, EDTF or plain, is a DateError (so validation reports it as one
    problem), and nothing is printed on the way."""
    from graphkit.errors import DateError

    with pytest.raises(DateError, match="is not a date|is before|ends before"):
        PartialDate.parse(text)
    assert capsys.readouterr() == ("", "")


# --- valid time: certain, may or out, worked out by hand --------------------------------------------

def _window(text: str) -> tuple[dt.date, dt.date]:
    first, _, last = text.partition("..")
    return PartialDate.parse(first).earliest, PartialDate.parse(last or first).latest


# Each row: what the text gives, a window of days, and whether the relationship certainly held on
# some day of it ("certain"), may have ("may"), or did not (None), reasoned from the text alone.
HELD = [
    # a point event in October 2023 certainly happened on some day of 2023 or of October, but on
    # the 15th it only may have; it did not happen in September or in 2024
    ({"date": "2023-10"}, "2023", "certain"),
    ({"date": "2023-10"}, "2023-10", "certain"),
    ({"date": "2023-10"}, "2023-10-15", "may"),
    ({"date": "2023-10"}, "2023-09", None),
    ({"date": "2023-10"}, "2024", None),
    # begun in 2013, end unknown: held on some day of 2013; may hold after (it may have ended)
    ({"start": "2013"}, "2012", None),
    ({"start": "2013"}, "2013", "certain"),
    ({"start": "2013-06"}, "2013-06-01", "may"),
    ({"start": "2013"}, "2014", "may"),
    ({"start": "2013", "end": ".."}, "2030", "may"),
    # an office "in 2013" (attested): certain in 2013, may before and after, never out
    ({"attested": "2013"}, "2013", "certain"),
    ({"attested": "2013"}, "2013-06-01", "may"),
    ({"attested": "2013"}, "1990", "may"),
    ({"attested": "2013"}, "2030", "may"),
    # "as recently as 2020": begun on or before 2020, nothing certain
    ({"before": "2020"}, "2019", "may"),
    ({"before": "2020"}, "2021", "may"),
    # "that followed" the attacks of 7 October 2023: not before that day
    ({"after": "2023-10-07"}, "2023-10-06", None),
    ({"after": "2023-10-07"}, "2023-10", "may"),
    # "In 1930s ... visit ... returning in 1936": within 1930..1936, certainly on some day of 1936
    ({"start": "193X", "end": "1936"}, "1929", None),
    ({"start": "193X", "end": "1936"}, "1935", "may"),
    ({"start": "193X", "end": "1936"}, "1936", "certain"),
    ({"start": "193X", "end": "1936"}, "1937", None),
    # "during the 2008-09 Gaza War" (begun and ended within 2008..2009)
    ({"start": "2008/2009", "end": "2008/2009"}, "2008", "may"),
    ({"start": "2008/2009", "end": "2008/2009"}, "2008..2009", "certain"),
    ({"start": "2008/2009", "end": "2008/2009"}, "2010", None),
]


@pytest.mark.parametrize("given, window, answer", HELD)
def test_when_a_relationship_held(given, window, answer):
    from graphkit.dates import valid_time

    time = valid_time(**{name: PartialDate.parse(text, open_allowed=True) for name, text in given.items()})
    assert time.holds(*_window(window)) == answer


def test_a_report_bounds_a_start_from_above_and_never_starts_it():
    from graphkit.dates import valid_time

    # No date of its own, first reported in 2025: it may hold in 1990 and in 2030, never certainly.
    undated = valid_time(first_reported=PartialDate.parse("2025"))
    assert undated.kind == "undated" and undated.earliest_start is None
    assert undated.latest_start == dt.date(2025, 12, 31)
    assert [undated.holds(*_window(w)) for w in ("1990", "2025", "2030")] == ["may", "may", "may"]
    # A point event of October 2023 first reported on 31 October cannot have happened later.
    event = valid_time(date=PartialDate.parse("2023-10"), first_reported=PartialDate.parse("2023-10-31"))
    assert (event.earliest_start, event.latest_end) == (dt.date(2023, 10, 1), dt.date(2023, 10, 31))


def test_an_actors_lifetime_bounds_its_relationships():
    from graphkit.dates import valid_time

    # A member since 2015 of a group, who died on 21 April 2018: certainly a member in 2015, may
    # have been on the day he died, not after.
    died = (None, PartialDate.parse("2018-04-21"))
    member = valid_time(start=PartialDate.parse("2015"), lifetimes=[died])
    assert member.latest_end == dt.date(2018, 4, 21)
    assert [member.holds(*_window(w)) for w in ("2015", "2018-04-21", "2018-04-22", "2019")] == \
        ["certain", "may", None, None]


@pytest.mark.parametrize("given, kind", [
    ({"date": "2023"}, "dated"), ({"start": "2013"}, "dated"), ({"end": "2013"}, "dated"),
    ({"attested": "2013"}, "attested"), ({"before": "2020"}, "bounded"), ({"after": "1936"}, "bounded"),
    ({"end": ".."}, "undated"), ({}, "undated"),
])
def test_how_the_text_places_it(given, kind):
    from graphkit.dates import valid_time

    assert valid_time(**{n: PartialDate.parse(t, open_allowed=True) for n, t in given.items()}).kind == kind
