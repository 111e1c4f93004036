"""The bulk CSV (`graphkit export --format neo4j-csv`, `graphkit load --bulk`) is written as a
stream: small writes, memory far below the size of what is written, nothing left behind when a
value cannot be written; a versioned write carries what a `graphkit load` writes."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import tracemalloc

import pytest

from conftest import REPO, cli, one_line_error
from graphkit.dataset import read_dataset
from graphkit.graph import dataset_to_graph
from graphkit.store.bulk_csv import ARRAY_DELIMITER, COPY_CHUNK, FILES, LOADS_FILE, write_files, write_table
from graphkit.synthetic import generate

ROWS = 40_000
FIXTURES = REPO / "tests" / "fixtures"


class Sink:
    """A text file that keeps only the size of each write, its line count and its last line."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.lines = 0
        self.tail = ""

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        self.lines += text.count("\n")
        self.tail = (self.tail + text)[-200:]
        return len(text)


def chunks(size: int = 500):
    """Rows made a chunk at a time, as the graph's records are: about 150 characters each."""
    for first in range(0, ROWS, size):
        rows = range(first, first + size)
        yield [[f"d:a{i:06d}" for i in rows], ["Actor|Person"] * size], {
            "id": [f"a{i:06d}" for i in rows], "name": [f"Person number {i} of a long list of people" for i in rows],
            "aliases": [[f"P{i}", f"N{i}"] for i in rows], "start": [None if i % 3 else "1990-04" for i in rows],
            "start_min": [None if i % 3 else dt.date(1990, 4, 1) for i in rows], "note": ["x" * 40] * size}


