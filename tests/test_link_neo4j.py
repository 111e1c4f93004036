"""The merged network from Neo4j: SAME_AS written from the judgements (idempotently), read back
merged, and the same graph and the same path as from the files."""

from __future__ import annotations

from conftest import cli
from graphkit.analysis import shortest_paths
from graphkit.linking import merged_network, same_as_rows


def test_same_as_written_idempotently(neo4j_store, linked):
    root, curated, register = linked
    names, rows = same_as_rows([root])
    assert names == [curated, register]
    assert sorted((row["left_id"], row["right_id"], row["origin"]) for row in rows) == [
        ("aminah-rahman", "person-101", "judgement"), ("harmony-front", "party-7", "same_as")]
    for _ in range(2):
        assert neo4j_store.write_same_as(rows, names) == 2
    count = neo4j_store.query("MATCH (a:Actor)-[s:SAME_AS]->(b:Actor) WHERE a.dataset = $name "
                              "RETURN a.id AS a, b.id AS b, s.origin AS origin, s.by AS by ORDER BY a",
                              {"name": curated})
    assert [tuple(row) for row in count.records] == [("aminah-rahman", "person-101", "judgement", "ana"),
                                                   ("harmony-front", "party-7", "same_as", None)]
    # A pair no longer judged the same is cleared, not left behind by the next write.
    assert neo4j_store.write_same_as([row for row in rows if row["origin"] == "same_as"], names) == 1
    left = neo4j_store.query("MATCH (a:Actor)-[s:SAME_AS]->(b:Actor) WHERE a.dataset = $name "
                             "RETURN a.id AS a, b.id AS b", {"name": curated})
    assert [tuple(row) for row in left.records] == [("harmony-front", "party-7")]
    assert neo4j_store.write_same_as(rows, names) == 2


def test_files_and_neo4j_give_the_same_merged_graph_and_path(neo4j_store, linked):
    root, curated, register = linked
    names, rows = same_as_rows([root])
    neo4j_store.write_same_as(rows, names)
    from_files = merged_network([root])
    from_neo4j = neo4j_store.read_graph(merge=True, datasets=names)
    assert sorted(from_files.nodes) == sorted(from_neo4j.nodes) == sorted([
        f"{curated}:aminah-rahman", f"{curated}:farid-osman", f"{curated}:harmony-front",
        f"{curated}:justice-alliance", f"{register}:person-102", f"{register}:person-103", f"{register}:assembly"])
    assert dict(from_neo4j.nodes(data=True)) == dict(from_files.nodes(data=True))
    assert from_neo4j.nodes[f"{curated}:harmony-front"]["merged_from"] == [f"{curated}:harmony-front",
                                                                          f"{register}:party-7"]
    edges = {(u, v, k): d for u, v, k, d in from_files.edges(keys=True, data=True)}
    assert {(u, v, k): d for u, v, k, d in from_neo4j.edges(keys=True, data=True)} == edges
    assert len(edges) == 4

    def hops(graph):
        return [[(hop.source, hop.target, [(r["dataset"], [c.get("quote") or c.get("record") for c in r["citations"]])
                                          for r in hop.relationships]) for hop in path]
                for path in shortest_paths(graph, f"{curated}:justice-alliance", f"{register}:assembly")]

    assert hops(from_neo4j) == hops(from_files) == [[
        (f"{curated}:justice-alliance", f"{curated}:aminah-rahman",
         [(curated, ["The Justice Alliance backs Aminah Rahman's campaign."])]),
        (f"{curated}:aminah-rahman", f"{register}:assembly", [(register, ["membership-101"])]),
    ]]


def test_the_command_line_writes_links_and_reads_merged(neo4j_config, linked):
    root, curated, register = linked
    env = neo4j_config.env()
    written = cli("link", str(root), "--write", env=env)
    assert written.returncode == 0, written.stderr
    assert written.stdout.strip() == f"2 SAME_AS links written between {curated}, {register}"
    result = cli("path", f"{curated}:justice-alliance", f"{register}:assembly", "--neo4j", "--merge", env=env)
    assert result.returncode == 0, result.stderr
    assert f"  Aminah Rahman ({curated}:aminah-rahman = {register}:person-101)" in result.stdout
    assert f"    -- MEMBER_OF -> since 2024-05-01, reported [{register}]" in result.stdout
    files = cli("path", f"{curated}:justice-alliance", f"{register}:assembly", str(root), "--merge")
    assert files.stdout == result.stdout


def test_a_load_beside_links_yaml_writes_its_same_as_links(neo4j_config, neo4j_store, linked):
    """Unloading a dataset takes its SAME_AS links with it; loading it again from the folder that
    holds links.yaml brings them back, and says so."""
    root, curated, register = linked
    env = neo4j_config.env()
    query = ("MATCH (a:Actor)-[s:SAME_AS]-(b:Actor) WHERE a.dataset = $name RETURN count(DISTINCT s) AS n")
    assert cli("unload", register, "--yes", env=env).returncode == 0
    assert neo4j_store.query(query, {"name": curated}).records[0][0] == 0
    loaded = cli("load", str(root), env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert f"{root / 'links.yaml'}: 2 SAME_AS links written (actors judged the same)" in loaded.stderr
    assert neo4j_store.query(query, {"name": curated}).records[0][0] == 2
    merged = cli("path", f"{curated}:justice-alliance", f"{register}:assembly", "--neo4j", "--merge", env=env)
    assert merged.returncode == 0 and f"{curated}:aminah-rahman = {register}:person-101" in merged.stdout

