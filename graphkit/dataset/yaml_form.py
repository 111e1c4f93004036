"""The YAML form of a dataset folder, read and written: `dataset.yaml` and a list of records per table.

Reading keeps every value as the text written (the checks in `validate` parse it, as they do a
CSV cell) and every mapping as a `Record` that knows its lines. Writing loops over each record's
declared fields (`model.fields`), so a new field is written with no change here.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from graphkit.dataset import yaml_fast
from graphkit.dataset.records import METADATA, RECORDS, Record, read_text
from graphkit.model import Citation, Dataset, Origin, Problem, derived_id, fields, keys


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


def _read_yaml(file: Path, problems: list[Problem]) -> tuple[bool, Any]:
    """Whether the file could be read, and its data."""
    text = read_text(file, problems)
    if text is None:
        return False, None
    quick = yaml_fast.read_records(text, str(file), _Items)  # a large table: rapidyaml, else None
    if quick is not None:
        return True, quick
    loader = _Loader(text)
    loader.file = str(file)
    try:
        anchored = _anchor(text)
        if anchored:
            problems.append(Problem(Origin(str(file), anchored[0]), None, None, (
                f"YAML {anchored[1]} are not allowed in a dataset: write each value out in full "
                "(a file of a few lines could otherwise expand to gigabytes)")))
            return False, None
        return True, loader.get_single_data()
    except yaml.YAMLError as error:
        problems.append(Problem(Origin(str(file), _line(error, "problem_mark")), None, None,
                                f"malformed YAML: {_yaml_error(error)}"))
        return False, None
    finally:
        loader.dispose()


def _anchor(text: str) -> tuple[int, str] | None:
    """The line of the first anchor (&name) or alias (*name) and what it is, or None.

    A curated dataset needs neither, and refusing them is what keeps an alias bomb (aliases of
    aliases, each repeating the one before) from expanding. Only a text with `&` or `*` is scanned.
    """
    if "&" not in text and "*" not in text:
        return None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            kind = "aliases (*name)" if isinstance(event, yaml.AliasEvent) else "anchors (&name)"
            return event.start_mark.line + 1, kind
    return None


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


def read_metadata(folder: Path, problems: list[Problem]) -> Record | None:
    """The record of a folder's `dataset.yaml`, or None if it cannot be read (the problem is reported)."""
    file = folder / METADATA
    if not file.exists() and not file.is_symlink():  # else reading it says what is wrong
        problems.append(Problem(Origin(str(file)), None, None,
                                f"missing {METADATA}: every dataset has one with its name and title"))
        return None
    ok, data = _read_yaml(file, problems)
    if ok and not isinstance(data, Record):
        names = keys(Dataset)
        problems.append(Problem(Origin(str(file)), None, None,
                                f"must be a mapping with {', '.join(names[:-1])} and {names[-1]}"))
        return None
    return data if ok else None


def read_yaml_table(file: Path, table: str, problems: list[Problem]) -> list[Record] | None:
    """A table's records from its YAML file, or None if it cannot be read (the problem is reported)."""
    ok, data = _read_yaml(file, problems)
    if not ok:
        return None
    if data is None:
        if table != "relationships":  # none yet is a dataset being started; no actors, a mistake
            problems.append(Problem(Origin(str(file)), None, None, (
                f"the file is empty: it lists no {table}; write `[]` in it if the dataset has none"), "warning"))
        return []
    if not isinstance(data, list):
        problems.append(Problem(Origin(str(file), getattr(data, "line", None)), None, None,
                                f"must be a list of {table}, each a mapping (\"- id: ...\")"))
        return None
    records = []
    for number, (item, line) in enumerate(zip(data, data.lines), 1):
        if isinstance(item, Record):
            records.append(item)
        else:
            problems.append(Problem(Origin(str(file), line), None, None,
                                    f"item {number} is not a mapping of fields: {item!r}"))
    return records


# --- writing -----------------------------------------------------------------------------------

def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty fields; dates and other values as the text written."""
    out = {}
    for key, value in record.items():
        if value is None or value == [] or value == {} or value == "":
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out[key] = value if isinstance(value, (list, dict, int, float)) else str(value)
    return out


def plain(record: Any) -> dict[str, Any]:
    """A record's declared fields under their file keys, empty ones left out; citations each a mapping."""
    return _clean({f.key: [_clean(citation_values(c)) for c in getattr(record, f.name)] if f.kind == "citations"
                   else getattr(record, f.name) for f in fields(type(record))})


_CITATION_DEFAULTS = {item.name: item.default for item in dataclasses.fields(Citation)}


def citation_values(citation: Citation) -> dict[str, Any]:
    """A citation's fields by file key, those at their default left out (a stance is `asserts`
    unless written otherwise).

    >>> citation_values(Citation("s", "A met B.")), citation_values(Citation("s", "A denies it.", stance="denies"))
    ({'source': 's', 'quote': 'A met B.'}, {'source': 's', 'quote': 'A denies it.', 'stance': 'denies'})
    """
    return {f.key: getattr(citation, f.name) for f in fields(Citation)
            if getattr(citation, f.name) != _CITATION_DEFAULTS[f.name]}


def dataset_records(dataset: Dataset) -> dict[str, Any]:
    """The dataset as the plain records of its four YAML files.

    What would be derived again when read is left out: a relationship's id when it is the one its
    ends, type and date give (`model.derived_id`), and a citation's stance when it is ``asserts``.
    A status is written only when it was set by hand (with its `status_note`).

    >>> from graphkit.model import Actor, Citation, Relationship, PartialDate
    >>> d = Dataset(name="demo", title="Demo", actors={"a": Actor(id="a", kind="Person", name="A")})
    >>> d.relationships["a--member_of--b--2020"] = Relationship(id="a--member_of--b--2020", source="a",
    ...     type="MEMBER_OF", target="b", start=PartialDate.parse("2020"), citations=[Citation("s", "A joined B.")])
    >>> dataset_records(d)["relationships"]
    [{'from': 'a', 'type': 'MEMBER_OF', 'to': 'b', 'start': '2020', 'sources': [{'source': 's', 'quote': 'A joined B.'}]}]
    """
    records: dict[str, Any] = {"dataset": plain(dataset)}
    for table in RECORDS:
        records[table] = [plain(item) for item in getattr(dataset, table).values()]
    for rel, record in zip(dataset.relationships.values(), records["relationships"]):
        if derived_id(rel):
            record.pop("id", None)
    return records


def dump(data: Any) -> str:
    """YAML as graphkit writes it: keys in the order given, UTF-8 text as it is, lines of 100."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C dumper where PyYAML has it: large sets
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def write_yaml(dataset: Dataset, folder: str | Path) -> Path:
    """Write a dataset as a folder of YAML files (dataset, sources, actors, relationships)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, records in dataset_records(dataset).items():
        (folder / f"{name}.yaml").write_text(dump(records), encoding="utf-8")
    return folder
