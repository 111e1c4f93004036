"""Graphs read back from a real Neo4j are the graphs built from the files; analysis reads either."""

from __future__ import annotations

import json
import secrets

import pytest

from conftest import dataset_copy, run_graphkit
from graphkit import neo4j_store
from graphkit.datasets import read_dataset
from graphkit.graph import dataset_to_graph


def edges(graph) -> dict:
    return {(u, v, key): data for u, v, key, data in graph.edges(keys=True, data=True)}


def test_round_trip_files_neo4j_graph(neo4j_driver, neo4j_config, loaded_seed):
    name, dataset = loaded_seed
    expected = dataset_to_graph(dataset)
    graph = neo4j_store.read_graph(neo4j_driver, dataset=name, database=neo4j_config.database)
    assert graph.graph == expected.graph  # name, title, description, license, version, sources
    assert dict(graph.nodes(data=True)) == dict(expected.nodes(data=True))
    assert edges(graph) == edges(expected)
    assert graph.number_of_edges() == len(dataset.relationships)


def test_round_trip_through_a_config(neo4j_config, loaded_seed):
    name, dataset = loaded_seed
    graph = neo4j_store.read_graph(neo4j_config, dataset=name)
    assert edges(graph) == edges(dataset_to_graph(dataset))


def test_a_cypher_subgraph(neo4j_driver, neo4j_config, loaded_seed):
    name, dataset = loaded_seed
    full = dataset_to_graph(dataset)
    graph = neo4j_store.read_graph(
        neo4j_driver, cypher="MATCH (a:Actor {dataset: $dataset})-[r:FUNDS]->(b:Actor) RETURN a, r, b",
        parameters={"dataset": name}, database=neo4j_config.database)
    funds = {key: data for key, data in edges(full).items() if data["type"] == "FUNDS"}
    assert edges(graph) == funds and funds
    ends = {u for u, _, _ in funds} | {v for _, v, _ in funds}
    assert dict(graph.nodes(data=True)) == {node: full.nodes[node] for node in ends}
    cited = {c["source"] for data in funds.values() for c in data["citations"]}
    assert graph.graph["sources"] == {s: full.graph["sources"][s] for s in cited}
    assert graph.graph["name"] == name and graph.graph["title"] == dataset.title


def test_relationships_and_paths_bring_their_ends(neo4j_driver, neo4j_config, loaded_seed):
    name, dataset = loaded_seed
    full = dataset_to_graph(dataset)
    only_rels = neo4j_store.read_graph(
        neo4j_driver, cypher="MATCH (:Actor {dataset: $dataset, id: 'hamas'})-[r]-(:Actor) RETURN r",
        parameters={"dataset": name}, database=neo4j_config.database)
    around = {key: data for key, data in edges(full).items() if "hamas" in key[:2]}
    assert edges(only_rels) == around
    assert all(only_rels.nodes[node] == full.nodes[node] for node in only_rels)
    paths = neo4j_store.read_graph(
        neo4j_driver, cypher="MATCH p = (:Actor {dataset: $dataset, id: 'anwar-ibrahim'})-[*1..2]-(:Actor) "
                             "WHERE all(r IN relationships(p) WHERE type(r) <> 'CITES') RETURN p",
        parameters={"dataset": name}, database=neo4j_config.database)
    first = {key for key in edges(full) if "anwar-ibrahim" in key[:2]}
    assert first <= set(edges(paths)) <= set(edges(full))
    assert all(edges(paths)[key] == edges(full)[key] for key in edges(paths))


def test_two_datasets_get_qualified_keys(neo4j_driver, neo4j_config, loaded_seed, tmp_path):
    name, dataset = loaded_seed
    other = f"other-{secrets.token_hex(4)}"
    neo4j_store.load(neo4j_driver, read_dataset(dataset_copy(tmp_path, other)), database=neo4j_config.database)
    try:
        graph = neo4j_store.read_graph(
            neo4j_driver, cypher="MATCH (a:Actor)-[r:MET_WITH]->(b:Actor) WHERE a.dataset IN $names RETURN a, r, b",
            parameters={"names": [name, other]}, database=neo4j_config.database)
        assert graph.graph["keys"] == neo4j_store.QUALIFIED
        met = {key: data for key, data in edges(dataset_to_graph(dataset)).items() if data["type"] == "MET_WITH"}
        for which in (name, other):
            mine = {(u.split(":", 1)[1], v.split(":", 1)[1], k): data for (u, v, k), data in edges(graph).items()
                    if data["dataset"] == which}
            assert mine.keys() == met.keys()
            for key, data in mine.items():
                assert [c["source"] for c in data["citations"]] == \
                    [f"{which}:{c['source']}" for c in met[key]["citations"]]
            assert f"{which}:hamas" in graph and graph.nodes[f"{which}:hamas"]["dataset"] == which
        everything = neo4j_store.read_graph(neo4j_driver, database=neo4j_config.database)
        assert {f"{name}:anwar-ibrahim", f"{other}:anwar-ibrahim"} <= set(everything)
    finally:
        neo4j_store.delete_dataset(neo4j_driver, other, database=neo4j_config.database)


