"""Exchange formats: one module per format, with its reader and writer side by side, and `FORMATS`,
the registry by name that `graphkit export --format` and the graph file readers go through.

Every writer is ``write(graph, out)``: `out` is a binary file for a one-file format, a folder for a
folder format. A one-file writer writes as it goes (record by record, element by element), never
holding the whole document, so a register-sized network exports in bounded memory. Every graph
reader is ``read(file)`` and gives the typed graph form back. A new format is a module here and
one entry in `FORMATS`.

>>> sorted(FORMATS)
['ftm', 'gexf', 'graphml', 'json', 'neo4j-csv']
>>> format_of("network.graphml").name, format_of("entities.ftm.json").name, format_of("notes.txt")
('graphml', 'ftm', None)
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from graphkit.errors import FormatError, GraphkitError
from graphkit.formats import gexf, graphml, json, neo4j_csv
from graphkit.formats.ftm import write as ftm_write

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class Format:
    """An exchange format: its name (as `export --format` takes it), how it writes and reads."""

    name: str
    suffix: str  # of its file (of the files in its folder, for a folder format)
    description: str  # who reads it, for `export --help`
    write: Callable[..., Any]  # write(graph, out): a binary file, or a folder Path if `folder`
    read: Callable[..., "nx.MultiDiGraph"] | None = None  # read(path) -> the graph form; None: not a graph source
    folder: bool = False  # it writes several files into a folder
    extra: str | None = None  # the optional dependency it needs: pip install 'graphkit[extra]'
    styled: bool = False  # it carries the map's look (colours, sizes, positions): write(..., look=)

    def to_bytes(self, graph: "nx.MultiDiGraph", **options: Any) -> bytes:
        """The whole file of a one-file format (written in full before anything is stored)."""
        if self.folder:
            raise FormatError(f"{self.name} writes several files into a folder, not one file",
                              hint="write it with write_graph_file(graph, folder)")
        buffer = io.BytesIO()
        self.write(graph, buffer, **options)
        return buffer.getvalue()


FORMATS: dict[str, Format] = {fmt.name: fmt for fmt in (
    Format("json", ".json", "node-link JSON with every field, sorted by id", json.write, json.read),
    Format("gexf", ".gexf", "Gephi, with the timeline and the map's colours, sizes and positions", gexf.write,
           gexf.read, styled=True),
    Format("graphml", ".graphml", "networkx, igraph, yEd, Cytoscape", graphml.write, graphml.read, styled=True),
    Format("neo4j-csv", ".csv", "a folder for neo4j-admin import (not a dataset's spreadsheet form: that is "
           "`graphkit convert --to csv`)", neo4j_csv.write, folder=True),
    Format("ftm", ".ftm.json", "FollowTheMoney entities", ftm_write.write, extra="ftm"),
)}
"""The formats by name, in the order `export --help` lists them. FtM has no graph reader: its
entities are read into a dataset (`graphkit.formats.ftm.read`, `graphkit import ftm`)."""


def format_of(path: str | Path) -> Format | None:
    """The one-file format whose suffix ends the file's name (the longest that does), or None."""
    name = Path(path).name.lower()
    matches = [fmt for fmt in FORMATS.values() if not fmt.folder and name.endswith(fmt.suffix)]
    return max(matches, key=lambda fmt: len(fmt.suffix), default=None)


def read_graph_file(path: str | Path) -> "nx.MultiDiGraph":
    """A graph file (GraphML, GEXF or graphkit's JSON, by its suffix) in the graph form.

    A file graphkit wrote reads back exactly; any other GraphML or GEXF is mapped onto the graph
    form by `formats.networkx.from_networkx`. Raises FormatError, naming the file, if it cannot be read.
    """
    import xml.etree.ElementTree as ElementTree

    import networkx as nx

    path = Path(path)
    fmt = format_of(path)
    suffixes = [f.suffix for f in FORMATS.values() if f.read is not None]
    readable = f"{', '.join(suffixes[:-1])} or {suffixes[-1]}"
    if fmt is None:
        raise FormatError(f"{path}: not a {readable} file")
    if fmt.read is None:
        raise FormatError(f"{path}: graphkit reads no graph from {fmt.name} files", hint=f"give a {readable} file")
    if not path.is_file():
        raise FormatError(f"{path}: no such file")
    try:
        return fmt.read(path)
    except (GraphkitError, ElementTree.ParseError, nx.NetworkXError, KeyError, TypeError, ValueError) as error:
        raise FormatError(f"{path}: cannot read it as {fmt.name.upper()}: {error}",
                          hint=getattr(error, "hint", None)) from None


def write_graph_file(graph: "nx.MultiDiGraph", path: str | Path, fmt: str | None = None, *,
                     look: Any = None) -> list[Path]:
    """Write the graph to `path` as format `fmt` (by default the one its suffix names); the files written.

    A one-file format streams into a hidden file beside `path` that replaces it once complete, so
    a graph it cannot hold leaves no half-written file (a pipe or device is written as it goes);
    a folder format writes its files into the folder `path` (made if missing).
    """
    path = Path(path)
    chosen = FORMATS.get(fmt) if fmt else format_of(path)
    if chosen is None:
        why = f"{fmt!r} is none of graphkit's" if fmt else "its suffix names none"
        raise FormatError(f"{path}: which format? {why}", hint=f"choose one of {', '.join(FORMATS)}")
    try:
        if chosen.folder:
            return list(chosen.write(graph, path))
        _write_whole(path, lambda out: chosen.write(graph, out, **_options(chosen, look)))
    except OSError as error:
        raise FormatError(f"cannot write {path}: {error.strerror or error}",
                          hint="write into a folder that exists and that you may write to") from None
    return [path]


def write_graph_stream(graph: "nx.MultiDiGraph", out: BinaryIO, fmt: str, *, look: Any = None) -> None:
    """Write the graph as one-file format `fmt` to a binary stream (stdout), only once it is complete.

    The document is written into a temporary file (held in memory up to 16 MiB) and copied to
    `out` when the writer has finished, so an error midway sends nothing and memory stays bounded.
    """
    import shutil
    import tempfile

    chosen = FORMATS[fmt]
    if chosen.folder:
        raise FormatError(f"--format {fmt} writes several files, not one stream",
                          hint="give a folder with --out, e.g. --out import/")
    with tempfile.SpooledTemporaryFile(max_size=16 << 20) as spool:
        chosen.write(graph, spool, **_options(chosen, look))
        spool.seek(0)
        shutil.copyfileobj(spool, out, 1 << 20)
    out.flush()


def _options(fmt: Format, look: Any) -> dict[str, Any]:
    return {"look": look} if look is not None and fmt.styled else {}


def _write_whole(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Stream `write` into `path` through a hidden file beside it, which replaces `path` only once complete."""
    import os

    if path.exists() and not path.is_file() and not path.is_dir():  # /dev/stdout, a named pipe
        with open(path, "wb") as out:
            write(out)
        return
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as out:
            write(out)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
