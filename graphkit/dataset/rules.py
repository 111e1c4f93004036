"""The rules a value must follow to be safe for every later step: dataset names, links, ids,
indexed lengths and the span of dates.

Each rule is one function returning what is wrong (or None), so `validate`, the importers and the
command line apply the same rule and say the same thing.

- **Dataset names** become folder names, Neo4j property values and page titles: letters, digits,
  `-`, `_` and `.`, starting with a letter or digit, no `..`, at most 100 characters.
- **Links** (`url`) are what a browser would open as the same address: http(s), a valid host, a
  port from 1 to 65535, no user or password, and no space, control character or backslash
  anywhere (a browser drops or rewrites those, so the link would lead elsewhere).
- **Ids** are case-sensitive and taken without surrounding spaces: `avalon` and `Avalon` are two
  ids, ` avalon ` is `avalon`. Two ids of one table that differ only by case get a warning: they
  are more often one record typed twice than two.
- **Indexed text** (ids, the dataset name, actor names) fits a Neo4j index key: a range-index key
  holds at most 8167 bytes, less a few per value (Neo4j 5.26 takes one string of 8164 bytes, and a
  (dataset, id) pair of 8161 together), so a value may hold `INDEXED_BYTES` bytes of UTF-8: with a
  dataset name of at most 100 characters, the pair fits too. Full-text indexes (names, aliases)
  have no such limit.
- **Dates** fall in the years `FIRST_YEAR` .. `LAST_YEAR`: a year such as 9999 is a placeholder
  for "no end" (write `..` for that), and it breaks what counts in years or days (a by-year
  ranking asks for year 10000, a map's slider gets millions of steps); a year before 1000 is
  more often a typo (0202 for 2020) than a political actor's. The span leaves room for history
  and for ends planned a century ahead.
- **A single source** corroborates nothing: the relationships that rest on one get one note for
  all of them (`single_source_note`), whichever reader found them.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from graphkit.model import Actor, Dataset, Field, Origin, PartialDate, Problem

DATASET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
DATASET_NAME_RULE = ("a dataset name is 1 to 100 letters, digits, '-', '_' or '.', "
                     "starting with a letter or digit, without '..'")
INDEXED_BYTES = 8000  # with a dataset name (at most 100 bytes), still within an 8167-byte index key
FIRST_YEAR, LAST_YEAR = 1000, 2199
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f\\]")


def dataset_name_problem(name: object) -> str | None:
    """What is wrong with a dataset name, or None.

    >>> dataset_name_problem("malaysia-palestine") is None
    True
    >>> [bool(dataset_name_problem(n)) for n in ("..", "../../etc/evil", "<script>", "a b", "a..b", "")]
    [True, True, True, True, True, True]
    """
    if not isinstance(name, str) or not DATASET_NAME.match(name) or ".." in name:
        return f"{name!r} is not a dataset name: {DATASET_NAME_RULE}"
    return None


def url_problem(value: str) -> str | None:
    """What keeps a link from being opened by a browser as the address it says, or None.

    >>> url_problem("https://example.org:8443/a?b=c#d") is None
    True
    >>> for bad in ("https://exa mple.org/", "https://example.org/a b", "https://example.org:99999/",
    ...             "https://example.org/x\\njavascript:alert(1)", "javascript:alert(1)", "https://u:p@example.org/"):
    ...     assert url_problem(bad), bad
    """
    if _UNSAFE_IN_URL.search(value):
        what = "a backslash" if "\\" in value else "a space or control character"
        return f"{value!r} is not a link a browser would open as written: it contains {what} (percent-encode it)"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:
        return f"{value!r} is not a valid URL ({error})"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"{value!r} is not an http(s) URL (only http:// and https:// links are allowed)"
    if parts.username is not None or parts.password is not None:
        return f"{value!r} holds a user name or password: give the link without them"
    if port == 0:
        return f"{value!r} has port 0: a port is 1 to 65535"
    if not _valid_host(parts.hostname or ""):
        return f"{value!r} has no valid host name (e.g. example.org)"
    return None


def _valid_host(host: str) -> bool:
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.rstrip(".").split(".")
    return len(ascii_host) <= 253 and all(_HOST_LABEL.match(label) for label in labels)


_INDEXED = {(Actor, "name")}  # the text fields Neo4j range-indexes besides the ids


def is_indexed(kind: type, field: Field) -> bool:
    """Whether `indexed_problem` checks the values of this field (ids, an actor's name, the dataset's name)."""
    return (kind is Dataset and field.name == "name") or field.kind == "id" or (kind, field.name) in _INDEXED


def indexed_problem(kind: type, field: Field, value: str) -> str | None:
    """What is wrong with a value of a field Neo4j indexes, or None: the dataset's
    name follows the dataset-name rule, and no indexed value is longer than an index key holds."""
    if kind is Dataset and field.name == "name":
        return dataset_name_problem(value)
    if field.kind != "id" and (kind, field.name) not in _INDEXED:
        return None
    size = len(value.encode("utf-8"))
    if size > INDEXED_BYTES:
        return (f"{value[:20]!r}... is {size} bytes long: an indexed value (an id, an actor's name) may hold "
                f"at most {INDEXED_BYTES} bytes of UTF-8 (Neo4j cannot index longer ones)")
    return None


def date_problem(date: PartialDate) -> str | None:
    """What is wrong with the span of a date, or None.

    >>> date_problem(PartialDate.parse("2023-10")) is None
    True
    >>> date_problem(PartialDate.parse("9999-12-31"))[:24]
    "'9999-12-31' is outside "
    """
    if date.is_open or date.earliest is None or date.latest is None:
        return None
    if date.earliest.year < FIRST_YEAR or date.latest.year > LAST_YEAR:
        return (f"{str(date)!r} is outside the years {FIRST_YEAR} to {LAST_YEAR} that graphkit's rankings "
                f"and maps count in; for a relationship not known to have ended, write end: '..'")
    return None


def shorten(label: str | None, most: int = 60) -> str | None:
    """A record's label as messages show it: a long (wrong) id cut to its start.

    >>> len(shorten("a" * 100)), shorten("a" * 100)[-4:], shorten("avalon")
    (60, 'a...', 'avalon')
    """
    return label[:most - 3] + "..." if label and len(label) > most else label


def case_warnings(dataset: Dataset) -> list[Problem]:
    """A warning for each source or actor id that differs from another only by case."""
    return [Problem(table[id_].origin, id_, "id", (
        f"{what} id {id_!r} differs from {other!r} only by case: ids are case-sensitive, so these are "
        f"two {what}s; if they are one, spell its id one way"), "warning")
        for what, table in (("source", dataset.sources), ("actor", dataset.actors))
        for id_, other in case_twins(table)]


def case_twins(ids: Iterable[str]) -> list[tuple[str, str]]:
    """The ids that differ from an earlier one only by case, each with that earlier one.

    >>> case_twins(["avalon", "Avalon", "camelot", "AVALON"])
    [('Avalon', 'avalon'), ('AVALON', 'avalon')]
    """
    first: dict[str, str] = {}
    twins = []
    for id_ in ids:
        folded = id_.casefold()
        if folded in first and first[folded] != id_:
            twins.append((id_, first[folded]))
        else:
            first.setdefault(folded, id_)
    return twins


def single_source_note(single: Sequence[tuple[str, Origin]], count: int, total: int) -> Problem:
    """The one note on the relationships that rest on a single source (their ids and origins):
    one line for all of them, since in a young dataset most relationships have one source and a
    line each would bury the warnings. `graphkit stats` lists them all. It is a note, not a
    warning: a claim one document makes is no mistake of the curator's (--strict passes it).

    `single` holds the first five (id, origin) of the `count` such relationships.

    >>> single_source_note([("r1", Origin("relationships.csv", 2))], 1, 3).message[:56]
    "1 of 3 relationships rests on a single source: 'r1' (lin"
    """
    listed = ", ".join(f"{id_!r} (line {origin.line})" for id_, origin in single[:5])
    more = f" and {count - 5} more" if count > 5 else ""
    return Problem(single[0][1], None, "sources", (
        f"{count} of {total} relationships "
        f"{'rests' if count == 1 else 'rest'} on a single source: {listed}{more}; "
        "a second, independent source would corroborate each (graphkit stats lists them)"), "note")
