"""tools/neo4j-local: a real Neo4j started, found, reused and stopped by one script."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from conftest import free_port, neo4j_local
from graphkit.store import Store
from graphkit.store.config import Neo4jConfig
from test_compose import pom_neo4j_version


def servers_for(home: Path) -> list[int]:
    """The pids of neo4j-local servers whose home is `home`."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"graphkit.neo4jlocal.Neo4jLocal" in args and str(home).encode() in args:
            pids.append(int(entry.name))
    return pids


def test_status_reports_the_running_server(neo4j_local_server):
    result = neo4j_local_server.run("status")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"running (pid {servers_for(neo4j_local_server.home)[0]})" in result.stdout
    assert f"bolt://127.0.0.1:{neo4j_local_server.port}" in result.stdout


def test_starting_twice_reuses_the_running_server(neo4j_local_server):
    before = servers_for(neo4j_local_server.home)
    result = neo4j_local_server.run("start")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"bolt://127.0.0.1:{neo4j_local_server.port}"
    assert "already running" in result.stderr
    assert servers_for(neo4j_local_server.home) == before and len(before) == 1


def test_server_is_the_pinned_community_version_with_auth_on(neo4j_local_server):
    config = neo4j_local_server.config
    with Store(config) as store:
        info = store.status().server
    assert (info.version, info.edition) == (pom_neo4j_version(), "community")
    assert info.address == f"127.0.0.1:{neo4j_local_server.port}"


def test_load_csv_reaches_no_file_and_no_url(neo4j_local_server):
    """The server's own settings, whatever the client: file URLs refused (their root an empty
    import folder of the home) and every address blocked for remote URLs."""
    import neo4j

    assert (neo4j_local_server.home / "import").is_dir()
    config = neo4j_local_server.config
    with neo4j.GraphDatabase.driver(config.uri, auth=config.auth) as driver:
        for url, refusal in (("file:///proc/self/environ", "allow_csv_import_from_file_urls"),
                             ("file:///import/x.csv", "allow_csv_import_from_file_urls"),
                             (f"http://127.0.0.1:{neo4j_local_server.port}/", "cypher_ip_blocklist")):
            try:
                records, _, _ = driver.execute_query("LOAD CSV FROM $url AS line RETURN line", url=url)
            except neo4j.exceptions.ClientError as error:
                assert error.code == "Neo.ClientError.Statement.ExternalResourceFailed" and refusal in error.message
                assert neo4j_local_server.password not in error.message
            else:
                raise AssertionError(f"LOAD CSV read {url}: {records[:1]}")


def test_status_of_a_home_without_server_exits_3(tmp_path):
    result = neo4j_local("status", "--home", str(tmp_path))
    assert result.returncode == 3
    assert "not running" in result.stdout


def test_a_stale_pid_file_after_a_kill_is_quietly_not_running(tmp_path):
    """After kill -9 the pid file stays behind, naming a process that is gone."""
    gone = max(int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()) + 10_000
    (tmp_path / "neo4j-local.pid").write_text(f"{gone}\n")
    result = neo4j_local("status", "--home", str(tmp_path))
    assert result.returncode == 3 and "not running" in result.stdout
    assert result.stderr == ""


def test_start_refuses_a_port_that_is_taken(tmp_path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        result = neo4j_local("start", "--home", str(tmp_path), "--port", str(port))
    assert result.returncode != 0
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert not servers_for(tmp_path)


def test_start_stop_twice_keeps_the_data(tmp_path):
    """Auth off (no NEO4J_PASSWORD); a clean shutdown keeps what was written."""
    home, port = tmp_path / "home", free_port()
    config = Neo4jConfig(uri=f"bolt://127.0.0.1:{port}")
    token = os.urandom(8).hex()
    try:
        for cycle in (1, 2):
            started = neo4j_local("start", "--home", str(home), "--port", str(port))
            assert started.returncode == 0, started.stderr
            assert started.stdout.strip() == f"bolt://127.0.0.1:{port}"
            assert neo4j_local("status", "--home", str(home)).returncode == 0
            with Store(config) as store:
                if cycle == 1:
                    store.query("CREATE (:LauncherCheck {token: $token})", {"token": token}, write=True)
                result = store.query("MATCH (n:LauncherCheck {token: $token}) RETURN count(n) AS n", {"token": token})
                assert result.records == [(1,)]
            stopped = neo4j_local("stop", "--home", str(home))
            assert stopped.returncode == 0, stopped.stderr
            assert not servers_for(home)
            assert neo4j_local("status", "--home", str(home)).returncode == 3
            assert "neo4j-local: stopped" in (home / "neo4j-local.log").read_text()
    finally:
        neo4j_local("stop", "--home", str(home))


def test_admin_is_neo4j_admin_of_the_servers_version(tmp_path):
    result = neo4j_local("admin", "--home", str(tmp_path / "home"), "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == pom_neo4j_version()
    assert (tmp_path / "home" / "conf" / "neo4j.conf").is_file()  # the defaults: the server's own folders


def test_admin_reads_the_home_the_server_writes(tmp_path):
    home = tmp_path / "home"
    missing = neo4j_local("admin", "--home", str(home), "database", "info", "neo4j")
    assert missing.returncode != 0 and f"{home}/data/databases" in missing.stdout + missing.stderr
    port = free_port()
    assert neo4j_local("start", "--home", str(home), "--port", str(port)).returncode == 0
    assert neo4j_local("stop", "--home", str(home)).returncode == 0
    info = neo4j_local("admin", "--home", str(home), "database", "info", "neo4j")
    assert info.returncode == 0, info.stdout + info.stderr
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    assert fields["Database name"].strip() == "neo4j" and fields["Database in use"].strip() == "false"
