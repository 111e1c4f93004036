"""The merged network: several datasets in one graph, where actors judged to be the same are one node.

Datasets are silos until a curator says two of their actors are one: `combine_graphs` puts
datasets side by side (keys "dataset:id", as Neo4j reads of several datasets give them), and
`merge_graph` folds each cluster of same actors into one node. The claims stay apart: every edge
keeps its dataset and citations, and two datasets' relationships between the same two actors stay
two edges (their keys become "dataset:relationship-id"). Files and Neo4j go through the same
`merge_graph`, so both give the same merged network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from graphkit.model import Dataset, fields

if TYPE_CHECKING:
    import networkx as nx

QUALIFIED = "dataset:id"
"""The `keys` graph attribute of a graph whose actors and sources are keyed "dataset:id"."""


def qualified_key(dataset: str, key: str) -> str:
    """The key of an actor, source or relationship among several datasets.

    >>> qualified_key("seed", "anwar-ibrahim")
    'seed:anwar-ibrahim'
    """
    return f"{dataset}:{key}"


def split_key(key: str) -> tuple[str, str]:
    """A qualified key's dataset and id (dataset names hold no ':', ids may).

    >>> split_key("register:person/12:a")
    ('register', 'person/12:a')
    """
    dataset, _, local = key.partition(":")
    return dataset, local


class KeyGroups:
    """Keys tied into groups a pair at a time (union-find), each group's keys at hand.

    >>> groups = KeyGroups()
    >>> groups.tie("a:1", "b:1"); groups.tie("b:1", "c:9"); sorted(groups.group("c:9"))
    ['a:1', 'b:1', 'c:9']
    """

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}

    def root(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def group(self, key: str) -> set[str]:
        return self.members.get(self.root(key), {key})

    def tie(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            kept, joined = min(ra, rb), max(ra, rb)
            self.parent[joined] = kept
            self.members[kept] = self.group(kept) | self.members.pop(joined, {joined})

    def groups(self) -> list[list[str]]:
        """The groups of two keys or more, each sorted, in sorted order."""
        return sorted(sorted(members) for members in self.members.values())


def clusters(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The groups of keys that `pairs` tie together (`KeyGroups`), each sorted, in sorted order.

    >>> clusters([("a:1", "b:1"), ("b:1", "c:9"), ("x:1", "y:1"), ("y:1", "y:1")])
    [['a:1', 'b:1', 'c:9'], ['x:1', 'y:1']]
    """
    groups = KeyGroups()
    for a, b in pairs:
        groups.tie(a, b)
    return groups.groups()


def combine_graphs(graphs: list["nx.MultiDiGraph"]) -> "nx.MultiDiGraph":
    """Graphs of single datasets (`dataset_to_graph`) side by side, keyed as Neo4j reads several
    datasets: actors and sources "dataset:id", citations naming their sources so."""
    import networkx as nx

    names = [graph.graph["name"] for graph in graphs]
    if len(graphs) == 1:
        attrs = {key: value for key, value in graphs[0].graph.items() if key != "sources"}
    else:
        attrs = {f.name: getattr(Dataset(), f.name) for f in fields(Dataset)}
        attrs["name"] = "+".join(names)
    combined = nx.MultiDiGraph(**attrs, sources={}, keys=QUALIFIED)
    for name, graph in zip(names, graphs):
        for source_id, source in (graph.graph.get("sources") or {}).items():
            key = qualified_key(name, source_id)
            combined.graph["sources"][key] = {**source, "id": key}
        for node, data in graph.nodes(data=True):
            combined.add_node(qualified_key(name, node), **data)
        for u, v, key, data in graph.edges(keys=True, data=True):
            citations = [{**c, "source": qualified_key(name, c["source"])} for c in data.get("citations") or ()]
            combined.add_edge(qualified_key(name, u), qualified_key(name, v), key=key,
                              **{**data, "citations": citations})
    return combined


def merge_graph(graph: "nx.MultiDiGraph", same: Iterable[tuple[str, str]]) -> "nx.MultiDiGraph":
    """`graph` (keyed "dataset:id") with each cluster of `same` pairs as one node.

    The merged node is the cluster's first actor by dataset, then id (a stable choice), with its
    fields; `merged_from` lists every member, `aliases` gain the others' names and aliases, and
    `identifiers` the others' schemes. Pairs naming actors not in the graph (left out by a filter,
    or of a dataset not read) are ignored. Edges keep their dataset and citations, keyed
    "dataset:relationship-id", so that two datasets' claims between the same actors stay two.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(keys=QUALIFIED, sources={})
    >>> g.add_node("reg:p1", name="ANWAR bin Ibrahim", dataset="reg", aliases=[], identifiers={"wikidata": "Q1"})
    >>> g.add_node("seed:anwar", name="Anwar Ibrahim", dataset="seed", aliases=["Anwar"], identifiers={})
    >>> g.add_node("seed:hamas", name="Hamas", dataset="seed")
    >>> _ = g.add_edge("seed:anwar", "seed:hamas", key="r1", id="r1", dataset="seed")
    >>> _ = g.add_edge("reg:p1", "seed:hamas", key="r1", id="r1", dataset="reg")
    >>> merged = merge_graph(g, [("seed:anwar", "reg:p1")])
    >>> sorted(merged.nodes), merged.nodes["reg:p1"]["merged_from"], merged.nodes["reg:p1"]["aliases"]
    (['reg:p1', 'seed:hamas'], ['reg:p1', 'seed:anwar'], ['Anwar Ibrahim', 'Anwar'])
    >>> sorted(merged.edges(keys=True))
    [('reg:p1', 'seed:hamas', 'reg:r1'), ('reg:p1', 'seed:hamas', 'seed:r1')]
    """
    import networkx as nx

    def order(key: str) -> tuple[str, str]:
        return (str(graph.nodes[key].get("dataset") or split_key(key)[0]), split_key(key)[1])

    canonical: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for group in clusters((a, b) for a, b in same if a in graph and b in graph):
        group = sorted(group, key=order)
        members[group[0]] = group
        canonical.update((key, group[0]) for key in group)
    merged = nx.MultiDiGraph(**{**graph.graph, "keys": QUALIFIED})
    for node, data in graph.nodes(data=True):
        if canonical.get(node, node) != node:
            continue
        merged.add_node(node, **(_merged_node([graph.nodes[key] for key in members[node]], members[node])
                                 if node in members else data))
    for u, v, key, data in graph.edges(keys=True, data=True):
        dataset = data.get("dataset")
        new_key = qualified_key(dataset, key) if dataset and not str(key).startswith(f"{dataset}:") else key
        merged.add_edge(canonical.get(u, u), canonical.get(v, v), key=new_key, **{**data, "id": new_key})
    return merged


def _merged_node(records: list[Mapping[str, Any]], keys: list[str]) -> dict[str, Any]:
    """One node's attributes from its members' (the first's fields, the others' names as aliases)."""
    first = dict(records[0])
    names = [first.get("name")]
    aliases: list[str] = []
    identifiers = dict(first.get("identifiers") or {})
    for record in records:
        for name in [record.get("name"), *(record.get("aliases") or ())]:
            if name and name not in names and name not in aliases:
                aliases.append(name)
        for scheme, value in (record.get("identifiers") or {}).items():
            identifiers.setdefault(scheme, value)
    return {**first, "aliases": aliases, "identifiers": identifiers, "merged_from": list(keys)}
