"""The exchange formats: the registry, round trips of JSON, GEXF and GraphML to the typed graph form
(every time and evidence field too), GEXF's spells from valid time only, and what Gephi, networkx and
igraph read."""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from graphkit.dataset import read_dataset
from graphkit.errors import FormatError, GraphkitError
from graphkit.formats import FORMATS, format_of, gexf, graphml, read_graph_file, write_graph_file
from graphkit.formats import json as json_format
from graphkit.formats.neo4j_csv import FILES
from graphkit.graph import BOUNDS, CITATION_ATTRIBUTES, EDGE_ATTRIBUTES, dataset_to_graph
from graphkit.model import PartialDate

from conftest import run_graphkit

REPO = Path(__file__).resolve().parent.parent
TIME = REPO / "tests" / "fixtures" / "time-formats"  # every time and evidence field, worked by hand below
DATASETS = [REPO / "tests" / "fixtures" / "tiny", REPO / "seed" / "malaysia-palestine", TIME]
GEXF = "{http://gexf.net/1.3}"


@pytest.fixture(scope="module", params=DATASETS, ids=lambda path: path.name)
def graph(request):
    return dataset_to_graph(read_dataset(request.param))


def same_graph(left: nx.MultiDiGraph, right: nx.MultiDiGraph) -> None:
    assert sorted(left.nodes(data=True)) == sorted(right.nodes(data=True))
    assert sorted(left.edges(keys=True, data=True)) == sorted(right.edges(keys=True, data=True))


def iso(day) -> str | None:
    """A bound of valid time as GEXF writes it: the day's text, or None for an unknown or open one."""
    return day.isoformat() if day else None


def spell(data: dict) -> tuple[str | None, str | None]:
    """The GEXF spell an edge must have: the days it may have held, none if its text gives no time."""
    if data["timing"] == "undated":
        return None, None
    return iso(data["earliest_start"]), iso(data["latest_end"])


def as_text(value):
    """A value as a file holds it in JSON text: its dates as their text (a citation's `date`, `known`)."""
    return json.loads(json.dumps(value, default=str))


def cited_sources(graph: nx.MultiDiGraph) -> dict:
    cited = {c["source"] for _, _, data in graph.edges(data=True) for c in data["citations"]}
    return {key: value for key, value in graph.graph["sources"].items() if key in cited}


# --- round trips -------------------------------------------------------------------------------

KEPT = {  # the graph-level attributes each format gives back
    "json": lambda graph: graph.graph,
    "graphml": lambda graph: graph.graph,
    "gexf": lambda graph: {"name": graph.graph["name"], "sources": cited_sources(graph)},
}


@pytest.mark.parametrize("fmt", KEPT)
def test_round_trip_gives_back_the_typed_graph(graph, tmp_path, fmt):
    path = tmp_path / f"network{FORMATS[fmt].suffix}"
    write_graph_file(graph, path)
    for back in (FORMATS[fmt].read(path), read_graph_file(path)):
        same_graph(back, graph)
        assert back.graph == KEPT[fmt](graph)
    edge = next(data for _, _, data in back.edges(data=True) if data["first_reported"] and data["earliest_start"])
    assert isinstance(edge["first_reported"], PartialDate) and isinstance(edge["earliest_start"], dt.date)
    assert set(edge) == set(EDGE_ATTRIBUTES) and set(edge["citations"][0]) == set(CITATION_ATTRIBUTES)
    if fmt != "gexf":  # (GEXF keeps the dataset's title and description for people only)
        assert FORMATS[fmt].to_bytes(back) == path.read_bytes()  # what was read writes the same bytes


