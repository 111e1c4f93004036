"""GEXF 1.3 for Gephi, with time: the timeline shows each tie on the days it may have held.

- The graph is ``mode="dynamic"`` with ``timeformat="date"``. A relationship's edge spans the
  days it may have held, from valid time only: `earliest_start`..`latest_end` (a point event its
  date's days, a lasting relation its start's first day to its end's last day; an unknown or
  open bound is left out). A report date never starts a spell: a relationship whose text gives
  no time (`timing` ``undated``) has no spell at all, and its `timing` column says so. An
  actor's node spans its own `start`..`end` (founded or born, dissolved or died) by the same
  bounds. An element with no time at all is, for Gephi, there at every time: filter on `timing`
  to hide the undated ones.
- Relationships keep their id (the edge `id`) and type (edge `label` and `kind`, Gephi's edge
  type). Directed types are ``type="directed"`` edges, symmetric ones ``type="mutual"``.
- Every other field is an attribute column, flattened as for GraphML (`graphkit.formats.xml`):
  lists and mappings as JSON text (`citations` too), dates as their text, missing values left out.
  The partial dates as the sources give them go in the columns `start_given` and `end_given`,
  since `start` and `end` are GEXF's own time attributes; the bounds of valid time, the first
  report and each citation's stance, date and `known` are columns too, so the file reads back
  whole. Each edge also has a `sources` column:
  the JSON records of the sources it cites, so the file stands alone.
- Given the map's look (`write(graph, out, look=map.look.look_of(graph))`, as `graphkit export`
  does), each node and edge carries GEXF's viz elements (in the GEXF namespace, where the official
  1.3 schema declares them; Gephi reads them by name): the colour, size, shape and position of each
  actor and the colour, thickness, opacity and dashes of each relationship, as the map draws them,
  so that Gephi opens the network styled like the map. Reading ignores them.
- The dataset's name is the meta `keywords`; its title, description, license and version are the
  meta `description`, for people. `read` gives a file graphkit wrote back in the graph form,
  except the graph-level fields other than `name` and `sources` (and sources no relationship
  cites); any other GEXF is mapped onto the graph form by `formats.networkx.from_networkx`.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from graphkit.errors import FormatError
from graphkit.formats.xml import (XmlWriter, edge_order, flat_types, flatten, node_order, rgb, typed_edge, typed_node,
                                  xml_text)
from graphkit.formats.networkx import from_networkx
from graphkit.graph import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, typed
from graphkit.model import PartialDate, Source

if TYPE_CHECKING:
    import networkx as nx

NS = "http://gexf.net/1.3"
_VIZ_SHAPES = {"dot": "disc", "square": "square", "triangle": "triangle", "diamond": "diamond", "box": "square"}
"""The map's shapes that GEXF's viz can say (the rest are discs)."""
_RENAMED = {"start": "start_given", "end": "end_given"}  # GEXF's own time attributes
_GIVEN = {column: name for name, column in _RENAMED.items()}
_TYPES = {bool: "boolean", int: "long", float: "double"}
_PARSE = {"boolean": lambda text: text.strip().lower() in ("true", "1"), "integer": int, "long": int,
          "double": float, "float": float}


def _bounds(start: Any, end: Any) -> dict[str, str]:
    """GEXF `start`/`end` of a node from an actor's own partial dates (first and last day).

    >>> _bounds(PartialDate.parse("193X"), PartialDate.parse("..", open_allowed=True))
    {'start': '1930-01-01'}
    """
    times = {}
    for name, value, bound in (("start", start, "earliest"), ("end", end, "latest")):
        try:
            day = getattr(PartialDate.parse(value, open_allowed=True), bound) if value else None
        except ValueError:
            day = None  # a date graphkit cannot read places nothing in time
        times[name] = day.isoformat() if day else None
    return {name: value for name, value in times.items() if value}


def _spell(data: dict[str, Any]) -> dict[str, str]:
    """GEXF `start`/`end` of a relationship's edge: the days it may have held (valid time), none
    for an undated one (never its report date).

    >>> _spell({"timing": "dated", "earliest_start": dt.date(2013, 1, 1), "latest_end": None})
    {'start': '2013-01-01'}
    >>> _spell({"timing": "undated", "earliest_start": dt.date(1961, 4, 12), "latest_start": dt.date(2025, 12, 31)})
    {}
    """
    if (data.get("timing") or "undated") == "undated":
        return {}
    times = {"start": data.get("earliest_start"), "end": data.get("latest_end")}
    return {name: day.isoformat() for name, day in times.items() if isinstance(day, dt.date)}


def _column_type(kinds: set[type]) -> str:
    if len(kinds) == 1 and next(iter(kinds)) in _TYPES:
        return _TYPES[next(iter(kinds))]
    if kinds <= {int, float}:
        return "double"
    return "string"


def _columns(xml: XmlWriter, cls: str, rows: Iterable[dict[str, type]], order: tuple[str, ...]) -> dict[str, str]:
    """Declare one column per attribute name (the graph form's fields in its order first); name -> GEXF type.

    `rows` give each row's names with the type of each value (`xml.flat_types`): a first pass over
    the graph that writes nothing, since the columns come before the first row.
    """
    names: dict[str, set[type]] = {_RENAMED.get(name, name): set() for name in order}
    for row in rows:
        for key, kind in row.items():
            names.setdefault(key, set()).add(kind)
    types = {name: _column_type(kinds) for name, kinds in names.items() if kinds}
    xml.start("attributes", {"class": cls, "mode": "static"})
    for name, kind in types.items():
        xml.element("attribute", {"id": name, "title": name, "type": kind})
    xml.end()
    return types


def _attvalues(xml: XmlWriter, row: dict[str, Any], types: dict[str, str]) -> None:
    if not row:
        return
    xml.start("attvalues")
    for name, value in row.items():
        if types[name] == "boolean":
            text = "true" if value else "false"
        elif types[name] == "double":
            text = repr(float(value))
        else:
            text = str(value)
        xml.element("attvalue", {"for": name, "value": text})
    xml.end()


def _meta_text(graph_attrs: dict[str, Any]) -> str:
    lines = [graph_attrs.get("title") or "", graph_attrs.get("description") or ""]
    lines += [f"{name}: {graph_attrs[name]}" for name in ("license", "version") if graph_attrs.get(name)]
    return "\n\n".join(line for line in lines if line)


def _viz(xml: XmlWriter, look: dict[str, Any] | None, *, edge: bool = False) -> None:
    """GEXF viz elements for one node's or edge's look (`map.look.Look`), inside the element open last.

    >>> import io
    >>> out = io.BytesIO(); xml = XmlWriter(out); xml.start("node")
    >>> _viz(xml, {"color": "#e6550d", "size": 25.0, "shape": "star", "x": 1.0, "y": 2.0}); xml.close()
    >>> print(out.getvalue().decode().splitlines()[2:4])
    ['  <color r="230" g="85" b="13" />', '  <size value="25.0" />']
    """
    if not look:
        return
    color = look["color"]
    channels = dict(zip("rgb", map(str, rgb(color))))
    if look.get("opacity", 1.0) != 1.0:
        channels["a"] = repr(float(look["opacity"]))
    xml.element("color", channels)
    if edge:
        xml.element("thickness", {"value": repr(float(look["width"]))})
        dash = look.get("dash")
        shape = "solid" if not dash else "dotted" if dash[0] <= 3 else "dashed"
        xml.element("shape", {"value": shape})
        return
    xml.element("size", {"value": repr(float(look["size"]))})
    xml.element("shape", {"value": _VIZ_SHAPES.get(look["shape"], "disc")})
    # Gephi's y axis points up, the map's down
    xml.element("position", {"x": repr(float(look["x"])), "y": repr(-float(look["y"])), "z": "0.0"})


def _node_row(data: dict[str, Any]) -> dict[str, Any]:
    """A node's attribute columns, GEXF's own time attributes renamed (not yet flattened)."""
    return {_RENAMED.get(key, key): value for key, value in data.items()}


def _edge_row(data: dict[str, Any], sources: dict[str, Any]) -> dict[str, Any]:
    """An edge's attribute columns (not yet flattened), with the JSON records of the sources it cites."""
    row = {_RENAMED.get(key, key): value for key, value in data.items() if key != "id"}
    cited = [sources[c["source"]] for c in data.get("citations") or () if c.get("source") in sources]
    row["sources"] = list({source["id"]: source for source in cited}.values()) or None
    return row


def write(graph: "nx.MultiDiGraph", out: BinaryIO, *, look: Any = None) -> None:
    """Write the graph as a dynamic GEXF 1.3 document (UTF-8) to a binary file, as the module docstring says.

    The document is written element by element (`xml.XmlWriter`): a first pass over the graph
    finds the attribute columns, which GEXF declares before the first node; no tree of the whole
    document is built.

    >>> import datetime as dt, io, networkx as nx
    >>> g = nx.MultiDiGraph(name="demo")
    >>> g.add_node("a", kind="Group", name="A", start=PartialDate.parse("2009-04"), end=None, aliases=["Ay"])
    >>> g.add_node("b", kind="Group", name="B", start=None, end=None, aliases=[])
    >>> _ = g.add_edge("a", "b", key="r1", id="r1", type="MET_WITH", directed=False, timing="dated",
    ...                earliest_start=dt.date(2023, 10, 1), latest_end=dt.date(2023, 10, 31), citations=[])
    >>> out = io.BytesIO(); write(g, out); text = out.getvalue().decode()
    >>> '<node id="a" label="A" start="2009-04-01">' in text
    True
    >>> text[text.index("<edge "):].splitlines()[0].split(' kind="MET_WITH" ')
    ['<edge id="r1" source="a" target="b" type="mutual" label="MET_WITH"', 'start="2023-10-01" end="2023-10-31">']
    """
    from graphkit import __version__

    sources = graph.graph.get("sources") or {}
    xml = XmlWriter(out)
    xml.start("gexf", {"xmlns": NS, "version": "1.3"})
    xml.start("meta")
    xml.element("creator", text=f"graphkit {__version__}")
    if graph.graph.get("name"):
        xml.element("keywords", text=xml_text(str(graph.graph["name"])))
    if about := _meta_text(graph.graph):
        xml.element("description", text=xml_text(about))
    xml.end()
    xml.start("graph", {
        "defaultedgetype": "directed", "mode": "dynamic", "timeformat": "date", "timerepresentation": "interval",
    })

    nodes = sorted(graph.nodes(data=True), key=node_order)
    edges = sorted(graph.edges(keys=True, data=True), key=edge_order)
    node_types = _columns(xml, "node", (flat_types(_node_row(data)) for _, data in nodes), NODE_ATTRIBUTES)
    edge_types = _columns(xml, "edge", (flat_types(_edge_row(data, sources)) for *_, data in edges),
                          EDGE_ATTRIBUTES)

    xml.start("nodes", {"count": str(len(nodes))})
    for node, data in nodes:
        xml.start("node", {
            "id": xml_text(str(node)), "label": xml_text(str(data.get("name") or node)),
            **_bounds(data.get("start"), data.get("end")),
        })
        _attvalues(xml, flatten(_node_row(data)), node_types)
        _viz(xml, look.nodes.get(node) if look else None)
        xml.end()
    xml.end()
    xml.start("edges", {"count": str(len(edges))})
    for u, v, key, data in edges:
        label = {"label": xml_text(str(data["type"])), "kind": xml_text(str(data["type"]))} if data.get("type") else {}
        xml.start("edge", {
            "id": xml_text(str(key)), "source": xml_text(str(u)), "target": xml_text(str(v)),
            "type": "directed" if data.get("directed", True) else "mutual", **label, **_spell(data),
        })
        _attvalues(xml, flatten(_edge_row(data, sources)), edge_types)
        _viz(xml, look.edges.get((u, v, key)) if look else None, edge=True)
        xml.end()
    xml.end()
    xml.close()


def read(file: str | Path | BinaryIO) -> "nx.MultiDiGraph":
    """A GEXF file (a path or a binary file) in the graph form.

    A file graphkit wrote (its meta `creator`) reads back as the module docstring says: the
    columns are typed as declared and then as the graph form's fields (the bounds of valid time
    are columns: an edge's spell only shows them to Gephi). Any other GEXF is read by networkx
    and mapped by `from_networkx`.
    """
    root = ET.parse(file).getroot()
    namespace = root.tag.partition("}")[0] + "}" if root.tag.startswith("{") else ""
    if not _written_by_graphkit(root, namespace):
        import networkx as nx

        if hasattr(file, "seek"):
            file.seek(0)
        return from_networkx(nx.read_gexf(file), name=Path(file).stem if isinstance(file, (str, Path)) else None)
    return _decode(root, namespace)


def _written_by_graphkit(root: ET.Element, namespace: str) -> bool:
    creator = root.find(f"{namespace}meta/{namespace}creator")
    return creator is not None and (creator.text or "").startswith("graphkit")


def _decode(root: ET.Element, namespace: str) -> "nx.MultiDiGraph":
    import networkx as nx

    def q(name: str) -> str:
        return namespace + name

    body = root.find(q("graph"))
    if body is None:
        raise FormatError("not a GEXF document: no <graph> element")
    columns: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    for attributes in body.findall(q("attributes")):
        for column in attributes.findall(q("attribute")):
            columns[attributes.get("class", "node")][column.get("id")] = (column.get("title"), column.get("type"))

    def values(element: ET.Element, cls: str) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for value in element.iterfind(f"{q('attvalues')}/{q('attvalue')}"):
            title, kind = columns[cls].get(value.get("for"), (value.get("for"), "string"))
            text = value.get("value")
            data[_GIVEN.get(title, title)] = _PARSE[kind](text) if kind in _PARSE else text
        return data

    graph = nx.MultiDiGraph()
    keywords = root.find(f"{q('meta')}/{q('keywords')}")
    if keywords is not None and keywords.text:
        graph.graph["name"] = keywords.text.strip()
    sources: dict[str, Any] = {}
    for element in body.iterfind(f"{q('nodes')}/{q('node')}"):
        data = typed_node(values(element, "node"))
        if data.get("name") is None and element.get("label") is not None:
            data["name"] = element.get("label")
        graph.add_node(element.get("id"), **data)
    for number, element in enumerate(body.iterfind(f"{q('edges')}/{q('edge')}")):
        key = element.get("id") or str(number)
        data = typed_edge({**values(element, "edge"), "id": key})
        for source in data.pop("sources", None) or ():
            sources[source["id"]] = typed(source, Source)
        if data.get("type") is None:
            data["type"] = element.get("kind") or element.get("label")
        if data.get("directed") is None:
            data["directed"] = element.get("type", body.get("defaultedgetype", "undirected")) == "directed"
        graph.add_edge(element.get("source"), element.get("target"), key=key, **data)
    graph.graph["sources"] = dict(sorted(sources.items()))
    return graph
