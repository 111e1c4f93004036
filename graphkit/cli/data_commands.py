"""Commands that report on datasets: `validate` (dataset folders) and `stats` (any graph source)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from graphkit.cli.options import every_status_by_default, filter_options, source_options

if TYPE_CHECKING:
    from graphkit.cli.options import Filters, GraphSource
    from graphkit.model import Dataset, Problem


MAX_PROBLEMS = 100  # problems printed per dataset without --all: enough to work from, never a flood
MAX_LINE = 1000  # characters of a problem line without --all (a message may quote a whole value)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors (notes never fail).")
@click.option("--documents", type=click.Path(path_type=Path), metavar="DIR",
              help="Also check every quote against its source's document in DIR (the file its `document` "
                   "field names): each must be verbatim, whitespace aside.")
@click.option("--all", "show_all", is_flag=True,
              help=f"Print every problem in full (default: the first {MAX_PROBLEMS} of each dataset, "
                   f"each cut at {MAX_LINE} characters).")
def validate(paths: tuple[Path, ...], strict: bool, documents: Path | None, show_all: bool) -> None:
    """Check datasets and print every problem, one per line (default: every dataset under seed/).

    A path may be a dataset folder or a folder of datasets. Errors make the command fail (exit
    1); warnings (unusual ends for a type, dates outside an actor's lifetime or before the first
    report, a status set by hand that says more than its citations, actors without relationships,
    sources nothing cites) are printed but pass unless --strict. The note on single-source
    relationships is advice: it never fails. A dataset with very many problems shows the first
    ones and counts the rest (--all prints them all).

    \b
    Examples:
      graphkit validate
      graphkit validate seed/malaysia-palestine --strict
      graphkit validate seed/malaysia-palestine --documents ../shared/seeds
    """
    from graphkit.cli.output import terminal_text
    from graphkit.dataset import dataset_paths, validate_dataset, validate_summary
    from graphkit.linking import linked_actor_problems

    failed = False
    for folder in dataset_paths(paths):
        # An unchanged folder is checked from the cache, without its records, unless the
        # documents or the actors it says are the same as others' (beside it) need them.
        dataset, problems = validate_summary(folder) if documents is None else (None, None)
        if problems is None or (dataset is not None and dataset.linked):
            dataset, problems = validate_dataset(folder, documents=documents)
            if dataset is not None and (linked := linked_actor_problems(dataset, folder)):  # same_as: beside it
                dataset, problems = None, problems + linked
        for line in problem_lines(problems, show_all):
            click.echo(line)
        click.echo(terminal_text(_summary(folder, dataset, problems, strict)))
        failed |= dataset is None or (strict and any(problem.severity == "warning" for problem in problems))
    failed |= _validate_judgements(paths, show_all)
    if failed:
        click.get_current_context().exit(1)


def _validate_judgements(paths: tuple[Path, ...], show_all: bool) -> bool:
    """Check the judgements file beside the datasets (links.yaml), if there is one; whether it failed."""
    from graphkit.dataset import dataset_paths
    from graphkit.linking import validate_judgements

    path, problems = validate_judgements(dataset_paths(paths))
    if path is None:
        return False
    for line in problem_lines(problems, show_all):
        click.echo(line)
    errors = sum(problem.severity == "error" for problem in problems)
    click.echo(f"{path.name}: " + (f"FAILED, {_plural(errors, 'error')}" if errors else "OK"))
    return bool(errors)


def problem_lines(problems: list["Problem"], show_all: bool = False) -> list[str]:
    """The lines that print `problems`: escaped for the terminal (a name may hold ESC or BEL), and
    unless `show_all`, the first `MAX_PROBLEMS`, each cut at `MAX_LINE` characters, then a count
    of the rest.

    >>> from graphkit.model import Origin, Problem
    >>> lines = problem_lines([Problem(Origin("actors.yaml", n), "a", "name", "bad") for n in range(1, 103)])
    >>> len(lines), lines[0]
    (101, "actors.yaml:1: error: record 'a' field 'name': bad")
    >>> lines[-1]
    '... and 2 more problems (2 errors), not shown: --all prints every one'
    """
    from graphkit.cli.output import terminal_text

    shown = problems if show_all else problems[:MAX_PROBLEMS]
    lines = []
    for problem in shown:
        line = terminal_text(str(problem))
        if not show_all and len(line) > MAX_LINE:
            line = f"{line[:MAX_LINE]}… ({len(line) - MAX_LINE} more characters; --all prints them)"
        lines.append(line)
    rest = problems[len(shown):]
    if rest:
        counts = {severity: sum(problem.severity == severity for problem in rest) for severity in
                  ("error", "warning", "note")}
        kinds = ", ".join(_plural(count, severity) for severity, count in counts.items() if count)
        lines.append(f"... and {_plural(len(rest), 'more problem')} ({kinds}), not shown: --all prints every one")
    return lines


def _summary(folder: Path, dataset: "Dataset | None", problems: list["Problem"], strict: bool = False) -> str:
    """One line per dataset: its size and verdict."""
    counts = {severity: sum(problem.severity == severity for problem in problems)
              for severity in ("error", "warning", "note")}
    notes = f", {_plural(counts['note'], 'note')}" if counts["note"] else ""
    if dataset is None:
        return (f"{folder.resolve().name}: FAILED, {_plural(counts['error'], 'error')}, "
                f"{_plural(counts['warning'], 'warning')}{notes}")
    counted = [value if isinstance(value, int) else len(value)
               for value in (dataset.actors, dataset.relationships, dataset.sources)]  # a Dataset or its Summary
    size = ", ".join(_plural(count, noun) for count, noun in zip(counted, ("actor", "relationship", "source")))
    warnings = counts["warning"]
    verdict = ("OK" if not warnings else f"FAILED (--strict), {_plural(warnings, 'warning')}" if strict
               else f"OK, {_plural(warnings, 'warning')}") + notes
    return f"{dataset.name}: {size} — {verdict}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@every_status_by_default
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
