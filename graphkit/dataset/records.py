"""What the two forms of a dataset folder share: its tables, the `Record`s read off its files, and
the words its problems use ("did you mean ...?").

Both forms (YAML and CSV) are read into `Record`s of one shape, so one set of checks
(`graphkit.dataset.validate`) serves both and they give the same model.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, Protocol

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


def read_text(file: Path, problems: list[Problem], encoding: str = "utf-8") -> str | None:
    """A file's text, or None when it cannot be read (the problem is reported)."""
    try:
        return file.read_text(encoding=encoding)
    except UnicodeDecodeError as error:
        problems.append(Problem(Origin(str(file)), None, None,
                                f"not UTF-8 text (byte {error.start}): save the file as UTF-8"))
    except OSError as error:
        problems.append(Problem(Origin(str(file)), None, None, f"cannot read the file: {error.strerror}"))
    return None


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
