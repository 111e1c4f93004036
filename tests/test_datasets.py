"""Reading datasets (YAML and CSV) into the model, and every problem validation must report."""

import re
import shutil
from pathlib import Path

import pytest

from graphkit.dataset import default_dataset_paths, find_datasets, read_dataset, validate_dataset, write_csv
from graphkit.model import PartialDate
from graphkit.errors import DatasetError

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"
REPO = Path(__file__).parent.parent


def problems_of(folder: Path):
    dataset, problems = validate_dataset(folder)
    return dataset, problems


def located(problems, file: str, line: int | None, record: str | None, field: str | None,
            message: str, severity: str = "error"):
    """The one problem at file:line about record and field whose message contains `message`."""
    found = [p for p in problems
             if Path(p.origin.file).name == file and p.origin.line == line and p.record == record
             and p.field == field and message in p.message and p.severity == severity]
    assert len(found) == 1, f"no {severity} {file}:{line} {record} {field} {message!r} in:\n" + "\n".join(
        map(str, problems))
    return found[0]


# --- a valid dataset -------------------------------------------------------------------------------

def test_tiny_reads_into_the_model():
    dataset = read_dataset(FIXTURES / "tiny")
    assert (dataset.name, dataset.license, dataset.version) == ("tiny", "CC0-1.0", "1.0")
    assert list(dataset.sources) == ["herald-2023", "ledger-report-2024", "gazette-2022"]
    assert len(dataset.actors) == 5 and len(dataset.relationships) == 6
    castell = dataset.actors["mira-castell"]
    assert castell.kind == "Person" and castell.start == PartialDate("1961-04-12")
    assert castell.identifiers == {"wikidata": "Q4115189"} and castell.tags == ["activist", "founder"]
    assert dataset.actors["avalon"].aliases == ["Avalon", "République d’Avalon"]
    # Unquoted YAML dates and years are read as written, not as YAML dates and numbers.
    assert dataset.actors["avalon-foreign-ministry"].start == PartialDate("2001")
    meeting = dataset.relationships["mira-castell--met_with--avalon-foreign-ministry--2023-10-30"]
    assert meeting.date == PartialDate("2023-10-30") and meeting.place == "Port Avalon"
    assert meeting.status is None  # not set by hand: it follows from the citations
    assert [c.locator for c in meeting.citations] == [None, "p. 7"]
    assert [c.stance for c in meeting.citations] == ["asserts", "asserts"]  # the default
    grant = dataset.relationships["open-ledger--funds--green-harbour--2022"]
    assert (grant.amount, grant.currency, grant.status) == (250000.0, "EUR", "alleged")
    assert grant.status_note.startswith("The movement says it never received the grant")
    ministry = dataset.relationships["avalon-foreign-ministry--part_of--avalon--2001"]
    assert [c.stance for c in ministry.citations] == ["confirms", "asserts"]  # the Republic's own gazette
    pressure = dataset.relationships["ministry-pressure-on-open-ledger"]
    assert (pressure.date, pressure.attested) == (None, PartialDate("2024-02"))
    assert dataset.relationships["ministry-pressure-on-open-ledger"].source == "avalon-foreign-ministry"
    assert dataset.sources["gazette-2022"].published == PartialDate("2022")
    assert dataset.sources["herald-2023"].authors == ["J. Doe", "R. Roe"]


def test_tiny_has_no_problems_at_all():
    dataset, problems = problems_of(FIXTURES / "tiny")
    assert dataset is not None and problems == []


# --- every error class, each by file, line, record and field -----------------------------------------

