"""The graph form: building it, filtering it by type, kind, status and time, projecting it, and
reading GraphML/GEXF files into it."""

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest

from graphkit.dataset import read_dataset
from graphkit.formats import read_graph_file, write_graph_file
from graphkit.formats.networkx import from_networkx
from graphkit.graph import (
    dataset_to_graph,
    filter_graph,
    project,
)
from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source

FIXTURE = Path(__file__).parent / "fixtures" / "analysis"


def edge_ids(graph):
    return sorted(key for _, _, key in graph.edges(keys=True))


@pytest.fixture(scope="module")
def fixture_graph():
    return dataset_to_graph(read_dataset(FIXTURE))


def make_dataset(*relationships, actors=None, sources=None):
    """A dataset built in code: actors a, b, c (Person, Group, Government) unless given."""
    actors = actors or [Actor(id="a", kind="Person", name="A"), Actor(id="b", kind="Group", name="B"),
                        Actor(id="c", kind="Government", name="C")]
    sources = sources or [Source(id="s1", title="One", published=PartialDate.parse("2023-11-15")),
                          Source(id="s2", title="Two", published=PartialDate.parse("2024")),
                          Source(id="s3", title="Undated")]
    return Dataset(
        name="code",
        sources={s.id: s for s in sources},
        actors={a.id: a for a in actors},
        relationships={r.id: r for r in relationships},
    )


def rel(id_, source, target, type_="MET_WITH", status="reported", cites=("s1",), **dates):
    return Relationship(id=id_, source=source, target=target, type=type_,
                        citations=[Citation(source=s, quote="quote") for s in cites], status=status,
                        **{k: PartialDate.parse(v) for k, v in dates.items()})


# --- time slices on partial dates -------------------------------------------------------------------

def test_a_year_dated_event_is_in_force_any_day_of_that_year():
    graph = dataset_to_graph(make_dataset(rel("r", "a", "b", date="2023", cites=("s2",))))  # reported in 2024
    assert edge_ids(filter_graph(graph, as_of="2023-06-01")) == ["r"]
    assert edge_ids(filter_graph(graph, as_of="2023-12-31")) == ["r"]
    assert edge_ids(filter_graph(graph, as_of="2024-01-01")) == []
    assert edge_ids(filter_graph(graph, as_of="2022-12-31")) == []


def test_an_event_cannot_have_happened_after_it_was_reported():
    # reported on 2023-11-15: the 2023 event happened by then, so not on 31 December
    graph = dataset_to_graph(make_dataset(rel("r", "a", "b", date="2023", cites=("s1",))))
    assert edge_ids(filter_graph(graph, as_of="2023-11-15")) == ["r"]
    assert edge_ids(filter_graph(graph, as_of="2023-11-16")) == []


def test_a_month_dated_event_ends_with_its_month():
    graph = dataset_to_graph(make_dataset(rel("r", "a", "b", date="2023-10")))
    assert edge_ids(filter_graph(graph, as_of="2023-10-31")) == ["r"]
    assert edge_ids(filter_graph(graph, as_of="2023-11-01")) == []
    assert edge_ids(filter_graph(graph, as_of="2023-09-30")) == []
    # a coarser as-of date is any day of it: October is in 2023
    assert edge_ids(filter_graph(graph, as_of="2023")) == ["r"]


def test_open_ends_run_forever_and_closed_ends_stop_at_their_last_day():
    graph = dataset_to_graph(make_dataset(
        rel("open-end", "a", "b", "MEMBER_OF", start="2019"),
        rel("open-start", "a", "c", "MEMBER_OF", end="2015-06"),
        rel("closed", "c", "b", "SUPPORTS", start="2020-03", end="2022-06"),
    ))
    assert edge_ids(filter_graph(graph, as_of="2050")) == ["open-end"]
    assert edge_ids(filter_graph(graph, as_of="1900")) == ["open-start"]
    assert edge_ids(filter_graph(graph, as_of="2015-06-30")) == ["open-start"]
    assert edge_ids(filter_graph(graph, as_of="2015-07-01")) == []
    assert edge_ids(filter_graph(graph, as_of="2020-03-01")) == ["closed", "open-end"]
    assert edge_ids(filter_graph(graph, as_of="2020-02-29")) == ["open-end"]
    assert edge_ids(filter_graph(graph, as_of="2022-06-30")) == ["closed", "open-end"]
    assert edge_ids(filter_graph(graph, as_of="2022-07-01")) == ["open-end"]
    # started in 2019: not in force on any day of 2018
    assert "open-end" not in edge_ids(filter_graph(graph, as_of="2018"))


