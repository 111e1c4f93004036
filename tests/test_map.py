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
from graphkit.map import diff_graph
from graphkit.map.pack import unpack_map
from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source
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
    data = unpack_map(json.loads(payload))  # its long lists packed as columns (graphkit.map.pack)
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
        # every citation with its stance and dates, and the day it became known (the page's clock);
        # the tiny dataset cites documents only: each citation is a quote
        assert [{k: val for k, val in c.items() if k != "known_day"} for c in rel["citations"]] == \
            [{**{k: val for k, val in c.items() if val is not None and k != "known"}, "kind": "quote"}
             for c in edge["citations"]]
        assert [c.get("known_day") for c in rel["citations"]] == [c["known"].latest if c["known"] else None
                                                                  for c in edge["citations"]]
        for bound in ("earliest_start", "latest_start", "earliest_end", "latest_end", "timing", "first_reported"):
            assert rel.get(bound) == edge[bound]
    cited = {c["source"] for _, _, cs in tiny.edges(data="citations") for c in cs}
    assert set(data["sources"]) == cited
    assert data["sources"]["herald-2023"]["url"] == tiny.graph["sources"]["herald-2023"]["url"]


def test_parallel_edges_are_all_kept_and_curved_apart():
    g = nx.MultiDiGraph(sources={})
    g.add_node("a", kind="Person", name="A")
    g.add_node("b", kind="Government", name="B")
    g.add_edge("a", "b", key="m1", type="MET_WITH", directed=False, earliest_start=dt.date(2020, 1, 1),
               latest_end=dt.date(2020, 1, 1), timing="dated")
    g.add_edge("b", "a", key="m2", type="MET_WITH", directed=False, earliest_start=dt.date(2021, 1, 1),
               latest_end=dt.date(2021, 1, 1), timing="dated")
    g.add_edge("a", "b", key="p1", type="PRESSURED", directed=True, timing="undated")
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


def test_date_range_spans_valid_bounds_and_knowledge_days():
    # issue 11: a report date is no longer a start; the slider spans the bounds of every relationship
    # its text places in time, and every day a citation became known (the "known by" clock)
    data = map_data(time_graph())
    # from the first day r_office can have begun (attested 2016; Red Circle was founded in 2000) to s2024's
    assert (data["first_day"], data["last_day"]) == (dt.date(2000, 1, 1), dt.date(2024, 5, 2))
    undated = nx.MultiDiGraph(sources={})
    undated.add_edge("a", "b", key="r", timing="undated", earliest_start=dt.date(1900, 1, 1),
                     latest_start=dt.date(2025, 12, 31))  # an actor's birth, a first report: not the slider's
    assert (map_data(undated)["first_day"], map_data(undated)["last_day"]) == (None, None)


def test_focus_keeps_the_actors_within_depth(tiny):
    near = map_data(tiny)
    one = unpack_map(json.loads(parse(render_map(tiny, focus="M. Castell", depth=1)).scripts[0][1]))
    assert one["focus"] == "mira-castell"
    expected = set(nx.ego_graph(tiny, "mira-castell", radius=1, undirected=True))
    assert {actor["id"] for actor in one["actors"]} == expected
    assert len(expected) < len(near["actors"])
    zero = unpack_map(json.loads(parse(render_map(tiny, focus="mira-castell", depth=0)).scripts[0][1]))
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
    data = unpack_map(json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1]))
    assert data["focus"] == "green-harbour" and data["measure"] == "betweenness"
    assert {actor["id"] for actor in data["actors"]} == {"green-harbour", "mira-castell", "open-ledger"}


def test_map_command_filters_as_analysis_does(tiny, tmp_path):
    out = tmp_path / "slice.html"
    result = cli("map", str(TINY), "--out", str(out), "--as-of", "2023-10-30", "--status", "all",
                          "--kinds", "Person,Government")
    assert result.returncode == 0, result.stderr
    data = unpack_map(json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1]))
    expected = filter_graph(tiny, as_of="2023-10-30", statuses=set(vocabulary().statuses), kinds={"Person", "Government"})
    assert {rel["id"] for rel in data["relationships"]} == {key for _, _, key in expected.edges(keys=True)}
    assert {actor["id"] for actor in data["actors"]} == set(expected.nodes)
    assert f"{expected.number_of_nodes()} actors" in result.stdout


