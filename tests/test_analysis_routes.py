"""`graphkit path` (stances, k shortest, simple paths, what each hop shows), `brokers` and
`balance` on the signed fixture (tests/fixtures/signed, an invented network of friends and foes),
and the library functions behind them; `brokers` against the Neo4j named query of that name."""

import json
from pathlib import Path

import pytest

from conftest import cli as run
from graphkit.analysis import balance, brokers, by_stance, k_shortest_paths, simple_paths
from graphkit.dataset import read_dataset
from graphkit.graph import dataset_to_graph, filter_graph

FIXTURE = Path(__file__).parent / "fixtures" / "signed"
SEED = Path(__file__).parent.parent / "seed" / "malaysia-palestine"


def ok(*args: str, **kwargs):
    result = run(*args, **kwargs)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def graph():
    return filter_graph(dataset_to_graph(read_dataset(FIXTURE)))


def actors(path) -> list[str]:
    return [hop.source for hop in path] + [path[-1].target]


# --- path -------------------------------------------------------------------------------------------

def test_path_with_a_positive_stance_takes_no_hostile_tie():
    # the shortest routes from Anna to the Eli Front run through a foe: Cara OPPOSES Anna, Anna
    # OPPOSES Dov, Dov ATTACKED the Front; the cooperative one is Anna -> Fay -> Gus -> Eli
    shortest = json.loads(ok("path", "anna", "eli", str(FIXTURE), "--format", "json").stdout)
    assert [[hop["to"] for hop in path] for path in shortest] == [["cara", "eli"], ["dov", "eli"]]
    positive = json.loads(ok("path", "anna", "eli", str(FIXTURE), "--stance", "positive", "--format", "json").stdout)
    assert [[hop["to"] for hop in path] for path in positive] == [["fay", "gus", "eli"]]
    assert [[r["type"] for r in hop["relationships"]] for hop in positive[0]] == [["SUPPORTS"], ["FUNDS"], ["ALLIED_WITH"]]
    text = ok("path", "anna", "eli", str(FIXTURE), "--stance", "positive").stdout
    assert text.startswith("1 shortest path of 3 hops between Anna Kovacs and Eli Front (positive ties only):")
    assert "OPPOSES" not in text and "ATTACKED" not in text
    hostile = json.loads(ok("path", "anna", "eli", str(FIXTURE), "--stance", "negative", "--format", "json").stdout)
    assert [[hop["to"] for hop in path] for path in hostile] == [["dov", "eli"]]


def test_path_lists_the_k_shortest_and_every_simple_path_up_to_a_length():
    k = json.loads(ok("path", "anna", "eli", str(FIXTURE), "--k", "3", "--format", "json").stdout)
    assert [[hop["to"] for hop in path] for path in k] == [["cara", "eli"], ["dov", "eli"], ["bo", "gus", "eli"]]
    simple = json.loads(ok("path", "anna", "eli", str(FIXTURE), "--all-simple", "--max-hops", "3",
                           "--format", "json").stdout)
    assert [[hop["to"] for hop in path] for path in simple] == [
        ["cara", "eli"], ["dov", "eli"], ["bo", "gus", "eli"], ["cara", "dov", "eli"], ["dov", "cara", "eli"],
        ["dov", "gus", "eli"], ["fay", "gus", "eli"]]
    text = ok("path", "anna", "eli", str(FIXTURE), "--all-simple", "--max-hops", "3", "--limit", "3").stdout
    assert text.startswith("3+ simple paths of 2 to 3 hops between Anna Kovacs and Eli Front:")
    assert "Path 3 (3 hops)" in text and "More simple paths exist; --limit shows more." in text
    refused = run("path", "anna", "eli", str(FIXTURE), "--all-simple")
    assert refused.returncode == 2 and "--all-simple lists every path up to a length: give --max-hops too" in refused.stderr