RECORD_ERRORS = [
    # dataset.yaml: a missing required field, an unknown field
    ("dataset.yaml", 2, None, "title", "required field is missing"),
    ("dataset.yaml", 4, None, None, "unknown field 'licence' (did you mean license?)"),
    # sources
    ("sources.yaml", 6, "herald-2023", "id", "duplicate source id 'herald-2023' (first at line 1)"),
    ("sources.yaml", 10, "radio-2024", "kind", "unknown source kind 'newspaper' (did you mean news?)"),
    ("sources.yaml", 11, "radio-2024", "url", "'ftp://example.org/radio/2024' is not an http(s) URL"),
    ("sources.yaml", 12, "radio-2024", "published", "'2024-13' is not a real date (month 13)"),
    ("sources.yaml", 14, "blog-post", "title", "must not be empty"),
    ("sources.yaml", 16, "blog-post", "url", "'javascript:alert(1)' is not an http(s) URL"),
    # actors
    ("actors.yaml", 5, "avalon", "id", "duplicate actor id 'avalon' (first at line 1)"),
    ("actors.yaml", 9, "mira-castell", "kind", "unknown actor kind 'Persn' (did you mean Person?)"),
    ("actors.yaml", 11, "mira-castell", "country", "'xa' is not a country code: use two capital letters"),
    ("actors.yaml", 12, "mira-castell", "start", "'2023-02-30' is not a real date (February 2023 has 28 days)"),
    ("actors.yaml", 15, "green-harbour", "name", "must not be empty"),
    ("actors.yaml", 17, "green-harbour", "end", "end 2009 is before start 2015"),
    ("actors.yaml", 21, "open-ledger", None, "unknown field 'alias' (did you mean aliases?)"),
    ("actors.yaml", 22, "open-ledger", "start", "'31/12/2020' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"),
    ("actors.yaml", 23, "nameless", "name", "required field is missing"),
    ("actors.yaml", 25, "the ministry", "id", "'the ministry' is not an id: ids may not contain spaces"),
    ("actors.yaml", 28, "the ministry", "description", "must be text, not a list"),
    ("actors.yaml", 29, None, "id", "required field is missing"),
    # relationships
    ("relationships.yaml", 2, "mira-castell--meets--avalon--2023-10-30", "type",
     "unknown relationship type 'MEETS' (did you mean MET_WITH?)"),
    ("relationships.yaml", 9, "anwar--supports--avalon", "from", "unknown actor 'anwar'"),
    ("relationships.yaml", 12, "anwar--supports--avalon", "status", "unknown status 'confimed' (did you mean confirmed?)"),
    ("relationships.yaml", 12, "anwar--supports--avalon", "status",
     "status 'confimed' is set by hand without a status_note: say why"),
    ("relationships.yaml", 14, "anwar--supports--avalon", "source",
     "unknown source 'herald-2032' in citation 1 (did you mean herald-2023?)"),
    ("relationships.yaml", 17, "avalon--sanctioned--open-ledger--2024-02", "sources",
     "no sources: every relationship needs at least one {source, quote}"),
    ("relationships.yaml", 26, "avalon--opposes--green-harbour", "quote", "required field is missing in citation 1"),
    ("relationships.yaml", 28, "avalon--opposes--green-harbour", None,
     "unknown field 'qoute' in citation 2 (did you mean quote?)"),
    ("relationships.yaml", 33, "mira-castell--leads--green-harbour--2015", "date",
     "give either date (a point event) or start/end (a lasting relation), not both"),
    ("relationships.yaml", 43, "mira-castell--member_of--green-harbour--2021", "end", "end 2015-06 is before start 2021"),
    ("relationships.yaml", 52, "grant-2022", "date", "'2023-02-29' is not a real date (February 2023 has 28 days)"),
    ("relationships.yaml", 53, "grant-2022", "amount", "'1.5m' is not a number"),
    ("relationships.yaml", 54, "grant-2022", "currency", "'euros' is not a currency code"),
    ("relationships.yaml", 59, "grant-2022", "id", "duplicate relationship id 'grant-2022' (first at line 48)"),
    ("relationships.yaml", 63, "grant-2022", "date", "'1900-02-29' is not a real date (February 1900 has 28 days)"),
    ("relationships.yaml", 76, "avalon--met_with--open-ledger--2022-03-01", None,
     "(first at line 68); if they are two relationships, give each an explicit id"),
    ("relationships.yaml", 84, None, "to", "required field is missing"),
]


@pytest.fixture(scope="module")
def broken_records():
    return problems_of(BROKEN / "records")


@pytest.mark.parametrize("file, line, record, field, message", RECORD_ERRORS)
def test_each_error_is_reported_where_it_is(broken_records, file, line, record, field, message):
    located(broken_records[1], file, line, record, field, message)


def test_all_errors_come_at_once_and_nothing_else(broken_records):
    dataset, problems = broken_records
    assert dataset is None
    errors = [problem for problem in problems if problem.severity == "error"]
    assert len(errors) == len(RECORD_ERRORS) + 1  # and citation 2's missing quote
    located(problems, "relationships.yaml", 27, "avalon--opposes--green-harbour", "quote",
            "required field is missing in citation 2")
    assert all(problem.origin.line for problem in problems)


def test_a_problem_prints_as_one_line_naming_file_line_record_and_field(broken_records):
    problem = located(broken_records[1], "relationships.yaml", 2, "mira-castell--meets--avalon--2023-10-30",
                      "type", "MEETS")
    assert str(problem) == (
        f"{BROKEN / 'records' / 'relationships.yaml'}:2: error: record 'mira-castell--meets--avalon--2023-10-30' "
        "field 'type': unknown relationship type 'MEETS' (did you mean MET_WITH?)")


def test_read_dataset_raises_with_every_problem():
    with pytest.raises(DatasetError) as raised:
        read_dataset(BROKEN / "records")
    assert len([p for p in raised.value.problems if p.severity == "error"]) == len(RECORD_ERRORS) + 1
    assert "duplicate actor id 'avalon'" in str(raised.value)


def test_single_source_relationships_are_one_note_listing_them(broken_records):
    [problem] = [p for p in broken_records[1] if "single source" in p.message]
    # A note, not a warning: a claim that one document makes is no mistake (--strict passes it).
    assert problem.severity == "note" and problem.origin.line == 1
    # Of the 8 relationships that made it into the dataset (duplicates and one without `to` did not).
    assert problem.message.startswith("6 of 8 relationships rest on a single source: "
                                      "'mira-castell--meets--avalon--2023-10-30' (line 1), ")
    assert problem.message.count("(line ") == 5 and "and 1 more" in problem.message


