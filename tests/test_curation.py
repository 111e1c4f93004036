"""Curation without editing YAML by hand: `graphkit init`, `graphkit add`, `graphkit convert`, the
spreadsheet form saved with ';', and the Neo4j bulk-import format's new name."""

from __future__ import annotations

import csv
import io
import os
import pty
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import GRAPHKIT, REPO, cli, one_line_error, unload_if_loaded
from graphkit.dataset import read_dataset, validate_dataset
from graphkit.errors import GraphkitError
from graphkit.model import PartialDate

FIXTURES = REPO / "tests" / "fixtures"
MET = "mira-castell--met_with--avalon-foreign-ministry--2023-10-30"


def copy(tmp_path: Path, fixture: str = "tiny") -> Path:
    folder = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, folder)
    return folder


# --- init ------------------------------------------------------------------------------------------

def test_init_scaffolds_a_valid_dataset_whose_examples_are_comments(tmp_path):
    folder = tmp_path / "port-avalon"
    result = cli("init", str(folder), "--title", "Who funds whom: Port Avalon")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(path.name for path in folder.iterdir()) == [
        "actors.yaml", "dataset.yaml", "relationships.yaml", "sources.yaml", "vocabulary.yaml"]
    dataset, problems = validate_dataset(folder)
    assert dataset is not None and [p for p in problems if p.severity != "note"] == []
    assert (dataset.name, dataset.title) == ("port-avalon", "Who funds whom: Port Avalon")
    assert (dataset.actors, dataset.sources, dataset.relationships) == ({}, {}, {})  # examples are comments
    assert f"graphkit add relationship {folder}" in (folder / "relationships.yaml").read_text(encoding="utf-8")
    assert "# - id: mira-castell" in (folder / "actors.yaml").read_text(encoding="utf-8")


def test_init_refuses_a_folder_that_holds_something(tmp_path):
    folder = copy(tmp_path)
    before = (folder / "actors.yaml").read_bytes()
    assert "exists and is not an empty folder" in one_line_error(cli("init", str(folder)))
    assert (folder / "actors.yaml").read_bytes() == before
    assert "is not a dataset name" in one_line_error(cli("init", str(tmp_path / "no spaces please")))


# --- add -------------------------------------------------------------------------------------------

def test_add_keeps_every_byte_of_a_commented_file_and_appends_the_record(tmp_path):
    folder = copy(tmp_path)
    actors = folder / "actors.yaml"
    original = ("# Actors of Avalon: keep this header.\n"
                + actors.read_text(encoding="utf-8").replace("  name: Open Ledger\n",
                                                             "  name: Open Ledger   # a watchdog, 'quoted'\n"))
    actors.write_text(original, encoding="utf-8")
    result = cli("add", "actor", str(folder), "--id", "port-union", "--kind", "Group", "--name", "Port Union",
                 "--aliases", "PU", "--aliases", "Union of the Port", "--identifiers", "wikidata=Q42",
                 "--start", "1998")
    assert result.returncode == 0, result.stdout + result.stderr
    text = actors.read_text(encoding="utf-8")
    assert text.startswith(original)  # every byte before, comments and quoting included
    assert text[len(original):] == ("- id: port-union\n  kind: Group\n  name: Port Union\n  aliases:\n    - PU\n"
                                     "    - Union of the Port\n  start: '1998'\n  identifiers:\n    wikidata: Q42\n")
    added = read_dataset(folder).actors["port-union"]
    assert (added.aliases, added.identifiers, added.start) == (
        ["PU", "Union of the Port"], {"wikidata": "Q42"}, PartialDate.parse("1998"))
    assert f"added actor 'port-union' to {actors}" in result.stdout


def test_add_keeps_the_line_ends_a_windows_editor_saved(tmp_path):
    folder = copy(tmp_path)
    sources = folder / "sources.yaml"
    original = sources.read_bytes().replace(b"\n", b"\r\n")
    sources.write_bytes(b"# saved on Windows\r\n" + original)
    result = cli("add", "source", str(folder), "--id", "memo-2024", "--title", "A memo", "--kind", "government")
    assert result.returncode == 0, result.stdout + result.stderr
    text = sources.read_bytes()
    assert text.startswith(b"# saved on Windows\r\n" + original)
    assert text.endswith(b"- id: memo-2024\r\n  title: A memo\r\n  kind: government\r\n")
    assert read_dataset(folder).sources["memo-2024"].kind == "government"


