"""The data-quality report a curator works from: what a graph holds and where its evidence is thin.

It reads the one in-memory form (`graph.dataset_to_graph`), so it reports on a dataset on disk and
on a subgraph read from Neo4j alike. Its dates are typed there (`PartialDate`s); a value that is
not one (text another tool's file held) counts as no date.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from graphkit.model import PartialDate, Relationship, fields

if TYPE_CHECKING:
    import networkx as nx

_DATES = tuple(f.name for f in fields(Relationship) if f.kind == "date")


def graph_stats(graph: "nx.MultiDiGraph") -> dict[str, Any]:
    """Counts by actor kind, relationship type, status and source, and the records to look at.

    Sources count the relationships that cite them, so a source no relationship cites shows 0.
    Undated relationships have no date, start or end of their own.
    """
    edges = [data for _, _, data in graph.edges(data=True)]
    sources = graph.graph.get("sources", {})
    cited = Counter(source for data in edges for source in _cited(data))
    own_dates = [date for data in edges for date in _own_dates(data)]
    reported = [data["reported"] for data in edges if isinstance(data.get("reported"), PartialDate)]
    return {
        "dataset": graph.graph.get("name"),
        "actors": graph.number_of_nodes(),
        "relationships": graph.number_of_edges(),
        "sources": len(sources),
        "actors_by_kind": _ranked(Counter(kind for _, kind in graph.nodes(data="kind"))),
        "relationships_by_type": _ranked(Counter(data.get("type") for data in edges)),
        "relationships_by_status": _ranked(Counter(data.get("status") for data in edges)),
        "relationships_by_source": _ranked({**dict.fromkeys(sources, 0), **cited}),
        "undated_relationships": sorted(data["id"] for data in edges if not _own_dates(data)),
        "single_source_relationships": sorted(data["id"] for data in edges if len(_cited(data)) == 1),
        "actors_without_relationships": sorted(str(node) for node in graph if graph.degree(node) == 0),
        "date_range": _range(own_dates),
        "reported_range": _range(reported),
    }


def _own_dates(edge: dict[str, Any]) -> list[PartialDate]:
    """A relationship's own dates (its declared date fields: date, start, end), not when it was reported."""
    return [edge[name] for name in _DATES if isinstance(edge.get(name), PartialDate)]


def _cited(edge: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(citation["source"] for citation in edge.get("citations") or ()))


def _ranked(counts: dict) -> dict[str, int]:
    """Counts, largest first, ties by name.

    >>> _ranked(Counter({"b": 2, "a": 2, "c": 5}))
    {'c': 5, 'a': 2, 'b': 2}
    """
    return dict(sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))


def _range(dates: list[PartialDate]) -> dict[str, str] | None:
    """The first and the last of some partial dates, as written.

    >>> _range([PartialDate.parse("2023-10"), PartialDate.parse("2008"), PartialDate.parse("2023")])
    {'first': '2008', 'last': '2023'}
    """
    if not dates:
        return None
    return {"first": str(min(dates)), "last": str(max(dates, key=lambda d: (d.latest, d.earliest)))}


def format_table(stats: dict[str, Any]) -> str:
    """The report as aligned plain text."""
    lines = [f"{stats['dataset']}: {stats['actors']} actors, {stats['relationships']} relationships, "
             f"{stats['sources']} sources"]
    for title, key in (("Actors by kind", "actors_by_kind"), ("Relationships by type", "relationships_by_type"),
                       ("Relationships by status", "relationships_by_status"),
                       ("Relationships citing each source", "relationships_by_source")):
        lines += ["", title] + _rows(stats[key])
    span = [f"{r['first']} .. {r['last']}" if (r := stats[key]) else "none"
            for key in ("date_range", "reported_range")]
    lines += ["", "Data quality"] + _rows({
        "undated relationships": len(stats["undated_relationships"]),
        "single-source relationships": len(stats["single_source_relationships"]),
        "actors without relationships": len(stats["actors_without_relationships"]),
        "relationship dates": span[0],
        "first reported": span[1],
    })
    for title, key in (("Undated relationships", "undated_relationships"),
                       ("Actors without relationships", "actors_without_relationships")):
        if stats[key]:
            lines += ["", title] + [f"  {item}" for item in stats[key]]
    return "\n".join(lines)


def _rows(counts: dict[str, Any]) -> list[str]:
    width = max((len(str(key)) for key in counts), default=0)
    return [f"  {str(key):<{width}}  {value:>5}" if isinstance(value, int) else f"  {str(key):<{width}}  {value}"
            for key, value in counts.items()]
