"""Hostile or careless input (issue 15, items 4 and 5): control characters refused by `validate` and
escaped in every terminal output; YAML anchors, special files, huge files and floods of problems
refused or capped, each with one clear line."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import cli, run_graphkit
from graphkit.dataset import read_dataset, validate_dataset
from graphkit.formats import write_graph_file
from graphkit.graph import dataset_to_graph

FIXTURES = Path(__file__).parent / "fixtures"
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # anything but a line break, raw
HOSTILE = "Evil\x1b[31m RED\x1b]0;pwned\x07\x08\x0b\x00\x7f\x9b"


def tiny_copy(tmp_path: Path, name: str = "tiny") -> Path:
    folder = tmp_path / name
    shutil.copytree(FIXTURES / "tiny", folder)
    return folder


def errors_of(folder: Path):
    dataset, problems = validate_dataset(folder)
    return dataset, [problem for problem in problems if problem.severity == "error"]


# --- item 4: control characters --------------------------------------------------------------------

@pytest.mark.parametrize("yaml_text, field", [
    (r'"Republic \e[31mof Avalon"', "name"),
    (r'"Republic of Avalon\a"', "name"),
    (r'"Republic\0 of Avalon"', "name"),
    (r'"Republic\bof Avalon"', "name"),
    (r'"Republic\vof Avalon"', "name"),
    (r'"Republic\x7fof Avalon"', "name"),
    (r'"Republic\x9bof Avalon"', "name"),
    (r'"Republic\nof Avalon"', "name"),  # a line break: only prose may hold one
])
def test_validate_refuses_control_characters_naming_file_line_record_and_field(tmp_path, yaml_text, field):
    folder = tiny_copy(tmp_path)
    actors = folder / "actors.yaml"
    actors.write_text(actors.read_text().replace("name: Republic of Avalon", f"name: {yaml_text}"))
    dataset, [problem] = errors_of(folder)
    assert dataset is None
    assert (problem.origin.file, problem.origin.line, problem.record, problem.field) == (str(actors), 3, "avalon", field)
    assert "control character" in problem.message
    result = cli("validate", str(folder))
    assert result.returncode == 1 and not RAW_CONTROL.search(result.stdout)
    assert "actors.yaml:3: error: record 'avalon' field 'name': contains a control character" in result.stdout


def test_prose_may_hold_line_breaks_and_tabs_but_no_other_control_character(tmp_path):
    folder = tiny_copy(tmp_path)
    actors = folder / "actors.yaml"
    text = actors.read_text()
    actors.write_text(text.replace("description: Founder of the Green Harbour Movement.",
                                   'description: "Founder of\\nthe Green\\tHarbour Movement."'))
    assert read_dataset(folder).actors["mira-castell"].description == "Founder of\nthe Green\tHarbour Movement."
    actors.write_text(text.replace("description: Founder of the Green Harbour Movement.",
                                   'description: "Founder of\\nthe \\e]0;x\\aGreen Harbour Movement."'))
    dataset, [problem] = errors_of(folder)
    assert (problem.record, problem.field, problem.origin.line) == ("mira-castell", "description", 18)


def test_control_characters_in_lists_mappings_citations_and_the_csv_form(tmp_path):
    folder = tiny_copy(tmp_path)
    actors = folder / "actors.yaml"
    actors.write_text(actors.read_text().replace("aliases: [MFA Avalon]", 'aliases: ["MFA\\e[2JAvalon"]'))
    relationships = folder / "relationships.yaml"
    text = relationships.read_text()
    quote = re.search(r"quote: (.+)", text).group(1)
    relationships.write_text(text.replace(f"quote: {quote}", 'quote: "Hello\\athere"', 1))
    _, problems = errors_of(folder)
    assert {(p.record, p.field) for p in problems} == {
        ("avalon-foreign-ministry", "aliases"), ("avalon-foreign-ministry--part_of--avalon--2001", "quote")}
    assert all(" in citation 1" in p.message for p in problems if p.field == "quote")

    csv_folder = tmp_path / "csv"
    shutil.copytree(FIXTURES / "tiny-csv", csv_folder)
    actors_csv = csv_folder / "actors.csv"
    actors_csv.write_text(actors_csv.read_text().replace("Republic of Avalon", "Republic\x1b[31m of Avalon"))
    _, [problem] = errors_of(csv_folder)
    assert (problem.origin.file, problem.record, problem.field) == (str(actors_csv), "avalon", "name")


def hostile_graph_file(tmp_path: Path) -> Path:
    """The tiny dataset as a graph file whose names, ids and quotes carry terminal escapes: a file from
    elsewhere is never validated, so only escaping keeps its text from driving the terminal."""
    graph = dataset_to_graph(read_dataset(FIXTURES / "tiny"))
    for node, data in graph.nodes(data=True):
        data["name"] = f"{data['name']} {HOSTILE}"
    for _, _, data in graph.edges(data=True):
        for citation in data.get("citations") or []:
            citation["quote"] = f"{citation['quote']} {HOSTILE}"
            citation["source"] = f"{citation['source']}\x1b[31m"
    path = tmp_path / "hostile.json"
    write_graph_file(graph, path)
    return path


@pytest.mark.parametrize("args", [
    ("centrality",),
    ("centrality", "--measure", "all"),
    ("centrality", "--by-year"),
    ("communities",),
    ("path", "mira-castell", "avalon"),
    ("stats",),
    ("diff", "--known-by", "2022", "2024"),
])
def test_every_terminal_output_escapes_untrusted_text(tmp_path, args):
    path = hostile_graph_file(tmp_path)
    command, *rest = args
    result = cli(command, *rest[:2] if command == "path" else (), str(path),
                 *(rest[2:] if command == "path" else rest))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not RAW_CONTROL.search(result.stdout), result.stdout
    assert not RAW_CONTROL.search(result.stderr), result.stderr
    assert "\\x1b[31m" in result.stdout  # shown, as an escape


def test_query_tables_escape_what_the_database_returns():
    from graphkit.cli.output import render

    class Node(dict):
        labels = {"Actor", "Person"}
        element_id = "4:x:1"

    node = Node(id="evil\x1b[2J", name=HOSTILE)
    text = render(["n", "s", "xs"], [(node, HOSTILE, [HOSTILE])], "table")
    assert not RAW_CONTROL.search(text)
    assert "\\x1b]0;pwned\\x07" in text and "evil\\x1b[2J" in text
    assert render(["n"], [("\u202eevil",)], "table").splitlines()[-1] == "\\u202eevil"


# --- item 5: resource exhaustion from tiny files -----------------------------------------------------

def alias_bomb(levels: int = 9) -> str:
    lines = ['- &a0 {id: x, kind: Person, name: ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]}']
    for level in range(1, levels):
        lines.append(f"- &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_refused_at_once_in_one_line(tmp_path):
    folder = tiny_copy(tmp_path)
    (folder / "actors.yaml").write_text(alias_bomb())
    assert len((folder / "actors.yaml").read_bytes()) < 1200
    started = time.perf_counter()
    result = cli("validate", str(folder))
    assert time.perf_counter() - started < 5
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(result.stdout) < 20_000 and len(lines) <= 102
    assert f"{folder}/actors.yaml:1: error: YAML anchors (&name) are not allowed in a dataset" in lines[0]


@pytest.mark.parametrize("text, line, what", [
    ("- &a {id: a, kind: Government, name: A}\n", 1, "anchors (&name)"),
    ("- {id: a, kind: Government, name: A}\n- {id: b, kind: Government, name: B, tags: *t}\n", 2, "aliases (*name)"),
    ("- {id: a, kind: Government, name: A & B, description: '*bold*'}\n", None, None),  # & and * as text
])
def test_anchors_and_aliases_are_refused_where_they_are(tmp_path, text, line, what):
    folder = tiny_copy(tmp_path)
    (folder / "actors.yaml").write_text(text)
    _, problems = validate_dataset(folder)
    found = [p for p in problems if "YAML" in p.message]
    if what is None:
        assert found == []
    else:
        assert [(p.origin.line, f"YAML {what} are not allowed" in p.message) for p in found] == [(line, True)]


def test_special_files_are_refused_before_they_are_read(tmp_path):
    folder = tiny_copy(tmp_path)
    (folder / "actors.yaml").unlink()
    os.mkfifo(folder / "actors.yaml")  # nothing ever writes to it: reading it would wait for ever
    (folder / "sources.yaml").unlink()
    (folder / "sources.yaml").symlink_to("/dev/zero")  # never ends
    (folder / "relationships.yaml").unlink()
    (folder / "relationships.yaml").symlink_to("relationships.yaml")  # a loop
    result = run_graphkit("validate", str(folder), timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        f"{folder}/actors.yaml: error: a FIFO (named pipe), not a regular file: a dataset's tables are files",
        f"{folder}/relationships.yaml: error: a symbolic link loop: the link leads back to itself; "
        "link it to a real file",
        f"{folder}/sources.yaml: error: a device, not a regular file: a dataset's tables are files",
        "tiny: FAILED, 3 errors, 0 warnings",
    ]


def test_a_link_to_a_missing_file_and_a_folder_say_what_they_are(tmp_path):
    folder = tiny_copy(tmp_path)
    (folder / "actors.yaml").unlink()
    (folder / "actors.yaml").symlink_to("gone.yaml")
    (folder / "dataset.yaml").unlink()
    (folder / "dataset.yaml").mkdir()
    messages = {Path(p.origin.file).name: p.message for p in validate_dataset(folder)[1] if p.severity == "error"}
    assert messages["actors.yaml"] == "a symbolic link to a missing file (gone.yaml)"
    assert messages["dataset.yaml"].startswith("a folder, not a regular file")


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path):
    folder = tiny_copy(tmp_path)
    size = (folder / "relationships.yaml").stat().st_size
    assert size > 2000
    result = cli("validate", str(folder), env={"GRAPHKIT_MAX_FILE_MB": "0.002"})
    assert result.returncode == 1
    assert (f"{folder}/relationships.yaml: error: larger than the limit of 0.002 MB for a dataset file; "
            "if it is meant to be this large, set GRAPHKIT_MAX_FILE_MB to more megabytes") in result.stdout
    assert cli("validate", str(folder), env={"GRAPHKIT_MAX_FILE_MB": "1"}).returncode == 0
    from conftest import one_line_error
    assert "GRAPHKIT_MAX_FILE_MB='lots' is not a number" in one_line_error(
        cli("validate", str(folder), env={"GRAPHKIT_MAX_FILE_MB": "lots"}))


def test_an_empty_actors_file_says_it_is_empty(tmp_path):
    folder = tiny_copy(tmp_path)
    (folder / "actors.yaml").write_text("")
    _, problems = validate_dataset(folder)
    assert problems[0].origin.file == str(folder / "actors.yaml")
    assert problems[0].message.startswith("the file is empty: it lists no actors")
    (folder / "actors.yaml").write_text("[]\n")
    assert not any("empty" in p.message for p in validate_dataset(folder)[1])
    csv_folder = tmp_path / "csv"
    shutil.copytree(FIXTURES / "tiny-csv", csv_folder)
    (csv_folder / "actors.csv").write_text("")
    [problem] = errors_of(csv_folder)[1]
    assert problem.message.startswith("the file is empty: its first row names the columns (id, kind, name")


def test_a_flood_of_problems_is_capped_with_a_count_of_the_rest(tmp_path):
    folder = tiny_copy(tmp_path)
    actors = folder / "actors.yaml"
    actors.write_text(actors.read_text() + "".join(f"- {{id: x{n}, kind: Nope, name: X}}\n" for n in range(300)))
    problems = validate_dataset(folder)[1]
    assert len(problems) >= 600
    result = cli("validate", str(folder))
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and len(lines) == 102
    assert re.fullmatch(rf"\.\.\. and {len(problems) - 100} more problems \(\d+ errors, \d+ warnings\), "
                        r"not shown: --all prints every one", lines[100])
    assert lines[101].startswith("tiny: FAILED")
    every = cli("validate", str(folder), "--all").stdout.splitlines()
    assert len(every) == len(problems) + 1


def test_a_huge_value_in_a_problem_line_is_cut(tmp_path):
    folder = tiny_copy(tmp_path)
    actors = folder / "actors.yaml"
    actors.write_text(actors.read_text() + f"- just text {'x' * 50_000}\n")
    result = cli("validate", str(folder))
    [line] = [line for line in result.stdout.splitlines() if "is not a mapping" in line]
    assert len(line) < 1100 and line.endswith("more characters; --all prints them)")
    assert any(len(line) > 50_000 for line in cli("validate", str(folder), "--all").stdout.splitlines())
