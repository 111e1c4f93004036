"""Time reading dataset folders: each YAML parser, the CSV form, the cache, `validate` and the whole
`graphkit centrality`, side by side with python-igraph reading the same CSV edge list.

    python benchmarks/bench_files.py                              # 100,000 actors
    python benchmarks/bench_files.py --sizes 10000                # a quick run
    python benchmarks/bench_files.py --skip yaml-pyyaml yaml-validate-cold   # leave out the slow rows
    python benchmarks/bench_files.py --skip yaml --previous 899d38d  # the CSV rows beside an older graphkit
    python benchmarks/bench_files.py --skip yaml --repeat 3           # each row's quickest of 3 runs
    python benchmarks/bench_files.py --skip yaml igraph csv-validate csv-centrality --previous 13d7ed5  # exports
    python benchmarks/bench_files.py --skip yaml igraph csv-validate csv-centrality csv-export --previous cc4355c
    python benchmarks/bench_files.py --skip yaml igraph csv-validate csv-centrality --previous 4431413 --repeat 2
    python benchmarks/bench_files.py --skip yaml igraph csv-validate csv-centrality csv-dataset csv-graph --previous d86497f --repeat 2

For each size, a synthetic dataset (`graphkit.synthetic.generate`, about 5 relationships and 7
citations per actor) is written in both forms under --work (kept, so a rerun reuses it). Each row
is one child process, timed from outside (wall seconds, CPU seconds: user + system) with its peak
resident memory (`ru_maxrss` from `os.wait4`), in an empty cache folder for "cold" rows and in the
folder the cold row filled for "warm" rows; with --repeat N, the quickest of N such runs. `x igraph`
is the CPU seconds over igraph's: the machine may be shared, and CPU time is what load changes
least. Rows:

- `yaml-pyyaml`, `yaml-rapidyaml`, `yaml-ruamel`: the three tables parsed (no checks); the first
  two into graphkit's records with lines (PyYAML's C loader as graphkit used it before; rapidyaml,
  graphkit's reader of large files now), the third a plain parse by ruamel.yaml's C loader;
- `{yaml,csv}-dataset-cold`: `read_dataset(FOLDER)` with no cache entry (it writes one): the
  `Dataset` that export, load and map start from;
- `{yaml,csv}-graph-warm`: `dataset_to_graph(read_dataset(FOLDER))` with the cache entry: the graph
  form that export, map and stats work on;
- `{yaml,csv}-validate-{cold,warm}`: `graphkit validate FOLDER`, without and with the cache entry;
- `{csv,yaml}-centrality-{cold,warm}`: `graphkit centrality FOLDER --measure pagerank --top 10`;
- `{csv,yaml}-export-{cold,warm}`: `graphkit export FOLDER --format neo4j-csv --out DIR` (the bulk
  CSV: a CSV folder the column reading takes is written from its columns, `store.bulk_columns`;
  else, as a YAML folder is, from its `Dataset` and graph form);
- `csv-load-bulk`: `graphkit load --bulk FOLDER` into a new `tools/neo4j-local` home (build the
  tool first, `tools/neo4j-local/neo4j-local build`, or the first run counts the build): the
  import files written, then neo4j-admin's import of them (its JVM's time and memory are counted
  with graphkit's); in the cache the export rows left (skip them, as `--skip ... csv-export`
  does, for a cold read: a code that reads the `Dataset` reads it warm after them);
- `igraph-csv-pagerank`: relationships.csv read by Python's csv module into `igraph.Graph.TupleList`
  and its PageRank: the floor the whole command is compared with (`x igraph`);
- with `--previous COMMIT`, each `csv-` and `yaml-` command row again as `... (COMMIT)`: graphkit's
  code of that commit (`git archive`, first on PYTHONPATH), so a change is measured side by side.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import previous_code  # noqa: E402

PYTHON = sys.executable
NEO4J_LOCAL = Path(__file__).resolve().parents[1] / "tools" / "neo4j-local" / "neo4j-local"
GRAPHKIT = [PYTHON, "-c", "import sys; import graphkit.cli as cli; sys.argv[0] = 'graphkit'; getattr(cli, 'run', cli.main)()"]

PARSE = """
import sys
from pathlib import Path
from graphkit.dataset import yaml_fast, yaml_form
folder, parser = Path(sys.argv[1]), sys.argv[2]
if parser == "pyyaml":
    yaml_fast.MIN_BYTES = 10 ** 15
for table in ("sources", "actors", "relationships"):
    file = folder / f"{table}.yaml"
    if parser == "ruamel":
        from ruamel.yaml import YAML
        YAML(typ="safe", pure=False).load(file.read_text(encoding="utf-8"))
    else:
        assert yaml_form.read_yaml_table(file, table, []) is not None
"""

DATASET = """
import sys
from graphkit.dataset import read_dataset
print(len(read_dataset(sys.argv[1]).relationships))
"""

GRAPH = """
import sys
from graphkit.dataset import read_dataset
from graphkit.graph import dataset_to_graph
print(dataset_to_graph(read_dataset(sys.argv[1])).number_of_edges())
"""

LOAD_BULK = """
import shutil, sys
import graphkit.cli as cli
shutil.rmtree(sys.argv.pop(), ignore_errors=True)  # the importer makes new databases only
sys.argv[0] = "graphkit"
getattr(cli, "run", cli.main)()
"""

IGRAPH = """
import csv, sys
import igraph
with open(sys.argv[1], newline="", encoding="utf-8-sig") as handle:
    rows = csv.reader(handle)
    header = next(rows)
    a, b = header.index("from"), header.index("to")
    edges = [(row[a], row[b]) for row in rows if row[a]]
