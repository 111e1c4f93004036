"""Read a dataset folder (YAML or its spreadsheet form, CSV) into a `Dataset`, and write the CSV form.

A dataset is a folder: `dataset.yaml` (name, title, description, license, version) and the three
tables `sources`, `actors` and `relationships`, each as `<table>.yaml` or `<table>.csv`. Both forms
are read into the same `validation.Record`s, so one set of checks serves both and they give the
same model. `seed/README.md` documents the format.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Iterable

import yaml

from graphkit.model import Dataset, DatasetError, Origin, PartialDate, Problem, relationship_id
from graphkit.validation import (
    ACTOR_FIELDS,
    CITATION_FIELDS,
    RELATIONSHIP_FIELDS,
    SEPARATOR,
    SOURCE_FIELDS,
    Record,
    build_dataset,
    suggest,
)

TABLES = ("sources", "actors", "relationships")
METADATA = "dataset.yaml"
LIST_FIELDS = ("aliases", "tags", "authors")
MAPPING_FIELDS = ("identifiers",)
# The spreadsheet form: one row per record; a relationship's citations are columns of its rows.
CSV_COLUMNS = {
    "sources": SOURCE_FIELDS,
    "actors": ACTOR_FIELDS,
    "relationships": tuple(f for f in RELATIONSHIP_FIELDS if f != "sources") + CITATION_FIELDS,
}
REQUIRED_COLUMNS = {
    "sources": ("id", "title"),
    "actors": ("id", "kind", "name"),
    "relationships": ("from", "type", "to", "source", "quote"),
}
_KEY_COLUMNS = ("id", "from", "type", "to", "date", "start")  # name a relationship's further rows


def read_dataset(path: str | Path) -> Dataset:
    """The dataset in a folder; raises `DatasetError` listing every problem if it has errors."""
    dataset, problems = validate_dataset(path)
    if dataset is None:
        raise DatasetError(path, problems)
    return dataset


def validate_dataset(path: str | Path) -> tuple[Dataset | None, list[Problem]]:
    """Check a dataset folder: the dataset (None if there are errors) and all problems, in file order."""
    folder = Path(path)
    problems: list[Problem] = []
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        problems.append(Problem(Origin(str(folder)), None, None,
                                f"{what}: a dataset is a folder with {METADATA}, sources, actors and relationships"))
        return None, problems
    meta = _read_metadata(folder, problems)
    tables = {table: _read_table(folder, table, problems) for table in TABLES}
    dataset, found = build_dataset(folder.resolve().name, meta, **tables)
    dataset.path = folder
    problems = sorted(problems + found, key=lambda p: (p.origin.file, p.origin.line or 0))
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    return dataset, problems


def default_dataset_paths() -> list[Path]:
    """Every dataset under `seed/` of the current directory, else under the `seed/` of this checkout."""
    for seed in (Path("seed"), Path(__file__).resolve().parent.parent / "seed"):
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


def _is_dataset(folder: Path) -> bool:
    names = [METADATA] + [f"{table}.{ext}" for table in TABLES for ext in ("yaml", "csv")]
    return any((folder / name).is_file() for name in names)


def _dataset_folders(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(child for child in folder.iterdir() if child.is_dir() and _is_dataset(child))


# --- YAML --------------------------------------------------------------------------------------

class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that keeps scalars as the text written and mappings as `Record`s with lines.

    Only null stays None: `2023-10` stays `2023-10` rather than a guess at a date, `NO` (Norway)
    stays `NO` rather than False, `007` stays `007`. Each field then parses its own text, exactly
    as it does for a CSV cell. (Not guessing types is also what makes large files quick to read.)
    """

    file = ""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            if value in _NULLS:
                return _NULL
            return _MERGE if value == "<<" else _TEXT
        return super().resolve(kind, value, implicit)


_TEXT, _NULL, _MERGE = (f"tag:yaml.org,2002:{name}" for name in ("str", "null", "merge"))
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class _Items(list):
    lines: list[int]


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    if node.tag == _TEXT:
        return node.value  # the common case, without the constructor's dispatch
    if node.tag == _NULL:
        return None
    return loader.construct_object(node, deep=True)


