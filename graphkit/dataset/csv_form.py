"""The spreadsheet form of a dataset folder, read and written: one CSV file per table, a row per record.

The columns are the record's declared fields (`model.fields`), under their file keys; a list is
one cell with its values separated by ``|``, a mapping ``key=value|key=value``. A relationship's
citations are columns of its rows: each further row of the same relationship adds a citation.
Rows are read into the same `Record`s as the YAML form, so both are checked by the same code.
A text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) is written
behind a ``'`` and read back without it (`spreadsheet_text`, `plain_text`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Iterable

from graphkit.dataset.records import METADATA, RECORDS, SEPARATOR, TABLES, Record, read_text, suggest
from graphkit.dataset.yaml_form import citation_values, dump, plain
from graphkit.errors import DateError, FormatError, TargetExists
from graphkit.model import (Citation, Dataset, Field, Origin, PartialDate, Problem, Relationship, derived_id,
                            fields, relationship_id)


def _citation_columns() -> dict[str, str]:
    """The column of each citation field, by its key: the key itself, or ``citation_<key>`` where a
    relationship field has that key (a citation's own `date` is not the relationship's `date`).

    >>> _citation_columns()
    {'source': 'source', 'quote': 'quote', 'locator': 'locator', 'stance': 'stance', 'date': 'citation_date', 'record': 'record', 'url': 'url', 'retrieved': 'retrieved'}
    """
    taken = {f.key for f in fields(Relationship)}
    return {f.key: f"citation_{f.key}" if f.key in taken else f.key for f in fields(Citation)}


CITATION_COLUMNS = _citation_columns()
"""The CSV column of each citation field (by its YAML key)."""


def _columns(record: type) -> dict[str, Field]:
    """The columns of a table: each declared field by its key, a citation's fields in place of citations."""
    found = {f.key: f for f in fields(record) if f.kind != "citations"}
    if any(f.kind == "citations" for f in fields(record)):
        found.update((CITATION_COLUMNS[f.key], f) for f in fields(Citation))
    return found


COLUMNS = {table: _columns(record) for table, record in RECORDS.items()}
"""The columns each table may have in its CSV form, in the order they are written."""
REQUIRED_COLUMNS = {table: tuple(key for key, f in columns.items() if f.required) for table, columns in COLUMNS.items()}
_CITATIONS = next(f.key for f in fields(Relationship) if f.kind == "citations")
_KEY = {f.name: f.key for f in fields(Relationship)}
# The columns that name the relationship a further row belongs to: its id, else what derives it
# (its ends, type, and the date `model.Relationship.when` takes: date, else start, else attested).
_KEY_COLUMNS = tuple(_KEY[name] for name in ("id", "source", "type", "target", "date", "start", "attested"))


def read_csv(file: Path, table: str, problems: list[Problem]) -> list[Record] | None:
    """A table's records from its CSV file, or None if it cannot be read (the problem is reported)."""
    display = str(file)
    text = read_text(file, problems, encoding="utf-8-sig")  # -sig: spreadsheets add a BOM
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem(Origin(display), None, None, (
            f"the file is empty: its first row names the columns ({', '.join(REQUIRED_COLUMNS[table])}, ...), "
            f"then a row per record")))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(text), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        header = next(reader, [])
        start = reader.line_num + 1
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(Origin(display, start), None, None,
                                f"malformed CSV: {error} (in the row that starts on this line)"))
        return None
    columns = [name.strip() for name in header]
    if not _check_header(columns, rows, display, table, problems):
        return None
    known = [(name, COLUMNS[table].get(name)) for name in columns]
    label_at = columns.index("id") if "id" in columns else None
    records = [record for line, row in rows
               if (record := _csv_record(known, label_at, row, line, display, problems)) is not None]
    return _gather_citations(records, problems) if table == "relationships" else records


