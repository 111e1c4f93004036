"""`graphkit load` and `graphkit schema` against a real Neo4j: idempotent, all or nothing, and
confined to the dataset loaded. Each test loads its own uniquely named copy of a dataset."""

from __future__ import annotations

import re
from pathlib import Path

import neo4j
import pytest
import yaml

from conftest import REPO, as_the_driver_returns, cli, dataset_copy, free_port, one_line_error
from graphkit import synthetic
from graphkit.dataset import read_dataset
from graphkit.errors import DatasetError
from graphkit.graph import BOUNDS, dataset_to_graph
from graphkit.model import Citation, Relationship
from graphkit.store import DatasetCounts, Store, total_rows
from graphkit.store.mapping import actor_properties, relationship_properties, source_properties
from graphkit.vocabulary import vocabulary


VISIBLE = ("NOT coalesce({0}.gk_load, 0) IN staging AND ({0}.gk_replaced IS NULL OR {0}.gk_replaced IN staging)")
"""What a reader may see of element {0} while loads stage (written out here, so that a test fails if
the loader's marks break it): not what a staging load wrote, nor what a finished load replaced."""


def snapshot(driver, database: str, dataset: str, *, raw: bool = False) -> dict:
    """Everything of one dataset in the database that readers see (with `raw`, every element there):
    nodes and relationships by element id, with their labels or type, ends and properties."""
    seen = (lambda *names: "true") if raw else (lambda *names: " AND ".join(VISIBLE.format(n) for n in names))
    staging = "OPTIONAL MATCH (l:GraphkitLoad {state: 'staging'}) WITH collect(l.number) AS staging "
    nodes, _, _ = driver.execute_query(
        staging + "CALL (staging) { MATCH (n:Actor) WHERE n.dataset = $dataset AND n.id IS NOT NULL RETURN n "
        "UNION MATCH (n:Source) WHERE n.dataset = $dataset AND n.id IS NOT NULL RETURN n "
        "UNION MATCH (n:Dataset {dataset: $dataset}) RETURN n } "
        f"WITH n, staging WHERE {seen('n')} "
        "RETURN elementId(n) AS element, labels(n) AS labels, properties(n) AS props",
        dataset=dataset, database_=database)
    rels, _, _ = driver.execute_query(
        staging + "CALL (staging) { MATCH (a:Actor)-[r]->(b) WHERE a.dataset = $dataset AND a.id IS NOT NULL RETURN a, r, b "
        "UNION MATCH (a:Source)-[r]->(b) WHERE a.dataset = $dataset AND a.id IS NOT NULL RETURN a, r, b } "
        f"WITH a, r, b, staging WHERE r.dataset = $dataset AND {seen('a', 'r', 'b')} "
        "RETURN elementId(r) AS element, type(r) AS type, elementId(a) AS start, elementId(b) AS end, "
        "properties(r) AS props", dataset=dataset, database_=database)
    # A load still staging marks what it replaces (`gk_replaced`): bookkeeping that no reader shows.
    shown = (lambda props: props) if raw else (lambda props: {k: v for k, v in props.items() if k != "gk_replaced"})
    return {
        "nodes": {row["element"]: (sorted(row["labels"]), shown(row["props"])) for row in nodes},
        "relationships": {row["element"]: (row["type"], row["start"], row["end"], shown(row["props"]))
                          for row in rels},
    }


def leftovers(driver, database: str, dataset: str) -> dict:
    """What loads of `dataset` left behind that a finished load would have removed: loads still
    staging, elements they wrote, elements marked replaced."""
    records, _, _ = driver.execute_query(
        "OPTIONAL MATCH (l:GraphkitLoad {dataset: $dataset, state: 'staging'}) WITH count(l) AS staging "
        "CALL () { MATCH (n:Actor) WHERE n.dataset = $dataset AND n.id IS NOT NULL RETURN n "
        "  UNION MATCH (n:Source) WHERE n.dataset = $dataset AND n.id IS NOT NULL RETURN n } "
        "WITH staging, count(CASE WHEN n.gk_replaced IS NOT NULL OR NOT EXISTS { "
        "  MATCH (c:GraphkitLoad {number: n.gk_load}) WHERE c.state IN ['current', 'superseded'] } "
        "  THEN n END) AS nodes "
        "OPTIONAL MATCH ()-[r]->(b:Actor) WHERE b.dataset = $dataset AND (r.gk_replaced IS NOT NULL "
        "  OR NOT EXISTS { MATCH (c:GraphkitLoad {number: r.gk_load}) WHERE c.state IN ['current', 'superseded'] }) "
        "RETURN staging, nodes, count(r) AS relationships", dataset=dataset, database_=database)
    return records[0].data()


