"""Graphs read back from a real Neo4j are the graphs built from the files; analysis reads either.
Filters, the two clocks among them, are applied in Cypher and give what `graph.filter_graph` gives."""

from __future__ import annotations

import itertools
import json
import secrets

import pytest

from time_fixture import KNOWN_BY_STATUSES, R1, R2, R3, R4, R5, R6, R7, R8
from conftest import REPO, cli, dataset_copy
from graphkit import synthetic
from graphkit.dataset import read_dataset
from graphkit.errors import QueryError, StoreError
from graphkit.graph import dataset_to_graph, filter_graph
from graphkit.store import QUALIFIED, Store
from graphkit.store.read import cypher_filters, read_graph
from graphkit.vocabulary import vocabulary


def edges(graph) -> dict:
    return {(u, v, key): data for u, v, key, data in graph.edges(keys=True, data=True)}


def test_round_trip_files_neo4j_graph(neo4j_store, loaded_seed):
    name, dataset = loaded_seed
    expected = dataset_to_graph(dataset)
    graph = neo4j_store.read_graph(dataset=name)
    assert graph.graph == expected.graph  # name, title, description, license, version, sources
    assert dict(graph.nodes(data=True)) == dict(expected.nodes(data=True))
    assert edges(graph) == edges(expected)
    assert graph.number_of_edges() == len(dataset.relationships)


def test_round_trip_through_a_config(neo4j_config, loaded_seed):
    name, dataset = loaded_seed
    with Store(neo4j_config) as store:
        graph = store.read_graph(dataset=name)
    assert edges(graph) == edges(dataset_to_graph(dataset))


def test_a_cypher_subgraph(neo4j_store, loaded_seed):
    name, dataset = loaded_seed
    full = dataset_to_graph(dataset)
    graph = neo4j_store.read_graph(
        cypher="MATCH (a:Actor {dataset: $dataset})-[r:FUNDS]->(b:Actor) RETURN a, r, b", parameters={"dataset": name})
    funds = {key: data for key, data in edges(full).items() if data["type"] == "FUNDS"}
    assert edges(graph) == funds and funds
    ends = {u for u, _, _ in funds} | {v for _, v, _ in funds}
    assert dict(graph.nodes(data=True)) == {node: full.nodes[node] for node in ends}
    cited = {c["source"] for data in funds.values() for c in data["citations"]}
    assert graph.graph["sources"] == {s: full.graph["sources"][s] for s in cited}
    assert graph.graph["name"] == name and graph.graph["title"] == dataset.title


def test_relationships_and_paths_bring_their_ends(neo4j_store, loaded_seed):
    name, dataset = loaded_seed
    full = dataset_to_graph(dataset)
    only_rels = neo4j_store.read_graph(
        cypher="MATCH (:Actor {dataset: $dataset, id: 'hamas'})-[r]-(:Actor) RETURN r", parameters={"dataset": name})
    around = {key: data for key, data in edges(full).items() if "hamas" in key[:2]}
    assert edges(only_rels) == around
    assert all(only_rels.nodes[node] == full.nodes[node] for node in only_rels)
    paths = neo4j_store.read_graph(
        cypher="MATCH p = (:Actor {dataset: $dataset, id: 'anwar-ibrahim'})-[*1..2]-(:Actor) "
               "WHERE all(r IN relationships(p) WHERE type(r) <> 'CITES') RETURN p",
        parameters={"dataset": name})
    first = {key for key in edges(full) if "anwar-ibrahim" in key[:2]}
    assert first <= set(edges(paths)) <= set(edges(full))
    assert all(edges(paths)[key] == edges(full)[key] for key in edges(paths))


