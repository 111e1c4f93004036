"""`graphkit load` under a careless or hurried user (issue 15, items 11, 14, 15, 16): two loads at
once on a fresh database, Ctrl-C at any moment, one bad dataset among good ones, and a folder
whose dataset.yaml names a dataset loaded from another folder."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time

import pytest

from conftest import GRAPHKIT, LocalNeo4j, cli, dataset_copy, free_port, one_line_error, writing
from graphkit import synthetic
from test_load import drop_records, snapshot


def _popen(*args: str, env: dict[str, str]) -> subprocess.Popen:
    """graphkit in a process of its own, with Ctrl-C as a terminal gives it: a test run started in
    the background (``make test &``) ignores SIGINT, and its children would inherit that."""
    return subprocess.Popen([str(GRAPHKIT), *args], env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))



# --- item 14: two loads at once on a fresh database ---------------------------------------------

def _make_fresh(driver) -> None:
    """Empty the database and drop graphkit's schema: what a new server has."""
    driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    for what, show in (("CONSTRAINT", "CONSTRAINTS"), ("INDEX", "INDEXES")):
        records, _, _ = driver.execute_query(f"SHOW {show} YIELD name, type RETURN name, type", database_="neo4j")
        for record in records:
            if record["type"] != "LOOKUP" and not (what == "INDEX" and _backs_constraint(driver, record["name"])):
                driver.execute_query(f"DROP {what} `{record['name']}` IF EXISTS", database_="neo4j")


def _backs_constraint(driver, index: str) -> bool:
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name, owningConstraint WHERE name = $name "
                                         "RETURN owningConstraint", name=index, database_="neo4j")
    return bool(records) and records[0]["owningConstraint"] is not None


def test_two_loads_at_once_on_a_fresh_database_both_succeed(tmp_path):
    """A server of its own, made fresh before each of five rounds: two `graphkit load` processes
    started together (the same dataset, then two different ones) both succeed, saying nothing
    of locks; the schema is whole afterwards."""
    from graphkit.store import Store

    server = LocalNeo4j(home=tmp_path / "home", port=free_port(), password=secrets.token_urlsafe(18))
    started = server.run("start")
    assert started.returncode == 0, started.stderr
    try:
        first, second = dataset_copy(tmp_path, "race-a"), dataset_copy(tmp_path, "race-b")
        with Store(server.config) as store:
            for round_ in range(5):
                _make_fresh(store.driver)
                folders = (first, first) if round_ % 2 == 0 else (first, second)
                loads = [_popen("load", str(folder), env=server.config.env()) for folder in folders]
                outputs = [load.communicate(timeout=300) for load in loads]
                for load, (out, err) in zip(loads, outputs):
                    assert load.returncode == 0, f"round {round_}: {err}"
                    assert "Traceback" not in err and "Deadlock" not in err and "lock" not in out + err
                created, total = store.apply_schema()
                assert created == 0, f"round {round_}: the schema was left incomplete"
                for folder in set(folders):
                    name = folder.name
                    records, _, _ = store.driver.execute_query(
                        "MATCH (a:Actor {dataset: $name}) RETURN count(a) AS n", name=name, database_="neo4j")
                    assert records[0]["n"] > 0
    finally:
        server.run("stop")


# --- item 15: Ctrl-C during a load -------------------------------------------------------------

def _load_writing(driver, database: str) -> bool:
    return writing(driver, database, "UNWIND $rows")


@pytest.mark.parametrize("when", ["validating", "writing", "writing-later", "writing-latest"])
def test_ctrl_c_during_a_load_is_one_line_and_writes_nothing(neo4j_config, neo4j_driver, neo4j_store, tmp_path,
                                                             names, when):
    name = names("interrupted")
    small = synthetic.generate(300, seed=3)
    small.name = name
    neo4j_store.load(small)
    before = snapshot(neo4j_driver, neo4j_config.database, name)
    big = synthetic.generate(12_000, seed=12)
    big.name = name
    synthetic.write_dataset(big, tmp_path / "big")

    load = _popen("load", str(tmp_path / "big"), env=neo4j_config.env())
    try:
        if when == "validating":  # past the start of Python, reading the 12,000 actors
            time.sleep(2.5)
        else:
            deadline = time.monotonic() + 180
            while not _load_writing(neo4j_driver, neo4j_config.database) and load.poll() is None:
                assert time.monotonic() < deadline, "the load never started writing"
                time.sleep(0.02)
            time.sleep({"writing": 0, "writing-later": 0.7, "writing-latest": 1.5}[when])
        assert load.poll() is None, load.communicate()
        load.send_signal(signal.SIGINT)
        out, err = load.communicate(timeout=120)
    finally:
        if load.poll() is None:
            load.kill()
    assert load.returncode == 130, (out, err)
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith(f"Loading {name}")]
    assert "Traceback" not in out + err and "BufferError" not in err and "params" not in err, err
    assert len(lines) == 1 and "interrupted" in lines[0], err
    deadline = time.monotonic() + 60
    while _load_writing(neo4j_driver, neo4j_config.database) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert snapshot(neo4j_driver, neo4j_config.database, name) == before


