"""The map's time slider in a real headless Chromium: year ticks, range mode, keyboard steps, ISO
date boxes, play, and the scale by dates. What the page shows for a time is checked against
graphkit.graph.filter_graph, the rule the command line uses.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from graphkit.graph import BOUNDS, filter_graph
from graphkit.graph.slices import holds
from graphkit.map import write_map
from graphkit.map.timeline import known_steps
from test_map import ALL_STATUSES
from test_map_browser import (FADED_EDGES, VISIBLE_EDGES, VISIBLE_NODES, MapPage, browser, seed_graph,  # noqa: F401
                              seed_map, seed_page)  # (fixtures)

STATE = "graphkitSlider.state()"


def _statuses(graph) -> set[str]:
    return {status or "reported" for _, _, status in graph.edges(data="status")} | ALL_STATUSES


def _expected(graph, **window) -> tuple[dict, set]:
    """What filter_graph keeps for a time (every status): relationship -> holds, and the actors."""
    sliced = filter_graph(graph, statuses=_statuses(graph), **window)
    return {key: held for _, _, key, held in sliced.edges(keys=True, data="holds")}, set(sliced.nodes)


def _assert_shows(page: MapPage, graph, **window) -> dict:
    expected, actors = _expected(graph, **window)
    assert set(page.evaluate(VISIBLE_EDGES)) == set(expected), window
    assert set(page.evaluate(FADED_EDGES)) == {key for key, held in expected.items() if held == "may"}, window
    assert set(page.evaluate(VISIBLE_NODES)) == actors, window
    return expected


def _bounds(graph) -> list[dt.date]:
    return sorted({e[name] for _, _, e in graph.edges(data=True) if e["timing"] != "undated" for name in BOUNDS if e[name]})


def _windows(graph) -> list[tuple[dt.date, dt.date]]:
    """Windows worth checking: narrow and wide, starting and ending around many bounds."""
    bounds = _bounds(graph)
    picked = bounds[:: max(1, len(bounds) // 6)] + bounds[-1:]
    one = dt.timedelta(days=1)
    windows = {(bounds[0], bounds[-1])}
    for day in picked:
        windows.update({(day - one, day + one), (day, day), (day + one, day + 400 * one), (bounds[0], day),
                        (day - 3000 * one, day - one)})
    clipped = {(max(a, bounds[0]), min(b, bounds[-1])) for a, b in windows}
    return sorted((a, b) for a, b in clipped if a <= b)


def test_the_page_clock_answers_every_window_as_python_does(seed_page, seed_graph):
    """graphkitClock.holds over a window is dates.ValidTime.holds: three-valued, for every relationship."""
    windows = _windows(seed_graph)
    answers = seed_page.evaluate("""(windows) => windows.map(([first, last]) =>
        Object.fromEntries(graphkit.data.relationships.map(r => [r.id, graphkitClock.holds(r, first, last)])))""",
                                 [[a.isoformat(), b.isoformat()] for a, b in windows])
    seen = set()
    for (first, last), answer in zip(windows, answers):
        expected = {key: holds(edge, first, last) for _, _, key, edge in seed_graph.edges(keys=True, data=True)}
        assert answer == expected, (first, last)
        seen.update(expected.values())
    assert seen == {"certain", "may", None}  # all three answers occur


def test_range_mode_shows_exactly_what_filter_graph_between_keeps(seed_page, seed_graph):
    seed_page.page.check("#range-mode")
    assert seed_page.page.is_visible("#time-to") and seed_page.page.is_visible("#day-to")
    first, last = seed_page.evaluate("[graphkit.data.first_day, graphkit.data.last_day]")
    assert seed_page.evaluate(STATE)["day"] == first and seed_page.evaluate(STATE)["until"] == last
    sizes = set()
    for start, end in _windows(seed_graph):
        seed_page.page.fill("#day-to", end.isoformat())  # the later end first: the range never turns round
        seed_page.page.fill("#day", start.isoformat())
        seed_page.page.fill("#day-to", end.isoformat())
        assert [seed_page.evaluate("graphkit.day()"), seed_page.evaluate("graphkit.until()")] == [start.isoformat(), end.isoformat()]
        sizes.add(len(_assert_shows(seed_page, seed_graph, between=(start.isoformat(), end.isoformat()))))
    assert len(sizes) > 3  # the windows do change the picture
    # an end typed as a year or a month covers all of it, as --between does
    seed_page.page.fill("#day", "2014")
    seed_page.page.fill("#day-to", "2018-05")
    assert [seed_page.evaluate("graphkit.day()"), seed_page.evaluate("graphkit.until()")] == ["2014-01-01", "2018-05-31"]
    _assert_shows(seed_page, seed_graph, between=("2014", "2018-05"))
    # undated relationships join when asked, as with undated="include"
    seed_page.page.check("#undated")
    _assert_shows(seed_page, seed_graph, between=("2014", "2018-05"), undated="include")
    seed_page.page.uncheck("#undated")
    # dragging the first end past the last pushes the last along: never an empty range
    seed_page.page.fill("#time", seed_page.evaluate("document.getElementById('time').max"))
    assert seed_page.evaluate("graphkit.day()") == seed_page.evaluate("graphkit.until()") == last
    # "All dates" leaves range mode and shows everything
    seed_page.page.click("#all-dates")
    assert seed_page.evaluate(STATE)["range"] is False and seed_page.page.is_hidden("#time-to")
    assert len(seed_page.evaluate(VISIBLE_EDGES)) == seed_graph.number_of_edges()
    seed_page.assert_clean()


def test_the_knowledge_clock_reads_one_day_so_it_leaves_range_mode(seed_page, seed_graph):
    seed_page.page.check("#range-mode")
    seed_page.page.fill("#day", "2010-01-01")
    seed_page.page.fill("#day-to", "2020-12-31")
    seed_page.page.select_option("#clock", "known")
    assert seed_page.page.is_disabled("#range-mode") and not seed_page.page.is_checked("#range-mode")
    state = seed_page.evaluate(STATE)
    assert state["clock"] == "known" and state["range"] is False and state["day"] == state["until"] == "2010-01-01"
    known = filter_graph(seed_graph, known_by="2010-01-01", statuses=_statuses(seed_graph))
    assert set(seed_page.evaluate(VISIBLE_EDGES)) == {key for _, _, key in known.edges(keys=True)}
    seed_page.page.select_option("#clock", "valid")
    assert seed_page.page.is_enabled("#range-mode")
    seed_page.assert_clean()


def test_dates_are_iso_text_and_a_wrong_one_is_marked_not_guessed(seed_page, seed_graph):
    assert seed_page.page.get_attribute("#day", "type") == "text"
    seed_page.page.fill("#time", "1")
    first = seed_page.evaluate("graphkit.data.first_day")
    assert seed_page.page.input_value("#day") == first
    for wrong in ("31/12/2019", "2019-02-30", "2019"):  # a day box: a whole day only
        seed_page.page.fill("#day", wrong)
        seed_page.page.dispatch_event("#day", "change")
        assert seed_page.page.get_attribute("#day", "aria-invalid") == "true", wrong
        assert "YYYY-MM-DD" in seed_page.page.get_attribute("#day", "title")
        assert seed_page.evaluate("graphkit.day()") == first, wrong  # the time stays as it was
    seed_page.page.fill("#day", "2020-02-29")
    assert seed_page.page.get_attribute("#day", "aria-invalid") is None
    assert seed_page.evaluate("graphkit.day()") == "2020-02-29"
    _assert_shows(seed_page, seed_graph, as_of="2020-02-29")
    seed_page.assert_clean()


def test_keys_step_by_day_month_and_year(seed_page, seed_graph):
    first, last = seed_page.evaluate("[graphkit.data.first_day, graphkit.data.last_day]")
    seed_page.page.fill("#day", "2016-01-31")
    seed_page.page.focus("#time")
    for key, day in (("Shift+ArrowRight", "2016-02-29"), ("Shift+ArrowRight", "2016-03-29"),
                     ("Shift+ArrowLeft", "2016-02-29"), ("PageUp", "2017-02-28"), ("PageDown", "2016-02-28"),
                     ("ArrowRight", "2016-02-29"), ("ArrowLeft", "2016-02-28"), ("End", last), ("Home", first)):
        seed_page.page.keyboard.press(key)
        assert seed_page.evaluate("graphkit.day()") == day, key
        assert seed_page.page.input_value("#day") == day
    seed_page.page.fill("#day", "2016-01-31")
    seed_page.page.focus("#time")
    seed_page.page.keyboard.press("PageUp")
    _assert_shows(seed_page, seed_graph, as_of="2017-01-31")
    # in range mode the keys move the end they are on
    seed_page.page.check("#range-mode")
    seed_page.page.fill("#day", "2012-06-15")
    seed_page.page.fill("#day-to", "2014-06-15")
    seed_page.page.focus("#time-to")
    seed_page.page.keyboard.press("PageDown")
    seed_page.page.keyboard.press("Shift+ArrowLeft")
    assert [seed_page.evaluate("graphkit.day()"), seed_page.evaluate("graphkit.until()")] == ["2012-06-15", "2013-05-15"]
    _assert_shows(seed_page, seed_graph, between=("2012-06-15", "2013-05-15"))
    seed_page.assert_clean()


def _tick_boxes(page: MapPage) -> dict[int, dict]:
    return {int(year): box for year, box in page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('#time-ticks .tick')].map(t => [t.dataset.year, t.getBoundingClientRect().toJSON()]))""").items()}