def _construct_record(loader: _Loader, node: yaml.MappingNode) -> Record:
    loader.flatten_mapping(node)
    record = Record(loader.file, node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = _construct(loader, key_node)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(None, None, "a field name must be text", key_node.start_mark)
        line = key_node.start_mark.line + 1
        if key in record:
            record.repeated.append((key, line))
        record[key] = _construct(loader, value_node)
        record.lines.setdefault(key, line)
    return record


def _construct_items(loader: _Loader, node: yaml.SequenceNode) -> _Items:
    items = _Items(_construct(loader, child) for child in node.value)
    items.lines = [child.start_mark.line + 1 for child in node.value]
    return items


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_record)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_items)
for _tag in ("bool", "int", "float", "timestamp"):  # explicitly tagged (!!int 5): still text
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", lambda loader, node: loader.construct_scalar(node))


def _read_text(file: Path, display: str, problems: list[Problem], encoding: str = "utf-8") -> str | None:
    try:
        return file.read_text(encoding=encoding)
    except UnicodeDecodeError as error:
        problems.append(Problem(Origin(display), None, None,
                                f"not UTF-8 text (byte {error.start}): save the file as UTF-8"))
    except OSError as error:
        problems.append(Problem(Origin(display), None, None, f"cannot read the file: {error.strerror}"))
    return None


def _read_yaml(file: Path, display: str, problems: list[Problem]) -> tuple[bool, Any]:
    text = _read_text(file, display, problems)
    if text is None:
        return False, None
    loader = _Loader(text)
    loader.file = display
    try:
        return True, loader.get_single_data()
    except yaml.YAMLError as error:
        problems.append(Problem(Origin(display, _line(error, "problem_mark")), None, None,
                                f"malformed YAML: {_yaml_error(error)}"))
        return False, None
    finally:
        loader.dispose()


def _line(error: yaml.YAMLError, mark: str) -> int | None:
    found = getattr(error, mark, None)
    return found.line + 1 if found else None


def _yaml_error(error: yaml.YAMLError) -> str:
    """The parser's own words, with the line and column of the problem (and of its context)."""
    parts = []
    for text, mark in (("context", "context_mark"), ("problem", "problem_mark")):
        where = getattr(error, mark, None)
        if getattr(error, text, None):
            parts.append(getattr(error, text) + (f" (line {where.line + 1}, column {where.column + 1})"
                                                 if where else ""))
    return "; ".join(parts) or str(error)


def _read_metadata(folder: Path, problems: list[Problem]) -> Record | None:
    file, display = folder / METADATA, str(folder / METADATA)
    if not file.is_file():
        problems.append(Problem(Origin(display), None, None,
                                f"missing {METADATA}: every dataset has one with its name and title"))
        return None
    ok, data = _read_yaml(file, display, problems)
    if ok and not isinstance(data, Record):
        problems.append(Problem(Origin(display), None, None,
                                "must be a mapping with name, title, description, license and version"))
        return None
    return data if ok else None


def _read_table(folder: Path, table: str, problems: list[Problem]) -> list[Record] | None:
    """A table's records, or None if it cannot be read (the problem is reported)."""
    yaml_file, csv_file = folder / f"{table}.yaml", folder / f"{table}.csv"
    if yaml_file.exists() and csv_file.exists():
        problems.append(Problem(Origin(str(csv_file)), None, None,
                                f"both {table}.yaml and {table}.csv are here: keep one of them"))
        return None
    if csv_file.exists():
        return _read_csv(csv_file, str(csv_file), table, problems)
    if not yaml_file.exists():
        other = folder / f"{table}.yml"
        hint = f" (rename {other.name} to {table}.yaml)" if other.exists() else ""
        problems.append(Problem(Origin(str(yaml_file)), None, None,
                                f"missing {table}.yaml (or {table}.csv){hint}"))
        return None
    display = str(yaml_file)
    ok, data = _read_yaml(yaml_file, display, problems)
    if not ok:
        return None
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(Origin(display, getattr(data, "line", None)), None, None,
                                f"must be a list of {table}, each a mapping (\"- id: ...\")"))
        return None
    records = []
    for number, (item, line) in enumerate(zip(data, data.lines), 1):
        if isinstance(item, Record):
            records.append(item)
        else:
            problems.append(Problem(Origin(display, line), None, None,
                                    f"item {number} is not a mapping of fields: {item!r}"))
    return records


