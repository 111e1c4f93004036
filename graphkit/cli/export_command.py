"""`graphkit export`: a network in one of the exchange formats of `graphkit.formats`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graphkit.cli.options import every_status_by_default, filter_options, source_options
from graphkit.errors import GraphkitError
from graphkit.formats import FORMATS, write_graph_file, write_graph_stream

if TYPE_CHECKING:
    from graphkit.cli.options import Filters, GraphSource


RENAMED = {"csv": "neo4j-csv"}
"""Former names of formats, refused with the new name."""


def _renamed(value: str) -> str:
    """A format's name, refusing a former name in one line that gives the new one."""
    if value in RENAMED:
        raise GraphkitError(
            f"--format {value} is now --format {RENAMED[value]} (the neo4j-admin bulk-import files)",
            hint="for a dataset's spreadsheet form (a CSV file per table) use `graphkit convert DATASET --to csv`")
    return value


def _formats_help() -> str:
    return " ".join(f"{fmt.name}: {fmt.description}" + (f" (needs graphkit[{fmt.extra}])" if fmt.extra else "") + "."
                    for fmt in FORMATS.values())


@every_status_by_default
@click.command()
@source_options
@filter_options
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS) + sorted(RENAMED)), metavar="FORMAT",
              default="json", show_default=True,
              help=_formats_help(), callback=lambda ctx, param, value: _renamed(value))
@click.option("--out", type=click.Path(path_type=Path),
              help="Write to this file (a folder for neo4j-csv), not stdout.")
def export(source: "GraphSource", filters: "Filters", fmt: str, out: Path | None) -> None:
    """Export a network (default: the whole dataset under seed/), as UTF-8.

    Reads the same sources as `centrality` and `map` (a dataset folder, a GraphML/GEXF file, or
    Neo4j). With no filter it exports everything, denied claims included; filters narrow it, and
    without --status they keep every status. --as-of/--between slice valid time (what held then,
    by the dates the texts give; undated relationships only with --undated include), --known-by
    knowledge time (what had been published by then, statuses as they stood).

    \b
    Examples:
      graphkit export seed/malaysia-palestine --format json --out network.json
      graphkit export seed/malaysia-palestine | jq '.edges | length'
      graphkit export seed/malaysia-palestine --format gexf --out network.gexf
      graphkit export seed/malaysia-palestine --format neo4j-csv --out import/
      graphkit export --as-of 2023-10 --types PRESSURED,SUPPORTS --format graphml --out october.graphml
      graphkit export --known-by 2020 --format gexf --out known-2020.gexf
      graphkit export --neo4j --dataset malaysia-palestine --format ftm --out entities.ftm.json
    """
    chosen = FORMATS[fmt]
    if fmt == "neo4j-csv" and out is not None and not filters.given and source.plain_folder:
        from graphkit.dataset import one_dataset_path
        from graphkit.store.bulk import prepared_folder

        prepared = prepared_folder(one_dataset_path(source.path))  # a CSV folder's files from its columns, if it can
        if prepared is not None:
            written = prepared.write(out)
            click.echo(f"wrote {out}: {', '.join(path.name for path in written)}", err=True)
            return
    graph = source.load_everything(filters)
    look = None
    if chosen.styled:  # Gephi and Cytoscape open the network styled as the map draws it
        from graphkit.map.look import look_of

        look = look_of(graph)
    if out is None:
        if chosen.folder:
            raise click.ClickException(
                f"--format {fmt} writes several files: give a folder with --out, e.g. --out import/")
        write_graph_stream(graph, sys.stdout.buffer, fmt, look=look)
        return
    written = write_graph_file(graph, out, fmt, look=look)
    what = ", ".join(path.name for path in written) if chosen.folder else (
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    click.echo(f"wrote {out}: {what}", err=True)


COMMANDS: list[click.Command] = [export]
