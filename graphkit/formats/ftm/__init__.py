"""FollowTheMoney (FtM) entities, one JSON object a line, for Aleph, OpenSanctions and their tools.

`write` writes them with the `followthemoney` package's own model (the optional extra
``graphkit[ftm]``), each entity checked against its schema; `read` reads them back into a dataset.
The mapping, declared here once for both directions:

| graphkit                       | FtM                                                          |
|--------------------------------|--------------------------------------------------------------|
| actor Person                   | Person (`start`/`end`: birthDate/deathDate)                  |
| actor Government               | PublicBody (`start`/`end`: incorporationDate/dissolutionDate) |
| actor Position                 | Position (`start`/`end`: inceptionDate/dissolutionDate)      |
| actor NGO, Group, Organization | Organization, the kind in `classification` (Company for an Organization some OWNS owns: FtM owns Assets) |
| name, aliases, country         | name, alias, country                                         |
| description, tags              | description, keywords                                        |
| identifiers `wikidata`         | wikidataId                                                   |
| MEMBER_OF                      | Membership (member → organization)                           |
| DIRECTS                        | Directorship (director → organization)                       |
| EMPLOYED_BY                    | Employment (employee → employer)                             |
| REPRESENTS                     | Representation (agent → client)                              |
| OWNS                           | Ownership (owner → asset), `share` as percentage             |
| FAMILY                         | Family (person → relative), role as relationship             |
| ASSOCIATE_OF                   | Associate (person → associate), role as relationship         |
| SUCCEEDED                      | Succession (successor → predecessor: the later points to the earlier) |
| HOLDS_POSITION                 | Occupancy (holder → post, a Position)                        |
| FUNDS                          | Payment (payer → beneficiary), amount, currency              |
| SANCTIONED                     | Sanction (entity = the sanctioned; authority = the name of the sanctioning actor) |
| any other type (LEADS, AFFILIATED_WITH, ...) | UnknownLink (subject → object), role = ``TYPE`` or ``TYPE: role``; read back, an UnknownLink whose role names no type is AFFILIATED_WITH |
| date, start, end               | date, startDate, endDate: only plain dates the text gave (below) |
| status (set, else derived)     | status; per-citation stances only as a status (below)        |
| role, description              | role, description                                            |
| relationship id                | the entity id; the exact id also in recordId (below)         |
| source                         | Article (a Document): title, sourceUrl, publisher, publishedAt, author, language, retrievedAt (accessed), description, keywords (kind) |
| citations                      | proof (the Articles, in order), publisher of the sources; record citations: recordId (records), sourceUrl (urls), retrievedAt (retrieved); quotes: summary, one per proof, the quotes from that source separated by a blank line |

Provenance never pretends. FtM has no property for a source's verbatim words: its `summary` and
`description` describe, so reading they become the relationship's `description` (summaries after
descriptions, a blank line between), never a quote, and every citation read from FtM is a
**record** citation: its source is each `proof` Document (else a source for the one `publisher`,
else one for the file itself), its `record` the `recordId` (else, when there is no `sourceUrl`
either, the FtM id of the entity), its `url` the `sourceUrl` and its `retrieved` the
`retrievedAt`. `recordId`, `sourceUrl` and `retrievedAt` pair with the proofs when there are as
many of them as proofs, and a single value goes with every proof; with one proof, each record is a
citation of its own. Writing, a relationship's exact id is one of its `recordId`s: the one whose
`entity_id` is the entity's own id, which reading takes back as the id, not as a record. So
record citations travel both ways; quotes are written as summaries and come back as the
description, cited as records of their sources.

A type falls back to UnknownLink when its ends are not of the schemata FtM allows there (an
Employment's employee must be a Person) or when its schema has no `status` (Payment, Associate,
Family) and the relationship's status is not the one its citations give when they all assert
(what a reader assumes of a record that states none), so that an alleged payment never reads as
a reported one.

Time: FtM's `date`, `startDate` and `endDate` hold only what the relationship's own text gave
(`date`, `start`, `end`), never a report date or a bound derived from one. FtM has no property
for `attested` ("in office in 2013": start and end unknown), `after` or `before`, so they are not
written rather than forced into a start or end they are not. FtM keeps dates as ISO prefixes
(``2023``, ``2023-10``, ``2023-10-13``): an open end (``..``) is no `endDate`, and the EDTF forms
FtM would change (it reads ``2023?`` as ``2023`` and ``2008/2009`` as ``2008``, and drops
``193X``) are left out, for actors and sources too.

Evidence: FtM has no stance per proof. The status a relationship has (set by hand, or derived
from its citations' stances) is its `status`; reading it back (`graphkit.formats.ftm.read`), a
status that one stance shared by every citation gives becomes those stances (``alleged``: each
citation alleges; ``denied``: each denies; ``reported`` or ``confirmed`` as the vocabulary's
rules give it for citations that all assert); any other (``disputed``, or a status set against
the citations) stays set by hand, with a `status_note` saying FtM did not say which source
stands where.

What FtM cannot carry (left out, or changed on the way back): quotes (above); `place`; citation
`locator`s, `date`s and mixed stances; records, urls and retrieved dates that do not pair with
the proofs (FtM keeps a value once); `attested`, `after`, `before`, open ends and EDTF dates
(above); identifiers other than Wikidata; countries FtM does not know (the user-assigned codes
such as ``XA``); `amount` and `currency` of a FUNDS, `share` of an OWNS, that falls back to
UnknownLink; a relationship's `date_note`; languages become ISO 639-3 (``en`` → ``eng``); ids may
hold only letters, digits, ``.`` and ``-`` (others become ``-``; the exact relationship id is
kept in `recordId`); the dataset's own metadata. Entity ids are ``actor.<id>``, ``rel.<id>`` and
``source.<id>``.
"""

