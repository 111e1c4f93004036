"""A Popolo JSON file read into a graphkit dataset, with the report of what it could not carry
(the mapping: `graphkit.formats.popolo`)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from graphkit.dataset.rules import dataset_name_problem, url_problem
from graphkit.errors import DateError, FormatError
from graphkit.formats.popolo import (CARRIED, COLLECTIONS, INDEPENDENT, META_FIELDS, TERM, PopoloReport, actor_kind,
                                     graphkit_id, popolo_date)
from graphkit.formats.local_ids import LocalIds
from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source, relationship_id


class _Importer:
    def __init__(self, path: Path, name: str, data: dict):
        self.path, self.data = path, data
        self.report = PopoloReport(Dataset(name=name, title=f"Imported from {path.name}",
                                           description=f"Popolo records read from {path.name}."))
        self.dataset = self.report.dataset
        self.ids: dict[tuple[str, str], str] = {}  # (collection, Popolo id) -> actor id
        self.local = LocalIds()
        self.collection_of: dict[str, str] = {}  # actor id -> the collection whose record took it
        self.records: dict[tuple[str, str], dict] = {}  # (collection, Popolo id) -> the record
        self.terms: dict[str, dict] = {}  # legislative period id -> its event
        self.person_urls: dict[str, list[str]] = {}  # Popolo person id -> its sources' links
        self.source_id = ""
        self.retrieved: PartialDate | None = None

    # -- reading -------------------------------------------------------------------------------
    def fail(self, collection: str, index: int | None, record: dict, key: str, message: str) -> FormatError:
        label = f" (record {record['id']!r})" if isinstance(record.get("id"), str) else ""
        where = collection if index is None else f"{collection}[{index}]"
        return FormatError(f"{self.path}: {where}{label}: field {key!r}: {message}",
                           hint="fix the file, or leave the record out")

    def records_of(self, collection: str) -> list[tuple[int, dict]]:
        items = self.data.get(collection, [])
        if not isinstance(items, list):
            raise FormatError(f"{self.path}: field {collection!r}: must be a list of records",
                              hint="a Popolo file is one JSON object of lists (persons, organizations, ...)")
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise FormatError(f"{self.path}: {collection}[{index}]: must be a JSON object (a record)")
        return list(enumerate(items))

    def text(self, collection: str, index: int | None, record: dict, key: str, required: bool = False) -> str | None:
        value = record.get(key)
        if value is None or value == "":
            if required:
                raise self.fail(collection, index, record, key, "required field is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(collection, index, record, key, f"must be text, not {value!r}")
        return value.strip()

    def date(self, collection: str, index: int | None, record: dict, key: str) -> PartialDate | None:
        try:
            return popolo_date(record.get(key))
        except DateError as error:
            raise self.fail(collection, index, record, key, str(error)) from None

    def reference(self, collection: str, index: int, record: dict, key: str, target: str) -> str | None:
        """The actor id a reference field points to (None when the field is empty)."""
        value = self.text(collection, index, record, key)
        if value is None:
            return None
        if (target, value) not in self.ids:
            raise self.fail(collection, index, record, key, f"{value!r} is no record of {target!r} in the file")
        return self.ids[target, value]

    def unmapped(self, collection: str, record: dict) -> None:
        for key, value in record.items():
            if key not in CARRIED[collection] and value not in (None, "", [], {}):
                self.report.unmapped[f"{collection}.{key}"] += len(value) if isinstance(value, list) else 1

    def names(self, collection: str, record: dict, key: str, own: str) -> list[str]:
        """Other names (Popolo `other_names` objects, or a post's `other_label` texts), without the own name."""
        values = record.get(key) or []
        if not isinstance(values, list):
            values = [values]
        names = [item.get("name") if isinstance(item, dict) else item for item in values]
        for item in values:  # a name's note, language or dates have no place in a list of aliases
            for extra in (item if isinstance(item, dict) else {}).keys() - {"name"}:
                self.report.unmapped[f"{collection}.{key}.{extra}"] += 1
        kept = [name.strip() for name in names if isinstance(name, str) and name.strip()]
        if len(kept) < len(values):
            self.report.unmapped[f"{collection}.{key} (not a name)"] += len(values) - len(kept)
        return [name for name in dict.fromkeys(kept) if name != own]

    def identifiers(self, collection: str, record: dict) -> dict[str, str]:
        found: dict[str, str] = {}
        for item in record.get("identifiers") or []:
            scheme = item.get("scheme") if isinstance(item, dict) else None
            value = item.get("identifier") if isinstance(item, dict) else None
            if not isinstance(scheme, str) or not isinstance(value, str) or not scheme.strip() or not value.strip():
                self.report.unmapped[f"{collection}.identifiers (no scheme or identifier)"] += 1
            elif scheme.strip() in found:
                self.report.unmapped[f"{collection}.identifiers (a second {scheme.strip()})"] += 1
            else:
                found[scheme.strip()] = value.strip()
        return found

    def urls(self, collection: str, record: dict) -> list[str]:
        """The record's `sources[].url` that a browser opens as written; the others are reported."""
        urls = []
        for item in record.get("sources") or []:
            url = item.get("url") if isinstance(item, dict) else item
            if isinstance(url, str) and url_problem(url.strip()) is None:
                urls.append(url.strip())
            else:
                self.report.unmapped[f"{collection}.sources (not a link a browser opens as written)"] += 1
        return list(dict.fromkeys(urls))

    def cite(self, record_id: str, urls: list[str]) -> list[Citation]:
        """Record citations of the file's register source: one per url of the record, or one without."""
        return [Citation(self.source_id, record=record_id, url=url, retrieved=self.retrieved)
                for url in urls or [None]]

    # -- the file's source ----------------------------------------------------------------------
    def source(self) -> None:
        meta = self.data.get("meta") or {}
        if not isinstance(meta, dict):
            raise FormatError(f"{self.path}: field 'meta': must be a JSON object")
        for key in meta:
            if key not in META_FIELDS:
                self.report.unmapped[f"meta.{key}"] += 1
        def get(key: str) -> str | None:
            return self.text("meta", None, meta, key)

        url = get("url")
        if url and url_problem(url):
            raise self.fail("meta", None, meta, "url", url_problem(url))
        self.retrieved = self.date("meta", None, meta, "retrieved")
        self.source_id = re.sub(r"[^0-9A-Za-z]+", "-", self.path.name).strip("-").lower() or "popolo-file"
        self.dataset.sources[self.source_id] = Source(
            id=self.source_id, title=get("title") or get("name") or self.path.name, kind="register",
            publisher=get("publisher"), url=url, accessed=self.retrieved,
            description=f"The Popolo file {self.path.name}: each relationship cites one of its records.")

    # -- actors ---------------------------------------------------------------------------------
    def actor(self, collection: str, index: int, record: dict, actor: Actor) -> None:
        popolo_id = self.text(collection, index, record, "id", required=True)
        if (collection, popolo_id) in self.ids:
            raise self.fail(collection, index, record, "id", f"{popolo_id!r} is the id of an earlier record too")
        wanted = graphkit_id(popolo_id)
        if self.collection_of.get(wanted, collection) != collection:  # the same id in another collection
            wanted = f"{collection}-{wanted}"
        actor_id = self.local.take(f"{collection}/{popolo_id}", wanted)  # ids that clean up alike: renamed
        self.collection_of.setdefault(actor_id, collection)
        self.ids[collection, popolo_id] = actor_id
        self.records[collection, popolo_id] = record
        self.dataset.actors[actor_id] = replace(actor, id=actor_id)
        self.unmapped(collection, record)

    def persons(self) -> None:
        for index, record in self.records_of("persons"):
            name = self.text("persons", index, record, "name", required=True)
            self.actor("persons", index, record, Actor(
                kind="Person", name=name, aliases=self.names("persons", record, "other_names", name),
                description=self.text("persons", index, record, "summary"),
                start=self.date("persons", index, record, "birth_date"),
                end=self.date("persons", index, record, "death_date"),
                identifiers=self.identifiers("persons", record)))
            self.person_urls[record["id"].strip()] = self.urls("persons", record)

    def organizations(self) -> None:
        items = self.records_of("organizations")
        for index, record in items:
            name = self.text("organizations", index, record, "name", required=True)
            classification = self.text("organizations", index, record, "classification")
            if (self.text("organizations", index, record, "id") or "").lower() in INDEPENDENT:
                self.ids["organizations", record["id"].strip()] = ""  # no actor: see the module docstring
                self.records["organizations", record["id"].strip()] = record
                self.report.not_imported["organizations: the pseudo-party 'independent' (no actor)"] += 1
                continue
            self.actor("organizations", index, record, Actor(
                kind=actor_kind(classification), name=name,
                aliases=self.names("organizations", record, "other_names", name),
                start=self.date("organizations", index, record, "founding_date"),
                end=self.date("organizations", index, record, "dissolution_date"),
                identifiers=self.identifiers("organizations", record),
                tags=[classification] if classification else []))
        for index, record in items:
            if parent := self.reference("organizations", index, record, "parent_id", "organizations"):
                child = self.ids["organizations", record["id"].strip()]
                self.add(Relationship(source=child, type="PART_OF", target=parent,
                                      citations=self.cite(record["id"].strip(), self.urls("organizations", record))))

    def posts(self) -> None:
        for index, record in self.records_of("posts"):
            label = self.text("posts", index, record, "label", required=True)
            organization = self.reference("posts", index, record, "organization_id", "organizations")
            self.actor("posts", index, record, Actor(
                kind="Position", name=label, aliases=self.names("posts", record, "other_label", label),
                start=self.date("posts", index, record, "start_date"),
                end=self.date("posts", index, record, "end_date")))
            if organization:
                post = self.ids["posts", record["id"].strip()]
                self.add(Relationship(source=post, type="PART_OF", target=organization,
                                      citations=self.cite(record["id"].strip(), self.urls("posts", record))))

    def events(self) -> None:
        for index, record in self.records_of("events"):
            classification = self.text("events", index, record, "classification") or ""
            if classification.lower() != TERM:
                self.report.not_imported[f"events: {classification or 'unclassified'} (no graphkit equivalent)"] += 1
                continue
            event_id = self.text("events", index, record, "id", required=True)
            if event_id in self.terms:
                raise self.fail("events", index, record, "id", f"{event_id!r} is the id of an earlier record too")
            self.terms[event_id] = {"name": self.text("events", index, record, "name"),
                                    "start": self.date("events", index, record, "start_date"),
                                    "end": self.date("events", index, record, "end_date")}
            self.unmapped("events", record)

    # -- memberships ----------------------------------------------------------------------------
    def add(self, rel: Relationship) -> bool:
        """Add a relationship under its derived id; a repeat word for word is merged, a different one
        sharing ends, type and start gets the next free suffix. False when merged."""
        base = relationship_id(rel.source, rel.type, rel.target, rel.when)
        rel_id, number = base, 1
        while (other := self.dataset.relationships.get(rel_id)) is not None:
            if replace(other, citations=[]) == replace(rel, id=rel_id, citations=[]):
                other.citations += [citation for citation in rel.citations if citation not in other.citations]
                return False
            number += 1
            rel_id = f"{base}--{number}"
        self.dataset.relationships[rel_id] = replace(rel, id=rel_id)
        return True

    def term_dates(self, index: int, record: dict, start, end, died) -> tuple[Any, Any, str | None]:
        """Start and end, the missing ones from the membership's legislative period, with the note saying
        so. A term's end after the member's death is not the membership's: its end stays unknown
        (graphkit ends what a person can do at their death)."""
        term_id = self.text("memberships", index, record, "legislative_period_id")
        if term_id is None or (start and end):
            return start, end, None
        if term_id not in self.terms:
            raise self.fail("memberships", index, record, "legislative_period_id",
                            f"{term_id!r} is no event of classification {TERM!r} in the file")
        term = self.terms[term_id]
        if died is not None and term["end"] is not None and term["end"].earliest > died.latest:
            term = {**term, "end": None}
        taken = [key for key, given in (("start", start), ("end", end)) if not given and term[key]]
        contradicted = [key for key in taken if (key == "end" and start and term["end"].latest < start.earliest)
                        or (key == "start" and end and term["start"].earliest > end.latest)]
        if contradicted:  # the membership's own date falls outside its term: the term's is not taken
            self.report.unmapped["memberships.legislative_period_id (a term date the membership's own "
                                 "date contradicts)"] += len(contradicted)
            taken = [key for key in taken if key not in contradicted]
        if not taken:
            return start, end, None
        named = f"legislative period {term_id}" + (f" ({term['name']})" if term["name"] else "")
        which = {("start", "end"): "dates", ("start",): "start", ("end",): "end"}[tuple(taken)]
        gives = "none" if len(taken) == 2 else f"no {taken[0]}_date"
        note = f"{which} of {named}; the membership gives {gives}"
        return start or term["start"], end or term["end"], note

    def memberships(self) -> None:
        for index, record in self.records_of("memberships"):
            person = self.reference("memberships", index, record, "person_id", "persons")
            if person is None:
                raise self.fail("memberships", index, record, "person_id", "required field is missing")
            post = self.reference("memberships", index, record, "post_id", "posts")
            organization = self.reference("memberships", index, record, "organization_id", "organizations")
            if organization == "":
                self.report.not_imported["memberships: of the pseudo-party 'independent'"] += 1
                continue
            if organization is None and post is not None:
                post_record = self.records["posts", record["post_id"].strip()]
                organization = self.ids.get(("organizations", (post_record.get("organization_id") or "").strip()))
            if not organization and post is None:
                raise self.fail("memberships", index, record, "organization_id",
                                "a membership needs an organization_id or a post_id")
            party = self.reference("memberships", index, record, "on_behalf_of_id", "organizations")
            if party == "":
                self.report.not_imported["memberships: REPRESENTS of the pseudo-party 'independent'"] += 1
            start, end, note = self.term_dates(index, record, self.date("memberships", index, record, "start_date"),
                                               self.date("memberships", index, record, "end_date"),
                                               self.dataset.actors[person].end)
            own_id = self.text("memberships", index, record, "id")
            urls = self.urls("memberships", record)  # else, citing the person's record, its links
            if not own_id and not urls:
                urls = self.person_urls[record["person_id"].strip()]
            cited = self.cite(own_id or record["person_id"].strip(), urls)
            role = self.text("memberships", index, record, "role") or self.text("memberships", index, record, "label")
            if record.get("role") and record.get("label"):
                self.report.unmapped["memberships.label (beside a role)"] += 1
            dated = {"start": start, "end": end, "date_note": note, "citations": cited}
            added = [self.add(Relationship(source=person, type=type_, target=target, role=with_role, **dated))
                     for type_, target, with_role in (("MEMBER_OF", organization, role), ("HOLDS_POSITION", post, role),
                                                      ("REPRESENTS", party, None)) if target]
            self.report.merged += not any(added)
            self.unmapped("memberships", record)

    def run(self) -> PopoloReport:
        for key, value in self.data.items():
            if key not in COLLECTIONS and key != "meta":
                self.report.not_imported[f"{key} (not a Popolo collection)"] += len(value) if isinstance(value, list) else 1
        self.source()
        self.persons()
        self.organizations()
        self.posts()
        self.events()
        areas = self.records_of("areas")
        if areas:
            self.report.not_imported["areas (no graphkit equivalent; memberships.area_id counts their uses)"] += len(areas)
        self.memberships()
        self.report.renamed = self.local.lines("actor")
        return self.report


def read_popolo(path: str | Path, name: str) -> PopoloReport:
    """Read a Popolo JSON file into a `Dataset` named `name`, with the report of what did not fit."""
    if problem := dataset_name_problem(name):
        raise FormatError(problem, hint="choose another --dataset")
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"{path}: cannot read it ({error})") from None
    except ValueError as error:
        raise FormatError(f"{path}: not JSON ({error})", hint="a Popolo file is one JSON object") from None
    if not isinstance(data, dict):
        raise FormatError(f"{path}: not a Popolo file: one JSON object of persons, organizations, memberships, ...")
    return _Importer(path, name, data).run()
