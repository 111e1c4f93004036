"""Dataset folders: find them, read and check them into a `Dataset`, and write them in either form.

A dataset is a folder: `dataset.yaml` (name, title, description, license, version) and the three
tables `sources`, `actors` and `relationships`, each as `<table>.yaml` or `<table>.csv`
(`seed/README.md` documents the format). Both forms are read into the same records
(`records.Record`) and checked by the same code (`validate`), so they give the same model.

- `find`: where datasets are, and which file holds each table;
- `yaml_form`, `csv_form`: each form, read and written;
- `validate`: from records to a checked `Dataset`, with every problem at once; `claims`: the
  checks of a relationship's time and evidence; `documents`: quotes checked against the documents;
- `columns` (with `column_tables`, `columns_checks`): a CSV folder read and checked column by
  column, exactly as the record path or not at all; `column_records`: the `Dataset` made from that
  reading, for a valid register-sized CSV folder without a record read one by one;
- `scaffold` (a new folder), `editing` (records added to the files, checked first), `convert`
  (between the two forms).

A folder may also hold a `vocabulary.yaml` that adds its own kinds and types (`graphkit.vocabulary`):
the dataset is checked by that vocabulary.
"""

from __future__ import annotations

from pathlib import Path

from graphkit.collector import paused_collector
from graphkit.dataset.csv_form import read_csv, write_csv
from graphkit.dataset.documents import check_documents
from graphkit.dataset.find import dataset_paths, default_dataset_paths, find_datasets, one_dataset_path, table_file
from graphkit.dataset.records import METADATA, TABLES, Record, suggest
from graphkit.dataset.validate import build_dataset
from graphkit.dataset.yaml_form import dataset_records, read_metadata, read_yaml_table, write_yaml
from graphkit.errors import DatasetError, GraphkitError
from graphkit.model import Dataset, Origin, Problem
from graphkit.vocabulary import VocabularyError, dataset_vocabulary, using_vocabulary

__all__ = ["read_dataset", "validate_dataset", "validate_summary", "open_dataset", "open_datasets", "find_datasets",
           "default_dataset_paths", "dataset_paths", "one_dataset_path", "write_yaml", "write_csv", "dataset_records",
           "suggest", "check_documents"]


def read_dataset(path: str | Path, *, by_columns: bool = True) -> Dataset:
    """The dataset in a folder; raises `DatasetError` listing every problem if it has errors.
    `by_columns=False`: the column reading has declined the folder already (`validate_dataset`)."""
    dataset, problems = validate_dataset(path, by_columns=by_columns)
    if dataset is None:
        raise DatasetError(path, problems)
    return dataset


def open_dataset(path: str | Path | None = None) -> Dataset:
    """The dataset at `path`, or the one under seed/ when `path` is None (the commands' default).

    Raises a GraphkitError when there is none, several, or the one found has errors.
    """
    return read_dataset(one_dataset_path(path))


def open_datasets(paths=(), *, consequence: str = "") -> list[Dataset]:
    """Every dataset of `paths` (folders, or folders of datasets; default: those under seed/),
    all checked before any is returned: one with errors raises `DatasetError` (saying
    `consequence`, e.g. "nothing was loaded"), and so do two folders of the same dataset."""
    datasets = []
    for folder in dataset_paths(paths):
        dataset, problems = validate_dataset(folder)
        if dataset is None:
            raise DatasetError(folder, problems, consequence=consequence)
        datasets.append(dataset)
    names = [dataset.name for dataset in datasets]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise GraphkitError(f"several folders hold dataset {twice[0]!r}", hint="give one of them")
    return datasets


def validate_dataset(path: str | Path, *, documents: str | Path | None = None,
                     by_columns: bool = True) -> tuple[Dataset | None, list[Problem]]:
    """Check a dataset folder: the dataset (None if there are errors) and all problems, in file order.
    A CSV folder is read by its column reading when that takes it (`column_records`), unless
    `by_columns` is False (a caller that had the column reading decline the folder).

    With `documents` (the folder of the sources' documents), also check that every quote is
    verbatim in the document its source names (`documents.check_documents`).
    The result is kept in the cache by the files' content (`cache`): a folder read before and
    unchanged since is not read again (the documents, when given, are always read).
    """
    from graphkit.dataset import cache

    folder = Path(path)
    with paused_collector():  # a register-sized folder is millions of records, cells and dates, no cycles
        if documents is not None:
            return _validate_folder(folder, documents, by_columns)
        return cache.checked(folder, lambda: _validate_folder(folder, by_columns=by_columns))


def validate_summary(path: str | Path) -> tuple["cache.Summary | None", list[Problem]]:
    """What `validate_dataset` finds, as a `cache.Summary` (name and counts; None if there are
    errors) and the problems: warm, from the cache without unpickling the dataset, so that
    checking an unchanged register-sized folder takes the time of hashing its files."""
    from graphkit.dataset import cache

    folder = Path(path)
    with paused_collector():
        return cache.summarised(folder, lambda: _validate_folder(folder, by_columns=False))  # columns tried


def _validate_folder(folder: Path, documents: str | Path | None = None,
                     by_columns: bool = True) -> tuple[Dataset | None, list[Problem]]:
    """`validate_dataset` without the cache: the folder's files read and checked; `by_columns`:
    first by the column reading (`column_records`), which a valid register-sized CSV folder takes."""
    problems: list[Problem] = []
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        problems.append(Problem(Origin(str(folder)), None, None,
                                f"{what}: a dataset is a folder with {METADATA}, sources, actors and relationships"))
        return None, problems
    read = None
    if by_columns:
        from graphkit.dataset.column_records import dataset_from_columns  # the column reading: not on start-up

        read = dataset_from_columns(folder)
    dataset, found = read if read is not None else _read_records(folder, problems)
    if dataset is None:
        return None, found
    dataset.path = folder
    if documents is not None:
        found += check_documents(dataset, documents)
    problems = sorted(problems + found, key=lambda p: (p.origin.file, p.origin.line or 0))
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    return dataset, problems


def _read_records(folder: Path, problems: list[Problem]) -> tuple[Dataset | None, list[Problem]]:
    """The folder read record by record: the dataset as far as it is valid and the problems its
    checks find (those of reading the files go to `problems`); None and the problem when the
    folder's own vocabulary.yaml is wrong, since nothing is read by it."""
    try:
        vocab = dataset_vocabulary(folder)
    except VocabularyError as error:
        file, _, message = str(error).partition(": ")
        return None, [Problem(Origin(file), None, None, message)]
    meta = read_metadata(folder, problems)
    tables = {table: _read_table(folder, table, problems) for table in TABLES}
    with using_vocabulary(vocab):  # a dataset's own vocabulary.yaml extends the one it is checked by
        return build_dataset(folder.resolve().name, meta, **tables)


def _read_table(folder: Path, table: str, problems: list[Problem]) -> list[Record] | None:
    """A table's records from whichever form the folder holds, or None if it cannot be read."""
    file = table_file(folder, table, problems)
    if file is None:
        return None
    return (read_csv if file.suffix == ".csv" else read_yaml_table)(file, table, problems)
