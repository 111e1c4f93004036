"""The array path (graph.arrays, graph.array_slices) keeps exactly what `filter_graph` keeps and
ranks exactly as the networkx path does, on the seed dataset, the time fixture and a synthetic
network with every kind of date, hand-set statuses and citations known on different days."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import numpy as np
import pytest

from graphkit import synthetic
from graphkit.analysis import MEASURES, centralities, rank
from graphkit.dataset import default_dataset_paths, read_dataset
from graphkit.graph import dataset_to_graph, filter_graph
from graphkit.graph.array_slices import select
from graphkit.graph.arrays import NO_DAY_AFTER, NO_DAY_BEFORE, EdgeArrays
from graphkit.model import PartialDate
from graphkit.vocabulary import dataset_vocabulary, using_vocabulary

TIME = Path(__file__).parent / "fixtures" / "time"

OPTIONS = [
    {},
    {"types": ["MET_WITH", "MEMBER_OF", "FUNDS"]},
    {"kinds": ["Person", "Group"]},
    {"kinds": ["Person", "Group"], "keep_isolated": True},
    {"statuses": ["denied", "alleged", "disputed"]},
    {"statuses": ["confirmed"], "types": ["MEMBER_OF", "LEADS", "SUPPORTS"]},
    {"as_of": "2023-10"},
    {"as_of": "2018-04-21"},
    {"as_of": "2000", "keep_isolated": True},
    {"as_of": "2023-10-07", "certain": True},
    {"as_of": "2012", "undated": "include"},
    {"between": ("2010", "2015-06")},
    {"between": ("1995", "2019"), "certain": True, "undated": "include", "keep_isolated": True},
    {"known_by": "2016"},
    {"known_by": "2018-06"},
    {"known_by": "2020-05-17"},
    {"known_by": "2024-02"},
    {"known_by": "2025-06", "statuses": ["reported", "alleged", "disputed", "denied", "confirmed"]},
    {"known_by": "2025-12", "as_of": "2013"},
    {"known_by": "2025-09", "between": ("2000", "2010"), "certain": True, "kinds": ["Person", "NGO", "Group"]},
    {"known_by": "2020", "as_of": "2018", "undated": "include", "keep_isolated": True},
]


def _varied(n: int, seed: int = 3):
    """A synthetic dataset with every date field, ends of actors, statuses set by hand and
    citations dated apart from their sources."""
    dataset = synthetic.generate(n, seed=seed)
    rng = random.Random(seed)
    for actor in dataset.actors.values():
        if rng.random() < 0.15:
            actor.end = PartialDate.parse(str(rng.randint(1995, 2022)))
        elif rng.random() < 0.05:
            actor.end = PartialDate.parse("..", open_allowed=True)
    for rel in dataset.relationships.values():
        draw = rng.random()
        if draw < 0.08:
            rel.date = rel.start = rel.end = None
            rel.attested = PartialDate.parse(f"{rng.randint(1995, 2020)}-{rng.randint(1, 12):02d}")
        elif draw < 0.14:
            rel.after = PartialDate.parse(str(rng.randint(1995, 2020)))
        elif draw < 0.2:
            rel.before = PartialDate.parse(str(rng.randint(2000, 2024)))
        elif draw < 0.23:
            rel.start, rel.end = PartialDate.parse("201X"), PartialDate.parse("2021?")
        if rng.random() < 0.05:
            rel.status = rng.choice(["confirmed", "denied", "disputed"])
        for citation in rel.citations:
            if rng.random() < 0.4:
                citation.date = PartialDate.parse(f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}")
    return dataset


@pytest.fixture(scope="module", params=["seed", "time", "synthetic"])
def case(request):
    """(dataset, its graph form, its arrays), with the dataset's vocabulary in force."""
    if request.param == "synthetic":
        dataset, folder = _varied(400), None
    else:
        folder = default_dataset_paths()[0] if request.param == "seed" else TIME
        dataset = read_dataset(folder)
    with using_vocabulary(dataset_vocabulary(folder)):
        yield dataset, dataset_to_graph(dataset), EdgeArrays.from_dataset(dataset)