def counts(driver, database: str, dataset: str):
    found = {c.dataset: c for c in Store.from_driver(driver, database).status().datasets}
    return found.get(dataset)


def drop_records(file: Path, doomed) -> list[dict]:
    """Remove the records (top-level YAML list items) of `file` that `doomed(record)` accepts."""
    blocks = re.split(r"(?m)^(?=- )", file.read_text(encoding="utf-8"))
    records = [yaml.safe_load(block)[0] if block.startswith("- ") else None for block in blocks]
    gone = [i for i, record in enumerate(records) if record is not None and doomed(record)]
    file.write_text("".join(block for i, block in enumerate(blocks) if i not in gone), encoding="utf-8")
    return [records[i] for i in gone]


def is_record_of(rel: Relationship):
    """Whether a relationships.yaml record is the one `rel` was read from."""

    def check(record: dict) -> bool:
        if "id" in record:
            return record["id"] == rel.id
        when = record.get("date") or record.get("start")
        return (record["from"], record["type"], record["to"], str(when) if when else None) == (
            rel.source, rel.type, rel.target, str(rel.date or rel.start) if (rel.date or rel.start) else None)

    return check


@pytest.fixture
def dataset_name(names):
    """A unique dataset name, deleted from the database after the test."""
    return names


def test_schema_command_creates_constraints_once(neo4j_config, neo4j_driver):
    first = cli("schema", env=neo4j_config.env())
    assert first.returncode == 0, first.stderr
    again = cli("schema", env=neo4j_config.env())
    assert again.returncode == 0, again.stderr
    assert re.fullmatch(r"Schema: 0 of (\d+) constraints and indexes created, \1 already there\.\n", again.stdout)
    # Two versions of a record coexist while a load stages: (dataset, id) is an index, not a constraint.
    constraints, _, _ = neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties",
                                                   database_=neo4j_config.database)
    found = {row["name"]: (row["labelsOrTypes"], row["properties"]) for row in constraints}
    assert "actor_key" not in found and "source_key" not in found
    assert found["graphkit_load_number"] == (["GraphkitLoad"], ["number"])
    lookups, _, _ = neo4j_driver.execute_query("SHOW RANGE INDEXES YIELD name, labelsOrTypes, properties",
                                               database_=neo4j_config.database)
    found = {row["name"]: (row["labelsOrTypes"], row["properties"]) for row in lookups}
    assert found["actor_lookup"] == (["Actor"], ["dataset", "id"])
    assert found["source_lookup"] == (["Source"], ["dataset", "id"])
    indexes, _, _ = neo4j_driver.execute_query("SHOW FULLTEXT INDEXES YIELD name, properties",
                                               database_=neo4j_config.database)
    assert {"actor_names": ["name", "aliases"]}.items() <= {r["name"]: r["properties"] for r in indexes}.items()
    # Time slices look relationships up by the bounds of valid time and the first day they were
    # known: a range index per relationship type (Neo4j has none across types) and property.
    ranges, _, _ = neo4j_driver.execute_query(
        "SHOW RANGE INDEXES YIELD entityType, labelsOrTypes, properties WHERE entityType = 'RELATIONSHIP' "
        "RETURN labelsOrTypes[0] AS type, properties[0] AS property", database_=neo4j_config.database)
    indexed = {(row["type"], row["property"]) for row in ranges}
    for type_ in vocabulary().relationship_types:
        for bound in ("earliest_start", "latest_start", "earliest_end", "latest_end", "known_from"):
            assert (type_, bound) in indexed


