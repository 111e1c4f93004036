"""Wikidata import: hand-written entity JSON of fictional people and bodies (Special:EntityData and
dump shapes) into a dataset that validates, loads into Neo4j, reads back the same and maps; the
dates as precise as Wikidata gives them; references as citations; bad files fail on one clear line."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from graphkit.dataset import read_dataset, validate_dataset, write_yaml
from graphkit.errors import FormatError
from graphkit.formats.wikidata import mapping
from graphkit.formats.wikidata.read import read_wikidata
from graphkit.formats.wikidata.values import GREGORIAN, JULIAN, read_entities, wikidata_date
from graphkit.map import write_map

from conftest import cli, one_line_error, run_graphkit

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
ENTITY_DATA = FIXTURES / "tregear.json"  # the Special:EntityData shape
DUMP = FIXTURES / "lyonesse-dump.json"  # the JSON dump shape: an array, one entity a line
JORY = "Q990000001"

# id -> (kind, name, aliases, description, start, end, identifiers, url, country)
ACTORS = {
    "jory-tregear": ("Person", "Jory Tregear", ["J. Tregear"], "fictional member of the Lyonesse Assembly",
                     "1961-04-12", None, {"wikidata": "Q990000001"}, None, "XL"),  # P27 -> the code (P297) of Lyonesse
    "morwenna-tregear": ("Person", "Morwenna Tregear", [], None, None, None, {"wikidata": "Q990000002"}, None, None),
    "q990000003": ("Organization", "Q990000003", [], None, None, None, {"wikidata": "Q990000003"}, None, None),
    "member-of-the-lyonesse-assembly": ("Position", "Member of the Lyonesse Assembly", [], None, None, None,
                                        {"wikidata": "Q990000010"}, None, None),
    "minister-of-tides": ("Position", "Minister of Tides", [], None, None, None, {"wikidata": "Q990000011"}, None, None),
    "tidewater-party": ("Group", "Tidewater Party", [], None, "1979", None, {"wikidata": "Q990000020"},
                        "https://example.org/tidewater", None),  # its P17 country is not in the files
    "q990000021": ("Group", "Q990000021", [], None, None, None, {"wikidata": "Q990000021"}, None, None),
    "harbour-trust-of-lyonesse": ("NGO", "Harbour Trust of Lyonesse", [], None, None, None,
                                  {"wikidata": "Q990000040"}, None, None),
    "old-harbour-board": ("Organization", "Old Harbour Board", [], None, None, None, {"wikidata": "Q990000041"}, None, None),
    "lyonesse-assembly": ("Government", "Lyonesse Assembly", [], None, None, None, {"wikidata": "Q990000060"}, None, None),
}

# id -> (from, type, to, date, start, end, after, before, role, status)
RELATIONSHIPS = {
    "jory-tregear--holds_position--member-of-the-lyonesse-assembly--2009-05": (
        "jory-tregear", "HOLDS_POSITION", "member-of-the-lyonesse-assembly", None, "2009-05", "2019", None, None,
        None, None),
    "jory-tregear--holds_position--minister-of-tides": (
        "jory-tregear", "HOLDS_POSITION", "minister-of-tides", None, None, None, "2001", "2003", None, None),
    "jory-tregear--member_of--tidewater-party--1985": (
        "jory-tregear", "MEMBER_OF", "tidewater-party", None, "1985", None, None, None, None, None),
    "jory-tregear--member_of--q990000021": (
        "jory-tregear", "MEMBER_OF", "q990000021", None, None, None, None, None, None, "denied"),
    "jory-tregear--family--morwenna-tregear--1990-06-16": (
        "jory-tregear", "FAMILY", "morwenna-tregear", None, "1990-06-16", None, None, None, "spouse", None),
    "jory-tregear--employed_by--harbour-trust-of-lyonesse--198X": (
        "jory-tregear", "EMPLOYED_BY", "harbour-trust-of-lyonesse", None, "198X", None, None, None, None, None),
    "member-of-the-lyonesse-assembly--part_of--lyonesse-assembly": (
        "member-of-the-lyonesse-assembly", "PART_OF", "lyonesse-assembly", None, None, None, None, None, None, None),
    "jory-tregear--leads--tidewater-party--2015-01-10": (
        "jory-tregear", "LEADS", "tidewater-party", None, "2015-01-10", None, None, None, "chairperson", None),
    "q990000003--founded--tidewater-party": (
        "q990000003", "FOUNDED", "tidewater-party", None, None, None, None, None, None, None),
    "harbour-trust-of-lyonesse--succeeded--old-harbour-board": (
        "harbour-trust-of-lyonesse", "SUCCEEDED", "old-harbour-board", None, None, None, None, None, None, None),
}


def statement(qid: str, suffix: str) -> str:
    return f"{qid}${suffix}"


WD = "https://www.wikidata.org/wiki/"
# relationship id -> [(source, quote, record, url, retrieved, date)]
CITATIONS = {
    "jory-tregear--holds_position--member-of-the-lyonesse-assembly--2009-05": [
        ("lyonesse-assembly-register", None, "LA-0042", None, "2026-11-20", None)],  # the reference's external id
    "jory-tregear--holds_position--minister-of-tides": [
        ("wikidata", None, statement(JORY, "5F3A1C2E-0B8D-4E27-9A61-7C1D2E3F4A02"), WD + "Q990000001#P39", None, None)],
    "jory-tregear--member_of--tidewater-party--1985": [
        ("example-org-tidewater-members", "Jory Tregear joined the Tidewater Party in 1985.", None,
         "https://example.org/tidewater/members", "2026-10-02", None)],
    "jory-tregear--member_of--q990000021": [
        ("the-lyonesse-chronicle", None, statement(JORY, "8B2E6D41-3C7A-4F19-8E50-6A9B1C2D3E02"), None, None,
         "2012-03-04")],
    "jory-tregear--family--morwenna-tregear--1990-06-16": [  # stated on both items: one tie, both statements cited
        ("wikidata", None, statement(JORY, "C47A0E12-9D3B-4B8E-A1F2-3E4D5C6B7A01"), WD + "Q990000001#P26", None, None),
        ("the-lyonesse-chronicle", None, statement("Q990000002", "6E7F8091-A2B3-44C5-D6E7-F8091A2B3C02"), None,
         "2026-11-21", None)],
    "jory-tregear--employed_by--harbour-trust-of-lyonesse--198X": [
        ("wikidata", None, statement(JORY, "C47A0E12-9D3B-4B8E-A1F2-3E4D5C6B7A02"), WD + "Q990000001#P108", None, None)],
    "member-of-the-lyonesse-assembly--part_of--lyonesse-assembly": [
        ("wikidata", None, statement("Q990000010", "2A3B4C5D-6E7F-4081-92A3-B4C5D6E7F802"), WD + "Q990000010#P361",
         None, None)],
    "jory-tregear--leads--tidewater-party--2015-01-10": [  # a reference of only "stated in": a record of that source
        ("lyonesse-assembly-register", None, statement("Q990000020", "3B4C5D6E-7F80-4192-A3B4-C5D6E7F80903"), None,
         None, None)],
    "q990000003--founded--tidewater-party": [
        ("wikidata", None, statement("Q990000020", "3B4C5D6E-7F80-4192-A3B4-C5D6E7F80904"), WD + "Q990000020#P112",
         None, None)],
    "harbour-trust-of-lyonesse--succeeded--old-harbour-board": [
        ("wikidata", None, statement("Q990000040", "7F8091A2-B3C4-45D6-E7F8-091A2B3C4D02"), WD + "Q990000040#P1365",
         None, None)],
}

# id -> (title, kind, url)
SOURCES = {
    "wikidata": ("Wikidata", "register", "https://www.wikidata.org"),
    "lyonesse-assembly-register": ("Lyonesse Assembly Register", "register", None),  # instance of database
    "the-lyonesse-chronicle": ("The Lyonesse Chronicle", "news", None),  # instance of newspaper
    "example-org-tidewater-members": ("https://example.org/tidewater/members", "other",
                                      "https://example.org/tidewater/members"),
}

REPORT = [
    "not carried: P17 (country) (no ISO 3166-1 code (P297) of the country in the files) (1 value)",
    "not carried: qualifier P2937 of P39 (position held) (1 value)",
    "skipped: 1 statement: P39 (position held) with an unknown value (somevalue)",
    "date left unknown: P582 (end time) of Q990000001$C47A0E12-9D3B-4B8E-A1F2-3E4D5C6B7A02: precision 6 "
    "(millennium or coarser) is too coarse for a date",
    "4 items referenced but not in the files became actors named by their label where a file has one, else by "
    "their Q-id: Q990000003, Q990000011, Q990000021, Q990000041",
    "not imported as actors: 4 items that no imported statement ties and whose instance of gives no actor kind, "
    "or that serve only as a source or country",
    "not imported: 1 lexeme entity",
]


def text(value):
    return None if value is None else str(value)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("wikidata") / "lyonesse-wd"
    result = cli("import", "wikidata", str(ENTITY_DATA), str(DUMP), "--dataset", "lyonesse-wd", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return result, out, read_dataset(out)


def test_items_become_actors_with_their_wikidata_ids(imported):
    _, _, dataset = imported
    got = {actor.id: (actor.kind, actor.name, actor.aliases, actor.description, text(actor.start), text(actor.end),
                      actor.identifiers, actor.url, actor.country) for actor in dataset.actors.values()}
    assert got == ACTORS


def test_statements_become_relationships_dated_by_their_qualifiers(imported):
    _, _, dataset = imported
    got = {rel.id: (rel.source, rel.type, rel.target, text(rel.date), text(rel.start), text(rel.end), text(rel.after),
                    text(rel.before), rel.role, rel.status) for rel in dataset.relationships.values()}
    assert got == RELATIONSHIPS


def test_a_deprecated_statement_is_kept_as_denied_with_the_reason(imported):
    _, _, dataset = imported
    rel = dataset.relationships["jory-tregear--member_of--q990000021"]
    assert rel.status == "denied"
    assert rel.status_note == ("Wikidata ranks statement Q990000001$8B2E6D41-3C7A-4F19-8E50-6A9B1C2D3E02 deprecated "
                               "(reason for deprecated rank: misattributed membership).")
    others = [other for other in dataset.relationships.values() if other.id != rel.id]
    assert {(other.status, other.status_note) for other in others} == {(None, None)}


def test_references_become_citations_and_a_quote_only_from_the_quote_qualifier(imported):
    _, _, dataset = imported
    got = {rel.id: [(c.source, c.quote, c.record, c.url, text(c.retrieved), text(c.date)) for c in rel.citations]
           for rel in dataset.relationships.values()}
    assert got == CITATIONS
    quoted = [c for rel in dataset.relationships.values() for c in rel.citations if c.kind == "quote"]
    assert [c.quote for c in quoted] == ["Jory Tregear joined the Tidewater Party in 1985."]
    fixture = ENTITY_DATA.read_text(encoding="utf-8")
    assert all(json.dumps(c.quote)[1:-1] in fixture for c in quoted)  # verbatim from the file
    assert {source.id: (source.title, source.kind, source.url) for source in dataset.sources.values()} == SOURCES


def test_the_command_reports_what_it_could_not_carry_and_the_dataset_validates(imported):
    result, out, _ = imported
    assert result.stderr.splitlines()[:len(REPORT)] == REPORT
    assert result.stdout.strip() == f"wrote {out}: 10 actors, 10 relationships, 4 sources"
    checked = cli("validate", str(out))
    assert checked.returncode == 0, checked.stdout
    assert "lyonesse-wd: 10 actors, 10 relationships, 4 sources — OK" in checked.stdout


def test_both_file_shapes_read_the_same_entities(tmp_path):
    """The dump shape (an array, one entity a line, trailing commas) and one entity per line read
    as Special:EntityData does."""
    entities = json.loads(ENTITY_DATA.read_text(encoding="utf-8"))["entities"]
    dump = tmp_path / "dump.json"
    dump.write_text("[\n" + ",\n".join(json.dumps(e) for e in entities.values()) + "\n]\n", encoding="utf-8")
    lines = tmp_path / "lines.json"
    lines.write_text("\n".join(json.dumps(e) for e in entities.values()) + "\n", encoding="utf-8")
    single = tmp_path / "single.json"
    single.write_text(json.dumps(entities[JORY]), encoding="utf-8")
    assert [dict(e) for e in read_entities(dump)] == list(entities.values())
    assert [dict(e) for e in read_entities(lines)] == list(entities.values())
    assert [dict(e) for e in read_entities(single)] == [entities[JORY]]
    pretty = tmp_path / "pretty.json"  # a JSON array written any other way
    pretty.write_text(json.dumps(list(entities.values()), indent=2), encoding="utf-8")
    assert [dict(e) for e in read_entities(pretty)] == list(entities.values())
    assert [e.where for e in read_entities(dump)][:2] == [f"{dump}:2", f"{dump}:3"]
    same = read_wikidata([dump, DUMP], "again").dataset
    assert {rel.id for rel in same.relationships.values()} == set(RELATIONSHIPS)


def test_the_import_writes_a_valid_dataset_and_never_over_another(tmp_path):
    out = tmp_path / "lyonesse"
    result = cli("import", "wikidata", str(ENTITY_DATA), str(DUMP), "--dataset", "lyonesse", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert set(read_dataset(out).relationships) == set(RELATIONSHIPS)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    again = cli("import", "wikidata", str(ENTITY_DATA), "--dataset", "other", "--out", str(out))
    assert again.returncode == 1 and "not empty" in again.stderr
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


@pytest.mark.parametrize("time,precision,calendar,expected", [
    ("+2014-03-07T00:00:00Z", 11, GREGORIAN, "2014-03-07"),
    ("+2014-03-00T00:00:00Z", 10, GREGORIAN, "2014-03"),
    ("+2014-00-00T00:00:00Z", 9, GREGORIAN, "2014"),
    ("+1990-00-00T00:00:00Z", 8, GREGORIAN, "199X"),
    ("+1901-00-00T00:00:00Z", 7, GREGORIAN, "1901/2000"),  # Wikidata's centuries are ordinal: the 20th
    ("+2000-00-00T00:00:00Z", 7, GREGORIAN, "1901/2000"),
    ("+00000002001-12-31T00:00:00Z", 11, GREGORIAN, "2001-12-31"),  # years padded as the JSON docs show them
    ("+1917-10-25T00:00:00Z", 11, JULIAN, "1917-11-07"),  # a Julian day is the Gregorian day it is
    ("+1700-12-00T00:00:00Z", 10, JULIAN, "1700-12/1701-01"),
    ("+2000-00-00T00:00:00Z", 6, GREGORIAN, None),  # a millennium: too coarse
    ("+2014-02-30T00:00:00Z", 11, GREGORIAN, None),  # Wikidata allows it; no such day
    ("-0044-03-15T00:00:00Z", 11, JULIAN, None),  # before the common era
    ("+0950-00-00T00:00:00Z", 9, GREGORIAN, None),  # outside graphkit's years
    ("+2014-00-00T00:00:00Z", 11, GREGORIAN, None),  # a day precision without a day
    ("+2014-03-07T00:00:00Z", 11, "http://www.wikidata.org/entity/Q12345", None),
])
def test_time_values_keep_wikidata_precision_and_never_invent_a_date(time, precision, calendar, expected):
    date, why = wikidata_date({"time": time, "timezone": 0, "before": 0, "after": 0, "precision": precision,
                               "calendarmodel": calendar})
    assert text(date) == expected
    assert (why is None) == (expected is not None)


def test_the_mapping_table_declares_the_network_properties():
    table = mapping()
    got = {prop: (rule.type, rule.reversed, rule.role) for prop, rule in table.properties.items()
           if prop in ("P39", "P102", "P463", "P108", "P69", "P112", "P488", "P6", "P35", "P749", "P361", "P26",
                       "P22", "P25", "P40", "P3373", "P1830", "P127", "P1365")}
    assert got == {
        "P39": ("HOLDS_POSITION", False, None), "P102": ("MEMBER_OF", False, None), "P463": ("MEMBER_OF", False, None),
        "P108": ("EMPLOYED_BY", False, None), "P69": ("EDUCATED_AT", False, None), "P112": ("FOUNDED", True, None),
        "P488": ("LEADS", True, "chairperson"), "P6": ("LEADS", True, "head of government"),
        "P35": ("LEADS", True, "head of state"), "P749": ("PART_OF", False, None), "P361": ("PART_OF", False, None),
        "P26": ("FAMILY", False, "spouse"), "P22": ("FAMILY", False, "father"), "P25": ("FAMILY", False, "mother"),
        "P40": ("FAMILY", False, "child"), "P3373": ("FAMILY", False, "sibling"), "P1830": ("OWNS", False, None),
        "P127": ("OWNS", True, None), "P1365": ("SUCCEEDED", False, None)}
    assert (table.kinds["Q5"], table.kinds["Q7278"], table.kinds["Q4164871"], table.kinds["Q163740"]) == (
        "Person", "Group", "Position", "NGO")
    assert table.time_qualifiers == {"P585": "attested", "P580": "start", "P582": "end", "P1319": "after",
                                     "P1326": "before"}
    assert table.point_in_time_events == {"FOUNDED", "SUCCEEDED"}


def test_the_installed_command_imports_and_refuses_a_folder_in_use(tmp_path):
    out = tmp_path / "tregear"
    result = run_graphkit("import", "wikidata", str(ENTITY_DATA), "--dataset", "tregear", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "relationships.yaml").is_file()
    again = run_graphkit("import", "wikidata", str(ENTITY_DATA), "--dataset", "tregear", "--out", str(out))
    assert again.returncode == 1 and "not empty" in again.stderr and "Traceback" not in again.stderr


def _entity(claims) -> str:
    return json.dumps({"entities": {"Q990000101": {"type": "item", "id": "Q990000101", "claims": claims}}})


_ITEM = {"entity-type": "item", "id": "Q990000102", "numeric-id": 990000102}


@pytest.mark.parametrize("content,message", [
    ("{not json", "small.json:1: not JSON"),
    ("plain text", "small.json:1: not Wikidata entity JSON"),
    ('[\n{"type": "item", "id": "Q990000101"},\n{"type": "item"}\n]', "small.json:3: field 'id': a Wikidata entity"),
    ('[\n{"type": "item", "id": "Q990000101"},\n{"type": "item", "id": \n]', "small.json:3: not JSON"),
    ('{"entities": [1]}', "small.json: field 'entities': an object of entities by id"),
    ('{"entities": {"Q990000101": {"type": "item", "id": "Q990000109"}}}',
     "small.json: record 'Q990000109': field 'id': is not 'Q990000101'"),
    (_entity({"P39": [{"id": "Q990000101$1", "rank": "normal",
                       "mainsnak": {"snaktype": "value", "property": "P39"}}]}),
     "small.json: record 'Q990000101': field 'claims.P39[0].mainsnak': a snak is of snaktype value"),
    (_entity({"P102": [{"id": "Q990000101$1", "rank": "superb",
                        "mainsnak": {"snaktype": "value", "property": "P102",
                                     "datavalue": {"value": _ITEM, "type": "wikibase-entityid"}}}]}),
     "small.json: record 'Q990000101': field 'claims.P102[0].rank': 'superb' is not a rank"),
    (_entity({"P102": [{"rank": "normal", "mainsnak": {"snaktype": "value", "property": "P102",
                                                       "datavalue": {"value": _ITEM, "type": "wikibase-entityid"}}}]}),
     "small.json: record 'Q990000101': field 'claims.P102[0].id': a statement has an id"),
    (_entity({"P102": [{"id": "Q990000101$1", "rank": "normal", "references": [{"snaks": []}],
                        "mainsnak": {"snaktype": "value", "property": "P102",
                                     "datavalue": {"value": _ITEM, "type": "wikibase-entityid"}}}]}),
     "small.json: record 'Q990000101': field 'claims.P102[0].references[0]': a reference is an object"),
    (_entity({"P102": [{"id": "Q990000101$1", "rank": "normal", "qualifiers": [1],
                        "mainsnak": {"snaktype": "value", "property": "P102",
                                     "datavalue": {"value": _ITEM, "type": "wikibase-entityid"}}}]}),
     "small.json: record 'Q990000101': field 'claims.P102[0].qualifiers': qualifiers are lists of snaks"),
])
def test_bad_input_is_one_clear_line_and_writes_nothing(tmp_path, content, message):
    file = tmp_path / "small.json"
    file.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    line = one_line_error(cli("import", "wikidata", str(file), "--dataset", "bad", "--out", str(out)))
    assert message in line, line
    assert not out.exists()
    assert [path.name for path in tmp_path.iterdir()] == ["small.json"]
    with pytest.raises(FormatError, match="small.json"):
        read_wikidata([file], "bad")


@pytest.mark.parametrize("content", ["[]", "[\n]\n", '{"entities": {}}'])
def test_a_file_without_entities_is_refused_and_nothing_is_written(tmp_path, content):
    file = tmp_path / "empty.json"
    file.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    line = one_line_error(cli("import", "wikidata", str(file), "--dataset", "empty", "--out", str(out)))
    assert line.startswith(f"Error: no entities in {file}"), line
    assert [path.name for path in tmp_path.iterdir()] == ["empty.json"]


def _snak(prop: str, value, kind: str) -> dict:
    return {"snaktype": "value", "property": prop, "datavalue": {"value": value, "type": kind}}


def _time(prop: str, time: str, precision: int) -> dict:
    return _snak(prop, {"time": time, "timezone": 0, "before": 0, "after": 0, "precision": precision,
                        "calendarmodel": GREGORIAN}, "time")


def _item(prop: str, qid: str) -> dict:
    return _snak(prop, {"entity-type": "item", "id": qid, "numeric-id": int(qid[1:])}, "wikibase-entityid")


def test_language_best_rank_and_dates_that_cannot_hold(tmp_path):
    """Names in the language asked for; of disagreeing statements the best-ranked one, and none when
    the best disagree; a statement whose dates cannot all hold is kept undated; a role from a qualifier."""
    def statement(number, mainsnak, rank="normal", **qualifiers):
        return {"id": f"Q990000201${number}", "type": "statement", "rank": rank, "mainsnak": mainsnak,
                "qualifiers": {prop: [snak] for prop, snak in qualifiers.items()}}
    piran = {"type": "item", "id": "Q990000201",
             "labels": {"en": {"language": "en", "value": "Piran Nance"},
                        "kw": {"language": "kw", "value": "Peran Nans"}},
             "aliases": {"kw": [{"language": "kw", "value": "Peran"}]},
             "claims": {"P31": [statement(1, _item("P31", "Q5"))],
                        "P569": [statement(2, _time("P569", "+1950-00-00T00:00:00Z", 9), "preferred"),
                                 statement(3, _time("P569", "+1951-00-00T00:00:00Z", 9))],
                        "P570": [statement(4, _time("P570", "+2001-00-00T00:00:00Z", 9)),
                                 statement(5, _time("P570", "+2002-00-00T00:00:00Z", 9))],
                        "P463": [statement(6, _item("P463", "Q990000202"),
                                           P580=_time("P580", "+1999-00-00T00:00:00Z", 9),
                                           P582=_time("P582", "+1990-00-00T00:00:00Z", 9))],
                        "P1038": [statement(7, _item("P1038", "Q990000203"), P1039=_item("P1039", "Q990000204"))]}}
    cousin = {"type": "item", "id": "Q990000204", "labels": {"kw": {"language": "kw", "value": "kenderow"}}}
    file = tmp_path / "piran.json"
    file.write_text(json.dumps({"entities": {"Q990000201": piran, "Q990000204": cousin}}), encoding="utf-8")
    report = read_wikidata([file], "piran", language="kw")
    actor = report.dataset.actors["peran-nans"]
    assert (actor.name, actor.aliases, text(actor.start), actor.end) == ("Peran Nans", ["Peran"], "1950", None)
    assert {rel.id: (rel.type, rel.target, rel.start, rel.end, rel.role) for rel in report.dataset.relationships.values()} == {
        "peran-nans--member_of--q990000202": ("MEMBER_OF", "q990000202", None, None, None),
        "peran-nans--family--q990000203": ("FAMILY", "q990000203", None, None, "relative: kenderow")}
    assert report.unknown_dates == [
        "P570 (date of death) of Q990000201: its best-ranked statements disagree (2001, 2002)",
        "Q990000201$6: its dates cannot all hold (start 1999, end 1990): left undated"]


def test_a_reference_cites_its_stated_in_source_at_its_url_with_each_quote(tmp_path):
    """A "stated in" item with a reference URL: that source, at that page; each quote a citation;
    page(s) its locator; "imported from" a Wikimedia project: an encyclopedia source; a reference
    with neither a source nor a URL cites nothing of its own (the statement then cites itself)."""
    def reference(*snaks):
        grouped = {}
        for snak in snaks:
            grouped.setdefault(snak["property"], []).append(snak)
        return {"hash": "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c", "snaks": grouped, "snaks-order": list(grouped)}

    def quote(text):
        return _snak("P1683", {"text": text, "language": "en"}, "monolingualtext")
    url = "https://example.org/chronicle/2011/05/02/harbour"
    employer = {"id": "Q990000301$1", "type": "statement", "rank": "normal",
                "mainsnak": _item("P108", "Q990000302"),
                "references": [
                    reference(_item("P248", "Q990000303"), _snak("P854", url, "string"), quote("Nance joined the Trust."),
                              quote("He will head its harbour works."), _snak("P304", "4", "string")),
                    reference(_item("P143", "Q990000304")),
                ]}
    founder = {"id": "Q990000302$2", "type": "statement", "rank": "normal", "mainsnak": _item("P112", "Q990000301"),
               "references": [reference(quote("A quote without a source."))]}
    person = {"type": "item", "id": "Q990000301", "labels": {"en": {"language": "en", "value": "Piran Nance"}},
              "claims": {"P31": [{"id": "Q990000301$0", "type": "statement", "rank": "normal",
                                  "mainsnak": _item("P31", "Q5")}],
                         "P108": [employer]}}
    trust = {"type": "item", "id": "Q990000302", "labels": {"en": {"language": "en", "value": "Harbour Trust"}},
             "claims": {"P112": [founder]}}
    chronicle = {"type": "item", "id": "Q990000303", "labels": {"en": {"language": "en", "value": "The Chronicle"}},
                 "claims": {"P31": [{"id": "Q990000303$1", "type": "statement", "rank": "normal",
                                     "mainsnak": _item("P31", "Q11032")}]}}
    wiki = {"type": "item", "id": "Q990000304", "labels": {"en": {"language": "en", "value": "Lyonesse Wikipedia"}}}
    file = tmp_path / "nance.json"
    file.write_text("\n".join(json.dumps(e) for e in (person, trust, chronicle, wiki)) + "\n", encoding="utf-8")
    report = read_wikidata([file], "nance")
    data = report.dataset
    cited = {rel.id: [(c.source, c.quote, c.locator, c.record, c.url) for c in rel.citations]
             for rel in data.relationships.values()}
    assert cited == {
        "piran-nance--employed_by--harbour-trust": [
            ("the-chronicle", "Nance joined the Trust.", "4", None, url),
            ("the-chronicle", "He will head its harbour works.", "4", None, url),
            ("lyonesse-wikipedia", None, None, "Q990000301$1", None)],
        "piran-nance--founded--harbour-trust": [
            ("wikidata", None, None, "Q990000302$2", "https://www.wikidata.org/wiki/Q990000302#P112")]}
    assert {s.id: s.kind for s in data.sources.values()} == {
        "the-chronicle": "news", "lyonesse-wikipedia": "encyclopedia", "wikidata": "register"}
    assert report.not_carried["reference without a source (no stated in, imported from or URL)"] == 1


def test_the_import_loads_into_neo4j_reads_back_and_maps(imported, neo4j_store, tmp_path):
    from playwright.sync_api import sync_playwright

    from test_map_browser import ARGS, CHROMIUM

    _, _, dataset = imported
    name = f"wikidata-{secrets.token_hex(4)}"
    dataset.name = name
    loaded, problems = validate_dataset(write_yaml(dataset, tmp_path / name))
    assert loaded is not None, [str(problem) for problem in problems]
    neo4j_store.load(loaded)
    try:
        graph = neo4j_store.read_graph(dataset=name, keep_isolated=True)
    finally:
        neo4j_store.unload(name)
    assert {node: (data["kind"], data["name"], data["identifiers"]) for node, data in graph.nodes(data=True)} == {
        actor_id: (kind, actor_name, identifiers) for actor_id, (kind, actor_name, *_, identifiers, _, _) in ACTORS.items()}
    back = {key: (source, data["type"], target, text(data.get("date")), text(data.get("start")), text(data.get("end")),
                  text(data.get("after")), text(data.get("before")), data.get("role"), data.get("status"))
            for source, target, key, data in graph.edges(keys=True, data=True)}
    # each status set by hand, or following from citations that assert: two sources of two publishers confirm
    statuses = {"jory-tregear--member_of--q990000021": "denied",
                "jory-tregear--family--morwenna-tregear--1990-06-16": "confirmed"}
    assert back == {rel_id: (*values[:9], statuses.get(rel_id, "reported")) for rel_id, values in RELATIONSHIPS.items()}
    cited = {key: [(c["source"], c.get("quote"), c.get("record"), c.get("url"), text(c.get("retrieved")),
                    text(c.get("date"))) for c in data["citations"]]
             for _, _, key, data in graph.edges(keys=True, data=True)}
    assert cited == CITATIONS

    page = write_map(graph, tmp_path / "wikidata.html")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            tab = browser.new_page()
            tab.goto(page.as_uri())
            tab.wait_for_function("window.graphkitReady === true", timeout=60_000)
            labels = tab.evaluate("graphkit.nodes.get().map(n => n.label)")
            edges = tab.evaluate("graphkit.edges.get().map(e => e.id)")
        finally:
            browser.close()
    assert sorted(labels) == sorted(actor_name for _, actor_name, *_ in ACTORS.values())
    assert sorted(edges) == sorted(RELATIONSHIPS)


def test_items_whose_ids_come_out_alike_stay_apart(tmp_path):
    """Two items labelled "Ann" get their Q-ids in their ids (``ann-q1``...), which an item
    labelled "Ann Q990000301" has as its slug: each item keeps an actor of its own, and its own
    membership, and the report says which was renamed."""
    def person(qid: str, label: str, member_of: str) -> dict:
        return {"type": "item", "id": qid, "labels": {"en": {"language": "en", "value": label}},
                "claims": {"P31": [{"id": f"{qid}$1", "type": "statement", "rank": "normal",
                                    "mainsnak": _item("P31", "Q5")}],
                           "P463": [{"id": f"{qid}$2", "type": "statement", "rank": "normal",
                                     "mainsnak": _item("P463", member_of)}]}}
    entities = {"Q990000301": person("Q990000301", "Ann", "Q990000311"),
                "Q990000302": person("Q990000302", "Ann", "Q990000312"),
                "Q990000304": person("Q990000304", "Ann Q990000301", "Q990000313")}
    file = tmp_path / "anns.json"
    file.write_text(json.dumps({"entities": entities}), encoding="utf-8")
    report = read_wikidata([file], "anns", language="en")
    actors = report.dataset.actors
    by_item = {actor.identifiers.get("wikidata"): actor.id for actor in actors.values()}
    assert len({by_item[qid] for qid in entities}) == 3
    clubs = {rel.target: actors[rel.source].identifiers["wikidata"] for rel in report.dataset.relationships.values()}
    assert clubs == {"q990000311": "Q990000301", "q990000312": "Q990000302", "q990000313": "Q990000304"}
    assert any(line.startswith("renamed: actor 'Q990000304' is 'ann-q990000301-2'") for line in report.lines())


def test_a_point_in_time_is_a_day_a_tie_held_and_an_events_own_day(tmp_path):
    """An office held "point in time 2013" is known to hold in 2013 (attested), not held on 2013
    alone; a founding with a point in time is dated by it."""
    def statement(number: int, mainsnak: dict, **qualifiers) -> dict:
        return {"id": f"Q990000401${number}", "type": "statement", "rank": "normal", "mainsnak": mainsnak,
                "qualifiers": {prop: [snak] for prop, snak in qualifiers.items()}}
    person = {"type": "item", "id": "Q990000401", "labels": {"en": {"language": "en", "value": "Tamsin Hoskin"}},
              "claims": {"P31": [statement(1, _item("P31", "Q5"))],
                         "P39": [statement(2, _item("P39", "Q990000402"),
                                           P585=_time("P585", "+2013-00-00T00:00:00Z", 9))]}}
    party = {"type": "item", "id": "Q990000403", "labels": {"en": {"language": "en", "value": "Hoskin Party"}},
             "claims": {"P112": [statement(3, _item("P112", "Q990000401"),
                                           P585=_time("P585", "+2009-05-00T00:00:00Z", 10))]}}
    file = tmp_path / "points.json"
    file.write_text(json.dumps({"entities": {"Q990000401": person, "Q990000403": party}}), encoding="utf-8")
    rels = {rel.type: rel for rel in read_wikidata([file], "points", language="en").dataset.relationships.values()}
    office, founding = rels["HOLDS_POSITION"], rels["FOUNDED"]
    assert (text(office.attested), office.date) == ("2013", None)
    assert (text(founding.date), founding.attested) == ("2009-05", None)


def test_a_second_reference_value_is_reported_and_a_labels_only_copy_never_wins(tmp_path):
    """A citation holds one source, one URL, one retrieved date: the values beyond the first are
    reported; a later, labels-only copy of an item (as a second dump may hold) does not replace the
    copy with its statements."""
    url, other = "https://example.org/a", "https://example.org/b"
    reference = {"hash": "1f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c", "snaks-order": ["P854"],
                 "snaks": {"P854": [_snak("P854", url, "string"), _snak("P854", other, "string")]}}
    person = {"type": "item", "id": "Q990000501", "lastrevid": 1,
              "labels": {"en": {"language": "en", "value": "Jenna Pascoe"}},
              "claims": {"P31": [{"id": "Q990000501$0", "type": "statement", "rank": "normal",
                                  "mainsnak": _item("P31", "Q5")}],
                         "P463": [{"id": "Q990000501$1", "type": "statement", "rank": "normal",
                                   "mainsnak": _item("P463", "Q990000502"), "references": [reference]}]}}
    later = {"type": "item", "id": "Q990000501", "lastrevid": 2,
             "labels": {"en": {"language": "en", "value": "Jenna Pascoe"}}}
    file = tmp_path / "pascoe.json"
    file.write_text("\n".join(json.dumps(e) for e in (person, later)) + "\n", encoding="utf-8")
    report = read_wikidata([file], "pascoe")
    [rel] = report.dataset.relationships.values()
    assert [citation.url for citation in rel.citations] == [url]
    assert report.not_carried["reference URL (beyond the first)"] == 1
