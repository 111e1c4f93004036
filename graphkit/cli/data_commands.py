"""Commands: data_commands."""

import click

COMMANDS: list[click.Command] = []
