"""The one in-memory form: a networkx MultiDiGraph that analysis, the map and every format read.

Nodes are actor ids with the actor's fields (`NODE_ATTRIBUTES`); edges are keyed by relationship
id and carry the relationship's fields, its citations, when it was first reported and its validity
bounds (`EDGE_ATTRIBUTES`); the graph's `sources` maps source ids to their fields. Values are
typed: partial dates are `PartialDate`s, validity bounds `datetime.date`s, lists and mappings
themselves; only writers turn them into text. Symmetric types are stored once, from `source` to
`target`, with ``directed=False``.

Here too: the filters and time slices (one validity rule, `model.validity`), the projection that
analysis measures, and actor lookup by id, name or alias.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from graphkit.errors import ActorNotFound, FilterError
from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source, fields, validity
from graphkit.vocabulary import vocabulary

if TYPE_CHECKING:
    import networkx as nx


def _node_attributes() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Actor) if f.name != "id") + ("dataset",)


def _edge_attributes() -> tuple[str, ...]:
    declared = [f.name for f in fields(Relationship) if f.name not in ("source", "target")]
    derived = ("directed", "reported", "valid_from", "valid_to")
    first = [name for name in _EDGE_ORDER if name in declared or name in derived]
    return tuple(first + [name for name in declared if name not in first] + ["dataset"])


# How edge attributes are ordered (for readable exports): these first, then every other declared
# field in its declared order, then `dataset`. Not a list of fields: a new field needs no entry.
_EDGE_ORDER = ("id", "type", "directed", "status", "date", "start", "end", "reported", "valid_from",
               "valid_to", "citations")
NODE_ATTRIBUTES = _node_attributes()
"""The attributes of every actor node of the graph form, in order."""
EDGE_ATTRIBUTES = _edge_attributes()
"""The attributes of every relationship edge of the graph form, in order."""
STRUCTURED = frozenset(f.name for record in (Actor, Relationship, Source) for f in fields(record)
                       if f.kind in ("list", "mapping", "citations")) | {"sources", "filters"}
"""Attributes (of nodes, edges, sources and the graph) that hold lists or mappings."""


def actor_attributes(actor: Actor, dataset: str | None = None) -> dict[str, Any]:
    """An actor's node attributes in the graph form: every declared field but its id, typed."""
    attrs = {f.name: _copy(getattr(actor, f.name)) for f in fields(Actor) if f.name != "id"}
    attrs["dataset"] = dataset
    return attrs


def relationship_attributes(rel: Relationship, reported: PartialDate | None = None,
                            dataset: str | None = None) -> dict[str, Any]:
    """A relationship's edge attributes in the graph form (`EDGE_ATTRIBUTES`): its fields, typed,
    and what follows from them: `directed` (from the vocabulary), `reported` (its first report) and
    the validity bounds `valid_from`/`valid_to` (`model.validity`). Citations are plain mappings.

    >>> from graphkit.model import Citation
    >>> rel = Relationship(id="r", source="a", target="b", type="MET_WITH", date=PartialDate.parse("2023-10"),
    ...                    citations=[Citation("s", "q")])
    >>> attrs = relationship_attributes(rel)
    >>> attrs["directed"], attrs["valid_from"], attrs["valid_to"], attrs["citations"]
    (False, datetime.date(2023, 10, 1), datetime.date(2023, 10, 31), [{'source': 's', 'quote': 'q', 'locator': None}])
    """
    types = vocabulary().relationship_types
    values = {f.name: _copy(getattr(rel, f.name)) for f in fields(Relationship) if f.kind != "citations"}
    values["citations"] = [{f.name: getattr(c, f.name) for f in fields(Citation)} for c in rel.citations]
    values["directed"] = types[rel.type].directed if rel.type in types else True
    values["reported"] = reported
    values["valid_from"], values["valid_to"] = validity(rel.date, rel.start, rel.end, reported)
    values["dataset"] = dataset
    return {name: values[name] for name in EDGE_ATTRIBUTES}


