"""GraphML for graph tools (networkx, igraph, Gephi, yEd, Cytoscape), and reading it back.

Every node and edge attribute of the graph form is written; GraphML has no lists, mappings or
nulls, so (the same rules serve the GEXF export):

- lists and mappings (`aliases`, `tags`, `identifiers`, `citations`, the graph's `sources`, ...)
  are written as JSON text, e.g. ``["MFA Avalon"]``;
- a missing value (None) is left out;
- relationships are directed edges; the relationship id is both the GraphML edge `id` and an `id`
  data value (igraph keeps the latter as the edge attribute `id`); a symmetric
  type (MET_WITH, ...) is written once, from its `from` to its `to`, with ``directed=false`` as
  data, since networkx and igraph read a graph as wholly directed or wholly undirected.

`read_graphml` (or `decode` after `networkx.read_graphml`) gives back the graph form: JSON text
parsed and the fields the graph form always has filled with None where they were left out.
"""

from __future__ import annotations

import functools
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@functools.cache
def graph_fields() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """The attributes `graph.dataset_to_graph` gives every node and every edge, and those that hold
    lists or mappings (with the graph's, `filters` too): read off a one-actor, one-relationship graph
    so that they are never listed twice.
    """
    from graphkit.graph import dataset_to_graph, filter_graph
    from graphkit.model import Actor, Citation, Dataset, Relationship

    sample = Dataset(
        name="sample",
        actors={"a": Actor("a", "Person", "A")},
        relationships={"r": Relationship("r", "a", "a", "MET_WITH", [Citation("s", "q")])},
    )
    graph = dataset_to_graph(sample)
    node = graph.nodes["a"]
    edge = graph.edges["a", "a", "r"]
    structured = {key for data in (node, edge, filter_graph(graph).graph) for key, value in data.items()
                  if isinstance(value, (list, dict))}
    return tuple(node), tuple(edge), frozenset(structured)


def xml_text(value: Any) -> Any:
    """Text without the control characters XML 1.0 cannot hold (they would make the file unreadable).

    >>> xml_text("bell" + chr(7) + ", tab" + chr(9)) == "bell, tab" + chr(9)
    True
    """
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Attributes as XML formats can hold them: lists and mappings as JSON text, Nones left out.

    >>> flatten({"name": "Avalon", "aliases": ["A", "Ä"], "country": None, "amount": 2.5})
    {'name': 'Avalon', 'aliases': '["A", "Ä"]', 'amount': 2.5}
    """
    return {
        key: xml_text(json.dumps(value, ensure_ascii=False, sort_keys=True)
                      if isinstance(value, (list, dict, tuple)) else value)
        for key, value in data.items()
        if value is not None
    }


def _unflatten(data: dict[str, Any], fields: tuple[str, ...], structured: frozenset[str]) -> dict[str, Any]:
    restored = {field: None for field in fields}
    for key, value in data.items():
        if key in structured and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                pass  # not graphkit's JSON: keep the text
        restored[key] = value
    return restored


def is_graphkit(graph: "nx.Graph") -> bool:
    """Whether networkx read this graph from a graphkit GraphML: its graph-level `sources` is JSON text."""
    sources = graph.graph.get("sources")
    return isinstance(sources, str) and sources.lstrip().startswith("{")


def decode(graph: "nx.Graph") -> "nx.MultiDiGraph":
    """The graph form of a graph that networkx read from a graphkit GraphML (or GEXF) file.

    JSON text of list and mapping attributes is parsed; every field of the graph form that the
    file left out (a None) is there again as None.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="Person", name="A", aliases='["Ay"]')
    >>> _ = g.add_edge("a", "a", key="r", id="r", type="MET_WITH", directed=False, citations='[{"source": "s"}]')
    >>> d = decode(g)
    >>> d.nodes["a"]["aliases"], d.nodes["a"]["country"], d.edges["a", "a", "r"]["citations"]
    (['Ay'], None, [{'source': 's'}])
    """
    import networkx as nx

    node_fields, edge_fields, structured = graph_fields()
    result = nx.MultiDiGraph()
    result.graph.update(_unflatten(
        {key: value for key, value in graph.graph.items() if key not in ("node_default", "edge_default")},
        (), structured))
    result.graph.setdefault("sources", {})
    for node, data in graph.nodes(data=True):
        result.add_node(node, **_unflatten(data, node_fields, structured))
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else (
        (u, v, data.get("id"), data) for u, v, data in graph.edges(data=True))
    for u, v, key, data in edges:
        data = _unflatten(data, edge_fields, structured)
        key = data["id"] if data.get("id") is not None else key
        data["id"] = key
        result.add_edge(u, v, key=key, **data)
    return result


def to_graphml(graph: "nx.MultiDiGraph") -> bytes:
    """The graph as GraphML (UTF-8), every attribute kept as described in the module docstring.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(name="demo", sources={"s": {"id": "s", "title": "T"}})
    >>> g.add_node("a", kind="Person", aliases=["Ay"], country=None)
    >>> _ = g.add_edge("a", "a", key="r", id="r", type="MET_WITH", directed=False)
    >>> back = read_graphml(to_graphml(g))
    >>> back.nodes["a"]["aliases"], back.graph["sources"]["s"]["title"], list(back.edges(keys=True))
    (['Ay'], 'T', [('a', 'a', 'r')])
    """
    import networkx as nx

    flat = nx.MultiDiGraph()
    flat.graph.update(flatten(graph.graph))
    flat.add_nodes_from((node, flatten(data)) for node, data in sorted(graph.nodes(data=True), key=_by_id))
    flat.add_edges_from(
        (u, v, key, flatten(data))
        for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=edge_order)
    )
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def read_graphml(source: str | Path | bytes) -> "nx.MultiDiGraph":
    """Read a graphkit GraphML file (a path, or its bytes) back into the graph form."""
    import networkx as nx

    if isinstance(source, bytes):
        graph = nx.parse_graphml(source.decode("utf-8"), force_multigraph=True, edge_key_type=str)
    else:
        graph = nx.read_graphml(source, force_multigraph=True, edge_key_type=str)
    return decode(graph)


def _by_id(item: tuple) -> str:
    return str(item[0])


def edge_order(edge: tuple) -> tuple[str, str, str]:
    u, v, key = edge[:3]
    return str(key), str(u), str(v)
