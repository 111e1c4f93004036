"""The same actor across datasets, from files: candidate pairs, judgements kept as data and
checked, and the merged network every reading command reads with --merge."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, cli, one_line_error
from graphkit.dataset import open_datasets
from graphkit.errors import JudgementError
from graphkit.linking import candidates, merged_network, read_judgements, record_judgement

FIXTURE = REPO / "tests" / "fixtures" / "link"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the two fixture datasets (curated and register), no judgements yet."""
    copy = tmp_path / "datasets"
    shutil.copytree(FIXTURE, copy)
    return copy


def test_candidates_shared_identifier_first_then_names(root):
    found = candidates(open_datasets([root]))
    assert [(c.left, c.right, c.score, c.why) for c in found] == [
        ("curated:harmony-front", "register:party-7", 100.0, "shared identifier wikidata=Q99990001"),
        ("curated:aminah-rahman", "register:person-101", 100.0, "name"),  # titles and "binti" dropped
        ("curated:farid-osman", "register:person-102", 100.0, "name"),  # Cyrillic, transliterated
    ]
    # "Aminah Rahim" of Singapore is blocked by country; nothing is proposed within one dataset.


def test_titles_kept_lower_the_score(root):
    found = {(c.left, c.right): c.score for c in candidates(open_datasets([root]), honorifics=True, min_score=0)}
    assert found[("curated:aminah-rahman", "register:person-101")] < 85


def test_link_lists_candidates_and_skips_judged_pairs(root):
    listed = cli("link", str(root), "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert [(row["left"], row["right"]) for row in json.loads(listed.stdout)] == [
        ("curated:harmony-front", "register:party-7"),
        ("curated:aminah-rahman", "register:person-101"),
        ("curated:farid-osman", "register:person-102"),
    ]
    judged = cli("link", str(root), "--unsure", "curated:farid-osman", "register:person-102", "--by", "curator")
    assert judged.returncode == 0, judged.stderr
    assert "curated:farid-osman unsure register:person-102 (by curator" in judged.stdout
    table = cli("link", str(root))
    assert "register:party-7 (Parti Harmoni)" in table.stdout and "person-102" not in table.stdout
    assert "2 candidate pairs" in table.stdout


def test_a_judgement_is_appended_keeping_comments_and_updated_in_place(root):
    links = root / "links.yaml"
    links.write_text("# Decisions about the curated and register datasets.\n", encoding="utf-8")
    datasets = open_datasets([root])
    record_judgement(links, "curated:aminah-rahman", "register:person-101", "unsure", datasets, by="ana")
    record_judgement(links, "register:person-101", "curated:aminah-rahman", "same", datasets, by="ana",
                     note="same constituency")
    text = links.read_text(encoding="utf-8")
    assert text.startswith("# Decisions about the curated and register datasets.\n")
    judgements, problems = read_judgements(links)
    assert problems == []
    assert [(j.left, j.right, j.judgement, j.by, j.note) for j in judgements] == [  # the pair's entry, updated
        ("curated:aminah-rahman", "register:person-101", "same", "ana", "same constituency")]


def test_a_contradicting_judgement_is_refused_and_nothing_written(root):
    actors = root / "curated" / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "  aliases: [Aminah]\n", "  aliases: [Aminah]\n  same_as: [register:person-101]\n"), encoding="utf-8")
    result = cli("link", str(root), "--different", "curated:aminah-rahman", "register:person-101")
    line = one_line_error(result)
    assert "not recorded" in line and "field 'judgement'" in line and "make them one actor" in line
    assert not (root / "links.yaml").exists()
    with pytest.raises(JudgementError, match="no actor 'register:nobody'"):
        record_judgement(root / "links.yaml", "curated:farid-osman", "register:nobody", "same", open_datasets([root]))


def test_validate_checks_the_judgements_file(root):
    (root / "links.yaml").write_text(
        "- left: curated:aminah-rahman\n  right: register:person-101\n  judgement: same\n"
        "- left: curated:aminah-rahman\n  right: register:person-101\n  judgement: different\n"
        "- left: curated:farid-osmann\n  right: register:person-102\n  judgement: same\n"
        "- left: curated:farid-osman\n  right: registry:person-102\n  judgement: maybe\n"
        "- left: curated:farid-osman\n  right: curated:farid-osman\n  judgement: same\n", encoding="utf-8")
    result = cli("validate", str(root))
    assert result.returncode == 1
    links = str(root / "links.yaml")
    lines = [line for line in result.stdout.splitlines() if line.startswith(links)]
    assert lines == [
        f"{links}:4: error: record 'entry 2' field 'right': this pair is judged already (line 1: same); keep one entry",
        f"{links}:7: error: record 'entry 3' field 'left': no actor 'farid-osmann' in dataset 'curated' "
        "(did you mean farid-osman?)",
        f"{links}:10: error: record 'entry 4' field 'judgement': 'maybe' is not a judgement: choose one of same, "
        "different, unsure",
        f"{links}:13: error: record 'entry 5' field 'right': 'curated:farid-osman' is the left actor itself: "
        "a judgement ties two actors",
    ]
    assert "links.yaml: FAILED, 4 errors" in result.stdout


