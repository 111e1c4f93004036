"""The data-quality report a curator works from: what a graph holds and where its evidence is thin.

It reads the one in-memory form (`graph.dataset_to_graph`), so it reports on a dataset on disk and
on a subgraph read from Neo4j alike. Its dates are typed there (`PartialDate`s); a value that is
not one (text another tool's file held) counts as no date.

Two clocks stay apart: the range of the dates the texts give relationships (valid time) and the
range of when they were first reported (knowledge time), each labelled as what it is.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from graphkit.dates import TIME_KINDS
from graphkit.graph.form import citation_kind
from graphkit.model import PartialDate, Relationship, fields

if TYPE_CHECKING:
    import networkx as nx

_DATES = tuple(f.name for f in fields(Relationship) if f.kind == "date")
EVIDENCE = ("single_source", "alleged", "disputed")
"""Where evidence is thin: one source only, a claim only alleged, sources that disagree."""
CITATION_KINDS = ("quote_citations", "record_citations")
"""What the evidence is: verbatim quotes of documents, or records of registers (`model.Citation.kind`)."""
COUNTS = ("relationships",) + TIME_KINDS + EVIDENCE + CITATION_KINDS
"""What the report counts per dataset and per actor."""


def graph_stats(graph: "nx.MultiDiGraph") -> dict[str, Any]:
    """Counts by actor kind, relationship type, status, source, timing and kind of citation, and the
    records to look at.

    Sources count the relationships that cite them, so a source no relationship cites shows 0.
    A relationship's timing is how its text places it (`dates.TIME_KINDS`): dated (its own date,
    start or end), attested (a date it is known to hold on), bounded (only on or after / on or
    before), undated (nothing: a report date does not date it). `by_dataset` and `by_actor` count,
    for each dataset and each actor with relationships, those of each timing, the single-sourced,
    the alleged and the disputed, and their citations that quote a document and those that cite
    a register's record (`citations_by_kind` counts them all).
    """
    edges = [(u, v, data) for u, v, data in graph.edges(data=True)]
    sources = graph.graph.get("sources", {})
    cited = Counter(source for _, _, data in edges for source in _cited(data))
    own_dates = [date for _, _, data in edges for date in _own_dates(data)]
    reported = [data["first_reported"] for _, _, data in edges if isinstance(data.get("first_reported"), PartialDate)]
    by_dataset: dict[Any, Counter] = {}
    by_actor: dict[Any, Counter] = {}
    for u, v, data in edges:
        counted = _counted(data)
        by_dataset.setdefault(data.get("dataset") or graph.graph.get("name"), Counter()).update(counted)
        for node in {u, v}:
            by_actor.setdefault(node, Counter()).update(counted)
    report = {
        "dataset": graph.graph.get("name"),
        "actors": graph.number_of_nodes(),
        "relationships": graph.number_of_edges(),
        "sources": len(sources),
        "actors_by_kind": _ranked(Counter(kind for _, kind in graph.nodes(data="kind"))),
        "relationships_by_type": _ranked(Counter(data.get("type") for _, _, data in edges)),
        "relationships_by_status": _ranked(Counter(data.get("status") for _, _, data in edges)),
        "relationships_by_source": _ranked({**dict.fromkeys(sources, 0), **cited}),
        "relationships_by_timing": {kind: sum(_timing(data) == kind for _, _, data in edges) for kind in TIME_KINDS},
        "citations_by_kind": {kind.removesuffix("_citations"): sum(counts[kind] for counts in by_dataset.values())
                              for kind in CITATION_KINDS},
        "by_dataset": [{"dataset": name, **_row(counts)} for name, counts in by_dataset.items()],
        "by_actor": sorted(({"id": str(node), "name": graph.nodes[node].get("name"),
                             "kind": graph.nodes[node].get("kind"), **_row(counts)}
                            for node, counts in by_actor.items()),
                           key=lambda row: (-row["relationships"], row["id"])),
        "undated_relationships": sorted(str(data.get("id")) for _, _, data in edges if _timing(data) == "undated"),
        "single_source_relationships": sorted(str(data.get("id")) for _, _, data in edges if len(_cited(data)) == 1),
        "actors_without_relationships": sorted(str(node) for node in graph if graph.degree(node) == 0),
        "date_range": _range(own_dates),
        "first_reported_range": _range(reported),
    }
    if graph.graph.get("filters"):
        report["filters"] = graph.graph["filters"]
        report["left_out"] = dict(graph.graph.get("left_out") or {})
    return report


def _timing(edge: dict[str, Any]) -> str:
    return edge.get("timing") if edge.get("timing") in TIME_KINDS else "undated"


def _counted(edge: dict[str, Any]) -> Counter:
    """What one relationship adds to the counts of its dataset and of each of its actors."""
    status = edge.get("status") or "reported"
    return Counter({"relationships": 1, _timing(edge): 1, "single_source": int(len(_cited(edge)) == 1),
                    "alleged": int(status == "alleged"), "disputed": int(status == "disputed"),
                    **_citation_kinds(edge)})


def _citation_kinds(edge: dict[str, Any]) -> Counter:
    """How many of a relationship's citations quote a document and how many cite a register's record.

    >>> _citation_kinds({"citations": [{"quote": "A met B."}, {"record": "Q1$2"}, {"url": "https://example.org/r"}]})
    Counter({'record_citations': 2, 'quote_citations': 1})
    """
    return Counter(f"{citation_kind(citation)}_citations" for citation in edge.get("citations") or ())


def _row(counts: Counter) -> dict[str, int]:
    return {name: counts.get(name, 0) for name in COUNTS}


def _own_dates(edge: dict[str, Any]) -> list[PartialDate]:
    """A relationship's own dates (its declared date fields: date, start, end, attested, after,
    before), never when it was reported; an open end is no date."""
    return [edge[name] for name in _DATES if isinstance(edge.get(name), PartialDate) and not edge[name].is_open]


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
    """The report as aligned plain text for a terminal: the data's text escaped (`_shown`)."""
    stats = _shown(stats)
    lines = [f"{stats['dataset']}: {stats['actors']} actors, {stats['relationships']} relationships, "
             f"{stats['sources']} sources"]
    for title, key in (("Actors by kind", "actors_by_kind"), ("Relationships by type", "relationships_by_type"),
                       ("Relationships by status", "relationships_by_status"),
                       ("Relationships citing each source", "relationships_by_source"),
                       ("Relationships by how their texts place them in time", "relationships_by_timing"),
                       ("Citations: quotes of documents, records of registers", "citations_by_kind")):
        lines += ["", title] + _rows(stats[key])
    headers = [name.replace("_", "-") for name in COUNTS]
    lines += ["", "Time and evidence per dataset"]
    lines += _table(["dataset"] + headers, [[row["dataset"]] + [row[n] for n in COUNTS] for row in stats["by_dataset"]])
    if stats["by_actor"]:
        lines += ["", "Time and evidence per actor"]
        lines += _table(["actor"] + headers, [[row["id"]] + [row[n] for n in COUNTS] for row in stats["by_actor"]])
    span = [f"{r['first']} .. {r['last']}" if (r := stats[key]) else "none"
            for key in ("date_range", "first_reported_range")]
    lines += ["", "Data quality"] + _rows({
        "undated relationships": len(stats["undated_relationships"]),
        "single-source relationships": len(stats["single_source_relationships"]),
        "actors without relationships": len(stats["actors_without_relationships"]),
        "dates the texts give": span[0],
        "first reported (knowledge time)": span[1],
    })
    for title, key in (("Undated relationships", "undated_relationships"),
                       ("Single-source relationships (a second, independent source would corroborate each)",
                        "single_source_relationships"),
                       ("Actors without relationships", "actors_without_relationships")):
        if stats[key]:
            lines += ["", title] + [f"  {item}" for item in stats[key]]
    return "\n".join(lines)