def test_loading_twice_changes_nothing(neo4j_config, neo4j_driver, tmp_path, dataset_name):
    name = dataset_name("twice")
    folder = dataset_copy(tmp_path, name)
    dataset = read_dataset(folder)
    sizes = (len(dataset.actors), len(dataset.sources), len(dataset.relationships))
    total = sum(sizes)

    first = cli("load", str(folder), env=neo4j_config.env())
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(
        f"{name}: {total} created, 0 updated, 0 removed, 0 unchanged (actors {sizes[0]}/0/0/0, "
        f"sources {sizes[1]}/0/0/0, relationships {sizes[2]}/0/0/0) in ")
    before = snapshot(neo4j_driver, neo4j_config.database, name)
    assert counts(neo4j_driver, neo4j_config.database, name) == DatasetCounts(
        name, actors=sizes[0], relationships=sizes[2], sources=sizes[1], version=dataset.version)

    second = cli("load", str(folder), env=neo4j_config.env())
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith(f"{name}: 0 created, 0 updated, 0 removed, {total} unchanged ")
    assert snapshot(neo4j_driver, neo4j_config.database, name) == before  # not even rewritten

    status = cli("status", env=neo4j_config.env())
    assert re.search(rf"(?m)^  {re.escape(name)} +{sizes[0]} actors, {sizes[2]} relationships, "
                     rf"{sizes[1]} sources \(version {re.escape(dataset.version)}\)$", status.stdout)


def test_the_mapping_to_neo4j(neo4j_config, neo4j_driver, loaded_seed):
    name, dataset = loaded_seed
    anwar = dataset.actors["anwar-ibrahim"]
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Actor {dataset: $dataset, id: 'anwar-ibrahim'}) RETURN labels(a) AS labels, properties(a) AS p",
        dataset=name, database_=neo4j_config.database)
    assert sorted(records[0]["labels"]) == ["Actor", "Person"]
    assert records[0]["p"]["name"] == anwar.name and records[0]["p"]["aliases"] == anwar.aliases
    rel = dataset.relationships["anwar-ibrahim--met_with--ismail-haniyeh--2024-05"]
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (:Actor {dataset: $dataset})-[r:MET_WITH {id: $id}]->() RETURN properties(r) AS p",
        dataset=name, id=rel.id, database_=neo4j_config.database)
    props = records[0]["p"]
    edge = next(data for *_, key, data in dataset_to_graph(dataset).edges(keys=True, data=True) if key == rel.id)
    assert (props["date"], props["timing"]) == ("2024-05", "dated")
    assert [str(props[bound]) for bound in BOUNDS] == ["2024-05-01", "2024-05-31", "2024-05-01", "2024-05-31"]
    assert props["first_reported"] == str(edge["first_reported"])  # beside, never a start
    assert not {"date_min", "date_max", "valid_from", "valid_to", "reported"} & set(props)
    assert props["source_ids"] == [c.source for c in rel.citations]
    assert props["quotes"] == [c.quote for c in rel.citations]
    assert props["stances"] == [c.stance for c in rel.citations]
    assert props["known_dates"] == [str(c["known"]) if c["known"] else "" for c in edge["citations"]]
    assert props["status"] == edge["status"] and props["directed"] is False
    # Each source CITES the actors whose relationships it supports, naming those relationships.
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (s:Source {dataset: $dataset})-[c:CITES]->(a:Actor {id: 'anwar-ibrahim'}) "
        "RETURN s.id AS source, c.relationships AS ids", dataset=name, database_=neo4j_config.database)
    expected = {}
    for r in dataset.relationships.values():
        if "anwar-ibrahim" in (r.source, r.target):
            for source in r.source_ids:
                expected.setdefault(source, set()).add(r.id)
    assert {row["source"]: set(row["ids"]) for row in records} == expected


