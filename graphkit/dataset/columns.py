"""A dataset folder in the CSV form read column by column, for register-sized data.

Reading a row into a `Record`, checking it field by field and building model objects costs
Python code per record: over a minute for 100,000 actors and 500,000 relationships. Here each
table is read by the csv module at once, and every rule `validate` applies is decided per column
(each distinct date, choice, code or link once, ids as sets, time and ends per distinct
combination). The reading is exact for what it covers and covers the common shape of a large
dataset: when a column holds something it does not cover (a status set by hand, amounts, register
records, identifiers, same_as, derived ids, a line break in a cell, ...) or any rule finds a
problem, `read_columns` returns None and the caller reads the folder record by record, which gives
the exact messages. What it accepts, the record path accepts too, with the same problems (here:
the note on single-source relationships alone; any other warning falls back) and the same
`graph.arrays.EdgeArrays` (tests/test_columns.py compares both on mutated folders).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import ne
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from graphkit.collector import paused_collector
from graphkit.dataset.cache_keys import cache_dir, dataset_key, enabled, is_entry
from graphkit.dataset.columns_checks import (DateTable, Uncovered as _Uncovered, check_lifetimes, check_time,
                                             distinct_dates, factorize, first_reports_fit, single_sources,
                                             unusual_ends)
from graphkit.dataset.column_tables import read_table
from graphkit.dataset.csv_form import CITATION_COLUMNS
from graphkit.dataset.records import TABLES
from graphkit.dataset.rules import INDEXED_BYTES, url_problem
from graphkit.model import Dataset, PartialDate, Problem

# The columns this reading covers, by table; a value in any other column sends the folder to the record path.
COVERED = {
    "sources": ("id", "title", "kind", "publisher", "url", "published", "authors", "language", "accessed",
                "description"),
    "actors": ("id", "kind", "name", "aliases", "country", "description", "start", "end", "tags", "url"),
    "relationships": ("id", "from", "type", "to", "date", "start", "end", "attested", "after", "before", "role",
                      "place", "description", "date_note", "source", "quote", "locator", "stance", "citation_date"),
}
DATE_COLUMNS = ("date", "start", "end", "attested", "after", "before")
_BAD_ID = re.compile(r"[\s|]")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_PLAIN_URL = re.compile(r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?:/[A-Za-z0-9._~/-]*)?",
                        re.ASCII)

if TYPE_CHECKING:
    import numpy as np


@dataclass
class Columns:
    """A valid dataset folder's tables as columns (cells as `validate` reads them; '' when empty).
    Dates are codes into `date_texts` (0: none), ends are actor indices, cited sources indices."""

    name: str
    problems: list[Problem]
    source_ids: list[str]
    source_publishers: list[str]
    actor_ids: list[str]
    actor_names: list[str]
    actor_countries: list[str]
    actor_kinds: list[str]
    actor_start: "np.ndarray"
    actor_end: "np.ndarray"
    relationship_ids: list[str]
    relationship_from: "np.ndarray"
    relationship_to: "np.ndarray"
    relationship_types: list[str]
    relationship_dates: "np.ndarray"  # (relationships, DATE_COLUMNS) codes
    citation_edge: "np.ndarray"  # the relationship each citation belongs to, ascending
    citation_source: "np.ndarray"
    citation_stance: list[str]  # '' when not given (asserts)
    citation_known: "np.ndarray"  # its own date, else its source's published date
    date_texts: list[str]
    dates: dict[str, PartialDate] = field(default_factory=dict)  # every date text, read
    summary: object = None  # the validate summary (`cache.Summary`), set by the cache

    @property
    def counts(self) -> tuple[int, int, int]:
        """(actors, relationships, sources)."""
        return len(self.actor_ids), len(self.relationship_ids), len(self.source_ids)


class Reading(NamedTuple):
    """What a column reading found: the `Columns`, and for the records made from them
    (`column_records`) the dataset of its metadata (tables still empty), every covered cell by
    table and column (None: an absent column), each relationship's first row, and the citations'
    quotes, locators and own dates (codes into `Columns.date_texts`)."""

    columns: Columns
    dataset: Dataset
    tables: dict[str, dict[str, list[str] | None]]
    first_rows: list[int]
    quotes: list[str]
    locators: list[str]
    citation_dates: "np.ndarray"


def read_columns(folder: str | Path) -> Columns | None:
    """The folder's tables as `Columns` when every table is CSV and the column checks find nothing
    wrong and nothing they do not cover; else None (read the folder record by record)."""
    reading = read_tables(folder)
    return None if reading is None else reading.columns


def read_tables(folder: str | Path) -> Reading | None:
    """`read_columns`, with the cells and rows `column_records` makes the dataset's records from."""
    from graphkit.vocabulary import VocabularyError, dataset_vocabulary, using_vocabulary

    folder = Path(folder)
    if not folder.is_dir() or not all((folder / f"{table}.csv").is_file() and not (folder / f"{table}.yaml").exists()
                                      for table in TABLES):
        return None  # a table in the YAML form, or missing: read record by record
    try:
        vocab = dataset_vocabulary(folder)
    except VocabularyError:
        return None
    with using_vocabulary(vocab):  # the key of the mark is that of the entries read by the folder's vocabulary
        declined = _declined_entry(folder)
        if declined is not None and is_entry(declined):
            return None  # declined before: the same files, the same code
        try:
            with paused_collector():  # millions of cells and rows, no cycles
                return _read(folder)
        except _Uncovered:
            if declined is not None and _declined_entry(folder) == declined:  # not if the files changed meanwhile
                _mark(declined)
            return None


