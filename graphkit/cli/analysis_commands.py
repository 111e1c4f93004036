"""Commands: analysis_commands."""

import click

COMMANDS: list[click.Command] = []
