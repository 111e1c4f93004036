"""The column-wise reading of CSV folders (`graphkit.dataset.columns`): it gives exactly what the
record path gives (problems, summary, `EdgeArrays`) or declines, and it never accepts a folder
the record path rejects. Each mutated copy of a synthetic folder changes one cell (or line)."""

import csv
import io
import shutil
from dataclasses import fields as dataclass_fields
from pathlib import Path

import numpy as np
import pytest

from conftest import cli, counted_calls, one_line_error
from graphkit.dataset import _validate_folder, cache, write_csv
from graphkit.dataset import columns as columns_module
from graphkit.dataset import column_records
from graphkit.dataset.column_records import dataset_from_columns
from graphkit.dataset.columns import read_columns
from graphkit.dataset.convert import convert_dataset
from graphkit.graph.arrays import EdgeArrays
from graphkit.graph.column_arrays import arrays_from_columns
from graphkit.synthetic import generate
from graphkit.vocabulary import dataset_vocabulary, using_vocabulary

SEED = Path(__file__).parents[1] / "seed" / "malaysia-palestine"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("columns") / "synthetic"
    write_csv(generate(120, seed=3), folder)
    return folder


def both_paths(folder: Path):
    """(record path: dataset, problems; column path: Columns or None)."""
    dataset, problems = _validate_folder(folder, by_columns=False)
    return dataset, problems, read_columns(folder)


def origins(dataset) -> list:
    return [record.origin for table in (dataset.sources, dataset.actors, dataset.relationships)
            for record in table.values()]


def assert_same(folder: Path) -> bool:
    """The column path declines, or gives the record path's problems, summary, arrays and dataset
    (origins included; `validate_dataset` takes it); whether it read."""
    dataset, problems, columns = both_paths(folder)
    made = dataset_from_columns(folder)
    assert (made is None) == (columns is None)
    if columns is None:
        assert _validate_folder(folder) == (dataset, problems)
        return False
    assert dataset is not None, [str(p) for p in problems if p.severity == "error"]
    assert columns.problems == problems
    assert made == (dataset, problems) and origins(made[0]) == origins(dataset)
    assert _validate_folder(folder) == (dataset, problems)
    assert cache.Summary(columns.name, *columns.counts, False) == cache.summary_of(dataset)
    with using_vocabulary(dataset_vocabulary(folder)):
        expected, found = EdgeArrays.from_dataset(dataset), arrays_from_columns(columns)
    for field in dataclass_fields(EdgeArrays):
        want, got = getattr(expected, field.name), getattr(found, field.name)
        assert want.dtype == got.dtype and np.array_equal(want, got), field.name
    return True


def rows(file: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))