def test_add_citation_goes_after_the_relationships_last_one_and_nothing_else_moves(tmp_path):
    folder = copy(tmp_path)
    file = folder / "relationships.yaml"
    original = file.read_text(encoding="utf-8")
    result = cli("add", "citation", str(folder), "--relationship", MET, "--source", "gazette-2022",
                 "--quote", "The Council suspended Kernow Shipping's port licence.", "--stance", "alleges")
    assert result.returncode == 0, result.stdout + result.stderr
    block = ("    - source: gazette-2022\n      quote: The Council suspended Kernow Shipping's port licence.\n"
             "      stance: alleges\n")
    text = file.read_text(encoding="utf-8")
    assert text.count(block) == 1 and text.replace(block, "") == original
    citations = read_dataset(folder).relationships[MET].citations
    assert [(c.source, c.stance) for c in citations] == [
        ("herald-2023", "asserts"), ("ledger-report-2024", "asserts"), ("gazette-2022", "alleges")]


def test_add_relationship_with_its_citation_gets_its_derived_id(tmp_path):
    folder = copy(tmp_path)
    result = cli("add", "relationship", str(folder), "--from", "open-ledger", "--type", "OPPOSES",
                 "--to", "avalon", "--date", "2023-11", "--source", "ledger-report-2024",
                 "--quote", "a watchdog on public spending", "--locator", "p. 2")
    assert result.returncode == 0, result.stdout + result.stderr
    rel = read_dataset(folder).relationships["open-ledger--opposes--avalon--2023-11"]
    assert [(c.source, c.quote, c.locator) for c in rel.citations] == [
        ("ledger-report-2024", "a watchdog on public spending", "p. 2")]


def test_add_checks_the_whole_dataset_first_and_writes_nothing_on_an_error(tmp_path):
    folder = copy(tmp_path)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    bad_kind = one_line_error(cli("add", "actor", str(folder), "--id", "port-union", "--kind", "Gruop",
                                  "--name", "Port Union"))
    assert f"{folder / 'actors.yaml'}:" in bad_kind and "record 'port-union' field 'kind'" in bad_kind
    assert "did you mean Group?" in bad_kind and "nothing was written" in bad_kind
    unknown_source = one_line_error(cli("add", "relationship", str(folder), "--from", "open-ledger", "--type",
                                        "OPPOSES", "--to", "avalon", "--source", "nowhere", "--quote", "q"))
    assert f"{folder / 'relationships.yaml'}:" in unknown_source and "'nowhere'" in unknown_source
    twice = one_line_error(cli("add", "actor", str(folder), "--id", "avalon", "--kind", "Group", "--name", "A"))
    assert "record 'avalon'" in twice
    no_quote = one_line_error(cli("add", "citation", str(folder), "--relationship", MET, "--source", "herald-2023"))
    assert "--quote" in no_quote
    missing = one_line_error(cli("add", "actor", str(folder), "--id", "x", "--name", "X", input=""))
    assert "--kind is required" in missing
    again = one_line_error(cli("add", "citation", str(folder), "--relationship", MET, "--source", "herald-2023",
                               "--quote", "Castell met ministry officials on Monday."))
    assert f"record {MET!r} field 'sources': it cites 'herald-2023' so already" in again
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    actors = folder / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("start: 2001\n", "start: 1961-13-01\n", 1),
                      encoding="utf-8")
    unreadable = one_line_error(cli("add", "actor", str(folder), "--id", "x", "--kind", "Group", "--name", "X"))
    assert f"{actors}: a value YAML cannot read (month must be in 1..12)" in unreadable


def test_record_citations_of_one_source_differ_by_their_url(tmp_path):
    """A register's records are told apart by their deep link: a second record citation of one
    source is added, the same one again is refused."""
    from graphkit.dataset.editing import add_citation

    folder = copy(tmp_path)
    for url in ("https://example.org/record/1", "https://example.org/record/2"):
        add_citation(folder, MET, {"source": "herald-2023", "url": url})
    with pytest.raises(GraphkitError, match="it cites 'herald-2023' so already"):
        add_citation(folder, MET, {"source": "herald-2023", "url": "https://example.org/record/2"})
    urls = [c.url for c in read_dataset(folder).relationships[MET].citations if c.url]
    assert urls == ["https://example.org/record/1", "https://example.org/record/2"]


