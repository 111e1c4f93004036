"""The graph form turned into everything the page shows: the network to draw and each record's details.

pyvis builds the network's node and edge dicts; the details of every actor, relationship and
cited source travel beside them. Values stay typed here (partial dates, days); the page's JSON
writer (`page.script_json`) turns them into text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from graphkit import __version__
from graphkit.analysis import centrality, when_text
from graphkit.graph import CITATION_ATTRIBUTES, EDGE_ATTRIBUTES, derived_status, display_name, ego, resolve_actor
from graphkit.graph.form import citation_kind
from graphkit.map.header import made_with
from graphkit.map.layout import spread_layout
from graphkit.map.look import actor_size
from graphkit.map.styles import (DIFF_ACTOR_BORDER, DIFF_COLORS, FADE, FALLBACK_COLOR, label, legend, network_options,
                                 node_color)
from graphkit.map.timeline import date_range, known_day, known_steps
from graphkit.model import PartialDate
from graphkit.vocabulary import vocabulary

if TYPE_CHECKING:
    import networkx as nx

LAYOUT_THRESHOLD = 300  # above this many actors the layout is computed in Python, not the browser
# The relationship fields a relationship's details show, beside its ends, type, status, direction
# and citations: every other attribute of the graph form, in its order; and what a slice or a diff
# adds (`holds`: whether it held in the slice's window; `change` and the two sides of a diff).
_EDGE_DETAILS = tuple(name for name in EDGE_ATTRIBUTES
                      if name not in ("id", "type", "status", "directed", "citations", "dataset")) + (
    "holds", "change", "status_before", "status_after", "holds_before", "holds_after")


def map_data(
    graph: "nx.MultiDiGraph",
    *,
    title: str | None = None,
    size_by: str | None = None,
    focus: str | None = None,
    depth: int | None = 1,
    layout_threshold: int = LAYOUT_THRESHOLD,
    keep_isolated: bool = False,
) -> dict[str, Any]:
    """Everything the page shows, as plain data: the pyvis network plus the details of each record.

    `title` defaults to the dataset's. `size_by` names the measure that sizes the actors
    (`graphkit.analysis.MEASURES`; degree by default). `focus` (an actor's id, name or alias) is
    the actor the page selects first; the map keeps only the actors within `depth` ties of it, or
    every actor with ``depth=None`` (for a graph already cut around it, whose `focus` graph
    attribute, ``{"depth": n}``, says how deep). Graphs of more than `layout_threshold` actors are
    laid out here (`spread_layout`) and drawn without physics. When the page's own filters or time
    slider leave an actor with no relationship shown, the page hides it, unless `keep_isolated`
    (as ``--keep-isolated`` does on the command line).
    """
    center = None
    cut = (graph.graph.get("focus") or {}).get("depth")
    if focus is not None:
        center = resolve_actor(graph, focus)
        if depth is not None:
            graph = ego(graph, center, depth)
            cut = depth
    measure = size_by or "degree"
    scores = {node: _number(value) for node, value in centrality(graph, measure).items()}
    big = graph.number_of_nodes() > layout_threshold
    positions = spread_layout(graph) if big else {}
    sources = graph.graph.get("sources") or {}
    steps = {(u, v, key): known_steps(data, sources) for u, v, key, data in graph.edges(keys=True, data=True)}
    kinds, types, statuses = legend(graph, {step[1] for edge in steps.values() for step in edge})
    diff = graph.graph.get("diff")

    net = Network(directed=True)  # directed, so that pyvis keeps every parallel edge
    top = max((abs(score) for score in scores.values()), default=0.0) or 1.0
    actors = []
    for node, data in graph.nodes(data=True):
        kind = label(data.get("kind"))
        name = str(display_name(graph, node))
        score = scores.get(node, 0.0)
        item = {
            "color": node_color(kinds[kind]["color"]),
            "size": actor_size(score, top),
            "title": f"{name} ({kind})",
        }
        if node in positions:
            item["x"], item["y"] = positions[node]
        if diff and data.get("change") in DIFF_ACTOR_BORDER:  # a diff map rings who entered or left
            item["color"] = {**item["color"], "border": DIFF_ACTOR_BORDER[data["change"]]}
            item["borderWidth"] = 3
        # pyvis's Network.add_node scans a list for duplicates (quadratic); its Node class builds
        # the same dict directly, so 10,000 actors take milliseconds
        net.nodes.append(Node(node, kinds[kind]["shape"], label=name, **item).options)
        exists_from, exists_to = _exists(data.get("start"), data.get("end"))
        actors.append(_compact({
            "id": node, "name": name, "kind": kind,
            "aliases": [str(alias) for alias in data.get("aliases") or ()],
            "country": data.get("country"), "description": data.get("description"),
            "start": data.get("start"), "end": data.get("end"),
            "exists_from": exists_from, "exists_to": exists_to, "score": score,
            "change": data.get("change") if diff else None,
            "merged_from": [str(member) for member in data.get("merged_from") or ()] or None,
        }))
    net.node_ids = [item["id"] for item in net.nodes]
    net.node_map = {item["id"]: item for item in net.nodes}

    cited: set[str] = set()
    relationships = []
    lanes = _lanes(graph)
    seen_ids: Counter = Counter()
    # a graph of several datasets (merged) says which dataset each relationship comes from
    several = len({data.get("dataset") for _, _, data in graph.edges(data=True) if data.get("dataset")}) > 1
    for u, v, key, data in graph.edges(keys=True, data=True):
        rel_id = _edge_id(key, seen_ids)
        type_ = label(data.get("type"))
        status = label(data.get("status") or "reported")
        directed = bool(data.get("directed", types[type_]["directed"]))
        look = statuses[status]
        faded = data.get("holds") == "may"  # a slice's relationship that only may have held in it
        tooltip = " · ".join(part for part in (type_.replace("_", " ").lower(), status, when_text(data)) if part)
        color = DIFF_COLORS.get(data.get("change"), FALLBACK_COLOR) if diff else types[type_]["color"]
        item = {
            "id": rel_id,
            "color": {"color": color, "highlight": color, "hover": color,
                      "opacity": max(FADE["floor"], look["opacity"] * FADE["factor"]) if faded else look["opacity"]},
            "width": look["width"],
            "dashes": look["dashes"],
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.6}},
            "title": tooltip,
        }
        lane = lanes.get((u, v, key))
        if lane is not None:
            item["smooth"] = lane
        net.edges.append(Edge(u, v, directed=True, **item).options)
        # each citation with the day it became known (its `known` date is its own date, else its
        # source's publication: the page shows those, so it need not travel twice)
        # and its kind: a quote of a document, or a register's record (shown as a record, never quoted)
        citations = [_compact({**{name: c.get(name) for name in CITATION_ATTRIBUTES if name != "known"},
                               "source": str(c.get("source")), "known_day": known_day(c),
                               "kind": citation_kind(c)})
                     for c in data.get("citations") or ()]
        cited.update(c["source"] for c in citations)
        # a status set by hand (with its note) beside the status its citations alone give
        cited_status = _cited_status(data.get("citations") or (), sources) if data.get("status_note") else None
        relationships.append(_compact({
            "id": rel_id, "relationship": data.get("id", key), "from": u, "to": v, "type": type_,
            "status": status, "directed": directed, "citations": citations,
            **{name: data.get(name) for name in _EDGE_DETAILS},
            "timing": data.get("timing") or "undated",
            "cited_status": cited_status if cited_status and cited_status != status else None,
            "steps": steps[(u, v, key)],
            "dataset": data.get("dataset") if several else None,
        }))

    first, last = date_range(graph)
    return {
        "title": str(title or graph.graph.get("title") or graph.graph.get("name") or "graphkit map"),
        "dataset": graph.graph.get("name"),
        "description": graph.graph.get("description"),
        "generator": f"graphkit {__version__}",
        "measure": measure,
        "physics": not big,
        "first_day": first,
        "last_day": last,
        "focus": center,
        "made_with": made_with(graph.graph.get("filters"), None if diff else
                               {**(graph.graph.get("left_out") or {}), "unconnected": graph.graph.get("unconnected")},
                               list(vocabulary().statuses), diff=diff, keep_isolated=keep_isolated, depth=cut,
                               focus=display_name(graph, center) if center is not None else None),
        "keep_isolated": bool(keep_isolated),
        "diff": {**diff, "colors": {change: DIFF_COLORS.get(change, FALLBACK_COLOR) for change in diff["counts"]}}
        if diff else None,
        "fade": FADE,
        "network": {"nodes": net.nodes, "edges": net.edges, "options": network_options(big, graph.number_of_nodes())},
        "actors": actors,
        "relationships": relationships,
        "sources": {str(key): dict(record) for key, record in sources.items() if str(key) in cited},
        "kinds": kinds,
        "types": types,
        "statuses": statuses,
    }


def _lanes(graph: "nx.MultiDiGraph") -> dict[tuple, dict[str, Any]]:
    """A curve for each edge that shares its pair of actors with others, so all stay visible."""
    pairs: dict[frozenset, list[tuple]] = defaultdict(list)
    for u, v, key in graph.edges(keys=True):
        pairs[frozenset((u, v))].append((u, v, key))
    lanes = {}
    for edges in pairs.values():
        if len(edges) < 2:
            continue
        first = edges[0][0]
        for i, (u, v, key) in enumerate(edges):
            clockwise = (u == first) == (i % 2 == 0)
            lanes[(u, v, key)] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
                                  "roundness": round(0.15 + 0.15 * (i // 2), 2)}
    return lanes


def _exists(start: Any, end: Any) -> tuple[dt.date | None, dt.date | None]:
    """The days an actor may exist on (as `graph.filter_graph` reads its start and end)."""
    if any(value and not isinstance(value, PartialDate) for value in (start, end)):
        return None, None  # dates we cannot read do not hide an actor
    return (start.earliest if start else None, end.latest if end else None)


def _cited_status(citations, sources) -> str | None:
    """The status the citations alone give (None if they give none, or name no source or stance
    graphkit knows: a graph read from another tool's file)."""
    try:
        return derived_status(citations, sources) if citations else None
    except (KeyError, TypeError, AttributeError):
        return None


def _edge_id(key: Any, seen: Counter) -> Any:
    """The relationship id, made unique if two relationships share one (e.g. from two datasets)."""
    seen[key] += 1
    return key if seen[key] == 1 else f"{key}#{seen[key]}"


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields: the page reads a missing field as empty, and big maps get smaller."""
    return {key: value for key, value in record.items() if value is not None}


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0
