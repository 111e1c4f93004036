"""Versioned loads against a real Neo4j: the load log, a reload that sends nothing, what a new
version of an actor keeps (stored scores, SAME_AS links), a second load of the same dataset
waiting for the first, and a load weighed against the server's transaction memory up front."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from conftest import GRAPHKIT, writing
from graphkit import synthetic
from graphkit.errors import StoreError
from graphkit.model import Actor
from test_load import leftovers, snapshot




def _loads(driver, database: str, name: str) -> list[tuple]:
    records, _, _ = driver.execute_query(
        "MATCH (l:GraphkitLoad {dataset: $dataset}) RETURN l.number AS number, l.state AS state, "
        "l.relationships_created AS created ORDER BY l.number", dataset=name, database_=database)
    return [tuple(record.values()) for record in records]


def test_each_load_is_logged_and_an_unchanged_reload_sends_nothing(neo4j_config, neo4j_driver, neo4j_store, names):
    dataset = synthetic.generate(120, seed=8)
    dataset.name = names("log")
    neo4j_store.load(dataset, batch_size=50)
    [(first, state, created)] = _loads(neo4j_driver, neo4j_config.database, dataset.name)
    assert (state, created) == ("current", len(dataset.relationships))
    before = snapshot(neo4j_driver, neo4j_config.database, dataset.name, raw=True)
    assert all(props["gk_load"] == first and len(props["gk_hash"]) == 32
               for labels, props in before["nodes"].values() if "Dataset" not in labels)

    report = neo4j_store.load(dataset)
    assert not report.changed and report.total("unchanged") == 120 + len(dataset.sources) + len(dataset.relationships)
    assert snapshot(neo4j_driver, neo4j_config.database, dataset.name, raw=True) == before  # nothing rewritten
    assert _loads(neo4j_driver, neo4j_config.database, dataset.name) == [(first, "current", created)]

    dataset.actors.pop(next(iter(dataset.actors)))  # an actor goes, with its relationships
    for rel_id in [key for key, rel in dataset.relationships.items()
                   if rel.source not in dataset.actors or rel.target not in dataset.actors]:
        del dataset.relationships[rel_id]
    report = neo4j_store.load(dataset)
    assert report.counts["actors"]["removed"] == 1
    [(number, state, _), (later, now, _)] = _loads(neo4j_driver, neo4j_config.database, dataset.name)
    assert (number, state, now) == (first, "superseded", "current") and later > first
    assert leftovers(neo4j_driver, neo4j_config.database, dataset.name) == {"staging": 0, "nodes": 0,
                                                                             "relationships": 0}


def test_a_new_version_of_an_actor_keeps_its_scores_and_same_as_links(neo4j_config, neo4j_driver, neo4j_store,
                                                                     names):
    left, right = synthetic.generate(30, seed=9), synthetic.generate(30, seed=10)
    left.name, right.name = names("left"), names("right")
    for dataset in (left, right):
        neo4j_store.load(dataset)
    actor = next(iter(left.actors))
    neo4j_store.write_same_as([{"left_dataset": left.name, "left_id": actor, "right_dataset": right.name,
                                "right_id": actor, "origin": "judgement", "by": "test", "date": "2026-12-01",
                                "note": None}], [left.name, right.name])
    neo4j_driver.execute_query("MATCH (a:Actor {dataset: $dataset, id: $id}) SET a.score_pagerank = 0.25",
                               dataset=left.name, id=actor, database_=neo4j_config.database)
    left.actors[actor].name = "Renamed"
    assert neo4j_store.load(left).counts["actors"]["updated"] == 1
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Actor {dataset: $dataset, id: $id}) "
        "RETURN a.name AS name, a.score_pagerank AS score, COUNT { (a)-[:SAME_AS]->() } AS same_as",
        dataset=left.name, id=actor, database_=neo4j_config.database)
    assert [record.data() for record in records] == [{"name": "Renamed", "score": 0.25, "same_as": 1}]


def test_a_second_load_of_the_same_dataset_waits_for_the_first(neo4j_config, neo4j_driver, tmp_path, names):
    name = names("twice-at-once")
    big = synthetic.generate(1500, seed=13)
    big.name = name
    synthetic.write_dataset(big, tmp_path / "big")
    env = {**os.environ, **neo4j_config.env(), "GRAPHKIT_LOAD_BATCH": "100"}
    first = subprocess.Popen([str(GRAPHKIT), "load", str(tmp_path / "big")], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while not writing(neo4j_driver, neo4j_config.database, "CREATE (a)-[r:$(row.type)]->(b)"):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first load never wrote relationships"
            time.sleep(0.05)
        second = subprocess.run([str(GRAPHKIT), "load", str(tmp_path / "big")], env=env, capture_output=True,
                                text=True, timeout=600)
        out, err = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert f"dataset {name!r} is being loaded by another graphkit load" in second.stderr
    assert f"{name}: 0 created, 0 updated, 0 removed, " in second.stdout  # it found the first one's version
    assert leftovers(neo4j_driver, neo4j_config.database, name) == {"staging": 0, "nodes": 0, "relationships": 0}


def test_a_load_the_server_cannot_hold_is_refused_before_writing(neo4j_config, neo4j_driver, neo4j_store, names):
    """A record of 3 MB: fifty of them need more transaction memory than a 1 GB heap's server
    gives (its limit is the setting named), so the load is refused at once; records of 300 KB
    only shrink the batch."""
    dataset = synthetic.generate(60, seed=14)
    dataset.name = names("too-big")
    first = next(iter(dataset.actors.values()))
    dataset.actors[first.id] = Actor(**{**vars(first), "description": "x" * 3_000_000})
    with pytest.raises(StoreError, match=r"memory\.transaction.*so nothing was written") as refused:
        neo4j_store.load(dataset)
    assert "set " in refused.value.hint and " to at least " in refused.value.hint
    assert not any(found.dataset == dataset.name for found in neo4j_store.status().datasets)

    dataset.actors[first.id] = Actor(**{**vars(first), "description": "x" * 300_000})
    neo4j_store.load(dataset)
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (l:GraphkitLoad {dataset: $dataset, state: 'current'}) RETURN l.batch_size AS size",
        dataset=dataset.name, database_=neo4j_config.database)
    assert 50 <= records[0]["size"] < 5000