def test_add_asks_for_a_missing_required_field_in_a_terminal(tmp_path):
    folder = copy(tmp_path)
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([str(GRAPHKIT), "add", "actor", str(folder), "--id", "port-union",
                                    "--name", "Port Union"], stdin=follower, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        os.write(leader, b"Group\n")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert process.returncode == 0, out + err
    assert "actor kind" in out  # the prompt
    assert read_dataset(folder).actors["port-union"].kind == "Group"


def test_add_to_the_spreadsheet_form_appends_rows(tmp_path):
    folder = copy(tmp_path, "tiny-csv")
    original = (folder / "relationships.csv").read_text(encoding="utf-8")
    assert cli("add", "actor", str(folder), "--id", "port-union", "--kind", "Group", "--name", "=Port Union",
               "--aliases", "PU").returncode == 0
    result = cli("add", "relationship", str(folder), "--from", "port-union", "--type", "OPPOSES", "--to", "avalon",
                 "--date", "2024-01", "--source", "herald-2023", "--quote", "the union opposed it")
    assert result.returncode == 0, result.stdout + result.stderr
    assert cli("add", "citation", str(folder), "--relationship", "port-union--opposes--avalon--2024-01",
               "--source", "gazette-2022", "--quote", "opposed by the union").returncode == 0
    assert (folder / "relationships.csv").read_text(encoding="utf-8").startswith(original)
    dataset = read_dataset(folder)
    assert dataset.actors["port-union"].name == "=Port Union"  # guarded in the file, read back as given
    assert "'=Port Union" in (folder / "actors.csv").read_text(encoding="utf-8")
    rel = dataset.relationships["port-union--opposes--avalon--2024-01"]
    assert [c.source for c in rel.citations] == ["herald-2023", "gazette-2022"]
    before = (folder / "actors.csv").read_bytes()
    split = one_line_error(cli("add", "actor", str(folder), "--id", "pipes", "--kind", "Group", "--name", "P",
                               "--aliases", "A|B"))  # one alias the cell would read back as two
    assert "may not contain '|'" in split and (folder / "actors.csv").read_bytes() == before


def test_add_writes_numbers_as_numbers(tmp_path):
    folder = copy(tmp_path)
    result = cli("add", "relationship", str(folder), "--from", "open-ledger", "--type", "FUNDS", "--to", "avalon",
                 "--date", "2024", "--amount", "50000", "--currency", "EUR", "--source", "herald-2023",
                 "--quote", "a grant of 50 000 euros")
    assert result.returncode == 0, result.stdout + result.stderr
    text = (folder / "relationships.yaml").read_text(encoding="utf-8")
    assert "  amount: 50000\n" in text and "'50000'" not in text
    assert read_dataset(folder).relationships["open-ledger--funds--avalon--2024"].amount == 50000
    assert cli("add", "relationship", str(folder), "--from", "mira-castell", "--type", "OWNS", "--to", "open-ledger",
               "--start", "2020", "--share", "12.5", "--source", "herald-2023", "--quote", "q").returncode == 0
    assert "  share: 12.5\n" in (folder / "relationships.yaml").read_text(encoding="utf-8")


def test_add_options_read_as_english(tmp_path):
    def shown(*command: str) -> str:
        result = cli("add", *command, "--help")
        assert result.returncode == 0
        return " ".join(result.stdout.split())

    source, citation = shown("source"), shown("citation")
    assert "the source's publication date" in source and "source's published" not in source
    assert "when the record was retrieved" in citation and "citation's retrieved" not in citation
    assert "the actor it goes from" in shown("relationship")


def test_a_rejected_add_says_what_is_wrong_not_to_run_validate(tmp_path):
    folder = copy(tmp_path)
    refused = one_line_error(cli("add", "relationship", str(folder), "--from", "open-ledger", "--type", "OPPOSES",
                                 "--to", "nobody", "--date", "2024-13", "--source", "herald-2023", "--quote", "q"))
    assert "nothing was written" in refused and "graphkit validate" not in refused
    assert "field 'to': unknown actor 'nobody'" in refused and "1 more, in 'date': correct the values given" in refused
    assert cli("validate", str(folder)).returncode == 0  # the folder as it was: nothing for validate to show
    (folder / "actors.yaml").write_text((folder / "actors.yaml").read_text(encoding="utf-8")
                                        + "- id: broken\n  kind: Gruop\n  name: B\n", encoding="utf-8")
    before = one_line_error(cli("add", "actor", str(folder), "--id", "port-union", "--kind", "Group", "--name", "P"))
    assert f"`graphkit validate {folder}`" in before and "had errors before" in before


def test_add_citation_to_a_spreadsheet_goes_after_its_relationships_rows(tmp_path):
    folder = copy(tmp_path, "tiny-csv")
    file = folder / "relationships.csv"
    rows = file.read_text(encoding="utf-8").splitlines(keepends=True)
    leads = "mira-castell--leads--green-harbour--2015-06"
    result = cli("add", "citation", str(folder), "--relationship", leads, "--source", "gazette-2022",
                 "--quote", "Castell chaired it")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(line 6)" in result.stdout
    after = file.read_text(encoding="utf-8").splitlines(keepends=True)
    assert after[:5] + after[6:] == rows
    assert after[5].startswith(",mira-castell,LEADS,green-harbour,,2015-06,") and "Castell chaired it" in after[5]
    assert cli("add", "citation", str(folder), "--relationship", "ministry-pressure-on-open-ledger",
               "--source", "gazette-2022", "--quote", "summoned").returncode == 0
    pressure = file.read_text(encoding="utf-8").splitlines()
    assert pressure[12].startswith("ministry-pressure-on-open-ledger,") and pressure[12].endswith(",summoned,,")
    assert pressure[13].startswith(",green-harbour,SUPPORTS,")
    dataset = read_dataset(folder)
    assert [c.source for c in dataset.relationships[leads].citations] == ["herald-2023", "ledger-report-2024",
                                                                           "gazette-2022"]
    assert [c.quote for c in dataset.relationships["ministry-pressure-on-open-ledger"].citations][-1] == "summoned"


# --- convert and the ';' spreadsheet ---------------------------------------------------------------

def test_convert_moves_a_dataset_between_its_forms_in_place(tmp_path):
    folder = copy(tmp_path)
    meta = (folder / "dataset.yaml").read_bytes()
    original = read_dataset(folder)
    result = cli("convert", str(folder), "--to", "csv")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(path.name for path in folder.iterdir()) == [
        "actors.csv", "dataset.yaml", "relationships.csv", "sources.csv"]
    assert (folder / "dataset.yaml").read_bytes() == meta
    as_csv = read_dataset(folder)
    assert (as_csv.sources, as_csv.actors, as_csv.relationships) == (
        original.sources, original.actors, original.relationships)
    assert "in the csv form already" in cli("convert", str(folder), "--to", "csv").stdout
    assert cli("convert", str(folder), "--to", "yaml").returncode == 0
    back = read_dataset(folder)
    assert sorted(path.name for path in folder.glob("*.yaml")) == [
        "actors.yaml", "dataset.yaml", "relationships.yaml", "sources.yaml"]
    assert (back.sources, back.actors, back.relationships) == (
        original.sources, original.actors, original.relationships)


def test_convert_into_a_new_folder_keeps_the_vocabulary_and_queries(tmp_path):
    folder = copy(tmp_path)
    metadata = folder / "dataset.yaml"
    metadata.write_text("# Kept as written.\n" + metadata.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "vocabulary.yaml").write_text("source_kinds: [memo]\n", encoding="utf-8")
    (folder / "queries").mkdir()
    (folder / "queries" / "everyone.cypher").write_text("// Everyone.\nMATCH (a:Actor) RETURN a.id\n", encoding="utf-8")
    out = tmp_path / "as-csv"
    assert cli("convert", str(folder), "--to", "csv", "--out", str(out)).returncode == 0
    assert sorted(path.name for path in out.iterdir()) == [
        "actors.csv", "dataset.yaml", "queries", "relationships.csv", "sources.csv", "vocabulary.yaml"]
    assert read_dataset(out).relationships == read_dataset(folder).relationships
    assert (out / "dataset.yaml").read_bytes() == metadata.read_bytes()
    assert "exists and is not an empty folder" in one_line_error(cli("convert", str(folder), "--to", "csv",
                                                                     "--out", str(out)))


def test_a_spreadsheet_saved_with_semicolons_is_read(tmp_path):
    folder = copy(tmp_path, "tiny-csv")
    for table in ("sources", "actors", "relationships"):
        file = folder / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"))))
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
        file.write_text("\ufeff" + out.getvalue(), encoding="utf-8")  # as Excel saves it: a BOM, CRLF
    assert ";" in (folder / "actors.csv").read_text(encoding="utf-8").splitlines()[0]
    same = read_dataset(FIXTURES / "tiny-csv")
    dataset = read_dataset(folder)
    assert (dataset.sources, dataset.actors, dataset.relationships) == (same.sources, same.actors, same.relationships)
    result = cli("add", "actor", str(folder), "--id", "port-union", "--kind", "Group", "--name", "Port Union, Ltd")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (folder / "actors.csv").read_bytes().decode("utf-8").endswith("port-union;Group;Port Union, Ltd;;;;;;;\r\n")
    assert read_dataset(folder).actors["port-union"].name == "Port Union, Ltd"


def test_a_header_mixing_separators_is_refused_with_a_hint(tmp_path):
    folder = copy(tmp_path, "tiny-csv")
    file = folder / "sources.csv"
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    file.write_text("id;title,kind,publisher,url,published,authors,language,accessed,description\n"
                    + "".join(lines[1:]), encoding="utf-8")
    refused = one_line_error(cli("add", "source", str(folder), "--id", "s", "--title", "S"))
    assert "sources.csv" in refused
    _, problems = validate_dataset(folder)
    assert any("unknown column 'id;title'" in p.message and "',' or ';'" in p.message for p in problems)


# --- the Neo4j bulk-import format's name -----------------------------------------------------------

def test_export_format_csv_is_now_neo4j_csv(tmp_path):
    old = one_line_error(cli("export", str(FIXTURES / "tiny"), "--format", "csv", "--out", str(tmp_path / "out")))
    assert "--format neo4j-csv" in old and "graphkit convert DATASET --to csv" in old
    assert not (tmp_path / "out").exists()
    new = cli("export", str(FIXTURES / "tiny"), "--format", "neo4j-csv", "--out", str(tmp_path / "out"))
    assert new.returncode == 0, new.stdout + new.stderr
    assert (tmp_path / "out" / "relationships.csv").read_text(encoding="utf-8").startswith(":START_ID(Actor)")


# --- the whole path, through the command line only ---------------------------------------------------

def test_from_init_to_a_loaded_and_mapped_dataset(tmp_path, neo4j_store, neo4j_config):
    name = f"avalon-{secrets.token_hex(4)}"
    folder = tmp_path / name
    env = neo4j_config.env()
    steps = [
        ("init", str(folder), "--title", "Port Avalon"),
        ("add", "source", str(folder), "--id", "herald-2023", "--title", "Coalition talks in Port Avalon",
         "--kind", "news", "--publisher", "The Avalon Herald", "--published", "2023-10-31",
         "--url", "https://example.org/herald/2023/coalition-talks"),
        ("add", "actor", str(folder), "--id", "mira-castell", "--kind", "Person", "--name", "Mira Castell"),
        ("add", "actor", str(folder), "--id", "green-harbour", "--kind", "Group", "--name", "Green Harbour Movement"),
        ("add", "relationship", str(folder), "--from", "mira-castell", "--type", "LEADS", "--to", "green-harbour",
         "--start", "2015-06", "--end", "2021", "--role", "chair", "--source", "herald-2023",
         "--quote", "Castell chaired the movement from June 2015 until 2021."),
        ("validate", str(folder)),
    ]
    for step in steps:
        result = cli(*step)
        assert result.returncode == 0, (step, result.stdout + result.stderr)
    try:
        loaded = cli("load", str(folder), env=env)
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        graph = neo4j_store.read_graph(dataset=name)
        assert sorted(graph.nodes) == ["green-harbour", "mira-castell"]
        [(source, target, attrs)] = graph.edges(data=True)
        assert (source, target, attrs["type"], attrs["role"]) == ("mira-castell", "green-harbour", "LEADS", "chair")
        assert [c["quote"] for c in attrs["citations"]] == ["Castell chaired the movement from June 2015 until 2021."]
        page = tmp_path / "map.html"
        mapped = cli("map", str(folder), "--out", str(page))
        assert mapped.returncode == 0, mapped.stdout + mapped.stderr
        html = page.read_text(encoding="utf-8")
        assert "Mira Castell" in html and "Green Harbour Movement" in html
    finally:
        unload_if_loaded(neo4j_store, name)
