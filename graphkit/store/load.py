"""Writing a dataset into Neo4j: the schema, the loader and its report, and deleting a dataset.

A load is one transaction: all of the dataset, or (on any failure) nothing. It is idempotent:
records are matched on (dataset, id); unchanged ones are not written, changed ones are updated
in place, and what the files no longer hold is removed and named in the report (unless
`keep_stale`: then it is kept and named as stale), so a corrected date never leaves its old twin. Its rows are the graph form's attributes (`graph.actor_attributes`, ...) through the
one mapping (`store.mapping`), the same that the bulk CSV writes.
"""

from __future__ import annotations

import contextvars
import itertools
import queue
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphkit.errors import DatasetError, GraphkitError, StoreError
from graphkit.graph import actor_attributes, relationship_attributes, source_record
from graphkit.model import Dataset, Origin, Problem, Relationship
from graphkit.store.cypher import load_cypher, schema_statements
from graphkit.store.interrupts import CheckedTransaction, held_interrupts
from graphkit.store.mapping import (
    actor_properties,
    citation_links,
    dataset_properties,
    relationship_properties,
    source_properties,
)
from graphkit.vocabulary import dataset_vocabulary, using_vocabulary

if TYPE_CHECKING:
    import neo4j

_SCHEMA_NAME = re.compile(r"^CREATE\s+(?:\w+\s+)?(?:INDEX|CONSTRAINT)\s+(\w+)\s+IF\s+NOT\s+EXISTS\b",
                          re.IGNORECASE)
"""The name of the index or constraint a schema statement creates."""
BATCH_SIZE = 5000
"""Rows per UNWIND: big enough to amortise round trips, small enough to stream progress."""

OUTCOMES = ("created", "updated", "removed", "unchanged")

TRIES = 6
"""How often a load is tried when Neo4j reports a transient error (a deadlock with another load)."""
_ALREADY_THERE = {"Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
                  "Neo.ClientError.Schema.IndexAlreadyExists", "Neo.ClientError.Schema.ConstraintAlreadyExists"}
"""What a schema statement racing another load's same statement may hear: it is there, as wanted."""


@dataclass
class LoadReport:
    """What a load did, per table (`actors`, `sources`, `relationships`) and outcome."""

    dataset: str
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {
        table: dict.fromkeys(OUTCOMES, 0) for table in ("actors", "sources", "relationships")
    })
    metadata: str = "unchanged"
    seconds: dict[str, float] = field(default_factory=dict)  # where the time went, by phase
    warnings: list[str] = field(default_factory=list)  # e.g. the dataset was loaded from another folder
    removed_ids: dict[str, list[str]] = field(default_factory=dict)  # by table: what the files no longer hold, removed
    stale_ids: dict[str, list[str]] = field(default_factory=dict)  # by table: the same, kept (keep_stale)
    interrupted: bool = False  # Ctrl-C came while the commit was under way: the load is complete

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


def apply_schema(driver: "neo4j.Driver", database: str | None) -> tuple[int, int]:
    """Create graphkit's constraints and indexes where missing (`cypher/schema.cypher`).

    Returns how many were created and how many the schema has; waits until new indexes are online.
    Only the statements whose index or constraint is not there by name are sent (the schema
    has one index per relationship type and bound: a round trip each would slow every load).
    """
    import neo4j.exceptions

    created = 0
    schema = schema_statements()
    with driver.session(database=database) as session:
        there = {record["name"] for name in ("load/index_names", "load/constraint_names")
                 for record in session.execute_read(lambda tx, name=name: list(tx.run(load_cypher(name))))}
        for statement in schema:
            named = _SCHEMA_NAME.match(statement)
            if named and named.group(1) in there:
                continue
            # Another load may be creating the same schema right now: a managed transaction
            # retries the deadlock that can cause, and "already exists" is what was wanted.
            try:
                counters = session.execute_write(lambda tx, s=statement: tx.run(s).consume().counters)
            except neo4j.exceptions.ClientError as error:
                if error.code not in _ALREADY_THERE:
                    raise
                continue
            created += counters.indexes_added + counters.constraints_added
        if created:
            session.run(load_cypher("load/await_indexes")).consume()
    return created, len(schema)


def total_rows(dataset: Dataset) -> int:
    """How many records a load of `dataset` writes or compares: what `progress` counts up to."""
    return len(dataset.actors) + len(dataset.sources) + len(dataset.relationships)


