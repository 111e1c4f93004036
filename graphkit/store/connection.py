"""Reaching Neo4j over Bolt, describing the server, and telling every failure in one line.

Everything goes through the official driver; nothing reads Neo4j's files. The driver is imported
inside functions so that importing graphkit stays instant. Every driver or server error becomes a
`StoreError` with a hint (`translate`); `Store` wraps each of its methods in `translate_errors`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from graphkit.errors import StoreError
from graphkit.store.config import Neo4jConfig
from graphkit.store.cypher import load_cypher

if TYPE_CHECKING:
    import neo4j

CONNECT_TIMEOUT = 5.0
"""Seconds to wait for a TCP connection, so that a server that is down fails fast."""

URI_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}

START_HINT = "start it with `docker compose up -d` or `tools/neo4j-local/neo4j-local start`"
CREDENTIALS_HINT = "check NEO4J_USER / NEO4J_PASSWORD"


def connect(config: Neo4jConfig) -> "neo4j.Driver":
    """A driver that has reached the server and been accepted by it (close it when done)."""
    import neo4j

    # The driver logs routing failures and query notifications; unless the application set up
    # logging, they would reach stderr beside graphkit's own one-line message.
    logger = logging.getLogger("neo4j")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())
    check_uri(config.uri)
    try:
        driver = neo4j.GraphDatabase.driver(config.uri, auth=config.auth, connection_timeout=CONNECT_TIMEOUT)
    except (ValueError, neo4j.exceptions.ConfigurationError) as error:
        raise _bad_uri(config.uri) from error
    try:
        with translate_errors(config):
            driver.verify_connectivity()
    except ValueError as error:  # the driver's word for a host name it cannot resolve
        driver.close()
        raise StoreError(f"Cannot reach Neo4j at {config.uri} ({_one_line(error)})", hint=START_HINT) from error
    except BaseException:
        driver.close()
        raise
    return driver


def check_uri(uri: str) -> None:
    """Refuse, before any network traffic, a URI that is not one of Neo4j's Bolt URIs.

    >>> check_uri("neo4j+s://db.example.org:7687")
    >>> check_uri("http://localhost:7474")
    Traceback (most recent call last):
    ...
    graphkit.errors.StoreError: 'http://localhost:7474' is not a Neo4j URI
    """
    try:
        parts = urlsplit(uri)
        parts.port  # raises ValueError for a port that is not a number
    except ValueError as error:
        raise _bad_uri(uri) from error
    if parts.scheme not in URI_SCHEMES or not parts.hostname:
        raise _bad_uri(uri)


def _bad_uri(uri: str) -> StoreError:
    return StoreError(f"{uri!r} is not a Neo4j URI",
                      hint="use e.g. bolt://localhost:7687 or neo4j://host:7687 in NEO4J_URI / --uri")


@contextlib.contextmanager
def translate_errors(config: Neo4jConfig) -> Iterator[None]:
    """Re-raise driver and server errors as `StoreError`s that say what to do."""
    import neo4j.exceptions

    try:
        yield
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
        raise translate(error, config) from error


def translate(error: Exception, config: Neo4jConfig) -> StoreError:
    """The one-line explanation of a driver or server error, for the user of `config`.

    >>> import neo4j.exceptions
    >>> error = translate(neo4j.exceptions.ServiceUnavailable("connection lost"), Neo4jConfig())
    >>> str(error), error.hint
    ('Cannot reach Neo4j at bolt://localhost:7687', 'start it with `docker compose up -d` or `tools/neo4j-local/neo4j-local start`')
    """
    import neo4j.exceptions as errors

    where = f"Neo4j at {config.uri}"
    code = getattr(error, "code", None) or ""
    if isinstance(error, errors.AuthError) or code == "Neo.ClientError.Security.Unauthorized":
        if not config.password:
            return StoreError(f"{where} requires a password for user '{config.user}'",
                              hint="set NEO4J_PASSWORD (and NEO4J_USER if not 'neo4j')")
        return StoreError(f"{where} refused the credentials for user '{config.user}'", hint=CREDENTIALS_HINT)
    if code == "Neo.ClientError.Security.AuthenticationRateLimit":
        return StoreError(f"{where} locked out user '{config.user}' after repeated failed logins",
                          hint=f"wait a few seconds, then {CREDENTIALS_HINT}")
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return StoreError(f"{where} has no database '{config.database}'",
                          hint="check NEO4J_DATABASE / --database (Neo4j Community has only 'neo4j')")
    if isinstance(error, errors.DatabaseUnavailable):
        return StoreError(f"Database '{config.database}' at {config.uri} is not available (starting or stopped)",
                          hint="try again in a moment")
    if isinstance(error, (errors.ServiceUnavailable, errors.SessionExpired)):
        return StoreError(f"Cannot reach {where}", hint=START_HINT)
    if code == "Neo.TransientError.General.MemoryPoolOutOfMemoryError":
        return StoreError(
            f"{where} ran out of transaction memory ({_one_line(error.message)})",
            hint="a dataset loads in one transaction: give Neo4j more (heap and db.memory.transaction.total.max; "
                 "for tools/neo4j-local, NEO4J_LOCAL_HEAP=12g suits 100k actors and 500k relationships)")
    if isinstance(error, errors.Neo4jError):
        return StoreError(f"{where} reported {code or 'an error'}: {_one_line(error.message)}")
    return StoreError(f"{where}: {_one_line(error)}")


def _one_line(text: Any) -> str:
    """
    >>> _one_line("Invalid input 'X':\\n  expected MATCH")
    "Invalid input 'X': expected MATCH"
    """
    return " ".join(str(text).split())


@dataclass(frozen=True)
class ServerInfo:
    """What answers at the other end of the connection."""

    address: str
    version: str
    edition: str


@dataclass(frozen=True)
class DatasetCounts:
    """How much of one dataset is in the database."""

    dataset: str
    actors: int
    relationships: int
    sources: int
    version: str | None = None


@dataclass(frozen=True)
class Status:
    """What graphkit sees when it connects: the `graphkit status` report."""

    config: Neo4jConfig
    server: ServerInfo
    datasets: list[DatasetCounts] = field(default_factory=list)


def server_info(driver: "neo4j.Driver", database: str | None) -> ServerInfo:
    """The server's address, Neo4j version and edition, asked through `database` (must exist)."""
    records, _, _ = driver.execute_query(load_cypher("status/components"), database_=database, routing_="r")
    version, edition = (records[0]["version"], records[0]["edition"]) if records else ("?", "?")
    return ServerInfo(address=str(driver.get_server_info().address), version=version, edition=edition)


def dataset_counts(driver: "neo4j.Driver", database: str | None) -> list[DatasetCounts]:
    """The datasets loaded in `database`, by name, with their counts."""
    records, _, _ = driver.execute_query(load_cypher("status/datasets"), database_=database, routing_="r")
    return [DatasetCounts(**record.data()) for record in records]