def test_a_broken_record_does_not_hide_the_others(broken_records):
    # The relationships after the broken ones are still checked and their actors still found.
    problems = broken_records[1]
    assert not any("unknown actor 'mira-castell'" in p.message for p in problems)
    assert not any("unknown actor 'open-ledger'" in p.message for p in problems)


# --- warnings -------------------------------------------------------------------------------------

def test_warnings_do_not_fail_a_dataset():
    dataset, problems = problems_of(FIXTURES / "warnings")
    assert dataset is not None
    assert {problem.severity for problem in problems} == {"warning", "note"}
    located(problems, "actors.yaml", 11, "lone-actor", None, "actor has no relationships", "warning")
    located(problems, "sources.yaml", 10, "unused-report", None, "source is cited by no relationship", "warning")
    located(problems, "relationships.yaml", 12, None, "sources",
            "1 of 2 relationships rests on a single source: 'avalon--opposes--green-harbour--2023-10' (line 12)",
            "note")
    located(problems, "relationships.yaml", 2, "mira-castell--charged--green-harbour--2023-05", "type",
            "unusual ends for CHARGED: Person 'mira-castell' to Group 'green-harbour' (expected from Government",
            "warning")
    # The time and evidence model: a status set by hand bolder than its one citation, a note
    # with no status, a date after an actor's end, and a date after the claim's first report
    # (the 2022 gazette cannot report charges of May 2023).
    located(problems, "relationships.yaml", 16, "avalon--opposes--green-harbour--2023-10", "status",
            "status 'confirmed' says more than its citations, which give 'reported' (1 asserts)", "warning")
    located(problems, "relationships.yaml", 5, "mira-castell--charged--green-harbour--2023-05", "status_note",
            "a status_note without a status", "warning")
    located(problems, "relationships.yaml", 15, "avalon--opposes--green-harbour--2023-10", "date",
            "date 2023-10 is after 'green-harbour' ended (end 2023-06)", "warning")
    located(problems, "relationships.yaml", 4, "mira-castell--charged--green-harbour--2023-05", "date",
            "date 2023-05 is after its first report ('gazette-2022', 2022)", "warning")
    assert len(problems) == 8


# --- malformed files and folders --------------------------------------------------------------------

def test_malformed_yaml_gives_the_parsers_line_and_column():
    dataset, problems = problems_of(BROKEN / "malformed-yaml")
    assert dataset is None
    [problem] = problems  # the relationships into the unreadable actors file are not reported as dangling
    assert Path(problem.origin.file).name == "actors.yaml" and problem.origin.line == 8
    assert problem.message.startswith("malformed YAML: while parsing a flow sequence (line 7, column 12)")
    assert "(line 8, column 5)" in problem.message


def test_malformed_csv_gives_the_row():
    dataset, problems = problems_of(BROKEN / "malformed-csv")
    assert dataset is None
    [problem] = problems
    assert Path(problem.origin.file).name == "relationships.csv" and problem.origin.line == 3
    assert problem.message.startswith("malformed CSV: ',' expected after '\"'")


def test_missing_dataset_yaml():
    dataset, problems = problems_of(BROKEN / "no-metadata")
    assert dataset is None
    [problem] = problems
    assert Path(problem.origin.file).name == "dataset.yaml"
    assert problem.message.startswith("missing dataset.yaml")


def test_a_table_in_both_forms():
    dataset, problems = problems_of(BROKEN / "both-forms")
    assert dataset is None
    [problem] = problems
    assert problem.message == "both actors.yaml and actors.csv are here: keep one of them"


def test_mistakes_only_a_spreadsheet_can_make():
    dataset, problems = problems_of(BROKEN / "csv-records")
    assert dataset is None
    located(problems, "actors.csv", 1, None, None, "unknown column 'alias' (did you mean aliases?)")
    located(problems, "actors.csv", 3, "mira-castell", "identifiers", "'wikidata Q4115189' is not key=value")
    located(problems, "actors.csv", 4, "green-harbour", None, "row has 7 cells but the first row names 6 columns")
    located(problems, "sources.csv", 1, None, None, "missing column(s) title")
    located(problems, "relationships.csv", 4, "mira-castell--leads--green-harbour--2015", "role",
            "differs from the first row of this relationship (line 2)")
    located(problems, "relationships.csv", 6, "meeting-1", "status",
            "differs from the first row of this relationship (line 5)")
    located(problems, "relationships.csv", 2, "mira-castell--leads--green-harbour--2015", "status",
            "status 'reported' is set by hand without a status_note")
    assert len([p for p in problems if p.severity == "error"]) == 7


@pytest.mark.parametrize("path, message", [
    ("does-not-exist", "no such folder"),
    ("tiny/actors.yaml", "not a folder"),
])
def test_not_a_dataset(path, message):
    dataset, [problem] = validate_dataset(FIXTURES / path)
    assert dataset is None and problem.message.startswith(message)


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


MINIMAL = {
    "dataset_yaml": "name: minimal\ntitle: Minimal\n",
    "sources_yaml": "- {id: s1, title: One}\n- {id: s2, title: Two}\n",
    "actors_yaml": "- {id: a, kind: Government, name: A}\n- {id: b, kind: Government, name: B}\n",
    "relationships_yaml": ("- {from: a, type: MET_WITH, to: b, sources: "
                           "[{source: s1, quote: met}, {source: s2, quote: they met}]}\n"),
}


