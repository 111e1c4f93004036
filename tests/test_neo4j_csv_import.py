"""The bulk-import CSV, imported by Neo4j's own `neo4j-admin database import` into a new database,
holds exactly what `graphkit load` writes for the same datasets.

The import tool is the one Maven Central ships with the Neo4j that `tools/neo4j-local` runs; the
imported database is served by a second `neo4j-local` and compared, node by node and relationship
by relationship (labels, types, ends, every property), with a normal load into the test server.
The files are those `graphkit load --bulk` writes (the export's, plus the versioned-load shape), so
the content hashes (`gk_hash`) must equal the load's too; only the load numbers differ.
The datasets: the tiny fixture, the time fixture with the rest of the time and evidence model
(`test_store_mapping.every_time_field`: every field, a citation never known), the seed dataset
and the hand-written FollowTheMoney file after `graphkit import ftm`, each under a name of its
own so that nothing else in the server mixes in.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, LocalNeo4j, cli, free_port, neo4j_local
from graphkit.dataset import read_dataset
from graphkit.formats import neo4j_csv
from graphkit.formats.ftm.read import import_ftm
from graphkit.graph import dataset_to_graph
from graphkit.store import Store
from graphkit.store.bulk_csv import IMPORT_OPTIONS, LOADS_FILE, NODE_FILES, write_files
from test_store_mapping import every_time_field

LIB = REPO / "tools" / "neo4j-local" / "target" / "lib"
FIXTURES = REPO / "tests" / "fixtures"

NODES = """
MATCH (n) WHERE n.dataset = $dataset AND NOT n:GraphkitLoad
RETURN labels(n) AS labels, properties(n) AS props
"""
RELATIONSHIPS = """
MATCH (a)-[r]->(b) WHERE r.dataset = $dataset
RETURN labels(a) AS from_labels, a.id AS from, type(r) AS type, labels(b) AS to_labels, b.id AS to,
       properties(r) AS props
"""
DELETE = "MATCH (n) WHERE n.dataset = $dataset DETACH DELETE n"
LOAD_NUMBER = "gk_load"
"""The one property a bulk import and a load write differently: which load wrote the element."""


def java() -> str:
    home = Path(os.environ.get("JAVA_HOME") or "/nonexistent")
    found = str(home / "bin" / "java") if (home / "bin" / "java").exists() else shutil.which("java")
    if not found:
        pytest.fail("Java 17 or newer is needed for neo4j-admin import", pytrace=False)
    return found


def admin_import(home: Path, folders: list[Path]) -> subprocess.CompletedProcess:
    """`neo4j-admin database import full` of the CSV folders into the database `neo4j` of `home`."""
    (home / "conf").mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").touch()
    names = [*neo4j_csv.FILES, LOADS_FILE]
    files = [f"--nodes={folder / name}" for folder in folders for name in names if name in NODE_FILES]
    files += [f"--relationships={folder / name}" for folder in folders for name in names if name not in NODE_FILES]
    return subprocess.run(
        [java(), "-Xmx512m", "-cp", f"{LIB}/*", "org.neo4j.cli.AdminTool", "database", "import", "full", "neo4j",
         *IMPORT_OPTIONS, f"--report-file={home / 'import.report'}", *files],
        env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
        capture_output=True, text=True, timeout=600, cwd=home,
    )


PIPED = "Castell met | ministry officials; on Monday."
"""A quote as a headline may be written: the characters list cells are often split on."""


def piped(folder: Path) -> Path:
    """A copy of the tiny fixture whose first quote is `PIPED`."""
    shutil.copytree(FIXTURES / "tiny", folder)
    text = (folder / "relationships.yaml").read_text(encoding="utf-8")
    (folder / "relationships.yaml").write_text(
        text.replace("Castell met ministry officials on Monday.", PIPED), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    out = tmp_path_factory.mktemp("ftm")
    import_ftm(FIXTURES / "ftm" / "lyonesse.ftm.json", "lyonesse", out / "lyonesse")
    found = []
    for dataset in (read_dataset(piped(out / "tiny")), every_time_field(),
                    read_dataset(REPO / "seed" / "malaysia-palestine"), read_dataset(out / "lyonesse")):
        dataset.name = f"csv-check-{dataset.name}-{secrets.token_hex(3)}"
        found.append(dataset)
    return found


@pytest.fixture(scope="module")
def loaded(neo4j_driver, neo4j_config, datasets):
    """The test server, with each dataset written by a normal load."""
    store = Store.from_driver(neo4j_driver, neo4j_config.database, config=neo4j_config)
    for dataset in datasets:
        store.load(dataset)
    yield neo4j_driver
    for dataset in datasets:
        neo4j_driver.execute_query(DELETE, dataset=dataset.name)


@pytest.fixture(scope="module")
def imported(datasets, tmp_path_factory):
    """A driver to a new Neo4j whose only data is the bulk import of the datasets' CSV."""
    built = neo4j_local("build")
    assert built.returncode == 0, built.stderr
    folders = []
    for dataset in datasets:
        folder = tmp_path_factory.mktemp("csv") / "import"
        load = {"number": 1, "dataset": dataset.name, "state": "current",
                "started": dt.datetime.now(dt.timezone.utc)}
        written = write_files(dataset_to_graph(dataset), folder, load=load)
        assert written == [folder / name for name in (*neo4j_csv.FILES, LOADS_FILE)]
        folders.append(folder)
    server = LocalNeo4j(home=tmp_path_factory.mktemp("imported-home"), port=free_port(),
                        password=secrets.token_urlsafe(18))
    done = admin_import(server.home, folders)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    started = server.run("start")
    assert started.returncode == 0, started.stderr
    with Store(server.config) as store:
        yield store.driver
    server.run("stop")


