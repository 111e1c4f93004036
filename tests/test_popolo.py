"""Popolo import: an EveryPolitician-shaped file of a fictional parliament into a dataset that
validates, loads into Neo4j, reads back the same and maps; bad files fail on one clear line."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from graphkit.dataset import read_dataset, validate_dataset, write_yaml
from graphkit.errors import FormatError
from graphkit.formats.popolo.read import read_popolo
from graphkit.graph import dataset_to_graph
from graphkit.map import write_map

from conftest import cli, one_line_error, run_graphkit
from test_map_browser import CLICKABLE_EDGE, MapPage, browser  # noqa: F401  (browser: the fixture)

LYONESSE = Path(__file__).parent / "fixtures" / "popolo" / "lyonesse.ep-popolo.json"
MORWENNA = "3f2c9a10-5b1e-4c2d-9a77-1e0c5d8b2a01"
JAGO = "b7e41d02-8c3f-4e5a-b0c1-2d3e4f5a6b02"
TAMSIN = "c9a0f1e2-3d4c-4b5a-8f9e-0a1b2c3d4e03"
SOURCE = "lyonesse-ep-popolo-json"
TERM13 = "dates of legislative period term/13 (13th Parliament of Lyonesse); the membership gives none"
TERM14_END = "end of legislative period term/14 (14th Parliament of Lyonesse); the membership gives no end_date"
TERM14_START = ("start of legislative period term/14 (14th Parliament of Lyonesse); "
                "the membership gives no start_date")
TERM15_START = ("start of legislative period term/15 (15th Parliament of Lyonesse); "
                "the membership gives no start_date")

# id -> (kind, name, aliases, start, end, identifiers, tags)
ACTORS = {
    MORWENNA: ("Person", "Morwenna Trevelyan", ["Morwenna Trevelyan-Hocking"], "1961-04", None,
               {"wikidata": "Q4115189", "lyonesse-parliament": "M-101"}, []),
    JAGO: ("Person", "Jago Penhallow", ["J. Penhallow"], "1948", "2019-02-11",
           {"wikidata": "Q13406268", "everypolitician_legacy": "0042"}, []),
    TAMSIN: ("Person", "Tamsin Rosewarne", [], None, None, {"lyonesse-parliament": "M-113"}, []),
    "parliament-of-lyonesse": ("Government", "Parliament of Lyonesse", [], None, None, {"wikidata": "Q15397819"},
                               ["legislature"]),
    "party/blue": ("Group", "Blue Party", ["Pluw Glas"], None, None, {}, ["party"]),
    "party/green-league": ("Group", "Green League of Lyonesse", [], "1987", None, {}, ["party"]),
    "government-of-lyonesse": ("Government", "Government of Lyonesse", [], None, None, {}, ["executive"]),
    "cabinet-of-lyonesse": ("Government", "Cabinet of Lyonesse", [], None, None, {}, ["cabinet"]),
    "committee/fisheries": ("Government", "Fisheries Committee", [], None, None, {}, ["committee"]),
    "lyonesse-tin-board": ("Organization", "Lyonesse Tin Board", [], None, "2012-12-31", {}, ["board"]),
    "post/first-minister": ("Position", "First Minister of Lyonesse", ["Premier of Lyonesse"], None, None, {}, []),
    "post/chair-fisheries": ("Position", "Chair of the Fisheries Committee", [], None, None, {}, []),
}

# id -> (from, type, to, start, end, role, date_note, [(record, url), ...])
MORWENNA_PAGE = "https://parliament.lyonesse.example/members/trevelyan"
JAGO_PAGES = ["https://parliament.lyonesse.example/members/penhallow",
              "https://archive.lyonesse.example/members/penhallow"]
RELATIONSHIPS = {
    "cabinet-of-lyonesse--part_of--government-of-lyonesse": (
        "cabinet-of-lyonesse", "PART_OF", "government-of-lyonesse", None, None, None, None,
        [("cabinet-of-lyonesse", "https://gov.lyonesse.example/cabinet")]),
    "committee/fisheries--part_of--parliament-of-lyonesse": (
        "committee/fisheries", "PART_OF", "parliament-of-lyonesse", None, None, None, None,
        [("committee/fisheries", None)]),
    "post/first-minister--part_of--cabinet-of-lyonesse": (
        "post/first-minister", "PART_OF", "cabinet-of-lyonesse", None, None, None, None,
        [("post/first-minister", None)]),
    "post/chair-fisheries--part_of--committee/fisheries": (
        "post/chair-fisheries", "PART_OF", "committee/fisheries", None, None, None, None,
        [("post/chair-fisheries", None)]),
    f"{MORWENNA}--member_of--parliament-of-lyonesse--2011-05-05": (
        MORWENNA, "MEMBER_OF", "parliament-of-lyonesse", "2011-05-05", "2016-05-04", "member", TERM13,
        [(MORWENNA, MORWENNA_PAGE)]),
    f"{MORWENNA}--represents--party/blue--2011-05-05": (
        MORWENNA, "REPRESENTS", "party/blue", "2011-05-05", "2016-05-04", None, TERM13,
        [(MORWENNA, MORWENNA_PAGE)]),
    f"{MORWENNA}--member_of--parliament-of-lyonesse--2016-05-05": (
        MORWENNA, "MEMBER_OF", "parliament-of-lyonesse", "2016-05-05", "2018-09-30", "member", None,
        [(MORWENNA, MORWENNA_PAGE)]),
    f"{MORWENNA}--represents--party/blue--2016-05-05": (
        MORWENNA, "REPRESENTS", "party/blue", "2016-05-05", "2018-09-30", None, None,
        [(MORWENNA, MORWENNA_PAGE)]),
    f"{MORWENNA}--member_of--parliament-of-lyonesse--2018-10-01": (
        MORWENNA, "MEMBER_OF", "parliament-of-lyonesse", "2018-10-01", "2021-05-05", "member", TERM14_END,
        [(MORWENNA, MORWENNA_PAGE)]),
    f"{MORWENNA}--represents--party/green-league--2018-10-01": (
        MORWENNA, "REPRESENTS", "party/green-league", "2018-10-01", "2021-05-05", None, TERM14_END,
        [(MORWENNA, MORWENNA_PAGE)]),
    f"{JAGO}--member_of--parliament-of-lyonesse--2011-05-05": (
        JAGO, "MEMBER_OF", "parliament-of-lyonesse", "2011-05-05", "2016-05-04", "member", TERM13,
        [("m-jago-13", "https://parliament.lyonesse.example/records/m-jago-13")]),
    f"{JAGO}--member_of--parliament-of-lyonesse--2016-05-05": (  # the term ends after his death: no end
        JAGO, "MEMBER_OF", "parliament-of-lyonesse", "2016-05-05", None, "member", TERM14_START,
        [(JAGO, "https://parliament.lyonesse.example/records/term-14/penhallow")]),
    f"{JAGO}--member_of--cabinet-of-lyonesse--2014-03": (
        JAGO, "MEMBER_OF", "cabinet-of-lyonesse", "2014-03", "2016-05", "First Minister", None,
        [(JAGO, url) for url in JAGO_PAGES]),
    f"{JAGO}--holds_position--post/first-minister--2014-03": (
        JAGO, "HOLDS_POSITION", "post/first-minister", "2014-03", "2016-05", "First Minister", None,
        [(JAGO, url) for url in JAGO_PAGES]),
    f"{TAMSIN}--member_of--party/green-league--2009": (
        TAMSIN, "MEMBER_OF", "party/green-league", "2009", None, "member", None, [(TAMSIN, None)]),
    f"{TAMSIN}--member_of--committee/fisheries--2021-06-01": (
        TAMSIN, "MEMBER_OF", "committee/fisheries", "2021-06-01", None, "Chair", None, [(TAMSIN, None)]),
    f"{TAMSIN}--holds_position--post/chair-fisheries--2021-06-01": (
        TAMSIN, "HOLDS_POSITION", "post/chair-fisheries", "2021-06-01", None, "Chair", None, [(TAMSIN, None)]),
    f"{TAMSIN}--member_of--parliament-of-lyonesse--2021-05-06": (
        TAMSIN, "MEMBER_OF", "parliament-of-lyonesse", "2021-05-06", None, "member", TERM15_START, [(TAMSIN, None)]),
    f"{TAMSIN}--represents--party/green-league--2021-05-06": (
        TAMSIN, "REPRESENTS", "party/green-league", "2021-05-06", None, None, TERM15_START, [(TAMSIN, None)]),
}

REPORT = [
    "not imported: areas (no graphkit equivalent; memberships.area_id counts their uses): 1",
    "not imported: events: general election (no graphkit equivalent): 1",
    "not imported: memberships: REPRESENTS of the pseudo-party 'independent': 1",
    "not imported: organizations: the pseudo-party 'independent' (no actor): 1",
    "not carried: events.organization_id (3 values)",
    "not carried: memberships.area_id (2 values)",
    "not carried: meta.generator (1 value)",
    "not carried: organizations.seats (1 value)",
    "not carried: organizations.srgb (1 value)",
    "not carried: persons.contact_details (1 value)",
    "not carried: persons.email (1 value)",
    "not carried: persons.family_name (1 value)",
    "not carried: persons.gender (2 values)",
    "not carried: persons.given_name (1 value)",
    "not carried: persons.image (1 value)",
    "not carried: persons.links (1 value)",
    "not carried: persons.other_names.end_date (1 value)",
    "not carried: persons.other_names.lang (1 value)",
    "not carried: persons.other_names.note (2 values)",
    "not carried: persons.sort_name (1 value)",
    "not carried: posts.role (1 value)",
    "merged: 1 membership repeated word for word",
]


def text(date) -> str | None:
    return None if date is None else str(date)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The fixture imported by the command, as a user would, and read back from its folder."""
    out = tmp_path_factory.mktemp("popolo") / "lyonesse"
    result = cli("import", "popolo", str(LYONESSE), "--dataset", "lyonesse", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return result, out, read_dataset(out)


def test_persons_organizations_and_posts_become_actors(imported):
    _, _, dataset = imported
    got = {actor.id: (actor.kind, actor.name, actor.aliases, text(actor.start), text(actor.end),
                      actor.identifiers, actor.tags) for actor in dataset.actors.values()}
    assert got == ACTORS
    assert dataset.actors[TAMSIN].description == "Member for St Martin's since 2021."


def test_memberships_become_dated_relationships_with_their_records_cited(imported):
    _, _, dataset = imported
    got = {rel.id: (rel.source, rel.type, rel.target, text(rel.start), text(rel.end), rel.role, rel.date_note,
                    [(citation.record, citation.url) for citation in rel.citations])
           for rel in dataset.relationships.values()}
    assert got == RELATIONSHIPS


def test_every_citation_is_a_record_of_the_register_never_a_quote(imported):
    _, _, dataset = imported
    (source,) = dataset.sources.values()
    assert (source.id, source.kind, source.title, source.publisher, source.url, text(source.accessed)) == (
        SOURCE, "register", "Parliament of Lyonesse: members and offices", "Lyonesse Parliamentary Office",
        "https://data.lyonesse.example/parliament/popolo.json", "2026-11-20")
    citations = [citation for rel in dataset.relationships.values() for citation in rel.citations]
    assert len(citations) == 21
    assert all(citation.quote is None and citation.kind == "record" for citation in citations)
    assert {(citation.source, text(citation.retrieved), citation.stance) for citation in citations} == {
        (SOURCE, "2026-11-20", "asserts")}


def test_the_command_reports_what_it_could_not_carry_and_the_dataset_validates(imported):
    result, out, _ = imported
    assert result.stderr.splitlines()[:len(REPORT)] == REPORT
    assert result.stdout.strip() == f"wrote {out}: 12 actors, 19 relationships, 1 sources"
    checked = cli("validate", str(out))
    assert checked.returncode == 0, checked.stdout
    assert "lyonesse: 12 actors, 19 relationships, 1 source — OK" in checked.stdout


def test_the_installed_command_imports_and_refuses_a_folder_in_use(tmp_path):
    out = tmp_path / "lyonesse"
    result = run_graphkit("import", "popolo", str(LYONESSE), "--dataset", "lyonesse", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "relationships.yaml").is_file()
    again = run_graphkit("import", "popolo", str(LYONESSE), "--dataset", "lyonesse", "--out", str(out))
    assert again.returncode == 1 and "not empty" in again.stderr and "Traceback" not in again.stderr


def membership_file(tmp_path, memberships, **extra) -> Path:
    data = {"persons": [{"id": "p1", "name": "Piran Nance"}],
            "organizations": [{"id": "house", "name": "House of Lyonesse", "classification": "house"}],
            "memberships": memberships, **extra}
    path = tmp_path / "small.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_repeated_memberships_merge_and_different_ones_keep_apart(tmp_path):
    same = {"person_id": "p1", "organization_id": "house", "start_date": "2001", "role": "member"}
    other_end = {**same, "end_date": "2003"}
    report = read_popolo(membership_file(tmp_path, [same, dict(same), other_end, dict(same)]), "small")
    assert report.merged == 2
    got = {rel.id: (text(rel.start), text(rel.end)) for rel in report.dataset.relationships.values()}
    assert got == {"p1--member_of--house--2001": ("2001", None), "p1--member_of--house--2001--2": ("2001", "2003")}
    assert [citation.record for citation in report.dataset.relationships["p1--member_of--house--2001"].citations] == [
        "p1"]


def test_a_term_date_the_memberships_own_contradicts_is_not_taken(tmp_path):
    """A membership starting in 2016 of a term 2010 to 2014 keeps its start and an unknown end (the
    term's end would make it end before it began, and the import fail); the report says so."""
    term = {"id": "t", "classification": "legislative period", "start_date": "2010", "end_date": "2014"}
    file = membership_file(tmp_path, [{"person_id": "p1", "organization_id": "house", "start_date": "2016",
                                       "legislative_period_id": "t"}], events=[term])
    report = read_popolo(file, "small")
    [rel] = report.dataset.relationships.values()
    assert (text(rel.start), rel.end) == ("2016", None)
    assert ("not carried: memberships.legislative_period_id (a term date the membership's own date contradicts) "
            "(1 value)") in report.lines()
    assert cli("import", "popolo", str(file), "--dataset", "small", "--out", str(tmp_path / "out")).returncode == 0


def test_an_id_two_collections_share_names_two_actors(tmp_path):
    file = membership_file(tmp_path, [{"person_id": "p1", "post_id": "house"}],
                           posts=[{"id": "house", "label": "Speaker of the House", "organization_id": "house"}])
    report = read_popolo(file, "small")
    assert {actor.id: actor.name for actor in report.dataset.actors.values()} == {
        "p1": "Piran Nance", "house": "House of Lyonesse", "posts-house": "Speaker of the House"}
    assert sorted(report.dataset.relationships) == [
        "p1--holds_position--posts-house", "p1--member_of--house", "posts-house--part_of--house"]


def test_ids_that_clean_up_alike_stay_apart(tmp_path):
    """``a b`` becomes ``a-b``, as ``a-b`` does, and a later person's ``persons-a-b`` is what the
    second would have been renamed: each person keeps an actor of its own and its own membership."""
    file = tmp_path / "alike.json"
    people = [{"id": "persons-a-b", "name": "First"}, {"id": "a b", "name": "Second"}, {"id": "a-b", "name": "Third"}]
    file.write_text(json.dumps({"persons": people, "organizations": [{"id": "o", "name": "House"}],
                                "memberships": [{"person_id": person["id"], "organization_id": "o"}
                                                for person in people]}), encoding="utf-8")
    report = read_popolo(file, "alike")
    actors = report.dataset.actors
    assert sorted(actor.name for actor in actors.values()) == ["First", "House", "Second", "Third"]
    members = sorted(actors[rel.source].name for rel in report.dataset.relationships.values())
    assert members == ["First", "Second", "Third"]
    assert "renamed: actor 'persons/a-b' is 'a-b-2' (its own id was taken by another record)" in report.lines()


@pytest.mark.parametrize("content,message", [
    ('{"events": [{"id": "t", "classification": "legislative period", "start_date": "2010"}, '
     '{"id": "t", "classification": "legislative period", "start_date": "2014"}]}',
     "small.json: events[1] (record 't'): field 'id': 't' is the id of an earlier record too"),
    ("{not json", "small.json: not JSON"),
    ('["a list"]', "small.json: not a Popolo file"),
    ('{"persons": {"id": "p1"}}', "small.json: field 'persons': must be a list of records"),
    ('{"persons": [{"id": "p1"}]}', "small.json: persons[0] (record 'p1'): field 'name': required field is missing"),
    ('{"persons": [{"id": "p1", "name": "P", "birth_date": "May 1960"}]}',
     "small.json: persons[0] (record 'p1'): field 'birth_date': 'May 1960' is not a Popolo date"),
    ('{"persons": [{"id": "p1", "name": "P"}], "memberships": [{"person_id": "p2", "organization_id": "o"}]}',
     "small.json: memberships[0]: field 'person_id': 'p2' is no record of 'persons' in the file"),
    ('{"persons": [{"id": "p1", "name": "P"}], "organizations": [{"id": "o", "name": "O"}], '
     '"memberships": [{"person_id": "p1", "organization_id": "o", "legislative_period_id": "term/9"}]}',
     "small.json: memberships[0]: field 'legislative_period_id': 'term/9' is no event of classification "
     "'legislative period' in the file"),
    ('{"meta": {"url": "javascript:alert(1)"}}', "small.json: meta: field 'url': "),
])
def test_bad_input_is_one_clear_line_and_writes_nothing(tmp_path, content, message):
    file = tmp_path / "small.json"
    file.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    line = one_line_error(cli("import", "popolo", str(file), "--dataset", "bad", "--out", str(out)))
    assert message in line
    assert not out.exists()
    assert [path.name for path in tmp_path.iterdir()] == ["small.json"]
    with pytest.raises(FormatError, match="small.json"):
        read_popolo(file, "bad")


def test_an_import_that_does_not_validate_leaves_nothing_behind(tmp_path):
    file = tmp_path / "small.json"
    file.write_text(json.dumps({"persons": [{"id": "p1", "name": "Piran Nance", "birth_date": "0202-01-01"}]}),
                    encoding="utf-8")
    out = tmp_path / "seed" / "small"
    result = cli("import", "popolo", str(file), "--dataset", "small", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{out}/actors.yaml:4: error: record 'p1'" in result.stderr and "'0202-01-01' is outside" in result.stderr
    assert f"{out}: the imported dataset has errors (above); nothing was written" in result.stderr
    assert not out.exists() and list((tmp_path / "seed").iterdir()) == []


def test_the_import_loads_into_neo4j_reads_back_and_maps(imported, neo4j_store, browser, tmp_path):
    _, _, dataset = imported
    name = f"popolo-{secrets.token_hex(4)}"
    dataset.name = name
    folder = write_yaml(dataset, tmp_path / name)
    loaded, problems = validate_dataset(folder)
    assert loaded is not None, [str(problem) for problem in problems]
    neo4j_store.load(loaded)
    try:
        graph = neo4j_store.read_graph(dataset=name, keep_isolated=True)
    finally:
        neo4j_store.unload(name)
    assert {node: data["kind"] for node, data in graph.nodes(data=True)} == {
        actor_id: kind for actor_id, (kind, *_) in ACTORS.items()}
    back = {key: (source, data["type"], target, text(data.get("start")), text(data.get("end")), data.get("role"),
                  data.get("date_note")) for source, target, key, data in graph.edges(keys=True, data=True)}
    assert back == {rel_id: expected[:7] for rel_id, expected in RELATIONSHIPS.items()}
    from_files = dataset_to_graph(loaded)
    for source, target, key, data in graph.edges(keys=True, data=True):
        assert data["earliest_start"] == from_files.edges[source, target, key]["earliest_start"], key
        assert data["latest_end"] == from_files.edges[source, target, key]["latest_end"], key

    page = MapPage(browser, write_map(graph, tmp_path / "lyonesse.html"))
    try:
        labels = page.evaluate("graphkit.nodes.get().map(n => n.label)")
        assert sorted(labels) == sorted(name for _, name, *_ in ACTORS.values())
        assert sorted(page.evaluate("graphkit.edges.get().map(e => e.id)")) == sorted(RELATIONSHIPS)
        # a relationship clicked shows its citations as records of the register, never as quotes
        target = page.evaluate(CLICKABLE_EDGE, list(RELATIONSHIPS))
        assert target is not None, "no relationship could be clicked on the map"
        page.page.mouse.click(target["x"], target["y"])
        page.page.wait_for_selector("#details[data-kind=relationship]")
        panel = page.page.locator("#details")
        assert panel.locator("blockquote").count() == 0
        cited = RELATIONSHIPS[target["id"]][7]
        assert panel.locator(".record-id").all_text_contents() == [record for record, _ in cited]
        assert panel.locator(".retrieved").all_text_contents() == ["retrieved 2026-11-20"] * len(cited)
        page.assert_clean()
    finally:
        page.close()


def test_path_says_where_derived_dates_come_from(imported):
    """A membership dated by its legislative period says so wherever its dates are shown."""
    _, out, dataset = imported
    derived = next(rel for rel in dataset.relationships.values() if rel.date_note and rel.type == "REPRESENTS")
    names = {actor.id: actor.name for actor in dataset.actors.values()}
    shown = cli("path", names[derived.source], names[derived.target], str(out))
    assert shown.returncode == 0, shown.stderr
    assert f"dates: {derived.date_note}" in shown.stdout
