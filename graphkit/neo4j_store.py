"""Neo4j over Bolt: connect, describe the server, and explain failures in one line.

Everything goes through the official driver; nothing reads Neo4j's files. The driver is imported
inside functions so that importing graphkit stays instant. From a notebook:

    config = Neo4jConfig.from_env(uri="bolt://localhost:7687")
    with connect(config) as driver, translate_errors(config):
        print(server_info(driver, config.database))
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from graphkit.config import Neo4jConfig
from graphkit.cypher_files import load_cypher
from graphkit.model import Actor, Dataset, PartialDate, Relationship, Source, vocabulary

if TYPE_CHECKING:
    import neo4j

CONNECT_TIMEOUT = 5.0
"""Seconds to wait for a TCP connection, so that a server that is down fails fast."""

URI_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}

START_HINT = "Start it with `docker compose up -d` or `tools/neo4j-local/neo4j-local start`."


class Neo4jStoreError(Exception):
    """A Neo4j problem told in one line, with what to do about it."""


def connect(config: Neo4jConfig | None = None) -> "neo4j.Driver":
    """A driver that has reached the server and been accepted by it (close it when done)."""
    import neo4j

    # The driver logs routing failures and query notifications; unless the application set up
    # logging, they would reach stderr beside graphkit's own one-line message.
    logger = logging.getLogger("neo4j")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())
    config = config or Neo4jConfig.from_env()
    check_uri(config.uri)
    try:
        driver = neo4j.GraphDatabase.driver(
            config.uri, auth=config.auth, connection_timeout=CONNECT_TIMEOUT
        )
    except (ValueError, neo4j.exceptions.ConfigurationError) as error:
        raise Neo4jStoreError(_bad_uri(config.uri)) from error
    try:
        with translate_errors(config):
            driver.verify_connectivity()
    except ValueError as error:  # the driver's word for a host name it cannot resolve
        driver.close()
        raise Neo4jStoreError(
            f"Cannot reach Neo4j at {config.uri} ({_one_line(error)}). {START_HINT}"
        ) from error
    except BaseException:
        driver.close()
        raise
    return driver


def check_uri(uri: str) -> None:
    """Refuse, before any network traffic, a URI that is not one of Neo4j's Bolt URIs.

    >>> check_uri("neo4j+s://db.example.org:7687")
    >>> check_uri("http://localhost:7474")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphkit.neo4j_store.Neo4jStoreError: 'http://localhost:7474' is not a Neo4j URI. Use e.g. ...
    """
    try:
        parts = urlsplit(uri)
        parts.port  # raises ValueError for a port that is not a number
    except ValueError as error:
        raise Neo4jStoreError(_bad_uri(uri)) from error
    if parts.scheme not in URI_SCHEMES or not parts.hostname:
        raise Neo4jStoreError(_bad_uri(uri))


def _bad_uri(uri: str) -> str:
    return (
        f"{uri!r} is not a Neo4j URI. "
        "Use e.g. bolt://localhost:7687 or neo4j://host:7687 in NEO4J_URI / --uri."
    )


@contextlib.contextmanager
def translate_errors(config: Neo4jConfig) -> Iterator[None]:
    """Re-raise driver and server errors as `Neo4jStoreError`s that say what to do."""
    import neo4j.exceptions

    try:
        yield
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
        raise translate(error, config) from error


def translate(error: Exception, config: Neo4jConfig) -> Neo4jStoreError:
    """The one-line explanation of a driver or server error, for the user of `config`."""
    import neo4j.exceptions as errors

    where = f"Neo4j at {config.uri}"
    code = getattr(error, "code", None) or ""
    if isinstance(error, errors.AuthError) or code == "Neo.ClientError.Security.Unauthorized":
        if not config.password:
            return Neo4jStoreError(
                f"{where} requires a password for user '{config.user}'. "
                "Set NEO4J_PASSWORD (and NEO4J_USER if not 'neo4j')."
            )
        return Neo4jStoreError(
            f"{where} refused the credentials for user '{config.user}'. "
            "Check NEO4J_USER / NEO4J_PASSWORD."
        )
    if code == "Neo.ClientError.Security.AuthenticationRateLimit":
        return Neo4jStoreError(
            f"{where} locked out user '{config.user}' after repeated failed logins. "
            "Wait a few seconds, then check NEO4J_USER / NEO4J_PASSWORD."
        )
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return Neo4jStoreError(
            f"{where} has no database '{config.database}'. "
            "Check NEO4J_DATABASE / --database (Neo4j Community has only 'neo4j')."
        )
    if isinstance(error, errors.DatabaseUnavailable):
        return Neo4jStoreError(
            f"Database '{config.database}' at {config.uri} is not available (starting or stopped). "
            "Try again in a moment."
        )
    if isinstance(error, (errors.ServiceUnavailable, errors.SessionExpired)):
        return Neo4jStoreError(f"Cannot reach {where}. {START_HINT}")
    if code == "Neo.TransientError.General.MemoryPoolOutOfMemoryError":
        return Neo4jStoreError(
            f"{where} ran out of transaction memory ({_one_line(error.message)}). A dataset loads in "
            "one transaction: give Neo4j more (heap and db.memory.transaction.total.max; for "
            "tools/neo4j-local, NEO4J_LOCAL_HEAP=12g suits 100k actors and 500k relationships)."
        )
    if isinstance(error, errors.Neo4jError):
        return Neo4jStoreError(f"{where} reported {code or 'an error'}: {_one_line(error.message)}")
    return Neo4jStoreError(f"{where}: {_one_line(error)}")


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


def server_info(driver: "neo4j.Driver", database: str) -> ServerInfo:
    """The server's address, Neo4j version and edition, asked through `database` (must exist)."""
    records, _, _ = driver.execute_query(
        load_cypher("status/components"), database_=database, routing_="r"
    )
    version, edition = (records[0]["version"], records[0]["edition"]) if records else ("?", "?")
    address = str(driver.get_server_info().address)
    return ServerInfo(address=address, version=version, edition=edition)


