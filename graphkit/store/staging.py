"""Versioned loads: a dataset's lock, its load log, the flip that makes a staged load current,
and the batched cleanup of what loads left behind.

A load writes in batches (each its own small transaction) into a *staged* version that readers
cannot see: every element it writes carries `gk_load` (its number), every element of the current
version it replaces or removes is marked `gk_replaced`. One small transaction (`DatasetLock.flip`)
then sets its (:GraphkitLoad) to 'current', so that readers see all of the new version at once
(`cypher.visibility_predicate`); what it replaced is deleted afterwards, in batches.

While a load runs it holds an open transaction with the write lock on the dataset's (:Dataset)
node: a second load of the same dataset waits for it. If the client dies, the server rolls that
transaction back and the lock is free; if the server dies, so are its locks. A 'staging' load
whose lock is free is therefore abandoned: the next load of the dataset deletes what it wrote and
clears what it marked (`clear_leftovers`), first thing, and logs it as 'abandoned'. Nothing here holds a large transaction:
cleanups run as `CALL ... IN TRANSACTIONS` batches, so any dataset fits a small heap.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from graphkit.errors import StoreError
from graphkit.store.cypher import load_cypher

if TYPE_CHECKING:
    import neo4j

CLEANUP_BATCH = 10_000
"""Elements deleted, marked or cleared per transaction of a cleanup."""
LOCK_NOTICE_AFTER = 1.0
"""Seconds a load waits for its dataset's lock before saying that another load holds it."""


class DatasetLock:
    """The open transaction that holds a dataset's lock for a load or an unload, and commits its
    metadata and the flip when the staged version is complete. Rolled back (the lock freed, the
    metadata unchanged) if the block ends otherwise."""

    def __init__(self, driver: "neo4j.Driver", database: str | None, name: str, statement: str,
                 parameters: dict[str, Any], waiting: Callable[[str], None] | None = None,
                 held=None) -> None:
        self.driver, self.database, self.name = driver, database, name
        self._statement, self._parameters = statement, parameters
        self._waiting, self._held = waiting, held
        self.record: dict[str, Any] = {}
        self._session = self._tx = None

    def __enter__(self) -> "DatasetLock":
        others = [load for load in loads(self.driver, self.database, self.name) if load["state"] == "staging"]
        self._session = self.driver.session(database=self.database)
        self._tx = self._session.begin_transaction()
        outcome: dict[str, Any] = {}

        def take() -> None:
            try:
                outcome["record"] = self._tx.run(self._statement, self._parameters).single().data()
            except BaseException as error:  # handed to the caller
                outcome["error"] = error

        taker = threading.Thread(target=take, name="graphkit-dataset-lock", daemon=True)
        taker.start()
        taker.join(LOCK_NOTICE_AFTER)
        if taker.is_alive() and others and self._waiting is not None:
            load = others[0]
            self._waiting(f"dataset {self.name!r} is being loaded by another graphkit load (load {load['number']}, "
                          f"started {load['started']}): waiting for it to finish (Ctrl-C stops)")
        while taker.is_alive():
            taker.join(0.2)
            if self._held is not None and self._held.pending:
                self._held.check()  # raises KeyboardInterrupt; the server ends the wait with the connection
        if "error" in outcome:
            self._close(commit=False)
            raise outcome["error"]
        self.record = outcome["record"]
        return self

    def run(self, name: str, **parameters: Any) -> dict[str, Any]:
        """Run `cypher/load/<name>` in the locked transaction; its one row."""
        return self._tx.run(load_cypher(f"load/{name}"), parameters).single().data()

    def commit(self) -> None:
        """Commit what ran in the locked transaction (the metadata, a flip) and free the lock."""
        self._close(commit=True)

    def flip(self, number: int, summary: dict[str, Any]) -> None:
        """Make load `number` current and commit: the one small transaction readers see change."""
        self.run("flip", load=number, dataset=self.name, summary=summary)
        self.commit()

    def _close(self, commit: bool) -> None:
        tx, session, self._tx, self._session = self._tx, self._session, None, None
        try:
            if tx is not None:
                tx.commit() if commit else tx.close()
        finally:
            if session is not None:
                session.close()

    def __exit__(self, *exc: Any) -> None:
        if self._tx is not None:
            try:
                self._close(commit=False)
            except Exception:  # the server is gone: it has rolled back
                if exc[0] is None:
                    raise


def loads(driver: "neo4j.Driver", database: str | None, name: str) -> list[dict[str, Any]]:
    """A dataset's loads that are staging or current: number, state, fingerprint, started."""
    records, _, _ = driver.execute_query(load_cypher("load/loads"), dataset=name, database_=database)
    return [record.data() for record in records]