def test_map_command_tells_the_page_what_made_it(tmp_path):
    out = tmp_path / "slice.html"
    result = cli("map", str(TINY), "--out", str(out), "--focus", "Green Harbour Movement", "--depth", "2",
                 "--types", "FUNDS,FOUNDED,MEMBER_OF", "--keep-isolated")
    assert result.returncode == 0, result.stderr
    data = unpack_map(json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1]))
    assert data["keep_isolated"] is True
    assert data["made_with"] == ["within 2 ties of Green Harbour Movement", "types: FOUNDED, FUNDS, MEMBER_OF",
                                 "every status but denied", "actors without a relationship shown kept"]
    result = cli("map", str(TINY), "--out", str(out))
    data = unpack_map(json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1]))
    assert data["keep_isolated"] is False and data["made_with"] == ["every status but denied"]


def test_every_status_is_drawn_plainly_visible_and_told_apart(tiny):
    from graphkit.map.styles import STATUS_STYLES

    statuses = map_data(tiny)["statuses"]
    assert set(STATUS_STYLES) == set(vocabulary().statuses)
    for name, spec in STATUS_STYLES.items():
        assert spec["opacity"] >= 0.85 and spec["width"] >= 1.5, name  # a denied claim is read, not guessed at
    looks = [json.dumps([spec["dashes"], spec["width"]]) for spec in STATUS_STYLES.values()]
    assert len(set(looks)) == len(looks)  # each status its own line
    assert all(statuses[name]["opacity"] == STATUS_STYLES[name]["opacity"] for name in statuses)


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
        data = unpack_map(json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1]))
        expected = set(nx.ego_graph(graph, "green-harbour", radius=int(depth), undirected=True))
        assert {actor["id"] for actor in data["actors"]} == expected
        assert f"{len(expected)} actors" in result.stdout
        sizes.append(len(expected))
    assert sizes[0] < sizes[1]


# ---- the time and evidence model (issue 11), on a fixture whose answers are worked out by hand ----

