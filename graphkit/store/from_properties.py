"""Neo4j properties back to the graph form: the reading half of the one mapping (`store.mapping`).

Reads loop over the declared fields as the writes do, so a new field needs no code here either.
Properties graphkit does not own (e.g. stored centrality scores) come along; the DATE bounds and
knowledge-time lists it derives do not.

>>> from graphkit.graph import actor_attributes
>>> from graphkit.model import PartialDate
>>> from graphkit.store.mapping import actor_properties
>>> actor = Actor(id="hamas", kind="Group", name="Hamas", start=PartialDate.parse("1987-12"))
>>> from_actor_properties(actor_properties("hamas", actor_attributes(actor), "demo")) == actor_attributes(actor, "demo")
True
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from graphkit.errors import DateError
from graphkit.graph import EDGE_ATTRIBUTES, NODE_ATTRIBUTES
from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source, fields
from graphkit.store.mapping import PROPERTY_NAMES, citation_property, citation_specs, field_specs, own_properties
from graphkit.vocabulary import vocabulary


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
    specs, defaults = field_specs(record), _defaults(record)
    names = {Actor: NODE_ATTRIBUTES, Source: PROPERTY_NAMES[Source], Relationship: EDGE_ATTRIBUTES}[record]
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
    specs, defaults = citation_specs(), _defaults(Citation)
    columns = [props.get(citation_property(f.name)) or [] for f in specs]
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
