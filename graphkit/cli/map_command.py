"""The `map` command: an interactive network map as one offline HTML file."""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from graphkit.analysis import MEASURES
from graphkit.cli.options import Filters, GraphSource, date_callback, filter_options, source_options
from graphkit.cli.output import counted


@click.command("map")
@source_options
@filter_options
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (required unless --png or --svg).")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw the map as a PNG picture (for slides), in a headless Chromium.")
@click.option("--svg", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw the map as an SVG picture (for print), in a headless Chromium.")
@click.option("--focus", metavar="ACTOR", help="Map only the actors near this one (an id, name or alias).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: how many ties away from the actor to map.")
@click.option("--size-by", type=click.Choice(MEASURES), default="degree", show_default=True,
              help="The centrality measure that sizes the actors.")
@click.option("--title", help="The map's title [default: the dataset's title].")
@click.option("--diff", "diff_valid", nargs=2, metavar="A B", callback=date_callback, default=None,
              help="A diff map of valid time: what held on A against what held on B, coloured by what "
                   "began, ended or changed (status or certainty). The other filters apply to both dates.")
@click.option("--diff-known-by", "diff_known", nargs=2, metavar="A B", callback=date_callback, default=None,
              help="A diff map of knowledge time: the published record on A against B, coloured by what "
                   "appeared, disappeared or changed status as new citations came in.")
def map_command(source: GraphSource, filters: Filters, out: Path | None, png: Path | None, svg: Path | None,
                focus: str | None, depth: int, size_by: str, title: str | None, diff_valid, diff_known) -> None:
    """Write an interactive map of a network: one HTML file that opens offline in any browser.

    Actors are drawn by kind, relationships by type and status; click one to read its dates, its
    status (and why, if set by hand) and every source with its stance, date and quote. In the
    page: filters, a search box, and a time slider with two clocks. "Held on" shows what held on
    the day (from the dates the texts give, never from when they were reported): what only may
    have held is faded, and undated relationships are hidden unless ticked (the box shows how
    many). "Known by" shows the network as the published record stood on the day: later
    citations dropped, statuses as they stood.

    A diff map (--diff A B, or --diff-known-by A B) compares two dates of one clock instead, as
    `graphkit diff` does, and colours what changed.

    The page's header says what made it: every filter, the focus and what they left out. As in
    a slice, an actor left with no relationship shown is hidden (--keep-isolated keeps it). Its
    address follows what the reader selects, so a link opens it in that state: map.html#actor=hamas,
    #relationship=ID, #date=2023-10 (held on some day of it), #date=2024&clock=known.

    \b
    Examples:
      graphkit map seed/malaysia-palestine --out map.html
      graphkit map --focus "Anwar Ibrahim" --depth 2 --out anwar.html
      graphkit map --status all --size-by betweenness --title "Who brokers?" --out brokers.html
      graphkit map --neo4j --dataset malaysia-palestine --as-of 2023-10 --out october.html
      graphkit map --diff 2023-09 2023-11 --out war.html
      graphkit map --diff-known-by 2018 2024 --status all --out record.html
      graphkit map --as-of 2023-10 --png october.png --svg october.svg
    """
    from graphkit.graph import ego, resolve_actor
    from graphkit.cli.progress import steps
    from graphkit.map import MAP_STEPS, write_map

    pictures = [picture for picture in (png, svg) if picture is not None]
    if out is None and not pictures:
        raise click.UsageError("give --out FILE.html (and/or --png FILE, --svg FILE)")
    for option, picture, suffix in (("--png", png, ".png"), ("--svg", svg, ".svg")):
        if picture is not None and picture.suffix.lower() != suffix:
            raise click.ClickException(f"{option} {picture}: name it {picture.with_suffix(suffix).name}")
    if out is not None and out.suffix.lower() not in (".html", ".htm"):
        raise click.ClickException(f"--out {out}: a map is an HTML file; name it {out.with_suffix('.html').name}")
    if diff_valid is not None and diff_known is not None:
        raise click.UsageError("give either --diff or --diff-known-by, not both")
    dates = diff_valid or diff_known
    if dates is None:
        graph = source.load(filters)
    else:
        graph = _diff(source, filters, "valid" if diff_valid is not None else "known", dates)
    center = None
    if focus:
        center = resolve_actor(graph, focus)
        graph = ego(graph, center, depth)  # cut here, once: the map opens on the actor and keeps all it is given
        graph.graph["focus"] = {"depth": depth}  # the page's header says how deep
    with contextlib.ExitStack() as stack:
        page = out if out is not None else Path(stack.enter_context(tempfile.TemporaryDirectory())) / "map.html"
        with steps([*MAP_STEPS, *(f"drawing {picture.name}" for picture in pictures)], "Map") as next_step:
            write_map(graph, page, title=title, size_by=size_by, focus=center, depth=None,
                      keep_isolated=filters.keep_isolated, next_step=next_step)
            if pictures:
                from graphkit.map.picture import write_picture

                for picture in pictures:
                    write_picture(page, picture)
                    next_step()
        for picture in pictures:
            click.echo(f"{picture}: picture of the map", err=True)
    if out is None:
        return
    within = f" within {depth} of {focus!r}" if focus else ""
    what = "map"
    if dates is not None:
        found = graph.graph["diff"]
        changes = [change for _, _, change in graph.edges(data="change")]  # those mapped (--focus cuts)
        counts = ", ".join(f"{changes.count(change)} {change}" for change in found["counts"])
        clock = "valid time" if found["clock"] == "valid" else "knowledge time"
        what = f"diff map ({clock}, {found['from']} to {found['to']}: {counts})"
    click.echo(f"{out}: {what} of {counted(graph.number_of_nodes(), 'actor')} and "
               f"{counted(graph.number_of_edges(), 'relationship')}{within}")


def _diff(source: GraphSource, filters: Filters, clock: str, dates):
    """The diff graph of two dates of one clock; the other filters cut both dates alike."""
    from graphkit.map.diff import CLOCK_FILTERS, diff_graph
    from graphkit.vocabulary import vocabulary

    if clock == "valid" and filters.timed:
        raise click.UsageError("--diff sets the valid date of each side: leave out --as-of and --between")
    if clock == "known" and getattr(filters, "known_by", None) is not None:
        raise click.UsageError("--diff-known-by sets the knowledge date of each side: leave out --known-by")
    if hasattr(filters, "check"):
        filters.check(window=clock == "valid" or filters.timed)
    # Read once, with every status and no date: a status can change with what is known, so each
    # date filters its own slice.
    graph = source.load(replace(filters, statuses=list(vocabulary().statuses)), time=False, note=False)
    keywords = {name: value for name, value in filters.keywords().items()
                if name not in (CLOCK_FILTERS[clock], "between" if clock == "valid" else "")}
    diffed = diff_graph(graph, *dates, clock=clock, **keywords)
    found = diffed.graph["diff"]
    for day, side in ((found["from"], "before"), (found["to"], "after")):
        left = {reason: count for reason, count in found["left_out"][side].items() if reason != "status" and count}
        if left:
            words = ", ".join(f"{count} {reason.replace('_', ' ')}" for reason, count in left.items())
            click.echo(f"{'as of' if clock == 'valid' else 'known by'} {day}: left out {words}", err=True)
    return diffed


COMMANDS: list[click.Command] = [map_command]
