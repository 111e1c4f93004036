"""Time every centrality measure through graphkit and through python-igraph, side by side.

    pip install -e '.[bench]'
    python benchmarks/bench_analysis.py                  # 10,000 and 100,000 actors
    python benchmarks/bench_analysis.py --sizes 2000     # a quick run

For each size: a synthetic network (`synthetic.generate`, about 5 relationships per actor), its
graph form, then each measure timed through `graphkit.analysis.centrality` (projection included,
as a user pays it) and through igraph on the same projection, built beforehand (igraph's best
case). Prints a markdown table of seconds (graphkit's with the share spent projecting the graph
form), the ratios, graphkit's peak memory (tracemalloc, a separate untimed run) and the largest
difference between the two results. At the smallest size
it also measures the error of sampled betweenness against igraph's exact values.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc

from graphkit import analysis, synthetic
from graphkit.analysis import kernels
from graphkit.graph import dataset_to_graph, project

# Closeness is exact, O(actors x arcs): minutes at 100,000 actors for igraph and graphkit alike.
LARGE_MEASURES = ("degree", "in-degree", "pagerank", "eigenvector", "betweenness")
LARGE = 50_000


def igraph_graphs(graph):
    """The directed and undirected projections as igraph graphs, with the node order of `graph`."""
    import igraph

    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    made = {}
    for directed in (True, False):
        simple = project(graph, directed=directed)
        made[directed] = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in simple.edges()],
                                      directed=directed)
    return nodes, made


def igraph_measure(graphs, measure: str, sources):
    """igraph's version of a graphkit measure, scaled like graphkit's (networkx's) scores."""
    directed, undirected = graphs[True], graphs[False]
    n = directed.vcount()
    if measure == "degree":
        return [d / (n - 1) for d in undirected.degree()]
    if measure == "in-degree":
        return [d / (n - 1) for d in directed.indegree()]
    if measure == "out-degree":
        return [d / (n - 1) for d in directed.outdegree()]
    if measure == "pagerank":  # PRPACK, igraph's default, takes up to 100 times longer on these graphs
        return directed.pagerank(implementation="arpack")
    if measure == "eigenvector":
        values = undirected.eigenvector_centrality(scale=False)
        norm = sum(v * v for v in values) ** 0.5
        return [v / norm for v in values]
    if measure == "closeness":
        return directed.closeness(mode="in", normalized=True)
    if measure == "betweenness":
        scale = 1 / ((n - 1) * (n - 2)) * (1 if sources is None else n / len(sources))
        values = directed.betweenness(sources=sources) if sources is not None else directed.betweenness()
        return [v * scale for v in values]
    raise ValueError(measure)


def timed(function):
    """The result and the seconds a call takes: the best of three when it takes under a second,
    since a machine shared with other work makes short timings noisy."""
    best = float("inf")
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
        if best >= 1.0:
            break
    return result, best


def peak_memory(function) -> float:
    """Peak bytes allocated by a call (numpy and Python allocations; an untimed second run)."""
    gc.collect()
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def warm_up() -> None:
    """Run every measure once on a small network first, so that no timing includes imports."""
    graph = dataset_to_graph(synthetic.generate(1000))
    _, graphs = igraph_graphs(graph)
    for measure in analysis.MEASURES:
        analysis.centrality(graph, measure)
        igraph_measure(graphs, measure, None)


def run_size(n_actors: int, seed: int) -> list[dict]:
    generated = time.perf_counter()
    dataset = synthetic.generate(n_actors, seed=seed)
    built = time.perf_counter()
    graph = dataset_to_graph(dataset)
    generated, built = built - generated, time.perf_counter() - built
    del dataset
    print(f"# {n_actors} actors: generated in {generated:.1f} s, graph form built in {built:.1f} s "
          f"({graph.number_of_edges()} relationships)", file=sys.stderr)
    converted = time.perf_counter()
    nodes, graphs = igraph_graphs(graph)
    converted = time.perf_counter() - converted
    print(f"  igraph graphs built from the graph form in {converted:.1f} s (not in igraph's times)",
          file=sys.stderr)
    k = analysis.sample_size(graph)
    # the same sources for both: graphkit's sample (see analysis.kernels.betweenness)
    sources = None if k is None else sorted(random.Random(42).sample(range(len(nodes)), k))
    # graphkit's times include projecting the graph form onto a sparse matrix, which igraph's
    # (its graph built beforehand) do not: timed apart here to show what that part costs
    _, projected = timed(lambda: kernels.projection(graph, directed=True, weighted=False))
    _, projected_undirected = timed(lambda: kernels.projection(graph, directed=False, weighted=False))
    rows = []
    for measure in (analysis.MEASURES if n_actors < LARGE else LARGE_MEASURES):
        projection = projected_undirected if analysis.REGISTRY[measure].undirected else projected
        ours, ours_seconds = timed(lambda: analysis.centrality(graph, measure))
        theirs, their_seconds = timed(lambda: igraph_measure(graphs, measure, sources))
        if measure == "closeness":  # igraph leaves out the Wasserman-Faust factor (reached / (n - 1))
            reached = graphs[True].neighborhood_size(order=len(nodes), mode="in")
            theirs = [value * (r - 1) / (len(nodes) - 1) for value, r in zip(theirs, reached)]
        difference = max(abs(ours[node] - value) for node, value in zip(nodes, theirs))
        peak = peak_memory(lambda: analysis.centrality(graph, measure))
        rows.append({
            "actors": n_actors, "relationships": graph.number_of_edges(),
            "measure": measure + (f" (k={k})" if measure == "betweenness" and k else ""),
            "graphkit": ours_seconds, "projection": projection, "igraph": their_seconds,
            "ratio": ours_seconds / their_seconds,
            "peak": peak / 2**20, "difference": difference,
        })
        print(f"  {measure}: {ours_seconds:.2f} s vs {their_seconds:.2f} s", file=sys.stderr)
    return rows


def sampling_error(n_actors: int, seed: int) -> dict:
    """Sampled betweenness against exact (igraph) on one network: how far the estimate strays."""
    graph = dataset_to_graph(synthetic.generate(n_actors, seed=seed))
    nodes, graphs = igraph_graphs(graph)
    k = analysis.sample_size(graph)
    estimate = analysis.centrality(graph, "betweenness")
    exact = dict(zip(nodes, igraph_measure(graphs, "betweenness", None)))
    top = sorted(exact, key=exact.get, reverse=True)
    top_estimated = sorted(estimate, key=estimate.get, reverse=True)
    relative = [abs(estimate[node] - exact[node]) / exact[node] for node in top[:10]]
    return {
        "actors": n_actors, "k": k,
        "max_abs": max(abs(estimate[node] - exact[node]) for node in nodes),
        "max_exact": exact[top[0]],
        "top10_relative": max(relative),
        "top10_overlap": len(set(top[:10]) & set(top_estimated[:10])),
        "top100_overlap": len(set(top[:100]) & set(top_estimated[:100])),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-error", action="store_true", help="skip the sampled-betweenness error check")
    args = parser.parse_args(argv)
    warm_up()
    rows = [row for size in args.sizes for row in run_size(size, args.seed)]
    print("| actors | relationships | measure | graphkit s | of which projection s | igraph s | ratio "
          "| graphkit peak MiB | max abs diff |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['actors']:,} | {row['relationships']:,} | {row['measure']} | {row['graphkit']:.2f} "
              f"| {row['projection']:.2f} | {row['igraph']:.2f} | {row['ratio']:.1f}x "
              f"| {row['peak']:.0f} | {row['difference']:.1e} |")
    if not args.no_error:
        error = sampling_error(min(args.sizes), args.seed)
        print(f"\nSampled betweenness at {error['actors']:,} actors (k={error['k']}): largest absolute "
              f"error {error['max_abs']:.2e} (the largest exact score is {error['max_exact']:.3f}); "
              f"the top 10 actors' scores within {100 * error['top10_relative']:.1f} %; "
              f"top 10 found {error['top10_overlap']}/10, top 100 found {error['top100_overlap']}/100.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
