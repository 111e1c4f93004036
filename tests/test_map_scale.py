"""Big maps in a real headless Chromium: a 2,000-actor map (laid out in Python, drawn batched by
draw.js, its data packed by graphkit.map.pack) opens, its slider shows exactly what
graphkit.graph.filter_graph keeps, a step changes only the relationships that change, and the
evidence of a packed source shows in the panel. No timings are asserted (benchmarks/bench_map.py
measures them).
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

# What the network itself holds as drawn (its lists of visible items), beside the page's DataSets.
DRAWN_EDGES = "graphkit.network.body.edgeIndices.slice()"
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