@pytest.mark.parametrize("fmt", KEPT)
def test_every_time_and_evidence_field_reads_back_typed(tmp_path, fmt):
    graph = dataset_to_graph(read_dataset(TIME))
    path = tmp_path / f"network{FORMATS[fmt].suffix}"
    write_graph_file(graph, path)
    back = FORMATS[fmt].read(path)
    same_graph(back, graph)
    edges = {key: data for _, _, key, data in back.edges(keys=True, data=True)}
    member = edges["castell-member-of-green-harbour"]
    assert isinstance(member["end"], PartialDate) and member["end"].is_open  # end: ..
    assert (member["status"], member["timing"], member["citations"][0]["stance"]) == ("alleged", "dated", "alleges")
    assert member["earliest_start"] == dt.date(2010, 1, 1) and member["latest_end"] == dt.date(2018, 4, 21)  # her death
    leads = edges["castell-leads-green-harbour"]
    assert (leads["attested"], leads["timing"], leads["status"]) == (PartialDate.parse("2013"), "attested", "confirmed")
    assert (leads["latest_start"], leads["earliest_end"]) == (dt.date(2013, 12, 31), dt.date(2013, 1, 1))
    funds = edges["open-ledger-funds-green-harbour"]
    assert (funds["after"], funds["timing"], funds["citations"][0]["stance"]) == (
        PartialDate.parse("2020-03"), "bounded", "confirms")
    supports = edges["green-harbour-supports-tide-watch"]
    cited = supports["citations"][0]
    assert (supports["before"], cited["date"], cited["known"]) == (
        PartialDate.parse("2020"), PartialDate.parse("2019-05"), PartialDate.parse("2019-05"))  # its revision's date
    assert (supports["first_reported"], supports["latest_start"]) == (
        PartialDate.parse("2019-05"), dt.date(2019, 5, 31))
    met = edges["castell-met-avalon"]
    assert [c["stance"] for c in met["citations"]] == ["asserts", "denies"] and met["status"] == "disputed"
    assert [c["known"] for c in met["citations"]] == [PartialDate.parse("2023-10-31"), PartialDate.parse("2024-03")]
    assert edges["avalon-funds-tide-watch"]["start"] == PartialDate.parse("2008/2009")
    assert edges["avalon-pressured-open-ledger"]["date"] == PartialDate.parse("2023?")
    undated = edges["green-harbour-affiliated-with-open-ledger"]
    assert (undated["timing"], undated["first_reported"], undated["status_note"]) == (
        "undated", PartialDate.parse("2023-10-31"), None)
    for data in edges.values():
        assert all(day is None or isinstance(day, dt.date) for day in (data[name] for name in BOUNDS))
        assert all(isinstance(c["known"], PartialDate) or c["source"] == "harbour-archive" for c in data["citations"])


# --- JSON ---------------------------------------------------------------------------------------

def test_json_round_trip_of_a_filtered_graph_keeps_its_filters(graph):
    from graphkit.graph import filter_graph

    sliced = filter_graph(graph, as_of="2023-10")
    back = json_format.read(io.BytesIO(FORMATS["json"].to_bytes(sliced)))
    same_graph(back, sliced)
    assert back.graph == sliced.graph and back.graph["filters"]["from"] == "2023-10-01"


@pytest.mark.parametrize("text,message", [
    ("{", "not JSON"),
    ('{"nodes": []}', "no list of nodes and edges"),
    ('{"nodes": [{"name": "no id"}], "edges": []}', "a record has no 'id'"),
])
def test_a_json_file_graphkit_cannot_read_is_one_format_error(tmp_path, text, message):
    path = tmp_path / "other.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError, match=f"other.json: cannot read it as JSON: {message}"):
        read_graph_file(path)


# --- GEXF ---------------------------------------------------------------------------------------

def test_gexf_is_dynamic_1_3_with_the_validity_of_each_relationship(graph):
    root = ET.fromstring(FORMATS["gexf"].to_bytes(graph))
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    body = root.find(f"{GEXF}graph")
    assert (body.get("mode"), body.get("timeformat"), body.get("defaultedgetype")) == ("dynamic", "date", "directed")
    edges = {edge.get("id"): edge for edge in body.iter(f"{GEXF}edge")}
    assert len(edges) == graph.number_of_edges()
    for u, v, key, data in graph.edges(keys=True, data=True):
        edge = edges[key]
        assert (edge.get("source"), edge.get("target")) == (u, v)
        assert (edge.get("start"), edge.get("end")) == spell(data)
        assert edge.get("type") == ("directed" if data["directed"] else "mutual")
        assert edge.get("kind") == data["type"]
    nodes = {node.get("id"): node for node in body.iter(f"{GEXF}node")}
    for node, data in graph.nodes(data=True):
        start = PartialDate.parse(data["start"]).earliest.isoformat() if data["start"] else None
        end = PartialDate.parse(data["end"]).latest.isoformat() if data["end"] else None
        assert (nodes[node].get("start"), nodes[node].get("end")) == (start, end)
        assert nodes[node].get("label") == data["name"]


def test_gexf_maps_partial_dates_to_their_bounds():
    graph = dataset_to_graph(read_dataset(DATASETS[0]))
    body = ET.fromstring(FORMATS["gexf"].to_bytes(graph)).find(f"{GEXF}graph")
    nodes = {node.get("id"): node for node in body.iter(f"{GEXF}node")}
    assert nodes["open-ledger"].get("start") == "2012-01-01"  # start: "2012"
    assert nodes["open-ledger"].get("end") == "2024-12-31"  # end: "2024-12"
    edges = {edge.get("kind"): edge for edge in body.iter(f"{GEXF}edge")}
    assert (edges["MET_WITH"].get("start"), edges["MET_WITH"].get("end")) == ("2023-10-30", "2023-10-30")
    assert edges["MET_WITH"].get("type") == "mutual"
    assert (edges["LEADS"].get("start"), edges["LEADS"].get("end")) == ("2015-06-01", "2021-12-31")
    assert edges["PART_OF"].get("end") is None  # an open end stays open
    assert (edges["SUPPORTS"].get("start"), edges["SUPPORTS"].get("end")) == (None, None)  # undated: no spell


