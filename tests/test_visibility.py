"""No reader sees a half-written dataset: while a load stages (its elements in the database,
marked), every reader of Neo4j gives exactly what it gave before; once the load is made current,
every reader gives the new version. The staged load is written here by hand, as a load leaves it
part-way: a (:GraphkitLoad {state: 'staging'}), new and changed actors, relationships, sources,
CITES and SAME_AS carrying its number (`gk_load`), the current versions it replaces marked
(`gk_replaced`). Then it is made current by hand, as the flip and the cleanup after it do."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import neo4j
import pytest

from conftest import cli, dataset_copy, unload_if_loaded
from graphkit.dataset import read_dataset
from graphkit.store.cypher import cypher_folder, named_queries, named_query

RENAMED = "Mohamed Nazri Abdul Aziz"  # the new version of actor nazri-aziz
CORRECTED = " (corrected)"  # added to the title of the new version of a source

# Every named query, with what it is asked in this test (its $dataset is the staged dataset's).
ASKED = {
    "actor_profile": {"actor": "abdullah-zaik", "depth": 2},
    "actor_timeline": {"actor": "nazri-aziz"},
    "brokers": {"a": "abdullah-zaik", "b": "hamas"},
    "contested_claims": {},
    "ngo_government_links": {},
    "relationships_as_of": {"as_of": "2023"},
    "relationships_between": {"from": "2010", "to": "2024"},
    "relationships_known_by": {"known_by": "2024"},
    "same_actors": {},
    "search_actors": {"text": "anwar"},
    "shortest_paths": {"from": "abdullah-zaik", "to": "hamas"},
    "source_claims": {"source": "news-us-demarche-malaysia-hamas"},
}

STAGE = [
    # The load log: a load of dataset $a, still staging.
    "CREATE (:GraphkitLoad {number: $load, dataset: $a, state: 'staging', started: datetime()})",
    # A source replaced (its title corrected): a new node with its CITES, the old ones marked.
    """MATCH (old:Source {dataset: $a, id: 'news-us-demarche-malaysia-hamas'})
       CREATE (new:Source) SET new = properties(old), new.title = old.title + $corrected, new.gk_load = $load
       WITH old, new
       MATCH (old)-[c:CITES]->(actor)
       CREATE (new)-[copy:CITES]->(actor) SET copy = properties(c), copy.gk_load = $load
       SET c.gk_replaced = $load, old.gk_replaced = $load""",
    # A new source.
    """MATCH (old:Source {dataset: $a, id: 'benarnews-anwar-hamas-qatar'})
       CREATE (new:Source) SET new = properties(old), new.id = 'staged-source', new.title = 'Staged',
                               new.gk_load = $load""",
    # An actor replaced (renamed): a new node; its relationships are new too, the old ones marked.
    """MATCH (old:Actor {dataset: $a, id: 'nazri-aziz'})
       CREATE (new:$(labels(old))) SET new = properties(old), new.name = $renamed, new.gk_load = $load
       WITH old, new
       CALL (old, new) {
         MATCH (old)-[r]->(other) WHERE r.gk_replaced IS NULL AND other <> old
         CREATE (new)-[copy:$(type(r))]->(other) SET copy = properties(r), copy.gk_load = $load
         SET r.gk_replaced = $load
       }
       CALL (old, new) {
         MATCH (old)<-[r]-(other) WHERE r.gk_replaced IS NULL AND other <> old
         CREATE (new)<-[copy:$(type(r))]-(other) SET copy = properties(r), copy.gk_load = $load
         SET r.gk_replaced = $load
       }
       SET old.gk_replaced = $load""",
    # A relationship the files no longer hold.
    """MATCH (:Actor {dataset: $a, id: 'malaysia'})-[r:OPPOSES]->(:Actor {dataset: $a, id: 'israel'})
       SET r.gk_replaced = $load""",
    # A new actor and new relationships (one a shortcut between actors four hops apart).
    """MATCH (model:Actor {dataset: $a, id: 'malaysia'})-[t:SUPPORTS]->(hamas:Actor {dataset: $a, id: 'hamas'})
       WITH model, t, hamas ORDER BY t.id LIMIT 1
       MATCH (zaik:Actor {dataset: $a, id: 'abdullah-zaik'})
       CREATE (new:Actor:Person {dataset: $a, id: 'staged-newcomer', name: 'Anwar Staged Newcomer',
                                 kind: 'Person', gk_load: $load})
       CREATE (zaik)-[r1:SUPPORTS]->(hamas) SET r1 = properties(t), r1.id = 'staged-zaik-supports-hamas',
                                                r1.gk_load = $load
       CREATE (new)-[r2:SUPPORTS]->(hamas) SET r2 = properties(t), r2.id = 'staged-newcomer-supports-hamas',
                                               r2.gk_load = $load
       CREATE (new)-[r3:SUPPORTS]->(zaik) SET r3 = properties(t), r3.id = 'staged-newcomer-supports-zaik',
                                              r3.gk_load = $load""",
    # SAME_AS: one link the new version drops, one it adds.
    """MATCH (:Actor {dataset: $a, id: 'malaysia'})-[s:SAME_AS]->(:Actor {dataset: $b, id: 'malaysia'})
       SET s.gk_replaced = $load""",
    """MATCH (x:Actor {dataset: $a, id: 'anwar-ibrahim'}), (y:Actor {dataset: $b, id: 'anwar-ibrahim'})
       CREATE (x)-[:SAME_AS {origin: 'judgement', by: 'staged', gk_load: $load}]->(y)""",
]

FLIP = [
    """MATCH (l:GraphkitLoad {number: $load}) SET l.state = 'current', l.finished = datetime()
       WITH l OPTIONAL MATCH (old:GraphkitLoad {dataset: $a, state: 'current'}) WHERE old <> l
       SET old.state = 'superseded'""",
    "MATCH ()-[r]->() WHERE r.gk_replaced = $load DELETE r",
    "MATCH (x) WHERE x.gk_replaced = $load DETACH DELETE x",
]


def plain(value):
    """A value of a query's row as comparable data: nodes and relationships by their properties
    (without the version bookkeeping, which a reader does not show)."""
    if isinstance(value, neo4j.graph.Node):
        return ("node", sorted(value.labels), _content(value))
    if isinstance(value, neo4j.graph.Relationship):
        return ("relationship", value.type, _content(value), value.start_node.get("id"), value.end_node.get("id"))
    if isinstance(value, neo4j.graph.Path):
        return ("path", [plain(node) for node in value.nodes], [plain(rel) for rel in value.relationships])
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def _content(element) -> dict:
    return {key: value for key, value in element.items() if not key.startswith("gk_")}


def graph_form(graph) -> dict:
    return {"graph": dict(graph.graph), "nodes": dict(graph.nodes(data=True)),
            "edges": {(u, v, k): data for u, v, k, data in graph.edges(keys=True, data=True)}}


def readings(store, env: dict, a: str, b: str, folder: Path) -> dict:
    """What every reader of Neo4j gives for dataset `a` (and `b`, for what joins them)."""
    found = {}
    for query in named_queries():
        result = store.query(query.text, query.arguments({**ASKED[query.name], "dataset": a}))
        rows = [plain(dict(zip(result.keys, record))) for record in result.records]
        for row in rows:  # a full-text score weighs words by every node indexed, whatever its dataset
            row.pop("score", None) if query.name == "search_actors" else None
        found[f"query {query.name}"] = rows
    found["read_graph"] = graph_form(store.read_graph(dataset=a))
    found["read_graph as_of"] = graph_form(store.read_graph(dataset=a, as_of="2023"))
    found["read_graph known_by"] = graph_form(store.read_graph(dataset=a, known_by="2020"))
    found["read_graph cypher"] = graph_form(store.read_graph(
        cypher="MATCH (x:Actor {dataset: $d})-[r]->(y:Actor) RETURN x, r, y", parameters={"d": a}))
    found["read_graph merged"] = graph_form(store.read_graph(merge=True, datasets=[a, b]))
    found["status"] = [counts for counts in store.status().datasets if counts.dataset in (a, b)]
    page = folder / "map.html"
    for name, args in {"stats": ["stats", "--neo4j", "--dataset", a, "--format", "json"],
                       "centrality": ["centrality", "--neo4j", "--dataset", a, "--measure", "pagerank"],
                       "path": ["path", "abdullah-zaik", "hamas", "--neo4j", "--dataset", a],
                       "map": ["map", "--neo4j", "--dataset", a, "--out", str(page)]}.items():
        result = cli(*args, env=env)
        assert result.returncode == 0, (name, result.stderr)
        found[name] = page.read_text(encoding="utf-8") if name == "map" else result.stdout
    return found


def run(driver, database, statements: list[str], **parameters) -> None:
    """The statements in one transaction, as a load's batch or its flip would write them."""
    with driver.session(database=database) as session:
        session.execute_write(lambda tx: [tx.run(statement, parameters).consume() for statement in statements])


