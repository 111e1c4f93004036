"""From the records read off a dataset's files to a checked `Dataset`, with every problem at once.

The readers in `graphkit.datasets` turn YAML and CSV files into `Record`s (mappings that remember
their file and the line of each field) of one shape, so both forms are checked by the same code
here: each field against the format and the vocabulary, then the records against each other.
A curator gets the whole list in one run instead of fixing one error per run.
"""

from __future__ import annotations

import difflib
import re
from typing import Any
from urllib.parse import urlsplit

from graphkit.model import (
    Actor,
    Citation,
    Dataset,
    Origin,
    PartialDate,
    Problem,
    Relationship,
    Source,
    relationship_id,
    vocabulary,
)

# The dataset format: the fields each kind of record may have, in the order files list them.
DATASET_FIELDS = ("name", "title", "description", "license", "version")
SOURCE_FIELDS = ("id", "title", "kind", "publisher", "url", "published", "authors", "language",
                 "accessed", "description")
ACTOR_FIELDS = ("id", "kind", "name", "aliases", "country", "description", "start", "end",
                "identifiers", "tags")
RELATIONSHIP_FIELDS = ("id", "from", "type", "to", "date", "start", "end", "status", "role",
                       "amount", "currency", "place", "description", "sources")
CITATION_FIELDS = ("source", "quote", "locator")

SEPARATOR = "|"  # between the values of a multi-valued CSV cell, so never inside one value
_BAD_ID = re.compile(r"[\s|]")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class Record(dict):
    """A mapping read from a file that remembers where it, and each of its fields, came from."""

    def __init__(self, file: str, line: int | None = None):
        super().__init__()
        self.file = file
        self.line = line
        self.lines: dict[Any, int] = {}
        self.repeated: list[tuple[Any, int]] = []  # fields given twice: (name, line)

    def origin(self, field: str | None = None) -> Origin:
        return Origin(self.file, self.lines.get(field, self.line))


def suggest(value: str, choices) -> str:
    """A "did you mean" hint for a near miss, or empty when nothing is close.

    Case is ignored, and a value may also match one word of a choice, so that a shortened id or
    type still finds its full form.

    >>> suggest("MEETS", ["MET_WITH", "MEMBER_OF", "LEADS"])
    ' (did you mean MET_WITH?)'
    >>> suggest("person", ["Person", "Group"])
    ' (did you mean Person?)'
    >>> suggest("anwar", ["anwar-ibrahim", "hamas"])
    ' (did you mean anwar-ibrahim?)'
    >>> suggest("xyz", ["Person", "Group"])
    ''
    """
    value = str(value).lower()
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(value)  # the fixed side: SequenceMatcher caches its analysis

    def ratio(text: str) -> float:
        matcher.set_seq1(text)
        if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
            return 0.0  # cheap upper bounds first, as difflib.get_close_matches does
        return matcher.ratio()

    choices = list(choices)
    if len(choices) > 1000:  # keep a run with many typos in a large dataset quick
        choices = [choice for choice in choices if choice[:1].lower() == value[:1]]
    best, best_score = None, (0.6, -1.0)
    for choice in choices:
        text = choice.lower()
        whole = ratio(text)
        score = (max([whole, *(ratio(word) for word in re.split(r"[-_.\s]+", text) if word)]), whole)
        if score > best_score:
            best, best_score = choice, score
    return f" (did you mean {best}?)" if best else ""


def unknown(what: str, value: str, choices) -> str:
    """The message for a value outside a closed list: a suggestion, else the list itself.

    >>> unknown("status", "confirmd", ["confirmed", "reported"])
    "unknown status 'confirmd' (did you mean confirmed?)"
    >>> unknown("status", "true", ["confirmed", "reported"])
    "unknown status 'true'; allowed: confirmed, reported"
    """
    hint = suggest(value, choices)
    return f"unknown {what} {value!r}{hint or '; allowed: ' + ', '.join(choices)}"