def _same_selection(dataset, graph, arrays, filters):
    expected = filter_graph(graph, **filters)
    got = select(arrays, **filters)
    ids = list(dataset.relationships)
    assert sorted(ids[i] for i in got.edges) == sorted(key for _, _, key in expected.edges(keys=True)), filters
    assert got.node_ids() == list(expected), filters
    may = sorted(key for _, _, key, holds in expected.edges(keys=True, data="holds") if holds == "may")
    assert sorted(ids[i] for i, only in zip(got.edges, got.may) if only) == may, filters
    for key in ("filters", "left_out", "unconnected", "not_existing"):
        assert got.graph[key] == expected.graph[key], (key, filters)
    return expected, got


def test_every_option_selects_what_filter_graph_selects(case):
    dataset, graph, arrays = case
    kept = set()
    for filters in OPTIONS:
        expected, _ = _same_selection(dataset, graph, arrays, filters)
        kept.add(expected.number_of_edges())
    assert len(kept) > 5  # the options do cut different slices of it


def test_rankings_match_the_networkx_path(case):
    dataset, graph, arrays = case
    for filters, weighted, weight, directed in itertools.product(
            [{}, {"as_of": "2018"}, {"known_by": "2020", "kinds": ["Person", "Group", "Government"]}],
            [False, True], ["relationships", "sources"], [True, False]):
        expected, got = _same_selection(dataset, graph, arrays, filters)
        # every measure unweighted; the weights reach every kernel alike, so three of them suffice there
        chosen = ("degree", "in-degree", "pagerank", "closeness") if weighted or weight == "sources" else MEASURES
        measures = [m for m in chosen if directed or m not in ("in-degree", "out-degree")]
        options = {"weighted": weighted or weight == "sources", "weight": weight, "directed": directed}
        want, have = centralities(expected, measures, **options), centralities(got, measures, **options)
        for measure in measures:
            assert have[measure].keys() == want[measure].keys()
            assert all(abs(have[measure][node] - want[measure][node]) <= 1e-12 for node in want[measure]), measure
            assert rank(got, have[measure], 10) == rank(expected, want[measure], 10), measure


def test_valid_time_columns_are_the_graph_forms_bounds(case):
    dataset, graph, arrays = case
    edges = {key: data for _, _, key, data in graph.edges(keys=True, data=True)}
    for i, rel_id in enumerate(dataset.relationships):
        for name, unknown in (("earliest_start", NO_DAY_BEFORE), ("latest_start", NO_DAY_AFTER),
                              ("earliest_end", NO_DAY_BEFORE), ("latest_end", NO_DAY_AFTER)):
            day = edges[rel_id][name]
            assert getattr(arrays, name)[i] == (unknown if day is None else day.toordinal()), (rel_id, name)
        assert arrays.statuses[arrays.status[i]] == (edges[rel_id]["status"] or "reported")


def test_save_and_load_round_trip(case, tmp_path):
    _, _, arrays = case
    path = tmp_path / "edges.npz"
    arrays.save(path)
    assert path.is_file() and not (tmp_path / "edges.npz.npz").exists()
    loaded = EdgeArrays.load(path)
    for name, value in vars(arrays).items():
        assert np.array_equal(getattr(loaded, name), value), name
        assert getattr(loaded, name).dtype == value.dtype, name
        assert value.dtype != object, name  # nothing pickled
    assert select(loaded, as_of="2018").edges.tolist() == select(arrays, as_of="2018").edges.tolist()


def test_a_file_with_pickled_objects_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    with open(path, "wb") as handle:
        np.savez(handle, actor_ids=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ValueError):
        EdgeArrays.load(path)



