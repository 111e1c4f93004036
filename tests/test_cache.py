"""The cache of read datasets (`graphkit.dataset.cache`): used, never stale, safe to delete, robust
to corrupt entries, one entry per dataset, and the same problems (file, record, field) warm as cold."""

import pickle
import shutil
from pathlib import Path

import pytest

from conftest import cli
from graphkit.dataset import cache, validate_dataset, write_csv, yaml_form

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def parses(monkeypatch):
    """The YAML files parsed while the test runs, by name."""
    parsed = []
    original = yaml_form._read_yaml

    def counting(file, problems):
        parsed.append(Path(file).name)
        return original(file, problems)

    monkeypatch.setattr(yaml_form, "_read_yaml", counting)
    return parsed


def tiny(tmp_path: Path, name: str = "tiny") -> Path:
    folder = tmp_path / name
    shutil.copytree(FIXTURES / "tiny", folder)
    return folder


def test_a_second_read_parses_nothing(tmp_path, cache_dir, parses):
    folder = tiny(tmp_path)
    first, problems = validate_dataset(folder)
    assert sorted(parses) == ["actors.yaml", "dataset.yaml", "relationships.yaml", "sources.yaml"]
    assert sorted(entry.suffix for entry in cache_dir.iterdir()) == [".dataset", ".problems"]
    parses.clear()
    second, again = validate_dataset(folder)
    assert parses == []
    assert second == first and again == problems
    assert second.path == folder and second.actors["avalon"].name == "Republic of Avalon"


def test_an_edited_record_is_read_anew(tmp_path, cache_dir, parses):
    folder = tiny(tmp_path)
    assert validate_dataset(folder)[0].actors["avalon"].name == "Republic of Avalon"
    actors = folder / "actors.yaml"
    actors.write_text(actors.read_text().replace("name: Republic of Avalon", "name: Kingdom of Avalon"))
    parses.clear()
    dataset, _ = validate_dataset(folder)
    assert dataset.actors["avalon"].name == "Kingdom of Avalon"
    assert "actors.yaml" in parses
    actors.write_text(actors.read_text().replace("name: Kingdom of Avalon", "name: Republic of Avalon"))
    assert validate_dataset(folder)[0].actors["avalon"].name == "Republic of Avalon"


def test_an_edit_that_breaks_a_record_is_reported_at_once(tmp_path, cache_dir):
    folder = tiny(tmp_path)
    assert validate_dataset(folder)[0] is not None
    actors = folder / "actors.yaml"
    actors.write_text(actors.read_text().replace("kind: Government", "kind: Governmnet", 1))
    dataset, problems = validate_dataset(folder)
    assert dataset is None
    assert [(p.origin.file, p.origin.line, p.record, p.field) for p in problems if p.severity == "error"] == \
        [(str(actors), 2, "avalon", "kind")]


