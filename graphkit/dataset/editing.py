"""Adding records to a dataset folder without editing its files by hand (`graphkit add`).

A record is added as text: the new entry is appended to its table's file (a citation inserted
after the last citation of its relationship), and every other byte of the file stays as it was,
comments, order and quoting included. `ruamel.yaml`, a round-trip parser, says where the lists
are and how they are indented; the CSV form gets a row (a citation, a further row of its
relationship). Before anything is written the whole dataset, with the new record, is checked by
`validate_dataset` exactly as `graphkit validate` would: on any error nothing is written and the
error names the file, the record and the field. The file is then replaced in one step.
"""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.dataset.csv_form import CITATION_COLUMNS, separator, spreadsheet_text
from graphkit.dataset.find import table_file
from graphkit.dataset.records import METADATA, RECORDS, SEPARATOR, TABLES
from graphkit.errors import DatasetError, GraphkitError
from graphkit.model import Dataset, Origin, Problem, fields
from graphkit.vocabulary import EXTENSION_FILE

CITATIONS_KEY = next(f.key for f in fields(RECORDS["relationships"]) if f.kind == "citations")


@dataclass(frozen=True)
class Added:
    """What `add_record` or `add_citation` wrote: the file, the line the new entry starts on, and
    the id of the record it added (for a citation, of its relationship)."""

    file: Path
    line: int
    record: str


def add_record(folder: str | Path, table: str, values: dict[str, Any]) -> Added:
    """Add a source, actor or relationship (`table`) with these field values (file keys: `from`,
    `sources`, ...; lists and mappings as such) to the dataset in `folder`, checked first."""
    folder = _dataset_folder(folder)
    if table not in TABLES:
        raise GraphkitError(f"no table {table!r}", hint=f"add one of: {', '.join(TABLES)}")
    file = _table_file(folder, table)
    record = _numbers(_given(values), table)
    text = _read(file)
    if file.suffix == ".csv":
        new_text, line = _append_rows(text, table, file, _csv_rows(record, table))
    else:
        new_text, line = _append_yaml(text, file, record)
    dataset = _check_and_write(folder, file, new_text, line)
    return Added(file, line, _record_at(dataset, table, file, line))


def add_citation(folder: str | Path, relationship: str, values: dict[str, Any]) -> Added:
    """Add a citation (file keys: `source`, `quote`, `stance`, ...) to the relationship whose id
    (given or derived, as `graphkit validate` names it) is `relationship`, checked first."""
    from graphkit.dataset import validate_dataset

    folder = _dataset_folder(folder)
    file = _table_file(folder, "relationships")
    dataset, problems = validate_dataset(folder)
    if dataset is None:
        raise DatasetError(folder, problems, consequence="nothing was written")
    rel = dataset.relationships.get(relationship)
    if rel is None:
        from graphkit.dataset.records import suggest

        raise GraphkitError(f"{file}: no relationship {relationship!r}{suggest(relationship, dataset.relationships)}",
                            hint="`graphkit validate` and `graphkit export` name each relationship's id")
    citation = _given(values)
    same = ("source", "quote", "locator", "record")  # what says which words of which document
    if any(all(getattr(cited, key) == citation.get(key) for key in same) for cited in rel.citations):
        raise GraphkitError(f"{file}:{rel.origin.line}: record {relationship!r} field 'sources': it cites "
                            f"{citation.get('source')!r} so already; nothing was written",
                            hint="a citation says where in its source the claim is: give another quote or locator")
    text = _read(file)
    if file.suffix == ".csv":
        key = _relationship_key(rel, file)
        row = key | {CITATION_COLUMNS[name]: value for name, value in citation.items()}
        new_text, line = _insert_rows(text, file, rel.origin.line, row)
    else:
        new_text, line = _insert_citation(text, file, rel.origin.line, citation)
    _check_and_write(folder, file, new_text, line)
    return Added(file, line, relationship)


def _given(values: dict[str, Any]) -> dict[str, Any]:
    """The values given (empty ones left out), a relationship's citations each the same way.

    >>> _given({"id": "a", "end": None, "aliases": [], "sources": [{"source": "s", "quote": "q", "locator": None}]})
    {'id': 'a', 'sources': [{'source': 's', 'quote': 'q'}]}
    """
    return {key: [_given(item) for item in value] if key == CITATIONS_KEY else value
            for key, value in values.items() if value not in (None, "", [], {})}