def test_two_datasets_get_qualified_keys(neo4j_store, loaded_seed, tmp_path):
    name, dataset = loaded_seed
    other = f"other-{secrets.token_hex(4)}"
    neo4j_store.load(read_dataset(dataset_copy(tmp_path, other)))
    try:
        graph = neo4j_store.read_graph(
            cypher="MATCH (a:Actor)-[r:MET_WITH]->(b:Actor) WHERE a.dataset IN $names RETURN a, r, b",
            parameters={"names": [name, other]})
        assert graph.graph["keys"] == QUALIFIED
        met = {key: data for key, data in edges(dataset_to_graph(dataset)).items() if data["type"] == "MET_WITH"}
        for which in (name, other):
            mine = {(u.split(":", 1)[1], v.split(":", 1)[1], k): data for (u, v, k), data in edges(graph).items()
                    if data["dataset"] == which}
            assert mine.keys() == met.keys()
            for key, data in mine.items():
                assert [c["source"] for c in data["citations"]] == \
                    [f"{which}:{c['source']}" for c in met[key]["citations"]]
            assert f"{which}:anwar-ibrahim" in graph and graph.nodes[f"{which}:anwar-ibrahim"]["dataset"] == which
        everything = neo4j_store.read_graph()
        assert {f"{name}:anwar-ibrahim", f"{other}:anwar-ibrahim"} <= set(everything)
        # Filters apply to every dataset read, each keyed by its name.
        both = neo4j_store.read_graph(types=["MET_WITH"], as_of="2024-05")
        for which in (name, other):
            mine = filter_graph(dataset_to_graph(dataset), types=["MET_WITH"], as_of="2024-05")
            assert {(u.split(":", 1)[1], v.split(":", 1)[1], k) for (u, v, k), data in edges(both).items()
                    if data["dataset"] == which} == set(edges(mine))
    finally:
        neo4j_store.unload(other)


FILTERS = [
    {"types": ["MET_WITH", "SUPPORTS"]},
    {"kinds": ["Person", "Government"]},
    {"statuses": ["alleged", "denied"]},
    {"as_of": "2023-10"},
    {"as_of": "2023-10-07"},
    {"as_of": "2023-10-07", "certain": True},
    {"as_of": "2024", "undated": "include"},
    {"between": ("2010", "2012")},
    {"between": ("2010", "2012"), "certain": True, "undated": "include"},
    {"between": ("1930", "1960"), "statuses": list(vocabulary().statuses)},
    {"as_of": "2024-05", "types": ["MET_WITH", "FUNDS"], "kinds": ["Person", "Group", "Government"]},
    {"between": ("2023-10", "2024"), "kinds": ["NGO", "Person"], "statuses": ["reported", "confirmed"]},
    {"known_by": "2024"},
    {"known_by": "2025-06", "as_of": "2023-10", "certain": True},
    {"known_by": "2024-12", "statuses": list(vocabulary().statuses)},
    {"types": []},
]


def check_filters_in_cypher(store, name: str, files, filters: dict) -> None:
    """A filtered read is the filtered graph of the files (with the same `filters` and `left_out`
    graph attributes), and of the whole read; and Cypher sent no more than that: the relationships
    kept, as they are stored (`filter_graph` then adds `holds` and, with `known_by`, drops the
    citations not yet known), and the actors kept."""
    expected = filter_graph(files, **filters)
    graph = store.read_graph(dataset=name, **filters)
    assert graph.graph == expected.graph  # with the filters recorded and what they left out
    assert dict(graph.nodes(data=True)) == dict(expected.nodes(data=True))
    assert edges(graph) == edges(expected)
    whole = filter_graph(store.read_graph(dataset=name), **filters)
    assert graph.graph == whole.graph and dict(graph.nodes(data=True)) == dict(whole.nodes(data=True))
    assert edges(graph) == edges(whole)
    sent = read_graph(store.driver, store.database, dataset=name, filters=cypher_filters(**filters))
    assert set(sent.nodes) == set(expected.nodes)
    assert edges(sent) == {key: edges(files)[key] for key in edges(expected)}


@pytest.mark.parametrize("filters", FILTERS, ids=lambda filters: ",".join(f"{k}={v}" for k, v in filters.items()))
def test_filters_are_applied_in_cypher(neo4j_store, loaded_seed, filters):
    name, dataset = loaded_seed
    check_filters_in_cypher(neo4j_store, name, dataset_to_graph(dataset), filters)


