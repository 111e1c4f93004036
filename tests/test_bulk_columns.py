"""The bulk importer's files made from a CSV folder's columns (`store.bulk_columns`) are the files
the graph form gives (`store.bulk_csv.write_files`), byte for byte, on every folder of
tests/test_columns.py the column reading takes; `graphkit export --format neo4j-csv` uses them."""

import datetime as dt
import filecmp
import random
from pathlib import Path

import pytest

from conftest import cli, counted_calls, one_line_error
from test_columns import (COVERED, VALID, add_row, first, mutated, rows, set_cell, synthetic,  # noqa: F401
                          write_rows)
from graphkit.dataset import columns as columns_module
from graphkit.dataset import read_dataset, write_csv
from graphkit.graph import dataset_to_graph
from graphkit.store.bulk import prepared_dataset, prepared_folder
from graphkit.store.bulk_csv import ARRAY_DELIMITER, write_files
from graphkit.store.mapping import PART
from graphkit.synthetic import generate
from graphkit.vocabulary import dataset_vocabulary, using_vocabulary, vocabulary

LOAD = {"number": 3, "dataset": "synthetic", "state": "current", "started": dt.datetime(2026, 1, 2, 3, 4, 5),
        "finished": dt.datetime(2026, 1, 2, 3, 4, 9, tzinfo=dt.timezone.utc)}


def write_folder(folder: Path, out: Path, **options):
    """The files of `folder` from its column reading, as `export` writes them; None if it declines."""
    prepared = prepared_folder(folder)
    return None if prepared is None else prepared.write(out, **options)


def by_graph(folder: Path, out: Path, load: dict | None = None) -> list[Path]:
    """The files of the folder's graph form (its records read one by one); a versioned write with `load`."""
    with using_vocabulary(dataset_vocabulary(folder)):
        return write_files(dataset_to_graph(read_dataset(folder, by_columns=False)), out, load=load,
                           dataset_folder=str(folder) if load else None)


def assert_same_files(expected: list[Path], found: list[Path]) -> None:
    assert [path.name for path in found] == [path.name for path in expected]
    for want, got in zip(expected, found):
        assert filecmp.cmp(want, got, shallow=False), (want.name, got.read_text()[:2000])


@pytest.mark.parametrize("name", sorted(VALID))
def test_the_files_from_columns_are_the_graph_forms(synthetic, tmp_path, name):  # noqa: F811
    folder = mutated(synthetic, tmp_path, VALID[name])
    found = write_folder(folder, tmp_path / "columns")
    if found is None:
        assert not (tmp_path / "columns").exists()
        return
    assert_same_files(by_graph(folder, tmp_path / "graph"), found)
    versioned = write_folder(folder, tmp_path / "columns-versioned", load=LOAD, dataset_folder=str(folder))
    assert_same_files(by_graph(folder, tmp_path / "graph-versioned", load=LOAD), versioned)
    assert "gk_hash" in (tmp_path / "columns-versioned" / "relationships.csv").read_text().splitlines()[0]


def three_reports_two_of_one_publisher(folder: Path) -> None:
    """The first relationship reported on three days, the first two times by one publisher: as
    known on the second day, its status depends on the publishers (`mapping.knowledge`)."""
    relationship, source = first(folder, "relationships", "id"), first(folder, "relationships", "source")
    other, third = [row[0] for row in rows(folder / "sources.csv")[1:] if row[0] != source][:2]
    for row, found in enumerate(rows(folder / "sources.csv")):
        if found[0] in (source, other):
            set_cell("sources", row, "publisher", "One Press")(folder)
    set_cell("relationships", 1, "citation_date", "2023-05")(folder)
    for cited, day in ((other, "2024-01"), (third, "2024-06")):
        add_row("relationships", {"id": relationship, "source": cited, "quote": "Again.", "citation_date": day})(folder)


def test_statuses_as_known_count_a_publisher_once(synthetic, tmp_path):  # noqa: F811
    folder = mutated(synthetic, tmp_path, three_reports_two_of_one_publisher)
    found = write_folder(folder, tmp_path / "columns")
    assert found is not None
    assert_same_files(by_graph(folder, tmp_path / "graph"), found)
    row = next(line for line in (tmp_path / "columns" / "relationships.csv").read_text().splitlines()
               if f",{first(folder, 'relationships', 'id')}," in line)
    assert ARRAY_DELIMITER.join(["2023-05-31", "2024-01-31", "2024-06-30"]) in row
    assert ARRAY_DELIMITER.join(["reported", "reported", "confirmed"]) in row


def a_self_tie_cited_twice_by_one_source(folder: Path) -> None:
    """A relationship of a person with themself (one CITES link per source, not two), whose source
    is cited twice (named once)."""
    person = next(row[0] for row in rows(folder / "actors.csv")[1:] if row[1] == "Person")
    source = first(folder, "sources", "id")
    for quote in ("Met alone.", "Again alone."):
        add_row("relationships", {"id": "r-self", "from": person, "type": "MET_WITH", "to": person, "date": "2020",
                                  "source": source, "quote": quote})(folder)


