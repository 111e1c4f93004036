"""CSV files for Neo4j's bulk importer (``neo4j-admin database import full``): a new database at speed.
`graphkit export --format neo4j-csv` writes them; a dataset's own spreadsheet form (a CSV file per
table, for curators) is another thing: `graphkit convert DATASET --to csv`.

The import gives the same nodes, labels, relationships and properties as `graphkit load` of the
same data (the properties are those of `store.mapping`, which the load writes too), in five files
with the importer's headers:

- `actors.csv`: ``:ID(Actor)`` (``<dataset>:<id>``, so datasets can be imported together),
  ``:LABEL`` (``Actor`` and the kind: ``Actor|Person``), then the actor's properties;
- `sources.csv`: ``:ID(Source)``, ``:LABEL`` (``Source``), then the source's properties;
- `datasets.csv`: the ``(:Dataset)`` node with the dataset's metadata;
- `relationships.csv`: ``:START_ID(Actor)``, ``:END_ID(Actor)``, ``:TYPE`` (the relationship type),
  then its properties (citation i is ``source_ids[i]``, ``quotes[i]``, ``stances[i]``, ...; the
  bounds of valid time and `known_from` are DATEs);
- `cites.csv`: ``(:Source)-[:CITES {dataset, relationships}]->(:Actor)`` for every actor at an end
  of a relationship the source supports.

Columns are typed (``earliest_start:date``, ``aliases:string[]``, ``directed:boolean``,
``amount:double``); lists use ``|`` between values, which also separates labels: import with
``--array-delimiter="|"``. A list value holding ``|`` is refused (as the dataset format refuses it
in names). An empty cell is a missing property; a text may span lines (``--multiline-fields``).
For example::

    neo4j-admin database import full neo4j --array-delimiter="|" --multiline-fields=true \\
        --nodes=actors.csv --nodes=sources.csv --nodes=datasets.csv \\
        --relationships=relationships.csv --relationships=cites.csv

Then apply graphkit's schema (`graphkit schema` does it, as does `graphkit load`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import FormatError
from graphkit.store.mapping import (
    actor_properties,
    citation_links,
    dataset_properties,
    relationship_properties,
    source_properties,
)

if TYPE_CHECKING:
    import networkx as nx

ARRAY_DELIMITER = "|"
FILES = ("actors.csv", "sources.csv", "datasets.csv", "relationships.csv", "cites.csv")


def write(graph: "nx.MultiDiGraph", folder: Path) -> list[Path]:
    """Write the graph as the bulk importer's CSV files into `folder` (made if missing); the files
    written. Every file is made before any is written, so data the format cannot hold writes nothing."""
    files = _files(graph)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    except OSError as error:
        raise FormatError(f"cannot write {folder}: {error.strerror}") from None
    return [folder / name for name in files]


def _files(graph: "nx.MultiDiGraph") -> dict[str, str]:
    """The graph as the bulk importer's CSV files: file name -> text (see the module docstring).

    One dataset at a time: its name is the graph's. Rows are sorted by id.

    >>> import networkx as nx
    >>> from graphkit.model import PartialDate
    >>> g = nx.MultiDiGraph(name="demo", sources={"s": {"id": "s", "title": "T", "published": PartialDate.parse("2013")}})
    >>> g.add_node("a", kind="Person", name="A", aliases=["Ay", "Aa"])
    >>> g.add_node("b", kind="Group", name="B", start=PartialDate.parse("2009-04"))
    >>> _ = g.add_edge("a", "b", key="r", id="r", type="MEMBER_OF", directed=True, status="reported",
    ...                first_reported=PartialDate.parse("2013"), latest_start=dt.date(2013, 12, 31), timing="undated",
    ...                citations=[{"source": "s", "quote": "A, of B", "stance": "asserts", "known": PartialDate.parse("2013")}])
    >>> files = _files(g)
    >>> print(files["actors.csv"], end="")
    :ID(Actor),:LABEL,id,dataset,kind,name,aliases:string[],start,start_min:date
    demo:a,Actor|Person,a,demo,Person,A,Ay|Aa,,
    demo:b,Actor|Group,b,demo,Group,B,,2009-04,2009-04-01
    >>> print(files["relationships.csv"], end="")  # doctest: +NORMALIZE_WHITESPACE
    :START_ID(Actor),:END_ID(Actor),:TYPE,id,dataset,directed:boolean,status,first_reported,latest_start:date,timing,source_ids:string[],quotes:string[],stances:string[],known_dates:string[],known_from:date,known_days:string[],known_statuses:string[]
    demo:a,demo:b,MEMBER_OF,r,demo,true,reported,2013,2013-12-31,undated,s,"A, of B",asserts,2013,2013-12-31,2013-12-31,reported
    >>> print(files["cites.csv"], end="")
    :START_ID(Source),:END_ID(Actor),:TYPE,dataset,relationships:string[]
    demo:s,demo:a,CITES,demo,r
    demo:s,demo:b,CITES,demo,r
    """
    datasets = {data.get("dataset") for _, data in graph.nodes(data=True)} - {None}
    if len(datasets) > 1:
        raise FormatError(f"the graph holds several datasets ({', '.join(sorted(datasets))})",
                          hint="export one at a time")
    name = str(graph.graph.get("name") or next(iter(datasets), "graph"))
    sources = graph.graph.get("sources") or {}
    edges = sorted(graph.edges(keys=True, data=True), key=lambda edge: str(edge[2]))

    def key(record_id: Any) -> str:
        return f"{name}:{record_id}"

    actors = [([key(node), ARRAY_DELIMITER.join(["Actor"] + ([data["kind"]] if data.get("kind") else []))],
               actor_properties(str(node), data, name))
              for node, data in sorted(graph.nodes(data=True), key=lambda item: str(item[0]))]
    relationships = [([key(u), key(v), str(data.get("type"))],
                      relationship_properties({**data, "id": str(k)}, name, sources)) for u, v, k, data in edges]
    cited = citation_links((str(k), (u, v), [c.get("source") for c in data.get("citations") or ()
                                             if c.get("source") in sources]) for u, v, k, data in edges)
    return {
        "actors.csv": _table([":ID(Actor)", ":LABEL"], actors, "actor"),
        "sources.csv": _table([":ID(Source)", ":LABEL"], [
            ([key(source), "Source"], source_properties({**sources[source], "id": source}, name))
            for source in sorted(sources)], "source"),
        "datasets.csv": _table([":ID(Dataset)", ":LABEL"], [
            ([name, "Dataset"], dataset_properties({**graph.graph, "name": name}))], "dataset"),
        "relationships.csv": _table([":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"], relationships, "relationship"),
        "cites.csv": _table([":START_ID(Source)", ":END_ID(Actor)", ":TYPE"], [
            ([key(source), key(actor), "CITES"], {"dataset": name, "relationships": ids})
            for (source, actor), ids in sorted(cited.items())], "citation"),
    }


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
            raise FormatError(f"{where}: {bad[0]!r} holds {ARRAY_DELIMITER!r}, the CSV array delimiter",
                              hint="remove the | from the value")
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
