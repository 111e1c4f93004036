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
