"""`graphkit stats` and `graphkit export --format json`, run as a user runs them, and their library side."""

import json
import shutil
from pathlib import Path

import pytest

from conftest import cli
from graphkit.dataset import default_dataset_paths, read_dataset
from graphkit.formats import FORMATS
from graphkit.graph import dataset_to_graph
from graphkit.stats import graph_stats

FIXTURES = Path(__file__).parent / "fixtures"


# --- stats ------------------------------------------------------------------------------------------

def test_stats_json_counts_the_tiny_dataset(tmp_path):
    result = cli("stats", str(FIXTURES / "tiny"), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["dataset"], report["actors"], report["relationships"], report["sources"]) == ("tiny", 5, 6, 3)
    assert report["actors_by_kind"] == {"Government": 2, "Group": 1, "NGO": 1, "Person": 1}
    # derived from the citations: the gazette confirms the ministry; two publishers each confirm the
    # chair, the meeting and the support; the grant (alleged) and the pressure (disputed) are set by hand
    assert report["relationships_by_status"] == {"confirmed": 4, "alleged": 1, "disputed": 1}
    assert set(report["relationships_by_type"]) == {"PART_OF", "LEADS", "MET_WITH", "FUNDS", "PRESSURED", "SUPPORTS"}
    assert report["relationships_by_source"] == {"herald-2023": 5, "ledger-report-2024": 5, "gazette-2022": 2}
    assert report["undated_relationships"] == ["green-harbour--supports--open-ledger"]
    assert report["single_source_relationships"] == []
    assert report["actors_without_relationships"] == []
    # Own dates run from the ministry's 2001 start to the pressure attested in February 2024; first
    # reports (knowledge time, labelled as such) from 2022 to 2023-10-31.
    assert report["date_range"] == {"first": "2001", "last": "2024-02"}
    assert report["first_reported_range"] == {"first": "2022", "last": "2023-10-31"}
    assert "reported_range" not in report


def test_stats_count_how_texts_place_relationships_in_time_per_dataset_and_actor(tmp_path):
    report = json.loads(cli("stats", str(FIXTURES / "tiny"), "--format", "json", cwd=tmp_path).stdout)
    # dated: the ministry (start 2001), the chair (2015-06 to 2021), the meeting, the grant (2022);
    # attested: the pressure (2024-02); undated: the support
    assert report["relationships_by_timing"] == {"dated": 4, "attested": 1, "bounded": 0, "undated": 1}
    assert report["by_dataset"] == [{"dataset": "tiny", "relationships": 6, "dated": 4, "attested": 1, "bounded": 0,
                                     "undated": 1, "single_source": 0, "alleged": 1, "disputed": 1,
                                     "quote_citations": 12, "record_citations": 0}]
    by_actor = {row["id"]: tuple(row[k] for k in ("relationships", "dated", "attested", "bounded", "undated",
                                                   "single_source", "alleged", "disputed"))
                for row in report["by_actor"]}
    assert by_actor == {
        "avalon-foreign-ministry": (3, 2, 1, 0, 0, 0, 0, 1),  # part of, meeting; the pressure
        "green-harbour": (3, 2, 0, 0, 1, 0, 1, 0),  # chair, grant (alleged); the support
        "open-ledger": (3, 1, 1, 0, 1, 0, 1, 1),  # grant; pressure (disputed); support
        "mira-castell": (2, 2, 0, 0, 0, 0, 0, 0),
        "avalon": (1, 1, 0, 0, 0, 0, 0, 0),
    }
    assert [row["id"] for row in report["by_actor"]][:3] == ["avalon-foreign-ministry", "green-harbour", "open-ledger"]


