"""Popolo JSON (as EveryPolitician's ``ep-popolo-v1.0.json`` files shape it) into a graphkit dataset.

A Popolo file is one JSON object of collections: `persons`, `organizations`, `posts`,
`memberships`, `events` and `areas` (https://www.popoloproject.com/specs/). The mapping:

| Popolo                                    | graphkit                                                   |
|-------------------------------------------|------------------------------------------------------------|
| person                                    | Person actor: `name`; `other_names` as aliases; `birth_date`/`death_date` as start/end; `summary` as description |
| organization, by `classification`         | ``party``: Group; legislature, chamber, house, committee, cabinet, executive, government: Government; any other: Organization. `founding_date`/`dissolution_date` as start/end; the classification as a tag |
| organization `parent_id`                  | PART_OF the parent organization                            |
| post                                      | Position actor (`label`; `other_label` as aliases; `start_date`/`end_date` as start/end), PART_OF its organization |
| membership                                | MEMBER_OF person -> organization (the post's, when the membership names none), role from `role`, else `label` |
| membership `post_id`                      | also HOLDS_POSITION person -> post                         |
| membership `on_behalf_of_id`              | also REPRESENTS person -> that party (the person sat for it), dated like the membership |
| `identifiers`                             | the actor's identifiers {scheme: identifier} (`wikidata` and the rest) |
| events of classification ``legislative period`` | read for their dates (below)                         |

Dates are Popolo's ISO dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), kept as precise as given.
A membership without a `start_date` or an `end_date` takes the missing one from its
`legislative_period_id` event, as EveryPolitician means it (a member of a term sits for the whole
term unless the record says otherwise), and its `date_note` says so; a term with no end gives none,
and neither does a term that ends after the member's death (the death ends the membership).

Evidence: every relationship cites one `register` source, the file itself, as a **record**:
`record` is the membership's id, or (EveryPolitician's memberships have none) its person's id, or
the post's or organization's id for PART_OF; `url` is each of the membership's `sources[].url`
(for a membership without id or sources, its person's), or the post's or organization's; and
`retrieved` the file's `meta.retrieved`. Nothing is written as a quote. The file's `meta` may
give the source's `title` (or `name`), `url`, `publisher` and `retrieved` date.

EveryPolitician's pseudo-party ``independent`` is no actor: a membership on behalf of it gets no
REPRESENTS (the import says how many). Memberships repeated word for word are one relationship;
two that differ but share ends, type and start keep apart with a suffix to their derived id.
Everything else the file holds (areas, elections, images, contact details, ...) is reported with
counts, never dropped unsaid.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graphkit.errors import DateError
from graphkit.model import Dataset, PartialDate

GOVERNMENT_CLASSIFICATIONS = frozenset({"legislature", "chamber", "house", "lower house", "upper house",
                                        "committee", "cabinet", "executive", "government"})
TERM = "legislative period"
INDEPENDENT = frozenset({"independent", "party/independent"})
_POPOLO_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}){0,2}$")
_BAD_ID = re.compile(r"[\s|]+")
COLLECTIONS = ("persons", "organizations", "posts", "memberships", "events", "areas")
# Fields each collection's records carry into the dataset; the rest are reported.
CARRIED = {
    "persons": {"id", "name", "other_names", "identifiers", "birth_date", "death_date", "summary", "sources"},
    "organizations": {"id", "name", "classification", "other_names", "identifiers", "founding_date",
                      "dissolution_date", "parent_id", "sources"},
    "posts": {"id", "label", "other_label", "organization_id", "start_date", "end_date", "sources"},
    "memberships": {"id", "person_id", "organization_id", "post_id", "on_behalf_of_id", "role", "label",
                    "start_date", "end_date", "legislative_period_id", "sources"},
    "events": {"id", "name", "classification", "start_date", "end_date"},
}
META_FIELDS = {"title", "name", "url", "publisher", "retrieved"}


@dataclass
class PopoloReport:
    """What a Popolo import made, and what of the file it could not carry."""

    dataset: Dataset
    unmapped: Counter = field(default_factory=Counter)  # "collection.field" -> values not carried
    not_imported: Counter = field(default_factory=Counter)  # what records were left out, and why -> count
    merged: int = 0  # memberships repeated word for word
    renamed: list[str] = field(default_factory=list)  # records whose cleaned-up id another had taken

    def lines(self) -> list[str]:
        """The report as lines for people (as `graphkit import` prints them on stderr)."""
        lines = [f"not imported: {what}: {count}" for what, count in sorted(self.not_imported.items())]
        lines += [f"not carried: {name} ({count} value{'' if count == 1 else 's'})"
                  for name, count in sorted(self.unmapped.items())]
        if self.merged:
            lines.append(f"merged: {self.merged} membership{'' if self.merged == 1 else 's'} repeated word for word")
        return lines + self.renamed


def actor_kind(classification: str | None) -> str:
    """The actor kind of a Popolo organization by its classification.

    >>> [actor_kind(c) for c in ("party", "Legislature", "cabinet", "company", None)]
    ['Group', 'Government', 'Government', 'Organization', 'Organization']
    """
    text = (classification or "").strip().lower()
    if text == "party":
        return "Group"
    return "Government" if text in GOVERNMENT_CLASSIFICATIONS else "Organization"


def popolo_date(value: Any) -> PartialDate | None:
    """A Popolo date (ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as a partial date; None for none.

    >>> popolo_date("2016-05"), popolo_date(""), popolo_date(None)
    (PartialDate(text='2016-05'), None, None)
    >>> popolo_date("5 May 2016")
    Traceback (most recent call last):
    ...
    graphkit.errors.DateError: '5 May 2016' is not a Popolo date (YYYY, YYYY-MM or YYYY-MM-DD)
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _POPOLO_DATE.match(value):
        raise DateError(f"{value!r} is not a Popolo date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return PartialDate.parse(value)


def graphkit_id(popolo_id: str) -> str:
    """A graphkit id from a Popolo id: as given, with spaces and '|' made '-'.

    >>> graphkit_id("party/blue"), graphkit_id(" term 14 | a ")
    ('party/blue', 'term-14-a')
    """
    return _BAD_ID.sub("-", popolo_id.strip()).strip("-")
