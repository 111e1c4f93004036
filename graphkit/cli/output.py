"""Results for people and programs: aligned text tables, JSON and CSV (and `--plot`'s chart).

Two kinds of results come here. Query results (`render`): keys and records of values the Neo4j
driver returns: nodes, relationships and paths (duck-typed here, so this module needs no
driver), Neo4j dates and times, lists, maps and plain scalars:

- table: a cell longer than `MAX_CELL` wraps onto more lines (a quote is never cut); a node
  reads `(anwar-ibrahim:Actor:Person "Anwar Ibrahim")`, a relationship
  `anwar-ibrahim -[:MET_WITH 2024-05 reported]- hamas` (an arrow when it is directed; its time
  as its text gives it, never a report date), a path as its nodes joined by its relationships;
- json: a list of row objects; nodes, relationships and paths in full (element id, labels or
  type, ends, properties), dates and times as ISO 8601 text;
- csv: a header and a row per record; scalars as text, anything else as compact JSON.

Analysis results (`render_rows`): rows as dicts, printed as a table of chosen columns (numbers
to the right, to 4 decimals), the same columns as CSV, or the rows in full as JSON.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, MissingExtra

FORMATS = ("table", "json", "csv")
MAX_CELL = 80  # characters of a line of a table cell: a longer cell wraps onto more lines


def _is_node(value: Any) -> bool:
    return hasattr(value, "labels") and hasattr(value, "element_id")


def _is_relationship(value: Any) -> bool:
    return hasattr(value, "start_node") and hasattr(value, "type") and hasattr(value, "element_id")


def _is_path(value: Any) -> bool:
    return hasattr(value, "nodes") and hasattr(value, "relationships") and hasattr(value, "start_node")


def to_plain(value: Any) -> Any:
    """A value as JSON-ready data.

    >>> import datetime as dt
    >>> to_plain({"when": dt.date(2023, 10, 31), "ids": ("a", "b")})
    {'when': '2023-10-31', 'ids': ['a', 'b']}
    """
    if _is_path(value):
        return {"nodes": [to_plain(node) for node in value.nodes],
                "relationships": [to_plain(rel) for rel in value.relationships]}
    if _is_relationship(value):
        return {"elementId": value.element_id, "type": value.type,
                "start": value.start_node.element_id if value.start_node is not None else None,
                "end": value.end_node.element_id if value.end_node is not None else None,
                "properties": to_plain(dict(value))}
    if _is_node(value):
        return {"elementId": value.element_id, "labels": sorted(value.labels),
                "properties": to_plain(dict(value))}
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    if hasattr(value, "isoformat"):  # datetime types
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _node_text(node: Any) -> str:
    labels = "".join(f":{label}" for label in sorted(node.labels, key=lambda label: label != "Actor"))
    ident = node.get("id") if node.get("id") is not None else node.element_id
    name = node.get("name") or node.get("title")
    return f"({ident}{labels}" + (f' "{name}"' if name and name != ident else "") + ")"


def _end_id(node: Any) -> str:
    if node is None:
        return "?"
    return str(node.get("id") if node.get("id") is not None else node.element_id)


def _relationship_label(rel: Any) -> str:
    """A relationship's type, time as its text gives it (never a report date) and status.

    >>> class Rel(dict):
    ...     type = "LEADS"
    >>> _relationship_label(Rel(start="2019", end="..", status="reported")), _relationship_label(Rel(attested="2013"))
    ('[:LEADS 2019.. reported]', '[:LEADS attested 2013]')
    """
    end = rel.get("end") if rel.get("end") != ".." else None
    when = rel.get("date") or (f"{rel.get('start') or ''}..{end or ''}" if rel.get("start") or end else None)
    bounds = [f"{name} {rel.get(name)}" for name in ("attested", "after", "before") if rel.get(name)]
    parts = [f":{rel.type}"] + [str(part) for part in (when, *bounds, rel.get("status")) if part]
    return "[" + " ".join(parts) + "]"


def _relationship_text(rel: Any) -> str:
    arrow = ">" if rel.get("directed", True) is not False else ""
    return f"{_end_id(rel.start_node)} -{_relationship_label(rel)}-{arrow} {_end_id(rel.end_node)}"


def _path_text(path: Any) -> str:
    current = path.start_node
    text = _end_id(current)
    for rel in path.relationships:
        forward = rel.start_node is not None and rel.start_node.element_id == current.element_id
        following = rel.end_node if forward else rel.start_node
        symmetric = rel.get("directed") is False
        left, right = ("-", "-") if symmetric else (("-", "->") if forward else ("<-", "-"))
        text += f" {left}{_relationship_label(rel)}{right} {_end_id(following)}"
        current = following
    return text


def cell_text(value: Any) -> str:
    """A value as readable text for a table cell.

    >>> cell_text(None), cell_text(["a", "b"]), cell_text(True), cell_text(0.25)
    ('', 'a, b', 'true', '0.25')
    """
    if value is None:
        return ""
    if _is_path(value):
        return _path_text(value)
    if _is_relationship(value):
        return _relationship_text(value)
    if _is_node(value):
        return _node_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(to_plain(value), ensure_ascii=False)
    plain = to_plain(value)
    return plain if isinstance(plain, str) else str(plain)


_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What a terminal must not be handed raw: C0 controls (ESC, BEL, NUL, BS...), DEL, C1 controls (CSI),
the Unicode line separators, and the bidirectional overrides that make text show other than it is."""