TIME = REPO / "tests" / "fixtures" / "time"


@pytest.fixture(scope="module")
def loaded_time(neo4j_store):
    """The time fixture (every way a text places a claim in time; a claim alleged, then denied)
    loaded under a unique name: (name, its graph from the files)."""
    dataset = read_dataset(TIME)
    dataset.name = f"time-{secrets.token_hex(4)}"
    neo4j_store.load(dataset)
    yield dataset.name, dataset_to_graph(dataset)
    neo4j_store.unload(dataset.name)


@pytest.mark.parametrize("as_of", [None, "2013", "2017-09-15", "2018-05", "2020", ("2017", "2019")])
def test_the_two_clocks_in_cypher_are_those_of_the_files(neo4j_store, loaded_time, as_of):
    """Every combination of a valid-time window, certain, undated, a knowledge date and statuses."""
    name, files = loaded_time
    window = {"between": as_of} if isinstance(as_of, tuple) else {"as_of": as_of}
    for certain, undated, known_by, statuses in itertools.product(
            (False, True), ("exclude", "include"), (None, "2016", "2018-05", "2018", "2024-02-04", "2024"),
            (None, ["alleged"], list(vocabulary().statuses))):
        filters = {**window, "certain": certain, "undated": undated, "known_by": known_by, "statuses": statuses}
        if as_of is None and known_by is None and statuses is None:
            continue  # no filter at all: everything is read (test_no_filter_reads_everything)
        check_filters_in_cypher(neo4j_store, name, files, filters)




def holding(graph) -> dict:
    return {key: data["holds"] for _, _, key, data in graph.edges(keys=True, data=True)}


@pytest.mark.parametrize("as_of, certain, may", [
    # Worked out by hand from the time fixture's dates, its actors' lifetimes and its sources' dates.
    ("2013", {R2, R4}, {R3, R6}),  # R4 is attested in 2013; R6 began before 2015, maybe later
    ("2017-09-15", {R2}, {R1, R3, R4, R6}),  # R1 is some day of September 2017
    ("2018-05", {R2}, {R4, R6}),  # R3 ended with Omar's death on 2018-04-21, and so did R8
    ("2020", set(), {R4, R5, R6}),  # R2 ended in June 2019; R5 began after July 2019
])
def test_three_valued_time_read_from_neo4j(neo4j_store, loaded_time, as_of, certain, may):
    name, _ = loaded_time
    graph = neo4j_store.read_graph(dataset=name, as_of=as_of)
    assert holding(graph) == {**dict.fromkeys(certain, "certain"), **dict.fromkeys(may, "may")}
    assert graph.graph["left_out"] == {"undated": 1}  # R7: its text gives no time
    only = neo4j_store.read_graph(dataset=name, as_of=as_of, certain=True)
    assert holding(only) == dict.fromkeys(certain, "certain")
    assert only.graph["left_out"] == {"undated": 1, **({"uncertain": len(may)} if may else {})}
    undated = neo4j_store.read_graph(dataset=name, as_of=as_of, undated="include")
    assert holding(undated) == {**holding(graph), R7: "may"}  # it may hold on any day from 2005 to its report
    assert "undated" not in undated.graph["left_out"]


@pytest.mark.parametrize("known_by, statuses", KNOWN_BY_STATUSES)
def test_known_by_read_from_neo4j(neo4j_store, loaded_time, known_by, statuses):
    name, _ = loaded_time
    graph = neo4j_store.read_graph(dataset=name, known_by=known_by)
    assert {key: data["status"] for _, _, key, data in graph.edges(keys=True, data=True)} == statuses
    assert graph.graph["left_out"] == ({"not_yet_known": 8 - len(statuses)} if len(statuses) < 8 else {})
    attack = next((data for _, _, key, data in graph.edges(keys=True, data=True) if key == R8), None)
    if attack is not None:  # only the citations known by then
        assert [c["stance"] for c in attack["citations"]] == (["alleges", "denies"] if known_by == "2024-02"
                                                            else ["alleges"])


