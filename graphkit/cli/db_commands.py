"""Commands that talk to the Neo4j server."""

from __future__ import annotations

import click

from graphkit.cli.connection import connection_options
from graphkit.config import Neo4jConfig


@click.command()
@connection_options
def status(connection: Neo4jConfig) -> None:
    """Show the Neo4j server graphkit reaches and the datasets loaded in it.

    \b
    Examples:
      graphkit status
      NEO4J_URI=bolt://127.0.0.1:7688 NEO4J_PASSWORD=... graphkit status
    """
    from graphkit import neo4j_store

    report = neo4j_store.status(connection)
    click.echo(f"Neo4j:     {connection.uri} (server {report.server.address})")
    click.echo(f"Version:   {report.server.version} {report.server.edition}")
    click.echo(f"Database:  {connection.database}")
    click.echo(f"User:      {connection.user if connection.password else '(auth off)'}")
    if not report.datasets:
        click.echo("Datasets:  none loaded")
        return
    click.echo("Datasets:")
    width = max(len(counts.dataset) for counts in report.datasets)
    for counts in report.datasets:
        click.echo(
            f"  {counts.dataset:<{width}}  {counts.actors} actors, "
            f"{counts.relationships} relationships, {counts.sources} sources"
        )


COMMANDS: list[click.Command] = [status]
