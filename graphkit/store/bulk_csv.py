"""The CSV files of Neo4j's bulk importer (``neo4j-admin database import full``), written as a stream.

`formats.neo4j_csv` (``graphkit export --format neo4j-csv``) and `store.bulk` (``graphkit load
--bulk``) write them. Every row goes to disk as it is made, so memory holds the graph and one row,
never a file: a table is first written without its header (whose column types are only known once
every value is seen), then copied under its header, leaving out the columns no row fills. The
rows are the properties of `store.mapping`, the same that `graphkit load` writes.

A versioned write (``load=N``) also gives every element the versioned-load properties: ``gk_load``
(N) and ``gk_hash`` (`mapping.content_hash` of what is written; a relationship's covers its type
and its ends' hashes, as `store.writer` computes them), and adds ``graphkit_loads.csv``: the ``(:GraphkitLoad)`` node, state
'current'. A later `graphkit load` of the same files then finds every record unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from graphkit.errors import FormatError
from graphkit.store.mapping import (
    actor_properties,
    citation_links,
    content_hash,
    dataset_properties,
    relationship_properties,
    source_properties,
)

if TYPE_CHECKING:
    import networkx as nx

ARRAY_DELIMITER = "|"
FILES = ("actors.csv", "sources.csv", "datasets.csv", "relationships.csv", "cites.csv")
LOADS_FILE = "graphkit_loads.csv"
NODE_FILES = ("actors.csv", "sources.csv", "datasets.csv", LOADS_FILE)
"""The files the importer reads with ``--nodes`` (the others with ``--relationships``)."""
_CSV = {"lineterminator": "\n"}
COPY_CHUNK = 1 << 16
"""The largest write of a table's rows to its file, in characters."""

Row = tuple[list[str], dict[str, Any]]
"""A row of a table: its key columns (id, label or ends and type), then its properties."""


