"""Quotes and records: a citation is verbatim words of a document, or a register's record (its id,
deep link and retrieved date), and every layer keeps and shows the two apart: validation, the
forms, Neo4j, the exports, stats, `path` and the map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphkit.dataset import read_dataset, validate_dataset, write_csv
from graphkit.formats import read_graph_file, write_graph_file
from graphkit.graph import dataset_to_graph
from graphkit.map import write_map
from graphkit.map.data import map_data
from graphkit.model import PartialDate
from graphkit.stats import graph_stats

from conftest import cli, unload_if_loaded
from test_map_browser import MapPage, browser  # noqa: F401  (the module's Chromium)

DATASET = "name: {name}\ntitle: Registers and reports\n"
SOURCES = """\
- {id: registry, title: Companies register of Avalon, kind: register, publisher: Avalon Registry}
- {id: herald, title: The Herald, kind: news, publisher: Herald Media, published: 2023-05,
   url: 'https://example.org/herald/2023/board', document: herald.txt}
"""
ACTORS = """\
- {id: ann, kind: Person, name: Ann Vell}
- {id: bo, kind: Person, name: Bo Vell}
- {id: vell-co, kind: Organization, name: Vell & Co}
"""
RELATIONSHIPS = """\
- from: ann
  type: DIRECTS
  to: vell-co
  start: 2019
  sources:
    - {source: registry, record: 'co-9$d-1', url: 'https://example.org/registry/co-9#d-1', retrieved: 2026-11-30}
    - {source: herald, quote: Ann Vell sits on the board of Vell & Co., locator: p. 2}
