"""How the map draws a network, for other tools: each actor's colour, size, shape and position and
each relationship's colour, width, dashes and opacity, from the same legend and the same sizing as
the map, so that a GEXF or GraphML file opens in Gephi styled as the map draws it.

Positions come from `layout.spread_layout` (what the map draws for big networks; small maps settle
their own in the browser, so their picture differs in placement, not in colours or sizes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphkit.analysis import centrality
from graphkit.map.layout import spread_layout
from graphkit.map.styles import label, legend

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class Look:
    """What the map draws, by actor (`nodes`) and by relationship (`edges`, keyed (u, v, key))."""

    nodes: dict[Any, dict[str, Any]] = field(default_factory=dict)  # color, size, shape, x, y
    edges: dict[tuple, dict[str, Any]] = field(default_factory=dict)  # color, width, dash (None: solid), opacity


def actor_size(score: float, top: float) -> float:
    """An actor's size on the map: 10 to 40 by the square root of its share of the top score.

    >>> actor_size(0.0, 1.0), actor_size(0.25, 1.0), actor_size(1.0, 1.0)
    (10.0, 25.0, 40.0)
    """
    return round(10 + 30 * math.sqrt(abs(score) / (top or 1.0)), 2)


def look_of(graph: "nx.MultiDiGraph", *, size_by: str = "degree") -> Look:
    """The map's look of `graph`: colours by kind and type, sizes by `size_by`, widths and dashes
    by status, positions by `spread_layout`.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="Person", name="A"); g.add_node("b", kind="Government", name="B")
    >>> _ = g.add_edge("a", "b", key="r", type="MEMBER_OF", status="alleged")
    >>> look = look_of(g)
    >>> look.nodes["a"]["color"], look.nodes["a"]["shape"], bool(look.edges[("a", "b", "r")]["dash"])
    ('#e6550d', 'dot', True)
    """
    kinds, types, statuses = legend(graph)
    scores = {node: float(value or 0) for node, value in centrality(graph, size_by).items()}
    top = max((abs(score) for score in scores.values()), default=0.0) or 1.0
    positions = spread_layout(graph)
    look = Look()
    for node, data in graph.nodes(data=True):
        kind = kinds[label(data.get("kind"))]
        x, y = positions.get(node, (0.0, 0.0))
        look.nodes[node] = {"color": kind["color"], "shape": kind["shape"],
                            "size": actor_size(scores.get(node, 0.0), top), "x": round(float(x), 2),
                            "y": round(float(y), 2)}
    for u, v, key, data in graph.edges(keys=True, data=True):
        status = statuses[label(data.get("status") or "reported")]
        look.edges[(u, v, key)] = {"color": types[label(data.get("type"))]["color"], "width": status["width"],
                                   "dash": status["dashes"] or None, "opacity": status["opacity"]}
    return look
