"""Big maps in a real headless Chromium: a 2,000-actor map (laid out in Python, drawn batched by
draw.js, its data packed by graphkit.map.pack) opens, its slider shows exactly what
graphkit.graph.filter_graph keeps, a step changes only the relationships that change, and the
evidence of a packed source shows in the panel. The relationships of a big map are held by the
page, not vis-network (lines.js): a real click on a line, straight or curved, shows its evidence,
a click on an actor selects its neighbourhood, a line hidden by the slider cannot be clicked, and a
deep link selects its relationship. No timings are asserted (benchmarks/bench_map.py measures them).
"""

from __future__ import annotations

import json
import re

import pytest

from graphkit import synthetic
from graphkit.graph import dataset_to_graph
from graphkit.map import map_data, render_map, script_json, write_map
from graphkit.map.pack import pack_map, unpack_map
from test_map_browser import VISIBLE_EDGES, VISIBLE_NODES, MapPage, browser  # noqa: F401 (fixture)
from test_map_slider import _expected

# What is drawn (the relationships the page holds for draw.js, lines.js; the network's visible
# actors), beside the page's DataSets.
DRAWN_EDGES = "graphkit.drawnRelationships()"
DRAWN_NODES = "graphkit.network.body.nodeIndices.slice()"
COUNTS = "document.getElementById('counts').textContent"


@pytest.fixture(scope="module")
def big_graph():
    return dataset_to_graph(synthetic.generate(2000, seed=3))


@pytest.fixture(scope="module")
def big_page(browser, big_graph, tmp_path_factory):  # noqa: F811
    page = MapPage(browser, write_map(big_graph, tmp_path_factory.mktemp("big") / "big.html"))
    yield page
    page.page.close()


def _choose(page: MapPage, day: str) -> None:
    page.page.fill("#day", day)
    page.page.press("#day", "Enter")
    page.page.wait_for_function("(day) => graphkit.day() === day", arg=day, timeout=20_000)


def _shown(page: MapPage) -> tuple[set, set]:
    edges, nodes = set(page.evaluate(VISIBLE_EDGES)), set(page.evaluate(VISIBLE_NODES))
    # the network draws and hit-tests exactly what the page shows
    assert set(page.evaluate(DRAWN_EDGES)) == edges
    assert set(page.evaluate(DRAWN_NODES)) == nodes
    return edges, nodes


def test_a_big_map_opens_drawn_batched_with_every_actor_and_relationship(big_page, big_graph):
    assert big_page.evaluate("graphkit.data.physics") is False
    # the relationships and actors are drawn by draw.js, in batches, not edge by edge
    assert big_page.evaluate("graphkit.network.renderer._drawEdges.toString()").find("drawEdges(ctx") >= 0
    # vis-network builds no edge object: the page holds the relationships (lines.js)
    assert big_page.evaluate("Object.keys(graphkit.network.body.edges).length") == 0
    edges, nodes = _shown(big_page)
    assert edges == {key for _, _, key in big_graph.edges(keys=True)} and nodes == set(big_graph.nodes)
    n, m = big_graph.number_of_nodes(), big_graph.number_of_edges()
    assert big_page.evaluate(COUNTS).startswith(f"{n} of {n} actors · {m} of {m} relationships")
    # something is drawn: the canvas has coloured pixels (not only the white background)
    coloured = big_page.evaluate("""() => {
      const canvas = document.querySelector('#graph canvas'), ctx = canvas.getContext('2d');
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] && (pixels[i] < 200 || pixels[i + 1] < 200)) count++;
      return count;
    }""")
    assert coloured > 1000
    big_page.assert_clean()