def test_between_keeps_whatever_overlaps_the_range():
    graph = dataset_to_graph(make_dataset(
        rel("early", "a", "b", date="2021-12-31"),
        rel("inside", "a", "c", date="2022-05"),
        rel("straddles", "c", "b", "SUPPORTS", start="2020", end="2022-01"),
        rel("late", "b", "c", date="2023-01-01"),
    ))
    assert edge_ids(filter_graph(graph, between=("2022", "2022"))) == ["inside", "straddles"]
    # the range runs from the first day of its start to the last day of its end
    assert edge_ids(filter_graph(graph, between=("2021-12", "2023-01"))) == ["early", "inside", "late", "straddles"]
    assert edge_ids(filter_graph(graph, between=("2022-02", "2022-04"))) == []
    with pytest.raises(ValueError, match="after"):
        filter_graph(graph, between=("2023", "2022"))
    with pytest.raises(ValueError, match="not both"):
        filter_graph(graph, as_of="2022", between=("2022", "2023"))


def test_undated_edges_are_in_no_slice_unless_included_and_never_placed_by_their_report():
    # issue 11: a relationship with no date of its own is undated even when its source is dated;
    # its report bounds its start from above and places it nowhere
    graph = dataset_to_graph(make_dataset(
        rel("undated", "a", "b", cites=("s3",)),
        rel("reported", "a", "c", cites=("s1",)),  # no own dates; its source was published 2023-11-15
    ))
    reported = graph.edges["a", "c", "reported"]
    assert reported["timing"] == "undated" and reported["earliest_start"] is None
    assert reported["latest_start"] == dt.date(2023, 11, 15)
    assert edge_ids(filter_graph(graph)) == ["reported", "undated"]  # no time filter: both
    for day in ("2023-11-14", "2023-11-15", "2030"):
        sliced = filter_graph(graph, as_of=day)
        assert edge_ids(sliced) == [] and sliced.graph["left_out"] == {"undated": 2}
    assert edge_ids(filter_graph(graph, between=("1900", "2100"))) == []
    # included, they may have held on any day: before the report as well as after it
    for day in ("1990", "2023-11-14", "2030"):
        included = filter_graph(graph, as_of=day, undated="include")
        assert sorted(included.edges(keys=True, data="holds")) == [
            ("a", "b", "undated", "may"), ("a", "c", "reported", "may")]


def test_the_earliest_report_bounds_the_start_of_an_undated_relationship():
    graph = dataset_to_graph(make_dataset(rel("r", "a", "b", cites=("s2", "s1"))))
    edge = graph.edges["a", "b", "r"]
    assert str(edge["first_reported"]) == "2023-11-15" and edge["latest_start"] == dt.date(2023, 11, 15)
    assert edge["earliest_start"] is None and edge["timing"] == "undated"


# --- status, type and kind filters --------------------------------------------------------------------

def test_denied_relationships_are_left_out_unless_asked_for():
    graph = dataset_to_graph(make_dataset(
        rel("denied", "a", "b", status="denied", date="2023"),
        rel("alleged", "a", "c", status="alleged", date="2023"),
    ))
    assert edge_ids(filter_graph(graph)) == ["alleged"]
    assert edge_ids(filter_graph(graph, statuses={"denied"})) == ["denied"]
    assert edge_ids(filter_graph(graph, statuses={"confirmed", "reported"})) == []