def time_graph():
    """Five invented actors and eleven relationships, one of each way a text places a claim in time.

    Sources (known from their publication): s2018 (Paper A, 2018-05-10), s2019 (Paper B, 2019-03:
    known by 2019-03-31), s2021 (Paper B, 2021: known by 2021-12-31), s2024 (Agency C, 2024-05-02),
    s-nodate (a blog with no date: never known). Ben Ode died on 2018-04-21; Red Circle was founded
    in 2000. Each relationship's bounds, worked out by hand, are in the comments.
    """
    day = PartialDate.parse

    def source(id_, publisher, published):
        return Source(id=id_, title=f"{publisher} ({published or 'no date'})", publisher=publisher,
                      published=day(published) if published else None, url=f"https://example.org/{id_}")

    def rel(id_, source_, type_, target, cites, status=None, note=None, **dates):
        return Relationship(id=id_, source=source_, type=type_, target=target, status=status, status_note=note,
                            citations=[Citation(s, f"{id_}: words of {s}", stance=stance) for s, stance in cites],
                            **{name: day(text) if text != ".." else PartialDate.parse(text, open_allowed=True)
                               for name, text in dates.items()})

    sources = [source("s2018", "Paper A", "2018-05-10"), source("s2019", "Paper B", "2019-03"),
               source("s2021", "Paper B", "2021"), source("s2024", "Agency C", "2024-05-02"),
               source("s-nodate", "A blog", None)]
    actors = [Actor(id="ana", kind="Person", name="Ana Bell", start=day("1960")),
              Actor(id="ben", kind="Person", name="Ben Ode", end=day("2018-04-21")),
              Actor(id="red", kind="Group", name="Red Circle", start=day("2000")),
              Actor(id="blue", kind="Group", name="Blue Line"),
              Actor(id="state", kind="Government", name="State of Xan")]
    rels = [
        # 2023-10-01 .. 2023-10-31, a point event
        rel("r_event", "ana", "MET_WITH", "state", [("s2024", "asserts")], date="2023-10"),
        # that day: certain on it
        rel("r_day", "ana", "MET_WITH", "blue", [("s2024", "asserts")], date="2023-10-13"),
        # began in 2013, ended in June 2019; two publishers assert it: confirmed once both are known
        rel("r_member", "ana", "MEMBER_OF", "red", [("s2018", "asserts"), ("s2019", "asserts")],
            start="2013", end="2019-06"),
        # held on some day of 2016: began 2000-01-01 (Red Circle founded) .. 2016-12-31, ended 2016-01-01 or later
        rel("r_office", "ana", "LEADS", "red", [("s2018", "asserts")], attested="2016"),
        # began on or after 2023-10-07, and by 2024-05-02 (its first report); no end known
        rel("r_after", "red", "SUPPORTS", "blue", [("s2024", "asserts")], after="2023-10-07"),
        # began on or before 2020-12-31; nothing else known: may hold on any day
        rel("r_before", "blue", "SUPPORTS", "state", [("s2021", "asserts")], before="2020"),
        # began in 2010, not known to have ended, but Ben Ode died on 2018-04-21
        rel("r_dead", "ben", "MEMBER_OF", "red", [("s2019", "asserts")], start="2010", end=".."),
        # no time in its text: began 2000-01-01 (Red Circle) .. 2018-05-10 (first report)
        rel("r_undated", "red", "FUNDS", "blue", [("s2018", "asserts")]),
        # 2017; alleged by Paper A (2018) and Paper B (2019), denied by Agency C (2024-05-02)
        rel("r_disputed", "state", "PRESSURED", "blue",
            [("s2018", "alleges"), ("s2019", "alleges"), ("s2024", "denies")], date="2017"),
        # 2012; confirmed by hand, but the blog that a curator relied on has no date
        rel("r_hand", "ana", "FOUNDED", "blue", [("s2021", "alleges"), ("s-nodate", "asserts")],
            status="confirmed", note="The registry entry confirms it.", date="2012"),
        # June 2019; denied first (Paper B, 2021), asserted later (Agency C, 2024-05-02)
        rel("r_denied_first", "state", "MET_WITH", "red", [("s2021", "denies"), ("s2024", "asserts")],
            date="2019-06"),
    ]
    dataset = Dataset(name="time", title="Two clocks", description="Invented; none of it is real.",
                      sources={s.id: s for s in sources}, actors={a.id: a for a in actors},
                      relationships={r.id: r for r in rels})
    return dataset_to_graph(dataset)


ALL_STATUSES = set(vocabulary().statuses)
VALID_DAYS = ["1999-06-01", "2011-06-01", "2012-03-01", "2014-01-01", "2016-06-01", "2017-07-01",
              "2018-04-22", "2019-06-15", "2023-10-13", "2023-10-15", "2024-06-01"]
# On each day: "C" certainly held, "M" may have held, "-" did not (undated ones only with --undated include).
HELD = {
    "r_event":        "- - - - - - - - M M -",
    "r_day":          "- - - - - - - - C - -",
    "r_member":       "- - - C C C C M - - -",
    "r_office":       "- M M M M M M M M M M",
    "r_after":        "- - - - - - - - M M M",
    "r_before":       "M M M M M M M M M M M",
    "r_dead":         "- M M M M M - - - - -",
    "r_undated":      "- M M M M M M M M M M",
    "r_disputed":     "- - - - - M - - - - -",
    "r_hand":         "- - M - - - - - - - -",
    "r_denied_first": "- - - - - - - M - - -",
}
KNOWN_DAYS = ["2018-05-09", "2018-05-10", "2019-01-01", "2019-03-31", "2022-01-01", "2024-05-01", "2024-05-02"]
# The status each relationship had in the published record on each day ("-": nothing of it was known yet).
KNOWN = {
    "r_event":        "- - - - - - reported",
    "r_day":          "- - - - - - reported",
    "r_member":       "- reported reported confirmed confirmed confirmed confirmed",
    "r_office":       "- reported reported reported reported reported reported",
    "r_after":        "- - - - - - reported",
    "r_before":       "- - - - reported reported reported",
    "r_dead":         "- - - reported reported reported reported",
    "r_undated":      "- reported reported reported reported reported reported",
    "r_disputed":     "- alleged alleged alleged alleged alleged disputed",
    "r_hand":         "- - - - alleged alleged alleged",  # the undated blog is never known: the note never stands
    "r_denied_first": "- - - - denied denied disputed",
}


