"""Provenance never pretends: no importer writes into a citation's `quote` anything that is not
verbatim text of its input, and every citation that is not a quote names its record (a record id
and/or a url). One table of importers, each run on its fixture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from graphkit.formats.ftm.read import read_ftm
from graphkit.formats.popolo.read import read_popolo
from graphkit.formats.wikidata.read import read_wikidata
from graphkit.model import Dataset

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# One line per importer: (name, a function from the fixture's path to the imported `Dataset`, the fixture).
#   ("popolo", lambda path: read_popolo(path, "imported").dataset, FIXTURES / "popolo" / "x.json"),
IMPORTERS: list[tuple[str, Callable[[Path], Dataset], Path]] = [
    ("ftm", lambda path: read_ftm(path, "imported").dataset, FIXTURES / "ftm" / "lyonesse.ftm.json"),
    ("popolo", lambda path: read_popolo(path, "imported").dataset, FIXTURES / "popolo" / "lyonesse.ep-popolo.json"),
    ("wikidata", lambda path: read_wikidata([path], "imported").dataset, FIXTURES / "wikidata" / "tregear.json"),
    ("wikidata-dump", lambda path: read_wikidata([path], "imported").dataset,
     FIXTURES / "wikidata" / "lyonesse-dump.json"),
]


def decoded_json(text: str) -> Any:
    """A JSON file's value: the whole text, else one value a line (JSON lines, or a dump's array
    written one entity a line, each line ending in a comma)."""
    try:
        return json.loads(text)
    except ValueError:
        lines = (line.strip().rstrip(",") for line in text.splitlines())
        return [json.loads(line) for line in lines if line and line not in ("[", "]")]


def strings(value: Any) -> Iterator[str]:
    """Every string of a decoded JSON value: keys and values, at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.mark.parametrize("name,read,fixture", IMPORTERS, ids=[entry[0] for entry in IMPORTERS])
def test_every_quote_is_verbatim_input_and_every_record_is_named(name, read, fixture):
    texts = list(strings(decoded_json(fixture.read_text(encoding="utf-8-sig"))))
    dataset = read(fixture)
    citations = [(rel.id, citation) for rel in dataset.relationships.values() for citation in rel.citations]
    assert citations, f"{name}: its fixture imports no cited relationship"
    assert unquoted(citations, texts) == [], f"{name}: quotes its input does not hold"
    for rel_id, citation in citations:
        if citation.kind == "record":
            assert citation.quote is None
            assert citation.record or citation.url, f"{name}: relationship {rel_id} cites a record it does not name"
            assert citation.source in dataset.sources


def unquoted(citations, texts: list[str]) -> list[tuple[str, str]]:
    """The (relationship id, quote) of each quote that is no verbatim text of the input."""
    return [(rel_id, citation.quote) for rel_id, citation in citations
            if citation.kind == "quote" and not any(citation.quote in text for text in texts)]


def test_a_sentence_built_from_a_record_would_be_caught():
    """The check itself: a quote its input does not hold is found (the importers' old habit,
    ``Employment: Jory Tregear → Lyonesse Treasury``), and a verbatim one passes."""
    from graphkit.model import Citation

    texts = list(strings(decoded_json((FIXTURES / "ftm" / "lyonesse.ftm.json").read_text(encoding="utf-8"))))
    built = Citation("s", quote="Employment: Jory Tregear → Lyonesse Treasury")
    verbatim = Citation("s", quote=next(text for text in texts if "Tide Watch member Morwenna Hale" in text))
    assert unquoted([("r1", built), ("r2", verbatim)], texts) == [("r1", built.quote)]
