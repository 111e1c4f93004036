"""The adversarial corpus: bad datasets a hostile or careless user made, each refused cleanly.

Each folder of tests/adversarial/ is a dataset with one fault. `validate` and `load` must each say
so in one clear line that names the file, the record and the field (where the fault has them),
exit non-zero without a traceback, and leave the database exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import cli, one_line_error

CORPUS = Path(__file__).parent / "adversarial"

# folder -> (the file the line names, the record, the field); None where the fault has none.
EXPECTED = {
    # control characters in text (issue 15, item 4)
    "control-esc-in-name": ("actors.yaml", "avalon", "name"),
    "control-title-in-alias": ("actors.yaml", "lyonesse", "aliases"),
    "control-nul-in-quote": ("relationships.yaml", "avalon--met_with--lyonesse--2023-10-13", "quote"),
    # resource exhaustion from tiny files (item 5)
    "yaml-alias-bomb": ("actors.yaml", None, None),
    "actors-linked-to-dev-zero": ("actors.yaml", None, None),
    # only ASCII digits are dates (item 7)
    "date-arabic-indic-digits": ("relationships.yaml", "avalon--met_with--lyonesse", "date"),
    "date-fullwidth-digits": ("actors.yaml", "avalon", "start"),
    # links a browser would not open as written (item 8)
    "url-space-in-path": ("sources.yaml", "herald", "url"),
    "url-newline": ("sources.yaml", "herald", "url"),
    "url-space-in-host": ("sources.yaml", "herald", "url"),
    "url-port-out-of-range": ("sources.yaml", "herald", "url"),
    # one rule for dataset names (item 9)
    "name-path-traversal": ("dataset.yaml", None, "name"),
    "name-dot-dot": ("dataset.yaml", None, "name"),
    "name-markup": ("dataset.yaml", None, "name"),
    # ids: case-sensitive, surrounding spaces not part of them (item 10)
    "id-other-case": ("relationships.yaml", "avalon--met_with--Lyonesse--2023-10-13", "to"),
    "id-twice-with-spaces": ("actors.yaml", "avalon", "id"),
    # what Neo4j's indexes hold (item 12)
    "name-too-long-to-index": ("actors.yaml", "lyonesse", "name"),
    "id-too-long-to-index": ("actors.yaml", "l" * 57 + "...", "id"),
    # dates later tools cannot count with (item 13)
    "date-year-9999": ("relationships.yaml", "avalon--met_with--lyonesse--2023-10-13", "end"),
    "date-year-0001": ("actors.yaml", "avalon", "start"),
    # the usual malformed files
    "malformed-yaml": ("actors.yaml", None, None),
    "not-utf8": ("actors.yaml", None, None),
    "actors-not-a-list": ("actors.yaml", None, None),
    "missing-dataset-yaml": ("dataset.yaml", None, None),
    "unknown-field": ("actors.yaml", "lyonesse", None),
    "duplicate-id": ("sources.yaml", "herald", "id"),
    "unknown-actor": ("relationships.yaml", "avalon--met_with--camelot--2023-10-13", "to"),
    "end-before-start": ("relationships.yaml", "avalon--met_with--lyonesse--2023-10-13", "end"),
    "csv-unclosed-quote": ("actors.csv", None, None),
}


def test_every_case_says_what_it_expects():
    assert sorted(path.name for path in CORPUS.iterdir() if path.is_dir()) == sorted(EXPECTED)


def fingerprint(driver, database) -> str:
    """A digest of every node (labels, properties) and relationship (type, ends, properties)."""
    def rows(query):
        records, _, _ = driver.execute_query(query, database_=database)
        return sorted(json.dumps(record.data(), sort_keys=True, default=str) for record in records)

    nodes = rows("MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props")
    rels = rows("MATCH (a)-[r]->(b) RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS start, "
                "elementId(b) AS end, properties(r) AS props")
    return hashlib.sha256("\n".join(nodes + ["--"] + rels).encode("utf-8")).hexdigest()


def assert_names_the_fault(line: str, case: str) -> None:
    file, record, field = EXPECTED[case]
    assert f"{CORPUS.name}/{case}/{file}" in line, line
    if record is not None:
        assert f"record {record!r}" in line, line
    if field is not None:
        assert f"field {field!r}" in line, line


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_dataset_is_refused_in_one_clear_line(case, neo4j_driver, neo4j_config):
    folder = CORPUS / case
    result = cli("validate", str(folder))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if ": error: " in line]
    assert len(errors) == 1, output[:2000]
    assert_names_the_fault(errors[0], case)

    before = fingerprint(neo4j_driver, neo4j_config.database)
    line = one_line_error(cli("load", str(folder), env=neo4j_config.env()))
    assert_names_the_fault(line, case)
    assert fingerprint(neo4j_driver, neo4j_config.database) == before
