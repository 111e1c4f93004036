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

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from graphkit.errors import FormatError
from graphkit.formats.xml import (XmlWriter, edge_order, flat_types, flatten, node_order, rgb, typed_edge,
                                  typed_node)
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

    Written element by element (`xml.XmlWriter`), in the layout, key ids and order networkx's
    `write_graphml` gives (so files are byte for byte what they were): a first pass finds the
    keys, which come before the graph; the graph's own data comes after its edges.

    >>> import io, networkx as nx
    >>> g = nx.MultiDiGraph(name="demo", sources={"s": {"id": "s", "title": "T"}})
    >>> g.add_node("a", kind="Person", aliases=["Ay"], country=None)
    >>> _ = g.add_edge("a", "a", key="r", id="r", type="MET_WITH", directed=False)
    >>> out = io.BytesIO(); write(g, out); _ = out.seek(0)
    >>> back = read(out)
    >>> back.nodes["a"]["aliases"], back.graph["sources"]["s"]["title"], list(back.edges(keys=True))
    (['Ay'], 'T', [('a', 'a', 'r')])
    """
    graph_data = flatten(graph.graph)
    graph_id = graph_data.pop("id", None)
    nodes = sorted(graph.nodes(data=True), key=node_order)
    edges = _in_adjacency_order(sorted(graph.edges(keys=True, data=True), key=edge_order), nodes)

    def node_data(node: Any, data: dict[str, Any]) -> dict[str, Any]:
        return {**flatten(data), **_look(look.nodes.get(node) if look else None)}

    def edge_data(u: Any, v: Any, key: Any, data: dict[str, Any]) -> dict[str, Any]:
        return {**flatten(data), **_look(look.edges.get((u, v, key)) if look else None, edge=True)}

    keys = _Keys()
    keys.note("graph", {name: type(value) for name, value in graph_data.items()})
    for node, data in nodes:
        keys.note("node", {**flat_types(data), **_look_types(look.nodes.get(node) if look else None)})
    for u, v, key, data in edges:
        keys.note("edge", {**flat_types(data), **_look_types(look.edges.get((u, v, key)) if look else None, edge=True)})

    xml = XmlWriter(out)
    xml.start("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns",
                          "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                          "xsi:schemaLocation": "http://graphml.graphdrawing.org/xmlns "
                                                "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"})
    for (name, kind, scope), key_id in reversed(keys.ids.items()):  # networkx puts each new key first
        xml.element("key", {"id": key_id, "for": scope, "attr.name": name, "attr.type": kind})
    xml.start("graph", {"edgedefault": "directed", **({"id": str(graph_id)} if graph_id is not None else {})})
    for node, data in nodes:
        xml.start("node", {"id": str(node)})
        keys.write(xml, "node", node_data(node, data))
        xml.end()
    for u, v, key, data in edges:
        xml.start("edge", {"source": str(u), "target": str(v), "id": str(key)})
        keys.write(xml, "edge", edge_data(u, v, key, data))
        xml.end()
    keys.write(xml, "graph", graph_data)
    xml.close()


class _Keys:
    """GraphML's keys: one per attribute name, GraphML type and scope, numbered d0, d1, ... as first met."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}

    def note(self, scope: str, types: dict[str, type]) -> None:
        for name, kind in types.items():
            self.ids.setdefault((str(name), _graphml_type(name, kind), scope), f"d{len(self.ids)}")

    def write(self, xml: XmlWriter, scope: str, data: dict[str, Any]) -> None:
        for name, value in data.items():
            key_id = self.ids[(str(name), _graphml_type(name, type(value)), scope)]
            xml.element("data", {"key": key_id}, str(value))


def _graphml_type(name: Any, kind: type) -> str:
    """The GraphML type networkx gives a Python type (str "string", int "long", float "double", ...)."""
    types = _networkx_types()
    if kind not in types:
        raise FormatError(f"cannot write {name!r} as GraphML: it holds a {kind.__name__}, "
                          "which GraphML has no type for")
    return types[kind]


@functools.cache
def _networkx_types() -> dict[type, str]:
    from networkx.readwrite.graphml import GraphML

    types = GraphML()
    types.construct_types()
    return types.xml_type


def _in_adjacency_order(edges: list[tuple], nodes: list[tuple]) -> list[tuple]:
    """Sorted edges in the order networkx lists them once added in that order: by source actor (in
    node order), then by target as first met, then as sorted.

    >>> _in_adjacency_order([("b", "a", "r1"), ("a", "b", "r2"), ("a", "c", "r3"), ("a", "b", "r4")],
    ...                     [("a", {}), ("b", {}), ("c", {})])
    [('a', 'b', 'r2'), ('a', 'b', 'r4'), ('a', 'c', 'r3'), ('b', 'a', 'r1')]
    """
    by_source: dict[Any, dict[Any, list[tuple]]] = {node: {} for node, _ in nodes}
    for edge in edges:
        by_source[edge[0]].setdefault(edge[1], []).append(edge)
    return [edge for targets in by_source.values() for group in targets.values() for edge in group]


def _look_types(look: dict[str, Any] | None, *, edge: bool = False) -> dict[str, type]:
    """The names and types of `_look`'s data, without building it."""
    if not look:
        return {}
    if edge:
        return {"color": str, "r": int, "g": int, "b": int, "thickness": float}
    return {"color": str, "r": int, "g": int, "b": int, "x": float, "y": float, "size": float}


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
