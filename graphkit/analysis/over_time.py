"""Centrality over time: consecutive periods, a ranking per period, and the span of a graph's dates."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re

from graphkit.analysis.measures import centrality, rank
from graphkit.errors import FilterError
from graphkit.graph import filter_graph
from graphkit.model import PartialDate

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
        begin = _advance(first, index * count, unit)
        if begin > last:
            return result
        stop = min(_advance(first, (index + 1) * count, unit) - dt.timedelta(days=1), last)
        result.append((_label(begin, stop), begin, stop))


def _advance(day: dt.date, count: int, unit: str) -> dt.date:
    """`day` moved on by `count` days, months or years (a 31st becomes the month's last day)."""
    if unit == "d":
        return day + dt.timedelta(days=count)
    months = day.month - 1 + count * (12 if unit == "y" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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
    """The first and last day any relationship of the graph may be in force (None if undated).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", valid_from=dt.date(2019, 1, 1), valid_to=None)
    >>> _ = g.add_edge("b", "c", valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2024, 1, 15))
    >>> date_span(g)
    (datetime.date(2019, 1, 1), datetime.date(2024, 1, 15))
    """
    days = [day for _, _, data in graph.edges(data=True)
            for day in (data.get("valid_from"), data.get("valid_to")) if isinstance(day, dt.date)]
    return (min(days), max(days)) if days else None


def centrality_over_time(graph, measure: str, start, end, step: str = "1y", **options) -> list[dict]:
    """Each period's scores and ranks: the measure on the slice of relationships overlapping it.

    A period's network is every relationship that may be in force on some day of the period
    (`filter_graph(between=...)`), so a meeting in March counts for its year; the slice of a
    single day would drop most point events. `options` go to `centrality`; filter the graph
    (types, kinds, statuses) before calling. Returns one dict per period: its label, its first
    and last day (`from`, `to`), the number of relationships in the slice, and `rows` as `rank`
    gives them (every actor).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for u, v, year in [("a", "b", 2021), ("a", "c", 2021), ("b", "c", 2022), ("c", "d", 2022)]:
    ...     _ = g.add_edge(u, v, key=f"{u}{v}", type="MET_WITH", status="reported", directed=False,
    ...                    valid_from=dt.date(year, 1, 1), valid_to=dt.date(year, 12, 31))
    >>> result = centrality_over_time(g, "degree", "2021", "2022")
    >>> [(p["period"], p["rows"][0]["id"], p["relationships"]) for p in result]
    [('2021', 'a', 2), ('2022', 'c', 2)]
    """
    result = []
    statuses = {data.get("status") or "reported" for _, _, data in graph.edges(data=True)}  # filtered before
    for label, first, last in periods(start, end, step):
        window = filter_graph(graph, statuses=statuses, between=(first, last))
        scores = centrality(window, measure, **options)
        result.append({"period": label, "from": first, "to": last,
                       "relationships": window.number_of_edges(), "rows": rank(window, scores)})
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
