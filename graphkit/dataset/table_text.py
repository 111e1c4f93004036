"""A table file's text, changed in place: its lines and line ends kept as they are, and the rows
of the spreadsheet (CSV) form appended or inserted (`dataset.editing` adds records with them)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from graphkit.dataset.csv_form import CITATION_COLUMNS, format_cell, separator
from graphkit.dataset.records import RECORDS
from graphkit.errors import GraphkitError
from graphkit.model import fields

CITATIONS_KEY = next(f.key for f in fields(RECORDS["relationships"]) if f.kind == "citations")


def read_text(file: Path) -> str:
    """A file's text with its line ends as they are (so that they are written back the same)."""
    with open(file, encoding="utf-8", newline="") as handle:
        return handle.read()


def lines_of(text: str) -> list[str]:
    """The lines of a text, each with its line end (the last one given one if it lacks it)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += ended("\n", text)
    return lines


def ended(block: str, text: str) -> str:
    """`block` with the line ends of `text` (CRLF where a Windows editor saved it).

    >>> ended("- id: a\\n", "x: 1\\r\\n"), ended("- id: a\\n", "x: 1\\n")
    ('- id: a\\r\\n', '- id: a\\n')
    """
    return block.replace("\n", "\r\n") if "\r\n" in text else block



def csv_rows(record: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """A record's rows in the spreadsheet form: one, with its first citation's columns; a further
    row per further citation, naming the relationship by its key columns."""
    row = {key: value for key, value in record.items() if key != CITATIONS_KEY}
    citations = record.get(CITATIONS_KEY) or [{}]
    rows = [row | {CITATION_COLUMNS[name]: value for name, value in citations[0].items()}]
    key = {name: row[name] for name in ("id", "from", "type", "to", "date", "start", "attested") if name in row}
    rows += [key | {CITATION_COLUMNS[name]: value for name, value in more.items()} for more in citations[1:]]
    return rows


def relationship_key(rel: Any, file: Path) -> dict[str, str]:
    """The columns that make a further CSV row a citation of `rel`."""
    from graphkit.model import derived_id

    if not derived_id(rel):
        return {"id": rel.id}
    key = {"from": rel.source, "type": rel.type, "to": rel.target}
    for name in ("date", "start", "attested"):
        if getattr(rel, name) is not None:
            return key | {name: str(getattr(rel, name))}
    return key


def append_rows(text: str, table: str, file: Path, rows: list[dict[str, Any]]) -> tuple[str, int]:
    """The CSV text with `rows` appended (in its own separator and columns), and the row number
    of the first. A value for a column the file lacks is an error naming it."""
    delimiter = separator(text)
    header = [name.strip().lstrip("\ufeff") for name in next(csv.reader(io.StringIO(text), delimiter=delimiter), [])]
    for row in rows:
        missing = [key for key in row if key not in header]
        if missing:
            raise GraphkitError(f"{file}: no column {missing[0]!r} for the value given",
                                hint=f"add the column {missing[0]} to the first row, or convert the dataset "
                                     f"to YAML (graphkit convert {file.parent} --to yaml)")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=ended("\n", text))
    for row in rows:
        writer.writerow([format_cell(row.get(name)) for name in header])
    base = text if not text or text.endswith("\n") else text + ended("\n", text)
    line = base.count("\n") + 1
    return base + buffer.getvalue(), line


def insert_rows(text: str, file: Path, line: int | None, row: dict[str, Any]) -> tuple[str, int]:
    """The CSV text with `row` (a further citation) after the last row of the relationship whose
    first row starts on `line`, and the line it starts on. Rows belong to one relationship as
    the spreadsheet form reads them: the same id, or the same ends, type and date.

    >>> text = "id,from,type,to,source\\n,a,LEADS,b,s1\\n,c,LEADS,d,s2\\n,a,LEADS,b,s3\\nx,e,X,f,s4\\n"
    >>> insert_rows(text, Path("relationships.csv"), 2, {"from": "a", "type": "LEADS", "to": "b", "source": "s5"})
    ('id,from,type,to,source\\n,a,LEADS,b,s1\\n,c,LEADS,d,s2\\n,a,LEADS,b,s3\\n,a,LEADS,b,s5\\nx,e,X,f,s4\\n', 5)
    """
    appended, _ = append_rows(text, "relationships", file, [row])  # checks the columns, writes the row
    base = text if not text or text.endswith("\n") else text + ended("\n", text)
    new_row = appended[len(base):]
    reader = csv.reader(io.StringIO(base, newline=""), delimiter=separator(base))
    header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]

    def key(cells: list[str]) -> tuple:
        values = {name: cell.strip() for name, cell in zip(header, cells)}
        if values.get("id"):
            return ("id", values["id"])
        return ("derived", values.get("from"), values.get("type"), values.get("to"),
                values.get("date") or values.get("start") or values.get("attested"))

    start, ours, end = reader.line_num + 1, None, None
    for cells in reader:
        ours = key(cells) if start == line else ours
        end, start = reader.line_num if ours is not None and key(cells) == ours else end, reader.line_num + 1
    if end is None:
        return appended, base.count("\n") + 1
    lines = lines_of(base)
    lines.insert(end, new_row)
    return "".join(lines), end + 1
