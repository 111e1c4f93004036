"""Paths between two actors, each hop with the relationships and sources behind it: every
shortest path, the k shortest, or every simple path up to a length."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from graphkit.errors import ActorNotFound
from graphkit.graph import project
from graphkit.graph.form import citation_kind


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
    relationship's fields and its citations resolved to their sources (`citations[i]["title"]` and
    `["source_url"]`; `["kind"]`: ``quote`` or ``record``, whose own `url` is the record's link),
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

    simple = _simple(graph, a, b, directed)
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
    return with_hops(graph, paths)


def k_shortest_paths(graph, a: str, b: str, k: int, *, max_hops: int | None = None,
                     directed: bool = False) -> list[list[Hop]]:
    """The `k` shortest simple paths between two actors, shortest first (not only those of the
    shortest length: the routes that come next), at most `max_hops` long; ties read as in
    `shortest_paths`, paths of one length in the order of their actors' ids.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for u, v in [("a", "b"), ("b", "d"), ("a", "c"), ("c", "e"), ("e", "d")]:
    ...     _ = g.add_edge(u, v, type="SUPPORTS", citations=[])
    >>> [[hop.source for hop in path] + [path[-1].target] for path in k_shortest_paths(g, "a", "d", 5)]
    [['a', 'b', 'd'], ['a', 'c', 'e', 'd']]
    >>> k_shortest_paths(g, "a", "d", 5, max_hops=2) == k_shortest_paths(g, "a", "d", 1)
    True
    """
    import networkx as nx

    simple = _simple(graph, a, b, directed)
    paths: list[list] = []
    try:  # every path as long as the k-th too, so that which of equals are kept is by ids, not by chance
        for path in nx.shortest_simple_paths(simple, a, b):
            if (max_hops is not None and len(path) - 1 > max_hops) or (len(paths) >= k and len(path) > len(paths[k - 1])):
                break
            paths.append(path)
    except nx.NetworkXNoPath:
        return []
    return with_hops(graph, sorted(paths, key=lambda path: (len(path), [str(node) for node in path]))[:k])


def simple_paths(graph, a: str, b: str, max_hops: int, *, directed: bool = False,
                 limit: int | None = None) -> list[list[Hop]]:
    """Every simple path (no actor twice) between two actors of at most `max_hops` ties,
    shortest first, then in the order of their actors' ids; at most `limit`.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for u, v in [("a", "b"), ("b", "d"), ("a", "c"), ("c", "e"), ("e", "d"), ("a", "d")]:
    ...     _ = g.add_edge(u, v, type="SUPPORTS", citations=[])
    >>> [len(path) for path in simple_paths(g, "a", "d", 3)], len(simple_paths(g, "a", "d", 2))
    ([1, 2, 3], 2)
    """
    import networkx as nx

    simple = _simple(graph, a, b, directed)
    paths = sorted(nx.all_simple_paths(simple, a, b, cutoff=max_hops), key=lambda path: (len(path), [str(n) for n in path]))
    return with_hops(graph, paths[:limit] if limit is not None else paths)


def _simple(graph, a: str, b: str, directed: bool):
    """The simple graph paths are found on, its neighbours in id order (the same paths in the
    same order, however the graph was built); both actors must be in it."""
    projected = project(graph, directed=directed)
    simple = type(projected)()
    simple.add_nodes_from(sorted(projected, key=str))
    simple.add_edges_from(sorted(projected.edges(), key=lambda edge: (str(edge[0]), str(edge[1]))))
    for node in (a, b):
        if node not in simple:
            raise ActorNotFound(f"no actor {node!r} in this graph")
    return simple


def with_hops(graph, paths) -> list[list[Hop]]:
    """Paths given as lists of actors, each as its hops with the relationships behind them."""
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
                                              "source_url": (sources.get(c.get("source")) or {}).get("url"),
                                              "kind": citation_kind(c)})
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
