"""The two clocks on a fixture whose answers are worked out by hand (tests/fixtures/time): valid-time
slices with three answers (certain, may, out), undated relationships never placed by their report,
actors' deaths ending their relationships, knowledge-time slices with statuses recomputed from the
citations published by then, and the reading commands' options and notes."""

import json
from pathlib import Path

import pytest

from conftest import cli
from graphkit.analysis import centrality_over_time, date_span
from graphkit.dataset import read_dataset
from graphkit.graph import dataset_to_graph, filter_graph
from graphkit.vocabulary import vocabulary

TIME = Path(__file__).parent / "fixtures" / "time"

MET = "nadia--met_with--omar--2017-09"  # date 2017-09 (some day of September 2017)
LEADS = "nadia--leads--river-party--2012"  # start 2012, end 2019-06
OFFICE = "nadia--employed_by--trade-ministry--2013"  # attested 2013; the ministry was founded in 1990
MEMBER = "omar--member_of--river-party--2010"  # start 2010, end open; Omar died on 2018-04-21
SUPPORTS = "westland--supports--river-party"  # undated; first reported 2024-02-05; the party began in 2005
ATTACK = "westland--attacked--omar--2018-04-21"  # alleged (2018-06-10), denied (2024-02-05)
COOP = "trade-ministry--cooperates_with--lantern-trust"  # before 2015; the ministry was founded in 1990
FUNDS = "lantern-trust--funds--river-party"  # after 2019-07; first reported in 2020

# Worked out by hand from relationships.yaml, with the rule: a relationship is out when it must
# have begun after the slice's last day or ended before its first; it certainly held when it
# began by the last day and cannot have ended before the first; otherwise it may have held.
# SUPPORTS is undated: left out by default, "may" on any day after the party began when included.
HELD = {
    "1980": {},  # before the ministry, the party and every start
    "2010": {MEMBER: "certain", OFFICE: "may", COOP: "may", SUPPORTS: "may"},
    "2012-06-01": {LEADS: "may", MEMBER: "may", OFFICE: "may", COOP: "may", SUPPORTS: "may"},
    "2013": {LEADS: "certain", OFFICE: "certain", MEMBER: "may", COOP: "may", SUPPORTS: "may"},
    "2013-06-01": {LEADS: "certain", OFFICE: "may", MEMBER: "may", COOP: "may", SUPPORTS: "may"},
    "2017": {MET: "certain", LEADS: "certain", OFFICE: "may", MEMBER: "may", COOP: "may", SUPPORTS: "may"},
    "2017-09-15": {MET: "may", LEADS: "certain", OFFICE: "may", MEMBER: "may", COOP: "may", SUPPORTS: "may"},
    "2018": {LEADS: "certain", ATTACK: "certain", OFFICE: "may", MEMBER: "may", COOP: "may", SUPPORTS: "may"},
    "2018-05": {LEADS: "certain", OFFICE: "may", COOP: "may", SUPPORTS: "may"},  # Omar is dead: no membership
    "2019-06-15": {LEADS: "may", OFFICE: "may", COOP: "may", SUPPORTS: "may"},  # ended some day of June
    "2019-08": {FUNDS: "may", OFFICE: "may", COOP: "may", SUPPORTS: "may"},
    "2024": {FUNDS: "may", OFFICE: "may", COOP: "may", SUPPORTS: "may"},
}


@pytest.fixture(scope="module")
def graph():
    return dataset_to_graph(read_dataset(TIME))


def held(sliced) -> dict[str, str]:
    return {key: holds for _, _, key, holds in sliced.edges(keys=True, data="holds")}


# --- valid time: certain, may, out -------------------------------------------------------------------

@pytest.mark.parametrize("day", sorted(HELD))
def test_each_relationship_certainly_or_possibly_held_or_not_as_worked_out(graph, day):
    expected = HELD[day]
    assert held(filter_graph(graph, as_of=day, undated="include")) == expected
    assert held(filter_graph(graph, as_of=day)) == {k: v for k, v in expected.items() if k != SUPPORTS}
    assert held(filter_graph(graph, as_of=day, certain=True)) == {k: v for k, v in expected.items() if v == "certain"}


