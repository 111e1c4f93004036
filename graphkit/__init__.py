"""graphkit: dated, sourced political actor networks in Neo4j and networkx.

The notebook API, one import away (each name is loaded on first use, so `import graphkit` stays
instant)::

    import graphkit

    dataset = graphkit.read_dataset("seed/malaysia-palestine")
    graph = graphkit.filter_graph(graphkit.dataset_to_graph(dataset), as_of="2023-10")
    graphkit.centrality(graph, "pagerank")
    graphkit.write_map(graph, "map.html")
    with graphkit.Store() as store:          # NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD
        store.load(dataset)
"""

from importlib import import_module

__version__ = "0.1.0"

_API = {
    "read_dataset": "graphkit.dataset",
    "validate_dataset": "graphkit.dataset",
    "dataset_to_graph": "graphkit.graph",
    "filter_graph": "graphkit.graph",
    "resolve_actor": "graphkit.graph",
    "centrality": "graphkit.analysis",
    "centralities": "graphkit.analysis",
    "communities": "graphkit.analysis",
    "shortest_paths": "graphkit.analysis",
    "k_shortest_paths": "graphkit.analysis",
    "simple_paths": "graphkit.analysis",
    "brokers": "graphkit.analysis",
    "balance": "graphkit.analysis",
    "by_stance": "graphkit.analysis",
    "diff_graphs": "graphkit.analysis",
    "write_map": "graphkit.map",
    "diff_graph": "graphkit.map",
    "read_graph_file": "graphkit.formats",
    "Store": "graphkit.store",
    "Neo4jConfig": "graphkit.store.config",
    "GraphkitError": "graphkit.errors",
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
