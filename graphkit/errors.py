"""The errors graphkit raises for its users: one line that says what is wrong, and a hint.

Library code raises only these; the command line turns each into one line (and the hint) with a
non-zero exit, in one place (`graphkit.cli`). Anything else reaching the user is a bug. Each kind
also derives from the built-in exception it refines, so `except ValueError` keeps working.

>>> error = StoreError("Cannot reach Neo4j at bolt://localhost:7687.", hint="Start it.")
>>> str(error), error.hint, isinstance(error, GraphkitError)
('Cannot reach Neo4j at bolt://localhost:7687.', 'Start it.', True)
"""

from __future__ import annotations

from pathlib import Path


class GraphkitError(Exception):
    """Something a user can fix: `str()` is the message, `hint` says what to do (or is None)."""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class DatasetError(GraphkitError, ValueError):
    """A dataset that has errors; `problems` holds every `model.Problem` found (warnings too), not just the first."""

    def __init__(self, path: str | Path, problems: list, *, consequence: str = ""):
        self.path = path
        self.problems = list(problems)
        errors = [problem for problem in self.problems if problem.severity == "error"]
        count = f"{len(errors)} error{'' if len(errors) == 1 else 's'}"
        first = f"; the first: {errors[0]}" if errors else ""
        so = f", so {consequence}" if consequence else ""
        super().__init__(f"{path} is not a valid dataset ({count}){so}{first}",
                         hint=f"run `graphkit validate {path}` to see every problem")


class DateError(GraphkitError, ValueError):
    """A text that is not a date graphkit reads (YYYY, YYYY-MM or YYYY-MM-DD, a real day)."""


class StoreError(GraphkitError):
    """A Neo4j problem: the server cannot be reached, refused us, or refused a statement."""


class QueryError(GraphkitError, ValueError):
    """A query that cannot run as asked: an unknown named query, a missing or unknown parameter."""


class ActorNotFound(GraphkitError, LookupError):
    """No actor of the graph has that id, name or alias."""


class FormatError(GraphkitError, ValueError):
    """A file that cannot be read as its format, or data a format cannot hold."""


class FilterError(GraphkitError, ValueError):
    """A filter or time slice that cannot be applied (a bad date, an empty period)."""


class TargetExists(GraphkitError, FileExistsError):
    """Writing would overwrite a file or folder that holds something already."""


class JudgementError(GraphkitError, ValueError):
    """A judgements file (which actors of two datasets are one) that cannot be read or contradicts itself."""


class MissingExtra(GraphkitError, ImportError):
    """An optional dependency that a feature needs is not installed."""

    def __init__(self, package: str, extra: str, feature: str):
        super().__init__(f"{feature} needs {package}: pip install 'graphkit[{extra}]'")
        self.package, self.extra = package, extra
