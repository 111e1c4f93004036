"""The one in-memory form: a networkx MultiDiGraph that analysis and every exporter read.

Nodes are actor ids with the actor's fields; edges are keyed by relationship id and carry the
relationship's fields, its citations, when it was reported and its validity bounds. Symmetric
types are stored once, from `source` to `target`, with ``directed=False``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from graphkit.model import Dataset, PartialDate, Relationship, vocabulary

if TYPE_CHECKING:
    import networkx as nx


def _text(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def validity(relationship: Relationship, reported: PartialDate | None) -> tuple[str | None, str | None]:
    """The days a relationship may be in force on, as ISO dates; None is an open end.

    A point event covers its own date's interval. A lasting relation runs from its start's earliest
    day to its end's latest day. A relation with no dates of its own is known to hold from when it
    was first reported; with no report date either it cannot be placed in time at all, and
    ``(None, None)`` with no dates anywhere means "undated" to `in_force`.

    >>> from graphkit.model import Citation
    >>> rel = Relationship("r", "a", "b", "MET_WITH", [Citation("s", "q")], date=PartialDate.parse("2023-10"))
    >>> validity(rel, None)
    ('2023-10-01', '2023-10-31')
    >>> rel = Relationship("r", "a", "b", "MEMBER_OF", [Citation("s", "q")], start=PartialDate.parse("2013"))
    >>> validity(rel, None)
    ('2013-01-01', None)
    >>> rel = Relationship("r", "a", "b", "MEMBER_OF", [Citation("s", "q")])
    >>> validity(rel, PartialDate.parse("2023-10-31"))
    ('2023-10-31', None)
    """
    if relationship.date is not None:
        return relationship.date.earliest.isoformat(), relationship.date.latest.isoformat()
    start = relationship.start or (reported if relationship.end is None else None)
    return (
        start.earliest.isoformat() if start else None,
        relationship.end.latest.isoformat() if relationship.end else None,
    )


def dataset_to_graph(dataset: Dataset) -> "nx.MultiDiGraph":
    """Build the graph of a whole dataset, with every field of every record."""
    import networkx as nx

    types = vocabulary().relationship_types
    graph = nx.MultiDiGraph(
        name=dataset.name,
        title=dataset.title,
        description=dataset.description,
        license=dataset.license,
        version=dataset.version,
        sources={source.id: source_record(source) for source in dataset.sources.values()},
    )
    for actor in dataset.actors.values():
        graph.add_node(
            actor.id,
            kind=actor.kind,
            name=actor.name,
            aliases=list(actor.aliases),
            country=actor.country,
            description=actor.description,
            start=_text(actor.start),
            end=_text(actor.end),
            identifiers=dict(actor.identifiers),
            tags=list(actor.tags),
            dataset=dataset.name,
        )
    for rel in dataset.relationships.values():
        reported = dataset.reported(rel)
        valid_from, valid_to = validity(rel, reported)
        graph.add_edge(
            rel.source,
            rel.target,
            key=rel.id,
            id=rel.id,
            type=rel.type,
            directed=types[rel.type].directed if rel.type in types else True,
            status=rel.status,
            date=_text(rel.date),
            start=_text(rel.start),
            end=_text(rel.end),
            reported=_text(reported),
            valid_from=valid_from,
            valid_to=valid_to,
            citations=[
                {"source": c.source, "quote": c.quote, "locator": c.locator} for c in rel.citations
            ],
            role=rel.role,
            amount=rel.amount,
            currency=rel.currency,
            place=rel.place,
            description=rel.description,
            dataset=dataset.name,
        )
    return graph


def source_record(source) -> dict[str, Any]:
    """A source as plain data (the form graphs, exports and maps carry)."""
    return {
        "id": source.id,
        "title": source.title,
        "kind": source.kind,
        "publisher": source.publisher,
        "url": source.url,
        "published": _text(source.published),
        "authors": list(source.authors),
        "language": source.language,
        "accessed": _text(source.accessed),
        "description": source.description,
    }


def in_force(edge: dict[str, Any], start: dt.date, end: dt.date | None = None) -> bool:
    """Whether an edge may hold at some day of [start, end] (one day when `end` is None).

    Undated edges (no own dates, no report date) are in no time slice.

    >>> edge = {"valid_from": "2023-01-01", "valid_to": "2023-12-31"}
    >>> in_force(edge, dt.date(2023, 6, 1)), in_force(edge, dt.date(2024, 1, 1))
    (True, False)
    >>> in_force({"valid_from": None, "valid_to": None}, dt.date(2023, 6, 1))
    False
    """
    end = end or start
    valid_from, valid_to = edge.get("valid_from"), edge.get("valid_to")
    if valid_from is None and valid_to is None:
        return False
    if valid_from is not None and dt.date.fromisoformat(valid_from) > end:
        return False
    if valid_to is not None and dt.date.fromisoformat(valid_to) < start:
        return False
    return True


def _window(as_of=None, between=None) -> tuple[dt.date, dt.date] | None:
    """The days a time filter covers, or None for no time filter."""
    if as_of is not None and between is not None:
        raise ValueError("give either as_of or between, not both")
    if as_of is not None:
        day = PartialDate.parse(as_of)
        return day.earliest, day.latest
    if between is not None:
        first, last = (PartialDate.parse(value) for value in between)
        if first.earliest > last.latest:
            raise ValueError(f"between: {first} is after {last}")
        return first.earliest, last.latest
    return None


def _exists(actor: dict[str, Any], window: tuple[dt.date, dt.date]) -> bool:
    """Whether an actor's own start/end (founded, dissolved; born, died) overlap a window."""
    try:
        start = PartialDate.parse(actor["start"]) if actor.get("start") else None
        end = PartialDate.parse(actor["end"]) if actor.get("end") else None
    except ValueError:
        return True  # dates we cannot read do not hide an actor
    return (start is None or start.earliest <= window[1]) and (end is None or end.latest >= window[0])


