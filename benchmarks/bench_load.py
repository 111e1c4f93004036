"""Load benchmark: graphkit's loader beside a naive one-MERGE-per-record loader, on a real Neo4j.

    pip install -e '.[bench]'                   # neo4j-rust-ext, the driver's Rust extension
    python benchmarks/bench_load.py             # 10,000 and 100,000 synthetic actors, ~10 minutes
    python benchmarks/bench_load.py --sizes 2000 --naive-sample 500   # a quick run

It starts its own Neo4j with `tools/neo4j-local` (a fresh folder, a free port, heap --heap) and
stops it at the end. Each loader runs in a child process, so that its peak memory is its own;
meanwhile this process samples the server's memory (resident set of its JVM, and the heap its
transactions hold as `SHOW TRANSACTIONS` estimates it).

- graphkit: `Store.load` of the whole synthetic dataset (`synthetic.generate`), one
  transaction, then a second load of the same dataset (nothing changes, nothing is written).
- naive: a MERGE statement per actor, source, relationship and CITES link, each its own
  auto-commit transaction, writing the same properties. It is run on a sample (a synthetic
  dataset of --naive-sample actors) and its time per record of each kind extrapolated to each
  size: at about a millisecond per record it would take hours at 100,000 actors.

Relationships per second are the dataset's relationships over the whole load (actors, sources
and citation links included). The ratio is the naive loader's extrapolated time over graphkit's.
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
NEO4J_LOCAL = HERE.parent / "tools" / "neo4j-local" / "neo4j-local"


def _naive_cypher(name: str) -> str:
    return (HERE / "cypher" / f"naive_{name}.cypher").read_text(encoding="utf-8")


def naive_load(driver, dataset) -> dict[str, tuple[int, float]]:
    """One auto-commit MERGE per record: {kind of record: (how many, seconds)}."""
    from graphkit.graph import actor_attributes, relationship_attributes, source_record
    from graphkit.store.mapping import actor_properties, relationship_properties, source_properties

    name = dataset.name
    work = {
        "actors": (_naive_cypher("actor"), [
            {"id": a.id, "kind": a.kind, "props": actor_properties(a.id, actor_attributes(a), name)}
            for a in dataset.actors.values()]),
        "sources": (_naive_cypher("source"), [
            {"id": s.id, "props": source_properties(source_record(s), name)}
            for s in dataset.sources.values()]),
        "relationships": (_naive_cypher("relationship"), [
            {"id": r.id, "from": r.source, "to": r.target, "type": r.type,
             "props": relationship_properties(relationship_attributes(r, dataset.sources, dataset.actors, name),
                                              name, dataset.sources)}
            for r in dataset.relationships.values()]),
        "citations": (_naive_cypher("citation"), [
            {"source": source, "actor": actor, "relationships": ids}
            for (source, actor), ids in citations(dataset).items()]),
    }
    timings = {}
    with driver.session() as session:
        for kind, (query, rows) in work.items():
            started = time.perf_counter()
            for row in rows:
                session.run(query, dataset=name, **row).consume()
            timings[kind] = (len(rows), time.perf_counter() - started)
    return timings


def citations(dataset) -> dict:
    """The CITES links of a dataset: (source, actor) -> the relationships they name."""
    from graphkit.store.mapping import citation_links

    return citation_links((r.id, (r.source, r.target), r.source_ids) for r in dataset.relationships.values())


def child(args: argparse.Namespace) -> None:
    """Run one loader (in its own process) and print what it measured as JSON."""
    from graphkit import synthetic
    from graphkit.store import Store

    dataset = synthetic.generate(args.actors, seed=args.seed)
    dataset.name = f"bench-{args.child}-{args.actors}-{secrets.token_hex(3)}"
    result = {"actors": len(dataset.actors), "sources": len(dataset.sources),
              "relationships": len(dataset.relationships), "citations": len(citations(dataset))}
    with Store() as store:  # NEO4J_URI, NEO4J_PASSWORD from the parent
        store.apply_schema()
        print("ready", file=sys.stderr, flush=True)  # the parent starts sampling the server here
        if args.child == "graphkit":
            started = time.perf_counter()
            report = store.load(dataset)
            result["seconds"] = time.perf_counter() - started
            result["phases"] = report.seconds
            assert report.total("created") == len(dataset.actors) + len(dataset.sources) + len(dataset.relationships)
            started = time.perf_counter()
            again = store.load(dataset)
            result["reload_seconds"] = time.perf_counter() - started
            assert not again.changed
        else:
            result["timings"] = naive_load(store.driver, dataset)
        store.delete_dataset(dataset.name)
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
        while not self._stop.wait(0.25):
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


def run_child(loader: str, actors: int, env: dict[str, str], pid: int, driver, seed: int) -> dict:
    command = [sys.executable, __file__, "--child", loader, "--actors", str(actors), "--seed", str(seed)]
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    process.stderr.readline()  # "ready": generated and connected
    with ServerSampler(pid, driver) as sampler:
        out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"the {loader} loader failed:\n{err}")
    result = json.loads(out.strip().splitlines()[-1])
    result["server_peak_mib"] = sampler.rss / 2**20
    result["tx_heap_peak_mib"] = sampler.tx_heap / 2**20
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="actors per dataset")
    parser.add_argument("--naive-sample", type=int, default=2000, help="actors in the naive loader's sample")
    parser.add_argument("--heap", default="12g", help="the server's heap (NEO4J_LOCAL_HEAP)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--child", choices=["graphkit", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--actors", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return 0

    from graphkit.store import Neo4jConfig, Store

    home = Path(tempfile.mkdtemp(prefix="bench-load-neo4j-"))
    port, password = free_port(), secrets.token_urlsafe(18)
    server_env = {**os.environ, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": password, "NEO4J_LOCAL_HEAP": args.heap}
    where = ["--home", str(home), "--port", str(port)]
    started = subprocess.run(["bash", str(NEO4J_LOCAL), "start", *where], env=server_env, capture_output=True, text=True)
    if started.returncode != 0:
        raise SystemExit(f"cannot start Neo4j:\n{started.stderr}")
    config = Neo4jConfig(uri=f"bolt://127.0.0.1:{port}", password=password)
    env = config.env()
    pid = int((home / "neo4j-local.pid").read_text())
    results: dict = {"heap": args.heap, "sizes": {}}
    try:
        with Store(config) as store:
            driver = store.driver
            print(f"naive loader on a sample of {args.naive_sample} actors ...", file=sys.stderr, flush=True)
            naive = run_child("naive", args.naive_sample, env, pid, driver, args.seed)
            results["naive_sample"] = naive
            per_record = {kind: seconds / count for kind, (count, seconds) in naive["timings"].items()}
            for size in args.sizes:
                print(f"graphkit loader, {size} actors ...", file=sys.stderr, flush=True)
                measured = run_child("graphkit", size, env, pid, driver, args.seed)
                naive_seconds = sum(per_record[kind] * measured[kind] for kind in per_record)
                measured["naive_seconds_extrapolated"] = naive_seconds
                results["sizes"][size] = measured
    finally:
        subprocess.run(["bash", str(NEO4J_LOCAL), "stop", *where], env=server_env, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)

    print(report(results))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def report(results: dict) -> str:
    """The results as the Markdown table of benchmarks/README.md, with the naive sample below."""
    lines = [
        "| actors | relationships | CITES links | graphkit load (s) | rel/s | reload, unchanged (s) "
        "| naive, extrapolated (s) | naive rel/s | speed-up | client peak (MiB) | server RSS peak (MiB) "
        "| tx heap peak (MiB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, m in results["sizes"].items():
        rels = m["relationships"]
        lines.append(
            f"| {int(size):,} | {rels:,} | {m['citations']:,} | {m['seconds']:.1f} | {rels / m['seconds']:,.0f} "
            f"| {m['reload_seconds']:.1f} | {m['naive_seconds_extrapolated']:,.0f} "
            f"| {rels / m['naive_seconds_extrapolated']:,.0f} | {m['naive_seconds_extrapolated'] / m['seconds']:.0f}× "
            f"| {m['client_peak_mib']:,.0f} | {m['server_peak_mib']:,.0f} | {m['tx_heap_peak_mib']:,.0f} |")
    lines.append("")
    lines.append("graphkit's phases (s): " + "; ".join(
        f"{int(size):,} actors: " + ", ".join(f"{phase} {seconds:.1f}" for phase, seconds in m["phases"].items())
        for size, m in results["sizes"].items()))
    naive = results["naive_sample"]
    lines.append(
        f"naive sample ({naive['actors']:,} actors): " + ", ".join(
            f"{kind} {count:,} in {seconds:.1f} s ({1000 * seconds / count:.2f} ms each)"
            for kind, (count, seconds) in naive["timings"].items())
        + f"; client peak {naive['client_peak_mib']:,.0f} MiB, server RSS peak {naive['server_peak_mib']:,.0f} MiB")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