def test_types_and_kinds_filter_relationships_and_actors():
    graph = dataset_to_graph(make_dataset(
        rel("meeting", "a", "b", date="2023"),
        rel("support", "c", "b", "SUPPORTS", date="2023"),
    ))
    assert edge_ids(filter_graph(graph, types={"SUPPORTS"})) == ["support"]
    # a slice keeps the actors tied in it; with keep_isolated, every actor of the kinds kept
    assert sorted(filter_graph(graph, types={"SUPPORTS"})) == ["b", "c"]
    assert filter_graph(graph, types={"SUPPORTS"}).graph["unconnected"] == 1
    assert sorted(filter_graph(graph, types={"SUPPORTS"}, keep_isolated=True)) == ["a", "b", "c"]
    kept = filter_graph(graph, kinds={"Group", "Government"})
    assert sorted(kept) == ["b", "c"] and edge_ids(kept) == ["support"]
    # the filtered graph is a new graph: the original is untouched
    assert graph.number_of_edges() == 2
    assert kept.graph["filters"]["kinds"] == ["Government", "Group"]
    assert kept.graph["sources"] == graph.graph["sources"]


def test_an_isolated_actor_exists_only_within_its_own_start_and_end():
    actors = [Actor(id="a", kind="Person", name="A"), Actor(id="b", kind="Group", name="B"),
              Actor(id="old", kind="Group", name="Old", start=PartialDate.parse("2010"), end=PartialDate.parse("2015-06")),
              Actor(id="young", kind="Person", name="Young", start=PartialDate.parse("2020-05"))]
    graph = dataset_to_graph(make_dataset(rel("r", "a", "b", date="2023"), actors=actors))
    kept = {"keep_isolated": True}  # a slice keeps only the actors tied in it unless asked
    assert sorted(filter_graph(graph, as_of="2012", **kept)) == ["a", "b", "old"]
    assert sorted(filter_graph(graph, as_of="2015-06-30", **kept)) == ["a", "b", "old"]
    assert sorted(filter_graph(graph, as_of="2015-07-01", **kept)) == ["a", "b"]
    assert sorted(filter_graph(graph, as_of="2020", **kept)) == ["a", "b", "young"]  # born some day of 2020
    assert sorted(filter_graph(graph, between=("2014", "2021"), **kept)) == ["a", "b", "old", "young"]
    assert sorted(filter_graph(graph)) == ["a", "b", "old", "young"]
    assert sorted(filter_graph(graph, as_of="2012")) == [] and filter_graph(graph, as_of="2012").graph["unconnected"] == 3


def test_an_actor_with_a_relationship_in_the_slice_is_kept_whatever_its_own_dates():
    # a graph from another tool: the relationship's bounds were not clipped to the actor's dates
    graph = nx.MultiDiGraph()
    graph.add_node("a", kind="Person", end=PartialDate.parse("2000"))
    graph.add_node("b", kind="Group")
    graph.add_edge("a", "b", "r", type="FOUNDED", status="reported", timing="dated",
                   earliest_start=dt.date(1990, 1, 1), latest_start=dt.date(1990, 12, 31))
    assert sorted(filter_graph(graph, as_of="2023")) == ["a", "b"]


def test_a_relationship_ends_when_one_of_its_actors_does():
    # issue 11: an actor's end (a death, a dissolution) ends its relationships
    actors = [Actor(id="a", kind="Person", name="A", end=PartialDate.parse("2000")), Actor(id="b", kind="Group", name="B")]
    graph = dataset_to_graph(make_dataset(rel("r", "a", "b", "FOUNDED", start="1990", cites=("s3",)), actors=actors))
    assert graph.edges["a", "b", "r"]["latest_end"] == dt.date(2000, 12, 31)
    assert sorted(filter_graph(graph, as_of="2023", keep_isolated=True)) == ["b"]
    assert edge_ids(filter_graph(graph, as_of="1995")) == ["r"]