def terminal_text(text: str, keep: str = "") -> str:
    r"""Untrusted text as safe to print to a terminal: what `_UNSAFE` matches written as an escape,
    so that data can neither drive the terminal (colours, its title, erased lines) nor disguise
    itself. `keep` lists characters left as they are (a line break between lines of output).

    >>> print(terminal_text("\x1b[31mred\x07 \u202eevil"))
    \x1b[31mred\x07 \u202eevil
    >>> terminal_text("one\ntwo\r", keep="\n")
    'one\ntwo\\x0d'
    """
    def escape(found: re.Match) -> str:
        char = found.group()
        if char in keep:
            return char
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _UNSAFE.sub(escape, text)


def echo(text: str, **options: Any) -> None:
    """Print lines of output that hold data (names, quotes) to a terminal, escaped (`terminal_text`)."""
    import click

    click.echo(terminal_text(text, keep="\n"), **options)


def _wrapped(text: str, width: int | None) -> list[str]:
    """A cell's lines: its text (whitespace collapsed) wrapped at `width` characters, at spaces
    only (a long URL or id stays whole); None: one line as it is.

    >>> _wrapped("They met in Doha on 12 June", 12)
    ['They met in', 'Doha on 12', 'June']
    """
    if width is None:
        return [text]
    import textwrap

    return textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False) or [""]


def table(keys: list[str], cells: list[list[str]], right: list[bool] | None = None, *, wrap: int | None = None) -> str:
    """Cells of text as aligned columns under a header and a rule; `right` flags the columns
    aligned to the right (numbers). Every cell is escaped for the terminal (`terminal_text`);
    with `wrap`, a cell longer than that many characters goes on over more lines of its row.

    >>> print(table(["id", "n"], [["hamas", "3"], ["anwar-ibrahim", "12"]], right=[False, True]))
    id              n
    -------------  --
    hamas           3
    anwar-ibrahim  12
    >>> print(table(["id", "quote"], [["a", "one two three four"], ["b", "five"]], wrap=9))
    id  quote
    --  -------
    a   one two
        three
        four
    b   five
    """
    keys = [terminal_text(key) for key in keys]
    rows = [[_wrapped(terminal_text(value), wrap) for value in row] for row in cells]
    widths = [max([len(key)] + [len(part) for row in rows for part in row[i]]) for i, key in enumerate(keys)]
    right = right or [False] * len(keys)

    def line(values: list[str]) -> str:
        return "  ".join(value.rjust(width) if flush else value.ljust(width)
                         for value, width, flush in zip(values, widths, right)).rstrip()

    lines = [line(keys), line(["-" * width for width in widths])]
    for row in rows:
        lines.extend(line([cell[k] if k < len(cell) else "" for cell in row]) for k in range(max(map(len, row), default=1)))
    return "\n".join(lines)


def render_table(keys: list[str], records: list[tuple]) -> str:
    """An aligned text table with a header; a cell longer than `MAX_CELL` wraps.

    >>> print(render_table(["id", "n"], [("hamas", 3), ("anwar-ibrahim", 12)]))
    id             n
    -------------  --
    hamas          3
    anwar-ibrahim  12
    """
    return table(keys, [[cell_text(value) for value in record] for record in records], wrap=MAX_CELL)


def render_json(keys: list[str], records: list[tuple]) -> str:
    """A JSON list of row objects.

    >>> print(render_json(["id"], [("hamas",)]))
    [
      {
        "id": "hamas"
      }
    ]
    """
    return json_text([dict(zip(keys, record)) for record in records])


def json_text(document: Any) -> str:
    """Any result as indented JSON, dates and partial dates as their text (`to_plain`)."""
    return json.dumps(to_plain(document), ensure_ascii=False, indent=2)