def test_a_chain_of_same_judgements_may_not_make_two_actors_of_one_dataset_one(root):
    """Each entry ties actors of two datasets, but two entries through one register person would
    make two curated actors one: validate says so at the entry that closes the chain, and a
    merged network refuses it; a date YAML cannot read is one line, not a traceback."""
    (root / "links.yaml").write_text(
        "- left: curated:aminah-rahman\n  right: register:person-101\n  judgement: same\n"
        "- left: curated:farid-osman\n  right: register:person-101\n  judgement: same\n"
        "- left: curated:harmony-front\n  right: register:party-7\n  judgement: same\n", encoding="utf-8")
    result = cli("validate", str(root))
    assert result.returncode == 1
    chains = [line for line in result.stdout.splitlines() if "two actors of one dataset" in line]
    assert chains == [f"{root / 'links.yaml'}:4: error: record 'entry 2' field 'judgement': same judgements make "
                      "curated:aminah-rahman and curated:farid-osman one actor, but they are two actors of one dataset"]
    one_line_error(cli("centrality", str(root), "--merge"))
    (root / "links.yaml").write_text(
        "- left: curated:aminah-rahman\n  right: register:person-101\n  judgement: same\n  date: 2026-13-01\n",
        encoding="utf-8")
    assert "links.yaml: a value YAML cannot read" in one_line_error(cli("link", str(root)))
    checked = cli("validate", str(root))
    assert checked.returncode != 0 and "Traceback" not in checked.stdout + checked.stderr
    assert "links.yaml: a value YAML cannot read (month must be in 1..12)" in checked.stderr


def test_same_as_entries_may_not_make_two_actors_of_one_dataset_one(root):
    """Two curated actors each declaring themselves the same register person: the second same_as
    is an error at its actor, though no judgement is involved."""
    actors = root / "curated" / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    for actor in ("aminah-rahman", "farid-osman"):
        text = text.replace(f"- id: {actor}\n", f"- id: {actor}\n  same_as: [register:person-101]\n")
    actors.write_text(text, encoding="utf-8")
    (root / "links.yaml").write_text(
        "- left: curated:harmony-front\n  right: register:party-7\n  judgement: same\n", encoding="utf-8")
    result = cli("validate", str(root))
    assert result.returncode == 1
    chains = [line for line in result.stdout.splitlines() if "two actors of one dataset" in line]
    assert len(chains) == 1 and chains[0].startswith(f"{actors}:") and "curated:aminah-rahman" in chains[0]
    assert "two actors of one dataset" in one_line_error(cli("centrality", str(root), "--merge"))


def test_same_as_entries_are_checked(root):
    actors = root / "curated" / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "  name: Farid Osman\n", "  name: Farid Osman\n  same_as: [person-102, 'curated:aminah-rahman', "
        "'register:person-999']\n"), encoding="utf-8")
    result = cli("validate", str(root))
    assert result.returncode == 1
    assert "record 'farid-osman' field 'same_as': 'person-102' is not DATASET:ACTOR-ID" in result.stdout
    assert "'curated:aminah-rahman' is in this dataset" in result.stdout
    (root / "links.yaml").write_text("[]\n", encoding="utf-8")
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "[person-102, 'curated:aminah-rahman', 'register:person-999']", "['register:person-999']"), encoding="utf-8")
    result = cli("validate", str(root))
    assert "record 'farid-osman' field 'same_as': no actor 'person-999' in dataset 'register'" in result.stdout
    assert result.returncode == 1


