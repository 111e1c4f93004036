"""The Neo4j connection options shared by every command that talks to the database."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from graphkit.store.config import DEFAULT_DATABASE, DEFAULT_URI, DEFAULT_USER, ENV_VARS, Neo4jConfig

_OPTIONS = (
    ("uri", "URI", f"Bolt or neo4j URI of the server [env: NEO4J_URI; default: {DEFAULT_URI}]"),
    ("user", "NAME", f"User name [env: NEO4J_USER; default: {DEFAULT_USER}]"),
    ("password", "TEXT", "Password [env: NEO4J_PASSWORD; default: none, i.e. auth off]"),
    ("database", "NAME", f"Database [env: NEO4J_DATABASE; default: {DEFAULT_DATABASE}]"),
)


def connection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --uri/--user/--password/--database and pass them on as one `connection` argument.

    The values fall back to the NEO4J_* environment variables (see `graphkit.store.config`); the
    password is never shown.

        @click.command()
        @connection_options
        def status(connection: Neo4jConfig): ...
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        connection = Neo4jConfig.from_env(**{name: kwargs.pop(name) for name in ENV_VARS})
        return command(*args, connection=connection, **kwargs)

    for name, metavar, help_text in reversed(_OPTIONS):
        wrapper = click.option(f"--{name}", metavar=metavar, default=None, help=help_text)(wrapper)
    return wrapper
