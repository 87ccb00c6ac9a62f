"""The package's shape: every module imports, says its purpose, stays small, and no circles."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "gongwen"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, name: str) -> set[str]:
    """The gongwen modules ``path`` imports, at any depth of its code (lazy imports too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for a in node.names:
                # ``from gongwen.kinds import notice`` imports the module gongwen.kinds.notice
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imported(path, name) for name, path in MODULES.items()}


def cycle_from(start: str) -> list[str] | None:
    """A chain of imports leading from ``start`` back to it, if there is one."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, chain = stack.pop()
        for nxt in GRAPH[node]:
            if nxt == start:
                return [*chain, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*chain, nxt]))
    return None


def test_the_graph_sees_imports():
    # the checker below would pass vacuously on an empty graph
    assert "gongwen.render.environment" in GRAPH["gongwen.render.template"]
    assert "gongwen.kinds.notice" in GRAPH["gongwen.kinds"]
    assert "gongwen.render.sandbox" in GRAPH["gongwen.render.environment"]  # a lazy import


def test_a_planted_circle_is_found(monkeypatch):
    monkeypatch.setitem(GRAPH, "gongwen.errors", {"gongwen.build"})
    assert cycle_from("gongwen.errors") is not None


def test_no_import_circles():
    cycles = [c for c in (cycle_from(name) for name in GRAPH) if c]
    assert not cycles, " / ".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_imports_and_says_its_purpose(name):
    module = importlib.import_module(name)
    doc = (module.__doc__ or "").strip()
    assert doc, f"{name} has no docstring"
    assert len(doc.splitlines()[0]) > 10


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name}: {lines} lines"
