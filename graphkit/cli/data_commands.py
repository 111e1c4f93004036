"""Commands that work on dataset folders: `validate`, `stats` and `export`."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graphkit.cli.options import filter_options, source_options

if TYPE_CHECKING:
    from graphkit.cli.options import Filters, GraphSource
    from graphkit.model import Dataset, Problem

# Export formats: each is one function from the graph to text (or bytes), named "module:function".
FORMATS = {
    "json": "graphkit.export.json_export:to_json",
    "gexf": "graphkit.export.gexf:to_gexf",
    "graphml": "graphkit.export.graphml:to_graphml",
    "csv": "graphkit.export.neo4j_csv:to_neo4j_csv",  # several files: a dict of name -> text, written to a folder
    "ftm": "graphkit.export.ftm:to_ftm",
}


def load_dataset(path: Path | None) -> "Dataset":
    """The dataset at `path` (or the one under seed/); a user-facing error if there is none or it has errors."""
    from graphkit.datasets import default_dataset_paths, find_datasets, validate_dataset

    found = find_datasets([path]) if path is not None else default_dataset_paths()
    if not found:
        raise click.ClickException("no dataset found under seed/; pass a dataset folder, e.g. seed/malaysia-palestine")
    if len(found) > 1:
        names = ", ".join(str(folder) for folder in found)
        raise click.ClickException(f"several datasets ({names}); pass one of them")
    dataset, problems = validate_dataset(found[0])
    if dataset is None:
        errors = [problem for problem in problems if problem.severity == "error"]
        raise click.ClickException(
            f"{found[0]} is not a valid dataset ({_plural(len(errors), 'error')}); the first: {errors[0]}\n"
            f"Run `graphkit validate {found[0]}` to see every problem.")
    return dataset


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
def validate(paths: tuple[Path, ...], strict: bool) -> None:
    """Check datasets and print every problem, one per line (default: every dataset under seed/).

    A path may be a dataset folder or a folder of datasets. Errors make the command fail (exit
    1); warnings (unusual ends for a type, single-source relationships, actors without
    relationships, sources nothing cites) are printed but pass unless --strict.

    \b
    Examples:
      graphkit validate
      graphkit validate seed/malaysia-palestine --strict
    """
    from graphkit.datasets import default_dataset_paths, find_datasets, validate_dataset

    folders = find_datasets(paths) if paths else default_dataset_paths()
    if not folders:
        raise click.ClickException("no dataset found under seed/; pass a dataset folder, e.g. seed/malaysia-palestine")
    failed = False
    for folder in folders:
        dataset, problems = validate_dataset(folder)
        for problem in problems:
            click.echo(str(problem))
        click.echo(summary(folder, dataset, problems, strict))
        failed |= dataset is None or (strict and bool(problems))
    if failed:
        click.get_current_context().exit(1)


def summary(folder: Path, dataset: "Dataset | None", problems: list["Problem"], strict: bool = False) -> str:
    """One line per dataset: its size and verdict."""
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    if dataset is None:
        return f"{folder.resolve().name}: FAILED, {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    size = (f"{_plural(len(dataset.actors), 'actor')}, {_plural(len(dataset.relationships), 'relationship')}, "
            f"{_plural(len(dataset.sources), 'source')}")
    verdict = "OK" if not warnings else (
        f"FAILED (--strict), {_plural(warnings, 'warning')}" if strict else f"OK, {_plural(warnings, 'warning')}")
    return f"{dataset.name}: {size} — {verdict}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(path: Path | None, fmt: str) -> None:
    """Report what a dataset holds and where its evidence is thin (default: the dataset under seed/).

    Counts by actor kind, relationship type, status and source; relationships without dates of
    their own and with a single source; actors without relationships; the span of dates.

    \b
    Examples:
      graphkit stats seed/malaysia-palestine
      graphkit stats seed/malaysia-palestine --format json
    """
    import json

    from graphkit.graph import dataset_to_graph
    from graphkit.stats import format_table, graph_stats

    report = graph_stats(dataset_to_graph(load_dataset(path)))
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if fmt == "json" else format_table(report))


@click.command()
@source_options
@filter_options
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="json", show_default=True,
              help="json: node-link JSON with every field, sorted by id. gexf: Gephi, with the timeline. "
                   "graphml: networkx, igraph, yEd, Cytoscape. csv: a folder for neo4j-admin import. "
                   "ftm: FollowTheMoney entities (needs graphkit[ftm]).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Write to this file (a folder for csv), not stdout.")
def export(source: "GraphSource", filters: "Filters", fmt: str, out: Path | None) -> None:
    """Export a network (default: the whole dataset under seed/), as UTF-8.

    Reads the same sources as `centrality` and `map` (a dataset folder, a GraphML/GEXF file, or
    Neo4j). With no filter it exports everything, denied claims included; filters narrow it, and
    without --status they keep every status.

    \b
    Examples:
      graphkit export seed/malaysia-palestine --format json --out network.json
      graphkit export seed/malaysia-palestine | jq '.edges | length'
      graphkit export seed/malaysia-palestine --format gexf --out network.gexf
      graphkit export seed/malaysia-palestine --format csv --out import/
      graphkit export --as-of 2023-10 --types PRESSURED,SUPPORTS --format graphml --out october.graphml
      graphkit export --neo4j --dataset malaysia-palestine --format ftm --out entities.ftm.json
    """
    graph = source.load()
    if filters.timed or filters.types or filters.kinds or filters.statuses:
        if filters.statuses is None:
            from graphkit.model import vocabulary

            filters.statuses = list(vocabulary().statuses)
        graph = filters.apply(graph)
    module, function = FORMATS[fmt].split(":")
    try:
        data = getattr(import_module(module), function)(graph)
    except ImportError as error:  # an optional extra the format needs
        raise click.ClickException(str(error)) from None
    except ValueError as error:  # data the format cannot hold
        raise click.ClickException(f"cannot export as {fmt}: {error}") from None
    if isinstance(data, dict):
        _write_folder(out, fmt, data)
        return
    data = data.encode("utf-8") if isinstance(data, str) else data
    if out is None:
        stream = click.get_binary_stream("stdout")
        stream.write(data)
        stream.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror}") from None
    click.echo(f"wrote {out}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", err=True)


def _write_folder(out: Path | None, fmt: str, files: dict[str, str]) -> None:
    """Write a format made of several files into the folder `out`."""
    if out is None:
        raise click.ClickException(f"--format {fmt} writes several files: give a folder with --out, e.g. --out import/")
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror}") from None
    click.echo(f"wrote {out}: {', '.join(files)}", err=True)


COMMANDS: list[click.Command] = [validate, stats, export]
