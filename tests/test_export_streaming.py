"""Every one-file export format is written as it goes, in bounded memory: no write is a large part
of the file, the writer's peak memory is a small part of the file, and the bytes are the very ones
a whole document built in memory gives (JSON by `json.dumps`, GraphML by networkx, XML laid out and
escaped as ElementTree does)."""

from __future__ import annotations

import io
import json
import tracemalloc
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from conftest import REPO, cli
from graphkit import synthetic
from graphkit.formats import FORMATS, read_graph_file, write_graph_file, write_graph_stream
from graphkit.formats.ftm.write import entities
from graphkit.formats.xml import XmlWriter, edge_order, flatten, node_order
from graphkit.graph import NODE_ATTRIBUTES, dataset_to_graph
from graphkit.map.look import Look

ONE_FILE = [name for name, fmt in FORMATS.items() if not fmt.folder]
GEXF = "{http://gexf.net/1.3}"
GEXF_XSD = REPO.parent / "shared" / "schemas" / "gexf-1.3" / "gexf.xsd"
HOSTILE = 'Tom & "Jerry" <script>alert(1)</script>\ttab\nline\rreturn \x07bell Café 🙂 ‏עברית'


class RecordingFile(io.RawIOBase):
    """A binary file that keeps only the size of each write and the bytes' total."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:
        self.sizes.append(len(chunk))
        self.data += chunk
        return len(chunk)


def a_look(graph: nx.MultiDiGraph) -> Look:
    """A look with every kind of value the map gives (made here, so the test needs no layout)."""
    look = Look()
    for number, node in enumerate(graph):
        look.nodes[node] = {"color": "#e6550d", "shape": ("dot", "star", "box")[number % 3],
                            "size": 10.0 + number % 30, "x": number * 1.5, "y": -number / 4}
    for number, edge in enumerate(graph.edges(keys=True)):
        look.edges[edge] = {"color": "#3182bd", "width": 1.0 + number % 3, "dash": (None, [2, 4], [8, 4])[number % 3],
                            "opacity": (1.0, 0.45)[number % 2]}
    return look


@pytest.fixture(scope="module")
def big():
    graph = dataset_to_graph(synthetic.generate(500, seed=7))
    return graph, a_look(graph)


def options(fmt: str, look: Look) -> dict:
    return {"look": look} if FORMATS[fmt].styled else {}


# --- streaming -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ONE_FILE)
def test_no_single_write_is_a_large_part_of_the_file(big, fmt):
    graph, look = big
    out = RecordingFile()
    FORMATS[fmt].write(graph, out, **options(fmt, look))
    total = len(out.data)
    assert total > 500_000, total  # a file big enough for the test to mean something
    assert sum(out.sizes) == total and len(out.sizes) > 5
    assert max(out.sizes) < total / 8, (max(out.sizes), total)


@pytest.mark.parametrize("fmt", ["json", "gexf", "graphml"])
def test_the_writers_peak_memory_is_a_small_part_of_the_file(big, fmt, tmp_path):
    """The whole-document writers held several times the file; these hold a fraction of it."""
    graph, look = big
    path = tmp_path / f"network{FORMATS[fmt].suffix}"
    tracemalloc.start()
    try:
        with open(path, "wb") as out:
            FORMATS[fmt].write(graph, out, **options(fmt, look))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < path.stat().st_size / 4, (peak, path.stat().st_size)


# --- the same output ---------------------------------------------------------------------------------

def test_json_is_the_document_json_dumps_gives(big):
    graph, _ = big
    sources = graph.graph["sources"]
    document = {
        "dataset": {key: value for key, value in graph.graph.items() if key != "sources"},
        "sources": [sources[key] for key in sorted(sources)],
        "nodes": [{"id": node, **{k: v for k, v in data.items() if k != "id"}}
                  for node, data in sorted(graph.nodes(data=True))],
        "edges": sorted(({"id": data["id"], "source": u, "target": v,
                          **{k: v for k, v in data.items() if k not in ("id", "source", "target")}}
                         for u, v, data in graph.edges(data=True)),
                        key=lambda edge: (edge["id"], edge["source"], edge["target"])),
    }
    expected = json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
    assert FORMATS["json"].to_bytes(graph) == expected.encode("utf-8")


def networkx_graphml(graph: nx.MultiDiGraph, look: Look | None) -> bytes:
    """The GraphML networkx writes of the graph flattened, with the look's data: the reference."""
    flat = nx.MultiDiGraph()
    flat.graph.update(flatten(graph.graph))
    for node, data in sorted(graph.nodes(data=True), key=node_order):
        drawn = look.nodes[node] if look else None
        extra = {"color": drawn["color"], "r": 230, "g": 85, "b": 13, "x": float(drawn["x"]), "y": float(drawn["y"]),
                 "size": float(drawn["size"])} if drawn else {}
        flat.add_node(node, **flatten(data), **extra)
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=edge_order):
        drawn = look.edges[(u, v, key)] if look else None
        extra = {"color": drawn["color"], "r": 49, "g": 130, "b": 189,
                 "thickness": float(drawn["width"])} if drawn else {}
        flat.add_edge(u, v, key, **flatten(data), **extra)
    out = io.BytesIO()
    nx.write_graphml(flat, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


@pytest.mark.parametrize("styled", [False, True], ids=["plain", "styled"])
def test_graphml_is_the_file_networkx_writes(big, styled):
    graph, look = big
    written = FORMATS["graphml"].to_bytes(graph, **({"look": look} if styled else {}))
    assert written == networkx_graphml(graph, look if styled else None)


def test_gexf_holds_every_flattened_field(big, tmp_path):
    graph, look = big
    path = tmp_path / "network.gexf"
    write_graph_file(graph, path, look=look)
    body = ET.parse(path).getroot().find(f"{GEXF}graph")
    nodes = body.findall(f"{GEXF}nodes/{GEXF}node")
    assert [node.get("id") for node in nodes] == sorted(graph)
    columns = [column.get("id") for column in body.find(f"{GEXF}attributes[@class='node']")]
    assert columns[:3] == [name for name in NODE_ATTRIBUTES if name in columns][:3]
    for node in nodes[:50] + nodes[-50:]:
        data = graph.nodes[node.get("id")]
        renamed = {{"start": "start_given", "end": "end_given"}.get(key, key): value for key, value in data.items()}
        values = {value.get("for"): value.get("value") for value in node.iter(f"{GEXF}attvalue")}
        assert values == {key: str(value) for key, value in flatten(renamed).items()}
        assert node.find(f"{GEXF}position").get("x") == repr(float(look.nodes[node.get("id")]["x"]))
    edges = body.findall(f"{GEXF}edges/{GEXF}edge")
    assert [edge.get("id") for edge in edges] == sorted(key for _, _, key in graph.edges(keys=True))
    assert body.find(f"{GEXF}edges").get("count") == str(graph.number_of_edges())


def test_ftm_lines_are_the_checked_entities_in_order(big, tmp_path):
    graph, _ = big
    path = tmp_path / "entities.ftm.json"
    write_graph_file(graph, path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines == entities(graph)
    kinds = [line["id"].split(".")[0] for line in lines]
    assert kinds == ["source"] * len(graph.graph["sources"]) + ["actor"] * len(graph) + ["rel"] * len(graph.edges)


# --- escaping ----------------------------------------------------------------------------------------

def element_tree_bytes(build) -> bytes:
    """What ElementTree writes of a tree indented by two spaces: the layout the streaming writer keeps."""
    root = build()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def test_xml_writer_writes_what_elementtree_writes_of_the_same_tree():
    def tree():
        root = ET.Element("root", {"quote": HOSTILE, "plain": "x"})
        ET.SubElement(root, "empty")
        ET.SubElement(root, "text").text = HOSTILE
        ET.SubElement(root, "blank", {"v": ""}).text = ""
        parent = ET.SubElement(root, "parent", {"n": "1"})
        for number in range(3):
            ET.SubElement(ET.SubElement(parent, "child", {"n": str(number)}), "leaf").text = f"{number} < {HOSTILE}"
        ET.SubElement(root, "lone", {"a": "\ud800"}).text = "surrogate \udfff"
        return root

    out = io.BytesIO()
    xml = XmlWriter(out, block=7)  # tiny blocks: many writes, the same bytes
    xml.start("root", {"quote": HOSTILE, "plain": "x"})
    xml.element("empty")
    xml.element("text", text=HOSTILE)
    xml.element("blank", {"v": ""}, "")
    xml.start("parent", {"n": "1"})
    for number in range(3):
        xml.start("child", {"n": str(number)})
        xml.element("leaf", text=f"{number} < {HOSTILE}")
        xml.end()
    xml.end()
    xml.element("lone", {"a": "\ud800"}, "surrogate \udfff")
    xml.close()
    assert out.getvalue() == element_tree_bytes(tree)


@pytest.fixture
def hostile() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name="hostile", title=HOSTILE,
                            sources={"s&1": {"id": "s&1", "title": HOSTILE, "url": "https://example.org/?a=1&b=<2>"}})
    graph.add_node('a"1', kind="Person", name=HOSTILE, aliases=[HOSTILE, "B&B"], country=None)
    graph.add_node("b<2>", kind="Group", name="B & <b>", aliases=[])
    graph.add_edge('a"1', "b<2>", key="r&1", id="r&1", type="MET_WITH", directed=False, timing="undated",
                   status="reported", citations=[{"source": "s&1", "quote": HOSTILE, "stance": "asserts"}],
                   description=HOSTILE)
    return graph


def test_json_keeps_hostile_text_exactly(hostile):
    back = json.loads(FORMATS["json"].to_bytes(hostile))
    assert back["nodes"][0]["name"] == HOSTILE and back["nodes"][0]["aliases"] == [HOSTILE, "B&B"]
    assert back["edges"][0]["citations"][0]["quote"] == HOSTILE and back["dataset"]["title"] == HOSTILE


def test_gexf_escapes_hostile_text_and_leaves_out_what_xml_cannot_hold(hostile, tmp_path):
    import xmlschema

    path = tmp_path / "hostile.gexf"
    write_graph_file(hostile, path, look=a_look(hostile))
    assert not list(xmlschema.XMLSchema(str(GEXF_XSD)).iter_errors(str(path)))
    written = path.read_bytes()
    assert b"<script>" not in written and b"\x07" not in written
    root = ET.fromstring(written)
    node = root.find(f"{GEXF}graph/{GEXF}nodes/{GEXF}node")
    assert (node.get("id"), node.get("label")) == ('a"1', HOSTILE.replace("\x07", ""))
    values = {value.get("for"): value.get("value") for value in node.iter(f"{GEXF}attvalue")}
    assert json.loads(values["aliases"]) == [HOSTILE, "B&B"]  # JSON text holds the bell as an escape
    edge = root.find(f"{GEXF}graph/{GEXF}edges/{GEXF}edge")
    assert (edge.get("id"), edge.get("source"), edge.get("target")) == ("r&1", 'a"1', "b<2>")
    # a carriage return in element text reads back as a line break, as XML parsers normalise it
    assert root.find(f"{GEXF}meta/{GEXF}description").text == HOSTILE.replace("\x07", "").replace("\r", "\n")


def test_graphml_escapes_hostile_text_as_networkx_does(hostile, tmp_path):
    look = a_look(hostile)
    written = FORMATS["graphml"].to_bytes(hostile, look=look)
    assert written == networkx_graphml(hostile, look)
    assert b"<script>" not in written and b"\x07" not in written
    path = tmp_path / "hostile.graphml"
    path.write_bytes(written)
    back = read_graph_file(path)
    assert back.nodes['a"1']["aliases"] == [HOSTILE, "B&B"]  # JSON text holds them as escapes
    assert back.graph["sources"]["s&1"]["url"] == "https://example.org/?a=1&b=<2>"


# --- nothing half-written ----------------------------------------------------------------------------

class Unprintable:
    """A value a writer can only fail on, midway through the file."""

    def __str__(self) -> str:
        raise ValueError("no text for this value")


def test_a_writer_failing_midway_leaves_the_previous_file_and_no_partial_one(big, tmp_path):
    graph, _ = big
    graph = graph.copy()
    last = max(graph, key=str)
    graph.nodes[last]["notes"] = Unprintable()
    path = tmp_path / "network.gexf"
    path.write_text("the previous export\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no text for this value"):
        write_graph_file(graph, path)
    assert path.read_text(encoding="utf-8") == "the previous export\n"
    assert [item.name for item in tmp_path.iterdir()] == ["network.gexf"]
    out = io.BytesIO()
    with pytest.raises(ValueError, match="no text for this value"):
        write_graph_stream(graph, out, "gexf")
    assert out.getvalue() == b""


def test_export_to_stdout_gives_the_bytes_of_the_file(tmp_path):
    fixture = REPO / "tests" / "fixtures" / "tiny"
    for fmt in ONE_FILE:
        path = tmp_path / f"network{FORMATS[fmt].suffix}"
        assert cli("export", str(fixture), "--format", fmt, "--out", str(path)).returncode == 0
        result = cli("export", str(fixture), "--format", fmt)
        assert result.returncode == 0 and result.stdout_bytes == path.read_bytes(), fmt
