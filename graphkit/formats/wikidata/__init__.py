"""Wikidata entity JSON (Special:EntityData, the JSON dumps) into a graphkit dataset.

The statements that make actor networks become relationships, by the mapping table
`graphkit/formats/wikidata.yaml` (declared there once: property -> type, direction, role; "instance
of" classes -> actor kinds; qualifiers -> dates; "stated in" classes -> source kinds). `read` does
the import; `values` reads the files, snaks and time values; `evidence` makes references
citations; `report` says what did not fit.

- **Relationships**: one per statement of a property in the table, from the subject to the value
  (or back, for `reversed` ones), with the table's role followed by the label of the statement's
  role qualifier ("subject has role", P2868; "kinship to subject", P1039, for relatives). The same
  claim stated on both items (a spouse) is one relationship citing both statements.
- **Actors**: every item that is an end of an imported statement, or whose "instance of" (P31)
  classes give an actor kind (unless it serves only as a reference's source or as a country).
  Its country is the ISO code (P297) of its one best-ranked country of citizenship (P27, people)
  or country (P17), when that country item is in the files. Its id is a readable slug of its
  label (items that share a slug all add their Q-id), `identifiers: {wikidata: Q...}`; its label
  (in the chosen language, else ``mul``, else English, else any) is its name, its aliases those of
  that language and ``mul``, its description that of that language (else ``mul``, else English).
  Dates of birth and death (P569, P570), inception and dissolution (P571, P576) become its start and
  end when the best-ranked statements agree. An item referenced but absent from the files becomes
  an actor named by its label if some file has one, else by its Q-id, of the kind its place in the
  statement gives (`from_kind`/`to_kind`), else Organization; the report counts them.
- **Time**: point in time (P585) -> `attested` (a day the tie is known to hold: an office or a
  membership known for 2013 is not one held on 2013 alone), or `date` for the types that are an
  event of one day (`point_in_time_events`: FOUNDED, SUCCEEDED), start time (P580) -> `start`, end time (P582) -> `end`,
  earliest date (P1319) -> `after`, latest date (P1326) -> `before`, each exactly as precise as
  Wikidata gives it (day, month, year, decade ``199X``, century ``1901/2000``: Wikidata's centuries
  are ordinal; a Julian date is the Gregorian day it is); coarser values, unknown values ("somevalue") and calendars other than Gregorian
  and Julian are reported and left unknown. No date is ever made up: a statement without them is
  undated.
- **Rank**: a ``deprecated`` statement is kept with `status: denied` and a `status_note` naming the
  deprecation (and its "reason for deprecated rank", P2241); ``preferred`` and ``normal`` ones get
  their status from their citations, which assert.
- **Evidence**: each reference is a citation. Its "stated in" (P248) item, or "imported from
  Wikimedia project" (P143), is its source (kind by that item's classes, else ``register``; for
  P143 ``encyclopedia``), a "reference URL" (P854) its `url` (and, without a "stated in", its
  source), "retrieved" (P813) its `retrieved`, "quote" (P1683) its `quote` (verbatim: a real
  quote), "publication date" (P577) its `date`, "page(s)" (P304) or "section, verse, paragraph, or
  clause" (P958) its `locator`. A reference without a URL or quote cites a **record** of its source:
  the reference's external identifier (a "... ID" snak) if it has one, else the statement id. A
  statement without references cites itself: a record of the source ``wikidata`` (kind register),
  record = the statement id, url = the subject's page at that property (``.../wiki/Q1#P39``).
- **Reported, never dropped unsaid**: properties not in the table (with counts and labels when the
  files hold the property entities), qualifiers and reference snaks not carried, statements whose
  value is unknown or none, values that are not items, dates left unknown and why, items that are
  not actors.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import GraphkitError

MAPPING_FILE = Path(__file__).resolve().parent.parent / "wikidata.yaml"


@dataclass(frozen=True)
class PropertyRule:
    """How one property's statements become relationships."""

    property: str
    label: str
    type: str
    reversed: bool = False
    role: str | None = None
    role_qualifier: str = "P2868"  # subject has role
    from_kind: str | None = None
    to_kind: str | None = None


@dataclass(frozen=True)
class Mapping:
    """The mapping table, read and checked against the vocabulary."""

    properties: dict[str, PropertyRule]
    kinds: dict[str, str]  # class Q-id -> actor kind, in the file's order (first match wins)
    time_qualifiers: dict[str, str]  # qualifier -> date field
    deprecation_reason: str
    source_kinds: dict[str, str] = field(default_factory=dict)
    point_in_time_events: frozenset[str] = frozenset()  # types whose point in time is their `date`, not `attested`


@functools.cache
def mapping(path: Path = MAPPING_FILE) -> Mapping:
    """The mapping table of `path` (default: the one shipped with graphkit), checked against the vocabulary.

    >>> table = mapping()
    >>> table.properties["P39"].type, table.properties["P112"].reversed, table.kinds["Q5"]
    ('HOLDS_POSITION', True, 'Person')
    >>> table.time_qualifiers["P580"], table.properties["P488"].role
    ('start', 'chairperson')
    """
    import yaml

    from graphkit.vocabulary import vocabulary

    words = vocabulary()
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    rules = {}
    for prop, entry in data["properties"].items():
        rule = PropertyRule(property=prop, **entry)
        for name, value, choices in (("type", rule.type, words.relationship_types),
                                     ("from_kind", rule.from_kind, words.actor_kinds),
                                     ("to_kind", rule.to_kind, words.actor_kinds)):
            if value is not None and value not in choices:
                raise GraphkitError(f"{path}: record {prop!r}: field {name!r}: {value!r} is not in the vocabulary")
        rules[prop] = rule
    for cls, kind in data["kinds"].items():
        if kind not in words.actor_kinds:
            raise GraphkitError(f"{path}: record {cls!r}: field 'kinds': {kind!r} is not an actor kind")
    for name in data.get("point_in_time_events") or ():
        if name not in words.relationship_types:
            raise GraphkitError(f"{path}: field 'point_in_time_events': {name!r} is not a relationship type")
    for cls, kind in data["source_kinds"].items():
        if kind not in words.source_kinds:
            raise GraphkitError(f"{path}: record {cls!r}: field 'source_kinds': {kind!r} is not a source kind")
    return Mapping(properties=rules, kinds=dict(data["kinds"]), time_qualifiers=dict(data["time_qualifiers"]),
                   deprecation_reason=data["deprecation_reason"], source_kinds=dict(data["source_kinds"]),
                   point_in_time_events=frozenset(data.get("point_in_time_events") or ()))
