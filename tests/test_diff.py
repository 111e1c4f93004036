"""`graphkit diff` and `analysis.diff_graphs` on the time fixture (tests/fixtures/time), with the
answers worked out by hand from its relationships.yaml (see tests/test_time_slices.py)."""

import json
from pathlib import Path

import pytest

from conftest import cli
from graphkit.analysis import diff_graphs
from graphkit.dataset import read_dataset
from graphkit.graph import dataset_to_graph, filter_graph
from graphkit.model import PartialDate

TIME = Path(__file__).parent / "fixtures" / "time"

MET = "nadia--met_with--omar--2017-09"
LEADS = "nadia--leads--river-party--2012"
OFFICE = "nadia--employed_by--trade-ministry--2013"
MEMBER = "omar--member_of--river-party--2010"
SUPPORTS = "westland--supports--river-party"
ATTACK = "westland--attacked--omar--2018-04-21"
FUNDS = "lantern-trust--funds--river-party"


@pytest.fixture(scope="module")
def graph():
    return dataset_to_graph(read_dataset(TIME))


def changes(result) -> list[tuple]:
    return [(row["change"], row["id"]) for row in result["relationships"]]


def test_what_the_published_record_added_from_2019_to_the_denial(graph):
    result = diff_graphs(filter_graph(graph, known_by="2019"), filter_graph(graph, known_by="2024-02-05"),
                         clock="known", labels=("2019", "2024-02-05"))
    # By the end of 2019 only The Courier (2016) and The Monitor (2018) were out; by 5 February 2024
    # the 2020 register (the funding, the chair's second source) and Global Wire (the support, the denial)
    assert changes(result) == [("appeared", FUNDS), ("appeared", SUPPORTS), ("changed", LEADS), ("changed", ATTACK)]
    rows = {row["id"]: row for row in result["relationships"]}
    assert rows[LEADS]["status"] == ["reported", "confirmed"]
    assert rows[ATTACK]["status"] == ["alleged", "disputed"]
    assert [(c["source"], c["stance"], c["new"]) for c in rows[ATTACK]["evidence"]] == [
        ("monitor-2018", "alleges", False), ("wire-2024", "denies", True)]
    assert rows[ATTACK]["evidence"][1]["quote"] == "Westland has so far denied involvement"
    assert rows[SUPPORTS]["when"] == "undated (first reported 2024-02-05)"
    assert rows[FUNDS]["evidence"] == [{
        "source": "gazette-2020", "title": "Register of parties, 2020", "stance": "asserts",
        "known": PartialDate.parse("2020"), "locator": None, "kind": "quote", "record": None, "url": None,
        "retrieved": None, "quote": "after the chair's departure the Lantern Trust became the party's main donor",
        "text": "\"after the chair's departure the Lantern Trust became the party's main donor\""}]
    assert result["actors"] == []  # every actor was tied already
    # degree over 5 others: the party gains the fund and Westland, each of them the party
    assert [(row["id"], row["before"], row["after"]) for row in result["centrality"]] == [
        ("river-party", pytest.approx(2 / 5), pytest.approx(4 / 5)),
        ("lantern-trust", pytest.approx(1 / 5), pytest.approx(2 / 5)),
        ("westland", pytest.approx(1 / 5), pytest.approx(2 / 5))]


def test_what_held_in_september_2017_and_in_august_2019(graph):
    result = diff_graphs(filter_graph(graph, as_of="2017-09-15"), filter_graph(graph, as_of="2019-08"))
    # the funding began after July 2019; the chair ended in June 2019, the meeting in September
    # 2017, the membership with Omar's death in 2018
    assert changes(result) == [("began", FUNDS), ("ended", LEADS), ("ended", MET), ("ended", MEMBER)]
    assert [(row["change"], row["id"]) for row in result["actors"]] == [("left", "omar")]
    # a slice ranks the actors tied in it: five on the first date (degree over 4), four on the
    # second (Omar is dead: over 3)
    assert [(row["id"], row["before"], row["after"], row["rank_after"]) for row in result["centrality"]] == [
        ("omar", pytest.approx(2 / 4), 0.0, None),
        ("lantern-trust", pytest.approx(1 / 4), pytest.approx(2 / 3), 1),
        ("nadia", pytest.approx(3 / 4), pytest.approx(1 / 3), 3),
        ("river-party", pytest.approx(2 / 4), pytest.approx(1 / 3), 3),
        ("trade-ministry", pytest.approx(2 / 4), pytest.approx(2 / 3), 1)]


def test_a_relationship_whose_certainty_changes_is_a_change(graph):
    result = diff_graphs(filter_graph(graph, as_of="2013"), filter_graph(graph, as_of="2017-09-15"), top=0)
    # the office is attested in 2013: certain that year, only possible on a day of 2017
    assert changes(result) == [("began", MET), ("changed", OFFICE)]
    assert next(row for row in result["relationships"] if row["id"] == OFFICE)["holds"] == ["certain", "may"]


def test_an_unknown_clock_is_an_error(graph):
    with pytest.raises(ValueError, match="clock must be one of valid, known"):
        diff_graphs(graph, graph, clock="wall")


# --- the command ---------------------------------------------------------------------------------------

def test_diff_known_by_as_json_and_as_text():
    result = cli("diff", str(TIME), "--known-by", "2019", "2024-02-05", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["clock"], document["from"], document["to"]) == ("known", "2019", "2024-02-05")
    assert changes(document) == [("appeared", FUNDS), ("appeared", SUPPORTS), ("changed", LEADS), ("changed", ATTACK)]
    assert document["relationships"][3]["evidence"][1]["known"] == "2024-02-05"
    assert "known by 2019: 6 relationships kept; left out: 2 not yet known" in result.stderr
    text = cli("diff", str(TIME), "--known-by", "2019", "2024-02-05").stdout
    assert text.startswith("From 2019 to 2024-02-05 (knowledge time): 2 appeared, 2 changed.")
    assert "changed: westland -- ATTACKED -> omar (westland--attacked--omar--2018-04-21)" in text
    assert "    2018-04-21, alleged -> disputed" in text
    assert ('    denies [new]: "Westland has so far denied involvement" '
            "(Westland and the River Party, six years on; 2024-02-05)") in text


def test_diff_as_of_with_the_shared_filters():
    text = cli("diff", str(TIME), "--as-of", "2017-09-15", "2019-08").stdout
    assert text.startswith("From 2017-09-15 to 2019-08 (valid time): 1 began, 3 ended.")
    assert "began: lantern-trust -- FUNDS -> river-party" in text
    assert "after 2019-07, reported, may have held then" in text
    assert "left    omar  Omar Saleh  Person" in text
    # certainly held: in September 2017 the chair only; nothing in August 2019
    certain = json.loads(cli("diff", str(TIME), "--as-of", "2017-09-15", "2019-08", "--certain", "--format",
                             "json").stdout)
    assert changes(certain) == [("ended", LEADS)]
    people = json.loads(cli("diff", str(TIME), "--as-of", "2017", "2018", "--kinds", "Person", "--format",
                            "json").stdout)
    assert changes(people) == [("ended", MET)]


@pytest.mark.parametrize("args, message", [
    ((), "give either --as-of A B or --known-by A B"),
    (("--as-of", "2019", "2020", "--known-by", "2019", "2020"), "give either --as-of A B or --known-by A B"),
    (("--as-of", "2020", "2019"), "2020 is after 2019"),
    (("--known-by", "2019", "2020", "--certain"), "--certain says how to slice valid time"),
])
def test_diff_usage_errors(args, message):
    result = cli("diff", str(TIME), *args)
    assert result.returncode == 2 and message in result.stderr
