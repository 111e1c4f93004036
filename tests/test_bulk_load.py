"""`graphkit load --bulk`: a first load through neo4j-admin into a new database, in the versioned
shape a `graphkit load` writes, so that readers see it and a following load finds it unchanged.

The importer is `tools/neo4j-local/neo4j-local admin` on a home of its own (not the shared test
server): imported while stopped, then started, read and loaded into; the seed dataset (every kind
of citation, partial dates, statuses) is the data.
"""

from __future__ import annotations

import re
import secrets
import shlex
import shutil

import pytest

from conftest import NEO4J_LOCAL, REPO, LocalNeo4j, cli, free_port, neo4j_local
from graphkit.dataset import read_dataset
from graphkit.errors import StoreError
from graphkit.graph import dataset_to_graph
from graphkit.store import Store
from graphkit.store.bulk import bulk_load

SEED = REPO / "seed" / "malaysia-palestine"


@pytest.fixture(scope="module")
def bulk_server(tmp_path_factory):
    """A new neo4j-local home filled by a bulk load of a copy of the seed dataset, then started."""
    assert neo4j_local("build").returncode == 0
    folder = tmp_path_factory.mktemp("bulk-dataset") / "malaysia-palestine"
    shutil.copytree(SEED, folder)
    server = LocalNeo4j(home=tmp_path_factory.mktemp("bulk-home"), port=free_port(),
                        password=secrets.token_urlsafe(18))
    admin = ["bash", str(NEO4J_LOCAL), "admin", "--home", str(server.home)]
    dataset = read_dataset(folder)
    ticks: list[int] = []
    report = bulk_load(dataset, neo4j_admin=admin, progress=ticks.append)
    started = server.run("start")
    assert started.returncode == 0, started.stderr
    yield server, dataset, report, admin, sum(ticks)
    server.run("stop")


