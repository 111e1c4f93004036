"""Every Neo4j path works unchanged through a `neo4j://` routing URI, as a cluster or a hosted
Neo4j is reached: the driver asks the server for its routing table, then sends reads to readers
and writes to the writer. The test's own server answers as a cluster of one."""

from __future__ import annotations

import secrets

from conftest import cli, dataset_copy


def routed(uri: str) -> str:
    """The same server's address with the routing scheme (TLS kept as it was).

    >>> routed("bolt://127.0.0.1:7687"), routed("bolt+s://db:7687"), routed("neo4j://db:7687")
    ('neo4j://127.0.0.1:7687', 'neo4j+s://db:7687', 'neo4j://db:7687')
    """
    scheme, _, rest = uri.partition("://")
    return f"{scheme.replace('bolt', 'neo4j')}://{rest}"


def test_load_query_centrality_and_map_through_a_routing_uri(neo4j_config, tmp_path):
    direct = neo4j_config.env()
    routing = {**direct, "NEO4J_URI": routed(direct["NEO4J_URI"])}
    assert routing["NEO4J_URI"].startswith("neo4j")
    name = f"routed-{secrets.token_hex(4)}"
    folder = dataset_copy(tmp_path, name)

    loaded = cli("load", str(folder), env=routing)
    assert loaded.returncode == 0, loaded.stderr
    assert f"{name}: 235 created" in loaded.stdout + loaded.stderr
    try:
        status = cli("status", env=routing)
        assert status.returncode == 0 and routing["NEO4J_URI"] in status.stdout and name in status.stdout

        # Each reader through the routing URI gives what it gives through the direct one.
        page = {"direct": tmp_path / "direct.html", "routed": tmp_path / "routed.html"}
        for way, env in {"direct": direct, "routed": routing}.items():
            query = cli("query", "shortest_paths", "--param", "from=anwar-ibrahim", "--param", "to=israel",
                        "--param", f"dataset={name}", "--format", "json", env=env)
            centrality = cli("centrality", "--neo4j", "--dataset", name, "--measure", "pagerank", "--top", "5",
                             env=env)
            drawn = cli("map", "--neo4j", "--dataset", name, "--out", str(page[way]), env=env)
            assert query.returncode == centrality.returncode == drawn.returncode == 0, (
                query.stderr, centrality.stderr, drawn.stderr)
            if way == "direct":
                expected = (query.stdout, centrality.stdout)
            else:
                assert (query.stdout, centrality.stdout) == expected
        assert '"hop": 1' in expected[0] and "Malaysia" in expected[1]
        assert page["routed"].read_text(encoding="utf-8") == page["direct"].read_text(encoding="utf-8")
        assert "Anwar Ibrahim" in page["routed"].read_text(encoding="utf-8")

        # Writes go to the writer: scores stored through the routing URI are read back directly.
        written = cli("centrality", "--neo4j", "--dataset", name, "--measure", "pagerank", "--write", env=routing)
        assert written.returncode == 0, written.stderr
        stored = cli("query", f"MATCH (a:Actor {{dataset: '{name}'}}) WHERE a.centrality_pagerank > 0 "
                     "RETURN count(a) AS scored", "--format", "csv", env=direct)
        assert stored.returncode == 0 and stored.stdout.split() == ["scored", "82"], stored.stdout
    finally:
        removed = cli("unload", name, "--yes", env=routing)
    assert removed.returncode == 0, removed.stderr
    assert name not in cli("status", env=direct).stdout
