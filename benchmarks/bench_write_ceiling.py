"""What the server itself can write: relationships created inside Neo4j, side by side with `graphkit load`.

    python benchmarks/bench_write_ceiling.py                  # 50,000 relationships, heap 1g
    python benchmarks/bench_write_ceiling.py --relationships 20000 --repeat 3

It starts its own Neo4j with `tools/neo4j-local` (heap --heap, 1g by default), applies graphkit's
schema, and in the same run:

- **graphkit load**: `Store.load` of a `graphkit.synthetic` dataset with about that many
  relationships (actors, sources and CITES links included), as `bench_load.py` measures it;
- **server only, graphkit's relationship**: the same number of relationships created by one
  Cypher statement per batch (``UNWIND range(...) ... CREATE ... SET r = $props``) between existing
  actors, each with the properties `graphkit load` writes for a real relationship of that dataset
  (sent once per batch, not per row): no client work per relationship, no network per row;
- **server only, lists packed**: the same, with the evidence lists (sources, quotes, stances, the
  knowledge days) as one JSON text property instead of a list property each;
- **server only, bare relationship**: the same with two properties.

Each server-only run creates relationships of a type the schema indexes (five time indexes) and
deletes them afterwards; the best of --repeat runs is reported. The ratio of the first two rows
says how much of a first load is the client and the protocol; the last two, what the stored shape
of a relationship (its 15 to 20 properties: evidence lists, DATE bounds) costs the server.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_load import start_server  # noqa: E402

CYPHER = HERE / "cypher"
CREATE, DELETE, ACTORS = ((CYPHER / f"ceiling_{name}.cypher").read_text() for name in ("create", "delete", "actors"))


def graphkit_row(dataset) -> dict:
    """The properties `graphkit load` writes for one of `dataset`'s relationships (the one with the most)."""
    from graphkit.graph import relationship_attributes
    from graphkit.store.hashing import content_hash
    from graphkit.store.mapping import relationship_properties

    best: dict = {}
    for rel in list(dataset.relationships.values())[:2000]:
        attrs = relationship_attributes(rel, dataset.sources, dataset.actors, dataset.name)
        props = {k: v for k, v in relationship_properties(attrs, dataset.name, dataset.sources).items() if v is not None}
        if len(props) > len(best):
            best = props
    return {**best, "dataset": "ceiling", "gk_load": 1, "gk_hash": content_hash(best)}


def server_only(driver, ends: list[str], props: dict, total: int, batch: int) -> float:
    """Seconds to create `total` relationships with `props` in batches of `batch`, inside the server."""
    started = time.perf_counter()
    with driver.session() as session:
        for first in range(0, total, batch):
            last = min(first + batch, total) - 1
            session.execute_write(lambda tx, f=first, l=last: tx.run(CREATE, first=f, last=l, ends=ends,
                                                                        props=props).consume())
    seconds = time.perf_counter() - started
    with driver.session() as session:
        session.run(DELETE).consume()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--relationships", type=int, default=50_000)
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--batch", type=int, default=5000, help="rows per transaction (graphkit load's default)")
    args = parser.parse_args(argv)

    from graphkit import synthetic
    from graphkit.store import Store

    _, config, stop = start_server(args.heap, "bench-ceiling-neo4j-")
    rows = []
    try:
        with Store(config) as store:
            store.apply_schema()
            dataset = synthetic.generate(max(args.relationships // 5, 50), seed=0)
            rels = len(dataset.relationships)
            load_seconds = []
            for run in range(args.repeat):
                dataset.name = f"ceiling-load-{run}"
                began = time.perf_counter()
                store.load(dataset)
                load_seconds.append(time.perf_counter() - began)
                store.unload(dataset.name)
            ends = store.driver.execute_query(ACTORS, n=10_000).records[0]["ends"]
            props = graphkit_row(dataset)
            packed = {key: value for key, value in props.items() if not isinstance(value, list)}
            packed["evidence"] = json.dumps({key: value for key, value in props.items() if isinstance(value, list)})
            shaped, flat, bare = [], [], []
            for _ in range(args.repeat):  # alternately, so that all meet the same machine
                shaped.append(server_only(store.driver, ends, props, rels, args.batch))
                flat.append(server_only(store.driver, ends, packed, rels, args.batch))
                bare.append(server_only(store.driver, ends, {"dataset": "ceiling", "gk_load": 1}, rels, args.batch))
            rows = [("graphkit load (whole first load: actors, sources, relationships, CITES)", min(load_seconds)),
                    (f"server only, graphkit's relationship ({len(props)} properties)", min(shaped)),
                    (f"server only, its lists packed into one JSON text ({len(packed)} properties)", min(flat)),
                    ("server only, bare relationship (2 properties)", min(bare))]
    finally:
        stop()

    print(f"{rels:,} relationships, heap {args.heap}, batches of {args.batch:,}, best of {args.repeat}\n")
    print("| writer | seconds | relationships/s | × graphkit load's rate |")
    print("|---|---:|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {rels / seconds:,.0f} | {rows[0][1] / seconds:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
