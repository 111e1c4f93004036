"""Commands that talk to the Neo4j server: `status`, `schema`, `load` and `query`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from graphkit.cli.output import echo

from graphkit.cli.connection import connection_options
from graphkit.store.config import Neo4jConfig

PROGRESS_FROM = 20_000
"""Rows from which `load` shows a progress bar."""


@click.command()
@connection_options
def status(connection: Neo4jConfig) -> None:
    """Show the Neo4j server graphkit reaches and the datasets loaded in it.

    Credentials may come in the URI (bolt://user:password@host:7687, percent-encoded where
    needed): they are used as user and password, and no message ever shows the password.

    \b
    Examples:
      graphkit status
      NEO4J_URI=bolt://127.0.0.1:7688 NEO4J_PASSWORD=... graphkit status
    """
    from graphkit.store import Store

    with Store(connection) as store:
        report = store.status()
    echo(f"Neo4j:     {connection.uri} (server {report.server.address})")
    echo(f"Version:   {report.server.version} {report.server.edition}")
    echo(f"Database:  {connection.database}")
    echo(f"User:      {connection.user if connection.password else '(auth off)'}")
    if not report.datasets:
        echo("Datasets:  none loaded")
        return
    echo("Datasets:")
    width = max(len(counts.dataset) for counts in report.datasets)
    for counts in report.datasets:
        version = f" (version {counts.version})" if counts.version else ""
        echo(
            f"  {counts.dataset:<{width}}  {counts.actors} actors, "
            f"{counts.relationships} relationships, {counts.sources} sources{version}"
        )


@click.command()
@connection_options
def schema(connection: Neo4jConfig) -> None:
    """Create graphkit's constraints and indexes where missing (`load` does it too).

    Uniqueness of (dataset, id) for actors and sources, lookups by name, the full-text index
    `actor_names` over names and aliases, and for time slices, per relationship type, indexes of
    when relationships may have begun and ended and of the first day they were known. Running it
    again changes nothing.

    \b
    Example:
      graphkit schema
    """
    from graphkit.store import Store

    with Store(connection) as store:
        created, total = store.apply_schema()
    click.echo(f"Schema: {created} of {total} constraints and indexes created, {total - created} already there.")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True,
              help="Also delete what the files no longer hold, so that each dataset in the database "
                   "matches its files (other datasets are never touched).")
@click.option("--adopt", is_flag=True,
              help="A dataset of the same name was loaded from another folder, and this folder now holds it "
                   "(it moved): let --replace make it match this folder.")
@connection_options
def load(paths: tuple[Path, ...], replace: bool, adopt: bool, connection: Neo4jConfig) -> None:
    """Load datasets into Neo4j (default: every dataset under seed/).

    Every dataset is validated first; if any has errors nothing is written. Each dataset is
    then written in one transaction: all of it, or nothing if anything fails. If one fails (or
    Ctrl-C), the error names it; the datasets loaded before it stay loaded. Loading the same
    files again changes nothing; a changed record is updated in place. Without --replace,
    records removed from the files stay in the database. One summary line per dataset counts
    the records created, updated, removed and unchanged.

    The database remembers each dataset's folder: a folder whose dataset.yaml names a dataset
    loaded from another folder is merged into it with a warning, and with --replace refused
    unless --adopt (so that one folder never removes another's records).

    \b
    Examples:
      graphkit load
      graphkit load seed/malaysia-palestine --replace
      NEO4J_URI=bolt://db:7687 NEO4J_PASSWORD=... graphkit load path/to/dataset
    """
    from graphkit.dataset import open_datasets
    from graphkit.errors import GraphkitError
    from graphkit.store import Store, total_rows

    datasets = open_datasets(paths, consequence="nothing was loaded")
    loaded: list[str] = []
    with Store(connection) as store:
        for dataset in datasets:
            started = time.perf_counter()
            total = total_rows(dataset)
            try:
                if total >= PROGRESS_FROM:
                    with click.progressbar(length=total, label=f"Loading {dataset.name}", file=sys.stderr) as bar:
                        report = store.load(dataset, replace=replace, adopt=adopt, progress=bar.update)
                else:
                    report = store.load(dataset, replace=replace, adopt=adopt)
            except GraphkitError as error:
                raise GraphkitError(f"{_failed(dataset.name, loaded, datasets)}: {error}", hint=error.hint) from error
            except KeyboardInterrupt:
                raise KeyboardInterrupt(f"interrupted (Ctrl-C) while loading {_failed(dataset.name, loaded, datasets)}") \
                    from None
            for warning in report.warnings:
                click.echo(f"graphkit: warning: {warning}", err=True)
            click.echo(f"{report} in {time.perf_counter() - started:.1f}s")
            loaded.append(dataset.name)
            if report.interrupted:
                rest = [d.name for d in datasets[len(loaded):]]
                raise KeyboardInterrupt("interrupted (Ctrl-C) after loading " + ", ".join(loaded)
                                        + (f"; not loaded: {', '.join(rest)}" if rest else ""))


def _failed(name: str, loaded: list[str], datasets: list) -> str:
    """Which dataset failed, that nothing of it was written, and what became of the others.

    >>> _failed("b", ["a"], [type("D", (), {"name": n}) for n in "abc"])
    'dataset b (nothing of it was written; loaded before it: a; not loaded: c)'
    """
    after = [dataset.name for dataset in datasets[len(loaded) + 1:]]
    others = "".join(f"; {what}: {', '.join(names)}" for what, names in
                     (("loaded before it", loaded), ("not loaded", after)) if names)
    return f"dataset {name} (nothing of it was written{others})"


@click.command()
@click.argument("text", metavar="[QUERY | NAME]", required=False)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
              help="Run the Cypher statement in this file.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A $parameter (repeatable): JSON values (3, 2.5, true, null, [\"a\"], {\"k\": 1}, "
                   "\"text\") are typed, YYYY-MM-DD is a date, anything else is text.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="Fetch at most N rows.")
@click.option("--write", is_flag=True,
              help="Allow the query to write, load files or administer (only plain reads run otherwise).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@connection_options
def query(text: str | None, file: Path | None, params: tuple[str, ...], fmt: str, limit: int | None,
          write: bool, list_queries: bool, connection: Neo4jConfig) -> None:
    """Run Cypher against Neo4j: a statement, a file, or a named query of graphkit's cypher/ folder.

    Without --write a query runs only if Neo4j plans it as a plain read of the graph (EXPLAIN
    first, nothing runs): writes, LOAD CSV, SHOW and TERMINATE commands, schema and
    administration commands and procedures are refused. Values reach Neo4j only as $parameters.

    \b
    Examples:
      graphkit query --list
      graphkit query actor_profile --param actor=anwar-ibrahim --param depth=2
      graphkit query relationships_as_of --param as_of=2023-10-31 --param certain=true --format csv
      graphkit query relationships_known_by --param known_by=2020
      graphkit query "MATCH (a:Actor {kind: \\$kind}) RETURN a.name" --param kind=NGO
      graphkit query --file my-query.cypher --format json --limit 100
    """
    from graphkit.cli import output as query_output
    from graphkit.cli.options import parse_params
    from graphkit.store import Store
    from graphkit.store.cypher import is_query_name, named_queries, named_query

    if list_queries:
        queries = named_queries()
        width = max(len(named.name) for named in queries)
        for named in queries:
            click.echo(f"{named.name:<{width}}  {named.description}")
        return
    if (text is None) == (file is None):
        raise click.UsageError("give a Cypher statement, a query NAME (see --list) or --file, exactly one of them")
    parameters = parse_params(params)
    if file is not None:
        try:
            cypher = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise click.ClickException(f"--file {file}: cannot read it ({error})") from None
    elif is_query_name(text):
        named = named_query(text)
        cypher, parameters = named.text, named.arguments(parameters)
    else:
        cypher = text
    with Store(connection) as store:
        result = store.query(cypher, parameters, write=write, limit=limit)
    click.echo(query_output.render(result.keys, result.records, fmt).rstrip("\n"))
    if fmt == "table":
        rows = len(result.records)
        click.echo(f"({rows} row{'' if rows == 1 else 's'}{', more not fetched (--limit)' if result.truncated else ''})")
    elif result.truncated:
        click.echo(f"graphkit: stopped at --limit {limit}; there are more rows", err=True)


COMMANDS: list[click.Command] = [status, schema, load, query]
