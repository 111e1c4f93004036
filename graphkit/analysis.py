"""Centrality, communities and paths: plain functions over the graph form of `graphkit.graph`.

Each function takes the graph form (usually a slice made by `graph.filter_graph`) and projects it
onto the simple graph its measure needs (`graph.project`). Scores come back as plain dicts keyed
by actor id, ready for a table, a map or a notebook.

The measures run on sparse matrices (scipy), not on networkx's pure-Python loops, so that they
stay interactive on networks of 100,000 actors; the results are the same as networkx's (the tests
compare them) and as the published values for the classic networks.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import itertools
import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphkit.graph import filter_graph, project
from graphkit.model import PartialDate

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np

MEASURES = ("degree", "in-degree", "out-degree", "betweenness", "closeness", "eigenvector", "pagerank")
DIRECTED_ONLY = ("in-degree", "out-degree")

BETWEENNESS_BUDGET = 1.2e8
"""Sources x arcs of exact betweenness work; above it betweenness is estimated from a sample of
sources (k = budget / arcs, at least `MIN_SAMPLE`), which keeps it within seconds at any size."""
MIN_SAMPLE = 500
_BATCH_CELLS = 250_000  # sources x actors searched at once: arrays of a few MB, cache-sized


# --- Projections as sparse matrices --------------------------------------------------------------

def _matrix(graph, *, directed: bool, weighted: bool, weight: str = "relationships"):
    """The projection (`graph.project`) as actor ids and a CSR matrix of weights (or of ones).

    Built straight from the edges, without the intermediate networkx graph, which would cost
    more than most measures on a large network.
    """
    import networkx as nx
    import numpy as np
    import scipy.sparse as sp

    nodes = list(graph)
    if weighted and weight != "relationships":
        simple = project(graph, directed=directed, weight=weight)
        return nodes, nx.to_scipy_sparse_array(simple, nodelist=nodes, weight="weight" if weighted else None,
                                               dtype=float, format="csr")
    index = {node: i for i, node in enumerate(nodes)}
    arcs = np.array([(index[u], index[v], bool(both)) for u, v, both in
                     graph.edges(data="directed", default=True)], dtype=np.int64).reshape(-1, 3)
    u, v, one_way = arcs[:, 0], arcs[:, 1], arcs[:, 2].astype(bool)
    both = ~one_way if directed else np.ones(len(u), dtype=bool)
    rows, cols = np.concatenate([u, v[both]]), np.concatenate([v, u[both]])
    loop = rows == cols  # a tie to oneself says nothing about one's place among others
    n = len(nodes)
    matrix = sp.coo_array((np.ones(int((~loop).sum())), (rows[~loop], cols[~loop])), shape=(n, n)).tocsr()
    matrix.sum_duplicates()
    if not weighted:
        matrix.data[:] = 1.0
    return nodes, matrix


def _by_node(nodes: list, values) -> dict:
    return {node: float(value) for node, value in zip(nodes, values)}


# --- Measures --------------------------------------------------------------------------------------

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
    >>> from graphkit.graph import from_networkx
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
    per kind of projection they need.

    >>> import networkx as nx
    >>> from graphkit.graph import from_networkx
    >>> found = centralities(from_networkx(nx.karate_club_graph()), ["pagerank", "degree"])
    >>> round(found["pagerank"]["33"], 4), round(found["degree"]["33"], 4)
    (0.1009, 0.5152)
    """
    for measure in measures:
        if measure not in MEASURES:
            raise ValueError(f"unknown measure {measure!r}; choose from {', '.join(MEASURES)}")
        if measure in DIRECTED_ONLY and not directed:
            raise ValueError(f"{measure} needs directions; drop the undirected option")
    matrices: dict[bool, tuple] = {}
    result = {}
    for measure in measures:
        if graph.number_of_nodes() == 0:
            result[measure] = {}
            continue
        on_directed = directed and measure not in ("degree", "eigenvector")
        if on_directed not in matrices:
            matrices[on_directed] = _matrix(graph, directed=on_directed, weighted=weighted, weight=weight)
        nodes, matrix = matrices[on_directed]
        if measure in ("degree", "in-degree", "out-degree"):
            values = _degree(matrix, measure, weighted)
        elif measure == "pagerank":
            values = _pagerank(matrix)
        elif measure == "eigenvector":
            values = _eigenvector(matrix)
        elif measure == "closeness":
            values = _closeness(matrix, weighted)
        else:
            values = _betweenness(matrix, weighted, on_directed, sample_size(graph, k), seed)
        result[measure] = _by_node(nodes, values)
    return result


