"""Commands that bring other tools' data in as graphkit datasets: `graphkit import FORMAT ...`."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.output import echo


@click.group(name="import")
def import_group() -> None:
    """Turn other tools' data into a dataset folder that `graphkit validate` checks."""


@import_group.command(name="ftm")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dataset", "name", required=True, help="The new dataset's name (letters, digits, '-', '_', '.').")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="The dataset folder to write (default: seed/NAME); it must not hold a dataset yet.")
def ftm(file: Path, name: str, out: Path | None) -> None:
    """Import FollowTheMoney entities (JSON lines, as Aleph and OpenSanctions export them).

    People, organisations and public bodies become actors; Membership, Directorship, Employment,
    Representation, Payment, Sanction, Associate, Family, Ownership and UnknownLink become
    relationships; Documents become sources. What does not fit is listed, never dropped unsaid.

    \b
    Examples:
      graphkit import ftm entities.ftm.json --dataset leaks
      graphkit import ftm entities.ftm.json --dataset leaks --out seed/leaks
    """
    from graphkit.dataset import validate_dataset
    from graphkit.dataset.rules import dataset_name_problem
    from graphkit.formats.ftm.read import import_ftm

    if problem := dataset_name_problem(name):
        raise click.ClickException(f"--dataset: {problem}")
    out = out or Path("seed") / name
    if out.exists() and any(out.iterdir()):
        raise click.ClickException(f"{out} exists and is not empty; choose another --out (or remove it)")
    report = import_ftm(file, name, out)
    for line in report.lines():
        click.echo(line, err=True)
    dataset, problems = validate_dataset(out)
    for problem in problems:
        echo(str(problem), err=True)
    if dataset is None:
        raise click.ClickException(f"{out}: the imported dataset has errors (above)")
    data = report.dataset
    click.echo(f"wrote {out}: {len(data.actors)} actors, {len(data.relationships)} relationships, "
               f"{len(data.sources)} sources")


COMMANDS: list[click.Command] = [import_group]
