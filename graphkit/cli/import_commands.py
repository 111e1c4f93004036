"""Commands that bring other tools' data in as graphkit datasets: `graphkit import FORMAT ...`."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

from graphkit.cli.output import echo

OUT_HELP = "The dataset folder to write (default: seed/NAME); it must not hold a dataset yet."
NAME_HELP = "The new dataset's name (letters, digits, '-', '_', '.')."


@click.group(name="import")
def import_group() -> None:
    """Turn other tools' data into a dataset folder that `graphkit validate` checks."""


@import_group.command(name="ftm")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dataset", "name", required=True, help=NAME_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help=OUT_HELP)
def ftm(file: Path, name: str, out: Path | None) -> None:
    """Import FollowTheMoney entities (JSON lines, as Aleph and OpenSanctions export them).

    People, organisations, public bodies and positions become actors; Membership, Directorship,
    Employment, Representation, Ownership (with its percentage), Family, Associate, Succession,
    Occupancy, Payment, Sanction and UnknownLink become relationships of the types that say what
    they are; Documents become sources. Each relationship cites its FtM record (proof, recordId,
    sourceUrl, retrievedAt), never a quote: summaries and descriptions are its description.
    What does not fit is listed, never dropped unsaid.

    \b
    Examples:
      graphkit import ftm entities.ftm.json --dataset leaks
      graphkit import ftm entities.ftm.json --dataset leaks --out seed/leaks
    """
    from graphkit.formats.ftm.read import read_ftm

    write_import(lambda: read_ftm(file, name), name, out)


@import_group.command(name="popolo")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dataset", "name", required=True, help=NAME_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help=OUT_HELP)
def popolo(file: Path, name: str, out: Path | None) -> None:
    """Import a Popolo JSON file (as EveryPolitician's ep-popolo-v1.0.json files are shaped).

    Persons become people; organizations become parties (Group), bodies of the state (Government)
    or organisations by their classification; posts become positions. Memberships become
    MEMBER_OF, HOLDS_POSITION (with a post) and REPRESENTS (on behalf of a party), dated as the
    record says or else by their legislative period (with a note saying so). Each relationship
    cites its record in the file, never a quote. What does not fit is listed, never dropped unsaid.

    \b
    Examples:
      graphkit import popolo ep-popolo-v1.0.json --dataset lyonesse-parliament
      graphkit import popolo ep-popolo-v1.0.json --dataset lyonesse-parliament --out seed/lyonesse
    """
    from graphkit.formats.popolo.read import read_popolo

    write_import(lambda: read_popolo(file, name), name, out)


@import_group.command(name="wikidata")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dataset", "name", required=True, help=NAME_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help=OUT_HELP)
@click.option("--language", default="en", show_default=True,
              help="The language of names, aliases and descriptions (else mul, else English, else any label).")
def wikidata(files: tuple[Path, ...], name: str, out: Path | None, language: str) -> None:
    """Import Wikidata entity JSON (as Special:EntityData and the JSON dumps give it).

    Statements such as position held, member of (political party), employer, educated at, founded
    by, chairperson, head of government or state, parent organization, owned by and family ties
    become relationships (the table is graphkit/formats/wikidata.yaml), dated by their qualifiers
    (point in time, start and end time, earliest and latest date) as precisely as Wikidata gives
    them. Deprecated statements are kept as denied. Each reference is a citation (its quote a real
    quote); a statement without references cites itself as a Wikidata record. What does not fit is
    listed, never dropped unsaid.

    \b
    Examples:
      graphkit import wikidata Q990000001.json --dataset tregear
      graphkit import wikidata people.json parties.json --dataset lyonesse --out seed/lyonesse
    """
    from graphkit.formats.wikidata.read import read_wikidata

    write_import(lambda: read_wikidata(files, name, language=language), name, out)


def write_import(read: Callable, name: str, out: Path | None) -> None:
    """The steps every import shares: check the name and the folder, run `read` (an importer that
    returns a report with `.dataset` and `.lines()`), print what it could not carry, write the
    dataset, validate it and say what was written. An import that does not validate leaves
    nothing behind: it is written to a folder of its own beside `out` and moved there only once valid."""
    import shutil
    import tempfile

    from graphkit.cli.progress import steps
    from graphkit.dataset import validate_dataset, write_yaml
    from graphkit.dataset.rules import dataset_name_problem

    if problem := dataset_name_problem(name):
        raise click.ClickException(f"--dataset: {problem}")
    out = out or Path("seed") / name
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise click.ClickException(f"{out} exists and is not empty; choose another --out (or remove it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        with steps(["reading", "writing", "validating"], f"Importing {name}") as next_step:
            report = read()
            next_step()
            write_yaml(report.dataset, staging)
            next_step()
            dataset, problems = validate_dataset(staging)
            next_step()
        for line in report.lines():
            click.echo(line, err=True)
        for problem in problems:
            echo(str(problem).replace(str(staging), str(out)), err=True)
        if dataset is None:
            raise click.ClickException(f"{out}: the imported dataset has errors (above); nothing was written")
        if out.exists():
            out.rmdir()
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    data = report.dataset
    click.echo(f"wrote {out}: {len(data.actors)} actors, {len(data.relationships)} relationships, "
               f"{len(data.sources)} sources")


COMMANDS: list[click.Command] = [import_group]