def test_between_is_any_day_of_the_range(graph):
    # 2012 to 2013: the chair began in 2012 and ran to 2019, the office is attested in 2013; the
    # membership (2010, end unknown) may have ended before 2012
    assert held(filter_graph(graph, between=("2012", "2013"))) == {
        LEADS: "certain", OFFICE: "certain", MEMBER: "may", COOP: "may"}


def test_a_report_date_never_places_an_undated_relationship(graph):
    edge = graph.edges["westland", "river-party", SUPPORTS]
    assert edge["timing"] == "undated" and str(edge["first_reported"]) == "2024-02-05"
    # the report bounds its start from above: it may have held in 2010, long before it was reported
    assert str(edge["latest_start"]) == "2024-02-05" and str(edge["earliest_start"]) == "2005-01-01"
    assert SUPPORTS not in held(filter_graph(graph, as_of="2025"))
    assert held(filter_graph(graph, as_of="2010", undated="include"))[SUPPORTS] == "may"
    assert filter_graph(graph, as_of="2025").graph["left_out"] == {"undated": 1}
    assert SUPPORTS not in held(filter_graph(graph, as_of="2004", undated="include"))  # before the party began


def test_a_death_ends_what_the_dead_did(graph):
    member = graph.edges["omar", "river-party", MEMBER]
    assert str(member["latest_end"]) == "2018-04-21" and member["end"].is_open
    assert MEMBER in held(filter_graph(graph, as_of="2018-04-21"))
    assert MEMBER not in held(filter_graph(graph, as_of="2018-04-22"))
    assert "omar" not in filter_graph(graph, as_of="2019")  # no relationship, and dead by then


def test_the_report_bounds_a_point_event_from_above(graph):
    # The September meeting was reported on 2018-06-10: it happened by then (its own date says so too)
    met = graph.edges["nadia", "omar", MET]
    assert str(met["first_reported"]) == "2018-06-10" and str(met["latest_end"]) == "2017-09-30"


def test_what_a_slice_left_out_is_counted(graph):
    assert filter_graph(graph, as_of="2018").graph["left_out"] == {"undated": 1}
    assert filter_graph(graph, as_of="2018", certain=True).graph["left_out"] == {"undated": 1, "uncertain": 3}
    assert filter_graph(graph, as_of="2018", undated="include").graph["left_out"] == {}


# --- knowledge time ----------------------------------------------------------------------------------

def status_of(key: str, **filters) -> str | None:
    graph = dataset_to_graph(read_dataset(TIME))
    found = {k: status for _, _, k, status in filter_graph(graph, **filters).edges(keys=True, data="status")}
    return found.get(key)


def test_the_killing_is_alleged_until_the_denial_is_published_then_disputed():
    assert status_of(ATTACK, known_by="2018-06-09") is None  # nothing published yet
    assert status_of(ATTACK, known_by="2018-06-10") == "alleged"  # the relatives blame Westland
    assert status_of(ATTACK, known_by="2024-02-04") == "alleged"
    assert status_of(ATTACK, known_by="2024-02-05") == "disputed"  # Westland denies it
    assert status_of(ATTACK) == "disputed"
    assert status_of(ATTACK, known_by="2019", statuses={"alleged"}) == "alleged"
    assert status_of(ATTACK, known_by="2024-02-05", statuses={"alleged"}) is None


def test_a_second_publisher_confirms_the_chair_once_it_is_published():
    assert status_of(LEADS, known_by="2019") == "reported"  # The Courier only
    assert status_of(LEADS, known_by="2020-06") == "reported"  # the 2020 register: some day of 2020, not yet sure
    assert status_of(LEADS, known_by="2020") == "confirmed"  # The Courier and the government's register
    assert status_of(LEADS) == "confirmed"


