"""Shared fixtures. Tests that need Neo4j get a real one; the others start nothing.

`neo4j_config` is the server under `NEO4J_URI` (with `NEO4J_USER`, `NEO4J_PASSWORD`,
`NEO4J_DATABASE`) when that is set, otherwise a server started for this run by
`tools/neo4j-local` on a free port, with a fresh home and a random password. If neither works the
run fails: tests that need a database never pass without one.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from graphkit.store.config import Neo4jConfig

REPO = Path(__file__).resolve().parent.parent
NEO4J_LOCAL = REPO / "tools" / "neo4j-local" / "neo4j-local"
GRAPHKIT = Path(sys.executable).parent / "graphkit"


def pytest_configure(config) -> None:
    """The dataset cache of this run lives in a folder of its own, never in the user's cache."""
    import tempfile

    os.environ["GRAPHKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="graphkit-cache-")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the moment of asking)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_graphkit(*args: str, env: dict[str, str] | None = None, timeout: float = 120, cwd: Path | None = None):
    """Run the installed `graphkit` command as a user would (a process of its own), with `env`
    added to the environment. For the one smoke test per command; the others use `cli`."""
    return subprocess.run(
        [str(GRAPHKIT), *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
    )


@dataclass(frozen=True)
class CliResult:
    """What a user would see of a command: its exit code, and its output as text and bytes."""

    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, input: str | None = None) -> CliResult:
    """Run `graphkit ARGS` in this process (quick), from `cwd`, with `env` added to the environment
    and `input` as what a user types.

    An exception that escapes the command is a bug (users would see a traceback): it is raised
    here, so the test fails on it.
    """
    import contextlib

    from click.testing import CliRunner

    from graphkit.cli import main

    with contextlib.chdir(cwd or Path.cwd()):
        result = CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliResult(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def as_the_driver_returns(props: dict) -> dict:
    """Properties as they come back from Neo4j: DATEs as the driver's dates."""
    import datetime as dt

    import neo4j

    return {key: neo4j.time.Date.from_native(value) if isinstance(value, dt.date) else value
            for key, value in props.items()}


def unload_if_loaded(store, name: str) -> None:
    """Remove a test's dataset from the database, if it got there (cleanup after a test)."""
    if any(counts.dataset == name for counts in store.status().datasets):
        store.unload(name)


def counted_calls(monkeypatch, function, *places) -> list:
    """The first arguments of every call of `function`, put in its place in each module of `places`
    (which import it by name) and then run: how often a test's commands do some work."""
    calls = []

    def counted(first, *args, **kwargs):
        calls.append(first)
        return function(first, *args, **kwargs)

    for module in places:
        monkeypatch.setattr(module, function.__name__, counted)
    return calls


def one_line_error(result) -> str:
    """The output of a command that failed as users should see it: one line, no traceback."""
    assert result.returncode != 0
    output = (result.stdout + result.stderr).strip()
    assert "Traceback" not in output
    assert len(output.splitlines()) == 1, output
    return output


@dataclass(frozen=True)
class LocalNeo4j:
    """A `tools/neo4j-local` server: its home folder, port and the password of user neo4j."""

    home: Path
    port: int
    password: str

    @property
    def config(self) -> Neo4jConfig:
        return Neo4jConfig(uri=f"bolt://127.0.0.1:{self.port}", password=self.password)

    def run(self, command: str, *args: str, timeout: float = 300):
        where = ("--home", str(self.home), "--port", str(self.port))
        return neo4j_local(command, *where, *args, password=self.password, timeout=timeout)


def neo4j_local(*args: str, password: str = "", timeout: float = 300):
    """Run the `neo4j-local` script; `password` empty means a server with auth off."""
    # A busy machine can take minutes to start a JVM: wait longer than the script's default.
    env = {"NEO4J_LOCAL_TIMEOUT": "280", **os.environ, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": password}
    return subprocess.run(
        ["bash", str(NEO4J_LOCAL), *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="session")
def neo4j_local_server(tmp_path_factory: pytest.TempPathFactory):
    """A Neo4j started by `tools/neo4j-local` for this run, auth on; stopped at the end."""
    server = LocalNeo4j(
        home=tmp_path_factory.mktemp("neo4j-home"),
        port=free_port(),
        password=secrets.token_urlsafe(18),
    )
    started = server.run("start")
    if started.returncode != 0:
        pytest.fail(
            "Neo4j is needed and none could be started: set NEO4J_URI (and NEO4J_USER, "
            "NEO4J_PASSWORD) to a running server, or make `tools/neo4j-local/neo4j-local start` "
            f"work (Java 17 and Maven).\n{started.stderr}",
            pytrace=False,
        )
    yield server
    server.run("stop")


@pytest.fixture(scope="session")
def neo4j_config(request: pytest.FixtureRequest) -> Neo4jConfig:
    """Connection settings for a real, running Neo4j."""
    if os.environ.get("NEO4J_URI"):
        return Neo4jConfig.from_env()
    return request.getfixturevalue("neo4j_local_server").config


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_config: Neo4jConfig):
    """A connected driver for `neo4j_config`, closed at the end of the run."""
    import neo4j

    driver = neo4j.GraphDatabase.driver(neo4j_config.uri, auth=neo4j_config.auth)
    try:
        driver.verify_connectivity()
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
        pytest.fail(f"Neo4j is needed and cannot be used: {error}", pytrace=False)
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def neo4j_store(neo4j_driver, neo4j_config: Neo4jConfig):
    """A `Store` over the run's driver (left open: the driver fixture closes it)."""
    from graphkit.store import Store

    return Store.from_driver(neo4j_driver, neo4j_config.database, config=neo4j_config)


SEED = REPO / "seed" / "malaysia-palestine"


def dataset_copy(folder: Path, name: str, source: Path = SEED) -> Path:
    """A copy of the dataset folder `source` in `folder`, renamed `name`: tests that share a
    database keep apart by loading their own uniquely named copies."""
    import re
    import shutil

    copy = folder / name
    shutil.copytree(source, copy)
    meta = copy / "dataset.yaml"
    text, count = re.subn(r"(?m)^name:.*$", f"name: {name}", meta.read_text(encoding="utf-8"), count=1)
    meta.write_text(text if count else f"name: {name}\n{text}", encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def loaded_seed(neo4j_store, tmp_path_factory: pytest.TempPathFactory):
    """The seed dataset loaded under a unique name for this test module: (name, its Dataset)."""
    from graphkit.dataset import read_dataset

    name = f"seed-{secrets.token_hex(4)}"
    dataset = read_dataset(dataset_copy(tmp_path_factory.mktemp("seed"), name))
    neo4j_store.load(dataset)
    yield name, dataset
    unload_if_loaded(neo4j_store, name)


def writing(driver, database: str, fragment: str) -> bool:
    """Whether a transaction whose statement contains `fragment` is running right now (for tests
    that interrupt a load part-way)."""
    records, _, _ = driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery "
        "WHERE currentQuery CONTAINS $fragment AND NOT currentQuery STARTS WITH 'SHOW' "
        "RETURN count(*) AS running", fragment=fragment, database_=database)
    return records[0]["running"] > 0


@pytest.fixture(scope="module")
def linked(neo4j_store, tmp_path_factory: pytest.TempPathFactory):
    """The fixture datasets under unique names, loaded, with one judgement (Aminah Rahman is the
    register's person-101) and one `same_as` entry (Harmony Front is the register's party-7):
    the linked network's tests and the same_actors named query share it."""
    import shutil

    from graphkit.dataset import open_datasets
    from graphkit.linking import record_judgement

    fixture = REPO / "tests" / "fixtures" / "link"
    suffix = secrets.token_hex(3)
    curated, register = f"curated-{suffix}", f"register-{suffix}"
    root = tmp_path_factory.mktemp("link") / "datasets"
    for old, new in (("curated", curated), ("register", register)):
        shutil.copytree(fixture / old, root / new)
        meta = root / new / "dataset.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace(f"name: {old}\n", f"name: {new}\n"), encoding="utf-8")
    actors = root / curated / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "  identifiers: {wikidata: Q99990001}\n",
        f"  identifiers: {{wikidata: Q99990001}}\n  same_as: [{register}:party-7]\n"), encoding="utf-8")
    datasets = open_datasets([root])
    record_judgement(root / "links.yaml", f"{curated}:aminah-rahman", f"{register}:person-101", "same", datasets,
                     by="ana")
    for dataset in datasets:
        neo4j_store.load(dataset)
    yield root, curated, register
    for name in (curated, register):
        unload_if_loaded(neo4j_store, name)


def unique(prefix: str = "load") -> str:
    """A dataset name no other test uses."""
    return f"{prefix}-{secrets.token_hex(4)}"


@pytest.fixture
def names(neo4j_store):
    """Unique dataset names, deleted from the database after the test."""
    made: list[str] = []

    def make(prefix: str = "load") -> str:
        made.append(unique(prefix))
        return made[-1]

    yield make
    for name in made:
        unload_if_loaded(neo4j_store, name)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A dataset cache of the test's own, switched on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("GRAPHKIT_CACHE", raising=False)
    return folder
