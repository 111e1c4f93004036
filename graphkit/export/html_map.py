"""Interactive network maps: one self-contained HTML file that opens offline in any browser.

pyvis builds the network (its node and edge dicts, vis-network options); the page around it is our
own template, because pyvis's template writes names, ids and options into the HTML unescaped. Here
every value travels as one JSON block that cannot close its `<script>` tag, and the page builds
its DOM with `textContent` only, so a name, quote or URL is always shown as text, never run.
vis-network is inlined from the copy pyvis ships: the page requests nothing from any network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit import __version__
from graphkit.analysis import resolve_actor
from graphkit.model import PartialDate, vocabulary

if TYPE_CHECKING:
    import networkx as nx

LAYOUT_THRESHOLD = 300  # above this many actors the layout is computed in Python, not the browser
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
}
# How each status is drawn; the legend shows the same.
STATUS_STYLES = {
    "confirmed": {"width": 3.0, "dashes": False, "opacity": 1.0},
    "reported": {"width": 1.5, "dashes": False, "opacity": 1.0},
    "alleged": {"width": 1.5, "dashes": [8, 6], "opacity": 1.0},
    "disputed": {"width": 1.5, "dashes": [2, 5], "opacity": 1.0},
    "denied": {"width": 1.5, "dashes": False, "opacity": 0.3},
}
# vis-network's built-in shapes that need no image.
SHAPES = {"dot", "square", "triangle", "triangleDown", "diamond", "star", "hexagon", "ellipse",
          "circle", "box", "database", "text"}
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ASSETS = Path(__file__).parent
_MARKER = re.compile(r"/\*GRAPHKIT:(\w+)\*/")
_EDGE_FIELDS = ("date", "start", "end", "reported", "valid_from", "valid_to", "role", "amount", "currency",
                "place", "description")


def render_map(
    graph: "nx.MultiDiGraph",
    *,
    title: str | None = None,
    size_by: str | None = None,
    focus: str | None = None,
    depth: int = 1,
    layout_threshold: int = LAYOUT_THRESHOLD,
) -> str:
    """The map of a graph as the text of one self-contained HTML page.

    `size_by` names a centrality measure (`graphkit.analysis.centrality`; degree by default) that
    sizes the actors; `focus` (an actor's id, name or alias) keeps only the actors within `depth`
    ties of it. Graphs of more than `layout_threshold` actors are laid out here, not in the page.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(sources={})
    >>> g.add_node("a", kind="Person", name="</script><b>A</b>")
    >>> page = render_map(g, title="Demo")
    >>> page.startswith("<!DOCTYPE html>"), "<title>Demo</title>" in page, "<b>A</b>" in page
    (True, True, False)
    """
    if focus is not None:
        graph = ego(graph, focus, depth)
    data = map_data(graph, title=title, size_by=size_by, layout_threshold=layout_threshold)
    if focus is not None:
        data["focus"] = resolve_actor(graph, focus)
    return _page(data)


def write_map(graph: "nx.MultiDiGraph", path: str | Path, **kw: Any) -> Path:
    """Write the map of `graph` to `path` (one file, nothing else) and return the path."""
    path = Path(path)
    path.write_text(render_map(graph, **kw), encoding="utf-8")
    return path


def ego(graph: "nx.MultiDiGraph", focus: str, depth: int = 1) -> "nx.MultiDiGraph":
    """The actors within `depth` ties of `focus` (either direction) and every tie among them."""
    import networkx as nx

    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    center = resolve_actor(graph, focus)
    return nx.ego_graph(graph, center, radius=depth, undirected=True)


def map_data(
    graph: "nx.MultiDiGraph",
    *,
    title: str | None = None,
    size_by: str | None = None,
    layout_threshold: int = LAYOUT_THRESHOLD,
) -> dict[str, Any]:
    """Everything the page shows, as plain data: the pyvis network plus the details of each record."""
    from pyvis.network import Network

    from graphkit.analysis import centrality

    measure = size_by or "degree"
    scores = {node: _number(value) for node, value in centrality(graph, measure).items()}
    big = graph.number_of_nodes() > layout_threshold
    positions = spread_layout(graph) if big else {}
    kinds, types, statuses = _styles(graph)

    net = Network(directed=True)  # directed, so that pyvis keeps every parallel edge
    top = max((abs(score) for score in scores.values()), default=0.0) or 1.0
    actors = []
    for node, data in graph.nodes(data=True):
        kind = _label(data.get("kind"))
        name = str(data.get("name") or node)
        score = scores.get(node, 0.0)
        item = {
            "color": _node_color(kinds[kind]["color"]),
            "size": round(10 + 30 * math.sqrt(abs(score) / top), 2),
            "title": f"{name} ({kind})",
        }
        if node in positions:
            item["x"], item["y"] = positions[node]
        net.nodes.append(_pyvis_node(node, kinds[kind]["shape"], name, item))
        start, end = _bounds(data.get("start"), data.get("end"))
        actors.append(_compact({
            "id": node, "name": name, "kind": kind,
            "aliases": [str(alias) for alias in data.get("aliases") or ()],
            "country": data.get("country"), "description": data.get("description"),
            "start": _text(data.get("start")), "end": _text(data.get("end")),
            "exists_from": start, "exists_to": end, "score": score,
        }))
    net.node_ids = [item["id"] for item in net.nodes]
    net.node_map = {item["id"]: item for item in net.nodes}

    cited: set[str] = set()
    relationships = []
    lanes = _lanes(graph)
    seen_ids: Counter = Counter()
    for u, v, key, data in graph.edges(keys=True, data=True):
        rel_id = _edge_id(key, seen_ids)
        type_ = _label(data.get("type"))
        status = _label(data.get("status") or "reported")
        directed = bool(data.get("directed", types[type_]["directed"]))
        look = statuses[status]
        tooltip = " · ".join(part for part in (
            type_.replace("_", " ").lower(), status, _when(data)) if part)
        item = {
            "id": rel_id,
            "color": {"color": types[type_]["color"], "highlight": types[type_]["color"],
                      "hover": types[type_]["color"], "opacity": look["opacity"]},
            "width": look["width"],
            "dashes": look["dashes"],
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.6}},
            "title": tooltip,
        }
        lane = lanes.get((u, v, key))
        if lane is not None:
            item["smooth"] = lane
        net.edges.append(_pyvis_edge(u, v, item))
        citations = [_compact({"source": str(c.get("source")), "quote": c.get("quote"), "locator": c.get("locator")})
                     for c in data.get("citations") or ()]
        cited.update(c["source"] for c in citations)
        relationships.append(_compact({
            "id": rel_id, "relationship": data.get("id", key), "from": u, "to": v, "type": type_,
            "status": status, "directed": directed, "citations": citations,
            **{name: _text(data.get(name)) for name in _EDGE_FIELDS},
        }))

    net.options = _options(big, graph.number_of_nodes())
    sources = graph.graph.get("sources") or {}
    first, last = _date_range(graph)
    return {
        "title": str(title or graph.graph.get("title") or graph.graph.get("name") or "graphkit map"),
        "dataset": graph.graph.get("name"),
        "description": graph.graph.get("description"),
        "generator": f"graphkit {__version__}",
        "measure": measure,
        "physics": not big,
        "first_day": first,
        "last_day": last,
        "focus": None,
        "network": {"nodes": net.nodes, "edges": net.edges, "options": net.options},
        "actors": actors,
        "relationships": relationships,
        "sources": {str(key): {name: _text(value) for name, value in record.items()}
                    for key, record in sources.items() if str(key) in cited},
        "kinds": kinds,
        "types": types,
        "statuses": statuses,
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside a `<script>` element: no `<`, `>` or `&`, no line separators.

    >>> script_json({"q": "</script><!-- & \\u2028"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u0026 \\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, default=str, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


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
    import numpy as np
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import shortest_path
    from scipy.spatial import cKDTree

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


def _page(data: dict[str, Any]) -> str:
    """Fill the template: every piece is inlined once, in one pass, so nothing is re-read as markup."""
    import pyvis

    vis_js = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    scripts = {
        "vis": vis_js,
        "app": (_ASSETS / "map.js").read_text(encoding="utf-8"),
    }
    for name, code in scripts.items():
        if re.search(r"</script|<!--", code, re.IGNORECASE):
            raise ValueError(f"the {name} script cannot be inlined: it contains '</script' or '<!--'")
    parts = {
        "title": html.escape(data["title"]),
        "css": (_ASSETS / "map.css").read_text(encoding="utf-8"),
        "data": script_json(data),
        "csp": " ".join(f"'sha256-{_digest(code)}'" for code in scripts.values()),
        **scripts,
    }
    template = (_ASSETS / "map_template.html").read_text(encoding="utf-8")
    return _MARKER.sub(lambda match: parts[match.group(1)], template)


def _digest(code: str) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


def _pyvis_node(node: Any, shape: str, label: str, item: dict[str, Any]) -> dict[str, Any]:
    # pyvis's Network.add_node scans a list for duplicates (quadratic); its Node class builds the
    # same dict directly, so 10,000 actors take milliseconds.
    from pyvis.node import Node

    return Node(node, shape, label=label, **item).options


def _pyvis_edge(u: Any, v: Any, item: dict[str, Any]) -> dict[str, Any]:
    from pyvis.edge import Edge

    return Edge(u, v, directed=True, **item).options


def _options(big: bool, n: int) -> dict[str, Any]:
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


def _styles(graph: "nx.MultiDiGraph") -> tuple[dict, dict, dict]:
    """Legend entries for the kinds, types and statuses in the graph, drawn from the vocabulary."""
    vocab = vocabulary()
    present_kinds = {_label(kind) for _, kind in graph.nodes(data="kind")}
    kinds = {}
    for kind in [k for k in vocab.actor_kinds if k in present_kinds] + sorted(present_kinds - set(vocab.actor_kinds)):
        spec = vocab.actor_kinds.get(kind) or {}
        color = str(spec.get("color") or "")
        shape = str(spec.get("shape") or "")
        kinds[kind] = {"color": color if _HEX_COLOR.match(color) else FALLBACK_COLOR,
                       "shape": shape if shape in SHAPES else "dot",
                       "description": spec.get("description")}

    present_types = {_label(t) for _, _, t in graph.edges(data="type")}
    by_family: dict[str, list[str]] = defaultdict(list)
    for name, spec in vocab.relationship_types.items():
        by_family[spec.family].append(name)
    types = {}
    for name in [t for t in vocab.relationship_types if t in present_types] + sorted(present_types - set(vocab.relationship_types)):
        spec = vocab.relationship_types.get(name)
        family = spec.family if spec else "other"
        siblings = by_family.get(family, [name])
        position = siblings.index(name) if name in siblings else 0
        shade = (position / (len(siblings) - 1) - 0.5) * 0.6 if len(siblings) > 1 else 0.0
        types[name] = {"color": _shade(FAMILY_COLORS.get(family, FALLBACK_COLOR), shade), "family": family,
                       "directed": spec.directed if spec else True,
                       "description": spec.description if spec else None}

    present_statuses = {_label(s or "reported") for _, _, s in graph.edges(data="status")}
    statuses = {}
    for name in [s for s in vocab.statuses if s in present_statuses] + sorted(present_statuses - set(vocab.statuses)):
        statuses[name] = {**STATUS_STYLES.get(name, STATUS_STYLES["reported"]),
                          "description": vocab.statuses.get(name)}
    return kinds, types, statuses


def _shade(color: str, amount: float) -> str:
    """Lighten (amount > 0) or darken (< 0) a #rrggbb colour.

    >>> _shade("#808080", 0.5), _shade("#808080", -0.5)
    ('#c0c0c0', '#404040')
    """
    channels = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    target = 255 if amount > 0 else 0
    return "#" + "".join(f"{round(c + (target - c) * abs(amount)):02x}" for c in channels)


def _node_color(color: str) -> dict[str, Any]:
    border = _shade(color, -0.3)
    return {"background": color, "border": border,
            "highlight": {"background": color, "border": "#000000"},
            "hover": {"background": color, "border": "#000000"}}


def _date_range(graph: "nx.MultiDiGraph") -> tuple[str | None, str | None]:
    """The days the time slider covers: every relationship's bounds and report dates."""
    days, reported = set(), set()
    for _, _, data in graph.edges(data=True):
        days.update(data.get(name) for name in ("valid_from", "valid_to"))
        reported.add(data.get("reported"))
    days.update(found.latest.isoformat() for found in map(_partial, reported) if found)
    days = {day for day in map(_iso_day, days - {None}) if day}
    return (min(days), max(days)) if days else (None, None)


def _bounds(start: Any, end: Any) -> tuple[str | None, str | None]:
    """The days an actor may exist on (as `graph.filter_graph` reads its start and end)."""
    first, last = _partial(start), _partial(end)
    if (start and not first) or (end and not last):
        return None, None  # dates we cannot read do not hide an actor
    return (first.earliest.isoformat() if first else None, last.latest.isoformat() if last else None)


def _partial(value: Any) -> PartialDate | None:
    try:
        return PartialDate.parse(value) if value else None
    except ValueError:
        return None


def _iso_day(value: Any) -> str | None:
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        return None


def _when(data: dict[str, Any]) -> str:
    if data.get("date"):
        return str(data["date"])
    if data.get("start") or data.get("end"):
        return f"{data.get('start') or '…'} – {data.get('end') or '…'}"
    return f"first reported {data['reported']}" if data.get("reported") else ""


def _edge_id(key: Any, seen: Counter) -> Any:
    """The relationship id, made unique if two relationships share one (e.g. from two datasets)."""
    seen[key] += 1
    return key if seen[key] == 1 else f"{key}#{seen[key]}"


def _label(value: Any) -> str:
    return "(none)" if value is None or value == "" else str(value)


def _text(value: Any) -> Any:
    return value if value is None or isinstance(value, (str, int, float, bool, list, dict)) else str(value)


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields: the page reads a missing field as empty, and big maps get smaller."""
    return {key: value for key, value in record.items() if value is not None}


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0
