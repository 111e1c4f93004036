"""The staged writes of a load: each record's properties and content hash, compared on the client
with the current version's, and only what differs sent, in batches of their own transactions.

Every element written carries `gk_load` (the load's number) and `gk_hash` (`hashing.content_hash`
of the properties written; a relationship's also covers its type and its ends' hashes, a CITES
link's its source's and actor's, so a changed actor, a new node, brings its relationships anew).
What the current version holds and the files no longer do, or hold differently, is marked
`gk_replaced`; nothing is updated in place, so readers see the current version unchanged until the
flip. Rows are made in a background thread while the previous batch is on the server.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from graphkit.collector import paused_collector
from graphkit.errors import DatasetError
from graphkit.graph import actor_attributes, relationship_attributes, source_record
from graphkit.model import Actor, Dataset, Origin, Problem
from graphkit.store.cypher import load_cypher
from graphkit.store.hashing import content_hashes
from graphkit.store.mapping import (
    Columns,
    actor_columns,
    citation_links,
    column_rows,
    own_properties,
    parts,
    relationship_columns,
    source_columns,
)
from graphkit.store.staging import streamed
from graphkit.vocabulary import vocabulary

if TYPE_CHECKING:
    import neo4j


class Writer:
    """Batches of one load, each its own managed transaction (retried on transient errors)."""

    def __init__(self, driver: "neo4j.Driver", database: str | None, number: int, size: int, held,
                 progress: Callable[[int], None]) -> None:
        self.driver, self.database, self.number, self.size = driver, database, number, size
        self.held, self.progress = held, progress
        self.session = driver.session(database=database)

    def write(self, name: str, rows: Iterable, key: str = "rows", counted: bool = False,
              collect: Callable[[dict], None] | None = None, **parameters: Any) -> int:
        """Run `cypher/load/<name>` over `rows` in batches; the sum of the counts it returns (or of
        the rows, for a statement that returns what it created, handed to `collect`)."""
        query, done = load_cypher(f"load/{name}"), 0
        for batch in _batches(rows, self.size):
            self.held.check()  # Ctrl-C: raised between two batches, never inside the driver
            record = self.session.execute_write(
                lambda tx, b=batch: tx.run(query, {key: b, "load": self.number, **parameters}).single().data())
            if collect is not None:
                collect(record)
                done += len(batch)
            else:
                done += record["count"]
            if counted:
                self.progress(len(batch))
        return done

    def close(self) -> None:
        self.session.close()


def current(driver: "neo4j.Driver", database: str | None, name: str, table: str, **parameters: Any) -> dict:
    """The current version of a table: {id: (hash, element, *rest)} (CITES: {(source, actor): ...})."""
    if table == "citations":
        return {(source, actor): (hash_, element) for source, actor, hash_, element
                in streamed(driver, database, "current_citations", dataset=name)}
    return {row[0]: tuple(row[1:]) for row in streamed(driver, database, f"current_{table}", dataset=name,
                                                       **parameters)}


def stage(writer: Writer, driver: "neo4j.Driver", database: str | None, dataset: Dataset, replace: bool,
          report) -> None:
    """Write the staged version of `dataset`: what differs from the current version, counted in `report`."""
    name, counts = dataset.name, report.counts
    number = writer.number
    hashes: dict[str, dict] = {"sources": {}, "actors": {}}
    elements: dict[str, dict] = {"sources": {}, "actors": {}}
    replaced_nodes: list[str] = []
    carried: list[list[str]] = []
    for table, records, mapped in (
        ("sources", dataset.sources, lambda part: source_columns([source_record(s) for s in part], name)),
        ("actors", dataset.actors, lambda part: actor_columns([a.id for a in part], [actor_attributes(a) for a in part],
                                                              name)),
    ):
        old = current(driver, database, name, table)
        stale = [key for key in old if key not in records]
        for key in stale:
            if replace:
                replaced_nodes.append(old[key][1])
            else:  # kept: relationships and citations still reach it
                hashes[table][key], elements[table][key] = old[key][0], old[key][1]
        (report.removed_ids if replace else report.stale_ids).update({table: sorted(stale)} if stale else {})
        counts[table]["removed"] = len(stale) if replace else 0

        def rows(records=records, mapped=mapped, table=table, old=old) -> Iterator[dict]:
            for part in parts(records.items()):
                with paused_collector():
                    columns = mapped([record for _, record in part])
                    written_rows, digests = sent_rows(columns), content_hashes(columns)
                for (key, record), (written, dates), digest in zip(part, written_rows, digests):
                    hashes[table][key] = digest
                    before = old.get(key)
                    if before is not None and before[0] == digest:
                        counts[table]["unchanged"] += 1
                        elements[table][key] = before[1]
                        continue
                    counts[table]["updated" if before is not None else "created"] += 1
                    if before is not None:
                        replaced_nodes.append(before[1])
                        if table == "actors":
                            carried.append([before[1], key])
                    row = {"props": {**written, "gk_load": number, "gk_hash": digest}, "dates": dates}
                    yield {**row, "kind": record.kind} if isinstance(record, Actor) else row

        def created(record: dict, table=table) -> None:
            elements[table].update(record["created"])

        writer.write(f"create_{table}", rows(), counted=True, collect=created)
        writer.progress(counts[table]["unchanged"])
    writer.write("carry_over", ([element, elements["actors"][key]] for element, key in carried), key="rows",
                 own=sorted(own_properties(Actor) | {"gk_load", "gk_hash", "gk_replaced"}))
    _stage_relationships(writer, driver, database, dataset, replace, report, hashes, elements,
                         {key for _, key in carried})
    writer.write("mark_nodes", replaced_nodes, key="elements")


def _stage_relationships(writer: Writer, driver, database, dataset: Dataset, replace: bool, report,
                         hashes: dict, elements: dict, new_actors: set[str]) -> None:
    """The relationships, then the CITES links, of the staged version (`new_actors`: the actors
    this load writes a new version of)."""
    name, rels, counts = dataset.name, dataset.relationships, report.counts["relationships"]
    actors = elements["actors"]
    old = current(driver, database, name, "relationships", ends=not replace)
    replaced: list[str] = []
    stale = [key for key in old if key not in rels]
    if replace:
        replaced.extend(old[key][1] for key in stale)
        counts["removed"] = len(stale)
        report.removed_ids.update({"relationships": sorted(stale)} if stale else {})
    elif stale:
        report.stale_ids["relationships"] = sorted(stale)
        types = vocabulary().relationship_types
        moved = [key for key in stale if new_actors.intersection(old[key][2][:2]) and old[key][2][3] in types]
        if moved:  # kept, on the new versions of their ends
            writer.write("carry_relationships", ([old[key][1], actors[old[key][2][0]], actors[old[key][2][1]],
                                                  old[key][2][3]] for key in moved))
            replaced.extend(old[key][1] for key in moved)
    missing: list[str] = []

    def rows() -> Iterator[dict]:
        for part in parts(rels.items()):
            with paused_collector():  # a part's thousands of dicts and lists, no cycles
                columns = relationship_columns([relationship_attributes(rel, dataset.sources, dataset.actors, name)
                                                for _, rel in part], name, dataset.sources)
                digests = content_hashes({**columns, "type": [rel.type for _, rel in part],
                                          "from": [hashes["actors"].get(rel.source) for _, rel in part],
                                          "to": [hashes["actors"].get(rel.target) for _, rel in part]})
                written_rows = sent_rows(columns)
            for (key, rel), (written, dates), digest in zip(part, written_rows, digests):
                before = old.get(key)
                if before is not None and before[0] == digest:
                    counts["unchanged"] += 1
                    continue
                if rel.source not in actors or rel.target not in actors:
                    missing.append(key)
                    continue
                counts["updated" if before is not None else "created"] += 1
                if before is not None:
                    replaced.append(before[1])
                yield {"from": actors[rel.source], "to": actors[rel.target], "type": rel.type,
                       "props": {**written, "gk_load": writer.number, "gk_hash": digest}, "dates": dates}

    writer.write("create_relationships", rows(), counted=True)
    writer.progress(counts["unchanged"])
    if missing:  # only if an end is missing: the dataset was not validated
        raise DatasetError(dataset.path or name, [Problem(
            Origin(name), None, None, f"{len(missing)} relationship(s) have an end that is not an actor")])
    # CITES links: which relationships each source supports of each actor
    links = ((rel.id, (rel.source, rel.target), rel.source_ids) for rel in rels.values())
    wanted = citation_links(links)
    if not replace:  # relationships the files no longer hold stay, and so do their citations
        wanted = citation_links(((key, (old[key][2][0], old[key][2][1]), old[key][2][2] or ()) for key in stale),
                                wanted)
    old_cites = current(driver, database, name, "citations")

    def cites() -> Iterator[dict]:
        for part in parts(wanted.items()):
            digests = content_hashes({"dataset": [name] * len(part), "relationships": [ids for _, ids in part],
                                      "from": [hashes["sources"].get(source) for (source, _), _ in part],
                                      "to": [hashes["actors"].get(actor) for (_, actor), _ in part]})
            for ((source, actor), ids), digest in zip(part, digests):
                before = old_cites.pop((source, actor), None)
                if before is not None and before[0] == digest:
                    continue
                if before is not None:
                    replaced.append(before[1])
                if source in elements["sources"] and actor in actors:
                    yield {"from": elements["sources"][source], "to": actors[actor],
                           "props": {"dataset": name, "relationships": ids, "gk_load": writer.number,
                                     "gk_hash": digest}}

    writer.write("create_citations", cites())
    replaced.extend(before[1] for before in old_cites.values())  # links no relationship names any more
    writer.write("mark_relationships", replaced, key="elements")


def sent_rows(columns: Columns) -> list[tuple[dict[str, Any], dict[str, str]]]:
    """Each record of `columns` as a load sends it: its properties but the DATE ones, and those as
    ISO text, which the statement reads with Cypher's `date()`. The driver's own conversion of a
    Python date costs about 13 µs (measured): two thirds of packing a relationship's row.

    >>> sent_rows({"id": ["a", "b"], "start": [None, dt.date(2020, 5, 1)]})
    [({'id': 'a'}, {}), ({'id': 'b'}, {'start': '2020-05-01'})]
    """
    dated = {name for name, values in columns.items() if any(type(value) is dt.date for value in values)}
    if not dated:
        return [(row, {}) for row in column_rows(columns)]
    texts = {name: [value.isoformat() if type(value) is dt.date else None for value in columns[name]]
             for name in dated}
    rest = {name: [None if type(value) is dt.date else value for value in values] if name in dated else values
            for name, values in columns.items()}
    return list(zip(column_rows(rest), column_rows(texts)))


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
            for batch in parts(rows, size):
                if stop.is_set():
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
