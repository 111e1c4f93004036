"""FollowTheMoney entities (JSON lines) into a graphkit dataset, reporting whatever does not fit.

The mapping of `graphkit.formats.ftm`, read backwards, plus:

- actors: any LegalEntity (Person; PublicBody as Government; Organization, Company and others as
  the kind in `classification` if it is one, else Organization) and Position; extra names become
  aliases;
- sources: Documents (Article, ...); `publishedAt` (else `date`) is the publication date;
- relationships: each interval schema as the type that says what it is (Ownership is OWNS with
  its `percentage` as `share` where it is a number, Family FAMILY and Associate ASSOCIATE_OF with
  the `relationship` as role, Succession SUCCEEDED, Occupancy HOLDS_POSITION, ...); UnknownLink is
  the type its role names (``MET_WITH`` or ``MET_WITH: role``) or else AFFILIATED_WITH; Sanction is
  SANCTIONED from the actor whose name or alias is the `authority`;
- statuses: a `status` that one stance shared by every citation gives (by the vocabulary's rules)
  is written as those stances, and the status is left to follow from them; any other stays set
  by hand, with a `status_note` (FtM does not say which source alleges, denies or confirms); a
  link with no status has citations that assert;
- dates: `date`, `startDate` and `endDate` as the record gives them, nothing more;
- citations: records, never quotes (see `graphkit.formats.ftm`): `summary` and `description` are
  the relationship's description.

Everything else is reported, never silently dropped: the schemata not imported, the properties
not carried (per schema and property, with counts) and the entities skipped, with the reason.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.dataset import write_yaml
from graphkit.dataset.rules import dataset_name_problem, url_problem
from graphkit.errors import FormatError
from graphkit.formats.ftm import (ACTOR_DATES, FALLBACK, PREFIXES, ROLE_PROPERTIES, SANCTIONED, SCHEMATA, entity_id,
                                  ftm_model)
from graphkit.formats.ftm.entities import read_entities, written_date
from graphkit.formats.local_ids import LocalIds
from graphkit.graph import derived_status
from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source, relationship_id
from graphkit.vocabulary import vocabulary

# FtM schema -> (graphkit type, property of `from`, property of `to`); UnknownLink and Sanction aside.
RELATIONSHIPS = {schema: (type_, from_prop, to_prop) for type_, (schema, from_prop, to_prop) in SCHEMATA.items()}
_SOURCE_PROPS = {"title", "fileName", "sourceUrl", "publisher", "publishedAt", "date", "author", "language",
                 "retrievedAt", "description", "summary", "keywords"}
_LINK_PROPS = {"date", "startDate", "endDate", "status", "description", "recordId", "proof", "sourceUrl",
               "publisher", "publisherUrl", "retrievedAt", "summary", "role", "relationship", "amount", "currency",
               "authority"}
_BAD_ID = re.compile(r"[\s|]+")
_MANY = {"name", "alias", "keywords", "description", "summary", "proof", "recordId", "sourceUrl", "retrievedAt",
         "author", "country"}
"""The properties whose every value is carried (names as aliases, each proof a citation, ...)."""
_WHOLE = {"publisher", "publisherUrl", "percentage"}
"""Of an actor or a link, the properties taken only when they have one value (`publisher_source`, `share`)."""
# The stances that, shared by every citation of a claim, may stand for a status FtM states.
_SHARED_STANCES = ("asserts", "alleges", "denies")
STATUS_NOTE = ("the status the FollowTheMoney record states; FtM does not say which of its sources "
               "alleges, denies or confirms the claim")


@dataclass
class ImportReport:
    """What an import made and what it could not carry."""

    dataset: Dataset
    unmapped_schemata: Counter = field(default_factory=Counter)  # schema -> entities not imported
    unmapped_properties: Counter = field(default_factory=Counter)  # "Schema.property" -> values not carried
    skipped: list[str] = field(default_factory=list)  # entities left out, each with the reason
    renamed: list[str] = field(default_factory=list)  # records whose cleaned-up id another had taken

    def lines(self) -> list[str]:
        """The report as lines for people."""
        lines = [f"not imported: {count} {schema} entit{'y' if count == 1 else 'ies'} (no graphkit equivalent)"
                 for schema, count in sorted(self.unmapped_schemata.items())]
        lines += [f"not carried: {name} ({count} value{'' if count == 1 else 's'})"
                  for name, count in sorted(self.unmapped_properties.items())]
        return lines + [f"skipped: {reason}" for reason in self.skipped] + self.renamed


def _local_id(kind: str, ftm_id: str) -> str:
    """A graphkit id from an FtM id: our own prefix taken off, spaces and '|' replaced."""
    prefix = PREFIXES[kind]
    value = ftm_id[len(prefix):] if ftm_id.startswith(prefix) else ftm_id
    return _BAD_ID.sub("-", value)


def _first(entity, prop: str) -> str | None:
    values = entity.get(prop, quiet=True)
    return values[0] if values else None


class _Importer:
    def __init__(self, path: Path, name: str):
        self.path = path
        self.report = ImportReport(Dataset(name=name, title=f"Imported from {path.name}",
                                           description=f"FollowTheMoney entities read from {path.name}."))
        self.dataset = self.report.dataset
        self.actor_ids: dict[str, str] = {}  # FtM id -> actor id
        self.source_ids: dict[str, str] = {}  # FtM id -> source id
        self.ids = {table: LocalIds() for table in ("actor", "source", "relationship")}
        self.written: dict[str, dict] = {}  # FtM id -> its properties as the file writes them
        self.vocabulary = vocabulary()

    def dates(self, entity, prop: str) -> list[PartialDate]:
        """The entity's dates of `prop`, as written; those that are no date are reported as not carried."""
        values = self.written.get(entity.id, {}).get(prop) or []
        dates = [written_date(value) for value in (values if isinstance(values, list) else [values])]
        if None in dates:
            self.report.unmapped_properties[f"{entity.schema.name}.{prop} (not a date)"] += dates.count(None)
        return [date for date in dates if date is not None]

    def date(self, entity, *props: str) -> PartialDate | None:
        """The first date of the first of `props` the entity has."""
        for prop in props:
            if dates := self.dates(entity, prop):
                return dates[0]
        return None

    def links(self, entity) -> list[str]:
        """The entity's source links a browser opens as written; the others are counted as not carried."""
        urls = entity.get("sourceUrl", quiet=True)
        good = [url for url in urls if url_problem(url) is None]
        if len(good) < len(urls):
            what = f"{entity.schema.name}.sourceUrl (not a link a browser opens as written)"
            self.report.unmapped_properties[what] += len(urls) - len(good)
        return good

    def unmapped(self, entity, used: set[str], whole: set[str] = _WHOLE) -> None:
        """Reports the values not carried: of the properties not `used`, and of a used one that
        graphkit holds once (a second member, a second start date), those beyond the first; a
        property in `whole` is taken only when it has one value (and reported where it is not)."""
        for prop, values in entity.properties.items():
            if prop not in used:
                self.report.unmapped_properties[f"{entity.schema.name}.{prop}"] += len(values)
            elif prop not in _MANY | whole and len(values) > 1:
                self.report.unmapped_properties[f"{entity.schema.name}.{prop} (beyond the first)"] += len(values) - 1

    # -- actors and sources ------------------------------------------------------------------
    def actor(self, entity) -> None:
        schema = entity.schema
        if schema.is_a("Person") or schema.is_a("Position"):
            kind = "Person" if schema.is_a("Person") else "Position"
            born, ended = ACTOR_DATES[kind]
        else:
            classification = _first(entity, "classification")
            kind = "Government" if schema.is_a("PublicBody") else (
                classification if classification in self.vocabulary.actor_kinds else "Organization")
            born, ended = "incorporationDate", "dissolutionDate"
        names = entity.get("name", quiet=True) or [entity.caption]
        used = {"name", "alias", "description", "keywords", "wikidataId", born, ended}
        if kind == "Position":  # its organization is a PART_OF, cited from the Position's own provenance
            used |= {"organization", "proof", "sourceUrl", "publisher", "publisherUrl", "retrievedAt"}
        if kind not in ACTOR_DATES and _first(entity, "classification") == kind:
            used.add("classification")
        countries = entity.get("country", quiet=True)
        if len(countries) == 1:
            used.add("country")
        actor = Actor(
            id=self.ids["actor"].take(entity.id, _local_id("actor", entity.id)),
            kind=kind,
            name=names[0],
            aliases=list(dict.fromkeys(names[1:] + entity.get("alias", quiet=True))),
            country=countries[0].upper() if countries else None,
            description="\n\n".join(entity.get("description", quiet=True)) or None,
            start=self.date(entity, born),
            end=self.date(entity, ended),
            identifiers={"wikidata": _first(entity, "wikidataId")} if entity.has("wikidataId") else {},
            tags=[tag for tag in entity.get("keywords", quiet=True)],
        )
        self.unmapped(entity, used)
        self.actor_ids[entity.id] = actor.id
        self.dataset.actors[actor.id] = actor

    def source(self, entity) -> None:
        from rigour.langs import iso_639_alpha2

        language = _first(entity, "language")
        kinds = [value for value in entity.get("keywords", quiet=True) if value in self.vocabulary.source_kinds]
        urls = self.links(entity)
        source = Source(
            id=self.ids["source"].take(entity.id, _local_id("source", entity.id)),
            title=_first(entity, "title") or _first(entity, "fileName") or entity.caption,
            kind=kinds[0] if kinds else "other",
            publisher=_first(entity, "publisher"),
            url=urls[0] if urls else None,
            published=self.date(entity, "publishedAt", "date"),
            authors=entity.get("author", quiet=True),
            language=(iso_639_alpha2(language) or language) if language else None,
            accessed=self.date(entity, "retrievedAt"),
            description="\n\n".join(entity.get("description", quiet=True) + entity.get("summary", quiet=True)) or None,
        )
        self.unmapped(entity, _SOURCE_PROPS, whole=set())  # a document's first publisher is its publisher
        self.source_ids[entity.id] = source.id
        self.dataset.sources[source.id] = source

    # -- relationships -----------------------------------------------------------------------
    def kind_of_link(self, entity) -> tuple[str, str | None, str, str | None] | None:
        """(graphkit type, `from` FtM id, `to` FtM id, role) of a link entity, or None if it has none."""
        name = entity.schema.name
        if name == "Position":
            return "PART_OF", entity.id, _first(entity, "organization"), None
        if name == SANCTIONED[0]:
            authority = _first(entity, SANCTIONED[1])
            matches = [ftm_id for ftm_id, actor_id in self.actor_ids.items()
                       if authority and authority in [self.dataset.actors[actor_id].name,
                                                      *self.dataset.actors[actor_id].aliases]]
            if len(matches) != 1:
                why = "no actor" if not matches else "several actors"
                self.report.skipped.append(
                    f"{entity.schema.name} {entity.id}: {why} named {authority!r} (its authority)")
                return None
            return "SANCTIONED", matches[0], _first(entity, SANCTIONED[2]), None
        if name == FALLBACK[0]:
            role = _first(entity, "role") or ""
            type_, _, rest = role.partition(":")
            if type_.strip() in self.vocabulary.relationship_types:
                return type_.strip(), _first(entity, FALLBACK[1]), _first(entity, FALLBACK[2]), rest.strip() or None
            return "AFFILIATED_WITH", _first(entity, FALLBACK[1]), _first(entity, FALLBACK[2]), role or None
        type_, from_prop, to_prop = RELATIONSHIPS[name]
        role = _first(entity, ROLE_PROPERTIES.get(name, "role"))
        if name == "Ownership" and role is None:
            role = _first(entity, "ownershipType")
        return type_, _first(entity, from_prop), _first(entity, to_prop), role

    def citations(self, entity) -> list[Citation]:
        """The entity's provenance as record citations (see `graphkit.formats.ftm`): one per proof
        (else for its publisher, else for the file), each with its record, url and retrieved date."""
        sources = [self.source_ids[ftm_id] for ftm_id in entity.get("proof", quiet=True) if ftm_id in self.source_ids]
        sources = sources or [self.publisher_source(entity) or self.file_source()]
        records = [value for value in entity.get("recordId", quiet=True)  # less the relationship's own id
                   if entity_id("relationship", value) != entity.id]
        urls = self.links(entity)
        retrieved = self.dates(entity, "retrievedAt")
        rows = max(1, len(records)) if len(sources) == 1 else len(sources)
        columns = {name: self.paired(entity, prop, values, rows) for name, prop, values in (
            ("record", "recordId", records), ("url", "sourceUrl", urls), ("retrieved", "retrievedAt", retrieved))}
        citations = []
        for row in range(rows):
            cited = {name: values[row] for name, values in columns.items()}
            if not cited["record"] and not cited["url"]:
                cited["record"] = entity.id  # the record is the FtM entity itself
            citations.append(Citation(sources[0] if len(sources) == 1 else sources[row], **cited))
        return citations

    def paired(self, entity, prop: str, values: list, rows: int) -> list:
        """A value for each of `rows` citations: as many values pair up, one goes with every
        citation; any other count does not pair (counted as not carried)."""
        if len(values) == rows or len(values) == 1:
            return values if len(values) == rows else values * rows
        if values:
            self.report.unmapped_properties[f"{entity.schema.name}.{prop} (not paired with a proof)"] += len(values)
        return [None] * rows

    def stances(self, citations: list[Citation], status: str | None) -> tuple[list[Citation], str | None]:
        """The citations with the stances a stated status stands for, and the status left to set by
        hand: None when one stance shared by every citation gives it (see the module docstring)."""
        if status is None:
            return citations, None
        for stance in _SHARED_STANCES:
            given = [dataclasses.replace(citation, stance=stance) for citation in citations]
            cited = [{"source": citation.source, "stance": stance} for citation in given]
            if derived_status(cited, self.dataset.sources) == status:
                return given, None
        return citations, status

    def publisher_source(self, entity) -> str | None:
        """A register source for the entity's one publisher (none for none, or for several)."""
        publishers = entity.get("publisher", quiet=True)
        if len(publishers) > 1:
            self.report.unmapped_properties[f"{entity.schema.name}.publisher (several: the file is cited)"] += len(
                publishers)
        if len(publishers) != 1:
            return None
        source_id = re.sub(r"[^0-9A-Za-z]+", "-", publishers[0]).strip("-").lower()[:80] or "publisher"
        if source_id not in self.dataset.sources:
            homes = [url for url in entity.get("publisherUrl", quiet=True) if url_problem(url) is None]
            self.dataset.sources[source_id] = Source(source_id, publishers[0], kind="register",
                                                     publisher=publishers[0], url=homes[0] if len(homes) == 1 else None)
        return source_id

    def file_source(self) -> str:
        source_id = re.sub(r"[^0-9A-Za-z]+", "-", self.path.name).strip("-").lower() or "ftm-file"
        if source_id not in self.dataset.sources:
            self.dataset.sources[source_id] = Source(
                source_id, self.path.name, kind="register",
                description=f"The FollowTheMoney file {self.path.name}: its entities cite no source of their own.")
        return source_id

    def share(self, entity) -> float | None:
        """An Ownership's `percentage` as a share, where it is a number from 0 to 100."""
        values = entity.get("percentage", quiet=True) if entity.schema.name == "Ownership" else []
        try:
            share = float(values[0].strip().rstrip("%")) if len(values) == 1 else None
        except ValueError:
            share = None
        if share is None or not 0 <= share <= 100:
            if values:
                self.report.unmapped_properties[f"{entity.schema.name}.percentage (not one number from 0 to 100)"] += 1
            return None
        return share

    def relationship(self, entity) -> None:
        link = self.kind_of_link(entity)
        if link is None:
            return
        type_, from_ftm, to_ftm, role = link
        missing = [ftm_id or "(none)" for ftm_id in (from_ftm, to_ftm) if ftm_id not in self.actor_ids]
        if missing:
            self.report.skipped.append(
                f"{entity.schema.name} {entity.id}: {' and '.join(missing)} not an actor in the file")
            return
        date, start, end = (self.date(entity, prop) for prop in ("date", "startDate", "endDate"))
        if date and (start or end):
            self.report.unmapped_properties[f"{entity.schema.name}.date (with startDate/endDate)"] += 1
            date = None
        status = _first(entity, "status")
        if status and status not in self.vocabulary.statuses:
            self.report.unmapped_properties[f"{entity.schema.name}.status ({status!r} is no graphkit status)"] += 1
            status = None
        amount = _first(entity, "amount") if entity.schema.name == "Payment" else None
        if amount and not re.fullmatch(r"-?\d+(\.\d+)?", amount.strip()):  # "1,000": a thousands or a decimal comma?
            self.report.unmapped_properties[f"{entity.schema.name}.amount (not a plain number: {amount!r})"] += 1
            amount = None
        currency = _first(entity, "currency") if entity.schema.name == "Payment" else None
        source, target = self.actor_ids[from_ftm], self.actor_ids[to_ftm]
        derived = relationship_id(source, type_, target, date or start)
        # the exact id graphkit wrote is the recordId whose FtM id is the entity's own
        written = [value for value in entity.get("recordId", quiet=True)
                   if entity_id("relationship", value) == entity.id]
        position = entity.schema.name == "Position"  # its PART_OF (its fields are the actor's)
        rel_id = self.ids["relationship"].take(entity.id, derived if position or entity.id == entity_id(
            "relationship", derived) else (written[0] if written else _local_id("relationship", entity.id)))
        citations, status = self.stances(self.citations(entity), status)
        described = [] if position else entity.get("description", quiet=True) + entity.get("summary", quiet=True)
        self.dataset.relationships[rel_id] = Relationship(
            id=rel_id, source=source, target=target, type=type_,
            citations=citations,
            status=status,
            status_note=STATUS_NOTE if status else None,
            date=date,
            start=start,
            end=end,
            role=role,
            amount=float(amount) if amount else None,
            share=self.share(entity),
            currency=currency.upper() if currency else None,
            description="\n\n".join(dict.fromkeys(text.strip() for text in described if text.strip())) or None,
        )
        used = set(_LINK_PROPS) | {entity.schema.edge_source, entity.schema.edge_target, SANCTIONED[2]}
        if entity.schema.name == "Ownership":
            used |= {"percentage", "ownershipType"} if not entity.has("role") else {"percentage"}
        if not position:
            self.unmapped(entity, used)

    def run(self, entities: list) -> ImportReport:
        model = ftm_model()
        legal, document, position = model.get("LegalEntity"), model.get("Document"), model.get("Position")
        links = []
        for entity in entities:
            if entity.schema.is_a(legal) or entity.schema.is_a(position):
                self.actor(entity)
                if entity.schema.is_a(position) and entity.has("organization"):
                    links.append(entity)
            elif entity.schema.is_a(document):
                self.source(entity)
            elif entity.schema.name in RELATIONSHIPS or entity.schema.name in (SANCTIONED[0], FALLBACK[0]):
                links.append(entity)
            else:
                self.report.unmapped_schemata[entity.schema.name] += 1
        for entity in links:
            self.relationship(entity)
        self.report.renamed = [line for table, ids in self.ids.items() for line in ids.lines(table)]
        return self.report


def read_ftm(path: str | Path, name: str) -> ImportReport:
    """Read a FtM JSON-lines file into a `Dataset` named `name`, with the report of what did not fit."""
    if problem := dataset_name_problem(name):
        raise FormatError(problem, hint="choose another --dataset")
    path = Path(path)
    importer, entities = _Importer(path, name), []
    for _, entity, written in read_entities(path):
        importer.written[entity.id] = written
        entities.append(entity)
    return importer.run(entities)


def import_ftm(path: str | Path, name: str, out: str | Path) -> ImportReport:
    """Read a FtM file and write it as a dataset folder (YAML) at `out`."""
    report = read_ftm(path, name)
    write_yaml(report.dataset, out)
    return report