def test_a_step_of_the_slider_changes_exactly_the_relationships_that_change(big_page, big_graph):
    first = big_page.evaluate("graphkit.data.first_day")
    assert first is not None
    _choose(big_page, "2005-06-15")
    expected, actors = _expected(big_graph, as_of="2005-06-15")
    edges, nodes = _shown(big_page)
    assert edges == set(expected) and nodes == actors
    assert 0 < len(edges) < big_graph.number_of_edges()
    n, m = big_graph.number_of_nodes(), big_graph.number_of_edges()
    assert big_page.evaluate(COUNTS).startswith(f"{len(actors)} of {n} actors · {len(expected)} of {m} relationships")

    # the next step: the page updates only the relationships whose state changed
    changed = big_page.evaluate("""() => {
      const ids = [];
      const listener = (event, properties) => ids.push(...properties.items);
      graphkit.edges.on('update', listener);
      window.__stepChanged = ids;
      return true;
    }""")
    assert changed is True
    _choose(big_page, "2006-06-15")
    later, later_actors = _expected(big_graph, as_of="2006-06-15")
    edges_later, nodes_later = _shown(big_page)
    assert edges_later == set(later) and nodes_later == later_actors
    updated = big_page.evaluate("window.__stepChanged")
    assert len(updated) == len(set(updated))  # each changed relationship once, in one batch
    came_or_went = set(expected) ^ set(later)
    newly_faded_or_not = {key for key in set(expected) & set(later) if expected[key] != later[key]}
    assert set(updated) == came_or_went | newly_faded_or_not
    big_page.assert_clean()


def test_evidence_of_a_packed_source_shows_on_a_relationship(big_page, big_graph):
    u, v, key, data = next((u, v, k, d) for u, v, k, d in big_graph.edges(keys=True, data=True)
                           if len(d.get("citations") or ()) >= 2)
    assert big_page.evaluate("(id) => graphkit.selectRelationship(id)", key) is True
    details = big_page.page.text_content("#details")
    sources = big_graph.graph["sources"]
    for citation in data["citations"]:
        source = sources[citation["source"]]
        assert source["title"] in details
        if citation.get("quote"):
            assert citation["quote"] in details
    links = big_page.evaluate("[...document.querySelectorAll('#details a.source-title')].map(a => a.href)")
    assert {sources[c["source"]]["url"] for c in data["citations"]} <= set(links)
    big_page.assert_clean()


def test_the_file_packs_each_repeated_value_once_and_unpacks_to_the_map_data(big_graph):
    data = map_data(big_graph)
    page = render_map(big_graph)
    payload = re.search(r'<script type="application/json" id="graphkit-data">(.*?)</script>', page, re.S).group(1)
    packed = json.loads(payload)
    assert unpack_map(packed) == json.loads(script_json(data))
    # the per-relationship look and keys are written once, not once per relationship
    m = big_graph.number_of_edges()
    assert payload.count('"arrows"') < 10 and payload.count('"citations"') < 10
    assert len(payload) < 0.5 * len(script_json(data))
    assert packed == json.loads(script_json(pack_map(data)))
    assert len(packed["relationships"]["columns"]["type"]["distinct"]) < m / 10


def test_a_click_on_a_batched_actor_selects_it(big_page, big_graph):
    # zoomed out too far for labels, so the actors are drawn by draw.js: a click must still find one
    big_page.page.click("#all-dates")
    big_page.page.wait_for_function("() => graphkit.day() === null", timeout=20_000)
    hub = max(big_graph.degree, key=lambda pair: pair[1])[0]
    point = big_page.evaluate("""(id) => {
      const net = graphkit.network, position = net.getPositions([id])[id];
      net.moveTo({position: position, scale: 0.2, animation: false});
      net.redraw();
      const dom = net.canvasToDOM(position), box = document.querySelector('#graph canvas').getBoundingClientRect();
      return [box.left + dom.x, box.top + dom.y, net.getScale()];
    }""", hub)
    assert point[2] * 14 < 4  # labels not drawn at this scale: the batched drawing is in use
    big_page.page.mouse.click(point[0], point[1])
    big_page.page.wait_for_function("() => document.getElementById('details').getAttribute('data-kind') === 'actor'",
                                    timeout=20_000)
    assert big_page.page.text_content("#details .actor-name") == big_graph.nodes[hub]["name"]
    big_page.assert_clean()