def test_gexf_spells_come_from_valid_time_only():
    """Worked by hand from tests/fixtures/time-formats: a spell is the days a relationship may have
    held (its own dates, clipped to its actors' lifetimes); a report date bounds it from above
    only; an undated relationship has none, and says so in its `timing` column."""
    body = ET.fromstring(FORMATS["gexf"].to_bytes(dataset_to_graph(read_dataset(TIME)))).find(f"{GEXF}graph")
    edges = {edge.get("id"): edge for edge in body.iter(f"{GEXF}edge")}
    spells = {key: (edge.get("start"), edge.get("end")) for key, edge in edges.items()}
    assert spells == {
        "castell-met-avalon": ("2016-10-30", "2016-10-30"),  # date: 2016-10-30
        "castell-member-of-green-harbour": ("2010-01-01", "2018-04-21"),  # start: 2010, end: .., she died 2018-04-21
        "castell-leads-green-harbour": ("2009-04-01", "2018-04-21"),  # attested 2013: movement founded .. her death
        "open-ledger-funds-green-harbour": ("2020-03-01", None),  # after: 2020-03
        "green-harbour-supports-tide-watch": ("2009-04-01", None),  # before: 2020: from the movement's founding
        "avalon-pressured-open-ledger": ("2022-01-01", "2024-03-31"),  # 2023? (2022..2024), reported 2024-03
        "avalon-funds-tide-watch": ("2008-01-01", "2012-12-31"),  # start: 2008/2009, end: 2012
        "green-harbour-affiliated-with-open-ledger": (None, None),  # undated, though reported 2023-10-31
        "avalon-supports-tide-watch": (None, None),  # undated, only denied
    }

    def column(edge, name):
        return next((value.get("value") for value in edge.iter(f"{GEXF}attvalue") if value.get("for") == name), None)

    assert {key: column(edge, "timing") for key, edge in edges.items()} == {
        "castell-met-avalon": "dated", "castell-member-of-green-harbour": "dated",
        "castell-leads-green-harbour": "attested", "open-ledger-funds-green-harbour": "bounded",
        "green-harbour-supports-tide-watch": "bounded", "avalon-pressured-open-ledger": "dated",
        "avalon-funds-tide-watch": "dated", "green-harbour-affiliated-with-open-ledger": "undated",
        "avalon-supports-tide-watch": "undated"}
    member = edges["castell-member-of-green-harbour"]
    assert (column(member, "start_given"), column(member, "end_given")) == ("2010", "..")
    assert column(edges["green-harbour-affiliated-with-open-ledger"], "first_reported") == "2023-10-31"
    nodes = {node.get("id"): (node.get("start"), node.get("end")) for node in body.iter(f"{GEXF}node")}
    assert nodes["avalon"] == ("1930-01-01", None)  # start: 193X
    assert nodes["mira-castell"] == ("1961-04-12", "2018-04-21")


