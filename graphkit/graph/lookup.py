"""Finding actors by what people call them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit.errors import ActorNotFound, FilterError

if TYPE_CHECKING:
    import networkx as nx


def resolve_actor(graph: "nx.MultiDiGraph", text: str) -> str:
    """The id of the actor called `text`: its id, name or an alias, in any case.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("anwar-ibrahim", name="Anwar Ibrahim", aliases=["Anwar"])
    >>> resolve_actor(g, "ANWAR"), resolve_actor(g, "anwar ibrahim")
    ('anwar-ibrahim', 'anwar-ibrahim')
    >>> resolve_actor(g, "Anwar Ibrahm")
    Traceback (most recent call last):
    ...
    graphkit.errors.ActorNotFound: no actor called 'Anwar Ibrahm'; did you mean 'Anwar Ibrahim' (anwar-ibrahim)?
    """
    import difflib

    if text in graph:
        return text
    wanted = text.strip().casefold()
    names: dict[str, set[str]] = {}
    for node, attrs in graph.nodes(data=True):
        for name in [str(node), attrs.get("name")] + list(attrs.get("aliases") or []):
            if name:
                names.setdefault(str(name).casefold(), set()).add(node)
    matches = names.get(wanted, set())
    if len(matches) == 1:
        return next(iter(matches))
    if matches:
        listed = ", ".join(sorted(map(str, matches)))
        raise ActorNotFound(f"{text!r} names several actors ({listed}); use an id")
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    hint = ""
    if close:
        options = [f"{display_name(graph, node)!r} ({node})" for name in close for node in sorted(names[name])]
        hint = f"; did you mean {' or '.join(dict.fromkeys(options))}?"
    raise ActorNotFound(f"no actor called {text!r}{hint}")


def display_name(graph: "nx.MultiDiGraph", node: Any) -> str:
    """An actor's name, or its id when it has none."""
    return graph.nodes[node].get("name") or str(node)


def ego(graph: "nx.MultiDiGraph", focus: str, depth: int = 1) -> "nx.MultiDiGraph":
    """The actors within `depth` ties of `focus` (either direction) and every tie among them."""
    import networkx as nx

    if depth < 0:
        raise FilterError(f"depth must be 0 or more, not {depth}")
    center = resolve_actor(graph, focus)
    return nx.ego_graph(graph, center, radius=depth, undirected=True)
