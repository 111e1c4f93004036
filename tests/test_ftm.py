"""FollowTheMoney: export checked by FtM's own model, import of a hand-written file, and the round trip."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from followthemoney import model
from followthemoney.types import registry

from graphkit.dataset import read_dataset, validate_dataset
from graphkit.errors import FormatError
from graphkit.formats import write_graph_file
from graphkit.formats.ftm.read import STATUS_NOTE, import_ftm, read_ftm
from graphkit.formats.ftm.write import entities as to_ftm_entities
from graphkit.graph import dataset_to_graph
from graphkit.model import PartialDate

from conftest import run_graphkit


REPO = Path(__file__).resolve().parent.parent
TINY = REPO / "tests" / "fixtures" / "tiny"
SEED = REPO / "seed" / "malaysia-palestine"
TIME = REPO / "tests" / "fixtures" / "time-formats"
LYONESSE = REPO / "tests" / "fixtures" / "ftm" / "lyonesse.ftm.json"


@pytest.fixture(scope="module", params=[TINY, SEED, TIME], ids=lambda path: path.name)
def dataset(request):
    return read_dataset(request.param)


def plain(date):
    """A date as FtM holds it unchanged: a plain YYYY, YYYY-MM or YYYY-MM-DD; else (an open end, EDTF) none."""
    return date if date is not None and re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", str(date)) else None


def statuses(dataset) -> dict[str, str]:
    """Each relationship's status as graphkit reads it: set by hand, else from its citations' stances."""
    return {key: data["status"] for _, _, key, data in dataset_to_graph(dataset).edges(keys=True, data=True)}


def round_trip(dataset, tmp_path):
    file = tmp_path / f"{dataset.name}.ftm.json"
    write_graph_file(dataset_to_graph(dataset), file, "ftm")
    report = import_ftm(file, dataset.name, tmp_path / "back")
    back, problems = validate_dataset(tmp_path / "back")
    assert back is not None, [str(problem) for problem in problems]
    return {entity["id"]: entity for entity in map(json.loads, file.read_text().splitlines())}, report, back


def test_every_entity_passes_the_ftm_model(dataset):
    entities = to_ftm_entities(dataset_to_graph(dataset))
    assert len(entities) == len(dataset.actors) + len(dataset.relationships) + len(dataset.sources)
    for data in entities:
        schema = model.get(data["schema"])
        proxy = model.get_proxy(data, cleaned=False)
        schema.validate(data)
        assert all(proxy.has(name) for name in schema.required), data["id"]
        for name, values in data["properties"].items():
            assert values == [schema.get(name).type.clean(value) for value in values], (data["id"], name)


def test_round_trip_keeps_actors_relationships_and_sources(dataset, tmp_path):
    entities, report, back = round_trip(dataset, tmp_path)
    assert not report.unmapped_schemata and not report.skipped
    assert set(back.actors) == set(dataset.actors)
    for actor in dataset.actors.values():
        got = back.actors[actor.id]
        assert (got.kind, got.name, got.aliases, got.description, got.start, got.end, got.tags) == (
            actor.kind, actor.name, actor.aliases, actor.description, plain(actor.start), plain(actor.end), actor.tags)
        # documented: only Wikidata ids travel; FtM keeps only the countries it knows
        assert got.identifiers == {k: v for k, v in actor.identifiers.items() if k == "wikidata"}
        known = actor.country and registry.country.clean(actor.country)
        assert got.country == (actor.country if known else None)
    assert set(back.relationships) == set(dataset.relationships)
    assert statuses(back) == statuses(dataset)  # set by hand or following from the stances, the same status
    for rel in dataset.relationships.values():
        got = back.relationships[rel.id]
        # documented: only the plain dates the text gave travel (no attested/after/before, open end or EDTF)
        assert (got.source, got.target, got.type, got.date, got.start, got.end, got.role) == (
            rel.source, rel.target, rel.type, plain(rel.date), plain(rel.start), plain(rel.end), rel.role)
        # FtM has no verbatim quotes: the quotes, written as summaries, come back as the description
        said = {}
        for citation in rel.citations:
            said.setdefault(citation.source, []).append(citation.quote)
        described = [rel.description] + ["\n\n".join(quotes) for quotes in said.values()]
        assert got.description == "\n\n".join(dict.fromkeys(text.strip() for text in described if text))
        assert (got.attested, got.after, got.before) == (None, None, None)
        # a status FtM states is kept as the stances that give it, else set by hand with the note why
        assert got.status_note == (STATUS_NOTE if got.status else None)
        assert all(c.date is None for c in got.citations)
        # documented: locators and place do not travel; each source is cited as the FtM record
        assert [(c.source, c.kind, c.quote, c.record, c.url) for c in got.citations] == [
            (source, "record", None, f"rel.{rel.id}".replace("_", "-"), None) for source in said]
        assert got.place is None
        schema = next(e["schema"] for e in entities.values() if e["properties"].get("recordId") == [rel.id])
        carried = schema == "Payment"
        assert (got.amount, got.currency) == ((rel.amount, rel.currency) if carried else (None, None))
    assert set(back.sources) == set(dataset.sources)
    for source in dataset.sources.values():
        got = back.sources[source.id]
        assert (got.title, got.kind, got.publisher, got.url, got.published, got.authors, got.language,
                got.accessed, got.description) == (source.title, source.kind, source.publisher, source.url,
                                                   plain(source.published), source.authors, source.language,
                                                   plain(source.accessed), source.description)


def test_types_map_to_the_ftm_schemata_that_fit():
    entities = {e["id"]: e for e in to_ftm_entities(dataset_to_graph(read_dataset(TINY)))}
    # LEADS is no directorship (one may lead a government): an UnknownLink that names its type
    leads = entities["rel.mira-castell--leads--green-harbour--2015-06"]
    assert leads["schema"] == "UnknownLink"
    assert leads["properties"]["subject"] == ["actor.mira-castell"]
    assert leads["properties"]["object"] == ["actor.green-harbour"]
    assert leads["properties"]["role"] == ["LEADS: chair"]
    assert (leads["properties"]["startDate"], leads["properties"]["endDate"]) == (["2015-06"], ["2021"])
    # an alleged payment has no status in FtM's Payment: it stays alleged, as an UnknownLink
    funds = entities["rel.open-ledger--funds--green-harbour--2022"]
    assert funds["schema"] == "UnknownLink"
    assert funds["properties"]["status"] == ["alleged"] and funds["properties"]["role"] == ["FUNDS"]
    assert entities["actor.avalon"]["schema"] == "PublicBody"
    assert entities["actor.open-ledger"]["properties"]["classification"] == ["NGO"]
    assert entities["source.herald-2023"]["schema"] == "Article"
    assert entities["source.herald-2023"]["properties"]["sourceUrl"] == ["https://example.org/herald/2023/coalition-talks"]
    entities = to_ftm_entities(dataset_to_graph(read_dataset(SEED)))
    sanctions = [e for e in entities if e["schema"] == "Sanction"]
    assert sanctions and all(e["properties"]["authority"] and e["properties"]["entity"] for e in sanctions)
    assert {e["schema"] for e in entities} >= {"Membership", "Employment", "Representation",
                                               "Payment", "Sanction", "UnknownLink"}


def test_time_and_stances_travel_as_far_as_ftm_holds_them(tmp_path):
    """Worked by hand from tests/fixtures/time-formats: FtM dates only from what the text gave
    (plain dates; no attested/after/before, open end or EDTF form), the status as FtM's `status`
    (or, for a schema without one, as the status its citations give when they all assert), and,
    read back, stances where one stance shared by every citation gives the status FtM states."""
    dataset = read_dataset(TIME)
    entities, report, back = round_trip(dataset, tmp_path)
    links = {e["properties"]["recordId"][0]: e for e in entities.values() if "recordId" in e["properties"]}

    def shown(rel_id):
        props = links[rel_id]["properties"]
        return (links[rel_id]["schema"], *(props.get(name) for name in ("date", "startDate", "endDate", "status")))

    assert {rel_id: shown(rel_id) for rel_id in links} == {
        "castell-met-avalon": ("UnknownLink", ["2016-10-30"], None, None, ["disputed"]),
        "castell-member-of-green-harbour": ("Membership", None, ["2010"], None, ["alleged"]),  # end: .. is no endDate
        "castell-leads-green-harbour": ("UnknownLink", None, None, None, ["confirmed"]),  # attested 2013: no date
        # Payment has no status, and one asserting citation would read back as reported, not confirmed
        "open-ledger-funds-green-harbour": ("UnknownLink", None, None, None, ["confirmed"]),  # after: no date
        "green-harbour-supports-tide-watch": ("UnknownLink", None, None, None, ["reported"]),  # before: no date
        "avalon-pressured-open-ledger": ("UnknownLink", None, None, None, ["reported"]),  # 2023? is not 2023
        "avalon-funds-tide-watch": ("Payment", None, None, ["2012"], None),  # 2008/2009 is not 2008; two publishers
        "green-harbour-affiliated-with-open-ledger": ("UnknownLink", None, None, None, ["reported"]),  # undated
        "avalon-supports-tide-watch": ("UnknownLink", None, None, None, ["denied"]),  # undated
    }
    assert "incorporationDate" not in entities["actor.avalon"]["properties"]  # 193X
    assert entities["actor.mira-castell"]["properties"]["deathDate"] == ["2018-04-21"]
    assert entities["source.avalon-wiki"]["properties"]["publishedAt"] == ["2025"]

    got = {rel.id: (rel.status, [c.stance for c in rel.citations]) for rel in back.relationships.values()}
    assert got == {
        "castell-met-avalon": ("disputed", ["asserts", "asserts"]),  # FtM does not say who denies: set by hand
        "castell-member-of-green-harbour": (None, ["alleges"]),
        "castell-leads-green-harbour": (None, ["asserts", "asserts"]),  # two publishers: confirmed
        "open-ledger-funds-green-harbour": ("confirmed", ["asserts"]),  # FtM does not say who confirms
        "green-harbour-supports-tide-watch": (None, ["asserts"]),
        "avalon-pressured-open-ledger": (None, ["asserts"]),
        "avalon-funds-tide-watch": (None, ["asserts", "asserts"]),
        "green-harbour-affiliated-with-open-ledger": (None, ["asserts"]),
        "avalon-supports-tide-watch": (None, ["denies"]),
    }
    assert statuses(back) == statuses(dataset)
    rels = back.relationships
    assert rels["castell-met-avalon"].status_note == STATUS_NOTE
    assert (rels["castell-member-of-green-harbour"].start, rels["castell-member-of-green-harbour"].end) == (
        PartialDate.parse("2010"), None)
    funds = rels["avalon-funds-tide-watch"]
    assert (funds.start, funds.end) == (None, PartialDate.parse("2012"))
    assert back.actors["avalon"].start is None and back.actors["mira-castell"].end == PartialDate.parse("2018-04-21")


def test_the_hand_written_file_imports_and_reports_what_does_not_fit():
    report = read_ftm(LYONESSE, "lyonesse")
    data = report.dataset
    assert report.unmapped_schemata == Counter({"Address": 1})
    assert report.unmapped_properties["Person.birthPlace"] == 1
    assert report.unmapped_properties["Ownership.percentage (not one number from 0 to 100)"] == 1  # "a minority"
    assert any("lyo-mem-2" in line and "lyo-unknown-party" in line for line in report.skipped)
    assert {actor.id: actor.kind for actor in data.actors.values()} == {
        "lyo-crown": "Government", "lyo-treasury": "Government", "lyo-harbour-board": "Organization",
        "lyo-tide-watch": "NGO", "lyo-kernow-shipping": "Organization", "lyo-elowen-tregear": "Person",
        "lyo-jory-tregear": "Person", "lyo-morwenna-hale": "Person", "lyo-old-packet": "Organization",
        "lyo-pos-harbourmaster": "Position"}
    assert data.actors["lyo-kernow-shipping"].aliases == ["Kernow Shipping"]
    assert data.actors["lyo-pos-harbourmaster"].start == PartialDate.parse("1955")
    rels = data.relationships
    # each interval schema as the type that says what it is
    assert {rel.id: (rel.type, rel.source, rel.target, rel.role) for rel in rels.values()} == {
        "lyo-dir-1": ("DIRECTS", "lyo-elowen-tregear", "lyo-harbour-board", "chair"),
        "lyo-mem-1": ("MEMBER_OF", "lyo-morwenna-hale", "lyo-tide-watch", None),
        "lyo-emp-1": ("EMPLOYED_BY", "lyo-jory-tregear", "lyo-treasury", "auditor"),
        "lyo-fam-1": ("FAMILY", "lyo-elowen-tregear", "lyo-jory-tregear", "sibling"),
        "lyo-own-1": ("OWNS", "lyo-harbour-board", "lyo-kernow-shipping", None),
        "lyo-own-2": ("OWNS", "lyo-elowen-tregear", "lyo-kernow-shipping", "shareholder"),
        "lyo-pay-1": ("FUNDS", "lyo-treasury", "lyo-harbour-board", None),
        "lyo-san-1": ("SANCTIONED", "lyo-crown", "lyo-kernow-shipping", None),
        "lyo-link-1": ("AFFILIATED_WITH", "lyo-tide-watch", "lyo-harbour-board", "critic"),
        "lyo-link-2": ("MET_WITH", "lyo-elowen-tregear", "lyo-crown", None),
        "lyo-assoc-1": ("ASSOCIATE_OF", "lyo-morwenna-hale", "lyo-elowen-tregear", "former colleague"),
        "lyo-occ-1": ("HOLDS_POSITION", "lyo-jory-tregear", "lyo-pos-harbourmaster", None),
        "lyo-succ-1": ("SUCCEEDED", "lyo-kernow-shipping", "lyo-old-packet", None),  # the later to the earlier
        "lyo-rep-1": ("REPRESENTS", "lyo-morwenna-hale", "lyo-tide-watch", "spokesperson"),
        "lyo-pos-harbourmaster--part_of--lyo-harbour-board": (
            "PART_OF", "lyo-pos-harbourmaster", "lyo-harbour-board", None),  # the Position's organization
    }
    assert (rels["lyo-own-1"].share, rels["lyo-own-2"].share) == (51.0, None)
    assert (rels["lyo-pay-1"].amount, rels["lyo-pay-1"].currency) == (1200000.0, "GBP")
    assert str(rels["lyo-link-2"].date) == "2022-09" and str(rels["lyo-succ-1"].date) == "2003"
    # no FtM text is a quote: every citation is a record; summaries and descriptions describe
    assert all(c.kind == "record" and c.quote is None for rel in rels.values() for c in rel.citations)
    assert rels["lyo-mem-1"].description == ("Tide Watch member Morwenna Hale\n\n"
                                             "Registered members of Tide Watch include M. Hale.")
    assert rels["lyo-link-1"].description == "Tide Watch has criticised the Harbour Board's accounts."
    assert rels["lyo-emp-1"].description is None
    # a proof is the source; recordId, sourceUrl and retrievedAt say which record
    assert [(c.source, c.record, c.url, str(c.retrieved)) for c in rels["lyo-own-1"].citations] == [
        ("lyo-doc-gazette", "LY-REG-0042-7", "https://example.org/lyonesse/registry/0042", "2026-11-30")]
    # no recordId and no sourceUrl: the FtM entity is the record
    assert [(c.source, c.record, c.url) for c in rels["lyo-mem-1"].citations] == [
        ("lyo-doc-courier", "lyo-mem-1", None), ("lyo-doc-gazette", "lyo-mem-1", None)]
    # no proof: the one publisher is the source (a register); the link is the record's
    assert [(c.source, c.record, c.url, str(c.retrieved)) for c in rels["lyo-emp-1"].citations] == [
        ("lyonesse-treasury", None, "https://example.org/treasury/staff", "2026-11-29")]
    board = data.sources["harbour-board-of-st-tristan"]
    assert (board.title, board.kind, board.publisher, board.url) == (
        "Harbour Board of St Tristan", "register", "Harbour Board of St Tristan", "https://example.org/harbour")
    assert [(c.source, c.record, c.url) for c in rels["lyo-occ-1"].citations] == [
        ("harbour-board-of-st-tristan", "officer-77", "https://example.org/harbour/officers#77")]
    # no source at all: the file is the source
    assert [(c.source, c.record) for c in rels["lyo-link-1"].citations] == [("lyonesse-ftm-json", "lyo-link-1")]
    assert data.sources["lyonesse-ftm-json"].kind == "register"
    # "confirmed" as two publishers asserting give it: the stances say it, no status is set by hand
    assert rels["lyo-mem-1"].status is None and {c.stance for c in rels["lyo-mem-1"].citations} == {"asserts"}
    assert statuses(data)["lyo-mem-1"] == "confirmed"
    assert all(rel.status is None and rel.status_note is None for rel in rels.values())  # no status stated
    assert str(data.sources["lyo-doc-courier"].published) == "2022-11-04"
    assert data.sources["lyo-doc-gazette"].language == "en"


def test_record_citations_and_the_new_types_travel_both_ways(tmp_path):
    """Written by hand: a register's records (record, url, retrieved) through FtM and back, with
    OWNS (its share), FAMILY, HOLDS_POSITION (a Position), SUCCEEDED and DIRECTS."""
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "dataset.yaml").write_text("name: registers\ntitle: Registers\n", encoding="utf-8")
    (folder / "sources.yaml").write_text(
        "- {id: wikidata, title: Wikidata, kind: register, publisher: Wikimedia Foundation}\n"
        "- {id: companies, title: Companies register, kind: register}\n", encoding="utf-8")
    (folder / "actors.yaml").write_text(
        "- {id: ann, kind: Person, name: Ann Vell}\n- {id: bo, kind: Person, name: Bo Vell}\n"
        "- {id: pm, kind: Position, name: Prime Minister of Avalon}\n"
        "- {id: old-co, kind: Organization, name: Old Co}\n- {id: new-co, kind: Organization, name: New Co}\n",
        encoding="utf-8")
    (folder / "relationships.yaml").write_text("""\
