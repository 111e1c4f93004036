"""`graphkit query` as a user meets it: Cypher, files and named queries, typed parameters, three
output formats, read-only unless --write, and one-line errors. Against a real Neo4j."""

from __future__ import annotations

import csv
import io
import json
import secrets

import pytest

from conftest import cli, free_port, one_line_error
from graphkit.store.cypher import named_queries


def query(config, *args: str):
    return cli("query", *args, env=config.env())


def test_parameters_are_typed(neo4j_config):
    result = query(neo4j_config, "RETURN valueType($i) AS i, valueType($f) AS f, valueType($b) AS b, "
                   "valueType($n) AS n, valueType($d) AS d, valueType($l) AS l, valueType($m) AS m, "
                   "valueType($s) AS s, valueType($q) AS q, valueType($z) AS z, $d + duration('P1D') AS next",
                   "--param", "i=42", "--param", "f=2.5", "--param", "b=true", "--param", "n=null",
                   "--param", "d=2023-10-31", "--param", 'l=["a", "b"]', "--param", 'm={"k": 1}',
                   "--param", "s=Hamas", "--param", 'q="2023"', "--param", "z=007", "--format", "json")
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row == {"i": "INTEGER NOT NULL", "f": "FLOAT NOT NULL", "b": "BOOLEAN NOT NULL", "n": "NULL",
                   "d": "DATE NOT NULL", "l": "LIST<STRING NOT NULL> NOT NULL", "m": "MAP NOT NULL",
                   "s": "STRING NOT NULL", "q": "STRING NOT NULL", "z": "STRING NOT NULL", "next": "2023-11-01"}


def test_table_shows_nodes_relationships_and_paths_readably(neo4j_config, loaded_seed):
    name, _ = loaded_seed
    result = query(neo4j_config, "MATCH p = (a:Actor {dataset: $dataset, id: 'hamas'})-[r:ATTACKED]->(b) "
                   "RETURN a, r, p ORDER BY r.date LIMIT 1", "--param", f"dataset={name}")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["a", "r", "p"]
    assert '(hamas:Actor:Group "Hamas")' in lines[2]
    assert "hamas -[:ATTACKED 2023-10-07 confirmed]-> israel" in lines[2]  # two independent sources
    assert lines[-1] == "(1 row)"


