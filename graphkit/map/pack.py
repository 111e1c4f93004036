"""The map's data packed for its file: long lists of records as columns, repeated values once.

A big map's file was mostly the same keys and values written again for every relationship: its
colour, arrow and look, its type, status and ends, and each citation's source, stance, kind and
day. `pack_table` writes a list of records column by column; a column whose values repeat (or
are objects) keeps each distinct value once and an index per record, and a column of lists of
records (a relationship's citations) becomes a table of its own with a count per record. The
page rebuilds the same records (`unpackTable` in assets/pack.js) before anything reads them, so
the page and `map_data` see the same data; `unpack_table` is the same in Python.

A record's missing field and a field set to None are the same to the page (`data._compact`
drops them), so both travel as null and come back missing.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from graphkit.model import PartialDate

_PLAIN = {str, int, float, bool, dt.date, PartialDate}  # values told apart by their type and value

PACKED = (("relationships",), ("network", "nodes"), ("network", "edges"))
"""Where `pack_map` packs the map's data: the lists that grow with the network. The drawn edges
come after the relationships, whose ids and ends they repeat (written once: ``{"same": key}``)."""


def pack_map(data: dict[str, Any]) -> dict[str, Any]:
    """The map's data with its long lists (`PACKED`) packed; everything else as it was.

    >>> data = {"relationships": [{"id": "r1", "to": "a", "tip": "a"}],
    ...         "network": {"nodes": [], "edges": [{"id": "r1", "to": "b", "tip": "b"}]}}
    >>> packed = pack_map(data)
    >>> packed["network"]["edges"]["columns"]["id"], unpack_map(packed) == data
    ({'same': 'id'}, True)
    """
    packed = dict(data)
    relationships = None
    for path in PACKED:
        holder = packed
        for key in path[:-1]:
            holder[key] = holder = dict(holder[key])
        table = pack_table(holder[path[-1]])
        if path == ("relationships",):
            relationships = table
        elif path == ("network", "edges") and relationships is not None and table["rows"] == relationships["rows"]:
            for key, column in table["columns"].items():
                if "like" not in column and relationships["columns"].get(key) == column:  # a like is of its own table
                    table["columns"][key] = {"same": key}  # the relationship's own column, read from there
        holder[path[-1]] = table
    return packed


def pack_table(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Records as columns: ``{"rows": n, "columns": {key: column}}``, where a column is
    ``{"values": [...]}`` (one value per record), ``{"distinct": [...], "index": [...]}``
    (repeated or object values, each once) or ``{"table": packed, "counts": [...]}`` (lists of
    records, e.g. citations, in one table of their own), ``{"like": key}`` (the same values as an
    earlier column of the table) or ``{"joined": " · ", "table": packed}`` (texts made of parts
    joined by `JOINED`, such as the relationships' tooltips, whose parts repeat: each text's parts
    as a record {"0": first, "1": second, ...}, packed, an empty record for a missing text).

    >>> records = [{"type": "FUNDS", "n": 1}, {"type": "FUNDS"}, {"type": "FUNDS", "n": 2}, {"type": "MET", "n": 3}]
    >>> packed = pack_table(records)
    >>> packed["columns"]["type"], packed["columns"]["n"]
    ({'distinct': ['FUNDS', 'MET'], 'index': [0, 0, 0, 1]}, {'values': [1, None, 2, 3]})
    >>> unpack_table(packed) == records
    True
    >>> tips = [{"id": f"r{i}", "key": f"r{i}", "tip": f"member of · reported · {1990 + i}"} for i in range(20)]
    >>> packed = pack_table(tips)
    >>> packed["columns"]["key"], packed["columns"]["tip"]["table"]["columns"]["1"]
    ({'like': 'id'}, {'distinct': ['reported'], 'index': [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]})
    >>> unpack_table(packed) == tips
    True
    >>> flags = [{"directed": True, "weight": 1}, {"directed": False, "weight": 0}]  # equal, but not the same
    >>> [type(record["weight"]) for record in unpack_table(pack_table(flags))]
    [<class 'int'>, <class 'int'>]
    """
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(record))
    columns: dict[str, Any] = {}
    seen: list[tuple[str, list]] = []
    for key in keys:
        values = [record.get(key) for record in records]
        like = next((earlier for earlier, them in seen if them == values and _names(them) == _names(values)), None)
        if like is not None:
            columns[key] = {"like": like}
            continue
        seen.append((key, values))
        present = [value for value in values if value is not None]
        if present and all(isinstance(value, list) and all(isinstance(item, dict) for item in value)
                           for value in present):
            columns[key] = {"table": pack_table([item for value in values for item in value or ()]),
                            "counts": [None if value is None else len(value) for value in values]}
            continue
        names = _names(values)
        number: dict[Any, int] = {}
        distinct = []
        for name, value in zip(names, values):
            if name is not None and name not in number:
                number[name] = len(distinct)
                distinct.append(value)
        if any(isinstance(value, (dict, list)) for value in present) or 2 * len(distinct) <= len(present):
            columns[key] = {"distinct": distinct, "index": [None if name is None else number[name] for name in names]}
        else:
            columns[key] = _joined(values, present) or {"values": values}
    return {"rows": len(records), "columns": columns}


