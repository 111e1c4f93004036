"""The graph form: what every actor node and relationship edge carries, built from the records.

Values are typed: partial dates are `PartialDate`s, the bounds of valid time `datetime.date`s,
lists and mappings themselves; only writers turn them into text.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from graphkit.collector import paused_collector
from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source, fields, valid_time
from graphkit.vocabulary import dataset_vocabulary, using_vocabulary, vocabulary

if TYPE_CHECKING:
    import networkx as nx

# What follows from a relationship's fields, beside them in the graph form:
DERIVED = ("directed", "first_reported", "earliest_start", "latest_start", "earliest_end", "latest_end", "timing")
BOUNDS = ("earliest_start", "latest_start", "earliest_end", "latest_end")
# How edge attributes are ordered (for readable exports): these first, then every other declared
# field in its declared order, then `dataset`. Not a list of fields: a new field needs no entry.
_EDGE_ORDER = ("id", "type", "directed", "status", "date", "start", "end", "attested", "after", "before",
               "first_reported", *BOUNDS, "timing", "citations")


def _edge_attributes() -> tuple[str, ...]:
    declared = [f.name for f in fields(Relationship) if f.name not in ("source", "target")]
    first = [name for name in _EDGE_ORDER if name in declared or name in DERIVED]
    return tuple(first + [name for name in declared if name not in first] + ["dataset"])


_RELATIONSHIP_FIELDS = tuple(f.name for f in fields(Relationship) if f.kind != "citations")
_CITATION_FIELDS = tuple(f.name for f in fields(Citation))
NODE_ATTRIBUTES = tuple(f.name for f in fields(Actor) if f.name != "id") + ("dataset",)
"""The attributes of every actor node of the graph form, in order."""
EDGE_ATTRIBUTES = _edge_attributes()
"""The attributes of every relationship edge of the graph form, in order."""
CITATION_ATTRIBUTES = tuple(f.name for f in fields(Citation)) + ("known",)
"""The keys of each citation of an edge: its fields, and `known`: when its claim became known."""
STRUCTURED = frozenset(f.name for record in (Actor, Relationship, Source) for f in fields(record)
                       if f.kind in ("list", "mapping", "citations")) | {"sources", "filters", "left_out"}
"""Attributes (of nodes, edges, sources and the graph) that hold lists or mappings."""


def actor_attributes(actor: Actor, dataset: str | None = None) -> dict[str, Any]:
    """An actor's node attributes in the graph form: every declared field but its id, typed."""
    attrs = {f.name: _copy(getattr(actor, f.name)) for f in fields(Actor) if f.name != "id"}
    attrs["dataset"] = dataset
    return attrs


def citation_attributes(citation: Citation, source: Source | Mapping | None) -> dict[str, Any]:
    """A citation in the graph form, with `known`: the citation's own date, else its source's
    publication date (None: not known when it was published)."""
    attrs = {name: getattr(citation, name) for name in _CITATION_FIELDS}
    published = source.get("published") if isinstance(source, Mapping) else getattr(source, "published", None)
    attrs["known"] = citation.date or published
    return attrs


def citation_kind(citation: Mapping[str, Any]) -> str:
    """``quote`` or ``record`` for a citation of the graph form, as `model.Citation.kind` says: a
    citation with a quote quotes a document; one without cites a register's record.

    >>> citation_kind({"source": "s", "quote": "A met B."}), citation_kind({"source": "wd", "record": "Q42$1"})
    ('quote', 'record')
    """
    return "quote" if citation.get("quote") else "record"


def first_reported(citations) -> PartialDate | None:
    """The earliest date on which a citation that supports the claim (not a denial) was known."""
    known = [c["known"] for c in citations if c.get("stance") != "denies" and isinstance(c.get("known"), PartialDate)]
    return min(known) if known else None


def derived_status(citations, sources: Mapping[str, Any]) -> str | None:
    """The status the vocabulary's rules give these citations (sources of one publisher count as one)."""
    def publisher(source_id: str) -> str:
        source = sources.get(source_id)
        found = source.get("publisher") if isinstance(source, Mapping) else getattr(source, "publisher", None)
        return found or source_id

    return vocabulary().derive_status([(c.get("stance") or "asserts", publisher(c["source"])) for c in citations])


