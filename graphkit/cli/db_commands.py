"""Commands that talk to the Neo4j server: `status`, `schema`, `load`, `unload` and `query`."""

from __future__ import annotations

import time
from pathlib import Path

import click

from graphkit.cli.output import echo

from graphkit.cli.connection import connection_options
from graphkit.store.config import Neo4jConfig

PROGRESS_FROM = 100
"""Records from which `load` shows a progress bar (in a terminal): a load waits on the server, so
even a small one is worth watching."""


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
@click.option("--keep-stale", is_flag=True,
              help="Keep what the database holds of a dataset that its files no longer do (named as stale), "
                   "instead of removing it; also merges a dataset loaded from another folder into this one.")
@click.option("--adopt", is_flag=True,
              help="A dataset of the same name was loaded from another folder, and this folder now holds it "
                   "(it moved): make the database match this folder.")
@click.option("--batch-size", type=click.IntRange(min=1), metavar="N",
              help="Records written per transaction (default 5000, or GRAPHKIT_LOAD_BATCH); fewer if the "
                   "server's transaction memory needs it.")
@click.option("--bulk", is_flag=True,
              help="First load of very large data into a new, empty database through neo4j-admin's bulk "
                   "importer (the server stopped; start it after, then `graphkit schema`).")
@click.option("--neo4j-admin", "neo4j_admin", metavar="COMMAND",
              help="The importer for --bulk (default: NEO4J_ADMIN, else neo4j-admin on the PATH), e.g. "
                   "\"tools/neo4j-local/neo4j-local admin --home DIR\".")
@click.option("--replace", is_flag=True, hidden=True)  # what every load now does; kept for old scripts
@connection_options
def load(paths: tuple[Path, ...], keep_stale: bool, adopt: bool, batch_size: int | None, bulk: bool,
         neo4j_admin: str | None, replace: bool, connection: Neo4jConfig) -> None:
    """Load datasets into Neo4j (default: every dataset under seed/).

    Every dataset is validated first; if any has errors nothing is written. Each dataset is
    then written in batches into a new version that readers see all at once when it is complete:
    until then (and if anything fails, Ctrl-C, or the process or the server dies) they see the
    previous one, and the next load clears what was left. If one fails (or Ctrl-C), the error
    names it; the datasets loaded before it stay loaded. Loading the same files again sends
    nothing; only changed records are written. A server whose transaction memory cannot hold a
    batch is refused before anything is written, with the setting to raise. What the database holds
    of a dataset that its files no longer do (a relationship whose date was corrected has a new
    id) is removed and named on stderr, so no old twin stays behind; --keep-stale keeps it and
    names it as stale. One summary line per dataset counts the records created, updated, removed
    and unchanged. Where the dataset folders sit beside a judgements file (links.yaml, written by
    `graphkit link`), the actors judged the same get their SAME_AS links too.

    The database remembers each dataset's folder: a folder whose dataset.yaml names a dataset
    loaded from another folder is refused (it would remove that folder's records) unless
    --adopt (the folder moved) or --keep-stale (merge the two).

    \b
    Examples:
      graphkit load
      graphkit load seed/malaysia-palestine
      graphkit load seed/malaysia-palestine --keep-stale
      graphkit load big-register --batch-size 2000
      graphkit load --bulk big-register --neo4j-admin "tools/neo4j-local/neo4j-local admin"
      NEO4J_URI=bolt://db:7687 NEO4J_PASSWORD=... graphkit load path/to/dataset
    """
    from graphkit.cli.progress import progress
    from graphkit.dataset import open_datasets
    from graphkit.errors import GraphkitError
    from graphkit.store import Store, total_rows

    if bulk:
        _bulk_load(paths, neo4j_admin, connection)
        return
    datasets = open_datasets(paths, consequence="nothing was loaded")
    loaded: list[str] = []

    def waiting(message: str) -> None:
        click.echo(f"graphkit: {message}", err=True)

    with Store(connection) as store:
        for dataset in datasets:
            started = time.perf_counter()
            try:
                with progress(total_rows(dataset), f"Loading {dataset.name}", at_least=PROGRESS_FROM) as advance:
                    report = store.load(dataset, keep_stale=keep_stale, adopt=adopt, progress=advance,
                                        batch_size=batch_size, waiting=waiting)
            except GraphkitError as error:
                raise GraphkitError(f"{_failed(dataset.name, loaded, datasets)}: {error}", hint=error.hint) from error
            except KeyboardInterrupt:
                raise KeyboardInterrupt(f"interrupted (Ctrl-C) while loading {_failed(dataset.name, loaded, datasets)}") \
                    from None
            for warning in report.warnings:
                click.echo(f"graphkit: warning: {warning}", err=True)
            for line in stale_lines(report, paths):
                echo(line, err=True)
            click.echo(f"{report} in {time.perf_counter() - started:.1f}s")
            loaded.append(dataset.name)
            if report.interrupted:
                rest = [d.name for d in datasets[len(loaded):]]
                raise KeyboardInterrupt("interrupted (Ctrl-C) after loading " + ", ".join(loaded)
                                        + (f"; not loaded: {', '.join(rest)}" if rest else ""))
        if (links := _links_beside(datasets)) is not None:
            from graphkit.linking import same_as_rows

            names, rows = same_as_rows([links.parent])
            written = store.write_same_as(rows, names)
            echo(f"{links}: {written} SAME_AS link{'' if written == 1 else 's'} written (actors judged the same)",
                 err=True)


