"""Analysis against published values on classic networks, against networkx on random ones, and
on the fixture dataset's time slices and paths."""

import datetime as dt
import random
from pathlib import Path

import networkx as nx
import pytest

from graphkit import analysis
from graphkit.analysis import (
    centrality,
    centrality_over_time,
    communities,
    periods,
    rank,
    sample_size,
    shortest_paths,
)
from graphkit.dataset import read_dataset
from graphkit.errors import ActorNotFound
from graphkit.formats.networkx import from_networkx
from graphkit.graph import dataset_to_graph, filter_graph, project, resolve_actor
from graphkit.model import PartialDate

FIXTURE = Path(__file__).parent / "fixtures" / "analysis"


@pytest.fixture(scope="module")
def florentine():
    """Padgett's Florentine families (marriage ties) in the graph form: symmetric relationships."""
    return from_networkx(nx.florentine_families_graph())


@pytest.fixture(scope="module")
def karate():
    """Zachary's karate club in the graph form; its nodes are the ids 0..33 as text."""
    return from_networkx(nx.karate_club_graph())


@pytest.fixture(scope="module")
def fixture_graph():
    return dataset_to_graph(read_dataset(FIXTURE))


# --- published values ----------------------------------------------------------------------------

def test_florentine_families_match_the_published_values(florentine):
    # networkx's graph has the 15 families with marriage ties (Pucci, who has none, is left out)
    assert florentine.number_of_nodes() == 15
    assert all(not d["directed"] for _, _, d in florentine.edges(data=True))
    betweenness = centrality(florentine, "betweenness")
    assert betweenness["Medici"] == pytest.approx(0.5220, abs=1e-4)  # 47.5 pairs / C(14, 2)
    assert betweenness["Guadagni"] == pytest.approx(0.2546, abs=1e-4)
    assert betweenness["Strozzi"] == pytest.approx(0.1026, abs=1e-4)
    assert betweenness["Acciaiuoli"] == 0.0
    degree = centrality(florentine, "degree")
    assert degree["Medici"] == pytest.approx(6 / 14)
    assert centrality(florentine, "closeness")["Medici"] == pytest.approx(0.5600, abs=1e-4)
    assert max(betweenness, key=betweenness.get) == "Medici"


def test_florentine_families_with_pucci_match_padgetts_sixteen(florentine):
    # Padgett's data has 16 families: with isolated Pucci, Medici's degree is 6/15 = 0.4 and its
    # betweenness 47.5 / C(15, 2) = 0.452, as the textbooks give them
    sixteen = florentine.copy()
    sixteen.add_node("Pucci", name="Pucci", kind=None)
    assert centrality(sixteen, "degree")["Medici"] == pytest.approx(0.4)
    assert centrality(sixteen, "betweenness")["Medici"] == pytest.approx(0.4524, abs=1e-4)
    assert centrality(sixteen, "degree")["Pucci"] == 0.0


def test_karate_club_matches_the_published_values(karate):
    betweenness = centrality(karate, "betweenness")
    assert betweenness["0"] == pytest.approx(0.4376, abs=1e-4)
    assert betweenness["33"] == pytest.approx(0.3041, abs=1e-4)
    assert betweenness["32"] == pytest.approx(0.1452, abs=1e-4)
    eigenvector = centrality(karate, "eigenvector")
    assert eigenvector["33"] == pytest.approx(0.3734, abs=1e-4)
    assert eigenvector["0"] == pytest.approx(0.3555, abs=1e-4)
    assert eigenvector["2"] == pytest.approx(0.3172, abs=1e-4)
    assert eigenvector["32"] == pytest.approx(0.3087, abs=1e-4)
    closeness = centrality(karate, "closeness")
    assert closeness["0"] == pytest.approx(0.5690, abs=1e-4)
    assert closeness["2"] == pytest.approx(0.5593, abs=1e-4)
    pagerank = centrality(karate, "pagerank")
    assert pagerank["33"] == pytest.approx(0.1009, abs=1e-4)
    assert pagerank["0"] == pytest.approx(0.0970, abs=1e-4)
    assert sum(pagerank.values()) == pytest.approx(1.0)
    degree = centrality(karate, "degree")
    assert degree["33"] == pytest.approx(17 / 33) and degree["0"] == pytest.approx(16 / 33)


