"""No output of graphkit presents a report date as a relationship's date (issue 11).

Over the seed dataset, every output is read the way its users read it (the exported files, the
map's page data, the Neo4j properties, the text and JSON of `centrality --by-year`, `path` and
`stats`), and each relationship in it is held against what its own text gives (`date`, `start`,
`end`, `attested`, `after`, `before`, read from the dataset's records). A report date (a source's
`published`, a citation's own `date`) may bound a relationship from above and may be shown as
when it was first reported, never as its start, end or date:

- the `date`, `start` and `end` an output shows are exactly the text's, and absent where the
  text gives none; the names that used to carry report dates (`reported`, `valid_from`,
  `valid_to`) are gone;
- the earliest day it may have begun (`earliest_start`, a GEXF spell's start) is one the text
  gives or an actor's founding or birth, never one only a report gives;
- an undated relationship (its text gives no time) has no GEXF spell and no FtM date, and no
  latest end but an actor's death or dissolution;
- an actor whose every relationship is undated ranks in no year; a date shown next to an
  undated relationship is said to be when it was reported.

The check itself is checked: it fails on a report date shown as a start.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from graphkit.dataset import read_dataset
from graphkit.formats import FORMATS, write_graph_file
from graphkit.graph import dataset_to_graph
from graphkit.vocabulary import vocabulary

from conftest import cli

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seed" / "malaysia-palestine"
GIVEN = ("date", "start", "end")  # the dates an output may show as the relationship's own
TEXT_TIME = ("date", "start", "end", "attested", "after", "before")  # all the time a text gives
GONE = ("reported", "valid_from", "valid_to")  # the names that placed relationships by report dates
DATE_TEXT = re.compile(r"(?<![0-9])[0-9]{4}(?:-[0-9]{2}){0,2}(?![0-9])")


@pytest.fixture(scope="module")
def dataset():
    return read_dataset(SEED)


@pytest.fixture(scope="module")
def graph(dataset):
    return dataset_to_graph(dataset)


def text(value: Any) -> str | None:
    """A value as text, None for no value ("" and None: a file's empty cell, a missing attribute)."""
    if value is None or value == "" or value == []:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class Truth:
    """What the dataset's own records say of each relationship's time, and what reports say."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.rels = dataset.relationships
        self.undated = {rel.id for rel in self.rels.values() if not any(getattr(rel, name) for name in TEXT_TIME)}
        self.report_days = set()  # the days of every report date, as text
        for source in dataset.sources.values():
            if source.published:
                self.report_days |= {source.published.earliest.isoformat(), source.published.latest.isoformat()}
        for rel in self.rels.values():
            for citation in rel.citations:
                if citation.date:
                    self.report_days |= {citation.date.earliest.isoformat(), citation.date.latest.isoformat()}

    def lifetime(self, rel_id: str) -> tuple[set[str], set[str]]:
        """The first days of both actors (founding, birth) and their last (dissolution, death)."""
        rel = self.rels[rel_id]
        actors = [self.dataset.actors[rel.source], self.dataset.actors[rel.target]]
        born = {actor.start.earliest.isoformat() for actor in actors if actor.start and not actor.start.is_open}
        died = {actor.end.latest.isoformat() for actor in actors if actor.end and not actor.end.is_open}
        return born, died

    def start_days(self, rel_id: str) -> set[str]:
        """The days a relationship's earliest start may be: its text's first days, or an actor's."""
        rel = self.rels[rel_id]
        own = {getattr(rel, name).earliest.isoformat() for name in ("date", "start", "after")
               if getattr(rel, name) is not None}
        return own | self.lifetime(rel_id)[0]

    def given(self, rel_id: str, name: str) -> str | None:
        return text(getattr(self.rels[rel_id], name))


def check(truth: Truth, where: str, rel_id: str, shown: dict[str, Any], given=lambda value: value) -> None:
    """What an output shows of one relationship (by graphkit's names, text or typed; `spell_start`
    and `spell_end` for a GEXF spell) against what its text gives. `given` turns the text's date
    into what the output can hold (FtM: only plain dates)."""
    here = f"{where}: {rel_id}"
    for name in GIVEN:  # exactly the text's: shown where it gives one, absent or empty where not
        expected = given(truth.given(rel_id, name))
        if name in shown or expected is not None:
            assert text(shown.get(name)) == expected, f"{here}: {name} {shown.get(name)!r}, its text {expected!r}"
        for end in ("min", "max"):  # a date's first and last day beside it (Neo4j properties)
            if text(shown.get(f"{name}_{end}")) is not None:
                date = getattr(truth.rels[rel_id], name)
                day = None if date is None or date.is_open else (date.earliest if end == "min" else date.latest)
                assert text(shown[f"{name}_{end}"]) == text(day), f"{here}: {name}_{end} {shown[f'{name}_{end}']!r}"
    for name in GONE:
        assert text(shown.get(name)) is None, f"{here}: {name} {shown[name]!r} places it by a report date"
    for name in ("earliest_start", "spell_start"):
        if text(shown.get(name)) is not None:
            assert text(shown[name]) in truth.start_days(rel_id), \
                f"{here}: {name} {shown[name]!r} is no day its text or its actors give"
    if rel_id in truth.undated:
        assert text(shown.get("spell_start")) is None and text(shown.get("spell_end")) is None, \
            f"{here}: an undated relationship has a spell ({shown.get('spell_start')}..{shown.get('spell_end')})"
        if text(shown.get("latest_end")) is not None:
            assert text(shown["latest_end"]) in truth.lifetime(rel_id)[1], f"{here}: latest_end {shown['latest_end']!r}"


def said_as_reported(line: str, report_dates: set[str]) -> bool:
    """Whether every report date in a line of text is said to be when something was reported."""
    for found in DATE_TEXT.finditer(line):
        if found.group() in report_dates and "reported" not in line[: found.start()]:
            return False
    return True


@pytest.fixture(scope="module")
def truth(dataset):
    return Truth(dataset)


@pytest.fixture(scope="module")
def report_texts(dataset) -> set[str]:
    """Report dates as texts write them."""
    dates = {str(s.published) for s in dataset.sources.values() if s.published}
    return dates | {str(c.date) for rel in dataset.relationships.values() for c in rel.citations if c.date}


# --- the check is honest ---------------------------------------------------------------------

def test_the_seed_has_report_dates_that_could_leak(graph, truth):
    """Most relationships of the seed are undated but reported: the test has something to catch."""
    reported = [key for _, _, key, data in graph.edges(keys=True, data=True)
                if key in truth.undated and data["first_reported"] is not None]
    assert len(reported) >= 10
    leaky = [key for key in reported
             if graph.edges[truth.rels[key].source, truth.rels[key].target, key]["first_reported"].earliest.isoformat()
             not in truth.start_days(key)]
    assert leaky, "every report date is also an actor's founding: the check could not tell them apart"


def test_the_check_fails_on_a_report_date_shown_as_a_start(graph, truth):
    key = next(key for _, _, key, data in graph.edges(keys=True, data=True)
               if key in truth.undated and data["first_reported"] is not None
               and data["first_reported"].earliest.isoformat() not in truth.start_days(key))
    first = graph.edges[truth.rels[key].source, truth.rels[key].target, key]["first_reported"]
    for shown in ({"start": first}, {"date": str(first)}, {"valid_from": first.earliest},
                  {"earliest_start": first.earliest}, {"spell_start": first.earliest.isoformat()},
                  {"start_min": first.earliest}):
        with pytest.raises(AssertionError):
            check(truth, "a leaky output", key, shown)
    check(truth, "an honest output", key, {"start": None, "first_reported": first, "spell_start": None})
    assert not said_as_reported(f"MET_WITH {first}", {str(first)})
    assert said_as_reported(f"undated, first reported {first}", {str(first)})


# --- every export format -----------------------------------------------------------------------

def shown_by_format(fmt: str, path: Path) -> dict[str, dict[str, Any]]:
    """Each relationship of an exported file or folder: its id -> what the file says of it."""
    if fmt == "json":
        return {edge["id"]: edge for edge in json.loads(path.read_text(encoding="utf-8"))["edges"]}
    if fmt == "graphml":
        ns = "{http://graphml.graphdrawing.org/xmlns}"
        root = ET.parse(path).getroot()
        names = {key.get("id"): key.get("attr.name") for key in root.iter(f"{ns}key") if key.get("for") == "edge"}
        edges = [{names[d.get("key")]: d.text for d in edge.iter(f"{ns}data")} for edge in root.iter(f"{ns}edge")]
        return {edge["id"]: edge for edge in edges}
    if fmt == "gexf":
        ns = "{http://gexf.net/1.3}"
        found = {}
        for edge in ET.parse(path).getroot().iter(f"{ns}edge"):
            columns = {value.get("for"): value.get("value") for value in edge.iter(f"{ns}attvalue")}
            found[edge.get("id")] = {
                **{name: value for name, value in columns.items() if name not in ("start_given", "end_given")},
                "start": columns.get("start_given"), "end": columns.get("end_given"),
                "spell_start": edge.get("start"), "spell_end": edge.get("end")}
        return found
    if fmt == "neo4j-csv":
        with open(path / "relationships.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        names = [column.partition(":")[0] for column in rows[0]]
        return {row["id"]: row for row in (dict(zip(names, cells, strict=True)) for cells in rows[1:])}
    if fmt == "ftm":
        entities = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return {props["recordId"][0]: {"date": (props.get("date") or [None])[0],
                                       "start": (props.get("startDate") or [None])[0],
                                       "end": (props.get("endDate") or [None])[0]}
                for props in (entity["properties"] for entity in entities) if "recordId" in props}
    raise AssertionError(f"no reader in this test for the format {fmt!r}: add one")


def ftm_given(value: str | None) -> str | None:
    """What FtM can hold of a text's date unchanged: a plain date (not .., 2023?, 2008/2009, 193X)."""
    return value if value is not None and re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", value) else None


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_export_format_shows_a_report_date_as_a_date(graph, truth, tmp_path, fmt):
    out = tmp_path / (f"network{FORMATS[fmt].suffix}" if not FORMATS[fmt].folder else "network")
    write_graph_file(graph, out, fmt)
    shown = shown_by_format(fmt, out)
    assert set(shown) == set(truth.rels)
    for rel_id, fields in shown.items():
        check(truth, fmt, rel_id, fields, ftm_given if fmt == "ftm" else (lambda value: value))
    if fmt == "gexf":  # Gephi's timeline: an undated relationship has no spell, and says so
        for rel_id in truth.undated:
            assert (shown[rel_id]["spell_start"], shown[rel_id]["spell_end"], shown[rel_id]["timing"]) == (
                None, None, "undated")
    if fmt == "ftm":
        for rel_id in truth.undated:
            assert shown[rel_id] == {"date": None, "start": None, "end": None}


# --- the map, Neo4j ----------------------------------------------------------------------------

def test_the_map_shows_no_report_date_as_a_date(graph, truth, report_texts):
    from graphkit.map import map_data

    data = map_data(graph)
    relationships = {item["relationship"]: item for item in data["relationships"]}
    assert set(relationships) == set(truth.rels)
    for rel_id, item in relationships.items():
        check(truth, "map", rel_id, item)
    tooltips = {edge["id"]: edge.get("title") or "" for edge in data["network"]["edges"]}
    for item in data["relationships"]:
        if item["relationship"] in truth.undated:
            assert said_as_reported(tooltips[item["id"]], report_texts), tooltips[item["id"]]


def test_the_neo4j_properties_show_no_report_date_as_a_date(graph, truth):
    from graphkit.store.mapping import relationship_properties

    for _, _, key, data in graph.edges(keys=True, data=True):
        check(truth, "neo4j", key, relationship_properties(data, graph.graph["name"]))


# --- analyses ------------------------------------------------------------------------------------

def undated_only(truth: Truth) -> set[str]:
    """The actors every relationship of which is undated."""
    dated = {end for rel in truth.rels.values() if rel.id not in truth.undated for end in (rel.source, rel.target)}
    return {end for rel in truth.rels.values() for end in (rel.source, rel.target)} - dated


def test_centrality_by_year_ranks_no_actor_by_its_report_dates(graph, truth):
    alone = undated_only(truth)
    reported = {end for _, _, key, data in graph.edges(keys=True, data=True)
                if data["first_reported"] is not None for end in (truth.rels[key].source, truth.rels[key].target)}
    assert alone & reported  # actors that report dates alone would have placed in a year
    result = cli("centrality", str(SEED), "--by-year", "--top", "0", "--format", "json")
    assert result.returncode == 0, result.stderr
    periods = json.loads(result.stdout)
    assert periods
    for period in periods:
        ranked = {row["id"] for row in period["rows"] if row["score"]}
        assert not ranked & alone, f"{period['period']}: {sorted(ranked & alone)} have only undated relationships"
    table = cli("centrality", str(SEED), "--by-year", "--top", "0")
    assert table.returncode == 0, table.stderr
    listed = {line.split()[0] for line in table.stdout.splitlines()[2:] if line.strip()}
    assert listed and not listed & alone


def test_path_says_an_undated_relationship_is_undated(graph, truth, report_texts):
    statuses = ",".join(vocabulary().statuses)
    pairs: dict[frozenset, list[str]] = {}
    for rel in truth.rels.values():
        pairs.setdefault(frozenset((rel.source, rel.target)), []).append(rel.id)
    undated = sorted(ids[0] for ids in pairs.values()
                     if len(ids) == 1 and ids[0] in truth.undated
                     and truth.rels[ids[0]].source != truth.rels[ids[0]].target)
    assert undated
    for rel_id in undated:
        rel = truth.rels[rel_id]
        found = cli("path", rel.source, rel.target, str(SEED), "--status", statuses, "--format", "json")
        assert found.returncode == 0, found.stderr
        hops = [hop for path in json.loads(found.stdout) for hop in path]
        assert [r["id"] for hop in hops for r in hop["relationships"]] == [rel_id]
        check(truth, "path --format json", rel_id, hops[0]["relationships"][0])
        said = cli("path", rel.source, rel.target, str(SEED), "--status", statuses)
        assert said.returncode == 0, said.stderr
        lines = [line for line in said.stdout.splitlines() if line.lstrip().startswith(("--", "<-"))]
        assert len(lines) == 1 and "undated" in lines[0], said.stdout
        assert said_as_reported(lines[0], report_texts), lines[0]


def test_stats_dates_are_the_texts_dates(truth, report_texts):
    given = {str(getattr(rel, name)) for rel in truth.rels.values() for name in TEXT_TIME if getattr(rel, name)}
    result = cli("stats", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["date_range"]["first"] in given and found["date_range"]["last"] in given
    assert sorted(found["undated_relationships"]) == sorted(truth.undated)
    table = cli("stats", str(SEED))
    assert table.returncode == 0, table.stderr
    for line in table.stdout.splitlines():  # a report date no text gives is said to be one
        assert said_as_reported(line, report_texts - given), line
