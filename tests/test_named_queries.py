"""Each named query of graphkit/store/cypher/ on the seed dataset in a real Neo4j, against answers computed here
from the seed files (with networkx and `graph.filter_graph`), so that a broken query fails; and the time
queries on the time fixture, against answers worked out by hand and the Python filters."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets

import networkx as nx
import pytest

from time_fixture import KNOWN_BY_STATUSES, R1, R2, R3, R4, R5, R6, R7, R8
from conftest import REPO, LocalNeo4j, cli, free_port
from graphkit.dataset import read_dataset
from graphkit.graph import dataset_to_graph, filter_graph
from graphkit.store import Store
from graphkit.store.cypher import named_queries, named_query
from graphkit.vocabulary import vocabulary

CONTESTED = {"alleged", "denied", "disputed"}


@pytest.fixture(scope="module")
def seed(loaded_seed):
    name, dataset = loaded_seed
    return name, dataset, dataset_to_graph(dataset)


def runner(store, dataset: str):
    """Run a named query on one dataset: a list of row dicts."""

    def run(name: str, **params):
        query = named_query(name)
        result = store.query(query.text, query.arguments({"dataset": dataset, **params}))
        return [dict(zip(result.keys, record)) for record in result.records]

    return run


@pytest.fixture(scope="module")
def run(neo4j_driver, neo4j_config, seed):
    """Run a named query on the test's copy of the seed."""
    return runner(Store.from_driver(neo4j_driver, neo4j_config.database, config=neo4j_config), seed[0])


@pytest.fixture(scope="module")
def time_fixture(neo4j_store):
    """The time fixture loaded under a unique name: (a runner of named queries on it, its graph)."""
    dataset = read_dataset(REPO / "tests" / "fixtures" / "time")
    dataset.name = f"time-{secrets.token_hex(4)}"
    neo4j_store.load(dataset)
    yield runner(neo4j_store, dataset.name), dataset_to_graph(dataset)
    neo4j_store.unload(dataset.name)


def when(edge) -> str | None:
    """The time a relationship's text gives, as the named queries show it (never a report date)."""
    if edge["date"]:
        return str(edge["date"])
    if edge["start"] or (edge["end"] and not edge["end"].is_open):
        return f"{edge['start'] or ''}/{edge['end'] or ''}"
    if edge["attested"]:
        return f"attested {edge['attested']}"
    if edge["after"] or edge["before"]:
        return " ".join(f"{name} {edge[name]}" for name in ("after", "before") if edge[name])
    return None


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    return nx.Graph(graph.to_undirected())