def test_deleting_the_cache_is_safe(tmp_path, cache_dir, parses):
    folder = tiny(tmp_path)
    first, _ = validate_dataset(folder)
    shutil.rmtree(cache_dir)
    parses.clear()
    assert validate_dataset(folder)[0] == first
    assert len(parses) == 4 and len(list(cache_dir.iterdir())) == 2
    cache.clear()
    assert list(cache_dir.iterdir()) == [] and validate_dataset(folder)[0] == first


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "flipped"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(tmp_path, cache_dir, parses, damage):
    folder = tiny(tmp_path)
    first, _ = validate_dataset(folder)
    for entry in cache_dir.iterdir():
        data = entry.read_bytes()
        entry.write_bytes({"garbage": b"not a cache entry at all", "truncated": data[: len(data) // 2],
                           "empty": b"", "flipped": data[:-10] + bytes(b ^ 1 for b in data[-10:])}[damage])
    parses.clear()
    assert validate_dataset(folder)[0] == first
    assert len(parses) == 4  # read from the files again
    parses.clear()
    assert validate_dataset(folder)[0] == first and parses == []  # and kept again, whole


def test_two_datasets_do_not_collide(tmp_path, cache_dir):
    one, two = tiny(tmp_path, "one"), tiny(tmp_path, "two")
    actors = two / "actors.yaml"
    actors.write_text(actors.read_text().replace("name: Republic of Avalon", "name: Avalon Two"))
    assert validate_dataset(one)[0].actors["avalon"].name == "Republic of Avalon"
    assert validate_dataset(two)[0].actors["avalon"].name == "Avalon Two"
    assert validate_dataset(one)[0].actors["avalon"].name == "Republic of Avalon"
    assert len(list(cache_dir.iterdir())) == 4


def test_the_same_files_in_two_folders_name_their_own_folder(tmp_path, cache_dir):
    one, two = tiny(tmp_path, "one"), tiny(tmp_path, "two")
    for folder in (one, two):
        (folder / "sources.yaml").write_text((folder / "sources.yaml").read_text() + "- id: unused\n"
                                             "  kind: news\n  title: Nothing cites it\n")
    for folder in (one, two, one):
        dataset, problems = validate_dataset(folder)
        assert dataset.name == "tiny" and dataset.path == folder
        assert [p.origin.file for p in problems if p.record == "unused"] == [str(folder / "sources.yaml")]


def test_bad_input_names_file_record_and_field_warm_as_cold(tmp_path, cache_dir):
    broken = FIXTURES / "broken" / "records"
    cold = cli("validate", str(broken), env={"GRAPHKIT_CACHE_DIR": str(cache_dir)})
    warm = cli("validate", str(broken), env={"GRAPHKIT_CACHE_DIR": str(cache_dir)})
    assert cold.returncode == warm.returncode == 1
    assert warm.stdout == cold.stdout
    assert (f"{broken}/relationships.yaml:2: error: record 'mira-castell--meets--avalon--2023-10-30' "
            "field 'type': unknown relationship type 'MEETS' (did you mean MET_WITH?)") in warm.stdout.splitlines()
    assert any(entry.suffix == ".problems" for entry in cache_dir.iterdir())


def test_the_csv_form_is_cached_too(tmp_path, cache_dir):
    dataset, _ = validate_dataset(FIXTURES / "tiny")
    folder = write_csv(dataset, tmp_path / "tiny-csv")
    first, _ = validate_dataset(folder)
    actors = folder / "actors.csv"
    actors.write_text(actors.read_text().replace("Republic of Avalon", "Avalon in CSV"))
    assert validate_dataset(folder)[0].actors["avalon"].name == "Avalon in CSV"
    assert first.actors["avalon"].name == "Republic of Avalon"


def test_no_cache_reads_the_files_and_writes_no_entry(tmp_path, cache_dir, parses):
    folder = tiny(tmp_path)
    result = cli("--no-cache", "validate", str(folder))
    assert result.returncode == 0 and result.stdout.startswith("tiny: 5 actors")
    assert not cache_dir.exists()
    with cache.turned_off():
        validate_dataset(folder)
    assert not cache_dir.exists() and len(parses) == 8
    result = cli("validate", str(folder), env={"GRAPHKIT_CACHE": "off"})
    assert result.returncode == 0 and not cache_dir.exists()


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("GRAPHKIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "graphkit"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "graphkit"
    validate_dataset(tiny(tmp_path))
    assert len(list((tmp_path / "home" / ".cache" / "graphkit").iterdir())) == 2
    assert sorted(path.name for path in (tmp_path / "tiny").iterdir()) == \
        ["actors.yaml", "dataset.yaml", "relationships.yaml", "sources.yaml"]  # nothing written beside the data


# --- derived artifacts ------------------------------------------------------------------------------

def _save(artifact, path):
    with open(path, "wb") as handle:
        pickle.dump(artifact, handle)


def _load(path):
    with open(path, "rb") as handle:
        return pickle.load(handle)


def test_a_derived_artifact_is_built_once_and_loaded_without_the_dataset(tmp_path, cache_dir, parses):
    folder = tiny(tmp_path)
    built = []

    def names(dataset):
        built.append(dataset.name)
        return sorted(actor.name for actor in dataset.actors.values())

    first = cache.derived(folder, "names-v1", names, save=_save, load=_load)
    assert len(first) == 5 and "Republic of Avalon" in first
    assert built == ["tiny"]
    parses.clear()
    dataset_entries = list(cache_dir.glob("*.dataset"))
    for entry in dataset_entries:  # warm, the dataset is not even unpickled
        entry.write_bytes(b"unreadable")
    assert cache.derived(folder, "names-v1", names, save=_save, load=_load) == first
    assert built == ["tiny"] and parses == []
    assert dataset_entries[0].read_bytes() == b"unreadable"


def test_a_derived_artifact_follows_the_files(tmp_path, cache_dir):
    folder = tiny(tmp_path)

    def name_of_avalon(dataset):
        return dataset.actors["avalon"].name

    assert cache.derived(folder, "avalon", name_of_avalon, save=_save, load=_load) == "Republic of Avalon"
    actors = folder / "actors.yaml"
    actors.write_text(actors.read_text().replace("name: Republic of Avalon", "name: Avalon Anew"))
    assert cache.derived(folder, "avalon", name_of_avalon, save=_save, load=_load) == "Avalon Anew"


def test_a_corrupt_or_half_written_artifact_is_rebuilt(tmp_path, cache_dir):
    folder = tiny(tmp_path)
    built = []

    def count(dataset):
        built.append(1)
        return len(dataset.relationships)

    def dies_half_way(artifact, path):
        Path(path).write_bytes(b"\x80\x04half")
        raise KeyboardInterrupt  # the writer killed while saving

    with pytest.raises(KeyboardInterrupt):
        cache.derived(folder, "count", count, save=dies_half_way, load=_load)
    assert not list(cache_dir.glob("*.derived.count"))
    assert not any(".tmp" in entry.name for entry in cache_dir.iterdir())
    assert cache.derived(folder, "count", count, save=_save, load=_load) == 6
    entry = next(cache_dir.glob("*.derived.count"))
    entry.write_bytes(b"corrupt")
    assert cache.derived(folder, "count", count, save=_save, load=_load) == 6
    assert len(built) == 3 and _load(entry) == 6


def test_a_dataset_with_errors_has_no_artifact(tmp_path, cache_dir):
    from graphkit.errors import DatasetError

    with pytest.raises(DatasetError, match="actors.yaml:5: error: record 'avalon' field 'id'"):
        cache.derived(FIXTURES / "broken" / "records", "count", len, save=_save, load=_load)
    assert not list(cache_dir.glob("*.derived.*"))


def test_a_warm_summary_reads_neither_files_nor_the_dataset(tmp_path, cache_dir, parses):
    from graphkit.dataset import validate_summary

    folder = tiny(tmp_path)
    summary, problems = validate_summary(folder)
    assert (summary.name, summary.actors, summary.relationships, summary.sources, summary.linked) == \
        ("tiny", 5, 6, 3, False)
    assert problems == validate_dataset(folder)[1]
    parses.clear()
    for entry in cache_dir.glob("*.dataset"):
        entry.write_bytes(b"unreadable")  # a warm summary never opens it
    assert validate_summary(folder) == (summary, problems) and parses == []
    broken, errors = validate_summary(FIXTURES / "broken" / "records")
    assert broken is None and sum(problem.severity == "error" for problem in errors) == 38


def test_a_file_changed_while_it_is_read_is_not_kept_under_the_old_content(tmp_path, cache_dir, monkeypatch):
    folder = tiny(tmp_path)
    actors = folder / "actors.yaml"
    original = yaml_form._read_yaml

    def edited_meanwhile(file, problems):
        read = original(file, problems)
        if Path(file).name == "actors.yaml" and "Avalon Meanwhile" not in actors.read_text():
            actors.write_text(actors.read_text().replace("name: Republic of Avalon", "name: Avalon Meanwhile"))
        return read

    monkeypatch.setattr(yaml_form, "_read_yaml", edited_meanwhile)
    assert validate_dataset(folder)[0].actors["avalon"].name == "Republic of Avalon"  # what was read
    assert list(cache_dir.glob("*")) == []  # but not kept: the files changed
    monkeypatch.setattr(yaml_form, "_read_yaml", original)
    assert validate_dataset(folder)[0].actors["avalon"].name == "Avalon Meanwhile"


def test_validate_of_an_unchanged_folder_reads_neither_files_nor_the_dataset(tmp_path, cache_dir, parses):
    folder = tiny(tmp_path)
    cold = cli("validate", str(folder), "--strict")
    assert parses and cold.returncode == 0 and "tiny: 5 actors, 6 relationships, 3 sources" in cold.stdout
    parses.clear()
    for entry in cache_dir.glob("*.dataset"):
        entry.write_bytes(b"unreadable")  # the warm command never opens it
    warm = cli("validate", str(folder), "--strict")
    assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout) and parses == []
    (folder / "actors.yaml").write_text((folder / "actors.yaml").read_text().replace("kind: Government", "kind: Gov"))
    edited = cli("validate", str(folder))
    assert edited.returncode == 1 and "field 'kind'" in edited.stdout  # an edit is read at once


def test_a_cache_folder_that_cannot_be_looked_into_is_no_error(tmp_path, cache_dir, monkeypatch):
    """The arrays of `centrality` are built, not read, and a folder the column reading declined is
    read again, when the cache folder refuses a look (as one made by another user does)."""
    real = Path.is_file

    def refused(path):
        if path.parent == cache_dir:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    folder = tmp_path / "tiny-csv"
    write_csv(validate_dataset(FIXTURES / "tiny")[0], folder)
    monkeypatch.setattr(Path, "is_file", refused)
    result = cli("centrality", str(folder), "--measure", "pagerank", "--top", "3")
    assert result.returncode == 0, result.stderr
    assert "pagerank" in result.stdout