def test_filters_on_actors_with_dates_of_their_own(neo4j_store):
    """Synthetic actors have founding dates: in a time slice an actor with no relationship there
    is kept only if it existed then, in Cypher as in `filter_graph`."""
    dataset = synthetic.generate(300, seed=3)
    dataset.name = f"filters-{secrets.token_hex(4)}"
    neo4j_store.load(dataset)
    try:
        full = dataset_to_graph(dataset)
        # Synthetic actors begin from 1900 to 1989, their relationships from 1990 on.
        for filters in ({"as_of": "1950"}, {"between": ("1930", "1960")}, {"as_of": "1960-06", "kinds": ["Person", "NGO"]},
                        {"as_of": "1940", "certain": True, "undated": "include"}):
            # (a slice keeps only the actors tied in it: here none, unless keep_isolated)
            assert filter_graph(full, **filters).number_of_nodes() == 0
            assert read_graph(neo4j_store.driver, neo4j_store.database, dataset=dataset.name,
                              filters=cypher_filters(**filters)).number_of_nodes() == 0
            expected = filter_graph(full, **filters, keep_isolated=True)
            assert 0 < expected.number_of_nodes() < full.number_of_nodes()
            sent = read_graph(neo4j_store.driver, neo4j_store.database, dataset=dataset.name,
                              filters=cypher_filters(**filters), keep_isolated=True)
            assert dict(sent.nodes(data=True)) == dict(expected.nodes(data=True))
            assert edges(sent) == {key: edges(full)[key] for key in edges(expected)}  # as stored: no `holds`
    finally:
        neo4j_store.unload(dataset.name)


def test_the_command_line_reads_only_what_its_filters_keep(neo4j_config, loaded_seed):
    from graphkit.cli.options import Filters, GraphSource
    from graphkit.model import PartialDate

    name, dataset = loaded_seed
    filters = Filters(types=["MET_WITH", "SUPPORTS"], statuses=["reported"], as_of=PartialDate.parse("2023-10"))
    source = GraphSource(dataset=name, connection=neo4j_config)
    for time in (True, False):
        graph = source._from_neo4j(filters, time=time)
        expected = filters.apply(dataset_to_graph(dataset), time=time)
        assert dict(graph.nodes(data=True)) == dict(expected.nodes(data=True)) and edges(graph) == edges(expected)
        assert edges(filters.apply(graph, time=time)) == edges(graph)


def test_no_filter_reads_everything(neo4j_store, loaded_seed):
    name, dataset = loaded_seed
    graph = neo4j_store.read_graph(dataset=name)
    assert "filters" not in graph.graph and graph.number_of_edges() == len(dataset.relationships)
    # Denied claims too: the time fixture with its attack only denied (the seed has none left
    # since statuses follow from stances: its denials are disputed, a source asserting them).
    denied = read_dataset(TIME)
    denied.name = f"denied-{secrets.token_hex(4)}"
    attack = denied.relationships[R8]
    attack.citations = [c for c in attack.citations if c.stance == "denies"]
    neo4j_store.load(denied)
    try:
        statuses = {key: data["status"] for *_, key, data in neo4j_store.read_graph(dataset=denied.name).edges(
            keys=True, data=True)}
        assert statuses[R8] == "denied" and len(statuses) == len(denied.relationships)
        assert R8 not in {key for *_, key in neo4j_store.read_graph(dataset=denied.name, known_by="2025").edges(keys=True)}
    finally:
        neo4j_store.unload(denied.name)


def test_what_cannot_be_read(neo4j_store):
    with pytest.raises(StoreError, match="No dataset 'no-such-dataset'") as raised:
        neo4j_store.read_graph(dataset="no-such-dataset")
    assert raised.value.hint == "load it with `graphkit load`"
    with pytest.raises(QueryError, match="no nodes, relationships or paths"):
        neo4j_store.read_graph(cypher="RETURN 1 AS one")
    with pytest.raises(QueryError, match="writes"):
        neo4j_store.read_graph(cypher="CREATE (n:GraphkitReadCheck) RETURN n")
    with pytest.raises(StoreError, match="reported Neo.ClientError.Statement.SyntaxError"):
        neo4j_store.read_graph(cypher="MATCH (n RETURN n")


