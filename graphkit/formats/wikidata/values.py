"""Wikidata's JSON read: the files (both shapes), snaks and their values, and time values as EDTF.

Two shapes of file hold entities: Special:EntityData (and the API's wbgetentities) give one JSON
object ``{"entities": {"Q1": {...}, ...}}``; the JSON dumps give a JSON array with one entity a
line, each line ending in a comma (read line by line). A file of one entity object, of one entity
a line, or a JSON array of entities written any other way is read too. Anything else is a `FormatError` naming the file, the line, the entity and the field.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Iterator

from graphkit.dataset.records import file_problem
from graphkit.dataset.rules import date_problem
from graphkit.errors import DateError, FormatError
from graphkit.model import PartialDate

GREGORIAN = "http://www.wikidata.org/entity/Q1985727"
JULIAN = "http://www.wikidata.org/entity/Q1985786"
PRECISIONS = {11: "day", 10: "month", 9: "year", 8: "decade", 7: "century"}
_TIME = re.compile(r"^([+-])([0-9]{1,16})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?:T.*)?$")


class Entity(dict):
    """One entity of a file, remembering where it was read (for error messages)."""

    where: str = ""

    def problem(self, field: str, message: str) -> FormatError:
        return FormatError(f"{self.where}: record {self.get('id')!r}: field {field!r}: {message}",
                           hint="the file does not follow Wikidata's JSON format there")


def _entity(data: Any, where: str) -> Entity:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        raise FormatError(f"{where}: field 'id': a Wikidata entity is a JSON object with an id (Q..., P...)",
                          hint="give entity JSON as Special:EntityData or the JSON dumps write it")
    entity = Entity(data)
    entity.where = where
    for key, kind in (("claims", dict), ("labels", dict), ("aliases", dict), ("descriptions", dict)):
        if key in entity and not isinstance(entity[key], kind):
            raise entity.problem(key, f"is a {type(entity[key]).__name__}, not an object")
    return entity


def read_entities(path: str | Path) -> Iterator[Entity]:
    """The entities of a file of either shape, in file order."""
    path = Path(path)
    if refused := file_problem(path):
        raise FormatError(f"{path}: {refused}")
    try:
        with open(path, encoding="utf-8-sig") as handle:
            first_lines = [line for line in (line.strip() for line in handle) if line][:2]
            start = first_lines[0][:1] if first_lines else ""
            handle.seek(0)
            if start == "{" or (start == "[" and not _one_a_line(first_lines)):  # one JSON value
                text = handle.read()
                try:
                    data = json.loads(text)
                except json.JSONDecodeError as error:
                    if error.msg != "Extra data":
                        raise FormatError(f"{path}:{error.lineno}: not JSON ({error.msg})") from None
                    data = None  # several objects: one entity a line
                if data is not None:
                    yield from _whole(path, data)
                    return
                handle.seek(0)
            elif start != "[":
                raise FormatError(f"{path}:1: not Wikidata entity JSON: it starts with neither '{{' nor '['",
                                  hint="give entity JSON as Special:EntityData or the JSON dumps write it")
            yield from _lines(path, handle)
    except UnicodeDecodeError as error:
        raise FormatError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise FormatError(f"{path}: cannot read the file: {error.strerror}") from None


def _one_a_line(lines: list[str]) -> bool:
    """Whether a file that starts with these lines is a dump: '[' alone, then one entity a line."""
    if lines[0] != "[" or len(lines) < 2 or lines[1] == "]":
        return lines[0] == "["
    try:
        return isinstance(json.loads(lines[1].rstrip(",")), dict)
    except json.JSONDecodeError:
        return False


def _whole(path: Path, data: Any) -> Iterator[Entity]:
    if isinstance(data, list):
        for index, value in enumerate(data):
            yield _entity(value, f"{path}: entity {index + 1}")
    elif isinstance(data, dict) and "entities" in data:
        if not isinstance(data["entities"], dict):
            raise FormatError(f"{path}: field 'entities': an object of entities by id is expected")
        for key, value in data["entities"].items():
            entity = _entity(value, str(path))
            if entity["id"] != key:
                raise entity.problem("id", f"is not {key!r}, the key it is listed under in 'entities'")
            yield entity
    else:
        yield _entity(data, str(path))


def _lines(path: Path, handle) -> Iterator[Entity]:
    for number, line in enumerate(handle, 1):
        text = line.strip().rstrip(",").strip()
        if text in ("", "[", "]"):
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise FormatError(f"{path}:{number}: not JSON ({error.msg}); a dump holds one entity a line") from None
        yield _entity(data, f"{path}:{number}")


# --- snaks ------------------------------------------------------------------------------------

def snak_value(snak: Any, entity: Entity, field: str) -> tuple[str, Any]:
    """(snaktype, value) of a snak: ``("value", the datavalue's value)``, or ``("somevalue", None)``
    or ``("novalue", None)``."""
    if not isinstance(snak, dict):
        raise entity.problem(field, "a snak is a JSON object")
    kind = snak.get("snaktype")
    if kind in ("somevalue", "novalue"):
        return kind, None
    datavalue = snak.get("datavalue")
    if kind != "value" or not isinstance(datavalue, dict) or "value" not in datavalue:
        raise entity.problem(field, "a snak is of snaktype value (with a datavalue), somevalue or novalue")
    return "value", datavalue["value"]


def item_id(value: Any) -> str | None:
    """The id of an item (or property) value, else None.

    >>> item_id({"entity-type": "item", "id": "Q990000001", "numeric-id": 990000001})
    'Q990000001'
    >>> item_id({"entity-type": "item", "numeric-id": 42}), item_id("Q1")
    ('Q42', None)
    """
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("id"), str):
        return value["id"]
    prefix = {"item": "Q", "property": "P"}.get(value.get("entity-type"))
    numeric = value.get("numeric-id")
    return f"{prefix}{numeric}" if prefix and isinstance(numeric, int) else None


def text_value(value: Any) -> str | None:
    """The text of a string or monolingual text value (a quote, a URL, a title), else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return value["text"]
    return None


# --- time -------------------------------------------------------------------------------------

def _julian_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """A Julian-calendar day as the Gregorian day it is.

    >>> _julian_to_gregorian(1917, 10, 25)
    datetime.date(1917, 11, 7)
    """
    a = (14 - month) // 12
    y, m = year + 4800 - a, month + 12 * a - 3
    julian_day = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return dt.date.fromordinal(julian_day - 1721425)


def _span(year: int, month: int, day: int, precision: int, julian: bool) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The first and last day (year, month, day) a value of that precision covers, in its own calendar."""
    if precision == 11:
        return (year, month, day), (year, month, day)
    if precision == 10:
        leap = year % 4 == 0 if julian else calendar.isleap(year)
        days = 29 if month == 2 and leap else calendar.monthrange(2001, month)[1]
        return (year, month, 1), (year, month, days)
    if precision == 9:
        return (year, 1, 1), (year, 12, 31)
    if precision == 8:
        return (year // 10 * 10, 1, 1), (year // 10 * 10 + 9, 12, 31)
    century = (year - 1) // 100  # Wikidata's centuries are ordinal: the 20th is 1901 to 2000
    return (century * 100 + 1, 1, 1), (century * 100 + 100, 12, 31)


def _text(first: dt.date, last: dt.date, precision: int) -> str:
    """The EDTF text of the days first..last at a precision: one value, or an interval of two."""
    def one(day: dt.date) -> str:
        return day.isoformat()[:{11: 10, 10: 7}.get(precision, 4)]
    if precision == 8 and first.year % 10 == 0 and last.year == first.year + 9:
        return f"{str(first.year)[:3]}X"
    if precision == 7:
        return f"{first.year}/{last.year}"
    return one(first) if one(first) == one(last) else f"{one(first)}/{one(last)}"


def wikidata_date(value: Any) -> tuple[PartialDate | None, str | None]:
    """A Wikidata time value as a `PartialDate` exactly as precise as Wikidata gives it, or (None,
    why not): precisions coarser than a century, calendars other than Gregorian and Julian, and
    dates outside graphkit's years are left unknown, never rounded into a date. Julian dates
    become the Gregorian days they are (an interval where a month or year straddles two).

    >>> def edtf(time, precision, calendar=GREGORIAN):
    ...     date, why = wikidata_date({"time": time, "precision": precision, "calendarmodel": calendar})
    ...     return str(date) if date else why
    >>> edtf("+2014-03-07T00:00:00Z", 11), edtf("+2014-03-00T00:00:00Z", 10), edtf("+2014-00-00T00:00:00Z", 9)
    ('2014-03-07', '2014-03', '2014')
    >>> edtf("+1990-00-00T00:00:00Z", 8), edtf("+2000-00-00T00:00:00Z", 7), edtf("+1950-00-00T00:00:00Z", 7)
    ('199X', '1901/2000', '1901/2000')
    >>> edtf("+1917-10-25T00:00:00Z", 11, JULIAN), edtf("+1700-12-00T00:00:00Z", 10, JULIAN)
    ('1917-11-07', '1700-12/1701-01')
    >>> edtf("+2000-00-00T00:00:00Z", 6)
    'precision 6 (millennium or coarser) is too coarse for a date'
    """
    if not isinstance(value, dict) or not isinstance(value.get("time"), str):
        return None, "not a time value"
    precision = value.get("precision")
    if precision not in PRECISIONS:
        if isinstance(precision, int) and precision < 7:
            return None, f"precision {precision} (millennium or coarser) is too coarse for a date"
        return None, f"precision {precision!r} is not a precision graphkit reads (7 century to 11 day)"
    model = value.get("calendarmodel", GREGORIAN)
    if model not in (GREGORIAN, JULIAN):
        return None, f"calendar {model!r} is neither Gregorian nor Julian"
    match = _TIME.match(value["time"])
    if not match:
        return None, f"{value['time']!r} is not a Wikidata time"
    sign, year, month, day = match.group(1), int(match.group(2)), int(match.group(3) or 0), int(match.group(4) or 0)
    if sign == "-" or year == 0:
        return None, f"{value['time']!r} is before the common era"
    if (precision >= 10 and not 1 <= month <= 12) or (precision == 11 and day == 0):
        return None, f"{value['time']!r} lacks the month or day its precision {precision} ({PRECISIONS[precision]}) needs"
    first, last = _span(year, month, day, precision, model == JULIAN)
    if precision == 11 and day > _span(year, month, 1, 10, model == JULIAN)[1][2]:
        return None, f"{value['time']!r} is not a real day"
    try:
        to_day = _julian_to_gregorian if model == JULIAN else dt.date
        text = _text(to_day(*first), to_day(*last), precision)
        date = PartialDate.parse(text)
    except (ValueError, DateError, OverflowError):
        return None, f"{value['time']!r} is not a real day"
    if problem := date_problem(date):
        return None, problem
    return date, None
