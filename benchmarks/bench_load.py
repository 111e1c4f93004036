"""Load benchmark: graphkit's batched, staged loader beside the previous one-transaction loader, on
a real Neo4j with a small heap.

    python benchmarks/bench_load.py                              # 20,000 and 100,000 actors, heap 1g
    python benchmarks/bench_load.py --sizes 2000 --no-previous   # a quick run
    python benchmarks/bench_load.py --sizes 200000 --no-previous # about 1,000,000 relationships

It starts its own Neo4j with `tools/neo4j-local` (a fresh folder, a free port, heap --heap, 1g by
default: docker-compose's) and stops it at the end. Each load runs in a child process, so that its
peak memory is its own; meanwhile this process samples the server's memory (resident set of its
JVM, and the heap its transactions hold as `SHOW TRANSACTIONS` estimates it). For each size, on the
same synthetic dataset (`synthetic.generate`, about five relationships per actor):

- graphkit: `Store.load` of the whole dataset (a first load), then a second load of the same
  dataset (nothing changed: nothing is sent), then a load with one actor in a hundred renamed;
- previous: the loader as it was before loads were batched (`git archive` of --previous-commit,
  one transaction for the whole dataset), first load and unchanged reload, where it can run: a
  server too small for it fails with "ran out of transaction memory", which is recorded.

Columns: rel/s is the dataset's relationships over the whole first load (actors, sources and CITES
links included); "reload %" the unchanged reload's time as a share of the first load; "1 % changed"
the third load's; client peak is the child's peak resident memory (dataset generation included);
server RSS and tx heap are the peaks sampled meanwhile.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NEO4J_LOCAL = REPO / "tools" / "neo4j-local" / "neo4j-local"


def child(args: argparse.Namespace) -> None:
    """Run one loader (in its own process) and print what it measured as JSON."""
    from graphkit import synthetic
    from graphkit.store import Store

    dataset = synthetic.generate(args.actors, seed=args.seed)
    dataset.name = f"bench-{args.child}-{args.actors}-{secrets.token_hex(3)}"
    result = {"actors": len(dataset.actors), "sources": len(dataset.sources),
              "relationships": len(dataset.relationships)}
    with Store() as store:  # NEO4J_URI, NEO4J_PASSWORD from the parent
        store.apply_schema()
        print("ready", file=sys.stderr, flush=True)  # the parent starts sampling the server here
        try:
            started = time.perf_counter()
            report = store.load(dataset)
            result["seconds"] = time.perf_counter() - started
            result["phases"] = report.seconds
            started = time.perf_counter()
            again = store.load(dataset)
            result["reload_seconds"] = time.perf_counter() - started
            assert not again.changed
            if args.child == "graphkit" and not args.no_change:
                for actor in list(dataset.actors.values())[::100]:
                    actor.name = f"{actor.name} (renamed)"
                started = time.perf_counter()
                changed = store.load(dataset)
                result["changed_seconds"] = time.perf_counter() - started
                result["changed_relationships"] = changed.counts["relationships"]["updated"]
        except Exception as error:  # the previous loader in a small heap: recorded, not fatal
            result["error"] = " ".join(str(error).split())[:200]
        finally:
            try:
                started = time.perf_counter()
                store.unload(dataset.name)
                result["unload_seconds"] = time.perf_counter() - started
            except Exception:  # the previous loader wrote nothing
                pass
    result["client_peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


class ServerSampler:
    """The peak resident memory of the Neo4j JVM and of its transactions' heap, while it runs."""

    def __init__(self, pid: int, driver):
        self.pid, self.driver = pid, driver
        self.rss = self.tx_heap = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
                rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
                self.rss = max(self.rss, rss * 1024)
                records, _, _ = self.driver.execute_query(
                    "SHOW TRANSACTIONS YIELD estimatedUsedHeapMemory AS heap RETURN max(heap) AS heap")
                self.tx_heap = max(self.tx_heap, records[0]["heap"] or 0)
            except Exception:  # the server may be busy; the next sample will do
                continue

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_child(loader: str, actors: int, env: dict[str, str], pid: int, driver, seed: int,
              pythonpath: Path | None = None, no_change: bool = False) -> dict:
    command = [sys.executable, __file__, "--child", loader, "--actors", str(actors), "--seed", str(seed),
               *(["--no-change"] if no_change else [])]
    extra = {"PYTHONPATH": str(pythonpath)} if pythonpath else {}
    process = subprocess.Popen(command, env={**os.environ, **env, **extra}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=pythonpath or REPO)
    process.stderr.readline()  # "ready": generated and connected
    with ServerSampler(pid, driver) as sampler:
        out, err = process.communicate()
    if process.returncode != 0 or not out.strip():
        raise SystemExit(f"the {loader} loader failed:\n{err}")
    result = json.loads(out.strip().splitlines()[-1])
    result["server_peak_mib"] = sampler.rss / 2**20
    result["tx_heap_peak_mib"] = sampler.tx_heap / 2**20
    return result


