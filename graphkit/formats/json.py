"""Node-link JSON of a graph with every field: the form to diff, archive or hand to other tools.

Order is stable (sources, nodes and edges sorted by id) and so is formatting, so that exporting the
same data twice gives the same bytes and a change to the data shows as a readable diff. Partial
dates and days are written as their text (``2023-10``, ``2023?``, an open end ``..``,
``2023-10-01``), the citations of each relationship with their stance, own date and `known`
(a quote citation with its `quote`, a record citation with its `record`, `url` and `retrieved`);
`read` types them again and gives back the very graph that was written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from graphkit.errors import FormatError
from graphkit.graph import typed
from graphkit.model import Actor, Relationship, Source

if TYPE_CHECKING:
    import networkx as nx

_HINT = "graphkit reads the node-link JSON that `graphkit export --format json` writes"


def write(graph: "nx.MultiDiGraph", out: BinaryIO) -> None:
    """Write the graph as node-link JSON (UTF-8) to a binary file: dataset metadata, sources, nodes, edges.

    Written record by record (in blocks of about 64 KiB), never as one document in memory, with the
    very bytes `json.dumps(document, indent=2)` would give.

    >>> import io, networkx as nx
    >>> g = nx.MultiDiGraph(name="demo", sources={"s1": {"id": "s1", "title": "Café report"}})
    >>> g.add_node("b", kind="Group"); g.add_node("a", kind="Person")
    >>> _ = g.add_edge("a", "b", key="r1", id="r1", type="MEMBER_OF", citations=[{"source": "s1", "quote": "…"}])
    >>> out = io.BytesIO(); write(g, out)
    >>> data = json.loads(out.getvalue())
    >>> data["dataset"], [node["id"] for node in data["nodes"]], data["edges"][0]["source"]
    ({'name': 'demo'}, ['a', 'b'], 'a')
    >>> "Café".encode() in out.getvalue()
    True
    """
    meta = {key: value for key, value in graph.graph.items() if key != "sources"}
    sources = graph.graph.get("sources") or {}
    nodes = sorted(graph.nodes(data=True), key=lambda item: str(item[0]))
    edges = sorted(graph.edges(keys=True, data=True),
                   key=lambda edge: (str(edge[3].get("id", edge[2])), str(edge[0]), str(edge[1])))
    out.write(b'{\n  "dataset": ' + _dumps(meta).replace("\n", "\n  ").encode("utf-8"))
    _write_list(out, "sources", (sources[key] for key in sorted(sources, key=str)))
    _write_list(out, "nodes", ({"id": node, **_without(data, "id")} for node, data in nodes))
    _write_list(out, "edges", ({"id": data.get("id", key), "source": u, "target": v,
                                **_without(data, "id", "source", "target")} for u, v, key, data in edges))
    out.write(b"\n}\n")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def _write_list(out: BinaryIO, name: str, records: Iterable[dict[str, Any]], *, block: int = 1 << 16) -> None:
    """Write `,\n  "name": [...]` one record at a time, laid out as `json.dumps(indent=2)` lays out the whole
    document (JSON text holds no raw newline within a value, so indenting a record is a replace)."""
    pieces, size, first = [f',\n  "{name}": ['], 0, True
    for record in records:
        text = ("\n    " if first else ",\n    ") + _dumps(record).replace("\n", "\n    ")
        first = False
        pieces.append(text)
        size += len(text)
        if size >= block:
            out.write("".join(pieces).encode("utf-8"))
            pieces, size = [], 0
    pieces.append("]" if first else "\n  ]")
    out.write("".join(pieces).encode("utf-8"))


def read(file: str | Path | BinaryIO) -> "nx.MultiDiGraph":
    """The graph form of a node-link JSON file that `write` wrote (a path or a binary file).

    >>> import datetime as dt, io, networkx as nx
    >>> from graphkit.model import PartialDate
    >>> g = nx.MultiDiGraph(name="demo", sources={"s": {"id": "s", "published": PartialDate.parse("2023")}})
    >>> g.add_node("a", start=PartialDate.parse("2012-04"), aliases=["Ay"])
    >>> _ = g.add_edge("a", "a", key="r", id="r", first_reported=PartialDate.parse("2023"), timing="undated",
    ...                latest_start=dt.date(2023, 12, 31), citations=[{"source": "s", "quote": "q", "locator": None,
    ...                "stance": "denies", "date": None, "record": None, "url": None, "retrieved": None,
    ...                "known": PartialDate.parse("2023")}, {"source": "s", "quote": None, "locator": None,
    ...                "stance": "asserts", "date": None, "record": "Q1$A", "url": "https://example.org/Q1",
    ...                "retrieved": PartialDate.parse("2026-11-30"), "known": PartialDate.parse("2023")}])
    >>> out = io.BytesIO(); write(g, out); _ = out.seek(0)
    >>> back = read(out)
    >>> (dict(back.nodes(data=True)), list(back.edges(keys=True, data=True)), back.graph) == (
    ...     dict(g.nodes(data=True)), list(g.edges(keys=True, data=True)), g.graph)
    True
    """
    import networkx as nx

    try:
        if isinstance(file, (str, Path)):
            with open(file, "rb") as handle:
                document = json.load(handle)
        else:
            document = json.load(file)
    except UnicodeDecodeError as error:
        raise FormatError(f"not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise FormatError(f"not JSON: {error}") from None
    if not isinstance(document, dict) or not all(isinstance(document.get(key), list) for key in ("nodes", "edges")):
        raise FormatError("no list of nodes and edges", hint=_HINT)
    try:
        graph = nx.MultiDiGraph(**dict(document.get("dataset") or {}))
        graph.graph["sources"] = {source["id"]: typed(source, Source) for source in document.get("sources") or ()}
        for data in document["nodes"]:
            graph.add_node(data["id"], **typed(_without(data, "id"), Actor))
        for data in document["edges"]:
            graph.add_edge(data["source"], data["target"], key=data["id"],
                           **typed(_without(data, "source", "target"), Relationship))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        why = f"a record has no {error}" if isinstance(error, KeyError) else str(error)
        raise FormatError(why, hint=_HINT) from None
    return graph


def _without(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in keys}
