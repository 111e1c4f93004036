"""A dataset moved between its two forms (`graphkit convert`): YAML files, or a CSV file per table
for a spreadsheet. Not the Neo4j bulk-import files (`graphkit export --format neo4j-csv`).

The conversion is checked before anything changes: the new files are written aside and read back,
and must give the same sources, actors and relationships. Only then do they take the place of
the old ones, so a failure leaves the folder as it was. `dataset.yaml`, `vocabulary.yaml` and
`queries/` are the same in both forms and stay untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from graphkit.dataset.csv_form import write_csv
from graphkit.dataset.records import METADATA, TABLES
from graphkit.dataset.yaml_form import write_yaml
from graphkit.errors import GraphkitError, TargetExists
from graphkit.vocabulary import EXTENSION_FILE

FORMS = ("yaml", "csv")
"""The two forms of a dataset's tables, by the suffix of their files."""


def convert_dataset(folder: str | Path, to: str, *, out: str | Path | None = None) -> list[Path]:
    """Write the dataset in `folder` in the form `to` ("yaml" or "csv"): in place (its tables in
    the other form are replaced), or as a new dataset folder `out`. Returns the files written
    (none when the tables are in that form already).

    >>> import tempfile
    >>> from graphkit.dataset.scaffold import init_dataset
    >>> with tempfile.TemporaryDirectory() as parent:
    ...     [path.name for path in convert_dataset(init_dataset(Path(parent) / "d"), "csv")]
    ['sources.csv', 'actors.csv', 'relationships.csv']
    """
    from graphkit.dataset import read_dataset

    if to not in FORMS:
        raise GraphkitError(f"no dataset form {to!r}", hint=f"choose {' or '.join(FORMS)}")
    folder = Path(folder)
    dataset = read_dataset(folder)
    other = FORMS[1 - FORMS.index(to)]
    if out is not None:
        out = Path(out)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise TargetExists(f"{out} exists and is not an empty folder", hint="give a new folder")
        out.mkdir(parents=True, exist_ok=True)
        try:
            (write_csv if to == "csv" else write_yaml)(dataset, out)
            for extra in (METADATA, EXTENSION_FILE, "queries"):  # as they are, comments and all
                if (folder / extra).is_dir():
                    shutil.copytree(folder / extra, out / extra)
                elif (folder / extra).is_file():
                    shutil.copyfile(folder / extra, out / extra)
            _same_back(folder, out, to, dataset)
        except BaseException:  # the new folder is left empty, as it was given
            for child in list(out.iterdir()):
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            raise
        return [out / METADATA] + [out / f"{table}.{to}" for table in TABLES]
    stale = [folder / f"{table}.{other}" for table in TABLES if (folder / f"{table}.{other}").is_file()]
    if not stale:
        return []
    scratch = Path(tempfile.mkdtemp(prefix=".graphkit-convert-", dir=folder))  # same disk: moved in one step
    try:
        aside = scratch / folder.resolve().name
        (write_csv if to == "csv" else write_yaml)(dataset, aside)
        for extra in (METADATA, EXTENSION_FILE):
            if (folder / extra).is_file():
                shutil.copyfile(folder / extra, aside / extra)
        _same_back(folder, aside, to, dataset)
        written = []
        for file in stale:
            new = folder / f"{file.stem}.{to}"
            os.replace(aside / new.name, new)
            written.append(new)
        for file in stale:
            file.unlink()
        return written
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _same_back(folder: Path, written: Path, to: str, dataset) -> None:
    """Refuses a conversion whose files at `written` do not read back as `dataset`'s records."""
    from graphkit.dataset import read_dataset

    back = read_dataset(written)
    if (back.sources, back.actors, back.relationships) != (dataset.sources, dataset.actors, dataset.relationships):
        raise GraphkitError(f"{folder}: its {to} form would not read back the same, so nothing was changed",
                            hint="please report this with the dataset")