@dataclass(frozen=True)
class DatasetCounts:
    """How much of one dataset is in the database."""

    dataset: str
    actors: int
    relationships: int
    sources: int
    version: str | None = None


def dataset_counts(driver: "neo4j.Driver", database: str) -> list[DatasetCounts]:
    """The datasets loaded in `database`, by name, with their counts."""
    records, _, _ = driver.execute_query(
        load_cypher("status/datasets"), database_=database, routing_="r"
    )
    return [DatasetCounts(**record.data()) for record in records]


@dataclass(frozen=True)
class Status:
    """What graphkit sees when it connects with a config: the `graphkit status` report."""

    config: Neo4jConfig
    server: ServerInfo
    datasets: list[DatasetCounts] = field(default_factory=list)


def status(config: Neo4jConfig | None = None) -> Status:
    """Connect, describe the server and list the datasets loaded in the configured database."""
    config = config or Neo4jConfig.from_env()
    with connect(config) as driver, translate_errors(config):
        return Status(
            config=config,
            server=server_info(driver, config.database),
            datasets=dataset_counts(driver, config.database),
        )


# --- targets ------------------------------------------------------------------------------------

@contextlib.contextmanager
def _connected(target: "Neo4jConfig | neo4j.Driver | None", database: str | None):
    """A driver and database for `target`: a config (connected here, errors explained) or a driver.

    With a driver, `database` None is the server's default database.
    """
    if target is None or isinstance(target, Neo4jConfig):
        config = target or Neo4jConfig.from_env()
        with connect(config) as driver, translate_errors(config):
            yield driver, database or config.database
    else:
        yield target, database


def apply_schema(driver: "neo4j.Driver", database: str | None = None) -> int:
    """Create graphkit's constraints and indexes where missing (`cypher/schema.cypher`).

    Returns how many were created; waits until new indexes are online.
    """
    from graphkit.cypher_files import statements

    created = 0
    with driver.session(database=database) as session:
        for statement in statements(load_cypher("schema")):
            counters = session.run(statement).consume().counters
            created += counters.indexes_added + counters.constraints_added
        if created:
            session.run(load_cypher("load/await_indexes")).consume()
    return created


# --- load -------------------------------------------------------------------------------------

BATCH_SIZE = 5000
"""Rows per UNWIND: big enough to amortise round trips, small enough to stream progress."""

OUTCOMES = ("created", "updated", "removed", "unchanged")


@dataclass
class LoadReport:
    """What a load did, per table (`actors`, `sources`, `relationships`) and outcome."""

    dataset: str
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {
        table: dict.fromkeys(OUTCOMES, 0) for table in ("actors", "sources", "relationships")
    })
    metadata: str = "unchanged"
    seconds: dict[str, float] = field(default_factory=dict)  # where the time went, by phase

    def total(self, outcome: str) -> int:
        return sum(table[outcome] for table in self.counts.values())

    @property
    def changed(self) -> bool:
        return self.metadata != "unchanged" or any(self.total(o) for o in ("created", "updated", "removed"))

    def __str__(self) -> str:
        """
        >>> report = LoadReport("demo")
        >>> report.counts["actors"]["created"] = 2
        >>> str(report)
        'demo: 2 created, 0 updated, 0 removed, 0 unchanged (actors 2/0/0/0, sources 0/0/0/0, relationships 0/0/0/0)'
        """
        totals = ", ".join(f"{self.total(outcome)} {outcome}" for outcome in OUTCOMES)
        tables = ", ".join(
            f"{table} " + "/".join(str(counts[o]) for o in OUTCOMES) for table, counts in self.counts.items()
        )
        metadata = ", dataset.yaml updated" if self.metadata == "updated" else ""
        return f"{self.dataset}: {totals}{metadata} ({tables})"


