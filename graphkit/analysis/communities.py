"""Communities: Louvain groups of the undirected projection, and the ties between them."""

from __future__ import annotations

from typing import Any

from graphkit.graph import project


def communities(graph, *, seed: int = 42, weighted: bool = True, resolution: float = 1.0) -> dict[str, Any]:
    """Louvain communities of the undirected projection, largest first, with the ties between them.

    Returns ``{"modularity", "communities": [{"id", "size", "members"}], "links": [{"from",
    "to", "relationships"}]}``; members are sorted by their number of ties, most first, and
    `links` counts the relationships between two communities. `seed` makes the result the same
    on every run; isolated actors form communities of one.

    >>> import networkx as nx
    >>> from graphkit.formats.networkx import from_networkx
    >>> found = communities(from_networkx(nx.karate_club_graph()))
    >>> round(found["modularity"], 2), [c["members"][:2] for c in found["communities"]]
    (0.39, [['0', '2'], ['33', '32'], ['31', '24']])
    """
    import networkx as nx

    simple = project(graph, directed=False)
    parts = nx.community.louvain_communities(simple, weight="weight" if weighted else None,
                                             seed=seed, resolution=resolution)
    ties = dict(simple.degree(weight="weight"))
    parts = sorted((sorted(part, key=lambda node: (-ties[node], str(node))) for part in parts),
                   key=lambda members: (-len(members), str(members[0])))
    member_of = {node: index for index, part in enumerate(parts, start=1) for node in part}
    links: dict[tuple[int, int], int] = {}
    for u, v, count in simple.edges(data="weight"):
        a, b = sorted((member_of[u], member_of[v]))
        if a != b:
            links[(a, b)] = links.get((a, b), 0) + count
    return {
        "modularity": nx.community.modularity(simple, parts, weight="weight") if simple.number_of_edges() else 0.0,
        "communities": [{"id": index, "size": len(part), "members": part}
                        for index, part in enumerate(parts, start=1)],
        "links": [{"from": a, "to": b, "relationships": count}
                  for (a, b), count in sorted(links.items(), key=lambda item: (-item[1], item[0]))],
    }
