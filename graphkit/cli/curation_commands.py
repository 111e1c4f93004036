"""Commands that curate a dataset without editing its files by hand: `init`, `add` and `convert`.

`add`'s options are the records' declared fields (`model.fields`): a new field is an option with
no change here. Values are passed on as text and checked by the dataset's validation, so a
mistake is the same one-line error `graphkit validate` gives, and nothing is written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graphkit.dataset.csv_form import CITATION_COLUMNS
from graphkit.errors import GraphkitError
from graphkit.model import Actor, Citation, Field, Relationship, Source, fields

DATASET = click.argument("folder", metavar="DATASET", type=click.Path(file_okay=False, path_type=Path))


@click.command()
@click.argument("folder", metavar="NAME", type=click.Path(path_type=Path))
@click.option("--title", help="The dataset's title (default: from its name).")
def init(folder: Path, title: str | None) -> None:
    """Create a dataset folder NAME (its last part is the dataset's name): the four files, empty
    but valid, each with a worked example in its comments, and a vocabulary.yaml for the
    dataset's own types.

    \b
    Examples:
      graphkit init seed/port-avalon --title "Who funds whom in Port Avalon"
      graphkit add source seed/port-avalon --id herald-2023 --title "Coalition talks" --kind news
    """
    from graphkit.dataset.scaffold import init_dataset

    created = init_dataset(folder, title=title)
    click.echo(f"created {created}: {', '.join(sorted(path.name for path in created.iterdir()))}")
    click.echo(f"next: graphkit add source {created} --id ... --title ...  (graphkit add --help)", err=True)


@click.group()
def add() -> None:
    """Add a source, actor, relationship or citation to a dataset, from options (or prompts, in a
    terminal, for required fields not given).

    The whole dataset is checked with the new record before anything is written: on an error
    nothing changes and the error names the file, the record and the field. The record is added
    at the end of its table (a citation after its relationship's last one); the rest of the file,
    comments and order included, stays exactly as it was. Lists and mappings take the option again
    for each value (--aliases A --aliases B, --identifiers wikidata=Q1).
    """


FIELD_HELP = {
    "source": {"id": "the source's id (other records cite it by this)", "published": "the source's publication date",
               "authors": "an author of the source", "accessed": "when the source was read (accessed)",
               "url": "the source's web address", "document": "the file of the source's text (to check quotes)",
               "sha256": "the SHA-256 of that file", "publisher": "who published the source"},
    "actor": {"id": "the actor's id (relationships name it by this)", "aliases": "another name of the actor",
              "start": "when the actor began (founded, born)", "end": "when the actor ended (dissolved, died)",
              "identifiers": "an identifier in a register, e.g. wikidata=Q123", "tags": "a tag of the actor",
              "url": "the actor's own web page", "same_as": "the same actor in another dataset, DATASET:ACTOR-ID"},
    "relationship": {"id": "the relationship's id (derived from its ends, type and date if not given)",
                     "from": "the actor it goes from (an actor's id)", "to": "the actor it goes to (an actor's id)",
                     "type": "the relationship's type", "date": "the date of a point event",
                     "start": "when a lasting relation began", "end": "when it ended (.. if not known to have ended)",
                     "attested": "a date it is known to hold (start and end unknown)",
                     "after": "it began (or happened) on or after this date",
                     "before": "it began (or happened) on or before this date",
                     "status": "the status, set by hand (otherwise it follows from the citations)",
                     "status_note": "why the status is set by hand", "role": "the role or capacity",
                     "amount": "the amount of money", "share": "the percentage owned (OWNS)",
                     "date_note": "where its dates come from, if the record itself gives none"},
    "citation": {"source": "the id of the source cited", "quote": "the source's words, verbatim",
                 "locator": "where in the source: page, section or paragraph",
                 "stance": "how the source states the claim", "date": "when the citation was made, if not its source's date",
                 "record": "the record's id in a register", "url": "a deep link to the record or the quoted page",
                 "retrieved": "when the record was retrieved"},
}
"""What each option of `graphkit add` gives; a field not named here is "the RECORD's FIELD"."""


def _help(field: Field, what: str) -> str:
    """The help of a field's option: what it is, whether it is required, and its form.

    >>> from graphkit.model import Source
    >>> _help(next(f for f in fields(Source) if f.key == "published"), "source")
    "the source's publication date; a date: YYYY, YYYY-MM, YYYY-MM-DD or EDTF"
    """
    owner, what = what, {"date": "a date: YYYY, YYYY-MM, YYYY-MM-DD or EDTF", "list": "repeat for more",
            "mapping": "KEY=VALUE, repeat for more", "url": "http(s) only", "number": "a plain number",
            "country": "ISO 3166-1 alpha-2, e.g. MY", "currency": "ISO 4217, e.g. MYR"}.get(field.kind, "")
    if field.kind == "choice":
        what = f"one of the vocabulary's {field.choices.replace('_', ' ')}"
    name = FIELD_HELP.get(owner, {}).get(field.key, f"the {owner}'s {field.key.replace('_', ' ')}")
    return "; ".join(part for part in (name, "required" if field.required else "", what) if part)


def _options(record: type, prefix: str, flags: Callable[[str], str] = lambda key: key) -> list:
    """Click options for the declared fields of `record` (its citations aside)."""
    return [click.option(f"--{flags(f.key).replace('_', '-')}", f"{prefix}{f.key}", metavar=f.kind.upper(),
                         multiple=f.kind in ("list", "mapping"), help=_help(f, record.__name__.lower()))
            for f in fields(record) if f.kind != "citations"]


def _decorate(command: Callable, options: list) -> Callable:
    for option in reversed(options):
        command = option(command)
    return command


def _values(record: type, prefix: str, given: dict[str, Any], what: str) -> dict[str, Any]:
    """The field values given as options, with prompts (in a terminal) for the required ones missing."""
    values: dict[str, Any] = {}
    for f in fields(record):
        if f.kind == "citations":
            continue
        value = given.get(f"{prefix}{f.key}")
        if f.kind == "mapping":
            value = dict(_key_value(f.key, item) for item in value or ())
        elif f.kind == "list":
            value = list(value or ())
        if f.required and not value:
            value = _ask(f"--{f.key.replace('_', '-')}", f"{what} {f.key}")
        values[f.key] = value
    return values


def _key_value(key: str, text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise GraphkitError(f"--{key} {text!r} is not KEY=VALUE", hint=f"e.g. --{key} wikidata=Q123")
    return name.strip(), value.strip()


def _ask(option: str, label: str) -> str:
    """A required value not given: asked for in a terminal, else a one-line error naming the option."""
    if not sys.stdin.isatty():
        raise GraphkitError(f"{option} is required", hint=f"give {option} (in a terminal graphkit asks for it)")
    return click.prompt(label).strip()


def _citation(given: dict[str, Any]) -> dict[str, Any]:
    """A citation's values; in a terminal, a quote is asked for when neither it nor a record is given."""
    citation = _values(Citation, "cite_", given, "citation")
    if not any(citation.get(key) for key in ("quote", "record", "url")):
        if not sys.stdin.isatty():
            raise GraphkitError("a citation needs --quote (the source's words, verbatim), or --record and/or --url "
                                "(a register's record)", hint="give one of them")
        citation["quote"] = click.prompt("quote (the source's words, verbatim)").strip()
    return citation


def _added(what: str, added) -> None:
    click.echo(f"added {what} {added.record!r} to {added.file} (line {added.line})")


def _add_command(table: str, record: type) -> click.Command:
    what = table[:-1]

    def command(folder: Path, **given: Any) -> None:
        from graphkit.dataset.editing import add_record

        _added(what, add_record(folder, table, _values(record, "field_", given, what)))

    article = "an" if what[0] in "aeiou" else "a"
    command.__doc__ = f"Add {article} {what} to the dataset in DATASET (see `graphkit add --help`)."
    return click.command(name=what)(DATASET(_decorate(command, _options(record, "field_"))))


for _table, _record in (("sources", Source), ("actors", Actor)):
    add.add_command(_add_command(_table, _record))


def _relationship(folder: Path, **given: Any) -> None:
    """Add a relationship with its first citation (--source and --quote, or --record/--url for a
    register's record); `graphkit add citation` adds more. Its id is derived from its ends, type
    and date unless --id gives one.

    \b
    Example:
      graphkit add relationship seed/port-avalon --from mira-castell --type LEADS --to green-harbour \\
        --start 2015-06 --end 2021 --source herald-2023 --quote "Castell chaired the movement from June 2015."
    """
    from graphkit.dataset.editing import CITATIONS_KEY, add_record

    values = _values(Relationship, "field_", given, "relationship")
    values[CITATIONS_KEY] = [_citation(given)]
    _added("relationship", add_record(folder, "relationships", values))


add.add_command(click.command(name="relationship")(DATASET(_decorate(_relationship, _options(
    Relationship, "field_") + _options(Citation, "cite_", lambda key: CITATION_COLUMNS[key])))))


def _citation_to(folder: Path, relationship: str | None, **given: Any) -> None:
    """Add a citation to a relationship of DATASET: after its last one, in its file's form.

    \b
    Example:
      graphkit add citation seed/port-avalon --relationship mira-castell--leads--green-harbour--2015-06 \\
        --source ledger-2024 --quote "its former chair, Mira Castell" --locator "p. 4"
    """
    from graphkit.dataset.editing import add_citation

    relationship = relationship or _ask("--relationship", "relationship id")
    added = add_citation(folder, relationship, _citation(given))
    click.echo(f"added a citation to relationship {added.record!r} in {added.file} (line {added.line})")


add.add_command(click.command(name="citation")(DATASET(click.option(
    "--relationship", metavar="ID", help="The relationship's id, as `graphkit validate` names it (required).")(
    _decorate(_citation_to, _options(Citation, "cite_"))))))


@click.command()
@DATASET
@click.option("--to", "form", type=click.Choice(["csv", "yaml"]), required=True,
              help="csv: a CSV file per table, for spreadsheets; yaml: YAML files.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write a new dataset folder here instead of converting DATASET in place.")
def convert(folder: Path, form: str, out: Path | None) -> None:
    """Move a dataset between its YAML and spreadsheet (CSV) forms, in place or into --out.

    The new files are read back and must give the same records before they replace the old
    ones. dataset.yaml, vocabulary.yaml and queries/ stay as they are. YAML comments in the
    tables do not survive in CSV. (For Neo4j's bulk importer: `graphkit export --format neo4j-csv`.)
    A spreadsheet saved with ';' between cells (Excel in many locales) is read as it is.

    \b
    Examples:
      graphkit convert seed/port-avalon --to csv
      graphkit convert seed/port-avalon --to yaml --out build/port-avalon-yaml
    """
    from graphkit.dataset.convert import convert_dataset

    written = convert_dataset(folder, form, out=out)
    if not written:
        click.echo(f"{folder}: its tables are in the {form} form already; nothing to do")
        return
    click.echo(f"wrote {', '.join(str(path) for path in written)}")


COMMANDS: list[click.Command] = [init, add, convert]
