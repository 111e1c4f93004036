"""Dates as texts give them, and the one rule that turns them into when a claim may hold.

A date is written in EDTF (the Library of Congress Extended Date/Time Format), levels 0 and 1 as
far as texts need them, and read as the interval of days it may fall on:

=====================  ======================================  =========================
written                meaning                                 days
=====================  ======================================  =========================
``2023``               the year 2023                           2023-01-01 .. 2023-12-31
``2023-10``            October 2023                            2023-10-01 .. 2023-10-31
``2023-10-13``         that day                                2023-10-13
``193X``               some year of the 1930s                  1930-01-01 .. 1939-12-31
``2023?``, ``2023~``   2023, uncertain / approximate           2022-01-01 .. 2024-12-31
``2008/2009``          some day from 2008 to 2009              2008-01-01 .. 2009-12-31
``..``                 open: no end known (only for ``end``)   —
=====================  ======================================  =========================

Plain dates are parsed here; the EDTF forms beyond them go to the `edtf` package (imported only
then: plain dates stay quick on large datasets).
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools
import io
import re
import time
from dataclasses import dataclass, field
from typing import Any

from graphkit.errors import DateError

_PLAIN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_EXTENDED = re.compile(r"^[0-9X?~/.\-]+$")
OPEN = ".."
FORMS = "YYYY, YYYY-MM or YYYY-MM-DD, or EDTF such as 193X, 2023?, 2023~, 2008/2009"


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date as precise as its text, read as the interval of days it may fall on.

    >>> d = PartialDate.parse("2023-10")
    >>> d.earliest, d.latest
    (datetime.date(2023, 10, 1), datetime.date(2023, 10, 31))
    >>> str(d), d.precision
    ('2023-10', 'month')
    >>> PartialDate.parse("2024-02").latest
    datetime.date(2024, 2, 29)
    >>> PartialDate.parse("193X").earliest, PartialDate.parse("193X").precision
    (datetime.date(1930, 1, 1), 'decade')
    >>> PartialDate.parse("2023") < PartialDate.parse("2023-06") < PartialDate.parse("2024")
    True
    >>> PartialDate.parse("2023-02-30")
    Traceback (most recent call last):
    ...
    graphkit.errors.DateError: '2023-02-30' is not a real date (February 2023 has 28 days)
    """

    text: str
    earliest: dt.date | None = field(default=None, compare=False, repr=False)
    latest: dt.date | None = field(default=None, compare=False, repr=False)
    precision: str = field(default="day", compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.earliest is None and self.text != OPEN:  # built from its text alone
            parsed = _parse(self.text)
            object.__setattr__(self, "earliest", parsed.earliest)
            object.__setattr__(self, "latest", parsed.latest)
            object.__setattr__(self, "precision", parsed.precision)

    @classmethod
    def parse(cls, value: Any, *, open_allowed: bool = False) -> "PartialDate":
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return _parse(value.isoformat())
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise DateError(f"{value!r} is not a date; use {FORMS}")
        text = value.strip()
        if text == OPEN:
            if not open_allowed:
                raise DateError(f"{OPEN!r} (open) is only for an end that is not known to have come")
            return OPEN_END
        return _parse(text)

    @property
    def is_open(self) -> bool:
        return self.text == OPEN

    def __str__(self) -> str:
        return self.text

    def __lt__(self, other: "PartialDate") -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.earliest or dt.date.max, self.latest or dt.date.max) < \
            (other.earliest or dt.date.max, other.latest or dt.date.max)


OPEN_END = PartialDate(OPEN, None, None, "open")


@functools.lru_cache(maxsize=1 << 16)
def _parse(text: str) -> PartialDate:
    """A date's text parsed once (large datasets repeat their dates)."""
    match = _PLAIN.match(text)
    if match:
        return _plain(text, *(int(part) if part else None for part in match.groups()))
    if not _EXTENDED.match(text) or not re.search(r"[0-9]", text):
        raise DateError(f"{text!r} is not a date; use {FORMS}")
    return _edtf(text)