def test_a_status_from_citations_counts_the_sources_of_one_publisher_once():
    # Two reports of one news agency are one voice: reported; of two publishers, confirmed.
    sources = [Source(id="wire1", title="Wire, morning", publisher="Agency"),
               Source(id="wire2", title="Wire, evening", publisher="Agency"),
               Source(id="paper", title="Paper"), Source(id="denial", title="Statement", publisher="Agency")]
    relationships = [rel("same", "a", "b", status=None, cites=("wire1", "wire2")),
                     rel("two", "a", "c", status=None, cites=("wire1", "paper")),
                     rel("unnamed", "b", "c", status=None, cites=("paper", "denial"))]
    relationships[2].citations[1].stance = "denies"
    graph = dataset_to_graph(make_dataset(*relationships, sources=sources))
    statuses = {key: status for _, _, key, status in graph.edges(keys=True, data="status")}
    assert statuses == {"same": "reported", "two": "confirmed", "unnamed": "disputed"}


def test_the_fixture_dataset_slices_as_documented(fixture_graph):
    graph = fixture_graph
    # 1 June 2023: the chair since 2019 and the 2023 funding; not the October meeting, nor the
    # membership that ended in June 2022, nor the denied opposition of June 2023
    assert edge_ids(filter_graph(graph, as_of="2023-06-01")) == [
        "carol--leads--beta-party--2019", "echo-fund--funds--beta-party--2023"]
    october = edge_ids(filter_graph(graph, as_of="2023-10"))
    assert "carol--met_with--dan--2023-10" in october and "dan--affiliated_with--foxtrot-news--2023-10-20" in october
    assert "carol--met_with--dan--2023-10" not in edge_ids(filter_graph(graph, as_of="2023-11-01"))
    # nothing certainly held on 1 June 2023: the chair may have ended, the funding is some day of 2023
    assert edge_ids(filter_graph(graph, as_of="2023-06-01", certain=True)) == []
    # the investigation has no date of its own: in no slice unless undated ones are included
    assert edge_ids(filter_graph(graph, as_of="2030")) == ["carol--leads--beta-party--2019"]
    assert edge_ids(filter_graph(graph, as_of="2030", undated="include")) == [
        "carol--leads--beta-party--2019", "echo-fund--supports--dan", "foxtrot-news--investigated--carol"]
    kept = {"keep_isolated": True}
    assert "gone-group" in filter_graph(graph, as_of="2012", **kept)
    assert "gone-group" not in filter_graph(graph, as_of="2023", **kept)
    assert "hermit" in filter_graph(graph, as_of="2023", **kept) and "hermit" not in filter_graph(graph, as_of="2023")


# --- projections ------------------------------------------------------------------------------------

def test_projection_counts_relationships_and_symmetric_types_count_both_ways():
    graph = dataset_to_graph(make_dataset(
        rel("m1", "a", "b", "MET_WITH", date="2023-01"),
        rel("m2", "b", "a", "MET_WITH", date="2023-02"),
        rel("s", "a", "b", "SUPPORTS", date="2023"),
        rel("f", "c", "b", "SUPPORTS", date="2023"),
        rel("self", "c", "c", "SUPPORTS", date="2023"),
    ))
    directed = project(graph)
    assert isinstance(directed, nx.DiGraph) and not directed.is_multigraph()
    assert directed["a"]["b"]["weight"] == 3 and directed["b"]["a"]["weight"] == 2
    assert directed["c"]["b"]["weight"] == 1 and not directed.has_edge("b", "c")
    assert not directed.has_edge("c", "c")
    undirected = project(graph, directed=False)
    assert undirected["a"]["b"]["weight"] == 3 and undirected["b"]["c"]["weight"] == 1
    assert directed.nodes["a"]["name"] == "A"


def test_projection_by_sources_counts_distinct_sources():
    graph = dataset_to_graph(make_dataset(
        rel("m1", "a", "b", "SUPPORTS", cites=("s1", "s2"), date="2023"),
        rel("m2", "a", "b", "FUNDS", cites=("s1",), date="2023"),
        rel("m3", "a", "c", "FUNDS", cites=("s3", "s3"), date="2023"),
    ))
    by_sources = project(graph, weight="sources")
    assert by_sources["a"]["b"]["weight"] == 2 and by_sources["a"]["c"]["weight"] == 1
    with pytest.raises(ValueError, match="weight"):
        project(graph, weight="quotes")


