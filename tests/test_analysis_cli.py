"""`graphkit centrality`, `communities` and `path` as a user runs them (in-process, `conftest.cli`)
on the fixture dataset (tests/fixtures/analysis): their output and their exit status."""

import csv
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from conftest import cli as run, unload_if_loaded
from graphkit.analysis import DIRECTED_ONLY, MEASURES, REGISTRY

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "analysis"
SEED = Path(__file__).parent.parent / "seed" / "malaysia-palestine"


def ok(*args: str, **kwargs):
    result = run(*args, **kwargs)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def rows(*args: str) -> list[dict]:
    return json.loads(ok(*args, "--format", "json").stdout)


def error_line(result) -> str:
    """The one line that says what is wrong."""
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- centrality ---------------------------------------------------------------------------------

def test_centrality_table_ranks_the_most_tied_actor_first():
    # every relationship but the denied one: Dan is tied to Carol, the party, the fund and
    # Foxtrot News, 4 of the 7 other actors
    result = ok("centrality", str(FIXTURE))
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["rank", "id", "name", "kind", "degree"]  # the measure it ranks by
    assert lines[2].split() == ["1", "dan", "Dan", "Ortiz", "Person", f"{4 / 7:.4f}"]
    assert len(lines) == 2 + 8


def test_centrality_json_and_csv_give_the_same_rows():
    found = rows("centrality", str(FIXTURE), "--measure", "betweenness", "--top", "0")
    assert [row["id"] for row in found[:1]] == ["dan"]
    assert {row["id"] for row in found} == {"alpha", "beta-party", "carol", "dan", "echo-fund", "foxtrot-news",
                                            "gone-group", "hermit"}
    table = list(csv.DictReader(io.StringIO(ok("centrality", str(FIXTURE), "--measure", "betweenness",
                                                "--top", "0", "--format", "csv").stdout)))
    assert [(r["id"], float(r["betweenness"])) for r in table] == [(r["id"], pytest.approx(r["score"])) for r in found]
    assert set(table[0]) == {"rank", "id", "name", "kind", "betweenness"}
    assert {row["measure"] for row in found} == {"betweenness"}


def test_as_of_a_day_uses_only_relationships_in_force_then():
    # 1 June 2023: Carol chairs the party (since 2019) and the fund paid it (some day of 2023);
    # only the 3 actors these tie are in the slice, and the party is tied to both others
    found = rows("centrality", str(FIXTURE), "--as-of", "2023-06-01", "--top", "0")
    assert found[0] == {"rank": 1, "id": "beta-party", "name": "Beta Party", "kind": "Group",
                        "score": pytest.approx(2 / 2), "measure": "degree"}
    assert [row["id"] for row in found] == ["beta-party", "carol", "echo-fund"]
    # with --keep-isolated the others that existed then are ranked too (not the gone group, 2010 to 2015)
    kept = rows("centrality", str(FIXTURE), "--as-of", "2023-06-01", "--top", "0", "--keep-isolated")
    assert len(kept) == 7 and "gone-group" not in {row["id"] for row in kept} and kept[0]["score"] == pytest.approx(2 / 6)
    # November 2023: the October meeting is over; the investigation has no date of its own, so
    # (issue 11) its report does not place it in the slice unless undated ones are included
    november = {row["id"]: row["score"] for row in rows("centrality", str(FIXTURE), "--as-of", "2023-11-20",
                                                           "--top", "0")}
    assert november["carol"] == pytest.approx(1 / 2) and "dan" not in november
    included = {row["id"]: row["score"] for row in rows("centrality", str(FIXTURE), "--as-of", "2023-11-20",
                                                           "--undated", "include", "--top", "0")}
    assert included["carol"] == pytest.approx(2 / 4) and included["dan"] == pytest.approx(1 / 4)