def filter_graph(
    graph: "nx.MultiDiGraph",
    *,
    types=None,
    kinds=None,
    statuses=None,
    as_of=None,
    between=None,
) -> "nx.MultiDiGraph":
    """A new graph with the relationships and actors that pass every filter given.

    - `types`, `kinds`, `statuses`: collections of names to keep; None keeps all, except that
      `statuses=None` keeps every status but ``denied`` (a denied tie is not a tie). A
      relationship without a status (read from another tool's file) counts as ``reported``.
    - `as_of` (a PartialDate or its text) keeps relationships that may be in force on some day of
      that date's interval: ``as_of="2023"`` is any day of 2023, ``"2023-10-07"`` that one day.
    - `between=(A, B)` keeps relationships that overlap [A's first day, B's last day].
    - A relationship's days are its `valid_from`..`valid_to` (see `validity`): a point event
      holds on its own date only, a lasting relation from its start to its end (open ends are
      open), a relation with no dates of its own from when it was first reported. Undated ones
      (no own dates, no report date) are in no time slice.
    - Actors: every actor of the kinds kept, and both ends of every relationship kept (a
      relationship is kept only if both its ends are of kinds kept). With a time filter, an
      actor with no relationship in the slice is still kept unless its own `start`/`end`
      (founded or born, dissolved or died) lie wholly outside the slice: relationships are the
      evidence, an actor's own dates only decide whether an isolated actor exists then.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="Person"); g.add_node("b", kind="Group"); g.add_node("c", kind="Group", end="2019")
    >>> _ = g.add_edge("a", "b", key="r1", type="MET_WITH", status="reported", valid_from="2023-10-01", valid_to="2023-10-31")
    >>> _ = g.add_edge("a", "b", key="r2", type="MEMBER_OF", status="denied", valid_from="2013-01-01", valid_to=None)
    >>> _ = g.add_edge("a", "c", key="r3", type="MEMBER_OF", status="reported", valid_from=None, valid_to=None)
    >>> sorted(filter_graph(g).edges(keys=True))
    [('a', 'b', 'r1'), ('a', 'c', 'r3')]
    >>> s = filter_graph(g, as_of="2023-10")
    >>> sorted(s.edges(keys=True)), sorted(s.nodes)
    ([('a', 'b', 'r1')], ['a', 'b'])
    >>> sorted(filter_graph(g, as_of="2023-11-01").edges(keys=True))
    []
    >>> s = filter_graph(g, between=("2010", "2012"))
    >>> sorted(s.edges(keys=True)), sorted(s.nodes)
    ([], ['a', 'b', 'c'])
    >>> sorted(filter_graph(g, kinds={"Group"}).nodes)
    ['b', 'c']
    """
    import networkx as nx

    window = _window(as_of, between)
    statuses = set(vocabulary().statuses) - {"denied"} if statuses is None else set(statuses)
    types = None if types is None else set(types)
    kinds = None if kinds is None else set(kinds)

    actors = {node for node, kind in graph.nodes(data="kind") if kinds is None or kind in kinds}
    edges = [
        (u, v, key, data)
        for u, v, key, data in graph.edges(keys=True, data=True)
        if u in actors and v in actors
        and (types is None or data.get("type") in types)
        and (data.get("status") or "reported") in statuses
        and (window is None or in_force(data, *window))
    ]
    ends = {u for u, _, _, _ in edges} | {v for _, v, _, _ in edges}
    result = nx.MultiDiGraph(**graph.graph)
    result.graph["filters"] = {
        "types": sorted(types) if types is not None else None,
        "kinds": sorted(kinds) if kinds is not None else None,
        "statuses": sorted(statuses),
        "from": window[0].isoformat() if window else None,
        "to": window[1].isoformat() if window else None,
    }
    result.add_nodes_from(
        (node, graph.nodes[node]) for node in graph
        if node in actors and (window is None or node in ends or _exists(graph.nodes[node], window))
    )
    for u, v, key, data in edges:  # add_edge: several times faster than add_edges_from here
        result.add_edge(u, v, key, **data)
    return result


