"""Misuses that gave tracebacks or unclear messages now give one clear line (issue 15, item 18).

Each case: a non-zero exit, one line, no traceback, words that say what is wrong. The Neo4j
cases run against the test run's real, password-protected server.
"""

from __future__ import annotations

import pytest

from conftest import REPO, cli, one_line_error
from graphkit.errors import QueryError
from graphkit.store.cypher import named_queries, named_query

TINY = REPO / "tests" / "fixtures" / "tiny"


def usage_error(result) -> str:
    """The one error line of a bad option (click adds its usage lines above it), no traceback."""
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- files that cannot be written --------------------------------------------------------------

@pytest.mark.parametrize("out", ["/proc/x.html", "/sys/x.html", "/proc/self/x.html"])
def test_map_out_where_nothing_can_be_written(out):
    line = one_line_error(cli("map", str(TINY), "--out", out))
    assert out in line and "cannot write it" in line


def test_map_out_under_a_file_says_it_is_a_file(tmp_path):
    (tmp_path / "FILE").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "FILE" / "m.html"
    line = one_line_error(cli("map", str(TINY), "--out", str(out)))
    assert "FILE is a file, not a folder" in line
    assert (tmp_path / "FILE").read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("args", [
    ("convert", str(TINY), "--to", "csv", "--out", "{file}/sub"),
    ("import", "ftm", str(REPO / "tests" / "fixtures" / "ftm" / "lyonesse.ftm.json"), "--dataset", "ly",
     "--out", "{file}/sub"),
    ("init", "{file}/sub"),
    ("link", str(REPO / "tests" / "fixtures" / "link"), "--judgements", "{file}/links.yaml",
     "--same", "curated:aminah-rahman", "register:person-101"),
])
def test_a_folder_under_a_file_is_one_line_naming_the_path(tmp_path, args):
    """What the system refuses (a folder asked for under a regular file) is said in one line with
    the path, whichever command meets it."""
    file = tmp_path / "afile"
    file.write_text("mine", encoding="utf-8")
    line = one_line_error(cli(*(arg.format(file=file) for arg in args)))
    assert str(file) in line and ("Not a directory" in line or "File exists" in line)
    assert file.read_text(encoding="utf-8") == "mine"


def test_plot_to_a_kind_of_file_no_chart_can_be(tmp_path):
    result = cli("centrality", str(TINY), "--plot", str(tmp_path / "x.txt"))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "a chart cannot be written as .txt" in errors[0] and "x.png" in errors[0]
    assert not (tmp_path / "x.txt").exists()


# --- parameters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999", "[1, 99999999999999999999]"])
def test_an_integer_neo4j_cannot_hold(value):
    line = usage_error(cli("query", "RETURN $x AS x", "--param", f"x={value}", "--uri", "bolt://127.0.0.1:9"))
    assert "64-bit" in line and "--param" in line


def test_a_graph_source_param_too_large():
    line = usage_error(cli("centrality", "--cypher", "MATCH (a) RETURN a", "--param", "x=99999999999999999999",
                           "--uri", "bolt://127.0.0.1:9"))
    assert "64-bit" in line


def test_a_parameter_checked_against_its_declared_type():
    line = one_line_error(cli("query", "actor_profile", "--param", "actor=avalon",
                              "--param", "depth=1 DETACH DELETE n", "--uri", "bolt://127.0.0.1:9"))
    assert "$depth is an integer, not '1 DETACH DELETE n'" in line


@pytest.mark.parametrize("name, value, words", [
    ("limit", "ten", "$limit is an integer"),
    ("certain", "yes", "$certain is a boolean"),
    ("statuses", "confirmed", "$statuses is a list of text"),
    ("statuses", "[1, 2]", "$statuses is a list of text"),
    ("depth", "true", "$depth is an integer"),
])
def test_declared_types(name, value, words):
    query = next(q for q in named_queries() if name in {p.name for p in q.parameters})
    required = {p.name: "2023" for p in query.parameters if p.required}
    from graphkit.cli.options import parse_params

    with pytest.raises(QueryError, match=words.replace("$", r"\$")):
        query.arguments({**required, **parse_params([f"{name}={value}"])})


def test_every_named_query_declares_its_parameters_types():
    for query in named_queries():
        for parameter in query.parameters:
            assert parameter.type in ("text", "integer", "boolean", "list of text"), (query.name, parameter)
    assert {p.name: p.type for p in named_query("actor_profile").parameters} == {
        "actor": "text", "depth": "integer", "statuses": "list of text", "dataset": "text"}


def test_numbers_and_dates_given_for_text_are_their_text():
    arguments = named_query("relationships_as_of").arguments({"as_of": 2023, "certain": True})
    assert arguments["as_of"] == "2023" and arguments["certain"] is True and arguments["statuses"] is None


# --- Neo4j --------------------------------------------------------------------------------------

def test_full_text_syntax_error_is_explained(neo4j_config, loaded_seed):
    name, _ = loaded_seed
    line = one_line_error(cli("query", "search_actors", "--param", "text=[", "--param", f"dataset={name}",
                              env=neo4j_config.env()))
    assert "not valid Lucene syntax" in line and "ParseException" not in line and "\\" in line
    escaped = cli("query", "search_actors", "--param", "text=\\[", "--param", f"dataset={name}",
                  env=neo4j_config.env())
    assert escaped.returncode == 0, escaped.stdout + escaped.stderr


def test_tls_against_a_server_without_it(neo4j_config):
    address = neo4j_config.uri.split("://", 1)[1]
    for scheme in ("neo4j+s", "bolt+s", "bolt+ssc"):
        line = one_line_error(cli("status", env={**neo4j_config.env(), "NEO4J_URI": f"{scheme}://{address}"}))
        assert "TLS" in line and "Start it" not in line and "start it" not in line, line
        assert "bolt://" in line and neo4j_config.password not in line


@pytest.mark.parametrize("args", [("status",), ("schema",), ("centrality", "--neo4j"),
                                  ("query", "actor_timeline", "--param", "actor=avalon")])
def test_the_system_database(neo4j_config, args):
    line = one_line_error(cli(*args, env={**neo4j_config.env(), "NEO4J_DATABASE": "system"}))
    assert "'system' is Neo4j's administration database" in line and "NEO4J_DATABASE" in line, line
    assert "SemanticError:" not in line