# ---- clicks, hovers and links on a big map whose relationships the page holds (lines.js) ----

@pytest.fixture(scope="module")
def mid_graph():
    return dataset_to_graph(synthetic.generate(400, seed=5))


@pytest.fixture(scope="module")
def mid_map(mid_graph, tmp_path_factory):
    return write_map(mid_graph, tmp_path_factory.mktemp("mid") / "mid.html")


@pytest.fixture
def mid_page(browser, mid_map):  # noqa: F811
    page = MapPage(browser, mid_map)
    yield page
    page.close()


# The first relationship of `wanted` whose line can be clicked at its middle: no actor there, and
# every other line at least 10 pixels away at the zoom of 1.5 the view is then moved to, centred on
# it. Returns {id, x, y (page coordinates), inked (a pixel is drawn there)} or null. Curves are
# computed here with vis-network 9.1's rule for curvedCW/curvedCCW (their control point), so the
# page's own geometry is not what this test trusts.
CLEAR_MIDDLE = """([wanted, edges]) => {
  const net = graphkit.network, pos = net.getPositions(Object.keys(net.body.nodes));
  const canvas = document.querySelector('#graph canvas');
  const control = (a, b, smooth) => {
    const r = smooth.roundness, dx = b.x - a.x, dy = a.y - b.y, length = Math.sqrt(dx * dx + dy * dy);
    const turn = smooth.type === 'curvedCW' ? 0.5 * r + 0.5 : -0.5 * r + 0.5;
    const angle = (Math.atan2(dy, dx) + turn * Math.PI) % (2 * Math.PI);
    return {x: a.x + (0.5 * r + 0.5) * length * Math.sin(angle), y: a.y + (0.5 * r + 0.5) * length * Math.cos(angle)};
  };
  const along = (e) => {  // the line as 40 straight pieces (2 points if straight)
    const a = pos[e.from], b = pos[e.to];
    if (!e.smooth) return [a, b];
    const c = control(a, b, e.smooth), points = [];
    for (let i = 0; i <= 40; i++) {
      const t = i / 40, u = 1 - t;
      points.push({x: u * u * a.x + 2 * t * u * c.x + t * t * b.x, y: u * u * a.y + 2 * t * u * c.y + t * t * b.y});
    }
    return points;
  };
  const segment = (a, b, p) => {
    const dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy;
    const t = l ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l)) : 0;
    return Math.hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
  };
  const distance = (points, p) => {
    let best = Infinity;
    for (let i = 1; i < points.length; i++) best = Math.min(best, segment(points[i - 1], points[i], p));
    return best;
  };
  const shapes = edges.map(e => [e, along(e)]), clear = 10 / 1.5;
  for (const id of wanted) {
    const me = edges.find(e => e.id === id), points = along(me);
    const m = points.length === 2 ? {x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2}
                                  : points[20];
    if (shapes.some(([e, line]) => e.id !== id && distance(line, m) < clear)) continue;
    const near = node => Math.hypot(pos[node].x - m.x, pos[node].y - m.y) <
                         (net.body.nodes[node].options.size || 10) + clear;
    if (Object.keys(pos).some(near)) continue;
    net.moveTo({position: m, scale: 1.5, animation: false});
    net.redraw();
    const dom = net.canvasToDOM(m), box = canvas.getBoundingClientRect();
    const ratio = canvas.width / canvas.clientWidth, ctx = canvas.getContext('2d');
    let inked = false;
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
      const pixel = ctx.getImageData(Math.round((dom.x + dx) * ratio), Math.round((dom.y + dy) * ratio), 1, 1).data;
      if (pixel[3] && (pixel[0] < 245 || pixel[1] < 245 || pixel[2] < 245)) inked = true;
    }
    return {id: id, x: box.left + dom.x, y: box.top + dom.y, inked: inked};
  }
  return null;
}"""


def _lines(graph) -> list[dict]:
    """Every relationship's ends and curve, as the map gives them (graphkit.map.map_data)."""
    drawn = {item["id"]: item for item in map_data(graph)["network"]["edges"]}
    return [{"id": key, "from": u, "to": v, "smooth": drawn[key].get("smooth")} for u, v, key in graph.edges(keys=True)]