# --- the same values as networkx, on random networks ------------------------------------------------

def random_graphs():
    for seed in range(3):
        undirected = nx.gnm_random_graph(50, 90, seed=seed)
        undirected.add_nodes_from(range(50, 54))  # isolated actors
        yield "undirected", undirected
        yield "directed", nx.gnm_random_graph(50, 160, seed=seed, directed=True)
        yield "scale-free", nx.barabasi_albert_graph(80, 2, seed=seed)


NETWORKX = {
    "degree": lambda g: nx.degree_centrality(g.to_undirected()),
    "in-degree": lambda g: nx.in_degree_centrality(g) if g.is_directed() else nx.degree_centrality(g),
    "out-degree": lambda g: nx.out_degree_centrality(g) if g.is_directed() else nx.degree_centrality(g),
    "betweenness": nx.betweenness_centrality,
    "closeness": nx.closeness_centrality,
    "pagerank": nx.pagerank,
}


@pytest.mark.parametrize("measure", sorted(NETWORKX))
def test_measures_equal_networkx(measure):
    for name, other in random_graphs():
        expected = NETWORKX[measure](other)
        found = centrality(from_networkx(other), measure)
        assert found == pytest.approx({str(node): value for node, value in expected.items()}, abs=1e-9), name


def test_eigenvector_equals_networkx_on_connected_networks():
    for seed in range(3):
        other = nx.barabasi_albert_graph(120, 2, seed=seed)
        expected = nx.eigenvector_centrality(other, max_iter=1000, tol=1e-12)
        found = centrality(from_networkx(other), "eigenvector")
        assert found == pytest.approx({str(n): v for n, v in expected.items()}, abs=1e-8)


def test_large_components_use_the_sparse_eigensolver_with_the_same_result():
    other = nx.barabasi_albert_graph(800, 3, seed=4)  # above the size solved densely
    expected = nx.eigenvector_centrality(other, max_iter=1000, tol=1e-12)
    found = centrality(from_networkx(other), "eigenvector")
    assert found == pytest.approx({str(n): v for n, v in expected.items()}, abs=1e-8)


def test_undirected_projection_gives_the_undirected_values():
    other = nx.gnm_random_graph(40, 120, seed=7, directed=True)
    graph = from_networkx(other)
    as_undirected = nx.Graph(other.to_undirected())
    for measure, function in (("betweenness", nx.betweenness_centrality), ("closeness", nx.closeness_centrality),
                              ("pagerank", nx.pagerank)):
        found = centrality(graph, measure, directed=False)
        assert found == pytest.approx({str(n): v for n, v in function(as_undirected).items()}, abs=1e-9)
    with pytest.raises(ValueError, match="needs directions"):
        centrality(graph, "in-degree", directed=False)


def test_weighted_measures_count_relationships_and_read_them_as_shorter_ties():
    rng = random.Random(3)
    graph = nx.MultiDiGraph()
    for i in range(200):
        u, v = rng.randrange(30), rng.randrange(30)
        graph.add_edge(str(u), str(v), key=f"r{i}", directed=rng.random() < 0.6, citations=[])
    simple = project(graph)
    for _, _, data in simple.edges(data=True):
        data["distance"] = 1 / data["weight"]
    n = simple.number_of_nodes()
    expected = {
        "in-degree": {v: d / (n - 1) for v, d in simple.in_degree(weight="weight")},
        "pagerank": nx.pagerank(simple, weight="weight"),
        "closeness": nx.closeness_centrality(simple, distance="distance"),
        "betweenness": nx.betweenness_centrality(simple, weight="distance"),
    }
    for measure, values in expected.items():
        assert centrality(graph, measure, weighted=True) == pytest.approx(values, abs=1e-9), measure
    assert centrality(graph, "pagerank", weighted=True) != pytest.approx(centrality(graph, "pagerank"), abs=1e-6)


# --- disconnected and degenerate networks --------------------------------------------------------------