def separator(text: str) -> str:
    """The separator of a CSV text: ``;`` when its first row (the column names, which hold neither)
    has more of them than commas, as spreadsheets save CSV in locales whose decimal mark is a comma;
    else ``,``.

    >>> separator("id;kind;name\\nhamas;Group;Hamas, the movement\\n"), separator("id,kind,name\\n")
    (';', ',')
    """
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _check_header(columns: list[str], rows, display: str, table: str, problems: list[Problem]) -> bool:
    allowed, header = tuple(COLUMNS[table]), Origin(display, 1)
    for number, name in enumerate(columns):
        if not name:
            if any(len(row) > number and row[number].strip() for _, row in rows):
                problems.append(Problem(header, None, None, f"column {number + 1} has values but no name"))
        elif name not in allowed:
            hint = suggest(name, allowed) or "; allowed: " + ", ".join(allowed)
            if ";" in name or "\t" in name:
                hint += ("; the file seems to mix separators: save it with one of them throughout, "
                         "',' or ';' (graphkit reads either)")
            problems.append(Problem(header, None, None, f"unknown column {name!r}{hint}"))
        elif columns.index(name) != number:
            problems.append(Problem(header, None, None, f"column {name!r} appears twice"))
    missing = [name for name in REQUIRED_COLUMNS[table] if name not in columns]
    if missing:
        problems.append(Problem(header, None, None,
                                f"missing column(s) {', '.join(missing)}: the first row names the columns"))
    return not missing


def _csv_record(columns: list[tuple[str, Field | None]], label_at: int | None, row: list[str], line: int,
                display: str, problems: list[Problem]) -> Record | None:
    """A row's record: each cell of a known column under its name (the first of a column named twice)."""
    if not "".join(row).strip():
        return None
    label = (row[label_at].strip() or None) if label_at is not None and label_at < len(row) else None
    if len(row) > len(columns) and "".join(row[len(columns):]).strip():
        problems.append(Problem(Origin(display, line), label, None,
                                f"row has {len(row)} cells but the first row names {len(columns)} columns"))
    record = Record(display, line)
    lines = record.lines
    for (name, field), cell in zip(columns, row):
        if not cell or field is None:
            continue
        cell = cell.strip()
        if cell[:1] == GUARD:
            cell = cell[1:]  # the writer guards formulas (spreadsheet_text)
        if cell and name not in record:
            record[name] = cell if field.kind not in _SPLIT else cell_value(field, cell, Origin(display, line), label,
                                                                       problems)
            lines[name] = line
    return record


_SPLIT = ("list", "mapping")  # the kinds of field whose cell holds several values


def cell_value(field: Field, cell: str, origin: Origin, label: str | None, problems: list[Problem]) -> Any:
    """A cell's value in the shape a YAML field would have.

    >>> columns = COLUMNS["actors"]
    >>> cell_value(columns["aliases"], "Anwar | DSAI", Origin("actors.csv", 2), None, [])
    ['Anwar', 'DSAI']
    >>> cell_value(columns["identifiers"], "wikidata=Q312981|twitter=anwaribrahim", Origin("actors.csv", 2), None, [])
    {'wikidata': 'Q312981', 'twitter': 'anwaribrahim'}
    """
    if field.kind == "list":
        return [item.strip() for item in cell.split(SEPARATOR) if item.strip()]
    if field.kind == "mapping":
        found = {}
        for item in filter(None, (item.strip() for item in cell.split(SEPARATOR))):
            key, equals, value = item.partition("=")
            if not equals or not key.strip():
                problems.append(Problem(origin, label, field.key, f"{item!r} is not key=value (e.g. wikidata=Q123)"))
            else:
                found[key.strip()] = value.strip()
        return found
    return cell


def _gather_citations(rows: list[Record], problems: list[Problem]) -> list[Record]:
    """Relationship rows into relationships, each with the citations of all its rows.

    Rows belong to one relationship when they have the same `id`, or (when `id` is empty) the same
    `from`, `type`, `to` and `date` (or `start`, or `attested`). The first row gives the relationship's fields;
    further rows add a citation and may repeat those fields but not change them.
    """
    id_, source, type_, target, date, start, attested = _KEY_COLUMNS
    first: dict[tuple, Record] = {}
    relationships = []
    for row in rows:
        citation = Record(row.file, row.line)
        for name, column in CITATION_COLUMNS.items():
            if column in row:
                citation[name] = row.pop(column)
                citation.lines[name] = row.lines.pop(column)
        if id_ in row:
            key: tuple = (id_, row[id_])
        else:
            key = ("derived", row.get(source), row.get(type_), row.get(target),
                   row.get(date) or row.get(start) or row.get(attested))
        same = first.get(key) if id_ in row or all(key[1:4]) else None
        if same is None:
            row[_CITATIONS] = [citation] if citation else []
            first.setdefault(key, row)
            relationships.append(row)
            continue
        changed = [name for name, value in row.items() if same.get(name) != value]
        if changed:
            label = same.get(id_) or relationship_id(key[1], key[2], key[3], key[4] and _when(key[4]))
            problems.append(Problem(row.origin(changed[0]), label, changed[0], (
                f"differs from the first row of this relationship (line {same.line}): further rows may "
                f"repeat its fields or leave them empty, and add a citation ({', '.join(CITATION_COLUMNS.values())}); "
                "if these are two relationships, give each its own id")))
        elif citation:
            same[_CITATIONS].append(citation)
    return relationships


