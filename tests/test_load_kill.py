"""The all-or-nothing promise of a batched load, on a Neo4j of the test's own: a `graphkit load`
writing a new version in many small batches is killed (SIGKILL) at several points, the client
process and the server; each time readers see exactly the previous version, and the next load
clears what the killed one left and completes."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from pathlib import Path

from conftest import GRAPHKIT, LocalNeo4j, free_port, unique
from graphkit import synthetic
from graphkit.store import Store
from test_load import leftovers, snapshot

BATCH = "40"
"""Records per transaction in the killed loads: the new version takes well over a hundred batches."""

STAGING = ("MATCH (l:GraphkitLoad {dataset: $dataset, state: 'staging'}) WHERE l.number > $after "
           "RETURN l.number AS number")
STAGED = {  # how far the staging load has come: what it wrote, and what it marked as replaced
    "actors": "MATCH (n:Actor) WHERE n.dataset = $dataset AND n.id IS NOT NULL AND n.gk_load = $number "
              "RETURN count(n) AS n",
    "relationships": "MATCH (a:Actor)-[r]->(:Actor) WHERE a.dataset = $dataset AND a.id IS NOT NULL "
                     "AND r.gk_load = $number RETURN count(r) AS n",
    "marked": "MATCH ()-[r]->(b:Actor) WHERE b.dataset = $dataset AND b.id IS NOT NULL "
              "AND r.gk_replaced = $number RETURN count(r) AS n",
}


def _staged(driver, name: str, what: str, after: int) -> int:
    """How many elements of `what` the load of `name` still staging (numbered past `after`, the
    loads killed before it) has written or marked."""
    try:
        records, _, _ = driver.execute_query(STAGING, dataset=name, after=after, database_="neo4j")
        if not records:
            return 0
        counted, _, _ = driver.execute_query(STAGED[what], dataset=name, number=records[0]["number"],
                                             database_="neo4j")
        return counted[0]["n"]
    except Exception:  # the server is being killed
        return 0


def _load(folder: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([str(GRAPHKIT), "load", str(folder)], env={**os.environ, **env, "GRAPHKIT_LOAD_BATCH": BATCH},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, client: subprocess.Popen, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert client.poll() is None, f"the load ended before {what}: {client.communicate()}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.03)


def _last_load(driver) -> int:
    records, _, _ = driver.execute_query("MATCH (l:GraphkitLoad) RETURN max(l.number) AS number", database_="neo4j")
    return records[0]["number"] or 0


def _visible_ids(driver, name: str) -> tuple[set, set, set]:
    """The ids of the actors, sources and relationships readers see."""
    found = snapshot(driver, "neo4j", name)
    return ({p["id"] for labels, p in found["nodes"].values() if "Actor" in labels},
            {p["id"] for labels, p in found["nodes"].values() if "Source" in labels},
            {p["id"] for t, _, _, p in found["relationships"].values() if t != "CITES"})


def test_killed_loads_leave_the_previous_version_and_the_next_load_completes(tmp_path):
    server = LocalNeo4j(home=tmp_path / "home", port=free_port(), password=secrets.token_urlsafe(18))
    started = server.run("start")
    assert started.returncode == 0, started.stderr
    name = unique("kill")
    previous = synthetic.generate(300, seed=5)
    previous.name = name
    new = synthetic.generate(500, seed=6)  # the same ids a000000..., other content: replaced, created, removed
    new.name = name
    synthetic.write_dataset(new, tmp_path / "new")
    env = server.config.env()
    try:
        with Store(server.config) as store:
            store.load(previous)
            before = snapshot(store.driver, "neo4j", name)
            assert len(before["relationships"]) > len(previous.relationships)  # and the CITES links
            # The client, killed while it writes actors, relationships, and marks what they replace.
            for what, reached in (("actors", 100), ("relationships", 400), ("marked", 40)):
                after, client = _last_load(store.driver), _load(tmp_path / "new", env)
                try:
                    _wait_for(lambda: _staged(store.driver, name, what, after) >= reached, client,
                              f"{reached} {what}")
                    client.send_signal(signal.SIGKILL)
                    client.wait(30)
                finally:
                    if client.poll() is None:
                        client.kill()
                assert snapshot(store.driver, "neo4j", name) == before, what
                assert leftovers(store.driver, "neo4j", name)["staging"] == 1, what  # the killed load's
            driver = store.driver
            # The server, killed while the load writes relationships, restarted on the same home.
            after, client = _last_load(driver), _load(tmp_path / "new", env)
            try:
                _wait_for(lambda: _staged(driver, name, "relationships", after) >= 200, client, "200 relationships")
                os.kill(int((server.home / "neo4j-local.pid").read_text()), signal.SIGKILL)
                out, err = client.communicate(timeout=120)
            finally:
                if client.poll() is None:
                    client.kill()
            assert client.returncode != 0 and "Traceback" not in err, err
        restarted = server.run("start")
        assert restarted.returncode == 0, restarted.stderr
        with Store(server.config) as store:
            assert snapshot(store.driver, "neo4j", name) == before
            assert leftovers(store.driver, "neo4j", name)["staging"] == 1

            # The next load clears what the killed one left and completes.
            done = subprocess.run([str(GRAPHKIT), "load", str(tmp_path / "new")], env={**os.environ, **env},
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
            actors, sources, rels = _visible_ids(store.driver, name)
            assert (actors, sources, rels) == (set(new.actors), set(new.sources), set(new.relationships))
            assert leftovers(store.driver, "neo4j", name) == {"staging": 0, "nodes": 0, "relationships": 0}
            counts = {found.dataset: found for found in store.status().datasets}[name]
            assert (counts.actors, counts.relationships, counts.sources) == (
                len(new.actors), len(new.relationships), len(new.sources))
            # What an actor says is the new version's, and a reload finds nothing to write.
            some = next(iter(new.actors.values()))
            [row], _, _ = store.driver.execute_query(
                "MATCH (a:Actor {dataset: $dataset, id: $id}) RETURN a.name AS name, count(*) AS versions",
                dataset=name, id=some.id, database_="neo4j")
            assert (row["name"], row["versions"]) == (some.name, 1)
            assert not store.load(new).changed
    finally:
        server.run("stop")