def load(driver: "neo4j.Driver", database: str | None, dataset: Dataset, *, keep_stale: bool = False,
         adopt: bool = False, batch_size: int = BATCH_SIZE,
         progress: Callable[[int], None] | None = None) -> LoadReport:
    """Write `dataset` in one transaction (see `Store.load`), tried again on transient errors.

    Ctrl-C is held until the driver is between two statements (`interrupts`), so that the
    transaction rolls back cleanly: KeyboardInterrupt is raised then, and nothing is written.
    """
    import neo4j.exceptions

    _check_vocabulary(dataset)
    folder = str(dataset.path.resolve()) if dataset.path is not None else None
    with held_interrupts() as held, using_vocabulary(dataset_vocabulary(dataset.path)):  # its types' indexes too
        apply_schema(driver, database)
        for attempt in range(1, TRIES + 1):
            try:
                with driver.session(database=database) as session:
                    with session.begin_transaction() as tx:
                        report = _load(CheckedTransaction(tx, held), dataset, not keep_stale, batch_size,
                                       progress or (lambda n: None), folder, adopt)
                        held.check()
                        started = time.perf_counter()
                        tx.commit()
                        report.seconds["commit"] = time.perf_counter() - started
                report.interrupted = held.pending
                return report
            except neo4j.exceptions.TransientError as error:
                if not _retryable(error):
                    raise
                if attempt == TRIES:
                    raise StoreError(
                        f"loading {dataset.name} failed {TRIES} times on a transient error in Neo4j "
                        f"({error.code}), so nothing of it was written",
                        hint="another transaction held what this load needs: load it again when that is done") from None
                time.sleep(random.uniform(0.1, 0.5) * attempt)  # the other load finishes meanwhile
    raise AssertionError("unreachable")


def _retryable(error: Exception) -> bool:
    """A deadlock or lock timeout is worth another try; running out of memory is not."""
    code = getattr(error, "code", "") or ""
    return error.is_retryable() and "MemoryPool" not in code and "OutOfMemory" not in code


def unload(driver: "neo4j.Driver", database: str | None, name: str) -> "DatasetCounts | None":
    """Remove one dataset in one transaction: what it held (counted first), or None if not loaded."""
    from graphkit.store.connection import DatasetCounts

    def work(tx) -> DatasetCounts | None:
        found = tx.run(load_cypher("status/datasets"), dataset=name).single()
        if found is None:
            return None
        tx.run(load_cypher("load/delete_dataset"), dataset=name).consume()
        return DatasetCounts(**found.data())

    with driver.session(database=database) as session:
        return session.execute_write(work)


def _check_vocabulary(dataset: Dataset) -> None:
    """Refuse kinds and types that are not in the vocabulary (the dataset's: with what its own
    vocabulary.yaml adds): only those reach labels and types."""
    vocab = dataset_vocabulary(dataset.path)
    problems = [
        Problem(actor.origin or Origin(dataset.name), actor.id, "kind", f"{actor.kind!r} is not in the vocabulary")
        for actor in dataset.actors.values() if actor.kind not in vocab.actor_kinds
    ] + [
        Problem(rel.origin or Origin(dataset.name), rel.id, "type", f"{rel.type!r} is not in the vocabulary")
        for rel in dataset.relationships.values() if rel.type not in vocab.relationship_types
    ]
    if problems:
        raise DatasetError(dataset.path or dataset.name, problems)


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    """`rows` in lists of `size`, made in a background thread while the caller sends the previous
    one: preparing a large dataset's rows then overlaps the server's work on them."""
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

    # The thread sees the vocabulary in force here (a dataset's extension says which of its types are directed).
    threading.Thread(target=contextvars.copy_context().run, args=(produce,), name="graphkit-load-rows",
                     daemon=True).start()
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