def _clear_middle(page: MapPage, graph, keys, curved: bool) -> tuple[str, dict]:
    """A relationship among `keys` (curved or straight) whose middle can be clicked, and where."""
    lines = _lines(graph)
    wanted = [line["id"] for line in lines if line["id"] in keys and bool(line["smooth"]) == curved]
    point = page.evaluate(CLEAR_MIDDLE, [wanted, lines])
    assert point, f"no {'curved' if curved else 'straight'} relationship with a clear middle"
    return point["id"], point


def _assert_evidence_shown(page: MapPage, graph, key) -> None:
    page.page.wait_for_selector("#details[data-kind=relationship]", timeout=20_000)
    assert page.evaluate("graphkit.selectedRelationships()") == [key]
    u, v, data = next((u, v, d) for u, v, k, d in graph.edges(keys=True, data=True) if k == key)
    ends = page.page.locator("#details p").first.locator("button").all_text_contents()
    assert ends == [graph.nodes[u]["name"], graph.nodes[v]["name"]]
    details = page.page.text_content("#details")
    sources = graph.graph["sources"]
    assert data["citations"]
    for citation in data["citations"]:
        assert sources[citation["source"]]["title"] in details
        if citation.get("quote"):
            assert citation["quote"] in details
        if citation.get("record"):
            assert citation["record"] in details
    assert page.evaluate("location.hash") == f"#relationship={key}"


@pytest.mark.parametrize("curved", [False, True], ids=["straight", "curved"])
def test_a_click_on_a_line_of_a_big_map_shows_its_evidence(mid_page, mid_graph, curved):
    assert mid_page.evaluate("graphkit.data.physics") is False  # a big map: drawn by draw.js
    assert mid_page.evaluate("Object.keys(graphkit.network.body.edges).length") == 0
    key, point = _clear_middle(mid_page, mid_graph, {k for _, _, k in mid_graph.edges(keys=True)}, curved)
    assert point["inked"], "the line is drawn where its middle is"
    mid_page.page.mouse.click(point["x"], point["y"])
    _assert_evidence_shown(mid_page, mid_graph, key)
    # a click on empty canvas clears it (zoomed far out: the whole map a speck in the middle)
    corner = mid_page.evaluate("""() => {
      graphkit.network.moveTo({scale: 0.002, animation: false});
      graphkit.network.redraw();
      const box = document.getElementById('graph').getBoundingClientRect();
      return {x: box.left + 10, y: box.top + 10};
    }""")
    mid_page.page.mouse.click(corner["x"], corner["y"])
    mid_page.page.wait_for_function("() => !document.getElementById('details').firstChild", timeout=20_000)
    assert mid_page.evaluate("graphkit.selectedRelationships()") == []
    mid_page.assert_clean()


def test_resting_the_pointer_on_a_line_of_a_big_map_shows_its_summary(mid_page, mid_graph):
    key, point = _clear_middle(mid_page, mid_graph, {k for _, _, k in mid_graph.edges(keys=True)}, False)
    expected = next(item["title"] for item in map_data(mid_graph)["network"]["edges"] if item["id"] == key)
    mid_page.page.mouse.move(point["x"], point["y"])
    mid_page.page.wait_for_function("(title) => document.getElementById('graph').title === title", arg=expected,
                                    timeout=20_000)
    mid_page.assert_clean()