def test_known_by_leaves_out_what_no_source_had_published_and_combines_with_as_of(graph):
    known = filter_graph(graph, known_by="2017")
    assert sorted(k for _, _, k in known.edges(keys=True)) == sorted([LEADS, OFFICE, MEMBER, COOP])  # The Courier
    assert known.graph["left_out"] == {"not_yet_known": 4}
    both = filter_graph(graph, as_of="2018", known_by="2018-06-09")
    assert held(both) == {LEADS: "certain", OFFICE: "may", MEMBER: "may", COOP: "may"}
    assert both.graph["left_out"] == {"not_yet_known": 4}
    assert filter_graph(graph, known_by="2016-03-30").number_of_edges() == 0  # "2016-03" may be later


# --- over time ---------------------------------------------------------------------------------------

def test_periods_slice_by_the_same_rule(graph):
    # the dates the texts give: from the membership's start (2010) to the funding's "after July
    # 2019"; not the ministry's founding (1990), from which the office may have run, nor any report
    assert [str(day) for day in date_span(graph)] == ["2010-01-01", "2019-07-31"]
    result = centrality_over_time(filter_graph(graph), "degree", "2017", "2019")
    # 2017: the meeting and the chair certainly, the office, the membership, the cooperation may;
    # 2018: the chair and the killing certainly, the same three may (Omar died in April);
    # 2019: the chair certainly (to June), the funding (after July), the office, the cooperation may
    assert [(p["relationships"], p["may"]) for p in result] == [(5, 3), (5, 3), (4, 3)]
    assert [p["left_out"] for p in result] == [{"undated": 1}] * 3
    certain = centrality_over_time(filter_graph(graph), "degree", "2017", "2019", certain=True)
    assert [p["relationships"] for p in certain] == [2, 2, 1]
    assert [p["left_out"] for p in certain] == [{"undated": 1, "uncertain": 3}] * 3
    included = centrality_over_time(filter_graph(graph), "degree", "2017", "2019", undated="include")
    assert [(p["relationships"], p["may"], p["left_out"]) for p in included] == [(6, 4, {}), (6, 4, {}), (5, 4, {})]


# --- the reading commands ----------------------------------------------------------------------------

def test_every_reading_command_takes_both_clocks_and_says_what_it_left_out(tmp_path):
    note = "1 relationship kept; left out: 3 that only may have held (--certain), 4 not yet known"
    options = ("--as-of", "2018", "--certain", "--known-by", "2018-06-09")
    for command in (("centrality",), ("communities",), ("path", "nadia", "river-party"), ("stats",),
                    ("export", "--out", str(tmp_path / "slice.json")), ("map", "--out", str(tmp_path / "m.html"))):
        result = cli(*command, str(TIME), *options)
        assert result.returncode == 0, (command, result.stderr)
        assert note in result.stderr and "as of 2018, certainly, known by 2018-06-09" in result.stderr, command
    # the chair is the only relationship certainly held in 2018 and known by June 2018
    exported = json.loads((tmp_path / "slice.json").read_text(encoding="utf-8"))
    assert [edge["id"] for edge in exported["edges"]] == [LEADS]


def test_the_undated_option_and_its_note():
    default = cli("centrality", str(TIME), "--as-of", "2010", "--format", "json")
    assert "left out: 1 undated (their texts give no time; --undated include keeps them)" in default.stderr
    assert "3 relationships kept (2 only may have held then)" in default.stderr
    included = cli("centrality", str(TIME), "--as-of", "2010", "--undated", "include", "--format", "json")
    assert "4 relationships kept (3 only may have held then); none left out" in included.stderr
    scores = {row["id"]: row["score"] for row in json.loads(included.stdout)}
    assert scores["westland"] == pytest.approx(1 / 5)  # tied to the party by the undated support
    # without the undated support Westland has no relationship in 2010: left out, and counted
    assert "westland" not in {row["id"] for row in json.loads(default.stdout)}
    assert "1 actor left out as unconnected (no relationship in the slice: --keep-isolated keeps them)" in default.stderr
    kept = cli("centrality", str(TIME), "--as-of", "2010", "--keep-isolated", "--format", "json")
    assert {row["id"]: row["score"] for row in json.loads(kept.stdout)}["westland"] == 0.0
    assert "unconnected" not in kept.stderr


