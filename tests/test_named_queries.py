"""Each named query of graphkit/store/cypher/ on the seed dataset in a real Neo4j, against answers computed here
from the seed files (with networkx and `graph.filter_graph`), so that a broken query fails."""

from __future__ import annotations

import datetime as dt
import re

import networkx as nx
import pytest

from conftest import cli
from graphkit.graph import dataset_to_graph, filter_graph
from graphkit.store import Store
from graphkit.store.cypher import named_queries, named_query
from graphkit.vocabulary import vocabulary

CONTESTED = {"alleged", "denied", "disputed"}


@pytest.fixture(scope="module")
def seed(loaded_seed):
    name, dataset = loaded_seed
    return name, dataset, dataset_to_graph(dataset)


@pytest.fixture(scope="module")
def run(neo4j_driver, neo4j_config, seed):
    """Run a named query on the test's copy of the seed: a list of row dicts."""

    store = Store.from_driver(neo4j_driver, neo4j_config.database, config=neo4j_config)

    def run(name: str, **params):
        query = named_query(name)
        result = store.query(query.text, query.arguments({"dataset": seed[0], **params}))
        return [dict(zip(result.keys, record)) for record in result.records]

    return run


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    return nx.Graph(graph.to_undirected())


def test_every_named_query_has_a_header_and_a_test():
    queries = {query.name: query for query in named_queries()}
    assert set(queries) == {
        "actor_profile", "actor_timeline", "brokers", "contested_claims", "ngo_government_links",
        "relationships_as_of", "relationships_between", "search_actors", "shortest_paths", "source_claims",
    }
    for query in queries.values():
        assert query.description and query.example.startswith(f"graphkit query {query.name}")
        assert any(p.name == "dataset" and not p.required for p in query.parameters), query.name
        for parameter in query.parameters:
            assert f"${parameter.name}" in query.text.split("// Example:")[-1], (query.name, parameter.name)
        assert f"test_{query.name}" in globals() or f"test_{query.name}_matches_the_files" in globals()


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_actor_profile(run, seed, depth):
    _, _, graph = seed
    expected = nx.single_source_shortest_path_length(undirected(filter_graph(graph)), "anwar-ibrahim", cutoff=depth)
    rows = run("actor_profile", actor="anwar-ibrahim", depth=depth)
    assert {row["actor"]["id"]: row["hops"] for row in rows} == expected
    assert len(rows) == len(expected)
    for row in rows:
        if row["hops"]:
            path = row["path"]
            assert len(path) == row["hops"]
            assert path.start_node["id"] == "anwar-ibrahim" and path.end_node["id"] == row["actor"]["id"]
            assert all(rel["status"] != "denied" for rel in path.relationships)
    # Found by alias as well as by id; the profile row carries the actor's fields.
    by_alias = run("actor_profile", actor="Ibrahim", depth=depth)
    assert [row["actor"]["id"] for row in by_alias] == [row["actor"]["id"] for row in rows]
    assert rows[0]["hops"] == 0 and rows[0]["kind"] == "Person" and rows[0]["country"] == "MY"


@pytest.mark.parametrize("ends", [
    ("anwar-ibrahim", "united-states"),
    ("bloomberg-news", "us-department-of-the-treasury"),
    ("fadi-al-batsh", "antony-blinken"),
])
def test_shortest_paths(run, seed, ends):
    _, dataset, graph = seed
    expected = {tuple(path) for path in nx.all_shortest_paths(undirected(filter_graph(graph)), *ends)}
    rows = run("shortest_paths", **{"from": ends[0], "to": ends[1]})
    paths: dict[int, list[str]] = {}
    for row in rows:
        hops = paths.setdefault(row["path"], [row["from"]])
        assert row["hop"] == len(hops) and row["from"] == hops[-1]
        hops.append(row["to"])
        rel = dataset.relationships[row["id"]]
        assert {rel.source, rel.target} == {row["from"], row["to"]}
        assert row["status"] == rel.status != "denied"
        assert row["sources"] == [c.source for c in rel.citations]
        assert row["quotes"] == [c.quote for c in rel.citations]
    assert {tuple(hops) for hops in paths.values()} == expected


@pytest.mark.parametrize("as_of", ["2023-10-31", "2023-10", "2023", "2013", "1990", 2024, dt.date(2022, 9, 1)])
def test_relationships_as_of(run, seed, as_of):
    _, _, graph = seed
    text = as_of.isoformat() if isinstance(as_of, dt.date) else str(as_of)
    expected = {key for _, _, key in filter_graph(graph, as_of=text).edges(keys=True)}
    rows = run("relationships_as_of", as_of=as_of)
    assert {row["id"] for row in rows} == expected
    assert len(rows) == len(expected)
    everything = filter_graph(graph, as_of=text, statuses=vocabulary().statuses)
    rows = run("relationships_as_of", as_of=as_of, statuses=list(vocabulary().statuses))
    assert {row["id"] for row in rows} == {key for _, _, key in everything.edges(keys=True)}


def test_relationships_as_of_is_not_empty_where_the_data_is(run):
    assert len(run("relationships_as_of", as_of="2023-10")) >= 5  # the month the seed is about