def test_merged_network_keeps_each_datasets_claims(root):
    record_judgement(root / "links.yaml", "curated:aminah-rahman", "register:person-101", "same",
                     open_datasets([root]), by="ana")
    graph = merged_network([root])
    assert "register:person-101" not in graph
    aminah = graph.nodes["curated:aminah-rahman"]
    assert aminah["merged_from"] == ["curated:aminah-rahman", "register:person-101"]
    assert aminah["aliases"] == ["Aminah", "Datuk Seri AMINAH BINTI RAHMAN"]
    ties = sorted((u, v, key, data["dataset"]) for u, v, key, data in graph.edges(keys=True, data=True))
    assert ties == [
        ("curated:aminah-rahman", "register:assembly", "register:person-101--member_of--assembly--2024-05-01",
         "register"),  # the register's claim, now from the merged actor
        ("curated:farid-osman", "curated:harmony-front", "curated:farid-osman--member_of--harmony-front--2024-03",
         "curated"),
        ("curated:justice-alliance", "curated:aminah-rahman",
         "curated:justice-alliance--supports--aminah-rahman--2024-03", "curated"),
        ("register:person-102", "register:party-7", "register:person-102--member_of--party-7--2022-01-10",
         "register"),
    ]
    cited = graph.edges["curated:aminah-rahman", "register:assembly",
                        "register:person-101--member_of--assembly--2024-05-01"]["citations"]
    assert [(c["source"], c["record"], c["quote"]) for c in cited] == [
        ("register:members-register", "membership-101", None)]


def test_path_goes_through_the_merged_actor_with_each_hops_dataset(root):
    before = cli("path", "Justice Alliance", "Fictional Assembly", str(root), "--merge")
    assert before.returncode == 0 and "No path between Justice Alliance and Fictional Assembly" in before.stdout
    assert cli("link", str(root), "--same", "curated:aminah-rahman", "register:person-101").returncode == 0
    result = cli("path", "Justice Alliance", "Fictional Assembly", str(root), "--merge")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1 shortest path of 2 hops between Justice Alliance and Fictional Assembly:"
    assert [line for line in lines[3:] if not line.startswith(" " * 8)] == [  # actors and ties
        "  Justice Alliance (curated:justice-alliance)",
        "    -- SUPPORTS -> attested 2024-03, reported [curated]",
        "  Aminah Rahman (curated:aminah-rahman = register:person-101)",
        "    -- MEMBER_OF -> since 2024-05-01, reported [register]",
        "  Fictional Assembly (register:assembly)",
    ]
    evidence = [line.strip() for line in lines[3:] if line.startswith(" " * 8)]  # each tie's citations
    assert len(evidence) == 2
    assert evidence[0].startswith("asserts: \"The Justice Alliance backs Aminah Rahman's campaign.\" (Harmony Front")
    assert evidence[1].startswith("asserts: record membership-101 at https://example.org/assembly/members/101")
    # The actor is found by the register's name for it too: the merged node keeps it as an alias.
    by_alias = cli("path", "Datuk Seri AMINAH BINTI RAHMAN", "Justice Alliance", str(root), "--merge")
    assert by_alias.returncode == 0 and "1 shortest path of 1 hop" in by_alias.stdout


def test_reading_commands_take_merge(root):
    cli("link", str(root), "--same", "curated:harmony-front", "register:party-7")
    centrality = cli("centrality", str(root), "--merge", "--format", "json", "--top", "1")
    assert centrality.returncode == 0, centrality.stderr
    assert json.loads(centrality.stdout)[0]["id"] == "curated:harmony-front"  # tied in both datasets
    exported = cli("export", str(root), "--merge", "--format", "json", "--out", str(root / "merged.json"))
    assert exported.returncode == 0, exported.stderr
    nodes = {node["id"]: node for node in json.loads((root / "merged.json").read_text(encoding="utf-8"))["nodes"]}
    assert "register:party-7" not in nodes and "curated:harmony-front" in nodes


def test_judge_walks_the_candidates_in_the_terminal(root):
    result = cli("link", str(root), "--judge", "--by", "ana", input="s\nd\nq\n")
    assert result.returncode == 0, result.stderr
    assert "[1/3] Group, score 100 (shared identifier wikidata=Q99990001)" in result.stdout
    assert "2 judgements recorded." in result.stdout
    judgements, _ = read_judgements(root / "links.yaml")
    assert [(j.left, j.right, j.judgement, j.by) for j in judgements] == [
        ("curated:harmony-front", "register:party-7", "same", "ana"),
        ("curated:aminah-rahman", "register:person-101", "different", "ana")]


def test_bad_judgements_stop_a_merge_with_one_line(root):
    (root / "links.yaml").write_text("- left: curated:aminah-rahman\n  right: register:nobody\n  judgement: same\n",
                                     encoding="utf-8")
    line = one_line_error(cli("centrality", str(root), "--merge"))
    assert "links.yaml:1: error: record 'entry 1' field 'right': no actor 'nobody' in dataset 'register'" in line
    (root / "links.yaml").write_text("- left: [unclosed\n", encoding="utf-8")
    assert "malformed YAML" in one_line_error(cli("centrality", str(root), "--merge"))
    misused = cli("centrality", str(root), "--judgements", "x.yaml")
    assert misused.returncode == 2 and "--judgements goes with --merge" in misused.stderr


