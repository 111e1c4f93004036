"""`graphkit status` and the connection layer, as a user meets them."""

from __future__ import annotations

import secrets

import click
import pytest
from click.testing import CliRunner

from conftest import cli, free_port, one_line_error
from graphkit.cli import Group
from graphkit.cli.connection import connection_options
from graphkit.errors import StoreError
from graphkit.store import DatasetCounts, Store
from graphkit.store.config import Neo4jConfig

WRITE = "CREATE (n:GraphkitCheck {token: $token}) RETURN n.token AS token"
READ = "MATCH (n:GraphkitCheck {token: $token}) RETURN n.token AS token"
DELETE = "MATCH (n:GraphkitCheck {token: $token}) DELETE n"


def assert_one_line_error(result, *fragments: str) -> None:
    line = one_line_error(result)
    for fragment in fragments:
        assert fragment in line


def test_help_is_plain_and_lists_status():
    result = cli("--help")
    assert result.returncode == 0
    assert "status" in result.stdout


def test_write_and_read_back(neo4j_driver, neo4j_config):
    token = secrets.token_hex(8)
    try:
        neo4j_driver.execute_query(WRITE, token=token, database_=neo4j_config.database)
        records, _, _ = neo4j_driver.execute_query(
            READ, token=token, database_=neo4j_config.database
        )
        assert [record["token"] for record in records] == [token]
    finally:
        neo4j_driver.execute_query(DELETE, token=token, database_=neo4j_config.database)


def test_server_is_neo4j_5_26(neo4j_config):
    with Store(neo4j_config) as store:
        info = store.status().server
    assert info.version.startswith("5.26.")
    assert info.edition in {"community", "enterprise"}


def test_status_prints_server_version_and_database(neo4j_driver, neo4j_config):
    version = Store.from_driver(neo4j_driver, neo4j_config.database).status().server.version
    result = cli("status", env=neo4j_config.env())
    assert result.returncode == 0, result.stderr
    assert f"Version:   {version} " in result.stdout
    assert f"Database:  {neo4j_config.database}" in result.stdout
    assert neo4j_config.uri in result.stdout


def test_status_lists_datasets_with_counts(neo4j_driver, neo4j_config):
    dataset = f"status-check-{secrets.token_hex(4)}"
    neo4j_driver.execute_query(
        """
        CREATE (a:Actor {dataset: $dataset, id: 'a'})-[:SUPPORTS {dataset: $dataset}]->
               (b:Actor {dataset: $dataset, id: 'b'}),
               (s:Source {dataset: $dataset, id: 's'})-[:CITES {dataset: $dataset}]->(a)
        """,
        dataset=dataset,
        database_=neo4j_config.database,
    )
    try:
        listed = Store.from_driver(neo4j_driver, neo4j_config.database).status().datasets
        counts = {entry.dataset: entry for entry in listed}
        assert counts[dataset] == DatasetCounts(
            dataset, actors=2, relationships=1, sources=1
        )
        result = cli("status", env=neo4j_config.env())
        assert result.returncode == 0, result.stderr
        assert f"{dataset}  2 actors, 1 relationships, 1 sources" in result.stdout
    finally:
        neo4j_driver.execute_query(
            "MATCH (n {dataset: $dataset}) DETACH DELETE n",
            dataset=dataset,
            database_=neo4j_config.database,
        )


def test_unreachable_server_is_one_line_with_a_hint():
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = cli("status", env={"NEO4J_URI": uri, "NEO4J_PASSWORD": ""})
    assert_one_line_error(result, f"Cannot reach Neo4j at {uri}; start it with", "neo4j-local start")


def test_not_a_neo4j_uri_is_one_line():
    result = cli("status", "--uri", "http://127.0.0.1:7474")
    assert_one_line_error(result, "'http://127.0.0.1:7474' is not a Neo4j URI; use e.g. bolt://localhost:7687")


def auth_config(neo4j_config, request) -> Neo4jConfig:
    """A server with authentication on: the run's server if it has a password, else our own."""
    if neo4j_config.password:
        return neo4j_config
    return request.getfixturevalue("neo4j_local_server").config


def test_wrong_password_is_one_line_and_never_echoed(neo4j_config, request):
    config = auth_config(neo4j_config, request)
    wrong = "not-" + secrets.token_hex(8)
    result = cli("status", env={**config.env(), "NEO4J_PASSWORD": wrong})
    assert_one_line_error(
        result,
        f"Neo4j at {config.uri} refused the credentials for user '{config.user}'; check",
        "NEO4J_PASSWORD",
    )
    assert wrong not in result.stdout + result.stderr


def test_missing_password_says_to_set_one(neo4j_config, request):
    config = auth_config(neo4j_config, request)
    result = cli("status", env={**config.env(), "NEO4J_PASSWORD": ""})
    assert_one_line_error(result, "requires a password", "set NEO4J_PASSWORD")


def test_unknown_database_is_one_line(neo4j_config):
    result = cli("status", "--database", "nosuchdb", env=neo4j_config.env())
    assert_one_line_error(result, "has no database 'nosuchdb'", "NEO4J_DATABASE")