from __future__ import annotations

import re

from graphkit.errors import MissingExtra

# graphkit relationship type -> (FtM schema, property of the `from` actor, property of the `to` actor)
SCHEMATA = {
    "MEMBER_OF": ("Membership", "member", "organization"),
    "DIRECTS": ("Directorship", "director", "organization"),
    "EMPLOYED_BY": ("Employment", "employee", "employer"),
    "REPRESENTS": ("Representation", "agent", "client"),
    "OWNS": ("Ownership", "owner", "asset"),
    "FAMILY": ("Family", "person", "relative"),
    "ASSOCIATE_OF": ("Associate", "person", "associate"),
    "SUCCEEDED": ("Succession", "successor", "predecessor"),
    "HOLDS_POSITION": ("Occupancy", "holder", "post"),
    "FUNDS": ("Payment", "payer", "beneficiary"),
}
FALLBACK = ("UnknownLink", "subject", "object")
SANCTIONED = ("Sanction", "authority", "entity")  # for SANCTIONED: the authority is the actor's name, not its entity
ROLE_PROPERTIES = {"Family": "relationship", "Associate": "relationship"}  # where a schema keeps the role; else `role`
ACTOR_SCHEMATA = {"Person": "Person", "Government": "PublicBody", "Position": "Position"}  # others: Organization
ACTOR_DATES = {"Person": ("birthDate", "deathDate"), "Position": ("inceptionDate", "dissolutionDate")}
"""The properties of an actor's start and end, by FtM schema; every other: incorporationDate, dissolutionDate."""
PREFIXES = {"actor": "actor.", "relationship": "rel.", "source": "source."}
QUOTES_SEPARATOR = "\n\n"  # between the quotes of one source in one summary
_NOT_ID = re.compile(r"[^0-9A-Za-z.\-]+")
_PLAIN_DATE = re.compile(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$")


def ftm_model():
    """The FollowTheMoney model, or a `MissingExtra` that says how to install it."""
    try:
        from followthemoney import model
    except ImportError as error:
        raise MissingExtra("followthemoney", "ftm", "the FollowTheMoney format") from error
    return model


def ftm_date(value) -> str | None:
    """A date as FtM holds it without changing it: a plain date's text (YYYY, YYYY-MM, YYYY-MM-DD);
    None for no date, an open end and the EDTF forms FtM would read as another date.

    >>> from graphkit.model import PartialDate
    >>> [ftm_date(PartialDate.parse(text)) for text in ("2023", "2023-10-07", "2023?", "2008/2009", "193X")]
    ['2023', '2023-10-07', None, None, None]
    >>> ftm_date(PartialDate.parse("..", open_allowed=True)), ftm_date(None)
    (None, None)
    """
    text = str(value) if value is not None else ""
    return text if _PLAIN_DATE.match(text) else None


def entity_id(kind: str, value: str) -> str:
    """The FtM id of a graphkit actor, relationship or source: typed, and only the characters FtM allows.

    >>> entity_id("actor", "anwar-ibrahim"), entity_id("relationship", "a--met_with--b--2024-05")
    ('actor.anwar-ibrahim', 'rel.a--met-with--b--2024-05')
    """
    return PREFIXES[kind] + (_NOT_ID.sub("-", str(value)).strip(".-") or "x")