def _plain(text: str, year: int, month: int | None, day: int | None) -> PartialDate:
    if year < 1:
        raise DateError(f"{text!r} is not a real date (year 0)")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r} is not a real date (month {month:02d})")
    if day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise DateError(f"{text!r} is not a real date ({calendar.month_name[month]} {year} has {days} days)")
        first = last = dt.date(year, month, day)
        return PartialDate(text, first, last, "day")
    if month is not None:
        return PartialDate(text, dt.date(year, month, 1),
                           dt.date(year, month, calendar.monthrange(year, month)[1]), "month")
    return PartialDate(text, dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _edtf(text: str) -> PartialDate:
    """The EDTF forms beyond plain dates: unspecified digits, uncertain or approximate dates,
    intervals between two dates. Their days are the widest the text allows."""
    try:
        from edtf import parse_edtf
        from edtf.parser.edtf_exceptions import EDTFParseException
    except ImportError:  # a dependency of graphkit: only a broken install lacks it
        raise DateError(f"{text!r}: reading EDTF dates needs the edtf package (pip install edtf)") from None
    if OPEN in text:
        raise DateError(f"{text!r}: an open interval is written as end: .. (start and end apart)")
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # the parser prints its attempts
            parsed = parse_edtf(text)
            first, last = parsed.lower_fuzzy(), parsed.upper_fuzzy()
    except (EDTFParseException, TypeError, ValueError, OverflowError, AttributeError, KeyError, IndexError):
        raise DateError(f"{text!r} is not a date; use {FORMS}") from None
    kind = type(parsed).__name__
    if kind == "Interval" and _day(text, parsed.lower_strict()) > _day(text, parsed.upper_strict()):
        raise DateError(f"{text!r}: the interval ends before it begins")
    precision = {"Unspecified": "decade" if text.count("X") == 1 and text.endswith("X") else "unspecified",
                 "UncertainOrApproximate": "approximate", "Interval": "interval"}.get(kind, "day")
    return PartialDate(text, _day(text, first), _day(text, last), precision)


def _day(text: str, value: time.struct_time) -> dt.date:
    """A day of the date `text`; one its fuzziness puts before year 1 or after 9999 is refused.

    >>> _day("9999~", time.struct_time((10000, 12, 31, 0, 0, 0, 0, 0, -1)))
    Traceback (most recent call last):
    graphkit.errors.DateError: '9999~' reaches before year 1 or after year 9999, where no date can be
    """
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (ValueError, OverflowError):
        raise DateError(f"{text!r} reaches before year 1 or after year 9999, where no date can be") from None


# --- valid time ---------------------------------------------------------------------------------

TIME_KINDS = ("dated", "attested", "bounded", "undated")
"""How a relationship's own text places it in time: its own date, start or end; only a date it is
known to hold on; only bounds (on or after, on or before); nothing."""


@dataclass(frozen=True)
class ValidTime:
    """When a relationship may have held: the earliest and latest day it can have begun and ended.

    None is unknown (no bound). `kind` is one of `TIME_KINDS`.
    """

    earliest_start: dt.date | None = None
    latest_start: dt.date | None = None
    earliest_end: dt.date | None = None
    latest_end: dt.date | None = None
    kind: str = "undated"

    def holds(self, first: dt.date, last: dt.date) -> str | None:
        """Whether it held on some day from `first` to `last`: "certain", "may", or None (it did not).

        It certainly held when, however its unknowns fall, it overlaps those days: it cannot have
        ended before them nor begun after them. An undated relationship may hold on any day.

        >>> event = valid_time(date=PartialDate.parse("2023-10"))
        >>> event.holds(dt.date(2023, 1, 1), dt.date(2023, 12, 31)), event.holds(dt.date(2023, 10, 15), dt.date(2023, 10, 15))
        ('certain', 'may')
        >>> event.holds(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) is None
        True
        """
        if self.earliest_start is not None and self.earliest_start > last:
            return None
        if self.latest_end is not None and self.latest_end < first:
            return None
        if self.latest_start is not None and self.latest_start <= last \
                and self.earliest_end is not None and self.earliest_end >= first:
            return "certain"
        return "may"

    def within(self, lifetimes) -> "ValidTime":
        """Clipped to `lifetimes`, the (start, end) `PartialDate`s of its actors: nothing is done
        before an actor exists or after it ended. (Clipping after the rest of `valid_time` gives
        what clipping before would: a graph caches the rest, which many relationships share.)

        >>> valid_time(start=PartialDate.parse("2013")).within([(PartialDate.parse("2013-06"), None)]).earliest_start
        datetime.date(2013, 6, 1)
        """
        earliest_start, latest_end = self.earliest_start, self.latest_end
        for born, died in lifetimes:
            if born is not None and not born.is_open:
                earliest_start = _max(earliest_start, born.earliest)
            if died is not None and not died.is_open:
                latest_end = _min(latest_end, died.latest)
        if earliest_start == self.earliest_start and latest_end == self.latest_end:
            return self
        return ValidTime(earliest_start, _min(self.latest_start, latest_end), _max(self.earliest_end, earliest_start),
                         latest_end, self.kind)


def _min(*days: dt.date | None) -> dt.date | None:
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _max(*days: dt.date | None) -> dt.date | None:
    known = [day for day in days if day is not None]
    return max(known) if known else None


def valid_time(*, date: PartialDate | None = None, start: PartialDate | None = None,
               end: PartialDate | None = None, attested: PartialDate | None = None,
               after: PartialDate | None = None, before: PartialDate | None = None,
               first_reported: PartialDate | None = None, lifetimes=()) -> ValidTime:
    """The one rule of when a relationship may have held, from what its text gives.

    - a point event (`date`) happened on one day of its date; a lasting relation began on a day of
      its `start` and ended on a day of its `end` (`..` or no end: not known to have ended);
    - `attested`: it held on some day of that date (an office "in 2013"): it began by that date's
      last day and ended no earlier than its first;
    - `after` / `before`: it began (or happened) on or after / on or before that date;
    - `first_reported`: it cannot have begun after the earliest publication that reports it: the
      only thing a report date ever says about valid time;
    - `lifetimes`: the (start, end) of both its actors: nothing is done before an actor exists or
      after it ended (a death, a dissolution).

    >>> vt = valid_time(start=PartialDate.parse("2013"))
    >>> vt.earliest_start, vt.latest_start, vt.earliest_end, vt.latest_end, vt.kind
    (datetime.date(2013, 1, 1), datetime.date(2013, 12, 31), datetime.date(2013, 1, 1), None, 'dated')
    >>> undated = valid_time(first_reported=PartialDate.parse("2025"))
    >>> undated.kind, undated.earliest_start, undated.latest_start
    ('undated', None, datetime.date(2025, 12, 31))
    >>> valid_time(attested=PartialDate.parse("2013")).holds(dt.date(2013, 1, 1), dt.date(2013, 12, 31))
    'certain'
    """
    kind = ("dated" if date or start or (end and not end.is_open) else
            "attested" if attested else "bounded" if after or before else "undated")
    if date is not None:
        earliest_start, latest_start, earliest_end, latest_end = date.earliest, date.latest, date.earliest, date.latest
    else:
        earliest_start = start.earliest if start else None
        latest_start = start.latest if start else None
        earliest_end = end.earliest if end and not end.is_open else None
        latest_end = end.latest if end and not end.is_open else None
    if attested is not None:
        latest_start = _min(latest_start, attested.latest)
        earliest_end = _max(earliest_end, attested.earliest)
    if after is not None:
        earliest_start = _max(earliest_start, after.earliest)
    for bound in (before, first_reported):
        if bound is not None:
            latest_start = _min(latest_start, bound.latest)
            if date is not None:  # a point event begins and ends on the same day
                latest_end = _min(latest_end, bound.latest)
    # It ends no earlier than it begins, and begins no later than it ends.
    earliest_end = _max(earliest_end, earliest_start)
    latest_start = _min(latest_start, latest_end)
    return ValidTime(earliest_start, latest_start, earliest_end, latest_end, kind).within(lifetimes)


def valid_time_days(day: dict, point, bounds=(), lives=None) -> dict:
    """`valid_time` for many relationships at once, over day numbers (numpy arrays): `day` holds
    ``<field>_earliest`` and ``<field>_latest`` of date, start, end, attested, after and before,
    an unknown earliest day a number below every real one and an unknown latest one above, so that
    `max` and `min` skip them as `_max` and `_min` skip None; `point` says which have a `date`.
    `bounds` are further latest days a relationship began by (its first report), `lives` the
    (earliest, latest) day of its two actors' lifetimes, each an array. Returns the four bounds.

    >>> import numpy as np
    >>> at = lambda *days: np.array(days)
    >>> none, never = at(-10**9), at(10**9)
    >>> fields = ("date", "start", "end", "attested", "after", "before")
    >>> day = {**{f"{name}_earliest": none for name in fields}, **{f"{name}_latest": never for name in fields}}
    >>> day.update(start_earliest=at(100), start_latest=at(465))
    >>> {name: int(days[0]) for name, days in valid_time_days(day, at(False), bounds=[at(300)]).items()}
    {'earliest_start': 100, 'latest_start': 300, 'earliest_end': 100, 'latest_end': 1000000000}
    """
    import numpy as np

    earliest_start = np.where(point, day["date_earliest"], day["start_earliest"])
    latest_start = np.where(point, day["date_latest"], day["start_latest"])
    earliest_end = np.where(point, day["date_earliest"], day["end_earliest"])
    latest_end = np.where(point, day["date_latest"], day["end_latest"])
    latest_start = np.minimum(latest_start, day["attested_latest"])
    earliest_end = np.maximum(earliest_end, day["attested_earliest"])
    earliest_start = np.maximum(earliest_start, day["after_earliest"])
    for bound in (day["before_latest"], *bounds):
        latest_start = np.minimum(latest_start, bound)
        latest_end = np.where(point, np.minimum(latest_end, bound), latest_end)
    if lives is not None:
        earliest_start = np.maximum(earliest_start, lives[0])
        latest_end = np.minimum(latest_end, lives[1])
    earliest_end = np.maximum(earliest_end, earliest_start)
    latest_start = np.minimum(latest_start, latest_end)
    return {"earliest_start": earliest_start, "latest_start": latest_start, "earliest_end": earliest_end,
            "latest_end": latest_end}
