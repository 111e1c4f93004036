"""Commands: db_commands."""

import click

COMMANDS: list[click.Command] = []