def test_between_types_kinds_and_status_filter_the_network():
    found = rows("centrality", str(FIXTURE), "--between", "2022", "2022", "--measure", "in-degree")
    assert found[0]["id"] == "beta-party"  # Carol's chair and Dan's membership (until June 2022)
    assert found[0]["score"] == pytest.approx(2 / 2) and found[1]["score"] == 0.0
    funds = rows("centrality", str(FIXTURE), "--types", "funds,SANCTIONED", "--measure", "out-degree")
    assert [(row["id"], row["rank"]) for row in funds[:2]] == [("alpha", 1), ("echo-fund", 1)]
    people = rows("centrality", str(FIXTURE), "--kinds", "Person", "--top", "0")
    assert [row["id"] for row in people] == ["carol", "dan"]  # not Hermit, tied to no one
    denied = rows("centrality", str(FIXTURE), "--status", "denied", "--measure", "out-degree")
    assert denied[0]["id"] == "alpha" and denied[1]["score"] == 0.0


def test_all_measures_side_by_side():
    result = ok("centrality", str(FIXTURE), "--measure", "all", "--top", "3")
    header = result.stdout.splitlines()[0].split()
    assert header == ["rank", "id", "name", "kind", "degree", "in-degree", "out-degree", "betweenness",
                      "closeness", "eigenvector", "pagerank"]
    undirected = rows("centrality", str(FIXTURE), "--measure", "all", "--undirected")
    assert "in-degree" not in undirected[0] and "pagerank" in undirected[0]


def test_weighted_and_sampled_options():
    weighted = rows("centrality", str(FIXTURE), "--measure", "degree", "--weighted", "--status", "all")
    plain = rows("centrality", str(FIXTURE), "--measure", "degree", "--status", "all")
    assert {r["id"]: r["score"] for r in weighted} == {r["id"]: r["score"] for r in plain}  # one tie per pair
    sampled = run("centrality", str(FIXTURE), "--measure", "betweenness", "--samples", "3")
    assert sampled.returncode == 0
    assert "betweenness estimated from 3 of 8 actors as sources (seed 42)" in sampled.stderr
    assert "estimated" not in ok("centrality", str(FIXTURE), "--measure", "betweenness").stderr


def test_empty_slices_say_so_and_score_zero():
    result = run("centrality", str(FIXTURE), "--as-of", "1990", "--format", "json")
    assert result.returncode == 1 and error_line(result) == (
        "Error: no relationships match the filters (as of 1990), so no actor is tied in the slice; "
        "loosen them, or --keep-isolated keeps the actors")
    assert "7 actors left out as unconnected" in result.stderr
    kept = ok("centrality", str(FIXTURE), "--as-of", "1990", "--keep-isolated", "--format", "json")
    assert "no relationships match (as of 1990" in kept.stderr
    assert {row["score"] for row in json.loads(kept.stdout)} == {0.0} and len(json.loads(kept.stdout)) == 7


@pytest.mark.parametrize("args, message", [
    (("--types", "MEETS"), "Invalid value for '--types': unknown relationship type 'MEETS' (did you mean MET_WITH?)"),
    (("--kinds", "persn"), "unknown actor kind 'persn' (did you mean Person?)"),
    (("--status", "rumoured"), "unknown status 'rumoured'"),
    (("--as-of", "2023-02-30"), "'2023-02-30' is not a real date (February 2023 has 28 days)"),
    (("--between", "2024", "2023"), "2024 is after 2023"),
    (("--as-of", "2023", "--between", "2020", "2021"), "give either --as-of or --between, not both"),
    (("--measure", "in-degree", "--undirected"), "--measure in-degree needs directions"),
    (("--over", "2020", "2022", "--measure", "all"), "periods rank one measure at a time"),
    (("--over", "2020", "2022", "--as-of", "2021"), "drop --as-of/--between"),
    (("--over", "2020", "2022", "--step", "1q"), "step '1q' is not a count of years, months or days"),
    (("--param", "x=1"), "--param goes with --cypher or --cypher-file"),
])
def test_bad_options_fail_with_one_clear_line(args, message):
    result = run("centrality", str(FIXTURE), *args)
    assert result.returncode == 2
    assert message in error_line(result)