def held_on(day: str, *, undated: bool = False) -> dict[str, str]:
    """The hand-worked answers for one day: relationship -> "certain" | "may"."""
    column = VALID_DAYS.index(day)
    found = {}
    for key, row in HELD.items():
        mark = row.split()[column]
        if mark != "-" and (undated or key != "r_undated"):
            found[key] = {"C": "certain", "M": "may"}[mark]
    return found


def known_on(day: str) -> dict[str, str]:
    column = KNOWN_DAYS.index(day)
    return {key: row.split()[column] for key, row in KNOWN.items() if row.split()[column] != "-"}


@pytest.fixture(scope="module")
def timed():
    return time_graph()


def test_the_hand_worked_answers_are_what_filter_graph_gives(timed):
    # the page is tested against filter_graph (test_map_browser.py); here filter_graph against the hand
    for day in VALID_DAYS:
        for undated in (False, True):
            sliced = filter_graph(timed, as_of=day, statuses=ALL_STATUSES, undated="include" if undated else "exclude")
            assert dict(((k, h) for _, _, k, h in sliced.edges(keys=True, data="holds"))) == held_on(day, undated=undated), day
    for day in KNOWN_DAYS:
        known = filter_graph(timed, known_by=day, statuses=ALL_STATUSES)
        assert {k: s for _, _, k, s in known.edges(keys=True, data="status")} == known_on(day), day


def test_each_relationship_carries_its_bounds_and_its_published_record(timed):
    data = {rel["id"]: rel for rel in map_data(timed)["relationships"]}
    d = dt.date
    assert [data["r_office"].get(name) for name in ("earliest_start", "latest_start", "earliest_end", "latest_end")] \
        == [d(2000, 1, 1), d(2016, 12, 31), d(2016, 1, 1), None]
    assert data["r_office"]["timing"] == "attested"
    assert [data["r_dead"].get(name) for name in ("earliest_start", "latest_end", "timing")] \
        == [d(2010, 1, 1), d(2018, 4, 21), "dated"]
    assert data["r_undated"]["timing"] == "undated" and data["r_undated"]["latest_start"] == d(2018, 5, 10)
    # the steps of the published record: the page picks the last one on or before its day
    assert data["r_disputed"]["steps"] == [[d(2018, 5, 10), "alleged", PartialDate.parse("2018-05-10")],
                                           [d(2024, 5, 2), "disputed", PartialDate.parse("2018-05-10")]]
    assert [step[:2] for step in data["r_member"]["steps"]] == [[d(2018, 5, 10), "reported"], [d(2019, 3, 31), "confirmed"]]
    assert [step[:2] for step in data["r_denied_first"]["steps"]] == [[d(2021, 12, 31), "denied"], [d(2024, 5, 2), "disputed"]]
    assert data["r_denied_first"]["steps"][0][2] is None  # a denial reports nothing
    assert [step[:2] for step in data["r_hand"]["steps"]] == [[d(2021, 12, 31), "alleged"]]
    # a status set by hand keeps its note, and says what the citations alone give (the blog asserts it)
    assert (data["r_hand"]["status"], data["r_hand"]["status_note"], data["r_hand"]["cited_status"]) == \
        ("confirmed", "The registry entry confirms it.", "reported")
    assert "cited_status" not in data["r_disputed"]
    stances = [(c["source"], c["stance"], c.get("known_day")) for c in data["r_hand"]["citations"]]
    assert stances == [("s2021", "alleges", d(2021, 12, 31)), ("s-nodate", "asserts", None)]
    # the legend has every status a relationship has had, even one it no longer has
    assert set(map_data(timed)["statuses"]) == {"confirmed", "reported", "alleged", "disputed", "denied"}


def test_no_report_date_is_shown_as_when_a_relationship_held(timed):
    edges = {edge["id"]: edge for edge in map_data(timed)["network"]["edges"]}
    title = edges["r_undated"]["title"]  # its first report may be named, labelled as such, never as its date
    assert "undated" in title and "2018" not in title.replace("first reported 2018-05-10", "")
    assert "2016" in edges["r_office"]["title"] and "2023-10" in edges["r_event"]["title"]