def test_yaml_values_stay_as_written(tmp_path):
    folder = write(tmp_path / "d", **{**MINIMAL, "actors_yaml": (
        "- {id: a, kind: Government, name: Norway, country: NO, start: 1905-06-07}\n"
        "- {id: b, kind: Government, name: 1984, aliases: [007, yes], start: 2023}\n")})
    dataset = read_dataset(folder)
    assert dataset.actors["a"].country == "NO"
    assert dataset.actors["a"].start == PartialDate("1905-06-07")
    assert dataset.actors["b"].name == "1984" and dataset.actors["b"].aliases == ["007", "yes"]


@pytest.mark.parametrize("name, text, line, message", [
    ("actors_yaml", "- {id: a, kind: Government, name: A}\n- just text\n- {id: b, kind: Government, name: B}\n",
     2, "item 2 is not a mapping of fields: 'just text'"),
    ("actors_yaml", "id: a\nkind: Government\n", 1, "must be a list of actors"),
    ("actors_yaml", "- id: a\n  kind: Government\n  name: A\n  name: B\n- {id: b, kind: Government, name: B}\n",
     1, "field 'name' is given twice (again at line 4)"),
    ("actors_yaml", "- {id: a, kind: Government, name: A}\n---\n- {id: b}\n", 2, "malformed YAML: expected a single document"),
    ("dataset_yaml", "- name: minimal\n", None, "must be a mapping with name, title"),
])
def test_yaml_shapes(tmp_path, name, text, line, message):
    folder = write(tmp_path / "d", **{**MINIMAL, name: text})
    dataset, problems = validate_dataset(folder)
    assert dataset is None
    assert [(p.origin.line, message in p.message) for p in problems if p.severity == "error"] == [(line, True)]


def test_a_missing_table_and_a_non_utf8_file(tmp_path):
    folder = write(tmp_path / "d", **{**MINIMAL, "relationships_yaml": ""})
    (folder / "relationships.yaml").unlink()
    (folder / "actors.yaml").write_bytes("- {id: a, kind: Government, name: Caf\xe9}\n".encode("latin-1"))
    dataset, problems = validate_dataset(folder)
    messages = sorted(p.message for p in problems)
    assert messages[0] == "missing relationships.yaml (or relationships.csv)"
    assert messages[1].startswith("not UTF-8 text (byte 37)")


def test_empty_tables_are_empty(tmp_path):
    folder = write(tmp_path / "d", **{**MINIMAL, "relationships_yaml": "# nothing yet\n"})
    dataset, problems = validate_dataset(folder)
    assert dataset is not None and dataset.relationships == {}
    assert sorted(p.record for p in problems) == ["a", "b", "s1", "s2"]  # all unused: warnings


# --- the spreadsheet form ---------------------------------------------------------------------------

def test_the_hand_written_csv_form_is_the_same_dataset():
    assert read_dataset(FIXTURES / "tiny-csv") == read_dataset(FIXTURES / "tiny")


def test_csv_rows_gather_citations(tmp_path):
    folder = write(tmp_path / "d", dataset_yaml=MINIMAL["dataset_yaml"], sources_yaml=MINIMAL["sources_yaml"],
                   actors_csv="\ufeffid,kind,name,aliases,identifiers\na,Government,A,Alpha| Alef ,wikidata=Q1|x=y=z\n"
                              "b,Government,B,,\n",
                   relationships_csv="from,type,to,date,quote,source,locator\n"
                                     "a,MET_WITH,b,2024-05,\"first, quoted\",s1,\n"
                                     "a,MET_WITH,b,2024-05,second,s2,p. 2\n"
                                     "a,MET_WITH,b,2024-06,another meeting,s1,\n"
                                     ",,,,,,\n"
                                     "a,MET_WITH,b,2024-06,and again,s2,\n")
    dataset = read_dataset(folder)
    assert dataset.actors["a"].aliases == ["Alpha", "Alef"]
    assert dataset.actors["a"].identifiers == {"wikidata": "Q1", "x": "y=z"}
    assert list(dataset.relationships) == ["a--met_with--b--2024-05", "a--met_with--b--2024-06"]
    may = dataset.relationships["a--met_with--b--2024-05"]
    assert [(c.source, c.quote, c.locator) for c in may.citations] == [
        ("s1", "first, quoted", None), ("s2", "second", "p. 2")]
    assert len(dataset.relationships["a--met_with--b--2024-06"].citations) == 2


def test_parity_tiny_to_csv_and_back(tmp_path):
    tiny = read_dataset(FIXTURES / "tiny")
    write_csv(tiny, tmp_path / "tiny")
    assert sorted(path.name for path in (tmp_path / "tiny").iterdir()) == [
        "actors.csv", "dataset.yaml", "relationships.csv", "sources.csv"]
    again = read_dataset(tmp_path / "tiny")
    assert again == tiny
    assert again.relationships["ministry-pressure-on-open-ledger"].citations == \
        tiny.relationships["ministry-pressure-on-open-ledger"].citations