def _numbers(record: dict[str, Any], table: str) -> dict[str, Any]:
    """`record` with the text of its number fields as numbers, written as the seed writes them
    (`amount: 50000`, not `'50000'`); a text that is no number stays, for validation to name.

    >>> _numbers({"amount": "50000", "share": "12.5", "role": "7"}, "relationships"), _numbers({"amount": "x"}, "relationships")
    ({'amount': 50000, 'share': 12.5, 'role': '7'}, {'amount': 'x'})
    """
    numeric = {f.key for f in fields(RECORDS[table]) if f.kind == "number"}
    typed = dict(record)
    for key in numeric & set(record):
        text = str(record[key]).strip().replace("_", "-")  # no 1_000: YAML would not read it back as written
        for kind in (int, float):
            try:
                number = kind(text)
            except ValueError:
                continue
            if math.isfinite(number):
                typed[key] = number
            break
    return typed


# --- YAML: the new entry as text, every other byte kept ------------------------------------------

def _append_yaml(text: str, file: Path, record: dict[str, Any]) -> tuple[str, int]:
    """The file's text with `record` appended to its list, and the line the record starts on.

    >>> text = "# people\\n- id: a   # the first\\n  name: A\\n"
    >>> new, line = _append_yaml(text, Path("actors.yaml"), {"id": "b", "name": "B"})
    >>> print(new, end=""); line
    # people
    - id: a   # the first
      name: A
    - id: b
      name: B
    4
    >>> _append_yaml("# none yet\\n[]\\n", Path("actors.yaml"), {"id": "b"})
    ('# none yet\\n- id: b\\n', 2)
    """
    data = _round_trip(text, file)
    lines = _lines(text)
    if data is None:
        return "".join(lines) + _ended(_block(record, 0), text), len(lines) + 1
    if not hasattr(data, "lc") or not isinstance(data, list):
        raise GraphkitError(f"{file}: is not a list of records", hint="each record is an entry \"- id: ...\"")
    if not data:
        line = data.lc.line
        if lines[line].strip() != "[]":
            raise GraphkitError(f"{file}: line {line + 1}: cannot add to this empty list",
                                hint="write it as `[]` on a line of its own")
        lines[line] = _ended(_block(record, 0), text)
        return "".join(lines), line + 1
    first = lines[data.lc.item(0)[0]]
    if getattr(data.fa, "flow_style", lambda: False)() or not first.lstrip().startswith("-"):
        raise GraphkitError(f"{file}: the list is written in flow style ([...])",
                            hint="write it one entry per \"- \" line to add to it")
    indent = len(first) - len(first.lstrip(" "))
    spaced = any(not lines[row - 1].strip() for row in (data.lc.item(i)[0] for i in range(1, len(data))))
    gap = _ended("\n", text) if spaced and lines[-1].strip() else ""
    return "".join(lines) + gap + _ended(_block(record, indent), text), len(lines) + 1 + bool(gap)


def _insert_citation(text: str, file: Path, line: int | None, citation: dict[str, Any]) -> tuple[str, int]:
    """The file's text with `citation` after the last citation of the relationship whose entry
    starts on `line`, and the line the citation starts on."""
    data = _round_trip(text, file)
    lines = _lines(text)
    index = next((i for i in range(len(data or ())) if data.lc.item(i)[0] + 1 == line), None)
    entry = data[index] if index is not None else None
    cited = entry.get(CITATIONS_KEY) if hasattr(entry, "get") else None
    if not cited or not hasattr(cited, "lc") or getattr(cited.fa, "flow_style", lambda: False)():
        raise GraphkitError(f"{file}:{line}: the relationship's {CITATIONS_KEY} are not a list of \"- \" entries",
                            hint=f"write its {CITATIONS_KEY} one per \"- source: ...\" line to add to them")
    keys = list(entry)
    after = keys[keys.index(CITATIONS_KEY) + 1:]
    end = (entry.lc.key(after[0])[0] if after else
           data.lc.item(index + 1)[0] if index + 1 < len(data) else len(lines))
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # blank lines and comments before what follows belong to it
    first = lines[cited.lc.item(0)[0]]
    indent = len(first) - len(first.lstrip(" "))
    lines.insert(end, _ended(_block(citation, indent), text))
    return "".join(lines), end + 1