def source_record(source: Source) -> dict[str, Any]:
    """A source as plain data, typed (the form graphs, exports and maps carry)."""
    return {f.name: _copy(getattr(source, f.name)) for f in fields(Source)}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def dataset_to_graph(dataset: Dataset) -> "nx.MultiDiGraph":
    """Build the graph of a whole dataset, with every field of every record."""
    import networkx as nx

    graph = nx.MultiDiGraph(
        **{f.name: getattr(dataset, f.name) for f in fields(Dataset)},
        sources={source.id: source_record(source) for source in dataset.sources.values()},
    )
    for actor in dataset.actors.values():
        graph.add_node(actor.id, **actor_attributes(actor, dataset.name))
    for rel in dataset.relationships.values():
        graph.add_edge(rel.source, rel.target, key=rel.id,
                       **relationship_attributes(rel, dataset.reported(rel), dataset.name))
    return graph


def in_force(edge: dict[str, Any], start: dt.date, end: dt.date | None = None) -> bool:
    """Whether an edge may hold at some day of [start, end] (one day when `end` is None).

    Undated edges (no own dates, no report date) are in no time slice.

    >>> edge = {"valid_from": dt.date(2023, 1, 1), "valid_to": dt.date(2023, 12, 31)}
    >>> in_force(edge, dt.date(2023, 6, 1)), in_force(edge, dt.date(2024, 1, 1))
    (True, False)
    >>> in_force({"valid_from": None, "valid_to": None}, dt.date(2023, 6, 1))
    False
    """
    end = end or start
    valid_from, valid_to = edge.get("valid_from"), edge.get("valid_to")
    if valid_from is None and valid_to is None:
        return False
    return (valid_from is None or valid_from <= end) and (valid_to is None or valid_to >= start)


def time_window(as_of=None, between=None) -> tuple[dt.date, dt.date] | None:
    """The days a time filter covers, or None for no time filter.

    >>> time_window(as_of="2023-10")
    (datetime.date(2023, 10, 1), datetime.date(2023, 10, 31))
    >>> time_window(between=("2024", "2023"))
    Traceback (most recent call last):
    ...
    graphkit.errors.FilterError: between: 2024 is after 2023
    """
    if as_of is not None and between is not None:
        raise FilterError("give either as_of or between, not both")
    if as_of is not None:
        day = PartialDate.parse(as_of)
        return day.earliest, day.latest
    if between is not None:
        first, last = (PartialDate.parse(value) for value in between)
        if first.earliest > last.latest:
            raise FilterError(f"between: {first} is after {last}")
        return first.earliest, last.latest
    return None


def _exists(actor: dict[str, Any], window: tuple[dt.date, dt.date]) -> bool:
    """Whether an actor's own start/end (founded, dissolved; born, died) overlap a window."""
    start, end = actor.get("start"), actor.get("end")
    return ((not isinstance(start, PartialDate) or start.earliest <= window[1])
            and (not isinstance(end, PartialDate) or end.latest >= window[0]))


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
    >>> g.add_node("a", kind="Person"); g.add_node("b", kind="Group"); g.add_node("c", kind="Group", end=PartialDate.parse("2019"))
    >>> _ = g.add_edge("a", "b", key="r1", type="MET_WITH", status="reported",
    ...                valid_from=dt.date(2023, 10, 1), valid_to=dt.date(2023, 10, 31))
    >>> _ = g.add_edge("a", "b", key="r2", type="MEMBER_OF", status="denied",
    ...                valid_from=dt.date(2013, 1, 1), valid_to=None)
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

    window = time_window(as_of, between)
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
        raise FilterError(f"weight must be 'relationships' or 'sources', not {weight!r}")
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


_DATES = {record: frozenset(f.name for f in fields(record) if f.kind == "date") | extra
          for record, extra in ((Actor, frozenset()), (Source, frozenset()), (Dataset, frozenset()),
                                (Relationship, frozenset({"reported"})))}
