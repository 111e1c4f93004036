"""The checks of `columns` that span fields: dates, time, ends, lifetimes, first reports.

Each is decided once per distinct value or combination with the very functions the record path
uses (`PartialDate.parse`, `rules.date_problem`, `claims`, `validate`'s ends), or vectorised over
day numbers where a relationship meets its actors and its citations. Whatever would be a problem
raises, and the folder is read record by record instead (where the message is made).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Iterable, Sequence

from graphkit.dataset.rules import date_problem, single_source_note
from graphkit.dates import OPEN, valid_time_days
from graphkit.errors import DateError
from graphkit.model import Origin, PartialDate, Problem

if TYPE_CHECKING:
    import numpy as np

_BEFORE, _AFTER = -(2**40), 2**40  # day numbers past any real one


class Uncovered(Exception):
    """Something the column reading does not decide: the record path reads the folder."""


def distinct_dates(values: Iterable[str] | None, open_allowed: bool = False,
                   known: Iterable[str] = ()) -> dict[str, PartialDate]:
    """Each distinct date text of a column, read as the record path reads it, but those `known`
    (read already in another column: only the open date depends on the column); raises
    `Uncovered` on a text it refuses (not a date, open where it may not be, outside the years
    graphkit counts).

    >>> sorted(distinct_dates(["2023", "", "2023", "2024-05"], known={"2024-05"}))
    ['2023']
    """
    found = {}
    texts = set(values or ()) - {""}
    if OPEN in texts and not open_allowed:
        raise Uncovered
    for text in texts.difference(known):
        try:
            date = PartialDate.parse(text, open_allowed=open_allowed)
        except DateError:
            raise Uncovered from None
        if date_problem(date):
            raise Uncovered
        found[text] = date
    return found


def factorize(values: Sequence[str]) -> tuple[list[str], "np.ndarray"]:
    """The distinct values of a column in the order they first come, and where each cell's value
    is among them: one pass over the cells where a set and then a lookup per cell take two.

    >>> factorize(["b", "", "b", "a"])
    (['b', '', 'a'], array([0, 1, 0, 2]))
    """
    import numpy as np

    first: dict[str, int] = {}
    rows = np.fromiter(map(first.setdefault, values, itertools.count()), dtype=np.int64, count=len(values))
    number = np.zeros(len(values), dtype=np.int64)
    number[np.fromiter(first.values(), dtype=np.int64, count=len(first))] = np.arange(len(first))
    return list(first), number[rows]


class _Found:
    """A `records.Report` that remembers whether anything was reported."""

    def __init__(self):
        self.any = False

    def error(self, field, message, severity="error"):
        self.any = True


class DateTable:
    """The distinct date texts of a dataset, each coded once (0: no date), with the first and last
    day each allows (`claims._days`; an open date allows any)."""

    def __init__(self, dates: dict[str, PartialDate]):
        import numpy as np

        self.texts = ["", *dates]
        self.code = dict(zip(self.texts, range(len(self.texts))))
        spans = [(_BEFORE, _AFTER)] + [(_BEFORE, _AFTER) if date.is_open else
                                       (date.earliest.toordinal(), date.latest.toordinal()) for date in dates.values()]
        self.earliest = np.array([first for first, _ in spans], dtype=np.int64)
        self.latest = np.array([last for _, last in spans], dtype=np.int64)

    def codes(self, texts: Sequence[str] | None, count: int) -> "np.ndarray":
        """The code of each text (a column that is absent: `count` zeros)."""
        import numpy as np

        if texts is None or not any(texts):
            return np.zeros(count, dtype=np.int64)
        return np.fromiter(map(self.code.__getitem__, texts), dtype=np.int64, count=len(texts))

    def coded(self, column: tuple[list[str], "np.ndarray"] | None, count: int) -> "np.ndarray":
        """The code of each cell of a `factorize`d column (None: `count` zeros)."""
        import numpy as np

        if column is None:
            return np.zeros(count, dtype=np.int64)
        distinct, index = column
        return np.array([self.code[text] for text in distinct], dtype=np.int64)[index]

    def first(self, codes: "np.ndarray", field: str = "") -> "np.ndarray":
        """The first day each date lets a relationship reach: `before` opens it to the past."""
        import numpy as np

        return np.full(len(codes), _BEFORE, dtype=np.int64) if field == "before" else self.earliest[codes]

    def last(self, codes: "np.ndarray", field: str = "") -> "np.ndarray":
        """The last day each date lets a relationship reach: `after` opens it to the future."""
        import numpy as np

        return np.full(len(codes), _AFTER, dtype=np.int64) if field == "after" else self.latest[codes]


def check_time(given: dict[str, "np.ndarray"], table: DateTable) -> "np.ndarray":
    """Each relationship's own earliest start (a day number, `_BEFORE` when unknown), raising
    `Uncovered` where `claims` finds a problem: a point and a period, a point and `attested`, end
    before start, dates that cannot all hold (`dates.valid_time_days`; an unknown earliest bound is
    `_BEFORE`, an unknown latest `_AFTER`)."""
    day = {name: (table.first(codes), table.last(codes)) for name, codes in given.items()}
    point = given["date"] != 0
    if (point & ((given["start"] != 0) | (given["end"] != 0) | (given["attested"] != 0))).any():
        raise Uncovered
    if (day["end"][1] < day["start"][0]).any():  # an open or absent end is _AFTER, an absent start _BEFORE
        raise Uncovered
    bounds = valid_time_days({f"{name}_{end}": days[i] for name, days in day.items()
                              for i, end in enumerate(("earliest", "latest"))}, point)
    earliest_start, latest_start, earliest_end, latest_end = bounds.values()
    if ((earliest_start > latest_start) | (earliest_end > latest_end) | (earliest_start > latest_end)).any():
        raise Uncovered  # no day fits all its dates
    return earliest_start


def unusual_ends(types: Sequence[str], kinds: Sequence[str], ends: dict[str, "np.ndarray"], vocab,
                 check_ends) -> None:
    """Raise `Uncovered` when a relationship's ends (`kinds` of the actors `ends` index) are unusual
    for its type (a warning), as `check_ends` (validate's) says for each distinct type and kinds."""
    import numpy as np

    from graphkit.model import Actor

    kind_names = list(dict.fromkeys(kinds))
    kind_code = dict(zip(kind_names, range(len(kind_names))))
    actor_kind = np.fromiter(map(kind_code.__getitem__, kinds), dtype=np.int64, count=len(kinds))
    type_names = list(dict.fromkeys(types))
    type_code = dict(zip(type_names, range(len(type_names))))
    width = len(kind_names)
    combined = (np.fromiter(map(type_code.__getitem__, types), dtype=np.int64, count=len(types)) * width
                + actor_kind[ends["from"]]) * width + actor_kind[ends["to"]]
    for code in np.unique(combined).tolist():
        rest, target = divmod(code, width)
        type_, source = divmod(rest, width)
        found = _Found()
        check_ends(found, vocab.relationship_types[type_names[type_]], Actor(id="a", kind=kind_names[source], name="a"),
                   Actor(id="b", kind=kind_names[target], name="b"))
        if found.any:
            raise Uncovered


def check_lifetimes(given: dict[str, "np.ndarray"], table: DateTable, ends: dict[str, "np.ndarray"],
                    actor_start: "np.ndarray", actor_end: "np.ndarray") -> None:
    """Raise `Uncovered` when a relationship's date falls before one of its actors began or after
    it ended (`claims._check_lifetime`'s warning)."""
    born, ended = table.first(actor_start), table.last(actor_end)  # an open start or end is no bound
    if (born == _BEFORE).all() and (ended == _AFTER).all():
        return
    for name, codes in given.items():
        first, last = table.first(codes, name), table.last(codes, name)
        for end in ends.values():
            if (last < born[end]).any() or (first > ended[end]).any():
                raise Uncovered


def first_reports_fit(edge: "np.ndarray", known: "np.ndarray", denies: "np.ndarray", own_earliest: "np.ndarray",
                      table: DateTable) -> None:
    """Raise `Uncovered` when some citation that does not deny a claim was known (`known`: date
    codes) before the claim's own dates let it begin: `claims._check_first_report` may warn (it
    looks at the first such)."""
    import numpy as np

    latest = np.where(denies, _AFTER, table.last(known))
    if len(latest) and (latest < own_earliest[edge]).any():
        raise Uncovered


def line_of(row: int) -> int:
    """The line of a table's row, row 0 being the line after the header: the column reading takes
    only files whose rows are one line each."""
    return row + 2


def single_sources(display: str, ids: list[str], first_rows: list[int], edges: "np.ndarray",
                   sources: "np.ndarray") -> list[Problem]:
    """The problems of a column-read dataset: the single-source note, if any relationship rests on
    one (`first_rows`: each relationship's first row, the line after the header being row 0)."""
    import numpy as np


    starts = np.searchsorted(edges, np.arange(len(ids)))  # citations are ordered by relationship
    other = np.bincount(edges, weights=sources != sources[starts[edges]], minlength=len(ids))
    single = np.flatnonzero(other == 0).tolist()  # every citation cites its first one's source
    first = [(ids[edge], Origin(display, line_of(first_rows[edge]))) for edge in single[:5]]
    return [single_source_note(first, len(single), len(ids))] if single else []
