"""The actor-network model: partial dates, and the records (sources, actors, relationships,
citations, datasets) with their fields declared once.

Everything here is plain data. Each record field is declared once, with `declared(...)`: its file
key, its kind of value and whether it is required. Validation, the YAML and CSV forms, the graph
form, the Neo4j mapping, the exchange formats and the importers all loop over `fields(Record)`
instead of listing fields again, so a new field is added here and nowhere else.
Reading files into records is `graphkit.dataset`; the vocabulary is `graphkit.vocabulary`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import DateError

_PARTIAL_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, month or day, read as the interval of days it covers.

    >>> d = PartialDate.parse("2023-10")
    >>> d.earliest, d.latest
    (datetime.date(2023, 10, 1), datetime.date(2023, 10, 31))
    >>> str(d), d.precision
    ('2023-10', 'month')
    >>> PartialDate.parse("2024-02").latest
    datetime.date(2024, 2, 29)
    >>> PartialDate.parse("2023") < PartialDate.parse("2023-06") < PartialDate.parse("2024")
    True
    >>> PartialDate.parse("2023-02-30")
    Traceback (most recent call last):
    ...
    graphkit.errors.DateError: '2023-02-30' is not a real date (February 2023 has 28 days)
    """

    text: str

    @classmethod
    def parse(cls, value: Any) -> "PartialDate":
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.isoformat())
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise DateError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
        text = value.strip()
        match = _PARTIAL_DATE.match(text)
        if not match:
            raise DateError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        if year < 1:
            raise DateError(f"{text!r} is not a real date (year 0)")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"{text!r} is not a real date (month {month:02d})")
        if day is not None:
            days = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                name = calendar.month_name[month]
                raise DateError(f"{text!r} is not a real date ({name} {year} has {days} days)")
        return cls(text)

    @property
    def _parts(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.text.split("-"))

    @property
    def precision(self) -> str:
        return ("year", "month", "day")[len(self._parts) - 1]

    @property
    def earliest(self) -> dt.date:
        parts = self._parts
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)

    @property
    def latest(self) -> dt.date:
        parts = self._parts
        if len(parts) == 3:
            return dt.date(*parts)
        month = parts[1] if len(parts) > 1 else 12
        return dt.date(parts[0], month, calendar.monthrange(parts[0], month)[1])

    def __str__(self) -> str:
        return self.text

    def __lt__(self, other: "PartialDate") -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.earliest, self.latest) < (other.earliest, other.latest)


@dataclass(frozen=True)
class Origin:
    """Where a record was read from, for error messages (not part of its identity)."""

    file: str
    line: int | None = None  # YAML line or CSV row number

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


# --- fields -----------------------------------------------------------------------------------

FIELD_KINDS = ("id", "text", "choice", "date", "list", "mapping", "number", "url", "country",
               "currency", "citations")


@dataclass(frozen=True)
class Field:
    """One field of a record, as every reader and writer of records sees it.

    - `name`: the attribute of the record (and the key in the graph form);
    - `key`: its name in files (YAML keys, CSV columns): `from` for a relationship's `source`;
    - `kind`: one of `FIELD_KINDS`; `choices` names the vocabulary table of a `choice`;
    - `bounds`: for dates, which Neo4j DATE bounds are stored beside the text ("min", "max", "both").
    """

    name: str
    key: str
    kind: str
    required: bool = False
    choices: str | None = None
    bounds: str = ""


def declared(kind: str, *, key: str | None = None, required: bool = False, choices: str | None = None,
             bounds: str = "", default: Any = None) -> Any:
    """A dataclass field that is also a declared record field (see `Field`).

    Every field has a default, so records are built by keyword in any order; whether a field is
    required is checked when records are read from files.
    """
    assert kind in FIELD_KINDS, kind
    spec = {"kind": kind, "key": key, "required": required, "choices": choices, "bounds": bounds}
    if required and default is None and kind not in ("list", "citations", "mapping"):
        default = ""  # required is checked when records are read; an empty record is still a record
    if kind in ("list", "citations"):
        return field(default_factory=list, metadata={"graphkit": spec})
    if kind == "mapping":
        return field(default_factory=dict, metadata={"graphkit": spec})
    return field(default=default, metadata={"graphkit": spec})


@functools.cache
def fields(record: type) -> tuple[Field, ...]:
    """The declared fields of a record class, in the order files list them.

    >>> [f.key for f in fields(Citation)]
    ['source', 'quote', 'locator']
    >>> next(f for f in fields(Relationship) if f.name == "source")
    Field(name='source', key='from', kind='id', required=True, choices=None, bounds='')
    """
    found = []
    for item in dataclasses.fields(record):
        spec = item.metadata.get("graphkit")
        if spec is not None:
            found.append(Field(name=item.name, **{**spec, "key": spec["key"] or item.name}))
    return tuple(found)


def keys(record: type) -> tuple[str, ...]:
    """The file keys of a record class's fields.

    >>> keys(Source)[:3]
    ('id', 'title', 'kind')
    """
    return tuple(f.key for f in fields(record))


# --- records ----------------------------------------------------------------------------------

