"""The bulk path side by side: the neo4j-admin CSV export, neo4j-admin's import of it, and
`graphkit load` (batched) of the same data, on real Neo4j servers started by `tools/neo4j-local`.

    python benchmarks/bench_bulk.py                      # 100,000 actors (~500,000 relationships)
    python benchmarks/bench_bulk.py --sizes 2000 10000   # quicker
    python benchmarks/bench_bulk.py --sizes 10000 --previous   # and the previous CSV writer beside

For each size: a synthetic network (`synthetic.generate`, about 5 relationships per actor) and its
graph form, built outside the timings. Then, one after the other in this run:

- export: `graphkit export --format neo4j-csv` (`formats.neo4j_csv.write`, streamed) into a folder;
- previous (with --previous): the writer as the last commit has it (`git show HEAD:...`), which
  built each file in memory first;
- admin import: `neo4j-local admin database import full` of the exported files into a new home
  (a JVM of its own, heap NEO4J_LOCAL_HEAP, default 1g);
- load --bulk: `store.bulk.bulk_load` into another new home: versioned files (with content hashes)
  plus the same import;
- graphkit load: `Store.load` into a new, started neo4j-local (heap --heap, default 1g) with the
  schema already applied, then the same load again (unchanged: nothing is sent).

Columns are seconds of wall time; "load / admin" is `graphkit load` over the admin import of the
same data (the target is at most 3); relationships/s is the dataset's relationships over the
`graphkit load`'s seconds. The machine is shared: compare ratios within a row, not across runs.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NEO4J_LOCAL = REPO / "tools" / "neo4j-local" / "neo4j-local"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def previous_writer():
    """`formats/neo4j_csv.py` as the last commit has it, as a module of its own."""
    source = subprocess.run(["git", "show", "HEAD:graphkit/formats/neo4j_csv.py"], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType("previous_neo4j_csv")
    exec(compile(source, "previous_neo4j_csv.py", "exec"), module.__dict__)  # noqa: S102 - our own file
    return module


def timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def admin_import(home: Path, folder: Path, files) -> float:
    from graphkit.store.bulk import import_arguments

    command = ["bash", str(NEO4J_LOCAL), "admin", "--home", str(home),
               *import_arguments(files, "neo4j", folder / "import.report")]
    seconds, done = timed(lambda: subprocess.run(command, capture_output=True, text=True))
    if done.returncode != 0:
        raise SystemExit(f"neo4j-admin import failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds


def graphkit_load(dataset, home: Path, heap: str) -> tuple[float, float]:
    """Seconds of a first `Store.load` into a new server, and of the unchanged reload."""
    from graphkit.store import Store
    from graphkit.store.config import Neo4jConfig

    port, password = free_port(), secrets.token_urlsafe(18)
    env = {**os.environ, "NEO4J_LOCAL_HEAP": heap, "NEO4J_LOCAL_TIMEOUT": "600", "NEO4J_USER": "neo4j",
           "NEO4J_PASSWORD": password}
    where = ["--home", str(home), "--port", str(port)]
    started = subprocess.run(["bash", str(NEO4J_LOCAL), "start", *where], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        raise SystemExit(f"cannot start Neo4j:\n{started.stderr}")
    try:
        with Store(Neo4jConfig(uri=f"bolt://127.0.0.1:{port}", password=password)) as store:
            store.apply_schema()
            first, _ = timed(lambda: store.load(dataset))
            again, report = timed(lambda: store.load(dataset))
            assert not report.changed, report
        return first, again
    finally:
        subprocess.run(["bash", str(NEO4J_LOCAL), "stop", *where], env=env, capture_output=True)


def run(actors: int, heap: str, previous: bool, work: Path) -> dict[str, float]:
    from graphkit import synthetic
    from graphkit.formats import neo4j_csv
    from graphkit.graph import dataset_to_graph
    from graphkit.store.bulk import bulk_load

    dataset = synthetic.generate(actors)
    graph = dataset_to_graph(dataset)
    row: dict[str, float] = {"actors": actors, "relationships": len(dataset.relationships)}
    folder = work / f"export-{actors}"
    row["export"], files = timed(lambda: neo4j_csv.write(graph, folder))
    row["export MB"] = sum(path.stat().st_size for path in files) / 1e6
    if previous:
        old = previous_writer()
        row["previous export"], _ = timed(lambda: old.write(graph, work / f"previous-{actors}"))
        shutil.rmtree(work / f"previous-{actors}")
    row["admin import"] = admin_import(work / f"admin-home-{actors}", folder, files)
    shutil.rmtree(work / f"admin-home-{actors}")
    admin = ["bash", str(NEO4J_LOCAL), "admin", "--home", str(work / f"bulk-home-{actors}")]
    row["load --bulk"], report = timed(lambda: bulk_load(dataset, neo4j_admin=admin))
    row["load --bulk: files"] = report.seconds["files"]
    shutil.rmtree(work / f"bulk-home-{actors}")
    row["graphkit load"], row["unchanged reload"] = graphkit_load(dataset, work / f"load-home-{actors}", heap)
    shutil.rmtree(work / f"load-home-{actors}")
    row["load / admin"] = row["graphkit load"] / row["admin import"]
    row["relationships/s"] = row["relationships"] / row["graphkit load"]
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000], help="actors per synthetic dataset")
    parser.add_argument("--heap", default="1g", help="the heap of the server graphkit load writes into")
    parser.add_argument("--previous", action="store_true", help="also time the previous (in-memory) CSV writer")
    args = parser.parse_args(argv)
    built = subprocess.run(["bash", str(NEO4J_LOCAL), "build"], capture_output=True, text=True)
    if built.returncode != 0:
        raise SystemExit(built.stderr)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as work:
        for actors in args.sizes:
            rows.append(run(actors, args.heap, args.previous, Path(work)))
            print(rows[-1], file=sys.stderr, flush=True)
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(f"{row[c]:,.0f}" if c in ("actors", "relationships", "relationships/s")
                                else f"{row[c]:.2f}" for c in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