def test_every_property_is_stored_as_the_mapping_gives_it(neo4j_config, neo4j_driver, loaded_seed):
    """A load sends DATE properties as text for its statement to read (`writer.sent_rows`): each
    stored property is the mapping's value, a DATE as a DATE."""
    name, dataset = loaded_seed
    graph = dataset_to_graph(dataset)
    expected = {("Actor", node): actor_properties(node, data, name) for node, data in graph.nodes(data=True)}
    expected |= {("Source", source): source_properties({**data, "id": source}, name)
                 for source, data in graph.graph["sources"].items()}
    expected |= {("Relationship", key): relationship_properties(data, name, graph.graph["sources"])
                 for *_, key, data in graph.edges(keys=True, data=True)}
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (n:Actor|Source {dataset: $dataset}) "
        "RETURN CASE WHEN n:Actor THEN 'Actor' ELSE 'Source' END AS table, properties(n) AS props "
        "UNION ALL MATCH (:Actor {dataset: $dataset})-[r]->() WHERE r.dataset = $dataset "
        "RETURN 'Relationship' AS table, properties(r) AS props", dataset=name, database_=neo4j_config.database)
    stored = {(row["table"], row["props"]["id"]): {key: value for key, value in row["props"].items()
                                                   if key not in ("gk_load", "gk_hash")} for row in records}
    assert stored == {key: as_the_driver_returns({name: value for name, value in props.items() if value is not None})
                      for key, props in expected.items()}  # a load sends no None
    assert any(isinstance(value, neo4j.time.Date) for props in stored.values() for value in props.values())


def test_a_changed_record_is_a_new_version(neo4j_config, neo4j_driver, neo4j_store, tmp_path, dataset_name):
    name = dataset_name("change")
    folder = dataset_copy(tmp_path, name)
    neo4j_store.load(read_dataset(folder))
    before = snapshot(neo4j_driver, neo4j_config.database, name)

    actors = folder / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    text = text.replace("  name: Qatar\n", "  name: State of Qatar\n", 1)
    text = text.replace("- id: iran\n  kind: Government\n", "- id: iran\n  kind: Group\n", 1)
    actors.write_text(text, encoding="utf-8")
    rels = folder / "relationships.yaml"
    text = rels.read_text(encoding="utf-8")
    assert "- from: malaysian-foreign-ministry\n  type: PART_OF\n" in text
    rels.write_text(text.replace("- from: malaysian-foreign-ministry\n  type: PART_OF\n",
                                 "- id: ministry-of-malaysia\n  from: malaysian-foreign-ministry\n  type: MEMBER_OF\n"),
                    encoding="utf-8")
    changed = read_dataset(folder)
    # A relationship that keeps its id but changes type and ends is moved, not duplicated.
    moved = changed.relationships["anwar-ibrahim--met_with--ismail-haniyeh--2024-05"]
    moved.type, moved.target, moved.status = "SUPPORTS", "hamas", "alleged"
    report = neo4j_store.load(changed)
    assert report.counts["actors"]["updated"] == 2
    # A changed actor is a new node: its relationships are written anew with it.
    rewritten = {moved.id} | {rel.id for rel in changed.relationships.values()
                              if {"qatar", "iran"} & {rel.source, rel.target}}
    assert len(rewritten) > 3
    assert report.counts["relationships"] == {"created": 1, "updated": len(rewritten), "removed": 1,
                                              "unchanged": len(changed.relationships) - 1 - len(rewritten)}
    assert report.removed_ids == {"relationships": ["malaysian-foreign-ministry--part_of--malaysia"]}

    after = snapshot(neo4j_driver, neo4j_config.database, name)
    by_id = {props["id"]: (element, labels, props) for element, (labels, props) in after["nodes"].items()
             if "Actor" in labels}
    qatar_element, _, qatar = by_id["qatar"]
    assert qatar["name"] == "State of Qatar" and qatar_element not in before["nodes"]  # a new version
    assert by_id["iran"][1] == ["Actor", "Group"] and by_id["iran"][2]["kind"] == "Group"
    # The record without an id changed its derived id: the new one replaces the old, no twin stays.
    types = {props["id"]: type_ for type_, _, _, props in after["relationships"].values() if type_ != "CITES"}
    assert types["ministry-of-malaysia"] == "MEMBER_OF"
    assert "malaysian-foreign-ministry--part_of--malaysia" not in types
    [(type_, end, props)] = [(t, e, p) for t, _, e, p in after["relationships"].values() if p.get("id") == moved.id]
    assert (type_, after["nodes"][end][1]["id"], props["status"]) == ("SUPPORTS", "hamas", "alleged")
    untouched = {element: value for element, value in before["nodes"].items()
                 if value[1].get("id") not in ("qatar", "iran")}
    assert all(after["nodes"][element] == value for element, value in untouched.items())
    assert leftovers(neo4j_driver, neo4j_config.database, name) == {"staging": 0, "nodes": 0, "relationships": 0}