def _mark(entry: Path) -> None:
    """Leave the empty entry; remembered or not, the record path reads the folder."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.touch()
    except OSError:
        pass


def _declined_entry(folder: Path) -> Path | None:
    """Where the dataset cache remembers (an empty file) that this reading declined the folder's
    content, so that no command pays it twice (export, then the record path; a command run again);
    None when the cache is off. A stale mark would only send a folder to the record path."""
    key = dataset_key(folder) if enabled() else None
    return cache_dir() / f"{key}.declined" if key else None


def _read(folder: Path) -> Reading:
    import numpy as np

    from graphkit.dataset.validate import _check_ends, build_dataset
    from graphkit.dataset.yaml_form import read_metadata
    from graphkit.vocabulary import vocabulary

    problems: list[Problem] = []
    meta = read_metadata(folder, problems)
    dataset, found = build_dataset(folder.resolve().name, meta, [], [], None)
    if problems or found or meta is None:
        raise _Uncovered
    vocab = vocabulary()
    sources, actors, relationships = (read_table(folder, table, COVERED[table])
                                      for table in ("sources", "actors", "relationships"))
    dates: dict[str, PartialDate] = {}

    source_ids = _ids(sources, "id")
    _text(sources, "title", required=True)
    _choice(sources, "kind", vocab.source_kinds)
    for name in ("publisher", "language", "description", "authors"):
        _text(sources, name)
    _urls(sources)
    for name in ("published", "accessed"):
        dates.update(distinct_dates(sources.get(name), known=dates))

    actor_ids = _ids(actors, "id")
    _text(actors, "name", required=True, indexed=True)
    _choice(actors, "kind", vocab.actor_kinds, required=True)
    for name in ("aliases", "description", "tags"):
        _text(actors, name)
    if any(code and not _COUNTRY.match(code) for code in set(actors.get("country") or ())):
        raise _Uncovered
    _urls(actors)
    lives = {name: factorize(actors[name]) if actors.get(name) else None for name in ("start", "end")}
    for life in lives.values():
        dates.update(distinct_dates(life and life[0], known=dates))
    for start, end in set(zip(actors.get("start") or [""], actors.get("end") or [""])):
        if start and end and dates[end].latest < dates[start].earliest:
            raise _Uncovered  # end before start

    stored = relationships.pop("", None) or {}  # cells as the CSV reader stores them, where a guard was
    first_rows, row_edge = _group(stored, relationships)
    # A relationship's fields are those of its first row (a further row leaves a cell empty or
    # repeats it): each column is coded over all rows, then taken at the first rows.
    heads = None if len(first_rows) == len(row_edge) else np.array(first_rows, dtype=np.int64)
    at_heads = (lambda codes: codes) if heads is None else (lambda codes: codes[heads])
    first_ids = relationships["id"] if heads is None else list(map(relationships["id"].__getitem__, first_rows))
    ids = _ids({"id": first_ids}, "id", cased=False)  # relationship ids differing by case: no warning
    actor_index = dict(zip(actor_ids, range(len(actor_ids))))
    ends = {}
    for name in ("from", "to"):
        values = relationships[name]
        if values is None:
            raise _Uncovered  # no ends
        ends[name] = at_heads(np.fromiter(map(actor_index.get, values, repeat(-1)), dtype=np.int64, count=len(values)))
        if ends[name].min() < 0:
            raise _Uncovered  # an end missing, or an unknown actor
    if relationships["type"] is None:
        raise _Uncovered  # no types
    type_texts, type_at = factorize(relationships["type"])
    type_at = at_heads(type_at)
    if not set(vocab.relationship_types).issuperset(type_texts[code] for code in np.unique(type_at).tolist()):
        raise _Uncovered  # a type missing, or not in the vocabulary
    types = list(map(type_texts.__getitem__, type_at.tolist()))
    given_texts = {name: factorize(relationships[name]) if relationships.get(name) else None for name in DATE_COLUMNS}
    for name, column in given_texts.items():
        dates.update(distinct_dates(column and column[0], open_allowed=name == "end", known=dates))
    cited = _citations(relationships, row_edge, source_ids, vocab, dates)
    table = DateTable(dates)
    cited["date"] = table.codes(cited["date"], len(cited["edge"]))
    given = {name: at_heads(table.coded(column, len(row_edge))) for name, column in given_texts.items()}
    own = check_time(given, table)
    kinds = actors["kind"]
    unusual_ends(types, kinds, ends, vocab, _check_ends)
    if not (_all_used(cited["edge"], len(ids)) and _all_used(cited["source"], len(source_ids))
            and _all_used(np.concatenate([ends["from"], ends["to"]]), len(actor_ids))):
        raise _Uncovered  # a relationship without citations; a source nothing cites, an actor without relationships
    actor_start, actor_end = (table.coded(life, len(actor_ids)) for life in lives.values())
    check_lifetimes(given, table, ends, actor_start, actor_end)
    published = table.codes(sources.get("published"), len(source_ids))
    known = np.where(cited["date"] != 0, cited["date"], published[cited["source"]])
    first_reports_fit(cited["edge"], known, np.array([stance == "denies" for stance in cited["stance"]], dtype=bool),
                      own, table)
    display = str(folder / "relationships.csv")
    problems = single_sources(display, ids, first_rows, cited["edge"], cited["source"])
    columns = Columns(
        name=dataset.name, problems=problems, source_ids=source_ids,
        source_publishers=sources.get("publisher") or [""] * len(source_ids),
        actor_ids=actor_ids, actor_names=actors["name"], actor_countries=actors.get("country") or [""] * len(actor_ids),
        actor_kinds=kinds, actor_start=actor_start, actor_end=actor_end, relationship_ids=ids,
        relationship_from=ends["from"], relationship_to=ends["to"], relationship_types=types,
        relationship_dates=np.stack([given[name] for name in DATE_COLUMNS], axis=1), citation_edge=cited["edge"],
        citation_source=cited["source"], citation_stance=cited["stance"], citation_known=known,
        date_texts=table.texts, dates=dates)
    tables = {"sources": sources, "actors": actors, "relationships": relationships}
    return Reading(columns, dataset, tables, first_rows, cited["quote"], cited["locator"], cited["date"])


def _all_used(indices: "np.ndarray", count: int) -> bool:
    """Whether every index below `count` occurs among `indices`."""
    import numpy as np

    return count == 0 or bool(np.bincount(indices, minlength=count).all())


def _text(columns: dict, name: str, required: bool = False, indexed: bool = False) -> list[str]:
    values = columns.get(name)
    if values is None:
        if required:
            raise _Uncovered
        return []
    if required and "" in values:
        raise _Uncovered  # missing
    if indexed and max(map(len, values)) * 4 > INDEXED_BYTES and any(
            len(value.encode("utf-8")) > INDEXED_BYTES for value in values):
        raise _Uncovered
    return values


def _ids(columns: dict, name: str, cased: bool = True) -> list[str]:
    values = _text(columns, name, required=True, indexed=True)
    if _BAD_ID.search("\0".join(values)) or len(set(values)) != len(values):
        raise _Uncovered  # not an id, or one given twice
    if cased and len({value.casefold() for value in values}) != len(values):
        raise _Uncovered  # ids that differ only by case: a warning
    return values


def _choice(columns: dict, name: str, allowed, required: bool = False) -> list[str]:
    values = _text(columns, name, required)
    if not set(allowed).issuperset(set(values) - {""}):
        raise _Uncovered
    return values


def _urls(columns: dict) -> None:
    """Raise `_Uncovered` when a link is one `rules.url_problem` refuses (a plain https link of a
    lower-case host and a simple path is one it takes: not asked)."""
    if any(value and not (len(value) < 200 and _PLAIN_URL.fullmatch(value)) and url_problem(value)
           for value in set(columns.get("url") or ())):
        raise _Uncovered


def _group(raw: dict[str, list[str]], columns: dict) -> tuple[list[int], list[int]]:
    """The first row of each relationship (rows of one id are one relationship, as the CSV reader
    gathers them) and each row's relationship; a further row that changes a field falls back."""
    stored = raw.get("id", columns.get("id"))
    if stored is None or "" in stored:
        raise _Uncovered  # no id: derived ids are read record by record
    import numpy as np

    n = len(stored)
    heads = np.ones(n, dtype=bool)  # rows that begin a run of rows of one id
    heads[1:] = np.fromiter(map(ne, stored[1:], stored[:-1]), dtype=bool, count=n - 1)
    first_rows, distinct = np.flatnonzero(heads).tolist(), len(set(stored))
    if len(first_rows) == n == distinct:
        return first_rows, list(range(n))
    if len(first_rows) == distinct:  # each id in one run: the rows of a relationship are together
        row_first = np.maximum.accumulate(np.where(heads, np.arange(n), 0)).tolist()
        row_edge = (np.cumsum(heads) - 1).tolist()
    else:
        first = dict(zip(reversed(stored), range(n - 1, -1, -1)))
        first_rows = sorted(first.values())
        position = dict(zip(first_rows, range(len(first_rows))))
        row_first = list(map(first.__getitem__, stored))
        row_edge = list(map(position.__getitem__, row_first))
    further = list(compress(range(n), map(ne, row_first, range(n))))
    for name, values in columns.items():
        if values is None or name in CITATION_COLUMNS.values():
            continue
        cells = raw.get(name, values)
        given = list(compress(further, map(cells.__getitem__, further)))  # further rows that fill the cell
        if list(map(cells.__getitem__, given)) != list(map(cells.__getitem__, map(row_first.__getitem__, given))):
            raise _Uncovered  # differs from the first row of its relationship
    return first_rows, row_edge


