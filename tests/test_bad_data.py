"""Bad data `validate` used to accept (issue 15, items 7-10, 12, 13): each refused (or warned of)
where it is written, naming the file, the line and the field."""

from __future__ import annotations

import csv
import json
import secrets
from pathlib import Path

import pytest

from graphkit.dataset import read_dataset, validate_dataset
from graphkit.dataset.rules import DATASET_NAME_RULE, INDEXED_BYTES
from graphkit.dates import PartialDate
from graphkit.errors import DateError, FormatError
from graphkit.formats.ftm.read import read_ftm

from conftest import cli, one_line_error, unload_if_loaded

DATASET = "name: bad-data\ntitle: Bad data\n"
SOURCES = ("- {id: herald, title: The Herald, url: 'https://example.org/herald'}\n"
           "- {id: ledger, title: The Ledger}\n")
ACTORS = "- {id: avalon, kind: Government, name: Avalon}\n- {id: lyonesse, kind: Government, name: Lyonesse}\n"
RELATIONSHIPS = ("- {from: avalon, type: MET_WITH, to: lyonesse, date: 2023-10-13, sources: "
                 "[{source: herald, quote: met}, {source: ledger, quote: they met}]}\n")


def folder(tmp_path: Path, dataset=DATASET, sources=SOURCES, actors=ACTORS, relationships=RELATIONSHIPS) -> Path:
    path = tmp_path / "d"
    path.mkdir(exist_ok=True)
    for name, text in (("dataset", dataset), ("sources", sources), ("actors", actors),
                       ("relationships", relationships)):
        (path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return path


def errors(path: Path) -> list[str]:
    dataset, problems = validate_dataset(path)
    found = [str(problem) for problem in problems if problem.severity == "error"]
    assert (dataset is None) == bool(found)
    return found


def test_the_well_formed_dataset_passes(tmp_path):
    assert errors(folder(tmp_path)) == []


# --- item 7: only ASCII digits are dates -----------------------------------------------------------

@pytest.mark.parametrize("text", ["٢٠٢٣-١٠-١٣", "２０２３", "２０２３-10", "۲۰۲۳", "١٩٣X", "２０２３?", "2008/２００９",
                                  "२०२३"])
def test_only_ascii_digits_are_dates(tmp_path, text):
    with pytest.raises(DateError, match="is not a date"):
        PartialDate.parse(text)
    found = errors(folder(tmp_path, relationships=RELATIONSHIPS.replace("2023-10-13", text)))
    assert len(found) == 1 and "relationships.yaml:1:" in found[0] and "field 'date'" in found[0]


# --- item 8: links ------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://example.org/a b",  # a space
    "https://exa mple.org/",  # a space in the host
    "https://example.org/x\\njavascript:alert(1)",  # a line break
    "https://example.org/\\ttab",
    "https://example.org:99999/",  # a port out of range
    "https://example.org:0/",
    "https://example.org:http/",
    "https://user:secret@example.org/",  # the address is example.org, not what it seems
    "https://example.org\\\\@evil.example/",  # a browser reads the backslash as '/'
    "https://-bad-.example.org/",
    "https://exa_mple.org/",
    "https:///path-only",
    "javascript:alert(1)",
    "ftp://example.org/",
])
def test_links_a_browser_would_not_open_as_written_are_refused(tmp_path, url):
    found = errors(folder(tmp_path, sources=SOURCES.replace("'https://example.org/herald'", f'"{url}"')))
    assert len(found) == 1, found
    assert "sources.yaml:1:" in found[0] and "record 'herald' field 'url'" in found[0]


@pytest.mark.parametrize("url", [
    "https://example.org:8443/a/b?c=d&e=f#g", "http://127.0.0.1:7474/", "https://[::1]/x", "https://bücher.example/",
    "https://example.org/%20encoded", "HTTPS://EXAMPLE.ORG/", "https://example.org./",
])
def test_links_a_browser_opens_as_written_pass(tmp_path, url):
    assert errors(folder(tmp_path, sources=SOURCES.replace("'https://example.org/herald'", f"'{url}'"))) == []


@pytest.mark.parametrize("url", ["https://example.org/a b", "https://u:p@example.org/", "https://-bad-.example.org/"])
def test_ftm_import_leaves_out_links_it_cannot_carry_and_counts_them(tmp_path, url):
    """FtM's own cleaning keeps these: the importer applies the rule `validate` applies."""
    file = tmp_path / "in.ftm.json"
    file.write_text(json.dumps({"id": "doc", "schema": "Article",
                                "properties": {"title": ["A"], "sourceUrl": [url]}}) + "\n", encoding="utf-8")
    report = read_ftm(file, "links")
    assert [source.url for source in report.dataset.sources.values()] == [None]
    assert sum(count for what, count in report.unmapped_properties.items() if "sourceUrl" in what) == 1


