"""What changed between two slices of a network: on two valid dates (what held then) or two
knowledge dates (what the published record said then)."""

from __future__ import annotations

from typing import Any

from graphkit.analysis.evidence import evidence, when_text
from graphkit.analysis.measures import centrality, rank
from graphkit.errors import FilterError
from graphkit.graph import display_name

CLOCKS = {"valid": ("began", "ended"), "known": ("appeared", "disappeared")}
"""Per clock, what a relationship found only in the later slice did, and one found only in the earlier."""


def diff_graphs(before, after, *, clock: str = "valid", measure: str = "degree", top: int | None = 10,
                labels: tuple[str, str] = ("before", "after")) -> dict[str, Any]:
    """The difference between two slices of one network (`graph.filter_graph` results), the
    earlier first.

    - `relationships`: those only in the later slice (on the valid clock they *began*: not in
      force on the first date, in force or possibly so on the second; on the knowledge clock they
      *appeared*: first published in between), those only in the earlier one (*ended*; or
      *disappeared*: no longer kept, e.g. denied since), and those in both whose status or
      certainty *changed* (`status`, `holds`: [before, after]). Each with its time as its text
      gives it (`when`) and its `evidence`: every citation with its stance and quote (on a change,
      marked `new` when published in between).
    - `actors`: those tied by some relationship in the later slice and by none in the earlier
      (*entered*), and the other way round (*left*).
    - `centrality`: the `top` biggest changes of `measure` (largest first), with both scores and ranks.

    >>> import networkx as nx
    >>> from graphkit.dates import PartialDate as D
    >>> def graph(*edges):
    ...     g = nx.MultiDiGraph(sources={"s": {"title": "S"}})
    ...     for u, v, key, status in edges:
    ...         g.add_edge(u, v, key, id=key, type="MET_WITH", status=status, date=D.parse("2023"),
    ...                    citations=[{"source": "s", "quote": "q", "stance": "asserts"}])
    ...     return g
    >>> before = graph(("a", "b", "r1", "alleged"))
    >>> after = graph(("a", "b", "r1", "disputed"), ("b", "c", "r2", "reported"))
    >>> found = diff_graphs(before, after, clock="known")
    >>> [(row["change"], row["id"], row.get("status")) for row in found["relationships"]]
    [('appeared', 'r2', 'reported'), ('changed', 'r1', ['alleged', 'disputed'])]
    >>> [(row["change"], row["id"]) for row in found["actors"]]
    [('entered', 'c')]
    >>> [(row["id"], row["before"], row["after"]) for row in found["centrality"]]  # degree: partners / (n - 1)
    [('a', 1.0, 0.5), ('c', 0.0, 0.5)]
    """
    if clock not in CLOCKS:
        raise FilterError(f"clock must be one of {', '.join(CLOCKS)}, not {clock!r}")
    later, earlier = CLOCKS[clock]
    sources = {**(before.graph.get("sources") or {}), **(after.graph.get("sources") or {})}
    old = {(u, v, key): data for u, v, key, data in before.edges(keys=True, data=True)}
    new = {(u, v, key): data for u, v, key, data in after.edges(keys=True, data=True)}
    rows = []
    for ends, data in new.items():
        if ends not in old:
            rows.append(_row(later, ends, data, sources))
            continue
        changes = {name: [old[ends].get(name), data.get(name)] for name in ("status", "holds")
                   if old[ends].get(name) != data.get(name)}
        if changes:
            rows.append({**_row("changed", ends, data, sources, old[ends].get("citations") or []), **changes})
    rows += [_row(earlier, ends, data, sources) for ends, data in old.items() if ends not in new]
    order = {name: index for index, name in enumerate((later, earlier, "changed"))}
    rows.sort(key=lambda row: (order[row["change"]], str(row["id"])))
    tied_before, tied_after = _tied(before), _tied(after)
    actors = [_actor(change, node, graph) for change, nodes, graph in (
        ("entered", tied_after - tied_before, after), ("left", tied_before - tied_after, before))
        for node in sorted(nodes, key=str)]
    return {"clock": clock, "from": labels[0], "to": labels[1], "measure": measure, "relationships": rows,
            "actors": actors, "centrality": _centrality_changes(before, after, measure, top)}


def _row(change: str, ends: tuple, data: dict[str, Any], sources: dict[str, Any], earlier=None) -> dict[str, Any]:
    u, v, key = ends
    return {"change": change, "id": data.get("id", key), "type": data.get("type"), "from": u, "to": v,
            "directed": data.get("directed", True), "when": when_text(data), "status": data.get("status"),
            "holds": data.get("holds"), "evidence": evidence(data, sources, earlier)}


def _tied(graph) -> set:
    return {node for u, v in graph.edges() if u != v for node in (u, v)}


def _actor(change: str, node, graph) -> dict[str, Any]:
    return {"change": change, "id": node, "name": display_name(graph, node), "kind": graph.nodes[node].get("kind")}


def _centrality_changes(before, after, measure: str, top: int | None) -> list[dict[str, Any]]:
    """The actors whose score changed most, with both scores and ranks (an actor absent from a
    slice scores 0 there and has no rank)."""
    scores = [centrality(graph, measure) for graph in (before, after)]
    ranks = [{row["id"]: row["rank"] for row in rank(graph, found)} for graph, found in zip((before, after), scores)]
    rows = []
    for node in set(scores[0]) | set(scores[1]):
        first, last = scores[0].get(node, 0.0), scores[1].get(node, 0.0)
        if round(last - first, 12) == 0:
            continue
        graph = after if node in after else before
        rows.append({"id": node, "name": display_name(graph, node), "kind": graph.nodes[node].get("kind"),
                     "before": first, "after": last, "change": last - first,
                     "rank_before": ranks[0].get(node), "rank_after": ranks[1].get(node)})
    rows.sort(key=lambda row: (-abs(round(row["change"], 12)), str(row["id"])))
    return rows[: top or None]
