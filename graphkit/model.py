"""The actor-network model: partial dates, sources, actors, relationships, datasets.

Everything here is plain data. Reading files into it is `graphkit.datasets`; the vocabulary it is
checked against is `graphkit/vocabulary.yaml`, read once by `vocabulary()`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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
    ValueError: '2023-02-30' is not a real date (February 2023 has 28 days)
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
            raise ValueError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
        text = value.strip()
        match = _PARTIAL_DATE.match(text)
        if not match:
            raise ValueError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        if year < 1:
            raise ValueError(f"{text!r} is not a real date (year 0)")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a real date (month {month:02d})")
        if day is not None:
            days = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                name = calendar.month_name[month]
                raise ValueError(f"{text!r} is not a real date ({name} {year} has {days} days)")
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


@dataclass
class Source:
    id: str
    title: str
    kind: str = "other"
    publisher: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    accessed: PartialDate | None = None
    description: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass
class Citation:
    """One source's support for a relationship: the source id and the words that say so."""

    source: str
    quote: str
    locator: str | None = None  # page, section or paragraph


@dataclass
class Actor:
    id: str
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    description: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass
class Relationship:
    id: str
    source: str  # the actor the relationship goes from
    target: str  # the actor it goes to
    type: str
    citations: list[Citation]
    status: str = "reported"
    date: PartialDate | None = None  # a point event
    start: PartialDate | None = None  # a lasting relation
    end: PartialDate | None = None
    role: str | None = None
    amount: float | None = None
    currency: str | None = None
    place: str | None = None
    description: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def source_ids(self) -> list[str]:
        return list(dict.fromkeys(citation.source for citation in self.citations))


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


@dataclass
class Dataset:
    name: str
    title: str = ""
    description: str = ""
    license: str | None = None
    version: str | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)
    path: Path | None = field(default=None, compare=False, repr=False)

    def reported(self, relationship: Relationship) -> PartialDate | None:
        """When the relationship was first reported: the earliest publication date of its sources."""
        dates = [self.sources[s].published for s in relationship.source_ids
                 if s in self.sources and self.sources[s].published]
        return min(dates) if dates else None


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


class DatasetError(ValueError):
    """A dataset that has errors; `problems` holds every problem found (warnings too), not just the first."""

    def __init__(self, path: str | Path, problems: list[Problem]):
        self.path = path
        self.problems = list(problems)
        errors = [problem for problem in self.problems if problem.severity == "error"]
        first = f"; first: {errors[0]}" if errors else ""
        super().__init__(f"{path}: {len(errors)} error(s) in the dataset{first}")


@dataclass(frozen=True)
class RelationshipType:
    name: str
    description: str
    directed: bool
    from_kinds: tuple[str, ...]
    to_kinds: tuple[str, ...]
    family: str
    stance: int = 0


@dataclass(frozen=True)
class Vocabulary:
    actor_kinds: dict[str, dict]
    statuses: dict[str, str]
    source_kinds: tuple[str, ...]
    relationship_types: dict[str, RelationshipType]


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary declared in `vocabulary.yaml`, read once."""
    data = yaml.safe_load((Path(__file__).with_name("vocabulary.yaml")).read_text(encoding="utf-8"))
    types = {
        name: RelationshipType(
            name=name,
            description=spec["description"],
            directed=bool(spec["directed"]),
            from_kinds=tuple(spec["from"]),
            to_kinds=tuple(spec["to"]),
            family=spec["family"],
            stance=int(spec.get("stance", 0)),
        )
        for name, spec in data["relationship_types"].items()
    }
    return Vocabulary(
        actor_kinds=data["actor_kinds"],
        statuses=data["statuses"],
        source_kinds=tuple(data["source_kinds"]),
        relationship_types=types,
    )
