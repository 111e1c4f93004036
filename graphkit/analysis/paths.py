"""Shortest paths between two actors, each hop with the relationships and sources behind it."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from graphkit.errors import ActorNotFound
from graphkit.graph import project


@dataclass
class Hop:
    """One step of a path, with every relationship that ties its two actors."""

    source: str
    target: str
    relationships: list[dict[str, Any]]


def shortest_paths(graph, a: str, b: str, *, max_hops: int | None = None, directed: bool = False,
                   limit: int | None = None) -> list[list[Hop]]:
    """Every shortest path between two actors (at most `limit`), each hop with its relationships.

    Ties are read in either direction unless `directed` (then a symmetric tie still goes both
    ways). A hop lists the relationships between its two actors (any direction), each with the
    relationship's fields and its citations resolved to their sources (`citations[i]["title"]`),
    in the order they may have begun (by the bounds of valid time).
    No path, or none within `max_hops` hops, gives an empty list.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="r1", type="FUNDS", directed=True, citations=[])
    >>> _ = g.add_edge("c", "b", key="r2", type="MET_WITH", directed=False, citations=[])
    >>> [[(hop.source, hop.target, [r["type"] for r in hop.relationships]) for hop in path]
    ...  for path in shortest_paths(g, "a", "c")]
    [[('a', 'b', ['FUNDS']), ('b', 'c', ['MET_WITH'])]]
    >>> shortest_paths(g, "a", "c", max_hops=1)
    []
    """
    import networkx as nx

    projected = project(graph, directed=directed)
    simple = type(projected)()  # neighbours in id order: the same paths in the same order, however built
    simple.add_nodes_from(sorted(projected, key=str))
    simple.add_edges_from(sorted(projected.edges(), key=lambda edge: (str(edge[0]), str(edge[1]))))
    for node in (a, b):
        if node not in simple:
            raise ActorNotFound(f"no actor {node!r} in this graph")
    try:
        found = nx.all_shortest_paths(simple, a, b)
        first = next(found)
    except (nx.NetworkXNoPath, StopIteration):
        return []
    if max_hops is not None and len(first) - 1 > max_hops:
        return []
    paths = itertools.chain([first], found)
    if limit is not None:
        paths = itertools.islice(paths, limit)
    sources = graph.graph.get("sources") or {}
    return [[Hop(u, v, _relationships(graph, u, v, sources)) for u, v in zip(path, path[1:])]
            for path in paths]


def _relationships(graph, u, v, sources) -> list[dict[str, Any]]:
    """The relationships between two actors, either way, earliest first, citations resolved."""
    found = []
    for x, y in ((u, v), (v, u)) if u != v else ((u, v),):
        for key, data in (graph.get_edge_data(x, y) or {}).items():
            record = dict(data, id=data.get("id", key), source=x, target=y)
            record["citations"] = [dict(c, **{"title": (sources.get(c.get("source")) or {}).get("title"),
                                              "url": (sources.get(c.get("source")) or {}).get("url")})
                                   for c in data.get("citations") or ()]
            found.append(record)
    return sorted(found, key=_order)


def _order(relationship: dict[str, Any]) -> tuple:
    """Relationships in the order they may have begun: by their earliest start (unknown: first,
    it may have begun any day), then their latest start (unknown: last), then id. Only the bounds
    of valid time order them, never a report date.

    >>> day = dt.date
    >>> rows = [{"id": "late", "earliest_start": day(2023, 1, 1)}, {"id": "undated"},
    ...         {"id": "before-2020", "latest_start": day(2020, 12, 31)},
    ...         {"id": "2019", "earliest_start": day(2019, 1, 1), "latest_start": day(2019, 12, 31)}]
    >>> [row["id"] for row in sorted(rows, key=_order)]
    ['before-2020', 'undated', '2019', 'late']
    """
    earliest, latest = relationship.get("earliest_start"), relationship.get("latest_start")
    return (earliest if isinstance(earliest, dt.date) else dt.date.min,
            latest if isinstance(latest, dt.date) else dt.date.max, str(relationship["id"]))