def test_what_cannot_be_read(neo4j_driver, neo4j_config):
    with pytest.raises(neo4j_store.Neo4jStoreError, match="No dataset 'no-such-dataset'"):
        neo4j_store.read_graph(neo4j_driver, dataset="no-such-dataset", database=neo4j_config.database)
    with pytest.raises(neo4j_store.Neo4jStoreError, match="no nodes, relationships or paths"):
        neo4j_store.read_graph(neo4j_driver, cypher="RETURN 1 AS one", database=neo4j_config.database)
    with pytest.raises(neo4j_store.Neo4jStoreError, match="writes"):
        neo4j_store.read_graph(neo4j_driver, cypher="CREATE (n:GraphkitReadCheck) RETURN n",
                               database=neo4j_config.database)


def test_centrality_from_neo4j_equals_centrality_from_files(neo4j_config, loaded_seed, tmp_path):
    name, _ = loaded_seed
    folder = dataset_copy(tmp_path, name)
    for args in (["--measure", "pagerank"], ["--measure", "all", "--as-of", "2023-10"],
                 ["--measure", "betweenness", "--types", "SUPPORTS,FUNDS,OPPOSES"]):
        from_files = run_graphkit("centrality", str(folder), *args, "--top", "0", "--format", "json")
        from_neo4j = run_graphkit("centrality", "--dataset", name, *args, "--top", "0", "--format", "json",
                                  env=neo4j_config.env())
        assert from_files.returncode == 0 and from_neo4j.returncode == 0, from_files.stderr + from_neo4j.stderr
        # The same scores; sums taken in another order may differ in the last bits, and so may
        # the order of actors whose scores tie.
        files = {row.pop("id"): row for row in json.loads(from_files.stdout)}
        neo4j = {row.pop("id"): row for row in json.loads(from_neo4j.stdout)}
        assert neo4j.keys() == files.keys() and len(files) > 50
        for actor, row in files.items():
            other = neo4j[actor]
            assert (other["name"], other["kind"]) == (row["name"], row["kind"])
            scores = {key: value for key, value in row.items() if isinstance(value, float)}
            assert {key: other[key] for key in scores} == pytest.approx(scores, rel=1e-9, abs=1e-12)
            assert abs(other["rank"] - row["rank"]) <= sum(
                abs(r["score"] - row["score"]) < 1e-9 for r in files.values())


def test_centrality_write_stores_scores_on_actors(neo4j_config, neo4j_driver, loaded_seed, tmp_path):
    name, _ = loaded_seed
    folder = dataset_copy(tmp_path, name)
    for args, prop in ((["--measure", "pagerank"], "centrality_pagerank"),
                       (["--measure", "degree", "--as-of", "2023-10-31"], "centrality_degree_asof_2023_10_31")):
        result = run_graphkit("centrality", "--dataset", name, *args, "--top", "0", "--format", "json", "--write",
                              env=neo4j_config.env())
        assert result.returncode == 0, result.stderr
        assert prop in result.stderr
        expected = run_graphkit("centrality", str(folder), *args, "--top", "0", "--format", "json")
        scores = {row["id"]: row["score"] for row in json.loads(expected.stdout)}
        records, _, _ = neo4j_driver.execute_query(
            "MATCH (a:Actor {dataset: $dataset}) WHERE a[$prop] IS NOT NULL RETURN a.id AS id, a[$prop] AS score",
            dataset=name, prop=prop, database_=neo4j_config.database)
        stored = {row["id"]: row["score"] for row in records}
        assert stored.keys() == scores.keys()
        assert all(stored[key] == pytest.approx(scores[key], abs=1e-12) for key in scores)
    # A reload leaves the scores, which graphkit does not own, alone.
    report = neo4j_store.load(neo4j_driver, read_dataset(folder), database=neo4j_config.database)
    assert not report.changed
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Actor {dataset: $dataset}) WHERE a.centrality_pagerank IS NOT NULL RETURN count(a) AS n",
        dataset=name, database_=neo4j_config.database)
    assert records[0]["n"] == len(read_dataset(folder).actors)


def test_centrality_write_needs_neo4j(loaded_seed, tmp_path):
    result = run_graphkit("centrality", str(dataset_copy(tmp_path, "files-only")), "--write")
    assert result.returncode != 0 and "--write stores scores in Neo4j" in result.stderr