@pytest.mark.parametrize("args, message", [
    (("--certain",), "--certain says how to slice valid time: give --as-of or --between too"),
    (("--undated", "include"), "--undated include says how to slice valid time"),
    (("--known-by", "2023-02-30"), "'2023-02-30' is not a real date"),
    (("--undated", "sometimes"), "'sometimes' is not one of 'exclude', 'include'"),
])
def test_time_options_without_a_window_or_with_a_bad_value_fail_clearly(args, message):
    result = cli("centrality", str(TIME), *args)
    assert result.returncode == 2 and message in result.stderr


def test_over_time_takes_certain_and_says_what_it_left_out():
    document = json.loads(cli("centrality", str(TIME), "--over", "2017", "2019", "--certain", "--format",
                              "json").stdout)
    assert [p["relationships"] for p in document] == [2, 2, 1]
    result = cli("centrality", str(TIME), "--over", "2017", "2019")
    assert "left out of every period: 1 undated relationship (their texts give no time" in result.stderr


def test_path_tells_time_as_the_text_gives_it():
    text = cli("path", "Nadia Haddad", "Lantern Trust", str(TIME)).stdout
    assert "-- EMPLOYED_BY -> attested 2013, reported" in text
    assert "-- COOPERATES_WITH -- before 2015, reported" in text
    assert ('asserts: "in 2013 Haddad was an adviser to the trade ministry" '
            "(Who runs the River Party, https://example.org/courier/river-party)") in text
    sliced = cli("path", "Nadia Haddad", "Lantern Trust", str(TIME), "--as-of", "2013-06-01").stdout
    assert "-- EMPLOYED_BY -> attested 2013, reported, may have held then" in sliced
    undated = cli("path", "westland", "river-party", str(TIME)).stdout
    assert "-- SUPPORTS -> undated (first reported 2024-02-05), reported" in undated


# --- a slice keeps the actors tied in it ---------------------------------------------------------------

SEED = Path(__file__).parent.parent / "seed" / "malaysia-palestine"


def _page_data(path: Path) -> dict:
    import re

    script = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', path.read_text(encoding="utf-8"), re.S)
    return json.loads(script.group(1))


def test_rankings_maps_and_exports_of_a_slice_keep_only_the_actors_tied_in_it(tmp_path):
    graph = dataset_to_graph(read_dataset(SEED))
    october = filter_graph(graph, as_of="2023-10")
    tied = {node for edge in october.edges() for node in edge}
    assert set(october) == tied and october.graph["unconnected"] == 42
    # rankings: 84 ranked before, of whom 25 tied; now only the tied, and the note says how many left
    ranked = cli("centrality", str(SEED), "--types", "FUNDS,SUPPORTS", "--top", "0", "--format", "json")
    funds = filter_graph(graph, types=["FUNDS", "SUPPORTS"])
    assert {row["id"] for row in json.loads(ranked.stdout)} == {n for e in funds.edges() for n in e} == set(funds)
    assert f"{funds.graph['unconnected']} actors left out as unconnected (no relationship in the slice" in ranked.stderr
    # maps: no unconnected actor drawn; the page data says the slice kept only the tied ones
    assert cli("map", str(SEED), "--as-of", "2023-10", "--out", str(tmp_path / "m.html")).returncode == 0
    data = _page_data(tmp_path / "m.html")
    assert {actor["id"] for actor in data["actors"]} == tied and data["keep_isolated"] is False
    assert cli("map", str(SEED), "--as-of", "2023-10", "--keep-isolated", "--out", str(tmp_path / "k.html")).returncode == 0
    kept = _page_data(tmp_path / "k.html")
    assert len(kept["actors"]) == len(tied) + 42 and kept["keep_isolated"] is True
    # exports alike; the whole dataset, with no filter, keeps every actor
    assert cli("export", str(SEED), "--types", "FUNDS", "--format", "json", "--out", str(tmp_path / "f.json")).returncode == 0
    exported = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    every_status = list(vocabulary().statuses)  # export keeps every status unless --status says otherwise
    assert {node["id"] for node in exported["nodes"]} == {
        n for e in filter_graph(graph, types=["FUNDS"], statuses=every_status).edges() for n in e}
    assert cli("export", str(SEED), "--format", "json", "--out", str(tmp_path / "all.json")).returncode == 0
    assert len(json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["nodes"]) == graph.number_of_nodes()