def contents(driver, dataset: str) -> tuple[list, list]:
    """Every node and relationship of a dataset, as sortable plain data."""
    def plain(props: dict) -> tuple:
        return tuple(sorted((key, value.iso_format() if hasattr(value, "iso_format") else
                             tuple(value) if isinstance(value, list) else value) for key, value in props.items()
                            if key != LOAD_NUMBER))

    nodes = sorted((tuple(sorted(r["labels"])), plain(r["props"]))
                   for r in driver.execute_query(NODES, dataset=dataset).records)
    rels = sorted((tuple(sorted(r["from_labels"])), r["from"], r["type"], tuple(sorted(r["to_labels"])), r["to"],
                   plain(r["props"])) for r in driver.execute_query(RELATIONSHIPS, dataset=dataset).records)
    return nodes, rels


def without_folder(nodes: list) -> list:
    """The nodes without the Dataset node's `folder`: where a load read its files from, which a
    bulk import (from files graphkit wrote) has no way to know."""
    return [(labels, tuple(item for item in props if not (labels == ("Dataset",) and item[0] == "folder")))
            for labels, props in nodes]


def test_bulk_import_equals_a_normal_load(loaded, imported, datasets):
    for dataset in datasets:
        nodes, rels = contents(imported, dataset.name)
        loaded_nodes, loaded_rels = contents(loaded, dataset.name)
        assert (without_folder(nodes), rels) == (without_folder(loaded_nodes), loaded_rels), dataset.name
        assert all(dict(props).get("gk_hash") for labels, props in nodes if labels != ("Dataset",))
        assert all(dict(props).get("gk_hash") for *_, props in rels)
        assert any(labels == ("Dataset",) and dict(props).get("folder") for labels, props in loaded_nodes)
        assert len(nodes) == len(dataset.actors) + len(dataset.sources) + 1  # and the (:Dataset) node
        typed = [r for r in rels if r[2] != "CITES"]
        assert len(typed) == len(dataset.relationships)


def test_the_hand_written_ftm_file_is_in_the_database(imported, datasets):
    name = datasets[-1].name
    rows = imported.execute_query(
        "MATCH (a:Actor {id: 'lyo-crown'})-[r:SANCTIONED]->(b:Actor) WHERE r.dataset = $dataset "
        "RETURN b.name AS name, r.quotes AS quotes, r.records AS records, r.description AS description",
        dataset=name).records
    # FtM's summary describes the record (never a quote); the citation names the FtM record
    assert [(row["name"], row["quotes"], row["records"], row["description"]) for row in rows] == [
        ("Kernow Shipping Ltd", None, ["lyo-san-1"], "The Council suspended Kernow Shipping's port licence.")]


def test_a_quote_holding_list_separators_is_imported_verbatim(imported, datasets, tmp_path):
    """A verbatim quote with ``|`` and ``;`` goes through the export and neo4j-admin as it is, and
    the export of its dataset writes it too (no value of a valid dataset is refused)."""
    quotes = [row["quotes"] for row in imported.execute_query(
        "MATCH ()-[r]->() WHERE r.dataset = $dataset AND r.quotes IS NOT NULL RETURN r.quotes AS quotes",
        dataset=datasets[0].name).records]
    assert PIPED in [quote for listed in quotes for quote in listed]
    result = cli("export", str(piped(tmp_path / "tiny")), "--format", "neo4j-csv", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert PIPED in (tmp_path / "out" / "relationships.csv").read_text(encoding="utf-8")