def _bulk_load(paths: tuple[Path, ...], neo4j_admin: str | None, connection: Neo4jConfig) -> None:
    """`load --bulk`: one dataset through neo4j-admin into a new database (`store.bulk`)."""
    from graphkit.cli.progress import progress
    from graphkit.dataset import dataset_paths, open_datasets
    from graphkit.store.bulk import bulk_load, neo4j_admin_command, prepared_dataset, prepared_folder

    folders = dataset_paths(paths)
    if len(folders) != 1:
        open_datasets(paths, consequence="nothing was loaded")  # a dataset's errors first, as a load says them
        raise click.UsageError("--bulk imports one dataset into a new database: give one dataset folder")
    started = time.perf_counter()
    prepared = prepared_folder(folders[0]) or prepared_dataset(
        open_datasets(folders, consequence="nothing was loaded")[0])
    with progress(prepared.total_rows, f"Writing {prepared.name} for neo4j-admin", at_least=PROGRESS_FROM) as advance:
        report = bulk_load(prepared, neo4j_admin=neo4j_admin_command(neo4j_admin),
                           database=connection.database or "neo4j", progress=advance)
    click.echo(f"{report} in {time.perf_counter() - started:.1f}s")


def _links_beside(datasets) -> Path | None:
    """The judgements file beside the loaded dataset folders, if they share one (`graphkit link`)."""
    from graphkit.linking.judgements import FILE_NAME

    folders = {dataset.path.resolve().parent for dataset in datasets if dataset.path is not None}
    if len(folders) != 1:
        return None
    links = next(iter(folders)) / FILE_NAME
    return links if links.is_file() else None


SHOWN_IDS = 10
"""How many ids of removed or stale records a load names before saying how many more."""


def stale_lines(report, paths: tuple[Path, ...] = ()) -> list[str]:
    """What a load removed because the files no longer hold it, or kept as stale, by table.

    >>> from graphkit.store.load import LoadReport
    >>> report = LoadReport("demo", removed_ids={"relationships": ["a--met_with--b--2023-10"]})
    >>> stale_lines(report)
    ['graphkit: demo: removed 1 relationship the files no longer hold: a--met_with--b--2023-10']
    >>> stale_lines(LoadReport("demo", stale_ids={"actors": ["x", "y"]}), (Path("seed/demo"),))
    ['graphkit: warning: demo: kept 2 actors the files no longer hold (--keep-stale): x, y; `graphkit load seed/demo` removes them']
    """
    lines = []
    for removed, found in ((True, report.removed_ids), (False, report.stale_ids)):
        for table, ids in found.items():
            what = f"{len(ids)} {table if len(ids) > 1 else table.rstrip('s')}"
            named = ", ".join(ids[:SHOWN_IDS]) + (f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else "")
            if removed:
                lines.append(f"graphkit: {report.dataset}: removed {what} the files no longer hold: {named}")
            else:
                command = " ".join(["graphkit load", *map(str, paths)])
                lines.append(f"graphkit: warning: {report.dataset}: kept {what} the files no longer hold "
                             f"(--keep-stale): {named}; `{command}` removes them")
    return lines


