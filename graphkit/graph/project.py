"""The simple graph that analysis measures: one tie per pair of actors, weighed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit.errors import FilterError

if TYPE_CHECKING:
    import networkx as nx


def project(graph: "nx.MultiDiGraph", *, directed: bool = True, weight: str = "relationships"):
    """A simple graph for analysis: one edge per pair of actors, its `weight` a count.

    `weight="relationships"` counts the relationships between the pair; `"sources"` counts the
    distinct sources citing them (at least 1, so an edge read without citations still counts).
    In a directed projection (`nx.DiGraph`) a symmetric relationship (``directed=False``, e.g.
    MET_WITH) counts both ways; in an undirected one (`nx.Graph`) every relationship counts for
    its pair whatever its direction. Actors keep their attributes. A relationship of an actor
    with itself is left out: it says nothing about the actor's place among others.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="r1", directed=False, citations=[{"source": "s1"}])
    >>> _ = g.add_edge("a", "b", key="r2", directed=True, citations=[{"source": "s1"}, {"source": "s2"}])
    >>> _ = g.add_edge("b", "a", key="r3", directed=True, citations=[{"source": "s3"}])
    >>> sorted(project(g).edges(data="weight"))
    [('a', 'b', 2), ('b', 'a', 2)]
    >>> sorted(project(g, weight="sources").edges(data="weight"))
    [('a', 'b', 2), ('b', 'a', 2)]
    >>> list(project(g, directed=False).edges(data="weight"))
    [('a', 'b', 3)]
    >>> list(project(g, directed=False, weight="sources").edges(data="weight"))
    [('a', 'b', 3)]
    """
    import networkx as nx

    if weight not in ("relationships", "sources"):
        raise FilterError(f"weight must be 'relationships' or 'sources', not {weight!r}")
    pairs: dict[tuple, Any] = {}
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        ends = [(u, v), (v, u)] if directed and not data.get("directed", True) else [(u, v)]
        for pair in ends:
            if not directed and pair not in pairs and pair[::-1] in pairs:
                pair = pair[::-1]
            if weight == "relationships":
                pairs[pair] = pairs.get(pair, 0) + 1
            else:
                cited = pairs.setdefault(pair, set())
                cited.update(c.get("source") for c in data.get("citations") or ())
    result = nx.DiGraph() if directed else nx.Graph()
    result.graph.update(graph.graph)
    result.add_nodes_from(graph.nodes(data=True))
    result.add_weighted_edges_from(
        (u, v, count if weight == "relationships" else max(1, len(count - {None})))
        for (u, v), count in pairs.items()
    )
    return result




def arcs_matrix(n: int, u, v, one_way, *, directed: bool, weighted: bool):
    """The projection of relationships given as arrays (`u` -> `v`, `one_way` False for a symmetric
    type) as an n x n CSR matrix: a count of relationships per pair (`project`'s
    ``weight="relationships"``), or ones. Directed, a symmetric relationship counts both ways;
    undirected, every relationship counts both ways. A tie to oneself is left out.

    >>> import numpy as np
    >>> m = arcs_matrix(2, np.array([0, 0, 1]), np.array([1, 1, 0]), np.array([False, True, True]),
    ...                 directed=True, weighted=True)
    >>> m.toarray().tolist()
    [[0.0, 2.0], [2.0, 0.0]]
    >>> arcs_matrix(2, np.array([0, 0, 1]), np.array([1, 1, 0]), np.array([False, True, True]),
    ...             directed=False, weighted=True).toarray().tolist()
    [[0.0, 3.0], [3.0, 0.0]]
    """
    import numpy as np
    import scipy.sparse as sp

    u, v, one_way = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64), np.asarray(one_way, dtype=bool)
    both = ~one_way if directed else np.ones(len(u), dtype=bool)
    rows, cols = np.concatenate([u, v[both]]), np.concatenate([v, u[both]])
    loop = rows == cols  # a tie to oneself says nothing about one's place among others
    matrix = sp.coo_array((np.ones(int((~loop).sum())), (rows[~loop], cols[~loop])), shape=(n, n)).tocsr()
    matrix.sum_duplicates()
    if not weighted:
        matrix.data[:] = 1.0
    return matrix
