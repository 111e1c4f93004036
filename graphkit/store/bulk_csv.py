"""The CSV files of Neo4j's bulk importer (``neo4j-admin database import full``), written as a stream.

`formats.neo4j_csv` (``graphkit export --format neo4j-csv``) and `store.bulk` (``graphkit load
--bulk``) write them. Rows are made and written a chunk at a time (`mapping.PART` records,
column by column), so memory holds the graph and one chunk, never a file: a table is first written
without its header (whose column types are only known once every value is seen), holding only
the columns some value fills, then copied under its header as it is (or reordered to the header's
order, when a column was first filled after rows were written without it). The rows are the
properties of `store.mapping`, the same that `graphkit load` writes.

A versioned write (``load=N``) also gives every element the versioned-load properties: ``gk_load``
(N) and ``gk_hash`` (`hashing.content_hash` of what is written; a relationship's covers its
type and its ends' hashes, as `store.writer` computes them), and adds ``graphkit_loads.csv``: the
``(:GraphkitLoad)`` node, state 'current'. A later `graphkit load` of the same files then finds every record unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import operator
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from graphkit.collector import paused_collector
from graphkit.errors import FormatError
from graphkit.store.hashing import content_hashes
from graphkit.store.mapping import (
    Columns,
    actor_columns,
    citation_links,
    dataset_properties,
    parts,
    relationship_columns,
    source_columns,
)

if TYPE_CHECKING:
    import networkx as nx

ARRAY_DELIMITER = "\x1f"
"""Between the items of a list cell and the labels of a node: U+001F, the unit separator, a
control character no dataset's text may hold (`validate` refuses them), so that every quote, even
one with ``|`` or ``;`` in it, is written verbatim. neo4j-admin is told with `IMPORT_OPTIONS`."""
IMPORT_OPTIONS = ("--array-delimiter=U+001F", "--multiline-fields=true")
"""The options of ``neo4j-admin database import full`` that read the files as they are written."""
FILES = ("actors.csv", "sources.csv", "datasets.csv", "relationships.csv", "cites.csv")
LOADS_FILE = "graphkit_loads.csv"
NODE_FILES = ("actors.csv", "sources.csv", "datasets.csv", LOADS_FILE)
"""The files the importer reads with ``--nodes`` (the others with ``--relationships``)."""
_CSV = {"lineterminator": "\n"}
COPY_CHUNK = 1 << 16
"""The largest write of a table's rows to its file, in characters."""
Chunk = tuple[list[Sequence[str]], Columns]
"""Rows of a table, column by column: its key columns (id and label, or ends and type), then its properties."""


class Content(NamedTuple):
    """What the files are made of, a part of sorted records at a time (`mapping.parts`): from the
    graph form (`graph_content`) or from a dataset's columns (`store.bulk_columns`)."""

    name: str
    metadata: Mapping[str, Any]  # the dataset's fields (the graph attributes), for the (:Dataset) node
    actors: Iterable[tuple[list[str], list[Any], Columns]]  # ids, kinds, properties
    sources: Iterable[tuple[list[str], Columns]]  # ids, properties
    relationships: Iterable[tuple[list[str], list[str], list[str], list[str], Columns]]  # ids, from, to, types, ...
    cited: Iterable[tuple[str, tuple[str, str], list[str]]]  # per relationship, for `mapping.citation_links`


def write_files(graph: "nx.MultiDiGraph", folder: Path, *, load: dict[str, Any] | None = None,
                dataset_folder: str | None = None, progress: Callable[[int], None] | None = None) -> list[Path]:
    """Write the graph as the importer's CSV files into `folder` (made if missing); the files written.

    `load` (the `(:GraphkitLoad)` node's properties, `number` among them) makes it a versioned
    write (its `finished`, if None, is when the other files are complete); `dataset_folder` is the
    `(:Dataset)` node's `folder`, where the dataset was read from. The files appear only once all are
    written: data the format cannot hold (a list value holding U+001F, `ARRAY_DELIMITER`) writes nothing. `progress(n)`
    is told of every n actors, sources and relationships written.
    """
    return write_content(graph_content(graph), folder, load=load, dataset_folder=dataset_folder, progress=progress)