def _when(text: str) -> PartialDate | str:
    """A key column's date for a label, or its text when it is not a date (that is reported elsewhere)."""
    try:
        return PartialDate.parse(text)
    except DateError:
        return text


# --- writing -----------------------------------------------------------------------------------

def write_csv(dataset: Dataset, folder: str | Path) -> Path:
    """Write a dataset in its spreadsheet form: dataset.yaml with sources, actors and relationships as CSV."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        if (folder / f"{table}.yaml").exists():
            raise TargetExists(f"{folder / table}.yaml exists; a dataset holds each table once")
    (folder / METADATA).write_text(dump(plain(dataset)), encoding="utf-8")
    for table in TABLES:
        records = getattr(dataset, table).values()
        rows = (row for record in records for row in _rows(record))
        _write_rows(folder / f"{table}.csv", tuple(COLUMNS[table]), rows)
    return folder


def _rows(record: Any) -> Iterable[dict[str, Any]]:
    """A record's rows: one, or for a relationship one per citation (further rows name it by key only)."""
    row = {f.key: getattr(record, f.name) for f in fields(type(record)) if f.kind != "citations"}
    if not isinstance(record, Relationship):
        yield row
        return
    id_ = _KEY_COLUMNS[0]
    if derived_id(record):
        row[id_] = None  # derived again when read
    key = {id_: row[id_]} if row[id_] else {name: row[name] for name in _KEY_COLUMNS}
    for number, citation in enumerate(record.citations or [None]):
        further = dict(row if number == 0 else key)
        if citation is not None:
            further.update((CITATION_COLUMNS[key], value) for key, value in citation_values(citation).items())
        yield further


def _write_rows(file: Path, columns: tuple[str, ...], rows: Iterable[dict]) -> None:
    with open(file, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([format_cell(row.get(name)) for name in columns])


def format_cell(value: Any) -> str:
    """A value as a CSV cell; text a spreadsheet would run as a formula is guarded (`spreadsheet_text`).

    >>> format_cell(1500000.0), format_cell(2.5), format_cell(["a", "b"]), format_cell({"wikidata": "Q1"})
    ('1500000', '2.5', 'a|b', 'wikidata=Q1')
    >>> format_cell(-2.5), format_cell("=HYPERLINK(1)"), format_cell(["-a", "b"])
    ('-2.5', "'=HYPERLINK(1)", "'-a|b")
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else repr(value)
    if isinstance(value, dict):
        value = [f"{key}={item}" for key, item in value.items()]
    if isinstance(value, list):
        if any(SEPARATOR in str(item) for item in value):
            raise FormatError(f"{value!r}: values of a multi-valued cell may not contain {SEPARATOR!r}",
                              hint="write the dataset as YAML (write_yaml), or take the separator out")
        value = SEPARATOR.join(map(str, value))
    return spreadsheet_text(str(value))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""
GUARD = "'"


def spreadsheet_text(text: str) -> str:
    """`text` as a spreadsheet shows it but never runs it: a cell that would start a formula gets a
    leading ``'``, and so does one that starts with ``'`` already, so that `plain_text` gives every
    text back exactly. Only the spreadsheet form is guarded: the neo4j-admin bulk files stay exact.

    >>> spreadsheet_text("=HYPERLINK(1)"), spreadsheet_text("@SUM(1)"), spreadsheet_text("Hamas")
    ("'=HYPERLINK(1)", "'@SUM(1)", 'Hamas')
    >>> all(plain_text(spreadsheet_text(t)) == t for t in ("=1+1", "+1", "-x", "'quoted", "''", "\\tx", "a=b"))
    True
    """
    return GUARD + text if text.startswith(FORMULA_STARTS + (GUARD,)) else text


def plain_text(cell: str) -> str:
    """A cell of the spreadsheet form as it was before `spreadsheet_text` guarded it."""
    return cell[len(GUARD):] if cell.startswith(GUARD) else cell
