"""A map page an editor can be handed, in a real headless Chromium: its header says what made it,
actors left with no relationship shown are hidden, the panel follows every filter, links open the
page in a state (and the address follows the reader), a click selects the edge under the pointer.

The maps are of the hand-worked fixture of test_map.py (`time_graph`), whose days are known.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from graphkit.graph import filter_graph
from graphkit.map import write_map
from test_map import ALL_STATUSES, time_graph
from test_map_browser import VISIBLE_EDGES, VISIBLE_NODES, MapPage, actor_point, browser  # noqa: F401 (a fixture)

EVERY_TYPE_BUT_SUPPORTS = ["FOUNDED", "FUNDS", "LEADS", "MEMBER_OF", "MET_WITH", "PRESSURED"]
DIMMED_NODES = "graphkit.nodes.get({filter: n => n.color.background === '#e6e6e6'}).map(n => n.id)"


@pytest.fixture(scope="module")
def timed():
    graph = time_graph()
    graph.add_node("loner", kind="Person", name="Lone Wolf")  # an actor with no relationship at all
    return graph


@pytest.fixture(scope="module")
def whole_map(timed, tmp_path_factory):
    return write_map(timed, tmp_path_factory.mktemp("page") / "whole.html")


def _open(browser, path, fragment=""):
    return MapPage(browser, path, fragment)


def _go(page: MapPage, day: str) -> None:
    page.page.fill("#day", day)
    assert page.evaluate("graphkit.day()") == day


def _untick(page: MapPage, group: str, value: str) -> None:
    page.page.click(f"input[data-filter={group}][data-value={value}]")


def _follow(page: MapPage, fragment: str) -> None:
    """Go to another link of the same page, as a reader pasting it would, once the page has read it."""
    page.evaluate("""(fragment) => new Promise(done => {
        window.addEventListener('hashchange', () => setTimeout(done, 0), {once: true});
        location.hash = fragment;
    })""", fragment)


def _hash(page: MapPage) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(page.evaluate("location.hash").lstrip("#")).items()}


def test_the_header_states_every_filter_that_made_the_map(browser, tmp_path):
    graph = time_graph()
    graph.edges["ana", "state", "r_event"]["status"] = "denied"  # a denied claim, left out by default
    graph.add_node("loner", kind="Person", name="Lone Wolf")  # no relationship: left out of a slice
    types = ["FUNDS", "LEADS", "MEMBER_OF", "MET_WITH", "SUPPORTS"]
    sliced = filter_graph(graph, as_of="2023-10", types=types)
    page = _open(browser, write_map(sliced, tmp_path / "slice.html", focus="ana", depth=1))
    assert page.page.text_content("#made-with") == (
        "This map: dataset time · held 2023-10-01 – 2023-10-31 (faded: may have held) · within 1 tie of Ana Bell"
        " · types: FUNDS, LEADS, MEMBER_OF, MET_WITH, SUPPORTS · every status but denied · 1 denied claim left out"
        " · 1 undated relationship left out (their texts give no time)"
        " · 1 actor with no relationship in the slice left out")
    assert page.page.is_visible("#made-with")
    # what sizes the actors, in the legend
    assert page.page.text_content("#legend-size") == (
        "Size: degree centrality, computed once on the 3 actors of this map (bigger: more central);"
        " the filters and the time chosen do not change it.")
    page.assert_clean()
    page.close()
    # a map of the whole graph says so, and a known-by slice names its day and the statuses it kept
    page = _open(browser, write_map(graph, tmp_path / "whole.html"))
    assert page.page.text_content("#made-with") == "This map: dataset time · every actor and relationship of the graph given"
    page.close()
    known = filter_graph(graph, known_by="2019-03-31", statuses=["alleged", "reported"])
    page = _open(browser, write_map(known, tmp_path / "known.html"))
    assert page.page.text_content("#made-with") == (
        "This map: dataset time · known by 2019-03-31 (the record as published then) · statuses: alleged, reported"
        " · 1 claim left out by status (confirmed, denied, disputed) · 6 relationships not yet known left out"
        " · 1 actor with no relationship in the slice left out")
    page.assert_clean()
    page.close()


def test_actors_left_with_no_relationship_shown_are_hidden_and_counted(browser, timed, whole_map, tmp_path):
    page = _open(browser, whole_map)
    # as opened: every actor the map was given, even one with no relationship at all
    assert page.page.text_content("#counts") == "6 of 6 actors · 11 of 11 relationships"
    _go(page, "2016-06-01")
    _untick(page, "types", "SUPPORTS")
    expected = filter_graph(timed, as_of="2016-06-01", types=EVERY_TYPE_BUT_SUPPORTS, statuses=ALL_STATUSES)
    assert set(expected.nodes) == {"ana", "red", "ben"}  # Blue Line and the State only SUPPORT then
    assert set(page.evaluate(VISIBLE_NODES)) == {"ana", "red", "ben"}
    assert set(page.evaluate(VISIBLE_EDGES)) == {"r_member", "r_office", "r_dead"}
    assert page.page.text_content("#counts") == (
        "3 of 6 actors · 3 of 11 relationships · 2 may have held (faded) · 1 undated hidden"
        " · 3 unconnected actors hidden")
    # back to all dates with every box as it was: every actor again
    _untick(page, "types", "SUPPORTS")
    page.page.click("#all-dates")
    assert len(page.evaluate(VISIBLE_NODES)) == 6
    page.assert_clean()
    page.close()
    # a map made with keep_isolated (--keep-isolated) keeps, as filter_graph does, those that exist
    page = _open(browser, write_map(timed, tmp_path / "kept.html", keep_isolated=True))
    _go(page, "2016-06-01")
    _untick(page, "types", "SUPPORTS")
    kept = filter_graph(timed, as_of="2016-06-01", types=EVERY_TYPE_BUT_SUPPORTS, statuses=ALL_STATUSES,
                        keep_isolated=True)
    assert set(page.evaluate(VISIBLE_NODES)) == set(kept.nodes) == {"ana", "red", "ben", "blue", "state", "loner"}
    assert page.page.text_content("#counts").startswith("6 of 6 actors · 3 of 11 relationships")
    assert "actors without a relationship shown kept" in page.page.text_content("#made-with")
    page.assert_clean()
    page.close()


def test_the_side_panel_follows_every_filter(browser, whole_map):
    page = _open(browser, whole_map)
    panel = page.page.locator("#details")
    page.page.mouse.click(**actor_point(page, "red"))
    page.page.wait_for_selector("#details[data-kind=actor]")
    assert panel.locator("h2").text_content() == "Red Circle"
    _go(page, "2016-06-01")
    ties = panel.locator("ul.ties button").all_text_contents()
    assert sorted(ties) == ["leads ← Ana Bell", "member of ← Ana Bell", "member of ← Ben Ode"]
    assert panel.locator("h3").first.text_content() == "3 relationships shown"
    assert set(page.evaluate(DIMMED_NODES)) == {"blue", "state", "loner"}  # its neighbourhood on that day
    _untick(page, "types", "MEMBER_OF")
    assert panel.locator("ul.ties button").all_text_contents() == ["leads ← Ana Bell"]
    assert panel.locator("h3").first.text_content() == "1 relationship shown"
    assert "ben" in page.evaluate(DIMMED_NODES)  # no longer a neighbour shown
    assert panel.locator(".hidden-note").count() == 0
    _untick(page, "kinds", "Group")
    assert panel.locator(".hidden-note").text_content() == "Not on the map with the filters and time chosen."
    assert panel.locator("ul.ties button").count() == 0
    # a relationship's details say when the time chosen hides it
    _untick(page, "kinds", "Group")
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_day")
    assert panel.locator(".hidden-note").text_content() == "Not on the map with the filters and time chosen."
    _go(page, "2023-10-13")
    assert panel.locator(".hidden-note").count() == 0
    page.assert_clean()
    page.close()


def test_sources_count_documents_not_citations(browser, tmp_path):
    graph = time_graph()
    graph.edges["state", "blue", "r_disputed"]["citations"].append(
        {**graph.edges["state", "blue", "r_disputed"]["citations"][0], "quote": "r_disputed: more words of s2018"})
    page = _open(browser, write_map(graph, tmp_path / "sources.html"))
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_disputed")
    assert page.page.text_content("#details h3.sources-heading") == "Sources (3) · 4 citations"
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_member")
    assert page.page.text_content("#details h3.sources-heading") == "Sources (2)"
    page.assert_clean()
    page.close()


def test_deep_links_open_the_page_in_their_state(browser, whole_map):
    page = _open(browser, whole_map, "actor=red&date=2016-06-01")
    assert page.evaluate("graphkit.day()") == "2016-06-01"
    assert page.evaluate("graphkit.network.getSelectedNodes()") == ["red"]
    assert page.page.text_content("#details h2") == "Red Circle"
    assert page.page.is_hidden("#link-note")
    # an actor may be named as a reader would write it
    _follow(page, "actor=red%20circle")
    assert page.evaluate("graphkit.network.getSelectedNodes()") == ["red"] and page.evaluate("graphkit.day()") is None
    assert _hash(page) == {"actor": "red"}
    page.close()
    # one claim, on the knowledge clock, as the record stood the day before the denial
    page = _open(browser, whole_map, "relationship=r_disputed&date=2024-05-01&clock=known")
    assert page.evaluate("[graphkit.clock(), graphkit.day()]") == ["known", "2024-05-01"]
    assert page.evaluate("graphkit.network.getSelectedEdges()") == ["r_disputed"]
    assert "alleged as known by 2024-05-01 (in the whole record: disputed)" in page.page.text_content("#details")
    # a month is read as --known-by reads it: known by its last day (Paper B of 2019-03 confirms it)
    _follow(page, "relationship=r_member&date=2019-03&clock=known")
    assert page.evaluate("graphkit.day()") == "2019-03-31"
    assert "Statusconfirmed as known by 2019-03-31" in page.page.text_content("#details")
    # and as --as-of reads it: held on some day of it; a link without a selection clears the panel
    _follow(page, "date=2023-10")
    assert page.evaluate("[graphkit.clock(), graphkit.day(), graphkit.until()]") == ["valid", "2023-10-01", "2023-10-31"]
    assert page.page.text_content("#details") == "" and page.evaluate("graphkit.network.getSelectedEdges()") == []
    expected = filter_graph(time_graph(), as_of="2023-10", statuses=ALL_STATUSES)
    assert set(page.evaluate(VISIBLE_EDGES)) == {key for _, _, key in expected.edges(keys=True)}
    assert _hash(page) == {"date": "2023-10-01/2023-10-31"}
    page.close()
    # a link that asks for what the map cannot show says so, and shows all dates
    page = _open(browser, whole_map, "actor=nobody&date=1890")
    assert page.page.text_content("#link-note") == (
        "This link asks for what the map cannot show: date 1890 is outside this map's dates "
        f"({page.evaluate('graphkit.data.first_day')} – {page.evaluate('graphkit.data.last_day')}); "
        "no actor 'nobody' in this map.")
    assert page.evaluate("graphkit.day()") is None
    page.assert_clean()
    page.close()


def test_the_address_follows_the_reader_and_reopens_the_same_view(browser, whole_map):
    page = _open(browser, whole_map)
    assert page.evaluate("location.hash") == ""
    page.page.mouse.click(**actor_point(page, "ana"))
    page.page.wait_for_selector("#details[data-kind=actor]")
    assert _hash(page) == {"actor": "ana"}
    _go(page, "2019-06-15")
    assert _hash(page) == {"actor": "ana", "date": "2019-06-15"}
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_member")
    assert _hash(page) == {"relationship": "r_member", "date": "2019-06-15"}
    copied = page.evaluate("location.hash").lstrip("#")
    text = page.page.text_content("#details")
    page.close()
    again = _open(browser, whole_map, copied)
    assert again.evaluate("graphkit.day()") == "2019-06-15"
    assert again.page.text_content("#details") == text
    again.page.click("#all-dates")
    assert _hash(again) == {"relationship": "r_member"}
    again.assert_clean()
    again.close()


# Where each relationship is drawn: the middle of its line or curve, in page coordinates, for those
# whose middle lies inside the map, on no actor, and at least 4 pixels from every other line (where
# two cross, a click is rightly the nearer one's).
MIDPOINTS = """() => {
  const net = graphkit.network, box = document.getElementById('graph').getBoundingClientRect(), found = {};
  const scale = net.getScale(), ids = graphkit.edges.getIds();
  for (const id of ids) {
    const via = net.body.edges[id].edgeType.getPoint(0.5), dom = net.canvasToDOM(via);
    if (dom.x < 5 || dom.y < 5 || dom.x > box.width - 5 || dom.y > box.height - 5) continue;
    if (net.getNodeAt(dom) !== undefined) continue;
    const near = ids.some(other => {
      if (other === id) return false;
      const e = net.body.edges[other];
      return e.edgeType.getDistanceToEdge(e.from.x, e.from.y, e.to.x, e.to.y, via.x, via.y) * scale < 4;
    });
    if (!near) found[id] = {x: box.left + dom.x, y: box.top + dom.y};
  }
  return found;
}"""


def test_a_click_selects_the_relationship_under_the_pointer(browser, timed, whole_map):
    page = _open(browser, whole_map)
    points = page.evaluate(MIDPOINTS)
    # Ana Bell and Red Circle are tied three ways (member, leader; Ben's membership ends at Red
    # too): curves side by side, each clicked at its own middle
    assert {"r_member", "r_office"} <= set(points)
    assert len(points) >= 8
    for key, point in points.items():
        page.page.mouse.click(point["x"], point["y"])
        assert page.evaluate("graphkit.network.getSelectedEdges()") == [key], key
        assert _hash(page) == {"relationship": key}
        u, v = next((u, v) for u, v, k in timed.edges(keys=True) if k == key)
        ends = page.page.locator("#details p").first.locator("button").all_text_contents()
        assert ends == [timed.nodes[u]["name"], timed.nodes[v]["name"]], key
    page.assert_clean()
    page.close()


# A point on a relationship drawn in colour around a selected actor where a dimmed one lies nearer
# still (and no actor): [the relationship, the point in page coordinates], or null if none is found.
UNDER_A_DIMMED_LINE = """(kept) => {
  const net = graphkit.network, box = document.getElementById('graph').getBoundingClientRect();
  const distance = (id, p) => { const e = net.body.edges[id];
    return e.edgeType.getDistanceToEdge(e.from.x, e.from.y, e.to.x, e.to.y, p.x, p.y); };
  const dimmed = new Set(graphkit.edges.get({filter: e => e.color.color === '#dddddd'}).map(e => e.id));
  for (const id of kept) {
    const line = net.body.edges[id].edgeType;
    for (let t = 0.1; t <= 0.9; t += 0.02) {
      const a = line.getPoint(t - 0.01), b = line.getPoint(t + 0.01), p = line.getPoint(t);
      const length = Math.hypot(b.x - a.x, b.y - a.y), normal = {x: (a.y - b.y) / length, y: (b.x - a.x) / length};
      for (const offset of [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6]) {
        const q = {x: p.x + normal.x * offset, y: p.y + normal.y * offset}, dom = net.canvasToDOM(q);
        if (dom.x < 5 || dom.y < 5 || dom.x > box.width - 5 || dom.y > box.height - 5) continue;
        const at = net.getEdgeAt(dom);
        if (net.getNodeAt(dom) !== undefined || !dimmed.has(at)) continue;
        const mine = distance(id, q);
        if (mine > 7 || distance(at, q) > mine - 1) continue;
        if (kept.some(other => other !== id && distance(other, q) < mine + 2)) continue;
        return [id, {x: box.left + dom.x, y: box.top + dom.y}];
      }
    }
  }
  return null;
}"""


def test_a_click_prefers_the_line_in_colour_over_a_dimmed_one_beneath(browser, timed, whole_map):
    page = _open(browser, whole_map)
    found = None
    for actor in sorted(timed.nodes, key=timed.degree, reverse=True):
        page.evaluate("(id) => graphkit.selectActor(id)", actor)
        page.evaluate("graphkit.network.fit({animation: false})")
        kept = [key for u, v, key in timed.edges(keys=True) if actor in (u, v)]
        found = page.evaluate(UNDER_A_DIMMED_LINE, kept)
        if found:
            break
    assert found is not None, "no relationship in colour passes this close to a dimmed one"
    key, point = found
    page.page.mouse.click(point["x"], point["y"])
    assert page.evaluate("graphkit.network.getSelectedEdges()") == [key]
    assert _hash(page) == {"relationship": key}
    page.assert_clean()
    page.close()


def _register_and_press():
    """Two invented datasets that name one person twice: a register (a company and its owner, a
    membership dated by its legislative period) and press reports (the same person, as a founder)."""
    from graphkit.graph import dataset_to_graph
    from graphkit.graph.merge import combine_graphs, merge_graph
    from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source

    day = PartialDate.parse
    register = Source(id="reg", title="Register of Xan", kind="register", url="https://example.org/register")
    press = Source(id="paper", title="Paper A", url="https://example.org/paper", published=day("2020-02-01"))
    registry = Dataset(name="registry", title="Register", sources={"reg": register}, actors={a.id: a for a in (
        Actor(id="p1", kind="Person", name="ODE Ben"), Actor(id="acme", kind="Organization", name="Acme Ltd"),
        Actor(id="house", kind="Organization", name="House of Xan"))}, relationships={r.id: r for r in (
            Relationship(id="o1", source="p1", type="OWNS", target="acme", share=51,
                         citations=[Citation("reg", record="co-77", retrieved=day("2026-11-30"))]),
            Relationship(id="m1", source="p1", type="MEMBER_OF", target="house", start=day("2014"), end=day("2018"),
                         date_note="the dates of legislative period term-14; the membership gives none",
                         citations=[Citation("reg", record="m-14-3", retrieved=day("2026-11-30"))]))})
    news = Dataset(name="news", title="Press", sources={"paper": press}, actors={a.id: a for a in (
        Actor(id="ben", kind="Person", name="Ben Ode"), Actor(id="acme", kind="Organization", name="Acme"))},
        relationships={"f1": Relationship(id="f1", source="ben", type="FOUNDED", target="acme", date=day("2009"),
                                          citations=[Citation("paper", "Ben Ode founded Acme in 2009.")])})
    combined = combine_graphs([dataset_to_graph(registry), dataset_to_graph(news)])
    return merge_graph(combined, [("registry:p1", "news:ben"), ("registry:acme", "news:acme")])


def test_the_panel_shows_merged_members_datasets_shares_and_where_dates_come_from(browser, tmp_path):
    page = _open(browser, write_map(_register_and_press(), tmp_path / "merged.html"))
    page.evaluate("graphkit.selectActor('news:ben')")
    page.page.wait_for_selector("#details[data-kind=actor]")
    rows = dict(zip(page.page.locator("#details dt").all_text_contents(),
                    page.page.locator("#details dd").all_text_contents()))
    assert rows["Merged from"] == "news:ben, registry:p1"
    # a membership dated by its legislative period: the panel says where its dates come from
    page.evaluate("graphkit.selectRelationship('registry:m1')")
    page.page.wait_for_selector("#details[data-kind=relationship]")
    rows = dict(zip(page.page.locator("#details dt").all_text_contents(),
                    page.page.locator("#details dd").all_text_contents()))
    assert rows["Dates from"] == "the dates of legislative period term-14; the membership gives none"
    assert "its sources give" not in rows["Timing"] and "elsewhere" in rows["Timing"]
    assert rows["Dataset"] == "registry"
    page.evaluate("graphkit.selectRelationship('registry:o1')")
    rows = dict(zip(page.page.locator("#details dt").all_text_contents(),
                    page.page.locator("#details dd").all_text_contents()))
    assert rows["Share"] == "51%" and rows["Dataset"] == "registry"
    # the press's own claim, dated by its source: no note, the usual timing
    page.evaluate("graphkit.selectRelationship('news:f1')")
    rows = dict(zip(page.page.locator("#details dt").all_text_contents(),
                    page.page.locator("#details dd").all_text_contents()))
    assert rows["Dataset"] == "news" and "Dates from" not in rows and "Share" not in rows
    assert rows["Timing"] == "dated (its sources give its date, start or end)"
    page.assert_clean()
    page.close()


def test_a_single_dataset_map_shows_no_dataset_row(browser, whole_map):
    page = _open(browser, whole_map)
    page.evaluate("graphkit.selectRelationship('r_member')")
    page.page.wait_for_selector("#details[data-kind=relationship]")
    assert "Dataset" not in page.page.locator("#details dt").all_text_contents()
    page.close()
