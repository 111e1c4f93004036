"""Positions for big maps, computed here so that the page opens without running its physics."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import shortest_path
from scipy.spatial import cKDTree

if TYPE_CHECKING:
    import networkx as nx


def spread_layout(graph: "nx.Graph", *, iterations: int = 50, seed: int = 0,
                  spacing: float = 50.0) -> dict[Any, tuple[float, float]]:
    """Positions for a large graph in about linear time per step, so big maps open fast.

    Pivot MDS (distances from a few dozen actors) gives the global shape; then Fruchterman–Reingold
    steps whose repulsion only counts each actor's nearest neighbours (a k-d tree) untangle it.
    networkx's layouts compare every pair of actors, which takes minutes at 10,000 actors. The
    result is scaled so that the typical actor is `spacing` pixels from its nearest neighbour.

    >>> import networkx as nx
    >>> pos = spread_layout(nx.path_graph(4))
    >>> sorted(pos) == [0, 1, 2, 3], all(len(xy) == 2 for xy in pos.values())
    (True, True)
    """
    nodes = list(graph)
    n = len(nodes)
    if n < 3:
        return {node: (spacing * i, 0.0) for i, node in enumerate(nodes)}
    index = {node: i for i, node in enumerate(nodes)}
    ends = np.array([(index[u], index[v]) for u, v in graph.edges() if u != v], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    adjacency = csr_array((np.ones(len(ends)), (ends[:, 0], ends[:, 1])), shape=(n, n))
    pivots = rng.choice(n, size=min(50, n), replace=False)
    distance = shortest_path(adjacency, directed=False, unweighted=True, indices=pivots).T
    finite = np.isfinite(distance)
    distance[~finite] = distance[finite].max() + 1
    squared = distance ** 2
    centred = squared - squared.mean(axis=0) - squared.mean(axis=1, keepdims=True) + squared.mean()
    _, vectors = np.linalg.eigh(centred.T @ centred)  # pivot MDS: the top two axes of a p x p matrix
    pos = centred @ vectors[:, -2:] + rng.normal(scale=0.01, size=(n, 2))
    pos *= math.sqrt(n) / (np.ptp(pos, axis=0).max() or 1.0)
    temperature = math.sqrt(n) / 10
    neighbours = min(9, n)
    for _ in range(iterations):
        push = np.zeros_like(pos)
        _, near = cKDTree(pos).query(pos, k=neighbours)
        a, b = np.repeat(np.arange(n), neighbours - 1), near[:, 1:].ravel()
        delta = pos[a] - pos[b]
        force = delta / np.maximum((delta * delta).sum(axis=1), 1e-4)[:, None]  # repulsion: 1/d
        delta = pos[ends[:, 0]] - pos[ends[:, 1]]
        pull = delta * np.sqrt((delta * delta).sum(axis=1))[:, None]  # attraction: d²
        for axis in range(2):
            push[:, axis] += np.bincount(a, force[:, axis], n) - np.bincount(b, force[:, axis], n)
            push[:, axis] += np.bincount(ends[:, 1], pull[:, axis], n) - np.bincount(ends[:, 0], pull[:, axis], n)
        push -= 0.01 * (pos - pos.mean(axis=0))  # gravity keeps loose components in view
        length = np.maximum(np.sqrt((push * push).sum(axis=1)), 1e-9)
        pos += push * (np.minimum(length, temperature) / length)[:, None]
        temperature *= 0.93
    nearest = cKDTree(pos).query(pos, k=2)[0][:, 1]
    pos = (pos - pos.mean(axis=0)) * (spacing / max(float(np.median(nearest)), 1e-9))
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, pos)}
