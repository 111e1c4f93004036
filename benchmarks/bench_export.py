"""Time and memory of every one-file export format: the streaming writers against the previous
whole-document ones, side by side.

    python benchmarks/bench_export.py                          # 10,000 and 100,000 actors
    python benchmarks/bench_export.py --sizes 2000             # a quick run
    python benchmarks/bench_export.py --sizes 10000 --formats json gexf
    python benchmarks/bench_export.py --sizes 100000 --without-previous   # today's writers alone

For each size: a synthetic network (`synthetic.generate`, about 5 relationships per actor), its
graph form and the map's look (for GEXF and GraphML, as `graphkit export` gives them; built once,
outside the timings). Then each format is written to a file on disk by the previous writer (the
module as the last commit has it, `git show HEAD:path`, loaded into a module of its own) and by
today's, each timed, then each again under tracemalloc (an untimed run) for its peak memory: what
the writer holds beyond the graph. The two files are compared byte for byte. Prints a markdown
table; ratios are today's over the previous.
"""

from __future__ import annotations

import argparse
import filecmp
import gc
import subprocess
import sys
import tempfile
import time
import tracemalloc
import types
from pathlib import Path

from graphkit import synthetic
from graphkit.formats import gexf, graphml, json
from graphkit.formats.ftm import write as ftm_write
from graphkit.graph import dataset_to_graph

REPO = Path(__file__).resolve().parent.parent
WRITERS = {  # format -> (its module's path in the repository, today's writer)
    "json": ("graphkit/formats/json.py", json.write),
    "gexf": ("graphkit/formats/gexf.py", gexf.write),
    "graphml": ("graphkit/formats/graphml.py", graphml.write),
    "ftm": ("graphkit/formats/ftm/write.py", ftm_write.write),
}
STYLED = {"gexf", "graphml"}
MIB = 1024 * 1024


def previous_writer(path: str, revision: str):
    """The `write` of a module as `revision` has it, loaded from `git show` into a module of its own."""
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{revision}:{path}"], capture_output=True,
                            text=True, check=True).stdout
    module = types.ModuleType("previous_" + path.replace("/", "_").removesuffix(".py"))
    exec(compile(source, f"{revision}:{path}", "exec"), module.__dict__)
    return module.write


def timed(write, graph, path: Path, options: dict) -> float:
    gc.collect()
    start = time.perf_counter()
    with open(path, "wb") as out:
        write(graph, out, **options)
    return time.perf_counter() - start


def peak(write, graph, path: Path, options: dict) -> float:
    """MiB the writer allocated at its peak (tracemalloc), beyond what existed before it ran."""
    gc.collect()
    tracemalloc.start()
    try:
        with open(path, "wb") as out:
            write(graph, out, **options)
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", choices=list(WRITERS), default=list(WRITERS))
    parser.add_argument("--previous", default="HEAD", metavar="REVISION",
                        help="the git revision whose writers are the previous ones (default: HEAD)")
    parser.add_argument("--without-previous", action="store_true",
                        help="run today's writers only (the previous ones hold the whole document: GBs at 100,000)")
    args = parser.parse_args(argv)
    from graphkit.map.look import look_of

    previous = {} if args.without_previous else {
        fmt: previous_writer(WRITERS[fmt][0], args.previous) for fmt in args.formats}
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        for n in args.sizes:
            graph = dataset_to_graph(synthetic.generate(n))
            start = time.perf_counter()
            look = look_of(graph) if STYLED & set(args.formats) else None
            look_seconds = time.perf_counter() - start
            print(f"{n:,} actors: graph and look ready (look {look_seconds:.1f} s)", file=sys.stderr, flush=True)
            for fmt in args.formats:
                options = {"look": look} if fmt in STYLED else {}
                before, after = Path(folder) / f"previous.{fmt}", Path(folder) / f"streaming.{fmt}"
                old = previous.get(fmt)
                seconds = (timed(old, graph, before, options) if old else None,
                           timed(WRITERS[fmt][1], graph, after, options))
                same = filecmp.cmp(before, after, shallow=False) if old else None
                size = after.stat().st_size / MIB
                memory = (peak(old, graph, before, options) if old else None,
                          peak(WRITERS[fmt][1], graph, after, options))
                rows.append((n, graph.number_of_edges(), fmt, size, *seconds, *memory, same))
                print(f"  {fmt}: {seconds} s, {memory} MiB", file=sys.stderr, flush=True)
            del graph, look
            gc.collect()
    print("| actors | relationships | format | file (MiB) | previous (s) | streaming (s) | time ratio "
          "| previous peak (MiB) | streaming peak (MiB) | memory ratio | same bytes |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for n, m, fmt, size, old_s, new_s, old_mb, new_mb, same in rows:
        if old_s is None:
            print(f"| {n:,} | {m:,} | {fmt} | {size:.1f} | – | {new_s:.2f} | – | – | {new_mb:.1f} | – | – |")
            continue
        print(f"| {n:,} | {m:,} | {fmt} | {size:.1f} | {old_s:.2f} | {new_s:.2f} | {new_s / old_s:.2f} "
              f"| {old_mb:.0f} | {new_mb:.1f} | {new_mb / old_mb:.3f} | {'yes' if same else 'NO'} |")
    return 0 if all(row[-1] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