def test_stats_of_a_slice_on_both_clocks(tmp_path):
    time = FIXTURES / "time"
    # Known by 2019: the funding (2020 register) and the support (2024 wire) not yet published;
    # the killing alleged, not yet disputed
    result = cli("stats", str(time), "--known-by", "2019", "--format", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["relationships"] == 6 and report["relationships_by_status"] == {"reported": 5, "alleged": 1}
    assert report["relationships_by_timing"] == {"dated": 4, "attested": 1, "bounded": 1, "undated": 0}
    assert report["left_out"] == {"not_yet_known": 2} and report["filters"]["known_by"] == "2019-12-31"
    assert "known by 2019, every status: 6 relationships kept; left out: 2 not yet known" in result.stderr
    table = cli("stats", str(time), cwd=tmp_path).stdout.splitlines()
    assert ("  time-fixture              8      4         1        2        1              6        0         1"
            "               10                 0") in table
    assert ("  omar                        3      3         0        0        0              2        0         1"
            "                4                 0") in table
    assert table[table.index("Data quality") + 4:table.index("Data quality") + 6] == [
        "  dates the texts give             2010 .. 2019-07",
        "  first reported (knowledge time)  2016-03 .. 2024-02-05"]


def test_stats_table_shows_what_to_work_on(tmp_path):
    result = cli("stats", str(FIXTURES / "warnings"), cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "warnings: 4 actors, 2 relationships, 3 sources"
    rows = {tuple(line.split()[:-1]): line.split()[-1] for line in lines if line.startswith("  ")}
    assert rows[("single-source", "relationships")] == "1"
    assert rows[("actors", "without", "relationships")] == "1"
    assert rows[("unused-report",)] == "0"  # a source no relationship cites
    assert rows[("CHARGED",)] == "1" and rows[("Person",)] == "2"
    assert lines[-2:] == ["Actors without relationships", "  lone-actor"]


def test_stats_counts_every_relationship_once(tmp_path):
    report = graph_stats(dataset_to_graph(read_dataset(FIXTURES / "tiny")))
    assert sum(report["relationships_by_type"].values()) == sum(report["relationships_by_status"].values()) == 6
    assert sum(report["actors_by_kind"].values()) == 5


def test_stats_of_an_invalid_dataset_says_so(tmp_path):
    result = cli("stats", str(FIXTURES / "broken" / "records"), cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    message = result.stderr
    folder = FIXTURES / "broken" / "records"
    assert message.startswith(f"Error: {folder} is not a valid dataset (38 errors); the first: ")
    assert message.endswith(f"; run `graphkit validate {folder}` to see every problem\n")
    assert len(message.splitlines()) == 1


def test_stats_defaults_to_the_one_seed_dataset(tmp_path):
    shutil.copytree(FIXTURES / "tiny", tmp_path / "seed" / "tiny")
    assert json.loads(cli("stats", "--format", "json", cwd=tmp_path).stdout)["dataset"] == "tiny"
    shutil.copytree(FIXTURES / "warnings", tmp_path / "seed" / "warnings")
    several = cli("stats", cwd=tmp_path)
    assert several.returncode == 1
    assert "several datasets (seed/tiny, seed/warnings); pass one of them" in several.stderr


# --- export -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("export")
    first = cli("export", str(FIXTURES / "tiny"), "--format", "json", cwd=cwd)
    assert first.returncode == 0, first.stderr
    return first.stdout_bytes, cwd


def test_export_json_has_every_field(exported):
    data = json.loads(exported[0])
    assert data["dataset"] == {"name": "tiny", "title": "A tiny fictional network",
                               "description": read_dataset(FIXTURES / "tiny").description,
                               "license": "CC0-1.0", "version": "1.0"}
    assert [source["id"] for source in data["sources"]] == ["gazette-2022", "herald-2023", "ledger-report-2024"]
    assert data["sources"][1]["authors"] == ["J. Doe", "R. Roe"]
    castell = next(node for node in data["nodes"] if node["id"] == "mira-castell")
    assert castell == {"id": "mira-castell", "kind": "Person", "name": "Mira Castell", "aliases": ["M. Castell"],
                       "country": "XA", "description": "Founder of the Green Harbour Movement.",
                       "start": "1961-04-12", "end": None, "identifiers": {"wikidata": "Q4115189"},
                       "tags": ["activist", "founder"], "url": None, "same_as": [], "dataset": "tiny"}
    grant = next(edge for edge in data["edges"] if edge["type"] == "FUNDS")
    assert {key: grant[key] for key in ("id", "source", "target", "directed", "date", "start", "end", "attested",
                                        "after", "before", "first_reported", "earliest_start", "latest_start",
                                        "earliest_end", "latest_end", "timing", "status", "role", "amount",
                                        "currency", "place")} == {
        "id": "open-ledger--funds--green-harbour--2022", "source": "open-ledger", "target": "green-harbour",
        "directed": True, "date": "2022", "start": None, "end": None, "attested": None, "after": None,
        "before": None, "first_reported": "2022", "earliest_start": "2022-01-01", "latest_start": "2022-12-31",
        "earliest_end": "2022-01-01", "latest_end": "2022-12-31", "timing": "dated", "status": "alleged",
        "role": None, "amount": 250000.0, "currency": "EUR", "place": None}
    assert grant["status_note"].startswith("The movement says it never received the grant")
    assert grant["citations"][0] == {"source": "ledger-report-2024", "locator": "p. 12", "stance": "asserts",
                                     "date": None, "known": "2024-03", "record": None, "url": None,
                                     "retrieved": None,
                                     "quote": "a grant of EUR 250,000 to the Green Harbour Movement"}
    meeting = next(edge for edge in data["edges"] if edge["type"] == "MET_WITH")
    assert meeting["directed"] is False


def test_export_json_is_sorted_and_cited(exported):
    data = json.loads(exported[0])
    assert [node["id"] for node in data["nodes"]] == sorted(node["id"] for node in data["nodes"])
    assert [edge["id"] for edge in data["edges"]] == sorted(edge["id"] for edge in data["edges"])
    assert len(data["nodes"]) == 5 and len(data["edges"]) == 6
    assert all(edge["citations"] and all(c["quote"] for c in edge["citations"]) for edge in data["edges"])


def test_export_json_is_utf8_and_byte_for_byte_stable(exported):
    first, cwd = exported
    assert "République d’Avalon".encode() in first  # not \\u-escaped
    again = cli("export", str(FIXTURES / "tiny"), cwd=cwd)
    assert again.stdout_bytes == first
    # The spreadsheet form of the same dataset exports to the same bytes.
    assert cli("export", str(FIXTURES / "tiny-csv"), cwd=cwd).stdout_bytes == first


def test_export_to_a_file(exported):
    first, cwd = exported
    result = cli("export", str(FIXTURES / "tiny"), "--out", "tiny.json", cwd=cwd)
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr.strip() == "wrote tiny.json: 5 nodes, 6 edges"
    assert (cwd / "tiny.json").read_bytes() == first
    failed = cli("export", str(FIXTURES / "tiny"), "--out", "no/such/dir/tiny.json", cwd=cwd)
    assert failed.returncode == 1
    assert failed.stderr.startswith("Error: cannot write no/such/dir/tiny.json")


def test_every_seed_dataset_exports_with_every_edge_cited():
    seeds = default_dataset_paths()
    assert seeds, "no dataset under seed/"
    for folder in seeds:
        dataset = read_dataset(folder)
        data = json.loads(FORMATS["json"].to_bytes(dataset_to_graph(dataset)))
        assert len(data["edges"]) == len(dataset.relationships) and len(data["nodes"]) == len(dataset.actors)
        for edge in data["edges"]:
            assert edge["citations"] and all(citation["quote"] for citation in edge["citations"]), edge["id"]
            assert {citation["source"] for citation in edge["citations"]} <= {s["id"] for s in data["sources"]}


def test_export_takes_the_shared_filters_and_keeps_denied_claims_by_default(tmp_path):
    from graphkit.graph import filter_graph
    from graphkit.vocabulary import vocabulary

    # the analysis fixture holds a denied claim (the seed holds none since its statuses follow
    # from its citations' stances): export keeps it, with or without a time slice
    analysis = FIXTURES / "analysis"
    whole = json.loads(cli("export", str(analysis), cwd=tmp_path).stdout)
    assert len(whole["edges"]) == dataset_to_graph(read_dataset(analysis)).number_of_edges()
    denied = "alpha--opposes--beta-party--2023-06"
    assert {edge["id"]: edge["status"] for edge in whole["edges"]}[denied] == "denied"
    june = json.loads(cli("export", str(analysis), "--as-of", "2023-06", cwd=tmp_path).stdout)
    assert denied in {edge["id"] for edge in june["edges"]}

    seed = default_dataset_paths()[0].resolve()
    graph = dataset_to_graph(read_dataset(seed))
    result = cli("export", str(seed), "--as-of", "2023-10", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = filter_graph(graph, as_of="2023-10", statuses=vocabulary().statuses)
    assert {edge["id"] for edge in json.loads(result.stdout)["edges"]} == {
        key for _, _, key in expected.edges(keys=True)}
    assert 0 < expected.number_of_edges() < graph.number_of_edges()