def write_files(graph: "nx.MultiDiGraph", folder: Path, *, load: dict[str, Any] | None = None,
                dataset_folder: str | None = None, progress: Callable[[int], None] | None = None) -> list[Path]:
    """Write the graph as the importer's CSV files into `folder` (made if missing); the files written.

    `load` (the `(:GraphkitLoad)` node's properties, `number` among them) makes it a versioned
    write (its `finished`, if None, is when the other files are complete); `dataset_folder` is the
    `(:Dataset)` node's `folder`, where the dataset was read from. The files appear only once all are
    written: data the format cannot hold (a list value holding ``|``) writes nothing. `progress(n)`
    is told of every n actors, sources and relationships written.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".bulk-csv-", dir=folder))
    except OSError as error:
        raise FormatError(f"cannot write {folder}: {error.strerror}") from None
    try:
        written = []
        for name, key_columns, rows, what in _tables(graph, load, dataset_folder):
            counted = rows if what in ("citation", "dataset", "load") else _counted(rows, progress)
            with open(scratch / name, "w", newline="", encoding="utf-8") as out:
                write_table(out, key_columns, counted, what, scratch=scratch)
            written.append(name)
        for name in written:
            os.replace(scratch / name, folder / name)
    except OSError as error:
        raise FormatError(f"cannot write {folder}: {error.strerror}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [folder / name for name in written]


def _counted(rows: Iterable[Row], progress: Callable[[int], None] | None, every: int = 5000) -> Iterator[Row]:
    done = 0
    for done, row in enumerate(rows, 1):
        if progress is not None and done % every == 0:
            progress(every)
        yield row
    if progress is not None and done % every:
        progress(done % every)


def _tables(graph: "nx.MultiDiGraph", load: dict[str, Any] | None,
            dataset_folder: str | None = None) -> Iterator[tuple[str, list[str], Iterable[Row], str]]:
    """Each file: (name, key columns, its rows as a stream, what a row is, for messages).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(name="demo", sources={})
    >>> g.add_node("a", kind="Person", name="A")
    >>> [name for name, *_ in _tables(g, None)]
    ['actors.csv', 'sources.csv', 'datasets.csv', 'relationships.csv', 'cites.csv']
    """
    datasets = {data.get("dataset") for _, data in graph.nodes(data=True)} - {None}
    if len(datasets) > 1:
        raise FormatError(f"the graph holds several datasets ({', '.join(sorted(datasets))})",
                          hint="export one at a time")
    name = str(graph.graph.get("name") or next(iter(datasets), "graph"))
    sources = graph.graph.get("sources") or {}
    number = load["number"] if load is not None else None
    hashes: dict[str, str] = {}  # "actor"/"source" key -> its gk_hash, for the hashes of relationships

    def key(record_id: Any) -> str:
        return f"{name}:{record_id}"

    def versioned(props: dict[str, Any], ends: tuple[str | None, str, str] | None = None,
                  node: str | None = None) -> dict[str, Any]:
        """`props` with gk_load and gk_hash; `ends` (type, from, to) for a relationship, whose hash
        covers its type (not a CITES link's) and its ends' hashes, as `store.writer` computes them."""
        if number is None:
            return props
        hashed = props if ends is None else {**props, "from": hashes[ends[1]], "to": hashes[ends[2]],
                                             **({"type": ends[0]} if ends[0] else {})}
        props["gk_hash"] = content_hash(hashed)
        props["gk_load"] = number
        if node is not None:
            hashes[node] = props["gk_hash"]
        return props

    def actors() -> Iterator[Row]:
        for node, data in sorted(graph.nodes(data=True), key=lambda item: str(item[0])):
            labels = ARRAY_DELIMITER.join(["Actor"] + ([data["kind"]] if data.get("kind") else []))
            yield [key(node), labels], versioned(actor_properties(str(node), data, name), node=f"a:{node}")

    def source_rows() -> Iterator[Row]:
        for source in sorted(sources):
            props = source_properties({**sources[source], "id": source}, name)
            yield [key(source), "Source"], versioned(props, node=f"s:{source}")

    def relationships() -> Iterator[Row]:
        for u, v, k, data in sorted(graph.edges(keys=True, data=True), key=lambda edge: str(edge[2])):
            type_ = str(data.get("type"))
            props = relationship_properties({**data, "id": str(k)}, name, sources)
            yield [key(u), key(v), type_], versioned(props, (type_, f"a:{u}", f"a:{v}"))

    def cites() -> Iterator[Row]:
        cited = citation_links((str(k), (u, v), [c.get("source") for c in data.get("citations") or ()
                                                 if c.get("source") in sources])
                               for u, v, k, data in graph.edges(keys=True, data=True))
        for (source, actor), ids in sorted(cited.items()):
            props = {"dataset": name, "relationships": ids}
            yield [key(source), key(actor), "CITES"], versioned(props, (None, f"s:{source}", f"a:{actor}"))

    yield "actors.csv", [":ID(Actor)", ":LABEL"], actors(), "actor"
    yield "sources.csv", [":ID(Source)", ":LABEL"], source_rows(), "source"
    yield "datasets.csv", [":ID(Dataset)", ":LABEL"], [
        ([name, "Dataset"], {**dataset_properties({**graph.graph, "name": name}), "folder": dataset_folder})], "dataset"
    yield "relationships.csv", [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"], relationships(), "relationship"
    yield "cites.csv", [":START_ID(Source)", ":END_ID(Actor)", ":TYPE"], cites(), "citation"
    if load is not None:
        finished = load.get("finished") or dt.datetime.now(dt.timezone.utc)
        yield LOADS_FILE, [":ID(GraphkitLoad)", ":LABEL"], [
            ([f"{name}:{number}", "GraphkitLoad"], {**load, "finished": finished})], "load"


def write_table(out: IO[str], key_columns: list[str], rows: Iterable[Row], what: str, *, scratch: Path) -> None:
    """Write one table to `out` as the rows come: the key columns, then a typed column per property
    that some row has (``name:date``, ``name:string[]``, ...; in the order the rows give them).

    The rows go first to a headerless file in `scratch`, then to `out` under the header, in writes
    of at most `COPY_CHUNK` characters; a value the format cannot hold raises `FormatError` naming it.

    >>> import io, tempfile
    >>> out = io.StringIO()
    >>> rows = [(["d:a"], {"id": "a", "aliases": ["A", "Ay"], "end": None, "gone": None}),
    ...         (["d:b"], {"id": "b", "aliases": None, "end": dt.date(2020, 1, 31), "gone": None, "ok": True})]
    >>> write_table(out, [":ID(Actor)"], rows, "actor", scratch=Path(tempfile.mkdtemp()))
    >>> print(out.getvalue(), end="")
    :ID(Actor),id,aliases:string[],end:date,ok:boolean
    d:a,a,A|Ay,,
    d:b,b,,2020-01-31,true
    """
    columns: dict[str, int] = {}
    kinds: list[set[type]] = []
    last: list[type | None] = []  # the type of each column's last value: a set is only touched on a change
    names: tuple[str, ...] = ()  # the property names of the last row, in order: most rows repeat them
    positions: list[int] = []
    in_place = True  # the row's properties are every column, in order
    padded = False
    fd, body_name = tempfile.mkstemp(suffix=".body.csv", dir=scratch)
    body = Path(body_name)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as temporary:
            writerow = csv.writer(temporary, **_CSV).writerow
            for row_keys, props in rows:
                if tuple(props) != names:
                    names = tuple(props)
                    for name in names:
                        if name not in columns:
                            padded = padded or bool(kinds)
                            columns[name] = len(columns)
                            kinds.append(set())
                            last.append(None)
                    positions = [columns[name] for name in names]
                    in_place = positions == list(range(len(columns)))
                cells = None if in_place else [""] * len(columns)
                values = []
                for index, value in zip(positions, props.values()):
                    if value is None:
                        values.append("")
                        continue
                    kind = type(value)
                    if kind is not last[index]:
                        kinds[index].add(kind)
                        last[index] = kind
                    values.append(value if kind is str else _cell(value, what, row_keys, props, index, columns))
                if cells is not None:
                    for index, value in zip(positions, values):
                        cells[index] = value
                    values = cells
                writerow(row_keys + values)
        kept = [index for index in range(len(columns)) if kinds[index]]
        header = key_columns + [name if (kind := _type(kinds[index])) == "string" else f"{name}:{kind}"
                                for name, index in columns.items() if kinds[index]]
        csv.writer(out, **_CSV).writerow(header)
        with open(body, newline="", encoding="utf-8") as temporary:
            if not padded and len(kept) == len(columns):
                shutil.copyfileobj(temporary, out, COPY_CHUNK)
                return
            writerow, keys, width = csv.writer(out, **_CSV).writerow, len(key_columns), len(columns)
            for row in csv.reader(temporary):
                cells = row[keys:] + [""] * (width - len(row) + keys)
                writerow(row[:keys] + [cells[index] for index in kept])
    finally:
        body.unlink(missing_ok=True)


def _type(kinds: set[type]) -> str:
    """The importer's type of a column from the types of its values.

    >>> _type({dt.date}), _type({bool}), _type({int, float}), _type({list}), _type({str, int})
    ('date', 'boolean', 'double', 'string[]', 'string')
    """
    if kinds and all(issubclass(kind, dt.date) and not issubclass(kind, dt.datetime) for kind in kinds):
        return "date"
    if kinds and all(issubclass(kind, dt.datetime) for kind in kinds):
        return "datetime"
    if kinds == {bool}:
        return "boolean"
    if kinds and kinds <= {int, float} and kinds != {int}:
        return "double"
    if kinds == {int}:
        return "long"
    if kinds and kinds <= {list, tuple}:
        return "string[]"
    return "string"


def _cell(value: Any, what: str, keys: list[str], props: dict[str, Any], index: int, columns: dict[str, int]) -> str:
    """A value as the importer reads it; a list item holding the array delimiter is refused."""
    if isinstance(value, (list, tuple)):
        try:
            text = ARRAY_DELIMITER.join(value)
        except TypeError:  # not all text
            text = ARRAY_DELIMITER.join(map(str, value))
        if text.count(ARRAY_DELIMITER) != max(len(value) - 1, 0):
            item = next(str(item) for item in value if ARRAY_DELIMITER in str(item))
            name = next(name for name, at in columns.items() if at == index)
            raise FormatError(f"{what} {props.get('id', keys[0])!r} field {name!r}: {item!r} holds "
                              f"{ARRAY_DELIMITER!r}, the CSV array delimiter", hint="remove the | from the value")
        return text
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)