def test_a_reload_removes_what_an_earlier_graphkit_stored(neo4j_config, neo4j_driver, neo4j_store, dataset_name):
    """A database loaded before the time model held report dates as starts (`reported`,
    `valid_from`, ...): loading the files again removes them, so that they are never read back."""
    dataset = read_dataset(REPO / "tests" / "fixtures" / "time")
    dataset.name = dataset_name("retired")
    neo4j_store.load(dataset)
    ties = "MATCH (:Actor {dataset: $dataset})-[r]->(:Actor) WHERE r.dataset = $dataset "
    neo4j_driver.execute_query(ties + "SET r.reported = '2016-03', r.valid_from = date('2016-03-01'), "
                               "r.date_min = date('2016-03-01')", dataset=dataset.name, database_=neo4j_config.database)
    # ... and knew nothing of versions: no load log, no content hashes.
    neo4j_driver.execute_query("MATCH (l:GraphkitLoad {dataset: $dataset}) DELETE l", dataset=dataset.name,
                               database_=neo4j_config.database)
    neo4j_driver.execute_query("MATCH (n) WHERE n.dataset = $dataset OPTIONAL MATCH (n)-[r]->() "
                               "REMOVE n.gk_load, n.gk_hash, r.gk_load, r.gk_hash",
                               dataset=dataset.name, database_=neo4j_config.database)
    report = neo4j_store.load(dataset)
    assert report.counts["relationships"]["updated"] == len(dataset.relationships)
    records, _, _ = neo4j_driver.execute_query(
        ties + "AND (r.reported IS NOT NULL OR r.valid_from IS NOT NULL OR r.date_min IS NOT NULL) "
        "RETURN count(r) AS n",
        dataset=dataset.name, database_=neo4j_config.database)
    assert records[0]["n"] == 0
    assert not neo4j_store.load(dataset).changed


def test_a_field_removed_from_the_files_is_removed(neo4j_config, neo4j_driver, neo4j_store, dataset_name):
    """Only a removal, nothing else changed: the record is still updated (a missing property once
    compared as unknown, not as different, and the removal was never written)."""
    dataset = read_dataset(REPO / "tests" / "fixtures" / "time")
    dataset.name = dataset_name("removed")
    neo4j_store.load(dataset)
    dataset.relationships["nadia--leads--river-party--2012"].role = None
    dataset.actors["omar"].description = None
    dataset.sources["courier-2016"].url = None
    dataset.license = None
    report = neo4j_store.load(dataset)
    # omar is a new version, and so are his relationships
    rewritten = {"nadia--leads--river-party--2012"} | {
        rel.id for rel in dataset.relationships.values() if "omar" in (rel.source, rel.target)}
    assert (report.metadata, report.counts["relationships"]["updated"], report.counts["actors"]["updated"],
            report.counts["sources"]["updated"]) == ("updated", len(rewritten), 1, 1)
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (o:Actor {dataset: $dataset, id: 'omar'}), (s:Source {dataset: $dataset, id: 'courier-2016'}), "
        "(d:Dataset {dataset: $dataset}), (:Actor {dataset: $dataset, id: 'nadia'})-[r:LEADS]->() "
        "RETURN o.description AS description, s.url AS url, d.license AS license, r.role AS role",
        dataset=dataset.name, database_=neo4j_config.database)
    assert dict(records[0]) == {"description": None, "url": None, "license": None, "role": None}