def test_path_text_shows_roles_amounts_records_and_links_as_the_json_does():
    text = ok("path", "anna", "gus", str(FIXTURE), "--all-simple", "--max-hops", "2").stdout
    assert "    -- LEADS -> since 2022, reported; role: chair" in text
    assert "    -- FUNDS -> 2024-02-10, reported; amount: 250,000 EUR" in text
    assert ("        asserts: record grant-77 at https://register.example.org/grants/77 (retrieved 2026-11-30) "
            "(Register of grants, https://register.example.org/grants)") in text
    assert ('        asserts: "Kovacs, who has chaired the Fay Foundation since 2022" '
            "(The Gazette, week in review, https://example.org/gazette/review)") in text
    found = json.loads(ok("path", "anna", "gus", str(FIXTURE), "--all-simple", "--max-hops", "2",
                          "--format", "json").stdout)
    funds = next(r for path in found for hop in path for r in hop["relationships"] if r["type"] == "FUNDS")
    assert (funds["amount"], funds["currency"], funds["citations"][0]["url"]) == (
        250000, "EUR", "https://register.example.org/grants/77")


def test_k_shortest_and_simple_paths_as_functions(graph):
    assert [actors(path) for path in k_shortest_paths(graph, "anna", "eli", 2)] == [
        ["anna", "cara", "eli"], ["anna", "dov", "eli"]]
    assert len(simple_paths(graph, "anna", "eli", 3)) == 7 and len(simple_paths(graph, "anna", "eli", 2)) == 2
    positive = by_stance(graph, "positive")
    assert [actors(path) for path in k_shortest_paths(positive, "anna", "eli", 5)] == [["anna", "fay", "gus", "eli"]]
    assert sorted({t for _, _, t in by_stance(graph, "nonnegative").edges(data="type")}) == [
        "ALLIED_WITH", "FUNDS", "LEADS", "MET_WITH", "SUPPORTS"]


# --- brokers ----------------------------------------------------------------------------------------

def test_brokers_rank_the_actors_on_the_paths_between_two_actors(graph):
    found = brokers(graph, "anna", "eli", max_hops=3)
    assert [(row["rank"], row["id"], row["paths"], row["shortest"]) for row in found["brokers"]] == [
        (1, "dov", 4, 2), (2, "cara", 3, 2), (3, "gus", 3, 3), (4, "bo", 1, 3), (4, "fay", 1, 3)]
    assert [row["id"] for row in brokers(graph, "anna", "eli")["brokers"]] == ["cara", "dov"]  # tied to both
    assert [row["id"] for row in brokers(by_stance(graph, "positive"), "anna", "eli", max_hops=3)["brokers"]] == [
        "fay", "gus"]
    assert len(brokers(graph, "anna", "eli", max_hops=3, k=3)["paths"]) == 3


def test_brokers_command_shows_each_path_with_its_evidence():
    text = ok("brokers", "Anna Kovacs", "eli", str(FIXTURE), "--max-hops", "3", "--stance", "positive").stdout
    lines = text.splitlines()
    assert lines[0] == ("2 brokers between Anna Kovacs and Eli Front, on 1 path (every simple path of at most "
                        "3 ties, positive ties only):")
    assert lines[3].split() == ["1", "fay", "Fay", "Foundation", "NGO", "1", "3"]
    assert "Fay Foundation (fay): 1 path" in text and "FUNDS -> 2024-02-10, reported; amount: 250,000 EUR" in text
    document = json.loads(ok("brokers", "anna", "eli", str(FIXTURE), "--format", "json").stdout)
    assert [(row["id"], row["paths"]) for row in document["brokers"]] == [("cara", 1), ("dov", 1)]
    assert document["paths"][0][0]["relationships"][0]["citations"][0]["quote"] == "Moss attacked Kovacs in a column"
    missing = run("brokers", "anna", "Eli Frnt", str(FIXTURE))
    assert missing.returncode == 1 and "did you mean 'Eli Front' (eli)?" in missing.stderr


def test_brokers_with_only_a_direct_tie_show_it_and_say_no_one_is_between():
    text = ok("brokers", "malaysia", "hamas", str(SEED), "--stance", "positive").stdout
    lines = text.splitlines()
    assert lines[0] == ("0 brokers between Malaysia and Hamas, on 1 path (every simple path of at most 2 ties, "
                        "positive ties only):")
    assert lines[1] == "No actor lies between them: the path found is their direct tie."
    assert lines[2:4] == ["  Path 1", "    Malaysia (malaysia)"] and lines[-1] == "    Hamas (hamas)"
    assert "-- SUPPORTS -> attested 2023-10-31, confirmed" in text
    assert "to continue our relations with Hamas" in text  # the tie's evidence, quoted


