"""What a slice kept and left out, in one line on stderr: the relationships kept, those left out
as undated, uncertain or not yet known, and the actors left out as unconnected or as not
existing then."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

_REASONS = (
    ("undated", "undated (their texts give no time; --undated include keeps them)"),
    ("uncertain", "that only may have held (--certain)"),
    ("not_yet_known", "not yet known (no source published by then)"),
)


def left_out_note(graph: "nx.MultiDiGraph", described: str) -> str:
    """What a time-sliced or known-by read kept and left out, from `graph.graph["left_out"]`
    (`graph`: the filtered graph, or a `graph.array_slices.Selection`).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(left_out={"undated": 3, "status": 1})
    >>> g.add_edge("a", "b", holds="may")
    0
    >>> for part in left_out_note(g, "as of 2023").split("; "):
    ...     print(part)
    as of 2023: 1 relationship kept (1 only may have held then)
    left out: 3 undated (their texts give no time
    --undated include keeps them)
    >>> left_out_note(nx.MultiDiGraph(filters={"types": ["FUNDS"]}, unconnected=2), "types FUNDS")
    'types FUNDS: 0 relationships kept; 2 actors left out as unconnected (no relationship in the slice: --keep-isolated keeps them)'
    >>> left_out_note(nx.MultiDiGraph(filters={"from": "2023-10-01"}, not_existing=1), "as of 2023-10").split("; ")[-1]
    '1 actor left out as not existing then (their own dates lie outside the window)'
    """
    kept = graph.number_of_edges()
    may = graph.may_count() if hasattr(graph, "may_count") else sum(  # a `graph.array_slices.Selection`
        1 for _, _, holds in graph.edges(data="holds") if holds == "may")
    text = f"{described}: {kept} relationship{'' if kept == 1 else 's'} kept"
    if may:
        text += f" ({may} only may have held then)"
    left_out = graph.graph.get("left_out") or {}
    parts = [f"{left_out[reason]} {words}" for reason, words in _REASONS if left_out.get(reason)]
    unconnected = graph.graph.get("unconnected") or 0
    actors = (f"; {unconnected} actor{'' if unconnected == 1 else 's'} left out as unconnected (no relationship "
              "in the slice: --keep-isolated keeps them)" if unconnected else "")
    not_existing = graph.graph.get("not_existing") or 0
    if not_existing:
        actors += (f"; {not_existing} actor{'' if not_existing == 1 else 's'} left out as not existing then "
                   "(their own dates lie outside the window)")
    filters = graph.graph.get("filters") or {}
    clocks = not filters or filters.get("from") is not None or filters.get("known_by") is not None
    if not parts:
        return text + ("; none left out as undated, uncertain or not yet known" if clocks else "") + actors
    return text + "; left out: " + ", ".join(parts) + actors
