"""The page: the template filled with the map's data, its styles and its scripts, all inlined.

Every value travels as one JSON block that cannot close its `<script>` tag (`script_json`; its
long lists packed as columns by `pack`, unpacked by `pack.js`), and the page builds its DOM with
`textContent` only, so a name, quote or URL is always shown as text,
never run. vis-network is inlined from the copy pyvis ships: the page requests nothing from any
network, and its content security policy allows only the scripts inlined here.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import pyvis

from graphkit.map.pack import pack_map

ASSETS = Path(__file__).parent / "assets"
APP_SCRIPTS = ("pack.js", "clock.js", "slider.js", "labels.js", "lines.js", "draw.js", "map.js")
_MARKER = re.compile(r"/\*GRAPHKIT:(\w+)\*/")


def page(data: dict[str, Any]) -> str:
    """Fill the template: every piece is inlined once, in one pass, so nothing is re-read as markup."""
    vis_js = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    scripts = {
        "vis": vis_js,
        # the page's own script: its clocks first (pure functions), then the page that uses them
        "app": "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in APP_SCRIPTS),
    }
    for name, code in scripts.items():
        if re.search(r"</script|<!--", code, re.IGNORECASE):
            raise RuntimeError(f"the {name} script cannot be inlined: it contains '</script' or '<!--'")
    parts = {
        "title": html.escape(data["title"]),
        "css": (ASSETS / "map.css").read_text(encoding="utf-8"),
        "data": script_json(pack_map(data)),  # long lists as columns (pack.py; unpacked by pack.js)
        "csp": " ".join(f"'sha256-{_digest(code)}'" for code in scripts.values()),
        **scripts,
    }
    template = (ASSETS / "template.html").read_text(encoding="utf-8")
    return _MARKER.sub(lambda match: parts[match.group(1)], template)


def script_json(data: Any) -> str:
    """JSON that is safe inside a `<script>` element: no `<`, `>` or `&`, no line separators.

    Dates and partial dates become their text (ISO 8601: 2023-10-31, 2023-10).

    >>> script_json({"q": "</script><!-- & \\u2028"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u0026 \\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, default=str, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _digest(code: str) -> str:
    return base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