@pytest.fixture(scope="module")
def two_datasets(neo4j_store, tmp_path_factory):
    """Two copies of the seed, loaded, with SAME_AS links between two of their actors."""
    folder = tmp_path_factory.mktemp("visibility")
    names = [f"vis-{secrets.token_hex(4)}", f"vis-{secrets.token_hex(4)}"]
    for name in names:
        neo4j_store.load(read_dataset(dataset_copy(folder, name)))
    a, b = names
    rows = [{"left_dataset": a, "left_id": actor, "right_dataset": b, "right_id": actor, "origin": "judgement",
             "by": "tester", "date": "2026-12-01", "note": None} for actor in ("hamas", "malaysia")]
    assert neo4j_store.write_same_as(rows, names) == 2
    yield a, b, folder
    for name in names:
        unload_if_loaded(neo4j_store, name)


def test_readers_see_the_current_version_until_the_flip(neo4j_store, neo4j_driver, neo4j_config, two_datasets):
    a, b, folder = two_datasets
    env = neo4j_config.env()
    assert set(ASKED) == {query.name for query in named_queries()}  # a new named query is asked here too
    before = readings(neo4j_store, env, a, b, folder)
    number = neo4j_driver.execute_query("OPTIONAL MATCH (l:GraphkitLoad) RETURN coalesce(max(l.number), 0) + 1 AS n",
                                        database_=neo4j_config.database).records[0]["n"]
    parameters = {"a": a, "b": b, "load": number, "renamed": RENAMED, "corrected": CORRECTED}
    run(neo4j_driver, neo4j_config.database, STAGE, **parameters)
    try:
        staged = neo4j_driver.execute_query(
            "MATCH (x) WHERE x.gk_load = $load RETURN count(x) AS nodes, "
            "COUNT { MATCH ()-[r]->() WHERE r.gk_load = $load } AS relationships, "
            "COUNT { MATCH ()-[r]->() WHERE r.gk_replaced = $load } AS marked",
            load=number, database_=neo4j_config.database).records[0]
        assert staged["nodes"] == 4 and staged["relationships"] > 10 and staged["marked"] > 10  # it is there
        during = readings(neo4j_store, env, a, b, folder)
        for reader in before:
            assert during[reader] == before[reader], f"{reader} saw the staged load"
    finally:
        run(neo4j_driver, neo4j_config.database, FLIP, **parameters)
    after = readings(neo4j_store, env, a, b, folder)

    unchanged = {reader for reader in before if after[reader] == before[reader]}
    # Those touch nothing the load changed, or show nothing it changed (the new versions of actor
    # nazri-aziz and of the source hold the same claims); while it staged, they would have shown
    # each claim twice, from both versions.
    assert unchanged == {"query contested_claims", "query ngo_government_links", "query actor_timeline",
                         "query source_claims"}
    graph, old = after["read_graph"], before["read_graph"]
    assert set(graph["nodes"]) == set(old["nodes"]) | {"staged-newcomer"}
    assert graph["nodes"]["nazri-aziz"]["name"] == RENAMED
    assert graph["nodes"]["staged-newcomer"]["name"] == "Anwar Staged Newcomer"
    new_ids = {"staged-zaik-supports-hamas", "staged-newcomer-supports-hamas", "staged-newcomer-supports-zaik"}
    removed = {key[2] for key in old["edges"] if key[:2] == ("malaysia", "israel") and key[2].startswith(
        "malaysia--opposes--israel")}
    assert len(removed) == 1
    assert {key[2] for key in graph["edges"]} == ({key[2] for key in old["edges"]} - removed) | new_ids
    sources = graph["graph"]["sources"]
    assert sources["news-us-demarche-malaysia-hamas"]["title"].endswith(CORRECTED)
    assert set(sources) == set(old["graph"]["sources"]) | {"staged-source"}
    [counts] = [counts for counts in after["status"] if counts.dataset == a]
    [was] = [counts for counts in before["status"] if counts.dataset == a]
    assert (counts.actors, counts.relationships, counts.sources) == (was.actors + 1, was.relationships + 2,
                                                                      was.sources + 1)
    assert [(row["path"], row["hop"], row["id"]) for row in after["query shortest_paths"]] == [
        (1, 1, "staged-zaik-supports-hamas")]
    assert [row["broker"] for row in after["query brokers"]] == ["staged-newcomer"]
    assert "staged-newcomer" in {row["id"] for row in after["query search_actors"]}
    assert "staged-newcomer" not in {row["id"] for row in before["query search_actors"]}
    assert [(row["left"], row["right"]) for row in after["query same_actors"]] == [
        (f"{a}:anwar-ibrahim", f"{b}:anwar-ibrahim"), (f"{a}:hamas", f"{b}:hamas")]
    assert RENAMED in after["map"] and RENAMED not in before["map"]
    assert "Anwar Staged Newcomer" in after["map"]


