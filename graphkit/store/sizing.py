"""What a load needs of the server, weighed before anything is written.

A load writes in batches, each its own transaction, so the server's transaction memory bounds a
batch, never the dataset: `batch_size` shrinks the batch until it fits the limits the server reports
(`SHOW SETTINGS`: `db.memory.transaction.max` per transaction, `dbms.memory.transaction.total.max`
for all, the heap), and refuses at once, naming the setting and the value to give it, when even a
small batch cannot fit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from graphkit.errors import StoreError
from graphkit.store.cypher import load_cypher

if TYPE_CHECKING:
    import neo4j

SMALLEST_BATCH = 50
"""Below this many rows a batch, round trips would dominate: a server that cannot hold it is refused."""
OVERHEAD = 6
"""Transaction memory per byte of a row's JSON text (objects, property records, index updates), with room."""
ROW_BYTES = 600
"""Transaction memory of a row beyond its values (the element, its labels or type, its index entries)."""
_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "KIB": 1024, "M": 1024**2, "MB": 1024**2, "MIB": 1024**2,
          "G": 1024**3, "GB": 1024**3, "GIB": 1024**3, "T": 1024**4, "TB": 1024**4, "TIB": 1024**4}


def parse_bytes(text: str | None) -> int | None:
    """A memory setting's value in bytes; None when it is not set; 0 means no limit.

    >>> parse_bytes("768.00MiB"), parse_bytes("0B"), parse_bytes("1g"), parse_bytes(None)
    (805306368, 0, 1073741824, None)
    """
    if text is None:
        return None
    found = re.fullmatch(r"\s*([\d.]+)\s*([A-Za-z]*)\s*", str(text))
    if found is None or found.group(2).upper() not in _UNITS:
        return None
    return int(float(found.group(1)) * _UNITS[found.group(2).upper()])


def row_bytes(rows: Iterable[Mapping[str, Any]]) -> int:
    """The transaction memory the largest of `rows` (a sample) is estimated to need.

    >>> row_bytes([{"props": {"id": "a", "name": "x" * 100}}]) > 600
    True
    """
    largest = max((len(json.dumps(row, default=str)) for row in rows), default=0)
    return ROW_BYTES + OVERHEAD * largest


def batch_size(driver: "neo4j.Driver", database: str | None, wanted: int, per_row: int) -> int:
    """The batch size to write with: `wanted`, or fewer rows so that a batch of rows of `per_row`
    bytes fits in half of the server's per-transaction limit. A `StoreError` naming the setting and
    the value to set when even `SMALLEST_BATCH` rows do not fit."""
    import neo4j.exceptions

    try:
        records, _, _ = driver.execute_query(load_cypher("load/settings"), database_=database, routing_="r")
    except neo4j.exceptions.ClientError:  # a user not allowed to see the settings: nothing to weigh against
        return wanted
    settings = {record["name"]: parse_bytes(record["value"]) for record in records}
    # what a batch may use of each limit: half of a transaction limit, a quarter of the heap
    usable = {name: value // (4 if name == "server.memory.heap.max_size" else 2)
              for name, value in settings.items() if value}  # 0 or unset: no limit of its own
    if not usable:
        return wanted
    name = min(usable, key=usable.get)
    fits = usable[name] // max(per_row, 1)
    if fits < SMALLEST_BATCH:
        needed = _readable(per_row * SMALLEST_BATCH * settings[name] // usable[name])
        raise StoreError(
            f"the server cannot hold a batch of this load: {SMALLEST_BATCH} of its largest records need about "
            f"{_readable(per_row * SMALLEST_BATCH)} of transaction memory, and {name} is "
            f"{_readable(settings[name])}, so nothing was written",
            hint=f"set {name} to at least {needed} in the server's configuration, then load again")
    return max(SMALLEST_BATCH, min(wanted, fits))


def _readable(size: int) -> str:
    """
    >>> _readable(3 * 1024**2), _readable(1536)
    ('3MiB', '2KiB')
    """
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor:
            return f"{-(-size // factor)}{unit}"
    return f"{size}B"