def test_networkx_reads_the_gexf_with_every_attribute(graph, tmp_path):
    path = tmp_path / "network.gexf"
    write_graph_file(graph, path)
    read = nx.read_gexf(path)
    assert set(read.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        assert read.nodes[node]["kind"] == data["kind"]
        assert json.loads(read.nodes[node]["aliases"]) == data["aliases"]
    keys = {key for _, _, key in read.edges(keys=True)} if read.is_multigraph() else {
        data["id"] for _, _, data in read.edges(data=True)}
    assert keys == {key for _, _, key in graph.edges(keys=True)}
    for u, v, key, data in graph.edges(keys=True, data=True):
        got = read.edges[u, v, key] if read.is_multigraph() else read.edges[u, v]
        assert got["type"] == data["type"] and got["status"] == data["status"]
        assert json.loads(got["citations"]) == as_text(data["citations"])
        assert (got.get("start"), got.get("end")) == spell(data)


# --- GraphML ------------------------------------------------------------------------------------

def test_networkx_and_igraph_read_the_graphml_with_every_attribute(graph, tmp_path):
    import igraph

    path = tmp_path / "network.graphml"
    write_graph_file(graph, path)
    read = nx.read_graphml(path, force_multigraph=True)
    for node, data in graph.nodes(data=True):
        present = {key for key, value in data.items() if value is not None}
        assert set(read.nodes[node]) == present
    with warnings.catch_warnings():
        # igraph keeps the `id` data (the relationship id) and says it will not add the GraphML edge ids
        warnings.filterwarnings("ignore", "Could not add edge ids", RuntimeWarning)
        loaded = igraph.Graph.Read_GraphML(str(path))
    assert loaded.is_directed() and loaded.vcount() == graph.number_of_nodes()
    assert loaded.ecount() == graph.number_of_edges()
    vertices = {vertex["id"]: vertex.attributes() for vertex in loaded.vs}
    for node, data in graph.nodes(data=True):
        assert vertices[node]["name"] == data["name"]
        assert json.loads(vertices[node]["aliases"]) == data["aliases"]
    edge_names = set().union(*(set(key for key, value in data.items() if value is not None)
                               for _, _, data in graph.edges(data=True)))
    assert edge_names <= set(loaded.es.attributes())
    edges = {edge["id"]: edge for edge in loaded.es}
    for u, v, key, data in graph.edges(keys=True, data=True):
        edge = edges[key]
        assert (loaded.vs[edge.source]["id"], loaded.vs[edge.target]["id"]) == (u, v)
        assert edge["type"] == data["type"] and edge["directed"] == data["directed"]
        assert json.loads(edge["citations"]) == as_text(data["citations"])
    assert json.loads(loaded["sources"]) == as_text(graph.graph["sources"])


# --- the command line ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,reader", [("gexf", gexf.read), ("graphml", graphml.read), ("json", json_format.read)])
def test_export_command_writes_each_format(tmp_path, fmt, reader):
    out = tmp_path / f"network.{fmt}"
    result = run_graphkit("export", str(DATASETS[0]), "--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr
    same_graph(reader(out), dataset_to_graph(read_dataset(DATASETS[0])))


def test_export_command_writes_the_csv_folder(tmp_path):
    result = run_graphkit("export", str(DATASETS[0]), "--format", "neo4j-csv", "--out", str(tmp_path / "import"))
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (tmp_path / "import").iterdir()) == sorted(FILES)
    header = (tmp_path / "import" / "relationships.csv").read_text(encoding="utf-8").splitlines()[0]
    columns = [column.partition(":")[0] for column in header.split(",")]
    assert header.startswith(":START_ID(Actor),:END_ID(Actor),:TYPE,") and "earliest_start:date" in header
    assert not {"reported", "valid_from", "valid_to"} & set(columns)  # a report date is never a start (issue 11)
    missing = run_graphkit("export", str(DATASETS[0]), "--format", "neo4j-csv")
    assert missing.returncode == 1 and "give a folder with --out" in missing.stderr
    assert "Traceback" not in missing.stderr


# --- the registry -------------------------------------------------------------------------------

def test_every_format_writes_through_the_one_writer_signature(tmp_path):
    graph = dataset_to_graph(read_dataset(DATASETS[0]))
    assert list(FORMATS) == ["json", "gexf", "graphml", "neo4j-csv", "ftm"]
    for fmt in FORMATS.values():
        out = tmp_path / f"network{fmt.suffix}"
        written = write_graph_file(graph, out, fmt.name)
        if fmt.folder:
            assert out.is_dir() and sorted(path.name for path in written) == sorted(FILES)
            with pytest.raises(FormatError, match="several files"):
                fmt.to_bytes(graph)
        else:
            assert written == [out] and out.read_bytes() == fmt.to_bytes(graph)
            assert format_of(out) is fmt
        if fmt.read is not None:
            same_graph(fmt.read(out), graph)
    assert FORMATS["ftm"].extra == "ftm" and FORMATS["ftm"].read is None


def test_writing_fails_whole_with_a_format_error(tmp_path):
    graph = dataset_to_graph(read_dataset(DATASETS[0]))
    with pytest.raises(FormatError, match="cannot write .*no/such/dir/network.json: No such file"):
        write_graph_file(graph, tmp_path / "no" / "such" / "dir" / "network.json")
    with pytest.raises(FormatError, match="its suffix names none"):
        write_graph_file(graph, tmp_path / "network.txt")
    with pytest.raises(FormatError, match="'xlsx' is none of graphkit's"):
        write_graph_file(graph, tmp_path / "network.json", "xlsx")
    assert not list(tmp_path.iterdir())


def test_graph_files_of_formats_without_a_graph_reader_are_refused(tmp_path):
    (tmp_path / "entities.ftm.json").write_text("{}\n", encoding="utf-8")
    with pytest.raises(FormatError, match="entities.ftm.json: graphkit reads no graph from ftm files") as raised:
        read_graph_file(tmp_path / "entities.ftm.json")
    assert raised.value.hint == "give a .json, .gexf or .graphml file"
    for name in ("network.csv", "notes.txt"):
        with pytest.raises(FormatError, match="not a .json, .gexf or .graphml file") as raised:
            read_graph_file(tmp_path / name)
        assert isinstance(raised.value, GraphkitError) and isinstance(raised.value, ValueError)
