"""Readers benchmark: what the visibility rule (no reader sees a load still staging) costs the
readers of Neo4j, measured side by side in one run: each reader as shipped, then the same reader
with the rule written out as nothing (`<STAGING>` and `<VISIBLE ...>` made empty), alternately,
`--repeat` times each; the median of each is kept.

    export NEO4J_URI=$(tools/neo4j-local/neo4j-local start --port 7699)
    python benchmarks/bench_readers.py                    # 20,000 actors (about 100,000 relationships)
    python benchmarks/bench_readers.py --sizes 2000 5000  # quicker

The synthetic dataset (`synthetic.generate`) is loaded under a fresh name, read, and unloaded.
Columns: seconds with the rule, seconds without it, and their ratio (1.00: the rule costs nothing).
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import time
from contextlib import contextmanager


@contextmanager
def without_the_rule():
    """The readers' Cypher with the visibility rule written out as nothing."""
    from graphkit.store import cypher

    saved = cypher.STAGING_CYPHER, cypher.visibility_predicate
    cypher.STAGING_CYPHER, cypher.visibility_predicate = "WITH [] AS staging", lambda *names: "true"
    try:
        yield
    finally:
        cypher.STAGING_CYPHER, cypher.visibility_predicate = saved


def readers(store, name: str, actor: str, other: str) -> dict:
    """Each reader measured, by what it is called in the table."""
    from graphkit.store.cypher import named_query

    def named(query: str, **parameters):
        def run():
            found = named_query(query)
            return store.query(found.text, found.arguments({**parameters, "dataset": name}))
        return run

    return {
        "read_graph (whole dataset)": lambda: store.read_graph(dataset=name),
        "read_graph --as-of 2015": lambda: store.read_graph(dataset=name, as_of="2015"),
        "status (counts)": lambda: store.status(),
        "relationships_known_by 2015": named("relationships_known_by", known_by="2015"),
        "relationships_as_of 2015": named("relationships_as_of", as_of="2015"),
        "actor_profile depth 2": named("actor_profile", actor=actor, depth=2),
        "shortest_paths": named("shortest_paths", **{"from": actor, "to": other}),
        "search_actors": named("search_actors", text="a"),
    }


def measure(run, repeat: int) -> tuple[float, float]:
    """Median seconds with the rule and without it, run alternately."""
    with_rule, without = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        with_rule.append(time.perf_counter() - started)
        with without_the_rule():
            started = time.perf_counter()
            run()
            without.append(time.perf_counter() - started)
    return statistics.median(with_rule), statistics.median(without)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000], help="actors per dataset")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each reader, each way")
    args = parser.parse_args()

    from graphkit import synthetic
    from graphkit.store import Store

    with Store() as store:
        store.apply_schema()
        for size in args.sizes:
            dataset = synthetic.generate(size, seed=0)
            dataset.name = f"bench-readers-{size}-{secrets.token_hex(3)}"
            store.load(dataset)
            try:
                ids = sorted(dataset.actors)
                table = readers(store, dataset.name, ids[0], ids[len(ids) // 2])
                for reader in table.values():  # warm the query caches of both forms
                    reader()
                    with without_the_rule():
                        reader()
                print(f"\n{size} actors, {len(dataset.relationships)} relationships", flush=True)
                print(f"{'reader':32} {'rule s':>8} {'no rule s':>10} {'ratio':>6}")
                for label, reader in table.items():
                    with_rule, without = measure(reader, args.repeat)
                    print(f"{label:32} {with_rule:8.3f} {without:10.3f} {with_rule / without:6.2f}", flush=True)
            finally:
                store.unload(dataset.name)


if __name__ == "__main__":
    main()