class _Fields:
    """Reads the fields of one record, keeping a problem for each that is wrong.

    Problems are kept until `done(label)`, because a relationship's label (its id) is only known
    once its other fields are read.
    """

    def __init__(self, record: Record, allowed: tuple[str, ...], what: str = ""):
        self.record = record
        self.what = what  # where in the record, for citations: " in citation 2"
        self.found: list[tuple[Origin, str | None, str, str]] = []
        for name, line in record.repeated:
            self.error(None, f"field {name!r} is given twice{what} (again at line {line})")
        for name in record:
            if name not in allowed:
                hint = suggest(str(name), allowed) or "; allowed: " + ", ".join(allowed)
                self.error(None, f"unknown field {name!r}{what}{hint}", origin=record.origin(name))

    def error(self, field: str | None, message: str, severity: str = "error",
              origin: Origin | None = None) -> None:
        self.found.append((origin or self.record.origin(field), field, message, severity))

    def done(self, label: str | None, problems: list[Problem]) -> None:
        raw = self.record.get("id")
        label = label or (raw.strip() or None if isinstance(raw, str) else None)
        problems.extend(Problem(origin, label, field, message, severity)
                        for origin, field, message, severity in self.found)

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.record.get(name)
        if value is None:
            if required:
                self.error(name, f"required field is missing{self.what}")
            return None
        if isinstance(value, (list, dict)):
            self.error(name, f"must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
            return None
        value = str(value).strip()
        if not value:
            if required:
                self.error(name, f"must not be empty{self.what}")
            return None
        return value

    def id(self, name: str = "id", required: bool = True) -> str | None:
        value = self.text(name, required)
        if value is not None and _BAD_ID.search(value):
            self.error(name, f"{value!r} is not an id: ids may not contain spaces or '|'")
            return None
        return value

    def choice(self, name: str, allowed, what: str, default: str | None = None) -> str | None:
        value = self.text(name, required=default is None)
        if value is None:
            return default
        if value not in allowed:
            self.error(name, unknown(what, value, allowed))
        return value

    def date(self, name: str) -> PartialDate | None:
        value = self.record.get(name)
        if value is None or value == "":
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            self.error(name, str(error))
            return None

    def period(self, start: PartialDate | None, end: PartialDate | None) -> None:
        if start and end and end.latest < start.earliest:
            self.error("end", f"end {end} is before start {start}")

    def items(self, name: str) -> list[str]:
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

    def mapping(self, name: str) -> dict[str, str]:
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

    def number(self, name: str) -> float | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            self.error(name, f"{value!r} is not a number (write 1500000, not 1.5m or 1,500,000)")
            return None

    def code(self, name: str, pattern: re.Pattern, what: str) -> str | None:
        value = self.text(name)
        if value is not None and not pattern.match(value):
            self.error(name, f"{value!r} is not {what}")
        return value

    def url(self, name: str) -> str | None:
        value = self.text(name)
        if value is not None:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                self.error(name, f"{value!r} is not an http(s) URL (only http:// and https:// links are allowed)")
        return value


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
        _meta(meta, dataset, problems)
    for record in sources or ():
        _add(dataset.sources, _source(record, problems), record, "source", problems)
    for record in actors or ():
        _add(dataset.actors, _actor(record, problems), record, "actor", problems)
    for record in relationships or ():
        relationship = _relationship(record, dataset, problems, actors is not None, sources is not None)
        hint = ("" if relationship is None or "id" in record else
                "; if they are two relationships, give each an explicit id")
        _add(dataset.relationships, relationship, record, "relationship", problems, hint)
    if relationships is not None:
        _unused(dataset, problems)
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


def _meta(record: Record, dataset: Dataset, problems: list[Problem]) -> None:
    fields = _Fields(record, DATASET_FIELDS)
    dataset.name = fields.id("name") or dataset.name
    dataset.title = fields.text("title", required=True) or ""
    dataset.description = fields.text("description") or ""
    dataset.license = fields.text("license")
    dataset.version = fields.text("version")
    fields.done(None, problems)


def _source(record: Record, problems: list[Problem]) -> Source | None:
    fields = _Fields(record, SOURCE_FIELDS)
    source = Source(
        id=fields.id() or "",
        title=fields.text("title", required=True) or "",
        kind=fields.choice("kind", vocabulary().source_kinds, "source kind", default="other") or "other",
        publisher=fields.text("publisher"),
        url=fields.url("url"),
        published=fields.date("published"),
        authors=fields.items("authors"),
        language=fields.text("language"),
        accessed=fields.date("accessed"),
        description=fields.text("description"),
        origin=record.origin(),
    )
    fields.done(source.id, problems)
    return source if source.id else None


def _actor(record: Record, problems: list[Problem]) -> Actor | None:
    fields = _Fields(record, ACTOR_FIELDS)
    actor = Actor(
        id=fields.id() or "",
        kind=fields.choice("kind", vocabulary().actor_kinds, "actor kind") or "",
        name=fields.text("name", required=True) or "",
        aliases=fields.items("aliases"),
        country=fields.code("country", _COUNTRY, "a country code: use two capital letters (ISO 3166-1 alpha-2, e.g. MY)"),
        description=fields.text("description"),
        start=fields.date("start"),
        end=fields.date("end"),
        identifiers=fields.mapping("identifiers"),
        tags=fields.items("tags"),
        origin=record.origin(),
    )
    fields.period(actor.start, actor.end)
    fields.done(actor.id, problems)
    return actor if actor.id else None


def _relationship(record: Record, dataset: Dataset, problems: list[Problem],
                  check_actors: bool, check_sources: bool) -> Relationship | None:
    fields = _Fields(record, RELATIONSHIP_FIELDS)
    types = vocabulary().relationship_types
    explicit = fields.id(required=False)
    source, target = fields.id("from"), fields.id("to")
    type_ = fields.choice("type", types, "relationship type")
    date, start, end = fields.date("date"), fields.date("start"), fields.date("end")
    if record.get("date") is not None and (record.get("start") is not None or record.get("end") is not None):
        fields.error("date", "give either date (a point event) or start/end (a lasting relation), not both")
    fields.period(start, end)
    status = fields.choice("status", vocabulary().statuses, "status", default="reported")
    relationship = Relationship(
        id=explicit or (relationship_id(source, type_, target, date or start)
                        if source and type_ and target else ""),
        source=source or "",
        target=target or "",
        type=type_ or "",
        citations=_citations(record, fields, dataset, check_sources),
        status=status or "reported",
        date=date,
        start=start,
        end=end,
        role=fields.text("role"),
        amount=fields.number("amount"),
        currency=fields.code("currency", _CURRENCY, "a currency code: use three capital letters (ISO 4217, e.g. MYR)"),
        place=fields.text("place"),
        description=fields.text("description"),
        origin=record.origin(),
    )
    ends = {"from": source, "to": target}
    if check_actors:
        for field, actor in ends.items():
            if actor and actor not in dataset.actors:
                hint = suggest(actor, dataset.actors) or ": no actor has this id"
                fields.error(field, f"unknown actor {actor!r}{hint}")
    if type_ in types and source in dataset.actors and target in dataset.actors:
        _check_ends(fields, types[type_], dataset.actors[source], dataset.actors[target])
    fields.done(relationship.id or None, problems)
    return relationship if relationship.id else None


def _citations(record: Record, fields: _Fields, dataset: Dataset, check_sources: bool) -> list[Citation]:
    value = record.get("sources")
    if not value:
        fields.error("sources", "no sources: every relationship needs at least one {source, quote}")
        return []
    if not isinstance(value, list):
        fields.error("sources", "must be a list of citations, each {source, quote, locator}")
        return []
    citations = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, Record):
            fields.error("sources", f"citation {number} must be a mapping {{source, quote, locator}}")
            continue
        where = f" in citation {number}"
        cited = _Fields(item, CITATION_FIELDS, where)
        source, quote = cited.id("source"), cited.text("quote", required=True)
        if source and check_sources and source not in dataset.sources:
            hint = suggest(source, dataset.sources) or ": no source has this id"
            cited.error("source", f"unknown source {source!r}{where}{hint}")
        fields.found.extend(cited.found)
        if source and quote:
            citations.append(Citation(source, quote, cited.text("locator")))
    return citations


def _check_ends(fields: _Fields, type_, source: Actor, target: Actor) -> None:
    fits = source.kind in type_.from_kinds and target.kind in type_.to_kinds
    if not type_.directed:
        fits = fits or (target.kind in type_.from_kinds and source.kind in type_.to_kinds)
    kinds = vocabulary().actor_kinds
    if not fits and source.kind in kinds and target.kind in kinds:
        fields.error("type", (
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
        # One line for all of them: in a young dataset most relationships have one source, and a
        # line each would bury the other warnings. `graphkit stats` lists them all.
        listed = ", ".join(f"{rel.id!r} (line {rel.origin.line})" for rel in single[:5])
        more = f" and {len(single) - 5} more" if len(single) > 5 else ""
        problems.append(Problem(single[0].origin, None, "sources", (
            f"{len(single)} of {len(dataset.relationships)} relationships "
            f"{'rests' if len(single) == 1 else 'rest'} on a single source: {listed}{more}; "
            "a second, independent source would corroborate each (graphkit stats lists them)"), "warning"))
