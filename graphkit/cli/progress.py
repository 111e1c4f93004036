"""Progress bars for long steps (a load, an import, a big map), drawn on stderr with rich.

Shown only where a person watches: when stderr is a terminal, for work of at least `at_least`
steps (`GRAPHKIT_PROGRESS=always` draws every bar, `never` none). Elsewhere the callback does nothing, so logs and pipes stay
clean. rich is imported only when a bar is drawn.
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
def progress(total: int, label: str, *, at_least: int = 0) -> Iterator[Callable[[int], None]]:
    """A callback `advance(n)` for `total` steps, drawing a bar labelled `label` where shown."""
    if not shown(total, at_least):
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True, force_terminal=os.environ.get("GRAPHKIT_PROGRESS") == "always")
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)



@contextlib.contextmanager
def steps(names: list[str], label: str) -> Iterator[Callable[[], None]]:
    """A bar over the named steps of a task, naming the one under way: call `next_step()` as each ends."""
    names = list(names)
    if not shown(len(names), at_least=1):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, force_terminal=os.environ.get("GRAPHKIT_PROGRESS") == "always")
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task(f"{label}: {names[0]}", total=len(names))
        done = [0]

        def next_step() -> None:
            done[0] += 1
            bar.update(task, advance=1, description=f"{label}: {names[min(done[0], len(names) - 1)]}")

        yield next_step
