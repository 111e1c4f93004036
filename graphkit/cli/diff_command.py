"""`graphkit diff`: what changed in a network between two valid dates or two knowledge dates."""

from __future__ import annotations

from dataclasses import replace

import click

from graphkit.analysis import MEASURES
from graphkit.cli.options import (
    Filters,
    GraphSource,
    date_callback,
    left_out_note,
    selection_options,
    source_options,
)
from graphkit.cli.output import echo, json_text, render_rows


@click.command()
@source_options
@click.option("--as-of", "as_of", nargs=2, metavar="A B", callback=date_callback, default=None,
              help="Valid time: compare what held (or may have held) on some day of A with B.")
@click.option("--known-by", "known_by", nargs=2, metavar="A B", callback=date_callback, default=None,
              help="Knowledge time: compare the published record as it stood on A with B.")
@selection_options
@click.option("--measure", "-m", type=click.Choice(MEASURES), default="degree", show_default=True,
              help="The centrality measure whose biggest changes are listed.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many centrality changes to list (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def diff(source: GraphSource, as_of, known_by, filters: Filters, measure: str, top: int, fmt: str) -> None:
    """Compare a network on two dates: what began, ended, appeared or changed, with its evidence.

    With --as-of A B (valid time): relationships that began (not in force on A, in force or
    possibly so on B), ended, or changed status or certainty. With --known-by A B (knowledge
    time): relationships that appeared in the published record between A and B, disappeared
    from the slice (e.g. denied since) or changed status as new citations came in. Both list the
    actors that entered or left the network (tied by some relationship on one date only) and the
    biggest changes of centrality. Every relationship comes with its citations: source, stance
    and quote. The other filters apply to both dates.

    \b
    Examples:
      graphkit diff seed/malaysia-palestine --as-of 2023-09 2023-11
      graphkit diff seed/malaysia-palestine --known-by 2018 2024 --format json
      graphkit diff --as-of 2015 2024 --certain --types MEMBER_OF,LEADS --measure betweenness
    """
    from graphkit.analysis import diff_graphs
    from graphkit.graph import filter_graph
    from graphkit.vocabulary import vocabulary

    if (as_of is None) == (known_by is None):
        raise click.UsageError("give either --as-of A B or --known-by A B")
    filters.check(window=as_of is not None)
    clock, dates = ("valid", as_of) if as_of is not None else ("known", known_by)
    # Read once, every status: statuses can change with what is known, so they are filtered per date.
    graph = source.load(replace(filters, statuses=list(vocabulary().statuses), certain=False, undated="exclude"),
                        time=False, note=False)
    slices = []
    for date in dates:
        side = replace(filters, as_of=date) if clock == "valid" else replace(filters, known_by=date)
        sliced = filter_graph(graph, **side.keywords())
        click.echo(left_out_note(sliced, side.describe()), err=True)
        slices.append(sliced)
    result = diff_graphs(*slices, clock=clock, measure=measure, top=top or None, labels=tuple(map(str, dates)))
    if fmt == "json":
        click.echo(json_text(result))
    else:
        echo(_text(result))  # names and quotes escaped for the terminal


def _text(result: dict) -> str:
    """The diff as text: a block per relationship with its evidence, tables for actors and scores."""
    clock = "valid time" if result["clock"] == "valid" else "knowledge time"
    rows = result["relationships"]
    counts = ", ".join(f"{sum(row['change'] == change for row in rows)} {change}" for change in
                       dict.fromkeys(row["change"] for row in rows)) or "no relationship changed"
    lines = [f"From {result['from']} to {result['to']} ({clock}): {counts}."]
    for row in rows:
        arrow = f"-- {row['type']} ->" if row["directed"] is not False else f"-- {row['type']} --"
        status = (f"{row['status'][0]} -> {row['status'][1]}" if isinstance(row["status"], list)
                  else row["status"] or "reported")
        holds = (f", held: {row['holds'][0] or '-'} -> {row['holds'][1] or '-'}" if isinstance(row["holds"], list)
                 else ", may have held then" if row["holds"] == "may" else "")
        lines.append(f"\n{row['change']}: {row['from']} {arrow} {row['to']} ({row['id']})")
        lines.append(f"    {row['when']}, {status}{holds}")
        for citation in row["evidence"]:
            new = " [new]" if citation.get("new") else ""
            known = f"; {citation['known']}" if citation.get("known") else ""
            lines.append(f"    {citation['stance']}{new}: {citation['text']} "
                         f"({citation.get('title') or citation['source']}{known})")
    if result["actors"]:
        lines += ["", "Actors", render_rows(result["actors"], ["change", "id", "name", "kind"])]
    else:
        lines += ["", "No actor entered or left."]
    if result["centrality"]:
        lines += ["", f"Biggest changes of {result['measure']} centrality",
                  render_rows(result["centrality"], ["id", "name", "before", "after", "change", "rank_before",
                                                     "rank_after"])]
    return "\n".join(lines)


COMMANDS: list[click.Command] = [diff]