def project(graph: "nx.MultiDiGraph", *, directed: bool = True, weight: str = "relationships"):
    """A simple graph for analysis: one edge per pair of actors, its `weight` a count.

    `weight="relationships"` counts the relationships between the pair; `"sources"` counts the
    distinct sources citing them (at least 1, so an edge read without citations still counts).
    In a directed projection (`nx.DiGraph`) a symmetric relationship (``directed=False``, e.g.
    MET_WITH) counts both ways; in an undirected one (`nx.Graph`) every relationship counts for
    its pair whatever its direction. Actors keep their attributes. A relationship of an actor
    with itself is left out: it says nothing about the actor's place among others.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="r1", directed=False, citations=[{"source": "s1"}])
    >>> _ = g.add_edge("a", "b", key="r2", directed=True, citations=[{"source": "s1"}, {"source": "s2"}])
    >>> _ = g.add_edge("b", "a", key="r3", directed=True, citations=[{"source": "s3"}])
    >>> sorted(project(g).edges(data="weight"))
    [('a', 'b', 2), ('b', 'a', 2)]
    >>> sorted(project(g, weight="sources").edges(data="weight"))
    [('a', 'b', 2), ('b', 'a', 2)]
    >>> list(project(g, directed=False).edges(data="weight"))
    [('a', 'b', 3)]
    >>> list(project(g, directed=False, weight="sources").edges(data="weight"))
    [('a', 'b', 3)]
    """
    import networkx as nx

    if weight not in ("relationships", "sources"):
        raise ValueError(f"weight must be 'relationships' or 'sources', not {weight!r}")
    pairs: dict[tuple, Any] = {}
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        ends = [(u, v), (v, u)] if directed and not data.get("directed", True) else [(u, v)]
        for pair in ends:
            if not directed and pair not in pairs and pair[::-1] in pairs:
                pair = pair[::-1]
            if weight == "relationships":
                pairs[pair] = pairs.get(pair, 0) + 1
            else:
                cited = pairs.setdefault(pair, set())
                cited.update(c.get("source") for c in data.get("citations") or ())
    result = nx.DiGraph() if directed else nx.Graph()
    result.graph.update(graph.graph)
    result.add_nodes_from(graph.nodes(data=True))
    result.add_weighted_edges_from(
        (u, v, count if weight == "relationships" else max(1, len(count - {None})))
        for (u, v), count in pairs.items()
    )
    return result


_NODE_LISTS = ("aliases", "tags")
_EDGE_DATES = ("date", "start", "end", "reported")
_STRUCTURED = {"aliases", "tags", "identifiers", "citations", "sources", "authors"}


def _decoded(key: str, value: Any) -> Any:
    """A list or mapping that a file format could only hold as JSON text, decoded."""
    import json

    if key in _STRUCTURED and isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _partial(value: Any) -> PartialDate | None:
    try:
        return PartialDate.parse(value) if value not in (None, "") else None
    except ValueError:
        return None


def _kind(attrs: dict[str, Any]) -> str | None:
    """The actor kind: a `kind` attribute, else a kind among Neo4j-style labels (":Actor:Person")."""
    kinds = vocabulary().actor_kinds
    for value in (attrs.get("kind"), *str(attrs.get("labels") or "").split(":"), attrs.get("label")):
        if value in kinds:
            return value
    return attrs.get("kind")


