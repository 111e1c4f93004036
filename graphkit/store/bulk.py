"""A first load of very large data into an empty database through Neo4j's bulk importer.

`graphkit load --bulk DATASET` writes the dataset as the importer's CSV files (`store.bulk_csv`,
streamed into a temporary folder) and runs ``neo4j-admin database import full`` on them, which
builds the database's files directly, far faster than any transaction. The server must be
stopped, and the database must not exist yet (the importer makes new databases only)::

    tools/neo4j-local/neo4j-local stop            # or: docker compose stop / neo4j stop
    graphkit load --bulk path/to/dataset --neo4j-admin "tools/neo4j-local/neo4j-local admin"
    tools/neo4j-local/neo4j-local start
    graphkit schema                               # or the first `graphkit load`: indexes

What it writes is what a `graphkit load` would leave (the versioned shape): a `(:GraphkitLoad)`
node in state 'current', ``gk_load`` and ``gk_hash`` on every actor, source and relationship, and
the `(:Dataset)` node with its folder; so every reader sees the dataset, and a later `graphkit
load` of the same files finds everything unchanged and sends nothing. The importer creates no
constraints or indexes: the first `graphkit load` or `graphkit schema` after it does.

The importer is ``neo4j-admin`` on the PATH unless `neo4j_admin` (``--neo4j-admin``) or the
environment's ``NEO4J_ADMIN`` names another command, e.g. ``tools/neo4j-local/neo4j-local admin``.

>>> neo4j_admin_command("tools/neo4j-local/neo4j-local admin --home 'my home'")
['tools/neo4j-local/neo4j-local', 'admin', '--home', 'my home']
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from graphkit.errors import StoreError
from graphkit.graph import dataset_to_graph
from graphkit.store.bulk_csv import FILES, IMPORT_OPTIONS, LOADS_FILE, NODE_FILES, write_files
from graphkit.vocabulary import dataset_vocabulary, using_vocabulary

if TYPE_CHECKING:
    from graphkit.model import Dataset
    from graphkit.store.load import LoadReport

DEFAULT_COMMAND = "neo4j-admin"
FIRST_LOAD = 1
"""The number of the load a bulk import writes: the first of its dataset in a new database."""

_EXISTS = re.compile(r"already exist|overwrite-destination", re.IGNORECASE)
_IN_USE = re.compile(r"in use|lock|stop the database|is running", re.IGNORECASE)


def neo4j_admin_command(command: str | None = None) -> list[str]:
    """The importer's command line: `command` (as a shell would split it), else the environment's
    ``NEO4J_ADMIN``, else ``neo4j-admin``."""
    return shlex.split(command or os.environ.get("NEO4J_ADMIN") or DEFAULT_COMMAND)


class Prepared(NamedTuple):
    """A dataset made ready for the importer: its name, folder and record counts by table, and
    `write(files, load=..., dataset_folder=..., progress=...)`, which writes its files."""

    name: str
    folder: Path | None
    counts: dict[str, int]
    write: Callable[..., list[Path]]

    @property
    def total_rows(self) -> int:
        """How many records its files hold (what `progress` counts up to)."""
        return sum(self.counts.values())


def prepared_dataset(dataset: "Dataset") -> Prepared:
    """A read dataset, written through its graph form (`bulk_csv.write_files`)."""
    from graphkit.store.load import _check_vocabulary

    _check_vocabulary(dataset)

    def write(files: Path, **options) -> list[Path]:
        with using_vocabulary(dataset_vocabulary(dataset.path)):
            return write_files(dataset_to_graph(dataset), files, **options)

    return Prepared(dataset.name, dataset.path, {"actors": len(dataset.actors), "sources": len(dataset.sources),
                                                 "relationships": len(dataset.relationships)}, write)


def prepared_folder(folder: Path) -> Prepared | None:
    """The dataset in `folder`, written from its column reading (no `Dataset`, no graph form:
    `store.bulk_columns`); None when the column reading does not take the folder (read it, and
    `prepared_dataset`)."""
    from graphkit.dataset.columns import read_tables
    from graphkit.store.bulk_columns import write_reading

    reading = read_tables(folder)
    if reading is None:
        return None
    actors, relationships, sources = reading.columns.counts
    return Prepared(reading.columns.name, folder, {"actors": actors, "sources": sources,
                                                   "relationships": relationships},
                    lambda files, **options: write_reading(reading, folder, files, **options))


def bulk_load(dataset: "Dataset | Prepared", *, neo4j_admin: Sequence[str] | None = None, database: str = "neo4j",
              progress: Callable[[int], None] | None = None) -> "LoadReport":
    """Import `dataset` (or a `Prepared` one) into the new database `database` with ``neo4j-admin
    database import full``.

    `neo4j_admin` is the importer's command line (`neo4j_admin_command`: ``NEO4J_ADMIN`` or
    ``neo4j-admin`` when None). `progress(n)` counts the records written to the import files
    (`Prepared.total_rows` of them). Returns the load's report: every record created. Raises
    `StoreError` (nothing imported) when the database exists already, the server still runs, or
    the importer cannot be run or refuses the files.
    """
    from graphkit.store.load import LoadReport

    command = list(neo4j_admin) if neo4j_admin else neo4j_admin_command()
    started = dt.datetime.now(dt.timezone.utc)
    prepared = dataset if isinstance(dataset, Prepared) else prepared_dataset(dataset)
    report = LoadReport(prepared.name)
    for table, count in prepared.counts.items():
        report.counts[table]["created"] = count
    report.metadata = "created"
    folder = str(prepared.folder.resolve()) if prepared.folder is not None else None
    with tempfile.TemporaryDirectory(prefix="graphkit-bulk-") as scratch:
        files = Path(scratch) / "import"
        written = prepared.write(files, load=_load_node(prepared, started), dataset_folder=folder, progress=progress)
        report.seconds["files"] = (dt.datetime.now(dt.timezone.utc) - started).total_seconds()
        importing = dt.datetime.now(dt.timezone.utc)
        _run_import(command, written, database, Path(scratch))
        report.seconds["import"] = (dt.datetime.now(dt.timezone.utc) - importing).total_seconds()
    return report


def _load_node(prepared: Prepared, started: dt.datetime) -> dict:
    """The `(:GraphkitLoad)` node of the import, current as soon as the database starts, with the
    counts a load's summary holds. `finished` is when its files were complete (the import ends later)."""
    from graphkit.store.load import OUTCOMES

    return {"number": FIRST_LOAD, "dataset": prepared.name, "state": "current", "started": started,
            "finished": None, "method": "bulk",
            **{f"{table}_{outcome}": count if outcome == "created" else 0
               for table, count in prepared.counts.items() for outcome in OUTCOMES}}


