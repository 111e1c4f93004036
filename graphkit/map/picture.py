"""Pictures of a map for slides and print: PNG as a headless browser draws the page, SVG from the
positions, colours and sizes the page drew (vector, so it prints sharp at any size).

Both need the `playwright` package and a Chromium browser (`GRAPHKIT_CHROMIUM`, else the usual
places); without them a `MissingExtra` says what to install. playwright is imported only here.
"""

from __future__ import annotations

import os
import shutil
from html import escape
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, MissingExtra

PICTURE_SUFFIXES = (".png", ".svg")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
SIZE = (1600, 1000)
"""The picture's size in CSS pixels (PNG: at twice the pixels, for print)."""

# What the page drew: each shown actor's place on the screen, size, colour and label (its text,
# its font size as drawn and the box vis-network drew it in: centred below the shape), each shown
# relationship's ends, colour, width, dashes and opacity (graphkit's page state, window.graphkit),
# and the header: the map's title and the line that says what made it.
_DRAWN = """() => {
  const g = window.graphkit, net = g.network;
  net.fit({animation: false});
  net.redraw();  // vis-network measures each label when it draws it
  const pos = net.getPositions(), scale = net.getScale(), font = (net.body.options || {}).nodes || {};
  const nodes = g.nodes.get({filter: n => !n.hidden}).map(n => {
    const p = net.canvasToDOM(pos[n.id]), body = net.body.nodes[n.id], r = (n.size || 10) * scale;
    const size = ((body && body.options.font && body.options.font.size) || (font.font && font.font.size) || 14) * scale;
    const box = body && body.labelModule && body.labelModule.size;
    let label = null;
    if (n.label && box && box.width > 0) {
      const corner = net.canvasToDOM({x: box.left, y: box.top});
      label = {x: corner.x + box.width * scale / 2, y: corner.y + box.height * scale / 2,
               width: box.width * scale, height: box.height * scale};
    } else if (n.label) {
      label = {x: p.x, y: p.y + r + size * 0.7, width: 0, height: size};
    }
    return {id: n.id, x: p.x, y: p.y, r: r, shape: n.shape, label: n.label || "", font_size: size, label_box: label,
            color: (n.color && n.color.background) || "#999999", border: (n.color && n.color.border) || "#666666"};
  });
  const shown = new Set(nodes.map(n => n.id));
  const edges = g.edges.get({filter: e => !e.hidden && shown.has(e.from) && shown.has(e.to)}).map(e => ({
    from: e.from, to: e.to, color: (e.color && e.color.color) || "#999999", width: (e.width || 1) * scale,
    dashes: Array.isArray(e.dashes) ? e.dashes : null, opacity: e.color && e.color.opacity != null ? e.color.opacity : 1}));
  const text = selector => ((document.querySelector(selector) || {}).textContent || "").trim();
  return {nodes: nodes, edges: edges, title: text("#title") || text("h1") || document.title,
          made_with: text("#made-with"), width: window.innerWidth, height: window.innerHeight};
}"""
MARGIN = 24
"""Clear space around the drawing in the SVG, in CSS pixels."""
TITLE_SIZE, MADE_WITH_SIZE = 22, 13
"""The font sizes of the SVG's title and of its line that says what made the map."""


def browser_path() -> str:
    """The Chromium to draw with: `GRAPHKIT_CHROMIUM`, else the first found on PATH."""
    wanted = os.environ.get("GRAPHKIT_CHROMIUM")
    if wanted:
        if not Path(wanted).is_file():
            raise GraphkitError(f"GRAPHKIT_CHROMIUM={wanted}: no such browser",
                                hint="point it at a Chromium or Chrome executable, or unset it")
        return wanted
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    raise GraphkitError("a picture of the map needs a Chromium browser, and none was found",
                        hint="install one (Debian/Ubuntu: apt install chromium) or set GRAPHKIT_CHROMIUM to its path")