def sample_size(graph, k: int | None = None) -> int | None:
    """How many sources betweenness uses: None for all (exact), else the sample size.

    >>> import networkx as nx
    >>> from graphkit.graph import from_networkx
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


def _degree(matrix, measure: str, weighted: bool):
    import numpy as np

    n = matrix.shape[0]
    counted = matrix if weighted else (matrix != 0).astype(float)
    axis = 0 if measure == "in-degree" else 1
    values = np.asarray(counted.sum(axis=axis)).ravel()
    return values / (n - 1) if n > 1 else values * 0.0


def _pagerank(matrix, alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 1000):
    """Power iteration as networkx's `pagerank` (dangling actors spread their score evenly)."""
    import numpy as np
    import scipy.sparse as sp

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


def _eigenvector(matrix):
    """Per connected component, keeping the component(s) with the largest eigenvalue."""
    import numpy as np
    from scipy.sparse.csgraph import connected_components

    n = matrix.shape[0]
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
    import numpy as np
    from scipy.sparse.linalg import eigsh

    if matrix.shape[0] <= 500:
        values, vectors = np.linalg.eigh(matrix.toarray())
        value, vector = values[-1], vectors[:, -1]
    else:
        values, vectors = eigsh(matrix, k=1, which="LA", v0=np.ones(matrix.shape[0]), tol=1e-10)
        value, vector = values[0], vectors[:, 0]
    vector = np.abs(vector)
    return float(value), vector / np.linalg.norm(vector)


def _closeness(matrix, weighted: bool):
    """Closeness on incoming distances, with the Wasserman-Faust correction (as networkx)."""
    import numpy as np

    n = matrix.shape[0]
    total, reached = np.zeros(n), np.zeros(n)
    if weighted:
        from scipy.sparse.csgraph import dijkstra

        lengths = matrix.T.tocsr()  # distances *to* an actor are distances from it on the reverse
        lengths.data = 1.0 / lengths.data
        for batch in _batches(np.arange(n), n):
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


_WORDS = 4  # 64-bit words per actor in a bit-parallel search: 256 searches at once


def _distances_to(matrix, sources):
    """For each source, the sum of the hop distances from every actor that reaches it, and how
    many do: one breadth-first search per source, 64 per machine word (bit-parallel BFS).

    Bit i of actor v's words says that v is known to reach `sources[i]`; each level, an actor
    learns the bits of the actors its arcs point to, which is one gather and one OR-reduction
    over all arcs for up to 64 x `_WORDS` searches.
    """
    import numpy as np

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


@dataclass
class _Search:
    depth: "np.ndarray"  # cell s*n + v: hops from sources[s] to v, -1 if unreached
    sigma: "np.ndarray"  # shortest paths from sources[s] to v
    levels: list  # per level: the arcs (cell of parent, cell of child) of shortest paths


def _search(matrix, sources) -> _Search:
    """Breadth-first search from every source at once, level by level, in flat numpy arrays.

    A batch of b searches lives in arrays of b * n cells (cell s*n + v is actor v as seen from
    `sources[s]`), so each level is a handful of vectorised gathers and scatters over the arcs
    leaving the frontier; shortest paths are counted and their arcs kept for Brandes' backward
    pass.
    """
    import numpy as np

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


def _betweenness(matrix, weighted: bool, directed: bool, k: int | None, seed: int):
    import numpy as np

    n = matrix.shape[0]
    if n <= 2:
        return np.zeros(n)
    if weighted:
        return _betweenness_weighted(matrix, directed, k, seed)
    sources = np.arange(n) if k is None else np.array(sorted(random.Random(seed).sample(range(n), k)))
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


def _betweenness_weighted(matrix, directed: bool, k: int | None, seed: int):
    """Weighted betweenness (a weight w read as a distance 1/w): networkx's Dijkstra-based Brandes."""
    import networkx as nx
    import numpy as np

    graph = nx.from_scipy_sparse_array(matrix, create_using=nx.DiGraph if directed else nx.Graph)
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    found = nx.betweenness_centrality(graph, k=k, weight="distance", seed=seed)
    return np.array([found[i] for i in range(matrix.shape[0])])


# --- Ranking and time -----------------------------------------------------------------------------