def _read(file: Path) -> str:
    """A file's text with its line ends as they are (so that they are written back the same)."""
    with open(file, encoding="utf-8", newline="") as handle:
        return handle.read()


def _lines(text: str) -> list[str]:
    """The lines of a text, each with its line end (the last one given one if it lacks it)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += _ended("\n", text)
    return lines


def _ended(block: str, text: str) -> str:
    """`block` with the line ends of `text` (CRLF where a Windows editor saved it).

    >>> _ended("- id: a\\n", "x: 1\\r\\n"), _ended("- id: a\\n", "x: 1\\n")
    ('- id: a\\r\\n', '- id: a\\n')
    """
    return block.replace("\n", "\r\n") if "\r\n" in text else block


def _round_trip(text: str, file: Path) -> Any:
    """The file's data as the round-trip parser reads it (with lines and columns)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="rt").load(text)
    except (YAMLError, ValueError) as error:  # ValueError: an unquoted date that is no date (1961-13-01)
        what = "malformed YAML" if isinstance(error, YAMLError) else "a value YAML cannot read"
        raise GraphkitError(f"{file}: {what} ({' '.join(str(error).split())})",
                            hint=f"`graphkit validate {file.parent}` says where") from None


def _block(record: dict[str, Any], indent: int) -> str:
    """`record` as one entry of a block list, indented by `indent` spaces, its own lists indented
    under their keys as graphkit's datasets write them.

    >>> print(_block({"id": "x", "aliases": ["X", "Ex"], "start": "2023"}, 2), end="")
      - id: x
        aliases:
          - X
          - Ex
        start: '2023'
    """
    from ruamel.yaml import YAML

    writer = YAML(typ="rt")
    writer.indent(mapping=2, sequence=4, offset=2)  # as the seed dataset is written
    writer.width, writer.allow_unicode = 100, True
    buffer = io.StringIO()
    writer.dump([record], buffer)
    rows = buffer.getvalue().splitlines(keepends=True)  # the list itself comes indented by its offset, 2
    return "".join(" " * indent + row[2:] if row.strip() else row for row in rows)


# --- CSV: a row per record (and per citation) -----------------------------------------------------

def _csv_rows(record: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """A record's rows in the spreadsheet form: one, with its first citation's columns; a further
    row per further citation, naming the relationship by its key columns."""
    row = {key: value for key, value in record.items() if key != CITATIONS_KEY}
    citations = record.get(CITATIONS_KEY) or [{}]
    rows = [row | {CITATION_COLUMNS[name]: value for name, value in citations[0].items()}]
    key = {name: row[name] for name in ("id", "from", "type", "to", "date", "start", "attested") if name in row}
    rows += [key | {CITATION_COLUMNS[name]: value for name, value in more.items()} for more in citations[1:]]
    return rows


def _relationship_key(rel: Any, file: Path) -> dict[str, str]:
    """The columns that make a further CSV row a citation of `rel`."""
    from graphkit.model import derived_id

    if not derived_id(rel):
        return {"id": rel.id}
    key = {"from": rel.source, "type": rel.type, "to": rel.target}
    for name in ("date", "start", "attested"):
        if getattr(rel, name) is not None:
            return key | {name: str(getattr(rel, name))}
    return key


def _append_rows(text: str, table: str, file: Path, rows: list[dict[str, Any]]) -> tuple[str, int]:
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
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=_ended("\n", text))
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in header])
    base = text if not text or text.endswith("\n") else text + _ended("\n", text)
    line = base.count("\n") + 1
    return base + buffer.getvalue(), line


