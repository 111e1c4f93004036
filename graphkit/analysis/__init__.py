"""Centrality, communities and paths: plain functions over the graph form of `graphkit.graph`.

Each function takes the graph form (usually a slice made by `graph.filter_graph`) and projects it
onto the simple graph its measure needs (`graph.project`). Scores come back as plain dicts keyed
by actor id, ready for a table, a map or a notebook.

- `measures`: the registry of centrality measures (`REGISTRY`, `MEASURES`), `centrality`,
  `centralities`, `rank`, `sample_size`;
- `kernels`: the sparse-matrix computations behind them (numpy and scipy, loaded only when a
  measure runs), so that they stay interactive on networks of 100,000 actors;
- `over_time`: `periods`, `centrality_over_time`, `leaders`, `date_span`;
- `communities` and `paths`: `communities`, `shortest_paths`, `k_shortest_paths`, `simple_paths`
  and their `Hop`;
- `brokers`: `brokers`, the actors on the paths between two others, ranked;
- `signed`: `balance`, `signed_ties`, `by_stance`: the vocabulary's stances as signed ties
  (structural balance, coalitions, frustrated ties);
- `diff`: `diff_graphs`, what changed between two slices (two valid dates or two knowledge dates);
- `evidence`: how results tell a relationship's time (`when_text`) and citations (`evidence`).

>>> import networkx as nx
>>> from graphkit.formats.networkx import from_networkx
>>> g = from_networkx(nx.florentine_families_graph())
>>> [row["id"] for row in rank(g, centrality(g, "betweenness"), top=2)]
['Medici', 'Guadagni']
"""

from graphkit.analysis.brokers import brokers
from graphkit.analysis.communities import communities
from graphkit.analysis.diff import CLOCKS, diff_graphs
from graphkit.analysis.evidence import evidence, when_text
from graphkit.analysis.measures import (
    BETWEENNESS_BUDGET,
    DIRECTED_ONLY,
    MEASURES,
    MIN_SAMPLE,
    REGISTRY,
    Measure,
    centralities,
    centrality,
    rank,
    sample_size,
)
from graphkit.analysis.over_time import centrality_over_time, date_span, leaders, periods
from graphkit.analysis.paths import Hop, k_shortest_paths, shortest_paths, simple_paths
from graphkit.analysis.signed import balance, by_stance, signed_ties

__all__ = [
    "BETWEENNESS_BUDGET", "CLOCKS", "DIRECTED_ONLY", "MEASURES", "MIN_SAMPLE", "REGISTRY", "Hop", "Measure",
    "balance", "brokers", "by_stance", "centralities", "centrality", "centrality_over_time", "communities",
    "date_span", "diff_graphs", "evidence", "k_shortest_paths", "leaders", "periods", "rank", "sample_size",
    "shortest_paths", "signed_ties", "simple_paths", "when_text",
]