def test_credentials_in_the_uri_are_used_and_never_shown(neo4j_local_server):
    """`status --uri 'bolt://neo4j:pw@host'` once echoed the password and called it "not a Neo4j URI"."""
    server = neo4j_local_server
    uri = f"bolt://neo4j:{server.password}@127.0.0.1:{server.port}"
    result = cli("status", "--uri", uri, env={"NEO4J_PASSWORD": "", "NEO4J_USER": ""})
    assert result.returncode == 0, result.stderr
    assert f"Neo4j:     bolt://127.0.0.1:{server.port} (server 127.0.0.1:{server.port})" in result.stdout
    assert "User:      neo4j" in result.stdout
    assert server.password not in result.stdout + result.stderr


def test_wrong_credentials_in_the_uri_are_one_line_and_never_echoed(neo4j_local_server):
    wrong = "not-" + secrets.token_hex(8)
    result = cli("status", "--uri", f"bolt://neo4j:{wrong}@127.0.0.1:{neo4j_local_server.port}",
                 env={"NEO4J_PASSWORD": ""})
    assert_one_line_error(
        result, f"Neo4j at bolt://127.0.0.1:{neo4j_local_server.port} refused the credentials for user 'neo4j'",
        "user:password@")
    assert wrong not in result.stdout + result.stderr


@pytest.mark.parametrize("uri, shown", [
    ("http://neo4j:{secret}@127.0.0.1:7474", "'http://127.0.0.1:7474' is not a Neo4j URI"),
    ("bolt://neo4j:{secret}@127.0.0.1:77x87", "'bolt://127.0.0.1:77x87' is not a Neo4j URI"),
    ("bolt://ana:{secret}@127.0.0.1:{port}", "Cannot reach Neo4j at bolt://127.0.0.1:{port}"),
    ("bolt://ana:a@b/c#{secret}:x@127.0.0.1:{port}", "Cannot reach Neo4j at bolt://127.0.0.1:{port}"),
])
def test_no_message_shows_a_password_from_the_uri(uri, shown):
    secret, port = "s3cret-" + secrets.token_hex(6), free_port()
    result = cli("status", "--uri", uri.format(secret=secret, port=port), env={"NEO4J_PASSWORD": ""})
    assert_one_line_error(result, shown.format(port=port))
    assert secret not in result.stdout + result.stderr


def test_credentials_in_the_uri_win_and_stay_out_of_it():
    config = Neo4jConfig.from_env({"NEO4J_USER": "ana", "NEO4J_PASSWORD": "env-pw"},
                                  uri="neo4j://bo:p%40ss%3Aword@db.example.org:7687")
    assert (config.uri, config.user, config.password) == ("neo4j://db.example.org:7687", "bo", "p@ss:word")
    assert config.env()["NEO4J_URI"] == "neo4j://db.example.org:7687"
    assert "p@ss" not in repr(config)


@click.command()
@connection_options
def show(connection: Neo4jConfig) -> None:
    click.echo(f"{connection!r} password={connection.password}")


def test_connection_options_fall_back_to_the_environment():
    env = {"NEO4J_URI": "bolt://db:7687", "NEO4J_USER": "ana", "NEO4J_PASSWORD": "from-env",
           "NEO4J_DATABASE": "movies"}
    result = CliRunner().invoke(show, [], env=env)
    assert result.output.strip() == (
        "Neo4jConfig(uri='bolt://db:7687', user='ana', database='movies') password=from-env"
    )
    result = CliRunner().invoke(show, ["--uri", "neo4j://h:1", "--user", "bo", "--password", "x1",
                                       "--database", "d"], env=env)
    assert result.output.strip() == (
        "Neo4jConfig(uri='neo4j://h:1', user='bo', database='d') password=x1"
    )


def test_connection_options_defaults_and_help():
    env = {name: "" for name in Neo4jConfig().env()}
    result = CliRunner().invoke(show, [], env=env)
    assert result.output.strip() == (
        "Neo4jConfig(uri='bolt://localhost:7687', user='neo4j', database='neo4j') password=None"
    )
    help_text = CliRunner().invoke(show, ["--help"], env={"NEO4J_PASSWORD": "top-secret"}).output
    assert "NEO4J_URI" in help_text and "NEO4J_PASSWORD" in help_text
    assert "top-secret" not in help_text


def test_driver_errors_inside_the_store_become_one_line():
    """A server lost mid-command: the driver's error leaves the store as a StoreError with a hint,
    which the command line prints as one line."""
    import neo4j.exceptions

    class Lost:  # a driver whose server went away
        def execute_query(self, *args, **kwargs):
            raise neo4j.exceptions.ServiceUnavailable("connection lost")

    @click.group(cls=Group)
    def group() -> None:
        pass

    @group.command()
    @connection_options
    def broken(connection: Neo4jConfig) -> None:
        Store.from_driver(Lost(), config=connection).status()

    with pytest.raises(StoreError) as raised:
        Store.from_driver(Lost(), config=Neo4jConfig(uri="bolt://example:7687")).status()
    assert raised.value.hint == "start it with `docker compose up -d` or `tools/neo4j-local/neo4j-local start`"
    result = CliRunner().invoke(group, ["broken", "--uri", "bolt://example:7687"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: Cannot reach Neo4j at bolt://example:7687; "
        "start it with `docker compose up -d` or `tools/neo4j-local/neo4j-local start`"
    )