LIST_FIELDS = {record: frozenset(f.name for f in fields(record) if f.kind in ("list", "citations"))
               for record in (Actor, Source, Relationship)}
"""Per record, the fields that hold lists."""


def typed(attrs: dict[str, Any], record: type) -> dict[str, Any]:
    """Attributes read from a file, where everything is text, in the graph form's types.

    `record` says which fields they are: `Actor` for nodes, `Relationship` for edges, `Source` for
    a source, `Dataset` for the graph's own attributes (its `sources` typed each in turn).
    Lists and mappings written as JSON text are decoded, partial dates parsed, `valid_from`/
    `valid_to` read as days. A value that does not parse is kept as it is.

    >>> typed({"start": "2013", "aliases": '["A"]', "valid_from": "2013-01-01"}, Relationship)
    {'start': PartialDate(text='2013'), 'aliases': ['A'], 'valid_from': datetime.date(2013, 1, 1)}
    """
    import json

    result = {}
    for key, value in attrs.items():
        if isinstance(value, str):
            if key in STRUCTURED and value[:1] in "[{":
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            elif key in _DATES[record]:
                value = _partial(value) if value else None
            elif key in ("valid_from", "valid_to"):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    pass
        result[key] = value
    if record is Source and isinstance(result.get("authors"), str):
        result["authors"] = [result["authors"]]
    if record is Dataset and isinstance(result.get("sources"), dict):
        result["sources"] = {key: typed(source, Source) if isinstance(source, dict) else source
                             for key, source in result["sources"].items()}
    return result


def _partial(value: Any) -> Any:
    try:
        return PartialDate.parse(value)
    except ValueError:
        return value


# --- actor lookup -----------------------------------------------------------------------------

def resolve_actor(graph: "nx.MultiDiGraph", text: str) -> str:
    """The id of the actor called `text`: its id, name or an alias, in any case.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("anwar-ibrahim", name="Anwar Ibrahim", aliases=["Anwar"])
    >>> resolve_actor(g, "ANWAR"), resolve_actor(g, "anwar ibrahim")
    ('anwar-ibrahim', 'anwar-ibrahim')
    >>> resolve_actor(g, "Anwar Ibrahm")
    Traceback (most recent call last):
    ...
    graphkit.errors.ActorNotFound: no actor called 'Anwar Ibrahm'; did you mean 'Anwar Ibrahim' (anwar-ibrahim)?
    """
    import difflib

    if text in graph:
        return text
    wanted = text.strip().casefold()
    names: dict[str, set[str]] = {}
    for node, attrs in graph.nodes(data=True):
        for name in [str(node), attrs.get("name")] + list(attrs.get("aliases") or []):
            if name:
                names.setdefault(str(name).casefold(), set()).add(node)
    matches = names.get(wanted, set())
    if len(matches) == 1:
        return next(iter(matches))
    if matches:
        listed = ", ".join(sorted(map(str, matches)))
        raise ActorNotFound(f"{text!r} names several actors ({listed}); use an id")
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    hint = ""
    if close:
        options = [f"{display_name(graph, node)!r} ({node})" for name in close for node in sorted(names[name])]
        hint = f"; did you mean {' or '.join(dict.fromkeys(options))}?"
    raise ActorNotFound(f"no actor called {text!r}{hint}")


def display_name(graph: "nx.MultiDiGraph", node: Any) -> str:
    """An actor's name, or its id when it has none."""
    return graph.nodes[node].get("name") or str(node)


def ego(graph: "nx.MultiDiGraph", focus: str, depth: int = 1) -> "nx.MultiDiGraph":
    """The actors within `depth` ties of `focus` (either direction) and every tie among them."""
    import networkx as nx

    if depth < 0:
        raise FilterError(f"depth must be 0 or more, not {depth}")
    center = resolve_actor(graph, focus)
    return nx.ego_graph(graph, center, radius=depth, undirected=True)