def test_a_slice_counts_the_actors_that_did_not_exist_then_apart_and_the_counts_add_up():
    graph = dataset_to_graph(read_dataset(SEED))
    october = filter_graph(graph, as_of="2023-10")
    gone = set(graph) - set(october)
    assert "fadi-al-batsh" in gone  # died 2018-04-21
    assert october.graph["not_existing"] == 1 and october.graph["unconnected"] == 42 == len(gone) - 1
    kept = filter_graph(graph, as_of="2023-10", keep_isolated=True)
    assert set(graph) - set(kept) == {"fadi-al-batsh"} and kept.graph["not_existing"] == 1
    note = cli("centrality", str(SEED), "--as-of", "2023-10", "--top", "1").stderr
    assert ("42 actors left out as unconnected (no relationship in the slice: --keep-isolated keeps them); "
            "1 actor left out as not existing then (their own dates lie outside the window)") in note
    note = cli("centrality", str(SEED), "--as-of", "2023-10", "--top", "1", "--keep-isolated").stderr
    assert "unconnected" not in note and "; 1 actor left out as not existing then" in note
    assert "not existing" not in cli("centrality", str(SEED), "--types", "FUNDS", "--top", "1").stderr


def test_neo4j_slices_keep_the_same_actors_as_the_files(neo4j_store, neo4j_config, loaded_seed):
    name, dataset = loaded_seed
    graph = dataset_to_graph(dataset)
    for filters in ({"types": ["FUNDS", "SUPPORTS"]}, {"as_of": "2023-10"}, {"kinds": ["Person"]},
                    {"known_by": "2019"}, {"between": ("2020", "2021"), "certain": True}):
        from_files = filter_graph(graph, **filters)
        from_neo4j = neo4j_store.read_graph(dataset=name, **filters)
        assert sorted(from_neo4j) == sorted(from_files) and from_files.number_of_nodes() > 0, filters
        assert from_neo4j.graph["unconnected"] == from_files.graph["unconnected"] > 0, filters
        assert from_neo4j.graph.get("not_existing", 0) == from_files.graph["not_existing"], filters
        kept = neo4j_store.read_graph(dataset=name, keep_isolated=True, **filters)
        assert sorted(kept) == sorted(filter_graph(graph, keep_isolated=True, **filters)), filters
        assert kept.graph.get("not_existing", 0) == filter_graph(graph, keep_isolated=True, **filters).graph[
            "not_existing"], filters
        assert kept.number_of_nodes() > from_neo4j.number_of_nodes()
    assert neo4j_store.read_graph(dataset=name).number_of_nodes() == len(dataset.actors)
    env = neo4j_config.env()
    args = ("centrality", "--types", "FUNDS,SUPPORTS", "--top", "0", "--format", "json")
    neo4j = cli(*args, "--dataset", name, env=env)
    files = cli(*args, str(SEED))
    assert json.loads(neo4j.stdout) == json.loads(files.stdout)
    assert "actors left out as unconnected" in neo4j.stderr and neo4j.stderr == files.stderr
    october = ("centrality", "--as-of", "2023-10", "--top", "1")  # Fadi al-Batsh died in 2018
    neo4j, files = cli(*october, "--dataset", name, env=env), cli(*october, str(SEED))
    assert "; 1 actor left out as not existing then" in neo4j.stderr and neo4j.stderr == files.stderr
    kept = cli(*args, "--dataset", name, "--keep-isolated", env=env)
    assert len(json.loads(kept.stdout)) == len(dataset.actors)