@dataclass
class Source:
    """A document or register that relationships cite."""

    id: str = declared("id", required=True)
    title: str = declared("text", required=True)
    kind: str = declared("choice", choices="source_kinds", default="other")
    publisher: str | None = declared("text")
    url: str | None = declared("url")
    published: PartialDate | None = declared("date", bounds="min")
    authors: list[str] = declared("list")
    language: str | None = declared("text")
    accessed: PartialDate | None = declared("date")
    description: str | None = declared("text")
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass
class Citation:
    """One source's support for a relationship: the source id and the words that say so."""

    source: str = declared("id", required=True)
    quote: str = declared("text", required=True)
    locator: str | None = declared("text")  # page, section or paragraph


@dataclass
class Actor:
    """A person, government body, NGO, group or organisation."""

    id: str = declared("id", required=True)
    kind: str = declared("choice", choices="actor_kinds", required=True)
    name: str = declared("text", required=True)
    aliases: list[str] = declared("list")
    country: str | None = declared("country")
    description: str | None = declared("text")
    start: PartialDate | None = declared("date", bounds="min")
    end: PartialDate | None = declared("date", bounds="max")
    identifiers: dict[str, str] = declared("mapping")
    tags: list[str] = declared("list")
    url: str | None = declared("url")  # the actor's own web page (an official site, a party's page)
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass
class Relationship:
    """A claim that one actor is tied to another, with when and on whose word."""

    id: str = declared("id", default="")  # derived from its ends, type and date when the files give none
    source: str = declared("id", key="from", required=True)  # the actor the relationship goes from
    type: str = declared("choice", choices="relationship_types", required=True)
    target: str = declared("id", key="to", required=True)  # the actor it goes to
    date: PartialDate | None = declared("date", bounds="both")  # a point event
    start: PartialDate | None = declared("date", bounds="min")  # a lasting relation
    end: PartialDate | None = declared("date", bounds="max")
    status: str = declared("choice", choices="statuses", default="reported")
    role: str | None = declared("text")
    amount: float | None = declared("number")
    currency: str | None = declared("currency")
    place: str | None = declared("text")
    description: str | None = declared("text")
    citations: list[Citation] = declared("citations", key="sources", required=True)
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def source_ids(self) -> list[str]:
        return list(dict.fromkeys(citation.source for citation in self.citations))

    @property
    def when(self) -> PartialDate | None:
        """The date that tells two relationships of the same ends and type apart."""
        return self.date or self.start


def relationship_id(source: str, type_: str, target: str, when: PartialDate | None = None) -> str:
    """The identity of a relationship that has no explicit id: stable across re-loads.

    Two meetings on two dates stay two relationships:

    >>> relationship_id("anwar-ibrahim", "MET_WITH", "hamas", PartialDate.parse("2024-05"))
    'anwar-ibrahim--met_with--hamas--2024-05'
    >>> relationship_id("malaysia", "SUPPORTS", "palestine")
    'malaysia--supports--palestine'
    """
    parts = [source, type_.lower(), target] + ([str(when)] if when else [])
    return "--".join(parts)


def derived_id(rel: Relationship) -> bool:
    """Whether a relationship's id is the one `relationship_id` derives (so files may leave it out)."""
    return rel.id == relationship_id(rel.source, rel.type, rel.target, rel.when)


@dataclass
class Dataset:
    """A curated set of sources, actors and relationships: one folder of files."""

    name: str = declared("id", required=True)
    title: str = declared("text", required=True)
    description: str = declared("text", default="")
    license: str | None = declared("text")
    version: str | None = declared("text")
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)
    path: Path | None = field(default=None, compare=False, repr=False)

    def reported(self, relationship: Relationship) -> PartialDate | None:
        """When the relationship was first reported: the earliest publication date of its sources."""
        dates = [self.sources[s].published for s in relationship.source_ids
                 if s in self.sources and self.sources[s].published]
        return min(dates) if dates else None


def validity(date: PartialDate | None, start: PartialDate | None, end: PartialDate | None,
             reported: PartialDate | None) -> tuple[dt.date | None, dt.date | None]:
    """The days a relationship may be in force on; None is an open end. The one validity rule.

    A point event covers its own date's interval. A lasting relation runs from its start's earliest
    day to its end's latest day. A relation with no dates of its own is known to hold from when it
    was first reported; with no report date either it cannot be placed in time at all: ``(None,
    None)`` with no dates anywhere means "undated".

    >>> validity(PartialDate.parse("2023-10"), None, None, None)
    (datetime.date(2023, 10, 1), datetime.date(2023, 10, 31))
    >>> validity(None, PartialDate.parse("2013"), None, None)
    (datetime.date(2013, 1, 1), None)
    >>> validity(None, None, None, PartialDate.parse("2023-10-31"))
    (datetime.date(2023, 10, 31), None)
    """
    if date is not None:
        return date.earliest, date.latest
    start = start or (reported if end is None else None)
    return (start.earliest if start else None, end.latest if end else None)


@dataclass(frozen=True)
class Problem:
    """A validation finding, located precisely enough for a curator to fix it."""

    origin: Origin
    record: str | None
    field: str | None
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = " ".join(part for part in (
            f"record {self.record!r}" if self.record else None,
            f"field {self.field!r}" if self.field else None,
        ) if part)
        return f"{self.origin}: {self.severity}: {where + ': ' if where else ''}{self.message}"