def test_statuses_a_slice_left_out_start_unticked(timed):
    assert all(spec["shown"] for spec in map_data(timed)["statuses"].values())
    default = map_data(filter_graph(timed))  # every status but denied
    assert {name: spec["shown"] for name, spec in default["statuses"].items()}["denied"] is False
    assert all(spec["shown"] for name, spec in default["statuses"].items() if name != "denied")


def test_a_slice_fades_what_only_may_have_held(timed):
    data = map_data(filter_graph(timed, as_of="2014-01-01", statuses=ALL_STATUSES))
    opacity = {edge["id"]: edge["color"]["opacity"] for edge in data["network"]["edges"]}
    looks = data["statuses"]
    assert set(opacity) == {"r_member", "r_office", "r_before", "r_dead"}
    assert opacity["r_member"] == looks["confirmed"]["opacity"]  # certain: as its status
    assert all(opacity[key] < looks["reported"]["opacity"] for key in ("r_office", "r_before", "r_dead"))
    assert data["made_with"][0].startswith("held on 2014-01-01")  # the header says what slice it is
    assert "1 undated relationship left out (their texts give no time)" in data["made_with"]


def test_valid_diff_by_hand(timed):
    diffed = diff_graph(timed, "2016-06-01", "2019-06-15", statuses=ALL_STATUSES)
    # 2016-06-01: r_member (certain), r_office, r_before, r_dead; 2019-06-15: r_member (may), r_office,
    # r_before, r_denied_first. Ben Ode died in between: he left.
    assert {k: c for _, _, k, c in diffed.edges(keys=True, data="change")} == {
        "r_member": "changed", "r_office": "same", "r_before": "same", "r_dead": "ended", "r_denied_first": "began"}
    assert diffed.edges["ana", "red", "r_member"]["holds_before"] == "certain"
    assert diffed.edges["ana", "red", "r_member"]["holds_after"] == "may"
    assert diffed.nodes["ben"]["change"] == "left" and diffed.nodes["state"]["change"] == "same"
    assert diffed.graph["diff"]["counts"] == {"began": 1, "ended": 1, "changed": 1, "same": 2}


def test_knowledge_diff_by_hand(timed):
    diffed = diff_graph(timed, "2019-01-01", "2024-05-02", clock="known", statuses=ALL_STATUSES)
    changes = {k: c for _, _, k, c in diffed.edges(keys=True, data="change")}
    assert changes == {"r_member": "changed", "r_disputed": "changed", "r_office": "same", "r_undated": "same",
                       **dict.fromkeys(("r_event", "r_day", "r_after", "r_before", "r_dead", "r_hand",
                                        "r_denied_first"), "appeared")}
    disputed = diffed.edges["state", "blue", "r_disputed"]
    assert (disputed["status_before"], disputed["status_after"]) == ("alleged", "disputed")
    # keeping only alleged claims: the denial published in 2024 takes r_disputed out of the slice
    alleged = diff_graph(timed, "2019-01-01", "2024-05-02", clock="known", statuses={"alleged"})
    assert {k: c for _, _, k, c in alleged.edges(keys=True, data="change")} == {
        "r_disputed": "disappeared", "r_hand": "appeared"}


def test_a_diff_map_colours_what_changed(timed):
    data = map_data(diff_graph(timed, "2016-06-01", "2019-06-15", statuses=ALL_STATUSES))
    colors = data["diff"]["colors"]
    assert list(colors) == ["began", "ended", "changed", "same"] and len(set(colors.values())) == 4
    edges = {edge["id"]: edge["color"]["color"] for edge in data["network"]["edges"]}
    assert edges == {"r_member": colors["changed"], "r_office": colors["same"], "r_before": colors["same"],
                     "r_dead": colors["ended"], "r_denied_first": colors["began"]}
    ben = next(node for node in data["network"]["nodes"] if node["id"] == "ben")
    assert ben["color"]["border"] != next(n for n in data["network"]["nodes"] if n["id"] == "ana")["color"]["border"]


