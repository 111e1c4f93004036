"""The bulk path side by side: the neo4j-admin CSV export, neo4j-admin's import of it, and
`graphkit load` (batched) of the same data, on real Neo4j servers started by `tools/neo4j-local`.

    python benchmarks/bench_bulk.py                      # 100,000 actors (~500,000 relationships)
    python benchmarks/bench_bulk.py --sizes 2000 10000   # quicker
    python benchmarks/bench_bulk.py --previous 13d7ed5       # and graphkit at that commit beside

For each size: a synthetic network (`synthetic.generate`, about 5 relationships per actor), built
outside the timings. Then, one after the other in this run:

- graph: its graph form (`dataset_to_graph`), which an export starts from;
- export: `graphkit export --format neo4j-csv` (`store.bulk_csv.write_files`, streamed) into a folder;
- versioned files: the same with the versioned-load properties (content hashes), which `load --bulk`
  writes;
- admin import: `neo4j-local admin database import full` of the exported files into a new home
  (a JVM of its own, heap NEO4J_LOCAL_HEAP, default 1g);
- load --bulk: `store.bulk.bulk_load` into another new home: versioned files (with content hashes)
  plus the same import;
- graphkit load: `Store.load` into a new, started neo4j-local (heap --heap, default 1g) with the
  schema already applied, then the same load again (unchanged: nothing is sent).

With `--previous COMMIT`, graph, export, versioned files and graphkit load run again with graphkit
as it was at COMMIT (`git archive`), each code in a fresh process of its own, and the two codes'
files are compared byte for byte. `--repeat N` runs the graph and export steps N times, the codes
in turn, and keeps each step's quickest (single runs on a shared machine differ by a third);
`--exports-only` stops there:

    python benchmarks/bench_bulk.py --previous 13d7ed5 --repeat 3 --exports-only

Columns are seconds of wall time; "load / admin" is `graphkit load` over the admin import of the
same data (the target is at most 3); relationships/s is the dataset's relationships over the
`graphkit load`'s seconds. "load: server CPU" is the CPU time the server's JVM spent during that
first load (all its threads, from /proc), "load: client CPU" the loading process's own; "server
CPU / admin" is the first over the admin import's wall time: the share of the 3× that the
server's own work takes, however fast the client. The machine is shared: compare ratios within a row, not across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NEO4J_LOCAL = REPO / "tools" / "neo4j-local" / "neo4j-local"
sys.path.insert(0, str(HERE))
from bench_load import free_port, previous_code  # noqa: E402


STEPS = """
import json, os, sys, time
from pathlib import Path
from graphkit import synthetic
from graphkit.graph import dataset_to_graph
from graphkit.store.bulk_csv import write_files
actors, folder, load = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "load"
dataset = synthetic.generate(actors)
seconds = {}
if load:
    from graphkit.store import Store
    from graphkit.store.config import Neo4jConfig
    with Store(Neo4jConfig(uri=os.environ["BENCH_URI"], password=os.environ["BENCH_PASSWORD"])) as store:
        store.apply_schema()
        def server_cpu():  # the server's CPU seconds so far (utime + stime of its JVM)
            fields = Path(f"/proc/{os.environ['BENCH_SERVER_PID']}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        server, client = server_cpu(), time.process_time()
        started = time.perf_counter(); store.load(dataset); seconds["graphkit load"] = time.perf_counter() - started
        seconds["load: server CPU"], seconds["load: client CPU"] = server_cpu() - server, time.process_time() - client
        started = time.perf_counter(); report = store.load(dataset)
        seconds["unchanged reload"] = time.perf_counter() - started
        assert not report.changed, report
else:
    started = time.perf_counter(); graph = dataset_to_graph(dataset); seconds["graph"] = time.perf_counter() - started
    started = time.perf_counter(); write_files(graph, folder); seconds["export"] = time.perf_counter() - started
    started = time.perf_counter()
    write_files(graph, folder / "versioned", load={"number": 1, "state": "current", "finished": None})
    seconds["versioned files"] = time.perf_counter() - started
print(json.dumps(seconds))
"""


def steps(code: Path | None, actors: int, folder: Path, what: str, env: dict | None = None) -> dict[str, float]:
    """The timed steps (`STEPS`) in a fresh process of graphkit from `code` (None: this tree)."""
    path = str(code) if code is not None else str(REPO)
    done = subprocess.run([sys.executable, "-c", STEPS, str(actors), str(folder), what], capture_output=True,
                          text=True, env={**os.environ, **(env or {}), "PYTHONPATH": path},
                          cwd=path)  # `-c` puts the working folder first on the path: the code's own
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.splitlines()[-1])


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


def graphkit_load(code: Path | None, actors: int, home: Path, heap: str) -> dict[str, float]:
    """Seconds of a first `Store.load` into a new server, and of the unchanged reload."""
    port, password = free_port(), secrets.token_urlsafe(18)
    env = {**os.environ, "NEO4J_LOCAL_HEAP": heap, "NEO4J_LOCAL_TIMEOUT": "600", "NEO4J_USER": "neo4j",
           "NEO4J_PASSWORD": password}
    where = ["--home", str(home), "--port", str(port)]
    started = subprocess.run(["bash", str(NEO4J_LOCAL), "start", *where], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        raise SystemExit(f"cannot start Neo4j:\n{started.stderr}")
    try:
        return steps(code, actors, home, "load", {"BENCH_URI": f"bolt://127.0.0.1:{port}", "BENCH_PASSWORD": password,
                                                  "BENCH_SERVER_PID": (home / "neo4j-local.pid").read_text().strip()})
    finally:
        subprocess.run(["bash", str(NEO4J_LOCAL), "stop", *where], env=env, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def run(actors: int, heap: str, previous: str | None, work: Path, repeat: int = 1,
        exports_only: bool = False) -> dict[str, float]:
    from graphkit import synthetic
    from graphkit.store.bulk import bulk_load
    from graphkit.store.bulk_csv import FILES

    dataset = synthetic.generate(actors)
    row: dict[str, float] = {"actors": actors, "relationships": len(dataset.relationships)}
    folder = work / f"export-{actors}"
    code = previous_code(previous, work / "previous") if previous else None
    before = work / f"previous-{actors}"
    for _ in range(repeat):  # each code's steps in turn; the quickest of each step: the least disturbed
        for label, source, into in ((None, None, folder), (previous, code, before))[:2 if code is not None else 1]:
            for step, seconds in steps(source, actors, into, "export").items():
                name = f"{step} ({label})" if label else step
                row[name] = min(row.get(name, seconds), seconds)
    files = [folder / name for name in FILES]
    row["export MB"] = sum(path.stat().st_size for path in files) / 1e6
    if code is not None:
        row["same files"] = float(all((folder / sub / name).read_bytes() == (before / sub / name).read_bytes()
                                      for sub in ("", "versioned") for name in FILES))  # the load node's time differs
        shutil.rmtree(before)
    shutil.rmtree(folder / "versioned")
    if exports_only:
        return row
    row["admin import"] = admin_import(work / f"admin-home-{actors}", folder, files)
    shutil.rmtree(work / f"admin-home-{actors}")
    admin = ["bash", str(NEO4J_LOCAL), "admin", "--home", str(work / f"bulk-home-{actors}")]
    row["load --bulk"], report = timed(lambda: bulk_load(dataset, neo4j_admin=admin))
    row["load --bulk: files"] = report.seconds["files"]
    shutil.rmtree(work / f"bulk-home-{actors}")
    row.update(graphkit_load(None, actors, work / f"load-home-{actors}", heap))
    if code is not None:
        row.update({f"{step} ({previous})": seconds for step, seconds
                    in graphkit_load(code, actors, work / f"previous-home-{actors}", heap).items()})
    row["load / admin"] = row["graphkit load"] / row["admin import"]
    row["server CPU / admin"] = row["load: server CPU"] / row["admin import"]
    row["relationships/s"] = row["relationships"] / row["graphkit load"]
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000], help="actors per synthetic dataset")
    parser.add_argument("--heap", default="1g", help="the heap of the server graphkit load writes into")
    parser.add_argument("--previous", metavar="COMMIT", help="also time graphkit at COMMIT, side by side")
    parser.add_argument("--repeat", type=lambda text: max(1, int(text)), default=1,
                        help="run the graph and export steps N times, keep the quickest")
    parser.add_argument("--exports-only", action="store_true", help="only the graph and export steps (no Neo4j)")
    args = parser.parse_args(argv)
    if not args.exports_only:
        built = subprocess.run(["bash", str(NEO4J_LOCAL), "build"], capture_output=True, text=True)
        if built.returncode != 0:
            raise SystemExit(built.stderr)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as work:
        for actors in args.sizes:
            rows.append(run(actors, args.heap, args.previous, Path(work), args.repeat, args.exports_only))
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
