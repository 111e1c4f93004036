"""Python's cycle collector paused while graphkit makes millions of objects without cycles.

The collector runs after every few hundred new container objects, and now and then walks every
object alive; reading, building or writing a large dataset makes millions of cells, rows and
dicts, so it would walk them again and again for nothing (at 100,000 actors that was a third of
building the graph). What is made while it is paused is collected as usual once it runs again.

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