def test_a_self_tie_gives_one_link_per_source(synthetic, tmp_path):  # noqa: F811
    folder = mutated(synthetic, tmp_path, a_self_tie_cited_twice_by_one_source)
    found = write_folder(folder, tmp_path / "columns")
    assert found is not None
    assert_same_files(by_graph(folder, tmp_path / "graph"), found)
    links = [line for line in (tmp_path / "columns" / "cites.csv").read_text().splitlines() if "r-self" in line]
    assert len(links) == 1 and links[0].rsplit(",", 1)[1].split(ARRAY_DELIMITER).count("r-self") == 1, links


def test_every_covered_change_is_written_from_columns(synthetic, tmp_path):  # noqa: F811
    """The comparison above is not vacuous: the column path writes every folder the reading covers."""
    for name in sorted(COVERED):
        folder = mutated(synthetic, tmp_path / name, VALID[name])
        assert write_folder(folder, tmp_path / name / "out") is not None, name


def test_export_of_a_csv_folder_builds_no_graph_form(synthetic, tmp_path, monkeypatch):  # noqa: F811
    folder = mutated(synthetic, tmp_path, VALID["a second citation"])
    expected = by_graph(folder, tmp_path / "graph")

    def no_graph_form(*args, **kwargs):
        raise AssertionError("the graph form was built")

    monkeypatch.setattr("graphkit.cli.options.GraphSource.load_everything", no_graph_form)
    result = cli("export", str(folder), "--format", "neo4j-csv", "--out", str(tmp_path / "import"))
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stderr and "relationships.csv" in result.stderr
    assert_same_files(expected, [tmp_path / "import" / path.name for path in expected])
    assert len(list((tmp_path / "import").iterdir())) == len(expected)


def test_export_of_a_folder_with_an_error_says_so_in_one_line_and_writes_nothing(synthetic, tmp_path):  # noqa: F811
    folder = mutated(synthetic, tmp_path, set_cell("relationships", 4, "to", "nobody"))
    error = one_line_error(cli("export", str(folder), "--format", "neo4j-csv", "--out", str(tmp_path / "import")))
    assert "is not a valid dataset (1 error)" in error
    assert not (tmp_path / "import").exists() or not any((tmp_path / "import").iterdir())


def test_a_filtered_export_takes_the_graph_form(synthetic, tmp_path):  # noqa: F811
    """Filters slice the graph form: the columns would write every relationship."""
    folder = mutated(synthetic, tmp_path, lambda f: None)
    cli("export", str(folder), "--format", "neo4j-csv", "--out", str(tmp_path / "all"))
    result = cli("export", str(folder), "--format", "neo4j-csv", "--as-of", "2015", "--out", str(tmp_path / "2015"))
    assert result.returncode == 0, result.stderr
    lines = [len((tmp_path / out / "relationships.csv").read_text().splitlines()) for out in ("all", "2015")]
    assert 1 < lines[1] < lines[0]


def test_a_dataset_of_its_own_vocabulary_and_of_several_parts(tmp_path):
    """Its own kinds and an undirected type of its own, and more relationships than one part
    (`mapping.PART`) holds: still the graph form's files."""
    folder = tmp_path / "own"
    write_csv(generate(1100, seed=7), folder)
    kinds = ", ".join([*vocabulary().actor_kinds, "Lobby"])
    (folder / "vocabulary.yaml").write_text(
        "actor_kinds:\n  Lobby:\n    description: A lobbying firm.\nrelationship_types:\n"
        f"  MEETS:\n    description: Meet (symmetric).\n    directed: false\n    from: [{kinds}]\n    to: [{kinds}]\n"
        "    family: advisory\n", encoding="utf-8")
    add_row("actors", {"id": "lobby", "kind": "Lobby", "name": "A Lobby"})(folder)
    add_row("relationships", {"id": "r-meets", "from": "lobby", "type": "MEETS", "to": first(folder, "actors", "id"),
                              "date": "2020-02", "source": first(folder, "sources", "id"),
                              "quote": "They met."})(folder)
    assert len(rows(folder / "relationships.csv")) > PART + 1
    found = write_folder(folder, tmp_path / "columns", load=LOAD, dataset_folder=str(folder))
    assert found is not None
    assert_same_files(by_graph(folder, tmp_path / "graph", load=LOAD), found)
    written = {path.name: path.read_text(encoding="utf-8") for path in found}
    assert f"\nsynthetic-1100:lobby,Actor{ARRAY_DELIMITER}Lobby," in written["actors.csv"]
    assert ",MEETS,r-meets,synthetic-1100,false," in written["relationships.csv"]


