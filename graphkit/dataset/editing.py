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

import io
import math
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.dataset.csv_form import CITATION_COLUMNS
from graphkit.dataset.find import table_file
from graphkit.dataset.records import METADATA, RECORDS, TABLES
from graphkit.dataset.table_text import (CITATIONS_KEY, append_rows, csv_rows, ended, insert_rows, lines_of,
                                         read_text, relationship_key)
from graphkit.errors import DatasetError, GraphkitError
from graphkit.model import Dataset, Origin, Problem, fields
from graphkit.vocabulary import EXTENSION_FILE


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
    text = read_text(file)
    if file.suffix == ".csv":
        new_text, line = append_rows(text, table, file, csv_rows(record, table))
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
    same = ("source", "quote", "locator", "record", "url")  # which words, or which record, of which document
    if any(all(getattr(cited, key) == citation.get(key) for key in same) for cited in rel.citations):
        raise GraphkitError(f"{file}:{rel.origin.line}: record {relationship!r} field 'sources': it cites "
                            f"{citation.get('source')!r} so already; nothing was written",
                            hint="a citation says where in its source the claim is: give another quote or locator")
    text = read_text(file)
    if file.suffix == ".csv":
        key = relationship_key(rel, file)
        row = key | {CITATION_COLUMNS[name]: value for name, value in citation.items()}
        new_text, line = insert_rows(text, file, rel.origin.line, row)
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
    lines = lines_of(text)
    if data is None:
        return "".join(lines) + ended(_block(record, 0), text), len(lines) + 1
    if not hasattr(data, "lc") or not isinstance(data, list):
        raise GraphkitError(f"{file}: is not a list of records", hint="each record is an entry \"- id: ...\"")
    if not data:
        line = data.lc.line
        if lines[line].strip() != "[]":
            raise GraphkitError(f"{file}: line {line + 1}: cannot add to this empty list",
                                hint="write it as `[]` on a line of its own")
        lines[line] = ended(_block(record, 0), text)
        return "".join(lines), line + 1
    first = lines[data.lc.item(0)[0]]
    if getattr(data.fa, "flow_style", lambda: False)() or not first.lstrip().startswith("-"):
        raise GraphkitError(f"{file}: the list is written in flow style ([...])",
                            hint="write it one entry per \"- \" line to add to it")
    indent = len(first) - len(first.lstrip(" "))
    spaced = any(not lines[row - 1].strip() for row in (data.lc.item(i)[0] for i in range(1, len(data))))
    gap = ended("\n", text) if spaced and lines[-1].strip() else ""
    return "".join(lines) + gap + ended(_block(record, indent), text), len(lines) + 1 + bool(gap)


def _insert_citation(text: str, file: Path, line: int | None, citation: dict[str, Any]) -> tuple[str, int]:
    """The file's text with `citation` after the last citation of the relationship whose entry
    starts on `line`, and the line the citation starts on."""
    data = _round_trip(text, file)
    lines = lines_of(text)
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
    lines.insert(end, ended(_block(citation, indent), text))
    return "".join(lines), end + 1


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