@click.command()
@click.argument("names", nargs=-1, required=True, metavar="DATASET...")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@connection_options
def unload(names: tuple[str, ...], yes: bool, connection: Neo4jConfig) -> None:
    """Remove datasets from Neo4j: each all at once for readers (written in batches), counted.

    Other datasets are never touched. Asks first unless --yes; `graphkit load` puts a dataset
    back from its files.

    \b
    Examples:
      graphkit unload malaysia-palestine
      graphkit unload old-register --yes
    """
    from graphkit.store import Store

    with Store(connection) as store:
        loaded = {counts.dataset: counts for counts in store.status().datasets}
        for name in names:
            counts = loaded.get(name)
            if counts is not None and not yes:
                click.confirm(f"Remove dataset {name} ({_held(counts)}) from {connection.uri}?", abort=True,
                              err=True)
            removed = store.unload(name)
            click.echo(f"{name}: removed {_held(removed)}")


def _held(counts) -> str:
    return f"{counts.actors} actors, {counts.relationships} relationships, {counts.sources} sources"


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
@click.option("--dataset-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Also the named queries of this dataset folder (its queries/*.cypher), by its vocabulary.")
@connection_options
def query(text: str | None, file: Path | None, params: tuple[str, ...], fmt: str, limit: int | None,
          write: bool, list_queries: bool, dataset_dir: Path | None, connection: Neo4jConfig) -> None:
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
      graphkit query who_advises --dataset-dir seed/my-dataset   # its queries/who_advises.cypher
    """
    from graphkit.cli import output as query_output
    from graphkit.cli.options import parse_params
    from graphkit.store import Store
    from graphkit.store.cypher import is_query_name, named_queries, named_query
    from graphkit.vocabulary import dataset_vocabulary, using_vocabulary

    if dataset_dir is not None:  # its queries may name the types its vocabulary.yaml adds
        click.get_current_context().with_resource(using_vocabulary(dataset_vocabulary(dataset_dir)))
    if list_queries:
        echo("\n\n".join(query_listing(named) for named in named_queries(dataset_dir)))
        return
    if (text is None) == (file is None):
        raise click.UsageError("give a Cypher statement, a query NAME (see --list) or --file, exactly one of them")
    parameters, named = parse_params(params), None
    if file is not None:
        try:
            cypher = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise click.ClickException(f"--file {file}: cannot read it ({error})") from None
    elif is_query_name(text):
        named = named_query(text, dataset_dir)
        cypher, parameters = named.text, named.arguments(parameters)
    else:
        cypher = text
    with Store(connection) as store:
        result = store.query(cypher, parameters, write=write, limit=limit)
        if named is not None and not result.records:  # say so if an actor it names is not there
            from graphkit.store.query import check_actors

            check_actors(store.driver, store.database, named, parameters)
    click.echo(query_output.render(result.keys, result.records, fmt).rstrip("\n"))
    if fmt == "table":
        rows = len(result.records)
        click.echo(f"({rows} row{'' if rows == 1 else 's'}{', more not fetched (--limit)' if result.truncated else ''})")
    elif result.truncated:
        click.echo(f"graphkit: stopped at --limit {limit}; there are more rows", err=True)


def query_listing(named) -> str:
    """A named query as `query --list` shows it: its name and the first line of its description on
    one line, then the rest of its description, each parameter with its type and default (or that
    it is required), and its example, indented."""
    import json
    import textwrap

    from graphkit.store.query import description

    lines = [f"{named.name}  {named.description}"]  # the name and the header's first line, then the rest
    rest = description(named.text).split("\n\n")[1:]
    for paragraph in rest:
        lines += textwrap.wrap(paragraph, 96, initial_indent="    ", subsequent_indent="    ") + [""]
    if named.parameters:
        width = max(len(parameter.name) for parameter in named.parameters) + 1
        lines.append("    Parameters:")
        for parameter in named.parameters:
            given = "required" if parameter.required else f"default: {json.dumps(parameter.default)}"
            lines.append(f"      ${parameter.name:<{width}} {parameter.description} ({parameter.type}, {given})")
    else:
        lines.append("    Parameters: none")
    if named.example:
        lines += ["    Example:", f"      {named.example}"]
    return "\n".join(lines)


COMMANDS: list[click.Command] = [status, schema, load, unload, query]
