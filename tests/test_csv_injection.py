"""CSV meant for spreadsheets never carries a live formula (issue 15, item 6).

A cell that starts with =, +, -, @ (or a tab or CR) is written behind a ``'`` in the spreadsheet
form of a dataset and in `--format csv` results, and the spreadsheet form reads back exactly; the
neo4j-admin bulk files keep every value as it is.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from conftest import REPO, cli
from graphkit.cli.output import render_csv, render_rows
from graphkit.dataset import read_dataset, write_csv
from graphkit.dataset.csv_form import plain_text, spreadsheet_text

TINY = REPO / "tests" / "fixtures" / "tiny"
FORMULA = '=HYPERLINK("http://evil.example","click")'
PLUS = "+1+cmd|' /C calc'!A0"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The tiny dataset with formulas in a name, a description and aliases."""
    folder = tmp_path / "hostile"
    shutil.copytree(TINY, folder)
    actors = folder / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    name = FORMULA.replace('"', '\\"')
    text = text.replace("  name: Republic of Avalon\n", f'  name: "{name}"\n  description: "{PLUS}"\n', 1)
    text = text.replace("  aliases: [MFA Avalon]", """  aliases: ["@SUM(1+1)", "-2+3", "'quoted"]""", 1)
    actors.write_text(text, encoding="utf-8")
    return folder


def _cells(file: Path) -> dict[str, dict[str, str]]:
    with open(file, encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("text", ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "'quoted", "''", "a=b", "", "Hamas"])
def test_guard_round_trips(text):
    guarded = spreadsheet_text(text)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert plain_text(guarded) == text


def test_spreadsheet_form_guards_formulas_and_reads_back_exactly(hostile, tmp_path):
    dataset = read_dataset(hostile)
    assert dataset.actors["avalon"].name == FORMULA
    out = write_csv(dataset, tmp_path / "csv")
    rows = _cells(out / "actors.csv")
    assert rows["avalon"]["name"] == "'" + FORMULA
    assert rows["avalon"]["description"] == "'" + PLUS
    assert rows["avalon-foreign-ministry"]["aliases"] == "'@SUM(1+1)|-2+3|'quoted"
    for row in rows.values():
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values()), row
    back = read_dataset(out)
    assert back.actors == dataset.actors
    assert back.sources == dataset.sources
    assert back.relationships == dataset.relationships


def test_neo4j_bulk_files_stay_exact(hostile, tmp_path):
    result = cli("export", str(hostile), "--format", "neo4j-csv", "--out", str(tmp_path / "bulk"))
    assert result.returncode == 0, result.stdout + result.stderr
    with open(tmp_path / "bulk" / "actors.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert FORMULA in [row["name"] for row in rows]
    assert not any(row["name"].startswith("'") for row in rows)


@pytest.mark.parametrize("command", ["centrality", "communities"])
def test_format_csv_results_guard_formulas(hostile, command):
    result = cli(command, str(hostile), "--format", "csv")
    assert result.returncode == 0, result.stdout + result.stderr
    names = [row["name"] for row in csv.DictReader(result.stdout.splitlines())]
    assert "'" + FORMULA in names
    assert FORMULA not in names


def test_query_csv_guards_text_but_not_numbers():
    text = render_csv(["name", "score", "aliases"], [("@cmd", -0.5, ["=x"])])
    assert text.splitlines()[1] == """'@cmd,-0.5,"[""=x""]\""""
    assert render_rows([{"id": "-x", "score": -1.25}], ["id", "score"], "csv").splitlines()[1] == "'-x,-1.25"