def rank(graph, scores: dict[str, float], top: int | None = None) -> list[dict[str, Any]]:
    """Rows (rank, id, name, kind, score), best first; equal scores share a rank (1, 2, 2, 4).

    >>> import networkx as nx
    >>> from graphkit.graph import from_networkx
    >>> g = from_networkx(nx.florentine_families_graph())
    >>> [(row["rank"], row["id"]) for row in rank(g, centrality(g, "degree"), top=4)]
    [(1, 'Medici'), (2, 'Guadagni'), (2, 'Strozzi'), (4, 'Albizzi')]
    """
    ordered = sorted(scores.items(), key=lambda item: (-round(item[1], 12), str(item[0])))
    rows: list[dict[str, Any]] = []
    previous = None
    for position, (node, score) in enumerate(ordered, start=1):
        if top is not None and position > top:
            break
        if previous is None or round(score, 12) != previous[1]:
            previous = (position, round(score, 12))
        attrs = graph.nodes[node]
        rows.append({"rank": previous[0], "id": node, "name": attrs.get("name") or str(node),
                     "kind": attrs.get("kind"), "score": score})
    return rows


_STEP = re.compile(r"^\s*(\d+)\s*([ymd])\s*$", re.IGNORECASE)


def periods(start, end, step: str = "1y") -> list[tuple[str, dt.date, dt.date]]:
    """Consecutive periods (label, first day, last day) from `start`'s first day to `end`'s last.

    `step` is a count of years, months or days: ``1y``, ``6m``, ``1m``, ``10d``.

    >>> [label for label, _, _ in periods("2021", "2023")]
    ['2021', '2022', '2023']
    >>> periods("2023-01", "2023-12", "6m")[1]
    ('2023-07..2023-12', datetime.date(2023, 7, 1), datetime.date(2023, 12, 31))
    >>> [label for label, _, _ in periods("2023-11", "2024-01", "1m")]
    ['2023-11', '2023-12', '2024-01']
    """
    match = _STEP.match(step or "")
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"step {step!r} is not a count of years, months or days like 1y, 6m, 10d")
    count, unit = int(match.group(1)), match.group(2).lower()
    first, last = PartialDate.parse(start).earliest, PartialDate.parse(end).latest
    if first > last:
        raise ValueError(f"the period starts ({start}) after it ends ({end})")
    result = []
    for index in itertools.count():
        begin = _advance(first, index * count, unit)
        if begin > last:
            return result
        stop = min(_advance(first, (index + 1) * count, unit) - dt.timedelta(days=1), last)
        result.append((_label(begin, stop), begin, stop))