def test_brokers_from_files_are_those_of_the_neo4j_query(neo4j_config, loaded_seed):
    name, _ = loaded_seed
    env = neo4j_config.env()
    for a, b in (("malaysia", "hamas"), ("anwar-ibrahim", "israel"), ("iran", "united-states")):
        rows = json.loads(ok("query", "brokers", "--param", f"a={a}", "--param", f"b={b}", "--param",
                             f"dataset={name}", "--format", "json", env=env).stdout)
        files = json.loads(ok("brokers", a, b, str(SEED), "--top", "0", "--format", "json").stdout)
        from_neo4j = json.loads(ok("brokers", a, b, "--dataset", name, "--top", "0", "--format", "json", env=env).stdout)
        assert rows and sorted(row["broker"] for row in rows) == sorted(row["id"] for row in files["brokers"]), (a, b)
        assert from_neo4j["brokers"] == files["brokers"]


# --- balance ----------------------------------------------------------------------------------------

def test_balance_finds_the_coalitions_and_the_tie_that_breaks_them(graph):
    found = balance(graph)
    # pairs: Anna-Fay +, Gus-Eli +, Cara-Dov +, Cara-Eli +; Anna-Dov -, Dov-Eli -, Dov-Gus -,
    # Cara-Anna -; Fay-Gus both FUNDS and PRESSURED: ambivalent. Triangles: Anna-Cara-Dov and
    # Dov-Eli-Gus balanced, Cara-Dov-Eli not (a friend of Dov's praises Dov's target)
    assert (found["ties"], found["positive"], found["negative"]) == (8, 4, 4)
    assert found["ambivalent"] == [["fay", "gus"]] and found["unsigned"] == {"LEADS": 1, "MET_WITH": 2}
    assert (found["triangles"], found["balanced"], found["balance"]) == (3, 2, pytest.approx(2 / 3))
    [group] = found["groups"]
    assert group["sides"] == [["anna", "eli", "fay", "gus"], ["cara", "dov"]]
    assert (group["method"], group["optimal"], group["frustrated"]) == ("exact", True, 1)
    [tie] = found["frustrated"]
    assert (tie["from"], tie["to"], tie["sign"], tie["why"]) == ("cara", "eli", 1, "across")
    assert tie["relationships"][0]["evidence"][0]["quote"] == "Moss also praised the Eli Front"
    heuristic = balance(graph, exact_limit=2)
    assert heuristic["groups"][0]["method"] == "heuristic" and heuristic["groups"][0]["sides"] == group["sides"]
    assert heuristic["frustration"] == 1 and heuristic["groups"][0]["optimal"] is False


def test_balance_command_says_what_it_left_out_and_which_method_split():
    text = ok("balance", str(FIXTURE)).stdout
    assert text.splitlines()[:3] == [
        "8 signed ties between pairs of actors (4 positive, 4 negative); left out: 3 relationships of types "
        "without a stance (LEADS, MET_WITH), 1 ambivalent pair (as many positive as negative ties)",
        "Balance: 2 of 3 triangles balanced (66.7%).",
        "Coalitions: 1 frustrated tie in all."]
    assert "Group 1: 6 actors, 1 frustrated (exact: every split tried)" in text
    assert "  A: Anna Kovacs, Eli Front, Fay Foundation, Gus Movement\n  B: Cara Moss, Republic of Dov" in text
    assert "Cara Moss (cara) - Eli Front (eli): positive across the coalitions" in text
    assert '        asserts: "Moss also praised the Eli Front" (The Gazette, week in review)' in text
    assert "(heuristic: may not be the best split)" in ok("balance", str(FIXTURE), "--exact-limit", "2").stdout
    seed = json.loads(ok("balance", str(SEED), "--format", "json").stdout)
    assert seed["ties"] > 40 and seed["groups"][0]["method"] == "heuristic" and "MET_WITH" in seed["unsigned"]