@pytest.mark.parametrize("window", [("2023-10", "2024"), ("2010", "2012"), ("1930", "1960"), ("2022-09-01", "2022-09-30")])
def test_relationships_between(run, seed, window):
    _, _, graph = seed
    expected = {key for _, _, key in filter_graph(graph, between=window).edges(keys=True)}
    rows = run("relationships_between", **{"from": window[0], "to": window[1]})
    assert {row["id"] for row in rows} == expected
    alleged = filter_graph(graph, between=window, statuses={"alleged"})
    rows = run("relationships_between", **{"from": window[0], "to": window[1]}, statuses=["alleged"])
    assert {row["id"] for row in rows} == {key for _, _, key in alleged.edges(keys=True)}


def test_actor_timeline(run, seed):
    _, _, graph = seed
    edges = [data for u, v, data in graph.edges(data=True) if "anwar-ibrahim" in (u, v)]

    def when(edge):
        first = edge["valid_from"] or edge["valid_to"]
        return (first is None, first or "", edge["valid_to"] is None, edge["valid_to"] or "", edge["id"])

    rows = run("actor_timeline", actor="anwar-ibrahim")
    assert [row["id"] for row in rows] == [edge["id"] for edge in sorted(edges, key=when)]
    for row in rows:
        edge = next(e for e in edges if e["id"] == row["id"])
        assert row["type"] == edge["type"] and row["status"] == edge["status"]
    assert run("actor_timeline", actor="Anwar Ibrahim") == rows


def test_source_claims(run, seed):
    _, dataset, _ = seed
    for source in dataset.sources:
        expected = {rel.id: [c.quote for c in rel.citations if c.source == source]
                    for rel in dataset.relationships.values() if source in rel.source_ids}
        rows = run("source_claims", source=source)
        assert {row["id"]: row["quotes"] for row in rows} == expected, source
        assert len(rows) == len(expected)
    assert run("source_claims", source="no-such-source") == []


def test_contested_claims(run, seed):
    _, dataset, _ = seed
    rows = run("contested_claims")
    expected = {rel.id: rel.status for rel in dataset.relationships.values() if rel.status in CONTESTED}
    assert {row["id"]: row["status"] for row in rows} == expected
    assert {"alleged", "denied"} <= set(expected.values())  # the seed has both
    rows = run("contested_claims", statuses=["denied"])
    assert {row["id"] for row in rows} == {rel.id for rel in dataset.relationships.values() if rel.status == "denied"}


def test_ngo_government_links(run, seed):
    _, dataset, _ = seed
    actors, rels = dataset.actors, [r for r in dataset.relationships.values() if r.status != "denied"]
    offices = [r for r in rels if r.type in {"EMPLOYED_BY", "LEADS", "REPRESENTS", "MEMBER_OF"}
               and actors[r.source].kind == "Person" and actors[r.target].kind == "Government"]
    expected = set()
    for office in offices:
        for link in rels:
            ends = (link.source, link.target)
            if office.source in ends:
                other = ends[1] if ends[0] == office.source else ends[0]
                if actors[other].kind == "NGO":
                    expected.add((other, office.source, office.target, link.id, office.id))
    rows = run("ngo_government_links")
    assert {(r["ngo"], r["official"], r["government"], r["link_id"], r["office_id"]) for r in rows} == expected
    assert expected  # the seed has such links


@pytest.mark.parametrize("pair", [("malaysia", "hamas"), ("anwar-ibrahim", "israel"), ("united-states", "iran")])
def test_brokers(run, seed, pair):
    _, _, graph = seed
    kept = filter_graph(graph)
    simple = undirected(kept)
    expected = (set(simple[pair[0]]) & set(simple[pair[1]])) - set(pair)
    rows = run("brokers", a=pair[0], b=pair[1])
    assert {row["broker"] for row in rows} == expected

    def types(x, y):
        return {d["type"] for u, v, d in kept.edges(data=True) if {u, v} == {x, y}}

    for row in rows:
        assert set(row["with_a"]) == types(row["broker"], pair[0])
        assert set(row["with_b"]) == types(row["broker"], pair[1])


@pytest.mark.parametrize("text", ["anwar", "tehran", "hamas", "mossad", "MALAYSIA"])
def test_search_actors(run, seed, text):
    _, dataset, _ = seed
    word = text.lower()
    expected = {actor.id for actor in dataset.actors.values()
                if any(word in re.findall(r"\w+", name.lower()) for name in [actor.name, *actor.aliases])}
    rows = run("search_actors", text=text, limit=100)
    assert {row["id"] for row in rows} == expected
    assert expected
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert len(run("search_actors", text=text, limit=1)) == 1


def test_named_query_from_the_command_line(neo4j_config, seed):
    result = cli("query", "brokers", "--param", "a=malaysia", "--param", "b=hamas",
                          "--param", f"dataset={seed[0]}", "--format", "csv", env=neo4j_config.env())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "broker,name,kind,with_a,with_b,dataset"
    assert "anwar-ibrahim,Anwar Ibrahim,Person" in result.stdout
    assert all(line.endswith(seed[0]) for line in lines[1:])