- {from: ann, type: HOLDS_POSITION, to: pm, start: 2019-05-01, sources: [{source: wikidata, record: Q1$AB-12,
   url: 'https://www.wikidata.org/wiki/Q1#P39', retrieved: 2026-11-30}]}
- {from: ann, type: FAMILY, to: bo, role: sibling, sources: [{source: wikidata, record: Q1$CD-34}]}
- {from: ann, type: OWNS, to: new-co, share: 12.5, sources: [{source: companies, url: 'https://example.org/co/9'}]}
- {from: new-co, type: SUCCEEDED, to: old-co, date: 2020, sources: [{source: companies, record: c-9-s}]}
- {from: bo, type: DIRECTS, to: new-co, role: director, sources: [{source: companies, record: c-9-d1,
   retrieved: 2026-11-29}, {source: companies, record: c-9-d2, retrieved: 2026-11-29}]}
""", encoding="utf-8")
    # (two records of one source, retrieved the same day: FtM keeps that day once, for both)
    dataset = read_dataset(folder)
    entities, report, back = round_trip(dataset, tmp_path)
    schemata = {e["properties"]["recordId"][0]: e["schema"] for e in entities.values() if e["id"].startswith("rel.")}
    assert schemata == {"ann--holds_position--pm--2019-05-01": "Occupancy", "ann--family--bo": "Family",
                        "ann--owns--new-co": "Ownership", "new-co--succeeded--old-co--2020": "Succession",
                        "bo--directs--new-co": "Directorship"}
    assert entities["actor.pm"]["schema"] == "Position"
    owns = entities["rel.ann--owns--new-co"]["properties"]
    assert (owns["percentage"], owns["sourceUrl"]) == (["12.5"], ["https://example.org/co/9"])
    assert entities["rel.new-co--succeeded--old-co--2020"]["properties"]["successor"] == ["actor.new-co"]
    assert not report.skipped and not report.unmapped_schemata
    assert back.actors["pm"].kind == "Position"
    for rel in dataset.relationships.values():
        got = back.relationships[rel.id]
        assert (got.type, got.source, got.target, got.role, got.share, got.start, got.date) == (
            rel.type, rel.source, rel.target, rel.role, rel.share, rel.start, rel.date)
        assert [(c.source, c.kind, c.record, c.url, c.retrieved) for c in got.citations] == [
            (c.source, "record", c.record, c.url, c.retrieved) for c in rel.citations]


def test_import_command_writes_a_dataset_that_validates(tmp_path):
    out = tmp_path / "lyonesse"
    result = run_graphkit("import", "ftm", str(LYONESSE), "--dataset", "lyonesse", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "not imported: 1 Address entity" in result.stderr
    assert "not carried: Person.birthPlace (1 value)" in result.stderr
    assert "wrote" in result.stdout and "10 actors, 15 relationships" in result.stdout
    checked = run_graphkit("validate", str(out))
    assert checked.returncode == 0, checked.stdout
    again = run_graphkit("import", "ftm", str(LYONESSE), "--dataset", "lyonesse", "--out", str(out))
    assert again.returncode == 1 and "not empty" in again.stderr


@pytest.mark.parametrize("line,message", [
    ("not json", ":1: not JSON"),
    ('{"id": "x1", "schema": "Nope", "properties": {}}', ":1: record 'x1': field 'schema': 'Nope' is no FtM schema"),
    ('{"schema": "Person", "properties": {}}', ":1: field 'id'"),
    ('{"id": "p", "schema": "Person", "properties": {"name": ["A"]}}\n'
     '{"id": "p", "schema": "Person", "properties": {"name": ["B"]}}', ":2: record 'p': field 'id': also the id of line 1"),
    ('{"id": "p", "schema": "Person", "properties": {"name": ["A"]}}\n'
     '{"id": " p ", "schema": "Person", "properties": {"name": ["B"]}}', ":2: record ' p ': field 'id': also the id"),
])
def test_bad_ftm_input_is_one_clear_line(tmp_path, line, message):
    file = tmp_path / "bad.ftm.json"
    file.write_text(line + "\n", encoding="utf-8")
    result = run_graphkit("import", "ftm", str(file), "--dataset", "bad", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"bad.ftm.json{message}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with pytest.raises(FormatError, match=f"bad.ftm.json{message}"):
        read_ftm(file, "bad")


def test_without_followthemoney_the_ftm_format_says_how_to_install_it(tmp_path):
    stub = tmp_path / "stub" / "followthemoney"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text('raise ImportError("followthemoney is not installed")\n')
    env = {"PYTHONPATH": str(stub.parent)}
    result = run_graphkit("export", str(TINY), "--format", "ftm", env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pip install 'graphkit[ftm]'" in result.stderr
    result = run_graphkit("import", "ftm", str(LYONESSE), "--dataset", "x", "--out", str(tmp_path / "x"), env=env)
    assert result.returncode == 1 and "pip install 'graphkit[ftm]'" in result.stderr


def lines_of(*entities: dict) -> str:
    return "".join(json.dumps(entity) + "\n" for entity in entities)


def test_dates_are_read_as_the_file_writes_them(tmp_path):
    """The FtM model cleans dates even when asked not to (``2008/2009`` becomes 2008, ``1960?`` a
    certain 1960, a time zone moves a day into the next year): the import reads them as written,
    and reports those that are no date instead of dropping them unseen."""
    file = tmp_path / "dates.ftm.json"
    file.write_text(lines_of(
        {"id": "p", "schema": "Person", "properties": {"name": ["P"], "birthDate": ["1960?"], "deathDate": ["2008/2009"]}},
        {"id": "o", "schema": "Organization", "properties": {"name": ["O"], "incorporationDate": ["May 2020"]}},
        {"id": "m", "schema": "Membership", "properties": {"member": ["p"], "organization": ["o"],
                                                           "startDate": ["2020-12-31T22:00:00-05:00"]}}), encoding="utf-8")
    report = read_ftm(file, "dates")
    person = report.dataset.actors["p"]
    assert (str(person.start), str(person.end)) == ("1960?", "2008/2009")
    assert report.dataset.actors["o"].start is None
    assert "not carried: Organization.incorporationDate (not a date) (1 value)" in report.lines()
    [membership] = report.dataset.relationships.values()
    assert str(membership.start) == "2020-12-31"


def test_ids_that_clean_up_alike_stay_apart(tmp_path):
    """``actor.p`` loses graphkit's own prefix and becomes ``p``, as ``p`` does: each keeps its own
    actor and its own relationships, and the report says which was renamed."""
    file = tmp_path / "ids.ftm.json"
    file.write_text(lines_of(
        {"id": "p", "schema": "Person", "properties": {"name": ["Ann Innocent"]}},
        {"id": "actor.p", "schema": "Person", "properties": {"name": ["Zed Crook"]}},
        {"id": "c", "schema": "Organization", "properties": {"name": ["Cartel"]}},
        {"id": "m", "schema": "Membership", "properties": {"member": ["actor.p"], "organization": ["c"]}},
        {"id": "rel.m", "schema": "Membership", "properties": {"member": ["p"], "organization": ["c"],
                                                               "startDate": ["2001"]}}), encoding="utf-8")
    report = read_ftm(file, "ids")
    actors = report.dataset.actors
    assert {actor.id: actor.name for actor in actors.values()} == {"p": "Ann Innocent", "p-2": "Zed Crook", "c": "Cartel"}
    members = sorted((actors[rel.source].name, str(rel.start)) for rel in report.dataset.relationships.values())
    assert members == [("Ann Innocent", "2001"), ("Zed Crook", "None")]
    assert "renamed: actor 'actor.p' is 'p-2' (its own id was taken by another record)" in report.lines()


def test_an_amount_that_is_no_plain_number_is_reported_not_guessed(tmp_path):
    file = tmp_path / "pay.ftm.json"
    file.write_text(lines_of(
        {"id": "a", "schema": "Company", "properties": {"name": ["A"]}},
        {"id": "b", "schema": "Company", "properties": {"name": ["B"]}},
        {"id": "pay", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["b"], "amount": ["1,000"]}}),
        encoding="utf-8")
    result = run_graphkit("import", "ftm", str(file), "--dataset", "pay", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "not carried: Payment.amount (not a plain number: '1,000') (1 value)" in result.stderr
    assert [rel.amount for rel in read_dataset(tmp_path / "out").relationships.values()] == [None]


def test_a_second_value_of_what_graphkit_holds_once_is_reported(tmp_path):
    file = tmp_path / "two.ftm.json"
    file.write_text(lines_of(
        {"id": "a", "schema": "Person", "properties": {"name": ["A"]}},
        {"id": "b", "schema": "Person", "properties": {"name": ["B"]}},
        {"id": "c", "schema": "Organization", "properties": {"name": ["C"]}},
        {"id": "m", "schema": "Membership", "properties": {"member": ["a", "b"], "organization": ["c"],
                                                           "startDate": ["2001", "2002"],
                                                           "publisher": ["Reg One", "Reg Two"]}}), encoding="utf-8")
    report = read_ftm(file, "two")
    assert {"not carried: Membership.member (beyond the first) (1 value)",
            "not carried: Membership.startDate (beyond the first) (1 value)",
            "not carried: Membership.publisher (several: the file is cited) (2 values)"} <= set(report.lines())
    assert not any("publisher (beyond" in line for line in report.lines())  # neither was taken
    assert [(rel.source, str(rel.start)) for rel in report.dataset.relationships.values()] == [("a", "2001")]
