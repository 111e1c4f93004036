"""The graph form as FollowTheMoney entities (JSON lines), as `graphkit.formats.ftm` maps them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from graphkit.errors import FormatError
from graphkit.formats.ftm import (ACTOR_DATES, ACTOR_SCHEMATA, FALLBACK, QUOTES_SEPARATOR, ROLE_PROPERTIES,
                                  SANCTIONED, SCHEMATA, entity_id, ftm_date, ftm_model)
from graphkit.graph import derived_status
from graphkit.graph.form import citation_kind

if TYPE_CHECKING:
    import networkx as nx


def write(graph: "nx.MultiDiGraph", out: BinaryIO) -> None:
    """Write the graph as FtM JSON lines (one entity a line, UTF-8) to a binary file, as each is made."""
    pieces, size = [], 0
    for entity in iter_entities(graph):
        line = json.dumps(entity, ensure_ascii=False) + "\n"
        pieces.append(line)
        size += len(line)
        if size >= 1 << 16:  # written in blocks of about 64 KiB
            out.write("".join(pieces).encode("utf-8"))
            pieces, size = [], 0
    out.write("".join(pieces).encode("utf-8"))


def entities(graph: "nx.MultiDiGraph") -> list[dict[str, Any]]:
    """The graph as a list of FtM entity dicts (see `iter_entities`), for small graphs."""
    return list(iter_entities(graph))


def iter_entities(graph: "nx.MultiDiGraph") -> Iterator[dict[str, Any]]:
    """The graph as FtM entity dicts, each checked against its schema as it is made: Documents,
    actors, relationships. Of the actors only their id, schema and name are kept for the relationships."""
    model = ftm_model()
    sources = graph.graph.get("sources") or {}
    for key in sorted(sources):
        yield _check(_document(model, sources[key]))
    owned = {v for _, v, type_ in graph.edges(data="type") if type_ == "OWNS"}  # FtM owns Assets: a Company
    actors = {}
    for node, data in sorted(graph.nodes(data=True), key=lambda n: str(n[0])):
        entity = _actor(model, node, data, node in owned)
        actors[node] = _End(entity.id, entity.schema, entity.first("name"))
        yield _check(entity)
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: str(e[2])):
        yield _check(_relationship(model, u, v, key, data, actors, sources))


class _End(NamedTuple):
    """What a relationship's entity needs of an actor's: its id, schema and (first) name."""

    id: str
    schema: Any
    name: str | None


def _check(entity) -> dict[str, Any]:
    """The entity as a dict, or a FormatError if FtM's model finds it invalid or incomplete."""
    from followthemoney.exc import InvalidData

    data = entity.to_dict()
    try:
        entity.schema.validate(data)
    except InvalidData as error:
        raise FormatError(f"cannot write {entity.schema.name} {entity.id} as FtM: {error} {error.errors}") from None
    missing = [name for name in entity.schema.required if not entity.has(name)]
    if missing:
        raise FormatError(f"cannot write {entity.schema.name} {entity.id} as FtM: it has no {', '.join(missing)}")
    return data


def _add(entity, prop: str, values: Any) -> None:
    """Add values (one or a list; partial dates and numbers as their text), leaving out empty ones."""
    if values is None:
        return
    for value in values if isinstance(values, (list, tuple)) else [values]:
        if value is not None and value != "":
            entity.add(prop, value if isinstance(value, str) else str(value), quiet=True)


def _actor(model, node: str, data: dict[str, Any], owned: bool = False):
    kind = data.get("kind")
    schema = ACTOR_SCHEMATA.get(kind, "Company" if owned and kind == "Organization" else "Organization")
    entity = model.make_entity(schema)
    entity.id = entity_id("actor", node)
    _add(entity, "name", data.get("name") or str(node))
    _add(entity, "alias", data.get("aliases"))
    _add(entity, "country", data.get("country"))
    _add(entity, "description", data.get("description"))
    _add(entity, "keywords", data.get("tags"))
    _add(entity, "wikidataId", (data.get("identifiers") or {}).get("wikidata"))
    born, ended = ACTOR_DATES.get(schema, ("incorporationDate", "dissolutionDate"))
    _add(entity, born, ftm_date(data.get("start")))
    _add(entity, ended, ftm_date(data.get("end")))
    if schema in ("Organization", "Company") and kind:
        _add(entity, "classification", kind)
    return entity