# --- item 9: one rule for dataset names ---------------------------------------------------------

@pytest.mark.parametrize("name", ["../../etc/evil", "'..'", "'.'", "<script>alert(1)</script>", "a/b", "a\\\\b",
                                  "'-rf'", "a..b", "x" * 101])
def test_dataset_names_follow_one_rule_in_validate(tmp_path, name):
    found = errors(folder(tmp_path, dataset=f"name: {name}\ntitle: T\n"))
    assert len(found) == 1 and "dataset.yaml:1:" in found[0] and "field 'name'" in found[0]
    assert DATASET_NAME_RULE in found[0]


@pytest.mark.parametrize("name", ["..", "<script>alert(1)</script>", "../evil", "a b", ""])
def test_dataset_names_follow_the_same_rule_in_import(tmp_path, name):
    file = tmp_path / "in.ftm.json"
    file.write_text('{"id": "p", "schema": "Person", "properties": {"name": ["P"]}}\n', encoding="utf-8")
    line = one_line_error(cli("import", "ftm", str(file), "--dataset", name, "--out", str(tmp_path / "out")))
    assert DATASET_NAME_RULE in line
    assert not (tmp_path / "out").exists()
    with pytest.raises(FormatError, match="is not a dataset name"):
        read_ftm(file, name)


@pytest.mark.parametrize("name", ["malaysia-palestine", "tiny", "v1.2_final", "A" * 100])
def test_ordinary_dataset_names_pass(tmp_path, name):
    assert errors(folder(tmp_path, dataset=f"name: {name}\ntitle: T\n")) == []


# --- item 10: ids are case-sensitive, surrounding spaces are not part of them --------------------

def test_ids_that_differ_only_by_case_are_two_with_a_warning(tmp_path):
    actors = ACTORS + "- {id: Avalon, kind: Government, name: Avalon again}\n"
    relationships = RELATIONSHIPS + RELATIONSHIPS.replace("from: avalon", "from: Avalon")
    dataset, problems = validate_dataset(folder(tmp_path, actors=actors, relationships=relationships))
    assert dataset is not None and {"avalon", "Avalon"} <= set(dataset.actors)
    warned = [str(p) for p in problems if p.severity == "warning" and "only by case" in p.message]
    assert len(warned) == 1
    assert "actors.yaml:3:" in warned[0] and "record 'Avalon' field 'id'" in warned[0] and "'avalon'" in warned[0]


def test_surrounding_spaces_are_not_part_of_an_id(tmp_path):
    dataset = read_dataset(folder(tmp_path, actors=ACTORS.replace("id: avalon", "id: '  avalon '")))
    assert "avalon" in dataset.actors
    found = errors(folder(tmp_path, actors=ACTORS + "- {id: ' lyonesse', kind: Person, name: L}\n"))
    assert len(found) == 1 and "duplicate actor id 'lyonesse'" in found[0]


# --- item 12: what Neo4j's indexes hold ---------------------------------------------------------

