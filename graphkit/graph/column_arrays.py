"""`EdgeArrays` straight from a dataset's columns (`dataset.columns.Columns`), with no model object.

A large CSV folder that the column reading accepts is never built into a `Dataset`: its columns
are coded as `arrays._build` codes a dataset's records (names numbered as they first come, each
distinct date once) and handed to the same `arrays.assemble`, so both give the same arrays.
"""

from __future__ import annotations

from typing import Any

from graphkit.collector import paused_collector
from graphkit.graph.arrays import EdgeArrays, _Codes, assemble


def arrays_from_columns(columns: Any) -> EdgeArrays:
    """The arrays of a column-read dataset, by the vocabulary in force (the dataset's own).

    `columns` is a `graphkit.dataset.columns.Columns` (tests/test_columns.py checks that it gives
    what `EdgeArrays.from_dataset` gives for the same folder).
    """
    with paused_collector():  # a million small tuples and no cycles
        return _arrays(columns)


def _arrays(columns: Any) -> EdgeArrays:
    import numpy as np

    from graphkit.vocabulary import vocabulary

    vocab = vocabulary()
    codes = {name: _Codes() for name in ("kinds", "types", "statuses", "sources", "publishers", "stances")}
    for name in vocab.statuses:
        codes["statuses"][name]
    for name in (*vocab.stances, "asserts", "denies"):
        codes["stances"][name]
    publisher_names = [publisher or source for source, publisher in zip(columns.source_ids, columns.source_publishers)]
    publisher_of = [codes["publishers"][name] for name in publisher_names]
    for source in columns.source_ids:
        codes["sources"][source]  # in source order: a cited source's code is its index
    dates = [None, *(columns.dates[text] for text in columns.date_texts[1:])]
    lives = list(zip(earliest_latest_days(dates, columns.actor_start, 0),
                     earliest_latest_days(dates, columns.actor_end, 1)))
    for name in dict.fromkeys(columns.relationship_types):
        codes["types"][name]
    type_list = list(map(codes["types"].__getitem__, columns.relationship_types))
    stance_code = {name: codes["stances"][name or "asserts"] for name in set(columns.citation_stance)}
    stances = np.fromiter(map(stance_code.__getitem__, columns.citation_stance), dtype=np.int64,
                          count=len(columns.citation_stance))
    status_list = _statuses(vocab, codes, columns.citation_edge, stances, np.array(publisher_of, dtype=np.int64)[
        columns.citation_source], len(columns.relationship_ids))
    return assemble(vocab, codes, dates, columns.relationship_dates, actors=(columns.actor_ids, columns.actor_names,
                    columns.actor_countries, columns.actor_kinds, lives),
                    ends=np.stack([columns.relationship_from, columns.relationship_to], axis=1), type_list=type_list,
                    status_list=status_list, cite=(columns.citation_edge, columns.citation_source, stances,
                                                   columns.citation_known),
                    publisher_of=publisher_of)


def earliest_latest_days(dates: list, codes, which: int) -> list[int]:
    """The first (`which` 0) or last (1) day number of each coded date (`arrays.earliest_latest`)."""
    from graphkit.graph.arrays import earliest_latest

    table = [earliest_latest(date)[which] for date in dates]
    return [table[code] for code in codes.tolist()]


def _statuses(vocab, codes: dict, edges, stances, publishers, n_edges: int) -> list[int]:
    """Each relationship's status code from its citations' (stance, publisher) pairs, by the
    vocabulary's rules. The rules tell publishers apart only as the same or another (sources of one
    publisher are not independent), so each set of pairs is asked once with its publishers
    numbered in the order they come: one citation by its stance, two by their stances and whether
    they share a publisher, more one relationship at a time."""
    import numpy as np

    names = {code: name for name, code in codes["stances"].items()}
    offsets = np.searchsorted(edges, np.arange(n_edges + 1))
    counts = np.diff(offsets)
    first = offsets[:-1].clip(max=max(len(stances) - 1, 0))
    second = (first + 1).clip(max=max(len(stances) - 1, 0))
    found = np.full(n_edges, codes["statuses"][vocab.derive_status([]) or "reported"], dtype=np.int64)
    if not len(stances):
        return found.tolist()
    derived: dict[tuple, int] = {}

    def status(key: tuple) -> int:
        if key not in derived:
            derived[key] = codes["statuses"][vocab.derive_status(key) or "reported"]
        return derived[key]

    width = len(names)
    single = np.flatnonzero(counts == 1)
    kinds = stances[first[single]]
    for code in np.unique(kinds).tolist():
        found[single[kinds == code]] = status(((names[code], 0),))
    double = np.flatnonzero(counts == 2)
    shared = publishers[first[double]] == publishers[second[double]]
    combined = (stances[first[double]] * width + stances[second[double]]) * 2 + shared
    for code in np.unique(combined).tolist():
        pair, same = divmod(code, 2)
        one, other = divmod(pair, width)
        found[double[combined == code]] = status(((names[one], 0), (names[other], 0 if same else 1)))
    stance_names, publisher_codes, starts = list(map(names.__getitem__, stances.tolist())), publishers.tolist(), \
        offsets.tolist()
    for edge in np.flatnonzero(counts > 2).tolist():
        numbered: dict[int, int] = {}
        found[edge] = status(tuple((stance_names[i], numbered.setdefault(publisher_codes[i], len(numbered)))
                                   for i in range(starts[edge], starts[edge + 1])))
    return found.tolist()