def _load(tx, dataset: Dataset, replace: bool, size: int, progress, folder: str | None = None,
          adopt: bool = False) -> LoadReport:
    """The load, in `tx`: read what the database holds of the dataset, then write the difference."""
    name, rels = dataset.name, dataset.relationships
    report = LoadReport(name)
    clock = [time.perf_counter()]

    def lap(phase: str) -> None:
        clock.append(time.perf_counter())
        report.seconds[phase] = clock[-1] - clock[-2]

    with ThreadPoolExecutor(max_workers=1) as background:
        cited = background.submit(citation_links, _links(rels.values()))  # meanwhile, the rest
        meta = tx.run(load_cypher("load/dataset"), props=dataset_properties(vars(dataset)), folder=folder).single()
        report.metadata = meta["outcome"]
        _check_folder(report, name, meta["folder"], folder, replace, adopt)

        def existing(query: str) -> list[list]:
            return tx.run(load_cypher(f"load/{query}"), dataset=name).single()["rows"]

        old_actors = dict(existing("existing_actors"))
        old_sources = dict(existing("existing_sources"))
        old_rels = {rel_id: {"element": element, "type": type_, "from": source, "to": target, "sources": cited_by}
                    for rel_id, element, type_, source, target, cited_by in existing("existing_relationships")}
        old_cites = {(source, actor): {"element": element, "relationships": ids}
                     for source, actor, element, ids in existing("existing_citations")}

        lap("read")
        # First out: what the files no longer hold (unless kept as stale), and relationships that
        # moved to another type or other ends (a relationship's type and ends cannot change in place).
        moved = {rel_id for rel_id, old in old_rels.items() if rel_id in rels
                 and (old["type"], old["from"], old["to"]) != (rels[rel_id].type, rels[rel_id].source, rels[rel_id].target)}
        stale = {table: sorted(key for key in old if key not in new) for table, old, new in (
            ("relationships", old_rels, rels), ("actors", old_actors, dataset.actors),
            ("sources", old_sources, dataset.sources))}
        (report.removed_ids if replace else report.stale_ids).update(
            {table: ids for table, ids in stale.items() if ids})
        gone = stale["relationships"] if replace else []
        _write(tx, "delete_relationships", [old_rels[i]["element"] for i in [*moved, *gone]], size, key="elements")
        report.counts["relationships"]["removed"] = len(gone)
        if replace:
            for table, old in (("actors", old_actors), ("sources", old_sources)):
                elements = [old[key] for key in stale[table]]
                report.counts[table]["removed"] = _write(tx, "delete_nodes", elements, size, key="elements")

        lap("delete")
        kinds = list(dataset_vocabulary(dataset.path).actor_kinds)
        for table, records, old, props in (
            ("sources", dataset.sources, old_sources, lambda s: source_properties(source_record(s), name)),
            ("actors", dataset.actors, old_actors, lambda a: actor_properties(a.id, actor_attributes(a), name)),
        ):
            labels = (lambda record: {"kind": record.kind}) if table == "actors" else (lambda record: {})
            new_rows = [{"props": _compact(props(record)), **labels(record)}
                        for key, record in records.items() if key not in old]
            old_rows = [{"props": props(record), **labels(record), "element": old[key]}
                        for key, record in records.items() if key in old]
            counts = report.counts[table]
            counts["created"] = _write(tx, f"create_{table}", new_rows, size, progress)
            counts["updated"] = _write(tx, f"update_{table}", old_rows, size, progress, kinds=kinds)
            counts["unchanged"] = len(old_rows) - counts["updated"]

        lap("actors and sources")

        def properties(rel: Relationship) -> dict[str, Any]:
            attrs = relationship_attributes(rel, dataset.sources, dataset.actors, name)
            return relationship_properties(attrs, name, dataset.sources)

        fresh = [rel for rel_id, rel in rels.items() if rel_id not in old_rels or rel_id in moved]
        created = _write(tx, "create_relationships", (
            {"from": rel.source, "to": rel.target, "type": rel.type, "props": _compact(properties(rel))}
            for rel in fresh), size, progress, dataset=name)
        if created != len(fresh):  # only if an end is missing: the dataset was not validated
            raise DatasetError(dataset.path or name, [Problem(
                Origin(name), None, None, f"{len(fresh) - created} relationship(s) have an end that is not an actor")])
        kept = [rel for rel_id, rel in rels.items() if rel_id in old_rels and rel_id not in moved]
        updated = _write(tx, "update_relationships", (
            {"element": old_rels[rel.id]["element"], "props": properties(rel)} for rel in kept), size, progress)
        report.counts["relationships"].update(
            created=created - len(moved), updated=updated + len(moved), unchanged=len(kept) - updated)

        lap("relationships")
        wanted = cited.result()
    if not replace:  # relationships the files no longer hold stay, and so do their citations
        wanted = citation_links(((rel_id, (old["from"], old["to"]), old["sources"] or ())
                                 for rel_id, old in old_rels.items() if rel_id not in rels), wanted)
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


def _check_folder(report: LoadReport, name: str, before: str | None, folder: str | None, replace: bool,
                  adopt: bool) -> None:
    """A dataset of the same name loaded from another folder: refuse to remove its records (unless
    `adopt`: this folder now holds that dataset); with keep_stale, merge, with a warning."""
    if before is None or folder is None or before == folder or adopt:
        return
    if replace:
        raise GraphkitError(
            f"{folder}: dataset {name!r} was loaded from another folder, {before}, and this load would remove "
            "that folder's records, so nothing was loaded",
            hint="give this folder's dataset another name in its dataset.yaml, pass --adopt if it now holds "
                 "that dataset (the folder moved), or --keep-stale to merge the two folders")
    report.warnings.append(f"dataset {name!r} was loaded from another folder, {before}: this load merges "
                           f"{folder} into it")


def _links(rels: Iterable[Relationship]) -> Iterator[tuple[str, tuple[str, str], list[str]]]:
    """The relationships of a dataset as `citation_links` reads them."""
    return ((rel.id, (rel.source, rel.target), rel.source_ids) for rel in rels)
