"""From the records read off a dataset's files to a checked `Dataset`, with every problem at once.

The readers of both forms turn files into `Record`s of one shape, so both are checked by the same
code here. Each record is read by looping over its declared fields (`model.fields`), one reader
per kind of field (an id, a date, a vocabulary choice, ...), and built by keyword; then the checks
that span fields or records (dates in order, actors and sources that exist, unusual ends, what
nothing uses; a relationship's time and evidence, in `claims`; a source's document, in
`documents`) are made one by one. A curator gets the whole list in one run instead of fixing one
error per run.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Collection

from graphkit.dataset.claims import check_claim
from graphkit.dataset.documents import check_document_fields
from graphkit.dataset.records import SEPARATOR, Record, any_control_character, control_character, suggest, unknown
from graphkit.dataset.rules import (case_warnings, dataset_name_problem, date_problem, indexed_problem, is_indexed,
                                    shorten, single_source_note, url_problem)
from graphkit.dates import OPEN
from graphkit.errors import DateError
from graphkit.model import (Actor, Citation, Dataset, Field, Origin, PartialDate, Problem, Relationship, Source,
                            fields, keys, relationship_id)
from graphkit.vocabulary import vocabulary

_BAD_ID = re.compile(r"[\s|]")
# The codes a `country` or `currency` field holds, and what the message calls them.
_CODES = {
    "country": (re.compile(r"^[A-Z]{2}$"), "a country code: use two capital letters (ISO 3166-1 alpha-2, e.g. MY)"),
    "currency": (re.compile(r"^[A-Z]{3}$"), "a currency code: use three capital letters (ISO 4217, e.g. MYR)"),
    "sha256": (re.compile(r"^[0-9a-fA-F]{64}$"), "a SHA-256: 64 hexadecimal digits (as sha256sum prints them)"),
}


def _entry(table: str) -> str:
    """What one entry of a vocabulary table is called in messages.

    >>> _entry("relationship_types"), _entry("statuses"), _entry("source_kinds")
    ('relationship type', 'status', 'source kind')
    """
    return re.sub(r"(?<=s)es$|s$", "", table).replace("_", " ")


class _Fields:
    """Reads the declared fields of one record, keeping a problem for each that is wrong.

    Problems are kept until `done(label)`, because a relationship's label (its id) is only known
    once its other fields are read. `sources` are the source ids citations may name (None: any).
    """

    def __init__(self, record: Record, kind: type, what: str = "", sources: Collection[str] | None = None):
        self.record = record
        self.kind = kind
        self.what = what  # where in the record, for citations: " in citation 2"
        self.sources = sources
        self.found: list[tuple[Origin, str | None, str, str]] = []
        allowed, known, readers = _plan(kind)
        for name, line in record.repeated:
            self.error(None, f"field {name!r} is given twice{what} (again at line {line})")
        for name in () if known.issuperset(record) else record:
            if name not in known:
                hint = suggest(str(name), allowed) or "; allowed: " + ", ".join(allowed)
                self.error(None, f"unknown field {name!r}{what}{hint}", origin=record.origin(name))
        self.control_characters(known)
        self.values: dict[str, Any] = {}  # the values read, by attribute (a wrong choice or code is kept)
        for field, reader in readers:
            if field.key not in record and not field.required:
                continue  # absent and optional: the record's default (None, [], {}), no problem
            value = reader(self, field)
            if value is not None:
                self.values[field.name] = value

    def control_characters(self, known: Collection[str]) -> None:
        """Refuse control characters in the record's known fields (`records.control_character`)."""
        if not any_control_character(self.record.values()):
            return  # the common case, checked in one search
        for name, value in self.record.items():
            problem = control_character(name, value, self.what) if name in known else None
            if problem:
                self.error(name, problem)

    def error(self, field: str | None, message: str, severity: str = "error",
              origin: Origin | None = None) -> None:
        self.found.append((origin or self.record.origin(field), field, message, severity))

    def done(self, label: str | None, problems: list[Problem]) -> None:
        raw = self.record.get("id")
        label = shorten(label or (raw.strip() or None if isinstance(raw, str) else None))
        problems.extend(Problem(origin, label, field, message, severity)
                        for origin, field, message, severity in self.found)

    # One reader per kind of field: each returns the value, or None (absent or wrong).

    def text(self, field: Field) -> str | None:
        name = field.key
        value = self.record.get(name)
        if type(value) is str and name not in _indexed(self.kind):  # the common case, quickly
            value = value.strip()
            if value:
                return value
        if value is None:
            if field.required:
                self.error(name, f"required field is missing{self.what}")
            return None
        if isinstance(value, (list, dict)):
            self.error(name, f"must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
            return None
        value = str(value).strip()
        if not value:
            if field.required:
                self.error(name, f"must not be empty{self.what}")
            return None
        if problem := indexed_problem(self.kind, field, value):
            self.error(name, problem)
            return None
        return value

    def id(self, field: Field) -> str | None:
        value = self.text(field)
        if value is not None and _BAD_ID.search(value):
            self.error(field.key, f"{value!r} is not an id: ids may not contain spaces or '|'")
            return None
        return value

    def choice(self, field: Field) -> str | None:
        value = self.text(field)
        allowed = getattr(vocabulary(), field.choices)
        if value is not None and value not in allowed:
            self.error(field.key, unknown(_entry(field.choices), value, allowed, self.what))
        return value

    def date(self, field: Field) -> PartialDate | None:
        value = self.record.get(field.key)
        if value is None or value == "":
            return None
        open_allowed = (self.kind, field.name) in _OPEN_ENDED
        if isinstance(value, str) and value.strip() == OPEN and not open_allowed:
            self.error(field.key, f"{OPEN!r} (open) is only for a relationship's end (not known to have ended); "
                                  f"leave {field.key} out when it is not known{self.what}")
            return None
        try:
            date = PartialDate.parse(value, open_allowed=open_allowed)
        except DateError as error:
            self.error(field.key, f"{error}{self.what}")
            return None
        if problem := date_problem(date):
            self.error(field.key, f"{problem}{self.what}")
            return None
        return date

    def items(self, field: Field) -> list[str]:
        name = field.key
        value = self.record.get(name)
        if value is None:
            return []
        if isinstance(value, dict):
            self.error(name, "must be a list of text, not a mapping")
            return []
        found = []
        for item in value if isinstance(value, list) else [value]:
            if item is None or isinstance(item, (list, dict)):
                self.error(name, f"{item!r} is not text: give a list of text")
                continue
            item = str(item).strip()
            if SEPARATOR in item:
                self.error(name, f"{item!r} contains '{SEPARATOR}', which separates values in CSV")
            elif item:
                found.append(item)
        return found

    def mapping(self, field: Field) -> dict[str, str]:
        name = field.key
        value = self.record.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(name, "must be a mapping of key: value (e.g. wikidata: Q123)")
            return {}
        found = {}
        for key, item in value.items():
            if item is None or isinstance(item, (list, dict)):
                self.error(name, f"the value of {key!r} must be text")
                continue
            key, item = str(key).strip(), str(item).strip()
            if not key or "=" in key or SEPARATOR in key or SEPARATOR in item:
                self.error(name, f"{key!r}: keys may not be empty or contain '=' or '|', values not '|'")
                continue
            found[key] = item
        return found

    def number(self, field: Field) -> float | None:
        value = self.text(field)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            self.error(field.key, f"{value!r} is not a number (write 1500000, not 1.5m or 1,500,000)")
            return None

    def code(self, field: Field) -> str | None:
        value = self.text(field)
        pattern, what = _CODES[field.kind]
        if value is not None and not pattern.match(value):
            self.error(field.key, f"{value!r} is not {what}")
        return value

    def url(self, field: Field) -> str | None:
        value = self.text(field)
        if value is not None and (problem := url_problem(value)) and (field.key not in {f for _, f, *_ in self.found}):
            self.error(field.key, f"{problem}{self.what}")  # unless the link has had its error (a control character)
        return value

    def citations(self, field: Field) -> list[Citation]:
        name = field.key
        value = self.record.get(name)
        if not value:
            self.error(name, "no sources: every relationship needs at least one {source, quote}")
            return []
        if not isinstance(value, list):
            self.error(name, "must be a list of citations, each {source, quote, locator}")
            return []
        citations = []
        for number, item in enumerate(value, 1):
            if not isinstance(item, Record):
                self.error(name, f"citation {number} must be a mapping {{source, quote, locator}}")
                continue
            where = f" in citation {number}"
            cited = _Fields(item, Citation, where)
            source = cited.values.get("source")
            if source and self.sources is not None and source not in self.sources:
                hint = suggest(source, self.sources) or ": no source has this id"
                cited.error("source", f"unknown source {source!r}{where}{hint}")
            if not any(cited.values.get(key) for key in ("quote", "record", "url")):
                cited.error("quote", f"required field is missing{where}: a citation needs a quote (verbatim "
                                     "words of the source) or, for a register, its record and/or url")
            self.found.extend(cited.found)
            if all(cited.values.get(name) for name in _REQUIRED_CITATION):
                citations.append(Citation(**cited.values))
        return citations


@functools.cache
def _indexed(kind: type) -> frozenset[str]:
    """The keys of a record's fields that `rules.indexed_problem` checks (asked for every text field)."""
    return frozenset(field.key for field in fields(kind) if is_indexed(kind, field))


@functools.cache
def _plan(kind: type) -> tuple[tuple[str, ...], frozenset[str], tuple[tuple[Field, Any], ...]]:
    """How a record class is read: the keys it allows (in order, and as a set), each field with its reader."""
    allowed = keys(kind)
    return allowed, frozenset(allowed), tuple((field, getattr(_Fields, _READERS[field.kind])) for field in fields(kind))


_REQUIRED_CITATION = tuple(f.name for f in fields(Citation) if f.required)
_OPEN_ENDED = {(Relationship, "end")}  # the date fields that may be `..`: open, not known to have ended
_ENDS = tuple(f for f in fields(Relationship) if f.name in ("source", "target"))
_READERS = {"id": "id", "text": "text", "choice": "choice", "date": "date", "list": "items", "mapping": "mapping",
            "number": "number", "url": "url", "country": "code", "currency": "code", "sha256": "code",
            "citations": "citations"}


def build_dataset(
    name: str,
    meta: Record | None,
    sources: list[Record] | None,
    actors: list[Record] | None,
    relationships: list[Record] | None,
) -> tuple[Dataset, list[Problem]]:
    """The dataset the records describe, as far as they are valid, and every problem found.

    A table given as None could not be read (that problem is already reported), so nothing is
    checked against it: a malformed actors file does not make every relationship dangle.
    """
    problems: list[Problem] = []
    dataset = Dataset(name=name)
    if meta is not None:
        read = _Fields(meta, Dataset)
        for field, value in read.values.items():
            setattr(dataset, field, value)
        read.done(None, problems)
    for record in sources or ():
        _add(dataset.sources, _record(record, Source, problems), record, "source", problems)
    for record in actors or ():
        _add(dataset.actors, _record(record, Actor, problems, name), record, "actor", problems)
    for record in relationships or ():
        relationship = _relationship(record, dataset, problems, actors is not None, sources is not None)
        hint = ("" if relationship is None or "id" in record else
                "; if they are two relationships, give each an explicit id")
        _add(dataset.relationships, relationship, record, "relationship", problems, hint)
    if relationships is not None:
        _unused(dataset, problems)
    problems.extend(case_warnings(dataset))
    return dataset, problems


def _add(table: dict, item, record: Record, what: str, problems: list[Problem], hint: str = "") -> None:
    if item is None:
        return
    if item.id in table:
        first = table[item.id].origin
        where = f"line {first.line}" if first.file == record.file else str(first)
        problems.append(Problem(record.origin("id"), item.id, "id" if "id" in record else None,
                                f"duplicate {what} id {item.id!r} (first at {where}){hint}"))
    else:
        table[item.id] = item


def _period(read: _Fields, item: Any) -> None:
    """A record's end may not come before its start."""
    start, end = getattr(item, "start", None), getattr(item, "end", None)
    if start and end and not end.is_open and end.latest < start.earliest:
        read.error("end", f"end {end} is before start {start}")


def _record(record: Record, kind: type, problems: list[Problem], dataset: str = "") -> Any:
    """A source or an actor, or None when it has no id to be known by."""
    read = _Fields(record, kind)
    item = kind(**read.values, origin=record.origin())
    _period(read, item)
    if kind is Source:
        check_document_fields(read, item)
    if kind is Actor:
        _same_as(read, item, dataset)
    read.done(item.id, problems)
    return item if item.id else None


def _same_as(read: _Fields, actor: Actor, dataset: str) -> None:
    """Each `same_as` entry names an actor of another dataset as "DATASET:ACTOR-ID" (whether that
    actor exists is checked with the other datasets, by `graphkit.linking`)."""
    for entry in actor.same_as:
        other, colon, actor_id = entry.partition(":")
        if not colon or not actor_id.strip() or dataset_name_problem(other):
            read.error("same_as", f"{entry!r} is not DATASET:ACTOR-ID (e.g. register:anwar-ibrahim)")
        elif other == dataset:
            read.error("same_as", f"{entry!r} is in this dataset: same_as links actors of other datasets "
                                  "(one actor of a dataset is one record)")


def _relationship(record: Record, dataset: Dataset, problems: list[Problem],
                  check_actors: bool, check_sources: bool) -> Relationship | None:
    read = _Fields(record, Relationship, sources=dataset.sources if check_sources else None)
    rel = Relationship(**read.values, origin=record.origin())
    if not rel.id and rel.source and rel.type and rel.target:
        rel.id = relationship_id(rel.source, rel.type, rel.target, rel.when)
    if record.get("date") is not None and (record.get("start") is not None or record.get("end") is not None):
        read.error("date", "give either date (a point event) or start/end (a lasting relation), not both")
    _period(read, rel)
    if check_actors:
        for field in _ENDS:
            actor = getattr(rel, field.name)
            if actor and actor not in dataset.actors:
                hint = suggest(actor, dataset.actors) or ": no actor has this id"
                read.error(field.key, f"unknown actor {actor!r}{hint}")
    types = vocabulary().relationship_types
    if rel.type in types and rel.source in dataset.actors and rel.target in dataset.actors:
        _check_ends(read, types[rel.type], dataset.actors[rel.source], dataset.actors[rel.target])
    check_claim(read, rel, dataset.actors if check_actors else None, dataset.sources if check_sources else None)
    read.done(rel.id or None, problems)
    return rel if rel.id else None


def _check_ends(read: _Fields, type_, source: Actor, target: Actor) -> None:
    fits = source.kind in type_.from_kinds and target.kind in type_.to_kinds
    if not type_.directed:
        fits = fits or (target.kind in type_.from_kinds and source.kind in type_.to_kinds)
    kinds = vocabulary().actor_kinds
    if not fits and source.kind in kinds and target.kind in kinds:
        read.error("type", (
            f"unusual ends for {type_.name}: {source.kind} {source.id!r} to {target.kind} {target.id!r} "
            f"(expected from {', '.join(type_.from_kinds)} to {', '.join(type_.to_kinds)})"
        ), severity="warning")


def _unused(dataset: Dataset, problems: list[Problem]) -> None:
    linked = {actor for rel in dataset.relationships.values() for actor in (rel.source, rel.target)}
    cited = {source for rel in dataset.relationships.values() for source in rel.source_ids}
    for actor in dataset.actors.values():
        if actor.id not in linked:
            problems.append(Problem(actor.origin, actor.id, None, "actor has no relationships", "warning"))
    for source in dataset.sources.values():
        if source.id not in cited:
            problems.append(Problem(source.origin, source.id, None, "source is cited by no relationship",
                                    "warning"))
    single = [rel for rel in dataset.relationships.values() if len(rel.source_ids) == 1]
    if single:
        problems.append(single_source_note([(rel.id, rel.origin) for rel in single[:5]], len(single),
                                           len(dataset.relationships)))
