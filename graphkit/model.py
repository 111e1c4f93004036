"""The actor-network model: the records (sources, actors, relationships, citations, datasets) with
their fields declared once. Dates, and the rule of when a claim may hold, are `graphkit.dates`.

Everything here is plain data. Each record field is declared once, with `declared(...)`: its file
key, its kind of value and whether it is required. Validation, the YAML and CSV forms, the graph
form, the Neo4j mapping, the exchange formats and the importers all loop over `fields(Record)`
instead of listing fields again, so a new field is added here and nowhere else.
Reading files into records is `graphkit.dataset`; the vocabulary is `graphkit.vocabulary`.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.dates import PartialDate, ValidTime, valid_time

__all__ = ["PartialDate", "ValidTime", "valid_time", "Origin", "Field", "declared", "fields", "keys", "Source",
           "Citation", "Actor", "Relationship", "Dataset", "Problem", "relationship_id", "derived_id"]

@dataclass(frozen=True)
class Origin:
    """Where a record was read from, for error messages (not part of its identity)."""

    file: str
    line: int | None = None  # YAML line or CSV row number

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


# --- fields -----------------------------------------------------------------------------------

FIELD_KINDS = ("id", "text", "choice", "date", "list", "mapping", "number", "url", "country",
               "currency", "sha256", "citations")


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
    ['source', 'quote', 'locator', 'stance', 'date', 'record', 'url', 'retrieved']
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
    document: str | None = declared("text")  # the file of its text, so quotes can be checked (validate --documents)
    sha256: str | None = declared("sha256")  # that file's SHA-256: the document checked is the one cited
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass
class Citation:
    """One source's word on a relationship, and how it says it (asserts, alleges, denies, confirms).

    Either a **quote** (verbatim words of a document) or a **record** (an entry of a register: its
    record id and/or deep URL, and when it was retrieved); never a sentence built to look like a quote.
    """

    source: str = declared("id", required=True)
    quote: str | None = declared("text")  # verbatim words of the source; never a sentence made up
    locator: str | None = declared("text")  # page, section or paragraph
    stance: str = declared("choice", choices="stances", default="asserts")  # how the source states the claim
    date: PartialDate | None = declared("date")  # when this citation was made, if not its source's date
    record: str | None = declared("text")  # the record's id in a register (a Wikidata statement, a Popolo membership)
    url: str | None = declared("url")  # a deep link to the record, or to the page the quote is on
    retrieved: PartialDate | None = declared("date")  # when the record was retrieved

    @property
    def kind(self) -> str:
        """``quote`` (verbatim words of a document) or ``record`` (an entry of a register, cited as such)."""
        return "quote" if self.quote else "record"


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
    same_as: list[str] = declared("list")  # the same actor in other datasets: "DATASET:ACTOR-ID"
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass
class Relationship:
    """A claim that one actor is tied to another, with when and on whose word."""

    id: str = declared("id", default="")  # derived from its ends, type and date when the files give none
    source: str = declared("id", key="from", required=True)  # the actor the relationship goes from
    type: str = declared("choice", choices="relationship_types", required=True)
    target: str = declared("id", key="to", required=True)  # the actor it goes to
    date: PartialDate | None = declared("date")  # a point event
    start: PartialDate | None = declared("date")  # a lasting relation
    end: PartialDate | None = declared("date")  # `..`: not known to have ended
    attested: PartialDate | None = declared("date")  # known to hold then; start and end unknown
    after: PartialDate | None = declared("date")  # it began (or happened) on or after
    before: PartialDate | None = declared("date")  # it began (or happened) on or before
    status: str | None = declared("choice", choices="statuses")  # None: follows from the citations
    status_note: str | None = declared("text")  # why a status is set by hand
    role: str | None = declared("text")
    amount: float | None = declared("number")
    share: float | None = declared("number")  # a percentage of ownership (OWNS), where the record gives one
    currency: str | None = declared("currency")
    place: str | None = declared("text")
    description: str | None = declared("text")
    date_note: str | None = declared("text")  # where dates not given by the record itself come from
    citations: list[Citation] = declared("citations", key="sources", required=True)
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def source_ids(self) -> list[str]:
        return list(dict.fromkeys(citation.source for citation in self.citations))

    @property
    def when(self) -> PartialDate | None:
        """The date that tells two relationships of the same ends and type apart."""
        return self.date or self.start or self.attested


def relationship_id(source: str, type_: str, target: str, when: PartialDate | None = None) -> str:
    """The identity of a relationship that has no explicit id: stable across re-loads.

    Two meetings on two dates stay two relationships:

    >>> relationship_id("anwar-ibrahim", "MET_WITH", "hamas", PartialDate.parse("2024-05"))
    'anwar-ibrahim--met_with--hamas--2024-05'
    >>> relationship_id("malaysia", "SUPPORTS", "palestine")
    'malaysia--supports--palestine'
    >>> relationship_id("a", "MET_WITH", "b", PartialDate.parse("2008/2009"))  # no "/" in an id
    'a--met_with--b--2008_2009'
    """
    parts = [source, type_.lower(), target] + ([str(when).replace("/", "_")] if when else [])
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


@dataclass(frozen=True)
class Problem:
    """A validation finding, located precisely enough for a curator to fix it."""

    origin: Origin
    record: str | None
    field: str | None
    message: str
    severity: str = "error"  # or "warning", or "note" (never fails, even --strict)

    def __str__(self) -> str:
        where = " ".join(part for part in (
            f"record {self.record!r}" if self.record else None,
            f"field {self.field!r}" if self.field else None,
        ) if part)
        return f"{self.origin}: {self.severity}: {where + ': ' if where else ''}{self.message}"
