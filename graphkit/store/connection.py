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
CREDENTIALS_HINT = "check NEO4J_USER / NEO4J_PASSWORD (or the user:password@ part of the URI)"


def connect(config: Neo4jConfig) -> "neo4j.Driver":
    """A driver that has reached the server and been accepted by it (close it when done)."""
    import neo4j

    # The driver logs routing failures and query notifications; unless the application set up
    # logging, they would reach stderr beside graphkit's own one-line message.
    logger = logging.getLogger("neo4j")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())
    check_uri(config.uri)
    check_database(config.database)
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


def check_database(database: str | None) -> None:
    """Refuse Neo4j's administration database before any statement: it holds users, roles and
    databases, never graphkit's data, and answers every query with a raw SemanticError.

    >>> check_database("neo4j")
    >>> check_database("SYSTEM")
    Traceback (most recent call last):
    ...
    graphkit.errors.StoreError: 'SYSTEM' is Neo4j's administration database (users, roles, databases): it cannot hold graphkit's data
    """
    if (database or "").casefold() == "system":
        raise StoreError(f"{database!r} {SYSTEM_DATABASE}", hint=SYSTEM_HINT)


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
        tls = _tls_failure(error)
        if tls is not None and "+s" in config.uri.split("://")[0]:
            return StoreError(f"{where} answers, but not over TLS as the URI asks: a TLS problem, not a server "
                              f"that is down ({tls})", hint=TLS_HINT)
        return StoreError(f"Cannot reach {where}", hint=START_HINT)
    if code == "Neo.TransientError.General.MemoryPoolOutOfMemoryError":
        return StoreError(
            f"{where} ran out of transaction memory ({_one_line(error.message)})",
            hint="a load writes in batches: load again with a smaller --batch-size (GRAPHKIT_LOAD_BATCH), or give "
                 "Neo4j more (heap, db.memory.transaction.total.max)")
    if isinstance(error, errors.Neo4jError) and (config.database or "").casefold() == "system":
        return StoreError(f"'system' {SYSTEM_DATABASE} ({code or 'an error'})", hint=SYSTEM_HINT)
    if isinstance(error, errors.Neo4jError) and "org.apache.lucene.queryparser" in (error.message or ""):
        return StoreError(f"the full-text search text is not valid Lucene syntax ({_lucene_detail(error.message)})",
                          hint=LUCENE_HINT)
    if isinstance(error, errors.Neo4jError):
        return StoreError(f"{where} reported {code or 'an error'}: {_one_line(error.message)}")
    return StoreError(f"{where}: {_one_line(error)}")


SYSTEM_DATABASE = "is Neo4j's administration database (users, roles, databases): it cannot hold graphkit's data"
SYSTEM_HINT = "set NEO4J_DATABASE / --database to a data database, e.g. neo4j"
TLS_HINT = ("for a server without TLS use bolt:// or neo4j://; for one with a self-signed certificate, "
            "bolt+ssc:// or neo4j+ssc://")
LUCENE_HINT = ('in full-text search + - && || ! ( ) { } [ ] ^ " ~ * ? : \\ / are syntax: put a \\ before '
               "such a character to look for it as it is (e.g. --param 'text=\\['), and close quotes and brackets")


def _tls_failure(error: BaseException) -> str | None:
    """What went wrong with TLS if that is why a connection failed (a TLS handshake with a
    server that speaks none, or a certificate refused), else None. The driver wraps the
    `ssl` error in its own, or in a group of them when routing.

    >>> import ssl, neo4j.exceptions
    >>> error = neo4j.exceptions.ServiceUnavailable("Couldn't connect")
    >>> error.__cause__ = ssl.SSLEOFError(8, "EOF occurred in violation of protocol")
    >>> _tls_failure(error), _tls_failure(neo4j.exceptions.ServiceUnavailable("connection refused"))
    ('EOF occurred in violation of protocol', None)
    """
    import ssl

    seen, pending = set(), [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            return _one_line(current.strerror or current.reason or current)
        if type(current).__name__ == "BoltSecurityError" and current.__cause__ is None:
            return "the TLS handshake failed"
        pending.extend([current.__cause__, current.__context__, *getattr(current, "exceptions", ())])
    return None


def _lucene_detail(message: str) -> str:
    """The useful part of a Lucene parse error: what it met and where.

    >>> _lucene_detail('Failed to invoke procedure: Caused by: org.apache.lucene.queryparser.classic.'
    ...                'ParseException: Encountered "<EOF>" at line 1, column 1. Was expecting one of: "TO" ...')
    'Encountered "<EOF>" at line 1, column 1'
    """
    detail = _one_line(message).rsplit("Exception: ", 1)[-1].rsplit("Error: ", 1)[-1]
    return detail.split(". Was expecting")[0].rstrip(".")


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
    records, _, _ = driver.execute_query(load_cypher("status/datasets"), dataset=None, database_=database,
                                         routing_="r")
    return [DatasetCounts(**record.data()) for record in records]