def _citations(columns: dict, row_edge: list[int], source_ids: list[str], vocab, dates: dict) -> dict[str, Any]:
    """Each row's citation (a row with no citation cell adds none), ordered by relationship: its
    relationship, source index, stance, date text, quote and locator."""
    import numpy as np

    n = len(row_edge)
    cells = {name: columns.get(column) or [""] * n for name, column in CITATION_COLUMNS.items()}
    for name in ("record", "url", "retrieved"):
        if any(cells[name]):
            raise _Uncovered
    unsourced = [i for i, source in enumerate(cells["source"]) if not source] if "" in cells["source"] else []
    if any(values[i] for values in cells.values() for i in unsourced):
        raise _Uncovered  # a citation without its source
    if unsourced:  # rows that add no citation
        present = sorted(set(range(n)).difference(unsourced))
        cells = {name: [values[i] for i in present] for name, values in cells.items()}
        row_edge = [row_edge[i] for i in present]
    index = dict(zip(source_ids, range(len(source_ids))))
    source = np.fromiter(map(index.get, cells["source"], repeat(-1)), dtype=np.int64, count=len(row_edge))
    if "" in cells["quote"] or (len(source) and source.min() < 0):
        raise _Uncovered  # a citation without its quote, or of an unknown source
    if not set(vocab.stances).issuperset(set(cells["stance"]) - {""}):
        raise _Uncovered
    dates.update(distinct_dates(cells["date"], known=dates))
    edge = np.array(row_edge, dtype=np.int64)
    texts = {name: cells[name] for name in ("stance", "date", "quote", "locator")}
    if len(edge) > 1 and (edge[1:] < edge[:-1]).any():  # rows of one relationship apart: its citations together
        order = np.argsort(edge, kind="stable")
        edge, source = edge[order], source[order]
        texts = {name: list(map(values.__getitem__, order.tolist())) for name, values in texts.items()}
    return {"edge": edge, "source": source, **texts}


__all__ = ["Columns", "Reading", "read_columns", "read_tables", "COVERED"]
