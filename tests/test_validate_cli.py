"""`graphkit validate` as a user runs it: its output and its exit status."""

import re
import shutil
from pathlib import Path

from conftest import cli
from graphkit.dataset import find_datasets, validate_dataset

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
PROBLEM_LINE = re.compile(r"^\S.*?(:\d+)?: (error|warning|note): .+$")


def test_a_valid_dataset_passes(tmp_path):
    result = cli("validate", str(FIXTURES / "tiny"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "tiny: 5 actors, 6 relationships, 3 sources — OK\n"


def test_the_csv_form_passes_too(tmp_path):
    result = cli("validate", str(FIXTURES / "tiny-csv"), "--strict", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.endswith("— OK\n")


def test_broken_datasets_fail_with_one_line_per_problem():
    result = cli("validate", "tests/fixtures/broken", cwd=REPO)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    folders = find_datasets([FIXTURES / "broken"])
    expected = [problem for folder in folders for problem in validate_dataset(folder)[1]]
    problem_lines = [line for line in lines if PROBLEM_LINE.match(line)]
    assert len(problem_lines) == len(expected) > 40
    assert len(lines) == len(expected) + len(folders)  # and one summary line per dataset
    # Paths are as the user typed them, relative to where they ran the command.
    assert "tests/fixtures/broken/records/relationships.yaml:2: error: record 'mira-castell--meets--avalon--2023-10-30' " \
           "field 'type': unknown relationship type 'MEETS' (did you mean MET_WITH?)" in lines
    assert "records: FAILED, 38 errors, 3 warnings, 1 note" in lines
    assert "malformed-yaml: FAILED, 1 error, 0 warnings" in lines
    assert result.stderr == ""


def test_a_failing_dataset_does_not_stop_the_others(tmp_path):
    result = cli("validate", str(FIXTURES / "broken" / "no-metadata"), str(FIXTURES / "tiny"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-2:] == [
        "no-metadata: FAILED, 1 error, 0 warnings", "tiny: 5 actors, 6 relationships, 3 sources — OK"]


def test_warnings_pass_unless_strict(tmp_path):
    relaxed = cli("validate", str(FIXTURES / "warnings"), cwd=tmp_path)
    assert relaxed.returncode == 0
    assert relaxed.stdout.count(": warning: ") == 7 and relaxed.stdout.count(": note: ") == 1
    assert relaxed.stdout.splitlines()[-1] == \
        "warnings: 4 actors, 2 relationships, 3 sources — OK, 7 warnings, 1 note"
    strict = cli("validate", "--strict", str(FIXTURES / "warnings"), cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[-1] == \
        "warnings: 4 actors, 2 relationships, 3 sources — FAILED (--strict), 7 warnings, 1 note"


def test_a_path_that_is_not_a_dataset(tmp_path):
    missing = cli("validate", "no/such/place", cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stdout.splitlines() == [
        "no/such/place: error: no such folder: a dataset is a folder with dataset.yaml, sources, actors and relationships",
        "place: FAILED, 1 error, 0 warnings"]
    (tmp_path / "notes.txt").write_text("hello")
    a_file = cli("validate", "notes.txt", cwd=tmp_path)
    assert a_file.returncode == 1 and a_file.stdout.startswith("notes.txt: error: not a folder")
    (tmp_path / "empty").mkdir()
    empty = cli("validate", "empty", cwd=tmp_path)
    assert empty.returncode == 1 and "empty/dataset.yaml: error: missing dataset.yaml" in empty.stdout


def test_default_is_every_dataset_under_seed(tmp_path):
    shutil.copytree(FIXTURES / "tiny", tmp_path / "seed" / "tiny")
    shutil.copytree(FIXTURES / "warnings", tmp_path / "seed" / "warnings")
    result = cli("validate", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "tiny: 5 actors, 6 relationships, 3 sources — OK"
    assert "seed/warnings/actors.yaml:11: warning: record 'lone-actor': actor has no relationships" in result.stdout


def test_the_commands_are_listed(tmp_path):
    result = cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("validate", "stats", "export"):
        assert re.search(rf"^\s+{command}\s", result.stdout, flags=re.M)


def test_notes_never_fail_not_even_strict(tmp_path):
    """The single-source line is a note: a claim one document makes is no mistake of the curator's."""
    result = cli("validate", "--strict", str(FIXTURES / "hostile"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    note, summary = result.stdout.splitlines()
    assert ": note: field 'sources': 2 of 3 relationships rest on a single source" in note
    assert summary == "hostile: 3 actors, 3 relationships, 2 sources — OK, 1 note"


def test_documents_is_an_option_of_validate(tmp_path):
    text = cli("validate", "--help", cwd=tmp_path).stdout
    assert "--documents DIR" in text and "verbatim" in text
    missing = cli("validate", str(FIXTURES / "tiny"), "--documents", "no/such/folder", cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stdout.splitlines() == [
        "no/such/folder: error: no such folder: --documents names the folder that holds the sources' documents",
        "tiny: FAILED, 1 error, 0 warnings"]
