"""The `map` command: an interactive network map as one offline HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.analysis import MEASURES
from graphkit.cli.options import Filters, GraphSource, filter_options, source_options


@click.command("map")
@source_options
@filter_options
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (the only file written).")
@click.option("--focus", metavar="ACTOR", help="Map only the actors near this one (an id, name or alias).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: how many ties away from the actor to map.")
@click.option("--size-by", type=click.Choice(MEASURES), default="degree", show_default=True,
              help="The centrality measure that sizes the actors.")
@click.option("--title", help="The map's title [default: the dataset's title].")
def map_command(source: GraphSource, filters: Filters, out: Path, focus: str | None, depth: int,
                size_by: str, title: str | None) -> None:
    """Write an interactive map of a network: one HTML file that opens offline in any browser.

    Actors are drawn by kind, relationships by type and status; click one to read its dates and
    every source with its quote. In the page: filters, a search box, and a time slider that shows
    the network as of any day.

    \b
    Examples:
      graphkit map seed/malaysia-palestine --out map.html
      graphkit map --focus "Anwar Ibrahim" --depth 2 --out anwar.html
      graphkit map --status all --size-by betweenness --title "Who brokers?" --out brokers.html
      graphkit map --neo4j --dataset malaysia-palestine --as-of 2023-10 --out october.html
    """
    from graphkit.graph import ego, resolve_actor
    from graphkit.map import write_map

    if out.suffix.lower() not in (".html", ".htm"):
        raise click.ClickException(f"--out {out}: a map is an HTML file; name it {out.with_suffix('.html').name}")
    graph = source.load(filters)
    center = None
    if focus:
        center = resolve_actor(graph, focus)
        graph = ego(graph, center, depth)  # cut here, once: the map opens on the actor and keeps all it is given
    write_map(graph, out, title=title, size_by=size_by, focus=center, depth=None)
    within = f" within {depth} of {focus!r}" if focus else ""
    click.echo(f"{out}: map of {graph.number_of_nodes()} actors and {graph.number_of_edges()} relationships{within}")

COMMANDS: list[click.Command] = [map_command]
