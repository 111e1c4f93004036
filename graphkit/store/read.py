"""Reading the graph form back from Neo4j: whole datasets with the filters done in Cypher, or
what a Cypher query returns.

The filters are those of `graph.filter_graph` (types, kinds, statuses, a valid-time window with
`certain` and `undated`, a knowledge date) and are checked against the precomputed properties:
the bounds of valid time and `timing` for relationships, `known_from`, `known_days` and
`known_statuses` for what was known when, `start_min`/`end_max` for an actor's own dates; so only
what passes is sent, with counts of what was left out and why. What a relationship's record was
by a knowledge date (the citations known then, its first report) is worked out afterwards in
Python (`graph.as_known_by`), on what was sent.

Every read sees the current version of each dataset only, never what a load is still staging
(the `<VISIBLE ...>` rule of `store.cypher`, applied in the .cypher files; for what a query of
the user's own returns, by `visible` here), and no element's version bookkeeping (`gk_load`,
`gk_hash`, `gk_replaced`) enters the graph form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit.errors import FilterError, QueryError, StoreError
from graphkit.graph import UNDATED, time_window
from graphkit.model import PartialDate
from graphkit.store.cypher import load_cypher
from graphkit.store.from_properties import (
    from_actor_properties,
    from_dataset_properties,
    from_relationship_properties,
    from_source_properties,
    native,
)
from graphkit.store.query import refused_write
from graphkit.vocabulary import vocabulary

if TYPE_CHECKING:
    import neo4j
    import networkx as nx

QUALIFIED = "dataset:id"
"""The `keys` graph attribute of a graph whose actors and sources are keyed "dataset:id"."""
VERSIONING = ("gk_load", "gk_hash", "gk_replaced")
"""The properties that say which load wrote (or replaced) an element: bookkeeping, not data."""


def visible(props, staging) -> bool:
    """Whether an element with these properties is seen by a reader whose view of the loads is
    `staging` (`cypher.STAGING_CYPHER`: minus one minus the highest load number, then the numbers
    of the loads staging): not if a load staging or newer wrote it, nor if a load made current
    replaced it (`store.cypher`'s `<VISIBLE ...>` rule, for elements already read).

    >>> visible({"id": "a"}, [-4]), visible({"gk_load": 3}, [-4, 3]), visible({"gk_load": 2, "gk_replaced": 3}, [-4, 3])
    (True, False, True)
    >>> visible({"gk_load": 2, "gk_replaced": 3}, [-4]), visible({"gk_load": 4}, [-4])
    (False, False)
    >>> visible({"gk_replaced": 4}, [-4])  # replaced by a load opened since: still seen
    True
    """
    horizon = -staging[0] - 1
    written, replaced = props.get("gk_load") or 0, props.get("gk_replaced") or 0
    return written not in staging and written <= horizon and (not replaced or replaced in staging or replaced > horizon)


def content(props) -> dict[str, Any]:
    """An element's properties without its version bookkeeping (`VERSIONING`).

    >>> content({"id": "a", "gk_load": 3, "gk_hash": "e0f1"})
    {'id': 'a'}
    """
    return {key: value for key, value in props.items() if key not in VERSIONING}


class _Keys:
    """Graph keys for actors and sources: their ids, or "dataset:id" when several datasets meet."""

    def __init__(self, datasets, always: bool = False):
        self.qualified = always or len(set(datasets)) > 1

    def __call__(self, dataset: str | None, key: str) -> str:
        return f"{dataset}:{key}" if self.qualified else key


def cypher_filters(types=None, kinds=None, statuses=None, as_of=None, between=None, certain: bool = False,
                   undated: str = "exclude", known_by=None) -> dict[str, Any]:
    """The parameters of `read/actors.cypher` for the filters of `graph.filter_graph`; all None
    (no filter) when none is given. `certain` and `undated` qualify a time window.

    >>> cypher_filters(types=["FUNDS"], as_of="2023-10")["last"]
    datetime.date(2023, 10, 31)
    >>> cypher_filters(known_by="2024")["known_by"]
    datetime.date(2024, 12, 31)
    >>> cypher_filters()
    {'types': None, 'kinds': None, 'statuses': None, 'first': None, 'last': None, 'certain': False, 'undated': 'exclude', 'known_by': None}
    """
    if undated not in UNDATED:
        raise FilterError(f"undated must be one of {', '.join(UNDATED)}, not {undated!r}")
    window = time_window(as_of, between)
    day = PartialDate.parse(known_by).latest if known_by is not None else None
    if statuses is None and any(value is not None for value in (types, kinds, window, day)):
        statuses = [status for status in vocabulary().statuses if status != "denied"]  # filter_graph's default
    return {"types": None if types is None else list(types), "kinds": None if kinds is None else list(kinds),
            "statuses": None if statuses is None else list(statuses),
            "first": window[0] if window else None, "last": window[1] if window else None,
            "certain": bool(certain), "undated": undated, "known_by": day}


def read_graph(driver: "neo4j.Driver", database: str | None, *, dataset: str | None = None,
               cypher: str | None = None, parameters: dict[str, Any] | None = None,
               filters: dict[str, Any] | None = None, merge: bool = False,
               datasets: list[str] | None = None, keep_isolated: bool = False) -> "nx.MultiDiGraph":
    """Read a graph (see `Store.read_graph`); `filters` are `cypher_filters(...)`, for dataset reads,
    whose graph attribute `left_out` then counts what they left out in Cypher, by reason. With
    `merge`, every dataset (or those of `datasets`) keyed "dataset:id", with the actors that
    SAME_AS relationships and `same_as` entries make one merged (`graph.merge.merge_graph`).
    A filtered dataset read keeps only the actors tied in the slice, as `graph.filter_graph` does
    (unless `keep_isolated`), and counts the others in the graph attribute `unconnected`; a merged
    read leaves that to the filter of the merged network (an actor may be tied in another dataset).
    A time-sliced read counts the actors it left out as not existing then (their own dates lie
    outside the window and no relationship in it reaches them) in `not_existing`."""
    import neo4j

    if merge and (cypher is not None or dataset is not None):
        raise QueryError("A merged read is of several datasets",
                         hint="name them in `datasets`, not `dataset` or `cypher`")
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        try:
            if cypher is not None:
                return session.execute_read(_read_cypher, cypher, parameters or {})
            if merge:
                return session.execute_read(_read_merged, datasets, filters or cypher_filters())
            return session.execute_read(_read_datasets, dataset, filters or cypher_filters(), None, keep_isolated)
        except neo4j.exceptions.ClientError as error:
            if refused_write(error):
                raise QueryError("This query writes to the database",
                                 hint="a graph is read with a read-only query") from error
            raise


def _graph(tx, datasets: list[str]) -> "nx.MultiDiGraph":
    import networkx as nx

    if len(datasets) == 1:
        record = tx.run(load_cypher("read/dataset"), dataset=datasets[0]).single()
        return nx.MultiDiGraph(**from_dataset_properties(content(record["props"]) if record else {}, datasets[0]),
                               sources={})
    graph = nx.MultiDiGraph(**from_dataset_properties({}, "+".join(datasets) or "neo4j"), sources={})
    if len(datasets) > 1:
        graph.graph["keys"] = QUALIFIED
    return graph


def _add_sources(graph: "nx.MultiDiGraph", key: _Keys, dataset: str | None, rows) -> None:
    for props in rows:
        source = from_source_properties(content(props))
        graph.graph["sources"][key(dataset, source["id"])] = {**source, "id": key(dataset, source["id"])}


def _read_merged(tx, datasets: list[str] | None, filters: dict[str, Any]) -> "nx.MultiDiGraph":
    """Datasets keyed "dataset:id", the actors that are one across them merged."""
    from graphkit.graph.merge import merge_graph

    graph = _read_datasets(tx, None, filters, merge_from=datasets or [])
    names = sorted({data.get("dataset") for _, data in graph.nodes(data=True)} - {None})
    pairs = [(f"{row['left_dataset']}:{row['left_id']}", f"{row['right_dataset']}:{row['right_id']}")
             for row in tx.run(load_cypher("read/same_as"), datasets=names)]
    return merge_graph(graph, pairs)


def _read_datasets(tx, dataset: str | None, filters: dict[str, Any],
                   merge_from: list[str] | None = None, keep_isolated: bool = True) -> "nx.MultiDiGraph":
    names = [record["dataset"] for record in tx.run(load_cypher("read/datasets"))]
    for wanted in [dataset] if dataset is not None else merge_from or []:
        if wanted not in names:
            loaded = ", ".join(names) or "none"
            raise StoreError(f"No dataset {wanted!r} in the database (loaded: {loaded})",
                             hint="load it with `graphkit load`")
    names = [dataset] if dataset is not None else sorted(merge_from) if merge_from else names
    graph = _graph(tx, names)
    key = _Keys(names, always=merge_from is not None)
    if key.qualified:
        graph.graph["keys"] = QUALIFIED
    left_out = graph.graph["left_out"] = {}  # by reason: what the filters left out in Cypher
    not_existing = 0
    for name in names:
        sources = tx.run(load_cypher("read/sources"), dataset=name, ids=None)
        _add_sources(graph, key, name, (record["props"] for record in sources))
        edges = []
        # In the order of ids, whatever plan the server chose: the same version reads the same graph.
        rows = sorted(tx.run(load_cypher("read/actors"), dataset=name, **filters), key=lambda row: row[0] or "")
        for actor_id, labels, props, out, reasons in rows:
            if actor_id is None:  # deleted while read (a replaced version, cleaned up): not part of what it reads
                continue
            if props is not None:
                graph.add_node(key(name, actor_id), **from_actor_properties(content(props), labels))
            else:  # left out by the window: its own dates say it did not exist then
                not_existing += 1
            edges.extend((actor_id, target, type_, rel) for target, type_, rel in sorted(out, key=_by_id))
            for reason in reasons:
                left_out[reason] = left_out.get(reason, 0) + 1
        for source, target, type_, props in edges:
            if props is None or target is None:  # deleted while read, as a replaced version is cleaned up
                continue
            attrs = from_relationship_properties(type_, content(props), lambda s: key(name, s))
            graph.add_edge(key(name, source), key(name, target), key=attrs["id"], **attrs)
    sliced = any(filters.get(name) is not None for name in ("types", "kinds", "statuses", "first", "known_by"))
    if sliced and not keep_isolated:  # a slice keeps the actors tied in it (graph.filter_graph's rule)
        isolated = [node for node in graph if graph.degree(node) == 0]
        graph.remove_nodes_from(isolated)
        graph.graph["unconnected"] = len(isolated)
    if filters.get("first") is not None:
        graph.graph["not_existing"] = not_existing
    return graph


def _elements(values):
    """The nodes and relationships in a row's values (in paths, lists and maps too)."""
    import neo4j

    for value in values:
        if isinstance(value, (neo4j.graph.Node, neo4j.graph.Relationship)):
            yield value
        elif isinstance(value, neo4j.graph.Path):
            yield from value.nodes
            yield from value.relationships
        elif isinstance(value, (list, dict)):
            yield from _elements(value.values() if isinstance(value, dict) else value)


def _by_id(relationship: list) -> tuple:
    """An order of the relationships that leave an actor: by target, type and id."""
    target, type_, props = relationship
    return target or "", type_ or "", (props or {}).get("id") or ""


def _read_cypher(tx, cypher: str, parameters: dict[str, Any]) -> "nx.MultiDiGraph":
    import neo4j

    # The query itself sees every version: a row with an element of a load still staging (or one
    # replaced by a load made current) is left out whole, as the query would not have found it.
    # The loads are read first, as a statement's <STAGING> is: a load opened meanwhile stays out.
    staging = tx.run(load_cypher("read/staging")).single()["staging"]
    rows = [list(_elements(record.values())) for record in tx.run(cypher, parameters)]
    if rows and not any(rows):
        raise QueryError("The query returned no nodes, relationships or paths to build a graph from",
                         hint="return them, e.g. MATCH (a:Actor)-[r]->(b:Actor) RETURN a, r, b")
    nodes, ends, relationships = {}, {}, {}
    for elements in rows:
        if all(visible(element, staging) for element in elements):
            for element in elements:
                if isinstance(element, neo4j.graph.Relationship):
                    relationships[element.element_id] = element
                    ends.update((node.element_id, node) for node in element.nodes)
                else:
                    nodes[element.element_id] = element
    nodes = {**ends, **nodes}
    relationships = list(relationships.values())
    bare = [element for element, node in nodes.items() if not node.labels]
    if bare:  # ends of relationships whose nodes the query did not return (if visible)
        for element in bare:
            del nodes[element]
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
            graph.add_node(names[element], **from_actor_properties(content(node), node.labels))
        elif not node.labels & {"Source", "Dataset", "GraphkitLoad"}:
            names[element] = str(node.get("id") or element)
            graph.add_node(names[element], **{**{k: native(v) for k, v in content(node).items()},
                                              **from_actor_properties(content(node), node.labels)})
    cited: dict[str | None, set[str]] = {}
    for rel in relationships:
        start, end = rel.start_node.element_id, rel.end_node.element_id
        if rel.type == "CITES" or start not in names or end not in names:
            continue
        dataset = rel.get("dataset")
        attrs = from_relationship_properties(rel.type, content(rel), lambda s, d=dataset: key(d, s))
        attrs["id"] = attrs["id"] or rel.element_id
        graph.add_edge(names[start], names[end], key=attrs["id"], **attrs)
        cited.setdefault(dataset, set()).update(rel.get("source_ids") or ())
    for node in sources:
        cited.get(node.get("dataset"), set()).discard(node.get("id"))
        _add_sources(graph, key, node.get("dataset"), [dict(node)])
    for dataset, ids in cited.items():
        if dataset is not None and ids:
            rows = tx.run(load_cypher("read/sources"), dataset=dataset, ids=sorted(ids))
            _add_sources(graph, key, dataset, (record["props"] for record in rows))
    return graph
