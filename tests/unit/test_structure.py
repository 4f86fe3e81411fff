"""The import rules of docs/architecture.md, read from the code's own imports.

- Route modules (a feature's ``routes`` and ``api``) are loaded by ``create_app`` alone:
  importing any other module of ``quiz`` loads none of them.
- Nothing under ``quiz/`` imports ``create_app`` (``wsgi.py`` and ``worker.py`` build apps).
- No import cycle: neither between modules nor between the packages of ``quiz``.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.support import ROOT

PACKAGE = ROOT / "quiz"
ROUTE_MODULE = re.compile(r"^quiz\.\w+\.(routes|api)(\.\w+)*$")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _walk(node: ast.AST, *, into_functions: bool) -> Iterator[ast.AST]:
    """``node`` and what it holds; a function's body only ``into_functions`` (it runs when
    called, not when its module is imported)."""
    yield node
    for child in ast.iter_child_nodes(node):
        if into_functions or not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _walk(child, into_functions=into_functions)


def _imports(name: str, *, at_import_time: bool) -> Iterator[str]:
    """Modules of ``quiz`` that ``name`` imports; only those imported when the module itself is
    imported when ``at_import_time``."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in _walk(tree, into_functions=not at_import_time):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            targets = [_member_or_module(node.module, alias.name) for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target.startswith("quiz"):
                yield target


def _member_or_module(module: str, member: str) -> str:
    """``from module import member``: a submodule when there is one, else the module."""
    candidate = f"{module}.{member}"
    return candidate if candidate in MODULES else module


def _parents(name: str) -> list[str]:
    """The packages Python imports before ``name``."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _loaded_by(name: str) -> set[str]:
    """Every module importing ``name`` loads, by the module-level imports."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(_parents(current))
        todo.extend(_imports(current, at_import_time=True))
    return seen


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph``, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_route_modules_are_named_as_the_rule_expects() -> None:
    routes = sorted(m for m in MODULES if ROUTE_MODULE.match(m))
    for feature in ("attempts", "reports", "accounts", "cohorts", "recruiting", "orgbanks"):
        assert f"quiz.{feature}.routes" in routes
    assert {"quiz.attempts.api", "quiz.recruiting.api", "quiz.api.routes"} <= set(routes)


def test_no_other_module_loads_a_route_module_when_imported() -> None:
    offenders = {}
    for name in MODULES:
        if ROUTE_MODULE.match(name) or name == "quiz":
            continue
        routes = sorted(m for m in _loaded_by(name) if ROUTE_MODULE.match(m))
        if routes:
            offenders[name] = routes
    assert offenders == {}


def test_importing_every_domain_module_loads_no_route_module() -> None:
    """The same rule, seen by Python itself in a fresh interpreter."""
    domain = [m for m in MODULES if not ROUTE_MODULE.match(m)]
    script = (
        "import importlib, json, sys\n"
        f"for name in {domain!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('quiz'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = json.loads(out.stdout)
    assert len(loaded) >= len(domain)
    assert [m for m in loaded if ROUTE_MODULE.match(m)] == []


def test_only_the_entry_points_build_the_app() -> None:
    def imports_create_app(path: Path) -> bool:
        return any(
            isinstance(node, ast.ImportFrom)
            and any(alias.name == "create_app" for alias in node.names)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )

    assert [name for name, path in MODULES.items() if imports_create_app(path)] == []
    for entry in ("wsgi.py", "worker.py"):
        assert "from quiz import create_app" in (ROOT / entry).read_text(encoding="utf-8")


def test_no_import_cycle_between_modules() -> None:
    graph = {m: set(_imports(m, at_import_time=False)) - {m} for m in MODULES}
    assert _cycle(graph) is None


def test_no_import_cycle_between_packages() -> None:
    """A feature may use a lower one, never the other way round as well."""

    def unit(name: str) -> str:
        return ".".join(name.split(".")[:2])

    graph: dict[str, set[str]] = {}
    for name in MODULES:
        if name == "quiz":  # the factory imports every feature by design
            continue
        targets = {unit(t) for t in _imports(name, at_import_time=False)} - {unit(name), "quiz"}
        graph.setdefault(unit(name), set()).update(targets)
    assert _cycle(graph) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None