def test_a_load_removes_exactly_what_the_files_dropped(neo4j_config, neo4j_driver, neo4j_store, tmp_path,
                                                      dataset_name):
    name, other = dataset_name("replace"), dataset_name("bystander")
    folder = dataset_copy(tmp_path, name)
    bystander = dataset_copy(tmp_path, other)
    dataset = read_dataset(folder)
    for path in (folder, bystander):
        neo4j_store.load(read_dataset(path))
    other_before = snapshot(neo4j_driver, neo4j_config.database, other)
    before = snapshot(neo4j_driver, neo4j_config.database, name)

    # An actor with a single relationship goes, with it; one more relationship goes on its own.
    degree = {actor: 0 for actor in dataset.actors}
    for rel in dataset.relationships.values():
        degree[rel.source] += 1
        degree[rel.target] += rel.source != rel.target
    lonely = next(actor for actor, count in sorted(degree.items()) if count == 1)
    lonely_rel = next(rel for rel in dataset.relationships.values() if lonely in (rel.source, rel.target))
    dropped_rel = dataset.relationships["anwar-ibrahim--met_with--ismail-haniyeh--2024-05"]
    assert len(drop_records(folder / "actors.yaml", lambda record: record["id"] == lonely)) == 1
    doomed = [is_record_of(lonely_rel), is_record_of(dropped_rel)]
    assert len(drop_records(folder / "relationships.yaml", lambda record: any(f(record) for f in doomed))) == 2
    smaller = read_dataset(folder)
    assert set(dataset.relationships) - set(smaller.relationships) == {lonely_rel.id, dropped_rel.id}

    # With --keep-stale, what the files dropped stays, named as stale with the command that removes it.
    kept = cli("load", str(folder), "--keep-stale", env=neo4j_config.env())
    assert kept.returncode == 0, kept.stderr
    assert " 0 created, 0 updated, 0 removed" in kept.stdout
    assert f"kept 2 relationships the files no longer hold (--keep-stale): " in kept.stderr
    assert dropped_rel.id in kept.stderr and f"`graphkit load {folder}` removes them" in kept.stderr
    assert snapshot(neo4j_driver, neo4j_config.database, name) == before

    result = cli("load", str(folder), env=neo4j_config.env())
    assert result.returncode == 0, result.stderr
    assert "actors 0/0/1/" in result.stdout and "relationships 0/0/2/" in result.stdout
    assert f"{name}: removed 1 actor the files no longer hold: {lonely}" in result.stderr
    assert f"removed 2 relationships the files no longer hold: " in result.stderr and dropped_rel.id in result.stderr
    found = counts(neo4j_driver, neo4j_config.database, name)
    assert (found.actors, found.relationships) == (len(smaller.actors), len(smaller.relationships))
    after = snapshot(neo4j_driver, neo4j_config.database, name)
    gone = {value[1].get("id") for element, value in before["nodes"].items() if element not in after["nodes"]}
    assert gone == {lonely}
    gone = {value[3].get("id") for element, value in before["relationships"].items()
            if element not in after["relationships"] and value[0] != "CITES"}
    assert gone == {lonely_rel.id, dropped_rel.id}
    # No citation names a relationship that is gone.
    cited = {i for type_, _, _, props in after["relationships"].values() if type_ == "CITES" for i in props["relationships"]}
    assert cited == set(smaller.relationships)
    assert snapshot(neo4j_driver, neo4j_config.database, other) == other_before