JOINED = " · "
"""What joins the parts of the texts a column may be packed by (see `pack_table`)."""


def _joined(values: list, present: list) -> dict[str, Any] | None:
    """The column as parts joined by `JOINED`, if its values are texts that are mostly so made and
    their parts packed are smaller; else None."""
    if not present or not all(isinstance(value, str) for value in present) or \
            sum(JOINED in value for value in present) < 0.9 * len(present):
        return None
    parts = pack_table([{} if value is None else {str(at): part for at, part in enumerate(value.split(JOINED))}
                        for value in values])
    return {"joined": JOINED, "table": parts} if _size(parts) < 0.8 * _size(values) else None


def _size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":")))


def _names(values: list) -> list:
    """Each value's `_name` (None for None)."""
    return [None if value is None else (type(value), value) if type(value) in _PLAIN else _name(value)
            for value in values]


def _name(value: Any) -> Any:
    """What makes two values the same value: their type and value (so 1, 1.0 and True stay
    apart), or for objects and lists their text as Python writes it (quicker than JSON)."""
    if isinstance(value, (dict, list)):
        return (type(value), repr(value))
    try:
        hash(value)
    except TypeError:
        return (type(value).__name__, str(value))
    return (type(value), value)


def unpack_table(packed: dict[str, Any], beside: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The records `pack_table` packed (missing fields stay missing; see the module's note);
    `beside`: the records of the table whose columns ``{"same": key}`` repeat."""
    rows = packed["rows"]
    records: list[dict[str, Any]] = [{} for _ in range(rows)]
    for key, column in packed["columns"].items():
        if "same" in column:
            values = [record.get(column["same"]) for record in beside or ()]
        elif "like" in column:
            values = [record.get(column["like"]) for record in records]
        elif "joined" in column:
            values = [JOINED.join(parts[str(at)] for at in range(len(parts))) if parts else None
                      for parts in unpack_table(column["table"])]
        elif "table" in column:
            items, at = unpack_table(column["table"]), 0
            values = []
            for count in column["counts"]:
                values.append(None if count is None else items[at:at + count])
                at += count or 0
        elif "distinct" in column:
            values = [None if i is None else column["distinct"][i] for i in column["index"]]
        else:
            values = column["values"]
        for record, value in zip(records, values):
            if value is not None:
                record[key] = value
    return records


def unpack_map(packed: dict[str, Any]) -> dict[str, Any]:
    """The map's data as `map_data` gave it, from the packed data of a page (`pack_map`)."""
    data = dict(packed)
    for path in PACKED:
        holder = data
        for key in path[:-1]:
            holder[key] = holder = dict(holder[key])
        holder[path[-1]] = unpack_table(holder[path[-1]], data["relationships"])
    return data