def test_a_table_is_written_in_small_writes_and_never_held_whole(tmp_path):
    sink = Sink()
    tracemalloc.start()
    try:
        write_table(sink, [":ID(Actor)", ":LABEL"], chunks(), "actor", scratch=tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    written = sum(sink.sizes)
    assert written > 5_000_000 and sink.lines == ROWS + 1
    assert max(sink.sizes) <= COPY_CHUNK
    assert peak < written / 4  # a chunk of rows (1/80 of them) and copy buffers, never the file
    assert sink.tail.endswith(f"d:a{ROWS - 1:06d},Actor|Person,a{ROWS - 1:06d},"
                              f"Person number {ROWS - 1} of a long list of people,"
                              f"P{ROWS - 1}{ARRAY_DELIMITER}N{ROWS - 1},1990-04,1990-04-01,"
                              f"{'x' * 40}\n")  # every third row has a start
    assert list(tmp_path.iterdir()) == []  # the headerless copy is gone


def test_a_value_the_format_cannot_hold_leaves_the_folder_as_it_was(tmp_path):
    dataset = read_dataset(FIXTURES / "tiny")
    relationship = next(iter(dataset.relationships.values()))
    relationship.citations[0].quote = "one \x1f two"  # the array delimiter (unvalidated), in the last table but one
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli("export", str(FIXTURES / "tiny"), "--format", "neo4j-csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    try:
        write_files(dataset_to_graph(dataset), out)
    except Exception as error:  # noqa: BLE001 - the kind is checked below
        assert type(error).__name__ == "FormatError"
        assert f"relationship {relationship.id!r} field 'quotes'" in str(error) and "\n" not in str(error)
    else:
        raise AssertionError("a quote holding the array delimiter was written")
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before  # no file replaced, no leftovers


@pytest.mark.parametrize("form", ["yaml", "csv"])
def test_a_folder_holding_a_dataset_is_refused_not_overwritten(tmp_path, form):
    """The import files share three names with a CSV dataset's tables: exporting into a dataset's
    folder (its own, or another's) is a one-line error that changes nothing; an earlier export's
    folder is written again."""
    dataset = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", dataset)
    if form == "csv":
        assert cli("convert", str(dataset), "--to", "csv").returncode == 0
    before = {path.name: path.read_bytes() for path in dataset.iterdir()}
    for out in (dataset, tmp_path / "other"):
        if out != dataset:
            shutil.copytree(dataset, out)
        line = one_line_error(cli("export", str(dataset), "--format", "neo4j-csv", "--out", str(out)))
        assert f"{out} holds a dataset" in line and "relationships." in line and "--out import/" in line
    assert {path.name: path.read_bytes() for path in dataset.iterdir()} == before
    for _ in range(2):
        assert cli("export", str(dataset), "--format", "neo4j-csv", "--out", str(tmp_path / "import")).returncode == 0
    assert sorted(path.name for path in (tmp_path / "import").iterdir()) == sorted(FILES)


def test_a_folder_in_a_files_place_is_found_before_any_file_is_replaced(tmp_path):
    out = tmp_path / "out"
    assert cli("export", str(FIXTURES / "tiny"), "--format", "neo4j-csv", "--out", str(out)).returncode == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    (out / "cites.csv").unlink()
    (out / "cites.csv").mkdir()
    line = one_line_error(cli("export", str(FIXTURES / "time"), "--format", "neo4j-csv", "--out", str(out)))
    assert f"cannot write {out / 'cites.csv'}: a folder is there" in line
    assert {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()} == \
        {name: data for name, data in before.items() if name != "cites.csv"}
    assert sorted(path.name for path in out.iterdir()) == sorted(FILES)  # and no scratch folder left


def test_a_versioned_write_carries_the_load_and_content_hashes(tmp_path):
    graph = dataset_to_graph(generate(50, seed=3))
    started = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)
    load = {"number": 7, "dataset": graph.graph["name"], "state": "current", "started": started, "finished": None}
    written = write_files(graph, tmp_path / "versioned", load=load, dataset_folder="/data/synthetic-50")
    assert [path.name for path in written] == [*FILES, LOADS_FILE]
    tables = {path.name: list(csv.DictReader(path.open(encoding="utf-8"))) for path in written}
    for name in ("actors.csv", "sources.csv", "relationships.csv", "cites.csv"):
        assert {row["gk_load:long"] for row in tables[name]} == {"7"}, name
        hashes = [row["gk_hash"] for row in tables[name]]
        assert all(len(digest) == 32 for digest in hashes) and len(set(hashes)) == len(hashes), name
    [node] = tables[LOADS_FILE]
    assert (node[":ID(GraphkitLoad)"], node[":LABEL"], node["number:long"], node["state"], node["started:datetime"]) \
        == ("synthetic-50:7", "GraphkitLoad", "7", "current", "2026-12-01T12:00:00+00:00")
    assert dt.datetime.fromisoformat(node["finished:datetime"]) >= started
    assert tables["datasets.csv"][0]["folder"] == "/data/synthetic-50"

    plain = write_files(graph, tmp_path / "export")
    header = plain[0].read_text(encoding="utf-8").splitlines()[0]
    assert [path.name for path in plain] == list(FILES) and "gk_" not in header


def test_a_column_that_comes_late_or_never_is_written_as_the_rows_say(tmp_path):
    """A property no row has gets no column; one that first comes in a later chunk is empty in
    the rows before it; cells with commas, quotes and line breaks survive the copy under the header."""
    import io

    first = ([["d:a", "d:b"]], {"id": ["a", "b"], "gone": [None, None], "aliases": [["A, a", "Ay"], None]})
    second = ([["d:c"]], {"id": ["c"], "gone": [None], "note": ['x, "quoted"\nline'], "aliases": [None]})
    out = io.StringIO()
    write_table(out, [":ID(Actor)"], [first, second], "actor", scratch=tmp_path)
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        [":ID(Actor)", "id", "aliases:string[]", "note"], ["d:a", "a", f"A, a{ARRAY_DELIMITER}Ay", ""],
        ["d:b", "b", "", ""], ["d:c", "c", "", 'x, "quoted"\nline']]
    out = io.StringIO()
    write_table(out, [":ID(Actor)"], [([["d:a", "d:b"]], {"gone": [None, None]})], "actor", scratch=tmp_path)
    assert out.getvalue() == ":ID(Actor)\nd:a\nd:b\n"  # the key column alone
    out = io.StringIO()  # first filled in the second chunk, before a column the first one filled
    chunks = [([["d:a"]], {"id": ["a"], "start": [None], "name": ["A"]}), ([[], ], {"name": []}),
              ([["d:b"]], {"name": ["B"], "id": ["b"], "start": ["2020"]})]
    write_table(out, [":ID(Actor)"], chunks, "actor", scratch=tmp_path)
    assert out.getvalue() == ":ID(Actor),id,start,name\nd:a,a,,A\nd:b,b,2020,B\n"
    assert list(tmp_path.iterdir()) == []
