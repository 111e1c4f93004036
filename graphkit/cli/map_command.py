"""Commands: map_command."""

import click

COMMANDS: list[click.Command] = []
