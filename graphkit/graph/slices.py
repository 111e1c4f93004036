"""Slices of a network: by type, kind and status, by valid time (what held on a day) and by
knowledge time (what the published record said on a day). One rule for each, here; the Neo4j
reads and the map's page follow the same rules.

Valid time is three-valued: a relationship certainly held on some day of a window, may have held,
or did not (`dates.ValidTime.holds`). An undated relationship (its text gives no time) is never
placed by its report date: a time slice leaves it out unless asked to include it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from graphkit.dates import PartialDate, ValidTime
from graphkit.errors import FilterError
from graphkit.graph.form import derived_status, first_reported
from graphkit.vocabulary import vocabulary

if TYPE_CHECKING:
    import networkx as nx

UNDATED = ("exclude", "include")


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


def holds(edge: dict[str, Any], first: dt.date, last: dt.date) -> str | None:
    """Whether an edge held on some day from `first` to `last`: "certain", "may" or None.

    >>> edge = {"earliest_start": dt.date(2023, 10, 1), "latest_start": dt.date(2023, 10, 31),
    ...         "earliest_end": dt.date(2023, 10, 1), "latest_end": dt.date(2023, 10, 31), "timing": "dated"}
    >>> holds(edge, dt.date(2023, 1, 1), dt.date(2023, 12, 31)), holds(edge, dt.date(2023, 10, 7), dt.date(2023, 10, 7))
    ('certain', 'may')
    """
    return ValidTime(edge.get("earliest_start"), edge.get("latest_start"), edge.get("earliest_end"),
                     edge.get("latest_end"), edge.get("timing") or "undated").holds(first, last)


def as_known_by(edge: dict[str, Any], day: dt.date, sources: dict[str, Any]) -> dict[str, Any] | None:
    """The edge as the published record stood on `day`: only the citations certainly known by
    then (their date's last day no later), its first report and status recomputed from them; None
    if none was. A status set by hand stands only while every citation it judged is known.

    >>> edge = {"status": None, "citations": [
    ...     {"source": "a", "stance": "alleges", "known": PartialDate.parse("2018")},
    ...     {"source": "b", "stance": "denies", "known": PartialDate.parse("2024")}]}
    >>> as_known_by(edge, dt.date(2019, 1, 1), {})["status"], derived_status(edge["citations"], {})
    ('alleged', 'disputed')
    >>> as_known_by(edge, dt.date(2017, 12, 31), {}) is None
    True
    """
    citations = edge.get("citations") or []
    kept = [c for c in citations if isinstance(known := c.get("known"), PartialDate) and known.latest is not None
            and known.latest <= day]  # an open date ("..") is no day
    if not kept:
        return None
    if len(kept) == len(citations):
        return edge
    return {**edge, "citations": kept, "first_reported": first_reported(kept),
            "status": derived_status(kept, sources)}


def filter_graph(
    graph: "nx.MultiDiGraph",
    *,
    types=None,
    kinds=None,
    statuses=None,
    as_of=None,
    between=None,
    certain: bool = False,
    undated: str = "exclude",
    known_by=None,
    keep_isolated: bool = False,
) -> "nx.MultiDiGraph":
    """A new graph with the relationships and actors that pass every filter given.

    - `types`, `kinds`, `statuses`: collections of names to keep; None keeps all, except that
      `statuses=None` keeps every status but ``denied`` (a denied tie is not a tie). A
      relationship without a status (read from another tool's file) counts as ``reported``.
    - `known_by` (a date): the network as the published record stood then: citations published
      later are dropped and statuses follow from the rest; relationships none of whose citations
      were known by then are left out (so are citations of sources with no date).
    - `as_of` (a date: any day of it) or `between=(A, B)` (from A's first to B's last day): valid
      time. A relationship is kept when it certainly held on some day of the window, or may have
      (unless `certain`); each kept edge says which in its `holds` attribute. `undated` says what
      happens to relationships whose text gives no time: "exclude" (the default) or "include".
    - Actors: a slice (any filter given: `types`, `kinds`, `statuses`, a time window or
      `known_by`) keeps the actors that have a relationship in it: the ends of every relationship
      kept (a relationship is kept only if both its ends are of kinds kept). An actor left with no
      relationship says nothing about the slice, and would rank as tied and be drawn unconnected;
      the graph attribute `unconnected` counts them. With `keep_isolated` (or no filter at all: the whole
      network), every actor of the kinds kept stays, except, with a time filter, one whose own
      `start`/`end` lie wholly outside the window (and that has no relationship in it): the graph
      attribute `not_existing` counts those, apart from the unconnected.
    - The graph says what made it (`filters`) and how many relationships each filter left out
      (`left_out`: by status, undated, uncertain, not yet known), and how many actors it left out
      as `unconnected` or `not_existing`.

    >>> import networkx as nx
    >>> from graphkit.dates import valid_time
    >>> def edge(u, v, key, status, **dates):
    ...     time = valid_time(**{k: PartialDate.parse(d) for k, d in dates.items()})
    ...     g.add_edge(u, v, key, type="MEMBER_OF", status=status, timing=time.kind, earliest_start=time.earliest_start,
    ...                latest_start=time.latest_start, earliest_end=time.earliest_end, latest_end=time.latest_end)
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="Person"); g.add_node("b", kind="Group"); g.add_node("c", kind="Group", end=PartialDate.parse("2019"))
    >>> edge("a", "b", "r1", "reported", date="2023-10")
    >>> edge("a", "b", "r2", "denied", start="2013")
    >>> edge("a", "c", "r3", "reported")
    >>> sorted(filter_graph(g).edges(keys=True))
    [('a', 'b', 'r1'), ('a', 'c', 'r3')]
    >>> s = filter_graph(g, as_of="2023-10")
    >>> sorted(s.edges(keys=True)), sorted(s.nodes), s.graph["left_out"]
    ([('a', 'b', 'r1')], ['a', 'b'], {'status': 1, 'undated': 1})
    >>> g.add_node("d", kind="Person")
    >>> sorted(filter_graph(g).nodes), sorted(filter_graph(g, kinds=["Person", "Group"]).nodes)
    (['a', 'b', 'c', 'd'], ['a', 'b', 'c'])
    >>> s = filter_graph(g, types=["MEMBER_OF"], keep_isolated=True)
    >>> sorted(s.nodes), filter_graph(g, as_of="2023-10-07").graph["unconnected"]
    (['a', 'b', 'c', 'd'], 1)
    >>> s = filter_graph(g, as_of="2023-10-07", keep_isolated=True)  # c ended in 2019
    >>> sorted(s.nodes), s.graph["not_existing"], filter_graph(g, as_of="2023-10-07").graph["not_existing"]
    (['a', 'b', 'd'], 1, 1)
    >>> sorted(filter_graph(g, as_of="2023-10-07").edges(data="holds"))
    [('a', 'b', 'may')]
    >>> sorted(filter_graph(g, as_of="2023-10-07", certain=True).edges()), sorted(filter_graph(g, as_of="2024", undated="include").edges(keys=True))
    ([], [('a', 'c', 'r3')])
    """
    import networkx as nx

    window, day, explicit_statuses, statuses, types, kinds = slice_options(
        statuses, types, kinds, as_of, between, undated, known_by)
    sources = graph.graph.get("sources") or {}
    left_out: dict[str, int] = {}

    def out(reason: str) -> None:
        left_out[reason] = left_out.get(reason, 0) + 1

    actors = {node for node, kind in graph.nodes(data="kind") if kinds is None or kind in kinds}
    edges = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        if u not in actors or v not in actors or (types is not None and data.get("type") not in types):
            continue
        if day is not None:
            data = as_known_by(data, day, sources)
            if data is None:
                out("not_yet_known")
                continue
        if (data.get("status") or "reported") not in statuses:
            out("status")
            continue
        if window is not None:
            if (data.get("timing") or "undated") == "undated" and undated == "exclude":
                out("undated")
                continue
            answer = holds(data, *window)
            if answer is None:
                continue
            if certain and answer != "certain":
                out("uncertain")
                continue
            data = {**data, "holds": answer}
        edges.append((u, v, key, data))
    ends = {u for u, _, _, _ in edges} | {v for _, v, _, _ in edges}
    sliced = any(value is not None for value in (types, kinds, explicit_statuses, window, day))
    kept = [node for node in graph if node in actors and (
        node in ends or (not sliced or keep_isolated) and (window is None or _exists(graph.nodes[node], window)))]
    unconnected = 0 if keep_isolated or not sliced else sum(
        1 for node in actors if node not in ends and (window is None or _exists(graph.nodes[node], window)))
    not_existing = 0 if window is None else sum(
        1 for node in actors if node not in ends and not _exists(graph.nodes[node], window))
    result = nx.MultiDiGraph(**graph.graph)
    result.graph["filters"] = filters_record(types, kinds, statuses, window, certain, undated, day,
                                             bool(keep_isolated or not sliced))
    result.graph["left_out"] = left_out
    result.graph["unconnected"] = unconnected
    result.graph["not_existing"] = not_existing
    result.add_nodes_from((node, graph.nodes[node]) for node in kept)
    for u, v, key, data in edges:  # add_edge: several times faster than add_edges_from here
        result.add_edge(u, v, key, **data)
    return result


def slice_options(statuses, types, kinds, as_of, between, undated: str, known_by):
    """A slice's options as both slicers use them: (window, known-by day, the statuses as given,
    the statuses kept, types, kinds); a `FilterError` for an `undated` it does not know."""
    if undated not in UNDATED:
        raise FilterError(f"undated must be one of {', '.join(UNDATED)}, not {undated!r}")
    window = time_window(as_of, between)
    day = PartialDate.parse(known_by).latest if known_by is not None else None
    kept = set(vocabulary().statuses) - {"denied"} if statuses is None else set(statuses)
    return (window, day, statuses, kept, None if types is None else set(types),
            None if kinds is None else set(kinds))


def filters_record(types, kinds, statuses, window, certain: bool, undated: str, day, keep_isolated: bool
                   ) -> dict[str, Any]:
    """What a slice kept, as the slice note, `stats` and the formats tell it (graph attribute `filters`)."""
    return {
        "types": sorted(types) if types is not None else None,
        "kinds": sorted(kinds) if kinds is not None else None,
        "statuses": sorted(statuses),
        "from": window[0].isoformat() if window else None,
        "to": window[1].isoformat() if window else None,
        "certain": certain if window else None,
        "undated": undated if window else None,
        "known_by": day.isoformat() if day else None,
        "keep_isolated": keep_isolated,
    }


def _exists(actor: dict[str, Any], window: tuple[dt.date, dt.date]) -> bool:
    """Whether an actor's own start/end (founded, dissolved; born, died) overlap a window."""
    start, end = actor.get("start"), actor.get("end")
    return ((not isinstance(start, PartialDate) or start.earliest is None or start.earliest <= window[1])
            and (not isinstance(end, PartialDate) or end.latest is None or end.latest >= window[0]))