def test_load_bulk_writes_a_csv_folder_from_its_columns_as_from_its_dataset(synthetic, tmp_path):  # noqa: F811
    folder = mutated(synthetic, tmp_path, VALID["three and four citations"])
    by_columns, by_dataset = prepared_folder(folder), prepared_dataset(read_dataset(folder, by_columns=False))
    assert by_columns is not None and (by_columns.name, by_columns.counts) == (by_dataset.name, by_dataset.counts)
    options = {"load": LOAD, "dataset_folder": str(folder)}
    assert_same_files(by_dataset.write(tmp_path / "dataset", **options),
                      by_columns.write(tmp_path / "columns", **options))
    assert prepared_folder(mutated(synthetic, tmp_path / "declined", VALID["a register record"])) is None


def test_a_folder_the_column_reading_declines_is_read_once_by_an_export(synthetic, tmp_path, cache_dir,  # noqa: F811
                                                                        monkeypatch):
    """The column reading remembers (in the cache) a folder it declined: the export's record path,
    and the next export, do not read it by columns again."""
    folder = mutated(synthetic, tmp_path, VALID["an actor without relationships"])
    reads = counted_calls(monkeypatch, columns_module._read, columns_module)
    for out in ("first", "again"):
        result = cli("export", str(folder), "--format", "neo4j-csv", "--out", str(tmp_path / out))
        assert result.returncode == 0, result.stderr
    assert len(reads) == 1
    assert (tmp_path / "first" / "actors.csv").read_bytes() == (tmp_path / "again" / "actors.csv").read_bytes()
    assert ",lonely," in (tmp_path / "first" / "actors.csv").read_text(encoding="utf-8")
    write_rows(folder / "actors.csv", [row for row in rows(folder / "actors.csv") if row[0] != "lonely"])
    assert write_folder(folder, tmp_path / "changed") is not None and len(reads) == 2  # other files: read again
    marks = len(list(cache_dir.glob("*.declined")))
    monkeypatch.setenv("GRAPHKIT_CACHE", "off")
    declined = mutated(synthetic, tmp_path / "off", VALID["an actor without relationships"])
    assert write_folder(declined, tmp_path / "off-out") is None and len(reads) == 3
    assert len(list(cache_dir.glob("*.declined"))) == marks == 1  # nothing marked with the cache off


def test_the_files_keep_the_order_of_ids_whatever_the_order_of_the_rows(synthetic, tmp_path):  # noqa: F811
    """Relationship ids given in shuffled order (those of several citations too): the files' order is the ids'."""
    folder = mutated(synthetic, tmp_path, VALID["three and four citations"])
    header, *body = rows(folder / "relationships.csv")
    ids = sorted({row[0] for row in body})
    renamed = dict(zip(ids, random.Random(5).sample(ids, len(ids))))
    write_rows(folder / "relationships.csv", [header, *([renamed[row[0]], *row[1:]] for row in body)])
    assert [row[0] for row in rows(folder / "relationships.csv")[1:]] != sorted(renamed.values())
    found = write_folder(folder, tmp_path / "columns", load=LOAD, dataset_folder=str(folder))
    assert found is not None
    assert_same_files(by_graph(folder, tmp_path / "graph", load=LOAD), found)


def test_a_cache_folder_that_cannot_be_looked_into_is_no_error(synthetic, tmp_path, cache_dir,  # noqa: F811
                                                               monkeypatch):
    """As elsewhere in the cache, a folder it may not search (made by another user) is no cache."""
    real = Path.is_file

    def refused(path):
        if path.name.endswith(".declined"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "is_file", refused)
    assert columns_module.read_tables(synthetic) is not None
    assert columns_module.read_tables(mutated(synthetic, tmp_path, VALID["an actor without relationships"])) is None


def test_a_folder_changed_while_it_was_read_is_not_marked(synthetic, tmp_path, cache_dir, monkeypatch):  # noqa: F811
    folder = mutated(synthetic, tmp_path, VALID["an actor without relationships"])

    def saved_meanwhile(folder, real=columns_module._read):
        with open(folder / "actors.csv", "a", encoding="utf-8") as actors:
            actors.write("later,Person,Later,,,,,,,,,\n")
        return real(folder)

    with monkeypatch.context() as patched:
        patched.setattr(columns_module, "_read", saved_meanwhile)
        assert columns_module.read_tables(folder) is None
    assert not list(cache_dir.glob("*.declined"))
    assert columns_module.read_tables(folder) is None and len(list(cache_dir.glob("*.declined"))) == 1


def test_a_folder_of_its_own_vocabulary_is_read_once_whatever_vocabulary_is_in_force(synthetic, tmp_path,  # noqa: F811
                                                                                      cache_dir, monkeypatch):
    folder = mutated(synthetic, tmp_path, VALID["an actor without relationships"])
    (folder / "vocabulary.yaml").write_text("source_kinds: [memo]\n", encoding="utf-8")
    reads = counted_calls(monkeypatch, columns_module._read, columns_module)
    assert columns_module.read_tables(folder) is None
    with using_vocabulary(dataset_vocabulary(folder)):  # as a command reading the folder has it
        assert columns_module.read_tables(folder) is None
    assert len(reads) == 1 and len(list(cache_dir.glob("*.declined"))) == 1