def test_json_carries_everything(neo4j_config, loaded_seed):
    name, dataset = loaded_seed
    result = query(neo4j_config, "MATCH (a:Actor {dataset: $dataset})-[r:MET_WITH]->(b) "
                   "RETURN a, r ORDER BY r.id", "--param", f"dataset={name}", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    met = sorted((r for r in dataset.relationships.values() if r.type == "MET_WITH"), key=lambda r: r.id)
    assert [row["r"]["properties"]["id"] for row in rows] == [r.id for r in met]
    first, rel = rows[0], met[0]
    assert first["a"]["labels"] == sorted(["Actor", dataset.actors[rel.source].kind])
    assert first["a"]["properties"]["id"] == rel.source and first["a"]["elementId"]
    assert first["r"]["type"] == "MET_WITH" and first["r"]["start"] == first["a"]["elementId"]
    assert first["r"]["properties"]["quotes"] == [c.quote for c in rel.citations]
    assert first["r"]["properties"]["earliest_start"] == rel.date.earliest.isoformat()  # a DATE, as ISO text


def test_csv_and_limit(neo4j_config, loaded_seed):
    name, dataset = loaded_seed
    result = query(neo4j_config, "MATCH (a:Actor {dataset: $dataset}) RETURN a.id AS id, a.aliases AS aliases "
                   "ORDER BY id", "--param", f"dataset={name}", "--format", "csv", "--limit", "5")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    first = sorted(dataset.actors)[:5]
    assert [row["id"] for row in rows] == first
    assert [json.loads(row["aliases"]) if row["aliases"] else [] for row in rows] == \
        [dataset.actors[i].aliases for i in first]
    assert "--limit 5" in result.stderr


def test_a_file_of_cypher(neo4j_config, loaded_seed, tmp_path):
    name, dataset = loaded_seed
    file = tmp_path / "count.cypher"
    file.write_text("// How many actors of each kind\nMATCH (a:Actor {dataset: $dataset})\n"
                    "RETURN a.kind AS kind, count(*) AS actors ORDER BY kind\n", encoding="utf-8")
    result = query(neo4j_config, "--file", str(file), "--param", f"dataset={name}", "--format", "json")
    assert result.returncode == 0, result.stderr
    expected = {}
    for actor in dataset.actors.values():
        expected[actor.kind] = expected.get(actor.kind, 0) + 1
    assert {row["kind"]: row["actors"] for row in json.loads(result.stdout)} == expected


def test_queries_are_read_only_unless_write(neo4j_config, neo4j_driver):
    token = secrets.token_hex(8)
    create = "CREATE (n:GraphkitQueryCheck {token: $token}) RETURN n.token AS token"
    refused = query(neo4j_config, create, "--param", f"token={token}")
    assert one_line_error(refused) == "Error: This query writes to the database; re-run with --write if you mean it"
    records, _, _ = neo4j_driver.execute_query("MATCH (n:GraphkitQueryCheck {token: $token}) RETURN count(n) AS n",
                                               token=token, database_=neo4j_config.database)
    assert records[0]["n"] == 0
    try:
        allowed = query(neo4j_config, create, "--param", f"token={token}", "--write")
        assert allowed.returncode == 0, allowed.stderr
        records, _, _ = neo4j_driver.execute_query(
            "MATCH (n:GraphkitQueryCheck {token: $token}) RETURN count(n) AS n", token=token,
            database_=neo4j_config.database)
        assert records[0]["n"] == 1
    finally:
        neo4j_driver.execute_query("MATCH (n:GraphkitQueryCheck {token: $token}) DELETE n", token=token,
                                   database_=neo4j_config.database)


def test_syntax_errors_and_missing_parameters_are_one_line(neo4j_config):
    line = one_line_error(query(neo4j_config, "MATCH (n RETURN n"))
    assert "Neo.ClientError.Statement.SyntaxError" in line
    line = one_line_error(query(neo4j_config, "RETURN $nothing AS x"))
    assert "ParameterMissing" in line and "nothing" in line


def test_neo4j_down_and_wrong_password_are_one_line(neo4j_config):
    down = {**neo4j_config.env(), "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"}
    assert "Cannot reach Neo4j" in one_line_error(cli("query", "RETURN 1", env=down))
    if neo4j_config.password:
        wrong = {**neo4j_config.env(), "NEO4J_PASSWORD": neo4j_config.password + "-wrong"}
        line = one_line_error(cli("query", "RETURN 1", env=wrong))
        assert "refused the credentials" in line or "locked out" in line


def test_list_names_every_named_query_with_its_whole_description_and_parameters():
    result = cli("query", "--list")
    assert result.returncode == 0, result.stderr
    firsts = [line.split(None, 1) for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert firsts == [[query.name, query.description] for query in named_queries()] and len(firsts) >= 10
    text = " ".join(result.stdout.split())  # the description wraps; its words are all there
    # actor_profile: its first line, the paragraph after it, each parameter with type and default, the example
    assert ("actor_profile An actor's profile and ego network: the actor, then everyone within $depth hops, "
            "nearest first. Row 0 is the actor itself; each other row is an actor $depth hops away or nearer, "
            "with one shortest path that reaches it.") in text
    assert "$depth how many hops out, 1 to 3 (integer, default: 1)" in text
    assert "$actor actor id, name or alias (text, required)" in text
    assert "Example: graphkit query actor_profile --param actor=anwar-ibrahim --param depth=2" in text
    assert '$statuses which statuses count as contested (list of text, default: ["alleged", "denied", "disputed"])' in text
    described = [line for line in result.stdout.splitlines() if line.startswith("    ") and line[4] != " "]
    assert described and all(len(line) <= 100 for line in described)  # the rest of a description wraps


def test_list_shows_each_named_querys_whole_description():
    """However many lines and paragraphs a header's description takes, `--list` shows all of it,
    in order, before the parameters (ngo_government_links' first paragraph takes two lines)."""
    from graphkit.store.query import description

    listing = cli("query", "--list").stdout
    blocks: dict[str, list[str]] = {}
    for line in listing.splitlines():
        if line and not line.startswith(" "):
            name, first = line.split(None, 1)
            blocks[name] = [first]
        elif line.strip().startswith(("Parameters:", "Example:")) or line.startswith("      "):
            blocks[name].append("\0")  # the description has ended
        else:
            blocks[name].append(line.strip())
    shown = {name: " ".join(" ".join(lines).split("\0")[0].split()) for name, lines in blocks.items()}
    queries = named_queries()
    assert set(shown) == {query.name for query in queries}
    for query in queries:
        assert shown[query.name] == " ".join(description(query.text).split()), query.name
    assert ("a person who is employed by, leads, represents or is a member of a government body. One row per"
            in shown["ngo_government_links"])


def test_a_parameter_of_a_dataset_query_without_a_parameters_header_says_how_to_declare_it(tmp_path):
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "green_links.cypher").write_text("MATCH (a {id: $actor}) RETURN a\n", encoding="utf-8")
    result = cli("query", "green_links", "--dataset-dir", str(tmp_path), "--param", "actor=green")
    assert result.returncode != 0
    assert one_line_error(result) == (
        "Error: query 'green_links' takes no parameter 'actor'; its header declares none; list them under "
        "'// Parameters:', one a line, like '//   $actor  what it is (text, required)'")


def test_every_named_query_declares_exactly_the_parameters_it_uses():
    """Parameters are declared in each query's header (with type and default, which `--list`
    shows and `--param` is checked against); the `$names` its Cypher uses must be those."""
    from graphkit.store.query import used_parameters

    for named in named_queries():
        assert used_parameters(named.text) == {p.name for p in named.parameters}, named.name


def test_table_cells_wrap_instead_of_cutting_quotes(neo4j_config, loaded_seed):
    name, dataset = loaded_seed
    long = max((c.quote for r in dataset.relationships.values() for c in r.citations if c.quote), key=len)
    assert len(long) > 160
    result = query(neo4j_config, "UNWIND $quotes AS quote RETURN 'q' AS id, quote", "--param",
                   "quotes=" + json.dumps([long]))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "…" not in result.stdout and all(len(line) <= 3 + 80 for line in lines[2:-1])
    assert " ".join(line[3:].strip() for line in lines[2:-1]) == " ".join(long.split())
    assert lines[2].startswith("q  ") and all(line.startswith("   ") for line in lines[3:-1])


def test_an_unknown_actor_parameter_gets_did_you_mean(neo4j_config, loaded_seed):
    name, _ = loaded_seed
    line = one_line_error(query(neo4j_config, "actor_profile", "--param", "actor=Anwar Ibrahm",
                                "--param", f"dataset={name}"))
    assert line == (f"Error: query 'actor_profile': no actor called 'Anwar Ibrahm' in dataset '{name}' ($actor) "
                    "(did you mean 'Anwar Ibrahim' (anwar-ibrahim)?); ids, names and aliases match exactly; "
                    "`graphkit query search_actors --param text=...` finds actors")
    line = one_line_error(query(neo4j_config, "shortest_paths", "--param", "from=hamas", "--param", "to=isreal",
                                "--param", f"dataset={name}"))
    assert "no actor called 'isreal'" in line and "($to)" in line and "did you mean 'Israel' (israel)" in line
    line = one_line_error(query(neo4j_config, "actor_timeline", "--param", "actor=anwar ibrahim"))
    assert "no actor called 'anwar ibrahim' ($actor) (did you mean 'Anwar Ibrahim' (anwar-ibrahim)?)" in line
    found = query(neo4j_config, "actor_profile", "--param", "actor=Anwar Ibrahim", "--param", f"dataset={name}")
    assert found.returncode == 0 and "anwar-ibrahim" in found.stdout


def test_the_when_column_is_the_texts_own_time_never_a_report_date(neo4j_config, loaded_seed):
    name, dataset = loaded_seed
    expected = {}
    for rel in dataset.relationships.values():  # the first of the fields its text gives, as written
        closed = rel.end is not None and str(rel.end) != ".."
        if rel.date is not None:
            expected[rel.id] = str(rel.date)
        elif rel.start is not None or closed:
            expected[rel.id] = f"{rel.start or ''}/{rel.end or ''}"
        elif rel.attested is not None:
            expected[rel.id] = f"attested {rel.attested}"
        elif rel.after is not None or rel.before is not None:
            expected[rel.id] = " ".join(part for part in (f"after {rel.after}" if rel.after else "",
                                                         f"before {rel.before}" if rel.before else "") if part)
        else:
            expected[rel.id] = None
    reported = {rel.id for rel in dataset.relationships.values() if expected[rel.id] is None}
    assert len(reported) > 20  # undated relationships whose sources are dated: what could leak
    cited = [c.source for rel in dataset.relationships.values() for c in rel.citations]
    busiest = max(set(cited), key=lambda source: (cited.count(source), source))
    for args in (["relationships_as_of", "--param", "as_of=2023", "--param", "undated=include"],
                 ["relationships_known_by", "--param", "known_by=2026"],
                 ["contested_claims"], ["actor_timeline", "--param", "actor=malaysia"],
                 ["source_claims", "--param", f"source={busiest}"],
                 ["shortest_paths", "--param", "from=anwar-ibrahim", "--param", "to=united-states"]):
        result = query(neo4j_config, *args, "--param", f"dataset={name}", "--format", "json")
        assert result.returncode == 0, (args, result.stderr)
        rows = json.loads(result.stdout)
        assert rows and all(row["when"] == expected[row["id"]] for row in rows), args[0]


@pytest.mark.parametrize("args, fragments", [
    (["no_such_query"], ["no named query 'no_such_query'", "--list"]),
    (["actor_profile"], ["--param actor="]),
    (["actor_profile", "--param", "actor=hamas", "--param", "dept=2"], ["no parameter 'dept'", "depth"]),
    (["RETURN 1", "--param", "novalue"], ["is not key=value"]),
    (["RETURN 1", "--param", "d=2023-02-30"], ["not a real date"]),
    ([], ["exactly one"]),
])
def test_mistakes_are_explained(neo4j_config, args, fragments):
    result = query(neo4j_config, *args)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