def test_eigenvector_on_a_disconnected_network_keeps_the_dominant_component():
    other = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(4))  # eigenvalues 2 and 3
    other.add_node(99)
    found = centrality(from_networkx(other), "eigenvector")
    assert [found[str(n)] for n in range(3)] == [0.0, 0.0, 0.0]
    assert [found[str(n)] for n in range(3, 7)] == pytest.approx([0.5] * 4)
    assert found["99"] == 0.0
    twins = centrality(from_networkx(nx.disjoint_union(nx.cycle_graph(5), nx.cycle_graph(5))), "eigenvector")
    assert list(twins.values()) == pytest.approx([10 ** -0.5] * 10)


def test_degenerate_networks_give_scores_not_errors():
    edgeless = from_networkx(nx.empty_graph(4))
    single = from_networkx(nx.empty_graph(1))
    chain = from_networkx(nx.DiGraph([(0, 1), (1, 2), (2, 3)]))  # directed, acyclic
    for measure in analysis.MEASURES:
        assert set(centrality(edgeless, measure).values()) == {0.0} or measure == "pagerank"
        assert list(centrality(single, measure)) == ["0"]
        assert len(centrality(chain, measure)) == 4
    assert centrality(from_networkx(nx.empty_graph(0)), "betweenness") == {}
    assert centrality(edgeless, "pagerank") == pytest.approx({str(n): 0.25 for n in range(4)})
    assert centrality(chain, "eigenvector")["1"] > centrality(chain, "eigenvector")["0"] > 0
    with pytest.raises(ValueError, match="unknown measure"):
        centrality(edgeless, "fame")


def test_a_measure_is_one_entry_of_the_registry(monkeypatch, karate):
    monkeypatch.setitem(analysis.REGISTRY, "out-ties", analysis.Measure("out-ties", "out_degree", needs_direction=True))
    assert centrality(karate, "out-ties") == centrality(karate, "out-degree")
    with pytest.raises(ValueError, match="out-ties needs directions"):
        centrality(karate, "out-ties", directed=False)


# --- sampled betweenness ------------------------------------------------------------------------------

def test_sampled_betweenness_is_seeded_and_close_to_exact():
    graph = from_networkx(nx.barabasi_albert_graph(400, 3, seed=1))
    exact = centrality(graph, "betweenness")
    estimate = centrality(graph, "betweenness", k=200, seed=5)
    assert estimate == centrality(graph, "betweenness", k=200, seed=5)
    assert estimate != centrality(graph, "betweenness", k=200, seed=6)
    top = sorted(exact, key=exact.get, reverse=True)[:5]
    for node in top:
        assert estimate[node] == pytest.approx(exact[node], rel=0.25)
    assert max(estimate, key=estimate.get) == top[0]


def test_large_networks_are_sampled_automatically(monkeypatch):
    graph = from_networkx(nx.barabasi_albert_graph(300, 2, seed=2))
    assert sample_size(graph) is None  # small: exact
    monkeypatch.setattr(analysis.measures, "BETWEENNESS_BUDGET", 300 * 100)
    monkeypatch.setattr(analysis.measures, "MIN_SAMPLE", 20)
    k = sample_size(graph)
    assert k == 300 * 100 // (2 * graph.number_of_edges()) and 20 <= k < 300
    sampled = centrality(graph, "betweenness")
    assert sampled == centrality(graph, "betweenness", k=k)
    exact = centrality(graph, "betweenness", k=graph.number_of_nodes())  # as many sources as actors
    assert sampled != exact
    assert max(sampled, key=sampled.get) == max(exact, key=exact.get)
    assert sample_size(graph, k=1000) is None


# --- ranking -----------------------------------------------------------------------------------------

def test_rank_shares_ranks_between_equal_scores(florentine):
    rows = rank(florentine, centrality(florentine, "degree"))
    assert [(r["rank"], r["id"]) for r in rows[:5]] == [
        (1, "Medici"), (2, "Guadagni"), (2, "Strozzi"), (4, "Albizzi"), (4, "Bischeri")]
    assert set(rows[0]) == {"rank", "id", "name", "kind", "score"}
    assert len(rank(florentine, centrality(florentine, "degree"), top=3)) == 3


# --- time --------------------------------------------------------------------------------------------

