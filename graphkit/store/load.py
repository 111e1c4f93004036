"""Writing a dataset into Neo4j: the schema, the loader and its report, and deleting a dataset.

A load never runs in one large transaction. It writes, in batches of their own small transactions,
a staged version of the dataset that readers cannot see (`writer`: only what differs from the
current version, by per-record content hashes compared on the client), then one small transaction
makes it current (`staging`); what it replaced is deleted afterwards in batches. So any dataset
loads into a small heap, and readers see the previous version or the new one, never half of it: a
failure, Ctrl-C or a crash leaves the previous version current, and the next load clears what was
left. Records are matched on (dataset, id); what the files no longer hold is removed and named in
the report (unless `keep_stale`: then it is kept and named as stale), so a corrected date never
leaves its old twin. Its rows are the graph form's attributes (`graph.actor_attributes`, ...)
through the one mapping (`store.mapping`), the same that the bulk CSV writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graphkit.errors import DatasetError, GraphkitError
from graphkit.graph import actor_attributes, relationship_attributes
from graphkit.model import Actor, Dataset, Origin, Problem, Relationship, Source
from graphkit.store import sizing, staging
from graphkit.store.cypher import load_cypher, schema_statements
from graphkit.store.interrupts import held_interrupts
from graphkit.store.mapping import actor_properties, dataset_properties, own_properties, relationship_properties
from graphkit.store.writer import Writer, stage
from graphkit.vocabulary import dataset_vocabulary, using_vocabulary, vocabulary

if TYPE_CHECKING:
    import neo4j

    from graphkit.store.connection import DatasetCounts

_SCHEMA_NAME = re.compile(r"^CREATE\s+(?:\w+\s+)?(?:INDEX|CONSTRAINT)\s+(\w+)\s+IF\s+NOT\s+EXISTS\b",
                          re.IGNORECASE)
"""The name of the index or constraint a schema statement creates."""
_DROPPED = re.compile(r"^DROP\s+(?:INDEX|CONSTRAINT)\s+(\w+)\s+IF\s+EXISTS\b", re.IGNORECASE)
"""The name of what a schema statement removes (an earlier graphkit's): sent only if it is there."""
BATCH_SIZE = 5000
"""Rows per UNWIND: big enough to amortise round trips, small enough to stream progress."""

OUTCOMES = ("created", "updated", "removed", "unchanged")

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
            named, dropped = _SCHEMA_NAME.match(statement), _DROPPED.match(statement)
            if (named and named.group(1) in there) or (dropped and dropped.group(1) not in there):
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
    return created, sum(not _DROPPED.match(statement) for statement in schema)


def total_rows(dataset: Dataset) -> int:
    """How many records a load of `dataset` writes or compares: what `progress` counts up to."""
    return len(dataset.actors) + len(dataset.sources) + len(dataset.relationships)


def load(driver: "neo4j.Driver", database: str | None, dataset: Dataset, *, keep_stale: bool = False,
         adopt: bool = False, batch_size: int = BATCH_SIZE, progress: Callable[[int], None] | None = None,
         waiting: Callable[[str], None] | None = None) -> LoadReport:
    """Write `dataset` as a staged version, then make it current in one small transaction (see
    `Store.load` and `staging`).

    Ctrl-C is held until the driver is between two statements (`interrupts`): KeyboardInterrupt is
    raised then, and what the load staged is removed; readers never saw it.
    """
    _check_vocabulary(dataset)
    progress = progress or (lambda n: None)
    folder = str(dataset.path.resolve()) if dataset.path is not None else None
    report = LoadReport(dataset.name)
    clock = [time.perf_counter()]

    def lap(phase: str) -> None:
        clock.append(time.perf_counter())
        report.seconds[phase] = clock[-1] - clock[-2]

    with held_interrupts() as held, using_vocabulary(dataset_vocabulary(dataset.path)):  # its types' indexes too
        apply_schema(driver, database)
        size = sizing.batch_size(driver, database, batch_size, sizing.row_bytes(_sample_rows(dataset)))
        fingerprint = _fingerprint(dataset, not keep_stale)
        lap("schema")
        metadata = {"props": dataset_properties(vars(dataset)), "folder": folder}
        with staging.DatasetLock(driver, database, dataset.name, load_cypher("load/dataset"), metadata,
                                 waiting=waiting, held=held) as lock:
            report.metadata = lock.record["outcome"]
            _check_folder(report, dataset.name, lock.record["folder"], folder, not keep_stale, adopt)
            staging.clear_leftovers(driver, database, dataset.name)
            lap("cleanup before")
            if any(found["state"] == "current" and found["fingerprint"] == fingerprint
                   for found in staging.loads(driver, database, dataset.name)):
                for table, records in (("actors", dataset.actors), ("sources", dataset.sources),
                                       ("relationships", dataset.relationships)):
                    report.counts[table]["unchanged"] = len(records)
                progress(total_rows(dataset))
                lock.commit()  # the folder, if --adopt changed it
                return report
            number = staging.open_load(driver, database, dataset.name)
            writer = Writer(driver, database, number, size, held, progress)
            try:
                stage(writer, driver, database, dataset, not keep_stale, report)
                lap("staged")
                held.check()
                summary = {"fingerprint": fingerprint, "batch_size": size,
                           **{f"{table}_{outcome}": count for table, counted in report.counts.items()
                              for outcome, count in counted.items()}}
                if not report.changed:  # nothing written: the version there stays current
                    writer.close()
                    staging.discard(driver, database, dataset.name, [number], forget=True)
                    lock.run("fingerprint", dataset=dataset.name, fingerprint=fingerprint)
                    lock.commit()
                    return report
                lock.flip(number, summary)
                lap("flip")
            except BaseException:
                writer.close()
                with contextlib.suppress(Exception):  # the server may be gone: the next load clears it
                    staging.discard(driver, database, dataset.name, [number])
                raise
            writer.close()
        try:  # what the new version replaced, now invisible: removed in batches
            staging.clean_up(driver, database, dataset.name, number)
        except Exception as error:  # the new version is current: the next load finishes the cleanup
            report.warnings.append(f"what load {number} replaced is not all deleted yet ({' '.join(str(error).split())[:200]}); "
                                   "readers do not see it, and the next load of the dataset deletes it")
        lap("cleanup after")
        report.interrupted = held.pending
    return report


def _fingerprint(dataset: Dataset, replace: bool) -> str:
    """What a load of `dataset` would write, in one hash: every record as declared (its repr, all
    fields but where it was read), the vocabulary in force and the properties graphkit owns. A
    current load with the same fingerprint holds exactly this: an unchanged reload sends nothing."""
    digest = hashlib.blake2b(digest_size=20)
    parts = (repr(sorted(dataset_properties(vars(dataset)).items())), repr(replace), repr(vocabulary()),
             repr(sorted(own_properties(Actor) | own_properties(Relationship) | own_properties(Source))))
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    for records in (dataset.sources, dataset.actors, dataset.relationships):
        for record in records.values():
            digest.update(repr(record).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(b"\1")
    return digest.hexdigest()


def _sample_rows(dataset: Dataset, count: int = 200) -> list[dict]:
    """A few of the rows a load writes, the longest first, for `sizing.row_bytes`."""
    name = dataset.name
    rels = sorted(itertools.islice(dataset.relationships.values(), 2000), key=lambda r: -len(r.citations))[:count]
    actors = itertools.islice(dataset.actors.values(), count)
    return [relationship_properties(relationship_attributes(rel, dataset.sources, dataset.actors, name), name,
                                    dataset.sources) for rel in rels] + \
        [actor_properties(actor.id, actor_attributes(actor), name) for actor in actors]


def unload(driver: "neo4j.Driver", database: str | None, name: str) -> "DatasetCounts | None":
    """Remove one dataset: what it held (counted first), or None if not loaded.

    An unload is a load of nothing: everything of the dataset is marked replaced in batches, one
    small transaction makes that current (and deletes the (:Dataset) node), then it is all deleted
    in batches, and the load log with it. Readers see the whole dataset, then none of it.
    """
    from graphkit.store.connection import DatasetCounts

    with held_interrupts() as held:
        with staging.DatasetLock(driver, database, name, load_cypher("load/lock_dataset"), {"dataset": name},
                                 held=held) as lock:
            records, _, _ = driver.execute_query(load_cypher("status/datasets"), dataset=name, database_=database)
            if not records:
                return None
            counts = DatasetCounts(**records[0].data())
            staging.clear_leftovers(driver, database, name)
            number = staging.open_load(driver, database, name)
            try:
                staging.mark_all(driver, database, name, number)
                held.check()
                lock.run("drop_dataset", dataset=name)
                lock.flip(number, {"unload": True})
            except BaseException:
                with contextlib.suppress(Exception):
                    staging.discard(driver, database, name, [number])
                raise
        staging.drop(driver, database, name, written=[], replaced=[number])
        staging.forget(driver, database, name, number)
    return counts


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
