"""The one mapping between the graph form and Neo4j properties, both ways.

`load` writes what `actor_properties`, `source_properties`, `relationship_properties` and
`dataset_properties` give; the bulk CSV (`formats.neo4j_csv`) writes the same; reads turn
properties back into the graph form with the `from_*` functions. Both directions loop over the
declared fields (`model.fields`), so a new field needs no code here. The rules:

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
>>> from_actor_properties(props) == actor_attributes(actor, "demo")
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from graphkit.errors import DateError
from graphkit.graph import CITATION_ATTRIBUTES, EDGE_ATTRIBUTES, NODE_ATTRIBUTES, as_known_by
from graphkit.model import Actor, Citation, Dataset, Field, PartialDate, Relationship, Source, fields
from graphkit.vocabulary import vocabulary

FIRST_REPORTED = Field(name="first_reported", key="first_reported", kind="date")
"""When a relationship was first reported: not a field of its own, but stored like one."""
KNOWN = Field(name="known", key="known", kind="date")
"""When a citation became known: not a field of its own, but stored like one."""
KNOWLEDGE = ("known_from", "known_days", "known_statuses")
"""What a relationship stores for knowledge-time queries, derived from its citations (never read back)."""
RETIRED = {Relationship: ("reported", "reported_min", "valid_from", "valid_to", "date_min", "date_max",
                          "start_min", "end_max")}
"""Properties an earlier graphkit wrote and this one no longer does: a load removes them."""

# The properties of each record, in the order they are written (the bulk CSV's column order).
_NAMES = {
    Actor: ("id", "dataset") + tuple(name for name in NODE_ATTRIBUTES if name != "dataset"),
    Source: ("id", "dataset") + tuple(f.name for f in fields(Source) if f.name != "id"),
    Relationship: ("id", "dataset") + tuple(name for name in EDGE_ATTRIBUTES if name not in ("id", "type", "dataset")),
}
_CITATION_PROPERTIES = {"source": "source_ids", "date": "citation_dates", "retrieved": "retrieved_dates",
                        "known": "known_dates"}


@functools.cache
def _specs(record: type) -> dict[str, Field]:
    """The declared fields of a record by name (and `first_reported`, for relationships)."""
    specs = {f.name: f for f in fields(record)}
    if record is Relationship:
        specs[FIRST_REPORTED.name] = FIRST_REPORTED
    return specs


@functools.cache
def _citation_specs() -> tuple[Field, ...]:
    """The keys of a citation in the graph form (`graph.CITATION_ATTRIBUTES`) as fields."""
    declared = {f.name: f for f in fields(Citation)}
    return tuple(declared.get(name, KNOWN if name == KNOWN.name else Field(name, name, "text"))
                 for name in CITATION_ATTRIBUTES)


def _citation_property(name: str) -> str:
    """
    >>> [_citation_property(f.name) for f in _citation_specs()]
    ['source_ids', 'quotes', 'locators', 'stances', 'citation_dates', 'records', 'urls', 'retrieved_dates', 'known_dates']
    """
    return _CITATION_PROPERTIES.get(name, f"{name}s")


@functools.cache
def _plan(record: type) -> tuple[tuple[str, str | None, tuple[tuple[str, bool], ...]], ...]:
    """How each property of a record is written, worked out once: (name, field kind, the DATE
    bounds stored beside a date, as (name, whether it is the first day))."""
    plan = []
    for name in _NAMES[record]:
        spec = _specs(record).get(name)
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
            names.update(_citation_property(f.name) for f in _citation_specs())
            names.update(KNOWLEDGE)
        else:
            names.update([name, *(bound for bound, _ in bounds)])
    return frozenset(names)


# --- graph form -> properties -----------------------------------------------------------------

def actor_properties(key: str, attrs: Mapping[str, Any], dataset: str) -> dict[str, Any]:
    """The properties of an (:Actor) node: its id `key`, `dataset`, and its node attributes."""
    return _properties(Actor, {**attrs, "id": key, "dataset": dataset})


def source_properties(record: Mapping[str, Any], dataset: str) -> dict[str, Any]:
    """The properties of a (:Source) node, from a source as `graph.source_record` gives it."""
    return _properties(Source, {**record, "dataset": dataset})


def relationship_properties(attrs: Mapping[str, Any], dataset: str,
                            sources: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The properties of a relationship, from its edge attributes (its type is the Neo4j type).

    `sources` (the graph's, by id) tell which citations share a publisher, for the statuses as
    known on each day (`known_statuses`); without them each source counts as its own publisher.
    """
    props = _properties(Relationship, {**attrs, "dataset": dataset})
    props.update(_knowledge(attrs, sources or {}))
    props.update(dict.fromkeys(RETIRED[Relationship]))
    return props


