"""What the XML formats (GraphML, GEXF) share: attributes flattened to what XML can hold, and
read back into the graph form.

XML attributes hold no lists, mappings, partial dates or nulls, so the writers `flatten` them:
lists and mappings become JSON text (``["MFA Avalon"]``, each relationship's citations with their
stance, date and `known`), dates their text (``2023-10``, ``193X``, an open end ``..``,
``2023-10-01``), and a missing value (None) is left out. The readers give the graph form back with
`typed_node` and `typed_edge`: every field it always has is there again (None where the file left it out) and
text is typed again (`graph.typed`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from graphkit.graph import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, typed
from graphkit.model import Actor, PartialDate, Relationship

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> Any:
    """Text without the control characters XML 1.0 cannot hold (they would make the file unreadable).

    >>> xml_text("bell" + chr(7) + ", tab" + chr(9)) == "bell, tab" + chr(9)
    True
    """
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def text(value: Any) -> Any:
    """A value as XML holds it: lists and mappings as JSON text, dates as their text, others as they are.

    >>> text(["A", "Ä"]), text(PartialDate.parse("2023-10")), text(dt.date(2023, 10, 1)), text(2.5)
    ('["A", "Ä"]', '2023-10', '2023-10-01', 2.5)
    """
    if isinstance(value, (list, dict, tuple)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    elif isinstance(value, (PartialDate, dt.date)):
        value = str(value)
    return xml_text(value)


def flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Attributes as XML formats can hold them (see `text`), Nones left out.

    >>> flatten({"name": "Avalon", "aliases": ["A", "Ä"], "country": None, "start": PartialDate.parse("2012")})
    {'name': 'Avalon', 'aliases': '["A", "Ä"]', 'start': '2012'}
    """
    return {key: text(value) for key, value in data.items() if value is not None}


def typed_node(data: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes read from XML, in the graph form: every field, typed.

    >>> typed_node({"name": "A", "aliases": '["Ay"]', "start": "2012"})["aliases"], typed_node({})["start"]
    (['Ay'], None)
    """
    return {**dict.fromkeys(NODE_ATTRIBUTES), **typed(data, Actor)}


def typed_edge(data: dict[str, Any]) -> dict[str, Any]:
    """An edge's attributes read from XML, in the graph form: every field, typed."""
    return {**dict.fromkeys(EDGE_ATTRIBUTES), **typed(data, Relationship)}


def node_order(item: tuple) -> str:
    """Nodes are written sorted by id."""
    return str(item[0])


def edge_order(item: tuple) -> tuple[str, str, str]:
    """Edges (u, v, key, ...) are written sorted by key, then ends."""
    u, v, key = item[:3]
    return str(key), str(u), str(v)


def rgb(color: str) -> tuple[int, int, int]:
    """A #rrggbb colour's channels, as GEXF's viz and Gephi's GraphML keys give them.

    >>> rgb("#e6550d")
    (230, 85, 13)
    """
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
