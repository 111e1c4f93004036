"""CSV files for Neo4j's bulk importer (``neo4j-admin database import full``): a new database at speed.

The import gives the same nodes, labels, relationships and properties as `graphkit load` of the
same data (the properties are `neo4j_store`'s own), in five files with the importer's headers:

- `actors.csv`: ``:ID(Actor)`` (``<dataset>:<id>``, so datasets can be imported together),
  ``:LABEL`` (``Actor`` and the kind: ``Actor|Person``), then the actor's properties;
- `sources.csv`: ``:ID(Source)``, ``:LABEL`` (``Source``), then the source's properties;
- `datasets.csv`: the ``(:Dataset)`` node with the dataset's metadata;
- `relationships.csv`: ``:START_ID(Actor)``, ``:END_ID(Actor)``, ``:TYPE`` (the relationship type),
  then its properties (citation i is ``source_ids[i]``, ``quotes[i]``, ``locators[i]``);
- `cites.csv`: ``(:Source)-[:CITES {dataset, relationships}]->(:Actor)`` for every actor at an end
  of a relationship the source supports.

Columns are typed (``valid_from:date``, ``aliases:string[]``, ``directed:boolean``,
``amount:double``); lists use ``|`` between values, which also separates labels: import with
``--array-delimiter="|"``. A list value holding ``|`` is refused (as the dataset format refuses it
in names). An empty cell is a missing property; a text may span lines (``--multiline-fields``).
For example::

    neo4j-admin database import full neo4j --array-delimiter="|" --multiline-fields=true \\
        --nodes=actors.csv --nodes=sources.csv --nodes=datasets.csv \\
        --relationships=relationships.csv --relationships=cites.csv

Then apply graphkit's schema (`graphkit load` does it, or run ``cypher/schema.cypher``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source

if TYPE_CHECKING:
    import networkx as nx

ARRAY_DELIMITER = "|"
FILES = ("actors.csv", "sources.csv", "datasets.csv", "relationships.csv", "cites.csv")


def _date(value: Any) -> PartialDate | None:
    try:
        return PartialDate.parse(value) if value not in (None, "") else None
    except ValueError:
        return None  # a date graphkit cannot read is no date


def graph_dataset(graph: "nx.MultiDiGraph") -> Dataset:
    """The dataset a graph of the graph form shows (the records its nodes, edges and sources hold)."""
    names = {data.get("dataset") for _, data in graph.nodes(data=True)} - {None}
    if len(names) > 1:
        raise ValueError(f"the graph holds several datasets ({', '.join(sorted(names))}); export one at a time")
    dataset = Dataset(name=str(graph.graph.get("name") or next(iter(names), "graph")),
                      title=graph.graph.get("title") or "", description=graph.graph.get("description") or "",
                      license=graph.graph.get("license"), version=graph.graph.get("version"))
    for key, record in sorted((graph.graph.get("sources") or {}).items()):
        dataset.sources[key] = Source(
            id=key, title=record.get("title") or key, kind=record.get("kind") or "other",
            publisher=record.get("publisher"), url=record.get("url"), published=_date(record.get("published")),
            authors=list(record.get("authors") or []), language=record.get("language"),
            accessed=_date(record.get("accessed")), description=record.get("description"))
    for node, data in sorted(graph.nodes(data=True), key=lambda item: str(item[0])):
        dataset.actors[str(node)] = Actor(
            id=str(node), kind=data.get("kind"), name=data.get("name") or str(node),
            aliases=list(data.get("aliases") or []), country=data.get("country"),
            description=data.get("description"), start=_date(data.get("start")), end=_date(data.get("end")),
            identifiers=dict(data.get("identifiers") or {}), tags=list(data.get("tags") or []))
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda edge: str(edge[2])):
        dataset.relationships[str(key)] = Relationship(
            id=str(key), source=str(u), target=str(v), type=data.get("type"),
            citations=[Citation(c.get("source"), c.get("quote") or "", c.get("locator"))
                       for c in data.get("citations") or ()],
            status=data.get("status") or "reported", date=_date(data.get("date")),
            start=_date(data.get("start")), end=_date(data.get("end")), role=data.get("role"),
            amount=data.get("amount"), currency=data.get("currency"), place=data.get("place"),
            description=data.get("description"))
    return dataset


def _type(values: list[Any]) -> str:
    present = [value for value in values if value is not None]
    kinds = {type(value) for value in present}
    if kinds and kinds <= {dt.date}:
        return "date"
    if kinds == {bool}:
        return "boolean"
    if kinds and kinds <= {int, float}:
        return "double"
    if kinds and kinds <= {list, tuple}:
        return "string[]"
    return "string"


def _cell(value: Any, type_: str, where: str) -> str:
    if value is None:
        return ""
    if type_ == "boolean":
        return "true" if value else "false"
    if type_ == "string[]":
        items = [str(item) for item in value]
        bad = [item for item in items if ARRAY_DELIMITER in item]
        if bad:
            raise ValueError(f"{where}: {bad[0]!r} holds {ARRAY_DELIMITER!r}, the CSV array delimiter")
        return ARRAY_DELIMITER.join(items)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _table(key_columns: list[str], rows: list[tuple[list[str], dict[str, Any]]], what: str) -> str:
    """CSV text: the key columns, then one typed column per property; a row is (keys, properties)."""
    names = list(dict.fromkeys(name for _, props in rows for name, value in props.items() if value is not None))
    types = {name: _type([props.get(name) for _, props in rows]) for name in names}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(key_columns + [name if types[name] == "string" else f"{name}:{types[name]}" for name in names])
    for keys, props in rows:
        where = f"{what} {props.get('id', keys[0])!r}"
        writer.writerow(keys + [_cell(props.get(name), types[name], f"{where} field {name!r}") for name in names])
    return buffer.getvalue()


def to_neo4j_csv(graph: "nx.MultiDiGraph") -> dict[str, str]:
    """The graph as the bulk importer's CSV files: file name -> text (see the module docstring).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(name="demo", sources={"s": {"id": "s", "title": "T", "published": "2013"}})
    >>> g.add_node("a", kind="Person", name="A", aliases=["Ay", "Aa"])
    >>> g.add_node("b", kind="Group", name="B", start="2009-04")
    >>> _ = g.add_edge("a", "b", key="r", type="MEMBER_OF", citations=[{"source": "s", "quote": "A, of B"}])
    >>> files = to_neo4j_csv(g)
    >>> print(files["actors.csv"], end="")
    :ID(Actor),:LABEL,id,dataset,kind,name,aliases:string[],start,start_min:date
    demo:a,Actor|Person,a,demo,Person,A,Ay|Aa,,
    demo:b,Actor|Group,b,demo,Group,B,,2009-04,2009-04-01
    >>> print(files["relationships.csv"], end="")
    :START_ID(Actor),:END_ID(Actor),:TYPE,id,dataset,directed:boolean,status,reported,reported_min:date,valid_from:date,source_ids:string[],quotes:string[]
    demo:a,demo:b,MEMBER_OF,r,demo,true,reported,2013,2013-01-01,2013-01-01,s,"A, of B"
    >>> print(files["cites.csv"], end="")
    :START_ID(Source),:END_ID(Actor),:TYPE,dataset,relationships:string[]
    demo:s,demo:a,CITES,demo,r
    demo:s,demo:b,CITES,demo,r
    """
    from graphkit.neo4j_store import (
        actor_properties,
        dataset_properties,
        relationship_properties,
        source_properties,
    )

    dataset = graph_dataset(graph)
    name = dataset.name

    def key(record_id: str) -> str:
        return f"{name}:{record_id}"

    actors = [([key(actor.id), ARRAY_DELIMITER.join(["Actor"] + ([actor.kind] if actor.kind else []))],
               actor_properties(actor, name)) for actor in dataset.actors.values()]
    sources = [([key(source.id), "Source"], source_properties(source, name)) for source in dataset.sources.values()]
    relationships = [([key(rel.source), key(rel.target), str(rel.type)], relationship_properties(rel, dataset))
                     for rel in dataset.relationships.values()]
    cited: dict[tuple[str, str], set[str]] = {}
    for rel in dataset.relationships.values():
        for source in rel.source_ids:
            if source in dataset.sources:
                for actor in (rel.source, rel.target):
                    cited.setdefault((source, actor), set()).add(rel.id)
    cites = [([key(source), key(actor), "CITES"], {"dataset": name, "relationships": sorted(ids)})
             for (source, actor), ids in sorted(cited.items())]
    return {
        "actors.csv": _table([":ID(Actor)", ":LABEL"], actors, "actor"),
        "sources.csv": _table([":ID(Source)", ":LABEL"], sources, "source"),
        "datasets.csv": _table([":ID(Dataset)", ":LABEL"], [([name, "Dataset"], dataset_properties(dataset))],
                               "dataset"),
        "relationships.csv": _table([":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"], relationships, "relationship"),
        "cites.csv": _table([":START_ID(Source)", ":END_ID(Actor)", ":TYPE"], cites, "citation"),
    }