- {from: ann, type: FAMILY, to: bo, role: sibling, sources: [{source: registry, record: fam-2}]}
"""
DIRECTS = "ann--directs--vell-co--2019"
FAMILY = "ann--family--bo"


def registers(folder: Path, name: str = "registers", relationships: str = RELATIONSHIPS) -> Path:
    """A dataset folder citing a register's records and a newspaper's words."""
    folder.mkdir(parents=True, exist_ok=True)
    for file, text in (("dataset.yaml", DATASET.format(name=name)), ("sources.yaml", SOURCES),
                       ("actors.yaml", ACTORS), ("relationships.yaml", relationships)):
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def cited(graph) -> dict[str, list[tuple]]:
    return {key: [(c["source"], c["quote"], c["locator"], c["record"], c["url"], c["retrieved"])
                  for c in data["citations"]] for _, _, key, data in graph.edges(keys=True, data=True)}


EXPECTED = {
    DIRECTS: [("registry", None, None, "co-9$d-1", "https://example.org/registry/co-9#d-1",
               PartialDate.parse("2026-11-30")),
              ("herald", "Ann Vell sits on the board of Vell & Co.", "p. 2", None, None, None)],
    FAMILY: [("registry", None, None, "fam-2", None, None)],
}


def test_records_and_quotes_are_read_and_told_apart(tmp_path):
    dataset = read_dataset(registers(tmp_path / "registers"))
    kinds = {rel.id: [c.kind for c in rel.citations] for rel in dataset.relationships.values()}
    assert kinds == {DIRECTS: ["record", "quote"], FAMILY: ["record"]}
    assert cited(dataset_to_graph(dataset)) == EXPECTED


@pytest.mark.parametrize("citation,field,message", [
    ("{source: registry, record: r-1, url: 'javascript:alert(1)'}", "url", "is not an http(s) URL"),
    ("{source: registry, retrieved: 2026-11-30}", "quote", "a citation needs a quote (verbatim words of the source) "
                                                         "or, for a register, its record and/or url"),
])
def test_a_record_citation_needs_a_record_or_an_http_link(tmp_path, citation, field, message):
    bad = f"- {{from: ann, type: FAMILY, to: bo, sources: [{citation}]}}\n"
    folder = registers(tmp_path / "bad", relationships=bad)
    dataset, problems = validate_dataset(folder)
    assert dataset is None
    errors = [str(problem) for problem in problems if problem.severity == "error"]
    assert len(errors) == 1
    assert f"relationships.yaml:1: error: record '{FAMILY}' field '{field}'" in errors[0]
    assert message in errors[0] and "in citation 1" in errors[0]
    result = cli("validate", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert message in result.stdout


def test_documents_check_quotes_and_leave_records_alone(tmp_path):
    folder = registers(tmp_path / "registers")
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "herald.txt").write_text("Ann Vell sits on the board\nof Vell & Co. since 2019.", encoding="utf-8")
    result = cli("validate", str(folder), "--documents", str(documents))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "could not be checked" not in result.stdout  # the register's records are no quotes to check
    (documents / "herald.txt").write_text("Bo Vell chairs it.", encoding="utf-8")
    result = cli("validate", str(folder), "--documents", str(documents))
    assert result.returncode == 1 and "the quote of citation 2 is not in" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_exports_read_back_with_their_records(tmp_path, fmt):
    graph = dataset_to_graph(read_dataset(registers(tmp_path / "registers")))
    file = tmp_path / f"out.{fmt}"
    write_graph_file(graph, file, fmt)
    assert cited(read_graph_file(file)) == EXPECTED


def test_csv_form_keeps_records(tmp_path):
    write_csv(read_dataset(registers(tmp_path / "registers")), tmp_path / "csv")
    header = (tmp_path / "csv" / "relationships.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"quote", "record", "url", "retrieved"} <= set(header)
    assert cited(dataset_to_graph(read_dataset(tmp_path / "csv"))) == EXPECTED


def test_neo4j_round_trip_keeps_records_and_quotes(neo4j_store, tmp_path):
    name = "provenance-records"
    dataset = read_dataset(registers(tmp_path / name, name))
    try:
        neo4j_store.load(dataset)
        back = neo4j_store.read_graph(dataset=name)
        assert cited(back) == EXPECTED
        expected = dataset_to_graph(dataset)
        for u, v, key, data in expected.edges(keys=True, data=True):
            assert back.edges[u, v, key]["citations"] == data["citations"]
        rows = neo4j_store.query(
            "MATCH (:Actor)-[r {dataset: $name}]->(:Actor) WHERE r.id IS NOT NULL "
            "RETURN r.id AS id, r.quotes AS quotes, r.records AS records, "
            "r.urls AS urls, r.retrieved_dates AS retrieved ORDER BY id", {"name": name})
        assert [dict(zip(rows.keys, row)) for row in rows.records] == [
            {"id": DIRECTS, "quotes": ["", "Ann Vell sits on the board of Vell & Co."], "records": ["co-9$d-1", ""],
             "urls": ["https://example.org/registry/co-9#d-1", ""], "retrieved": ["2026-11-30", ""]},
            {"id": FAMILY, "quotes": None, "records": ["fam-2"], "urls": None, "retrieved": None}]
    finally:
        unload_if_loaded(neo4j_store, name)


def test_stats_count_quotes_and_records(tmp_path):
    folder = registers(tmp_path / "registers")
    report = graph_stats(dataset_to_graph(read_dataset(folder)))
    assert report["citations_by_kind"] == {"quote": 1, "record": 2}
    row = report["by_dataset"][0]
    assert (row["quote_citations"], row["record_citations"]) == (1, 2)
    actors = {row["id"]: (row["quote_citations"], row["record_citations"]) for row in report["by_actor"]}
    assert actors == {"ann": (1, 2), "vell-co": (1, 1), "bo": (0, 1)}
    table = cli("stats", str(folder)).stdout.splitlines()
    assert table[table.index("Citations: quotes of documents, records of registers") + 1:][:2] == [
        "  quote       1", "  record      2"]


def test_path_shows_a_record_as_a_record_and_a_quote_in_quotation_marks(tmp_path):
    folder = registers(tmp_path / "registers")
    text = cli("path", "bo", "vell-co", str(folder)).stdout
    assert ('asserts: record co-9$d-1 at https://example.org/registry/co-9#d-1 (retrieved 2026-11-30) '
            '(Companies register of Avalon)') in text
    assert 'asserts: "Ann Vell sits on the board of Vell & Co." (The Herald' in text
    assert 'asserts: record fam-2 (Companies register of Avalon)' in text
    assert '"fam-2"' not in text and '"co-9$d-1"' not in text
    paths = json.loads(cli("path", "bo", "vell-co", str(folder), "--format", "json").stdout)
    directs = next(r for hop in paths[0] for r in hop["relationships"] if r["id"] == DIRECTS)
    assert [(c["kind"], c["record"], c["url"], c["source_url"]) for c in directs["citations"]] == [
        ("record", "co-9$d-1", "https://example.org/registry/co-9#d-1", None),
        ("quote", None, None, "https://example.org/herald/2023/board")]


def test_the_map_packs_each_citation_with_its_kind(tmp_path):
    graph = dataset_to_graph(read_dataset(registers(tmp_path / "registers")))
    data = map_data(graph)
    directs = next(rel for rel in data["relationships"] if rel["relationship"] == DIRECTS)
    assert [{key: c.get(key) for key in ("kind", "record", "url", "quote")} for c in directs["citations"]] == [
        {"kind": "record", "record": "co-9$d-1", "url": "https://example.org/registry/co-9#d-1", "quote": None},
        {"kind": "quote", "record": None, "url": None, "quote": "Ann Vell sits on the board of Vell & Co."}]


def test_the_evidence_panel_shows_a_record_as_a_record(browser, tmp_path):  # noqa: F811
    relationships = RELATIONSHIPS + (
        "- {from: bo, type: DIRECTS, to: vell-co, sources: [{source: registry, record: '<img src=x onerror=alert(1)>',"
        " url: 'https://example.org/registry/hostile'}]}\n")
    graph = dataset_to_graph(read_dataset(registers(tmp_path / "registers", relationships=relationships)))
    # the validated dataset refuses a javascript: link; the graph from another tool's file may hold one
    graph.edges["bo", "vell-co", "bo--directs--vell-co"]["citations"][0]["url"] = "javascript:window.__pwned=1"
    page = MapPage(browser, write_map(graph, tmp_path / "map.html"), f"relationship={DIRECTS}")
    try:
        page.page.wait_for_selector("#details[data-kind=relationship]")
        panel = page.page.locator("#details")
        items = panel.locator("li.citation")
        assert items.count() == 2
        record = items.nth(0)
        assert record.locator("blockquote").count() == 0  # never in quotation marks
        assert record.locator(".record").text_content() == "Record co-9$d-1"
        link = record.locator("a.citation-url")
        assert link.text_content() == "https://example.org/registry/co-9#d-1"
        assert link.get_attribute("href") == "https://example.org/registry/co-9#d-1"
        assert record.locator(".retrieved").text_content() == "retrieved 2026-11-30"
        quote = items.nth(1)
        assert quote.locator("blockquote").all_text_contents() == ["Ann Vell sits on the board of Vell & Co."]
        assert quote.locator(".record").count() == 0 and quote.locator(".locator").text_content() == "p. 2"
        page.close()
        page = MapPage(browser, tmp_path / "map.html", "relationship=bo--directs--vell-co")
        page.page.wait_for_selector("#details[data-kind=relationship]")
        hostile = page.page.locator("#details li.citation").nth(0)
        assert hostile.locator(".record-id").text_content() == "<img src=x onerror=alert(1)>"  # text, never markup
        assert hostile.locator("a").count() == 0  # only http(s) links are clickable
        assert hostile.locator(".citation-url").text_content() == "javascript:window.__pwned=1"
        page.assert_clean()
    finally:
        page.close()
