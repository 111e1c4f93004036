"""Attributes read from files (where everything is text) back in the graph form's types."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graphkit.graph.form import CITATION_ATTRIBUTES, STRUCTURED
from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source, fields

_DATES = {record: frozenset(f.name for f in fields(record) if f.kind == "date") | extra
          for record, extra in ((Actor, frozenset()), (Source, frozenset()), (Dataset, frozenset()),
                                (Relationship, frozenset({"first_reported"})))}
_CITATION_DATES = tuple(f.name for f in fields(Citation) if f.kind == "date") + ("known",)
_DAYS = frozenset(("earliest_start", "latest_start", "earliest_end", "latest_end"))
LIST_FIELDS = {record: frozenset(f.name for f in fields(record) if f.kind in ("list", "citations"))
               for record in (Actor, Source, Relationship)}
"""Per record, the fields that hold lists."""


def typed(attrs: dict[str, Any], record: type) -> dict[str, Any]:
    """Attributes read from a file, where everything is text, in the graph form's types.

    `record` says which fields they are: `Actor` for nodes, `Relationship` for edges, `Source` for
    a source, `Dataset` for the graph's own attributes (its `sources` typed each in turn).
    Lists and mappings written as JSON text are decoded, partial dates parsed, the bounds of valid
    time read as days. A value that does not parse is kept as it is.

    >>> typed({"start": "2013", "aliases": '["A"]', "earliest_start": "2013-01-01"}, Relationship)
    {'start': PartialDate(text='2013'), 'aliases': ['A'], 'earliest_start': datetime.date(2013, 1, 1)}
    """
    import json

    result = {}
    for key, value in attrs.items():
        if isinstance(value, str):
            if key in STRUCTURED and value[:1] in "[{":
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            elif key in _DATES[record]:
                value = _partial(value) if value else None
            elif key in _DAYS:
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    pass
        result[key] = value
    if record is Source and isinstance(result.get("authors"), str):
        result["authors"] = [result["authors"]]
    if record is Relationship and isinstance(result.get("citations"), list):
        result["citations"] = [_citation(c) if isinstance(c, dict) else c for c in result["citations"]]
    if record is Dataset and isinstance(result.get("sources"), dict):
        result["sources"] = {key: typed(source, Source) if isinstance(source, dict) else source
                             for key, source in result["sources"].items()}
    return result


def _partial(value: Any) -> Any:
    try:
        return PartialDate.parse(value, open_allowed=True)
    except ValueError:
        return value


def _citation(citation: dict[str, Any]) -> dict[str, Any]:
    """A citation read from a file: its dates typed, and every key of the graph form present."""
    typed_citation = {key: citation.get(key) for key in CITATION_ATTRIBUTES}
    typed_citation.update((key, value) for key, value in citation.items() if key not in typed_citation)
    for key in _CITATION_DATES:
        if isinstance(typed_citation.get(key), str):
            typed_citation[key] = _partial(typed_citation[key]) if typed_citation[key] else None
    typed_citation["stance"] = typed_citation.get("stance") or "asserts"
    return typed_citation
