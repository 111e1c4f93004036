"""A valid CSV folder's `Dataset` made from its column reading (`columns.read_tables`), for
register-sized data.

The record path reads each row into a `Record`, checks it field by field and then builds the
model's objects: over a minute for 100,000 actors and 500,000 relationships. When the column
reading takes a folder, every rule has been decided per column and nothing was found wrong, so
each cell is already what the record path's checks let through: the objects are made from the
cells directly, with the same values, the same origins and the same problems, in about a fifth of
the time. tests/test_columns.py compares both paths on each of its folders the column reading takes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graphkit.collector import paused_collector
from graphkit.dataset.columns import Reading, read_tables
from graphkit.dataset.columns_checks import line_of
from graphkit.dataset.csv_form import cell_value
from graphkit.model import (Actor, Citation, Dataset, Field, Origin, PartialDate, Problem, Relationship, Source,
                            fields)

Dates = Mapping[str, PartialDate | None]
"""Every date text of the folder read (`columns.Columns.dates`), and '' as None."""


def dataset_from_columns(folder: str | Path) -> tuple[Dataset, list[Problem]] | None:
    """The dataset of a folder the column reading takes, and its problems (notes only: anything
    more sends the folder to the record path); None when it does not take the folder."""
    folder = Path(folder)
    reading = read_tables(folder)
    if reading is None:
        return None
    with paused_collector():  # hundreds of thousands of records, no cycles
        return _dataset(folder, reading), reading.columns.problems


def _dataset(folder: Path, reading: Reading) -> Dataset:
    columns, tables = reading.columns, reading.tables
    dates: Dates = {"": None, **columns.dates}
    dataset = reading.dataset
    dataset.sources = dict(zip(columns.source_ids, _records(Source, tables["sources"], dates, folder / "sources.csv")))
    dataset.actors = dict(zip(columns.actor_ids, _records(Actor, tables["actors"], dates, folder / "actors.csv")))
    relationships = _records(Relationship, tables["relationships"], dates, folder / "relationships.csv",
                             reading.first_rows, {"citations": _citations(reading, dates)})
    dataset.relationships = dict(zip(columns.relationship_ids, relationships))
    return dataset


def _records(kind: type, table: dict[str, list[str] | None], dates: Dates, file: Path, rows: list[int] | None = None,
             given: dict[str, list[Any]] | None = None) -> list:
    """A table's objects of `kind`, one per row (or per row of `rows`: a relationship's first),
    each field from its column as the record path reads the cell ('' is a field left out), or
    from `given`."""
    values = dict(given or {})
    for field in fields(kind):
        cells = table.get(field.key) if field.name not in values else None
        if cells is not None:
            values[field.name] = read_cells(field, cells if rows is None else list(map(cells.__getitem__, rows)),
                                             dates)
    display, names = str(file), list(values)
    lines = list(map(line_of, range(len(table["id"])) if rows is None else rows))
    return [kind(**{name: value for name, value in zip(names, row) if value is not None}, origin=Origin(display, line))
            for row, line in zip(zip(*values.values()), lines)]


def read_cells(field: Field, cells: list[str], dates: Dates) -> list[Any]:
    """A column's values (None where the cell is empty): dates read once per text, lists split."""
    if field.kind == "date":
        return list(map(dates.__getitem__, cells))
    if field.kind == "list":
        return [cell_value(field, cell, None, None, None) if cell else None for cell in cells]
    return [cell or None for cell in cells]


def _citations(reading: Reading, dates: Dates) -> list[list[Citation]]:
    """Each relationship's citations, in the order of their rows."""
    columns = reading.columns
    texts = columns.date_texts
    sources = list(map(columns.source_ids.__getitem__, columns.citation_source.tolist()))
    made = [Citation(**{name: value for name, value in (("source", source), ("quote", quote or None),
                                                        ("locator", locator or None), ("stance", stance or None),
                                                        ("date", dates[texts[date]])) if value is not None})
            for source, quote, locator, stance, date in zip(sources, reading.quotes, reading.locators,
                                                            columns.citation_stance, reading.citation_dates.tolist())]
    grouped: list[list[Citation]] = [[] for _ in columns.relationship_ids]
    for edge, citation in zip(columns.citation_edge.tolist(), made):
        grouped[edge].append(citation)
    return grouped
