"""Ctrl-C during a write, held until the driver is between two messages.

A KeyboardInterrupt raised inside the driver's socket code leaves the connection half-written:
the rollback that follows then fails (a `BufferError`, or a server error about a garbled
message) and the user sees a traceback. While a load runs, the first SIGINT is only noted, and
raised as KeyboardInterrupt at the next safe point (`Held.check`, before a statement is sent),
so the transaction rolls back cleanly. A second SIGINT interrupts at once.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class Held:
    """Whether a SIGINT arrived while interrupts were held; `check()` raises it."""

    def __init__(self) -> None:
        self.pending = False

    def check(self) -> None:
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt


@contextlib.contextmanager
def held_interrupts() -> Iterator[Held]:
    """Hold SIGINT for the block (only in the main thread, and only where Python's own handler
    is installed: an application's handler is left alone)."""
    held = Held()
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield held
        return

    def note(signum, frame) -> None:
        if held.pending:  # asked twice: do not wait any longer
            raise KeyboardInterrupt
        held.pending = True

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, previous)


class CheckedTransaction:
    """A transaction whose every `run` is a safe point: a held interrupt is raised before sending."""

    def __init__(self, tx, held: Held) -> None:
        self._tx, self._held = tx, held

    def run(self, *args, **kwargs):
        self._held.check()
        return self._tx.run(*args, **kwargs)