graph = igraph.Graph.TupleList(edges, directed=True)
scores = graph.pagerank()
print(graph.vcount(), graph.ecount(), max(scores))
"""


def run(command: list[str], cache: Path, code: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one child process (which must succeed),
    with graphkit's code from `code` when given."""
    env = dict(os.environ, GRAPHKIT_CACHE_DIR=str(cache), GRAPHKIT_MAX_FILE_MB="4096", GRAPHKIT_PROGRESS="never")
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH", "")]))
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=code)  # `-c`: cwd first
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    error = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"failed: {' '.join(command)}\n{error}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def folders(size: int, work: Path) -> tuple[Path, Path]:
    """The dataset of `size` actors in both forms, written once, by a process of its own: a child
    forked from a process that held the dataset would report its size as the child's peak."""
    yaml_folder, csv_folder = work / f"yaml-{size}", work / f"csv-{size}"
    if not (yaml_folder / "relationships.yaml").exists() or not (csv_folder / "relationships.csv").exists():
        subprocess.run([PYTHON, "-c", WRITE, str(size), str(csv_folder), str(yaml_folder)], check=True)
    return yaml_folder, csv_folder


WRITE = """import sys
from pathlib import Path
from graphkit.dataset import write_csv, write_yaml
from graphkit.synthetic import generate
dataset = generate(int(sys.argv[1]), seed=0)
write_csv(dataset, Path(sys.argv[2]))
write_yaml(dataset, Path(sys.argv[3]))
"""


def rows_for(size: int, work: Path, skip: set[str], previous: str | None = None,
             repeat: int = 1) -> list[tuple[str, float, float, float]]:
    yaml_folder, csv_folder = folders(size, work)
    rows = []

    def measure(name: str, command: list[str], cache: Path, code: Path | None = None) -> None:
        if name in skip or any(name.startswith(prefix + "-") for prefix in skip):
            return
        runs = []
        for _ in range(repeat):
            if name.endswith("-cold"):
                shutil.rmtree(cache, ignore_errors=True)
            runs.append(run(command, cache, code))
        seconds, cpu, megabytes = min(runs)  # the quickest: the one a busy machine disturbed least
        name += f" ({previous})" if code is not None else ""
        rows.append((name, seconds, cpu, megabytes))
        print(f"  {name}: {seconds:.1f} s, {cpu:.1f} s CPU, {megabytes:.0f} MB", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-files-") as scratch:
        scratch = Path(scratch)
        for parser in ("pyyaml", "rapidyaml", "ruamel"):
            measure(f"yaml-{parser}", [PYTHON, "-c", PARSE, str(yaml_folder), parser], scratch / "none")
        codes = [None] + ([previous_code(previous, scratch / "previous")] if previous else [])
        for form, folder in (("csv", csv_folder), ("yaml", yaml_folder)):
            for number, code in enumerate(codes):
                cache = scratch / f"cache-{form}-{number}"
                measure(f"{form}-dataset-cold", [PYTHON, "-c", DATASET, str(folder)], cache, code)
                measure(f"{form}-graph-warm", [PYTHON, "-c", GRAPH, str(folder)], cache, code)
                for state in ("cold", "warm"):
                    measure(f"{form}-validate-{state}", GRAPHKIT + ["validate", str(folder)], cache, code)
                shutil.rmtree(cache, ignore_errors=True)
                for state in ("cold", "warm"):
                    measure(f"{form}-centrality-{state}",
                            GRAPHKIT + ["centrality", str(folder), "--measure", "pagerank", "--top", "10"], cache, code)
                for state in ("cold", "warm"):
                    measure(f"{form}-export-{state}", GRAPHKIT + ["export", str(folder), "--format", "neo4j-csv",
                                                                 "--out", str(scratch / "export")], cache, code)
                    shutil.rmtree(scratch / "export", ignore_errors=True)
                if form == "csv":
                    home = scratch / "neo4j-home"
                    measure("csv-load-bulk", [PYTHON, "-c", LOAD_BULK, "load", "--bulk", str(folder), "--neo4j-admin",
                                              f"bash {NEO4J_LOCAL} admin --home {home}", str(home)], cache, code)
                    shutil.rmtree(home, ignore_errors=True)
        measure("igraph-csv-pagerank", [PYTHON, "-c", IGRAPH, str(csv_folder / "relationships.csv")],
                scratch / "none")
    return rows


def table(size: int, rows: list[tuple[str, float, float, float]]) -> str:
    floor = next((cpu for name, _, cpu, _ in rows if name == "igraph-csv-pagerank"), None)
    lines = [f"\n{size:,} actors\n", "| row | wall s | CPU s | peak MiB | x igraph (CPU) |", "|---|---:|---:|---:|---:|"]
    for name, seconds, cpu, megabytes in rows:
        ratio = f"{cpu / floor:.2f}" if floor else "-"
        lines.append(f"| {name} | {seconds:.1f} | {cpu:.1f} | {megabytes:.0f} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000], help="actors per dataset")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "graphkit-bench-files",
                        help="where the datasets are written (kept for reruns)")
    parser.add_argument("--skip", nargs="*", default=[], help="rows (or prefixes: yaml, csv) to leave out")
    parser.add_argument("--previous", metavar="COMMIT",
                        help="also run the graphkit rows with the code of this commit (git archive), side by side")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each row; the quickest is kept")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        print(f"{size:,} actors:", file=sys.stderr, flush=True)
        print(table(size, rows_for(size, args.work, set(args.skip), args.previous, args.repeat)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
