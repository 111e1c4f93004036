"""What the page needs to move its two clocks, computed here so that the page only compares days.

- Valid time: each relationship's bounds (`earliest_start` .. `latest_end`, from `dates.valid_time`)
  travel as ISO days; the page answers certain / may / out for a day, or for a range of days
  (`filter_graph(between=...)`), by comparing them as `dates.ValidTime.holds` does.
- Knowledge time: `known_steps` gives, per relationship, its status and first report after each
  day one of its citations became known (`graph.as_known_by`, the one rule); the page picks the
  last step on or before its day, and never applies the status rules itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from graphkit.dates import PartialDate
from graphkit.graph import BOUNDS, as_known_by

if TYPE_CHECKING:
    import networkx as nx


def known_day(citation: Mapping[str, Any]) -> dt.date | None:
    """The first day a citation is certainly known on: the last day of its `known` date (None: never).

    >>> known_day({"known": PartialDate.parse("2024-05")}), known_day({"known": None})
    (datetime.date(2024, 5, 31), None)
    """
    known = citation.get("known")
    return known.latest if isinstance(known, PartialDate) else None


def known_steps(edge: dict[str, Any], sources: dict[str, Any]) -> list[list[Any]]:
    """How the published record of a relationship grew: ``[day, status, first_reported]`` on each
    day a citation became known and changed its status or first report, oldest first. Before the
    first step nothing was known of it; a citation without a date never counts.

    >>> edge = {"status": "disputed", "first_reported": PartialDate.parse("2018"), "citations": [
    ...     {"source": "a", "stance": "alleges", "known": PartialDate.parse("2018")},
    ...     {"source": "b", "stance": "alleges", "known": PartialDate.parse("2019-03")},
    ...     {"source": "c", "stance": "denies", "known": PartialDate.parse("2024-05-02")}]}
    >>> [[str(day), status, str(reported)] for day, status, reported in known_steps(edge, {})]
    [['2018-12-31', 'alleged', '2018'], ['2024-05-02', 'disputed', '2018']]
    """
    citations = edge.get("citations") or ()
    known_days = [known_day(citation) for citation in citations]
    days = sorted({day for day in known_days if day is not None})
    steps: list[list[Any]] = []
    for day in days:
        if day == days[-1] and None not in known_days:
            known = edge  # every citation known: the relationship as it stands (as_known_by's answer, quicker)
        else:
            try:
                known = as_known_by(edge, day, sources)
            except (KeyError, TypeError, AttributeError):  # citations of another tool's file: kept as they are
                known = edge
        if known is None:
            continue
        step = [day, known.get("status") or "reported", known.get("first_reported")]
        if not steps or steps[-1][1:] != step[1:]:
            steps.append(step)
    return steps


def date_range(graph: "nx.MultiDiGraph") -> tuple[dt.date | None, dt.date | None]:
    """The days the time slider covers: the bounds of every relationship whose text places it in
    time, and every day a citation became known (the knowledge clock). An undated relationship's
    bounds (its first report, its actors' lifetimes) do not stretch the range."""
    days: set[dt.date] = set()
    for _, _, data in graph.edges(data=True):
        if (data.get("timing") or "undated") != "undated":
            days.update(day for day in (data.get(name) for name in BOUNDS) if isinstance(day, dt.date))
        days.update(day for day in map(known_day, data.get("citations") or ()) if day is not None)
    return (min(days), max(days)) if days else (None, None)

