"""Query results as text: an aligned table for people, JSON and CSV for programs.

Values are what the Neo4j driver returns: nodes, relationships and paths (duck-typed here, so
this module needs no driver), Neo4j dates and times, lists, maps and plain scalars.

- table: a node reads `(anwar-ibrahim:Actor:Person "Anwar Ibrahim")`, a relationship
  `anwar-ibrahim -[:MET_WITH 2024-05 reported]- hamas` (an arrow when it is directed), a path
  as its nodes joined by its relationships;
- json: a list of row objects; nodes, relationships and paths in full (element id, labels or
  type, ends, properties), dates and times as ISO 8601 text;
- csv: a header and a row per record; scalars as text, anything else as compact JSON.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

FORMATS = ("table", "json", "csv")
MAX_CELL = 80  # characters of a table cell before it is cut with "…"


def _is_node(value: Any) -> bool:
    return hasattr(value, "labels") and hasattr(value, "element_id")


def _is_relationship(value: Any) -> bool:
    return hasattr(value, "start_node") and hasattr(value, "type") and hasattr(value, "element_id")


def _is_path(value: Any) -> bool:
    return hasattr(value, "nodes") and hasattr(value, "relationships") and hasattr(value, "start_node")


def to_plain(value: Any) -> Any:
    """A value as JSON-ready data.

    >>> import datetime as dt
    >>> to_plain({"when": dt.date(2023, 10, 31), "ids": ("a", "b")})
    {'when': '2023-10-31', 'ids': ['a', 'b']}
    """
    if _is_path(value):
        return {"nodes": [to_plain(node) for node in value.nodes],
                "relationships": [to_plain(rel) for rel in value.relationships]}
    if _is_relationship(value):
        return {"elementId": value.element_id, "type": value.type,
                "start": value.start_node.element_id if value.start_node is not None else None,
                "end": value.end_node.element_id if value.end_node is not None else None,
                "properties": to_plain(dict(value))}
    if _is_node(value):
        return {"elementId": value.element_id, "labels": sorted(value.labels),
                "properties": to_plain(dict(value))}
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    if hasattr(value, "isoformat"):  # datetime types
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _node_text(node: Any) -> str:
    labels = "".join(f":{label}" for label in sorted(node.labels, key=lambda label: label != "Actor"))
    ident = node.get("id") if node.get("id") is not None else node.element_id
    name = node.get("name") or node.get("title")
    return f"({ident}{labels}" + (f' "{name}"' if name and name != ident else "") + ")"


def _end_id(node: Any) -> str:
    if node is None:
        return "?"
    return str(node.get("id") if node.get("id") is not None else node.element_id)


def _relationship_label(rel: Any) -> str:
    when = rel.get("date") or (
        f"{rel.get('start') or ''}..{rel.get('end') or ''}" if rel.get("start") or rel.get("end") else None)
    parts = [f":{rel.type}"] + [str(part) for part in (when, rel.get("status")) if part]
    return "[" + " ".join(parts) + "]"


def _relationship_text(rel: Any) -> str:
    arrow = ">" if rel.get("directed", True) is not False else ""
    return f"{_end_id(rel.start_node)} -{_relationship_label(rel)}-{arrow} {_end_id(rel.end_node)}"


def _path_text(path: Any) -> str:
    current = path.start_node
    text = _end_id(current)
    for rel in path.relationships:
        forward = rel.start_node is not None and rel.start_node.element_id == current.element_id
        following = rel.end_node if forward else rel.start_node
        symmetric = rel.get("directed") is False
        left, right = ("-", "-") if symmetric else (("-", "->") if forward else ("<-", "-"))
        text += f" {left}{_relationship_label(rel)}{right} {_end_id(following)}"
        current = following
    return text


def cell_text(value: Any) -> str:
    """A value as readable text for a table cell.

    >>> cell_text(None), cell_text(["a", "b"]), cell_text(True), cell_text(0.25)
    ('', 'a, b', 'true', '0.25')
    """
    if value is None:
        return ""
    if _is_path(value):
        return _path_text(value)
    if _is_relationship(value):
        return _relationship_text(value)
    if _is_node(value):
        return _node_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(to_plain(value), ensure_ascii=False)
    plain = to_plain(value)
    return plain if isinstance(plain, str) else str(plain)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def render_table(keys: list[str], records: list[tuple]) -> str:
    """An aligned text table with a header.

    >>> print(render_table(["id", "n"], [("hamas", 3), ("anwar-ibrahim", 12)]))
    id             n
    -------------  --
    hamas          3
    anwar-ibrahim  12
    """
    rows = [[_cut(cell_text(value)) for value in record] for record in records]
    widths = [max([len(key)] + [len(row[i]) for row in rows]) for i, key in enumerate(keys)]
    lines = ["  ".join(key.ljust(width) for key, width in zip(keys, widths)).rstrip(),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def render_json(keys: list[str], records: list[tuple]) -> str:
    """A JSON list of row objects.

    >>> print(render_json(["id"], [("hamas",)]))
    [
      {
        "id": "hamas"
      }
    ]
    """
    return json.dumps([dict(zip(keys, to_plain(list(record)))) for record in records],
                      ensure_ascii=False, indent=2)


def render_csv(keys: list[str], records: list[tuple]) -> str:
    """CSV with a header row; non-scalar values as compact JSON.

    >>> print(render_csv(["id", "aliases"], [("hamas", ["Harakat al-Muqawama"])]), end="")
    id,aliases
    hamas,"[""Harakat al-Muqawama""]"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    for record in records:
        writer.writerow([_csv_cell(value) for value in record])
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    plain = to_plain(value)
    if plain is None:
        return ""
    if isinstance(plain, bool):
        return "true" if plain else "false"
    if isinstance(plain, (str, int, float)):
        return str(plain)
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def render(keys: list[str], records: list[tuple], fmt: str = "table") -> str:
    """The records in one of `FORMATS`."""
    renderers = {"table": render_table, "json": render_json, "csv": render_csv}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return renderers[fmt](keys, records)
