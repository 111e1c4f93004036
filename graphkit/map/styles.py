"""How the map looks: colours, shapes and dashes from the vocabulary, and vis-network's options."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from graphkit.vocabulary import vocabulary

if TYPE_CHECKING:
    import networkx as nx

STABILIZATION_ITERATIONS = 200
FALLBACK_COLOR = "#999999"
# The map's palette: one hue per relationship family (vocabulary.yaml gives each type its family).
FAMILY_COLORS = {
    "organisational": "#4c72b0",
    "diplomatic": "#17becf",
    "contact": "#bcbd22",
    "cooperation": "#2ca02c",
    "stance": "#e377c2",
    "legal": "#8c564b",
    "violence": "#d62728",
    "event": "#9467bd",
    "media": "#7f7f7f",
    "economic": "#ff7f0e",
    "personal": "#8c6d31",
}
# How each status is drawn; the legend shows the same. Every status stays plainly visible (a denied
# claim shown is there to be read): they differ by their dash pattern, never by fading away.
STATUS_STYLES = {
    "confirmed": {"width": 3.0, "dashes": False, "opacity": 1.0},
    "reported": {"width": 1.5, "dashes": False, "opacity": 1.0},
    "alleged": {"width": 2.0, "dashes": [10, 6], "opacity": 1.0},
    "disputed": {"width": 2.0, "dashes": [2, 5], "opacity": 1.0},
    "denied": {"width": 2.0, "dashes": [12, 4, 2, 4], "opacity": 0.85},
}
# A relationship that only may have held on the chosen day is drawn with this share of its
# status's opacity (never below the floor): clearly fainter, never invisible.
FADE = {"factor": 0.4, "floor": 0.2}
# How a diff map colours what changed between its two days (the legend shows the same).
DIFF_COLORS = {"began": "#1a9850", "appeared": "#1a9850", "ended": "#d73027", "disappeared": "#d73027",
               "changed": "#f28e00", "same": "#a0a0a0"}
DIFF_ACTOR_BORDER = {"entered": "#1a9850", "left": "#d73027"}
# vis-network's built-in shapes that need no image.
SHAPES = {"dot", "square", "triangle", "triangleDown", "diamond", "star", "hexagon", "ellipse",
          "circle", "box", "database", "text"}
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def label(value: Any) -> str:
    """A kind, type or status as the legend names it; a missing one is "(none)"."""
    return "(none)" if value is None or value == "" else str(value)


def legend(graph: "nx.MultiDiGraph", more_statuses=()) -> tuple[dict, dict, dict]:
    """Legend entries for the kinds, types and statuses in the graph (and `more_statuses`: those a
    relationship had earlier in the published record), drawn from the vocabulary: the vocabulary's
    order first, then any other name found, sorted. A status the graph's filters left out (its
    `filters`, from `graph.filter_graph`) starts unticked: its box is off (`shown`)."""
    vocab = vocabulary()
    present_kinds = {label(kind) for _, kind in graph.nodes(data="kind")}
    kinds = {}
    for kind in _ordered(present_kinds, vocab.actor_kinds):
        spec = vocab.actor_kinds.get(kind)
        color, shape = (str(spec.color or ""), str(spec.shape or "")) if spec else ("", "")
        kinds[kind] = {"color": color if _HEX_COLOR.match(color) else FALLBACK_COLOR,
                       "shape": shape if shape in SHAPES else "dot",
                       "description": spec.description if spec else None}

    present_types = {label(t) for _, _, t in graph.edges(data="type")}
    by_family: dict[str, list[str]] = defaultdict(list)
    for name, spec in vocab.relationship_types.items():
        by_family[spec.family].append(name)
    types = {}
    for name in _ordered(present_types, vocab.relationship_types):
        spec = vocab.relationship_types.get(name)
        family = spec.family if spec else "other"
        siblings = by_family.get(family, [name])
        position = siblings.index(name) if name in siblings else 0
        shade = (position / (len(siblings) - 1) - 0.5) * 0.6 if len(siblings) > 1 else 0.0
        types[name] = {"color": _shade(FAMILY_COLORS.get(family, FALLBACK_COLOR), shade), "family": family,
                       "directed": spec.directed if spec else True,
                       "description": spec.description if spec else None}

    present_statuses = {label(s or "reported") for _, _, s in graph.edges(data="status")}
    present_statuses.update(label(s) for s in more_statuses)
    kept = (graph.graph.get("filters") or {}).get("statuses")
    statuses = {name: {**STATUS_STYLES.get(name, STATUS_STYLES["reported"]), "description": vocab.statuses.get(name),
                       "shown": kept is None or name in kept}
                for name in _ordered(present_statuses, vocab.statuses)}
    return kinds, types, statuses


def _ordered(present: set[str], known) -> list[str]:
    return [name for name in known if name in present] + sorted(present - set(known))


def _shade(color: str, amount: float) -> str:
    """Lighten (amount > 0) or darken (< 0) a #rrggbb colour.

    >>> _shade("#808080", 0.5), _shade("#808080", -0.5)
    ('#c0c0c0', '#404040')
    """
    channels = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    target = 255 if amount > 0 else 0
    return "#" + "".join(f"{round(c + (target - c) * abs(amount)):02x}" for c in channels)


def node_color(color: str) -> dict[str, Any]:
    """An actor's colours: its kind's colour, a darker border, black when selected or hovered."""
    border = _shade(color, -0.3)
    return {"background": color, "border": border,
            "highlight": {"background": color, "border": "#000000"},
            "hover": {"background": color, "border": "#000000"}}


def network_options(big: bool, n: int) -> dict[str, Any]:
    """vis-network options: a short bounded stabilisation for small maps, none for big ones."""
    return {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.2},
                  "selectionWidth": 2, "hoverWidth": 0.5},
        "physics": {
            "enabled": not big,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.015,
                                 "springLength": 90, "springConstant": 0.06, "avoidOverlap": 0.4},
            "stabilization": {"enabled": not big, "iterations": STABILIZATION_ITERATIONS,
                              "updateInterval": 50, "fit": True},
        },
        "layout": {"improvedLayout": not big and n <= 150, "randomSeed": 7},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False},
    }
