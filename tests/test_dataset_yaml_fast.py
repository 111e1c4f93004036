"""Large YAML tables read by rapidyaml (`dataset.yaml_fast`) give exactly what PyYAML's loader gives:
the same records, values, lines of every field, repeated keys and problems; anything it does not
read the same way is left to PyYAML."""

from pathlib import Path

import pytest

from graphkit.dataset import validate_dataset, yaml_fast, yaml_form

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
TABLES = sorted({*FIXTURES.glob("*/*.yaml"), *FIXTURES.glob("broken/*/*.yaml"),
                 *(REPO / "seed").glob("*/*.yaml")} - {*FIXTURES.glob("**/dataset.yaml")})


def _read(file: Path, quick: bool, monkeypatch) -> tuple:
    monkeypatch.setattr(yaml_fast, "MIN_BYTES", 0 if quick else 10**15)
    problems = []
    records = yaml_form.read_yaml_table(file, file.stem, problems)
    where = [(r.line, dict(r.lines), list(r.repeated), r.file) for r in records or []]
    return records, where, problems


@pytest.fixture
def pyyaml_reads(monkeypatch):
    """How many times PyYAML's loader read a file."""
    counted = []
    original = yaml_form._Loader.__init__
    monkeypatch.setattr(yaml_form._Loader, "__init__",
                        lambda loader, stream: counted.append(stream) or original(loader, stream))
    return counted


@pytest.mark.parametrize("file", TABLES, ids=lambda file: str(file.relative_to(REPO)))
def test_every_table_reads_the_same_either_way(file, monkeypatch):
    assert _read(file, True, monkeypatch) == _read(file, False, monkeypatch)


def test_a_table_graphkit_writes_is_read_by_rapidyaml(tmp_path, monkeypatch, pyyaml_reads):
    file = REPO / "seed" / "malaysia-palestine" / "relationships.yaml"
    records, where, problems = _read(file, True, monkeypatch)
    assert pyyaml_reads == [] and problems == [] and len(records) == 149
    first = records[0]
    assert (first.lines["from"], first.lines["type"]) == (first.line, first.line + 1)
    citation = first["sources"][0]
    assert citation.file == str(file) and citation.line > first.line and citation["source"]


@pytest.mark.parametrize("text", [
    "- {id: a, kind: Person, name: A}\n",  # a flow mapping
    "- id: a\n  kind:\tPerson\n  name: A\n",  # a tab after the colon
    "- id: a\n  kind: !!str Person\n  name: A\n",  # a tag
    "- id: a\n  kind: Person\n  name: [unclosed\n",  # malformed: PyYAML says where
    "- &anchor\n  id: a\n  kind: Person\n  name: A\n- *anchor\n",
])
def test_what_rapidyaml_does_not_read_the_same_way_is_left_to_pyyaml(text, tmp_path, monkeypatch, pyyaml_reads):
    file = tmp_path / "actors.yaml"
    file.write_text(text)
    quick = _read(file, True, monkeypatch)
    assert pyyaml_reads, "read by PyYAML"
    assert quick == _read(file, False, monkeypatch)


def test_prose_that_looks_like_a_key_is_prose(tmp_path, monkeypatch, pyyaml_reads):
    file = tmp_path / "actors.yaml"
    file.write_text("- id: a\n  kind: Person\n  description: >\n    Note: a line of prose\n    kind: another\n"
                    "  name: A\n")
    records, where, problems = _read(file, True, monkeypatch)
    assert pyyaml_reads == [] and records[0]["description"] == "Note: a line of prose kind: another\n"
    assert records[0].lines == {"id": 1, "kind": 2, "description": 3, "name": 6}
    assert (records, where, problems) == _read(file, False, monkeypatch)


def test_nulls_repeats_and_quoted_text_as_pyyaml_reads_them(tmp_path, monkeypatch, pyyaml_reads):
    file = tmp_path / "actors.yaml"
    file.write_text("- id: a\n  kind: Person\n  name: '007'\n  country: NO\n  start: ~\n  end: 'null'\n"
                    "  name: again\n  tags: [x, 'y']\n  identifiers:\n    wikidata: Q1\n")
    records, where, problems = _read(file, True, monkeypatch)
    assert pyyaml_reads == []
    assert dict(records[0]) == {"id": "a", "kind": "Person", "name": "again", "country": "NO", "start": None,
                                "end": "null", "tags": ["x", "y"], "identifiers": {"wikidata": "Q1"}}
    assert records[0].repeated == [("name", 7)] and records[0].lines["identifiers"] == 9
    assert (records, where, problems) == _read(file, False, monkeypatch)


def test_a_large_dataset_read_by_rapidyaml_has_the_same_problems(tmp_path, monkeypatch):
    """A whole dataset with mistakes: every problem names the same file, line, record and field."""
    from graphkit.dataset import cache

    folder = FIXTURES / "broken" / "records"
    with cache.turned_off():
        monkeypatch.setattr(yaml_fast, "MIN_BYTES", 0)
        quick = validate_dataset(folder)
        monkeypatch.setattr(yaml_fast, "MIN_BYTES", 10**15)
        slow = validate_dataset(folder)
    assert quick == slow and len(quick[1]) > 40