@pytest.mark.parametrize("field, value", [
    ("name", "N" * (INDEXED_BYTES + 1)),
    ("name", "é" * (INDEXED_BYTES // 2 + 1)),  # bytes, not characters
    ("id", "i" * (INDEXED_BYTES + 1)),
])
def test_values_longer_than_an_index_key_are_refused(tmp_path, field, value):
    third = {"id": "third", "name": "Third", field: value}
    actors = ACTORS + f"- {{id: {third['id']}, kind: Person, name: {third['name']}}}\n"
    found = errors(folder(tmp_path, actors=actors))
    assert len(found) == 1, found
    assert "actors.yaml:3:" in found[0] and f"field {field!r}" in found[0]
    assert f"at most {INDEXED_BYTES} bytes" in found[0]


def test_values_as_long_as_validate_allows_load_into_neo4j(tmp_path, neo4j_store):
    """The limit is one Neo4j keeps: the longest name and id validate passes, in the longest
    dataset name, load (Neo4j refuses keys of 8167 bytes and more)."""
    name = f"long-{secrets.token_hex(4)}".ljust(100, "x")
    long_id, long_name = "i" * (INDEXED_BYTES - 2), "é" * (INDEXED_BYTES // 2)
    actors = ACTORS + f"- {{id: {long_id}, kind: Person, name: {long_name}}}\n"
    relationships = RELATIONSHIPS + RELATIONSHIPS.replace("to: lyonesse", f"to: {long_id}")
    sources = SOURCES.replace("herald'", "herald/" + "s" * 100 + "'")
    dataset = read_dataset(folder(tmp_path, dataset=f"name: {name}\ntitle: T\n", sources=sources, actors=actors,
                                  relationships=relationships))
    try:
        neo4j_store.load(dataset)
        graph = neo4j_store.read_graph(dataset=name)
        assert graph.nodes[long_id]["name"] == long_name
    finally:
        unload_if_loaded(neo4j_store, name)


# --- item 13: dates later tools can count with --------------------------------------------------

@pytest.mark.parametrize("where, text", [
    ("end", "9999-12-31"), ("end", "2200"), ("start", "0001-01-01"), ("start", "0999"), ("end", "99XX"),
])
def test_dates_outside_the_years_tools_count_in_are_refused(tmp_path, where, text):
    dates = {"start": "2020", "end": "2021", where: f"'{text}'"}
    relationships = RELATIONSHIPS.replace("date: 2023-10-13", f"start: {dates['start']}, end: {dates['end']}")
    found = errors(folder(tmp_path, relationships=relationships))
    assert len(found) == 1, found
    assert "relationships.yaml:1:" in found[0] and f"field {where!r}" in found[0] and "1000 to 2199" in found[0]


@pytest.mark.parametrize("where, text", [("start", "0001?"), ("end", "9999~"), ("end", "9999-12-31~"),
                                         ("start", "9999?/9999~")])
def test_dates_whose_fuzziness_leaves_the_calendar_are_one_line_errors(tmp_path, where, text):
    """An uncertain or approximate date at year 1 or 9999 spreads past the days Python can hold:
    an error naming the file, the record and the field, not a traceback, in either form."""
    dates = {"start": "2020", "end": "2021", where: f"'{text}'"}
    relationships = RELATIONSHIPS.replace("date: 2023-10-13", f"start: {dates['start']}, end: {dates['end']}")
    found = errors(folder(tmp_path, relationships=relationships))
    assert len(found) == 1, found
    assert "relationships.yaml:1:" in found[0] and f"field {where!r}" in found[0] and "year 9999" in found[0]
    csv_form = tmp_path / "csv"
    (tmp_path / "valid").mkdir()
    dated = RELATIONSHIPS.replace("date: 2023-10-13", "start: 2020, end: 2021")
    valid = folder(tmp_path / "valid", relationships=dated)
    assert cli("convert", str(valid), "--to", "csv", "--out", str(csv_form)).returncode == 0
    with (csv_form / "relationships.csv").open(encoding="utf-8", newline="") as table:
        rows = list(csv.reader(table))
    rows[1][rows[0].index(where)] = text
    with (csv_form / "relationships.csv").open("w", encoding="utf-8", newline="") as table:
        csv.writer(table).writerows(rows)
    for command in (("validate", str(csv_form)), ("export", str(csv_form), "--format", "neo4j-csv",
                                                   "--out", str(tmp_path / "out"))):
        result = cli(*command)
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
        assert "relationships.csv:2:" in result.stdout + result.stderr and "year 9999" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("start, end", [("1000", "2199-12-31"), ("2020", "'..'"), ("1850", "1914")])
def test_dates_within_the_years_pass(tmp_path, start, end):
    relationships = RELATIONSHIPS.replace("date: 2023-10-13", f"start: {start}, end: {end}")
    assert errors(folder(tmp_path, relationships=relationships)) == []


def test_periods_end_at_the_last_day_a_date_holds():
    """A graph read from a file `validate` never saw may still end in 9999: its periods stop there."""
    from graphkit.analysis.over_time import periods

    assert [label for label, _, _ in periods("9998", "9999-12-31")] == ["9998", "9999"]
    assert periods("9999-12-30", "9999-12-31", "10d")[-1][2].isoformat() == "9999-12-31"


def test_by_year_on_a_graph_ending_in_9999_is_no_out_of_range_error(tmp_path):
    import json

    exported = tmp_path / "g.json"
    assert cli("export", str(folder(tmp_path)), "--format", "json", "--out", str(exported)).returncode == 0
    graph = json.loads(exported.read_text(encoding="utf-8"))
    edge = graph["edges"][0]
    edge.update(date=None, start="2023", end="9999-12-31", earliest_start="2023-01-01", latest_start="2023-12-31",
                earliest_end="9999-12-31", latest_end="9999-12-31")
    exported.write_text(json.dumps(graph), encoding="utf-8")
    result = cli("centrality", str(exported), "--over", "9998", "9999")
    assert result.returncode == 0 and "9999" in result.stdout, result.stdout + result.stderr
    result = cli("centrality", str(exported), "--by-year")
    output = result.stdout + result.stderr
    assert "year 10000" not in output and "Traceback" not in output