def test_centrality_from_neo4j_equals_centrality_from_files(neo4j_config, loaded_seed, tmp_path):
    name, _ = loaded_seed
    folder = dataset_copy(tmp_path, name)
    for args in (["--measure", "pagerank"], ["--measure", "all", "--as-of", "2023-10"],
                 ["--measure", "betweenness", "--types", "SUPPORTS,FUNDS,OPPOSES"]):
        from_files = cli("centrality", str(folder), *args, "--top", "0", "--format", "json")
        from_neo4j = cli("centrality", "--dataset", name, *args, "--top", "0", "--format", "json",
                         env=neo4j_config.env())
        assert from_files.returncode == 0 and from_neo4j.returncode == 0, from_files.stderr + from_neo4j.stderr
        # The same scores; sums taken in another order may differ in the last bits, and so may
        # the order of actors whose scores tie.
        files = {row.pop("id"): row for row in json.loads(from_files.stdout)}
        neo4j = {row.pop("id"): row for row in json.loads(from_neo4j.stdout)}
        assert neo4j.keys() == files.keys() and len(files) > 30  # a slice ranks the actors tied in it
        for actor, row in files.items():
            other = neo4j[actor]
            assert (other["name"], other["kind"]) == (row["name"], row["kind"])
            scores = {key: value for key, value in row.items() if isinstance(value, float)}
            assert {key: other[key] for key in scores} == pytest.approx(scores, rel=1e-9, abs=1e-12)
            assert abs(other["rank"] - row["rank"]) <= sum(
                abs(r["score"] - row["score"]) < 1e-9 for r in files.values())


def test_centrality_write_stores_scores_on_actors(neo4j_config, neo4j_driver, neo4j_store, loaded_seed, tmp_path):
    name, _ = loaded_seed
    folder = dataset_copy(tmp_path, name)
    for args, prop in ((["--measure", "pagerank"], "centrality_pagerank"),
                       (["--measure", "degree", "--as-of", "2023-10-31"], "centrality_degree_asof_2023_10_31")):
        result = cli("centrality", "--dataset", name, *args, "--top", "0", "--format", "json", "--write",
                     env=neo4j_config.env())
        assert result.returncode == 0, result.stderr
        assert prop in result.stderr
        expected = cli("centrality", str(folder), *args, "--top", "0", "--format", "json")
        scores = {row["id"]: row["score"] for row in json.loads(expected.stdout)}
        records, _, _ = neo4j_driver.execute_query(
            "MATCH (a:Actor {dataset: $dataset}) WHERE a[$prop] IS NOT NULL RETURN a.id AS id, a[$prop] AS score",
            dataset=name, prop=prop, database_=neo4j_config.database)
        stored = {row["id"]: row["score"] for row in records}
        assert stored.keys() == scores.keys()
        assert all(stored[key] == pytest.approx(scores[key], abs=1e-12) for key in scores)
    # A reload leaves the scores, which graphkit does not own, alone (from a copy of the folder
    # loaded: kept apart from it with keep_stale, so the load only compares).
    report = neo4j_store.load(read_dataset(folder), keep_stale=True)
    assert not report.changed
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Actor {dataset: $dataset}) WHERE a.centrality_pagerank IS NOT NULL RETURN count(a) AS n",
        dataset=name, database_=neo4j_config.database)
    assert records[0]["n"] == len(read_dataset(folder).actors)


def test_centrality_write_needs_neo4j(loaded_seed, tmp_path):
    result = cli("centrality", str(dataset_copy(tmp_path, "files-only")), "--write")
    assert result.returncode != 0 and "--write stores scores in Neo4j" in result.stderr