def test_a_kept_relationship_follows_its_changed_actor(neo4j_config, neo4j_driver, neo4j_store, tmp_path,
                                                      dataset_name):
    """--keep-stale keeps a relationship the files dropped even when one of its actors changes in the
    same load (a changed actor is a new node; the old one and what hangs on it are deleted)."""
    name = dataset_name("stale-move")
    folder = dataset_copy(tmp_path, name)
    dataset = read_dataset(folder)
    neo4j_store.load(dataset)
    before = snapshot(neo4j_driver, neo4j_config.database, name)
    kept_rel = dataset.relationships["anwar-ibrahim--met_with--ismail-haniyeh--2024-05"]
    [(old_type, old_start, old_end, old_props)] = [value for value in before["relationships"].values()
                                                   if value[3].get("id") == kept_rel.id]

    assert len(drop_records(folder / "relationships.yaml", is_record_of(kept_rel))) == 1
    actors = folder / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    assert "- id: ismail-haniyeh\n" in text
    actors.write_text(text.replace("- id: ismail-haniyeh\n", "- id: ismail-haniyeh\n  aliases: [Haniyeh]\n", 1),
                      encoding="utf-8")
    report = neo4j_store.load(read_dataset(folder), keep_stale=True)
    assert report.counts["actors"]["updated"] == 1 and report.stale_ids == {"relationships": [kept_rel.id]}

    after = snapshot(neo4j_driver, neo4j_config.database, name)
    actor_of = {element: props["id"] for element, (labels, props) in after["nodes"].items() if "Actor" in labels}
    haniyeh = next(element for element, key in actor_of.items() if key == "ismail-haniyeh")
    assert haniyeh not in before["nodes"]  # a new version of the actor
    [(type_, start, end, props)] = [value for value in after["relationships"].values()
                                    if value[3].get("id") == kept_rel.id]
    assert (type_, start, end) == (old_type, old_start, haniyeh)
    assert {k: v for k, v in props.items() if k != "gk_load"} == {k: v for k, v in old_props.items() if k != "gk_load"}
    # Its sources still cite it, on the new version of the actor.
    cited = {(after["nodes"][start][1]["id"], actor_of[end]) for type_, start, end, props in after["relationships"].values()
             if type_ == "CITES" and kept_rel.id in props["relationships"]}
    assert {actor for _, actor in cited} == {"anwar-ibrahim", "ismail-haniyeh"}
    assert leftovers(neo4j_driver, neo4j_config.database, name) == {"staging": 0, "nodes": 0, "relationships": 0}

    # Unchanged files again: nothing changes; without --keep-stale the kept relationship goes.
    assert not neo4j_store.load(read_dataset(folder), keep_stale=True).changed
    assert snapshot(neo4j_driver, neo4j_config.database, name) == after
    report = neo4j_store.load(read_dataset(folder))
    assert report.removed_ids == {"relationships": [kept_rel.id]}
    assert not [value for value in snapshot(neo4j_driver, neo4j_config.database, name)["relationships"].values()
                if value[3].get("id") == kept_rel.id]


def test_an_invalid_dataset_writes_nothing(neo4j_config, neo4j_driver, tmp_path, dataset_name):
    good, bad = dataset_name("good"), dataset_name("bad")
    good_folder = dataset_copy(tmp_path, good)
    bad_folder = dataset_copy(tmp_path, bad)
    actors = bad_folder / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("  kind: NGO\n", "  kind: Charity\n", 1),
                      encoding="utf-8")
    result = cli("load", str(good_folder), str(bad_folder), env=neo4j_config.env())
    line = one_line_error(result)
    assert "nothing was loaded" in line and "actors.yaml" in line and "'kind'" in line and "Charity" in line
    assert counts(neo4j_driver, neo4j_config.database, good) is None
    assert counts(neo4j_driver, neo4j_config.database, bad) is None


def test_a_failure_part_way_leaves_the_database_as_before(neo4j_config, neo4j_driver, neo4j_store, tmp_path,
                                                           dataset_name):
    name = dataset_name("atomic")
    folder = dataset_copy(tmp_path, name)
    neo4j_store.load(read_dataset(folder))
    before = snapshot(neo4j_driver, neo4j_config.database, name)

    changed = read_dataset(folder)
    changed.actors["qatar"].name = "Changed"
    for rel in changed.relationships.values():
        rel.status = "confirmed"
    # Not validated: the last relationship points at no actor, which the load meets last.
    changed.relationships["broken"] = Relationship(id="broken", source="qatar", target="nobody", type="MET_WITH",
                                                   citations=[Citation(next(iter(changed.sources)), "a quote")])
    with pytest.raises(DatasetError, match="not an actor"):
        neo4j_store.load(changed)
    assert snapshot(neo4j_driver, neo4j_config.database, name) == before