def test_periods_cover_the_span_in_steps():
    assert [label for label, _, _ in periods("2020", "2022", "1y")] == ["2020", "2021", "2022"]
    assert [label for label, _, _ in periods("2023-10", "2024-01", "1m")] == ["2023-10", "2023-11", "2023-12", "2024-01"]
    half = periods("2023", "2024-03", "6m")
    assert [(str(a), str(b)) for _, a, b in half] == [
        ("2023-01-01", "2023-06-30"), ("2023-07-01", "2023-12-31"), ("2024-01-01", "2024-03-31")]
    assert [label for label, _, _ in periods("2020", "2023", "2y")] == ["2020..2021", "2022..2023"]
    assert len(periods("2024-02-01", "2024-02-29", "10d")) == 3
    for bad in ("1x", "0y", "y", ""):
        with pytest.raises(ValueError, match="step"):
            periods("2020", "2021", bad)
    with pytest.raises(ValueError, match="after"):
        periods("2022", "2021")


def test_centrality_over_time_ranks_each_period_on_what_overlaps_it(fixture_graph):
    graph = filter_graph(fixture_graph)  # denied left out once, before slicing
    result = centrality_over_time(graph, "degree", "2022", "2024")
    assert [p["period"] for p in result] == ["2022", "2023", "2024"]
    # 2022: the chair (2019-, may) and Dan's membership (2020 to June 2022, certain)
    assert (result[0]["relationships"], result[0]["may"]) == (2, 1)
    assert result[0]["rows"][0]["id"] == "beta-party"
    # 2023: the chair, the October meeting, the 2023 funding, the alleged tie. Issue 11: the
    # investigation has no date of its own, so its November 2023 report no longer places it here;
    # it and the undated support are left out of every period
    assert result[1]["relationships"] == 4 and result[1]["left_out"] == {"undated": 2}
    # a period ranks only the actors tied in it (5 in 2023): Carol is tied to the party and Dan,
    # Dan to Carol and Foxtrot News, the party to Carol and the fund: 2 of the 4 others each
    rows_2023 = {row["id"]: (row["rank"], row["score"]) for row in result[1]["rows"]}
    assert sorted(rows_2023) == ["beta-party", "carol", "dan", "echo-fund", "foxtrot-news"]
    assert rows_2023["carol"] == rows_2023["dan"] == rows_2023["beta-party"] == (1, pytest.approx(2 / 4))
    assert rows_2023["foxtrot-news"] == rows_2023["echo-fund"] == (4, pytest.approx(1 / 4))
    # 2024: the chair (may), the January sanction: 4 actors, each tied to 1 of the 3 others
    assert result[2]["relationships"] == 2
    scores_2024 = {row["id"]: row["score"] for row in result[2]["rows"]}
    assert "dan" not in scores_2024 and scores_2024["carol"] == pytest.approx(1 / 3)
    # neither the Gone Group (2010 to mid-2015) nor Hermit (no ties) is ranked in any period
    assert all({"gone-group", "hermit"}.isdisjoint(r["id"] for r in p["rows"]) for p in result)
    # with undated relationships included they may hold in every period: 2023 has the
    # investigation (Carol and Foxtrot News) and the support (the fund and Dan) too
    included = centrality_over_time(graph, "degree", "2022", "2024", undated="include")
    assert [p["relationships"] for p in included] == [4, 6, 4]
    assert {row["id"]: row["score"] for row in included[1]["rows"]}["dan"] == pytest.approx(3 / 4)
    # certainly held: Dan's membership in 2022; the meeting, the funding and the alleged tie in 2023;
    # the sanction in 2024 (the chair may have ended any time after 2019)
    certain = centrality_over_time(graph, "degree", "2022", "2024", certain=True)
    assert [p["relationships"] for p in certain] == [1, 3, 1]


def test_date_span_of_a_graph(fixture_graph):
    assert analysis.date_span(fixture_graph) == (dt.date(2019, 1, 1), dt.date(2024, 1, 15))
    assert analysis.date_span(nx.MultiDiGraph()) is None


# --- communities, paths and names -----------------------------------------------------------------------

def test_communities_split_the_karate_club_like_the_club_did(karate):
    found = communities(karate)
    assert found == communities(karate)  # seeded: the same every run
    member_of = {m: c["id"] for c in found["communities"] for m in c["members"]}
    assert member_of["0"] != member_of["33"]
    assert found["modularity"] > 0.35
    assert sum(c["size"] for c in found["communities"]) == 34
    between = sum(1 for u, v in nx.karate_club_graph().edges() if member_of[str(u)] != member_of[str(v)])
    assert sum(link["relationships"] for link in found["links"]) == between
    sizes = [c["size"] for c in found["communities"]]
    assert sizes == sorted(sizes, reverse=True)


