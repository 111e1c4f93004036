"""Where datasets are: the folders a command was given or the ones under `seed/`, and the file that
holds each table of a folder (`<table>.yaml` or `<table>.csv`)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from graphkit.dataset.records import METADATA, TABLES
from graphkit.errors import GraphkitError
from graphkit.model import Origin, Problem

_CHECKOUT_SEED = Path(__file__).resolve().parents[2] / "seed"


def default_dataset_paths() -> list[Path]:
    """Every dataset under `seed/` of the current directory, else under the `seed/` of this checkout."""
    for seed in (Path("seed"), _CHECKOUT_SEED):
        found = _dataset_folders(seed)
        if found:
            return found
    return []


def find_datasets(paths: Iterable[str | Path]) -> list[Path]:
    """Expand each path that is a folder of datasets into its datasets; other paths stay as given.

    A path that is neither stays in the list, so that validating it says what is wrong with it.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        inner = [] if _is_dataset(path) else _dataset_folders(path)
        found.extend(inner or [path])
    return list(dict.fromkeys(found))


def dataset_paths(paths: Iterable[str | Path] = ()) -> list[Path]:
    """The datasets at `paths` (see `find_datasets`), or with none given every one under seed/.

    Raises a GraphkitError when there are none, so that a command never silently does nothing.
    """
    paths = list(paths)
    found = find_datasets(paths) if paths else default_dataset_paths()
    if not found:
        raise GraphkitError("no dataset found under seed/",
                            hint="pass a dataset folder, e.g. seed/malaysia-palestine")
    return found


def one_dataset_path(path: str | Path | None = None) -> Path:
    """The one dataset at `path`, or under seed/ when `path` is None (the commands' default);
    a GraphkitError when there is none, or several."""
    found = dataset_paths([path] if path is not None else [])
    if len(found) > 1:
        raise GraphkitError(f"several datasets ({', '.join(str(folder) for folder in found)})",
                            hint="pass one of them")
    return found[0]


def table_file(folder: Path, table: str, problems: list[Problem]) -> Path | None:
    """The one file that holds a table of a dataset folder, or None (the problem is reported)."""
    yaml_file, csv_file = folder / f"{table}.yaml", folder / f"{table}.csv"
    if _present(yaml_file) and _present(csv_file):
        problems.append(Problem(Origin(str(csv_file)), None, None,
                                f"both {table}.yaml and {table}.csv are here: keep one of them"))
        return None
    if _present(csv_file):
        return csv_file
    if not _present(yaml_file):
        other = folder / f"{table}.yml"
        hint = f" (rename {other.name} to {table}.yaml)" if other.exists() else ""
        problems.append(Problem(Origin(str(yaml_file)), None, None,
                                f"missing {table}.yaml (or {table}.csv){hint}"))
        return None
    return yaml_file


def _present(file: Path) -> bool:
    """Whether a file is there, a symbolic link that leads nowhere included: reading it then says
    what is wrong with it (a loop, a missing target), not that it is missing."""
    return file.exists() or file.is_symlink()


def _is_dataset(folder: Path) -> bool:
    names = [METADATA] + [f"{table}.{ext}" for table in TABLES for ext in ("yaml", "csv")]
    return any((folder / name).is_file() for name in names)


def _dataset_folders(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(child for child in folder.iterdir() if child.is_dir() and _is_dataset(child))
