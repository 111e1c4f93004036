"""A diff map's graph: one network on two days side by side, each relationship and actor marked
with what changed in between.

The two days are two days of one clock: valid time (what held on A, what held on B) or knowledge
time (what the published record said by A, and by B). Each side is `graph.filter_graph` with the
same filters, and what changed is `analysis.diff_graphs`, so a diff map colours exactly what
`graphkit diff` lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit.analysis import CLOCKS, diff_graphs
from graphkit.dates import PartialDate
from graphkit.errors import FilterError
from graphkit.graph import filter_graph

if TYPE_CHECKING:
    import networkx as nx

CLOCK_FILTERS = {"valid": "as_of", "known": "known_by"}
"""The clocks a diff compares, and the `filter_graph` keyword each moves."""
CHANGES = {clock: (*CLOCKS[clock], "changed", "same") for clock in CLOCK_FILTERS}
"""Per clock, what happened to a relationship between the two days (`analysis.diff_graphs`'s
words): it is only in the later slice, only in the earlier, in both with another status or
certainty, or in both alike."""
ACTOR_CHANGES = ("entered", "left", "same")
"""An actor tied by some relationship only on the later day, only on the earlier, or otherwise."""


def diff_graph(graph: "nx.MultiDiGraph", first: Any, second: Any, *, clock: str = "valid",
               **filters: Any) -> "nx.MultiDiGraph":
    """The relationships and actors of `graph` on either of two days, each marked with what changed.

    `clock` is "valid" (the network as of `first`, then as of `second`) or "known" (as known by
    each). `filters` are `filter_graph`'s other keywords, applied to both days alike (statuses
    after each day's statuses are recomputed). Each edge gets `change` (one of `CHANGES[clock]`)
    with its `status_before` / `status_after` and `holds_before` / `holds_after` (None where it
    is absent); each actor gets `change` (one of `ACTOR_CHANGES`). The graph's `diff` says which
    clock, which days, how many of each and what each day left out.

    >>> import networkx as nx
    >>> from graphkit.dates import valid_time
    >>> g = nx.MultiDiGraph(sources={})
    >>> for node in "abc": g.add_node(node, kind="Group")
    >>> def edge(u, v, key, **dates):
    ...     t = valid_time(**{name: PartialDate.parse(day, open_allowed=True) for name, day in dates.items()})
    ...     g.add_edge(u, v, key, type="SUPPORTS", status="reported", timing=t.kind, earliest_start=t.earliest_start,
    ...                latest_start=t.latest_start, earliest_end=t.earliest_end, latest_end=t.latest_end)
    >>> edge("a", "b", "old", start="2010", end="2015"); edge("a", "c", "new", start="2019", end="..")
    >>> edge("b", "c", "both", start="2001")
    >>> d = diff_graph(g, "2012", "2020")
    >>> sorted(d.edges(keys=True, data="change"))
    [('a', 'b', 'old', 'ended'), ('a', 'c', 'new', 'began'), ('b', 'c', 'both', 'same')]
    >>> d.graph["diff"]["counts"]
    {'began': 1, 'ended': 1, 'changed': 0, 'same': 1}
    >>> sorted(d.nodes(data="change"))
    [('a', 'same'), ('b', 'same'), ('c', 'same')]
    """
    import networkx as nx

    if clock not in CLOCK_FILTERS:
        raise FilterError(f"a diff compares valid or known time, not {clock!r}", hint="use clock='valid' or 'known'")
    keyword = CLOCK_FILTERS[clock]
    if filters.get(keyword) is not None or (clock == "valid" and filters.get("between") is not None):
        raise FilterError(f"a diff of {clock} time sets {keyword} itself, for each of its two days",
                          hint=f"leave out {keyword} (the other clock can still cut both days)")
    first, second = PartialDate.parse(first), PartialDate.parse(second)
    if first.earliest > second.latest:
        raise FilterError(f"diff: {first} is after {second}", hint="give the earlier day first")
    filters = {name: value for name, value in filters.items() if name not in (keyword, "between")}
    before = filter_graph(graph, **filters, **{keyword: first})
    after = filter_graph(graph, **filters, **{keyword: second})
    found = diff_graphs(before, after, clock=clock, top=1, labels=(str(first), str(second)))

    later, earlier, changed, same = CHANGES[clock]
    rows = {(row["from"], row["to"], row["id"]): row["change"] for row in found["relationships"]}
    actors = {row["id"]: row["change"] for row in found["actors"]}
    result = nx.MultiDiGraph(**graph.graph)
    result.graph["filters"] = after.graph["filters"]
    for node in list(before) + [node for node in after if node not in before]:
        data = after.nodes[node] if node in after else before.nodes[node]
        result.add_node(node, **data, change=actors.get(node, "same"))
    counts = dict.fromkeys(CHANGES[clock], 0)
    ends = dict.fromkeys([*before.edges(keys=True), *after.edges(keys=True)])
    for u, v, key in ends:
        old = before.edges[u, v, key] if before.has_edge(u, v, key) else None
        new = after.edges[u, v, key] if after.has_edge(u, v, key) else None
        data = new if new is not None else old
        change = rows.get((u, v, data.get("id", key)), same)
        counts[change] += 1
        sides = {f"{name}_{side}": None if edge is None else edge.get(name) or default
                 for name, default in (("status", "reported"), ("holds", None))
                 for side, edge in (("before", old), ("after", new))}
        result.add_edge(u, v, key, **{name: value for name, value in data.items() if name != "holds"},
                        change=change, **sides)
    result.graph["diff"] = {
        "clock": clock, "from": str(first), "to": str(second), "counts": counts,
        "actors": {name: sum(1 for _, c in result.nodes(data="change") if c == name) for name in ACTOR_CHANGES},
        "left_out": {"before": before.graph["left_out"], "after": after.graph["left_out"]},
    }
    return result