def dataset_properties(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The properties of a (:Dataset) node, from a dataset's fields (the graph attributes);
    `name` is stored as `dataset`, and an empty text is no property."""
    return {("dataset" if f.name == "name" else f.name): attrs.get(f.name) if attrs.get(f.name) != "" else None
            for f in fields(Dataset)}


def _properties(record: type, values: Mapping[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    bounds: list[tuple[str, Any]] = []
    for name, kind, bound_names in _plan(record):
        value = values.get(name)
        if kind == "date":
            date = _date(value)
            props[name] = str(date) if date is not None else None
            if bound_names:
                first, last = _bounds(date)
                bounds.extend((bound, first if is_first else last) for bound, is_first in bound_names)
            continue
        if bounds:  # the bounds follow the run of dates they belong to
            props.update(bounds)
            bounds = []
        if kind == "list":
            props[name] = list(value) if value else None
        elif kind == "mapping":
            props[name] = json.dumps(dict(value), sort_keys=True, ensure_ascii=False) if value else None
        elif kind == "citations":
            props.update(_citation_lists(value or ()))
        else:
            props[name] = value
    props.update(bounds)
    return props


def _citation_lists(citations: Sequence[Mapping[str, Any]]) -> dict[str, list | None]:
    lists = {}
    for f in _citation_specs():
        name, is_date = f.name, f.kind == "date"
        items = [str(value) if (value := _date(c.get(name)) if is_date else c.get(name)) is not None else ""
                 for c in citations]
        lists[_citation_property(name)] = items if f.required or any(items) else None
    return lists


def _knowledge(attrs: Mapping[str, Any], sources: Mapping[str, Any]) -> dict[str, Any]:
    """`known_from`, `known_days` and `known_statuses` of a relationship (see the module docstring).

    >>> edge = {"status": "disputed", "citations": [
    ...     {"source": "a", "stance": "alleges", "known": PartialDate.parse("2018")},
    ...     {"source": "b", "stance": "denies", "known": PartialDate.parse("2024-05")},
    ...     {"source": "c", "stance": "asserts", "known": None}]}
    >>> _knowledge(edge, {})
    {'known_from': datetime.date(2018, 12, 31), 'known_days': ['2018-12-31', '2024-05-31', ''], 'known_statuses': ['alleged', 'disputed', '']}
    """
    citations = attrs.get("citations") or ()
    days = [known.latest if isinstance(known := citation.get("known"), PartialDate) else None
            for citation in citations]
    if not any(days):
        return dict.fromkeys(KNOWLEDGE)
    statuses = [(as_known_by(attrs, day, sources) or {}).get("status") or "" if day else "" for day in days]
    return {"known_from": min(day for day in days if day),
            "known_days": [day.isoformat() if day else "" for day in days], "known_statuses": statuses}


def _date(value: Any) -> PartialDate | None:
    """A date value of the graph form; text that is no date graphkit reads is no date."""
    if value is None or isinstance(value, PartialDate):
        return value
    try:
        return PartialDate.parse(value, open_allowed=True) if value != "" else None
    except DateError:
        return None


@functools.lru_cache(maxsize=1 << 16)
def _bounds(date: PartialDate | None) -> tuple[dt.date | None, dt.date | None]:
    """A partial date's first and last day (cached: a large dataset repeats its dates)."""
    return (date.earliest, date.latest) if date is not None else (None, None)


def citation_links(rels: Iterable[tuple[str, tuple[str, str], Iterable[str]]],
                   into: dict | None = None) -> dict[tuple[str, str], list[str]]:
    """Which relationships each (source, actor) pair's CITES link names: those of the actor that
    the source supports, sorted. `rels` yields (relationship id, (from, to), cited source ids).

    `load` writes them from a dataset, the bulk CSV (`formats.neo4j_csv`) from the graph form.

    >>> citation_links([("r1", ("a", "b"), ["s"]), ("r2", ("b", "c"), ["s", "t"])])[("s", "b")]
    ['r1', 'r2']
    """
    cited: dict[tuple[str, str], set[str]] = {pair: set(ids) for pair, ids in (into or {}).items()}
    for rel_id, ends, sources in rels:
        for source in set(sources):
            for actor in ends:
                cited.setdefault((source, actor), set()).add(rel_id)
    return {pair: sorted(ids) for pair, ids in cited.items()}


def content_hash(props: Mapping[str, Any]) -> str:
    """A stable hash of a property map as written (`gk_hash`): a reload compares it with the stored
    one on the client and sends only what differs. None is no property; a DATE is not its text.
    A relationship's map holds its type and its ends' hashes too (`type`, `from`, `to`).

    >>> content_hash({"id": "a", "start_min": dt.date(2020, 1, 1), "end": None})
    '2e94cc5c339c29f5500021600831bbb0'
    >>> content_hash({"start_min": "2020-01-01"}) != content_hash({"start_min": dt.date(2020, 1, 1)})
    True
    """
    text = _HASHED_JSON.encode({key: {"date": value.isoformat()} if value.__class__ is dt.date else value
                                for key, value in props.items() if value is not None})
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


_HASHED_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),  # DATEs made maps first:
                                default=lambda d: {"date": d.isoformat()})  # the C encoder then does it all