# --- CSV ---------------------------------------------------------------------------------------

def _read_csv(file: Path, display: str, table: str, problems: list[Problem]) -> list[Record] | None:
    text = _read_text(file, display, problems, encoding="utf-8-sig")  # -sig: spreadsheets add a BOM
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
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
    records = [record for line, row in rows
               if (record := _csv_record(columns, row, line, display, table, problems)) is not None]
    return _gather_citations(records, problems) if table == "relationships" else records


def _check_header(columns: list[str], rows, display: str, table: str, problems: list[Problem]) -> bool:
    allowed, header = CSV_COLUMNS[table], Origin(display, 1)
    for number, name in enumerate(columns):
        if not name:
            if any(len(row) > number and row[number].strip() for _, row in rows):
                problems.append(Problem(header, None, None, f"column {number + 1} has values but no name"))
        elif name not in allowed:
            hint = suggest(name, allowed) or "; allowed: " + ", ".join(allowed)
            problems.append(Problem(header, None, None, f"unknown column {name!r}{hint}"))
        elif columns.index(name) != number:
            problems.append(Problem(header, None, None, f"column {name!r} appears twice"))
    missing = [name for name in REQUIRED_COLUMNS[table] if name not in columns]
    if missing:
        problems.append(Problem(header, None, None,
                                f"missing column(s) {', '.join(missing)}: the first row names the columns"))
    return not missing


def _csv_record(columns: list[str], row: list[str], line: int, display: str, table: str,
                problems: list[Problem]) -> Record | None:
    if not any(cell.strip() for cell in row):
        return None
    label = dict(zip(columns, row)).get("id", "").strip() or None
    if any(cell.strip() for cell in row[len(columns):]):
        problems.append(Problem(Origin(display, line), label, None,
                                f"row has {len(row)} cells but the first row names {len(columns)} columns"))
    record = Record(display, line)
    for name, cell in zip(columns, row):
        cell = cell.strip()
        if cell and name in CSV_COLUMNS[table] and name not in record:
            record[name] = _cell(name, cell, Origin(display, line), label, problems)
            record.lines[name] = line
    return record


def _cell(name: str, cell: str, origin: Origin, label: str | None, problems: list[Problem]) -> Any:
    """A cell's value in the shape a YAML field would have.

    >>> _cell("aliases", "Anwar | DSAI", Origin("actors.csv", 2), None, [])
    ['Anwar', 'DSAI']
    >>> _cell("identifiers", "wikidata=Q312981|twitter=anwaribrahim", Origin("actors.csv", 2), None, [])
    {'wikidata': 'Q312981', 'twitter': 'anwaribrahim'}
    """
    if name in LIST_FIELDS:
        return [item.strip() for item in cell.split(SEPARATOR) if item.strip()]
    if name in MAPPING_FIELDS:
        found = {}
        for item in filter(None, (item.strip() for item in cell.split(SEPARATOR))):
            key, equals, value = item.partition("=")
            if not equals or not key.strip():
                problems.append(Problem(origin, label, name, f"{item!r} is not key=value (e.g. wikidata=Q123)"))
            else:
                found[key.strip()] = value.strip()
        return found
    return cell