def env_of(server: LocalNeo4j) -> dict[str, str]:
    return {"NEO4J_URI": server.config.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": server.password}


def test_readers_see_the_bulk_loaded_dataset(bulk_server):
    server, dataset, report, _, ticks = bulk_server
    sizes = (len(dataset.actors), len(dataset.sources), len(dataset.relationships))
    assert (report.counts["actors"]["created"], report.counts["sources"]["created"],
            report.counts["relationships"]["created"]) == sizes
    assert ticks == sum(sizes)
    with Store(server.config) as store:
        [counts] = store.status().datasets
        assert (counts.dataset, counts.actors, counts.sources, counts.relationships) == (dataset.name, *sizes)
        graph = store.read_graph(dataset=dataset.name, keep_isolated=True)
        loads = store.driver.execute_query(
            "MATCH (l:GraphkitLoad) RETURN l.number AS number, l.dataset AS dataset, l.state AS state").records
        missing = store.driver.execute_query(
            "MATCH (n) WHERE (n:Actor OR n:Source) AND (n.gk_load <> 1 OR n.gk_hash IS NULL) RETURN count(n) AS n "
            "UNION ALL MATCH ()-[r]->() WHERE r.gk_load <> 1 OR r.gk_hash IS NULL RETURN count(r) AS n").records
        folder = store.driver.execute_query("MATCH (d:Dataset) RETURN d.folder AS folder").records
    expected = dataset_to_graph(dataset)
    assert set(graph.nodes) == set(expected.nodes)
    assert {key for *_, key in graph.edges(keys=True)} == set(dataset.relationships)
    def evidence(g):
        return {key: (data["status"], [(c["source"], c["quote"], c["stance"]) for c in data["citations"]])
                for *_, key, data in g.edges(keys=True, data=True)}

    assert evidence(graph) == evidence(expected)
    assert [(r["number"], r["dataset"], r["state"]) for r in loads] == [(1, dataset.name, "current")]
    assert [r["n"] for r in missing] == [0, 0]
    assert [r["folder"] for r in folder] == [str(dataset.path.resolve())]


def test_a_load_after_the_bulk_load_finds_everything_unchanged(bulk_server):
    server, dataset, *_ = bulk_server
    result = cli("load", str(dataset.path), env=env_of(server))
    assert result.returncode == 0, result.stdout + result.stderr
    total = len(dataset.actors) + len(dataset.sources) + len(dataset.relationships)
    assert f"{dataset.name}: 0 created, 0 updated, 0 removed, {total} unchanged" in result.stdout
    with Store(server.config) as store:
        loads = store.driver.execute_query("MATCH (l:GraphkitLoad) RETURN l.number AS number, l.state AS state")
        indexes = store.driver.execute_query("SHOW INDEXES YIELD name WHERE name STARTS WITH 'actor' RETURN name")
    assert [(r["number"], r["state"]) for r in loads.records] == [(1, "current")]  # nothing new was written
    assert indexes.records  # the first load made graphkit's indexes, which the importer does not


def test_the_bulk_import_of_a_running_server_is_refused_in_one_line(bulk_server):
    server, dataset, _, admin, _ = bulk_server
    with pytest.raises(StoreError) as refused:
        bulk_load(dataset, neo4j_admin=admin)
    assert "\n" not in str(refused.value) and "nothing was written" in str(refused.value)
    assert "in use" in str(refused.value) and "stop the Neo4j server first" in refused.value.hint


def test_a_database_that_exists_is_refused_in_one_line(bulk_server):
    server, dataset, _, admin, _ = bulk_server
    assert server.run("stop").returncode == 0
    try:
        result = cli("load", "--bulk", str(dataset.path), "--neo4j-admin", shlex.join(admin))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert ("database 'neo4j' already exists, so the bulk import wrote nothing: "
                "neo4j-admin imports into a new database only; load it with `graphkit load`") in line
        info = neo4j_local("admin", "--home", str(server.home), "database", "info", "neo4j")
        assert re.search(r"Database in use:\s+false", info.stdout), info.stdout + info.stderr
    finally:
        assert server.run("start").returncode == 0
    with Store(server.config) as store:  # the data is as it was
        [counts] = store.status().datasets
        assert counts.actors == len(dataset.actors)


def test_a_missing_importer_is_refused_in_one_line(tmp_path):
    dataset = read_dataset(REPO / "tests" / "fixtures" / "tiny")
    with pytest.raises(StoreError) as refused:
        bulk_load(dataset, neo4j_admin=[str(tmp_path / "no-neo4j-admin")])
    assert "no such command" in str(refused.value) and "--neo4j-admin" in refused.value.hint


def test_a_csv_folder_is_bulk_loaded_from_its_columns_and_found_unchanged(tmp_path, monkeypatch):
    """A CSV folder the column reading takes is written without its graph form
    (`store.bulk_columns`); what it imports is what a load would write: a later load sends nothing."""
    from graphkit.dataset import write_csv
    from graphkit.synthetic import generate

    folder = tmp_path / "register"
    write_csv(generate(150, seed=5), folder)
    dataset = read_dataset(folder)
    server = LocalNeo4j(home=tmp_path / "home", port=free_port(), password=secrets.token_urlsafe(18))
    admin = ["bash", str(NEO4J_LOCAL), "admin", "--home", str(server.home)]

    def no_graph_form(*args, **kwargs):
        raise AssertionError("the graph form was built")

    monkeypatch.setattr("graphkit.store.bulk.dataset_to_graph", no_graph_form)
    result = cli("load", "--bulk", str(folder), "--neo4j-admin", shlex.join(admin))
    assert result.returncode == 0, result.stdout + result.stderr
    total = len(dataset.actors) + len(dataset.sources) + len(dataset.relationships)
    assert f"{dataset.name}: {total} created" in result.stdout
    assert server.run("start").returncode == 0
    try:
        again = cli("load", str(folder), env=env_of(server))
        assert again.returncode == 0, again.stdout + again.stderr
        assert f"{dataset.name}: 0 created, 0 updated, 0 removed, {total} unchanged" in again.stdout
        with Store(server.config) as store:
            graph = store.read_graph(dataset=dataset.name, keep_isolated=True)
        assert {key for *_, key in graph.edges(keys=True)} == set(dataset.relationships)
    finally:
        server.run("stop")
