"""The sparse kernels behind the measures: the projection as a matrix, and one function per measure.

Every measure kernel takes the projection's CSR matrix (row = from, column = to) and a `Run`, and
returns one score per actor in the matrix's order. They run on numpy and scipy, not on networkx's
pure-Python loops, so that they stay interactive on networks of 100,000 actors; the results are
networkx's (the tests compare them). This module is imported only when a measure runs: numpy and
scipy take longer to import than `graphkit --help` may.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from graphkit.graph import project
from graphkit.graph.project import arcs_matrix

_BATCH_CELLS = 250_000  # sources x actors searched at once: arrays of a few MB, cache-sized
_WORDS = 4  # 64-bit words per actor in a bit-parallel search: 256 searches at once


@dataclass(frozen=True)
class Run:
    """How a measure runs: on the projection's weights or not, on a directed projection or not,
    and (betweenness) from `k` sampled sources drawn with `seed`, or from all when `k` is None."""

    weighted: bool = False
    directed: bool = True
    k: int | None = None
    seed: int = 42


def projection(graph, *, directed: bool, weighted: bool, weight: str = "relationships"):
    """The projection (`graph.project`) as actor ids and a CSR matrix of weights (or of ones).

    Built straight from the edges, without the intermediate networkx graph, which would cost
    more than most measures on a large network.
    """
    nodes = list(graph)
    if weighted and weight != "relationships":
        simple = project(graph, directed=directed, weight=weight)
        import networkx as nx

        return nodes, nx.to_scipy_sparse_array(simple, nodelist=nodes, weight="weight", dtype=float, format="csr")
    index = {node: i for i, node in enumerate(nodes)}
    arcs = np.array([(index[u], index[v], bool(both)) for u, v, both in
                     graph.edges(data="directed", default=True)], dtype=np.int64).reshape(-1, 3)
    return nodes, arcs_matrix(len(nodes), arcs[:, 0], arcs[:, 1], arcs[:, 2].astype(bool), directed=directed,
                              weighted=weighted)


# --- degree -----------------------------------------------------------------------------------------

def degree(matrix, run: Run):
    """Ties either way (the matrix is the undirected projection), over n - 1."""
    return _degree(matrix, 1, run.weighted)


def in_degree(matrix, run: Run):
    return _degree(matrix, 0, run.weighted)


def out_degree(matrix, run: Run):
    return _degree(matrix, 1, run.weighted)


def _degree(matrix, axis: int, weighted: bool):
    n = matrix.shape[0]
    counted = matrix if weighted else (matrix != 0).astype(float)
    values = np.asarray(counted.sum(axis=axis)).ravel()
    return values / (n - 1) if n > 1 else values * 0.0


# --- pagerank and eigenvector -----------------------------------------------------------------------

def pagerank(matrix, run: Run, alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 1000):
    """Power iteration as networkx's `pagerank` (dangling actors spread their score evenly)."""
    n = matrix.shape[0]
    out = np.asarray(matrix.sum(axis=1)).ravel()
    dangling = out == 0
    inverse = np.divide(1.0, out, out=np.zeros(n), where=~dangling)
    transition = (sp.diags_array(inverse) @ matrix).T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = x
        x = alpha * (transition @ x + x[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - previous).sum() < n * tol:
            break
    return x / x.sum()


def eigenvector(matrix, run: Run):
    """Per connected component, keeping the component(s) with the largest eigenvalue."""
    n = matrix.shape[0]
    from scipy.sparse.csgraph import connected_components

    count, labels = connected_components(matrix, directed=False)
    members = np.split(np.argsort(labels, kind="stable"), np.cumsum(np.bincount(labels))[:-1])
    strength = np.asarray(matrix.sum(axis=1)).ravel()
    found: list[tuple[float, np.ndarray, np.ndarray]] = []
    best = 0.0
    for nodes in sorted(members, key=len, reverse=True):
        if len(nodes) < 2 or strength[nodes].max() < best * (1 - 1e-9):
            continue  # the largest eigenvalue is at most the largest row sum
        value, vector = _principal(matrix[nodes][:, nodes])
        found.append((value, nodes, vector))
        best = max(best, value)
    scores = np.zeros(n)
    for value, nodes, vector in found:
        if value >= best * (1 - 1e-9) and best > 0:
            scores[nodes] = vector * vector.sum()  # the share of equal starting scores it keeps
    norm = np.linalg.norm(scores)
    return scores / norm if norm else scores


def _principal(matrix):
    """The largest eigenvalue of a symmetric non-negative matrix and its positive eigenvector."""
    if matrix.shape[0] <= 500:
        values, vectors = np.linalg.eigh(matrix.toarray())
        value, vector = values[-1], vectors[:, -1]
    else:
        from scipy.sparse.linalg import eigsh

        values, vectors = eigsh(matrix, k=1, which="LA", v0=np.ones(matrix.shape[0]), tol=1e-10)
        value, vector = values[0], vectors[:, 0]
    vector = np.abs(vector)
    return float(value), vector / np.linalg.norm(vector)


# --- closeness --------------------------------------------------------------------------------------

def closeness(matrix, run: Run):
    """Closeness on incoming distances, with the Wasserman-Faust correction (as networkx)."""
    n = matrix.shape[0]
    total, reached = np.zeros(n), np.zeros(n)
    if run.weighted:
        lengths = matrix.T.tocsr()  # distances *to* an actor are distances from it on the reverse
        lengths.data = 1.0 / lengths.data
        for batch in _batches(np.arange(n), n):
            from scipy.sparse.csgraph import dijkstra

            distances = dijkstra(lengths, directed=True, indices=batch)
            distances[~np.isfinite(distances)] = 0
            total[batch] = distances.sum(axis=1)
            reached[batch] = (distances > 0).sum(axis=1)
    else:
        for first in range(0, n, _WORDS * 64):
            sources = np.arange(first, min(n, first + _WORDS * 64))
            total[sources], reached[sources] = _distances_to(matrix, sources)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, reached / total * reached / max(n - 1, 1), 0.0)