def _insert_rows(text: str, file: Path, line: int | None, row: dict[str, Any]) -> tuple[str, int]:
    """The CSV text with `row` (a further citation) after the last row of the relationship whose
    first row starts on `line`, and the line it starts on. Rows belong to one relationship as
    the spreadsheet form reads them: the same id, or the same ends, type and date.

    >>> text = "id,from,type,to,source\\n,a,LEADS,b,s1\\n,c,LEADS,d,s2\\n,a,LEADS,b,s3\\nx,e,X,f,s4\\n"
    >>> _insert_rows(text, Path("relationships.csv"), 2, {"from": "a", "type": "LEADS", "to": "b", "source": "s5"})
    ('id,from,type,to,source\\n,a,LEADS,b,s1\\n,c,LEADS,d,s2\\n,a,LEADS,b,s3\\n,a,LEADS,b,s5\\nx,e,X,f,s4\\n', 5)
    """
    appended, _ = _append_rows(text, "relationships", file, [row])  # checks the columns, writes the row
    base = text if not text or text.endswith("\n") else text + _ended("\n", text)
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
    lines = _lines(base)
    lines.insert(end, new_row)
    return "".join(lines), end + 1


def _cell(value: Any) -> str:
    """A value as a cell of the spreadsheet form (lists joined by ``|``, formulas guarded)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = [f"{key}={item}" for key, item in value.items()]
    if isinstance(value, list):
        value = SEPARATOR.join(map(str, value))
    return spreadsheet_text(str(value))


# --- checked, then written in one step -----------------------------------------------------------

def _dataset_folder(folder: str | Path) -> Path:
    folder = Path(folder)
    if not (folder / METADATA).is_file():
        raise GraphkitError(f"{folder}: not a dataset folder (no {METADATA})",
                            hint=f"create one with `graphkit init {folder}`")
    return folder


def _table_file(folder: Path, table: str) -> Path:
    problems: list[Problem] = []
    file = table_file(folder, table, problems)
    if file is None:
        raise GraphkitError(str(problems[0]), hint="fix the folder first (`graphkit validate`)")
    return file


def _check_and_write(folder: Path, file: Path, new_text: str, line: int) -> Dataset:
    """Check the dataset as it would be with `file` holding `new_text` (a copy is checked: the
    folder is untouched), then write the file in one step; on any error, write nothing."""
    from graphkit.dataset import validate_dataset

    with tempfile.TemporaryDirectory(prefix="graphkit-add-") as scratch:
        copy = Path(scratch) / folder.resolve().name
        copy.mkdir()
        names = [METADATA, EXTENSION_FILE] + [f"{table}.{ext}" for table in TABLES for ext in ("yaml", "csv")]
        for name in names:
            if (folder / name).is_file():
                shutil.copyfile(folder / name, copy / name)
        (copy / file.name).write_text(new_text, encoding="utf-8", newline="")
        dataset, problems = validate_dataset(copy)
    if dataset is None:
        def back(problem: Problem) -> Problem:
            origin = Origin(problem.origin.file.replace(str(copy), str(folder)), problem.origin.line)
            return Problem(origin, problem.record, problem.field, problem.message, problem.severity)

        ours = [back(p) for p in problems]  # the new record's problems first: they are what to fix
        ours.sort(key=lambda p: not (p.origin.file == str(file) and (p.origin.line or 0) >= line))
        raise _rejected(folder, ours)
    dataset.path = folder
    partial = file.with_name(f".{file.name}.graphkit-partial")
    partial.write_text(new_text, encoding="utf-8", newline="")
    os.replace(partial, file)
    return dataset


def _rejected(folder: Path, problems: list[Problem]) -> DatasetError:
    """The error of an addition refused, naming its first problem. Nothing was written, so
    `graphkit validate` is the hint only if the folder had errors before; else the other fields to fix."""
    from graphkit.dataset import validate_dataset

    error = DatasetError(folder, problems, consequence="nothing was written")
    if validate_dataset(folder)[0] is None:
        error.hint = f"the dataset had errors before this addition: `graphkit validate {folder}` lists them"
        return error
    errors = [problem for problem in problems if problem.severity == "error"]
    more = sorted({f"'{problem.field}'" for problem in errors[1:] if problem.field})
    also = f"{len(errors) - 1} more, in {', '.join(more)}: " if more else ""
    error.hint = f"{also}correct the values given and run the command again"
    return error


def _record_at(dataset: Dataset, table: str, file: Path, line: int) -> str:
    """The id of the record of `table` read from `file` at `line` (a relationship's may be derived)."""
    for key, record in getattr(dataset, table).items():
        origin = record.origin
        if origin is not None and Path(origin.file).name == file.name and origin.line == line:
            return key
    return ""