def write_picture(html: str | Path, out: str | Path, *, size: tuple[int, int] = SIZE) -> Path:
    """Draw the map page `html` in a headless browser and write `out`: PNG or SVG, by its suffix."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        raise GraphkitError(f"{out}: a picture is a .png or .svg file", hint=f"name it {out.with_suffix('.png').name}")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise MissingExtra("playwright", "pictures", "a picture of the map (--png, --svg)") from None
    executable = browser_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, headless=True, args=ARGS)
            try:
                page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=2)
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                           else route.abort())  # the page is offline: nothing leaves the machine
                page.goto(Path(html).resolve().as_uri())
                page.wait_for_function("window.graphkitReady === true", timeout=120_000)
                if suffix == ".png":
                    page.evaluate("() => window.graphkit.network.fit({animation: false})")
                    page.wait_for_timeout(200)
                    page.locator("#graph").screenshot(path=str(out))
                else:
                    out.write_text(svg(page.evaluate(_DRAWN)), encoding="utf-8")
            finally:
                browser.close()
    except PlaywrightError as error:
        raise GraphkitError(f"{out}: the browser could not draw the map ({str(error).splitlines()[0]})",
                            hint=f"check that {executable} runs headless") from None
    return out


def svg(drawn: dict[str, Any]) -> str:
    """An SVG picture of what the page drew (`_DRAWN`): its title and what made it on top, then
    lines, shapes and labels, each label where and as large as the page drew it; the picture is
    cut to the drawing, so the network fills it.

    >>> text = svg({"width": 100, "height": 80, "title": "A & B", "made_with": "This map: dataset d", "edges": [],
    ...             "nodes": [{"id": "a", "x": 10, "y": 20, "r": 5, "shape": "dot", "label": "<A>", "font_size": 14,
    ...                        "label_box": {"x": 10, "y": 35, "width": 30, "height": 16},
    ...                        "color": "#e6550d", "border": "#a13b09"}]})
    >>> "<title>A &amp; B</title>" in text, "&lt;A&gt;" in text, '<circle cx="10.0" cy="20.0" r="5.0"' in text
    (True, True, True)
    >>> '>This map: dataset d</text>' in text, 'x="10.0" y="35.0" font-size="14.0"' in text
    (True, True)
    """
    nodes = drawn["nodes"]
    where = {node["id"]: node for node in nodes}
    boxes = [(n["x"] - n["r"], n["y"] - n["r"], n["x"] + n["r"], n["y"] + n["r"]) for n in nodes]
    boxes += [_label_box(n) for n in nodes if n.get("label")]
    if boxes:
        left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    else:
        left, top, right, bottom = 0.0, 0.0, float(drawn["width"]), float(drawn["height"])
    title = str(drawn.get("title") or "")
    lines = _wrap(str(drawn.get("made_with") or ""), max(right - left, 640.0), MADE_WITH_SIZE)
    header = TITLE_SIZE * 1.3 + MADE_WITH_SIZE * 1.4 * len(lines) + MARGIN / 2
    widest = max([_text_width(title, TITLE_SIZE)] + [_text_width(line, MADE_WITH_SIZE) for line in lines])
    x0, y0 = left - MARGIN, top - MARGIN - header
    width, height = max(right - left, widest) + 2 * MARGIN, bottom - top + header + 2 * MARGIN
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
             f'viewBox="{x0:.1f} {y0:.1f} {width:.1f} {height:.1f}" font-family="sans-serif">',
             f"<title>{escape(title)}</title>",
             f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#ffffff"/>',
             f'<text class="map-title" x="{left:.1f}" y="{y0 + MARGIN + TITLE_SIZE:.1f}" font-size="{TITLE_SIZE}" '
             f'font-weight="bold" fill="#222222">{escape(title)}</text>']
    for i, line in enumerate(lines):
        y = y0 + MARGIN + TITLE_SIZE * 1.3 + MADE_WITH_SIZE * (1.4 * i + 1)
        parts.append(f'<text class="made-with" x="{left:.1f}" y="{y:.1f}" font-size="{MADE_WITH_SIZE}" '
                     f'fill="#555555">{escape(line)}</text>')
    for edge in drawn["edges"]:
        a, b = where[edge["from"]], where[edge["to"]]
        dash = f' stroke-dasharray="{" ".join(str(d) for d in edge["dashes"])}"' if edge.get("dashes") else ""
        parts.append(f'<line x1="{a["x"]:.1f}" y1="{a["y"]:.1f}" x2="{b["x"]:.1f}" y2="{b["y"]:.1f}" '
                     f'stroke="{_color(edge["color"])}" stroke-width="{edge["width"]:.2f}" '
                     f'stroke-opacity="{float(edge["opacity"]):.2f}"{dash}/>')
    for node in nodes:
        parts.append(_shape(node))
    for node in nodes:
        if not node.get("label"):
            continue
        x0_, y0_, x1_, y1_ = _label_box(node)
        parts.append(f'<text class="label" x="{(x0_ + x1_) / 2:.1f}" y="{(y0_ + y1_) / 2:.1f}" '
                     f'font-size="{_font_size(node):.1f}" text-anchor="middle" dominant-baseline="central" '
                     f'fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                     f'{escape(str(node["label"]))}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _font_size(node: dict[str, Any]) -> float:
    return float(node.get("font_size") or 12)


def _label_box(node: dict[str, Any]) -> tuple[float, float, float, float]:
    """Where the page drew a node's label (left, top, right, bottom): the box vis-network measured,
    else one estimated from its font size, centred below its shape as vis-network places it."""
    size, box = _font_size(node), node.get("label_box")
    if box and box.get("width"):
        x, y, w, h = float(box["x"]), float(box["y"]), float(box["width"]), float(box["height"])
    else:
        w, h = _text_width(str(node["label"]), size), size * 1.2
        x, y = float(node["x"]), float(node["y"]) + float(node["r"]) + 2 + h / 2
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


def _text_width(text: str, size: float) -> float:
    """About how wide a line of sans-serif text is drawn (an average letter: 0.6 of its size).

    >>> _text_width("abcde", 10)
    30.0
    """
    return len(text) * size * 0.6


def _wrap(text: str, width: float, size: float) -> list[str]:
    """A " · "-separated line broken into lines about `width` wide, at its separators.

    >>> _wrap("one · two · three", 60, 10)
    ['one · two', 'three']
    """
    lines: list[str] = []
    for phrase in text.split(" · ") if text else ():
        if lines and _text_width(lines[-1] + " · " + phrase, size) <= width:
            lines[-1] += " · " + phrase
        else:
            lines.append(phrase)
    return lines


def _color(value: Any) -> str:
    """A colour for an SVG attribute: #rrggbb as drawn, anything else grey (never markup)."""
    text = str(value)
    return text if len(text) == 7 and text[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in text[1:]) \
        else "#999999"


def _shape(node: dict[str, Any]) -> str:
    x, y, r = float(node["x"]), float(node["y"]), float(node["r"])
    paint = f'fill="{_color(node["color"])}" stroke="{_color(node["border"])}" stroke-width="1"'
    if node.get("shape") in ("square", "box"):
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {paint}/>'
    corners = {"triangle": ((0, -1), (0.87, 0.5), (-0.87, 0.5)), "diamond": ((0, -1), (1, 0), (0, 1), (-1, 0)),
               "hexagon": ((1, 0), (0.5, 0.87), (-0.5, 0.87), (-1, 0), (-0.5, -0.87), (0.5, -0.87)),
               "star": ((0, -1), (0.22, -0.31), (0.95, -0.31), (0.36, 0.12), (0.59, 0.81), (0, 0.38),
                        (-0.59, 0.81), (-0.36, 0.12), (-0.95, -0.31), (-0.22, -0.31))}.get(node.get("shape"))
    if corners:
        points = " ".join(f"{x + r * dx:.1f},{y + r * dy:.1f}" for dx, dy in corners)
        return f'<polygon points="{points}" {paint}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {paint}/>'