def _text(value) -> str | None:
    return str(value) if value is not None else None


def dataset_properties(dataset: Dataset) -> dict[str, Any]:
    """The properties of a dataset's (:Dataset) node."""
    return {"dataset": dataset.name, "title": dataset.title or None,
            "description": dataset.description or None, "license": dataset.license,
            "version": dataset.version}


def actor_properties(actor: Actor, dataset: str) -> dict[str, Any]:
    """The properties of an (:Actor) node: every field (None = absent), with DATE bounds of its dates.

    Neo4j stores no maps, so `identifiers` is JSON text; empty lists are left out.
    """
    return {
        "id": actor.id, "dataset": dataset, "kind": actor.kind, "name": actor.name,
        "aliases": list(actor.aliases) or None, "country": actor.country,
        "description": actor.description, "start": _text(actor.start), "end": _text(actor.end),
        "start_min": actor.start.earliest if actor.start else None,
        "end_max": actor.end.latest if actor.end else None,
        "identifiers": json.dumps(actor.identifiers, sort_keys=True, ensure_ascii=False)
        if actor.identifiers else None,
        "tags": list(actor.tags) or None,
    }


def source_properties(source: Source, dataset: str) -> dict[str, Any]:
    """The properties of a (:Source) node (None = absent)."""
    return {
        "id": source.id, "dataset": dataset, "title": source.title, "kind": source.kind,
        "publisher": source.publisher, "url": source.url, "published": _text(source.published),
        "published_min": source.published.earliest if source.published else None,
        "authors": list(source.authors) or None, "language": source.language,
        "accessed": _text(source.accessed), "description": source.description,
    }


@functools.lru_cache(maxsize=1 << 16)
def _bounds(date: PartialDate | None) -> tuple[Any, Any]:
    """A partial date's first and last day (cached: a large dataset repeats its dates)."""
    return (date.earliest, date.latest) if date is not None else (None, None)


def relationship_properties(rel: Relationship, dataset: Dataset, reported: Any = ...) -> dict[str, Any]:
    """The properties of a relationship (None = absent).

    Dates are kept as written (`date`, `start`, `end`, `reported`) and as Neo4j DATE bounds
    (`date_min`/`date_max`, `start_min`, `end_max`, `reported_min`, and `valid_from`/`valid_to`,
    the days it may hold on: see `graph.validity`). Citation i is `source_ids[i]`, `quotes[i]`,
    `locators[i]` ("" for none; `locators` is left out when no citation has one). `reported`
    may be given when known (`dataset.reported(rel)`).
    """
    if reported is ...:
        reported = dataset.reported(rel)
    # graph.validity's rule, on cached bounds rather than ISO text
    if rel.date is not None:
        valid_from, valid_to = _bounds(rel.date)
    else:
        start = rel.start or (reported if rel.end is None else None)
        valid_from, valid_to = _bounds(start)[0], _bounds(rel.end)[1]
    citations = rel.citations
    locators = [citation.locator or "" for citation in citations]
    return {
        "id": rel.id, "dataset": dataset.name, "directed": vocabulary().relationship_types[rel.type].directed,
        "status": rel.status, "date": _text(rel.date), "start": _text(rel.start),
        "end": _text(rel.end), "reported": _text(reported),
        "date_min": _bounds(rel.date)[0], "date_max": _bounds(rel.date)[1],
        "start_min": _bounds(rel.start)[0], "end_max": _bounds(rel.end)[1],
        "reported_min": _bounds(reported)[0],
        "valid_from": valid_from, "valid_to": valid_to,
        "source_ids": [citation.source for citation in citations],
        "quotes": [citation.quote for citation in citations],
        "locators": locators if any(locators) else None,
        "role": rel.role, "amount": rel.amount, "currency": rel.currency, "place": rel.place,
        "description": rel.description,
    }