def import_arguments(files: Sequence[Path], database: str, report: Path) -> list[str]:
    """The arguments of ``neo4j-admin`` that import the files (as `bulk_csv` names them).

    >>> import_arguments([Path("i/actors.csv"), Path("i/cites.csv")], "neo4j", Path("r.txt"))[:5]
    ['database', 'import', 'full', '--nodes=i/actors.csv', '--relationships=i/cites.csv']
    """
    return ["database", "import", "full",
            *(f"--nodes={path}" for path in files if path.name in NODE_FILES),
            *(f"--relationships={path}" for path in files if path.name not in NODE_FILES),
            *IMPORT_OPTIONS, f"--report-file={report}", database]


def _run_import(command: list[str], files: Sequence[Path], database: str, scratch: Path) -> None:
    """Run the importer; its refusals become `StoreError`s with what to do."""
    log = scratch / "neo4j-admin.log"
    arguments = import_arguments(files, database, scratch / "import.report")
    try:
        with open(log, "w+", encoding="utf-8", errors="replace") as output:
            done = subprocess.run([*command, *arguments], stdin=subprocess.DEVNULL, stdout=output,
                                  stderr=subprocess.STDOUT, check=False)
            output.seek(0)
            text = output.read()
    except FileNotFoundError:
        raise StoreError(f"cannot run the bulk importer {shlex.join(command)!r}: no such command",
                         hint="install neo4j-admin of the server's Neo4j version, or name it with --neo4j-admin "
                              "(e.g. \"tools/neo4j-local/neo4j-local admin\") or NEO4J_ADMIN") from None
    except PermissionError:
        raise StoreError(f"cannot run the bulk importer {shlex.join(command)!r}: permission denied",
                         hint="name an executable neo4j-admin with --neo4j-admin or NEO4J_ADMIN") from None
    if done.returncode == 0:
        return
    message = _last_message(text)
    if _EXISTS.search(text):
        raise StoreError(f"database {database!r} already exists, so the bulk import wrote nothing: "
                         "neo4j-admin imports into a new database only",
                         hint="load it with `graphkit load` (batched, into any database), or stop the server "
                              "and delete the database's files first")
    if _IN_USE.search(message):
        raise StoreError(f"the bulk import of database {database!r} failed, nothing was written: {message}",
                         hint="stop the Neo4j server first (e.g. tools/neo4j-local/neo4j-local stop), "
                              "then start it after the import")
    raise StoreError(f"the bulk import of database {database!r} failed (neo4j-admin exit {done.returncode}), "
                     f"nothing was written: {message}",
                     hint=f"run {shlex.join(command)} --version to check it is the server's Neo4j version")


def _last_message(text: str) -> str:
    """The importer's own last words, on one line.

    >>> _last_message("IMPORT FAILED in 1s.\\nFailed to execute command: 'Boom'.\\nRun with '--verbose'")
    "Failed to execute command: 'Boom'."
    """
    lines = [line.strip() for line in text.splitlines() if line.strip() and "--verbose" not in line]
    found = [line for line in lines if "fail" in line.lower() or "error" in line.lower() or "exception" in line.lower()]
    return " ".join((found or lines or ["no output"])[-1].split())[:500]


__all__ = ["bulk_load", "neo4j_admin_command", "import_arguments", "FILES", "LOADS_FILE"]
