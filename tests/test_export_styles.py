"""GEXF and GraphML carry the map's look (colours, sizes, shapes, positions), and GEXF files are
valid against the official GEXF 1.3 schema."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from conftest import REPO, SEED, cli
from graphkit import dataset_to_graph, read_dataset
from graphkit.formats import read_graph_file
from graphkit.map import map_data
from graphkit.vocabulary import vocabulary

GEXF_XSD = REPO.parent / "shared" / "schemas" / "gexf-1.3" / "gexf.xsd"
VIZ = "{http://gexf.net/1.3}"  # the viz elements, where the official 1.3 schema declares them
GEXF = "{http://gexf.net/1.3}"


@pytest.fixture(scope="module")
def schema():
    import xmlschema

    assert GEXF_XSD.is_file(), f"the GEXF 1.3 schema is needed at {GEXF_XSD}"
    return xmlschema.XMLSchema(str(GEXF_XSD))


@pytest.fixture(scope="module")
def seed_gexf(tmp_path_factory):
    out = tmp_path_factory.mktemp("gexf") / "seed.gexf"
    result = cli("export", str(SEED), "--format", "gexf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_the_seed_gexf_is_valid_gexf_1_3(schema, seed_gexf):
    errors = list(schema.iter_errors(str(seed_gexf)))
    assert errors == [], str(errors[0])[:2000]


def test_an_invalid_gexf_fails_the_schema(schema, seed_gexf, tmp_path):
    """The schema check is real: a file with a viz colour out of range is refused."""
    broken = tmp_path / "broken.gexf"
    broken.write_text(seed_gexf.read_text().replace('<color r="', '<color r="300', 1))
    assert list(schema.iter_errors(str(broken)))


def test_gexf_viz_is_the_maps_look(seed_gexf):
    graph = dataset_to_graph(read_dataset(SEED))
    drawn = {node["id"]: node for node in map_data(graph)["network"]["nodes"]}
    kinds = vocabulary().actor_kinds
    root = ET.parse(seed_gexf).getroot()
    nodes = root.findall(f"{GEXF}graph/{GEXF}nodes/{GEXF}node")
    assert len(nodes) == graph.number_of_nodes()
    positions = set()
    for node in nodes:
        actor = graph.nodes[node.get("id")]
        color = node.find(f"{VIZ}color")
        expected = kinds[actor["kind"]].color
        assert "#%02x%02x%02x" % tuple(int(color.get(c)) for c in "rgb") == expected.lower()
        assert float(node.find(f"{VIZ}size").get("value")) == drawn[node.get("id")]["size"]
        position = node.find(f"{VIZ}position")
        positions.add((position.get("x"), position.get("y")))
    assert len(positions) == len(nodes)  # a real layout: no two actors on one spot

    edges = root.findall(f"{GEXF}graph/{GEXF}edges/{GEXF}edge")
    status = {key: data.get("status") or "reported" for _, _, key, data in graph.edges(keys=True, data=True)}
    shapes = {status[edge.get("id")]: edge.find(f"{VIZ}shape").get("value") for edge in edges}
    assert shapes["reported"] == "solid" and shapes["alleged"] == "dashed"
    thickness = {status[edge.get("id")]: float(edge.find(f"{VIZ}thickness").get("value")) for edge in edges}
    assert thickness["confirmed"] > thickness["reported"]


def test_gephi_reads_the_look_and_graphkit_reads_the_graph_back(seed_gexf, tmp_path):
    graphml = tmp_path / "seed.graphml"
    assert cli("export", str(SEED), "--format", "graphml", "--out", str(graphml)).returncode == 0
    raw = nx.read_graphml(graphml)
    hamas = raw.nodes["hamas"]
    assert hamas["color"] == vocabulary().actor_kinds["Group"].color
    assert (hamas["r"], hamas["g"], hamas["b"]) == tuple(int(hamas["color"][i:i + 2], 16) for i in (1, 3, 5))
    assert {"x", "y", "size"} <= set(hamas)
    plain = dataset_to_graph(read_dataset(SEED))
    for path in (graphml, seed_gexf):
        back = read_graph_file(path)
        assert "color" not in back.nodes["hamas"] and "thickness" not in next(iter(back.edges(data=True)))[2]
        assert set(back.nodes) == set(plain.nodes) and back.number_of_edges() == plain.number_of_edges()


def test_export_says_and_does_its_status_default(tmp_path):
    """export keeps every status when --status is not given (denied claims too), and --help says so."""
    help_text = " ".join(cli("export", "--help").stdout.split())
    assert "[default: every status, denied claims included]" in help_text and "but denied" not in help_text
    folder = REPO / "tests" / "fixtures" / "analysis"
    graph = dataset_to_graph(read_dataset(folder))
    assert any(status == "denied" for _, _, status in graph.edges(data="status"))
    out = tmp_path / "all.json"
    assert cli("export", str(folder), "--format", "json", "--out", str(out)).returncode == 0
    assert read_graph_file(out).number_of_edges() == graph.number_of_edges()