def _advance(day: dt.date, count: int, unit: str) -> dt.date:
    """`day` moved on by `count` days, months or years (a 31st becomes the month's last day)."""
    if unit == "d":
        return day + dt.timedelta(days=count)
    months = day.month - 1 + count * (12 if unit == "y" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _label(first: dt.date, last: dt.date) -> str:
    """The shortest partial-date text for a period: 2023, 2023-10, or a range."""
    for text in (f"{first.year:04d}", f"{first.year:04d}-{first.month:02d}", first.isoformat()):
        date = PartialDate(text)
        if (date.earliest, date.latest) == (first, last):
            return text
    for text_first, text_last in ((f"{first.year:04d}", f"{last.year:04d}"),
                                  (f"{first:%Y-%m}", f"{last:%Y-%m}")):
        if PartialDate(text_first).earliest == first and PartialDate(text_last).latest == last:
            return f"{text_first}..{text_last}"
    return f"{first.isoformat()}..{last.isoformat()}"


def date_span(graph) -> tuple[str, str] | None:
    """The first and last day any relationship of the graph may be in force (None if undated)."""
    days = [day for _, _, data in graph.edges(data=True)
            for day in (data.get("valid_from"), data.get("valid_to")) if day]
    return (min(days), max(days)) if days else None


def centrality_over_time(graph, measure: str, start, end, step: str = "1y", **options) -> list[dict]:
    """Each period's scores and ranks: the measure on the slice of relationships overlapping it.

    A period's network is every relationship that may be in force on some day of the period
    (`filter_graph(between=...)`), so a meeting in March counts for its year; the slice of a
    single day would drop most point events. `options` go to `centrality`; filter the graph
    (types, kinds, statuses) before calling. Returns one dict per period: label, from, to,
    the number of relationships in the slice, and `rows` as `rank` gives them (every actor).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for u, v, year in [("a", "b", 2021), ("a", "c", 2021), ("b", "c", 2022), ("c", "d", 2022)]:
    ...     _ = g.add_edge(u, v, key=f"{u}{v}", type="MET_WITH", status="reported", directed=False,
    ...                    valid_from=f"{year}-01-01", valid_to=f"{year}-12-31")
    >>> result = centrality_over_time(g, "degree", "2021", "2022")
    >>> [(p["period"], p["rows"][0]["id"], p["relationships"]) for p in result]
    [('2021', 'a', 2), ('2022', 'c', 2)]
    """
    result = []
    for label, first, last in periods(start, end, step):
        window = filter_graph(graph, statuses=_all_statuses(graph), between=(first, last))
        scores = centrality(window, measure, **options)
        result.append({"period": label, "from": first.isoformat(), "to": last.isoformat(),
                       "relationships": window.number_of_edges(), "rows": rank(window, scores)})
    return result


def _all_statuses(graph) -> set[str]:
    """Every status present: statuses are filtered once, before slicing."""
    return {data.get("status") or "reported" for _, _, data in graph.edges(data=True)}


# --- Communities and paths -------------------------------------------------------------------------

def communities(graph, *, seed: int = 42, weighted: bool = True, resolution: float = 1.0) -> dict[str, Any]:
    """Louvain communities of the undirected projection, largest first, with the ties between them.

    Returns ``{"modularity", "communities": [{"id", "size", "members"}], "links": [{"from",
    "to", "relationships"}]}``; members are sorted by their number of ties, most first, and
    `links` counts the relationships between two communities. `seed` makes the result the same
    on every run; isolated actors form communities of one.

    >>> import networkx as nx
    >>> from graphkit.graph import from_networkx
    >>> found = communities(from_networkx(nx.karate_club_graph()))
    >>> round(found["modularity"], 2), [c["members"][:2] for c in found["communities"]]
    (0.39, [['0', '2'], ['33', '32'], ['31', '24']])
    """
    import networkx as nx

    simple = project(graph, directed=False)
    parts = nx.community.louvain_communities(simple, weight="weight" if weighted else None,
                                             seed=seed, resolution=resolution)
    ties = dict(simple.degree(weight="weight"))
    parts = sorted((sorted(part, key=lambda node: (-ties[node], str(node))) for part in parts),
                   key=lambda members: (-len(members), str(members[0])))
    member_of = {node: index for index, part in enumerate(parts, start=1) for node in part}
    links: dict[tuple[int, int], int] = {}
    for u, v, count in simple.edges(data="weight"):
        a, b = sorted((member_of[u], member_of[v]))
        if a != b:
            links[(a, b)] = links.get((a, b), 0) + count
    return {
        "modularity": nx.community.modularity(simple, parts, weight="weight") if simple.number_of_edges() else 0.0,
        "communities": [{"id": index, "size": len(part), "members": part}
                        for index, part in enumerate(parts, start=1)],
        "links": [{"from": a, "to": b, "relationships": count}
                  for (a, b), count in sorted(links.items(), key=lambda item: (-item[1], item[0]))],
    }


class ActorNotFound(LookupError):
    """No actor, or more than one, answers to a name; the message says which ones come close."""


def resolve_actor(graph, text: str) -> str:
    """The id of the actor called `text`: its id, name or an alias, in any case.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("anwar-ibrahim", name="Anwar Ibrahim", aliases=["Anwar"])
    >>> resolve_actor(g, "ANWAR"), resolve_actor(g, "anwar ibrahim")
    ('anwar-ibrahim', 'anwar-ibrahim')
    >>> resolve_actor(g, "Anwar Ibrahm")
    Traceback (most recent call last):
    ...
    graphkit.analysis.ActorNotFound: no actor called 'Anwar Ibrahm'; did you mean 'Anwar Ibrahim' (anwar-ibrahim)?
    """
    if text in graph:
        return text
    wanted = text.strip().casefold()
    names: dict[str, set[str]] = {}
    for node, attrs in graph.nodes(data=True):
        for name in [str(node), attrs.get("name")] + list(attrs.get("aliases") or []):
            if name:
                names.setdefault(str(name).casefold(), set()).add(node)
    matches = names.get(wanted, set())
    if len(matches) == 1:
        return next(iter(matches))
    if matches:
        listed = ", ".join(sorted(map(str, matches)))
        raise ActorNotFound(f"{text!r} names several actors ({listed}); use an id")
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    hint = ""
    if close:
        options = [f"{_display(graph, node)!r} ({node})" for name in close for node in sorted(names[name])]
        hint = f"; did you mean {' or '.join(dict.fromkeys(options))}?"
    raise ActorNotFound(f"no actor called {text!r}{hint}")


def _display(graph, node) -> str:
    return graph.nodes[node].get("name") or str(node)


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
    relationship's fields and its citations resolved to their sources (`citations[i]["title"]`).
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
    found = []
    for x, y in ((u, v), (v, u)) if u != v else ((u, v),):
        for key, data in (graph.get_edge_data(x, y) or {}).items():
            record = dict(data, id=data.get("id", key), source=x, target=y)
            record["citations"] = [dict(c, **{"title": (sources.get(c.get("source")) or {}).get("title"),
                                              "url": (sources.get(c.get("source")) or {}).get("url")})
                                   for c in data.get("citations") or ()]
            found.append(record)
    return sorted(found, key=lambda r: (r.get("valid_from") or "", str(r["id"])))
