"""A PageRank ranking of a dataset folder: the array path against the networkx path and igraph,
measured side by side in one run.

    pip install -e '.[bench]'
    python benchmarks/bench_rankings.py                     # 10,000 and 100,000 actors
    python benchmarks/bench_rankings.py --sizes 2000        # a quick run

For each size: a synthetic dataset (`synthetic.generate`, about 5 relationships per actor) written
in its spreadsheet (CSV) form, then

- in one process, on the same dataset in memory: the networkx path (`dataset_to_graph`,
  `filter_graph`, PageRank on its projection) and the array path (`EdgeArrays.from_dataset`,
  `save`/`load` of the cached arrays, `array_slices.select`, PageRank on its projection), each
  with no filter and with `--as-of 2015`; the two rankings are checked to be the same;
- as a user runs it, each in a fresh process (wall seconds, peak RSS): `graphkit centrality FOLDER
  --measure pagerank` cold (an empty cache: the CSV read, checked and turned into arrays), warm,
  and warm with `--as-of 2015`; and igraph reading the same network as an edge list (one
  "from to" line per arc, `Graph.Read_Ncol`) and running its PageRank (ARPACK), interpreter start included in both.

Prints markdown tables: seconds per step, and the end-to-end commands (wall and CPU seconds, peak
RSS) with their CPU time over igraph's. A cache entry is keyed by graphkit's code too: a run while
graphkit's files change makes the "warm" run a cold one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graphkit import synthetic
from graphkit.analysis import centralities
from graphkit.dataset import write_csv
from graphkit.graph import dataset_to_graph, filter_graph
from graphkit.graph.array_slices import select
from graphkit.graph.arrays import EdgeArrays

AS_OF = "2015"
_PEAK = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
         "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
         "usage = resource.getrusage(resource.RUSAGE_CHILDREN); "
         "print(time.perf_counter() - start, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime)")
_IGRAPH = ("import sys, igraph; g = igraph.Graph.Read_Ncol(sys.argv[1], directed=True, weights=False); "
           "scores = g.pagerank(implementation='arpack'); print(max(scores))")


def clock(function):
    """The result and the seconds of one call."""
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of a command run in a fresh
    process. On a shared machine the CPU seconds are the steadier measure."""
    out = subprocess.run([sys.executable, "-c", _PEAK, *command], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    if out[2] != "0":
        raise SystemExit(f"{' '.join(command)} failed")
    return float(out[0]), float(out[3]), int(out[1]) / 1024


def in_process(dataset, folder: Path) -> list[tuple[str, float, float]]:
    """(step, networkx seconds, arrays seconds) on one dataset in memory; the rankings compared."""
    centralities(filter_graph(dataset_to_graph(synthetic.generate(20))), ["pagerank"])  # imports, untimed
    graph, to_graph = clock(lambda: dataset_to_graph(dataset))
    arrays, build = clock(lambda: EdgeArrays.from_dataset(dataset))
    path = folder / "arrays.npz"
    _, save = clock(lambda: arrays.save(path))
    arrays, load = clock(lambda: EdgeArrays.load(path))
    rows = [("dataset to graph / arrays (cold, once)", to_graph, build), ("save arrays (cold, once)", 0.0, save),
            ("load arrays (warm)", 0.0, load)]
    for label, filters in (("whole network", {}), (f"as of {AS_OF}", {"as_of": AS_OF})):
        sliced, nx_filter = clock(lambda: filter_graph(graph, **filters))
        chosen, arrays_filter = clock(lambda: select(arrays, **filters))
        nx_scores, nx_rank = clock(lambda: centralities(sliced, ["pagerank"])["pagerank"])
        array_scores, arrays_rank = clock(lambda: centralities(chosen, ["pagerank"])["pagerank"])
        if nx_scores != array_scores:
            raise SystemExit(f"{label}: the two paths ranked differently")
        rows += [(f"filter: {label}", nx_filter, arrays_filter), (f"project + PageRank: {label}", nx_rank, arrays_rank)]
    edge_list = folder / "edges.txt"  # the whole network's arcs, one "from to" line each (a symmetric tie both ways)
    with open(edge_list, "w") as handle:
        ids = arrays.actor_ids
        for u, v, one_way in zip(arrays.source.tolist(), arrays.target.tolist(), arrays.directed.tolist()):
            handle.write(f"{ids[u]} {ids[v]}\n")
            if not one_way:
                handle.write(f"{ids[v]} {ids[u]}\n")
    return rows


def end_to_end(folder: Path, cache: Path) -> list[tuple[str, float, float]]:
    env = dict(os.environ, GRAPHKIT_CACHE_DIR=str(cache))
    graphkit = [str(Path(sys.executable).with_name("graphkit")), "centrality", str(folder / "dataset"),
                "--measure", "pagerank"]
    igraph_run = run([sys.executable, "-c", _IGRAPH, str(folder / "edges.txt")], env)
    rows = [("igraph: read the edge list, PageRank", *igraph_run)]
    rows.append(("graphkit centrality, cold (empty cache)", *run(graphkit, env)))
    rows.append(("graphkit centrality, warm", *run(graphkit, env)))
    rows.append((f"graphkit centrality --as-of {AS_OF}, warm", *run(graphkit + ["--as-of", AS_OF], env)))
    return [(label, seconds, cpu, peak, cpu / igraph_run[1]) for label, seconds, cpu, peak in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args(argv)
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as scratch:
            folder = Path(scratch)
            dataset = synthetic.generate(n)
            write_csv(dataset, folder / "dataset")
            print(f"\n## {n:,} actors, {len(dataset.relationships):,} relationships\n")
            print("| step | networkx path (s) | array path (s) | networkx / arrays |\n|---|---:|---:|---:|")
            for label, nx_seconds, array_seconds in in_process(dataset, folder):
                ratio = f"{nx_seconds / array_seconds:.1f}x" if nx_seconds else "-"
                print(f"| {label} | {nx_seconds:.2f} | {array_seconds:.2f} | {ratio} |")
            del dataset
            print("\n| command (fresh process) | wall (s) | CPU (s) | peak RSS (MB) | CPU / igraph's |\n"
                  "|---|---:|---:|---:|---:|")
            for label, seconds, cpu, peak, ratio in end_to_end(folder, folder / "cache"):
                print(f"| {label} | {seconds:.2f} | {cpu:.2f} | {peak:.0f} | {ratio:.2f}x |")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
