"""The HTML map without a browser: one self-contained file, safe data embedding, what it holds.

The browser tests (test_map_browser.py) check what a reader sees; these check the file itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from graphkit.dataset import read_dataset
from graphkit.map import (
    FALLBACK_COLOR,
    map_data,
    render_map,
    script_json,
    spread_layout,
    write_map,
)
from graphkit.graph import dataset_to_graph, filter_graph
from graphkit.model import PartialDate
from graphkit.vocabulary import vocabulary
from conftest import cli

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny"
HOSTILE = FIXTURES / "hostile"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def tiny():
    return dataset_to_graph(read_dataset(TINY))


@pytest.fixture(scope="module")
def hostile():
    return dataset_to_graph(read_dataset(HOSTILE))


def test_page_loads_nothing_from_any_network(tiny):
    page = render_map(tiny)
    elements = parse(page)
    assert '<meta charset="utf-8">' in page
    for tag, attrs in elements.tags:
        for name in ("src", "href", "srcset", "action", "data", "poster"):
            value = (attrs.get(name) or "").strip().lower()
            assert not re.match(r"^(https?:)?//", value), f"<{tag} {name}={value!r}> loads from a network"
    assert not [attrs for tag, attrs in elements.tags if tag == "link" and attrs.get("rel") == "stylesheet"]
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page), "CSS loads from a network"
    assert not re.search(r"@import", page)
    # vis-network itself is inline, and the policy forbids every load a page could still attempt
    assert "vis-network" in page and "new vis.Network" in page
    assert "default-src 'none'" in page


def test_write_map_writes_one_file_and_leaves_cwd_alone(tiny, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    out = tmp_path / "out"
    cwd.mkdir()
    out.mkdir()
    monkeypatch.chdir(cwd)
    written = write_map(tiny, out / "map.html")
    assert written == out / "map.html"
    assert sorted(os.listdir(out)) == ["map.html"]
    assert os.listdir(cwd) == []
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_payload_cannot_break_out_of_its_script(hostile):
    page = render_map(hostile)
    elements = parse(page)
    # exactly the page's own three scripts: the data block, vis-network and the app
    assert [attrs.get("type") for attrs, _ in elements.scripts] == ["application/json", None, None]
    assert not [tag for tag, _ in elements.tags if tag in ("img", "svg", "a", "b", "u", "textarea")]
    payload = elements.scripts[0][1]
    assert not set(payload) & set("<>&\u2028\u2029")
    data = json.loads(payload)
    assert data == json.loads(json.dumps(map_data(hostile), default=str))
    names = {actor["name"] for actor in data["actors"]}
    assert '<img src=x onerror="window.__pwned=1;alert(1)">' in names
    assert "</script><script>window.__pwned=1;alert(1)</script>" in names
    quotes = [c["quote"] for rel in data["relationships"] for c in rel["citations"]]
    assert any("\u2028" in quote for quote in quotes)  # kept as data, escaped in the page
    # the title is the one text written into the HTML itself: escaped there
    assert "<title>&lt;/title&gt;&lt;/script&gt;&lt;script&gt;" in page


def test_script_json_round_trips():
    value = {"a": "</script>\u2028<!--&-->", "b": [1, 2.5, None, True], "c": "{{7*7}}"}
    text = script_json(value)
    assert json.loads(text) == value
    assert "<" not in text and ">" not in text and "&" not in text


def test_every_actor_and_relationship_is_in_the_network(tiny):
    data = map_data(tiny)
    assert sorted(node["id"] for node in data["network"]["nodes"]) == sorted(tiny.nodes)
    assert sorted(edge["id"] for edge in data["network"]["edges"]) == sorted(k for _, _, k in tiny.edges(keys=True))
    by_id = {rel["id"]: rel for rel in data["relationships"]}
    for u, v, key, edge in tiny.edges(keys=True, data=True):
        rel = by_id[key]
        assert (rel["from"], rel["to"], rel["type"]) == (u, v, edge["type"])
        assert rel["citations"] == [{k: val for k, val in c.items() if val is not None} for c in edge["citations"]]
        assert (rel.get("valid_from"), rel.get("valid_to")) == (edge["valid_from"], edge["valid_to"])
    cited = {c["source"] for _, _, cs in tiny.edges(data="citations") for c in cs}
    assert set(data["sources"]) == cited
    assert data["sources"]["herald-2023"]["url"] == tiny.graph["sources"]["herald-2023"]["url"]


def test_parallel_edges_are_all_kept_and_curved_apart():
    g = nx.MultiDiGraph(sources={})
    g.add_node("a", kind="Person", name="A")
    g.add_node("b", kind="Government", name="B")
    g.add_edge("a", "b", key="m1", type="MET_WITH", directed=False, valid_from=dt.date(2020, 1, 1),
               valid_to=dt.date(2020, 1, 1))
    g.add_edge("b", "a", key="m2", type="MET_WITH", directed=False, valid_from=dt.date(2021, 1, 1),
               valid_to=dt.date(2021, 1, 1))
    g.add_edge("a", "b", key="p1", type="PRESSURED", directed=True, valid_from=None, valid_to=None)
    edges = {edge["id"]: edge for edge in map_data(g)["network"]["edges"]}
    assert sorted(edges) == ["m1", "m2", "p1"]
    assert edges["p1"]["arrows"]["to"]["enabled"] is True
    assert edges["m1"]["arrows"]["to"]["enabled"] is False and edges["m2"]["arrows"]["to"]["enabled"] is False
    # drawn from a's side, each curve is distinct: a direction and a roundness of its own
    lanes = set()
    for edge in edges.values():
        smooth = edge["smooth"]
        side = smooth["type"] if edge["from"] == "a" else {"curvedCW": "curvedCCW", "curvedCCW": "curvedCW"}[smooth["type"]]
        lanes.add((side, smooth["roundness"]))
    assert len(lanes) == 3


def test_relationship_ids_stay_unique_when_two_share_one():
    g = nx.MultiDiGraph(sources={})
    for node in "abc":
        g.add_node(node, kind="Group", name=node.upper())
    g.add_edge("a", "b", key="r1", type="SUPPORTS")
    g.add_edge("b", "c", key="r1", type="SUPPORTS")
    data = map_data(g)
    ids = [edge["id"] for edge in data["network"]["edges"]]
    assert len(set(ids)) == 2 and "r1" in ids
    assert [rel["relationship"] for rel in data["relationships"]] == ["r1", "r1"]


def test_styles_come_from_the_vocabulary(tiny):
    data = map_data(tiny)
    kinds = vocabulary().actor_kinds
    for node in data["network"]["nodes"]:
        kind = tiny.nodes[node["id"]]["kind"]
        assert node["shape"] == kinds[kind].shape
        assert node["color"]["background"] == kinds[kind].color
    assert set(data["kinds"]) == {kind for _, kind in tiny.nodes(data="kind")}
    types = vocabulary().relationship_types
    for name, spec in data["types"].items():
        assert spec["family"] == types[name].family and spec["directed"] == types[name].directed
    families = {}
    for name, spec in data["types"].items():
        families.setdefault(spec["family"], set()).add(spec["color"])
    assert all(len(colors) == sum(data["types"][t]["family"] == f for t in data["types"]) for f, colors in families.items())
    for edge in data["network"]["edges"]:
        rel_type = tiny.edges[edge["from"], edge["to"], edge["id"]]["type"]
        assert edge["color"]["color"] == data["types"][rel_type]["color"]
        assert edge["arrows"]["to"]["enabled"] == types[rel_type].directed


def test_statuses_are_drawn_apart(tiny):
    data = map_data(tiny)
    looks = {status: json.dumps([spec["dashes"], spec["opacity"], spec["width"]]) for status, spec in data["statuses"].items()}
    assert len(set(looks.values())) == len(looks)
    alleged = [edge for edge in data["network"]["edges"] if tiny.edges[edge["from"], edge["to"], edge["id"]]["status"] == "alleged"]
    assert alleged and all(edge["dashes"] for edge in alleged)


def test_unknown_kinds_and_odd_values_fall_back_safely():
    g = nx.MultiDiGraph(sources={"s": {"id": "s", "title": "T", "url": "javascript:alert(1)"}})
    g.add_node("x", kind='"><img src=x onerror=alert(1)>', name="X")
    g.add_node("y", kind="Person", name="Y")
    g.add_edge("x", "y", key="e", type="NOT_A_TYPE", status="rumoured", citations=[{"source": "s", "quote": "q"}])
    data = map_data(g, size_by="pagerank")
    x = next(node for node in data["network"]["nodes"] if node["id"] == "x")
    assert x["color"]["background"] == FALLBACK_COLOR and x["shape"] == "dot"
    assert data["kinds"]['"><img src=x onerror=alert(1)>']["color"] == FALLBACK_COLOR
    assert data["types"]["NOT_A_TYPE"]["color"] == FALLBACK_COLOR
    assert "rumoured" in data["statuses"]
    assert all(10 <= node["size"] <= 40 for node in data["network"]["nodes"])
    assert data["measure"] == "pagerank"


def test_size_follows_the_measure(tiny):
    data = map_data(tiny, size_by="degree")
    sizes = {node["id"]: node["size"] for node in data["network"]["nodes"]}
    scores = {actor["id"]: actor["score"] for actor in data["actors"]}
    ranked = sorted(scores, key=scores.get)
    assert [sizes[node] for node in ranked] == sorted(sizes.values())
    assert sizes[ranked[-1]] > sizes[ranked[0]]


def test_big_graphs_are_laid_out_here_with_physics_off(tiny):
    small = map_data(tiny)
    assert small["physics"] is True
    assert small["network"]["options"]["physics"]["stabilization"]["iterations"] <= 200
    assert not any("x" in node for node in small["network"]["nodes"])
    big = map_data(tiny, layout_threshold=3)
    assert big["physics"] is False
    assert big["network"]["options"]["physics"]["enabled"] is False
    assert big["network"]["options"]["edges"]["smooth"] is False
    assert all(isinstance(node["x"], float) and isinstance(node["y"], float) for node in big["network"]["nodes"])


def test_spread_layout_keeps_neighbours_closer_than_strangers():
    graph = nx.connected_caveman_graph(12, 8)  # 12 cliques of 8, joined in a ring
    pos = spread_layout(graph)
    assert set(pos) == set(graph)
    assert len(set(pos.values())) == len(pos)

    def distance(a, b):
        return ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5

    inside = [distance(a, b) for a, b in graph.edges()]
    apart = [distance(a, b) for a in range(0, 96, 8) for b in range(0, 96, 8) if abs(a - b) >= 32]
    assert sum(inside) / len(inside) < 0.5 * sum(apart) / len(apart)


def test_date_range_spans_bounds_and_report_dates(tiny):
    data = map_data(tiny)
    days = [d for _, _, e in tiny.edges(data=True) for d in (e["valid_from"], e["valid_to"]) if d]
    reported = [r.latest for _, _, r in tiny.edges(data="reported") if r]
    assert all(isinstance(r, PartialDate) for _, _, r in tiny.edges(data="reported") if r)
    assert data["first_day"] == min(days)
    assert data["last_day"] == max(days + reported)
    undated = nx.MultiDiGraph(sources={})
    undated.add_edge("a", "b", key="r", valid_from=None, valid_to=None)
    assert (map_data(undated)["first_day"], map_data(undated)["last_day"]) == (None, None)


def test_focus_keeps_the_actors_within_depth(tiny):
    near = map_data(tiny)
    one = json.loads(parse(render_map(tiny, focus="M. Castell", depth=1)).scripts[0][1])
    assert one["focus"] == "mira-castell"
    expected = set(nx.ego_graph(tiny, "mira-castell", radius=1, undirected=True))
    assert {actor["id"] for actor in one["actors"]} == expected
    assert len(expected) < len(near["actors"])
    zero = json.loads(parse(render_map(tiny, focus="mira-castell", depth=0)).scripts[0][1])
    assert [actor["id"] for actor in zero["actors"]] == ["mira-castell"]


def test_focus_without_depth_keeps_every_actor_and_opens_on_it(tiny):
    data = map_data(tiny, focus="M. Castell", depth=None)
    assert data["focus"] == "mira-castell"
    assert {actor["id"] for actor in data["actors"]} == set(tiny.nodes)


def test_map_command_cuts_the_graph_once(tmp_path, monkeypatch):
    centers = []
    ego_graph = nx.ego_graph
    monkeypatch.setattr(nx, "ego_graph", lambda graph, center, **kw: centers.append(center) or ego_graph(graph, center, **kw))
    result = cli("map", str(TINY), "--out", str(tmp_path / "m.html"), "--focus", "Green Harbour Movement", "--depth", "2")
    assert result.returncode == 0, result.stderr
    assert centers == ["green-harbour"]


def test_map_command_writes_the_file_and_reports_counts(tmp_path):
    out = tmp_path / "maps" / "tiny.html"
    out.parent.mkdir()
    result = cli("map", str(TINY), "--out", str(out), "--title", "Avalon <test>")
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    assert "5 actors" in result.stdout and "6 relationships" in result.stdout
    assert sorted(os.listdir(out.parent)) == ["tiny.html"]
    assert "<title>Avalon &lt;test&gt;</title>" in out.read_text(encoding="utf-8")


def test_map_command_focus_and_size_by(tmp_path):
    out = tmp_path / "ego.html"
    result = cli("map", str(TINY), "--out", str(out), "--focus", "Green Harbour Movement",
                          "--depth", "1", "--size-by", "betweenness")
    assert result.returncode == 0, result.stderr
    data = json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1])
    assert data["focus"] == "green-harbour" and data["measure"] == "betweenness"
    assert {actor["id"] for actor in data["actors"]} == {"green-harbour", "mira-castell", "open-ledger"}


def test_map_command_filters_as_analysis_does(tiny, tmp_path):
    out = tmp_path / "slice.html"
    result = cli("map", str(TINY), "--out", str(out), "--as-of", "2023-10-30", "--status", "all",
                          "--kinds", "Person,Government")
    assert result.returncode == 0, result.stderr
    data = json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1])
    expected = filter_graph(tiny, as_of="2023-10-30", statuses=set(vocabulary().statuses), kinds={"Person", "Government"})
    assert {rel["id"] for rel in data["relationships"]} == {key for _, _, key in expected.edges(keys=True)}
    assert {actor["id"] for actor in data["actors"]} == set(expected.nodes)
    assert f"{expected.number_of_nodes()} actors" in result.stdout


def test_map_command_with_nothing_left_says_so(tmp_path):
    out = tmp_path / "none.html"
    result = cli("map", str(TINY), "--out", str(out), "--as-of", "1900", "--kinds", "NGO")  # founded 2012
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "no actors match" in result.stderr and not out.exists()


def test_map_command_leaves_the_current_directory_alone(tmp_path):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = tmp_path / "m.html"
    result = cli("map", str(TINY), "--out", str(out), cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert os.listdir(cwd) == [] and out.is_file()


def test_map_command_unknown_focus_is_one_clear_line(tmp_path):
    out = tmp_path / "m.html"
    result = cli("map", str(TINY), "--out", str(out), "--focus", "Mira Castel")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Mira Castel" in lines[0] and "did you mean" in lines[0]
    assert not out.exists()


def test_map_command_needs_an_html_out(tmp_path):
    result = cli("map", str(TINY))
    assert result.returncode != 0 and "--out" in result.stderr and "Traceback" not in result.stderr


def test_map_command_depth_reaches_as_far_as_asked(tmp_path):
    graph = filter_graph(dataset_to_graph(read_dataset(TINY)))
    sizes = []
    for depth in ("1", "2"):
        out = tmp_path / f"ego{depth}.html"
        result = cli("map", str(TINY), "--out", str(out), "--focus", "green-harbour", "--depth", depth)
        assert result.returncode == 0, result.stderr
        data = json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1])
        expected = set(nx.ego_graph(graph, "green-harbour", radius=int(depth), undirected=True))
        assert {actor["id"] for actor in data["actors"]} == expected
        assert f"{len(expected)} actors" in result.stdout
        sizes.append(len(expected))
    assert sizes[0] < sizes[1]
