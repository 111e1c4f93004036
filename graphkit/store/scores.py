"""Storing analysis scores on the (:Actor) nodes they were computed for."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from graphkit.errors import QueryError
from graphkit.model import Actor
from graphkit.store.cypher import load_cypher
from graphkit.store.mapping import own_properties
from graphkit.store.read import QUALIFIED

if TYPE_CHECKING:
    import neo4j
    import networkx as nx


def score_property(measure: str, *, as_of: Any = None, between: tuple[Any, Any] | None = None) -> str:
    """The Actor property that stores a measure's scores for a time slice.

    >>> score_property("pagerank"), score_property("pagerank", as_of="2023-10-31")
    ('centrality_pagerank', 'centrality_pagerank_asof_2023_10_31')
    >>> score_property("betweenness", between=("2023", "2024-06"))
    'centrality_betweenness_between_2023_2024_06'
    """
    parts = ["centrality", measure]
    if as_of is not None:
        parts += ["asof", str(as_of)]
    if between is not None:
        parts += ["between", str(between[0]), str(between[1])]
    return re.sub(r"[^a-z0-9]+", "_", "_".join(parts).lower()).strip("_")


def check_property(name: str) -> None:
    """Refuse a property that cannot hold scores: not a plain name, or one of graphkit's own.

    >>> check_property("centrality_pagerank")
    >>> check_property("start_min")
    Traceback (most recent call last):
    ...
    graphkit.errors.QueryError: 'start_min' cannot hold scores
    """
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or name in own_properties(Actor):
        raise QueryError(f"{name!r} cannot hold scores",
                         hint="use lower-case letters, digits and _, and not one of graphkit's own properties")


def write_scores(driver: "neo4j.Driver", database: str | None, graph: "nx.MultiDiGraph",
                 scores: dict[str, float], property: str) -> int:
    """Store scores (see `Store.write_scores`)."""
    check_property(property)
    rows: dict[str, list] = {}
    for key, value in scores.items():
        dataset = graph.nodes[key].get("dataset")
        if dataset is None:
            continue  # not an actor read from Neo4j
        actor = key[len(dataset) + 1:] if graph.graph.get("keys") == QUALIFIED else key
        rows.setdefault(dataset, []).append({"id": actor, "props": {property: value}})
    with driver.session(database=database) as session:
        return session.execute_write(_write_scores, rows, property)


def _write_scores(tx, rows: dict[str, list], property: str) -> int:
    written = 0
    for dataset, batch in rows.items():
        tx.run(load_cypher("scores/clear"), dataset=dataset, props={property: None}).consume()
        written += tx.run(load_cypher("scores/write"), dataset=dataset, rows=batch).single()["count"]
    return written
