"""The HTML map in a real headless Chromium: what a reader sees and can do, offline and safely.

Every request the page makes to anything but its own file is aborted and recorded; each test
asserts there was none, and no console error, no dialog and no injected script.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graphkit.dataset import read_dataset
from graphkit.graph import BOUNDS, dataset_to_graph, filter_graph
from graphkit.map import write_map
from graphkit.map import diff_graph
from test_map import ALL_STATUSES, KNOWN_DAYS, VALID_DAYS, held_on, known_on, time_graph

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seed" / "malaysia-palestine"
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("GRAPHKIT_CHROMIUM", "/usr/bin/chromium")  # Debian's package
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

VISIBLE_EDGES = "graphkit.edges.get({filter: e => !e.hidden}).map(e => e.id)"
VISIBLE_NODES = "graphkit.nodes.get({filter: n => !n.hidden}).map(n => n.id)"
FADED_EDGES = "graphkit.edges.get({filter: e => !e.hidden && e.faded}).map(e => e.id)"
# each visible relationship: the status it is drawn with, and its drawn opacity against its status's own
DRAWN = """Object.fromEntries(graphkit.edges.get({filter: e => !e.hidden}).map(e =>
  [e.id, [e.shownStatus, e.color.opacity, graphkit.data.statuses[e.shownStatus].opacity]]))"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), f"no Chromium at {CHROMIUM}: apt-get install chromium (or set GRAPHKIT_CHROMIUM)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