UNDO = [
    "MATCH ()-[r]->() WHERE r.gk_load = $load DELETE r",
    "MATCH (x) WHERE x.gk_load = $load DETACH DELETE x",
    "MATCH ()-[r]->() WHERE r.gk_replaced = $load REMOVE r.gk_replaced",
    "MATCH (x) WHERE x.gk_replaced = $load REMOVE x.gk_replaced",
]


def test_what_a_load_opened_since_a_reader_began_writes_is_not_seen(neo4j_store, neo4j_driver, neo4j_config,
                                                                      two_datasets):
    """A reader's statement finds the loads as they are when it starts; a load opened while it
    runs has a higher number than any it found. So what that load writes is not seen, and what it
    marks replaced still is, though the reader never saw it staging. Staged here without its log
    entry, as such a reader finds it."""
    a, b, folder = two_datasets
    env = neo4j_config.env()
    before = readings(neo4j_store, env, a, b, folder)
    number = neo4j_driver.execute_query("OPTIONAL MATCH (l:GraphkitLoad) RETURN coalesce(max(l.number), 0) + 1 AS n",
                                        database_=neo4j_config.database).records[0]["n"]
    parameters = {"a": a, "b": b, "load": number, "renamed": RENAMED, "corrected": CORRECTED}
    run(neo4j_driver, neo4j_config.database, STAGE[1:], **parameters)
    try:
        during = readings(neo4j_store, env, a, b, folder)
        for reader in before:
            assert during[reader] == before[reader], f"{reader} saw what a load opened since wrote"
    finally:
        run(neo4j_driver, neo4j_config.database, UNDO, load=number)
    assert readings(neo4j_store, env, a, b, folder) == before


