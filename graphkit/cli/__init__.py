"""The `graphkit` command line: a thin layer that parses options, calls the library and prints.

Each concern keeps its commands in its own module; heavy packages are imported inside commands so
that `graphkit --help` stays instant. Errors are handled here, once: a `GraphkitError` from the
library becomes one line with its hint and exit code 1.
"""

import click

from graphkit import __version__
from graphkit.cli import (
    analysis_commands,
    curation_commands,
    data_commands,
    db_commands,
    diff_command,
    export_command,
    import_commands,
    link_commands,
    map_command,
    route_commands,
)
from graphkit.errors import GraphkitError


def error_line(error: GraphkitError) -> str:
    """The one line a user sees for an error: what is wrong, then what to do.

    >>> error_line(GraphkitError("no dataset found under seed/", hint="pass a dataset folder"))
    'no dataset found under seed/; pass a dataset folder'
    """
    from graphkit.cli.output import terminal_text

    message = " ".join(str(error).split())
    return terminal_text(f"{message}; {error.hint}" if error.hint else message)


INTERRUPTED = 130
"""The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it."""


def interruption(error: BaseException | None) -> KeyboardInterrupt | None:
    """The KeyboardInterrupt behind `error`, if Ctrl-C caused it: one raised inside the driver's
    socket code can surface as a later error (a `BufferError` while rolling back)."""
    while error is not None:
        if isinstance(error, KeyboardInterrupt):
            return error
        error = error.__cause__ or error.__context__
    return None


class Group(click.Group):
    """A click group whose commands' graphkit errors, and Ctrl-C, become one-line messages."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except BaseException as error:
            stopped = interruption(error)
            if stopped is not None:
                said = stopped.args[0] if stopped.args and isinstance(stopped.args[0], str) else "interrupted (Ctrl-C)"
                interrupted = click.ClickException(said)
                interrupted.exit_code = INTERRUPTED
                raise interrupted from None
            if isinstance(error, GraphkitError):
                raise click.ClickException(error_line(error)) from error
            if isinstance(error, OSError) and error.filename is not None:  # a path the system refused
                also = f" (and {error.filename2})" if error.filename2 is not None else ""
                raise click.ClickException(f"{error.filename}{also}: {error.strerror or error}") from error
            raise


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="graphkit")
@click.option("--no-cache", is_flag=True,
              help="Read dataset folders from their files, not from the cache of datasets read before "
                   "(as GRAPHKIT_CACHE=off does; the cache is in GRAPHKIT_CACHE_DIR, else ~/.cache/graphkit).")
@click.pass_context
def main(ctx: click.Context, no_cache: bool) -> None:
    """graphkit: dated, sourced networks of political actors.

    Validate curated datasets, load them into Neo4j, query them with Cypher, rank actors by
    centrality over any time slice, and export interactive maps that open offline.
    """
    if no_cache:
        from graphkit.dataset.cache import turned_off

        ctx.with_resource(turned_off())


for _module in (curation_commands, data_commands, export_command, db_commands, analysis_commands, route_commands,
                diff_command, map_command,
                import_commands, link_commands):
    for _command in _module.COMMANDS:
        main.add_command(_command)


def run() -> None:
    """The `graphkit` program: `main` in a process that runs one command and ends. What the command
    reads and builds lives till then, so `collector.settle` takes it out of the collector's walks,
    and at exit so is everything left: a large graph is held by reference cycles (networkx's
    views), and the collector would walk and free its millions of objects one by one (14 s for
    the graph form of 100,000 actors). `atexit` handlers still run; the commands close their
    files and connections themselves, never by a finalizer."""
    from graphkit.collector import one_command_process, settle

    one_command_process()
    try:
        main()
    finally:
        settle(collect=False)  # nothing is left to free: the process ends
