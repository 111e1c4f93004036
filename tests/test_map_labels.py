"""Readable maps in a real headless Chromium: no actor's name is drawn over another actor, or
over another name, measured by the boxes vis-network draws, in page coordinates."""

from __future__ import annotations

import networkx as nx

from graphkit.map import write_map
from test_map_browser import MapPage, browser, seed_graph, seed_map, seed_page  # noqa: F401 (fixtures)

# Every shown actor's shape and (drawn) label as boxes on the page: [left, top, right, bottom].
BOXES = """() => {
  const net = graphkit.network, area = document.getElementById('graph').getBoundingClientRect();
  const onPage = (l, t, r, b) => { const a = net.canvasToDOM({x: l, y: t}), c = net.canvasToDOM({x: r, y: b});
    return [area.left + a.x, area.top + a.y, area.left + c.x, area.top + c.y]; };
  const context = document.createElement('canvas').getContext('2d'), out = {};
  graphkit.nodes.get({filter: n => !n.hidden}).forEach(item => {
    const node = net.body.nodes[item.id], size = node.options.size, shape = node.shape;
    const half = node.options.shape === 'box' ? [shape.width / 2, shape.height / 2] : [size, size];
    const label = node.labelModule, font = label.fontOptions, box = label.size;
    const drawn = font.size * net.getScale() >= node.options.scaling.label.drawThreshold;
    context.font = (node.selected && node.options.labelHighlightBold ? 'bold ' : '') + font.size + 'px ' + font.face;
    out[item.id] = {
      shape: onPage(node.x - half[0], node.y - half[1], node.x + half[0], node.y + half[1]),
      label: drawn && box.width > 0 ? onPage(box.left, box.top, box.left + box.width, box.top + box.height) : null,
      inside: node.options.shape === 'box',  // a box holds its own label
      text: item.label, measured: context.measureText(item.label).width * net.getScale(),
      font: font.size * net.getScale(),
    };
  });
  return out;
}"""

# Every label's box in the network's own units (the same at every zoom).
LABELS = """() => Object.fromEntries(graphkit.nodes.getIds().map(id => {
  const size = graphkit.network.body.nodes[id].labelModule.size;
  return [id, [size.left, size.top, size.width, size.height]];
}))"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _clashes(boxes: dict) -> list[tuple[str, str, str]]:
    clashes = []
    for name, item in boxes.items():
        if item["label"] is None or item["inside"]:
            continue
        for other, them in boxes.items():
            if other == name:
                continue
            if _overlap(item["label"], them["shape"]):
                clashes.append((name, "over the actor", other))
            if them["label"] is not None and not them["inside"] and name < other and _overlap(item["label"], them["label"]):
                clashes.append((name, "over the label of", other))
    return clashes


def _assert_drawn_as_measured(boxes: dict) -> None:
    """The boxes are the ones drawn: each label is as wide as its text in its font, as high as the
    font, centred under its actor (vis-network's place for it), not inside the shape."""
    for name, item in boxes.items():
        label, shape = item["label"], item["shape"]
        if label is None or item["inside"]:
            continue
        assert abs((label[2] - label[0]) - item["measured"]) <= 1, name
        assert abs((label[3] - label[1]) - item["font"]) <= 1, name
        assert abs((label[0] + label[2]) / 2 - (shape[0] + shape[2]) / 2) <= 1, name
        assert shape[3] <= label[1] <= shape[3] + item["font"], name


def test_no_label_is_drawn_over_an_actor_in_the_seed_map(seed_page, seed_graph):
    boxes = seed_page.evaluate(BOXES)
    assert set(boxes) == set(seed_graph.nodes)
    labelled = [name for name, item in boxes.items() if item["label"] is not None]
    assert len(labelled) == seed_graph.number_of_nodes()  # every name is shown as the map opens
    assert {boxes[name]["text"] for name in labelled} == {data["name"] for _, data in seed_graph.nodes(data=True)}
    _assert_drawn_as_measured(boxes)
    assert _clashes(boxes) == []
    # the names stay readable: drawn at least 7.5 pixels high, and the central actors' larger
    heights = {name: item["label"][3] - item["label"][1] for name, item in boxes.items()}
    assert min(heights.values()) >= 7.5
    hub = max(seed_graph.nodes, key=seed_graph.degree)
    loners = [name for name in seed_graph.nodes if seed_graph.degree(name) == 1]
    assert heights[hub] > 1.3 * max(heights[name] for name in loners)
    # selecting an actor (which dims the others, and zooms to it) keeps every other name's size and
    # place; its own turns bold, a little wider about the same centre, still clear
    before = seed_page.evaluate(LABELS)
    seed_page.evaluate("(id) => graphkit.selectActor(id)", hub)
    seed_page.evaluate("graphkit.network.redraw()")
    after = seed_page.evaluate(LABELS)
    assert {name: box for name, box in after.items() if name != hub} == {name: box for name, box in before.items() if name != hub}
    (left, top, width, height), (left0, top0, width0, height0) = after[hub], before[hub]
    assert (top, height) == (top0, height0) and width0 < width < 1.1 * width0
    assert abs((left + width / 2) - (left0 + width0 / 2)) < 0.01
    assert _clashes(seed_page.evaluate(BOXES)) == []
    # zoomed in on the crowded centre: still clear (labels and actors grow together)
    seed_page.evaluate("(id) => { graphkit.network.focus(id, {scale: 2 * graphkit.network.getScale(), animation: false});"
                       " graphkit.network.redraw(); }", hub)
    zoomed = seed_page.evaluate(BOXES)
    _assert_drawn_as_measured(zoomed)
    assert _clashes(zoomed) == []
    seed_page.assert_clean()


def test_a_crowded_star_of_long_names_is_made_readable(browser, tmp_path):
    graph = nx.MultiDiGraph(sources={}, title="Crowded")
    graph.add_node("hub", kind="Organization", name="The Hub")
    for i in range(30):
        graph.add_node(f"a{i}", kind="Person", name=f"Someone with a rather long name, number {i}")
        graph.add_edge(f"a{i}", "hub", f"r{i}", type="MEMBER_OF", status="reported", timing="undated")
    page = MapPage(browser, write_map(graph, tmp_path / "crowded.html"))
    boxes = page.evaluate(BOXES)
    assert len(boxes) == 31 and all(item["label"] is not None for item in boxes.values())
    _assert_drawn_as_measured(boxes)
    assert _clashes(boxes) == []
    page.assert_clean()
    page.close()