def _distances_to(matrix, sources):
    """For each source, the sum of the hop distances from every actor that reaches it, and how
    many do: one breadth-first search per source, 64 per machine word (bit-parallel BFS).

    Bit i of actor v's words says that v is known to reach `sources[i]`; each level, an actor
    learns the bits of the actors its arcs point to, which is one gather and one OR-reduction
    over all arcs for up to 64 x `_WORDS` searches.
    """
    n, words = matrix.shape[0], _WORDS
    seen = np.zeros((n, words), dtype="<u8")
    bits = np.arange(len(sources))
    seen[sources, bits // 64] = np.left_shift(np.uint64(1), (bits % 64).astype(np.uint64))
    total, reached = np.zeros(len(sources)), np.zeros(len(sources))
    # one gather position per arc, plus one that reads a row of zeros, so that every actor's
    # arcs are a slice [indptr[v], indptr[v + 1]) for reduceat; empty slices are zeroed after
    indices = np.append(matrix.indices, n)
    empty = np.diff(matrix.indptr) == 0
    frontier = np.zeros((n + 1, words), dtype="<u8")
    frontier[:n] = seen
    level = 0
    while True:
        level += 1
        learned = np.bitwise_or.reduceat(frontier[indices], matrix.indptr[:-1], axis=0)
        learned[empty] = 0
        learned &= ~seen
        if not learned.any():
            return total, reached
        seen |= learned
        found = np.unpackbits(learned.view(np.uint8), axis=1, bitorder="little").sum(axis=0)[:len(sources)]
        total += level * found
        reached += found
        frontier[:n] = learned


def _batches(sources, n: int):
    """Sources in batches small enough for their searches' arrays to stay in the CPU cache."""
    size = max(1, _BATCH_CELLS // max(n, 1))
    return [sources[i:i + size] for i in range(0, len(sources), size)]


# --- betweenness ------------------------------------------------------------------------------------

@dataclass
class _Search:
    depth: np.ndarray  # cell s*n + v: hops from sources[s] to v, -1 if unreached
    sigma: np.ndarray  # shortest paths from sources[s] to v
    levels: list  # per level: the arcs (cell of parent, cell of child) of shortest paths


def _search(matrix, sources) -> _Search:
    """Breadth-first search from every source at once, level by level, in flat numpy arrays.

    A batch of b searches lives in arrays of b * n cells (cell s*n + v is actor v as seen from
    `sources[s]`), so each level is a handful of vectorised gathers and scatters over the arcs
    leaving the frontier; shortest paths are counted and their arcs kept for Brandes' backward
    pass.
    """
    n, b = matrix.shape[0], len(sources)
    indptr, indices = matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64)
    degree = np.diff(indptr)
    depth = np.full(b * n, -1, dtype=np.int32)
    frontier = np.arange(b, dtype=np.int64) * n + sources
    depth[frontier] = 0
    sigma = np.zeros(b * n)
    sigma[frontier] = 1.0
    levels = []
    owner = np.empty(b * n, dtype=np.int64)
    level = 0
    while len(frontier):
        level += 1
        base = frontier - frontier % n
        counts = degree[frontier - base]
        ends = np.cumsum(counts)
        arcs = np.repeat(indptr[frontier - base] - ends + counts, counts) + np.arange(ends[-1])
        child = np.repeat(base, counts) + indices[arcs]
        new = depth[child] < 0
        child = child[new]
        depth[child] = level
        parent = np.repeat(frontier, counts)[new]
        np.add.at(sigma, child, sigma[parent])
        levels.append((parent, child))
        owner[child] = np.arange(len(child))
        frontier = child[owner[child] == np.arange(len(child))]  # each child once
    return _Search(depth, sigma, levels)


def betweenness(matrix, run: Run):
    """Brandes' betweenness from every source, or from `run.k` sampled ones scaled by n/k."""
    n = matrix.shape[0]
    if n <= 2:
        return np.zeros(n)
    if run.weighted:
        return _betweenness_weighted(matrix, run)
    k = run.k
    sources = np.arange(n) if k is None else np.array(sorted(random.Random(run.seed).sample(range(n), k)))
    scores = np.zeros(n)
    for batch in _batches(sources, n):
        found = _search(matrix, batch)
        delta = np.zeros(len(found.sigma))
        for parent, child in reversed(found.levels):  # Brandes' dependency accumulation
            sigma = found.sigma
            np.add.at(delta, parent, sigma[parent] / sigma[child] * (1.0 + delta[child]))
        delta[found.depth == 0] = 0.0
        scores += delta.reshape(len(batch), n).sum(axis=0)
    return scores / ((n - 1) * (n - 2)) * (1 if k is None else n / k)


def _betweenness_weighted(matrix, run: Run):
    """Weighted betweenness (a weight w read as a distance 1/w): networkx's Dijkstra-based Brandes."""
    import networkx as nx

    graph = nx.from_scipy_sparse_array(matrix, create_using=nx.DiGraph if run.directed else nx.Graph)
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    found = nx.betweenness_centrality(graph, k=run.k, weight="distance", seed=run.seed)
    return np.array([found[i] for i in range(matrix.shape[0])])
