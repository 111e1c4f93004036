"""The bulk importer's files made straight from a CSV folder's column reading (`dataset.columns`).

The graph form of 500,000 relationships costs a dict per edge and per citation, made and then
mapped one at a time: most of the time of `export --format neo4j-csv`. A folder the column
reading takes has its records as columns already, and its derived values as arrays
(`graph.column_arrays`: statuses, direction, the bounds of valid time, timing). Here each property
is taken from those columns in the order the files need, and handed to the same mapping
(`mapping.table_columns`, `mapping.knowledge`) and the same writer (`bulk_csv.write_content`) as
the graph form's values: so the files are the graph path's, byte for byte (tests/test_bulk_columns.py
compares both on the folders of tests/test_columns.py). Python runs per relationship of several
citations only, for its first report and statuses as known (`graph.first_reported`,
`mapping.knowledge`); those of one citation are worked out once per (known date, stance, status).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.dataset.column_records import read_cells
from graphkit.dates import TIME_KINDS
from graphkit.graph import first_reported
from graphkit.graph.arrays import NO_DAY_AFTER, NO_DAY_BEFORE
from graphkit.model import Actor, Citation, Dataset, Relationship, Source, fields
from graphkit.store.bulk_csv import Content, write_content
from graphkit.store.mapping import PART, Columns, knowledge, parts, table_columns, with_knowledge

if TYPE_CHECKING:
    import numpy as np

    from graphkit.dataset.columns import Reading
    from graphkit.graph.arrays import EdgeArrays

_BOUNDS = ("earliest_start", "latest_start", "earliest_end", "latest_end")


def write_reading(reading: "Reading", folder: Path, out: Path, *, load: dict[str, Any] | None = None,
                  dataset_folder: str | None = None, progress=None) -> list[Path]:
    """The importer's files of the dataset `folder` written into `out` from its column reading (as
    `bulk_csv.write_files` writes them from its graph form, with the same options); `store.bulk.
    prepared_folder` is how callers get here."""
    from graphkit.collector import paused_collector
    from graphkit.graph.column_arrays import arrays_from_columns
    from graphkit.vocabulary import dataset_vocabulary, using_vocabulary

    with using_vocabulary(dataset_vocabulary(folder)), paused_collector():
        content = reading_content(reading, arrays_from_columns(reading.columns))
        return write_content(content, out, load=load, dataset_folder=dataset_folder, progress=progress)


def reading_content(reading: "Reading", arrays: "EdgeArrays") -> Content:
    """What the files of a column-read folder are made of (its `arrays` by the dataset's vocabulary)."""
    columns, tables = reading.columns, reading.tables
    name = columns.name
    dates = {"": None, **columns.dates}
    source_table = _records(Source, tables["sources"], dates)
    sources = {source: {field: values[i] for field, values in source_table.items()}
               for i, source in enumerate(columns.source_ids)}

    def actors() -> Iterator[tuple[list[str], list[Any], Columns]]:
        table = _records(Actor, tables["actors"], dates)
        for rows in parts(_order(columns.actor_ids)):
            ids = list(map(columns.actor_ids.__getitem__, rows))
            part = {field: list(map(values.__getitem__, rows)) for field, values in table.items() if field != "id"}
            yield ids, part["kind"], table_columns(Actor, {"id": ids, "dataset": [name] * len(ids), **part})

    def source_rows() -> Iterator[tuple[list[str], Columns]]:
        for rows in parts(_order(columns.source_ids)):
            ids = list(map(columns.source_ids.__getitem__, rows))
            part = {field: list(map(values.__getitem__, rows)) for field, values in source_table.items()}
            yield ids, table_columns(Source, {**part, "dataset": [name] * len(ids)})

    return Content(name, {f.name: getattr(reading.dataset, f.name) for f in fields(Dataset)}, actors(),
                   source_rows(), _relationships(reading, arrays, dates, sources), _cited(reading))


def _relationships(reading: "Reading", arrays: "EdgeArrays", dates: dict,
                   sources: dict) -> Iterator[tuple[list[str], list[str], list[str], list[str], Columns]]:
    import numpy as np

    columns = reading.columns
    name, actor_ids = columns.name, columns.actor_ids
    order = _order(columns.relationship_ids)
    at = np.array(order, dtype=np.int64)

    def ordered(values: list) -> list:
        return list(map(values.__getitem__, order))

    coded = [None, *map(columns.dates.__getitem__, columns.date_texts[1:])]
    fields_ = {
        "id": ordered(columns.relationship_ids),
        "directed": arrays.directed[at].tolist(),
        "status": arrays.statuses[arrays.status[at]].tolist(),
        "timing": list(map(TIME_KINDS.__getitem__, arrays.timing[at].tolist())),
        **{bound: _days(getattr(arrays, bound)[at]) for bound in _BOUNDS},
        **{field: list(map(coded.__getitem__, codes)) for field, codes in
           zip(("date", "start", "end", "attested", "after", "before"), columns.relationship_dates[at].T.tolist())},
    }
    first_rows = ordered(reading.first_rows)
    fields_.update(_records(Relationship, reading.tables["relationships"], dates, first_rows,
                            skip={*fields_, "source", "target", "type"}))
    ends = [ordered(list(map(actor_ids.__getitem__, end.tolist())))
            for end in (columns.relationship_from, columns.relationship_to)]
    types = ordered(columns.relationship_types)
    offsets = np.searchsorted(columns.citation_edge, np.arange(len(order) + 1))
    counts = np.diff(offsets)[at]
    starts = np.concatenate([[0], np.cumsum(counts)])
    cited = _citations(reading, coded, np.repeat(offsets[:-1][at] - starts[:-1], counts) + np.arange(starts[-1]))
    counts, starts = counts.tolist(), starts.tolist()
    single: dict[tuple, tuple] = {}  # (known, stance, status) -> first report and knowledge of one citation
    for first in range(0, len(order), PART):
        last = min(first + PART, len(order))
        flat = {key: values[starts[first]:starts[last]] for key, values in cited.items()}
        reported, known = [], []
        for row in range(first, last):
            status, begin, count = fields_["status"][row], starts[row], counts[row]
            if count == 1:
                key = (cited["known"][begin], cited["stance"][begin], status)
                if key not in single:  # one citation: whose it is does not matter
                    listed = [{"source": cited["source"][begin], "stance": key[1], "known": key[0]}]
                    single[key] = (first_reported(listed), knowledge({"status": status, "citations": listed}, {}))
                found = single[key]
            else:
                listed = [{"source": cited["source"][i], "stance": cited["stance"][i], "known": cited["known"][i]}
                          for i in range(begin, begin + count)]
                found = (first_reported(listed), knowledge({"status": status, "citations": listed}, sources))
            reported.append(found[0])
            known.append(found[1])
        table = {**{field: values[first:last] for field, values in fields_.items()},
                 "dataset": [name] * (last - first), "first_reported": reported,
                 "citations": (flat, counts[first:last])}
        yield (fields_["id"][first:last], ends[0][first:last], ends[1][first:last], types[first:last],
               with_knowledge(table_columns(Relationship, table), known))


def _citations(reading: "Reading", coded: list, order: "np.ndarray") -> dict[str, list]:
    """The citations' values as the graph form holds them (`graph.CITATION_ATTRIBUTES`, as
    `column_records` makes a `Citation` of its cells), a list per attribute, in `order`."""
    columns = reading.columns
    at = order.tolist()

    def ordered(values: list) -> list:
        return list(map(values.__getitem__, at))

    stance_left_out = _default(Citation, "stance")
    return {"source": list(map(columns.source_ids.__getitem__, columns.citation_source[order].tolist())),
            "quote": [quote or None for quote in ordered(reading.quotes)],
            "locator": [locator or None for locator in ordered(reading.locators)],
            "stance": [stance or stance_left_out for stance in ordered(columns.citation_stance)],
            "date": list(map(coded.__getitem__, reading.citation_dates[order].tolist())),
            "known": list(map(coded.__getitem__, columns.citation_known[order].tolist()))}


def _cited(reading: "Reading") -> Iterator[tuple[str, tuple[str, str], list[str]]]:
    """Each relationship's id, ends and cited sources (`mapping.citation_links`)."""
    columns = reading.columns
    ids, actor_ids, source_ids = columns.relationship_ids, columns.actor_ids, columns.source_ids
    cited: list[list[str]] = [[] for _ in ids]
    for edge, source in zip(columns.citation_edge.tolist(), columns.citation_source.tolist()):
        cited[edge].append(source_ids[source])
    for rel, start, end, listed in zip(ids, columns.relationship_from.tolist(), columns.relationship_to.tolist(),
                                       cited):
        yield rel, (actor_ids[start], actor_ids[end]), listed


def _records(kind: type, table: dict[str, list[str] | None], dates: dict,
             rows: list[int] | None = None, skip: set[str] = frozenset()) -> dict[str, list]:
    """A table's fields of `kind` (but `skip`) as the graph form holds them, a list per field, as
    `column_records` reads them into records (a field a record leaves out has its default; a field
    no record has, and whose default is None, is left out: `mapping.table_columns` takes it as None)."""
    count = len(table["id"]) if rows is None else len(rows)
    values = {}
    for field in fields(kind):
        if field.kind == "citations" or field.name in skip:
            continue
        cells = table.get(field.key)
        default = _default(kind, field.name)
        if cells is None:
            if default is not None:
                values[field.name] = [default] * count
            continue
        read = read_cells(field, cells if rows is None else list(map(cells.__getitem__, rows)), dates)
        values[field.name] = read if default is None else [default if value is None else value for value in read]
    return values


def _default(kind: type, name: str) -> Any:
    """The value a record of `kind` has for a field it is made without."""
    found = {f.name: f for f in dataclasses.fields(kind)}[name]
    return found.default if found.default_factory is dataclasses.MISSING else found.default_factory()


def _order(ids: list[str]) -> list[int]:
    """The rows in the order of their ids (the files' order)."""
    return sorted(range(len(ids)), key=ids.__getitem__)


def _days(numbers: "np.ndarray") -> list[dt.date | None]:
    """Day numbers as dates, None for an unknown bound (each distinct day made once)."""
    import numpy as np

    distinct, at = np.unique(numbers, return_inverse=True)
    made = [None if day in (NO_DAY_BEFORE, NO_DAY_AFTER) else dt.date.fromordinal(day) for day in distinct.tolist()]
    return list(map(made.__getitem__, at.tolist()))