def test_year_ticks_sit_where_the_slider_puts_1_january(seed_page):
    first, last = (dt.date.fromisoformat(d) for d in seed_page.evaluate("[graphkit.data.first_day, graphkit.data.last_day]"))
    ticks = _tick_boxes(seed_page)
    assert sorted(ticks) == [year for year in range(first.year, last.year + 1) if dt.date(year, 1, 1) >= first]
    labels = seed_page.evaluate("""[...document.querySelectorAll('#time-ticks .tick-label')].map(t =>
        [Number(t.textContent), t.getBoundingClientRect().toJSON()])""")
    years = [year for year, _ in labels]
    assert len(years) >= 5 and years == sorted(years) and set(years) <= set(ticks)
    assert all(a[1]["right"] <= b[1]["left"] for a, b in zip(labels, labels[1:]))  # labels never overlap
    track = seed_page.evaluate("document.getElementById('time').getBoundingClientRect().toJSON()")
    steps = int(seed_page.evaluate("document.getElementById('time').max"))
    per_pixel = steps / (track["width"] - 14)
    for year, box in labels[1:-1]:
        x = box["left"] + box["width"] / 2
        assert abs(x - (ticks[year]["left"] + ticks[year]["width"] / 2)) <= 1  # the label centred on its mark
        # a real click on the track at the label chooses (within a pixel's days) 1 January of its year
        seed_page.page.mouse.click(x, track["top"] + track["height"] / 2)
        chosen = dt.date.fromisoformat(seed_page.evaluate("graphkit.day()"))
        assert abs((chosen - dt.date(year, 1, 1)).days) <= 1.5 * per_pixel, year
    seed_page.assert_clean()