def _document(model, source: dict[str, Any]):
    entity = model.make_entity("Article")
    entity.id = entity_id("source", source["id"])
    _add(entity, "title", source.get("title"))
    _add(entity, "sourceUrl", source.get("url"))
    _add(entity, "publisher", source.get("publisher"))
    _add(entity, "publishedAt", ftm_date(source.get("published")))
    _add(entity, "author", source.get("authors"))
    _add(entity, "language", source.get("language"))
    _add(entity, "retrievedAt", ftm_date(source.get("accessed")))
    _add(entity, "description", source.get("description"))
    _add(entity, "keywords", source.get("kind"))
    return entity


def _schema_for(model, data: dict[str, Any], ends: tuple, sources: dict[str, Any]) -> tuple[str, str, str]:
    """The FtM schema and end properties for a relationship (see `graphkit.formats.ftm`)."""
    type_ = data.get("type")
    if type_ == "SANCTIONED":
        return SANCTIONED
    schema_name, from_prop, to_prop = SCHEMATA.get(type_, FALLBACK)
    schema = model.get(schema_name)
    fits = all(end.schema.is_a(schema.get(prop).range) for end, prop in zip(ends, (from_prop, to_prop), strict=True))
    status_ok = "status" in schema.properties or _status(data) == _unstated_status(data, sources)
    return (schema_name, from_prop, to_prop) if fits and status_ok else FALLBACK


def _status(data: dict[str, Any]) -> str:
    """A relationship's status (set by hand, else derived from its citations); ``reported`` when it has none."""
    return data.get("status") or "reported"


def _unstated_status(data: dict[str, Any], sources: dict[str, Any]) -> str:
    """The status a reader gives the relationship when FtM states none: its citations all asserting."""
    asserting = [{**citation, "stance": "asserts"} for citation in data.get("citations") or ()]
    return derived_status(asserting, sources) or "reported"


def _relationship(model, u, v, key, data: dict[str, Any], actors: dict, sources: dict[str, Any]):
    schema_name, from_prop, to_prop = _schema_for(model, data, (actors[u], actors[v]), sources)
    entity = model.make_entity(schema_name)
    entity.id = entity_id("relationship", key)
    if schema_name == SANCTIONED[0]:
        _add(entity, from_prop, actors[u].name)
    else:
        _add(entity, from_prop, actors[u].id)
    _add(entity, to_prop, actors[v].id)
    _add(entity, "recordId", str(key))
    for prop, field in (("date", "date"), ("startDate", "start"), ("endDate", "end")):
        _add(entity, prop, ftm_date(data.get(field)))  # only what the text gave: never a report date
    _add(entity, "description", data.get("description"))
    if "status" in entity.schema.properties:
        _add(entity, "status", data.get("status"))
    role = data.get("role")
    if schema_name == FALLBACK[0]:
        _add(entity, "role", f"{data.get('type')}: {role}" if role else data.get("type"))
    elif schema_name in ROLE_PROPERTIES:
        _add(entity, ROLE_PROPERTIES[schema_name], role)
    elif "role" in entity.schema.properties:
        _add(entity, "role", role)
    if schema_name == "Payment":
        _add(entity, "amount", data.get("amount"))
        _add(entity, "currency", data.get("currency"))
    if schema_name == "Ownership" and data.get("share") is not None:
        _add(entity, "percentage", f"{data['share']:g}")
    _citations(entity, data.get("citations") or (), sources)
    return entity


def _citations(entity, citations, sources: dict[str, Any]) -> None:
    """A relationship's citations as FtM provenance: each source a `proof` (with its publisher);
    a record citation's record, url and retrieved date as `recordId`, `sourceUrl` and
    `retrievedAt`; the quotes of each source, a blank line between, as one `summary`."""
    quotes: dict[str, list[str]] = {}
    for citation in citations:
        source_id = citation.get("source")
        source = sources.get(source_id) or {}
        _add(entity, "proof", entity_id("source", source_id) if source else None)
        _add(entity, "publisher", source.get("publisher"))
        if citation_kind(citation) == "quote":
            quotes.setdefault(source_id, []).append(citation["quote"])
        else:
            _add(entity, "recordId", citation.get("record"))
            _add(entity, "sourceUrl", citation.get("url"))
            _add(entity, "retrievedAt", ftm_date(citation.get("retrieved")))
    for said in quotes.values():
        _add(entity, "summary", QUOTES_SEPARATOR.join(said))