def test_the_example_register_joins_the_seed_dataset(tmp_path):
    joined = tmp_path / "joined"
    shutil.copytree(REPO / "seed" / "malaysia-palestine", joined / "malaysia-palestine")
    imported = cli("import", "popolo", str(REPO / "examples" / "malaysia-offices.popolo.json"),
                   "--dataset", "malaysia-offices", "--out", str(joined / "malaysia-offices"))
    assert imported.returncode == 0, imported.stderr
    listed = cli("link", str(joined), "--format", "json")
    pairs = [(row["left"].split(":")[1], row["right"].split(":")[1], row["why"]) for row in json.loads(listed.stdout)]
    assert pairs == [
        ("ahmad-zahid-hamidi", "ahmad-zahid-hamidi", "name"),  # "Dato' Seri Dr. Ahmad Zahid Hamidi"
        ("anwar-ibrahim", "anwar-ibrahim", "name"),
        ("mahathir-mohamad", "mahathir-mohamad", "name"),
        ("malaysian-government", "malaysia", "alias 'Malaysian Government'"),
        ("najib-razak", "najib-razak", "name"),
        ("saifuddin-nasution", "saifuddin-nasution", "name"),
        ("zambry-abdul-kadir", "zambry-abdul-kadir", "name"),
    ]
    assert all(row["left"].startswith("malaysia-offices:") for row in json.loads(listed.stdout))
    assert cli("link", str(joined), "--same", "malaysia-offices:malaysian-government",
               "malaysia-palestine:malaysia").returncode == 0
    assert cli("validate", str(joined)).stdout.splitlines()[-1] == "links.yaml: OK"
    found = cli("path", "Deputy Prime Minister", "Fadi al-Batsh", str(joined), "--merge", "--format", "json")
    assert found.returncode == 0, found.stderr
    first = json.loads(found.stdout)[0]
    assert [(hop["from"], hop["to"]) for hop in first][:2] == [
        ("malaysia-offices:deputy-prime-minister", "malaysia-offices:malaysian-government"),
        ("malaysia-offices:malaysian-government", "malaysia-palestine:al-batsh-assailants")]
    assert [r["dataset"] for r in first[1]["relationships"]] == ["malaysia-palestine"]


def test_link_with_one_dataset_says_it_needs_two(root):
    shutil.rmtree(root / "register")
    refused = one_line_error(cli("link", str(root)))
    assert "linking needs two or more datasets; found only 'curated'" in refused
    assert str(root / "curated") in refused and "No candidate pairs" not in refused


def test_a_judgement_that_replaces_an_earlier_one_says_so(root):
    pair = ("curated:farid-osman", "register:person-102")
    first = cli("link", str(root), "--different", *pair, "--by", "ana")
    assert first.returncode == 0, first.stderr
    assert "replaces" not in first.stderr
    again = cli("link", str(root), "--same", *reversed(pair), "--by", "ben")
    assert again.returncode == 0, again.stderr
    assert ("this replaces the earlier judgement: curated:farid-osman different register:person-102 (by ana, "
            in again.stderr)
    assert "curated:farid-osman same register:person-102 (by ben" in again.stdout  # the pair's entry, updated
    judgements, _ = read_judgements(root / "links.yaml")
    assert [(j.judgement, j.by) for j in judgements] == [("same", "ben")]


def test_a_bad_same_as_is_reported_with_its_dataset_not_the_judgements(root):
    actors = root / "curated" / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "  name: Farid Osman\n", "  name: Farid Osman\n  same_as: ['register:person-999']\n"), encoding="utf-8")
    (root / "links.yaml").write_text("[]\n", encoding="utf-8")
    for given in (root, root / "curated"):
        result = cli("validate", str(given))
        assert result.returncode == 1
        lines = result.stdout.splitlines()
        error = next(number for number, line in enumerate(lines) if "field 'same_as'" in line)
        assert lines[error].startswith(f"{actors}:")
        assert "record 'farid-osman' field 'same_as': no actor 'person-999' in dataset 'register'" in lines[error]
        assert lines[error + 1].startswith("curated: FAILED, 1 error")
        assert "links.yaml: FAILED" not in result.stdout
    (root / "links.yaml").unlink()
    assert "no actor 'person-999'" in cli("validate", str(root)).stdout  # checked without a judgements file too
