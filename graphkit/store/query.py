"""Running one Cypher statement, read-only unless asked to write."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphkit.errors import QueryError

if TYPE_CHECKING:
    import neo4j

ACCESS_MODE = "Neo.ClientError.Statement.AccessMode"
"""The server's code for a write refused in a read-only transaction."""


@dataclass
class QueryResult:
    """The columns and rows of a query (driver values: nodes, relationships, paths, dates...)."""

    keys: list[str]
    records: list[tuple]
    truncated: bool = False  # more rows than `limit`


def refused_write(error: Exception) -> bool:
    """Whether a driver error is the server refusing a write in a read-only transaction."""
    return getattr(error, "code", None) == ACCESS_MODE


def run_query(driver: "neo4j.Driver", database: str | None, cypher: str, parameters: dict[str, Any] | None = None,
              *, write: bool = False, limit: int | None = None) -> QueryResult:
    """Run `cypher` (see `Store.query`)."""
    import neo4j

    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    with driver.session(database=database, default_access_mode=mode) as session:
        try:
            result = session.run(cypher, parameters or {})
            keys = list(result.keys())
            records = [tuple(record) for record in itertools.islice(result, limit)]
            truncated = limit is not None and result.peek() is not None
            result.consume()
        except neo4j.exceptions.ClientError as error:
            if refused_write(error):
                raise QueryError("This query writes to the database",
                                 hint="re-run with --write if you mean it") from error
            raise
    return QueryResult(keys, records, truncated)