CLI_CASES = [
    ([], {}),
    (["--as-of", "2018"], {"as_of": "2018"}),
    (["--as-of", "2018", "--certain", "--known-by", "2020"], {"as_of": "2018", "certain": True, "known_by": "2020"}),
    (["--types", "MEMBER_OF,LEADS", "--keep-isolated"], {"types": ["MEMBER_OF", "LEADS"], "keep_isolated": True}),
    (["--between", "2010", "2016", "--undated", "include"], {"between": ("2010", "2016"), "undated": "include"}),
    (["--known-by", "2018-06", "--status", "alleged,reported"], {"known_by": "2018-06",
                                                                  "statuses": ["alleged", "reported"]}),
]


@pytest.mark.parametrize("args, filters", CLI_CASES)
def test_centrality_command_takes_the_array_path_with_the_same_output(args, filters, tmp_path):
    from conftest import cli

    from graphkit.cli.options import Filters
    from graphkit.cli.slice_note import left_out_note

    env = {"GRAPHKIT_CACHE_DIR": str(tmp_path)}
    command = ["centrality", str(TIME), "--measure", "pagerank", "--top", "0", "--format", "json", *args]
    cold = cli(*command, env=env)
    assert cold.returncode == 0, cold.stderr
    assert list(tmp_path.glob("*.derived.edge-arrays-*")), "the arrays were not kept in the dataset cache"
    warm = cli(*command, env=env)
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    with using_vocabulary(dataset_vocabulary(TIME)):
        graph = filter_graph(dataset_to_graph(read_dataset(TIME)), **filters)
        expected = rank(graph, centralities(graph, ["pagerank"])["pagerank"])
        as_dates = {key: (tuple(PartialDate.parse(v) for v in value) if key == "between" else
                          PartialDate.parse(value) if key in ("as_of", "known_by") else value)
                    for key, value in filters.items()}
        note = left_out_note(graph, Filters(**{"statuses" if key == "statuses" else key: value
                                               for key, value in as_dates.items()}).describe())
    got = json.loads(cold.stdout)
    assert [(row["rank"], row["id"], row["name"], row["kind"], row["score"]) for row in got] == \
        [(row["rank"], row["id"], row["name"], row["kind"], row["score"]) for row in expected]
    assert len(got) > 2
    if filters.get("as_of") or filters.get("between") or filters.get("known_by") or graph.graph["unconnected"]:
        assert note in cold.stderr.splitlines()


def test_centrality_command_on_an_empty_slice_says_so(tmp_path):
    from conftest import cli

    result = cli("centrality", str(TIME), "--as-of", "1900", env={"GRAPHKIT_CACHE_DIR": str(tmp_path)})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    note, error = result.stderr.splitlines()  # what the slice kept, as on the networkx path, then the error
    assert note.startswith("as of 1900: 0 relationships kept; left out: 1 undated")
    assert error == ("Error: no relationships match the filters (as of 1900), so no actor is tied in the slice; "
                     "loosen them, or --keep-isolated keeps the actors")


@pytest.mark.parametrize("args, options", [
    (["--measure", "all", "--weight-by", "sources"], {"weighted": True, "weight": "sources"}),
    (["--measure", "all", "--undirected", "--weighted"], {"weighted": True, "directed": False}),
])
def test_every_measure_through_the_command_matches_the_networkx_path(args, options, tmp_path):
    from conftest import cli

    from graphkit.analysis import DIRECTED_ONLY

    result = cli("centrality", str(TIME), "--top", "0", "--format", "json", "--known-by", "2024-02", *args,
                 env={"GRAPHKIT_CACHE_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    measures = [m for m in MEASURES if options.get("directed", True) or m not in DIRECTED_ONLY]
    with using_vocabulary(dataset_vocabulary(TIME)):
        graph = filter_graph(dataset_to_graph(read_dataset(TIME)), known_by="2024-02")
        scores = centralities(graph, measures, **options)
    got = json.loads(result.stdout)
    assert [row["id"] for row in got] == [row["id"] for row in rank(graph, scores[measures[0]])]
    for row in got:
        assert {m: row[m] for m in measures} == {m: scores[m][row["id"]] for m in measures}
