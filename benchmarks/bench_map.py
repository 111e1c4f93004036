"""How big and how fast the HTML maps are: build time, file size, time until interactive.

    python benchmarks/bench_map.py                       # 500, 2,000, 10,000 and 50,000 actors
    python benchmarks/bench_map.py --sizes 2000          # a quick run
    python benchmarks/bench_map.py --screenshot docs/map.png   # redraw the README's picture

For each size: a synthetic network (`synthetic.generate`, about 5 relationships per actor) and its
map, built with `render_map` (layout, centrality and page, as `graphkit map` pays them) and opened
in headless Chromium (`/usr/bin/chromium`, or $GRAPHKIT_CHROMIUM) until the page sets
`window.graphkitReady`: after the first drawing of a map laid out in Python, or after the
in-browser stabilisation of a small one. Side by side in the same run, as ratios:

- layout: `spread_layout` against networkx's `spring_layout` (50 iterations), up to 2,000 actors
  (networkx needs minutes beyond);
- opening: the map laid out in Python against the same map laid out by vis-network's physics in
  the page (bounded to 200 iterations), up to `--physics-max` actors.

Also the time one step of the time slider takes (filtering every relationship, then the next frame),
on each of its clocks: "held on" (valid time: certain / may / out from each relationship's bounds)
and "known by" (knowledge time: the last step of each relationship's published record); the first
step (from all dates to the middle day, which hides most relationships) is shown apart.
Prints a markdown table for benchmarks/README.md.

`--before REV` also builds each map with the map code of git revision REV (its `graphkit` package,
taken with `git archive` into a temporary folder and run in a subprocess on the same synthetic
network) and opens both pages side by side (in turn: now, before, now, before...), up to
`--before-max` actors:

    python benchmarks/bench_map.py --sizes 2000 10000 50000 --before HEAD --repeat 1
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from graphkit import synthetic
from graphkit.graph import dataset_to_graph
from graphkit.map import render_map, spread_layout

CHROMIUM = os.environ.get("GRAPHKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}
SLIDER_STEP = """async ([step, clock]) => {
  const select = document.getElementById('clock');
  if (select.value !== clock) { select.value = clock; select.dispatchEvent(new Event('change')); }
  const slider = document.getElementById('time');
  const start = performance.now();
  slider.value = String(step);
  slider.dispatchEvent(new Event('input'));
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return performance.now() - start;
}"""


def open_map(browser, path: Path, timeout: float = 600) -> tuple[float, object]:
    """Seconds from navigation until the map is interactive, and the page (still open)."""
    page = browser.new_page(viewport=VIEWPORT)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    start = time.perf_counter()
    page.goto(path.as_uri(), timeout=timeout * 1000)
    page.wait_for_function("window.graphkitReady === true", timeout=timeout * 1000, polling=20)
    return time.perf_counter() - start, page


def time_open(browser, path: Path, repeat: int, *also: Path) -> list[tuple[float, float, float, float]]:
    """For the page at `path`, then each of `also` (opened in turn, so that a busy machine's drift
    weighs on all alike): the median seconds until interactive over `repeat` fresh pages, the
    median slider step (ms) on each clock (held on, known by), and the median first step (from
    all dates to the middle day)."""
    paths = (path, *also)
    opens, steps, known, first = ([[] for _ in paths] for _ in range(4))
    for _ in range(repeat):
        for at, each in enumerate(paths):
            seconds, page = open_map(browser, each)
            opens[at].append(seconds)
            middle = int(page.evaluate("document.getElementById('time').max")) // 2
            first[at].append(page.evaluate(SLIDER_STEP, [middle, "valid"]))
            steps[at] += [page.evaluate(SLIDER_STEP, [middle + offset, "valid"]) for offset in range(1, 6)]
            known[at] += [page.evaluate(SLIDER_STEP, [middle + offset, "known"]) for offset in range(1, 6)]
            page.close()
    return [(statistics.median(opens[at]), statistics.median(steps[at]), statistics.median(known[at]),
             statistics.median(first[at])) for at in range(len(paths))]


BEFORE = """import sys, time
from pathlib import Path
from graphkit import synthetic
from graphkit.graph import dataset_to_graph
from graphkit.map import render_map
graph = dataset_to_graph(synthetic.generate(int(sys.argv[1]), seed=0))
start = time.perf_counter()
text = render_map(graph)
print(time.perf_counter() - start)
Path(sys.argv[2]).write_text(text, encoding="utf-8")
"""


def build_before(revision: str, n: int, folder: Path) -> tuple[float, Path]:
    """The map of the same synthetic network built by the map code of git `revision`: seconds, file."""
    code = folder / f"before-{revision.replace('/', '_')}"
    if not code.exists():
        archive = subprocess.run(["git", "archive", revision, "graphkit"], check=True, capture_output=True,
                                 cwd=Path(__file__).resolve().parent.parent).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(code, filter="data")
    out = folder / f"map-{n}-before.html"
    done = subprocess.run([sys.executable, "-c", BEFORE, str(n), str(out)], check=True, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(code)}, cwd=code)
    return float(done.stdout.strip().splitlines()[-1]), out


def timed(function, *args, **kw):
    start = time.perf_counter()
    result = function(*args, **kw)
    return time.perf_counter() - start, result


def bench(sizes: list[int], repeat: int, physics_max: int, spring_max: int, before: str | None = None,
          before_max: int = 10000) -> None:
    from playwright.sync_api import sync_playwright

    import networkx as nx

    rows, compared = [], []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for n in sizes:
            graph = dataset_to_graph(synthetic.generate(n, seed=0))
            build, page = timed(render_map, graph)
            path = Path(folder) / f"map-{n}.html"
            path.write_text(page, encoding="utf-8")
            layout, _ = timed(spread_layout, graph)
            spring = timed(nx.spring_layout, graph, iterations=50, seed=0)[0] if n <= spring_max else None
            if before and n <= before_max:  # the two pages opened in turn
                old_build, old_path = build_before(before, n, Path(folder))
                (interactive, step, known, first), (old_open, old_step, old_known, old_first) = \
                    time_open(browser, path, repeat, old_path)
                compared.append((n, old_path.stat().st_size / 2**20, path.stat().st_size / 2**20, old_build, build,
                                 old_open, interactive, old_first, first, old_step, step, old_known, known))
            else:
                interactive, step, known, first = time_open(browser, path, repeat)[0]
            physics = None
            if n <= physics_max:
                in_browser = Path(folder) / f"map-{n}-physics.html"
                in_browser.write_text(render_map(graph, layout_threshold=n + 1), encoding="utf-8")
                physics = time_open(browser, in_browser, repeat)[0][0]
            rows.append((n, graph.number_of_edges(), path.stat().st_size / 2**20, build, layout, spring,
                         interactive, physics, step, known, first))
            print(f"{n} actors done", file=sys.stderr, flush=True)
        browser.close()

    print("| actors | relationships | file (MiB) | build (s) | layout alone (s) | networkx spring_layout (s) "
          "| layout speed-up | interactive (s) | with in-page physics (s) | opening speed-up | slider step (ms) "
          "| known-by step (ms) | first step (ms) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, m, size, build, layout, spring, interactive, physics, step, known, first in rows:
        print(f"| {n:,} | {m:,} | {size:.1f} | {build:.2f} | {layout:.2f} | "
              f"{'—' if spring is None else f'{spring:.2f}'} | {'—' if spring is None else f'{spring / layout:.0f}×'} | "
              f"{interactive:.2f} | {'—' if physics is None else f'{physics:.2f}'} | "
              f"{'—' if physics is None else f'{physics / interactive:.1f}×'} | {step:.0f} | {known:.0f} "
              f"| {first:.0f} |")
    if compared:
        print(f"\nBefore ({before}) and now, side by side (the ratio is before / now):\n")
        print("| actors | file before (MiB) | file now (MiB) | ratio | build before (s) | build now (s) "
              "| interactive before (s) | interactive now (s) | ratio | first step before (ms) | first step now (ms) "
              "| ratio | step before (ms) | step now (ms) | ratio | known-by step before (ms) | known-by step now (ms) |")
        print("|---:" * 17 + "|")
        for n, fb, fn, bb, bn, ob, on, firstb, firstn, sb, sn, kb, kn in compared:
            print(f"| {n:,} | {fb:.1f} | {fn:.1f} | {fb / fn:.1f}× | {bb:.1f} | {bn:.1f} | {ob:.2f} | {on:.2f} | "
                  f"{ob / on:.1f}× | {firstb:.0f} | {firstn:.0f} | {firstb / firstn:.1f}× | {sb:.0f} | {sn:.0f} | "
                  f"{sb / sn:.1f}× | {kb:.0f} | {kn:.0f} |")


def screenshot(out: Path) -> None:
    """Draw the map of the dataset under seed/ and save it as a reader sees it."""
    from playwright.sync_api import sync_playwright

    from graphkit.dataset import default_dataset_paths, read_dataset

    graph = dataset_to_graph(read_dataset(default_dataset_paths()[0]))
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "map.html"
        path.write_text(render_map(graph), encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        _, page = open_map(browser, path)
        # with the evidence of the best-sourced relationship open in the side panel
        best = max(graph.edges(keys=True, data=True), key=lambda edge: len(edge[3].get("citations") or ()))
        page.evaluate("(id) => graphkit.selectRelationship(id)", best[2])
        page.screenshot(path=str(out))
        browser.close()
    print(f"{out}: screenshot of the map of {graph.graph.get('name')}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=3, help="page loads per map (the median is shown)")
    parser.add_argument("--physics-max", type=int, default=2000,
                        help="largest map also opened with in-page physics, for the comparison")
    parser.add_argument("--spring-max", type=int, default=2000,
                        help="largest network also laid out by networkx's spring_layout")
    parser.add_argument("--before", metavar="REV",
                        help="also build and open each map with the map code of this git revision (e.g. HEAD)")
    parser.add_argument("--before-max", type=int, default=10000,
                        help="largest map also built with the code of --before")
    parser.add_argument("--screenshot", type=Path, metavar="PNG",
                        help="only save a screenshot of the seed dataset's map to this file")
    args = parser.parse_args(argv)
    if args.screenshot:
        screenshot(args.screenshot)
    else:
        bench(args.sizes, args.repeat, args.physics_max, args.spring_max, args.before, args.before_max)
    return 0


if __name__ == "__main__":
    sys.exit(main())