# --- item 16: which dataset failed -------------------------------------------------------------

def test_a_failing_dataset_among_several_is_named(neo4j_config, neo4j_driver, tmp_path, names):
    """GOOD then BAD (a name too large for Neo4j's index, whether `validate` or the server refuses
    it): the one line names BAD, and GOOD is either not written or said to be loaded."""
    good, bad = names("good"), names("bad")
    good_folder = dataset_copy(tmp_path, good)
    bad_folder = dataset_copy(tmp_path, bad)
    actors = bad_folder / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(text.replace("  name: Malaysia\n", f"  name: {'M' * 10_000}\n", 1), encoding="utf-8")
    before = snapshot(neo4j_driver, neo4j_config.database, bad)

    result = cli("load", str(good_folder), str(bad_folder), env=neo4j_config.env())
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    errors = result.stderr.strip().splitlines()  # stdout may hold GOOD's report line
    assert len(errors) == 1, result.stderr
    line = errors[0]
    assert bad in line
    good_loaded = bool(snapshot(neo4j_driver, neo4j_config.database, good)["nodes"])
    assert (f"loaded before it: {good}" in line) if good_loaded else ("nothing was loaded" in line), line
    assert snapshot(neo4j_driver, neo4j_config.database, bad) == before


# --- item 11: the same dataset name in another folder ------------------------------------------

def test_the_dataset_node_remembers_its_folder(neo4j_config, neo4j_driver, tmp_path, names):
    name = names("folder")
    folder = dataset_copy(tmp_path, name)
    assert cli("load", str(folder), env=neo4j_config.env()).returncode == 0
    records, _, _ = neo4j_driver.execute_query("MATCH (d:Dataset {dataset: $name}) RETURN d.folder AS folder",
                                               name=name, database_=neo4j_config.database)
    assert records[0]["folder"] == str(folder.resolve())


def test_a_load_from_another_folder_is_refused(neo4j_config, neo4j_driver, tmp_path, names):
    """Folder B names the dataset folder A loaded, and holds fewer records: `load B` must not
    remove A's records; it is refused in one line naming both folders, unless --adopt."""
    name = names("twofolders")
    first = dataset_copy(tmp_path / "a", name)
    assert cli("load", str(first), env=neo4j_config.env()).returncode == 0
    before = snapshot(neo4j_driver, neo4j_config.database, name)
    other = dataset_copy(tmp_path / "b", name)
    assert drop_records(other / "relationships.yaml", lambda record: True)

    line = one_line_error(cli("load", str(other), env=neo4j_config.env()))
    assert str(first.resolve()) in line and str(other.resolve()) in line and "--adopt" in line
    assert snapshot(neo4j_driver, neo4j_config.database, name) == before

    adopted = cli("load", str(other), "--adopt", env=neo4j_config.env())
    assert adopted.returncode == 0, adopted.stderr
    assert " 0 removed" not in adopted.stdout
    records, _, _ = neo4j_driver.execute_query("MATCH (d:Dataset {dataset: $name}) RETURN d.folder AS folder",
                                               name=name, database_=neo4j_config.database)
    assert records[0]["folder"] == str(other.resolve())


def test_merging_from_another_folder_warns(neo4j_config, neo4j_driver, tmp_path, names):
    name = names("merged")
    first = dataset_copy(tmp_path / "a", name)
    assert cli("load", str(first), env=neo4j_config.env()).returncode == 0
    other = dataset_copy(tmp_path / "b", name)
    result = cli("load", str(other), "--keep-stale", env=neo4j_config.env())
    assert result.returncode == 0
    assert "warning" in result.stderr and str(first.resolve()) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
