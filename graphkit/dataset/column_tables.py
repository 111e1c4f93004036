"""A CSV table's text split into columns, for `dataset.columns`: cells as `validate` reads them,
or `Uncovered` when the text holds what the column reading leaves to the record path (a cell over
several lines, a blank or ragged row, a control character, a column it does not cover).

A register-sized file is split at once (`str.split`), and the marks a cell must not hold are
looked for over the file's bytes with numpy rather than column by column; a file that holds
characters a cell may not start or end with (white space outside ASCII) is checked column by
column.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterable

from graphkit.dataset.columns_checks import Uncovered as _Uncovered
from graphkit.dataset.csv_form import COLUMNS, GUARD, REQUIRED_COLUMNS, separator
from graphkit.dataset.find import table_file
from graphkit.dataset.records import read_text
from graphkit.model import Problem

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # in cells joined by line breaks
_NOT_CONTROL = bytes(range(0x20, 0x7f)) + b"\n" + bytes(range(0x80, 0x100))  # all bytes but ASCII controls


def read_table(folder: Path, table: str, covered: Iterable[str]) -> dict[str, list[str] | None]:
    """A table's cleaned columns by name (None: the column is absent or empty), and under '' the
    cells of each column that held a guard as the CSV reader stores them (guard off, not stripped
    again): further rows of a relationship are compared with its first as stored."""
    found: list[Problem] = []
    file = folder / f"{table}.csv"
    if table_file(folder, table, found) != file or found:
        raise _Uncovered
    text = read_text(file, found, encoding="utf-8-sig")
    if text is None or not text or text.isspace() or "\n" not in text:
        raise _Uncovered
    delimiter = separator(text)
    if '"' not in text:  # nothing quoted: each line splits at the delimiter, as the csv module would split it
        header, cells_of, count, plain = unquoted(text, delimiter)
    else:
        plain = False
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            header = [name.strip() for name in next(reader)]
            rows = list(reader)
        except csv.Error:
            raise _Uncovered from None
        if text.count("\n") - text.endswith("\n") != len(rows) or set(map(len, rows)) - {len(header)}:
            raise _Uncovered  # a cell over several lines, a blank or ragged row: the record path says
        cells_of, count = list(zip(*rows)), len(rows)
    if (not count or not set(COLUMNS[table]) >= set(header) or len(set(header)) != len(header)
            or not set(header) >= set(REQUIRED_COLUMNS[table])):
        raise _Uncovered  # no rows, or a wrong header
    columns: dict[str, list[str] | None] = dict.fromkeys(COLUMNS[table])
    for name, cells in zip(header, cells_of):
        if not any(cells):
            continue
        if plain:  # no cell is blank, edged by white space or guarded, and none holds a control character
            if name not in covered:
                raise _Uncovered
            columns[name] = cells
            continue
        lined = "\n".join(cells)  # no cell holds a line break (counted above)
        if not lined.strip():
            continue  # every cell empty (or blank): the column gives no field
        if name not in covered or _CONTROL.search(lined):
            raise _Uncovered
        if _edge_space(lined):
            cells = list(map(str.strip, cells))
            lined = "\n".join(cells)
        if lined.startswith(GUARD) or "\n" + GUARD in lined:
            cells = [cell[1:] if cell[:1] == GUARD else cell for cell in cells]
            columns.setdefault("", {})[name] = cells
            cells = list(map(str.strip, cells))
        columns[name] = cells
    return columns


def unquoted(text: str, delimiter: str) -> tuple[list[str], list[list[str]], int, bool]:
    """The header, the cells of each column and the number of rows of a table with no quoted cell,
    as the csv module would split it (a blank or ragged row raises `_Uncovered`), and whether
    no cell holds a control character or starts or ends with white space or a guard (`plain`).
    Rows and marks are found over the text's bytes at once: the delimiter, the line break, the
    space and the guard are single bytes in UTF-8, never part of another character's.

    >>> unquoted("id,name\\na1,One\\na2, Two\\n", ",")
    (['id', 'name'], [['a1', 'a2'], ['One', ' Two']], 2, False)
    >>> unquoted("id,name\\na1\\na2,Two,\\n", ",")  # as many delimiters, one row short and one long
    Traceback (most recent call last):
    graphkit.dataset.columns_checks.Uncovered
    """
    import numpy as np

    data = text.encode("utf-8")
    codes = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(codes == ord("\n"))
    ends = breaks if text.endswith("\n") else np.append(breaks, len(codes))
    header = [name.strip() for name in text[:ends[0]].split(delimiter)]
    width = len(header)
    delimiters = np.flatnonzero(codes == ord(delimiter))
    if (np.diff(np.searchsorted(delimiters, np.concatenate([[-1], ends]))) != width - 1).any():
        raise _Uncovered  # a blank or ragged row: the record path says
    plain = delimiter.isprintable() and not data.translate(None, _NOT_CONTROL) and (
        text.isascii() or not _unusual_characters(codes))
    for mark, sides in ((" ", (-1, 1)), (GUARD, (-1,))):
        at = np.flatnonzero(codes == ord(mark)) if plain else ()
        if len(at) and (at[0] == 0 or at[-1] == len(codes) - 1 or np.isin(
                np.concatenate([codes[at + side] for side in sides]), (ord("\n"), ord(delimiter))).any()):
            plain = False  # beside a delimiter, a line break or the text's ends
    del data, codes, breaks, ends, delimiters
    flat = text.replace("\n", delimiter).split(delimiter)
    if text.endswith("\n"):
        flat.pop()
    cells_of = [flat[column::width] for column in range(width, 2 * width)]
    return header, cells_of, len(flat) // width - 1, plain


def _unusual_characters(codes: "np.ndarray") -> bool:
    """Whether UTF-8 bytes hold a character outside ASCII that is a control character (U+0080 to
    U+009F) or white space `str.strip` removes (U+00A0, U+1680, U+2000 to U+200A, U+2028, U+2029,
    U+202F, U+205F, U+3000): a cell might start or end with it, so its text is checked column by
    column. Any other character starts with another byte or goes on with other bytes.

    >>> import numpy as np
    >>> [_unusual_characters(np.frombuffer(text.encode(), dtype=np.uint8)) for text in ("Anwar \u0623", "a\u3000")]
    [False, True]
    """
    import numpy as np

    lead = np.flatnonzero((codes >= 0xC2) & (codes <= 0xE3))
    first, second, third = (codes[np.minimum(lead + step, len(codes) - 1)] for step in range(3))
    return bool((((first == 0xC2) & (second <= 0xA0))
                 | ((first == 0xE1) & (second == 0x9A) & (third == 0x80))
                 | ((first == 0xE2) & (second == 0x80) & ((third <= 0x8A) | np.isin(third, (0xA8, 0xA9, 0xAF))))
                 | ((first == 0xE2) & (second == 0x81) & (third == 0x9F))
                 | ((first == 0xE3) & (second == 0x80) & (third == 0x80))).any())


def _edge_space(lined: str) -> bool:
    """Whether a cell of a column (cells joined by line breaks, no control character) may start or
    end with white space: in ASCII only a space can; otherwise each cell is stripped to be sure."""
    return (not lined.isascii() or lined.startswith(" ") or lined.endswith(" ") or "\n " in lined
            or " \n" in lined)


__all__ = ["read_table", "unquoted"]
