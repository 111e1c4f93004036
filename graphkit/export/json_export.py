"""Node-link JSON of a graph with every field: the form to diff, archive or hand to other tools.

Order is stable (sources, nodes and edges sorted by id) and so is formatting, so that exporting the
same data twice gives the same bytes and a change to the data shows as a readable diff.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


def to_json(graph: "nx.MultiDiGraph") -> str:
    """The graph as node-link JSON text: dataset metadata, sources, nodes and edges.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(name="demo", sources={"s1": {"id": "s1", "title": "Café report"}})
    >>> g.add_node("b", kind="Group"); g.add_node("a", kind="Person")
    >>> _ = g.add_edge("a", "b", key="r1", id="r1", type="MEMBER_OF", citations=[{"source": "s1", "quote": "…"}])
    >>> data = json.loads(to_json(g))
    >>> data["dataset"], [node["id"] for node in data["nodes"]], data["edges"][0]["source"]
    ({'name': 'demo'}, ['a', 'b'], 'a')
    >>> "Café" in to_json(g)
    True
    """
    meta = {key: value for key, value in graph.graph.items() if key != "sources"}
    sources = graph.graph.get("sources") or {}
    document = {
        "dataset": meta,
        "sources": [sources[key] for key in sorted(sources, key=str)],
        "nodes": [{"id": node, **_without(data, "id")}
                  for node, data in sorted(graph.nodes(data=True), key=lambda item: str(item[0]))],
        "edges": sorted(
            ({"id": data.get("id", key), "source": u, "target": v, **_without(data, "id", "source", "target")}
             for u, v, key, data in graph.edges(keys=True, data=True)),
            key=lambda edge: (str(edge["id"]), str(edge["source"]), str(edge["target"])),
        ),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


def _without(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in keys}