class MapPage:
    """A map opened in a fresh page, with every outside request, console error and dialog recorded."""

    def __init__(self, browser, path: Path, fragment: str = ""):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri() + (f"#{fragment}" if fragment else ""))
        self.page.wait_for_function("window.graphkitReady === true", timeout=60_000)

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def evaluate(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def assert_clean(self):
        assert self.requests == [], "the page tried to reach a network"
        assert self.errors == []
        assert self.dialogs == []
        assert self.evaluate("window.__pwned") is None

    def close(self):
        self.page.close()


@pytest.fixture(scope="module")
def seed_graph():
    return dataset_to_graph(read_dataset(SEED))


@pytest.fixture(scope="module")
def seed_map(seed_graph, tmp_path_factory):
    return write_map(seed_graph, tmp_path_factory.mktemp("map") / "seed.html")


@pytest.fixture
def seed_page(browser, seed_map):
    page = MapPage(browser, seed_map)
    yield page
    page.close()


def test_seed_map_loads_offline_with_every_actor_and_relationship(seed_page, seed_graph):
    counts = seed_page.evaluate("[graphkit.nodes.length, graphkit.edges.length]")
    assert counts == [seed_graph.number_of_nodes(), seed_graph.number_of_edges()]
    assert sorted(seed_page.evaluate("graphkit.edges.getIds()")) == sorted(k for _, _, k in seed_graph.edges(keys=True))
    # physics stopped after the bounded stabilisation: the map holds still
    assert seed_page.evaluate("graphkit.network.physics.options.enabled") is False
    legend = seed_page.evaluate("[...document.querySelectorAll('#legend-kinds label')].map(l => l.textContent)")
    assert sorted(legend) == sorted({kind for _, kind in seed_graph.nodes(data="kind")})
    ARTIFACTS.mkdir(exist_ok=True)
    seed_page.page.screenshot(path=str(ARTIFACTS / "map.png"))
    seed_page.assert_clean()


CLICKABLE_EDGE = """
(ids) => {
  const net = graphkit.network, box = document.getElementById('graph').getBoundingClientRect();
  for (const id of ids) {
    const edge = graphkit.edges.get(id);
    if (edge.hidden || edge.smooth) continue;
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {  // a point of the line as drawn (curved a little)
      const dom = net.canvasToDOM(net.body.edges[id].edgeType.getPoint(t));
      if (dom.x < 5 || dom.y < 5 || dom.x > box.width - 5 || dom.y > box.height - 5) continue;
      if (net.getNodeAt(dom) === undefined && net.getEdgeAt(dom) === id)
        return {id: id, x: box.left + dom.x, y: box.top + dom.y};
    }
  }
  return null;
}
"""


def test_clicking_a_relationship_shows_its_sources_and_quotes(seed_page, seed_graph):
    # relationships with most citations first: the panel must list every one
    edges = sorted(seed_graph.edges(keys=True, data=True), key=lambda e: -len(e[3]["citations"]))
    target = seed_page.evaluate(CLICKABLE_EDGE, [key for _, _, key, _ in edges])
    assert target is not None, "no relationship could be clicked on the map"
    seed_page.page.mouse.click(target["x"], target["y"])
    seed_page.page.wait_for_selector("#details[data-kind=relationship]")
    u, v, key, edge = next(e for e in edges if e[2] == target["id"])
    panel = seed_page.page.locator("#details")
    assert seed_page.evaluate("graphkit.network.getSelectedEdges()") == [key]
    quotes = panel.locator("blockquote").all_text_contents()
    assert quotes == [c["quote"] for c in edge["citations"] if c.get("quote")]
    sources = seed_graph.graph["sources"]
    titles = panel.locator(".source-title").all_text_contents()
    assert titles == [sources[c["source"]]["title"] for c in edge["citations"]]
    links = panel.locator("a").evaluate_all("as => as.map(a => [a.href, a.rel, a.target])")
    expected = [sources[c["source"]]["url"] for c in edge["citations"] if sources[c["source"]].get("url")]
    assert [href for href, _, _ in links] == seed_page.evaluate("urls => urls.map(u => new URL(u).href)", expected)
    assert all(rel == "noopener noreferrer" and target_ == "_blank" for _, rel, target_ in links)
    text = panel.text_content()
    assert edge["type"] in text and edge["status"] in text
    for field in ("date", "start", "end", "attested", "after", "before", "first_reported"):
        if edge.get(field):
            assert str(edge[field]) in text  # a partial date, shown as its text
    # every citation's stance and date, and its source's publication date
    stances = panel.locator(".stance").all_text_contents()
    assert [line.split(" · ")[0] for line in stances] == [c["stance"] for c in edge["citations"]]
    for line, citation in zip(stances, edge["citations"]):
        if citation.get("known"):  # its own date, else its source's publication
            assert str(citation["known"]) in line
    metas = panel.locator(".source-meta").all_text_contents()
    for citation in edge["citations"]:
        if sources[citation["source"]].get("published"):
            assert any(f"published {sources[citation['source']]['published']}" in meta for meta in metas)
    assert seed_graph.nodes[u]["name"] in text and seed_graph.nodes[v]["name"] in text
    seed_page.assert_clean()


def _slider_days(graph) -> list[dt.date]:
    """Days worth checking: around the bounds of many relationships, and across the whole range."""
    bounds = sorted({e[name] for _, _, e in graph.edges(data=True) if e["timing"] != "undated"
                     for name in BOUNDS if e[name]})
    days = set()
    for day in bounds[:: max(1, len(bounds) // 8)] + bounds[-2:]:
        days.update({day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)})
    first, last = bounds[0], bounds[-1]
    return sorted(day for day in days if first <= day < last)  # the slider's range, one day to spare


def _step(page: MapPage, day: dt.date) -> int:
    first = dt.date.fromisoformat(page.evaluate("graphkit.data.first_day"))
    return (day - first).days + 1


def _statuses(graph) -> set[str]:
    return {status or "reported" for _, _, status in graph.edges(data="status")}


def _sliced(graph, day: dt.date, **options) -> dict:
    """What filter_graph keeps on a day of valid time, every status: relationship -> holds."""
    sliced = filter_graph(graph, statuses=_statuses(graph) | ALL_STATUSES, as_of=day.isoformat(), **options)
    return {key: holds for _, _, key, holds in sliced.edges(keys=True, data="holds")}, set(sliced.nodes)


def test_time_slider_shows_exactly_what_filter_graph_keeps(seed_page, seed_graph):
    days = _slider_days(seed_graph)
    assert len(days) >= 10
    seen_sizes = set()
    for day in days:
        seed_page.page.fill("#time", str(_step(seed_page, day)))
        assert seed_page.evaluate("graphkit.day()") == day.isoformat()
        assert seed_page.page.input_value("#day") == day.isoformat()
        expected, actors = _sliced(seed_graph, day)
        shown = set(seed_page.evaluate(VISIBLE_EDGES))
        assert shown == set(expected), day
        assert set(seed_page.evaluate(FADED_EDGES)) == {key for key, holds in expected.items() if holds == "may"}, day
        assert set(seed_page.evaluate(VISIBLE_NODES)) == actors, day
        seen_sizes.add(len(shown))
    assert len(seen_sizes) > 3  # the days chosen do change the picture
    # a real key press moves the slider by one day
    seed_page.page.focus("#time")
    seed_page.page.keyboard.press("ArrowRight")
    next_day = days[-1] + dt.timedelta(days=1)
    assert seed_page.evaluate("graphkit.day()") == next_day.isoformat()
    assert set(seed_page.evaluate(VISIBLE_EDGES)) == set(_sliced(seed_graph, next_day)[0])
    # the date box and the "all dates" button drive the same slider
    seed_page.page.fill("#day", days[0].isoformat())
    assert seed_page.page.input_value("#time") == str(_step(seed_page, days[0]))
    seed_page.page.click("#all-dates")
    assert seed_page.evaluate("graphkit.day()") is None
    assert len(seed_page.evaluate(VISIBLE_EDGES)) == seed_graph.number_of_edges()
    seed_page.assert_clean()


def test_known_by_clock_on_the_seed_matches_filter_graph(seed_page, seed_graph):
    # every day a citation became known, and the day before: the record before and after it grew
    days = sorted({c["known"].latest for _, _, cs in seed_graph.edges(data="citations") for c in cs if c.get("known")})
    assert len(days) >= 2
    seed_page.page.select_option("#clock", "known")
    statuses = set(seed_page.evaluate("Object.keys(graphkit.data.statuses)"))
    seen = set()
    for day in sorted({d + dt.timedelta(days=shift) for d in days for shift in (-1, 0)}):
        seed_page.page.fill("#day", day.isoformat())
        known = filter_graph(seed_graph, known_by=day.isoformat(), statuses=statuses | ALL_STATUSES)
        expected = {key: status for _, _, key, status in known.edges(keys=True, data="status")}
        drawn = seed_page.evaluate(DRAWN)
        assert {key: status for key, (status, _, _) in drawn.items()} == expected, day
        assert set(seed_page.evaluate(VISIBLE_NODES)) == set(known.nodes), day
        seen.add(len(expected))
    assert len(seen) >= 2  # the record did grow
    seed_page.assert_clean()


def test_filters_hide_exactly_what_filter_graph_drops(seed_page, seed_graph):
    kinds = {kind for _, kind in seed_graph.nodes(data="kind")}
    types = {type_ for _, _, type_ in seed_graph.edges(data="type")}
    statuses = _statuses(seed_graph)
    drop_kind, drop_type, drop_status = "Person", sorted(types)[0], "reported"
    seed_page.page.click(f"input[data-filter=kinds][data-value={drop_kind}]")
    seed_page.page.click(f"input[data-filter=types][data-value={drop_type}]")
    seed_page.page.click(f"input[data-filter=statuses][data-value={drop_status}]")
    kept = filter_graph(seed_graph, kinds=kinds - {drop_kind}, types=types - {drop_type},
                        statuses=statuses - {drop_status})
    assert set(seed_page.evaluate(VISIBLE_EDGES)) == {key for _, _, key in kept.edges(keys=True)}
    assert set(seed_page.evaluate(VISIBLE_NODES)) == set(kept.nodes)
    day = _slider_days(seed_graph)[len(_slider_days(seed_graph)) // 2]
    seed_page.page.fill("#time", str(_step(seed_page, day)))
    kept = filter_graph(seed_graph, kinds=kinds - {drop_kind}, types=types - {drop_type},
                        statuses=statuses - {drop_status}, as_of=day.isoformat())
    assert set(seed_page.evaluate(VISIBLE_EDGES)) == {key for _, _, key in kept.edges(keys=True)}
    assert set(seed_page.evaluate(VISIBLE_NODES)) == set(kept.nodes)
    seed_page.assert_clean()


def test_search_by_alias_focuses_and_selects_the_actor(seed_page, seed_graph):
    actor, data = next((node, data) for node, data in seed_graph.nodes(data=True)
                       if data.get("aliases") and seed_graph.degree(node) > 1)
    alias = data["aliases"][0]
    seed_page.page.fill("#search", alias[:-1])
    results = seed_page.page.locator("#search-results li").all_text_contents()
    assert any(text.startswith(data["name"]) for text in results)
    seed_page.page.fill("#search", alias)
    seed_page.page.press("#search", "Enter")
    assert seed_page.evaluate("graphkit.network.getSelectedNodes()") == [actor]
    assert seed_page.page.text_content("#details h2") == data["name"]
    center = seed_page.evaluate("graphkit.network.getViewPosition()")
    where = seed_page.evaluate("(id) => graphkit.network.getPositions([id])[id]", actor)
    assert abs(center["x"] - where["x"]) < 1 and abs(center["y"] - where["y"]) < 1
    # the neighbourhood stays in colour, the rest is dimmed
    neighbours = {actor} | set(seed_graph.successors(actor)) | set(seed_graph.predecessors(actor))
    dimmed = set(seed_page.evaluate("graphkit.nodes.get({filter: n => n.color.background === '#e6e6e6'}).map(n => n.id)"))
    assert dimmed == set(seed_graph.nodes) - neighbours
    seed_page.assert_clean()


def actor_point(page, actor) -> dict:
    """Where an actor is drawn on the screen, for a real mouse click or hover."""
    return page.evaluate("""(id) => {
        const box = document.getElementById('graph').getBoundingClientRect();
        const dom = graphkit.network.canvasToDOM(graphkit.network.getPositions([id])[id]);
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""", actor)


def test_clicking_an_actor_shows_its_details(seed_page, seed_graph):
    actor = max(seed_graph.nodes, key=seed_graph.degree)
    point = actor_point(seed_page, actor)
    seed_page.page.mouse.click(point["x"], point["y"])
    seed_page.page.wait_for_selector("#details[data-kind=actor]")
    data = seed_graph.nodes[actor]
    assert seed_page.page.text_content("#details h2") == data["name"]
    text = seed_page.page.text_content("#details")
    assert data["kind"] in text and "degree centrality" in text
    for alias in data.get("aliases") or ():
        assert alias in text
    seed_page.assert_clean()


@pytest.fixture(scope="module")
def hostile_graph():
    graph = dataset_to_graph(read_dataset(HOSTILE))
    # as a graph read from a database might hold: links that are not http(s), a kind nobody declared
    sources = graph.graph["sources"]
    sources["plain-source"]["url"] = "javascript:window.__pwned=1;alert(1)"
    sources["data-source"] = {"id": "data-source", "title": "<b>data</b>", "url": "JaVaScRiPt:alert(1)"}
    sources["vb-source"] = {"id": "vb-source", "title": "vb", "url": "data:text/html,<script>alert(1)</script>"}
    rel = graph.edges["{{7*7}}", "</script><script>window.__pwned=1;alert(1)</script>", "hostile-meeting-2"]
    rel["citations"] += [{"source": "data-source", "quote": "<i>q</i>", "locator": None},
                         {"source": "vb-source", "quote": "{{7*7}}", "locator": "<br>"}]
    graph.nodes["{{7*7}}"]["kind"] = '"><img src=x onerror="window.__pwned=1;alert(1)">'
    return graph


def test_hostile_strings_are_shown_as_text_and_never_run(browser, hostile_graph, tmp_path):
    page = MapPage(browser, write_map(hostile_graph, tmp_path / "hostile.html"))
    assert sorted(page.evaluate("graphkit.nodes.getIds()")) == sorted(hostile_graph.nodes)
    assert sorted(page.evaluate("graphkit.edges.getIds()")) == sorted(k for _, _, k in hostile_graph.edges(keys=True))
    title = hostile_graph.graph["title"]
    assert page.evaluate("document.title") == title
    assert page.page.text_content("#title") == title
    assert hostile_graph.graph["description"] in page.page.text_content("#about")
    legend = page.page.locator("#legend-kinds label").all_text_contents()
    assert '"><img src=x onerror="window.__pwned=1;alert(1)">' in legend

    for actor, data in hostile_graph.nodes(data=True):
        assert page.evaluate("(id) => graphkit.selectActor(id)", actor) is True
        assert page.page.text_content("#details h2") == data["name"]
        text = page.page.text_content("#details")
        assert data["kind"] in text and (data.get("description") or "") in text
        for alias in data.get("aliases") or ():
            assert alias in text

    sources = hostile_graph.graph["sources"]
    for u, v, key, edge in hostile_graph.edges(keys=True, data=True):
        assert page.evaluate("(id) => graphkit.selectRelationship(id)", key) is True
        panel = page.page.locator("#details")
        assert panel.locator("blockquote").all_text_contents() == [c["quote"] for c in edge["citations"]]
        assert panel.locator(".source-title").all_text_contents() == [sources[c["source"]]["title"] for c in edge["citations"]]
        text = panel.text_content()
        for value in (edge.get("role"), edge.get("place"), edge.get("description"), *(c.get("locator") for c in edge["citations"])):
            if value:
                assert value in text
        hrefs = panel.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        web = [sources[c["source"]]["url"] for c in edge["citations"]
               if urlsplit(sources[c["source"]].get("url") or "").scheme in ("http", "https")]
        assert len(hrefs) == len(web)
        assert all(href.startswith(("http://", "https://")) for href in hrefs)
        for citation in edge["citations"]:
            url = sources[citation["source"]].get("url") or ""
            if url and urlsplit(url).scheme not in ("http", "https"):
                assert url in text  # shown, not linked

    # an exact alias ranks first, then names that contain the text
    page.page.fill("#search", "{{7*7}}")
    results = page.page.locator("#search-results li").all_text_contents()
    kind = hostile_graph.nodes["{{7*7}}"]["kind"]
    assert results == ['<img src=x onerror="window.__pwned=1;alert(1)">{{7*7}}', "{{7*7}} ${7*7} <%= 7*7 %>" + kind]
    page.page.fill("#search", "${7*7}")
    page.page.press("#search", "Enter")
    assert page.evaluate("graphkit.network.getSelectedNodes()") == ["{{7*7}}"]

    # nothing was injected into the document, nothing ran
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, b, i, u, br').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    protocols = page.evaluate("[...document.querySelectorAll('a')].map(a => a.protocol)")
    assert set(protocols) <= {"http:", "https:"}
    # hovering every actor shows its tooltip as plain text
    for actor, data in hostile_graph.nodes(data=True):
        point = actor_point(page, actor)
        page.page.mouse.move(point["x"], point["y"])
        page.page.wait_for_function("(name) => { const t = document.querySelector('div.vis-tooltip');"
                                    " return t && t.style.visibility !== 'hidden' && t.textContent.startsWith(name); }",
                                    arg=data["name"], timeout=5_000)
        assert page.evaluate("document.querySelector('div.vis-tooltip').children.length") == 0
    page.assert_clean()
    page.close()


def test_big_map_is_laid_out_before_it_opens(browser, seed_graph, tmp_path):
    page = MapPage(browser, write_map(seed_graph, tmp_path / "big.html", layout_threshold=10))
    assert page.evaluate("graphkit.network.physics.options.enabled") is False
    positions = page.evaluate("graphkit.network.getPositions()")
    data = page.evaluate("graphkit.data.network.nodes.map(n => [n.id, n.x, n.y])")
    assert all(abs(positions[node]["x"] - x) < 1 and abs(positions[node]["y"] - y) < 1 for node, x, y in data)  # vis reports whole pixels
    assert page.evaluate("graphkit.edges.length") == seed_graph.number_of_edges()
    page.assert_clean()
    page.close()


# ---- the two clocks and the diff view, on the hand-worked fixture of test_map.py ----

@pytest.fixture(scope="module")
def timed():
    return time_graph()


@pytest.fixture(scope="module")
def time_map(timed, tmp_path_factory):
    return write_map(timed, tmp_path_factory.mktemp("time") / "time.html")


@pytest.fixture
def time_page(browser, time_map):
    page = MapPage(browser, time_map)
    yield page
    page.close()


def _go(page: MapPage, day: str) -> None:
    page.page.fill("#day", day)
    assert page.evaluate("graphkit.day()") == day


def _undated(page: MapPage, shown: bool) -> None:
    if page.page.is_checked("#undated") != shown:
        page.page.click("#undated")


def test_held_on_slider_keeps_what_filter_graph_keeps_and_fades_what_may_hold(time_page, timed):
    page = time_page
    first, last = page.evaluate("[graphkit.data.first_day, graphkit.data.last_day]")
    assert page.page.is_disabled("#undated")  # no day chosen: every relationship is shown
    assert page.page.text_content("#undated-label") == "undated (1)"
    days = [day for day in VALID_DAYS if first <= day <= last] + [first, last]
    assert len(days) >= 10
    for day in days:
        _go(page, day)
        for undated in (False, True):
            _undated(page, undated)
            sliced = filter_graph(timed, as_of=day, statuses=ALL_STATUSES, undated="include" if undated else "exclude")
            expected = {key: holds for _, _, key, holds in sliced.edges(keys=True, data="holds")}
            if day in VALID_DAYS:
                assert expected == held_on(day, undated=undated), day  # the hand agrees with Python
            assert set(page.evaluate(VISIBLE_EDGES)) == set(expected), (day, undated)
            assert set(page.evaluate(FADED_EDGES)) == {k for k, h in expected.items() if h == "may"}, (day, undated)
            assert set(page.evaluate(VISIBLE_NODES)) == set(sliced.nodes), (day, undated)
            for key, (status, drawn, own) in page.evaluate(DRAWN).items():
                # faded: clearly fainter than its status, never invisible
                assert (drawn < own and drawn >= 0.2) if expected[key] == "may" else drawn == own, (day, key)
                assert status == timed.edges[next((u, v) for u, v, k in timed.edges(keys=True) if k == key) + (key,)]["status"]
            counts = page.page.text_content("#counts")
            if not undated:
                assert "1 undated hidden" in counts
    # the other clock ignores the box; "all dates" shows everything, fading nothing
    page.page.click("#all-dates")
    assert page.page.is_disabled("#undated")
    assert len(page.evaluate(VISIBLE_EDGES)) == timed.number_of_edges() and page.evaluate(FADED_EDGES) == []
    page.assert_clean()


def test_known_by_shows_the_record_as_it_stood_with_statuses_recomputed(time_page, timed):
    page = time_page
    page.page.select_option("#clock", "known")
    assert page.evaluate("graphkit.clock()") == "known"
    for day in KNOWN_DAYS:
        _go(page, day)
        known = filter_graph(timed, known_by=day, statuses=ALL_STATUSES)
        expected = {key: status for _, _, key, status in known.edges(keys=True, data="status")}
        assert expected == known_on(day), day  # the hand agrees with Python
        drawn = page.evaluate(DRAWN)
        assert {key: status for key, (status, _, _) in drawn.items()} == expected, day
        assert all(opacity == own for _, opacity, own in drawn.values())  # nothing faded on this clock
        assert set(page.evaluate(VISIBLE_NODES)) == set(known.nodes), day
        assert page.page.is_disabled("#undated")
    # the evidence panel follows the clock: before and after the denial was published
    _go(page, "2024-05-01")
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_disputed")
    panel = page.page.locator("#details")
    assert "alleged as known by 2024-05-01 (in the whole record: disputed)" in panel.text_content()
    assert panel.locator("li.citation").evaluate_all("items => items.map(i => i.classList.contains('later'))") == \
        [False, False, True]
    assert panel.locator(".later-note").all_text_contents() == ["published after 2024-05-01"]
    _go(page, "2024-05-02")
    assert "disputed as known by 2024-05-02" in panel.text_content()
    assert panel.locator("li.later").count() == 0
    # a status set by hand stands only once every citation it judged is known: the blog never is
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_hand")
    text = panel.text_content()
    assert "alleged as known by 2024-05-02 (in the whole record: confirmed)" in text
    assert panel.locator(".later-note").all_text_contents() == ["no date: never counted as known"]
    assert "Status set by hand: The registry entry confirms it." in text
    page.page.click("#all-dates")
    assert "confirmed" in panel.text_content() and "as known by" not in panel.text_content()
    page.assert_clean()


def test_a_status_the_command_left_out_stays_out_on_the_known_clock(browser, timed, tmp_path):
    # `graphkit map` keeps every status but denied: the page does too, as the record grows
    page = MapPage(browser, write_map(filter_graph(timed), tmp_path / "default.html"))
    assert page.page.is_checked("input[data-filter=statuses][data-value=denied]") is False
    page.page.select_option("#clock", "known")
    for day, denied_first in (("2022-01-01", False), ("2024-05-02", True)):  # denied, then disputed
        _go(page, day)
        expected = filter_graph(timed, known_by=day)
        assert set(page.evaluate(VISIBLE_EDGES)) == {key for _, _, key in expected.edges(keys=True)}
        assert ("r_denied_first" in page.evaluate(VISIBLE_EDGES)) is denied_first
    page.assert_clean()
    page.close()


def test_the_evidence_panel_shows_stances_dates_and_publication(time_page, timed):
    page = time_page
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_disputed")
    panel = page.page.locator("#details")
    assert panel.locator(".stance").all_text_contents() == [
        "alleges · known from 2018-05-10", "alleges · known from 2019-03", "denies · known from 2024-05-02"]
    assert panel.locator(".source-meta").all_text_contents() == [
        "Paper A, published 2018-05-10", "Paper B, published 2019-03", "Agency C, published 2024-05-02"]
    text = panel.text_content()
    assert "Happened" in text and "between 2017-01-01 and 2017-12-31" in text
    assert "First reported2018-05-10" in text
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_undated")
    text = panel.text_content()
    # its first report bounds when it began from above, and is never shown as its date
    assert "Timingundated" in text and "Beganbetween 2000-01-01 and 2018-05-10" in text
    assert "Date2018" not in text and "Start2018" not in text
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_hand")
    assert page.page.text_content(".status-note") == "Status set by hand: The registry entry confirms it."
    assert "Citations givereported" in panel.text_content()
    _go(page, "2019-06-15")
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_member")
    assert "On 2019-06-15may have held" in panel.text_content()
    page.assert_clean()


@pytest.mark.parametrize("clock, first, second", [("valid", "2016-06-01", "2019-06-15"), ("known", "2019-01-01", "2024-05-02")])
def test_the_diff_map_colours_exactly_the_python_diff(browser, timed, tmp_path, clock, first, second):
    diffed = diff_graph(timed, first, second, clock=clock, statuses=ALL_STATUSES)
    page = MapPage(browser, write_map(diffed, tmp_path / "diff.html"))
    changes = {key: change for _, _, key, change in diffed.edges(keys=True, data="change")}
    # by hand (test_map.py works both out): what each relationship did between the two days
    if clock == "valid":
        assert changes == {"r_member": "changed", "r_office": "same", "r_before": "same", "r_dead": "ended",
                           "r_denied_first": "began"}
    else:
        assert sorted(changes.values()).count("appeared") == 7 and changes["r_disputed"] == "changed"
    colors = page.evaluate("graphkit.data.diff.colors")
    drawn = page.evaluate("Object.fromEntries(graphkit.edges.get().map(e => [e.id, e.color.color]))")
    assert drawn == {key: colors[change] for key, change in changes.items()}
    assert page.page.is_hidden("#timebar") and page.page.is_visible("#diffbar")
    assert first in page.page.text_content("#diffbar") and second in page.page.text_content("#diffbar")
    # the header names the two days, not the last one the diff's own filter held
    what = "what changed in valid time" if clock == "valid" else "what became known"
    assert page.page.text_content("#made-with") == \
        f"This map: dataset time · {what} from {first} to {second} · every status, denied included"
    legend = page.page.locator("#legend-changes label").all_text_contents()
    assert len(legend) == 4 and all(f"({list(changes.values()).count(name)})" in text
                                    for name, text in zip(colors, legend))
    # unticking a change hides exactly those relationships
    page.page.click("input[data-filter=changes][data-value=same]")
    assert set(page.evaluate(VISIBLE_EDGES)) == {key for key, change in changes.items() if change != "same"}
    page.evaluate("(id) => graphkit.selectRelationship(id)", "r_member")
    text = page.page.text_content("#details")
    if clock == "valid":
        assert f"changed between {first} and {second}; held certain to may" in text
    else:
        assert "changed between 2019-01-01 and 2024-05-02; status reported to confirmed" in text
    page.assert_clean()
    page.close()