def previous_code(commit: str, into: Path) -> Path:
    """graphkit as it was at `commit` (its package only), unpacked into `into`."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit, "graphkit"], capture_output=True, check=True)
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(heap: str, prefix: str):
    """A new Neo4j (`tools/neo4j-local`, a fresh home, a free port, a password, heap `heap`): its
    home, its `Neo4jConfig`, and the function that stops it and removes the home."""
    from graphkit.store import Neo4jConfig

    home = Path(tempfile.mkdtemp(prefix=prefix))
    port, password = free_port(), secrets.token_urlsafe(18)
    env = {**os.environ, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": password, "NEO4J_LOCAL_HEAP": heap,
           "NEO4J_LOCAL_TIMEOUT": "280"}
    where = ["--home", str(home), "--port", str(port)]
    started = subprocess.run(["bash", str(NEO4J_LOCAL), "start", *where], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        raise SystemExit(f"cannot start Neo4j:\n{started.stderr}")

    def stop() -> None:
        subprocess.run(["bash", str(NEO4J_LOCAL), "stop", *where], env=env, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)

    return home, Neo4jConfig(uri=f"bolt://127.0.0.1:{port}", password=password), stop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000], help="actors per dataset")
    parser.add_argument("--heap", default="1g", help="the server's heap (NEO4J_LOCAL_HEAP)")
    parser.add_argument("--previous-commit", default="d9a11ff",
                        help="the commit whose one-transaction loader is measured beside (git archive)")
    parser.add_argument("--no-previous", action="store_true", help="measure graphkit's loader alone")
    parser.add_argument("--no-change", action="store_true", help="skip the load with 1 %% of the actors renamed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--child", choices=["graphkit", "previous"], help=argparse.SUPPRESS)
    parser.add_argument("--actors", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return 0

    from graphkit.store import Store
    from graphkit.store.cypher import statements

    home, config, stop = start_server(args.heap, "bench-load-neo4j-")
    env = config.env()
    pid = int((home / "neo4j-local.pid").read_text())
    results: dict = {"heap": args.heap, "sizes": {}}
    scratch = Path(tempfile.mkdtemp(prefix="bench-load-previous-"))
    try:
        previous = None if args.no_previous else previous_code(args.previous_commit, scratch)
        with Store(config) as store:
            for size in args.sizes:
                print(f"graphkit loader, {size} actors ...", file=sys.stderr, flush=True)
                results["sizes"][size] = {"graphkit": run_child("graphkit", size, env, pid, store.driver, args.seed,
                                                                     no_change=args.no_change)}
                if previous is not None:
                    print(f"previous loader, {size} actors ...", file=sys.stderr, flush=True)
                    for statement in statements((HERE / "cypher" / "previous_schema.cypher").read_text()):
                        store.driver.execute_query(statement)
                    results["sizes"][size]["previous"] = run_child("previous", size, env, pid, store.driver,
                                                                   args.seed, pythonpath=previous)
                    store.apply_schema()  # the previous loader's constraints are the current one's indexes again
    finally:
        stop()
        shutil.rmtree(scratch, ignore_errors=True)

    print(report(results))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def report(results: dict) -> str:
    """The results as a Markdown table, one row per loader and size."""
    lines = [
        f"Neo4j heap {results['heap']}.",
        "",
        "| actors | relationships | loader | first load (s) | rel/s | reload unchanged (s) | reload % "
        "| 1 % changed (s) | unload (s) | client peak (MiB) | server RSS peak (MiB) | tx heap peak (MiB) |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def number(value, unit: str = "") -> str:
        return "" if value is None else f"{value:,.1f}{unit}"

    for size, loaders in results["sizes"].items():
        for loader, m in loaders.items():
            rels, first, reload = m["relationships"], m.get("seconds"), m.get("reload_seconds")
            cells = [f"{int(size):,}", f"{rels:,}", loader, number(first),
                     f"{rels / first:,.0f}" if first else "", number(reload),
                     number(100 * reload / first, " %") if first and reload else "",
                     number(m.get("changed_seconds")), number(m.get("unload_seconds")),
                     number(m["client_peak_mib"]), number(m["server_peak_mib"]), number(m["tx_heap_peak_mib"])]
            if "error" in m:
                cells[3 if first is None else 5] = f"failed: {m['error']}"
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("graphkit's phases (s): " + "; ".join(
        f"{int(size):,} actors: " + ", ".join(f"{phase} {seconds:.1f}" for phase, seconds in
                                               loaders["graphkit"].get("phases", {}).items())
        for size, loaders in results["sizes"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
