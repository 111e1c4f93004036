"""A dataset's own vocabulary (`vocabulary.yaml` in its folder) and named queries (`queries/*.cypher`):
they add to graphkit's, never redefine them, and everything that reads the vocabulary sees them
for that dataset only: validate, the graph form, the filters, the map, Neo4j loads and queries."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from conftest import REPO, cli, dataset_copy, one_line_error, unload_if_loaded
from graphkit.dataset import read_dataset, validate_dataset
from graphkit.graph import dataset_to_graph
from graphkit.vocabulary import VocabularyError, dataset_vocabulary, vocabulary

TINY = REPO / "tests" / "fixtures" / "tiny"
EXTENSION = """\
# Port Avalon's own words.
actor_kinds:
  Lobby:
    description: A lobbying firm or interest group that works on governments.
    color: "#123456"
    shape: star
relationship_types:
  ADVISES:
    description: Advises, formally or not (Port Avalon's own type).
    directed: true
    from: [Person]
    to: [Government, Group]
    family: advisory
  LOBBIES:
    description: Lobbies a government on someone's behalf.
    directed: true
    from: [Lobby, NGO]
    to: [Government]
    family: advisory
  NETWORKS_WITH:
    description: Meet in the same circles (symmetric).
    directed: false
    from: [Person, Lobby]
    to: [Person, Lobby]
    family: advisory
source_kinds: [memo]
"""
ACTORS = """
- id: harbour-lobby
  kind: Lobby
  name: Harbour Interests Ltd
"""
RELATIONSHIPS = """
- from: mira-castell
  type: ADVISES
  to: avalon-foreign-ministry
  attested: 2023-10
  sources:
    - source: herald-2023
      quote: Castell met ministry officials on Monday.

- from: harbour-lobby
  type: LOBBIES
  to: avalon
  date: 2024
  sources:
    - source: ledger-report-2024
      quote: its former chair, Mira Castell

- from: harbour-lobby
  type: NETWORKS_WITH
  to: mira-castell
  attested: 2024
  sources:
    - source: ledger-report-2024
      quote: its former chair, Mira Castell
"""
WHO_ADVISES = """\
// Who advises whom in a dataset (the dataset's own query).
//
// Parameters:
//   $dataset  dataset name (text, required)
//
// Example:
//   graphkit query who_advises --dataset-dir seed/port-avalon --param dataset=port-avalon
<STAGING>
MATCH (a:Actor)-[r:ADVISES]->(b:Actor) WHERE r.dataset = $dataset AND <VISIBLE a, r, b>
RETURN a.id AS adviser, b.id AS advised
"""
EVERY_TYPE = """\
// Every relationship type of the dataset, by the types of its vocabulary.
//
// Parameters:
//   $dataset  dataset name (text, required)
MATCH (:Actor)-[r:<TYPES>]->(:Actor) WHERE r.dataset = $dataset
RETURN DISTINCT type(r) AS type ORDER BY type
"""
WIPE = """\
// Not a read.
MATCH (n) DETACH DELETE n
"""


def extended(folder: Path, name: str = "tiny") -> Path:
    """The tiny fixture with Port Avalon's vocabulary, three relationships of its types, an actor
    of its kind and its named queries."""
    dataset = dataset_copy(folder, name, TINY)
    (dataset / "vocabulary.yaml").write_text(EXTENSION, encoding="utf-8")
    for table, more in (("actors", ACTORS), ("relationships", RELATIONSHIPS)):
        file = dataset / f"{table}.yaml"
        file.write_text(file.read_text(encoding="utf-8") + more, encoding="utf-8")
    (dataset / "queries").mkdir()
    for query, text in (("who_advises", WHO_ADVISES), ("every_type", EVERY_TYPE), ("wipe", WIPE)):
        (dataset / "queries" / f"{query}.cypher").write_text(text, encoding="utf-8")
    return dataset


def test_the_extension_is_that_datasets_vocabulary_only(tmp_path):
    folder = extended(tmp_path)
    vocab = dataset_vocabulary(folder)
    assert {"ADVISES", "LOBBIES", "NETWORKS_WITH", "MEMBER_OF", "OWNS"} <= set(vocab.relationship_types)
    assert vocab.actor_kinds["Lobby"].color == "#123456" and "Person" in vocab.actor_kinds
    assert vocab.source_kinds[-1] == "memo" and vocab.extension == str(folder / "vocabulary.yaml")
    assert not {"ADVISES", "LOBBIES"} & set(vocabulary().relationship_types)
    assert "Lobby" not in vocabulary().actor_kinds and dataset_vocabulary(TINY) is vocabulary()


def test_validate_reads_the_dataset_by_its_own_vocabulary(tmp_path):
    folder = extended(tmp_path)
    dataset = read_dataset(folder)
    builtin = vocabulary().relationship_types
    assert sorted(rel.type for rel in dataset.relationships.values() if rel.type not in builtin) == [
        "ADVISES", "LOBBIES", "NETWORKS_WITH"]
    (folder / "vocabulary.yaml").unlink()
    _, problems = validate_dataset(folder)
    errors = [p for p in problems if p.severity == "error"]
    assert sorted(p.field for p in errors) == ["kind", "type", "type", "type"]
    assert any("unknown relationship type 'ADVISES'" in p.message for p in errors)


@pytest.mark.parametrize("entry, text", [
    ("relationship type 'OWNS'", "relationship_types:\n  OWNS:\n    description: x\n    directed: true\n"
                                 "    from: [Person]\n    to: [Person]\n    family: economic\n"),
    ("actor kind 'Person'", "actor_kinds:\n  Person:\n    description: someone else\n"),
    ("source kind 'news'", "source_kinds: [news]\n"),
    ("statuses", "statuses:\n  rumoured: heard somewhere\n"),
    ("relationship type 'ADVISES'", "relationship_types:\n  ADVISES:\n    description: x\n    directed: true\n"),
    ("actor kind 'Militia'", "actor_kinds:\n  Militia: an armed group\n"),
    ("actor kind 'Militia'", "actor_kinds:\n  Militia:\n    color: [1, 2]\n"),
    ("actor kind 'Militia'", "actor_kinds:\n  Militia:\n    color: []\n"),
    ("actor kind 'Militia'", "actor_kinds:\n  Militia:\n    description: 0\n"),
    ("actor kind 'Militia'", "actor_kinds:\n  Militia:\n    colour: red\n"),
    *(("relationship type 'BUYS'", "relationship_types:\n  BUYS:\n    description: x\n    directed: true\n"
       "    from: [Person]\n    to: [Person]\n    family: economic\n".replace(old, new))
      for old, new in (("from: [Person]", "from: Person"), ("from: [Person]", "from:"), ("to: [Person]", "to: 5"),
                       ("directed: true", "directed: 'no'"), ("family: economic", "family:"),
                       ("description: x", "description: [x]"))),
    ("source kind 5", "source_kinds: [5]\n"),
    ("source kind 'blog'", "source_kinds: [blog, blog]\n"),
])
def test_an_extension_adds_well_formed_entries_and_never_redefines(tmp_path, entry, text):
    folder = dataset_copy(tmp_path, "tiny", TINY)
    file = folder / "vocabulary.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as raised:
        dataset_vocabulary(folder)
    assert str(raised.value).startswith(f"{file}: {entry}: ")
    result = cli("validate", str(folder))
    assert result.returncode == 1
    assert f"{file}: error: {entry}: " in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    refused = one_line_error(cli("map", str(folder), "--out", str(tmp_path / "map.html")))
    assert str(file) in refused and entry in refused and not (tmp_path / "map.html").exists()


def test_the_graph_form_takes_directions_from_the_extension(tmp_path):
    graph = dataset_to_graph(read_dataset(extended(tmp_path)))
    directed = {attrs["type"]: attrs["directed"] for _, _, attrs in graph.edges(data=True)}
    assert (directed["ADVISES"], directed["LOBBIES"], directed["NETWORKS_WITH"], directed["MET_WITH"]) == (
        True, True, False, False)


def test_filters_and_the_map_legend_see_the_extension(tmp_path):
    folder = extended(tmp_path)
    page = tmp_path / "map.html"
    result = cli("map", str(folder), "--types", "advises,NETWORKS_WITH", "--kinds", "Person,Lobby,Government",
                 "--out", str(page))
    assert result.returncode == 0, result.stdout + result.stderr
    html = page.read_text(encoding="utf-8")
    assert "Advises, formally or not (Port Avalon's own type)." in html  # the legend's description
    assert "#123456" in html and "Harbour Interests Ltd" in html
    stats = cli("stats", str(folder), "--types", "LOBBIES")
    assert stats.returncode == 0 and "1 relationships" in stats.stdout.splitlines()[0]
    without = cli("stats", str(TINY), "--types", "ADVISES")
    assert without.returncode == 2 and "unknown relationship type 'ADVISES'" in without.stderr


def test_a_dataset_query_cannot_take_a_shipped_querys_name(tmp_path):
    folder = extended(tmp_path)
    (folder / "queries" / "actor_profile.cypher").write_text("// Mine.\nMATCH (a) RETURN a\n", encoding="utf-8")
    refused = one_line_error(cli("query", "--list", "--dataset-dir", str(folder)))
    assert str(folder / "queries" / "actor_profile.cypher") in refused and "cannot redefine" in refused


def test_a_dataset_loads_and_queries_by_its_own_vocabulary(tmp_path, neo4j_store, neo4j_config):
    name = f"avalon-{secrets.token_hex(4)}"
    folder = extended(tmp_path, name)
    env = neo4j_config.env()
    try:
        loaded = cli("load", str(folder), env=env)
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        graph = neo4j_store.read_graph(dataset=name)
        found = {(a, b, attrs["type"], attrs["directed"]) for a, b, attrs in graph.edges(data=True)
                 if attrs["type"] not in vocabulary().relationship_types}
        assert found == {("mira-castell", "avalon-foreign-ministry", "ADVISES", True),
                         ("harbour-lobby", "avalon", "LOBBIES", True),
                         ("harbour-lobby", "mira-castell", "NETWORKS_WITH", False)}
        assert graph.nodes["harbour-lobby"]["kind"] == "Lobby"

        listed = cli("query", "--list", "--dataset-dir", str(folder))
        assert listed.returncode == 0, listed.stdout + listed.stderr
        lines = listed.stdout.splitlines()  # each query starts a line with its name and what it answers
        assert any(line.startswith("who_advises ") and "Who advises whom" in line for line in lines)
        assert any(line.startswith("actor_profile ") for line in lines)  # graphkit's own, still there
        assert "who_advises" not in cli("query", "--list").stdout

        advises = cli("query", "who_advises", "--dataset-dir", str(folder), "--param", f"dataset={name}",
                      "--format", "json", env=env)
        assert advises.returncode == 0, advises.stdout + advises.stderr
        assert '"adviser": "mira-castell"' in advises.stdout
        assert '"advised": "avalon-foreign-ministry"' in advises.stdout
        types = cli("query", "every_type", "--dataset-dir", str(folder), "--param", f"dataset={name}",
                    "--format", "csv", env=env)
        assert types.returncode == 0, types.stdout + types.stderr
        assert {"ADVISES", "LOBBIES", "NETWORKS_WITH", "MET_WITH"} <= set(types.stdout.split())
        assert "no named query 'who_advises'" in one_line_error(
            cli("query", "who_advises", "--param", f"dataset={name}", env=env))

        refused = one_line_error(cli("query", "wipe", "--dataset-dir", str(folder), env=env))
        assert "--write" in refused
        assert neo4j_store.read_graph(dataset=name).number_of_edges() == graph.number_of_edges()
    finally:
        unload_if_loaded(neo4j_store, name)



SIGNED = """\
relationship_types:
  BACKS:
    description: Backs politically.
    directed: true
    from: [Person]
    to: [Person]
    family: cooperation
    stance: {backs}
  UNDERMINES:
    description: Works against.
    directed: true
    from: [Person]
    to: [Person]
    family: conflict
    stance: {undermines}
"""


@pytest.mark.parametrize("backs, undermines", [("positive", "negative"), ("+1", "-1"), ("1", "-1"), ("Positive", "'-1'")])
def test_a_types_stance_is_the_word_stance_filters_use_or_a_sign(tmp_path, backs, undermines):
    folder = dataset_copy(tmp_path, "tiny", TINY)
    (folder / "vocabulary.yaml").write_text(SIGNED.format(backs=backs, undermines=undermines), encoding="utf-8")
    types = dataset_vocabulary(folder).relationship_types
    assert (types["BACKS"].stance, types["UNDERMINES"].stance) == (1, -1)
    assert cli("validate", str(folder)).returncode == 0


@pytest.mark.parametrize("stance", ["friendly", "2", "[1]"])
def test_a_bad_stance_is_one_line_naming_the_file_the_type_and_the_field(tmp_path, stance):
    folder = dataset_copy(tmp_path, "tiny", TINY)
    file = folder / "vocabulary.yaml"
    file.write_text(SIGNED.format(backs=stance, undermines="negative"), encoding="utf-8")
    refused = one_line_error(cli("map", str(folder), "--out", str(tmp_path / "map.html")))
    assert f"{file}: relationship type 'BACKS': stance: " in refused
    assert "positive, negative" in refused and not (tmp_path / "map.html").exists()


def test_the_shipped_vocabulary_reads_signed_words_too(tmp_path):
    from graphkit.vocabulary import VOCABULARY_FILE, read_vocabulary

    shipped = VOCABULARY_FILE.read_text(encoding="utf-8")
    assert shipped.count("stance: 1") >= 2
    copy = tmp_path / "vocabulary.yaml"
    copy.write_text(shipped.replace("stance: 1", "stance: positive").replace("stance: -1", "stance: negative"),
                    encoding="utf-8")
    worded, signed = read_vocabulary(copy), read_vocabulary()
    assert {name: t.stance for name, t in worded.relationship_types.items()} == {
        name: t.stance for name, t in signed.relationship_types.items()}
    assert signed.relationship_types["ALLIED_WITH"].stance == 1


def test_the_vocabulary_example_of_a_new_dataset_reads_with_its_stance(tmp_path):
    import re

    folder = tmp_path / "fresh"
    assert cli("init", str(folder)).returncode == 0
    text = (folder / "vocabulary.yaml").read_text(encoding="utf-8")
    example = "\n".join(line[2:] for line in text.splitlines() if re.match(r"^# {0,3}(relationship_types:|  \S|    \S)", line))
    assert "stance: positive" in example
    (folder / "vocabulary.yaml").write_text(example + "\n", encoding="utf-8")
    assert dataset_vocabulary(folder).relationship_types["ADVISES"].stance == 1