def time_attributes(attrs: Mapping[str, Any], lifetimes=()) -> dict[str, Any]:
    """`first_reported`, the bounds of valid time and `timing` of an edge, from its date fields and
    citations (`dates.valid_time`, the one rule)."""
    reported = first_reported(attrs.get("citations") or ())
    given = tuple(value if isinstance(value := attrs.get(name), PartialDate) else None for name in _GIVEN)
    return {"first_reported": reported, **_valid_time(given, reported, tuple(lifetimes))}


_GIVEN = ("date", "start", "end", "attested", "after", "before")


@functools.lru_cache(maxsize=1 << 16)
def _valid_time(given: tuple, reported: PartialDate | None, lifetimes: tuple) -> dict[str, Any]:
    """`valid_time` as edge attributes, kept per distinct input: a large dataset repeats its dates."""
    time = valid_time(**dict(zip(_GIVEN, given)), first_reported=reported, lifetimes=lifetimes)
    return {"earliest_start": time.earliest_start, "latest_start": time.latest_start,
            "earliest_end": time.earliest_end, "latest_end": time.latest_end, "timing": time.kind}


def relationship_attributes(rel: Relationship, sources: Mapping[str, Any] | None = None,
                            actors: Mapping[str, Actor] | None = None, dataset: str | None = None) -> dict[str, Any]:
    """A relationship's edge attributes in the graph form (`EDGE_ATTRIBUTES`): its fields, typed, and
    what follows from them (`DERIVED`): its direction, when it was first reported, when it may have
    held (clipped to its actors' lifetimes) and its status (set by hand, else from its citations).

    >>> from graphkit.model import Citation
    >>> rel = Relationship(id="r", source="a", target="b", type="MET_WITH", date=PartialDate.parse("2023-10"),
    ...                    citations=[Citation("s", "q", stance="alleges")])
    >>> attrs = relationship_attributes(rel, {"s": Source(id="s", title="S", published=PartialDate.parse("2024"))})
    >>> attrs["directed"], attrs["status"], attrs["earliest_start"], attrs["latest_end"], str(attrs["first_reported"])
    (False, 'alleged', datetime.date(2023, 10, 1), datetime.date(2023, 10, 31), '2024')
    """
    sources = sources or {}
    actors = actors or {}
    types = vocabulary().relationship_types
    values = {name: _copy(getattr(rel, name)) for name in _RELATIONSHIP_FIELDS}
    values["citations"] = [citation_attributes(c, sources.get(c.source)) for c in rel.citations]
    values["directed"] = types[rel.type].directed if rel.type in types else True
    lifetimes = [(actor.start, actor.end) for actor in (actors.get(rel.source), actors.get(rel.target)) if actor]
    values.update(time_attributes(values, lifetimes))
    values["status"] = rel.status or derived_status(values["citations"], sources)
    values["dataset"] = dataset
    return {name: values[name] for name in EDGE_ATTRIBUTES}


def source_record(source: Source) -> dict[str, Any]:
    """A source as plain data, typed (the form graphs, exports and maps carry)."""
    return {f.name: _copy(getattr(source, f.name)) for f in fields(Source)}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def dataset_to_graph(dataset: Dataset) -> "nx.MultiDiGraph":
    """Build the graph of a whole dataset, with every field of every record, by the dataset's
    vocabulary (its own vocabulary.yaml says whether the types it adds are directed)."""
    import networkx as nx

    graph = nx.MultiDiGraph(
        **{f.name: getattr(dataset, f.name) for f in fields(Dataset)},
        sources={source.id: source_record(source) for source in dataset.sources.values()},
    )
    with paused_collector(), using_vocabulary(dataset_vocabulary(dataset.path)):  # millions of dicts, no cycles
        for actor in dataset.actors.values():
            graph.add_node(actor.id, **actor_attributes(actor, dataset.name))
        for rel in dataset.relationships.values():
            graph.add_edge(rel.source, rel.target, key=rel.id,
                           **relationship_attributes(rel, dataset.sources, dataset.actors, dataset.name))
    return graph
