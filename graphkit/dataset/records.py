"""What the two forms of a dataset folder share: its tables, the `Record`s read off its files, and
the words its problems use ("did you mean ...?").

Both forms (YAML and CSV) are read into `Record`s of one shape, so one set of checks
(`graphkit.dataset.validate`) serves both and they give the same model.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
from pathlib import Path
from typing import Any, Protocol

from graphkit.errors import GraphkitError
from graphkit.model import Actor, Origin, Problem, Relationship, Source

METADATA = "dataset.yaml"
RECORDS = {"sources": Source, "actors": Actor, "relationships": Relationship}
"""The tables of a dataset, in the order they are read, and the record each holds."""
TABLES = tuple(RECORDS)
SEPARATOR = "|"  # between the values of a multi-valued CSV cell, so never inside one value


class Record(dict):
    """A mapping read from a file that remembers where it, and each of its fields, came from."""

    def __init__(self, file: str, line: int | None = None):
        super().__init__()
        self.file = file
        self.line = line
        self.lines: dict[Any, int] = {}
        self.repeated: list[tuple[Any, int]] = []  # fields given twice: (name, line)

    def origin(self, field: str | None = None) -> Origin:
        return Origin(self.file, self.lines.get(field, self.line))


class Report(Protocol):
    """Where a check reports what is wrong with a field of the record being read (validate's reader)."""

    def error(self, field: str | None, message: str, severity: str = "error") -> None: ...


MAX_FILE_SIZE_VARIABLE = "GRAPHKIT_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 256
"""The largest file a dataset may hold, in MB: far above any curated dataset, yet small enough that
a file copied in by mistake (a disk image, a dump) is refused at once instead of filling memory.
The environment variable raises it for a generated dataset that is larger still."""


def max_file_size() -> int:
    """The size limit of a dataset file in bytes (`GRAPHKIT_MAX_FILE_MB`, else the default)."""
    text = os.environ.get(MAX_FILE_SIZE_VARIABLE, "").strip()
    try:
        megabytes = float(text) if text else DEFAULT_MAX_FILE_MB
    except ValueError:
        raise GraphkitError(f"{MAX_FILE_SIZE_VARIABLE}={text!r} is not a number of megabytes",
                            hint=f"set it to e.g. {DEFAULT_MAX_FILE_MB * 4}, or unset it") from None
    if not megabytes > 0:
        raise GraphkitError(f"{MAX_FILE_SIZE_VARIABLE}={text!r} must be more than 0 megabytes",
                            hint=f"set it to e.g. {DEFAULT_MAX_FILE_MB * 4}, or unset it")
    return int(megabytes * 1_000_000)


def file_problem(file: Path) -> str | None:
    """What stops `file` from being read as a dataset file, or None when it is a regular file.

    Checked before opening it: a FIFO would block for ever, a device (`/dev/zero`) never ends.
    """
    try:
        mode = file.stat().st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop: the link leads back to itself; link it to a real file"
        if error.errno == errno.ENOENT and file.is_symlink():
            return f"a symbolic link to a missing file ({os.readlink(file)})"
        return f"cannot read the file: {error.strerror}"
    if stat.S_ISREG(mode):
        return None
    what = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")
    return f"{what}, not a regular file: a dataset's tables are files"


def read_text(file: Path, problems: list[Problem], encoding: str = "utf-8") -> str | None:
    """A file's text, or None when it cannot be read (the problem is reported).

    Only a regular file is read, and only up to `max_file_size()`: anything else is refused
    before it is opened, so a FIFO or a device cannot hang or exhaust the reader.
    """
    refused = file_problem(file)
    if refused:
        problems.append(Problem(Origin(str(file)), None, None, refused))
        return None
    limit = max_file_size()
    try:
        data, too_large = b"", file.stat().st_size > limit  # refused unread
        if not too_large:
            with open(file, "rb") as handle:
                data = handle.read(limit + 1)  # a file that grows meanwhile is read no further
        if too_large or len(data) > limit:
            problems.append(Problem(Origin(str(file)), None, None, (
                f"larger than the limit of {limit / 1_000_000:g} MB for a dataset file; "
                f"if it is meant to be this large, set {MAX_FILE_SIZE_VARIABLE} to more megabytes")))
            return None
        text = data.decode(encoding)
        return text.replace("\r\n", "\n").replace("\r", "\n")  # as a file opened as text reads it
    except UnicodeDecodeError as error:
        problems.append(Problem(Origin(str(file)), None, None,
                                f"not UTF-8 text (byte {error.start}): save the file as UTF-8"))
    except OSError as error:
        problems.append(Problem(Origin(str(file)), None, None, f"cannot read the file: {error.strerror}"))
    return None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1: what a terminal may act on
_CONTROL_IN_PROSE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # the same, tab and line break aside
PROSE = frozenset(("description", "quote", "status_note"))  # the fields of prose, by key
_CONTROL_NAMES = {"\0": "NUL", "\a": "BEL", "\b": "BS", "\t": "tab", "\n": "line break", "\v": "VT",
                  "\f": "FF", "\r": "CR", "\x1b": "ESC", "\x7f": "DEL", "\x9b": "CSI"}


def _control_name(char: str) -> str:
    r"""How a message names a control character.

    >>> _control_name("\x1b"), _control_name("\x01")
    ('U+001B, ESC', 'U+0001')
    """
    name = _CONTROL_NAMES.get(char)
    return f"U+{ord(char):04X}" + (f", {name}" if name else "")


def control_character(key: str, value: Any, where: str = "") -> str | None:
    r"""What is wrong when a field's text holds a control character, or None.

    ESC, BEL, NUL... act on the terminal that prints them (colours, a window title, erased text),
    so no field may hold one; prose (`PROSE`) may hold tabs and line breaks. A list's items and a
    mapping's keys and values are checked; a nested record (a citation) is checked on its own.

    >>> control_character("name", "Evil\x1b[31m"), control_character("quote", "one\ntwo")
    ('contains a control character (U+001B, ESC) at character 5: remove it', None)
    """
    parts = ([part for pair in value.items() for part in pair] if isinstance(value, dict)
             else value if isinstance(value, list) else [value])
    for text in (part.strip() for part in parts if isinstance(part, str)):
        found = (_CONTROL_IN_PROSE if key in PROSE else _CONTROL).search(text)
        if found:
            only = (f"; only {', '.join(sorted(PROSE))} may hold tabs and line breaks"
                    if found.group() in "\n\t" else "")
            return (f"contains a control character ({_control_name(found.group())}) at character "
                    f"{found.start() + 1}{where}: remove it{only}")
    return None


_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # every character `control_character` may refuse


def any_control_character(values) -> bool:
    r"""Whether any text among `values` (texts, lists and mappings of texts) holds a control
    character at all: one search for a whole record, before `control_character` says which field.

    >>> any_control_character(["Hamas", ["a", "b"], {"k": "v"}]), any_control_character(["ok", {"k": "\x1b"}])
    (False, True)
    """
    try:
        return _ANY_CONTROL.search("".join(values)) is not None  # the common case: texts alone
    except TypeError:
        pass
    texts = []
    for value in values:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            texts.extend(item for item in value if isinstance(item, str))
        elif isinstance(value, dict):
            texts.extend(part for pair in value.items() for part in pair if isinstance(part, str))
    return _ANY_CONTROL.search("".join(texts)) is not None


def suggest(value: str, choices) -> str:
    """A "did you mean" hint for a near miss, or empty when nothing is close.

    Case is ignored, and a value may also match one word of a choice, so that a shortened id or
    type still finds its full form.

    >>> suggest("MEETS", ["MET_WITH", "MEMBER_OF", "LEADS"])
    ' (did you mean MET_WITH?)'
    >>> suggest("person", ["Person", "Group"])
    ' (did you mean Person?)'
    >>> suggest("anwar", ["anwar-ibrahim", "hamas"])
    ' (did you mean anwar-ibrahim?)'
    >>> suggest("xyz", ["Person", "Group"])
    ''
    """
    value = str(value).lower()
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(value)  # the fixed side: SequenceMatcher caches its analysis

    def ratio(text: str) -> float:
        matcher.set_seq1(text)
        if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
            return 0.0  # cheap upper bounds first, as difflib.get_close_matches does
        return matcher.ratio()

    choices = list(choices)
    if len(choices) > 1000:  # keep a run with many typos in a large dataset quick
        choices = [choice for choice in choices if choice[:1].lower() == value[:1]]
    best, best_score = None, (0.6, -1.0)
    for choice in choices:
        text = choice.lower()
        whole = ratio(text)
        score = (max([whole, *(ratio(word) for word in re.split(r"[-_.\s]+", text) if word)]), whole)
        if score > best_score:
            best, best_score = choice, score
    return f" (did you mean {best}?)" if best else ""


def unknown(what: str, value: str, choices, where: str = "") -> str:
    """The message for a value outside a closed list (`where` in the record): a suggestion, else the list itself.

    >>> unknown("status", "confirmd", ["confirmed", "reported"])
    "unknown status 'confirmd' (did you mean confirmed?)"
    >>> unknown("status", "true", ["confirmed", "reported"])
    "unknown status 'true'; allowed: confirmed, reported"
    >>> unknown("stance", "claims", ["asserts", "alleges"], " in citation 2")
    "unknown stance 'claims' in citation 2; allowed: asserts, alleges"
    """
    hint = suggest(value, choices)
    return f"unknown {what} {value!r}{where}{hint or '; allowed: ' + ', '.join(choices)}"