def test_a_click_on_an_actor_of_a_big_map_selects_its_neighbourhood(mid_page, mid_graph):
    hub = max(mid_graph.nodes, key=mid_graph.degree)
    point = mid_page.evaluate("""(id) => {
      const net = graphkit.network, position = net.getPositions([id])[id];
      net.moveTo({position: position, scale: 1, animation: false});
      net.redraw();
      const dom = net.canvasToDOM(position), box = document.querySelector('#graph canvas').getBoundingClientRect();
      return net.getNodeAt(dom) === id ? {x: box.left + dom.x, y: box.top + dom.y} : null;
    }""", hub)
    assert point is not None
    mid_page.page.mouse.click(point["x"], point["y"])
    mid_page.page.wait_for_selector("#details[data-kind=actor]", timeout=20_000)
    assert mid_page.page.text_content("#details .actor-name") == mid_graph.nodes[hub]["name"]
    ties = {key for u, v, key in mid_graph.edges(keys=True) if hub in (u, v)}
    assert mid_page.evaluate("graphkit.network.getSelectedNodes()") == [hub]
    assert set(mid_page.evaluate("graphkit.selectedRelationships()")) == ties
    assert mid_page.page.text_content("#details h3") == f"{len(ties)} relationships shown"
    # the time slider narrows the neighbourhood to what it shows
    _choose(mid_page, "2005-06-15")
    expected, _ = _expected(mid_graph, as_of="2005-06-15")
    assert set(mid_page.evaluate("graphkit.selectedRelationships()")) == ties & set(expected)
    assert ties - set(expected), "the day hides some of the hub's relationships"
    mid_page.assert_clean()


def test_a_line_hidden_by_the_slider_cannot_be_clicked_until_shown_again(mid_page, mid_graph):
    _choose(mid_page, "2005-06-15")
    expected, _ = _expected(mid_graph, as_of="2005-06-15")
    hidden = {k for _, _, k in mid_graph.edges(keys=True)} - set(expected)
    assert set(mid_page.evaluate(DRAWN_EDGES)) == set(expected)
    key, point = _clear_middle(mid_page, mid_graph, hidden, False)
    assert not point["inked"], "a hidden line is not drawn"
    mid_page.page.mouse.click(point["x"], point["y"])
    assert mid_page.page.text_content("#details") == ""
    assert mid_page.evaluate("graphkit.selectedRelationships()") == []
    mid_page.page.click("#all-dates")
    mid_page.page.wait_for_function("() => graphkit.day() === null", timeout=20_000)
    mid_page.page.mouse.click(point["x"], point["y"])
    _assert_evidence_shown(mid_page, mid_graph, key)
    mid_page.assert_clean()


def test_a_deep_link_to_a_relationship_of_a_big_map_selects_it(browser, mid_map, mid_graph):  # noqa: F811
    u, v, key = next(iter(mid_graph.edges(keys=True)))
    page = MapPage(browser, mid_map, f"relationship={key}")
    _assert_evidence_shown(page, mid_graph, key)
    # the view shows the two actors
    inside = page.evaluate("""([a, b]) => {
      const net = graphkit.network, box = document.getElementById('graph').getBoundingClientRect();
      return [a, b].map(id => net.canvasToDOM(net.getPositions([id])[id]))
                   .every(p => p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height);
    }""", [u, v])
    assert inside
    page.assert_clean()
    page.close()


def test_the_page_unpacks_joined_texts_and_repeated_columns_as_map_data_gave_them(mid_page, mid_graph, mid_map):
    data = json.loads(script_json(map_data(mid_graph)))
    payload = re.search(r'<script type="application/json" id="graphkit-data">(.*?)</script>',
                        mid_map.read_text(encoding="utf-8"), re.S).group(1)
    packed = json.loads(payload)
    # the tooltips travel as their parts, and a column equal to another as a reference to it
    assert "joined" in packed["network"]["edges"]["columns"]["title"]
    assert packed["relationships"]["columns"]["relationship"] == {"like": "id"}
    shown = mid_page.evaluate("""() => [
      graphkit.data.network.edges.map(e => [e.id, e.from, e.to, e.title]),
      graphkit.data.relationships.map(r => [r.id, r.relationship, r.from, r.to, r.type])]""")
    assert shown[0] == [[e["id"], e["from"], e["to"], e["title"]] for e in data["network"]["edges"]]
    assert shown[1] == [[r["id"], r["relationship"], r["from"], r["to"], r["type"]] for r in data["relationships"]]
    mid_page.assert_clean()
