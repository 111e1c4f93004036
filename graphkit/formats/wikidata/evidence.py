"""A Wikidata statement's references as citations, and the sources they cite (see the package docstring)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable

from graphkit.dataset.rules import url_problem
from graphkit.formats.wikidata import Mapping
from graphkit.formats.wikidata.values import Entity, item_id, snak_value, text_value, wikidata_date
from graphkit.model import Citation, Dataset, PartialDate, Source

WIKIDATA_SOURCE = "wikidata"
STATED_IN, IMPORTED_FROM, REFERENCE_URL, IMPORT_URL = "P248", "P143", "P854", "P4656"
RETRIEVED, QUOTE, PUBLISHED, TITLE, PAGES, SECTION = "P813", "P1683", "P577", "P1476", "P304", "P958"
LABELS = {STATED_IN: "stated in", IMPORTED_FROM: "imported from Wikimedia project", REFERENCE_URL: "reference URL",
          IMPORT_URL: "Wikimedia import URL", RETRIEVED: "retrieved", QUOTE: "quote", PUBLISHED: "publication date",
          TITLE: "title", PAGES: "page(s)", SECTION: "section, verse, paragraph, or clause", "P585": "point in time",
          "P580": "start time", "P582": "end time", "P1319": "earliest date", "P1326": "latest date",
          "P2241": "reason for deprecated rank", "P2868": "subject has role", "P569": "date of birth",
          "P570": "date of death", "P27": "country of citizenship", "P17": "country", "P571": "inception", "P576": "dissolved, abolished or demolished date"}
_CARRIED = {STATED_IN, IMPORTED_FROM, REFERENCE_URL, IMPORT_URL, RETRIEVED, QUOTE, PUBLISHED, TITLE, PAGES, SECTION}


def slug(text: str) -> str:
    """A readable id from a label: ASCII letters and digits joined by '-'.

    >>> slug("Jory Tregear"), slug("Partei für Zukunft (PfZ)"), slug("  ")
    ('jory-tregear', 'partei-fur-zukunft-pfz', '')
    """
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")[:80].strip("-")


def entity_url(qid: str, prop: str | None = None) -> str:
    """The Wikidata page of an item, at one property's statements if given.

    >>> entity_url("Q990000001", "P39")
    'https://www.wikidata.org/wiki/Q990000001#P39'
    """
    return f"https://www.wikidata.org/wiki/{qid}" + (f"#{prop}" if prop else "")


class Evidence:
    """Builds citations into `dataset`, counting what it cannot carry into `not_carried`."""

    def __init__(self, dataset: Dataset, table: Mapping, entities: dict[str, Entity],
                 label: Callable[[str], str | None], not_carried: Counter, unknown_dates: list[str]):
        self.dataset, self.table, self.entities, self.label = dataset, table, entities, label
        self.not_carried, self.unknown_dates = not_carried, unknown_dates
        self.item_sources: dict[str, str] = {}  # Q-id -> source id

    def named(self, prop: str) -> str:
        """A property with its label, from the files, else the mapping table, else the properties read here."""
        rule = self.table.properties.get(prop)
        label = self.label(prop) or (rule.label if rule else None) or LABELS.get(prop)
        return f"{prop} ({label})" if label else prop

    # -- sources -----------------------------------------------------------------------------
    def _new_source_id(self, wanted: str, fallback: str) -> str:
        source_id = wanted or fallback
        if source_id in self.dataset.sources:
            source_id = f"{source_id}-{fallback}" if wanted else source_id
        return source_id

    def wikidata(self) -> str:
        if WIKIDATA_SOURCE not in self.dataset.sources:
            self.dataset.sources[WIKIDATA_SOURCE] = Source(
                WIKIDATA_SOURCE, "Wikidata", kind="register", url="https://www.wikidata.org",
                description="The Wikidata statements themselves, cited record by record where they give no reference.")
        return WIKIDATA_SOURCE

    def item_source(self, qid: str, default_kind: str) -> str:
        """The source of a "stated in" (or "imported from") item: its label, its kind by its classes."""
        if qid in self.item_sources:
            return self.item_sources[qid]
        label = self.label(qid)
        entity = self.entities.get(qid, {})
        classes = [item_id(snak.get("mainsnak", {}).get("datavalue", {}).get("value"))
                   for snak in (entity.get("claims") or {}).get("P31", []) if isinstance(snak, dict)]
        kinds = [self.table.source_kinds[cls] for cls in classes if cls in self.table.source_kinds]
        websites = [text_value(snak.get("mainsnak", {}).get("datavalue", {}).get("value"))
                    for snak in (entity.get("claims") or {}).get("P856", []) if isinstance(snak, dict)]
        websites = [url for url in websites if url and url_problem(url) is None]
        source_id = self._new_source_id(slug(label or ""), qid.lower())
        self.dataset.sources[source_id] = Source(
            source_id, label or qid, kind=kinds[0] if kinds else default_kind, url=websites[0] if websites else None,
            description=f"Wikidata item {qid} ({entity_url(qid)}), cited by the references of Wikidata statements.")
        self.item_sources[qid] = source_id
        return source_id

    def url_source(self, url: str, title: str | None) -> str:
        """The source of a reference that gives only a URL: the page itself."""
        wanted = re.sub(r"[^0-9A-Za-z]+", "-", url.split("://", 1)[-1]).strip("-").lower()[:80].strip("-")
        if wanted in self.dataset.sources and self.dataset.sources[wanted].url == url:
            return wanted
        source_id = self._new_source_id(wanted, f"url-{len(self.dataset.sources) + 1}")
        self.dataset.sources[source_id] = Source(source_id, title or url, url=url)
        return source_id

    # -- citations ---------------------------------------------------------------------------
    def _date(self, snak, entity: Entity, field: str, what: str) -> PartialDate | None:
        kind, value = snak_value(snak, entity, field)
        if kind != "value":
            return None
        date, why = wikidata_date(value)
        if date is None:
            self.unknown_dates.append(f"{what} of {entity['id']} ({field}): {why}")
        return date

    def citations(self, entity: Entity, prop: str, statement: dict, field: str) -> list[Citation]:
        """One citation per reference (one per quote where it quotes), or the statement's own record."""
        found: list[Citation] = []
        for number, reference in enumerate(statement.get("references") or []):
            where = f"{field}.references[{number}]"
            snaks = reference.get("snaks") if isinstance(reference, dict) else None
            if not isinstance(snaks, dict):
                raise entity.problem(where, "a reference is an object with snaks by property")
            found += self._reference(entity, prop, statement, snaks, where)
        if not found:
            found.append(Citation(self.wikidata(), record=statement["id"], url=entity_url(entity["id"], prop)))
        return [citation for index, citation in enumerate(found) if citation not in found[:index]]

    def _reference(self, entity: Entity, prop: str, statement: dict, snaks: dict, where: str) -> list[Citation]:
        values: dict[str, list] = {}
        record = None
        for ref_prop, ref_snaks in snaks.items():
            for index, snak in enumerate(ref_snaks if isinstance(ref_snaks, list) else [ref_snaks]):
                field = f"{where}.snaks.{ref_prop}[{index}]"
                if ref_prop in (RETRIEVED, PUBLISHED):
                    values.setdefault(ref_prop, []).append(self._date(snak, entity, field, self.named(ref_prop)))
                    continue
                kind, value = snak_value(snak, entity, field)
                if kind == "value" and ref_prop in _CARRIED:
                    values.setdefault(ref_prop, []).append(value)
                elif kind == "value" and snak.get("datatype") == "external-id" and record is None:
                    record = text_value(value)
                else:
                    self.not_carried[f"reference {self.named(ref_prop)}"] += 1
        stated = [qid for qid in map(item_id, values.get(STATED_IN, [])) if qid]
        imported = [qid for qid in map(item_id, values.get(IMPORTED_FROM, [])) if qid]
        urls = [text for text in map(text_value, values.get(REFERENCE_URL, []) + values.get(IMPORT_URL, [])) if text]
        good_urls = [url for url in urls if url_problem(url) is None]
        if len(good_urls) < len(urls):
            self.not_carried["reference URL (not a link a browser opens as written)"] += len(urls) - len(good_urls)
        url = good_urls[0] if good_urls else None
        titles = [text for text in map(text_value, values.get(TITLE, [])) if text]
        if stated or imported:
            source = self.item_source(stated[0], "register") if stated else self.item_source(imported[0], "encyclopedia")
        elif url:
            source = self.url_source(url, titles[0] if titles else None)
        else:
            carried = sum(len(v) for v in values.values())
            if carried:
                self.not_carried["reference without a source (no stated in, imported from or URL)"] += carried
            return []
        quotes = [text for text in map(text_value, values.get(QUOTE, [])) if text and text.strip()]  # as given
        dates = {prop: [date for date in values.get(prop, []) if date] for prop in (RETRIEVED, PUBLISHED)}
        locators = [text for text in map(text_value, values.get(SECTION, []) + values.get(PAGES, [])) if text]
        retrieved, published = (found[0] if found else None for found in dates.values())
        locator = locators[0] if locators else None
        for what, found in (("stated in", stated), ("imported from", imported if not stated else [None, *imported]),
                            ("URL", good_urls), ("title", titles), ("retrieved", dates[RETRIEVED]),
                            ("publication date", dates[PUBLISHED]), ("section or pages", locators)):
            if len(found) > 1:  # a citation holds one of each: the first is kept
                self.not_carried[f"reference {what} (beyond the first)"] += len(found) - 1
        if quotes:
            return [Citation(source, quote=quote, locator=locator, date=published, record=record, url=url,
                             retrieved=retrieved) for quote in quotes]
        return [Citation(source, locator=locator, date=published, url=url, retrieved=retrieved,
                         record=record or (None if url else statement["id"]))]
