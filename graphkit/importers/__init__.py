"""Importers: data from other tools into graphkit dataset folders, written as the YAML of seed/README.md.

Each format is a module (`ftm`); they share `write_yaml`, so every import gives a folder that
`graphkit validate` checks like any curated dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graphkit.model import Dataset, relationship_id


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty fields; dates and other values as the text written."""
    out = {}
    for key, value in record.items():
        if value is None or value == [] or value == {} or value == "":
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out[key] = value if isinstance(value, (list, dict, int, float)) else str(value)
    return out


def dataset_records(dataset: Dataset) -> dict[str, Any]:
    """The dataset as the plain records of its four YAML files.

    >>> from graphkit.model import Actor, Citation, Relationship, PartialDate
    >>> d = Dataset("demo", title="Demo", actors={"a": Actor("a", "Person", "A"), "b": Actor("b", "Group", "B")})
    >>> d.relationships["a--member_of--b--2020"] = Relationship("a--member_of--b--2020", "a", "b", "MEMBER_OF",
    ...     [Citation("s", "A joined B.")], start=PartialDate.parse("2020"))
    >>> dataset_records(d)["relationships"]
    [{'from': 'a', 'type': 'MEMBER_OF', 'to': 'b', 'start': '2020', 'sources': [{'source': 's', 'quote': 'A joined B.'}]}]
    """
    from graphkit.validation import ACTOR_FIELDS, DATASET_FIELDS, RELATIONSHIP_FIELDS, SOURCE_FIELDS

    relationships = []
    for rel in dataset.relationships.values():
        record = {name: getattr(rel, {"from": "source", "to": "target"}.get(name, name))
                  for name in RELATIONSHIP_FIELDS if name != "sources"}
        if rel.id == relationship_id(rel.source, rel.type, rel.target, rel.date or rel.start):
            record["id"] = None  # derived again when read
        if record["status"] == "reported":
            record["status"] = None  # the default
        record["sources"] = [_clean({"source": c.source, "quote": c.quote, "locator": c.locator})
                             for c in rel.citations]
        relationships.append(_clean(record))
    return {
        "dataset": _clean({name: getattr(dataset, name) for name in DATASET_FIELDS}),
        "sources": [_clean({name: getattr(s, name) for name in SOURCE_FIELDS}) for s in dataset.sources.values()],
        "actors": [_clean({name: getattr(a, name) for name in ACTOR_FIELDS}) for a in dataset.actors.values()],
        "relationships": relationships,
    }


def write_yaml(dataset: Dataset, folder: str | Path) -> Path:
    """Write a dataset as a folder of YAML files (dataset, sources, actors, relationships)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, records in dataset_records(dataset).items():
        text = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder
