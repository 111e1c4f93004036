"""Quotes checked against their documents: `graphkit validate --documents DIR`.

The seed dataset's four documents are in `../shared/seeds/` (next to this checkout: there for every
developer and for CI). The tests that check the seed against them NEED them: without them they
fail, they never skip.
"""

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import cli
from graphkit.dataset import read_dataset, validate_dataset
from graphkit.dataset.documents import closest_passage, normalize

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seed" / "malaysia-palestine"
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds() -> Path:
    """The folder of the seed's documents; a missing folder fails the test that needs it."""
    assert SEEDS.is_dir() and len(list(SEEDS.glob("*.txt"))) == 4, (
        f"the seed dataset's four documents are missing from {SEEDS}: these tests check every quote "
        "against them, so they need them (they are kept next to the checkout, as ../shared/seeds)")
    return SEEDS


def test_every_quote_of_the_seed_is_verbatim_in_its_document(seeds):
    dataset, problems = validate_dataset(SEED, documents=seeds)
    assert dataset is not None
    # Every source names its document and its SHA-256, so every quote was checked.
    assert all(source.document and source.sha256 for source in dataset.sources.values())
    assert [p.severity for p in problems] == ["note"], "\n".join(map(str, problems))  # the single-source note
    quotes = sum(len(rel.citations) for rel in dataset.relationships.values())
    assert quotes > 180


def test_the_seed_passes_strict_validation_with_its_documents(seeds):
    """The curator's check: `graphkit validate --strict` on the seed, with the documents, from the project root."""
    result = cli("validate", "seed/malaysia-palestine", "--strict", "--documents", "../shared/seeds", cwd=REPO)
    assert result.returncode == 0, result.stdout
    note, summary = result.stdout.splitlines()
    assert ": note: field 'sources': " in note and "rest on a single source" in note
    assert summary.startswith("malaysia-palestine: ") and summary.endswith(" sources — OK, 1 note")


def copy_seed(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEED, tmp_path / "malaysia-palestine"))


def test_a_quote_that_is_not_in_its_document_is_an_error_with_the_closest_passage(seeds, tmp_path):
    folder = copy_seed(tmp_path)
    file = folder / "relationships.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.count("as recently as 2020.") == 1
    file.write_text(text.replace("as recently as 2020.", "as recently as 2021."), encoding="utf-8")
    dataset, problems = validate_dataset(folder, documents=seeds)
    assert dataset is None
    [problem] = [p for p in problems if p.severity == "error"]
    line = text[:text.index("as recently as 2020.")].count("\n")  # the record starts a few lines above
    assert Path(problem.origin.file) == file and line - 10 < problem.origin.line < line
    assert (problem.record, problem.field) == ("malaysia--hosts--hamas", "quote")
    assert problem.message == (
        f"the quote of citation 1 is not in {seeds / '002_5866ae7e6a6a6edd.txt'} (whitespace aside): "
        "“Hamas leaders have been hosted by Malaysia as recently as 2021.”; the closest passage is "
        "“Hamas leaders have been hosted by Malaysia as recently as 2020.”")


def test_the_cli_fails_on_a_quote_that_is_not_verbatim(seeds, tmp_path):
    folder = copy_seed(tmp_path)
    file = folder / "relationships.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("Hamas leaders have visited Malaysia.",
                                                             "Hamas leaders visited Malaysia."), encoding="utf-8")
    result = cli("validate", str(folder), "--documents", str(seeds), cwd=tmp_path)
    assert result.returncode == 1
    [error] = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert "record 'hamas--visited--malaysia' field 'quote'" in error
    assert error.endswith("the closest passage is “Hamas leaders have visited Malaysia.”")
    assert result.stdout.splitlines()[-1] == "malaysia-palestine: FAILED, 1 error, 0 warnings, 1 note"


