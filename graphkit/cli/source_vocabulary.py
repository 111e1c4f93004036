"""The vocabulary a command works by: its dataset's, when the dataset folder brings its own
`vocabulary.yaml`, so that the option checks (--types, --kinds), the graph form and the map's
legend all know the types and kinds the dataset adds."""

from __future__ import annotations

from pathlib import Path

import click


def source_vocabulary(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A click callback for SOURCE (eager, so it runs before the options it checks): put the
    vocabulary of the dataset SOURCE names (with no SOURCE, the one under seed/) in force until
    the command ends."""
    from graphkit.dataset import default_dataset_paths
    from graphkit.vocabulary import dataset_vocabulary, using_vocabulary

    folders = [value] if value is not None else default_dataset_paths()
    if len(folders) == 1 and folders[0].is_dir():
        ctx.with_resource(using_vocabulary(dataset_vocabulary(folders[0])))
    return value


SOURCE_ARGUMENT = click.argument("source_path", metavar="[SOURCE]", required=False, type=click.Path(path_type=Path),
                                 is_eager=True, callback=source_vocabulary)
"""The [SOURCE] of the commands that read a graph (`cli.options.source_options`)."""