_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What a terminal must not be handed raw: control characters (ESC, BEL, NUL, C1...), the Unicode line
separators and the bidirectional overrides (the same set the command line's tables escape)."""


def _shown(value: Any) -> Any:
    r"""The report with its text (names, ids, kinds: the data's) escaped for a terminal, so that a
    name cannot colour, retitle or erase it.

    >>> _shown({"ids": ["a\x1b[2J"], "by": {"b\x07": 1}})
    {'ids': ['a\\x1b[2J'], 'by': {'b\\x07': 1}}
    """
    if isinstance(value, str):
        return _UNSAFE.sub(lambda found: f"\\x{ord(found.group()):02x}" if ord(found.group()) < 0x100
                           else f"\\u{ord(found.group()):04x}", value)
    if isinstance(value, dict):
        return {_shown(key): _shown(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_shown(item) for item in value]
    return value


def _rows(counts: dict[str, Any]) -> list[str]:
    width = max((len(str(key)) for key in counts), default=0)
    return [f"  {str(key):<{width}}  {value:>5}" if isinstance(value, int) else f"  {str(key):<{width}}  {value}"
            for key, value in counts.items()]


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    """Rows under a header, indented, the first column to the left and the counts to the right.

    >>> print("\\n".join(_table(["actor", "dated"], [["hamas", 12], ["anwar", 3]])))
      actor  dated
      hamas     12
      anwar      3
    """
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    return ["  " + "  ".join(str(cell).ljust(width) if index == 0 else str(cell).rjust(width)
                             for index, (cell, width) in enumerate(zip(line, widths))).rstrip()
            for line in [header] + rows]
