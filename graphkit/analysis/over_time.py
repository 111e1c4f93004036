"""Centrality over time: consecutive periods, a ranking per period (a valid-time slice each, by the
one rule of `graph.filter_graph`), and the span of the dates a graph's texts give."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re

from graphkit.analysis.measures import centrality, rank
from graphkit.errors import FilterError
from graphkit.graph import filter_graph
from graphkit.model import PartialDate, Relationship, fields

_DATES = tuple(f.name for f in fields(Relationship) if f.kind == "date")
_STEP = re.compile(r"^\s*(\d+)\s*([ymd])\s*$", re.IGNORECASE)


def periods(start, end, step: str = "1y") -> list[tuple[str, dt.date, dt.date]]:
    """Consecutive periods (label, first day, last day) from `start`'s first day to `end`'s last.

    `step` is a count of years, months or days: ``1y``, ``6m``, ``1m``, ``10d``.

    >>> [label for label, _, _ in periods("2021", "2023")]
    ['2021', '2022', '2023']
    >>> periods("2023-01", "2023-12", "6m")[1]
    ('2023-07..2023-12', datetime.date(2023, 7, 1), datetime.date(2023, 12, 31))
    >>> [label for label, _, _ in periods("2023-11", "2024-01", "1m")]
    ['2023-11', '2023-12', '2024-01']
    """
    match = _STEP.match(step or "")
    if not match or int(match.group(1)) == 0:
        raise FilterError(f"step {step!r} is not a count of years, months or days like 1y, 6m, 10d")
    count, unit = int(match.group(1)), match.group(2).lower()
    first, last = PartialDate.parse(start).earliest, PartialDate.parse(end).latest
    if first > last:
        raise FilterError(f"the period starts ({start}) after it ends ({end})")
    result = []
    for index in itertools.count():
        begin, after = _advance(first, index * count, unit), _advance(first, (index + 1) * count, unit)
        stop = last if after is None else min(after - dt.timedelta(days=1), last)
        result.append((_label(begin, stop), begin, stop))
        if stop >= last:
            return result


def _advance(day: dt.date, count: int, unit: str) -> dt.date | None:
    """`day` moved on by `count` days, months or years (a 31st becomes the month's last day); None
    past the last day a date holds (a graph read from a file `validate` never saw may end in 9999).

    >>> _advance(dt.date(9999, 1, 1), 1, "y"), _advance(dt.date(9999, 12, 31), 1, "d")
    (None, None)
    """
    try:
        if unit == "d":
            return day + dt.timedelta(days=count)
        months = day.month - 1 + count * (12 if unit == "y" else 1)
        year, month = day.year + months // 12, months % 12 + 1
        return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    except (ValueError, OverflowError):
        return None


def _label(first: dt.date, last: dt.date) -> str:
    """The shortest partial-date text for a period: 2023, 2023-10, or a range."""
    for text in (f"{first.year:04d}", f"{first.year:04d}-{first.month:02d}", first.isoformat()):
        date = PartialDate(text)
        if (date.earliest, date.latest) == (first, last):
            return text
    for text_first, text_last in ((f"{first.year:04d}", f"{last.year:04d}"),
                                  (f"{first:%Y-%m}", f"{last:%Y-%m}")):
        if PartialDate(text_first).earliest == first and PartialDate(text_last).latest == last:
            return f"{text_first}..{text_last}"
    return f"{first.isoformat()}..{last.isoformat()}"


def date_span(graph) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the dates the relationships' texts give (their own date fields:
    date, start, end, attested, after, before; an open end is none), None if no text gives one:
    the span `--by-year` ranks.

    Report dates and actors' lifetimes are left out: they bound when a relationship may have held
    (an office attested in 2013 may have begun when the ministry was founded in 1990), but they
    date nothing, and a span reaching back to every founding would be mostly guesswork.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", start=PartialDate.parse("2019"), end=PartialDate.parse("..", open_allowed=True),
    ...                earliest_start=dt.date(2019, 1, 1))
    >>> _ = g.add_edge("b", "c", date=PartialDate.parse("2024-01-15"), first_reported=PartialDate.parse("2025"))
    >>> _ = g.add_edge("c", "d", attested=PartialDate.parse("2013"), earliest_start=dt.date(1990, 1, 1))
    >>> date_span(g)
    (datetime.date(2013, 1, 1), datetime.date(2024, 1, 15))
    """
    spans = dated_spans(graph)
    return (min(first for first, _ in spans), max(last for _, last in spans)) if spans else None


def dated_spans(graph) -> list[tuple[dt.date, dt.date]]:
    """Each relationship's dated span: from the first to the last day its own dates (as in
    `date_span`) give, for the relationships that have one. A tie that only may have held (known
    at one date, no known start) is dated at that date alone: the years before it are guesses.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", start=PartialDate.parse("2019"), end=PartialDate.parse("2021-06"))
    >>> _ = g.add_edge("b", "c", attested=PartialDate.parse("2013"), earliest_start=dt.date(1990, 1, 1))
    >>> _ = g.add_edge("c", "d")
    >>> dated_spans(g)
    [(datetime.date(2019, 1, 1), datetime.date(2021, 6, 30)), (datetime.date(2013, 1, 1), datetime.date(2013, 12, 31))]
    """
    spans = []
    for _, _, data in graph.edges(data=True):
        dates = [value for value in (data.get(name) for name in _DATES)
                 if isinstance(value, PartialDate) and not value.is_open]
        if dates:
            spans.append((min(d.earliest for d in dates), max(d.latest for d in dates)))
    return spans


def centrality_over_time(graph, measure: str, start, end, step: str = "1y", *, certain: bool = False,
                         undated: str = "exclude", **options) -> list[dict]:
    """Each period's scores and ranks: the measure on the slice of relationships that held (or
    may have held) on some day of it.

    A period's network is its valid-time slice (`filter_graph(between=...)`, three-valued), so a
    meeting in March counts for its year; the slice of a single day would drop most point events.
    Like every slice it holds only the actors tied in it: an actor is ranked in the periods where
    it has a relationship.
    `certain` keeps only what certainly held in the period; `undated` says what happens to
    relationships whose texts give no time ("exclude": left out of every period, the default;
    "include": in every period, as may-hold). `options` go to `centrality`; filter the graph
    (types, kinds, statuses, known by) before calling. Returns one dict per period: its label, its
    first and last day (`from`, `to`), the number of relationships in the slice, of those only
    `may` have held, how many are `dated` in it (their own dates reach into the period:
    `dated_spans`), what the slice `left_out` (by reason), and `rows` as `rank` gives them.

    >>> import networkx as nx
    >>> from graphkit.dates import PartialDate, valid_time
    >>> g = nx.MultiDiGraph()
    >>> for u, v, when in [("a", "b", "2021"), ("a", "c", "2021-03"), ("b", "c", "2022"), ("c", "d", None)]:
    ...     time = valid_time(date=PartialDate.parse(when) if when else None)
    ...     _ = g.add_edge(u, v, key=f"{u}{v}", type="MET_WITH", status="reported", directed=False, timing=time.kind,
    ...                    date=PartialDate.parse(when) if when else None,
    ...                    earliest_start=time.earliest_start, latest_start=time.latest_start,
    ...                    earliest_end=time.earliest_end, latest_end=time.latest_end)
    >>> result = centrality_over_time(g, "degree", "2021", "2022")
    >>> [(p["period"], p["rows"][0]["id"], p["relationships"], p["left_out"]) for p in result]
    [('2021', 'a', 2, {'undated': 1}), ('2022', 'b', 1, {'undated': 1})]
    >>> [p["dated"] for p in result]
    [2, 1]
    >>> [p["relationships"] for p in centrality_over_time(g, "degree", "2021-03", "2021-04", "1m", certain=True)]
    [1, 0]
    """
    result = []
    statuses = {data.get("status") or "reported" for _, _, data in graph.edges(data=True)}  # filtered before
    spans = dated_spans(graph)
    for label, first, last in periods(start, end, step):
        dated = sum(1 for begin, stop in spans if begin <= last and stop >= first)
        window = filter_graph(graph, statuses=statuses, between=(first, last), certain=certain, undated=undated)
        scores = centrality(window, measure, **options)
        may = sum(1 for _, _, holds in window.edges(data="holds") if holds == "may")
        result.append({"period": label, "from": first, "to": last, "relationships": window.number_of_edges(),
                       "may": may, "dated": dated, "left_out": dict(window.graph.get("left_out") or {}),
                       "rows": rank(window, scores)})
    return result


def leaders(result: list[dict], top: int | None = None) -> list[str]:
    """The actors that rank best in any period of `centrality_over_time`'s result, best first
    (by their best rank, then their best score), at most `top`; actors that never score are left out.

    >>> leaders([{"rows": [{"id": "a", "rank": 2, "score": 0.5}, {"id": "b", "rank": 1, "score": 0.7}]},
    ...          {"rows": [{"id": "a", "rank": 1, "score": 0.9}, {"id": "c", "rank": 2, "score": 0.0}]}])
    ['a', 'b']
    """
    best: dict[str, tuple[int, float]] = {}
    for period in result:
        for row in period["rows"]:
            if row["score"] > 0:
                best[row["id"]] = min(best.get(row["id"], (10**9, 0.0)), (row["rank"], -row["score"]))
    return sorted(best, key=lambda node: (best[node], str(node)))[: top or None]