def _gather_citations(rows: list[Record], problems: list[Problem]) -> list[Record]:
    """Relationship rows into relationships, each with the citations of all its rows.

    Rows belong to one relationship when they have the same `id`, or (when `id` is empty) the same
    `from`, `type`, `to` and `date` (or `start`). The first row gives the relationship's fields;
    further rows add a citation and may repeat those fields but not change them.
    """
    first: dict[tuple, Record] = {}
    relationships = []
    for row in rows:
        citation = Record(row.file, row.line)
        for name in CITATION_FIELDS:
            if name in row:
                citation[name] = row.pop(name)
                citation.lines[name] = row.lines.pop(name)
        if "id" in row:
            key: tuple = ("id", row["id"])
        else:
            key = ("derived", row.get("from"), row.get("type"), row.get("to"), row.get("date") or row.get("start"))
        same = first.get(key) if "id" in row or all(key[1:4]) else None
        if same is None:
            row["sources"] = [citation] if citation else []
            first.setdefault(key, row)
            relationships.append(row)
            continue
        changed = [name for name, value in row.items() if same.get(name) != value]
        if changed:
            label = same.get("id") or relationship_id(key[1], key[2], key[3], key[4] and PartialDate(key[4]))
            problems.append(Problem(row.origin(changed[0]), label, changed[0], (
                f"differs from the first row of this relationship (line {same.line}): further rows may "
                "repeat its fields or leave them empty, and add a citation (source, quote, locator); "
                "if these are two relationships, give each its own id")))
        elif citation:
            same["sources"].append(citation)
    return relationships


def write_csv(dataset: Dataset, folder: str | Path) -> Path:
    """Write a dataset in its spreadsheet form: dataset.yaml with sources, actors and relationships as CSV."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        if (folder / f"{table}.yaml").exists():
            raise FileExistsError(f"{folder / table}.yaml exists; a dataset holds each table once")
    meta = {"name": dataset.name, "title": dataset.title, "description": dataset.description,
            "license": dataset.license, "version": dataset.version}
    (folder / METADATA).write_text(
        yaml.safe_dump({k: v for k, v in meta.items() if v}, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8")
    _write_rows(folder / "sources.csv", SOURCE_FIELDS,
                ({name: getattr(s, name) for name in SOURCE_FIELDS} for s in dataset.sources.values()))
    _write_rows(folder / "actors.csv", ACTOR_FIELDS,
                ({name: getattr(a, name) for name in ACTOR_FIELDS} for a in dataset.actors.values()))
    _write_rows(folder / "relationships.csv", CSV_COLUMNS["relationships"],
                (row for rel in dataset.relationships.values() for row in _relationship_rows(rel)))
    return folder


def _relationship_rows(rel) -> Iterable[dict]:
    fields = {name: getattr(rel, {"from": "source", "to": "target"}.get(name, name))
              for name in CSV_COLUMNS["relationships"] if name not in CITATION_FIELDS}
    if rel.id == relationship_id(rel.source, rel.type, rel.target, rel.date or rel.start):
        fields["id"] = None  # derived again when read
    key = {"id": fields["id"]} if fields["id"] else {name: fields[name] for name in _KEY_COLUMNS}
    for number, citation in enumerate(rel.citations or [None]):
        row = dict(fields if number == 0 else key)
        if citation is not None:
            row.update(source=citation.source, quote=citation.quote, locator=citation.locator)
        yield row


def _write_rows(file: Path, columns: tuple[str, ...], rows: Iterable[dict]) -> None:
    with open(file, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_format_cell(row.get(name)) for name in columns])


def _format_cell(value: Any) -> str:
    """A value as a CSV cell.

    >>> _format_cell(1500000.0), _format_cell(2.5), _format_cell(["a", "b"]), _format_cell({"wikidata": "Q1"})
    ('1500000', '2.5', 'a|b', 'wikidata=Q1')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dict):
        value = [f"{key}={item}" for key, item in value.items()]
    if isinstance(value, list):
        if any(SEPARATOR in str(item) for item in value):
            raise ValueError(f"{value!r}: values of a multi-valued cell may not contain {SEPARATOR!r}")
        return SEPARATOR.join(map(str, value))
    return str(value)