def test_communities_of_an_edgeless_graph_are_single_actors():
    found = communities(from_networkx(nx.empty_graph(3)))
    assert [c["size"] for c in found["communities"]] == [1, 1, 1] and found["links"] == []


def test_shortest_paths_list_every_path_with_its_relationships_and_sources(fixture_graph):
    graph = filter_graph(fixture_graph)  # no denied relationships
    paths = shortest_paths(graph, "carol", "alpha")
    routes = sorted(tuple([hop.source for hop in path] + [path[-1].target]) for path in paths)
    assert routes == [("carol", "beta-party", "echo-fund", "alpha"), ("carol", "dan", "echo-fund", "alpha")]
    first_hop = next(path for path in paths if path[0].target == "beta-party")[0]
    (leads,) = first_hop.relationships
    assert leads["type"] == "LEADS" and leads["start"] == PartialDate.parse("2019") and leads["status"] == "reported"
    assert leads["citations"][0]["title"] == "Party leader under scrutiny"
    assert leads["citations"][0]["quote"] == "Carol Reyes, who has chaired the Beta Party since 2019"
    # with the denied opposition, a shorter path exists
    everything = filter_graph(fixture_graph, statuses={"confirmed", "reported", "alleged", "denied", "disputed"})
    (short,) = shortest_paths(everything, "carol", "alpha")
    assert [hop.target for hop in short] == ["beta-party", "alpha"]
    assert short[1].relationships[0]["status"] == "denied"
    assert shortest_paths(graph, "carol", "alpha", max_hops=2) == []
    assert len(shortest_paths(graph, "carol", "alpha", limit=1)) == 1


def test_paths_follow_directions_when_asked(fixture_graph):
    graph = filter_graph(fixture_graph)
    # alpha SANCTIONED echo-fund, echo-fund FUNDS beta-party: a directed path one way only
    assert len(shortest_paths(graph, "alpha", "beta-party", directed=True)[0]) == 2
    assert shortest_paths(graph, "beta-party", "alpha", directed=True) == []
    # MET_WITH is symmetric: it goes both ways even in a directed reading
    assert shortest_paths(graph, "dan", "carol", directed=True)[0][0].relationships[0]["type"] == "MET_WITH"


def test_no_path_between_separate_actors(fixture_graph):
    assert shortest_paths(fixture_graph, "hermit", "carol") == []
    with pytest.raises(ActorNotFound):
        shortest_paths(fixture_graph, "nobody", "carol")


def test_resolve_actor_by_id_name_or_alias_in_any_case(fixture_graph):
    assert resolve_actor(fixture_graph, "carol") == "carol"
    assert resolve_actor(fixture_graph, "CAROL REYES") == "carol"
    assert resolve_actor(fixture_graph, "c. reyes") == "carol"
    assert resolve_actor(fixture_graph, " alpha ") == "alpha"
    with pytest.raises(ActorNotFound, match=r"did you mean 'Carol Reyes' \(carol\)"):
        resolve_actor(fixture_graph, "Carol Reyez")
    with pytest.raises(ActorNotFound, match="no actor called 'zzz'$"):
        resolve_actor(fixture_graph, "zzz")
    twins = nx.MultiDiGraph()
    twins.add_node("x1", name="Sam")
    twins.add_node("x2", name="sam")
    with pytest.raises(ActorNotFound, match=r"several actors \(x1, x2\)"):
        resolve_actor(twins, "SAM")


def test_paths_come_in_the_same_order_however_the_graph_was_built(fixture_graph):
    graph = filter_graph(fixture_graph)
    backwards = nx.MultiDiGraph(**graph.graph)
    backwards.add_nodes_from(reversed(list(graph.nodes(data=True))))
    backwards.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))

    def routes(graph):
        return [[(hop.source, hop.target) for hop in path] for path in shortest_paths(graph, "carol", "alpha")]

    assert routes(backwards) == routes(graph)
    assert routes(graph)[0][1] == ("beta-party", "echo-fund")  # beta-party sorts before dan
