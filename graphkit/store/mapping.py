"""Graph form -> Neo4j properties: the writing half of the one mapping (reading: `store.from_properties`;
the hash of what is written: `store.hashing`).

`load` writes what `actor_columns`, `source_columns`, `relationship_columns` and
`dataset_properties` give; the bulk CSV (`formats.neo4j_csv`) writes the same; reads turn
properties back into the graph form (`store.from_properties`). Both directions loop over the
declared fields (`model.fields`), so a new field needs no code here. Records are mapped many at a
time, a column per property (a large dataset repeats its dates, and a loop per column costs far
less than one per record); `actor_properties` and its kin map one. The rules:

- a property per field, named as the field; absent values (None, empty lists and mappings) are
  None, which `load` leaves out or removes;
- a date is its text (``"2023-10"``, ``"193X"``, ``".."``) beside the Neo4j DATE bounds its field
  declares (`Field.bounds`: "min" gives ``<name>_min``, its first day; "max" ``<name>_max``, its
  last; "both" both); the bounds follow the run of date fields they belong to;
- a mapping (`identifiers`) is JSON text: Neo4j stores no maps;
- a relationship's citations are parallel lists: citation i is ``source_ids[i]``, ``quotes[i]``,
  ``locators[i]``, ``stances[i]``, ``citation_dates[i]`` (its own date), ``records[i]``,
  ``urls[i]`` and ``retrieved_dates[i]`` (a register's record: its id, deep link, when it was
  retrieved) and ``known_dates[i]`` (when it became known) ("" for none; an optional list whose
  items are all "" is left out): a citation whose quote is "" is a record citation;
- a relationship also stores what the graph form derives: `directed`, `timing`, `first_reported`
  (text: the earliest report; never a start) and the bounds of valid time `earliest_start`,
  `latest_start`, `earliest_end`, `latest_end` (DATEs, None where unknown), which Cypher compares
  instead of working them out again; every node and relationship stores its `dataset`, and a
  (:Dataset) node holds the dataset's metadata;
- for knowledge time, a relationship also stores (derived, never read back) ``known_days[i]``:
  the day from which citation i is certainly known (ISO text, "" for never), ``known_statuses[i]``:
  its status as the published record stood on that day (`graph.as_known_by`), and `known_from`
  (DATE): the first such day;
- a source is linked to each actor at an end of a relationship it supports, by a
  ``(:Source)-[:CITES {dataset, relationships}]->(:Actor)`` naming those relationships
  (`citation_links`).

>>> from graphkit.graph import actor_attributes
>>> from graphkit.model import Actor, PartialDate
>>> actor = Actor(id="hamas", kind="Group", name="Hamas", start=PartialDate.parse("1987-12"))
>>> props = actor_properties("hamas", actor_attributes(actor), "demo")
>>> props["start"], props["start_min"], props["aliases"]
('1987-12', datetime.date(1987, 12, 1), None)
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from graphkit.errors import DateError
from graphkit.graph import CITATION_ATTRIBUTES, EDGE_ATTRIBUTES, NODE_ATTRIBUTES, as_known_by
from graphkit.model import Actor, Citation, Dataset, Field, PartialDate, Relationship, Source, fields

FIRST_REPORTED = Field(name="first_reported", key="first_reported", kind="date")
"""When a relationship was first reported: not a field of its own, but stored like one."""
KNOWN = Field(name="known", key="known", kind="date")
"""When a citation became known: not a field of its own, but stored like one."""
KNOWLEDGE = ("known_from", "known_days", "known_statuses")
"""What a relationship stores for knowledge-time queries, derived from its citations (never read back)."""
RETIRED = {Relationship: ("reported", "reported_min", "valid_from", "valid_to", "date_min", "date_max",
                          "start_min", "end_max")}
"""Properties an earlier graphkit wrote and this one no longer does: a load removes them."""

PROPERTY_NAMES = {
    Actor: ("id", "dataset") + tuple(name for name in NODE_ATTRIBUTES if name != "dataset"),
    Source: ("id", "dataset") + tuple(f.name for f in fields(Source) if f.name != "id"),
    Relationship: ("id", "dataset") + tuple(name for name in EDGE_ATTRIBUTES if name not in ("id", "type", "dataset")),
}
"""The properties of each record, in the order they are written (the bulk CSV's column order)."""
_CITATION_PROPERTIES = {"source": "source_ids", "date": "citation_dates", "retrieved": "retrieved_dates",
                        "known": "known_dates"}
Columns = dict[str, list]
"""Properties of many records: one list per property name, a value per record (None: no property)."""
PART = 5000
"""The records mapped at a time (`parts`): large enough for a loop per column to pay, small enough to stream."""


@functools.cache
def field_specs(record: type) -> dict[str, Field]:
    """The declared fields of a record by name (and `first_reported`, for relationships)."""
    specs = {f.name: f for f in fields(record)}
    if record is Relationship:
        specs[FIRST_REPORTED.name] = FIRST_REPORTED
    return specs


@functools.cache
def citation_specs() -> tuple[Field, ...]:
    """The keys of a citation in the graph form (`graph.CITATION_ATTRIBUTES`) as fields."""
    declared = {f.name: f for f in fields(Citation)}
    return tuple(declared.get(name, KNOWN if name == KNOWN.name else Field(name, name, "text"))
                 for name in CITATION_ATTRIBUTES)


def citation_property(name: str) -> str:
    """
    >>> [citation_property(f.name) for f in citation_specs()]
    ['source_ids', 'quotes', 'locators', 'stances', 'citation_dates', 'records', 'urls', 'retrieved_dates', 'known_dates']
    """
    return _CITATION_PROPERTIES.get(name, f"{name}s")


@functools.cache
def _plan(record: type) -> tuple[tuple[str, str | None, tuple[tuple[str, bool], ...]], ...]:
    """How each property of a record is written, worked out once: (name, field kind, the DATE
    bounds stored beside a date, as (name, whether it is the first day))."""
    plan = []
    for name in PROPERTY_NAMES[record]:
        spec = field_specs(record).get(name)
        bounds = tuple((f"{name}_{end}", end == "min") for end in ("min", "max")
                       if spec is not None and spec.kind == "date" and spec.bounds in (end, "both"))
        plan.append((name, spec.kind if spec is not None else None, bounds))
    return tuple(plan)


@functools.cache
def own_properties(record: type) -> frozenset[str]:
    """Every property name graphkit writes for a record (`Actor`, `Source`, `Relationship`).

    Other properties (e.g. stored centrality scores) are someone else's: loads leave them alone
    and reads bring them along.

    >>> sorted(name for name in own_properties(Actor) if name.endswith(("_min", "_max")))
    ['end_max', 'start_min']
    >>> {"known_from", "known_days", "stances", "valid_from"} <= own_properties(Relationship)
    True
    """
    names = set(RETIRED.get(record, ()))
    for name, kind, bounds in _plan(record):
        if kind == "citations":
            names.update(citation_property(f.name) for f in citation_specs())
            names.update(KNOWLEDGE)
        else:
            names.update([name, *(bound for bound, _ in bounds)])
    return frozenset(names)


# --- graph form -> properties -----------------------------------------------------------------

def actor_columns(keys: Sequence[str], attrs: Sequence[Mapping[str, Any]], dataset: str) -> Columns:
    """The properties of (:Actor) nodes: their ids `keys`, `dataset`, and their node attributes.

    >>> actor_columns(["a", "b"], [{"name": "A"}, {"name": "B", "aliases": ["Bee"]}], "demo")["aliases"]
    [None, ['Bee']]
    """
    return _columns(Actor, attrs, {"id": list(keys), "dataset": [dataset] * len(keys)})


def source_columns(records: Sequence[Mapping[str, Any]], dataset: str) -> Columns:
    """The properties of (:Source) nodes, from sources as `graph.source_record` gives them."""
    return _columns(Source, records, {"dataset": [dataset] * len(records)})


def relationship_columns(edges: Sequence[Mapping[str, Any]], dataset: str,
                         sources: Mapping[str, Any] | None = None, ids: Sequence[str] | None = None) -> Columns:
    """The properties of relationships, from their edge attributes (their type is the Neo4j type);
    `ids` in place of the attributes' own.

    `sources` (the graph's, by id) tell which citations share a publisher, for the statuses as
    known on each day (`known_statuses`); without them each source counts as its own publisher.
    """
    given = {"dataset": [dataset] * len(edges), **({"id": list(ids)} if ids is not None else {})}
    return with_knowledge(_columns(Relationship, edges, given), [knowledge(attrs, sources or {}) for attrs in edges])


def with_knowledge(columns: Columns, known: Sequence[tuple]) -> Columns:
    """A relationship's properties `columns` completed: what `knowledge` gives of each, and the
    retired properties (None, so that a load removes them)."""
    for index, name in enumerate(KNOWLEDGE):
        columns[name] = [row[index] for row in known]
    columns.update((name, [None] * len(known)) for name in RETIRED[Relationship])
    return columns


def actor_properties(key: str, attrs: Mapping[str, Any], dataset: str) -> dict[str, Any]:
    """The properties of one (:Actor) node (`actor_columns`)."""
    return _row(actor_columns([key], [attrs], dataset))


def source_properties(record: Mapping[str, Any], dataset: str) -> dict[str, Any]:
    """The properties of one (:Source) node (`source_columns`)."""
    return _row(source_columns([record], dataset))


def relationship_properties(attrs: Mapping[str, Any], dataset: str,
                            sources: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The properties of one relationship (`relationship_columns`)."""
    return _row(relationship_columns([attrs], dataset, sources))


def dataset_properties(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The properties of a (:Dataset) node, from a dataset's fields (the graph attributes);
    `name` is stored as `dataset`, and an empty text is no property."""
    return {("dataset" if f.name == "name" else f.name): attrs.get(f.name) if attrs.get(f.name) != "" else None
            for f in fields(Dataset)}


def parts(items: Iterable, size: int = PART) -> Iterator[list]:
    """`items` in lists of `size`: records are mapped a part at a time.

    >>> [len(part) for part in parts(range(12_000))]
    [5000, 5000, 2000]
    """
    iterator = iter(items)
    while part := list(itertools.islice(iterator, size)):
        yield part


def column_rows(columns: Columns) -> list[dict[str, Any]]:
    """The records of `columns`, each a property map without its None values (as a load sends it).

    >>> column_rows({"id": ["a", "b"], "end": [None, "2020"]})
    [{'id': 'a'}, {'id': 'b', 'end': '2020'}]
    """
    names = tuple(columns)
    return [{name: value for name, value in zip(names, values) if value is not None}
            for values in zip(*columns.values())]


def _row(columns: Columns) -> dict[str, Any]:
    return {name: values[0] for name, values in columns.items()}


def _columns(record: type, records: Sequence[Mapping[str, Any]], given: Mapping[str, list]) -> Columns:
    """The properties of `records` by `_plan`, with the `given` columns in place of their values."""
    names = [name for name, _, _ in _plan(record) if name not in given]
    read = zip(*[tuple(map(attrs.get, names)) for attrs in records])  # record by record: each is read once
    table = {**dict(zip(names, map(list, read))), **given} if records else {name: [] for name, _, _ in _plan(record)}
    if "citations" in table:
        cited = [value or () for value in table["citations"]]
        table["citations"] = ({name: [citation.get(name) for listed in cited for citation in listed]
                               for name in CITATION_ATTRIBUTES}, list(map(len, cited)))
    return table_columns(record, table)


def table_columns(record: type, table: Mapping[str, Any]) -> Columns:
    """The properties of records given as their graph form's values, a list per attribute (absent:
    None for every record); a relationship's `citations` as (each citation attribute's values over
    all citations, in order; how many citations each record has). `_columns` makes this table from
    records; `store.bulk_columns` from a dataset's columns.

    >>> table_columns(Actor, {"id": ["a"], "start": [PartialDate.parse("2001")]})["start_min"]
    [datetime.date(2001, 1, 1)]
    """
    count = next((len(values) for values in table.values() if isinstance(values, list)), 0)
    columns: Columns = {}
    bounds: list[tuple[str, list]] = []
    for name, kind, bound_names in _plan(record):
        values = table.get(name)
        if kind != "date" and bounds:  # the bounds follow the run of dates they belong to
            columns.update(bounds)
            bounds = []
        if kind == "citations":
            columns.update(_citation_columns(*(values or ({}, [0] * count))))
            continue
        if values is None:
            values = [None] * count
        if kind == "date":
            cells = _date_cells(values)
            columns[name] = [cell[0] for cell in cells]
            bounds.extend((bound, [cell[1 if is_first else 2] for cell in cells]) for bound, is_first in bound_names)
        elif kind == "list":
            columns[name] = [list(value) if value else None for value in values]
        elif kind == "mapping":
            columns[name] = [json.dumps(dict(value), sort_keys=True, ensure_ascii=False) if value else None
                             for value in values]
        else:
            columns[name] = values
    columns.update(bounds)
    return columns


def _citation_columns(flat: Mapping[str, list], counts: list[int]) -> Columns:
    """The parallel lists of each record's citations, from each citation attribute's values over
    all citations (`counts`: how many each record has)."""
    ends = list(itertools.accumulate(counts))
    total = ends[-1] if ends else 0
    columns: Columns = {}
    for f in citation_specs():
        values = flat.get(f.name) or [None] * total
        if f.kind == "date":
            texts = [cell[0] or "" for cell in _date_cells(values)]
        else:
            texts = ["" if value is None else value if value.__class__ is str else str(value) for value in values]
        items = [texts[start:end] for start, end in zip([0, *ends], ends)]
        columns[citation_property(f.name)] = items if f.required else [listed if any(listed) else None
                                                                        for listed in items]
    return columns


def knowledge(attrs: Mapping[str, Any], sources: Mapping[str, Any]) -> tuple:
    """`known_from`, `known_days` and `known_statuses` of a relationship (see the module docstring).

    >>> edge = {"status": "disputed", "citations": [
    ...     {"source": "a", "stance": "alleges", "known": PartialDate.parse("2018")},
    ...     {"source": "b", "stance": "denies", "known": PartialDate.parse("2024-05")},
    ...     {"source": "c", "stance": "asserts", "known": None}]}
    >>> knowledge(edge, {})
    (datetime.date(2018, 12, 31), ['2018-12-31', '2024-05-31', ''], ['alleged', 'disputed', ''])
    """
    citations = attrs.get("citations") or ()
    if len(citations) == 1:  # most relationships: known on one day, as the record stands
        day = known.latest if isinstance(known := citations[0].get("known"), PartialDate) else None
        return (day, [day.isoformat()], [attrs.get("status") or ""]) if day else (None, None, None)
    days = [known.latest if isinstance(known := citation.get("known"), PartialDate) else None
            for citation in citations]
    known = [day for day in days if day]
    if not known:
        return None, None, None
    statuses: dict[dt.date, str] = {}
    if len(known) == len(days):  # on the last day every citation is known: the record as it stands
        statuses[max(known)] = attrs.get("status") or ""
    for day in known:
        if day not in statuses:
            statuses[day] = (as_known_by(attrs, day, sources) or {}).get("status") or ""
    return (min(known), [day.isoformat() if day else "" for day in days],
            [statuses[day] if day else "" for day in days])


def _date(value: Any) -> PartialDate | None:
    """A date value of the graph form; text that is no date graphkit reads is no date."""
    if value is None or isinstance(value, PartialDate):
        return value
    try:
        return PartialDate.parse(value, open_allowed=True) if value != "" else None
    except DateError:
        return None


def _date_cells(values: list) -> list[tuple[str | None, dt.date | None, dt.date | None]]:
    """Each date value's text, first and last day (a column repeats its dates: the graph form's
    are looked up by their text).

    >>> _date_cells([PartialDate.parse("2023-10"), None, "2023"])[0]
    ('2023-10', datetime.date(2023, 10, 1), datetime.date(2023, 10, 31))
    """
    if set(map(type, values)) <= {PartialDate, type(None)}:  # the graph form's dates, equal when their texts are
        known = {value.text: (value.text, value.earliest, value.latest) for value in values if value is not None}
        return [(None, None, None) if value is None else known[value.text] for value in values]
    return [_date_cell(value) for value in values]


def _date_cell(value: Any) -> tuple[str | None, dt.date | None, dt.date | None]:
    """A date value's text, first and last day."""
    try:
        hash(value)
    except TypeError:  # unhashable: not worth keeping
        return _cached_date_cell.__wrapped__(value)
    return _cached_date_cell(value)


@functools.lru_cache(maxsize=1 << 16, typed=True)  # typed: 2020 and 2020.0, 1 and True, stay apart
def _cached_date_cell(value: Any) -> tuple[str | None, dt.date | None, dt.date | None]:
    """Kept per distinct value (a PartialDate equals another of the same text): a large dataset
    repeats its dates."""
    date = _date(value)
    return (None, None, None) if date is None else (str(date), date.earliest, date.latest)


def citation_links(rels: Iterable[tuple[str, tuple[str, str], Iterable[str]]],
                   into: dict | None = None) -> dict[tuple[str, str], list[str]]:
    """Which relationships each (source, actor) pair's CITES link names: those of the actor that
    the source supports, sorted. `rels` yields (relationship id, (from, to), cited source ids).

    `load` writes them from a dataset, the bulk CSV (`formats.neo4j_csv`) from the graph form.

    >>> citation_links([("r1", ("a", "b"), ["s"]), ("r2", ("b", "c"), ["s", "t"])])[("s", "b")]
    ['r1', 'r2']
    """
    cited: dict[tuple[str, str], list[str]] = {pair: list(ids) for pair, ids in (into or {}).items()}
    for rel_id, (start, end), sources in rels:
        for source in set(sources):
            for actor in (start, end) if start != end else (start,):
                if (pair := (source, actor)) in cited:
                    cited[pair].append(rel_id)
                else:
                    cited[pair] = [rel_id]
    return {pair: sorted(set(ids)) if len(ids) > 1 else ids for pair, ids in cited.items()}
