"""Interactive network maps: one self-contained HTML file that opens offline in any browser.

- `data`: the graph form turned into the page's data (the network to draw, every record's details);
- `timeline`: what the page's two clocks need, computed here (valid-time bounds as days, the steps
  of each relationship's published record), so that the page only compares days;
- `diff`: a diff map's graph (`diff_graph`): two days of one clock, marked with what changed;
- `styles`: colours, shapes and dashes from the vocabulary, and vis-network's options;
- `layout`: positions computed here for big maps (`spread_layout`);
- `header`: what made a map (its filters, focus and what they left out), in words, for its header;
- `look`: the map's colours, sizes, shapes and positions, for GEXF and GraphML (Gephi opens them styled);
- `picture`: PNG and SVG pictures of a map, drawn by a headless Chromium;
- `pack`: the data's long lists packed for the file (columns, each repeated value once);
- `page`: the template in `assets/` filled with the data, the styles and the scripts (`pack.js`,
  the packed lists unpacked; `clock.js`, the clocks' day and window comparisons; `slider.js`, the
  time bar; `labels.js`, room for the labels; `draw.js`, big maps drawn in batches; `map.js`, the
  page), all inlined and safe (`script_json`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError
from graphkit.map.data import LAYOUT_THRESHOLD, map_data
from graphkit.map.diff import diff_graph
from graphkit.map.layout import spread_layout
from graphkit.map.page import page, script_json
from graphkit.map.styles import FALLBACK_COLOR

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["FALLBACK_COLOR", "LAYOUT_THRESHOLD", "MAP_STEPS", "diff_graph", "map_data", "render_map", "script_json",
           "spread_layout", "write_map"]


def render_map(graph: "nx.MultiDiGraph", **options: Any) -> str:
    """The map of a graph as the text of one self-contained HTML page.

    Options as for `map_data`: `title`, `size_by` (the measure that sizes the actors), `focus`
    and `depth` (map only the actors within `depth` ties of an actor), `layout_threshold` (the
    size above which the layout is computed here, not in the page). A graph made by `diff_graph`
    gives a diff map: coloured by what changed, without the time slider.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(sources={})
    >>> g.add_node("a", kind="Person", name="</script><b>A</b>")
    >>> html = render_map(g, title="Demo")
    >>> html.startswith("<!DOCTYPE html>"), "<title>Demo</title>" in html, "<b>A</b>" in html
    (True, True, False)
    """
    return page(map_data(graph, **options))


MAP_STEPS = ("measures and layout", "page", "writing")
"""The steps of `write_map`, for a progress bar: `next_step()` is called as each one ends."""


def write_map(graph: "nx.MultiDiGraph", path: str | Path, *, next_step=None, **kw: Any) -> Path:
    """Write the map of `graph` to `path` (one file, nothing else; its folder is made if need be)
    and return the path. Options as for `render_map`; `next_step()`, if given, is called as each
    of `MAP_STEPS` ends.
    """
    path = Path(path)
    next_step = next_step or (lambda: None)
    data = map_data(graph, **kw)
    next_step()
    text = page(data)
    next_step()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        blocking = next((folder for folder in path.parents if _is_file(folder)), None)
        why = f"{blocking} is a file, not a folder" if blocking is not None else error.strerror or error
        raise GraphkitError(f"{path}: cannot write it ({why})",
                            hint="choose a file in a folder you can write to") from None
    next_step()
    return path


def _is_file(path: Path) -> bool:
    """Whether `path` is something other than a folder (so nothing can be written under it)."""
    try:
        return path.exists() and not path.is_dir()
    except OSError:
        return False