# --- properties -> graph form -----------------------------------------------------------------

def from_actor_properties(props: Mapping[str, Any], labels: Iterable[str] = ()) -> dict[str, Any]:
    """The node attributes of an actor from its properties (and labels, for a node without `kind`).

    Properties graphkit does not own (e.g. stored centrality scores) come along; the DATE bounds
    it derives do not.
    """
    attrs = _attributes(Actor, props)
    if not attrs["kind"]:
        kinds = vocabulary().actor_kinds
        attrs["kind"] = next((label for label in labels if label in kinds), None)
    attrs["name"] = attrs["name"] or props.get("id")
    return attrs


def from_source_properties(props: Mapping[str, Any]) -> dict[str, Any]:
    """A source (as `graph.source_record` gives it) from its properties."""
    attrs = _attributes(Source, props)
    attrs.pop("dataset")
    return attrs


def from_relationship_properties(type_: str, props: Mapping[str, Any],
                                 source_key: Callable[[str], str] = str) -> dict[str, Any]:
    """The edge attributes of a relationship from its type and properties; `source_key` gives
    the key of a cited source (e.g. "dataset:id" when several datasets meet)."""
    attrs = _attributes(Relationship, {**props, "type": type_})
    for citation in attrs["citations"]:
        citation["source"] = source_key(citation["source"])
    if attrs["directed"] is None:
        types = vocabulary().relationship_types
        attrs["directed"] = types[type_].directed if type_ in types else True
    return attrs


def from_dataset_properties(props: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A dataset's graph attributes (name, title, ...) from its (:Dataset) node's properties;
    those it lacks take the field's default ("" for a title or description)."""
    attrs = {f.name: props.get(f.name) for f in fields(Dataset)}
    attrs.update((key, _defaults(Dataset).get(key)) for key, value in attrs.items() if value is None)
    attrs["name"] = name
    return attrs


@functools.cache
def _defaults(record: type) -> dict[str, Any]:
    return {f.name: f.default for f in dataclasses.fields(record) if f.default is not dataclasses.MISSING}


def _attributes(record: type, props: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes of a record (the graph form's, in its order) from properties, with the
    properties graphkit does not own after them. A missing property is None, or the field's
    default when it has one worth giving (a source's kind is "other")."""
    specs, defaults = _specs(record), _defaults(record)
    names = {Actor: NODE_ATTRIBUTES, Source: _NAMES[Source], Relationship: EDGE_ATTRIBUTES}[record]
    attrs: dict[str, Any] = {}
    for name in names:
        spec = specs.get(name)
        kind = spec.kind if spec is not None else None
        value = props.get(name)
        if kind == "date":
            attrs[name] = _read_date(value)
        elif kind == "list":
            attrs[name] = list(value or [])
        elif kind == "mapping":
            attrs[name] = json.loads(value) if value else {}
        elif kind == "citations":
            attrs[name] = _citations(props)
        elif value is None and defaults.get(name):
            attrs[name] = defaults[name]
        else:
            attrs[name] = native(value)
    own = own_properties(record)
    attrs.update((key, native(value)) for key, value in props.items() if key not in own and key not in attrs)
    return attrs


def _citations(props: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The citations of a relationship from its parallel lists, each as the graph form holds it;
    a list an earlier graphkit did not write gives each citation the field's default."""
    specs, defaults = _citation_specs(), _defaults(Citation)
    columns = [props.get(_citation_property(f.name)) or [] for f in specs]
    count = max(map(len, columns))
    citations = []
    for i in range(count):
        citation = {}
        for f, items in zip(specs, columns):
            value = items[i] if i < len(items) else ""
            if f.kind == "date":
                value = _read_date(value)
            elif not f.required:
                value = value or defaults.get(f.name)
            citation[f.name] = value
        citations.append(citation)
    return citations


def _read_date(text: Any) -> PartialDate | Any:
    """A date property back as a `PartialDate` (".." too: an open end); text graphkit cannot read
    stays as it is."""
    try:
        return PartialDate.parse(text, open_allowed=True) if text else None
    except DateError:
        return text


def native(value: Any) -> Any:
    """A property value as Python holds it: Neo4j dates and times as `datetime` values.

    >>> import neo4j.time
    >>> native([neo4j.time.Date(2023, 10, 1)]), native(None)
    ([datetime.date(2023, 10, 1)], None)
    """
    if isinstance(value, (list, tuple)):
        return [native(item) for item in value]
    if hasattr(value, "to_native"):
        try:
            return value.to_native()
        except (ValueError, OverflowError):  # e.g. a year Python's datetime cannot hold
            return value.iso_format()
    return value