def small_dataset(tmp_path: Path, document: str, quotes: list[str], sha256: str | None = None) -> tuple[Path, Path]:
    """A dataset of one relationship citing `quotes` of one source whose document holds `document`."""
    documents = tmp_path / "documents"
    documents.mkdir(exist_ok=True)
    (documents / "doc.txt").write_text(document, encoding="utf-8")
    folder = tmp_path / "d"
    folder.mkdir(exist_ok=True)
    digest = f", sha256: {sha256}" if sha256 else ""
    (folder / "dataset.yaml").write_text("name: d\ntitle: D\n", encoding="utf-8")
    (folder / "sources.yaml").write_text(
        f"- {{id: s, title: S, document: doc.txt{digest}}}\n- {{id: t, title: T}}\n", encoding="utf-8")
    (folder / "actors.yaml").write_text("- {id: a, kind: Group, name: A}\n- {id: b, kind: Group, name: B}\n",
                                        encoding="utf-8")
    cited = "".join(f"\n    - source: s\n      quote: '{quote}'" for quote in quotes)
    (folder / "relationships.yaml").write_text(
        f"- from: a\n  type: MET_WITH\n  to: b\n  sources:{cited}\n    - {{source: t, quote: unchecked}}\n",
        encoding="utf-8")
    return folder, documents


@pytest.mark.parametrize("quote, verbatim", [
    ("beta gamma", True),  # across the document's line break
    ("beta   gamma", True),  # any whitespace is any whitespace
    (" Alpha beta gamma delta. ", True),
    ("betagamma", False),  # but whitespace is not nothing
    ("Beta gamma", False),  # case
    ("“quoted”", True),
    ('"quoted"', False),  # straight quotes are not curly ones
    ("beta gamma delta", True),
    ("beta, gamma", False),
])
def test_only_whitespace_may_differ(tmp_path, quote, verbatim):
    folder, documents = small_dataset(tmp_path, "Alpha beta\n   gamma delta. A “quoted” word.\n", [quote])
    dataset, problems = validate_dataset(folder, documents=documents)
    errors = [p for p in problems if p.severity == "error"]
    assert (not errors) == verbatim, problems


def test_a_document_that_is_not_the_one_its_sha256_names(tmp_path):
    text = "Alpha beta gamma."
    right = hashlib.sha256(text.encode()).hexdigest()
    folder, documents = small_dataset(tmp_path, text, ["beta gamma"], sha256=right)
    assert not [p for p in validate_dataset(folder, documents=documents)[1] if p.severity == "error"]
    wrong = "0" * 64
    folder, documents = small_dataset(tmp_path, text, ["not in it"], sha256=wrong)
    dataset, problems = validate_dataset(folder, documents=documents)
    [error] = [p for p in problems if p.severity == "error"]
    assert (error.record, error.field) == ("s", "sha256")  # and its quotes are not checked against it
    assert error.message == (f"{documents / 'doc.txt'} has SHA-256 {right}, not the {wrong} this source names: "
                             "it is not the document cited (or the sha256 is wrong)")


def test_a_cited_source_without_a_document_is_a_warning_and_a_missing_file_an_error(tmp_path):
    folder, documents = small_dataset(tmp_path, "Alpha.", ["Alpha"])
    problems = validate_dataset(folder, documents=documents)[1]
    [warning] = [p for p in problems if p.severity == "warning"]
    assert (warning.record, warning.field) == ("t", "document")
    assert warning.message.startswith("names no document, so its 1 quote could not be checked")
    (documents / "doc.txt").unlink()
    [error] = [p for p in validate_dataset(folder, documents=documents)[1] if p.severity == "error"]
    assert (error.record, error.field) == ("s", "document") and error.message.startswith("cannot read")
    [missing] = validate_dataset(folder, documents=tmp_path / "nowhere")[1][:1]
    assert missing.message.startswith("no such folder: --documents names the folder")


def test_without_documents_quotes_are_not_checked(tmp_path):
    folder, _ = small_dataset(tmp_path, "Alpha.", ["not in it"])
    assert read_dataset(folder) is not None


def test_the_closest_passage():
    document = "One two three. The ministry summoned the watchdog's director in February. Four five."
    assert closest_passage("the ministry summond the watchdogs director", document) == \
        "The ministry summoned the watchdog's director"
    assert normalize(" a\n\tb  c ") == "a b c"
