"""graphkit's Neo4j side: one `Store` object over a driver.

    from graphkit.store import Store

    with Store() as store:                    # NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE
        store.load(read_dataset("seed/malaysia-palestine"))
        graph = store.read_graph(dataset="malaysia-palestine", as_of="2023-10")

Every driver or server error leaves a `Store` method as a `StoreError` (or a `QueryError` for a
statement that cannot run as asked) that says what to do; no driver exception escapes. The
modules: `connection` (connect, explain errors, server status), `mapping` (graph form <-> Neo4j
properties, both ways), `load` (the loader), `read` (graphs back), `query` (one statement),
`scores` (analysis results on actors), `cypher` (the .cypher files), `config` (`Neo4jConfig`).
The driver is imported only when a store connects, and the modules when first used, so that
importing graphkit (and `graphkit --help`) stays instant.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from graphkit.store.config import Neo4jConfig

if TYPE_CHECKING:
    import neo4j
    import networkx as nx

    from graphkit.model import Dataset
    from graphkit.store.connection import DatasetCounts, Status
    from graphkit.store.load import LoadReport
    from graphkit.store.query import QueryResult

# The public names of the modules, loaded on first use: the command line imports this package
# for `config` alone, and `graphkit --help` should not pay for the rest.
_NAMES = {
    "LoadReport": "load", "total_rows": "load", "BATCH_SIZE": "load", "QueryResult": "query",
    "Status": "connection", "ServerInfo": "connection", "DatasetCounts": "connection",
    "QUALIFIED": "read", "score_property": "scores",
}
__all__ = ["Store", "Neo4jConfig", *_NAMES]


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(import_module(f"graphkit.store.{_NAMES[name]}"), name)
    raise AttributeError(f"module 'graphkit.store' has no attribute {name!r}")


def _translated(method: Callable) -> Callable:
    """Run a `Store` method with driver and server errors told as `StoreError`s."""

    @functools.wraps(method)
    def wrapper(self: "Store", *args: Any, **kwargs: Any) -> Any:
        from graphkit.store.connection import translate_errors

        with translate_errors(self.config):
            return method(self, *args, **kwargs)

    return wrapper


class Store:
    """A Neo4j database that graphkit reads and writes.

    `Store(config)` connects when first used (or on `with`) and closes on `close()` or at the
    end of the `with` block; `Store()` reads the settings from the environment
    (`Neo4jConfig.from_env`). `Store.from_driver` wraps a driver opened elsewhere.
    """

    def __init__(self, config: Neo4jConfig | None = None):
        self.config = config or Neo4jConfig.from_env()
        self.database: str | None = self.config.database
        self._driver: "neo4j.Driver | None" = None
        self._owned = True

    @classmethod
    def from_driver(cls, driver: "neo4j.Driver", database: str | None = None, *,
                    config: Neo4jConfig | None = None) -> "Store":
        """A store over an open driver, which it leaves open; `database` None is the server's
        default. `config` (if given) only names the server in error messages."""
        store = cls(config or Neo4jConfig())
        store.database, store._driver, store._owned = database, driver, False
        return store

    def __repr__(self) -> str:
        return f"Store({self.config!r})"

    # --- connection ---------------------------------------------------------------------------

    def open(self) -> "Store":
        """Connect, if not yet connected: a `StoreError` says why the server cannot be used."""
        if self._driver is None:
            from graphkit.store.connection import connect

            self._driver = connect(self.config)
        return self

    def close(self) -> None:
        """Close the connection (a driver given to `from_driver` stays open)."""
        if self._owned and self._driver is not None:
            self._driver.close()
            self._driver = None

    def __enter__(self) -> "Store":
        return self.open()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def driver(self) -> "neo4j.Driver":
        """The driver, for what the store does not do (connects first)."""
        return self.open()._driver

    @_translated
    def status(self) -> Status:
        """The server (address, version, edition) and the datasets loaded, with their counts."""
        from graphkit.store.connection import Status, dataset_counts, server_info

        return Status(config=self.config, server=server_info(self.driver, self.database),
                      datasets=dataset_counts(self.driver, self.database))

    # --- writing ------------------------------------------------------------------------------

    @_translated
    def apply_schema(self) -> tuple[int, int]:
        """Create graphkit's constraints and indexes where missing (`load` does it too).

        Returns how many were created and how many the schema has; waits until new indexes are online.
        """
        from graphkit.store.load import apply_schema

        return apply_schema(self.driver, self.database)

    @_translated
    def load(self, dataset: "Dataset", *, keep_stale: bool = False, adopt: bool = False, batch_size: int | None = None,
             progress: Callable[[int], None] | None = None,
             waiting: Callable[[str], None] | None = None) -> LoadReport:
        """Write a dataset as a new version: readers see all of it at once, or (on any failure,
        Ctrl-C, a crash of this process or of the server) the previous version.

        The load writes in batches of `batch_size` records (default `BATCH_SIZE`, or the
        environment's GRAPHKIT_LOAD_BATCH), each its own small transaction, into a staged version no
        reader sees; one small transaction then makes it current, and what it replaced is deleted in
        batches. So any dataset fits a server's transaction memory; the batch shrinks to fit the
        limits the server reports, and a server that cannot hold even a small batch is refused
        before anything is written, naming the setting to raise (`sizing`).

        Idempotent: records are matched on (dataset, id) and compared by content hashes on this
        side; only what changed is sent (an unchanged reload sends nothing). A changed record is a
        new element replacing the old one (a changed actor brings its relationships anew; its stored
        scores and SAME_AS links come along). The dataset's records that the files no longer hold
        are deleted and named (`report.removed_ids`), so a corrected date never leaves its old twin;
        with `keep_stale` they are kept and named (`report.stale_ids`). Other datasets are never
        touched. `progress(n)` is called as records are written or compared, `total_rows(dataset)`
        in all. The report's `seconds` say where the time went. Validate first
        (`dataset.read_dataset`): this writes what it is given, refusing only kinds and types
        outside the vocabulary.

        The (:Dataset) node remembers the folder a dataset was loaded from. A dataset of the same
        name loaded from another folder is refused unless `adopt` (this folder now holds that
        dataset), so that one folder never removes another's records; with `keep_stale` the two
        folders are merged, with a warning (`report.warnings`). A second load of the same dataset
        waits for the first (`waiting(message)` is told so); loads of different datasets run side
        by side. Ctrl-C is held until a safe point, then raised as KeyboardInterrupt with nothing
        of the new version left; if it came during the flip, the load is complete and
        `report.interrupted` says so.
        """
        import os

        from graphkit.store.load import BATCH_SIZE, load

        size = batch_size or int(os.environ.get("GRAPHKIT_LOAD_BATCH") or BATCH_SIZE)
        return load(self.driver, self.database, dataset, keep_stale=keep_stale, adopt=adopt,
                    batch_size=size, progress=progress, waiting=waiting)

    @_translated
    def unload(self, name: str) -> "DatasetCounts":
        """Remove one dataset (readers see all of it, then none); returns what it held.

        Written in batches like a load (so a dataset of any size goes in a small heap): everything
        is marked, one small transaction makes its removal current, then it is deleted in batches
        with its load log. Other datasets are never touched (links between datasets, such as
        SAME_AS, go with it). A dataset that is not loaded is a `StoreError` naming the loaded ones.
        """
        from graphkit.errors import StoreError
        from graphkit.store.load import unload

        counts = unload(self.driver, self.database, name)
        if counts is None:
            loaded = ", ".join(found.dataset for found in self.status().datasets) or "none"
            raise StoreError(f"No dataset {name!r} in the database (loaded: {loaded}), so nothing was removed",
                             hint="graphkit status lists the loaded datasets")
        return counts

    @_translated
    def write_scores(self, graph: "nx.MultiDiGraph", scores: dict[str, float], *, property: str) -> int:
        """Store the scores of `graph`'s actors (a graph from `read_graph`) on their (:Actor) nodes.

        One transaction; returns how many actors got a score. The property is first removed from
        every actor of the datasets concerned, so that it holds exactly this run's scores (an
        actor outside a time slice has none). graphkit's loads leave such properties alone.

            store.write_scores(graph, nx.pagerank(graph), property=score_property("pagerank"))
        """
        from graphkit.store.scores import write_scores

        return write_scores(self.driver, self.database, graph, scores, property)

    @_translated
    def write_same_as(self, rows: list[dict[str, Any]], datasets: list[str]) -> int:
        """Record which actors of `datasets` are one as SAME_AS relationships, in one transaction:
        those between them are first removed, so the database holds exactly `rows` (each
        {left_dataset, left_id, right_dataset, right_id, origin, by, date, note}) and writing
        twice changes nothing. Returns how many were written (rows whose actors are not loaded
        write none)."""
        from graphkit.store.cypher import load_cypher

        def work(tx) -> int:
            tx.run(load_cypher("link/clear_same_as"), datasets=datasets).consume()
            return tx.run(load_cypher("link/write_same_as"), rows=rows).single()["count"]

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    # --- reading ------------------------------------------------------------------------------

    @_translated
    def read_graph(self, *, dataset: str | None = None, cypher: str | None = None,
                   parameters: dict[str, Any] | None = None, types=None, kinds=None, statuses=None,
                   as_of=None, between=None, certain: bool = False, undated: str = "exclude",
                   known_by=None, keep_isolated: bool = False, merge: bool = False,
                   datasets: list[str] | None = None) -> "nx.MultiDiGraph":
        """Read a graph back, in the form `graph.dataset_to_graph` builds from files.

        - `dataset`: that whole dataset (a `StoreError` if it is not loaded);
        - `cypher` (with `parameters`): the actors, relationships and paths the query returns,
          read-only; relationships among the actors carry their citations; a relationship whose
          end nodes the query did not return brings them along; the `sources` graph attribute
          holds the sources returned or cited;
        - neither: every dataset in the database.

        The filters (`types`, `kinds`, `statuses`, `as_of`, `between` with `certain` and
        `undated`, `known_by`, `keep_isolated`) are those of `graph.filter_graph`, and the result is
        what it would keep (a slice keeps only the actors tied in it, unless `keep_isolated`), with
        the same `filters`, `left_out`, `unconnected` and `not_existing` graph attributes; with none given nothing is
        filtered (denied claims too are read; `certain` and `undated` only qualify a window).
        Dataset reads apply them in Cypher, on the precomputed bounds of valid time and knowledge
        days, so only what passes is read; what a relationship's citations said by `known_by`
        is then worked out here. A `cypher` query's result is filtered here (put them in the
        query to read less).

        With `merge`, every loaded dataset (or those named in `datasets`) is read as one network
        whose actors judged the same (SAME_AS, written by `write_same_as`, and the actors' own
        `same_as` entries) are one node, as `graph.merge.merge_graph` makes it from files too;
        the filters then apply to the merged network.

        Node keys are actor ids; when the graph holds several datasets (or `merge`) they are "dataset:id" (ids
        are unique only within a dataset), and so are source ids in `sources` and citations, and
        the graph attribute `keys` says so (`QUALIFIED`).
        """
        from graphkit.graph import filter_graph
        from graphkit.store.read import cypher_filters, read_graph

        filters = {"types": types, "kinds": kinds, "statuses": statuses, "as_of": as_of, "between": between,
                   "known_by": known_by}
        modifiers = {"certain": certain, "undated": undated}
        graph = read_graph(self.driver, self.database, dataset=dataset, cypher=cypher, parameters=parameters,
                           filters=cypher_filters(**filters, **modifiers), merge=merge, datasets=datasets,
                           keep_isolated=keep_isolated)
        in_cypher = graph.graph.pop("left_out", None) or {}
        unconnected = graph.graph.pop("unconnected", 0)  # actors a dataset read left out as untied
        not_existing = graph.graph.pop("not_existing", 0)  # ... and as not existing in the window
        if all(value is None for value in filters.values()):
            return graph
        # removes from a dataset read only the actors left with no relationship in the slice
        result = filter_graph(graph, **filters, **modifiers, keep_isolated=keep_isolated)
        left_out = result.graph["left_out"]
        for reason, count in in_cypher.items():
            left_out[reason] = left_out.get(reason, 0) + count
        result.graph["unconnected"] += unconnected
        result.graph["not_existing"] += not_existing
        return result

    @_translated
    def query(self, cypher: str, parameters: dict[str, Any] | None = None, *, write: bool = False,
              limit: int | None = None) -> QueryResult:
        """Run one Cypher statement, read-only unless `write`; at most `limit` rows are fetched.

        A statement that writes in read-only mode is a `QueryError`: the server itself refuses
        it, so nothing is written.
        """
        from graphkit.store.query import run_query

        return run_query(self.driver, self.database, cypher, parameters, write=write, limit=limit)