def _check_vocabulary(dataset: Dataset) -> None:
    """Refuse kinds and types that are not in the vocabulary: only those reach labels and types."""
    vocab = vocabulary()
    for actor in dataset.actors.values():
        if actor.kind not in vocab.actor_kinds:
            raise ValueError(f"{dataset.name}: actor {actor.id!r}: kind {actor.kind!r} is not in the vocabulary")
    for rel in dataset.relationships.values():
        if rel.type not in vocab.relationship_types:
            raise ValueError(f"{dataset.name}: relationship {rel.id!r}: type {rel.type!r} is not in the vocabulary")


def load(
    target: "Neo4jConfig | neo4j.Driver | None",
    dataset: Dataset,
    *,
    replace: bool = False,
    database: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Write a dataset into Neo4j in one transaction: all of it, or (on any failure) nothing.

    Idempotent: records are matched on (dataset, id); unchanged ones are not written, changed
    ones are updated in place, so loading the same files twice changes nothing. With `replace`,
    the dataset's records that the files no longer hold are deleted too; other datasets are never
    touched. `progress(n)` is called as records are written or compared, `total_rows(dataset)`
    in all (deletions and CITES links are not counted). `report.seconds` says where the time
    went. Validate first (`datasets.read_dataset`): this writes what it is given.

        report = load(Neo4jConfig.from_env(), read_dataset("seed/malaysia-palestine"))
    """
    _check_vocabulary(dataset)
    with _connected(target, database) as (driver, database):
        apply_schema(driver, database)
        with driver.session(database=database) as session:
            with session.begin_transaction() as tx:
                report = _load(tx, dataset, replace, batch_size, progress or (lambda n: None))
                started = time.perf_counter()
                tx.commit()
                report.seconds["commit"] = time.perf_counter() - started
    return report


def total_rows(dataset: Dataset) -> int:
    """How many records a load of `dataset` writes or compares: what `progress` counts up to."""
    return len(dataset.actors) + len(dataset.sources) + len(dataset.relationships)


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    """`rows` in lists of `size`, made in a background thread while the caller sends the previous
    one: preparing a large dataset's rows then overlaps the server's work on them."""
    import queue
    import threading

    ready: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()
    done = object()

    def put(item) -> None:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def produce() -> None:
        try:
            rows_iter = iter(rows)
            while not stop.is_set():
                batch = list(itertools.islice(rows_iter, size))
                if not batch:
                    break
                put(batch)
            put(done)
        except BaseException as error:  # handed to the consumer, which raises it
            put(error)

    threading.Thread(target=produce, name="graphkit-load-rows", daemon=True).start()
    try:
        while (item := ready.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


def _write(tx, name: str, rows: Iterable, size: int, progress=None, key: str = "rows", **parameters) -> int:
    """Run `cypher/load/<name>` over `rows` in batches; the sum of the counts it returns."""
    query = load_cypher(f"load/{name}")
    done = 0
    for batch in _batches(rows, size):
        done += tx.run(query, {key: batch, **parameters}).single()["count"]
        if progress is not None:
            progress(len(batch))
    return done


def _compact(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if value is not None}


def _load(tx, dataset: Dataset, replace: bool, size: int, progress) -> LoadReport:
    """The load, in `tx`: read what the database holds of the dataset, then write the difference."""
    from concurrent.futures import ThreadPoolExecutor

    name, rels = dataset.name, dataset.relationships
    report = LoadReport(name)
    clock = [time.perf_counter()]

    def lap(phase: str) -> None:
        clock.append(time.perf_counter())
        report.seconds[phase] = clock[-1] - clock[-2]

    with ThreadPoolExecutor(max_workers=1) as background:
        cited = background.submit(citation_links, rels.items())  # meanwhile, the rest
        report.metadata = tx.run(load_cypher("load/dataset"), props=dataset_properties(dataset)).single()["outcome"]

        def existing(query: str) -> list[list]:
            return tx.run(load_cypher(f"load/{query}"), dataset=name).single()["rows"]

        old_actors = dict(existing("existing_actors"))
        old_sources = dict(existing("existing_sources"))
        old_rels = {rel_id: {"element": element, "type": type_, "from": source, "to": target, "sources": cited_by}
                    for rel_id, element, type_, source, target, cited_by in existing("existing_relationships")}
        old_cites = {(source, actor): {"element": element, "relationships": ids}
                     for source, actor, element, ids in existing("existing_citations")}

        lap("read")
        # First out: relationships gone from the files (with --replace), and those that moved to
        # another type or other ends (a relationship's type and ends cannot change in place).
        moved = {rel_id for rel_id, old in old_rels.items() if rel_id in rels
                 and (old["type"], old["from"], old["to"]) != (rels[rel_id].type, rels[rel_id].source, rels[rel_id].target)}
        gone = [rel_id for rel_id in old_rels if rel_id not in rels] if replace else []
        _write(tx, "delete_relationships", [old_rels[i]["element"] for i in [*moved, *gone]], size, key="elements")
        report.counts["relationships"]["removed"] = len(gone)
        if replace:
            for table, old, new in (("actors", old_actors, dataset.actors), ("sources", old_sources, dataset.sources)):
                elements = [element for key, element in old.items() if key not in new]
                report.counts[table]["removed"] = _write(tx, "delete_nodes", elements, size, key="elements")

        lap("delete")
        kinds = list(vocabulary().actor_kinds)
        for table, records, old, props in (
            ("sources", dataset.sources, old_sources, source_properties),
            ("actors", dataset.actors, old_actors, actor_properties),
        ):
            labels = (lambda record: {"kind": record.kind}) if table == "actors" else (lambda record: {})
            new_rows = [{"props": _compact(props(record, name)), **labels(record)}
                        for key, record in records.items() if key not in old]
            old_rows = [{"props": props(record, name), **labels(record), "element": old[key]}
                        for key, record in records.items() if key in old]
            counts = report.counts[table]
            counts["created"] = _write(tx, f"create_{table}", new_rows, size, progress)
            counts["updated"] = _write(tx, f"update_{table}", old_rows, size, progress, kinds=kinds)
            counts["unchanged"] = len(old_rows) - counts["updated"]

        lap("actors and sources")
        known: dict[tuple, Any] = {}

        def reported(rel: Relationship):  # the same sources, the same report date
            key = tuple(rel.source_ids)
            if key not in known:
                known[key] = dataset.reported(rel)
            return known[key]

        fresh = [rel for rel_id, rel in rels.items() if rel_id not in old_rels or rel_id in moved]
        created = _write(tx, "create_relationships", (
            {"from": rel.source, "to": rel.target, "type": rel.type,
             "props": _compact(relationship_properties(rel, dataset, reported(rel)))}
            for rel in fresh), size, progress, dataset=name)
        if created != len(fresh):  # only if an end is missing: the dataset was not validated
            raise ValueError(f"{name}: {len(fresh) - created} relationship(s) have an end that is not an actor")
        kept = [rel for rel_id, rel in rels.items() if rel_id in old_rels and rel_id not in moved]
        updated = _write(tx, "update_relationships", (
            {"element": old_rels[rel.id]["element"],
             "props": relationship_properties(rel, dataset, reported(rel))}
            for rel in kept), size, progress)
        report.counts["relationships"].update(
            created=created - len(moved), updated=updated + len(moved), unchanged=len(kept) - updated)

        lap("relationships")
        wanted = cited.result()
    if not replace:  # relationships the files no longer hold stay, and so do their citations
        wanted = citation_links(((rel_id, old) for rel_id, old in old_rels.items() if rel_id not in rels), wanted)
    _write(tx, "delete_relationships", [old["element"] for pair, old in old_cites.items() if pair not in wanted],
           size, key="elements")
    _write(tx, "update_citations", [
        {"element": old_cites[pair]["element"], "relationships": ids}
        for pair, ids in wanted.items() if pair in old_cites and old_cites[pair]["relationships"] != ids], size)
    _write(tx, "create_citations", [
        {"source": source, "actor": actor, "relationships": ids}
        for (source, actor), ids in wanted.items() if (source, actor) not in old_cites], size, dataset=name)
    lap("citations")
    return report


def citation_links(rels, into: dict | None = None) -> dict[tuple[str, str], list[str]]:
    """Which relationships each (source, actor) pair's CITES link names: those of the actor that
    the source supports, sorted. `rels` yields (id, Relationship) or (id, existing-row) pairs."""
    cited: dict[tuple[str, str], set[str]] = {pair: set(ids) for pair, ids in (into or {}).items()}
    for rel_id, rel in rels:
        ends, sources = ((rel.source, rel.target), rel.source_ids) if isinstance(rel, Relationship) else \
            ((rel["from"], rel["to"]), rel["sources"] or ())
        for source in set(sources):
            for actor in ends:
                cited.setdefault((source, actor), set()).add(rel_id)
    return {pair: sorted(ids) for pair, ids in cited.items()}


def delete_dataset(target: "Neo4jConfig | neo4j.Driver | None", name: str, *, database: str | None = None) -> int:
    """Delete one dataset from the database in one transaction; returns how many nodes went."""
    with _connected(target, database) as (driver, database):
        records, _, _ = driver.execute_query(load_cypher("load/delete_dataset"), dataset=name, database_=database)
    return records[0]["count"]


# --- query ------------------------------------------------------------------------------------

WRITE_REFUSED = "This query writes to the database; re-run with --write if you mean it."


@dataclass
class QueryResult:
    """The columns and rows of a query (driver values: nodes, relationships, paths, dates...)."""

    keys: list[str]
    records: list[tuple]
    truncated: bool = False  # more rows than `limit`


def run_query(
    target: "Neo4jConfig | neo4j.Driver | None",
    cypher: str,
    parameters: dict[str, Any] | None = None,
    *,
    write: bool = False,
    limit: int | None = None,
    database: str | None = None,
) -> QueryResult:
    """Run one Cypher statement, read-only unless `write`; at most `limit` rows are fetched.

    A query that writes in read-only mode raises `Neo4jStoreError(WRITE_REFUSED)`: the server
    itself refuses it, so nothing is written.
    """
    import itertools

    import neo4j

    with _connected(target, database) as (driver, database):
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        with driver.session(database=database, default_access_mode=mode) as session:
            try:
                result = session.run(cypher, parameters or {})
                keys = list(result.keys())
                records = [tuple(record) for record in itertools.islice(result, limit)]
                truncated = limit is not None and result.peek() is not None
                result.consume()
            except neo4j.exceptions.ClientError as error:
                if error.code == "Neo.ClientError.Statement.AccessMode":
                    raise Neo4jStoreError(WRITE_REFUSED) from error
                raise
    return QueryResult(keys, records, truncated)


# --- read back ----------------------------------------------------------------------------------

_NODE_INTERNAL = {"id", "start_min", "end_max"}
_EDGE_INTERNAL = {"date_min", "date_max", "start_min", "end_max", "reported_min", "source_ids", "quotes", "locators"}
_SOURCE_INTERNAL = {"dataset", "published_min"}


def plain(value: Any) -> Any:
    """A property value as the graph form holds it: Neo4j dates and times as ISO text.

    >>> import neo4j.time
    >>> plain([neo4j.time.Date(2023, 10, 1)]), plain(None)
    (['2023-10-01'], None)
    """
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def actor_attributes(props: dict[str, Any], labels=()) -> dict[str, Any]:
    """The node attributes of an actor (as `graph.dataset_to_graph` gives them) from its properties.

    Properties graphkit does not own (e.g. stored centrality scores) come along; its derived
    ones (date bounds) do not.
    """
    kinds = vocabulary().actor_kinds
    kind = props.get("kind") or next((label for label in labels if label in kinds), None)
    attrs = {
        "kind": kind, "name": props.get("name") or props.get("id"),
        "aliases": list(props.get("aliases") or []), "country": props.get("country"),
        "description": props.get("description"), "start": props.get("start"), "end": props.get("end"),
        "identifiers": json.loads(props["identifiers"]) if props.get("identifiers") else {},
        "tags": list(props.get("tags") or []), "dataset": props.get("dataset"),
    }
    attrs.update((key, plain(value)) for key, value in props.items() if key not in attrs and key not in _NODE_INTERNAL)
    return attrs


def relationship_attributes(type_: str, props: dict[str, Any], source_key=lambda source: source) -> dict[str, Any]:
    """The edge attributes of a relationship (as `graph.dataset_to_graph` gives them) from its type and properties."""
    types = vocabulary().relationship_types
    sources, quotes = props.get("source_ids") or [], props.get("quotes") or []
    locators = props.get("locators") or [""] * len(sources)
    directed = props.get("directed")
    attrs = {
        "id": props.get("id"), "type": type_,
        "directed": (types[type_].directed if type_ in types else True) if directed is None else directed,
        "status": props.get("status") or "reported",
        "date": props.get("date"), "start": props.get("start"), "end": props.get("end"),
        "reported": props.get("reported"),
        "valid_from": plain(props.get("valid_from")), "valid_to": plain(props.get("valid_to")),
        "citations": [{"source": source_key(s), "quote": q, "locator": loc or None}
                      for s, q, loc in zip(sources, quotes, locators)],
        "role": props.get("role"), "amount": props.get("amount"), "currency": props.get("currency"),
        "place": props.get("place"), "description": props.get("description"), "dataset": props.get("dataset"),
    }
    attrs.update((key, plain(value)) for key, value in props.items() if key not in attrs and key not in _EDGE_INTERNAL)
    return attrs


def source_attributes(props: dict[str, Any]) -> dict[str, Any]:
    """A source as plain data (`graph.source_record`'s form) from its properties."""
    record = {
        "id": props.get("id"), "title": props.get("title"), "kind": props.get("kind") or "other",
        "publisher": props.get("publisher"), "url": props.get("url"), "published": props.get("published"),
        "authors": list(props.get("authors") or []), "language": props.get("language"),
        "accessed": props.get("accessed"), "description": props.get("description"),
    }
    record.update((key, plain(value)) for key, value in props.items() if key not in record and key not in _SOURCE_INTERNAL)
    return record


QUALIFIED = "dataset:id"
"""The `keys` graph attribute of a graph whose actors and sources are keyed "dataset:id"."""


class _Keys:
    """Graph keys for actors and sources: their ids, or "dataset:id" when several datasets meet."""

    def __init__(self, datasets):
        self.qualified = len(set(datasets)) > 1

    def __call__(self, dataset: str | None, key: str) -> str:
        return f"{dataset}:{key}" if self.qualified else key


def read_graph(
    target: "Neo4jConfig | neo4j.Driver | None",
    *,
    dataset: str | None = None,
    cypher: str | None = None,
    parameters: dict[str, Any] | None = None,
    database: str | None = None,
) -> "nx.MultiDiGraph":
    """Read a graph back from Neo4j, in the form `graph.dataset_to_graph` builds from files.

    - `dataset`: that whole dataset (an error if it is not loaded);
    - `cypher` (with `parameters`): the actors, relationships and paths the query returns,
      read-only; relationships among the actors carry their citations; a relationship whose end
      nodes the query did not return brings them along; the `sources` graph attribute holds the
      sources returned or cited;
    - neither: every dataset in the database.

    Node keys are actor ids; when the graph holds several datasets they are "dataset:id" (ids
    are unique only within a dataset), and so are source ids in `sources` and citations, and the
    graph attribute `keys` says so (`QUALIFIED`).
    """
    import neo4j

    with _connected(target, database) as (driver, database):
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
            try:
                if cypher is not None:
                    return session.execute_read(_read_cypher, cypher, parameters or {})
                return session.execute_read(_read_datasets, dataset)
            except neo4j.exceptions.ClientError as error:
                if error.code == "Neo.ClientError.Statement.AccessMode":
                    raise Neo4jStoreError("This query writes to the database; a graph is read with a read-only query.") from error
                raise


def _graph(tx, datasets: list[str]):
    import networkx as nx

    if len(datasets) == 1:
        record = tx.run(load_cypher("read/dataset"), dataset=datasets[0]).single()
        props = record["props"] if record else {}
        return nx.MultiDiGraph(
            name=datasets[0], title=props.get("title") or "", description=props.get("description") or "",
            license=props.get("license"), version=props.get("version"), sources={},
        )
    graph = nx.MultiDiGraph(name="+".join(datasets) or "neo4j", title="", description="",
                            license=None, version=None, sources={})
    if len(datasets) > 1:
        graph.graph["keys"] = QUALIFIED
    return graph


def _read_datasets(tx, dataset: str | None):
    names = [record["dataset"] for record in tx.run(load_cypher("read/datasets"))]
    if dataset is not None:
        if dataset not in names:
            loaded = ", ".join(names) or "none"
            raise Neo4jStoreError(f"No dataset {dataset!r} in the database (loaded: {loaded}). Load it with `graphkit load`.")
        names = [dataset]
    graph = _graph(tx, names)
    key = _Keys(names)
    for name in names:
        for record in tx.run(load_cypher("read/sources"), dataset=name, ids=None):
            source = source_attributes(record["props"])
            graph.graph["sources"][key(name, source["id"])] = {**source, "id": key(name, source["id"])}
        edges = []
        for actor_id, labels, props, out in tx.run(load_cypher("read/actors"), dataset=name):
            graph.add_node(key(name, actor_id), **actor_attributes(props, labels))
            edges.extend((actor_id, target, type_, rel) for target, type_, rel in out)
        for source, target, type_, props in edges:
            attrs = relationship_attributes(type_, props, lambda s: key(name, s))
            graph.add_edge(key(name, source), key(name, target), key=attrs["id"], **attrs)
    return graph


def _read_cypher(tx, cypher: str, parameters: dict[str, Any]):
    result = tx.run(cypher, parameters)
    found = result.graph()
    rows = len(list(result))
    nodes = {node.element_id: node for node in found.nodes}
    relationships = list(found.relationships)
    if rows and not nodes and not relationships:
        raise Neo4jStoreError(
            "The query returned no nodes, relationships or paths to build a graph from; "
            "return them, e.g. MATCH (a:Actor)-[r]->(b:Actor) RETURN a, r, b.")
    bare = [element for element, node in nodes.items() if not node.labels]
    if bare:  # ends of relationships whose nodes the query did not return
        for record in tx.run(load_cypher("read/nodes"), elements=bare):
            nodes[record["n"].element_id] = record["n"]
    actors = {element: node for element, node in nodes.items() if "Actor" in node.labels}
    sources = [node for node in nodes.values() if "Source" in node.labels]
    datasets = sorted({node.get("dataset") for node in actors.values()} | {node.get("dataset") for node in sources} - {None})
    graph = _graph(tx, datasets)
    key = _Keys(datasets)
    names = {}
    for element, node in nodes.items():
        if "Actor" in node.labels:
            names[element] = key(node.get("dataset"), node.get("id"))
            graph.add_node(names[element], **actor_attributes(dict(node), node.labels))
        elif not node.labels & {"Source", "Dataset"}:
            names[element] = str(node.get("id") or element)
            graph.add_node(names[element], **{**{k: plain(v) for k, v in node.items()},
                                              **actor_attributes(dict(node), node.labels)})
    cited: dict[str | None, set[str]] = {}
    for rel in relationships:
        start, end = rel.start_node.element_id, rel.end_node.element_id
        if rel.type == "CITES" or start not in names or end not in names:
            continue
        dataset = rel.get("dataset")
        attrs = relationship_attributes(rel.type, dict(rel), lambda s, d=dataset: key(d, s))
        attrs["id"] = attrs["id"] or rel.element_id
        graph.add_edge(names[start], names[end], key=attrs["id"], **attrs)
        cited.setdefault(dataset, set()).update(rel.get("source_ids") or ())
    for node in sources:
        cited.get(node.get("dataset"), set()).discard(node.get("id"))
        source = source_attributes(dict(node))
        graph.graph["sources"][key(node.get("dataset"), source["id"])] = {**source, "id": key(node.get("dataset"), source["id"])}
    for dataset, ids in cited.items():
        if dataset is None or not ids:
            continue
        for record in tx.run(load_cypher("read/sources"), dataset=dataset, ids=sorted(ids)):
            source = source_attributes(record["props"])
            graph.graph["sources"][key(dataset, source["id"])] = {**source, "id": key(dataset, source["id"])}
    return graph


# --- scores -------------------------------------------------------------------------------------

def score_property(measure: str, *, as_of: Any = None, between: tuple[Any, Any] | None = None) -> str:
    """The Actor property that stores a measure's scores for a time slice.

    >>> score_property("pagerank"), score_property("pagerank", as_of="2023-10-31")
    ('centrality_pagerank', 'centrality_pagerank_asof_2023_10_31')
    >>> score_property("betweenness", between=("2023", "2024-06"))
    'centrality_betweenness_between_2023_2024_06'
    """
    import re

    parts = ["centrality", measure]
    if as_of is not None:
        parts += ["asof", str(as_of)]
    if between is not None:
        parts += ["between", str(between[0]), str(between[1])]
    return re.sub(r"[^a-z0-9]+", "_", "_".join(parts).lower()).strip("_")


def write_scores(
    target: "Neo4jConfig | neo4j.Driver | None",
    graph: "nx.MultiDiGraph",
    scores: dict[str, float],
    *,
    property: str,
    database: str | None = None,
) -> int:
    """Store the scores of `graph`'s actors (a graph from `read_graph`) on their (:Actor) nodes.

    One transaction; returns how many actors got a score. The property is first removed from
    every actor of the datasets concerned, so that it holds exactly this run's scores (an actor
    outside a time slice has none). graphkit's loads leave such properties alone.

        write_scores(config, graph, nx.pagerank(graph), property=score_property("pagerank"))
    """
    import re

    own = set(actor_properties(Actor("", "", ""), "")) | _NODE_INTERNAL
    if not re.fullmatch(r"[a-z][a-z0-9_]*", property) or property in own:
        raise ValueError(f"{property!r} cannot hold scores: use lower-case letters, digits and _, "
                         "and not one of graphkit's own properties")
    rows: dict[str, list] = {}
    for key, value in scores.items():
        dataset = graph.nodes[key].get("dataset")
        if dataset is None:
            continue  # not an actor read from Neo4j
        actor = key[len(dataset) + 1:] if graph.graph.get("keys") == QUALIFIED else key
        rows.setdefault(dataset, []).append({"id": actor, "props": {property: value}})
    with _connected(target, database) as (driver, database):
        with driver.session(database=database) as session:
            return session.execute_write(_write_scores, rows, property)


def _write_scores(tx, rows: dict[str, list], property: str) -> int:
    written = 0
    for dataset, batch in rows.items():
        tx.run(load_cypher("scores/clear"), dataset=dataset, props={property: None}).consume()
        written += tx.run(load_cypher("scores/write"), dataset=dataset, rows=batch).single()["count"]
    return written
