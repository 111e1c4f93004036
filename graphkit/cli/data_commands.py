"""Commands that work on dataset folders: `validate` and `stats`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from graphkit.model import Dataset, Problem


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
    from graphkit.dataset import dataset_paths, validate_dataset

    failed = False
    for folder in dataset_paths(paths):
        dataset, problems = validate_dataset(folder)
        for problem in problems:
            click.echo(str(problem))
        click.echo(_summary(folder, dataset, problems, strict))
        failed |= dataset is None or (strict and bool(problems))
    if failed:
        click.get_current_context().exit(1)


def _summary(folder: Path, dataset: "Dataset | None", problems: list["Problem"], strict: bool = False) -> str:
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

    from graphkit.dataset import open_dataset
    from graphkit.graph import dataset_to_graph
    from graphkit.stats import format_table, graph_stats

    report = graph_stats(dataset_to_graph(open_dataset(path)))
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if fmt == "json" else format_table(report))


COMMANDS: list[click.Command] = [validate, stats]
