"""Any networkx graph in the graph form: the reader of graphs other tools made."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit.graph import BOUNDS, LIST_FIELDS, time_attributes, typed
from graphkit.model import Actor, Dataset, Relationship
from graphkit.vocabulary import vocabulary

if TYPE_CHECKING:
    import networkx as nx


def _kind(attrs: dict[str, Any]) -> str | None:
    """The actor kind: a `kind` attribute, else a kind among Neo4j-style labels (":Actor:Person")."""
    kinds = vocabulary().actor_kinds
    for value in (attrs.get("kind"), *str(attrs.get("labels") or "").split(":"), attrs.get("label")):
        if value in kinds:
            return value
    return attrs.get("kind")


def from_networkx(other: "nx.Graph", *, name: str | None = None) -> "nx.MultiDiGraph":
    """Any networkx graph in the graph form, so that analysis, maps and exports can read it.

    What is there is mapped onto the form and every other attribute is kept. Actors: `name` from
    `name` or `label`, else the id; `kind` from `kind`, or a vocabulary kind found in `labels`
    (":Actor:Person") or `label`, else None. Relationships: `type` from `type` or `label` (else
    None), `directed` from a `directed` attribute, else the type's direction in the vocabulary,
    else the graph's; `status` defaults to ``reported``; `citations` to none; the bounds of valid
    time are kept if given, else computed from `date`/`start`/`end`/`attested`/`after`/`before` by
    the one rule (`graph.time_attributes`). Lists and mappings stored as JSON text (GraphML and
    GEXF hold no lists) are decoded.

    >>> import networkx as nx
    >>> g = from_networkx(nx.Graph([("a", "b", {"type": "MET_WITH", "date": "2023-10"})]))
    >>> dict(g.nodes["a"]), sorted(g.edges(keys=True))
    ({'name': 'a', 'kind': None}, [('a', 'b', 'a--b')])
    >>> edge = g.edges["a", "b", "a--b"]
    >>> edge["directed"], edge["status"], edge["earliest_start"], edge["latest_end"]
    (False, 'reported', datetime.date(2023, 10, 1), datetime.date(2023, 10, 31))
    """
    import networkx as nx

    types = vocabulary().relationship_types
    graph = nx.MultiDiGraph()
    graph.graph.update(typed(other.graph, Dataset))
    graph.graph.setdefault("name", name or "graph")
    graph.graph["sources"] = dict(graph.graph.get("sources") or {})
    for node, data in other.nodes(data=True):
        attrs = typed(data, Actor)
        attrs["name"] = str(attrs.get("name") or attrs.get("label") or node)
        attrs["kind"] = _kind(attrs)
        for field in LIST_FIELDS[Actor]:
            if field in attrs and not isinstance(attrs[field], list):
                attrs[field] = [attrs[field]]
        graph.add_node(str(node), **attrs)
    edges = other.edges(keys=True, data=True) if other.is_multigraph() else \
        ((u, v, None, d) for u, v, d in other.edges(data=True))
    for u, v, key, data in edges:
        attrs = typed(data, Relationship)
        type_ = attrs.get("type") or attrs.get("label")
        attrs["type"] = str(type_) if type_ else None
        directed = attrs.get("directed")
        if isinstance(directed, str):
            directed = directed.strip().lower() in ("true", "1", "yes")
        if directed is None:
            directed = types[attrs["type"]].directed if attrs["type"] in types else other.is_directed()
        attrs["directed"] = bool(directed)
        attrs["status"] = attrs.get("status") or "reported"
        attrs["citations"] = list(attrs.get("citations") or [])
        if not any(name in attrs for name in BOUNDS):
            attrs.update(time_attributes(attrs))
        edge_id = str(attrs.get("id") or (key if isinstance(key, str) else None) or f"{u}--{v}")
        unique, number = edge_id, 1
        while graph.has_edge(str(u), str(v), unique) or graph.has_edge(str(v), str(u), unique):
            number += 1
            unique = f"{edge_id}--{number}"
        attrs["id"] = unique
        graph.add_edge(str(u), str(v), key=unique, **attrs)
    return graph
