"""The `graphkit` command line: a thin layer that parses options, calls the library and prints.

Each concern keeps its commands in its own module; heavy packages are imported inside commands so
that `graphkit --help` stays instant.
"""

import click

from graphkit import __version__
from graphkit.cli import analysis_commands, data_commands, db_commands, import_commands, map_command


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="graphkit")
def main() -> None:
    """graphkit: dated, sourced networks of political actors.

    Validate curated datasets, load them into Neo4j, query them with Cypher, rank actors by
    centrality over any time slice, and export interactive maps that open offline.
    """


for _module in (data_commands, db_commands, analysis_commands, map_command, import_commands):
    for _command in _module.COMMANDS:
        main.add_command(_command)