def _change_days(graph) -> list[dt.date]:
    """The days on which a picture can change: bounds and the day after, the record's steps, actors' dates."""
    days = set()
    for _, _, edge in graph.edges(data=True):
        if edge["timing"] != "undated":
            for name in BOUNDS:
                if edge[name]:
                    days.update({edge[name], edge[name] + dt.timedelta(days=1)})
        days.update(step[0] for step in known_steps(edge, graph.graph.get("sources") or {}))
    for _, actor in graph.nodes(data=True):
        if getattr(actor.get("start"), "earliest", None):
            days.add(actor["start"].earliest)
        if getattr(actor.get("end"), "latest", None):
            days.add(actor["end"].latest + dt.timedelta(days=1))
    return sorted(days)


def test_the_scale_by_dates_gives_dense_years_room_and_every_picture_a_step(seed_page, seed_graph):
    first, last = (dt.date.fromisoformat(d) for d in seed_page.evaluate("[graphkit.data.first_day, graphkit.data.last_day]"))
    days = [day for day in _change_days(seed_graph) if first <= day <= last]
    per_year: dict[int, int] = {}
    for day in days:
        per_year[day.year] = per_year.get(day.year, 0) + 1
    dense = max((year for year in per_year if year < last.year), key=per_year.get)
    empty = next(year for year in range(first.year + 1, last.year) if year not in per_year and year + 1 not in per_year)
    even = _tick_boxes(seed_page)
    seed_page.page.select_option("#scale", "dates")
    by_dates = _tick_boxes(seed_page)
    width = lambda ticks, year: ticks[year + 1]["left"] - ticks[year]["left"]  # noqa: E731
    assert width(by_dates, dense) > 3 * width(even, dense)
    assert width(by_dates, empty) < width(even, empty)
    # one step per change day: each shows what filter_graph keeps on it, and up to the next one
    assert int(seed_page.evaluate("document.getElementById('time').max")) == len(set(days) | {first, last})
    stops = sorted(set(days) | {first, last})
    for position in range(1, len(stops), max(1, len(stops) // 40)):
        seed_page.page.fill("#time", str(position))
        day = stops[position - 1]
        assert seed_page.evaluate("graphkit.day()") == day.isoformat()
        expected = _assert_shows(seed_page, seed_graph, as_of=day.isoformat())
        if position < len(stops):
            before_next = stops[position] - dt.timedelta(days=1)
            assert _expected(seed_graph, as_of=before_next.isoformat())[0] == expected, day
    # a plain arrow key steps to the next date
    seed_page.page.fill("#time", "5")
    seed_page.page.focus("#time")
    seed_page.page.keyboard.press("ArrowRight")
    assert seed_page.evaluate("graphkit.day()") == stops[5].isoformat()
    seed_page.assert_clean()


def test_play_steps_forward_and_stops_at_the_end_or_when_paused(seed_page, seed_graph):
    last = dt.date.fromisoformat(seed_page.evaluate("graphkit.data.last_day"))
    start = dt.date(last.year - 2, 3, 15)
    seed_page.page.fill("#day", start.isoformat())
    seed_page.page.click("#play")
    assert seed_page.page.text_content("#play") == "Pause" and seed_page.evaluate(STATE)["playing"] is True
    seed_page.page.wait_for_function("(start) => graphkit.day() !== start", arg=start.isoformat(), timeout=5_000)
    moved = dt.date.fromisoformat(seed_page.evaluate("graphkit.day()"))
    assert moved == dt.date(last.year - 1, 3, 15)  # the seed spans more than 20 years: a year a step
    seed_page.page.wait_for_function(f"() => !{STATE}.playing", timeout=10_000)  # two more steps: the end
    assert seed_page.page.text_content("#play") == "Play"
    assert seed_page.evaluate("graphkit.day()") == last.isoformat()
    _assert_shows(seed_page, seed_graph, as_of=last.isoformat())
    # a range plays as a window of the same width
    seed_page.page.check("#range-mode")
    seed_page.page.fill("#day", (last - dt.timedelta(days=200)).isoformat())
    seed_page.page.fill("#day-to", (last - dt.timedelta(days=150)).isoformat())
    seed_page.page.click("#play")
    seed_page.page.wait_for_function(f"() => !{STATE}.playing", timeout=10_000)  # one step: the end
    state = seed_page.evaluate(STATE)
    assert state["until"] == last.isoformat() and state["day"] == (last - dt.timedelta(days=50)).isoformat()
    _assert_shows(seed_page, seed_graph, between=(state["day"], state["until"]))
    # pause: the time stays where it was
    seed_page.page.click("#all-dates")
    seed_page.page.click("#play")  # from all dates, play starts at the first day
    seed_page.page.wait_for_function("() => graphkit.day() !== null && graphkit.day() > graphkit.data.first_day", timeout=5_000)
    seed_page.page.click("#play")
    paused = seed_page.evaluate("graphkit.day()")
    seed_page.page.wait_for_timeout(700)  # two steps' time: nothing moves
    assert seed_page.evaluate("graphkit.day()") == paused and seed_page.evaluate(STATE)["playing"] is False
    seed_page.assert_clean()


def test_a_map_with_no_dates_has_no_time_to_choose(browser, tmp_path):
    graph = nx.MultiDiGraph(sources={}, title="Undated")
    graph.add_node("a", kind="Person", name="A")
    graph.add_node("b", kind="Group", name="B")
    graph.add_edge("a", "b", "r1", type="MEMBER_OF", status="reported", timing="undated")
    page = MapPage(browser, write_map(graph, tmp_path / "undated.html"))
    for control in ("#time", "#day", "#clock", "#range-mode", "#play", "#scale"):
        assert page.page.is_disabled(control), control
    assert page.page.text_content("#time-note").startswith("no dated relationships")
    assert page.evaluate("document.querySelectorAll('#time-ticks .tick').length") == 0
    assert page.evaluate(VISIBLE_EDGES) == ["r1"]
    page.assert_clean()
    page.close()


def test_play_over_a_short_span_steps_a_month(browser, tmp_path):
    graph = nx.MultiDiGraph(sources={}, title="Short")
    graph.add_node("a", kind="Person", name="A")
    graph.add_node("b", kind="Group", name="B")
    graph.add_edge("a", "b", "r1", type="MEMBER_OF", status="reported", timing="dated",
                   earliest_start=dt.date(2019, 1, 1), latest_start=dt.date(2019, 1, 31),
                   earliest_end=dt.date(2020, 6, 1), latest_end=dt.date(2020, 6, 30))
    page = MapPage(browser, write_map(graph, tmp_path / "short.html"))
    assert page.evaluate("[graphkit.data.first_day, graphkit.data.last_day]") == ["2019-01-01", "2020-06-30"]
    page.page.fill("#day", "2019-01-31")
    page.page.click("#play")
    page.page.wait_for_function("() => graphkit.day() !== '2019-01-31'", timeout=5_000)
    assert page.evaluate("graphkit.day()") == "2019-02-28"  # a month on: the last day of February
    page.page.wait_for_function(f"() => !{STATE}.playing", timeout=20_000)
    assert page.evaluate("graphkit.day()") == "2020-06-30"
    assert page.evaluate(FADED_EDGES) == ["r1"]  # on its last possible day it only may have held
    page.assert_clean()
    page.close()
