"""Named Cypher queries: each lives in `cypher/<name>.cypher` at the top of the repository.

Keeping Cypher in files (never in f-strings) keeps it readable, reviewable and parameterised:
values always travel as `$parameters`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"
_NAME = re.compile(r"^[a-z0-9_]+(?:/[a-z0-9_]+)*$")


@functools.cache
def load_cypher(name: str) -> str:
    """The text of the named query, e.g. `status/datasets` for `cypher/status/datasets.cypher`.

    >>> load_cypher("status/components").splitlines()[0].startswith("//")
    True
    >>> load_cypher("status/nope")
    Traceback (most recent call last):
    ...
    LookupError: no Cypher query named 'status/nope' (expected cypher/status/nope.cypher)
    """
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a query name like 'status/datasets'")
    path = CYPHER_DIR / f"{name}.cypher"
    if not path.is_file():
        raise LookupError(f"no Cypher query named {name!r} (expected cypher/{name}.cypher)")
    return path.read_text(encoding="utf-8")