def test_parity_for_every_seed_dataset(tmp_path):
    seeds = default_dataset_paths()
    assert seeds, "no dataset under seed/"
    for folder in seeds:
        dataset = read_dataset(folder)
        write_csv(dataset, tmp_path / folder.name)
        assert read_dataset(tmp_path / folder.name) == dataset, folder


def test_write_csv_refuses_to_make_a_table_twice(tmp_path):
    shutil.copytree(FIXTURES / "tiny", tmp_path / "tiny")
    with pytest.raises(FileExistsError):
        write_csv(read_dataset(FIXTURES / "tiny"), tmp_path / "tiny")


def test_the_separator_is_refused_inside_a_value(tmp_path):
    folder = write(tmp_path / "d", **{**MINIMAL, "actors_yaml": (
        "- {id: a, kind: Government, name: A, aliases: ['A|B']}\n- {id: b, kind: Government, name: B}\n")})
    dataset, problems = validate_dataset(folder)
    assert dataset is None
    assert problems[0].field == "aliases" and "contains '|'" in problems[0].message


# --- the documented example --------------------------------------------------------------------------

def test_the_example_in_the_format_documentation_is_valid_in_both_forms(tmp_path):
    text = (REPO / "seed" / "README.md").read_text(encoding="utf-8")
    files = dict(re.findall(r"\*\*`([\w.]+)`\*\*\n\n```\w*\n(.*?)```", text, flags=re.S))
    assert set(files) == {"dataset.yaml", "sources.yaml", "actors.yaml", "relationships.yaml",
                          "actors.csv", "relationships.csv"}
    as_yaml = write(tmp_path / "yaml", **{name.replace(".", "_"): files[name] for name in
                                          ("dataset.yaml", "sources.yaml", "actors.yaml", "relationships.yaml")})
    as_csv = write(tmp_path / "csv", **{name.replace(".", "_"): files[name] for name in
                                        ("dataset.yaml", "sources.yaml", "actors.csv", "relationships.csv")})
    dataset, problems = validate_dataset(as_yaml)
    assert problems == [] and len(dataset.relationships) == 2
    assert validate_dataset(as_csv) == (dataset, [])


# --- finding datasets ---------------------------------------------------------------------------------

def test_find_datasets_expands_folders_of_datasets():
    found = find_datasets([BROKEN, FIXTURES / "tiny", FIXTURES / "nowhere"])
    assert [path.name for path in found] == [
        "both-forms", "csv-records", "malformed-csv", "malformed-yaml", "no-metadata", "records", "time", "tiny",
        "nowhere"]
    assert find_datasets([FIXTURES / "tiny", FIXTURES / "tiny"]) == [FIXTURES / "tiny"]