def test_every_named_query_has_a_header_and_a_test():
    queries = {query.name: query for query in named_queries()}
    assert set(queries) == {
        "actor_profile", "actor_timeline", "brokers", "contested_claims", "ngo_government_links",
        "relationships_as_of", "relationships_between", "relationships_known_by", "search_actors",
        "same_actors", "shortest_paths", "source_claims",
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
        edge = edges_by_id(graph)[row["id"]]
        assert {rel.source, rel.target} == {row["from"], row["to"]}
        assert row["status"] == edge["status"] != "denied"  # set by hand, else derived from the citations
        assert row["when"] == when(edge)
        assert row["sources"] == [c.source for c in rel.citations]
        assert row["quotes"] == [c.quote for c in rel.citations]
    assert {tuple(hops) for hops in paths.values()} == expected


def edges_by_id(graph) -> dict:
    return {key: data for _, _, key, data in graph.edges(keys=True, data=True)}


def holding(graph) -> dict:
    return {key: data["holds"] for _, _, key, data in graph.edges(keys=True, data=True)}


@pytest.mark.parametrize("as_of", ["2023-10-31", "2023-10", "2023", "2013", "1990", 2024, dt.date(2022, 9, 1)])
def test_relationships_as_of(run, seed, as_of):
    _, _, graph = seed
    text = as_of.isoformat() if isinstance(as_of, dt.date) else str(as_of)
    for options in ({}, {"certain": True}, {"undated": "include"}, {"statuses": list(vocabulary().statuses)}):
        expected = holding(filter_graph(graph, as_of=text, **options))
        rows = run("relationships_as_of", as_of=as_of, **options)
        assert {row["id"]: row["holds"] for row in rows} == expected, options
        assert len(rows) == len(expected)
        for row in rows:
            assert row["when"] == when(edges_by_id(graph)[row["id"]])


def test_relationships_as_of_is_not_empty_where_the_data_is(run):
    assert len(run("relationships_as_of", as_of="2023-10")) >= 5  # the month the seed is about


@pytest.mark.parametrize("window", [("2023-10", "2024"), ("2010", "2012"), ("1930", "1960"), ("2022-09-01", "2022-09-30")])
def test_relationships_between(run, seed, window):
    _, _, graph = seed
    for options in ({}, {"certain": True}, {"undated": "include", "certain": True}):
        expected = holding(filter_graph(graph, between=window, **options))
        rows = run("relationships_between", **{"from": window[0], "to": window[1]}, **options)
        assert {row["id"]: row["holds"] for row in rows} == expected, options
    alleged = filter_graph(graph, between=window, statuses={"alleged"})
    rows = run("relationships_between", **{"from": window[0], "to": window[1]}, statuses=["alleged"])
    assert {row["id"] for row in rows} == {key for _, _, key in alleged.edges(keys=True)}


def timeline_order(edge) -> tuple:
    """In order of the earliest day it may have begun, then of when it may have ended; those whose
    text gives no time last, never placed by their report date."""
    if edge["timing"] == "undated":
        return (True, True, dt.date.min, True, dt.date.min, edge["id"])
    first = edge["earliest_start"] or edge["latest_start"]
    return (False, first is None, first or dt.date.min, edge["latest_end"] is None, edge["latest_end"] or dt.date.min,
            edge["id"])


def test_actor_timeline(run, seed):
    _, _, graph = seed
    edges = [data for u, v, data in graph.edges(data=True) if "anwar-ibrahim" in (u, v)]
    rows = run("actor_timeline", actor="anwar-ibrahim")
    assert [row["id"] for row in rows] == [edge["id"] for edge in sorted(edges, key=timeline_order)]
    for row in rows:
        edge = next(e for e in edges if e["id"] == row["id"])
        assert row["type"] == edge["type"] and row["status"] == edge["status"]
        assert row["when"] == when(edge) and row["timing"] == edge["timing"]
        assert row["first_reported"] == (str(edge["first_reported"]) if edge["first_reported"] else None)
    assert run("actor_timeline", actor="Anwar Ibrahim") == rows


def test_source_claims(run, seed):
    _, dataset, _ = seed
    for source in dataset.sources:
        expected = {rel.id: [c.quote for c in rel.citations if c.source == source]
                    for rel in dataset.relationships.values() if source in rel.source_ids}
        rows = run("source_claims", source=source)
        assert {row["id"]: row["quotes"] for row in rows} == expected, source
        stances = {rel.id: [c.stance for c in rel.citations if c.source == source]
                   for rel in dataset.relationships.values() if source in rel.source_ids}
        assert {row["id"]: row["stances"] for row in rows} == stances, source
        assert len(rows) == len(expected)
    assert run("source_claims", source="no-such-source") == []


def test_contested_claims(run, seed):
    _, _, graph = seed
    edges = edges_by_id(graph)  # each with its status: set by hand, else derived from its citations
    rows = run("contested_claims")
    expected = {key: edge["status"] for key, edge in edges.items() if edge["status"] in CONTESTED}
    assert {row["id"]: row["status"] for row in rows} == expected
    assert {"alleged", "disputed"} <= set(expected.values())  # the seed has both (and no denied left)
    for row in rows:
        edge = edges[row["id"]]
        assert row["stances"] == [c["stance"] for c in edge["citations"]] and row["when"] == when(edge)
    for status in ("denied", "disputed"):
        rows = run("contested_claims", statuses=[status])
        assert {row["id"] for row in rows} == {key for key, edge in edges.items() if edge["status"] == status}


def test_ngo_government_links(run, seed):
    _, dataset, graph = seed
    denied = {key for key, edge in edges_by_id(graph).items() if edge["status"] == "denied"}
    actors, rels = dataset.actors, [r for r in dataset.relationships.values() if r.id not in denied]
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


@pytest.mark.parametrize("known_by", ["2023", "2024-05", "2025", dt.date(2024, 12, 31)])
def test_relationships_known_by(run, seed, known_by):
    _, _, graph = seed
    text = known_by.isoformat() if isinstance(known_by, dt.date) else known_by
    for statuses in (None, list(vocabulary().statuses)):
        expected = edges_by_id(filter_graph(graph, known_by=text, statuses=statuses))
        rows = run("relationships_known_by", known_by=known_by, **({"statuses": statuses} if statuses else {}))
        assert {row["id"]: row["status"] for row in rows} == {key: edge["status"] for key, edge in expected.items()}
        assert len(rows) == len(expected)
        for row in rows:
            edge = expected[row["id"]]  # with only the citations known by then
            assert row["sources"] == [c["source"] for c in edge["citations"]]
            assert row["stances"] == [c["stance"] for c in edge["citations"]]
            assert row["when"] == when(edge) and row["status_now"] == edges_by_id(graph)[row["id"]]["status"]




def test_when_is_the_time_the_text_gives_never_a_report_date(time_fixture):
    run, graph = time_fixture
    # By hand, from the fixture's files.
    expected = {R1: "2017-09", R2: "2012/2019-06", R3: "2010/..", R4: "attested 2013", R5: "after 2019-07",
                R6: "before 2015", R7: None, R8: "2018-04-21"}
    assert {key: when(edge) for key, edge in edges_by_id(graph).items()} == expected
    rows = run("relationships_between", **{"from": "1900", "to": "2100"}, undated="include",
               statuses=list(vocabulary().statuses))
    assert {row["id"]: row["when"] for row in rows} == expected
    timeline = {actor: [(row["id"], row["when"], row["first_reported"]) for row in run("actor_timeline", actor=actor)]
                for actor in ("nadia", "westland", "river-party", "lantern-trust")}
    assert timeline == {
        "nadia": [(R4, "attested 2013", "2016-03"), (R2, "2012/2019-06", "2016-03"), (R1, "2017-09", "2018-06-10")],
        "westland": [(R8, "2018-04-21", "2018-06-10"), (R7, None, "2024-02-05")],  # undated: last, unplaced
        "river-party": [(R3, "2010/..", "2016-03"), (R2, "2012/2019-06", "2016-03"), (R5, "after 2019-07", "2020"),
                        (R7, None, "2024-02-05")],
        "lantern-trust": [(R6, "before 2015", "2016-03"), (R5, "after 2019-07", "2020")],
    }
    contested = run("contested_claims")
    assert [(row["id"], row["status"], row["when"], row["stances"]) for row in contested] == [
        (R8, "disputed", "2018-04-21", ["alleges", "denies"])]


@pytest.mark.parametrize("as_of, certain, may", [
    # Worked out by hand from the fixture's dates, its actors' lifetimes and its sources' dates.
    ("2013", {R2, R4}, {R3, R6}),
    ("2017-09-15", {R2}, {R1, R3, R4, R6}),
    ("2018-05", {R2}, {R4, R6}),
    ("2020", set(), {R4, R5, R6}),
])
def test_relationships_as_of_worked_by_hand(time_fixture, as_of, certain, may):
    run, _ = time_fixture
    rows = run("relationships_as_of", as_of=as_of)
    expected = {**dict.fromkeys(certain, "certain"), **dict.fromkeys(may, "may")}
    assert {row["id"]: row["holds"] for row in rows} == expected
    rows = run("relationships_as_of", as_of=as_of, certain=True)
    assert {row["id"]: row["holds"] for row in rows} == dict.fromkeys(certain, "certain")
    rows = run("relationships_as_of", as_of=as_of, undated="include")
    assert {row["id"] for row in rows} == certain | may | {R7}  # R7 may hold on any day from 2005 to its report


@pytest.mark.parametrize("known_by, statuses", KNOWN_BY_STATUSES)
def test_relationships_known_by_worked_by_hand(time_fixture, known_by, statuses):
    run, _ = time_fixture
    rows = {row["id"]: row for row in run("relationships_known_by", known_by=known_by)}
    assert {key: row["status"] for key, row in rows.items()} == statuses
    assert rows[R2]["sources"] == (["courier-2016", "gazette-2020"] if statuses[R2] == "confirmed"
                                   else ["courier-2016"])
    if R8 in rows:
        assert rows[R8]["stances"] == (["alleges", "denies"] if statuses[R8] == "disputed" else ["alleges"])
        assert rows[R8]["status_now"] == "disputed" and rows[R8]["when"] == "2018-04-21"
    alleged = run("relationships_known_by", known_by=known_by, statuses=["alleged"])
    assert [row["id"] for row in alleged] == [key for key, status in statuses.items() if status == "alleged"]


@pytest.mark.parametrize("day", ["2013", "2016-03", "2017-09-15", "2018", "2018-05", "2020", "2024-02-05", "2025"])
def test_the_named_queries_give_the_slices_of_the_python_filters(neo4j_store, time_fixture, day):
    """The time queries in Cypher and the Python filters, on the files and on the graph read from
    the same Neo4j, keep the same relationships for every day."""
    run, graph = time_fixture
    name = graph.graph["name"]
    for options in ({}, {"certain": True}, {"undated": "include"}):
        expected = holding(filter_graph(graph, as_of=day, **options))
        assert holding(neo4j_store.read_graph(dataset=name, as_of=day, **options)) == expected
        assert {row["id"]: row["holds"] for row in run("relationships_as_of", as_of=day, **options)} == expected
        assert {row["id"]: row["holds"]
                for row in run("relationships_between", **{"from": "2005", "to": day}, **options)} == \
            holding(filter_graph(graph, between=("2005", day), **options))
    expected = {key: edge["status"] for key, edge in edges_by_id(filter_graph(graph, known_by=day)).items()}
    read = neo4j_store.read_graph(dataset=name, known_by=day)
    assert {key: edge["status"] for key, edge in edges_by_id(read).items()} == expected
    assert {row["id"]: row["status"] for row in run("relationships_known_by", known_by=day)} == expected


@pytest.fixture(scope="module")
def quiet_server(tmp_path_factory):
    """A Neo4j of its own holding only the time fixture: the planner's choices follow statistics,
    which the shared server's other tests keep moving."""
    server = LocalNeo4j(home=tmp_path_factory.mktemp("plan-home"), port=free_port(),
                        password=secrets.token_urlsafe(18))
    started = server.run("start")
    assert started.returncode == 0, started.stderr
    with Store(server.config) as store:
        dataset = read_dataset(REPO / "tests" / "fixtures" / "time")
        store.load(dataset)
        yield store, dataset.name
    server.run("stop")


def test_relationships_known_by_looks_relationships_up_in_the_indexes(quiet_server):
    """The query names the vocabulary's types, so that the planner seeks each type's index of
    `known_from` (Neo4j has no relationship index across types) instead of reading every one."""
    store, name = quiet_server
    query = named_query("relationships_known_by")
    _, summary, _ = store.driver.execute_query("EXPLAIN " + query.text, query.arguments(
        {"known_by": "2020", "dataset": name}), database_=store.database)

    def operators(plan: dict) -> list[str]:
        return [plan["operatorType"], *(name for child in plan.get("children", []) for name in operators(child))]

    seeks = [name for name in operators(summary.plan) if "RelationshipIndexSeek" in name]
    assert len(seeks) == len(vocabulary().relationship_types)


def test_same_actors(neo4j_config, linked):
    """A named query shows Neo4j users which actors are one, and on whose word."""
    root, curated, register = linked
    env = neo4j_config.env()
    assert cli("link", str(root), "--write", env=env).returncode == 0
    result = cli("query", "same_actors", "--param", f"dataset={register}", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    rows = [(row["left"], row["right"], row["origin"], row["by"]) for row in json.loads(result.stdout)]
    assert rows == [(f"{curated}:aminah-rahman", f"{register}:person-101", "judgement", "ana"),
                    (f"{curated}:harmony-front", f"{register}:party-7", "same_as", None)]
