"""FollowTheMoney (FtM) entities, one JSON object a line, for Aleph, OpenSanctions and their tools.

Built with the `followthemoney` package's own model (the optional extra ``graphkit[ftm]``), and
each entity checked against its schema. The mapping (`graphkit.importers.ftm` reads it back):

| graphkit                       | FtM                                                          |
|--------------------------------|--------------------------------------------------------------|
| actor Person                   | Person (`start`/`end`: birthDate/deathDate)                  |
| actor Government               | PublicBody (`start`/`end`: incorporationDate/dissolutionDate) |
| actor NGO, Group, Organization | Organization, the kind in `classification`                  |
| name, aliases, country         | name, alias, country                                         |
| description, tags              | description, keywords                                        |
| identifiers `wikidata`         | wikidataId                                                   |
| MEMBER_OF                      | Membership (member → organization)                           |
| LEADS                          | Directorship (director → organization)                       |
| EMPLOYED_BY                    | Employment (employee → employer)                             |
| REPRESENTS                     | Representation (agent → client)                              |
| FUNDS                          | Payment (payer → beneficiary), amount, currency              |
| SANCTIONED                     | Sanction (entity = the sanctioned; authority = the name of the sanctioning actor) |
| AFFILIATED_WITH, two people    | Associate (person → associate), role as relationship         |
| any other type                 | UnknownLink (subject → object), role = ``TYPE`` or ``TYPE: role`` |
| date, start, end               | date, startDate, endDate                                     |
| status                         | status                                                       |
| role, description              | role, description                                            |
| relationship id                | recordId                                                     |
| source                         | Article (a Document): title, sourceUrl, publisher, publishedAt, author, language, retrievedAt (accessed), description, keywords (kind) |
| citations                      | proof (the Articles), sourceUrl and publisher of the sources, summary: one per proof, in the same order, the quotes from that source separated by a blank line |

A type falls back to UnknownLink when its ends are not of the schemata FtM allows there (an
Employment's employee must be a Person) or when its schema has no `status` and the status is not
``reported`` (Payment, Associate), so that an alleged payment never reads as a reported one.

What FtM cannot carry (left out, or changed on the way back): `place`; citation `locator`s; which
quote belongs to which source when two sources of a relationship are quoted with the very same
words (FtM keeps a value once, so summaries and proofs no longer pair); identifiers other than Wikidata; countries FtM does not know (the
user-assigned codes such as ``XA``); `amount` and `currency` of a FUNDS that falls back to
UnknownLink; languages become ISO 639-3 (``en`` → ``eng``); ids may hold only letters, digits,
``.`` and ``-`` (others become ``-``; the exact relationship id is kept in `recordId`); the
dataset's own metadata. Entity ids are ``actor.<id>``, ``rel.<id>`` and ``source.<id>``.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

# graphkit relationship type -> (FtM schema, property of the `from` actor, property of the `to` actor)
SCHEMATA = {
    "MEMBER_OF": ("Membership", "member", "organization"),
    "LEADS": ("Directorship", "director", "organization"),
    "EMPLOYED_BY": ("Employment", "employee", "employer"),
    "REPRESENTS": ("Representation", "agent", "client"),
    "FUNDS": ("Payment", "payer", "beneficiary"),
    "AFFILIATED_WITH": ("Associate", "person", "associate"),
}
FALLBACK = ("UnknownLink", "subject", "object")
ACTOR_SCHEMATA = {"Person": "Person", "Government": "PublicBody"}  # every other kind: Organization
PREFIXES = {"actor": "actor.", "relationship": "rel.", "source": "source."}
QUOTES_SEPARATOR = "\n\n"  # between the quotes of one source in one summary
_NOT_ID = re.compile(r"[^0-9A-Za-z.\-]+")


class MissingExtra(ImportError):
    """An optional package that a format needs is not installed."""


def ftm_model():
    """The FollowTheMoney model, or a `MissingExtra` that says how to install it."""
    try:
        from followthemoney import model
    except ImportError as error:
        raise MissingExtra(
            "the FollowTheMoney format needs the followthemoney package: pip install 'graphkit[ftm]'"
        ) from error
    return model


def entity_id(kind: str, value: str) -> str:
    """The FtM id of a graphkit actor, relationship or source: typed, and only the characters FtM allows.

    >>> entity_id("actor", "anwar-ibrahim"), entity_id("relationship", "a--met_with--b--2024-05")
    ('actor.anwar-ibrahim', 'rel.a--met-with--b--2024-05')
    """
    return PREFIXES[kind] + (_NOT_ID.sub("-", str(value)).strip(".-") or "x")


def _check(entity) -> dict[str, Any]:
    data = entity.to_dict()
    entity.schema.validate(data)
    missing = [name for name in entity.schema.required if not entity.has(name)]
    if missing:
        raise ValueError(f"{entity.schema.name} {entity.id}: no {', '.join(missing)}")
    return data


def _add(entity, prop: str, values: Any) -> None:
    if values is None:
        return
    for value in values if isinstance(values, (list, tuple)) else [values]:
        if value is not None and value != "":
            entity.add(prop, value if isinstance(value, str) else str(value), quiet=True)


def _actor(model, node: str, data: dict[str, Any]):
    kind = data.get("kind")
    schema = ACTOR_SCHEMATA.get(kind, "Organization")
    entity = model.make_entity(schema)
    entity.id = entity_id("actor", node)
    _add(entity, "name", data.get("name") or str(node))
    _add(entity, "alias", data.get("aliases"))
    _add(entity, "country", data.get("country"))
    _add(entity, "description", data.get("description"))
    _add(entity, "keywords", data.get("tags"))
    _add(entity, "wikidataId", (data.get("identifiers") or {}).get("wikidata"))
    born, ended = ("birthDate", "deathDate") if schema == "Person" else ("incorporationDate", "dissolutionDate")
    _add(entity, born, data.get("start"))
    _add(entity, ended, data.get("end"))
    if schema == "Organization" and kind:
        _add(entity, "classification", kind)
    return entity


def _document(model, source: dict[str, Any]):
    entity = model.make_entity("Article")
    entity.id = entity_id("source", source["id"])
    _add(entity, "title", source.get("title"))
    _add(entity, "sourceUrl", source.get("url"))
    _add(entity, "publisher", source.get("publisher"))
    _add(entity, "publishedAt", source.get("published"))
    _add(entity, "author", source.get("authors"))
    _add(entity, "language", source.get("language"))
    _add(entity, "retrievedAt", source.get("accessed"))
    _add(entity, "description", source.get("description"))
    _add(entity, "keywords", source.get("kind"))
    return entity


def _schema_for(model, data: dict[str, Any], ends: tuple) -> tuple[str, str, str]:
    """The FtM schema and end properties for a relationship (see the module docstring)."""
    type_ = data.get("type")
    if type_ == "SANCTIONED":
        return "Sanction", "authority", "entity"
    schema_name, from_prop, to_prop = SCHEMATA.get(type_, FALLBACK)
    schema = model.get(schema_name)
    fits = all(end.schema.is_a(schema.get(prop).range) for end, prop in zip(ends, (from_prop, to_prop), strict=True))
    status_ok = "status" in schema.properties or (data.get("status") or "reported") == "reported"
    return (schema_name, from_prop, to_prop) if fits and status_ok else FALLBACK


def _relationship(model, u, v, key, data: dict[str, Any], actors: dict, sources: dict[str, Any]):
    schema_name, from_prop, to_prop = _schema_for(model, data, (actors[u], actors[v]))
    entity = model.make_entity(schema_name)
    entity.id = entity_id("relationship", key)
    if schema_name == "Sanction":
        _add(entity, "authority", actors[u].first("name"))
    else:
        _add(entity, from_prop, actors[u].id)
    _add(entity, to_prop, actors[v].id)
    _add(entity, "recordId", str(key))
    for prop, field in (("date", "date"), ("startDate", "start"), ("endDate", "end"), ("description", "description")):
        _add(entity, prop, data.get(field))
    if "status" in entity.schema.properties:
        _add(entity, "status", data.get("status"))
    role = data.get("role")
    if schema_name == "UnknownLink":
        _add(entity, "role", f"{data.get('type')}: {role}" if role else data.get("type"))
    elif schema_name == "Associate":
        _add(entity, "relationship", role)
    elif "role" in entity.schema.properties:
        _add(entity, "role", role)
    if schema_name == "Payment":
        _add(entity, "amount", data.get("amount"))
        _add(entity, "currency", data.get("currency"))
    quotes: dict[str, list[str]] = {}
    for citation in data.get("citations") or ():
        quotes.setdefault(citation.get("source"), []).append(citation.get("quote") or "")
    for source_id, said in quotes.items():
        source = sources.get(source_id) or {}
        _add(entity, "proof", entity_id("source", source_id) if source else None)
        _add(entity, "sourceUrl", source.get("url"))
        _add(entity, "publisher", source.get("publisher"))
        _add(entity, "summary", QUOTES_SEPARATOR.join(said))
    return entity


def to_ftm_entities(graph: "nx.MultiDiGraph") -> list[dict[str, Any]]:
    """The graph as FtM entity dicts, checked against their schemata: Documents, actors, relationships."""
    model = ftm_model()
    sources = graph.graph.get("sources") or {}
    entities = [_document(model, sources[key]) for key in sorted(sources)]
    actors = {node: _actor(model, node, data) for node, data in sorted(graph.nodes(data=True), key=lambda n: str(n[0]))}
    entities += actors.values()
    entities += [
        _relationship(model, u, v, key, data, actors, sources)
        for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: str(e[2]))
    ]
    return [_check(entity) for entity in entities]


def to_ftm(graph: "nx.MultiDiGraph") -> str:
    """The graph as FtM JSON lines (one entity a line), as described in the module docstring."""
    return "".join(json.dumps(entity, ensure_ascii=False) + "\n" for entity in to_ftm_entities(graph))