def write_rows(file: Path, table: list[list[str]]) -> None:
    with open(file, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


def set_cell(table: str, row: int, column: str, value: str):
    def change(folder: Path) -> None:
        found = rows(folder / f"{table}.csv")
        found[row][found[0].index(column)] = value
        write_rows(folder / f"{table}.csv", found)
    return change


def add_row(table: str, values: dict[str, str], like: int | None = None):
    def change(folder: Path) -> None:
        found = rows(folder / f"{table}.csv")
        row = list(found[like]) if like is not None else [""] * len(found[0])
        for column, value in values.items():
            row[found[0].index(column)] = value
        found.append(row)
        write_rows(folder / f"{table}.csv", found)
    return change


def drop_column(table: str, column: str):
    def change(folder: Path) -> None:
        found = rows(folder / f"{table}.csv")
        at = found[0].index(column)
        write_rows(folder / f"{table}.csv", [row[:at] + row[at + 1:] for row in found])
    return change


def edit_text(table: str, old: str, new: str):
    def change(folder: Path) -> None:
        file = folder / f"{table}.csv"
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def first(folder: Path, table: str, column: str, row: int = 1) -> str:
    found = rows(folder / f"{table}.csv")
    return found[row][found[0].index(column)]


# Each makes the folder wrong: the record path reports an error, and the column path must decline.
ERRORS = {
    "duplicate actor id": lambda f: set_cell("actors", 2, "id", first(f, "actors", "id"))(f),
    "duplicate source id": lambda f: set_cell("sources", 3, "id", first(f, "sources", "id"))(f),
    "unknown actor kind": set_cell("actors", 4, "kind", "Persn"),
    "unknown source kind": set_cell("sources", 2, "kind", "blog post"),
    "unknown relationship type": set_cell("relationships", 5, "type", "MEETS"),
    "unknown stance": set_cell("relationships", 2, "stance", "claims"),
    "not a real date": set_cell("relationships", 3, "start", "2023-02-30"),
    "not a date": set_cell("relationships", 3, "date", "last spring"),
    "a year out of range": set_cell("actors", 3, "start", "9999"),
    "open start of an actor": set_cell("actors", 3, "end", ".."),
    "open published date": set_cell("sources", 3, "published", ".."),
    "dangling to": set_cell("relationships", 4, "to", "nobody"),
    "dangling from": set_cell("relationships", 6, "from", "a000001x"),
    "unknown cited source": set_cell("relationships", 2, "source", "s-missing"),
    "citation without a quote": set_cell("relationships", 2, "quote", ""),
    "citation without a source": set_cell("relationships", 2, "source", ""),
    "missing required column": drop_column("sources", "title"),
    "missing actor name": set_cell("actors", 5, "name", ""),
    "name only a guard": set_cell("actors", 5, "name", "' "),
    "id with a space": set_cell("actors", 6, "id", "a 6"),
    "id with a bar": set_cell("sources", 2, "id", "s|2"),
    "relationship id with a space": set_cell("relationships", 2, "id", "r 2"),
    "control character in a name": set_cell("actors", 2, "name", "Evil\x1b[31m"),
    "country not a code": set_cell("actors", 2, "country", "Malaysia"),
    "link not http": set_cell("sources", 2, "url", "javascript:alert(1)"),
    "link with a space": set_cell("sources", 2, "url", "https://exa mple.org/"),
    "link with a user": set_cell("sources", 2, "url", "https://user:pw@example.org/"),
    "link with a bad host": set_cell("sources", 2, "url", "https://-bad-.example.org/"),
    "link with port 0": set_cell("sources", 2, "url", "https://example.org:0/"),
    "date and start": lambda f: (set_cell("relationships", 2, "date", "2020")(f),
                                 set_cell("relationships", 2, "start", "2019")(f)),
    "actor end before start": lambda f: (set_cell("actors", 7, "start", "2020")(f),
                                         set_cell("actors", 7, "end", "2010")(f)),
    "relationship end before start": lambda f: (set_cell("relationships", 2, "date", "")(f),
                                                set_cell("relationships", 2, "start", "2020-05")(f),
                                                set_cell("relationships", 2, "end", "2019")(f)),
    "status without a note": set_cell("relationships", 2, "status", "confirmed"),
    "a further row that changes the type": add_row("relationships", {"type": "FUNDS"}, like=1),
    "a further row that renames an end": add_row("relationships", {"to": "a000002"}, like=1),
    "a second row of an id written as a guard": lambda f: add_row(
        "relationships", {"id": "' " + first(f, "relationships", "id")}, like=1)(f),
    "a further row repeating a guarded field unguarded": lambda f: (
        set_cell("relationships", 1, "role", "' chair")(f), add_row("relationships", {"role": "chair"}, like=1)(f)),
    "relationship ids differing by a guard": lambda f: add_row("relationships", {
        "id": "' " + first(f, "relationships", "id"), "type": "FUNDS"}, like=1)(f),
    "unknown column": edit_text("actors", "id,kind,name", "id,kind,nmae"),
    "a column twice": edit_text("sources", "title,kind", "title,title"),
    "an empty file": lambda f: (f / "actors.csv").write_text(""),
    "not UTF-8": lambda f: (f / "sources.csv").write_bytes((f / "sources.csv").read_bytes() + b"s9,\xff\xfe,other\n"),
    "a relationship without citations": lambda f: (set_cell("relationships", 2, "source", "")(f),
                                                   set_cell("relationships", 2, "quote", "")(f),
                                                   set_cell("relationships", 2, "stance", "")(f)),
    "amount not a number": set_cell("relationships", 2, "amount", "1.5m"),
    "bad dataset name": lambda f: (f / "dataset.yaml").write_text("name: ../evil\ntitle: T\n"),
}

def first_rows_only(folder: Path) -> None:
    """Each relationship's first row alone: no row follows one of its own id."""
    table = rows(folder / "relationships.csv")
    write_rows(folder / "relationships.csv", [row for number, row in enumerate(table)
                                               if number < 2 or row[0] != table[number - 1][0]])


def unusual_kind(type_name: str) -> str:
    """An actor kind a relationship of this type does not come from (nor go to, if undirected)."""
    from graphkit.vocabulary import vocabulary

    type_ = vocabulary().relationship_types[type_name]
    return next(kind for kind in vocabulary().actor_kinds if kind not in type_.from_kinds + type_.to_kinds)


# Each keeps the folder valid (maybe with a warning): the column path declines or agrees exactly.
VALID = {
    "unchanged": lambda f: None,
    "a guarded quote": set_cell("relationships", 2, "quote", "'=HYPERLINK(1)"),
    "spaces around a name": set_cell("actors", 2, "name", "  Spaced  "),
    "a guard and a space": set_cell("actors", 2, "name", "' x"),
    "a denying citation": set_cell("relationships", 2, "stance", "denies"),
    "an open end": lambda f: (set_cell("relationships", 2, "date", "")(f),
                              set_cell("relationships", 2, "start", "2001")(f),
                              set_cell("relationships", 2, "end", "..")(f)),
    "a citation date": set_cell("relationships", 3, "citation_date", "2024-03"),
    "an attested date": lambda f: (set_cell("relationships", 4, "date", "")(f),
                                   set_cell("relationships", 4, "start", "")(f),
                                   set_cell("relationships", 4, "end", "")(f),
                                   set_cell("relationships", 4, "attested", "2013")(f)),
    "after and before": lambda f: (set_cell("relationships", 4, "date", "")(f),
                                   set_cell("relationships", 4, "start", "")(f),
                                   set_cell("relationships", 4, "end", "")(f),
                                   set_cell("relationships", 4, "after", "2001")(f),
                                   set_cell("relationships", 4, "before", "2003")(f)),
    "a second citation": lambda f: add_row("relationships", {
        "id": first(f, "relationships", "id"), "source": first(f, "sources", "id", 5), "quote": "Another.",
        **{column: "" for column in ("from", "type", "to", "date", "start", "end", "stance")}})(f),
    "a relationship's rows apart": lambda f: add_row("relationships", {
        "id": first(f, "relationships", "id", 1), "source": first(f, "sources", "id", 9), "quote": "Later.",
        **{column: "" for column in ("from", "type", "to", "date", "start", "end", "stance")}})(f),
    "a relationship's rows apart, no others together": lambda f: (
        first_rows_only(f), VALID["a relationship's rows apart"](f)),
    "a further row that repeats the fields": lambda f: add_row("relationships", {
        "source": first(f, "sources", "id", 7), "quote": "Repeated."}, like=1)(f),
    "an actor without relationships": add_row("actors", {"id": "lonely", "kind": "Person", "name": "Lonely"}),
    "a source nothing cites": add_row("sources", {"id": "uncited", "title": "Uncited", "kind": "other"}),
    "ids that differ by case": lambda f: add_row("actors", {"id": first(f, "actors", "id").upper()}, like=1)(f),
    "an actor that ended long ago": set_cell("actors", 2, "end", "1001"),
    "an actor born late": set_cell("actors", 2, "start", "2190"),
    "a status with a note": lambda f: (set_cell("relationships", 2, "status", "reported")(f),
                                       set_cell("relationships", 2, "status_note", "One source.")(f)),
    "unusual ends": lambda f: set_cell("actors", 1 + [r[0] for r in rows(f / "actors.csv")[1:]].index(
        first(f, "relationships", "from")), "kind", unusual_kind(first(f, "relationships", "type")))(f),
    "a register record": set_cell("relationships", 2, "record", "Q1$abc"),
    "derived ids": lambda f: write_rows(f / "relationships.csv", [  # on relationships of one row
        ["", *row[1:]] if number and [r[0] for r in rows(f / "relationships.csv")].count(row[0]) == 1 else row
        for number, row in enumerate(rows(f / "relationships.csv"))]),
    "an alias list": set_cell("actors", 2, "aliases", "One | Two"),
    "three and four citations": lambda f: [add_row("relationships", {
        "id": first(f, "relationships", "id", row), "source": first(f, "sources", "id", number), "quote": "More.",
        "stance": stance, **{column: "" for column in ("from", "type", "to", "date", "start", "end")}})(f)
        for row, number, stance in ((1, 4, "asserts"), (1, 6, "alleges"), (3, 4, "denies"), (3, 4, ""), (3, 8, ""))],
    "one publisher for every source": lambda f: write_rows(f / "sources.csv", [
        row if number == 0 else [*row[:3], "One Press", *row[4:]] for number, row in enumerate(rows(f / "sources.csv"))]),
    "sources without publishers": lambda f: write_rows(f / "sources.csv", [
        row if number == 0 else [*row[:3], "", *row[4:]] for number, row in enumerate(rows(f / "sources.csv"))]),
    "a quote with a comma and quotation marks": set_cell("relationships", 2, "quote", 'He said, "yes".'),
    "a link with a port and a query": set_cell("sources", 2, "url", "https://Example.org:8443/a?b=c#d"),
    "a further row repeating a guarded field": lambda f: (
        set_cell("relationships", 1, "role", "' chair")(f), add_row("relationships", {"quote": "Again."}, like=1)(f)),
    "relationship ids that differ by case": lambda f: add_row("relationships", {
        "id": first(f, "relationships", "id").upper(), "type": first(f, "relationships", "type")}, like=1)(f),
    "a blank row of too many cells": edit_text("actors", "\n", "\n,,,,,,,,,,,,,,,,,\n"),
    "a day after the first report": set_cell("relationships", 2, "citation_date", "1001"),
    "a locator": set_cell("relationships", 2, "locator", "p. 4"),
    "every field of a source": lambda f: [set_cell("sources", 2, column, value)(f) for column, value in (
        ("authors", "A. One | B. Two"), ("language", "ms"), ("accessed", "2025-01-02"), ("description", "A report."))],
    "every text of an actor and a relationship": lambda f: [
        set_cell(table, 2, column, value)(f) for table, column, value in (
            ("actors", "description", "A group."), ("actors", "tags", "party | youth"),
            ("actors", "url", "https://example.org/"), ("relationships", "role", "chair"),
            ("relationships", "place", "Kuala Lumpur"), ("relationships", "description", "Met."),
            ("relationships", "date_note", "From the report."))],
}

# The valid changes the column path covers: it must read them itself (so the tests above are not vacuous).
COVERED = {"unchanged", "a guarded quote", "spaces around a name", "a guard and a space", "a denying citation",
           "an open end", "a citation date", "an attested date", "after and before", "a second citation",
           "a further row that repeats the fields", "an alias list", "a relationship's rows apart", "a further row repeating a guarded field",
           "a relationship's rows apart, no others together",
           "relationship ids that differ by case", "a quote with a comma and quotation marks",
           "a link with a port and a query", "one publisher for every source", "sources without publishers",
           "three and four citations", "a locator", "every field of a source",
           "every text of an actor and a relationship"}


def mutated(synthetic: Path, tmp_path: Path, change) -> Path:
    folder = tmp_path / "synthetic"
    shutil.copytree(synthetic, folder)
    change(folder)
    return folder


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_a_folder_with_an_error_is_read_record_by_record(synthetic, tmp_path, name):
    folder = mutated(synthetic, tmp_path, ERRORS[name])
    dataset, problems, columns = both_paths(folder)
    assert dataset is None and any(problem.severity == "error" for problem in problems)
    assert columns is None


@pytest.mark.parametrize("name", sorted(VALID))
def test_a_valid_folder_gives_what_the_record_path_gives(synthetic, tmp_path, name):
    folder = mutated(synthetic, tmp_path, VALID[name])
    dataset, problems, _ = both_paths(folder)
    assert dataset is not None, [str(problem) for problem in problems]
    read = assert_same(folder)
    assert read or name not in COVERED
    if name in ("unusual ends", "ids that differ by case", "an actor without relationships"):
        assert any(problem.severity == "warning" for problem in problems)  # the change is a real one


def shift_a_delimiter(table: str):
    """One row loses a delimiter and the next gains one: every row but two has its width, and the
    file as many delimiters as before."""
    def change(folder: Path) -> None:
        file = folder / f"{table}.csv"
        lines = file.read_text(encoding="utf-8").split("\n")
        lines[2] = lines[2].replace(",", "", 1)
        lines[3] = lines[3] + ","
        file.write_text("\n".join(lines), encoding="utf-8")
    return change


# Changes to a file's text that the checks over the whole text decide (rows, marks beside delimiters,
# line ends): the column path declines, or agrees exactly, valid or not.
TEXTS = {
    "a short row and a long row": shift_a_delimiter("relationships"),
    "a short actor row and a long one": shift_a_delimiter("actors"),
    "line ends of a Windows file": lambda f: (f / "actors.csv").write_bytes(
        (f / "actors.csv").read_bytes().replace(b"\n", b"\r\n")),
    "no line break at the end": lambda f: (f / "sources.csv").write_text(
        (f / "sources.csv").read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8"),
    "a space ending the file": lambda f: (f / "relationships.csv").write_text(
        (f / "relationships.csv").read_text(encoding="utf-8").rstrip("\n") + " ", encoding="utf-8"),
    "a tab inside a cell": set_cell("actors", 3, "name", "Tab\there"),
    "a space after a delimiter": set_cell("relationships", 4, "role", " chair"),
    "a space before a line break": set_cell("relationships", 4, "citation_date", "2024 "),
    "a guarded first cell": set_cell("actors", 3, "id", "'a3"),
    "a guard inside a cell": set_cell("actors", 3, "name", "O'Brien"),
    "a non-breaking space at a name's edge": set_cell("actors", 3, "name", "\u00a0Name"),
    "a name in another script": set_cell("actors", 3, "name", "Anwar \u0623\u0646\u0648\u0631"),
    "an ideographic space ending a name": set_cell("actors", 3, "name", "Name\u3000"),
    "a line separator in a description": set_cell("actors", 3, "description", "One\u2028two"),
    "a control character outside ASCII": set_cell("actors", 3, "name", "Evil\x9b31m"),
    "a space outside ASCII starting a quote": set_cell("relationships", 2, "quote", "\u2003Spaced."),
    "a blank line": edit_text("actors", "\n", "\n\n"),
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_changed_text_is_read_as_the_record_path_reads_it(synthetic, tmp_path, name):
    folder = mutated(synthetic, tmp_path, TEXTS[name])
    dataset, problems, columns = both_paths(folder)
    if dataset is None:
        assert columns is None, name
    else:
        read = assert_same(folder)
        assert read or name not in ("a guard inside a cell", "a name in another script", "no line break at the end")


def test_every_character_a_cell_may_not_start_or_end_with_is_found_in_the_bytes():
    """The whole-text check finds every character outside ASCII that `str.strip` removes or that
    is a control character, whatever its neighbours; ordinary text of other scripts passes."""
    from graphkit.dataset.column_tables import _unusual_characters

    def found(text: str) -> bool:
        return _unusual_characters(np.frombuffer(text.encode("utf-8"), dtype=np.uint8))

    unusual = [chr(code) for code in range(0x80, 0x110000)
               if not 0xD800 <= code <= 0xDFFF and (chr(code).isspace() or code <= 0x9F)]
    assert len(unusual) == 50  # 32 control characters, 18 kinds of white space
    for character in unusual:
        assert found(character) and found(f"a{character}") and found(f"\u0623{character}b"), hex(ord(character))
    assert not found("Anwar Ibrahim \u0623\u0646\u0648\u0631 \u5b89\u534e Pe\u00f1a \u2013 \u201cquoted\u201d \u20ac5 \U0001f600")


def test_the_seed_dataset_in_csv_form(tmp_path):
    folder = tmp_path / "seed-csv"
    convert_dataset(SEED, "csv", out=folder)
    dataset, problems, columns = both_paths(folder)
    assert dataset is not None
    assert_same(folder)  # it uses statuses set by hand and register records: read record by record
    assert columns is None


@pytest.mark.parametrize("read", ["dataset", "arrays", "summary"])
def test_a_folder_the_column_reading_declines_is_read_by_columns_once(synthetic, tmp_path, cache_dir, monkeypatch,
                                                                       read):
    """Declined late (a warning found by the last check), then read record by record: once each."""
    from graphkit.dataset import read_dataset, validate_summary
    from graphkit.graph.arrays import EdgeArrays, artifact_name

    folder = mutated(synthetic, tmp_path, VALID["an actor without relationships"])
    calls = counted_calls(monkeypatch, columns_module.read_tables, columns_module, column_records)
    made = {"dataset": lambda: read_dataset(folder), "summary": lambda: validate_summary(folder)[0],
            "arrays": lambda: cache.derived(folder, artifact_name(), EdgeArrays.from_dataset,
                                            save=lambda built, path: built.save(path), load=EdgeArrays.load,
                                            from_columns=arrays_from_columns)}[read]()
    assert made is not None and len(calls) == 1


def test_a_semicolon_separated_folder(synthetic, tmp_path):
    folder = mutated(synthetic, tmp_path, lambda f: None)
    for table in ("sources", "actors", "relationships"):
        file = folder / f"{table}.csv"
        with open(file, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";", lineterminator="\n").writerows(rows(synthetic / f"{table}.csv"))
    assert assert_same(folder)


def test_commands_on_a_cold_csv_folder_print_what_the_record_path_prints(synthetic, tmp_path, cache_dir,
                                                                       monkeypatch):
    folder = mutated(synthetic, tmp_path, lambda f: None)
    commands = [("validate", str(folder)), ("centrality", str(folder), "--measure", "pagerank", "--top", "5"),
                ("centrality", str(folder), "--as-of", "2015", "--top", "5"),
                ("centrality", str(folder), "--known-by", "2025-09", "--top", "5", "--format", "json")]
    by_columns = [cli(*command) for command in commands]
    assert {entry.name.rsplit(".", 1)[-1] for entry in cache_dir.iterdir()} >= {"problems"}
    assert not any(entry.name.endswith(".dataset") for entry in cache_dir.iterdir())  # no Dataset was made
    records = [("export", str(folder), "--format", "json"), ("stats", str(folder)), ("path", str(folder),
               first(folder, "relationships", "from"), first(folder, "relationships", "to"))]
    by_columns += [cli(*command) for command in records]  # the Dataset made from the column reading
    commands += records
    shutil.rmtree(cache_dir)
    monkeypatch.setattr(columns_module, "read_columns", lambda folder: None)
    monkeypatch.setattr(column_records, "dataset_from_columns", lambda folder: None)
    by_records = [cli(*command) for command in commands]
    for command, fast, slow in zip(commands, by_columns, by_records):
        assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr), command
    assert "OK, 1 note" in by_columns[0].stdout and "pagerank" in by_columns[1].stdout


def test_a_bad_cell_gives_the_record_paths_one_line_error(synthetic, tmp_path, cache_dir):
    folder = mutated(synthetic, tmp_path, set_cell("relationships", 4, "to", "nobody"))
    error = one_line_error(cli("centrality", str(folder), "--measure", "pagerank"))
    assert "is not a valid dataset (1 error)" in error and "graphkit validate" in error
    result = cli("validate", str(folder))
    lines = [line for line in result.stdout.splitlines() if "unknown actor 'nobody'" in line]
    assert result.returncode == 1 and len(lines) == 1
    assert "relationships.csv:5: error: record 'r0000003' field 'to'" in lines[0]