def test_default_datasets_come_from_the_current_directory_first(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "tiny", tmp_path / "seed" / "tiny")
    (tmp_path / "seed" / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    assert default_dataset_paths() == [Path("seed") / "tiny"]


def test_default_datasets_fall_back_to_the_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = default_dataset_paths()
    assert found and all(path.parent == REPO.resolve() / "seed" for path in found)


# --- every declared field, in both forms ----------------------------------------------------------
# These tests know no field by name: they fill every field `model.fields` declares with a value of
# its kind, so a field added to a record in model.py is read, checked and written by both forms
# with no other change, and these tests cover it.

def _value(field, number: int):
    """A right value of a field's kind, in the model's types (the `number`th of its kind)."""
    from graphkit.vocabulary import vocabulary

    return {
        "id": lambda: f"{field.key}-{number}",
        "text": lambda: f"Text of {field.key} № {number}: “quoted”, with | and #",
        "choice": lambda: list(getattr(vocabulary(), field.choices))[-1],
        "date": lambda: PartialDate.parse(f"{2000 + number}-0{number % 9 + 1}"),
        "list": lambda: [f"{field.key} one", f"{field.key} two"],
        "mapping": lambda: {"wikidata": f"Q{number}", "other": "x=y"},
        "number": lambda: 1500000.0 + number / 4,
        "url": lambda: f"https://example.org/{field.key}/{number}?a=b",
        "country": lambda: "MY",
        "currency": lambda: "MYR",
        "sha256": lambda: f"{number:064x}",
    }[field.kind]()


def _filled(record: type, **given):
    """A record with every declared field set (citations and the given fields as given)."""
    from graphkit.model import fields

    values = {f.name: _value(f, number) for number, f in enumerate(fields(record)) if f.kind != "citations"}
    return record(**{**values, **given})


def _full_dataset():
    from graphkit.model import Actor, Citation, Dataset, Relationship, Source, fields

    sources = [_filled(Source, id=f"s{n}") for n in (1, 2)]
    actors = [_filled(Actor, id=f"a{n}", same_as=[f"another-dataset:b{n}"]) for n in (1, 2)]  # DATASET:ACTOR-ID
    citations = [_filled(Citation, source=source.id) for source in sources]
    # Every date of a relationship on one day, so that they can all hold together; a point event
    # (date, no start, end or attested) and a lasting relation (start, end, attested; no date).
    day = {f.name: PartialDate.parse("2004-05") for f in fields(Relationship) if f.kind == "date"}
    point = _filled(Relationship, id="point", source="a1", target="a2", citations=citations,
                    **{**day, "start": None, "end": None, "attested": None})
    lasting = _filled(Relationship, id="lasting", source="a2", target="a1", citations=citations[:1],
                      **{**day, "date": None})
    dataset = _filled(Dataset, name="every-field")
    dataset.sources = {s.id: s for s in sources}
    dataset.actors = {a.id: a for a in actors}
    dataset.relationships = {r.id: r for r in (point, lasting)}
    for record in (Dataset, Source, Actor, Relationship, Citation):  # the test fills what it should
        for field in fields(record):
            found = {Dataset: [dataset], Source: sources, Actor: actors, Relationship: [point, lasting],
                     Citation: citations}[record]
            assert any(getattr(item, field.name) not in (None, "", [], {}) for item in found), field
    return dataset


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("form", ["yaml", "csv"])
def test_every_declared_field_goes_from_a_form_to_the_model_and_back(tmp_path, form):
    """YAML -> model -> YAML and CSV -> model -> CSV, byte for byte."""
    from graphkit.dataset import write_yaml

    write = {"yaml": write_yaml, "csv": write_csv}[form]
    dataset = _full_dataset()
    write(dataset, tmp_path / "every-field")
    read, problems = validate_dataset(tmp_path / "every-field")
    assert [p for p in problems if p.severity == "error"] == []
    assert read == dataset
    write(read, tmp_path / "again" / "every-field")
    assert _files(tmp_path / "again" / "every-field") == _files(tmp_path / "every-field")


def test_every_declared_field_is_the_same_in_both_forms(tmp_path):
    from graphkit.dataset import write_yaml
    from graphkit.model import Actor, Relationship, Source, fields

    dataset = _full_dataset()
    as_yaml = read_dataset(write_yaml(dataset, tmp_path / "yaml" / "every-field"))
    as_csv = read_dataset(write_csv(dataset, tmp_path / "csv" / "every-field"))
    assert as_yaml == as_csv
    for table, record in (("sources", Source), ("actors", Actor), ("relationships", Relationship)):
        for key, item in getattr(as_yaml, table).items():
            other = getattr(as_csv, table)[key]
            assert [getattr(item, f.name) for f in fields(record)] == [getattr(other, f.name) for f in fields(record)]


def test_every_kind_of_field_has_a_reader():
    from graphkit.dataset.validate import _READERS
    from graphkit.model import FIELD_KINDS

    assert set(_READERS) == set(FIELD_KINDS)


# --- the time and evidence model ---------------------------------------------------------------------

TIME_ERRORS = [
    ("actors.yaml", 4, "avalon", "end", "'..' (open) is only for a relationship's end"),
    ("relationships.yaml", 4, "castell--member_of--avalon", "start", "'..' (open) is only for a relationship's end"),
    ("relationships.yaml", 11, "castell--met_with--avalon", "date", "'2023/..': an open interval is written as end: .."),
    ("relationships.yaml", 19, "castell--leads--avalon--2023", "attested",
     "give either date (a point event) or attested (a lasting relation known to hold then), not both"),
    ("relationships.yaml", 26, "castell--supports--avalon", "after",
     "its dates cannot all hold: no day fits after 2020 and before 2019"),
    ("relationships.yaml", 35, "castell--employed_by--avalon--2015", "attested",
     "its dates cannot all hold: no day fits start 2015 and attested 2013"),
    ("relationships.yaml", 42, "avalon--opposes--castell", "date", "'2023-10-3X' is not a date; use YYYY"),
    ("relationships.yaml", 45, "avalon--opposes--castell", "stance",
     "unknown stance 'claims' in citation 2; allowed: asserts, alleges, denies, confirms"),
    ("relationships.yaml", 45, "avalon--opposes--castell", "date",
     "'2023-02-30' is not a real date (February 2023 has 28 days) in citation 2"),
    ("relationships.yaml", 50, "avalon--investigated--castell", "status",
     "status 'alleged' is set by hand without a status_note: say why, or leave the status out"),
    ("sources.yaml", 6, "herald", "document", "'../elsewhere/herald.txt' is not a file name inside the folder"),
    ("sources.yaml", 7, "herald", "sha256", "'not-a-hash' is not a SHA-256: 64 hexadecimal digits"),
]


@pytest.fixture(scope="module")
def broken_time():
    return problems_of(BROKEN / "time")


@pytest.mark.parametrize("file, line, record, field, message", TIME_ERRORS)
def test_each_mistake_of_time_and_evidence_is_reported_where_it_is(broken_time, file, line, record, field, message):
    located(broken_time[1], file, line, record, field, message)


def test_mistakes_of_time_and_evidence_are_all_and_only_these(broken_time):
    dataset, problems = broken_time
    assert dataset is None
    assert len([p for p in problems if p.severity == "error"]) == len(TIME_ERRORS)
    located(problems, "sources.yaml", 12, "wiki", "sha256", "a sha256 without a document", "warning")
    assert [p.severity for p in problems].count("warning") == 1


def relationships_with(tmp_path, relationships: str, *, actors: str | None = None, sources: str | None = None):
    """A folder of the minimal dataset with these relationships (and actors, sources)."""
    return write(tmp_path / "d", **{**MINIMAL, "relationships_yaml": relationships,
                                    **({"actors_yaml": actors} if actors else {}),
                                    **({"sources_yaml": sources} if sources else {})})


TWO_PUBLISHERS = ("- {id: s1, title: One, publisher: Herald, published: '2023'}\n"
                  "- {id: s2, title: Two, publisher: Ledger, published: '2024'}\n"
                  "- {id: s3, title: Three, publisher: Herald, published: '2024'}\n")


# Each row: a status set by hand (with its note), the citations (source, stance), and whether it
# says more than they give. The citations give, by the vocabulary's rules: one assertion,
# reported; two by different publishers, confirmed; two by one publisher, reported; an
# allegation only, alleged; an assertion and a denial, disputed; a confirmation, confirmed.
EXPLICIT = [
    ("confirmed", [("s1", "asserts")], True),
    ("confirmed", [("s1", "asserts"), ("s3", "asserts")], True),  # one publisher: not independent
    ("confirmed", [("s1", "asserts"), ("s2", "asserts")], False),
    ("confirmed", [("s1", "confirms")], False),
    ("reported", [("s1", "alleges")], True),
    ("reported", [("s1", "asserts"), ("s2", "denies")], True),  # hides the denial
    ("alleged", [("s1", "asserts"), ("s2", "asserts")], False),  # more cautious: the note says why
    ("alleged", [("s1", "asserts"), ("s2", "denies")], True),
    ("disputed", [("s1", "alleges")], False),
    ("denied", [("s1", "asserts"), ("s2", "denies")], False),
    ("disputed", [("s1", "denies")], True),  # claims a support no citation gives
]


@pytest.mark.parametrize("status, citations, bolder", EXPLICIT)
def test_a_status_set_by_hand_may_be_more_cautious_than_its_citations_never_bolder(tmp_path, status, citations, bolder):
    cited = ", ".join(f"{{source: {source}, quote: q, stance: {stance}}}" for source, stance in citations)
    folder = relationships_with(tmp_path, sources=TWO_PUBLISHERS, relationships=(
        f"- {{from: a, type: MET_WITH, to: b, date: '2023', status: {status}, status_note: why, sources: [{cited}]}}\n"))
    dataset, problems = validate_dataset(folder)
    assert dataset is not None
    found = [p for p in problems if p.field == "status"]
    assert bool(found) == bolder, problems
    if bolder:
        assert found[0].severity == "warning" and found[0].message.startswith(f"status {status!r} says more than")


def test_without_a_status_the_citations_give_it_and_no_note_is_needed(tmp_path):
    folder = relationships_with(tmp_path, sources=TWO_PUBLISHERS, relationships=(
        "- {from: a, type: MET_WITH, to: b, date: '2023', sources: [{source: s1, quote: q, stance: alleges}]}\n"))
    dataset, problems = validate_dataset(folder)
    assert not [p for p in problems if p.field in ("status", "status_note")]
    rel = next(iter(dataset.relationships.values()))
    assert rel.status is None and rel.citations[0].stance == "alleges"


# Each row: an actor's own start and end, a relationship's date field, and whether the date falls
# outside the actor's lifetime. `after` only says when it began at the earliest, `before` at the
# latest; every other field is its own interval.
LIFETIME = [
    ((None, "2018-04-21"), "date", "2018-04-21", None),
    ((None, "2018-04-21"), "date", "2019", "after 'a' ended (end 2018-04-21)"),
    ((None, "2018-04-21"), "attested", "2020", "after 'a' ended"),
    ((None, "2018-04-21"), "after", "2019", "after 'a' ended"),
    ((None, "2018-04-21"), "before", "2019", None),
    ((None, "2018-04-21"), "start", "2017", None),
    ((None, "2018-04-21"), "end", "2020", "after 'a' ended"),
    (("2009-04", None), "date", "2008", "before 'a' began (start 2009-04)"),
    (("2009-04", None), "date", "2009", None),  # April 2009 is in 2009
    (("2009-04", None), "before", "2008", "before 'a' began"),
    (("2009-04", None), "after", "2008", None),
    (("2009-04", None), "end", "2008", "before 'a' began"),
]


@pytest.mark.parametrize("lifetime, field, date, message", LIFETIME)
def test_a_date_outside_an_actors_lifetime_is_a_warning(tmp_path, lifetime, field, date, message):
    start, end = lifetime
    own = "".join(f", {name}: '{value}'" for name, value in (("start", start), ("end", end)) if value)
    folder = relationships_with(tmp_path, actors=(
        f"- {{id: a, kind: Group, name: A{own}}}\n- {{id: b, kind: Group, name: B}}\n"), sources=(
        "- {id: s1, title: One, published: '2030'}\n- {id: s2, title: Two, published: '2030'}\n"), relationships=(
        f"- {{from: b, type: MEMBER_OF, to: a, {field}: '{date}', sources: [{{source: s1, quote: q}}]}}\n"))
    dataset, problems = validate_dataset(folder)
    assert dataset is not None
    found = [p for p in problems if p.field == field]
    assert [message in p.message for p in found] == ([True] if message else []), problems
    assert all(p.severity == "warning" and "holds only while both its actors exist" in p.message for p in found)


@pytest.mark.parametrize("citation, warned", [
    ("{source: s1, quote: q}", False),  # published 2023-10-31, after the meeting of 2023-10-30
    ("{source: s1, quote: q, date: '2023-10-29'}", True),  # its own date: reported before it happened
    ("{source: s0, quote: q}", False),  # a source with no date: no first report, nothing to compare
    ("{source: s1, quote: q, date: '2023-10-29', stance: denies}", False),  # a denial reports nothing
])
def test_a_relationship_dated_after_its_first_report_is_a_warning(tmp_path, citation, warned):
    folder = relationships_with(tmp_path, sources=(
        "- {id: s0, title: Undated}\n- {id: s1, title: One, published: '2023-10-31'}\n"
        "- {id: s2, title: Two, published: '2024'}\n"), relationships=(
        f"- {{from: a, type: MET_WITH, to: b, date: '2023-10-30', sources: [{citation}, {{source: s2, quote: r}}]}}\n"))
    dataset, problems = validate_dataset(folder)
    found = [p for p in problems if "first report" in p.message]
    assert bool(found) == warned, problems
    if warned:
        assert found[0].message.startswith("date 2023-10-30 is after its first report ('s1', 2023-10-29)")


def test_an_open_end_goes_through_both_forms(tmp_path):
    from graphkit.dataset import write_yaml

    folder = relationships_with(tmp_path, relationships=(
        "- {from: a, type: MEMBER_OF, to: b, start: '2019', end: .., sources: [{source: s1, quote: q}]}\n"))
    dataset = read_dataset(folder)
    rel = next(iter(dataset.relationships.values()))
    assert rel.end.is_open and rel.id == "a--member_of--b--2019"
    assert "end: .." in (write_yaml(dataset, tmp_path / "yaml" / "d") / "relationships.yaml").read_text()
    assert ",2019,..," in (write_csv(dataset, tmp_path / "csv" / "d") / "relationships.csv").read_text()
    assert read_dataset(tmp_path / "yaml" / "d") == read_dataset(tmp_path / "csv" / "d") == dataset


def test_the_csv_form_carries_stances_and_citation_dates(tmp_path):
    folder = write(tmp_path / "d", dataset_yaml=MINIMAL["dataset_yaml"], sources_yaml=TWO_PUBLISHERS,
                   actors_yaml=MINIMAL["actors_yaml"],
                   relationships_csv="from,type,to,date,attested,status,status_note,source,quote,stance,citation_date\n"
                                     "a,MET_WITH,b,2023-10,,,,s1,they met,,2023-10-31\n"
                                     "a,MET_WITH,b,2023-10,,,,s2,no meeting took place,denies,\n"
                                     "a,LEADS,b,,2024,alleged,said to lead,s1,it leads,alleges,\n")
    dataset, problems = validate_dataset(folder)
    assert dataset is not None, problems
    meeting = dataset.relationships["a--met_with--b--2023-10"]
    assert [(c.source, c.stance, c.date) for c in meeting.citations] == [
        ("s1", "asserts", PartialDate.parse("2023-10-31")), ("s2", "denies", None)]
    leads = dataset.relationships["a--leads--b--2024"]  # a relationship attested in 2024 takes its id from it
    assert (leads.attested, leads.status, leads.status_note) == (PartialDate.parse("2024"), "alleged", "said to lead")
    assert [c.stance for c in leads.citations] == ["alleges"]
    header = (write_csv(dataset, tmp_path / "out" / "d") / "relationships.csv").read_text().splitlines()[0]
    assert header.endswith(",source,quote,locator,stance,citation_date,record,url,retrieved")
    assert read_dataset(tmp_path / "out" / "d") == dataset


def test_a_citations_default_stance_is_not_written(tmp_path):
    from graphkit.dataset import write_yaml

    dataset = read_dataset(FIXTURES / "tiny")
    text = (write_yaml(dataset, tmp_path / "tiny") / "relationships.yaml").read_text()
    assert text.count("stance:") == 1 and "stance: confirms" in text  # the gazette's, and only it


def test_the_tiny_fixtures_statuses_follow_from_its_citations():
    """By hand: every relationship of `tiny` has two citations of sources of different publishers
    (the Avalon Herald, Open Ledger, the Government of Avalon), so each is confirmed unless its
    status is set by hand; the gazette is the Republic's own (it confirms its ministry)."""
    from graphkit.graph import dataset_to_graph

    graph = dataset_to_graph(read_dataset(FIXTURES / "tiny"))
    assert {key: status for _, _, key, status in graph.edges(keys=True, data="status")} == {
        "avalon-foreign-ministry--part_of--avalon--2001": "confirmed",
        "mira-castell--leads--green-harbour--2015-06": "confirmed",
        "mira-castell--met_with--avalon-foreign-ministry--2023-10-30": "confirmed",
        "green-harbour--supports--open-ledger": "confirmed",
        "open-ledger--funds--green-harbour--2022": "alleged",  # by hand: more cautious, with its note
        "ministry-pressure-on-open-ledger": "disputed",  # by hand: more cautious, with its note
    }
