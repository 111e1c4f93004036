"""The layout docs/architecture.md describes holds: no import cycles, imports only in the allowed
directions, no module past the size a newcomer reads in one sitting, and `graphkit --help` instant."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graphkit"

# What each part of graphkit may import (besides itself and the package root's __version__).
# The same table is in docs/architecture.md; change both together.
ALLOWED = {
    "errors": set(),
    "collector": set(),
    "dates": {"errors"},
    "model": {"dates", "errors"},
    "vocabulary": {"errors"},
    "dataset": {"dates", "model", "vocabulary", "errors", "collector"},
    "graph": {"dates", "model", "vocabulary", "errors", "collector"},
    "analysis": {"graph", "dates", "model", "vocabulary", "errors"},
    "stats": {"graph", "dates", "model", "vocabulary", "errors"},
    "formats": {"graph", "dates", "model", "vocabulary", "dataset", "errors", "store.mapping", "store.bulk_csv"},
    "map": {"graph", "analysis", "dates", "model", "vocabulary", "errors"},
    "store": {"graph", "dates", "model", "vocabulary", "errors", "collector", "dataset.columns", "dataset.column_records"},
    "synthetic": {"dates", "model", "vocabulary", "dataset", "errors"},
    "linking": {"dataset", "graph", "dates", "model", "vocabulary", "errors"},
    "cli": {"*"},
}
MAX_LINES = 400
LONGER = {}  # module -> why it may be longer (none today)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _resolve(target: str, modules: dict[str, Path]) -> str | None:
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def _imports() -> dict[str, set[str]]:
    """Every graphkit module and the graphkit modules it imports, anywhere in its code."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - (node.level - 1)]
                    base = ".".join(parts + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                if target.split(".")[0] != "graphkit":
                    continue
                resolved = _resolve(target, modules)
                if resolved and resolved != name and not name.startswith(resolved + ".") \
                        and not resolved.startswith(name + "."):
                    graph[name].add(resolved)
    return graph


def _part(module: str) -> str:
    """The part of graphkit a module belongs to: `store.mapping` -> `store`; the root is ''."""
    return module.split(".")[1] if "." in module else ""


def test_no_import_cycles():
    graph = _imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in graph:
        if node not in index:
            visit(node)
    assert cycles == []


def test_imports_follow_the_layers():
    wrong = []
    for module, targets in _imports().items():
        part = _part(module)
        if part == "" or "*" in ALLOWED.get(part, set()):
            continue
        assert part in ALLOWED, f"{module}: add its part {part!r} to ALLOWED and docs/architecture.md"
        for target in targets:
            other = _part(target)
            local = ".".join(target.split(".")[1:3])
            if other in ("", part) or other in ALLOWED[part] or local in ALLOWED[part]:
                continue
            wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_nothing_imports_the_cli():
    users = sorted(module for module, targets in _imports().items()
                   if _part(module) != "cli" and any(_part(target) == "cli" for target in targets))
    assert users == []


def test_modules_stay_readable():
    long = {str(path.relative_to(PACKAGE.parent)): lines for path in PACKAGE.rglob("*.py")
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
            and str(path.relative_to(PACKAGE.parent)) not in LONGER}
    assert long == {}


def test_the_checks_see_a_cycle_and_a_wrong_layer(tmp_path, monkeypatch):
    """The import walk itself works: a planted cycle and a planted upward import are found."""
    fake = tmp_path / "graphkit"
    (fake / "model").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "errors.py").write_text("from graphkit.model import thing\n")
    (fake / "model" / "__init__.py").write_text("def f():\n    from graphkit import errors\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    graph = _imports()
    assert graph["graphkit.errors"] == {"graphkit.model"} and graph["graphkit.model"] == {"graphkit.errors"}
    with pytest.raises(AssertionError):
        test_no_import_cycles()
    with pytest.raises(AssertionError):
        test_imports_follow_the_layers()


def test_help_is_instant():
    """`graphkit --help` imports no heavy package: what keeps it instant (measured in benchmarks/)."""
    code = ("import sys, graphkit.cli; "
            "print(','.join(sorted(m for m in ('networkx', 'numpy', 'scipy', 'neo4j', 'matplotlib', "
            "'followthemoney', 'pyvis') if m in sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "", f"graphkit.cli imports {loaded.strip()} at start-up"
