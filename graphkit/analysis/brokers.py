"""Brokers: the actors that stand between two others, on the paths that connect them.

An actor brokers between A and B when a short path from A to B passes through it. Brokers are
ranked by how many of those paths pass through them: every simple path of at most `max_hops`
ties, or only the `k` shortest. With `max_hops=2` the brokers are exactly the actors tied to
both A and B, as the Neo4j named query `brokers` finds them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit.analysis.paths import k_shortest_paths, simple_paths
from graphkit.graph import display_name

if TYPE_CHECKING:
    import networkx as nx


def brokers(graph: "nx.MultiDiGraph", a: str, b: str, *, max_hops: int = 2, k: int | None = None,
            directed: bool = False) -> dict[str, Any]:
    """The brokers between actors `a` and `b`, and the paths they stand on.

    Returns `paths` (each a list of `Hop`s with every relationship and its citations, shortest
    first) and `brokers`: each actor on a path but its ends, with its `rank`, `id`, `name`,
    `kind`, how many `paths` pass through it, its `shortest` (the fewest ties of such a path) and
    `path_numbers` (1-based, into `paths`), ranked by paths (most first), then shortest, then id.
    Ties are read either way unless `directed` (`paths.shortest_paths`). A direct tie between `a`
    and `b` is a path of one hop, through no one: with nothing else, there are paths but no brokers.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for u, v in [("a", "x"), ("x", "b"), ("a", "y"), ("y", "b"), ("y", "z"), ("z", "b"), ("a", "b")]:
    ...     _ = g.add_edge(u, v, type="SUPPORTS", citations=[])
    >>> found = brokers(g, "a", "b", max_hops=3)
    >>> [(row["rank"], row["id"], row["paths"], row["shortest"]) for row in found["brokers"]]
    [(1, 'y', 2, 2), (2, 'x', 1, 2), (3, 'z', 1, 3)]
    >>> [row["id"] for row in brokers(g, "a", "b")["brokers"]], len(brokers(g, "a", "b", max_hops=3, k=2)["paths"])
    (['x', 'y'], 2)
    >>> direct = brokers(nx.MultiDiGraph([("a", "b"), ("a", "x")]), "a", "b")
    >>> direct["brokers"], [[(hop.source, hop.target) for hop in path] for path in direct["paths"]]
    ([], [[('a', 'b')]])
    """
    if k is not None:
        paths = k_shortest_paths(graph, a, b, k, max_hops=max_hops, directed=directed)
    else:
        paths = simple_paths(graph, a, b, max_hops, directed=directed)
    through: dict[Any, list[int]] = {}
    shortest: dict[Any, int] = {}
    for number, path in enumerate(paths, start=1):
        for hop in path[1:]:
            through.setdefault(hop.source, []).append(number)
            shortest[hop.source] = min(shortest.get(hop.source, len(path)), len(path))
    order = sorted(through, key=lambda node: (-len(through[node]), shortest[node], str(node)))
    rows, rank = [], 0
    for position, node in enumerate(order, start=1):
        previous = order[position - 2] if position > 1 else None
        if previous is None or (len(through[node]), shortest[node]) != (len(through[previous]), shortest[previous]):
            rank = position
        rows.append({"rank": rank, "id": node, "name": display_name(graph, node), "kind": graph.nodes[node].get("kind"),
                     "paths": len(through[node]), "shortest": shortest[node], "path_numbers": through[node]})
    return {"a": a, "b": b, "paths": paths, "brokers": rows}
