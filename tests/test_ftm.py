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
        assert (got.source, got.target, got.type, got.date, got.start, got.end, got.role, got.description) == (
            rel.source, rel.target, rel.type, plain(rel.date), plain(rel.start), plain(rel.end), rel.role,
            rel.description)
        assert (got.attested, got.after, got.before) == (None, None, None)
        # a status FtM states is kept as the stances that give it, else set by hand with the note why
        assert got.status_note == (STATUS_NOTE if got.status else None)
        assert all(c.date is None for c in got.citations)
        # documented: locators and place do not travel; quotes keep their source
        quoted = Counter((c.source, c.quote) for c in rel.citations)
        assert Counter((c.source, c.quote) for c in got.citations) == quoted
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
    leads = entities["rel.mira-castell--leads--green-harbour--2015-06"]
    assert leads["schema"] == "Directorship"
    assert leads["properties"]["director"] == ["actor.mira-castell"]
    assert leads["properties"]["organization"] == ["actor.green-harbour"]
    assert leads["properties"]["role"] == ["chair"]
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
    assert {e["schema"] for e in entities} >= {"Membership", "Directorship", "Employment", "Representation",
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
        "castell-leads-green-harbour": ("Directorship", None, None, None, ["confirmed"]),  # attested 2013: no date
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
    assert report.unmapped_properties["Ownership.percentage"] == 1
    assert any("lyo-mem-2" in line and "lyo-unknown-party" in line for line in report.skipped)
    assert {actor.id: actor.kind for actor in data.actors.values()} == {
        "lyo-crown": "Government", "lyo-treasury": "Government", "lyo-harbour-board": "Organization",
        "lyo-tide-watch": "NGO", "lyo-kernow-shipping": "Organization", "lyo-elowen-tregear": "Person",
        "lyo-jory-tregear": "Person", "lyo-morwenna-hale": "Person"}
    assert data.actors["lyo-kernow-shipping"].aliases == ["Kernow Shipping"]
    rels = data.relationships
    assert (rels["lyo-san-1"].type, rels["lyo-san-1"].source, rels["lyo-san-1"].target) == (
        "SANCTIONED", "lyo-crown", "lyo-kernow-shipping")
    assert (rels["lyo-fam-1"].type, rels["lyo-fam-1"].role) == ("AFFILIATED_WITH", "sibling")
    assert (rels["lyo-pay-1"].type, rels["lyo-pay-1"].amount, rels["lyo-pay-1"].currency) == ("FUNDS", 1200000.0, "GBP")
    assert rels["lyo-link-2"].type == "MET_WITH" and str(rels["lyo-link-2"].date) == "2022-09"
    assert [(c.source, c.quote) for c in rels["lyo-mem-1"].citations] == [
        ("lyo-doc-courier", "Tide Watch member Morwenna Hale"),
        ("lyo-doc-gazette", "Registered members of Tide Watch include M. Hale.")]
    # "confirmed" as two publishers asserting give it: the stances say it, no status is set by hand
    assert rels["lyo-mem-1"].status is None and {c.stance for c in rels["lyo-mem-1"].citations} == {"asserts"}
    assert statuses(data)["lyo-mem-1"] == "confirmed"
    assert all(rel.status is None and rel.status_note is None for rel in rels.values())  # no status stated
    # no proof: the source URL is the source, the quote is written from the record (never invented)
    assert [(c.source, c.quote) for c in rels["lyo-emp-1"].citations] == [
        ("example-org-treasury-staff", "Employment: Jory Tregear → Lyonesse Treasury")]
    assert data.sources["example-org-treasury-staff"].url == "https://example.org/treasury/staff"
    # no source at all: the file is the source, the quote the entity's own description
    assert [(c.source, c.quote) for c in rels["lyo-link-1"].citations] == [
        ("lyonesse-ftm-json", "Tide Watch has criticised the Harbour Board's accounts.")]
    assert (rels["lyo-link-1"].type, rels["lyo-link-1"].role) == ("AFFILIATED_WITH", "critic")
    assert str(data.sources["lyo-doc-courier"].published) == "2022-11-04"
    assert data.sources["lyo-doc-gazette"].language == "en"


def test_import_command_writes_a_dataset_that_validates(tmp_path):
    out = tmp_path / "lyonesse"
    result = run_graphkit("import", "ftm", str(LYONESSE), "--dataset", "lyonesse", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "not imported: 1 Address entity" in result.stderr
    assert "not carried: Person.birthPlace (1 value)" in result.stderr
    assert "wrote" in result.stdout and "8 actors, 10 relationships" in result.stdout
    checked = run_graphkit("validate", str(out))
    assert checked.returncode == 0, checked.stdout
    again = run_graphkit("import", "ftm", str(LYONESSE), "--dataset", "lyonesse", "--out", str(out))
    assert again.returncode == 1 and "not empty" in again.stderr


@pytest.mark.parametrize("line,message", [
    ("not json", ":1: not JSON"),
    ('{"id": "x1", "schema": "Nope", "properties": {}}', ":1: record 'x1': field 'schema': 'Nope' is no FtM schema"),
    ('{"schema": "Person", "properties": {}}', ":1: field 'id'"),
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
