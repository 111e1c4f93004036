"""A content-addressed cache of read, checked datasets, and of what is built from them.

Reading a register-sized folder (10⁵ actors, 10⁶ lines of YAML) takes minutes; reading it twice is
waste. An entry is keyed by the hash of every file of the folder that the dataset is read from
(`dataset.yaml`, the tables in either form, the folder's own `vocabulary.yaml`), by the folder as
given (problems name their files by it), by the vocabulary in force and by graphkit's own code,
so an entry is never stale: a changed byte is a new key. Entries live in a cache folder, never in
the dataset's folder: `$GRAPHKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/graphkit`, else
`~/.cache/graphkit`. Deleting it at any time is safe: it is rebuilt on the next read.
`GRAPHKIT_CACHE=off` (or the CLI's `graphkit --no-cache COMMAND`) reads without it.

Each entry file is written to a temporary name and renamed, so a writer killed half way leaves
no entry; an entry that does not read back (truncated, corrupt, from another Python) is removed and rebuilt.

- `checked(folder, read)`: the (dataset or None, problems) of a folder, from the cache or `read`;
  `summarised(folder, read)`: its `Summary` and problems, without unpickling the dataset;
- `derived(folder, name, build, save=..., load=...)`: an artifact built from a dataset (arrays,
  indexes) kept by the same key, so a warm reader hashes the files and loads the artifact alone.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable, TypeVar

from graphkit.collector import paused_collector
from graphkit.dataset.cache_keys import cache_dir, dataset_key, enabled, is_entry, turned_off  # noqa: F401 - API

Artifact = TypeVar("Artifact")

LIMIT_VARIABLE, DEFAULT_LIMIT_MB = "GRAPHKIT_CACHE_MB", 4096  # past it, the entries unused longest go
_FORMAT = b"graphkit-cache-1\n"  # the first bytes of an entry, then its digest, then its pickle


def derived(folder: str | Path, name: str, build: Callable[[Any], Artifact], *,
            save: Callable[[Artifact, Path], None], load: Callable[[Path], Artifact],
            from_columns: Callable[[Any], Artifact] | None = None) -> Artifact:
    """The artifact `name` built from the dataset in `folder`, from the cache when it was built for
    the files' current content, else built now and kept.

    Warm, only the folder's files are hashed and `load(path)` is called: the dataset itself is
    not read. Cold (or when `load` raises: a corrupt entry), the dataset is read (through the
    cache, `open_dataset`'s rules: a dataset with errors raises `DatasetError`), `build(dataset)`
    makes the artifact with the dataset's vocabulary in force, `save(artifact, path)` writes it to
    `path` (a temporary name: write exactly that file, e.g. `numpy.savez(open(path, "wb"), ...)`,
    since `numpy.savez(str)` would add `.npz`), the file is renamed into place, and the artifact
    is returned. `name` says what the artifact is and should carry its own version
    (``"arrays-v1"``): change it when `build` changes what it makes. With `from_columns`, a CSV
    folder `columns.read_columns` takes is `from_columns(columns)`, no `Dataset` made.
    """
    from graphkit.dataset import read_dataset
    from graphkit.vocabulary import dataset_vocabulary, using_vocabulary

    if not _NAME_CHARS.issuperset(name) or not name:
        raise ValueError(f"an artifact name is letters, digits, '-', '_' and '.': {name!r}")
    folder = Path(folder)
    key = dataset_key(folder) if enabled() and folder.is_dir() else None
    entry = cache_dir() / f"{key}.derived.{name}" if key else None
    if entry is not None and is_entry(entry):
        try:
            artifact = load(entry)
            _used(entry)
            return artifact
        except Exception:  # noqa: BLE001 - a corrupt or foreign entry: built again below
            _remove(entry)
    columns = _columns(folder) if from_columns is not None else None
    dataset = read_dataset(folder, by_columns=from_columns is None) if columns is None else None
    with using_vocabulary(dataset_vocabulary(folder)):
        artifact = build(dataset) if columns is None else from_columns(columns)
    if entry is not None and dataset_key(folder) == key:  # kept only if the files did not change meanwhile
        if columns is not None:  # its problems too, as `summarised` keeps them
            _write_entry(cache_dir() / f"{key}.problems", (columns.problems, columns.summary))
        _write_atomically(entry, lambda path: save(artifact, path))
    return artifact


@dataclasses.dataclass(frozen=True)
class Summary:
    """What `graphkit validate` says of a valid dataset besides its problems, kept beside them so
    that a warm `validate` does not unpickle the dataset (`summarised`)."""

    name: str
    actors: int
    relationships: int
    sources: int
    linked: bool  # some actor is `same_as` one of another dataset: checking that needs the dataset


def summary_of(dataset: Any) -> Summary:
    return Summary(dataset.name, len(dataset.actors), len(dataset.relationships), len(dataset.sources),
                   any(actor.same_as for actor in dataset.actors.values()))


def _columns(folder: Path) -> Any | None:
    """The folder read column by column (`columns.read_columns`; it has no `same_as`), with its
    summary; None when the folder is to be read record by record."""
    from graphkit.dataset.columns import read_columns

    columns = read_columns(folder)
    if columns is not None:
        columns.summary = Summary(columns.name, *columns.counts, False)
    return columns


def checked(folder: Path, read: Callable[[], tuple[Any, list]]) -> tuple[Any, list]:
    """The (dataset or None, problems) of `folder`: from the cache for the files' current content,
    else `read()` and kept (the problems, with the dataset's `Summary`, an entry of their own)."""
    key = dataset_key(folder) if enabled() and folder.is_dir() else None
    if key is None:
        return read()
    problems_entry, dataset_entry = cache_dir() / f"{key}.problems", cache_dir() / f"{key}.dataset"
    stored = _read_entry(problems_entry)
    if stored is not None:
        problems, summary = stored
        if summary is None:
            return None, problems
        dataset = _read_entry(dataset_entry)
        if dataset is not None:
            dataset.path = folder
            return dataset, problems
    dataset, problems = read()
    _keep(folder, key, dataset, problems)
    return dataset, problems


def summarised(folder: Path, read: Callable[[], tuple[Any, list]]) -> tuple[Summary | None, list]:
    """The `Summary` (None if the dataset has errors) and problems of `folder`: from the cache
    without unpickling the dataset when the entry is there, else `read()` and kept."""
    key = dataset_key(folder) if enabled() and folder.is_dir() else None
    if key is not None:
        stored = _read_entry(cache_dir() / f"{key}.problems")
        if stored is not None:
            problems, summary = stored
            return summary, problems
    columns = _columns(folder)
    if columns is not None:
        if key is not None and dataset_key(folder) == key:
            _write_entry(cache_dir() / f"{key}.problems", (columns.problems, columns.summary))
        return columns.summary, columns.problems
    dataset, problems = read()
    if key is not None:
        _keep(folder, key, dataset, problems)
    return (summary_of(dataset) if dataset is not None else None), problems


def _keep(folder: Path, key: str, dataset: Any, problems: list) -> None:
    """Write a read's entries under `key`, unless the files changed while they were read (then the
    next read reads them again): the dataset first, so a problems entry that says "valid" has one."""
    if dataset_key(folder) != key:
        return
    problems_entry, dataset_entry = cache_dir() / f"{key}.problems", cache_dir() / f"{key}.dataset"
    if dataset is not None:
        path, dataset.path = dataset.path, None  # where it is read from is set on every read
        try:
            _write_entry(dataset_entry, dataset)
        finally:
            dataset.path = path
    _write_entry(problems_entry, (problems, summary_of(dataset) if dataset is not None else None))


_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def _read_entry(path: Path) -> Any | None:
    """An entry's value, or None when there is none or it does not read back (then it is removed)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    head = len(_FORMAT) + 32
    try:
        if data[:len(_FORMAT)] != _FORMAT or hashlib.blake2b(data[head:], digest_size=32).digest() != \
                data[len(_FORMAT):head]:
            raise ValueError("not a graphkit cache entry")
        with paused_collector():  # millions of objects, no cycles: no collection walks them while they come
            value = pickle.loads(memoryview(data)[head:])
        _used(path)
        return value
    except Exception:  # noqa: BLE001 - corrupt, truncated or foreign: rebuilt by the caller
        _remove(path)
        return None


def _write_entry(path: Path, value: Any) -> None:
    """The value pickled into an entry, streamed (no second copy of a large dataset in memory),
    its digest written into the header once the whole pickle is hashed."""

    def write(temporary: Path) -> None:
        with open(temporary, "wb") as handle:
            handle.write(_FORMAT + bytes(32))
            digest = hashlib.blake2b(digest_size=32)
            pickle.dump(value, _Hashing(handle, digest), protocol=pickle.HIGHEST_PROTOCOL)
            handle.seek(len(_FORMAT))
            handle.write(digest.digest())

    _write_atomically(path, write)


class _Hashing:
    """A file that hashes what is written to it."""

    def __init__(self, handle, digest):
        self.handle, self.digest = handle, digest

    def write(self, data) -> int:
        self.digest.update(data)
        return self.handle.write(data)


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """`write(temporary)` then a rename to `path`: a reader sees the whole entry or none. A cache
    that cannot be written (read-only home, full disk) is no error: the dataset was read anyway."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(handle)
    except OSError:
        return
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, path)
    except OSError:
        pass
    finally:
        _remove(temporary)
    _prune(path.parent)


def _prune(folder: Path) -> None:
    """Remove the least recently used entries while the cache holds more than its limit
    (`GRAPHKIT_CACHE_MB`, 4096 by default): each folder path read is an entry of its own."""
    try:
        limit = float(os.environ.get(LIMIT_VARIABLE, "") or DEFAULT_LIMIT_MB) * 1_000_000
    except ValueError:
        limit = DEFAULT_LIMIT_MB * 1_000_000
    entries = []
    try:
        with os.scandir(folder) as found:
            for item in found:
                if item.is_file(follow_symlinks=False) and not item.name.startswith("."):
                    info = item.stat(follow_symlinks=False)
                    entries.append((info.st_mtime_ns, info.st_size, item.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        _remove(Path(path))
        total -= size


def _used(path: Path) -> None:
    """Mark an entry as just used (its time), so pruning removes the ones unused longest."""
    try:
        os.utime(path)
    except OSError:
        pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def clear() -> int:
    """Remove every entry of the cache folder; the number removed."""
    removed = 0
    folder = cache_dir()
    if not folder.is_dir():
        return 0
    for entry in folder.iterdir():
        if entry.is_file() and entry.name[:1] != "." or entry.name.endswith(".tmp"):
            _remove(entry)
            removed += 1
    return removed


__all__ = ["derived", "checked", "summarised", "Summary", "dataset_key", "cache_dir", "enabled", "turned_off", "clear"]
