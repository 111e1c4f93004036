"""Every command: its help, and one run of the installed `graphkit` as a user would start it.

The other CLI tests run commands in-process (`conftest.cli`), which is quick; these check that the
installed command itself starts, finds its data and exits as it should.
"""

from __future__ import annotations

import json

import click
import pytest

from conftest import SEED, cli, run_graphkit
from graphkit.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,)
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


COMMANDS = list(_commands(main))


def test_every_command_is_listed():
    assert {path[0] for path in COMMANDS} >= {
        "validate", "stats", "map", "centrality", "communities", "path", "export", "import", "status",
        "schema", "load", "query"}


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_explains_each_command(path):
    result = cli(*path, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: ")
    command = main
    for name in path:
        command = command.commands[name]
    first = (command.help or "").strip().splitlines()[0]
    assert first and first[:40] in " ".join(result.stdout.split())


def test_unknown_command_is_one_line_with_a_hint():
    result = run_graphkit("valdate")
    assert result.returncode == 2 and "No such command 'valdate'" in result.stderr
    assert "Did you mean 'validate'?" in result.stderr


# One smoke run per command of the installed `graphkit`, on the seed dataset (no database) ...

def test_installed_validate_stats_centrality_communities_path(tmp_path):
    assert run_graphkit("validate", str(SEED)).returncode == 0
    stats = run_graphkit("stats", str(SEED), "--format", "json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["actors"] == 82
    ranked = run_graphkit("centrality", str(SEED), "--top", "3", "--format", "json")
    assert ranked.returncode == 0 and [row["rank"] for row in json.loads(ranked.stdout)] == [1, 2, 3]
    groups = run_graphkit("communities", str(SEED), "--format", "json")
    assert groups.returncode == 0 and json.loads(groups.stdout)["communities"]
    path = run_graphkit("path", "Nazri Aziz", "Hamas", str(SEED))
    assert path.returncode == 0 and "Hamas" in path.stdout


def test_installed_map_export_and_import(tmp_path):
    out = tmp_path / "map.html"
    assert run_graphkit("map", str(SEED), "--out", str(out)).returncode == 0 and out.stat().st_size > 0
    exported = run_graphkit("export", str(SEED), "--format", "json")
    assert exported.returncode == 0 and len(json.loads(exported.stdout)["edges"]) == 149
    ftm = tmp_path / "seed.ftm.json"
    assert run_graphkit("export", str(SEED), "--format", "ftm", "--out", str(ftm)).returncode == 0
    imported = run_graphkit("import", "ftm", str(ftm), "--dataset", "again", "--out", str(tmp_path / "again"))
    assert imported.returncode == 0 and (tmp_path / "again" / "actors.yaml").is_file()


# ... and the database commands against the test run's Neo4j.

def test_installed_status_schema_load_query(neo4j_config, tmp_path):
    from conftest import dataset_copy

    env = neo4j_config.env()
    copy = dataset_copy(tmp_path, "smoke-cli")
    assert run_graphkit("schema", env=env).returncode == 0
    loaded = run_graphkit("load", str(copy), env=env)
    assert loaded.returncode == 0 and loaded.stdout.startswith("smoke-cli: ")
    status = run_graphkit("status", env=env)
    assert status.returncode == 0 and "smoke-cli" in status.stdout
    query = run_graphkit("query", "MATCH (a:Actor {dataset: $d}) RETURN count(a) AS n", "--param", "d=smoke-cli",
                         "--format", "json", env=env)
    assert query.returncode == 0 and json.loads(query.stdout) == [{"n": 82}]
    run_graphkit("query", "MATCH (n {dataset: 'smoke-cli'}) DETACH DELETE n", "--write", env=env)


def test_the_installed_command_takes_what_it_read_and_built_out_of_the_collectors_walks(tmp_path):
    # `graphkit` is `cli.run`: the command's exit code as `main` gives it, the dataset and its graph
    # frozen for the collector once made (`collector.settle`), and all that is left at exit.
    import subprocess
    import sys
    from importlib.metadata import entry_points

    assert [point.value for point in entry_points(group="console_scripts", name="graphkit")] == ["graphkit.cli:run"]
    script = ("import atexit, gc, sys\n"
              "from graphkit.cli import run\n"
              "frozen = []\n"
              "gc.freeze = lambda: frozen.append(True)\n"
              "atexit.register(lambda: print('freezes', len(frozen)))\n"
              "sys.argv = ['graphkit', *sys.argv[1:]]\n"
              "run()\n")

    def freezes(*args):
        done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120)
        return done.returncode, int(done.stdout.rsplit("freezes", 1)[1])

    assert freezes("validate", str(SEED)) == (0, 1)  # at exit
    assert freezes("export", str(SEED), "--format", "json", "--out", str(tmp_path / "seed.json")) == (0, 3)
    assert (tmp_path / "seed.json").stat().st_size > 0
    code, count = freezes("validate", str(tmp_path / "nothing"))
    assert code != 0 and count == 1


def test_the_program_collects_before_it_freezes_so_no_garbage_is_kept():
    # A cycle that is garbage when `settle` runs is freed, not frozen (the frames of a caught
    # exception can hold a whole cold read in one); at exit nothing is collected first.
    import subprocess
    import sys

    script = ("import gc, weakref\n"
              "from graphkit.collector import one_command_process, settle\n"
              "class Node: pass\n"
              "def garbage():\n"
              "    node = Node(); node.me = node; return weakref.ref(node)\n"
              "one_command_process()\n"
              "collected = garbage(); settle()\n"
              "kept = garbage(); settle(collect=False)\n"
              "print(collected() is None, kept() is None, gc.get_freeze_count() > 0)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "True"]