def test_progress_counts_every_record(neo4j_store, dataset_name):
    dataset = synthetic.generate(300, seed=3)
    dataset.name = dataset_name("progress")
    seen = []
    neo4j_store.load(dataset, batch_size=100, progress=seen.append)
    assert sum(seen) == total_rows(dataset) and max(seen) <= 100 and len(seen) > 10
    seen.clear()
    report = neo4j_store.load(dataset, progress=seen.append)
    assert sum(seen) == total_rows(dataset) and not report.changed


def test_kinds_and_types_outside_the_vocabulary_are_refused(neo4j_store, neo4j_config, neo4j_driver, dataset_name):
    dataset = synthetic.generate(50, seed=4)
    dataset.name = dataset_name("vocabulary")
    next(iter(dataset.actors.values())).kind = "Charity"
    with pytest.raises(DatasetError, match="'Charity' is not in the vocabulary"):
        neo4j_store.load(dataset)
    assert counts(neo4j_driver, neo4j_config.database, dataset.name) is None


def test_cannot_reach_neo4j_is_one_line(neo4j_config):
    env = {**neo4j_config.env(), "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"}
    line = one_line_error(cli("load", env=env))
    assert "Cannot reach Neo4j" in line and "neo4j-local start" in line


def test_wrong_password_is_one_line(neo4j_local_server):
    config = neo4j_local_server.config  # a server of the test run's own, so always with a password
    env = {**config.env(), "NEO4J_PASSWORD": "not-" + config.password}
    line = one_line_error(cli("load", env=env))
    assert "refused the credentials" in line or "locked out" in line


def test_a_corrected_date_leaves_no_old_twin(neo4j_config, neo4j_driver, tmp_path, dataset_name):
    """A relationship's id follows its date: correcting the date in the files and loading again
    replaces the old record (named on stderr) instead of leaving both in the database."""
    name = dataset_name("twin")
    folder = dataset_copy(tmp_path, name)
    assert cli("load", str(folder), env=neo4j_config.env()).returncode == 0
    path = folder / "relationships.yaml"
    text = path.read_text()
    assert '  date: "2024-05"\n' in text
    path.write_text(text.replace('  date: "2024-05"\n', '  date: "2024-04"\n', 1))
    corrected = read_dataset(folder)
    result = cli("load", str(folder), env=neo4j_config.env())
    assert result.returncode == 0, result.stderr
    old = next(line for line in result.stderr.splitlines() if "removed 1 relationship" in line)
    assert old.endswith("--2024-05")
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (:Actor {dataset: $name})-[r]->(:Actor) WHERE r.dataset = $name RETURN r.id AS id",
        name=name, database_=neo4j_config.database)
    assert sorted(record["id"] for record in records) == sorted(corrected.relationships)
    assert old.rsplit(": ", 1)[1] not in corrected.relationships


def test_unload_removes_one_dataset_counted(neo4j_config, neo4j_driver, tmp_path, dataset_name):
    name, other = dataset_name("unload"), dataset_name("stays")
    for each in (name, other):
        assert cli("load", str(dataset_copy(tmp_path / each, each)), env=neo4j_config.env()).returncode == 0
    other_before = snapshot(neo4j_driver, neo4j_config.database, other)
    held = counts(neo4j_driver, neo4j_config.database, name)

    refused = cli("unload", name, env=neo4j_config.env(), input="n\n")
    assert refused.returncode != 0 and counts(neo4j_driver, neo4j_config.database, name) == held

    result = cli("unload", name, "--yes", env=neo4j_config.env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"{name}: removed {held.actors} actors, {held.relationships} relationships, "
                                     f"{held.sources} sources")
    records, _, _ = neo4j_driver.execute_query("MATCH (n) WHERE n.dataset = $name RETURN count(n) AS n",
                                               name=name, database_=neo4j_config.database)
    assert records[0]["n"] == 0
    assert snapshot(neo4j_driver, neo4j_config.database, other) == other_before

    again = cli("unload", name, "--yes", env=neo4j_config.env())
    assert again.returncode == 1 and again.stderr.count("\n") == 1
    assert f"No dataset {name!r} in the database" in again.stderr and "nothing was removed" in again.stderr
