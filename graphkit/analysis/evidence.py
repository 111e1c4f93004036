"""How results describe a relationship: when its text places it, and the citations behind it.

A relationship's time is told as its text gives it (its date, start and end, the date it is
attested on, its bounds); a report date is never told as when it happened, only labelled as when
it was first reported. A citation is told as what it is: a quote in quotation marks, a register's
record as a record (its id, its link, when it was retrieved), never as words of the source.
"""

from __future__ import annotations

from typing import Any

from graphkit.dates import PartialDate
from graphkit.graph.form import citation_kind


def when_text(edge: dict[str, Any]) -> str:
    """When a relationship held, in words, from what its text gives; undated ones say so (with
    when they were first reported, labelled as such).

    >>> from graphkit.dates import PartialDate as D
    >>> when_text({"date": D.parse("2023-10")}), when_text({"start": D.parse("2019")})
    ('2023-10', 'since 2019')
    >>> when_text({"start": D.parse("2020"), "end": D.parse("2022-06")}), when_text({"attested": D.parse("2013")})
    ('2020 to 2022-06', 'attested 2013')
    >>> when_text({"after": D.parse("2023-10-07"), "before": D.parse("2024")})
    'after 2023-10-07 and before 2024'
    >>> when_text({"first_reported": D.parse("2025")}), when_text({})
    ('undated (first reported 2025)', 'undated')
    """
    def given(name: str) -> PartialDate | None:
        value = edge.get(name)
        return value if isinstance(value, PartialDate) and not value.is_open else None

    date, start, end = given("date"), given("start"), given("end")
    parts = []
    if date:
        parts.append(str(date))
    elif start and end:
        parts.append(f"{start} to {end}")
    elif start:
        parts.append(f"since {start}")
    elif end:
        parts.append(f"until {end}")
    for name in ("attested", "after", "before"):
        if given(name):
            parts.append(f"{name} {given(name)}")
    if parts:
        return " and ".join(parts)
    reported = edge.get("first_reported")
    return f"undated (first reported {reported})" if isinstance(reported, PartialDate) else "undated"


def citation_text(citation: dict[str, Any]) -> str:
    """A citation in words: a quote in quotation marks, a record as a record.

    >>> from graphkit.dates import PartialDate as D
    >>> print(citation_text({"quote": "A met B."}))
    "A met B."
    >>> citation_text({"record": "Q42$ABC", "url": "https://www.wikidata.org/wiki/Q42",
    ...                "retrieved": D.parse("2026-11-30")})
    'record Q42$ABC at https://www.wikidata.org/wiki/Q42 (retrieved 2026-11-30)'
    >>> citation_text({"url": "https://example.org/m/7"}), citation_text({"record": "m-7"})
    ('record at https://example.org/m/7', 'record m-7')
    """
    if citation_kind(citation) == "quote":
        return f'"{citation["quote"]}"'
    text = " ".join(part for part in ("record", citation.get("record"),
                                      f"at {citation['url']}" if citation.get("url") else None) if part)
    return f"{text} (retrieved {citation['retrieved']})" if citation.get("retrieved") else text


def evidence(edge: dict[str, Any], sources: dict[str, Any], earlier=None) -> list[dict[str, Any]]:
    """A relationship's citations as results show them: source id and title, stance, when it was
    known, its `kind` (``quote`` or ``record``), the quote and its locator or the record, its url
    and when it was retrieved, and `text`: the citation in words (`citation_text`). With `earlier`
    (the citations of the same relationship in an earlier slice), each says whether it is `new` since.

    >>> from graphkit.dates import PartialDate as D
    >>> edge = {"citations": [{"source": "s", "quote": "q", "stance": "denies", "known": D.parse("2024")}]}
    >>> [(row["title"], row["stance"], str(row["known"]), row["quote"], row["new"])
    ...  for row in evidence(edge, {"s": {"title": "S"}}, earlier=[])]
    [('S', 'denies', '2024', 'q', True)]
    """
    before = {_identity(c) for c in earlier} if earlier is not None else None
    found = []
    for citation in edge.get("citations") or ():
        source = sources.get(citation.get("source")) or {}
        row = {"source": citation.get("source"), "title": source.get("title"),
               "stance": citation.get("stance") or "asserts", "known": citation.get("known"),
               "kind": citation_kind(citation), "quote": citation.get("quote"), "locator": citation.get("locator"),
               "record": citation.get("record"), "url": citation.get("url"), "retrieved": citation.get("retrieved"),
               "text": citation_text(citation)}
        if before is not None:
            row["new"] = _identity(citation) not in before
        found.append(row)
    return found


def _identity(citation: dict[str, Any]) -> tuple:
    return citation.get("source"), citation.get("quote"), citation.get("locator"), citation.get("record")
