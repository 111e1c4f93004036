"""Progress bars for long steps (a load, an import, a map), drawn on stderr with rich.

Shown only where a person watches: when stderr is a terminal, for work of at least `at_least`
steps (`GRAPHKIT_PROGRESS=always` draws every bar, `never` none). Elsewhere the callback does
nothing, so logs and pipes stay clean. rich is imported only when a bar is drawn.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator


def shown(total: int, at_least: int) -> bool:
    """Whether a bar is worth drawing for `total` steps.

    >>> shown(10, at_least=100)
    False
    """
    wanted = os.environ.get("GRAPHKIT_PROGRESS", "auto")
    if wanted in ("always", "never"):
        return wanted == "always"
    return total >= at_least and sys.stderr.isatty()


@contextlib.contextmanager
def _bar(total: int, label: str, *columns: str) -> Iterator[Callable[..., None]]:
    """A rich bar of `total` steps on stderr; yields `update(advance=, description=)`."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    extra = {"count": MofNCompleteColumn, "elapsed": TimeElapsedColumn}
    console = Console(stderr=True, force_terminal=os.environ.get("GRAPHKIT_PROGRESS") == "always")
    with Progress(TextColumn("{task.description}"), BarColumn(), *(extra[name]() for name in columns),
                  console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda **change: bar.update(task, **change)


@contextlib.contextmanager
def progress(total: int, label: str, *, at_least: int = 0) -> Iterator[Callable[[int], None]]:
    """A callback `advance(n)` for `total` steps, drawing a bar labelled `label` where shown."""
    if not shown(total, at_least):
        yield lambda n: None
        return
    with _bar(total, label, "count", "elapsed") as update:
        yield lambda n: update(advance=n)


@contextlib.contextmanager
def steps(names: list[str], label: str) -> Iterator[Callable[[], None]]:
    """A bar over the named steps of a task, naming the one under way: call `next_step()` as each ends."""
    names = list(names)
    if not shown(len(names), at_least=1):
        yield lambda: None
        return
    with _bar(len(names), f"{label}: {names[0]}", "elapsed") as update:
        upcoming = iter(names[1:])

        def next_step() -> None:
            update(advance=1, description=f"{label}: {next(upcoming, names[-1])}")

        yield next_step
