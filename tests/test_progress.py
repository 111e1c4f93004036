"""Long steps show a progress bar where a person watches, and nothing where output is piped."""

from __future__ import annotations

from conftest import REPO, SEED, cli, dataset_copy, unload_if_loaded
from graphkit.store import Store

POPOLO = REPO / "tests" / "fixtures" / "popolo" / "lyonesse.ep-popolo.json"


def test_an_import_shows_its_steps(tmp_path):
    shown = cli("import", "popolo", str(POPOLO), "--dataset", "shown", "--out", str(tmp_path / "shown"),
                env={"GRAPHKIT_PROGRESS": "always"})
    assert shown.returncode == 0, shown.stderr
    assert "Importing shown: reading" in shown.stderr and "Importing shown: validating" in shown.stderr
    piped = cli("import", "popolo", str(POPOLO), "--dataset", "piped", "--out", str(tmp_path / "piped"))
    assert piped.returncode == 0 and "Importing" not in piped.stderr


def test_a_load_shows_a_bar_of_its_records(neo4j_config, neo4j_driver, tmp_path):
    folder = dataset_copy(tmp_path, "progress-bar")
    try:
        shown = cli("load", str(folder), env={**neo4j_config.env(), "GRAPHKIT_PROGRESS": "always"})
        assert shown.returncode == 0, shown.stderr
        assert "Loading progress-bar" in shown.stderr
        piped = cli("load", str(folder), env=neo4j_config.env())
        assert piped.returncode == 0 and "Loading" not in piped.stderr
    finally:
        unload_if_loaded(Store.from_driver(neo4j_driver, neo4j_config.database), "progress-bar")


def test_a_map_shows_its_steps(tmp_path):
    shown = cli("map", str(SEED), "--out", str(tmp_path / "map.html"), env={"GRAPHKIT_PROGRESS": "always"})
    assert shown.returncode == 0, shown.stderr
    assert "Map: measures and layout" in shown.stderr
    piped = cli("map", str(SEED), "--out", str(tmp_path / "piped.html"))
    assert piped.returncode == 0 and "Map:" not in piped.stderr
