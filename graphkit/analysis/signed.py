"""Signed-network analysis: the vocabulary's `stance` of each relationship type (+1 cooperative,
-1 hostile) read as the sign of a tie, after structural balance theory ("the enemy of my enemy is
my friend").

- `by_stance`: only the relationships of types with a stance, e.g. cooperative ties for `path
  --stance positive`, so that "A OPPOSES B ATTACKED C" is no route;
- `signed_ties`: one signed tie per pair of actors;
- `balance`: the share of balanced triangles, the 2-way split (coalitions) that leaves the fewest
  ties frustrated (a positive tie across the split, a negative one within a side), and the
  frustrated ties, each with its relationships and their evidence.

Types without a stance (MET_WITH, MEMBER_OF, ...) say nothing of friend or foe: they are left
out, and counted. The split is found for each connected group of signed ties on its own (its two
sides say nothing of another group's): exactly, by trying every split, for a group of at most
`EXACT_LIMIT` actors; for a larger one by a heuristic (the signs of the leading eigenvector of
the signed adjacency matrix, then single actors moved while that frustrates fewer ties), which
may miss the best split; each group says which.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from graphkit.analysis.evidence import evidence, when_text
from graphkit.errors import FilterError
from graphkit.vocabulary import vocabulary

if TYPE_CHECKING:
    import networkx as nx

STANCES = {"positive": (1,), "negative": (-1,), "nonnegative": (0, 1)}
"""What `by_stance` keeps: the stances of the types kept (nonnegative: every type but hostile ones)."""
EXACT_LIMIT = 18
"""The largest group of actors whose split is found exactly (2**(n-1) splits tried)."""


def stance_of(type_name: str | None) -> int:
    """The stance of a relationship type in the vocabulary: +1, -1, or 0 (none; unknown types too).

    >>> stance_of("SUPPORTS"), stance_of("ATTACKED"), stance_of("MET_WITH"), stance_of("NOT_A_TYPE")
    (1, -1, 0, 0)
    """
    found = vocabulary().relationship_types.get(type_name or "")
    return found.stance if found is not None else 0


def by_stance(graph: "nx.MultiDiGraph", stance: str) -> "nx.MultiDiGraph":
    """A copy of `graph` with only the relationships whose type has the stance asked for
    (`STANCES`: positive, negative or nonnegative); every actor stays.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for u, v, t in [("anwar", "israel", "OPPOSES"), ("israel", "hamas", "ATTACKED"), ("anwar", "hamas", "SUPPORTS")]:
    ...     _ = g.add_edge(u, v, type=t)
    >>> sorted(by_stance(g, "positive").edges(data="type")), sorted(by_stance(g, "negative").nodes)
    ([('anwar', 'hamas', 'SUPPORTS')], ['anwar', 'hamas', 'israel'])
    """
    if stance not in STANCES:
        raise FilterError(f"stance must be one of {', '.join(STANCES)}, not {stance!r}")
    kept = graph.copy()
    kept.remove_edges_from([(u, v, key) for u, v, key, type_ in graph.edges(keys=True, data="type")
                            if stance_of(type_) not in STANCES[stance]])
    return kept


def signed_ties(graph: "nx.MultiDiGraph") -> dict[str, Any]:
    """One signed tie per pair of actors, from the relationships of types with a stance, either
    direction: its sign is that of the sum of their stances. A pair with as many positive as
    negative relationships is `ambivalent` and left out of the ties; relationships of types
    without a stance are counted by type in `unsigned`.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for u, v, t in [("a", "b", "SUPPORTS"), ("b", "a", "FUNDS"), ("a", "c", "OPPOSES"), ("c", "d", "SUPPORTS"),
    ...                 ("d", "c", "OPPOSES"), ("a", "d", "MET_WITH")]:
    ...     _ = g.add_edge(u, v, type=t)
    >>> found = signed_ties(g)
    >>> sorted((pair, tie["sign"]) for pair, tie in found["ties"].items()), found["ambivalent"], found["unsigned"]
    ([(('a', 'b'), 1), (('a', 'c'), -1)], [('c', 'd')], {'MET_WITH': 1})
    """
    pairs: dict[tuple, list] = {}
    unsigned: Counter = Counter()
    for u, v, key, data in graph.edges(keys=True, data=True):
        stance = stance_of(data.get("type"))
        if not stance:
            unsigned[str(data.get("type"))] += 1
            continue
        if u == v:
            continue
        pair = tuple(sorted((u, v), key=str))
        pairs.setdefault(pair, []).append((u, v, key, stance))
    ties, ambivalent = {}, []
    for pair, found in sorted(pairs.items(), key=lambda item: [str(node) for node in item[0]]):
        total = sum(stance for _, _, _, stance in found)
        if total == 0:
            ambivalent.append(pair)
        else:
            ties[pair] = {"sign": 1 if total > 0 else -1, "relationships": [edge[:3] for edge in found]}
    return {"ties": ties, "ambivalent": ambivalent, "unsigned": dict(sorted(unsigned.items()))}


def balance(graph: "nx.MultiDiGraph", *, exact_limit: int = EXACT_LIMIT) -> dict[str, Any]:
    """Structural balance of the signed ties of `graph` (`signed_ties`).

    Returns `ties`, `positive`, `negative` (counts of signed pairs), `unsigned` (relationships of
    types without a stance, by type), `ambivalent` (pairs left out), `triangles` and `balanced`
    (triangles of signed ties, and those whose signs multiply to +1) and `balance` (their share,
    None without triangles), `groups` (each connected group of signed ties: its two `sides`, the
    `method` that split it, exact or heuristic, whether the split is known to be `optimal` (exact,
    or no tie frustrated), and how many ties it leaves `frustrated`),
    `frustration` (in all) and `frustrated`: each tie that breaks its group's split, with why
    (`across` or `within`) and its relationships with their dates, status and evidence.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for u, v, t in [("a", "b", "ALLIED_WITH"), ("c", "d", "ALLIED_WITH"), ("a", "c", "OPPOSES"),
    ...                 ("b", "d", "OPPOSES"), ("a", "d", "SUPPORTS")]:
    ...     _ = g.add_edge(u, v, key=f"{u}-{v}", type=t, citations=[])
    >>> found = balance(g)
    >>> found["triangles"], found["balanced"], found["groups"][0]["sides"], found["groups"][0]["method"]
    (2, 0, [['a', 'b'], ['c', 'd']], 'exact')
    >>> [(tie["from"], tie["to"], tie["sign"], tie["why"]) for tie in found["frustrated"]]
    [('a', 'd', 1, 'across')]
    """
    import networkx as nx

    found = signed_ties(graph)
    ties = found["ties"]
    signed = nx.Graph()
    signed.add_edges_from((u, v, {"sign": tie["sign"]}) for (u, v), tie in ties.items())
    triangles = balanced = 0
    order = {node: index for index, node in enumerate(sorted(signed, key=str))}
    for u in signed:
        for v in signed[u]:
            if order[v] <= order[u]:
                continue
            for w in set(signed[u]) & set(signed[v]):
                if order[w] > order[v]:
                    triangles += 1
                    balanced += signed[u][v]["sign"] * signed[v][w]["sign"] * signed[u][w]["sign"] > 0
    groups, frustrated = [], []
    components = sorted((sorted(c, key=str) for c in nx.connected_components(signed)), key=lambda c: (-len(c), str(c[0])))
    for members in components:
        index = {node: i for i, node in enumerate(members)}
        edges = sorted((*sorted((index[u], index[v])), signed[u][v]["sign"]) for u, v in signed.subgraph(members).edges())
        exact = len(members) <= exact_limit
        side = _exact_split(len(members), edges) if exact else _heuristic_split(len(members), edges)
        if side.count(0) < side.count(1) or (side.count(0) == side.count(1) and side[0] == 1):
            side = [1 - s for s in side]  # the larger side first (with the first actor when even)
        broken = [(members[i], members[j], sign) for i, j, sign in edges
                  if (sign > 0) != (side[i] == side[j])]
        groups.append({"actors": len(members), "method": "exact" if exact else "heuristic",
                       "optimal": exact or not broken,
                       "sides": [[m for m, s in zip(members, side) if s == part] for part in (0, 1)],
                       "frustrated": len(broken)})
        frustrated.extend(_frustrated_tie(graph, ties, u, v, sign) for u, v, sign in broken)
    positive = sum(tie["sign"] > 0 for tie in ties.values())
    return {"ties": len(ties), "positive": positive, "negative": len(ties) - positive,
            "unsigned": found["unsigned"], "ambivalent": [list(pair) for pair in found["ambivalent"]],
            "triangles": triangles, "balanced": int(balanced), "balance": balanced / triangles if triangles else None,
            "groups": groups, "frustration": len(frustrated),
            "frustrated": sorted(frustrated, key=lambda tie: (str(tie["from"]), str(tie["to"])))}


def _frustrated_tie(graph, ties, u, v, sign) -> dict[str, Any]:
    pair = tuple(sorted((u, v), key=str))
    sources = graph.graph.get("sources") or {}
    relationships = []
    for x, y, key in ties[pair]["relationships"]:
        data = graph.edges[x, y, key]
        relationships.append({"id": data.get("id", key), "from": x, "to": y, "type": data.get("type"),
                              "stance": stance_of(data.get("type")), "when": when_text(data),
                              "status": data.get("status") or "reported", "evidence": evidence(data, sources)})
    return {"from": pair[0], "to": pair[1], "sign": sign, "why": "across" if sign > 0 else "within",
            "relationships": relationships}


def _exact_split(n: int, edges) -> list[int]:
    """The split of actors 0..n-1 (actor 0 on side 0) that frustrates the fewest `edges` (i, j,
    sign), the first found of equals, trying all 2**(n-1).

    >>> _exact_split(3, [(0, 1, -1), (1, 2, -1), (0, 2, 1)])
    [0, 1, 0]
    """
    import numpy as np

    if n == 1:
        return [0]
    codes = np.arange(2 ** (n - 1), dtype=np.int64)
    bits = np.zeros((len(codes), n), dtype=bool)
    for index in range(1, n):
        bits[:, index] = (codes >> (index - 1)) & 1
    count = np.zeros(len(codes), dtype=np.int32)
    for i, j, sign in edges:
        same = bits[:, i] == bits[:, j]
        count += ~same if sign > 0 else same
    return [int(bit) for bit in bits[int(np.argmin(count))]]


def _heuristic_split(n: int, edges) -> list[int]:
    """A split of actors 0..n-1 by the signs of the leading eigenvector of the signed adjacency
    matrix, then improved by moving one actor at a time while that frustrates fewer ties.

    >>> edges = [(i, j, 1) for i in range(3) for j in range(i + 1, 3)] + [(i, j, 1) for i in range(3, 6) for j in range(i + 1, 6)]
    >>> _heuristic_split(6, edges + [(0, 3, -1), (1, 4, -1)])
    [0, 0, 0, 1, 1, 1]
    """
    import numpy as np
    import scipy.sparse
    import scipy.sparse.linalg

    rows = [i for i, j, _ in edges] + [j for i, j, _ in edges]
    cols = [j for i, j, _ in edges] + [i for i, j, _ in edges]
    signs = [float(sign) for *_, sign in edges] * 2
    matrix = scipy.sparse.csr_matrix((signs, (rows, cols)), shape=(n, n))
    if n <= 500:
        vector = np.linalg.eigh(matrix.toarray())[1][:, -1]
    else:
        vector = scipy.sparse.linalg.eigsh(matrix, k=1, which="LA", v0=np.ones(n))[1][:, 0]
    side = [int(value < 0) for value in (vector if vector[0] >= 0 else -vector)]
    neighbours: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for i, j, sign in edges:
        neighbours[i].append((j, sign))
        neighbours[j].append((i, sign))
    def broken(i: int, j: int, sign: int) -> bool:
        return (sign > 0) != (side[i] == side[j])

    # an actor's gain: how many fewer ties its move would frustrate; each move frees at least one
    gains = [sum(1 if broken(i, j, sign) else -1 for j, sign in neighbours[i]) for i in range(n)]
    while True:
        best = max(range(n), key=gains.__getitem__)
        if gains[best] <= 0:
            return side
        side[best] = 1 - side[best]
        gains[best] = -gains[best]
        for j, sign in neighbours[best]:
            gains[j] += 2 if broken(best, j, sign) else -2