def test_bad_sources_fail_with_one_clear_line(tmp_path):
    missing = run("centrality", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "nowhere" in error_line(missing)
    broken = tmp_path / "broken.graphml"
    broken.write_text("<graphml", encoding="utf-8")
    result = run("centrality", str(broken))
    assert result.returncode == 1
    assert "broken.graphml: cannot read it as GRAPHML" in error_line(result)
    invalid = run("centrality", str(FIXTURES / "broken" / "records"))
    assert invalid.returncode == 1 and "is not a valid dataset" in error_line(invalid)
    both = run("centrality", str(FIXTURE), "--neo4j")
    assert both.returncode == 2 and "not both" in error_line(both)


def test_the_default_dataset_is_the_one_under_seed(tmp_path):
    (tmp_path / "seed").mkdir()
    shutil.copytree(FIXTURE, tmp_path / "seed" / "analysis")
    assert ok("centrality", "--format", "json", cwd=tmp_path).stdout == \
        ok("centrality", str(FIXTURE), "--format", "json").stdout
    shutil.copytree(FIXTURE, tmp_path / "seed" / "other")
    result = run("centrality", cwd=tmp_path)
    assert result.returncode == 1
    assert "several datasets" in error_line(result) and "other" in error_line(result)


def test_a_graphml_file_is_a_source(tmp_path):
    from graphkit.dataset import read_dataset
    from graphkit.formats import write_graph_file
    from graphkit.graph import dataset_to_graph

    path = tmp_path / "network.graphml"
    write_graph_file(dataset_to_graph(read_dataset(FIXTURE)), path)
    assert rows("centrality", str(path), "--as-of", "2023-06-01") == rows("centrality", str(FIXTURE), "--as-of",
                                                                          "2023-06-01")
    none = run("centrality", str(path), "--kinds", "Person", "--types", "FUNDS", "--as-of", "1990", "--keep-isolated")
    assert none.returncode == 0  # the people are still there, with no ties
    plain = tmp_path / "plain.graphml"
    plain.write_text(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">'
        '<node id="a"/><node id="b"/><edge source="a" target="b"/></graph></graphml>', encoding="utf-8")
    empty = run("centrality", str(plain), "--kinds", "Person")
    assert empty.returncode == 1 and "no actors match the filters (kinds Person)" in error_line(empty)


# --- centrality over time -----------------------------------------------------------------------------

def test_over_time_ranks_each_period():
    document = rows("centrality", str(FIXTURE), "--over", "2022", "2024", "--step", "1y", "--top", "3")
    assert [p["period"] for p in document] == ["2022", "2023", "2024"]
    # 2023 no longer counts the investigation, which has no date of its own (issue 11): Carol, Dan
    # and the party share the first rank, 2 of 6 others each
    assert [p["relationships"] for p in document] == [2, 4, 2]
    assert [(row["rank"], row["id"]) for row in document[1]["rows"]] == [(1, "beta-party"), (1, "carol"), (1, "dan")]
    assert document[1]["rows"][1]["score"] == pytest.approx(2 / 4)  # of the 5 actors tied in 2023
    assert document[1]["left_out"] == {"undated": 2} and document[1]["may"] == 1
    assert document[0]["from"] == "2022-01-01" and document[2]["to"] == "2024-12-31"
    table = ok("centrality", str(FIXTURE), "--over", "2022", "2024", "--top", "3").stdout.splitlines()
    assert table[0] == "degree per period (score #rank):"  # the measure it ranks by
    assert table[1].split() == ["id", "name", "2022", "2023", "2024"]
    carol = next(line for line in table if line.startswith("carol "))
    assert carol.split()[3:] == ["0.500", "#2", "0.500", "#1", "0.333", "#1"]
    long = list(csv.DictReader(io.StringIO(ok("centrality", str(FIXTURE), "--over", "2023-10", "2023-12",
                                              "--step", "1m", "--format", "csv").stdout)))
    assert {row["period"] for row in long} == {"2023-10", "2023-11", "2023-12"}
    assert set(long[0]) == {"period", "from", "to", "rank", "id", "name", "kind", "degree"}


def test_by_year_spans_the_dated_relationships_and_skips_empty_years_in_the_table():
    result = ok("centrality", str(FIXTURE), "--by-year")
    header = result.stdout.splitlines()[1].split()
    assert header[:2] == ["id", "name"] and header[2] == "2019" and header[-1] == "2024"
    assert "no relationships in" not in result.stderr  # 2019 to 2024: the chair runs throughout


def test_plot_writes_a_png(tmp_path):
    out = tmp_path / "degree.png"
    ok("centrality", str(FIXTURE), "--over", "2020", "2024", "--plot", str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 5000


def test_plot_draws_only_the_periods_with_relationships(tmp_path):
    import struct

    # 1990 to 2024 is 35 years, of which only 2019 to 2024 hold relationships: six labels, so the
    # chart is (0.6 * 6 + 3) inches wide at 120 dpi, not (0.6 * 35 + 3)
    out = tmp_path / "degree.png"
    ok("centrality", str(FIXTURE), "--over", "1990", "2024", "--plot", str(out))
    width, height = struct.unpack(">II", out.read_bytes()[16:24])
    assert (width, height) == (792, 540)


def test_by_year_on_the_seed_shows_and_draws_only_the_years_its_dates_reach(tmp_path):
    import struct

    from graphkit.dataset import read_dataset
    from graphkit.model import PartialDate, Relationship, fields

    # every year from a relationship's first own date to its last (an open end dates nothing);
    # the years before a tie known at one date only may have held it, and are not shown
    names = [f.name for f in fields(Relationship) if f.kind == "date"]
    years = set()
    for relationship in read_dataset(SEED).relationships.values():
        dates = [d for d in (getattr(relationship, name) for name in names) if isinstance(d, PartialDate) and not d.is_open]
        if dates:
            years.update(range(min(d.earliest for d in dates).year, max(d.latest for d in dates).year + 1))
    expected = [f"{year:04d}" for year in sorted(years)]
    assert 10 < len(expected) < 60 and "1960" not in expected  # a gap the data does not date
    out = tmp_path / "by.png"
    result = ok("centrality", str(SEED), "--by-year", "--plot", str(out))
    assert result.stdout.splitlines()[1].split()[2:] == expected
    assert f"showing the {len(expected)} periods the relationships' own dates reach into" in result.stderr
    width, height = struct.unpack(">II", out.read_bytes()[16:24])
    assert (width, height) == (round((0.6 * len(expected) + 3) * 120), 540)


def test_plot_without_matplotlib_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` fails as if it were missing
    result = run("centrality", str(FIXTURE), "--by-year", "--plot", str(tmp_path / "x.png"))
    assert result.returncode == 1
    assert "--plot needs matplotlib: pip install 'graphkit[plot]'" in error_line(result)


# --- communities ----------------------------------------------------------------------------------------

def test_counts_of_one_are_singular(tmp_path):
    """One relationship, one community: no "1 relationships" in what a person reads."""
    mapped = ok("map", str(FIXTURE), "--types", "FUNDS", "--out", str(tmp_path / "funds.html"))
    assert mapped.stdout.strip().endswith("funds.html: map of 2 actors and 1 relationship")
    one = ok("communities", str(FIXTURE), "--types", "FUNDS").stdout.splitlines()[0]
    assert one == "1 community of 2 or more actors, modularity 0.000"


def test_communities_list_members_and_links():
    text = ok("communities", str(FIXTURE)).stdout
    assert "modularity" in text and "2 actors without ties" in text
    document = json.loads(ok("communities", str(FIXTURE), "--format", "json").stdout)
    members = [m["id"] for c in document["communities"] for m in c["members"]]
    assert sorted(members) == ["alpha", "beta-party", "carol", "dan", "echo-fund", "foxtrot-news", "gone-group",
                               "hermit"]
    assert document["communities"][0]["members"][0]["name"]
    assert document == json.loads(ok("communities", str(FIXTURE), "--format", "json").stdout)
    table = list(csv.DictReader(io.StringIO(ok("communities", str(FIXTURE), "--format", "csv").stdout)))
    assert len(table) == 8 and set(table[0]) == {"community", "id", "name", "kind"}


# --- path -----------------------------------------------------------------------------------------------

def test_path_prints_each_hop_with_dates_status_and_quotes():
    result = ok("path", "Carol Reyes", "Republic of Alpha", str(FIXTURE))
    text = result.stdout
    assert text.startswith("2 shortest paths of 3 hops between Carol Reyes and Republic of Alpha:")
    assert "-- LEADS -> since 2019, reported" in text
    assert ('"Carol Reyes, who has chaired the Beta Party since 2019" '
            "(Party leader under scrutiny, https://example.org/herald/scrutiny)") in text
    assert "-- LEADS -> since 2019, reported; role: chair" in text
    assert "<- SANCTIONED -- 2024-01-15, reported" in text
    assert "<- SUPPORTS -- undated, reported" in text  # the fund supports Dan: against the path
    assert "OPPOSES" not in text  # denied


def test_path_with_every_status_finds_the_denied_shortcut():
    text = ok("path", "carol", "alpha", str(FIXTURE), "--status", "all").stdout
    assert text.startswith("1 shortest path of 2 hops")
    assert "<- OPPOSES -- 2023-06, denied" in text


def test_path_json_and_limits():
    paths = json.loads(ok("path", "c. reyes", "ALPHA", str(FIXTURE), "--format", "json", "--limit", "1").stdout)
    assert len(paths) == 1 and len(paths[0]) == 3
    assert paths[0][0]["from"] == "carol"
    assert paths[0][0]["relationships"][0]["citations"][0]["title"]
    assert "More shortest paths exist" in ok("path", "carol", "alpha", str(FIXTURE), "--limit", "1").stdout
    far = ok("path", "carol", "alpha", str(FIXTURE), "--max-hops", "2")
    assert far.stdout.startswith("No path between Carol Reyes and Republic of Alpha within 2 hops")


def test_path_problems_are_clear():
    unknown = run("path", "Carol Reyez", "alpha", str(FIXTURE))
    assert unknown.returncode == 1
    assert error_line(unknown) == "Error: no actor called 'Carol Reyez'; did you mean 'Carol Reyes' (carol)?"
    gone = run("path", "gone-group", "carol", str(FIXTURE), "--as-of", "2023")
    assert gone.returncode == 1 and "among the actors kept (as of 2023)" in error_line(gone)
    same = run("path", "carol", "Carol Reyes", str(FIXTURE))
    assert same.returncode == 2 and "are the same actor" in error_line(same)
    alone = ok("path", "hermit", "carol", str(FIXTURE))
    assert alone.stdout.startswith("No path between Hermit Jones and Carol Reyes")
    assert json.loads(ok("path", "hermit", "carol", str(FIXTURE), "--format", "json").stdout) == []


def test_measure_choices_come_from_the_registry():
    from graphkit.cli.analysis_commands import centrality
    from graphkit.cli.map_command import map_command

    def choices(command, name):
        return tuple(next(param for param in command.params if param.name == name).type.choices)

    assert MEASURES == tuple(REGISTRY) and DIRECTED_ONLY == ("in-degree", "out-degree")
    assert choices(centrality, "measure") == MEASURES + ("all",)
    assert choices(map_command, "size_by") == MEASURES


def test_help_shows_examples():
    for command in ("centrality", "communities", "path", "brokers", "balance"):
        text = ok(command, "--help").stdout
        assert "Examples:" in text and f"graphkit {command}" in text


# --- the seed dataset ------------------------------------------------------------------------------------

def test_seed_dataset_top_actors_as_of_october_2023():
    """Degree as of October 2023, derived by hand from seed/malaysia-palestine/relationships.yaml.

    Only relationships whose texts place them in time count (issue 11: the 67 undated ones are
    left out, whatever their report dates); those that held, or may have held, on some day of
    October 2023 (not denied) tie, among the 81 actors that existed then (not Fadi al-Batsh, killed in
    2018: degree is partners over 80):
    - Malaysia to 14 actors: Ahmad Zahid Hamidi and Saifuddin Nasution (EMPLOYED_BY), Anwar
      Ibrahim, Mahathir Mohamad and Najib Razak (LEADS: Anwar attested in May 2024 and first
      reported on 31 October 2023, so certainly; the other two attested in 1993 and 2013, so
      possibly still), Nazri Aziz (REPRESENTS), Hamas (HOSTS before 2020, SUPPORTS), the
      Palestinians (FUNDS, HOSTS, SUPPORTS), Palestine (SUPPORTS, attested 2021), China
      (DIPLOMATIC_RELATIONS, attested 1989/1996), the United States (DIPLOMATIC_RELATIONS,
      PRESSURED), the State Department (OPPOSES), the Treasury (PRESSURED, April or May 2024) and
      al-Batsh's assailants (INVESTIGATED, after 21 April 2018);
    - Hamas to 9: Anwar Ibrahim (REACHED_OUT_TO and SUPPORTS, some day of 2023 after 7 October),
      Benjamin Netanyahu (OPPOSES), Israel (ATTACKED, both ways), Iran (FUNDS, SUPPORTS), Ismail
      Haniyeh (LEADS), Khaled Meshaal (MEMBER_OF), Malaysia, the Palestinian Cultural
      Organisation Malaysia (REPRESENTS) and the United States (OPPOSES);
    - Anwar Ibrahim, Israel and the United States to 5 each: Anwar to Hamas, Israel, Malaysia,
      the Palestinians and the United States; Israel to Anwar, Netanyahu, Hamas, the Palestinians
      and the United States; the United States to Anwar, Hamas, Iran, Israel and Malaysia.
    Certainly held: Malaysia's ties to Zahid, Saifuddin, Anwar, Nazri, Hamas, the Palestinians, the
    United States and the State Department (8); Hamas's to Netanyahu, Israel, Haniyeh, Meshaal,
    Malaysia and the PCOM (6); Anwar's and Israel's 4 each (not Hamas, not the United States).
    """
    result = ok("centrality", str(SEED), "--as-of", "2023-10", "--top", "5", "--format", "json")
    found = json.loads(result.stdout)
    assert [(row["rank"], row["id"]) for row in found] == [
        (1, "malaysia"), (2, "hamas"), (3, "anwar-ibrahim"), (3, "israel"), (3, "united-states")]
    # the slice holds the 39 actors tied in it (42 of the 81 are tied to no one then): over 38
    assert [row["score"] for row in found] == pytest.approx([14 / 38, 9 / 38, 5 / 38, 5 / 38, 5 / 38])
    assert "53 relationships kept (28 only may have held then); left out: 67 undated" in result.stderr
    assert "; 42 actors left out as unconnected (no relationship in the slice" in result.stderr
    kept = rows("centrality", str(SEED), "--as-of", "2023-10", "--top", "1", "--keep-isolated")
    assert kept[0]["score"] == pytest.approx(14 / 80)
    certain = rows("centrality", str(SEED), "--as-of", "2023-10", "--certain", "--top", "4")
    assert [(row["id"], row["score"]) for row in certain] == [  # 18 actors certainly tied then
        ("malaysia", pytest.approx(8 / 17)), ("hamas", pytest.approx(6 / 17)),
        ("anwar-ibrahim", pytest.approx(4 / 17)), ("israel", pytest.approx(4 / 17))]


# --- the benchmarks' synthetic networks -------------------------------------------------------------------

def test_synthetic_datasets_are_valid_and_analysable(tmp_path, capsys):
    from graphkit import synthetic

    assert synthetic.main(["300", "--out", str(tmp_path / "synthetic")]) == 0
    assert "300 actors" in capsys.readouterr().err
    validated = ok("validate", str(tmp_path / "synthetic"))
    assert validated.stdout.splitlines()[-1].startswith("synthetic-300: 300 actors, 14")
    assert "error" not in validated.stdout
    found = rows("centrality", str(tmp_path / "synthetic"), "--measure", "all", "--top", "0")
    assert len(found) == 300
    # preferential attachment: the first actors are the hubs, far above the median
    degrees = sorted(row["degree"] for row in found)
    assert found[0]["id"] in {"a000000", "a000001", "a000002", "a000003", "a000004", "a000005"}
    assert degrees[-1] > 5 * degrees[len(degrees) // 2]


# --- reading from Neo4j ------------------------------------------------------------------------------------

def test_neo4j_sources_give_the_same_answers_as_the_folder(neo4j_config):
    from graphkit.dataset import read_dataset
    from graphkit.store import Store

    with Store(neo4j_config) as store:
        store.load(read_dataset(FIXTURE))
    env = neo4j_config.env()
    from_folder = rows("centrality", str(FIXTURE), "--measure", "all", "--as-of", "2023-10", "--top", "0")
    from_neo4j = json.loads(ok("centrality", "--dataset", "analysis-fixture", "--measure", "all", "--as-of", "2023-10",
                               "--top", "0", "--format", "json", env=env).stdout)
    assert from_neo4j == from_folder
    path = ok("path", "Carol Reyes", "alpha", "--neo4j", "--dataset", "analysis-fixture", env=env).stdout
    assert path == ok("path", "Carol Reyes", "alpha", str(FIXTURE)).stdout
    # a query's result: the funding and sanction network of the dataset, $dataset from --dataset
    query = ("MATCH (a:Actor {dataset: $dataset})-[r:FUNDS|SANCTIONED]->(b:Actor) "
             "WHERE r.status <> $status RETURN a, r, b")
    found = json.loads(ok("centrality", "--cypher", query, "--dataset", "analysis-fixture", "--param", "status=denied",
                          "--measure", "out-degree", "--format", "json", env=env).stdout)
    assert {row["id"] for row in found} == {"alpha", "echo-fund", "beta-party"}
    assert [row["id"] for row in found if row["score"] > 0] == ["alpha", "echo-fund"]
    bad = run("centrality", "--cypher", "MATCH (a:Actor) RETURN a.name", env=env)
    assert bad.returncode == 1 and "no nodes, relationships or paths" in error_line(bad)


def test_neo4j_slices_both_clocks_as_the_folder_does(neo4j_config, tmp_path):
    """The time fixture read from Neo4j (filters in Cypher) and from its folder (filters in Python):
    the same time slices, periods and notes on what was left out."""
    from conftest import dataset_copy
    from graphkit.dataset import read_dataset
    from graphkit.store import Store

    time = FIXTURES / "time"
    name = f"time-{tmp_path.name[-12:].strip('_')}".lower().replace("_", "-")
    with Store(neo4j_config) as store:
        store.load(read_dataset(dataset_copy(tmp_path, name, source=time)))
    env = neo4j_config.env()
    try:
        for options in (("--as-of", "2018"), ("--as-of", "2018", "--certain", "--known-by", "2018-06-09"),
                        ("--as-of", "2010", "--undated", "include"), ("--known-by", "2019"),
                        ("--between", "2012", "2013", "--certain"),
                        ("--over", "2009", "2024", "--measure", "betweenness"),
                        ("--by-year", "--certain", "--known-by", "2020"),
                        ("--over", "2015", "2020", "--undated", "include", "--status", "all")):
            from_folder = run("centrality", str(time), *options, "--top", "0", "--format", "json")
            from_neo4j = run("centrality", "--dataset", name, *options, "--top", "0", "--format", "json", env=env)
            assert from_neo4j.returncode == 0, from_neo4j.stderr
            assert json.loads(from_neo4j.stdout) == json.loads(from_folder.stdout), options
            assert from_neo4j.stderr == from_folder.stderr, options
        diff = ("diff", "--known-by", "2019", "2024-02-05", "--format", "json")
        assert json.loads(run(*diff, "--dataset", name, env=env).stdout) == json.loads(run(*diff, str(time)).stdout)
    finally:
        with Store(neo4j_config) as store:
            unload_if_loaded(store, name)