def from_networkx(other: "nx.Graph", *, name: str | None = None) -> "nx.MultiDiGraph":
    """Any networkx graph in the graph form, so that analysis, maps and exports can read it.

    What is there is mapped onto the form and every other attribute is kept. Actors: `name` from
    `name` or `label`, else the id; `kind` from `kind`, or a vocabulary kind found in `labels`
    (":Actor:Person") or `label`, else None. Relationships: `type` from `type` or `label` (else
    None), `directed` from a `directed` attribute, else the type's direction in the vocabulary,
    else the graph's; `status` defaults to ``reported``; `citations` to none; `valid_from`/
    `valid_to` are kept if given, else computed from `date`/`start`/`end`/`reported` as
    `validity` does. Lists and mappings stored as JSON text (GraphML and GEXF hold no lists) are
    decoded.

    >>> import networkx as nx
    >>> g = from_networkx(nx.Graph([("a", "b", {"type": "MET_WITH", "date": "2023-10"})]))
    >>> dict(g.nodes["a"]), sorted(g.edges(keys=True))
    ({'name': 'a', 'kind': None}, [('a', 'b', 'a--b')])
    >>> edge = g.edges["a", "b", "a--b"]
    >>> edge["directed"], edge["status"], edge["valid_from"], edge["valid_to"]
    (False, 'reported', '2023-10-01', '2023-10-31')
    """
    import networkx as nx

    types = vocabulary().relationship_types
    graph = nx.MultiDiGraph()
    graph.graph.update({key: _decoded(key, value) for key, value in other.graph.items()})
    graph.graph.setdefault("name", name or "graph")
    graph.graph["sources"] = dict(graph.graph.get("sources") or {})
    for node, data in other.nodes(data=True):
        attrs = {key: _decoded(key, value) for key, value in data.items()}
        attrs["name"] = str(attrs.get("name") or attrs.get("label") or node)
        attrs["kind"] = _kind(attrs)
        for field in _NODE_LISTS:
            if field in attrs and not isinstance(attrs[field], list):
                attrs[field] = [attrs[field]]
        graph.add_node(str(node), **attrs)
    edges = other.edges(keys=True, data=True) if other.is_multigraph() else \
        ((u, v, None, d) for u, v, d in other.edges(data=True))
    for u, v, key, data in edges:
        attrs = {field: _decoded(field, value) for field, value in data.items()}
        type_ = attrs.get("type") or attrs.get("label")
        attrs["type"] = str(type_) if type_ else None
        directed = attrs.get("directed")
        if isinstance(directed, str):
            directed = directed.strip().lower() in ("true", "1", "yes")
        if directed is None:
            directed = types[attrs["type"]].directed if attrs["type"] in types else other.is_directed()
        attrs["directed"] = bool(directed)
        attrs["status"] = attrs.get("status") or "reported"
        attrs["citations"] = list(attrs.get("citations") or [])
        if "valid_from" not in attrs and "valid_to" not in attrs:
            dates = {field: _partial(attrs.get(field)) for field in _EDGE_DATES}
            rel = Relationship("", "", "", attrs["type"] or "", [], date=dates["date"],
                               start=dates["start"], end=dates["end"])
            attrs["valid_from"], attrs["valid_to"] = validity(rel, dates["reported"])
        edge_id = str(attrs.get("id") or (key if isinstance(key, str) else None) or f"{u}--{v}")
        unique, number = edge_id, 1
        while graph.has_edge(str(u), str(v), unique) or graph.has_edge(str(v), str(u), unique):
            number += 1
            unique = f"{edge_id}--{number}"
        attrs["id"] = unique
        graph.add_edge(str(u), str(v), key=unique, **attrs)
    return graph


def read_graph_file(path) -> "nx.MultiDiGraph":
    """A GraphML (.graphml) or GEXF (.gexf) file in the graph form.

    A file graphkit wrote reads back exactly (`graphkit.export`); any other is mapped onto the
    graph form by `from_networkx`. Raises ValueError, naming the file, if it cannot be read.
    """
    import xml.etree.ElementTree as ElementTree
    from pathlib import Path

    import networkx as nx

    from graphkit.export import gexf, graphml

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".graphml", ".gexf"):
        raise ValueError(f"{path}: not a .graphml or .gexf file")
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    try:
        if suffix == ".gexf":
            if gexf.is_graphkit_gexf(path):
                return gexf.read_gexf(path)
            return from_networkx(nx.read_gexf(path), name=path.stem)
        other = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
        return graphml.decode(other) if graphml.is_graphkit(other) else from_networkx(other, name=path.stem)
    except (ElementTree.ParseError, nx.NetworkXError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: cannot read it as {suffix[1:].upper()}: {error}") from None