# --- graphs from other tools -------------------------------------------------------------------------

def test_a_plain_graphml_file_maps_onto_the_graph_form(tmp_path):
    other = nx.Graph(name="plain")
    other.add_node("x", label="Party X", kind="Group", seats=12)
    other.add_node("y", labels=":Actor:Person")
    other.add_edge("x", "y", type="MET_WITH", date="2023-10", weight=2.5)
    other.add_edge("y", "z", label="SUPPORTS", start="2020")
    nx.write_graphml(other, tmp_path / "plain.graphml")
    graph = read_graph_file(tmp_path / "plain.graphml")
    assert graph.nodes["x"]["name"] == "Party X" and graph.nodes["x"]["kind"] == "Group"
    assert graph.nodes["x"]["seats"] == 12  # unknown attributes kept
    assert graph.nodes["y"]["kind"] == "Person" and graph.nodes["z"]["kind"] is None
    (meeting,) = [d for _, _, d in graph.edges(data=True) if d["type"] == "MET_WITH"]
    assert meeting["directed"] is False and meeting["status"] == "reported" and meeting["weight"] == 2.5
    assert (meeting["earliest_start"], meeting["latest_end"]) == (dt.date(2023, 10, 1), dt.date(2023, 10, 31))
    (support,) = [d for _, _, d in graph.edges(data=True) if d["type"] == "SUPPORTS"]
    assert support["directed"] is True and support["earliest_start"] == dt.date(2020, 1, 1)
    assert support["latest_end"] is None and support["timing"] == "dated"
    assert edge_ids(filter_graph(graph, as_of="2023-10-15", types={"MET_WITH"})) == [meeting["id"]]


def test_a_gexf_file_reads_too(tmp_path):
    other = nx.DiGraph()
    other.add_edge("a", "b", type="FUNDS")
    other.add_edge("b", "a", type="FUNDS")
    nx.write_gexf(other, tmp_path / "g.gexf")
    graph = read_graph_file(tmp_path / "g.gexf")
    assert sorted(graph.edges()) == [("a", "b"), ("b", "a")]
    assert all(d["directed"] for _, _, d in graph.edges(data=True))


def test_a_graphml_file_graphkit_wrote_reads_back_exactly(tmp_path, fixture_graph):
    write_graph_file(fixture_graph, tmp_path / "fixture.graphml")
    back = read_graph_file(tmp_path / "fixture.graphml")
    assert edge_ids(back) == edge_ids(fixture_graph)
    key = "carol--met_with--dan--2023-10"
    assert back.edges["carol", "dan", key]["citations"] == fixture_graph.edges["carol", "dan", key]["citations"]
    assert back.nodes["alpha"]["aliases"] == ["Alpha"]
    assert edge_ids(filter_graph(back, as_of="2023-06-01")) == edge_ids(filter_graph(fixture_graph, as_of="2023-06-01"))


def test_unreadable_graph_files_raise_one_clear_error(tmp_path):
    broken = tmp_path / "broken.graphml"
    broken.write_text("<graphml><graph", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.graphml: cannot read it as GRAPHML"):
        read_graph_file(broken)
    with pytest.raises(ValueError, match="no such file"):
        read_graph_file(tmp_path / "missing.gexf")
    with pytest.raises(ValueError, match=r"network\.csv: not a \.json, \.gexf or \.graphml file"):  # JSON reads too
        read_graph_file(tmp_path / "network.csv")


def test_from_networkx_keeps_edge_ids_unique():
    other = nx.MultiGraph()
    other.add_edge("a", "b", id="same")
    other.add_edge("a", "b", id="same")
    graph = from_networkx(other)
    assert edge_ids(graph) == ["same", "same--2"]
