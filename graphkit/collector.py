"""Python's cycle collector paused while graphkit makes millions of objects without cycles.

The collector runs after every few hundred new container objects, and now and then walks every
object alive; reading, building or writing a large dataset makes millions of cells, rows and
dicts, so it would walk them again and again for nothing (at 100,000 actors that was a third of
building the graph). What is made while it is paused is collected as usual once it runs again.
In the `graphkit` program, a process of one command, `settle` goes further: what the command
keeps till it ends is taken out of the collector's walks for good.

>>> import gc
>>> with paused_collector():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the cycle collector for the block (as it was after it). The pause is the whole
    process's: a block in another thread may end it early, which costs time, never memory."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


_one_command = False


def one_command_process() -> None:
    """Say that this process runs one command and then ends (the `graphkit` program does): from
    now on `settle` takes effect."""
    global _one_command
    _one_command = True


def settle(*, collect: bool = True) -> None:
    """In a process that runs one command (`one_command_process`), take what is alive now out of
    the collector's walks (`gc.freeze`): what a command has read and built (a dataset, its graph)
    lives till the end, and every full collection would walk its millions of objects again (at
    100,000 actors, about a fifth of an export). First a collection (unless `collect` is False:
    at exit), so that no garbage is frozen with them: the frames of a caught exception, say, can
    hold a whole read in a cycle. Anywhere else (a notebook, the tests) it does nothing, so
    objects there stay collectable.

    >>> settle()  # not the program: nothing frozen
    >>> gc.get_freeze_count()
    0
    """
    if _one_command:
        if collect:
            gc.collect()
        gc.freeze()
