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


def flat_type(value: Any) -> type:
    """The type a value has once `text` flattened it, found without flattening it (no JSON written).

    >>> flat_type(["A"]), flat_type(PartialDate.parse("2023")), flat_type(2.5), flat_type(True)
    (<class 'str'>, <class 'str'>, <class 'float'>, <class 'bool'>)
    """
    return str if isinstance(value, (str, list, dict, tuple, PartialDate, dt.date)) else type(value)


def flat_types(data: dict[str, Any]) -> dict[str, type]:
    """`flatten`'s keys with the type of each value, for the column declarations that come before any row.

    >>> flat_types({"name": "Avalon", "aliases": [], "country": None, "share": 0.5})
    {'name': <class 'str'>, 'aliases': <class 'str'>, 'share': <class 'float'>}
    """
    return {key: flat_type(value) for key, value in data.items() if value is not None}


def _escape_text(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


_ATTRIBUTE_ESCAPES = (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _escape_attribute(value: str) -> str:
    value = _escape_text(value)
    for char, entity in _ATTRIBUTE_ESCAPES:
        if char in value:
            value = value.replace(char, entity)
    return value


class XmlWriter:
    """An XML document written element by element to a binary file, in bounded memory.

    It lays the document out as an indented ElementTree would be (two spaces a level, an empty
    element as ``<tag />``, the same escaping), so that a file written this way has the very bytes
    the whole-tree writers gave. Text goes out in blocks of about `block` characters.

    >>> import io
    >>> out = io.BytesIO(); xml = XmlWriter(out)
    >>> xml.start("graph", {"id": 'say "hi" & <go>'}); xml.element("empty", {"tab": chr(9)})
    >>> xml.element("note", text="a < b"); xml.start("nodes"); xml.end(); xml.close()
    >>> print(out.getvalue().decode())
    <?xml version='1.0' encoding='utf-8'?>
    <graph id="say &quot;hi&quot; &amp; &lt;go&gt;">
      <empty tab="&#09;" />
      <note>a &lt; b</note>
      <nodes />
    </graph>
    <BLANKLINE>
    """

    def __init__(self, out: Any, *, block: int = 1 << 16) -> None:
        self._out = out
        self._block = block
        self._pieces: list[str] = ["<?xml version='1.0' encoding='utf-8'?>\n"]
        self._size = 0
        self._open: list[str] = []  # the tags of the elements not yet ended
        self._unclosed = False  # the last start tag lacks its ">": the element may still end empty

    def _put(self, text: str) -> None:
        self._pieces.append(text)
        self._size += len(text)
        if self._size >= self._block:
            self.flush()

    def _tag(self, tag: str, attributes: dict[str, str] | None) -> str:
        if self._unclosed:
            self._pieces.append(">")
            self._unclosed = False
        indent = "\n" + "  " * len(self._open) if self._open else ""
        if not attributes:
            return f"{indent}<{tag}"
        pairs = " ".join(f'{name}="{_escape_attribute(value)}"' for name, value in attributes.items())
        return f"{indent}<{tag} {pairs}"

    def start(self, tag: str, attributes: dict[str, str] | None = None) -> None:
        """Open an element; its children follow, then `end`."""
        self._put(self._tag(tag, attributes))
        self._open.append(tag)
        self._unclosed = True

    def end(self) -> None:
        """End the element opened last (``<tag />`` if nothing went into it)."""
        tag = self._open.pop()
        if self._unclosed:
            self._unclosed = False
            self._put(" />")
        else:
            self._put("\n" + "  " * len(self._open) + f"</{tag}>")

    def element(self, tag: str, attributes: dict[str, str] | None = None, text: str | None = None) -> None:
        """A whole element with no children: its attributes and text, if any."""
        opening = self._tag(tag, attributes)
        self._put(f"{opening}>{_escape_text(text)}</{tag}>" if text else f"{opening} />")

    def flush(self) -> None:
        """Write what is held to the file (as ElementTree does, a character UTF-8 cannot hold as a reference)."""
        if self._pieces:
            self._out.write("".join(self._pieces).encode("utf-8", "xmlcharrefreplace"))
        self._pieces = []
        self._size = 0

    def close(self) -> None:
        """End every open element and the document (a final newline), and write what is left."""
        while self._open:
            self.end()
        self._pieces.append("\n")
        self.flush()
