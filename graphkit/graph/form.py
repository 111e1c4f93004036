"""The graph form: what every actor node and relationship edge carries, built from the records.

Values are typed: partial dates are `PartialDate`s, the bounds of valid time `datetime.date`s,
lists and mappings themselves; only writers turn them into text.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from graphkit.collector import paused_collector
from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source, ValidTime, fields, valid_time
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
# Read many records: each getter takes all of a record's values in one call.
_RELATIONSHIP_VALUES = operator.attrgetter(*_RELATIONSHIP_FIELDS)
_CITATION_VALUES = operator.attrgetter(*_CITATION_FIELDS)
_COPIED = tuple(f.name for f in fields(Relationship) if f.kind in ("list", "mapping"))
NODE_ATTRIBUTES = tuple(f.name for f in fields(Actor) if f.name != "id") + ("dataset",)
"""The attributes of every actor node of the graph form, in order."""
EDGE_ATTRIBUTES = _edge_attributes()
"""The attributes of every relationship edge of the graph form, in order."""
_IN_EDGE_ORDER = operator.itemgetter(*EDGE_ATTRIBUTES)
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
    return vocabulary().derive_status([(c.get("stance") or "asserts", _source_facts(sources, c["source"])[1])
                                       for c in citations])


def _source_facts(sources: Mapping[str, Any], source_id: str) -> tuple[Any, str]:
    """(publication date, publisher: the source itself if it names none) of a cited source, a
    `Source` or a mapping."""
    source = sources.get(source_id)
    mapping = isinstance(source, Mapping)
    published = source.get("published") if mapping else getattr(source, "published", None)
    publisher = source.get("publisher") if mapping else getattr(source, "publisher", None)
    return published, publisher or source_id


def time_attributes(attrs: Mapping[str, Any], lifetimes=()) -> dict[str, Any]:
    """`first_reported`, the bounds of valid time and `timing` of an edge, from its date fields and
    citations (`dates.valid_time`, the one rule)."""
    reported = first_reported(attrs.get("citations") or ())
    given = tuple([value if isinstance(value, PartialDate) else None for value in map(attrs.get, _GIVEN)])
    time = _valid_time(given, reported).within(lifetimes)
    return {"first_reported": reported, "earliest_start": time.earliest_start, "latest_start": time.latest_start,
            "earliest_end": time.earliest_end, "latest_end": time.latest_end, "timing": time.kind}


_GIVEN = ("date", "start", "end", "attested", "after", "before")


@functools.lru_cache(maxsize=1 << 16)
def _valid_time(given: tuple, reported: PartialDate | None) -> ValidTime:
    """`valid_time` but for the actors' lifetimes, kept per distinct input: a large dataset repeats its dates."""
    return valid_time(**dict(zip(_GIVEN, given)), first_reported=reported)


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
    return EdgeMaker(sources or {}, actors or {}, dataset)(rel)


class EdgeMaker:
    """Makes `relationship_attributes` of one dataset's relationships, looking up once what many of
    them share: a source's publication date and publisher, a type's direction."""

    def __init__(self, sources: Mapping[str, Any], actors: Mapping[str, Actor], dataset: str | None):
        self.sources, self.actors, self.dataset = sources, actors, dataset
        self.vocabulary = vocabulary()
        self.directed = {name: kind.directed for name, kind in self.vocabulary.relationship_types.items()}
        self._facts: dict[str, tuple[Any, str]] = {}

    def _source(self, source_id: str) -> tuple[Any, str]:
        if source_id not in self._facts:
            self._facts[source_id] = _source_facts(self.sources, source_id)
        return self._facts[source_id]

    def __call__(self, rel: Relationship) -> dict[str, Any]:
        values = dict(zip(_RELATIONSHIP_FIELDS, _RELATIONSHIP_VALUES(rel)))
        for name in _COPIED:
            values[name] = _copy(values[name])
        citations, stances = [], []
        for citation in rel.citations:
            attrs = dict(zip(_CITATION_FIELDS, _CITATION_VALUES(citation)))
            published, publisher = self._source(citation.source)
            attrs["known"] = citation.date or published
            citations.append(attrs)
            stances.append((citation.stance or "asserts", publisher))
        values["citations"] = citations
        values["directed"] = self.directed.get(rel.type, True)
        lifetimes = [(actor.start, actor.end) for actor in (self.actors.get(rel.source), self.actors.get(rel.target))
                     if actor]
        values.update(time_attributes(values, lifetimes))
        values["status"] = rel.status or self.vocabulary.derive_status(stances)
        values["dataset"] = self.dataset
        return dict(zip(EDGE_ATTRIBUTES, _IN_EDGE_ORDER(values)))


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
        edge = EdgeMaker(dataset.sources, dataset.actors, dataset.name)
        for rel in dataset.relationships.values():
            graph.add_edge(rel.source, rel.target, key=rel.id, **edge(rel))
    return graph