def test_a_diff_refuses_dates_out_of_order_and_a_clock_set_twice(timed):
    from graphkit.errors import FilterError

    with pytest.raises(FilterError, match="after"):
        diff_graph(timed, "2020", "2019")
    with pytest.raises(FilterError, match="as_of"):
        diff_graph(timed, "2019", "2020", as_of="2019")
    with pytest.raises(FilterError):
        diff_graph(timed, "2019", "2020", clock="reported")


def test_map_command_diff_and_diff_known_by(tmp_path):
    out = tmp_path / "diff.html"
    result = cli("map", str(TINY), "--out", str(out), "--diff", "2020", "2024", "--status", "all")
    assert result.returncode == 0, result.stderr
    data = unpack_map(json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1]))
    graph = dataset_to_graph(read_dataset(TINY))
    expected = diff_graph(graph, "2020", "2024", statuses=ALL_STATUSES)
    assert {rel["id"]: rel["change"] for rel in data["relationships"]} == \
        {k: c for _, _, k, c in expected.edges(keys=True, data="change")}
    assert "diff map (valid time, 2020 to 2024" in result.stdout
    assert data["diff"]["clock"] == "valid"
    result = cli("map", str(TINY), "--out", str(out), "--diff-known-by", "2022", "2024")
    assert result.returncode == 0, result.stderr
    data = unpack_map(json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1]))
    expected = diff_graph(graph, "2022", "2024", clock="known")
    assert {rel["id"]: rel["change"] for rel in data["relationships"]} == \
        {k: c for _, _, k, c in expected.edges(keys=True, data="change")}
    assert "knowledge time" in result.stdout
    for wrong, words in ((["--diff", "2020", "2024", "--as-of", "2021"], "--as-of"),
                         (["--diff-known-by", "2020", "2024", "--known-by", "2021"], "--known-by"),
                         (["--diff", "2020", "2024", "--diff-known-by", "2020", "2024"], "not both"),
                         (["--diff", "2024", "2020"], "after")):
        result = cli("map", str(TINY), "--out", str(out), *wrong)
        assert result.returncode != 0 and words in result.stderr and "Traceback" not in result.stderr


def test_map_data_carries_merged_members_datasets_shares_and_date_notes():
    from graphkit.graph.merge import combine_graphs, merge_graph

    day = PartialDate.parse
    reg = Source(id="reg", title="Register of Xan", kind="register")
    register = Dataset(name="registry", sources={"reg": reg}, actors={a.id: a for a in (
        Actor(id="p1", kind="Person", name="ODE Ben"), Actor(id="acme", kind="Organization", name="Acme Ltd"))},
        relationships={"o1": Relationship(id="o1", source="p1", type="OWNS", target="acme", share=51, start=day("2014"),
                                          date_note="the dates of the filing year 2014; the record gives none",
                                          citations=[Citation("reg", record="co-77")])})
    press = Dataset(name="news", sources={"paper": Source(id="paper", title="Paper A")}, actors={a.id: a for a in (
        Actor(id="ben", kind="Person", name="Ben Ode"), Actor(id="acme", kind="Organization", name="Acme"))},
        relationships={"f1": Relationship(id="f1", source="ben", type="FOUNDED", target="acme",
                                          citations=[Citation("paper", "Ben Ode founded Acme.")])})
    merged = merge_graph(combine_graphs([dataset_to_graph(register), dataset_to_graph(press)]),
                         [("registry:p1", "news:ben")])
    data = map_data(merged)
    actors = {actor["id"]: actor for actor in data["actors"]}
    assert actors["news:ben"]["merged_from"] == ["news:ben", "registry:p1"]
    assert "merged_from" not in actors["news:acme"]
    rels = {rel["id"]: rel for rel in data["relationships"]}
    assert (rels["registry:o1"]["share"], rels["registry:o1"]["dataset"]) == (51, "registry")
    assert rels["registry:o1"]["date_note"] == "the dates of the filing year 2014; the record gives none"
    assert rels["news:f1"]["dataset"] == "news" and "date_note" not in rels["news:f1"]
    # one dataset: no dataset to tell apart
    assert all("dataset" not in rel for rel in map_data(dataset_to_graph(register))["relationships"])