def render_csv(keys: list[str], records: list[tuple]) -> str:
    """CSV with a header row; non-scalar values as compact JSON.

    >>> print(render_csv(["id", "aliases"], [("hamas", ["Harakat al-Muqawama"])]), end="")
    id,aliases
    hamas,"[""Harakat al-Muqawama""]"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    for record in records:
        writer.writerow([_csv_cell(value) for value in record])
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    """A value as a CSV cell for spreadsheets: text that would run as a formula is guarded.

    >>> _csv_cell("=HYPERLINK(1)"), _csv_cell(-0.5), _csv_cell(["=x"])
    ("'=HYPERLINK(1)", '-0.5', '["=x"]')
    """
    from graphkit.dataset.csv_form import spreadsheet_text

    plain = to_plain(value)
    if plain is None:
        return ""
    if isinstance(plain, bool):
        return "true" if plain else "false"
    if isinstance(plain, (int, float)):
        return str(plain)
    if isinstance(plain, str):
        return spreadsheet_text(plain)
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def render(keys: list[str], records: list[tuple], fmt: str = "table") -> str:
    """The records in one of `FORMATS`."""
    renderers = {"table": render_table, "json": render_json, "csv": render_csv}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return renderers[fmt](keys, records)


# --- analysis results ----------------------------------------------------------------------------

def render_rows(rows: list[dict[str, Any]], columns: list[str], fmt: str = "table", document: Any = None) -> str:
    """Analysis rows in one of `FORMATS`: a table or CSV of `columns`, or JSON of the rows in full
    (or of `document`, when the rows flatten a richer result).

    >>> rows = [{"rank": 1, "id": "hamas", "score": 0.25}, {"rank": 2, "id": "anwar-ibrahim", "score": 0.125}]
    >>> print(render_rows(rows, ["rank", "id", "score"]))
    rank  id              score
    ----  -------------  ------
       1  hamas          0.2500
       2  anwar-ibrahim  0.1250
    >>> print(render_rows(rows, ["id", "score"], "csv"))
    id,score
    hamas,0.25
    anwar-ibrahim,0.125
    """
    if fmt == "json":
        return json_text(rows if document is None else document)
    if fmt == "csv":
        return render_csv(columns, [[row.get(column) for column in columns] for row in rows]).rstrip("\n")
    cells = [[_number_text(row.get(column)) for column in columns] for row in rows]
    numeric = [all(isinstance(row.get(column), (int, float)) or row.get(column) is None for row in rows)
               for column in columns]
    return table(columns, cells, numeric)


def _number_text(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else cell_text(value)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count and its noun, singular for one: "1 relationship", "2 relationships".

    >>> counted(1, "actor"), counted(0, "actor"), counted(2, "community", "communities")
    ('1 actor', '0 actors', '2 communities')
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def check_plot_path(path: Path) -> None:
    """Refuse a `--plot` file whose suffix asks for a kind of file no chart can be (matplotlib
    decides by it: .png, .svg, .pdf, ...); `plot_periods` calls it; a command may call it first, before the work."""
    try:
        import matplotlib.backend_bases
    except ImportError:
        raise MissingExtra("matplotlib", "plot", "--plot") from None
    kinds = matplotlib.backend_bases.FigureCanvasBase.get_supported_filetypes()
    if path.suffix and path.suffix[1:].lower() not in kinds:
        raise GraphkitError(f"--plot {path}: a chart cannot be written as {path.suffix}",
                            hint=f"name it {path.with_suffix('.png').name} (or .svg, .pdf)")


def plotted_periods(result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The periods a chart draws and a table shows: those into which some relationship's own dates
    reach (`dated`), or, if none does, those with relationships. A tie known at one date may
    have held for decades before it, so nearly every year of a century holds some tie; drawing
    them all would be a wide chart of guesses around the years the data dates.

    >>> [p["period"] for p in plotted_periods([{"period": "1931", "relationships": 4, "dated": 0},
    ...                                       {"period": "1932", "relationships": 0, "dated": 0},
    ...                                       {"period": "2020", "relationships": 3, "dated": 1}])]
    ['2020']
    >>> [p["period"] for p in plotted_periods([{"period": "1931", "relationships": 1, "dated": 0}])]
    ['1931']
    """
    dated = [period for period in result if period.get("dated")]
    return dated or [period for period in result if period.get("relationships")]


def plot_periods(result: list[dict[str, Any]], actors: dict[str, str], measure: str, path: Path) -> None:
    """Draw the scores per period (`analysis.centrality_over_time`) of `actors` (id -> name) as a
    line chart, written to `path` as a PNG (`--plot`; needs matplotlib). Only the periods the
    data dates are drawn (`plotted_periods`), one label each."""
    check_plot_path(path)
    result = plotted_periods(result)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [period["period"] for period in result]
    figure, axes = plt.subplots(figsize=(max(6, 0.6 * len(labels) + 3), 4.5))
    for node, name in actors.items():
        values = [next((row["score"] for row in period["rows"] if row["id"] == node), 0.0) for period in result]
        axes.plot(labels, values, marker="o", label=name)
    axes.set_xlabel("period")
    axes.set_ylabel(measure)
    axes.set_title(f"{measure} centrality per period")
    axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    axes.tick_params(axis="x", labelrotation=45)
    figure.tight_layout()
    try:
        figure.savefig(path, dpi=120)
    except OSError as error:
        raise GraphkitError(f"--plot {path}: cannot write it ({error.strerror})",
                            hint="choose a file in a folder you can write to") from None
    finally:
        plt.close(figure)
