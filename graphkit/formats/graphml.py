"""GraphML for graph tools (networkx, igraph, Gephi, yEd, Cytoscape), and reading it back.

Every node and edge attribute of the graph form is written, flattened as `graphkit.formats.xml` says:
lists and mappings (`aliases`, `identifiers`, `citations`, the graph's `sources`, ...) as JSON
text, dates as their text, missing values left out. Relationships are directed edges; the
relationship id is both the GraphML edge `id` and an `id` data value (igraph keeps the latter as
the edge attribute `id`); a symmetric type (MET_WITH, ...) is written once, from its `from` to its
`to`, with ``directed=false`` as data, since networkx and igraph read a graph as wholly directed or
wholly undirected.

Given the map's look (`map.look.look_of`, as `graphkit export` does), each node also has `color`
(#rrggbb), `r`, `g`, `b`, `x`, `y` and `size`, and each edge `color`, `r`, `g`, `b` and
`thickness`: the names Gephi's and Cytoscape's GraphML readers pick up, so the network opens
styled as the map draws it. Reading a graphkit file back leaves them out.

`read` gives a file graphkit wrote back exactly, in the graph form; any other GraphML is mapped
onto the graph form by `formats.networkx.from_networkx`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from graphkit.formats.xml import edge_order, flatten, node_order, rgb, typed_edge, typed_node
from graphkit.formats.networkx import from_networkx
from graphkit.graph import typed
from graphkit.model import Dataset

if TYPE_CHECKING:
    import networkx as nx


LOOK_KEYS = frozenset({"color", "r", "g", "b", "x", "y", "size", "thickness"})
"""The data keys that carry the map's look, not the graph form."""


def _look(look: dict[str, Any] | None, *, edge: bool = False) -> dict[str, Any]:
    """The GraphML data of one node's or edge's look.

    >>> _look({"color": "#e6550d", "width": 3.0, "dash": None}, edge=True)
    {'color': '#e6550d', 'r': 230, 'g': 85, 'b': 13, 'thickness': 3.0}
    """
    if not look:
        return {}
    color = look["color"]
    data = {"color": color, **dict(zip("rgb", rgb(color)))}
    if edge:
        return {**data, "thickness": float(look["width"])}
    return {**data, "x": float(look["x"]), "y": float(look["y"]), "size": float(look["size"])}


def write(graph: "nx.MultiDiGraph", out: BinaryIO, *, look: Any = None) -> None:
    """Write the graph as GraphML (UTF-8) to a binary file, every attribute kept.

    >>> import io, networkx as nx
    >>> g = nx.MultiDiGraph(name="demo", sources={"s": {"id": "s", "title": "T"}})
    >>> g.add_node("a", kind="Person", aliases=["Ay"], country=None)
    >>> _ = g.add_edge("a", "a", key="r", id="r", type="MET_WITH", directed=False)
    >>> out = io.BytesIO(); write(g, out); _ = out.seek(0)
    >>> back = read(out)
    >>> back.nodes["a"]["aliases"], back.graph["sources"]["s"]["title"], list(back.edges(keys=True))
    (['Ay'], 'T', [('a', 'a', 'r')])
    """
    import networkx as nx

    flat = nx.MultiDiGraph()
    flat.graph.update(flatten(graph.graph))
    flat.add_nodes_from((node, {**flatten(data), **_look(look.nodes.get(node) if look else None)})
                        for node, data in sorted(graph.nodes(data=True), key=node_order))
    flat.add_edges_from(
        (u, v, key, {**flatten(data), **_look(look.edges.get((u, v, key)) if look else None, edge=True)})
        for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=edge_order)
    )
    nx.write_graphml(flat, out, encoding="utf-8", prettyprint=True)


def read(file: str | Path | BinaryIO) -> "nx.MultiDiGraph":
    """A GraphML file (a path or a binary file) in the graph form."""
    import networkx as nx

    other = nx.read_graphml(file, force_multigraph=True, edge_key_type=str)
    if not is_graphkit(other):
        return from_networkx(other, name=Path(file).stem if isinstance(file, (str, Path)) else None)
    return decode(other)


def is_graphkit(graph: "nx.Graph") -> bool:
    """Whether networkx read this graph from a graphkit GraphML: its graph-level `sources` is JSON text."""
    sources = graph.graph.get("sources")
    return isinstance(sources, str) and sources.lstrip().startswith("{")


def decode(graph: "nx.Graph") -> "nx.MultiDiGraph":
    """The graph form of a graph that networkx read from a graphkit GraphML file.

    JSON text of list and mapping attributes is parsed, dates typed, and every field of the graph
    form that the file left out (a None) is there again as None.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="Person", name="A", aliases='["Ay"]')
    >>> _ = g.add_edge("a", "a", key="r", id="r", type="MET_WITH", date="2023-10", earliest_start="2023-10-01",
    ...                citations='[{"source": "s", "quote": "q", "stance": "alleges", "known": "2024"}]')
    >>> d = decode(g)
    >>> d.nodes["a"]["aliases"], d.nodes["a"]["country"], d.edges["a", "a", "r"]["citations"][0]["known"]
    (['Ay'], None, PartialDate(text='2024'))
    >>> d.edges["a", "a", "r"]["date"], d.edges["a", "a", "r"]["earliest_start"]
    (PartialDate(text='2023-10'), datetime.date(2023, 10, 1))
    """
    import networkx as nx

    result = nx.MultiDiGraph()
    result.graph.update(_graph_attributes(graph.graph))
    for node, data in graph.nodes(data=True):
        result.add_node(node, **typed_node({key: value for key, value in data.items() if key not in LOOK_KEYS}))
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else (
        (u, v, data.get("id"), data) for u, v, data in graph.edges(data=True))
    for u, v, key, data in edges:
        data = typed_edge({name: value for name, value in data.items() if name not in LOOK_KEYS})
        key = data["id"] if data.get("id") is not None else key
        data["id"] = key
        result.add_edge(u, v, key=key, **data)
    return result


def _graph_attributes(attrs: dict[str, Any]) -> dict[str, Any]:
    """The graph-level attributes: JSON text decoded, each source typed (a graph has no dates of its own)."""
    attrs = typed({key: value for key, value in attrs.items() if key not in ("node_default", "edge_default")},
                  Dataset)
    attrs["sources"] = attrs.get("sources") or {}
    return attrs