def open_load(driver: "neo4j.Driver", database: str | None, name: str) -> int:
    """A new load of `name` in state 'staging', committed; its number."""
    import neo4j.exceptions

    for attempt in range(10):
        try:
            records, _, _ = driver.execute_query(load_cypher("load/open_load"), dataset=name, database_=database)
            return records[0]["number"]
        except neo4j.exceptions.ConstraintError:  # another dataset's load took the number
            time.sleep(0.05 * (attempt + 1))
    raise StoreError(f"could not number a load of {name}: other loads kept taking the numbers",
                     hint="load it again")


def clear_leftovers(driver: "neo4j.Driver", database: str | None, name: str) -> list[int]:
    """What earlier loads of `name` left: abandoned staged loads (their elements deleted, their
    marks cleared, their log entries deleted) and replaced elements of completed loads (deleted).
    Call it holding the dataset's lock. Returns the numbers of the abandoned loads."""
    found = loads(driver, database, name)
    abandoned = [load["number"] for load in found if load["state"] == "staging"]
    if abandoned:
        discard(driver, database, name, abandoned)
    if abandoned or not any(load["state"] == "current" and load["cleaned"] for load in found):
        drop(driver, database, name, written=[], replaced=None)
    return abandoned


def clean_up(driver: "neo4j.Driver", database: str | None, name: str, number: int) -> None:
    """After load `number` was made current: delete what it replaced, in batches, and note that
    it is done (the next load then has nothing left to look for)."""
    drop(driver, database, name, written=[], replaced=[number])
    driver.execute_query(load_cypher("load/cleaned"), load=number, database_=database)


def discard(driver: "neo4j.Driver", database: str | None, name: str, numbers: list[int], *,
            forget: bool = False) -> None:
    """Undo staged loads that were never made current: delete what they wrote, clear their marks,
    and keep them in the load log as 'abandoned' (or, with `forget`, a load that wrote nothing, not at all)."""
    drop(driver, database, name, written=numbers, replaced=[])
    _batched(driver, database, "unmark", dataset=name, loads=numbers)
    if forget:
        driver.execute_query(load_cypher("load/delete_loads"), dataset=name, loads=numbers, upto=None,
                             database_=database)
    else:
        driver.execute_query(load_cypher("load/abandon"), dataset=name, loads=numbers, database_=database)


def mark_all(driver: "neo4j.Driver", database: str | None, name: str, number: int) -> None:
    """Mark everything current of `name` as replaced by load `number` (an unload), in batches."""
    _batched(driver, database, "mark_all", dataset=name, load=number)


def forget(driver: "neo4j.Driver", database: str | None, name: str, upto: int) -> None:
    """Delete the load log of an unloaded dataset, up to its unload `upto`."""
    driver.execute_query(load_cypher("load/delete_loads"), dataset=name, loads=None, upto=upto, database_=database)


def drop(driver: "neo4j.Driver", database: str | None, name: str, *, written: list[int],
         replaced: list[int] | None) -> None:
    """Delete, in batches, what loads `written` wrote and what loads `replaced` (None: any) replaced."""
    for statement in ("drop_relationships", "drop_nodes"):
        _batched(driver, database, statement, dataset=name, written=written, replaced=replaced)


def _batched(driver: "neo4j.Driver", database: str | None, name: str, **parameters: Any) -> None:
    """Run a `CALL ... IN TRANSACTIONS` statement (an auto-commit transaction of its own), tried
    again when it meets another cleanup of the same elements."""
    import neo4j.exceptions

    for attempt in range(1, 5):
        try:
            with driver.session(database=database) as session:
                session.run(load_cypher(f"load/{name}"), {"batch": CLEANUP_BATCH, **parameters}).consume()
            return
        except (neo4j.exceptions.TransientError, neo4j.exceptions.DatabaseError) as error:
            if attempt == 4:
                raise StoreError(f"cleaning up an earlier load of {parameters.get('dataset')} failed ({error.code})",
                                 hint="load the dataset again: its next load finishes the cleanup") from None
            time.sleep(0.2 * attempt)


def streamed(driver: "neo4j.Driver", database: str | None, name: str, **parameters: Any) -> Iterator[list]:
    """The rows of a `cypher/load/<name>` read, streamed as lists of values (never all held by the server)."""
    with driver.session(database=database, fetch_size=20_000) as session:
        result = session.run(load_cypher(f"load/{name}"), parameters)
        for record in result:
            yield record.values()
