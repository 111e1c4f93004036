"""`graphkit query` without --write runs plain reads only, classified by the server's own plan;
and the server that tools/neo4j-local starts (with a password, as a user runs it) never lets
LOAD CSV read its files or fetch URLs."""

from __future__ import annotations

import secrets

import pytest

from conftest import cli, one_line_error
from graphkit.errors import QueryError
from graphkit.store import Store

NOT_A_READ = "without --write graphkit runs plain reads of the graph only; re-run with --write if you mean it"
SERVER_FILES = ["file:///etc/passwd", "file:///proc/self/environ", "file:///proc/self/cmdline"]


def query(server, *args: str):
    return cli("query", *args, env=server.config.env())


@pytest.mark.parametrize("url", SERVER_FILES)
def test_load_csv_of_a_server_file_is_refused_without_write(neo4j_local_server, url):
    result = query(neo4j_local_server, f"LOAD CSV FROM '{url}' AS line RETURN line")
    line = one_line_error(result)
    assert line == f"Error: This query uses LOAD CSV, which makes the server read its files or fetch URLs; {NOT_A_READ}"
    assert neo4j_local_server.password not in line


@pytest.mark.parametrize("url", SERVER_FILES)
def test_even_with_write_the_server_reads_none_of_its_files(neo4j_local_server, url):
    """tools/neo4j-local refuses file URLs itself: --write is no way round it."""
    result = query(neo4j_local_server, f"LOAD CSV FROM '{url}' AS line RETURN line", "--write")
    line = one_line_error(result)
    assert "ExternalResourceFailed" in line and "allow_csv_import_from_file_urls" in line
    assert "root:" not in line and neo4j_local_server.password not in line and "NEO4J_PASSWORD" not in line


def test_a_file_url_relative_to_the_import_folder_is_refused_too(neo4j_local_server):
    (neo4j_local_server.home / "import").mkdir(exist_ok=True)
    (neo4j_local_server.home / "import" / "x.csv").write_text("a\n")
    with Store(neo4j_local_server.config) as store, pytest.raises(Exception) as raised:
        store.query("LOAD CSV FROM 'file:///x.csv' AS line RETURN line", write=True)
    assert "allow_csv_import_from_file_urls" in str(raised.value)


def test_the_server_fetches_no_url(neo4j_local_server):
    url = f"http://127.0.0.1:{neo4j_local_server.port}/"
    line = one_line_error(query(neo4j_local_server, f"LOAD CSV FROM '{url}' AS line RETURN line", "--write"))
    assert "ExternalResourceFailed" in line and "blocked" in line


@pytest.mark.parametrize("cypher, says", [
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "is an administration command (TerminateTransactions)"),
    ("SHOW TRANSACTIONS", "is an administration command (ShowTransactions)"),
    ("SHOW SETTINGS YIELD name, value", "is an administration command (ShowSettings)"),
    ("SHOW USERS", "is an administration command of the system database"),
    ("SHOW DATABASES", "is an administration command of the system database"),
    ("CALL db.clearQueryCaches()", "calls db.clearQueryCaches(), a schema, administration or system procedure"),
    ("CALL dbms.listConfig()", "calls dbms.listConfig(), a schema, administration or system procedure"),
    ("CALL tx.setMetaData({})", "calls tx.setMetaData({}), a schema, administration or system procedure"),
    ("CALL db.stats.collect('QUERIES')", "calls db.stats.collect("),
    ("CALL db.stats.retrieve('QUERIES') YIELD data RETURN data", "calls db.stats.retrieve("),
    ("CALL db.resampleOutdatedIndexes()", "calls db.resampleOutdatedIndexes()"),
    ("CREATE INDEX graphkit_safety_check IF NOT EXISTS FOR (n:GraphkitSafety) ON (n.x)",
     "is a schema, administration or system command (CreateIndex)"),
    ("DROP INDEX graphkit_safety_check IF EXISTS", "is a schema, administration or system command"),
    ("ALTER USER neo4j SET PASSWORD 'changed-by-a-read'", "is an administration command of the system database"),
])
def test_administration_schema_and_system_commands_are_refused_without_write(neo4j_local_server, cypher, says):
    line = one_line_error(query(neo4j_local_server, cypher))
    assert line.startswith(f"Error: This query {says}")
    assert line.endswith(NOT_A_READ)


