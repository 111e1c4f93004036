"""The one mapping between the graph form and Neo4j properties (`graphkit.store.mapping`): the
graph form's attributes -> properties -> attributes gives back the very same typed attributes, for
every actor, relationship and source: on the seed, a synthetic dataset and the time fixture,
which uses every field of the time and evidence model. No server needed; the read-back tests on
a real Neo4j are in test_read_graph.py."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REPO, SEED, as_the_driver_returns
from graphkit import synthetic
from graphkit.dataset import read_dataset
from graphkit.dates import OPEN_END
from graphkit.graph import BOUNDS, dataset_to_graph
from graphkit.model import Actor, Citation, Dataset, PartialDate, Relationship, Source, fields
from graphkit.store.from_properties import (
    from_actor_properties,
    from_dataset_properties,
    from_relationship_properties,
    from_source_properties,
)
from graphkit.store.hashing import content_hash, content_hashes
from graphkit.store.mapping import (
    actor_columns,
    actor_properties,
    column_rows,
    dataset_properties,
    own_properties,
    relationship_columns,
    relationship_properties,
    source_properties,
)


TIME = REPO / "tests" / "fixtures" / "time"


def every_time_field() -> Dataset:
    """The time fixture, plus what it leaves out: a citation with a date of its own (a revised
    source), one that confirms, a source without a date, an EDTF date and a status set by hand."""
    dataset = read_dataset(TIME)
    dataset.sources["register"] = Source(id="register", title="A register, revised", kind="government")
    rel = dataset.relationships["nadia--met_with--omar--2017-09"]
    rel.citations += [Citation("register", "Haddad met Saleh", stance="confirms", date=PartialDate.parse("2019-03")),
                      Citation("register", "(entry without a date)", locator="p. 2")]
    rel = next(r for r in dataset.relationships.values() if r.type == "MEMBER_OF")
    rel.after, rel.status, rel.status_note = PartialDate.parse("200X"), "reported", "the register is not independent"
    return dataset


@pytest.fixture(scope="module", params=["seed", "synthetic", "time"])
def graph(request):
    if request.param == "seed":
        return dataset_to_graph(read_dataset(SEED))
    return dataset_to_graph(synthetic.generate(300, seed=5) if request.param == "synthetic" else every_time_field())


def test_the_time_fixture_uses_every_field_of_the_time_model():
    graph = dataset_to_graph(every_time_field())
    edges = [data for *_, data in graph.edges(data=True)]
    for name in ("date", "start", "end", "attested", "after", "before", "status_note"):
        assert any(data[name] for data in edges), name
    assert any(data["end"] == OPEN_END for data in edges)
    assert {data["timing"] for data in edges} == {"dated", "attested", "bounded", "undated"}
    citations = [c for data in edges for c in data["citations"]]
    assert {c["stance"] for c in citations} == {"asserts", "alleges", "denies", "confirms"}
    assert any(c["date"] for c in citations) and any(c["known"] is None for c in citations)


def test_every_record_comes_back_as_it_was(graph):
    name = graph.graph["name"]
    for node, attrs in graph.nodes(data=True):
        props = as_the_driver_returns(actor_properties(node, attrs, name))
        assert (props["id"], props["dataset"]) == (node, name)
        back = from_actor_properties(props, ["Actor", attrs["kind"]])
        assert back == attrs and list(back) == list(attrs), node
        del props["kind"]  # a node without the property: its kind is its label
        assert from_actor_properties(props, ["Actor", attrs["kind"]]) == attrs
    for _, _, key, attrs in graph.edges(keys=True, data=True):
        props = as_the_driver_returns(relationship_properties(attrs, name))
        back = from_relationship_properties(attrs["type"], props)
        assert back == attrs and list(back) == list(attrs), key
    for key, record in graph.graph["sources"].items():
        back = from_source_properties(as_the_driver_returns(source_properties(record, name)))
        assert back == record and list(back) == list(record), key
    meta = {f.name: graph.graph[f.name] for f in fields(Dataset)}
    assert from_dataset_properties(dataset_properties(graph.graph), name) == meta


def test_dates_are_text_beside_the_bounds_their_fields_declare(graph):
    name = graph.graph["name"]
    checked = set()
    for record, rows in ((Actor, [actor_properties(n, a, name) for n, a in graph.nodes(data=True)]),
                         (Relationship, [relationship_properties(a, name) for *_, a in graph.edges(data=True)]),
                         (Source, [source_properties(s, name) for s in graph.graph["sources"].values()])):
        for f in fields(record):
            if f.kind != "date":
                continue
            for props in rows:
                text = props[f.name]
                date = PartialDate.parse(text, open_allowed=True) if text is not None else None
                assert isinstance(text, (str, type(None)))
                assert props.get(f"{f.name}_min") == (date.earliest if date and f.bounds in ("min", "both") else None)
                assert props.get(f"{f.name}_max") == (date.latest if date and f.bounds in ("max", "both") else None)
                if date is not None:
                    checked.add((record.__name__, f.name))
    assert {("Relationship", "date"), ("Source", "published")} <= checked


def test_lists_mappings_and_citations():
    graph = dataset_to_graph(read_dataset(SEED))
    attrs = graph.nodes["anwar-ibrahim"]
    props = actor_properties("anwar-ibrahim", {**attrs, "identifiers": {"wikidata": "Q311", "a": "é"}}, "demo")
    assert props["aliases"] == attrs["aliases"] and props["tags"] == (attrs["tags"] or None)
    assert props["identifiers"] == '{"a": "é", "wikidata": "Q311"}'  # Neo4j stores no maps
    edge = next(data for *_, data in graph.edges(data=True) if len(data["citations"]) > 1)
    props = relationship_properties(edge, "demo")
    assert props["source_ids"] == [c["source"] for c in edge["citations"]]
    assert props["quotes"] == [c["quote"] for c in edge["citations"]]
    assert props["locators"] is None or props["locators"] == [c["locator"] or "" for c in edge["citations"]]


def test_graphkit_owns_a_property_for_every_declared_field():
    for record in (Actor, Source):
        assert {f.name for f in fields(record)} <= own_properties(record)
    assert {f.name for f in fields(Relationship) if f.name not in ("source", "target", "type", "citations")} \
        | {"source_ids", "quotes", "locators", "stances", "citation_dates", "known_dates", *BOUNDS,
           "first_reported", "timing", "known_from", "known_days", "known_statuses"} <= own_properties(Relationship)
    props = {**actor_properties("a", {"kind": "Person", "name": "A"}, "demo"), "centrality_pagerank": 0.5}
    assert from_actor_properties(props)["centrality_pagerank"] == 0.5  # someone else's property comes along


def test_the_time_model_in_properties():
    """Worked out by hand from the time fixture: bounds are DATEs, dates and the first report
    text, and each citation's stance, own date and known date are parallel lists beside the day
    it counts from and the status as known that day."""
    graph = dataset_to_graph(every_time_field())
    edges = {key: data for *_, key, data in graph.edges(keys=True, data=True)}
    met = relationship_properties(edges["nadia--met_with--omar--2017-09"], "demo", graph.graph["sources"])
    assert (met["date"], met["first_reported"], met["timing"]) == ("2017-09", "2018-06-10", "dated")
    assert [met[name] for name in BOUNDS] == [dt.date(2017, 9, 1), dt.date(2017, 9, 30), dt.date(2017, 9, 1),
                                              dt.date(2017, 9, 30)]
    assert met["source_ids"] == ["monitor-2018", "register", "register"]
    assert met["stances"] == ["asserts", "confirms", "asserts"]
    assert met["locators"] == ["", "", "p. 2"]
    assert met["citation_dates"] == ["", "2019-03", ""]
    assert met["known_dates"] == ["2018-06-10", "2019-03", ""]  # the register has no date: never known
    assert met["known_days"] == ["2018-06-10", "2019-03-31", ""]
    assert met["known_statuses"] == ["reported", "confirmed", ""] and met["status"] == "confirmed"
    assert met["known_from"] == dt.date(2018, 6, 10)
    attack = relationship_properties(edges["westland--attacked--omar--2018-04-21"], "demo", graph.graph["sources"])
    assert attack["stances"] == ["alleges", "denies"] and attack["citation_dates"] is None
    assert attack["known_days"] == ["2018-06-10", "2024-02-05"]
    assert attack["known_statuses"] == ["alleged", "disputed"] and attack["status"] == "disputed"
    member = relationship_properties(next(d for d in edges.values() if d["type"] == "MEMBER_OF"), "demo")
    assert (member["start"], member["end"], member["after"], member["timing"]) == ("2010", "..", "200X", "dated")
    assert (member["earliest_start"], member["latest_end"]) == (dt.date(2010, 1, 1), dt.date(2018, 4, 21))  # his death
    assert member["earliest_end"] == dt.date(2010, 1, 1) and member["status_note"]
    supports = relationship_properties(edges["westland--supports--river-party"], "demo")
    assert (supports["timing"], supports["first_reported"], supports["earliest_start"]) == ("undated", "2024-02-05",
                                                                                            dt.date(2005, 1, 1))
    assert supports["latest_start"] == dt.date(2024, 2, 5)  # a report bounds the start from above, never starts it
    assert supports["reported"] is None and supports["valid_from"] is None  # retired: see the next test


def test_what_an_earlier_graphkit_stored_is_removed_and_never_read_back():
    graph = dataset_to_graph(every_time_field())
    _, _, attrs = next(iter(graph.edges(data=True)))
    props = relationship_properties(attrs, graph.graph["name"])
    retired = ("reported", "reported_min", "valid_from", "valid_to", "date_min", "date_max", "start_min", "end_max")
    assert all(name in props and props[name] is None for name in retired)  # a load removes them
    old = {**props, "reported": "2016-03", "valid_from": dt.date(2016, 3, 1), "date_min": dt.date(2017, 9, 1)}
    assert from_relationship_properties(attrs["type"], as_the_driver_returns(old)) == attrs


def test_a_declared_field_reaches_every_form_without_code_of_its_own(tmp_path):
    """`url` was added to Actor by one line in model.py: files, validation, the graph form, Neo4j
    and the exports carry it with no other change."""
    from graphkit.dataset import validate_dataset, write_csv, write_yaml
    from graphkit.formats import FORMATS
    from graphkit.formats.json import read as read_json
    from graphkit.model import Citation

    assert "url" in [f.name for f in fields(Actor)]
    dataset = Dataset(name="demo", title="Demo", sources={"s": Source(id="s", title="S")},
                      actors={"a": Actor(id="a", kind="NGO", name="A", url="https://a.example.org/"),
                              "b": Actor(id="b", kind="NGO", name="B")})
    dataset.relationships["r"] = Relationship(id="r", source="a", type="COOPERATES_WITH", target="b",
                                              citations=[Citation("s", "A and B work together.")])
    for write, folder in ((write_yaml, tmp_path / "yaml"), (write_csv, tmp_path / "csv")):
        write(dataset, folder)
        read, problems = validate_dataset(folder)
        assert read.actors["a"].url == "https://a.example.org/", problems
    graph = dataset_to_graph(read)
    assert graph.nodes["a"]["url"] == "https://a.example.org/"
    props = actor_properties("a", graph.nodes["a"], "demo")
    assert props["url"] == "https://a.example.org/"
    assert from_actor_properties(props, ["Actor", "NGO"])["url"] == "https://a.example.org/"
    assert read_json(__import__("io").BytesIO(FORMATS["json"].to_bytes(graph))).nodes["a"]["url"] \
        == "https://a.example.org/"
    (tmp_path / "yaml" / "actors.yaml").write_text(
        (tmp_path / "yaml" / "actors.yaml").read_text().replace("https://a.example.org/", "javascript:alert(1)"))
    broken, problems = validate_dataset(tmp_path / "yaml")
    assert broken is None and any(p.field == "url" and "http(s) URL" in p.message for p in problems)


def test_many_records_map_as_each_one_does(graph):
    """Records are mapped a part at a time, a column per property: each record's properties are
    what mapping it alone gives (citation lists cut from one flat run, dates read once, the
    statuses as known worked out once per day)."""
    name, sources = graph.graph["name"], graph.graph["sources"]
    edges = [(key, data) for *_, key, data in graph.edges(keys=True, data=True)]
    together = column_rows(relationship_columns([data for _, data in edges], name, sources,
                                                 ids=[key for key, _ in edges]))
    alone = [{k: v for k, v in relationship_properties({**data, "id": key}, name, sources).items() if v is not None}
             for key, data in edges]
    assert together == alone and any(len(props.get("quotes", ())) > 1 for props in together)
    nodes = list(graph.nodes(data=True))
    assert column_rows(actor_columns([node for node, _ in nodes], [data for _, data in nodes], name)) == \
        [{k: v for k, v in actor_properties(node, data, name).items() if v is not None} for node, data in nodes]


def test_the_status_as_known_each_day_is_the_rule_of_the_clock(graph):
    """`known_statuses[i]` is the status `as_known_by` gives on citation i's day, however it is
    worked out (most relationships' last day is the record as it stands)."""
    from graphkit.graph import as_known_by

    sources = graph.graph["sources"]
    checked = 0
    for *_, data in graph.edges(data=True):
        props = relationship_properties(data, "demo", sources)
        for day, status in zip(props["known_days"] or (), props["known_statuses"] or ()):
            expected = (as_known_by(data, dt.date.fromisoformat(day), sources) or {}).get("status") or "" if day else ""
            assert status == expected
            checked += bool(day)
    assert checked


def test_content_hashes_are_the_hash_of_each_record_as_json():
    """Put together value by value, the text hashed is the JSON of the record's property map
    (sorted keys, no None, a DATE as {"date": ...}) whatever the values' types."""
    import hashlib
    import json

    columns = {
        "id": ["a", "b\u00e9\"\\", "c\u2028", "d"],
        "start_min": [dt.date(2020, 1, 1), None, dt.date(2020, 1, 1), dt.date(1999, 12, 31)],
        "finished": [dt.datetime(2020, 1, 1, 12, tzinfo=dt.timezone.utc), None, None, None],
        "flag": [True, False, None, True],
        "count": [1, 2.5, None, 0],
        "quotes": [["x", "y\u00e9"], [], None, ["1", 2]],
        "mixed": ["1", 1, True, None],
    }

    def expected(i: int) -> str:
        props = {name: values[i] for name, values in columns.items() if values[i] is not None}
        text = json.dumps(props, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                          default=lambda d: {"date": d.isoformat()})
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    assert content_hashes(columns) == [expected(i) for i in range(4)]
    assert len(set(content_hashes(columns))) == 4
    assert content_hash({}) == content_hash({"end": None}) == hashlib.blake2b(b"{}", digest_size=16).hexdigest()


def test_the_shortcuts_give_what_the_general_rules_give():
    """Dates of the graph form are looked up by their text, and a relationship known from one
    citation skips the clock's rule: both give what the general way gives, open dates included."""
    from graphkit.graph import as_known_by
    from graphkit.store.mapping import _date_cell, _date_cells, knowledge

    dates = [PartialDate.parse(text, open_allowed=True) for text in ("2023-10", "..", "193X", "2023-10")] + [None]
    assert _date_cells(dates) == [_date_cell(date) for date in dates]
    assert _date_cells(dates)[1] == ("..", None, None)
    for known in (PartialDate.parse("2018-06"), PartialDate.parse("..", open_allowed=True), None):
        for status in (None, "", "confirmed"):
            edge = {"status": status, "citations": [{"source": "a", "stance": "alleges", "known": known}]}
            day = known.latest if known is not None else None
            expected = ((day, [day.isoformat()], [(as_known_by(edge, day, {}) or {}).get("status") or ""])
                        if day else (None, None, None))
            assert knowledge(edge, {}) == expected
    open_end = PartialDate.parse("..", open_allowed=True)
    two = {"status": None, "citations": [{"source": "a", "stance": "asserts", "known": PartialDate.parse("2018")},
                                         {"source": "b", "stance": "denies", "known": open_end}]}
    assert knowledge(two, {}) == (dt.date(2018, 12, 31), ["2018-12-31", ""], ["reported", ""])
