"""`--merge` and `--judgements`: a reading command's graph as the merged network, where actors
judged the same across datasets (`graphkit link`) are one node."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    import networkx as nx

MERGE_OPTIONS = (
    click.option("--merge", is_flag=True,
                 help="Read every dataset (those under SOURCE, a folder of datasets; or every one in Neo4j) as one "
                      "network, where actors judged the same (graphkit link) are one node keyed DATASET:ID."),
    click.option("--judgements", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                 help="With --merge from folders: the judgements file [default: links.yaml beside the datasets]."),
)


def merge_values(options: dict[str, Any]) -> tuple[bool, Path | None]:
    """--merge and --judgements, taken out of a command's options."""
    return options.pop("merge"), options.pop("judgements")


def read_merged(source: Any, filters: Any, time: bool) -> "nx.MultiDiGraph":
    """The merged network of a `GraphSource`'s datasets (`filters`: its `Filters`, or None): from folders with their judgements file, or
    from Neo4j (SAME_AS), the filters (and with `time`, the time slice) applied in Cypher."""
    if source.judgements is not None and (not source.merge or source.from_neo4j):
        raise click.UsageError("--judgements goes with --merge, from dataset folders (Neo4j reads SAME_AS)")
    if source.from_neo4j:
        if source.cypher or source.cypher_file or source.dataset or source.params:
            raise click.UsageError("--merge reads every loaded dataset: give it without --dataset or --cypher")
        from graphkit.store import Store

        with Store(source.connection) as store:
            return store.read_graph(merge=True, **(filters.keywords(time=time) if filters is not None else {}))
    from graphkit.linking import merged_network

    return merged_network([source.path] if source.path is not None else [], source.judgements)