def test_a_refused_schema_command_changed_nothing(neo4j_local_server):
    index = f"graphkit_safety_{secrets.token_hex(4)}"
    with Store(neo4j_local_server.config) as store:
        with pytest.raises(QueryError, match="CreateIndex"):
            store.query(f"CREATE INDEX {index} IF NOT EXISTS FOR (n:GraphkitSafety) ON (n.x)")
        rows = store.query("SHOW INDEXES YIELD name WHERE name = $index RETURN name", {"index": index},
                           write=True).records
    assert rows == []


def test_terminate_transactions_cannot_stop_a_running_load(neo4j_local_server):
    """A read-only query once killed a running `graphkit load`; the transaction it names now commits."""
    import neo4j

    token = secrets.token_hex(8)
    config = neo4j_local_server.config
    driver = neo4j.GraphDatabase.driver(config.uri, auth=config.auth)
    try:
        with driver.session() as session:
            tx = session.begin_transaction(metadata={"graphkit_check": token})
            tx.run("CREATE (:GraphkitSafety {token: $token})", token=token).consume()
            records, _, _ = driver.execute_query(
                "SHOW TRANSACTIONS YIELD transactionId, metaData WHERE metaData.graphkit_check = $token "
                "RETURN transactionId", token=token)
            [transaction] = [record["transactionId"] for record in records]
            result = query(neo4j_local_server, "TERMINATE TRANSACTIONS $id", "--param", f'id="{transaction}"')
            assert "TerminateTransactions" in one_line_error(result)
            tx.commit()
        records, _, _ = driver.execute_query("MATCH (n:GraphkitSafety {token: $token}) RETURN count(n) AS n",
                                             token=token)
        assert records[0]["n"] == 1
    finally:
        driver.execute_query("MATCH (n:GraphkitSafety {token: $token}) DELETE n", token=token)
        driver.close()


def test_with_write_an_administration_command_runs(neo4j_local_server):
    result = query(neo4j_local_server, "CALL db.clearQueryCaches()", "--write", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "Query cache" in result.stdout


@pytest.mark.parametrize("cypher", [
    "MATCH (n) RETURN count(n) AS n",
    "CALL db.labels() YIELD label RETURN count(label) AS n",
    "EXPLAIN MATCH (n) RETURN n",
    "CYPHER 5 MATCH (n) RETURN count(n) AS n",
    "// a comment first\nUNWIND [1, 2] AS n RETURN n",
])
def test_plain_reads_still_run(neo4j_local_server, cypher):
    result = query(neo4j_local_server, cypher)
    assert result.returncode == 0, result.stderr


def test_profile_is_refused_with_a_way_out(neo4j_local_server):
    line = one_line_error(query(neo4j_local_server, "PROFILE MATCH (n) RETURN n"))
    assert "names its own execution mode (PROFILE)" in line and "--write" in line


def test_errors_point_into_the_statement_as_written(neo4j_local_server):
    line = one_line_error(query(neo4j_local_server, "MATCH (n) RETURN m"))
    assert "SyntaxError" in line and "(line 1, column 18 (offset: 17))" in line and "EXPLAIN" not in line


def test_the_python_api_refuses_the_same(neo4j_local_server):
    with Store(neo4j_local_server.config) as store:
        with pytest.raises(QueryError, match="LOAD CSV"):
            store.query("LOAD CSV FROM 'file:///proc/self/environ' AS line RETURN line")
        with pytest.raises(QueryError, match="writes to the database"):
            store.query("CREATE (:GraphkitSafety)")
        assert store.query("RETURN 1 AS one").records == [(1,)]


def test_a_refusal_is_a_plan_not_a_run(neo4j_local_server):
    """Refused statements never ran: a write hidden behind a procedure left nothing behind."""
    label = f"GraphkitSafety{secrets.token_hex(4)}"
    line = one_line_error(query(neo4j_local_server, "CALL db.createLabel($label)", "--param", f"label={label}"))
    assert "writes to the database" in line
    with Store(neo4j_local_server.config) as store:
        labels = [name for (name,) in store.query("CALL db.labels() YIELD label RETURN label").records]
    assert label not in labels
