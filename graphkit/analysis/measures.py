"""The centrality measures: a registry by name, and the functions that score and rank actors.

A measure is a `Measure` in `REGISTRY`: its name, the kernel that scores a projection's matrix
(`graphkit.analysis.kernels`) and which projection it reads. `MEASURES`, the CLI's `--measure`
and `map --size-by` choices all read the registry, so a new measure is a kernel and one line here.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from graphkit.errors import QueryError
from graphkit.graph import display_name

if TYPE_CHECKING:
    import networkx as nx

BETWEENNESS_BUDGET = 1.2e8
"""Sources x arcs of exact betweenness work; above it betweenness is estimated from a sample of
sources (k = budget / arcs, at least `MIN_SAMPLE`), which keeps it within seconds at any size."""
MIN_SAMPLE = 500


@dataclass(frozen=True)
class Measure:
    """A centrality measure: its name, and the function of `graphkit.analysis.kernels` that
    scores it (by name: numpy and scipy load only when a measure runs)."""

    name: str
    kernel: str
    undirected: bool = False  # always read without directions (degree counts partners either way)
    needs_direction: bool = False  # meaningless without directions: refused with directed=False


REGISTRY: dict[str, Measure] = {measure.name: measure for measure in (
    Measure("degree", "degree", undirected=True),
    Measure("in-degree", "in_degree", needs_direction=True),
    Measure("out-degree", "out_degree", needs_direction=True),
    Measure("betweenness", "betweenness"),
    Measure("closeness", "closeness"),
    # on a directed network eigenvector is zero for every actor outside a directed cycle
    Measure("eigenvector", "eigenvector", undirected=True),
    Measure("pagerank", "pagerank"),
)}
MEASURES = tuple(REGISTRY)
"""The names of the measures, in the order tables list them."""
DIRECTED_ONLY = tuple(name for name, measure in REGISTRY.items() if measure.needs_direction)
"""The measures that need directions."""


def centrality(
    graph: "nx.MultiDiGraph",
    measure: str,
    *,
    weighted: bool = False,
    weight: str = "relationships",
    directed: bool = True,
    seed: int = 42,
    k: int | None = None,
) -> dict[str, float]:
    """Each actor's score for one measure, on the graph's projection (`graph.project`).

    - ``degree``: distinct actors tied to, either way, over n - 1 (weighted: the sum of the
      ties' weights over n - 1). ``in-degree``/``out-degree``: the same counting only ties in /
      out; a symmetric relationship (MET_WITH) counts both ways.
    - ``betweenness``: the share of shortest paths between other actors that pass through an
      actor, normalised as networkx does (1/((n-1)(n-2))). Exact while sources x arcs stays
      under `BETWEENNESS_BUDGET`; above it, or given `k`, estimated from k sources drawn with
      `seed` (`sample_size` says how many) and scaled by n/k (Brandes & Pich 2007): the
      estimate is unbiased and its error shrinks as 1/sqrt(k); benchmarks/README.md records
      its size on a 10,000-actor network.
    - ``closeness``: how near an actor is to the actors that reach it (incoming distances on a
      directed projection), with the Wasserman-Faust correction for disconnected networks, as
      networkx computes it.
    - ``eigenvector``: always on the undirected projection (on a directed network it is zero for
      every actor outside a directed cycle, which says nothing), unit length. On a disconnected
      network it is computed per component and is non-zero only in the component(s) with the
      largest eigenvalue: the limit of the power iteration from equal scores, as networkx's
      `eigenvector_centrality` gives on a connected network. An edgeless network scores 0.
    - ``pagerank``: damping 0.85, on the directed projection (undirected ties count both ways).

    `weighted` uses the projection's weights: the number of relationships between two actors, or
    of distinct sources citing them (`weight="sources"`); path measures read a weight w as a
    distance 1/w (a tie reported more often is a shorter one). `directed=False` projects onto an
    undirected graph first (in-degree and out-degree then have no meaning and are refused).

    >>> import networkx as nx
    >>> from graphkit.formats.networkx import from_networkx
    >>> g = from_networkx(nx.florentine_families_graph())
    >>> round(centrality(g, "betweenness")["Medici"], 3), round(centrality(g, "degree")["Medici"], 3)
    (0.522, 0.429)
    """
    return centralities(graph, [measure], weighted=weighted, weight=weight, directed=directed, seed=seed,
                        k=k)[measure]


def centralities(
    graph: "nx.MultiDiGraph",
    measures,
    *,
    weighted: bool = False,
    weight: str = "relationships",
    directed: bool = True,
    seed: int = 42,
    k: int | None = None,
) -> dict[str, dict[str, float]]:
    """Several measures at once (options as for `centrality`), projecting the graph only once
    per kind of projection they need. `graph` may also be a `graph.array_slices.Selection`: the
    large-scale path, with the same scores.

    >>> import networkx as nx
    >>> from graphkit.formats.networkx import from_networkx
    >>> found = centralities(from_networkx(nx.karate_club_graph()), ["pagerank", "degree"])
    >>> round(found["pagerank"]["33"], 4), round(found["degree"]["33"], 4)
    (0.1009, 0.5152)
    """
    chosen = [_measure(name, directed) for name in measures]
    if graph.number_of_nodes() == 0:
        return {measure.name: {} for measure in chosen}
    from graphkit.analysis import kernels

    run = kernels.Run(weighted=weighted, k=sample_size(graph, k), seed=seed)
    matrices: dict[bool, tuple] = {}
    result = {}
    for measure in chosen:
        on_directed = directed and not measure.undirected
        if on_directed not in matrices:
            project = getattr(graph, "projection", None)  # a `graph.array_slices.Selection` projects itself
            matrices[on_directed] = project(directed=on_directed, weighted=weighted, weight=weight) if project \
                else kernels.projection(graph, directed=on_directed, weighted=weighted, weight=weight)
        nodes, matrix = matrices[on_directed]
        scores = getattr(kernels, measure.kernel)(matrix, replace(run, directed=on_directed))
        result[measure.name] = {node: float(score) for node, score in zip(nodes, scores)}
    return result


def _measure(name: str, directed: bool) -> Measure:
    if name not in REGISTRY:
        raise QueryError(f"unknown measure {name!r}; choose from {', '.join(MEASURES)}")
    if REGISTRY[name].needs_direction and not directed:
        raise QueryError(f"{name} needs directions; drop the undirected option")
    return REGISTRY[name]


def sample_size(graph, k: int | None = None) -> int | None:
    """How many sources betweenness uses: None for all (exact), else the sample size.

    >>> import networkx as nx
    >>> from graphkit.formats.networkx import from_networkx
    >>> sample_size(from_networkx(nx.karate_club_graph())) is None
    True
    """
    n = graph.number_of_nodes()
    if k is not None:
        return None if k >= n else max(1, k)
    arcs = graph.number_of_edges() * 2  # symmetric ties count both ways; an upper bound
    if n * arcs <= BETWEENNESS_BUDGET:
        return None
    return min(n, max(MIN_SAMPLE, int(BETWEENNESS_BUDGET // max(arcs, 1))))


def rank(graph, scores: dict[str, float], top: int | None = None) -> list[dict[str, Any]]:
    """Rows (rank, id, name, kind, score), best first; equal scores share a rank (1, 2, 2, 4).
    `graph` is the graph scored, or a `graph.array_slices.Selection`.

    >>> import networkx as nx
    >>> from graphkit.formats.networkx import from_networkx
    >>> g = from_networkx(nx.florentine_families_graph())
    >>> [(row["rank"], row["id"]) for row in rank(g, centrality(g, "degree"), top=4)]
    [(1, 'Medici'), (2, 'Guadagni'), (2, 'Strozzi'), (4, 'Albizzi')]
    """
    def order(item):
        return -round(item[1], 12), str(item[0])

    # the first `top` of the full order (ids break ties, so it is one order): no sort of 10⁵ actors for 10 rows
    ordered = heapq.nsmallest(top, scores.items(), key=order) if top is not None else sorted(scores.items(), key=order)
    rows: list[dict[str, Any]] = []
    previous = None
    for position, (node, score) in enumerate(ordered, start=1):
        if top is not None and position > top:
            break
        if previous is None or round(score, 12) != previous[1]:
            previous = (position, round(score, 12))
        name, kind = graph.actor(node) if hasattr(graph, "actor") else (display_name(graph, node),
                                                                        graph.nodes[node].get("kind"))
        rows.append({"rank": previous[0], "id": node, "name": name, "kind": kind, "score": score})
    return rows