def write_content(content: Content, folder: Path, *, load: dict[str, Any] | None = None,
                  dataset_folder: str | None = None, progress: Callable[[int], None] | None = None) -> list[Path]:
    """`write_files` of what `content` holds."""
    folder = Path(folder)
    _refuse_a_dataset(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".bulk-csv-", dir=folder))
    except OSError as error:
        raise FormatError(f"cannot write {folder}: {error.strerror}") from None
    try:
        written = []
        with paused_collector():  # millions of cells, no cycles
            for name, key_columns, chunks, what in _tables(content, load, dataset_folder):
                counted = chunks if what in ("citation", "dataset", "load") else _counted(chunks, progress)
                with open(scratch / name, "w", newline="", encoding="utf-8") as out:
                    write_table(out, key_columns, counted, what, scratch=scratch)
                written.append(name)
        # A folder in a file's place is the one thing that fails a rename within one folder: found
        # before the first file is replaced, so that no mix of new and old files is left.
        for name in written:
            if (folder / name).is_dir():
                raise FormatError(f"cannot write {folder / name}: a folder is there", hint="move it away")
        for name in written:
            os.replace(scratch / name, folder / name)
    except OSError as error:
        raise FormatError(f"cannot write {folder}: {error.strerror}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [folder / name for name in written]


def _refuse_a_dataset(folder: Path) -> None:
    """The importer's actors.csv, sources.csv and relationships.csv are also the tables of a
    dataset's CSV form: a folder that holds a dataset is refused, never overwritten. Earlier
    import files (whose first cell is a key column, ``:ID(...)``) are replaced."""
    tables = ("actors", "sources", "relationships")
    found = [name for name in ("dataset.yaml", *(f"{table}.yaml" for table in tables)) if (folder / name).is_file()]
    for name in (f"{table}.csv" for table in tables):
        try:
            with open(folder / name, "rb") as table:
                first = table.read(64).removeprefix(b"\xef\xbb\xbf")
        except OSError:  # not there (or not a file we could replace either: writing says so)
            continue
        if first and not first.startswith(b":"):
            found.append(name)
    if found:
        raise FormatError(f"{folder} holds a dataset ({', '.join(found)}): the import files would overwrite its tables",
                          hint="write them into a folder of their own, e.g. --out import/")


def _counted(chunks: Iterable[Chunk], progress: Callable[[int], None] | None) -> Iterator[Chunk]:
    for chunk in chunks:
        yield chunk
        if progress is not None:
            progress(len(chunk[0][0]))


def graph_content(graph: "nx.MultiDiGraph") -> Content:
    """What the files of a graph (one dataset's) are made of.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(name="demo", sources={})
    >>> g.add_node("a", kind="Person", name="A")
    >>> content = graph_content(g)
    >>> content.name, [(ids, kinds) for ids, kinds, _ in content.actors]
    ('demo', [(['a'], ['Person'])])
    """
    datasets = {data.get("dataset") for _, data in graph.nodes(data=True)} - {None}
    if len(datasets) > 1:
        raise FormatError(f"the graph holds several datasets ({', '.join(sorted(datasets))})",
                          hint="export one at a time")
    name = str(graph.graph.get("name") or next(iter(datasets), "graph"))
    sources = graph.graph.get("sources") or {}

    def actors() -> Iterator[tuple[list[str], list[Any], Columns]]:
        for part in parts(sorted(graph.nodes(data=True), key=lambda item: str(item[0]))):
            ids = [str(node) for node, _ in part]
            yield ids, [data.get("kind") for _, data in part], actor_columns(ids, [data for _, data in part], name)

    def source_rows() -> Iterator[tuple[list[str], Columns]]:
        for part in parts(sorted(sources)):
            yield part, source_columns([{**sources[source], "id": source} for source in part], name)

    def relationships() -> Iterator[tuple[list[str], list[str], list[str], list[str], Columns]]:
        for part in parts(sorted(graph.edges(keys=True, data=True), key=lambda edge: str(edge[2]))):
            ids = [str(k) for _, _, k, _ in part]
            props = relationship_columns([data for *_, data in part], name, sources, ids=ids)
            yield (ids, [str(u) for u, *_ in part], [str(v) for _, v, *_ in part],
                   [str(data.get("type")) for *_, data in part], props)

    cited = ((str(k), (u, v), [c.get("source") for c in data.get("citations") or () if c.get("source") in sources])
             for u, v, k, data in graph.edges(keys=True, data=True))
    return Content(name, {**graph.graph, "name": name}, actors(), source_rows(), relationships(), cited)


def _tables(content: Content, load: dict[str, Any] | None,
            dataset_folder: str | None = None) -> Iterator[tuple[str, list[str], Iterable[Chunk], str]]:
    """Each file: (name, key columns, its rows as a stream of chunks, what a row is, for messages).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(name="demo", sources={})
    >>> g.add_node("a", kind="Person", name="A")
    >>> [name for name, *_ in _tables(graph_content(g), None)]
    ['actors.csv', 'sources.csv', 'datasets.csv', 'relationships.csv', 'cites.csv']
    """
    name = content.name
    number = load["number"] if load is not None else None
    hashes: dict[str, str] = {}  # "a:actor"/"s:source" -> its gk_hash, for the hashes of relationships

    def keys(ids: Iterable[Any]) -> list[str]:
        return [f"{name}:{record_id}" for record_id in ids]

    def versioned(props: Columns, nodes: list[str] | None = None, ends: tuple | None = None) -> Columns:
        """`props` with gk_load and gk_hash; `ends` (types or None, from, to) for relationships,
        whose hash covers the type (not a CITES link's) and the ends' hashes, as `store.writer`
        computes them; `nodes` the keys of nodes, whose hashes the relationships use."""
        if number is None:
            return props
        hashed = props if ends is None else {**props, "from": [hashes[end] for end in ends[1]],
                                             "to": [hashes[end] for end in ends[2]],
                                             **({"type": ends[0]} if ends[0] is not None else {})}
        props["gk_hash"] = content_hashes(hashed)
        props["gk_load"] = [number] * len(props["gk_hash"])
        if nodes is not None:
            hashes.update(zip(nodes, props["gk_hash"]))
        return props

    def actors() -> Iterator[Chunk]:
        for ids, kinds, props in content.actors:
            labels = [f"Actor{ARRAY_DELIMITER}{kind}" if kind else "Actor" for kind in kinds]
            yield [keys(ids), labels], versioned(props, nodes=[f"a:{node}" for node in ids])

    def source_rows() -> Iterator[Chunk]:
        for ids, props in content.sources:
            yield [keys(ids), ["Source"] * len(ids)], versioned(props, nodes=[f"s:{source}" for source in ids])

    def relationships() -> Iterator[Chunk]:
        for ids, starts, ends, types, props in content.relationships:
            yield [keys(starts), keys(ends), types], versioned(
                props, ends=(types, [f"a:{u}" for u in starts], [f"a:{v}" for v in ends]))

    def cites() -> Iterator[Chunk]:
        by_source: dict[str, list] = {}  # sorted by source, then actor: texts sort far faster than pairs
        for (source, actor), ids in citation_links(content.cited).items():
            by_source.setdefault(source, []).append((actor, ids))
        ordered = ((source, actor, ids) for source in sorted(by_source)
                   for actor, ids in sorted(by_source[source], key=operator.itemgetter(0)))
        for part in parts(ordered):
            props = {"dataset": [name] * len(part), "relationships": [ids for *_, ids in part]}
            ends = (None, [f"s:{source}" for source, *_ in part], [f"a:{actor}" for _, actor, _ in part])
            yield ([keys(source for source, *_ in part), keys(actor for _, actor, _ in part),
                    ["CITES"] * len(part)], versioned(props, ends=ends))

    def single(key: str, label: str, props: dict[str, Any]) -> list[Chunk]:
        return [([[key], [label]], {prop: [value] for prop, value in props.items()})]

    yield "actors.csv", [":ID(Actor)", ":LABEL"], actors(), "actor"
    yield "sources.csv", [":ID(Source)", ":LABEL"], source_rows(), "source"
    yield "datasets.csv", [":ID(Dataset)", ":LABEL"], single(
        name, "Dataset", {**dataset_properties(content.metadata), "folder": dataset_folder}), "dataset"
    yield "relationships.csv", [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"], relationships(), "relationship"
    yield "cites.csv", [":START_ID(Source)", ":END_ID(Actor)", ":TYPE"], cites(), "citation"
    if load is not None:
        finished = load.get("finished") or dt.datetime.now(dt.timezone.utc)
        yield LOADS_FILE, [":ID(GraphkitLoad)", ":LABEL"], single(
            f"{name}:{number}", "GraphkitLoad", {**load, "finished": finished}), "load"


def write_table(out: IO[str], key_columns: list[str], chunks: Iterable[Chunk], what: str, *, scratch: Path) -> None:
    """Write one table to `out` as its chunks come: the key columns, then a typed column per
    property that some row has (``name:date``, ``name:string[]``, ...; in the order they first come).

    The rows go first to a headerless file in `scratch`, then to `out` under the header, in writes
    of at most `COPY_CHUNK` characters; a value the format cannot hold raises `FormatError` naming it.

    >>> import io, tempfile
    >>> out = io.StringIO()
    >>> chunk = ([["d:a", "d:b"]], {"id": ["a", "b"], "aliases": [["A", "Ay"], None],
    ...                             "end": [None, dt.date(2020, 1, 31)], "gone": [None, None], "ok": [None, True]})
    >>> write_table(out, [":ID(Actor)"], [chunk], "actor", scratch=Path(tempfile.mkdtemp()))
    >>> print(out.getvalue().replace(ARRAY_DELIMITER, "<US>"), end="")
    :ID(Actor),id,aliases:string[],end:date,ok:boolean
    d:a,a,A<US>Ay,,
    d:b,b,,2020-01-31,true
    """
    columns: dict[str, int] = {}  # every property by first appearance: the header's order
    kinds: list[set[type]] = []
    filled: list[int] = []  # the columns some value fills, in the order first filled: the body's cells
    late = False  # a column was first filled after rows were written without it
    fd, body_name = tempfile.mkstemp(suffix=".body.csv", dir=scratch)
    body = Path(body_name)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as temporary:
            writerows = csv.writer(temporary, **_CSV).writerows
            for row_keys, props in chunks:
                cells: dict[int, list] = {}
                for name, values in props.items():
                    index = columns.setdefault(name, len(columns))
                    if index == len(kinds):
                        kinds.append(set())
                    found = set(map(type, values))
                    found.discard(type(None))
                    if not found and not kinds[index]:
                        continue  # empty so far: no cells
                    if not kinds[index]:
                        late = late or temporary.tell() > 0
                        filled.append(index)
                    kinds[index] |= found
                    cells[index] = _cells(values, found, lambda i, name=name: (
                        f"{what} {props['id'][i] if 'id' in props else row_keys[0][i]!r} field {name!r}"))
                writerows(zip(*row_keys, *(cells.get(index, itertools.repeat("")) for index in filled)))
        header_order = [index for index in columns.values() if kinds[index]]
        header = key_columns + [name if (kind := _type(kinds[index])) == "string" else f"{name}:{kind}"
                                for name, index in columns.items() if kinds[index]]
        csv.writer(out, **_CSV).writerow(header)
        with open(body, newline="", encoding="utf-8") as temporary:
            if not late and filled == header_order:
                shutil.copyfileobj(temporary, out, COPY_CHUNK)
                return
            keys, width = len(key_columns), len(filled)
            rows = csv.reader(temporary)
            if late:  # rows written before a column was filled are short
                rows = (row + [""] * (keys + width - len(row)) for row in rows)
            cells_in_order = [*range(keys), *(keys + filled.index(index) for index in header_order)]
            pick = operator.itemgetter(*cells_in_order)  # a key column and a filled one at least: tuples
            csv.writer(out, **_CSV).writerows(map(pick, rows))
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


def _cells(values: list, kinds: set[type], where: Callable[[int], str]) -> list:
    """A column's values as the importer reads them ("" for None); `where(i)` names row i's value
    in the message refusing a list item that holds the array delimiter (no validated text does)."""
    if kinds <= {str}:
        return [value if value is not None else "" for value in values]
    if kinds == {list}:
        try:
            cells = ["" if value is None else ARRAY_DELIMITER.join(value) for value in values]
        except TypeError:  # not all text: the general way below
            cells = None
        listed = list(filter(None, values))
        if cells is not None and (sum(map(str.count, cells, itertools.repeat(ARRAY_DELIMITER)))
                                  == sum(map(len, listed)) - len(listed)):
            return cells  # else an item holds the delimiter: found and named below
    if kinds == {dt.date}:
        return [value.isoformat() if value is not None else "" for value in values]
    if kinds == {bool}:
        return ["" if value is None else "true" if value else "false" for value in values]
    cells = []
    for i, value in enumerate(values):
        if value is None:
            cells.append("")
        elif value.__class__ is str:
            cells.append(value)
        elif isinstance(value, (list, tuple)):
            cells.append(_array(value, lambda: where(i)))
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        elif isinstance(value, (dt.date, dt.datetime)):
            cells.append(value.isoformat())
        else:
            cells.append(str(value))
    return cells


def _array(value: list | tuple, where: Callable[[], str]) -> str:
    """A list as one cell; an item holding the array delimiter is refused."""
    try:
        text = ARRAY_DELIMITER.join(value)
    except TypeError:  # not all text
        text = ARRAY_DELIMITER.join(map(str, value))
    if text.count(ARRAY_DELIMITER) != max(len(value) - 1, 0):
        item = next(str(item) for item in value if ARRAY_DELIMITER in str(item))
        raise FormatError(f"{where()}: {item!r} holds U+001F, the control character that separates list items "
                          "in the bulk CSV", hint="`graphkit validate` finds every control character in a dataset")
    return text
