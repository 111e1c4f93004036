"""Commands that report on datasets: `validate` (dataset folders) and `stats` (any graph source)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from graphkit.cli.options import filter_options, source_options

if TYPE_CHECKING:
    from graphkit.cli.options import Filters, GraphSource
    from graphkit.model import Dataset, Problem


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors (notes never fail).")
@click.option("--documents", type=click.Path(path_type=Path), metavar="DIR",
              help="Also check every quote against its source's document in DIR (the file its `document` "
                   "field names): each must be verbatim, whitespace aside.")
def validate(paths: tuple[Path, ...], strict: bool, documents: Path | None) -> None:
    """Check datasets and print every problem, one per line (default: every dataset under seed/).

    A path may be a dataset folder or a folder of datasets. Errors make the command fail (exit
    1); warnings (unusual ends for a type, dates outside an actor's lifetime or before the first
    report, a status set by hand that says more than its citations, actors without relationships,
    sources nothing cites) are printed but pass unless --strict. The note on single-source
    relationships is advice: it never fails.

    \b
    Examples:
      graphkit validate
      graphkit validate seed/malaysia-palestine --strict
      graphkit validate seed/malaysia-palestine --documents ../shared/seeds
    """
    from graphkit.dataset import dataset_paths, validate_dataset

    failed = False
    for folder in dataset_paths(paths):
        dataset, problems = validate_dataset(folder, documents=documents)
        for problem in problems:
            click.echo(str(problem))
        click.echo(_summary(folder, dataset, problems, strict))
        failed |= dataset is None or (strict and any(problem.severity == "warning" for problem in problems))
    if failed:
        click.get_current_context().exit(1)


def _summary(folder: Path, dataset: "Dataset | None", problems: list["Problem"], strict: bool = False) -> str:
    """One line per dataset: its size and verdict."""
    counts = {severity: sum(problem.severity == severity for problem in problems)
              for severity in ("error", "warning", "note")}
    notes = f", {_plural(counts['note'], 'note')}" if counts["note"] else ""
    if dataset is None:
        return (f"{folder.resolve().name}: FAILED, {_plural(counts['error'], 'error')}, "
                f"{_plural(counts['warning'], 'warning')}{notes}")
    size = (f"{_plural(len(dataset.actors), 'actor')}, {_plural(len(dataset.relationships), 'relationship')}, "
            f"{_plural(len(dataset.sources), 'source')}")
    warnings = counts["warning"]
    verdict = ("OK" if not warnings else f"FAILED (--strict), {_plural(warnings, 'warning')}" if strict
               else f"OK, {_plural(warnings, 'warning')}") + notes
    return f"{dataset.name}: {size} — {verdict}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@click.command()
@source_options
@filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(source: "GraphSource", filters: "Filters", fmt: str) -> None:
    """Report what a dataset holds and where its evidence is thin (default: the dataset under seed/).

    Counts by actor kind, relationship type, status and source; per dataset and per actor, how
    many relationships are dated, attested, bounded (only after/before) or undated by their
    texts, and how many are single-sourced, alleged or disputed; the undated relationships and
    actors without relationships; the range of the dates the texts give, and apart from it the
    range of first reports (knowledge time: when they were written about, not when they held).
    Reads what `centrality` reads (a dataset folder, a graph file or Neo4j); filters narrow it,
    and without --status they keep every status.

    \b
    Examples:
      graphkit stats seed/malaysia-palestine
      graphkit stats seed/malaysia-palestine --format json
      graphkit stats seed/malaysia-palestine --known-by 2020 --as-of 2019
    """
    import json

    from graphkit.cli.output import to_plain
    from graphkit.stats import format_table, graph_stats

    report = graph_stats(source.load_everything(filters))
    click.echo(json.dumps(to_plain(report), ensure_ascii=False, indent=2) if fmt == "json" else format_table(report))


COMMANDS: list[click.Command] = [validate, stats]
