"""Where the dataset cache (`dataset.cache`) keeps its entries, what keys them, and whether it is on.

Apart from the cache itself so that the readings it keeps (`dataset.columns`) may ask it too.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
from pathlib import Path
from typing import Iterator, Mapping

from graphkit.dataset.records import METADATA, TABLES

CACHE_DIR_VARIABLE = "GRAPHKIT_CACHE_DIR"
SWITCH_VARIABLE = "GRAPHKIT_CACHE"  # "off" (or 0, no, false) reads every dataset from its files
_FILES = [METADATA, "vocabulary.yaml"] + [f"{table}.{ext}" for table in TABLES for ext in ("yaml", "csv", "yml")]
_CODE = ("model.py", "dates.py", "vocabulary.py", "vocabulary.yaml", "errors.py", "dataset")


_OFF: contextvars.ContextVar[bool] = contextvars.ContextVar("graphkit_cache_off", default=False)


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether datasets are read through the cache: not with `GRAPHKIT_CACHE=off` in the
    environment (or `environ`), nor inside `turned_off()`.

    >>> enabled({"GRAPHKIT_CACHE": "off"}), enabled({})
    (False, True)
    >>> with turned_off():
    ...     enabled({})
    False
    """
    if _OFF.get():
        return False
    environ = os.environ if environ is None else environ
    return environ.get(SWITCH_VARIABLE, "").strip().lower() not in ("off", "0", "no", "false")


@contextlib.contextmanager
def turned_off() -> Iterator[None]:
    """Read every dataset from its files while inside (the CLI's `--no-cache`)."""
    token = _OFF.set(True)
    try:
        yield
    finally:
        _OFF.reset(token)


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of cache entries: `$GRAPHKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/graphkit`,
    else `~/.cache/graphkit` (from the environment, or `environ`).

    >>> str(cache_dir({"GRAPHKIT_CACHE_DIR": "/var/cache/gk"})), str(cache_dir({"XDG_CACHE_HOME": "/xdg"}))
    ('/var/cache/gk', '/xdg/graphkit')
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get(CACHE_DIR_VARIABLE, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    xdg = environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "graphkit"


def is_entry(path: Path) -> bool:
    """Whether the entry is there; a cache folder that cannot be looked into holds none."""
    try:
        return path.is_file()
    except OSError:
        return False


def dataset_key(folder: str | Path) -> str | None:
    """The key of a folder's entries: its files' content, the folder as given and resolved, the
    vocabulary in force, the file size limit and graphkit's code. Any change to any of them is
    another key. None when a file is one the read refuses (not a regular file, unreadable, over
    the size limit): such a folder is never cached, so the read says what is wrong every time."""
    from graphkit.dataset.records import max_file_size
    from graphkit.vocabulary import vocabulary

    folder = Path(folder)
    limit = max_file_size()
    digest = hashlib.blake2b(digest_size=20)
    for part in (_code_fingerprint(), repr(vocabulary()), str(limit), str(folder), str(folder.resolve())):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    for name in _FILES:
        file = folder / name
        try:
            if not file.exists() and not file.is_symlink():
                digest.update(f"{name}:absent\0".encode())
                continue
            if not file.is_file() or file.stat().st_size > limit:
                return None
            digest.update(f"{name}:".encode() + _file_digest(file))
        except OSError:
            return None
    return digest.hexdigest()


_DIGESTS: dict[tuple, bytes] = {}


def _file_digest(file: Path) -> bytes:
    """The hash of a file's content; hashed again unless this process hashed it before and its
    status (size, times to the nanosecond, inode) is unchanged, as a cold read asks it twice."""
    status = file.stat()
    stamp = (str(file.resolve()), status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
    found = _DIGESTS.get(stamp)
    if found is None:
        with open(file, "rb") as handle:
            found = hashlib.file_digest(handle, "blake2b").digest()
        if len(_DIGESTS) > 1000:
            _DIGESTS.clear()
        _DIGESTS[stamp] = found
    return found


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """graphkit's version and the code that reads and checks a dataset, by the size and time of each
    file (an artifact's own code is told by its name: see `derived`)."""
    import graphkit

    root = Path(__file__).resolve().parents[1]
    parts = [graphkit.__version__]
    for name in _CODE:
        path = root / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            stat = file.stat()
            parts.append(f"{file.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