NOT_READING = {"status/components", "read/dataset"}
"""Files that read no Actor, Source or relationship: the server's version, a (:Dataset) node's
metadata (written by a load's flip, with its version made current)."""


def cypher_files() -> dict[str, str]:
    root = Path(str(cypher_folder()))
    return {str(path.relative_to(root))[: -len(".cypher")]: path.read_text(encoding="utf-8")
            for path in sorted(root.rglob("*.cypher"))
            if path.relative_to(root).parts[0] != "load" and path.name != "schema.cypher"}


def bound_elements(text: str) -> set[str]:
    """The variables a statement matches to Actor and Source nodes (any labelled node but a load's
    or a dataset's) and to relationships; an unnamed one is ``?``. What it writes (CREATE, MERGE)
    is not read."""
    code = "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith(("//", "CREATE", "MERGE")))
    nodes = {name or "?" for name, label in re.findall(r"\((\w*)\s*:\s*(\w+)", code)
             if label not in ("GraphkitLoad", "Dataset")}
    relationships = {name or "?" for name in re.findall(r"-\[\s*(\w*)", code)}
    return nodes | relationships


def visible_names(text: str) -> set[str]:
    return {name.strip() for names in re.findall(r"<VISIBLE\s+([^>]*)>", text) for name in names.split(",")}


def test_every_reading_file_applies_the_visibility_rule():
    """A .cypher file that reads Actors, Sources or relationships reads the staging loads
    (<STAGING>) and checks every element it matches (<VISIBLE ...>): a query that forgets one
    would show a half-written dataset."""
    files = cypher_files()
    assert {"actor_profile", "read/actors", "status/datasets", "scores/write", "link/write_same_as"} <= set(files)
    for name, text in files.items():
        if name in NOT_READING:
            assert not any(word in text for word in ("Actor", "Source", "-[")), name
            continue
        assert "<STAGING>" in text, f"{name}.cypher does not read the staging loads (<STAGING>)"
        missing = bound_elements(text) - visible_names(text)
        assert not missing, f"{name}.cypher matches {sorted(missing)} without <VISIBLE ...>"
        assert "YIELD node" not in text or "node" in visible_names(text), name


def test_the_check_catches_a_query_that_forgets_an_element():
    """The check above fails on a query that forgets an element (or names it not), as one added
    later might; and what the placeholders say is what runs."""
    text = cypher_files()["brokers"]
    assert bound_elements(text.replace(", broker, rb>", ", broker>")) - visible_names(text.replace(
        ", broker, rb>", ", broker>")) == {"rb"}
    unnamed = text.replace("MATCH (a)-[ra]-(broker:Actor)", "MATCH (a)-[]-(broker:Actor)")
    assert "?" in bound_elements(unnamed) - visible_names(unnamed)
    assert "NOT coalesce(rb.gk_load, 0) IN staging" in named_query("brokers").text
