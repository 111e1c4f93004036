"""Wikidata entity files into a graphkit dataset, with the report of what did not fit (see the
package docstring for the mapping)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from graphkit.dataset.rules import dataset_name_problem, url_problem
from graphkit.errors import FormatError
from graphkit.formats.wikidata import PropertyRule, mapping
from graphkit.formats.wikidata.evidence import Evidence, slug
from graphkit.formats.local_ids import LocalIds
from graphkit.formats.wikidata.report import ImportReport
from graphkit.formats.wikidata.values import Entity, item_id, read_entities, snak_value, text_value, wikidata_date
from graphkit.model import Actor, Dataset, PartialDate, Relationship, relationship_id, valid_time

RANKS = ("preferred", "normal", "deprecated")
LIFETIME = {"Person": ("P569", "P570")}  # date of birth, date of death
OTHER_LIFETIME = ("P571", "P576")  # inception, dissolved, abolished or demolished date
INSTANCE_OF, WEBSITE, ISO_CODE = "P31", "P856", "P297"
COUNTRY = {"Person": "P27"}  # country of citizenship; for other kinds P17, country
_ACTOR_PROPS = {INSTANCE_OF, WEBSITE, "P569", "P570", "P571", "P576", "P27", "P17", ISO_CODE}


@dataclass
class _Claim:
    """A mapped statement waiting for its ends to become actors."""

    entity: Entity
    rule: PropertyRule
    statement: dict
    field: str
    source: str  # Q-id of the `from` end
    target: str  # Q-id of the `to` end


class _Importer:
    def __init__(self, name: str, files: list[Path], language: str):
        names = ", ".join(path.name for path in files)
        self.report = ImportReport(Dataset(name=name, title=f"Imported from Wikidata ({names})",
                                           description=f"Wikidata entities read from {names}."))
        self.dataset, self.table, self.language = self.report.dataset, mapping(), language
        self.entities: dict[str, Entity] = {}
        self.actor_ids: dict[str, str] = {}  # Q-id -> actor id
        self.cited: set[str] = set()  # items that references cite as their source ("stated in", "imported from")
        self.evidence = Evidence(self.dataset, self.table, self.entities, self.label,
                                 self.report.not_carried, self.report.unknown_dates)

    # -- reading -----------------------------------------------------------------------------
    def add(self, entity: Entity) -> None:
        kind = entity.get("type", "item")
        if kind not in ("item", "property"):
            self.report.other_entities[str(kind)] += 1
            return
        known = self.entities.get(entity["id"])
        def revision(data: dict) -> int:
            return data["lastrevid"] if isinstance(data.get("lastrevid"), int) else 0
        def rank(data: dict) -> tuple[bool, int]:  # a copy with statements first, then the later revision
            return bool(data.get("claims")), revision(data)
        if known is None or rank(entity) > rank(known):
            self.entities[entity["id"]] = entity

    def label(self, qid: str) -> str | None:
        """An entity's label: in the chosen language, else `mul`, else English, else any."""
        labels = self.entities.get(qid, {}).get("labels") or {}
        for language in (self.language, "mul", "en", *sorted(labels)):
            value = labels.get(language)
            if isinstance(value, dict) and isinstance(value.get("value"), str) and value["value"].strip():
                return value["value"].strip()
        return None

    def best(self, entity: Entity, prop: str) -> list[tuple[str, object]]:
        """(field, value) of a property's best-ranked statements with a value (deprecated ones never)."""
        statements = [(f"claims.{prop}[{i}]", s) for i, s in enumerate((entity.get("claims") or {}).get(prop, []))]
        for rank in ("preferred", "normal"):
            chosen = [(f, s) for f, s in statements if isinstance(s, dict) and s.get("rank", "normal") == rank]
            values = [(f, snak_value(s.get("mainsnak"), entity, f + ".mainsnak")) for f, s in chosen]
            values = [(f, value) for f, (kind, value) in values if kind == "value"]
            if values:
                return values
        return []

    # -- statements --------------------------------------------------------------------------
    def claims(self) -> list[_Claim]:
        found = []
        for entity in self.entities.values():
            if entity.get("type", "item") != "item":
                continue
            for prop, statements in (entity.get("claims") or {}).items():
                if not isinstance(statements, list):
                    raise entity.problem(f"claims.{prop}", "is a list of statements")
                for index, statement in enumerate(statements):
                    claim = self.claim(entity, prop, statement, f"claims.{prop}[{index}]")
                    if claim is not None:
                        found.append(claim)
        return found

    def claim(self, entity: Entity, prop: str, statement, field: str) -> _Claim | None:
        if not isinstance(statement, dict):
            raise entity.problem(field, "a statement is a JSON object")
        if statement.get("rank", "normal") not in RANKS:
            raise entity.problem(f"{field}.rank", f"{statement.get('rank')!r} is not a rank ({', '.join(RANKS)})")
        kind, value = snak_value(statement.get("mainsnak"), entity, f"{field}.mainsnak")
        qualifiers = statement.get("qualifiers") or {}
        if not isinstance(qualifiers, dict) or not all(isinstance(snaks, list) for snaks in qualifiers.values()):
            raise entity.problem(f"{field}.qualifiers", "qualifiers are lists of snaks by property")
        if not isinstance(statement.get("references") or [], list):
            raise entity.problem(f"{field}.references", "references are a list")
        rule = self.table.properties.get(prop)
        if rule is None:
            if prop not in _ACTOR_PROPS:
                self.report.unmapped[self.evidence.named(prop)] += 1
            return None
        if not isinstance(statement.get("id"), str) or not statement["id"]:
            raise entity.problem(f"{field}.id", "a statement has an id (such as Q1$5F3A...)")
        if kind != "value":
            why = "an unknown value (somevalue)" if kind == "somevalue" else "no value (novalue)"
            self.report.skipped[f"{self.evidence.named(prop)} with {why}"] += 1
            return None
        other = item_id(value)
        if other is None or not other.startswith("Q"):
            self.report.skipped[f"{self.evidence.named(prop)} whose value is not an item"] += 1
            return None
        if other == entity["id"]:
            self.report.skipped[f"{self.evidence.named(prop)} tying an item to itself"] += 1
            return None
        for number, reference in enumerate(statement.get("references") or []):
            snaks = reference.get("snaks") if isinstance(reference, dict) else None
            if not isinstance(snaks, dict):
                raise entity.problem(f"{field}.references[{number}]", "a reference is an object with snaks by property")
            for cited in [snak for prop in ("P248", "P143") for snak in snaks.get(prop) or []
                          if isinstance(snaks.get(prop), list)]:
                if isinstance(cited, dict) and isinstance(cited.get("datavalue"), dict):
                    self.cited.add(item_id(cited["datavalue"].get("value")))
        ends = (other, entity["id"]) if rule.reversed else (entity["id"], other)
        return _Claim(entity, rule, statement, field, *ends)

    # -- actors ------------------------------------------------------------------------------
    def kind_of(self, qid: str, suggested: list[str]) -> str:
        entity = self.entities.get(qid)
        classes = {item_id(value) for _, value in self.best(entity, INSTANCE_OF)} if entity else set()
        by_class = [kind for cls, kind in self.table.kinds.items() if cls in classes]
        return (by_class or suggested or ["Organization"])[0]

    def one_date(self, what: str, values: list[tuple[str, PartialDate | None, str]], disagree: str) -> PartialDate | None:
        """The one date `values` ((where, date or None, why not)) agree on; each unreadable value,
        and values that disagree, are reported as unknown dates and give none: never a guess."""
        found = {}
        for where, date, why in values:
            if date is None:
                self.report.unknown_dates.append(f"{what}{where}: {why}")
            else:
                found[str(date)] = date
        if len(found) > 1:
            self.report.unknown_dates.append(f"{what}: {disagree} ({', '.join(sorted(found))})")
        return next(iter(found.values())) if len(found) == 1 else None

    def lifetime(self, entity: Entity, kind: str) -> tuple[PartialDate | None, PartialDate | None]:
        start, end = (self.one_date(f"{self.evidence.named(prop)} of {entity['id']}",
                                    [(f" ({where})", *wikidata_date(value)) for where, value in self.best(entity, prop)],
                                    "its best-ranked statements disagree")
                      for prop in LIFETIME.get(kind, OTHER_LIFETIME))
        return start, end

    def actors(self, claims: list[_Claim]) -> None:
        suggested: dict[str, list[str]] = {}
        for claim in claims:
            for qid, kind in ((claim.source, claim.rule.from_kind), (claim.target, claim.rule.to_kind)):
                suggested.setdefault(qid, []).extend([kind] if kind else [])
        countries = {item_id(value) for entity in self.entities.values() if entity.get("type", "item") == "item"
                     for prop in ("P27", "P17") for _, value in self.best(entity, prop)}
        for qid, entity in self.entities.items():
            if entity.get("type", "item") == "item" and qid not in suggested:
                if qid not in self.cited | countries and self.kind_of(qid, ["-"]) != "-":
                    suggested[qid] = []
                else:
                    self.report.not_actors += 1
        slugs = {qid: slug(self.label(qid) or "") or qid.lower() for qid in suggested}
        shared = Counter(slugs.values())
        local = LocalIds()  # a label's slug with a Q-id may still be another label's slug
        for qid in sorted(suggested, key=lambda q: (len(q), q)):
            actor_id = local.take(qid, slugs[qid] if shared[slugs[qid]] == 1 else f"{slugs[qid]}-{qid.lower()}")
            self.actor_ids[qid] = actor_id
            self.dataset.actors[actor_id] = self.actor(qid, self.kind_of(qid, suggested[qid]), actor_id)
        self.report.renamed = local.lines("actor")

    def actor(self, qid: str, kind: str, actor_id: str) -> Actor:
        entity = self.entities.get(qid)
        if entity is None or not entity.get("claims"):
            self.report.absent.append(qid)
        if entity is None:
            return Actor(actor_id, kind, qid, identifiers={"wikidata": qid})
        name = self.label(qid) or qid
        aliases = entity.get("aliases") or {}
        texts = [alias.get("value") for language in dict.fromkeys((self.language, "mul"))
                 for alias in (aliases.get(language) if isinstance(aliases.get(language), list) else [])
                 if isinstance(alias, dict)]
        descriptions = entity.get("descriptions") or {}
        description = next((descriptions[language] for language in (self.language, "mul", "en")
                            if isinstance(descriptions.get(language), dict)), None)
        start, end = self.lifetime(entity, kind)
        websites = [text_value(value) for _, value in self.best(entity, WEBSITE)]
        websites = [url for url in websites if url and url_problem(url) is None]
        return Actor(actor_id, kind, name, country=self.country(entity, kind),
                     aliases=list(dict.fromkeys(t.strip() for t in texts if isinstance(t, str) and t.strip()
                                                and t.strip() != name)),
                     description=description.get("value") if description else None,
                     start=start, end=end, identifiers={"wikidata": qid}, url=websites[0] if websites else None)

    def country(self, entity: Entity, kind: str) -> str | None:
        """The ISO code (P297, of a country item in the files) of an item's one best-ranked country."""
        prop = COUNTRY.get(kind, "P17")
        countries = [item_id(value) for _, value in self.best(entity, prop)]
        codes = {qid: [text_value(code) for _, code in self.best(self.entities[qid], ISO_CODE)]
                 if qid in self.entities else [] for qid in countries if qid}
        found = {code.upper() for values in codes.values() for code in values if code and re.fullmatch(r"[A-Za-z]{2}", code)}
        if len(found) == 1:
            return found.pop()
        if countries:
            why = "several countries" if len(found) > 1 else "no ISO 3166-1 code (P297) of the country in the files"
            self.report.not_carried[f"{self.evidence.named(prop)} ({why})"] += len(countries)
        return None

    # -- relationships -----------------------------------------------------------------------
    def qualifier_values(self, claim: _Claim, prop: str) -> list:
        snaks = (claim.statement.get("qualifiers") or {}).get(prop, [])
        return [(f"{claim.field}.qualifiers.{prop}[{i}]", snak) for i, snak in enumerate(snaks)]

    def dates(self, claim: _Claim) -> dict[str, PartialDate]:
        given = {}
        for prop, name in self.table.time_qualifiers.items():
            values = []
            for where, snak in self.qualifier_values(claim, prop):
                kind, value = snak_value(snak, claim.entity, where)
                values.append(("", *(wikidata_date(value) if kind == "value" else (None, f"its value is {kind}"))))
            date = self.one_date(f"{self.evidence.named(prop)} of {claim.statement['id']}", values,
                                 "its values disagree")
            if date is not None:
                event = name == "attested" and claim.rule.type in self.table.point_in_time_events
                given["date" if event else name] = date
        if "date" in given and ("start" in given or "end" in given):
            self.report.unknown_dates.append(f"point in time of {claim.statement['id']}: it has a start or end too "
                                             f"(kept those; a relationship is a point event or lasting, not both)")
            del given["date"]
        span = valid_time(**given)
        bounds = ((span.earliest_start, span.latest_start), (span.earliest_end, span.latest_end),
                  (span.earliest_start, span.latest_end))
        if any(first and last and first > last for first, last in bounds):
            named = ", ".join(f"{key} {value}" for key, value in given.items())
            self.report.unknown_dates.append(f"{claim.statement['id']}: its dates cannot all hold ({named}): left undated")
            return {}
        return given

    def role(self, claim: _Claim) -> str | None:
        """The table's role, followed by what the statement's role qualifier says (``relative: cousin``)."""
        said = []
        for where, snak in self.qualifier_values(claim, claim.rule.role_qualifier):
            kind, value = snak_value(snak, claim.entity, where)
            qid = item_id(value) if kind == "value" else None
            if qid:
                said.append(self.label(qid) or qid)
        said = ", ".join(dict.fromkeys(said))
        return ": ".join(part for part in (claim.rule.role, said) if part) or None

    def status(self, claim: _Claim) -> tuple[str | None, str | None]:
        if claim.statement.get("rank") != "deprecated":
            return None, None
        reasons = []
        for where, snak in self.qualifier_values(claim, self.table.deprecation_reason):
            kind, value = snak_value(snak, claim.entity, where)
            qid = item_id(value) if kind == "value" else None
            if qid:
                reasons.append(self.label(qid) or qid)
        why = f" (reason for deprecated rank: {', '.join(reasons)})" if reasons else ""
        return "denied", f"Wikidata ranks statement {claim.statement['id']} deprecated{why}."

    def relationship(self, claim: _Claim, seen: dict[tuple, str]) -> None:
        rule, statement = claim.rule, claim.statement
        used = set(self.table.time_qualifiers) | {rule.role_qualifier, self.table.deprecation_reason}
        for prop, snaks in (statement.get("qualifiers") or {}).items():
            if prop not in used:
                self.report.not_carried[f"qualifier {self.evidence.named(prop)} of {self.evidence.named(rule.property)}"] \
                    += len(snaks)
        source, target = self.actor_ids[claim.source], self.actor_ids[claim.target]
        dates, role, (status, note) = self.dates(claim), self.role(claim), self.status(claim)
        citations = self.evidence.citations(claim.entity, rule.property, statement, claim.field)
        directed = self.vocabulary_directed(rule.type)
        ends = (source, target) if directed else tuple(sorted((source, target)))
        key = (ends, rule.type, role, tuple(sorted((k, str(v)) for k, v in dates.items())), status)
        if key in seen:  # the same claim stated twice (a spouse on both items): one relationship, both cited
            known = self.dataset.relationships[seen[key]]
            known.citations += [citation for citation in citations if citation not in known.citations]
            if note and note not in (known.status_note or ""):
                known.status_note = f"{known.status_note} {note}"
            return
        rel = Relationship(source=source, type=rule.type, target=target, role=role, status=status,
                           status_note=note, citations=citations, **dates)
        rel.id = relationship_id(source, rule.type, target, rel.when)
        if rel.id in self.dataset.relationships:
            rel.id = f"{rel.id}--{re.sub(r'[^a-z0-9]+', '', statement['id'].partition('$')[2].lower())[:12]}"
        seen[key] = rel.id
        self.dataset.relationships[rel.id] = rel

    @staticmethod
    def vocabulary_directed(type_: str) -> bool:
        from graphkit.vocabulary import vocabulary

        return vocabulary().relationship_types[type_].directed

    def run(self) -> ImportReport:
        claims = self.claims()
        self.actors(claims)
        seen: dict[tuple, str] = {}
        for claim in claims:
            self.relationship(claim, seen)
        return self.report


def read_wikidata(paths: Iterable[str | Path], name: str, *, language: str = "en") -> ImportReport:
    """Read Wikidata entity files into a `Dataset` named `name`, with the report of what did not fit."""
    if problem := dataset_name_problem(name):
        raise FormatError(problem, hint="choose another --dataset")
    files = [Path(path) for path in paths]
    if not files:
        raise FormatError("no Wikidata file given", hint="give one or more entity JSON files")
    importer = _Importer(name, files, language)
    for path in files:
        entities = 0
        for entities, entity in enumerate(read_entities(path), 1):
            importer.add(entity)
        if not entities:  # an empty download, most likely: an empty dataset would hide it
            raise FormatError(f"no entities in {path}", hint="give entity JSON as Special:EntityData or the dumps write it")
    return importer.run()
