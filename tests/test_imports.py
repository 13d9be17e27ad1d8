"""The package's import graph has no cycle, and importing ``slantcheck`` stays light.

The graph is built from the source with ``ast`` (every ``import``, at module level or inside a function, and
``if TYPE_CHECKING`` ones too), module to module, so a cycle hidden behind a lazy import is found as well.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in (SRC / "slantcheck").rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        is_pkg = path.name == "__init__.py"
        package = mod if is_pkg else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                # ``from pkg import name``: an edge to pkg.name when that is a module, else to pkg
                targets = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in files else origin for a in node.names]
            for t in targets:
                while t and t not in files:  # ``import a.b.c`` of a non-module attribute: its module
                    t = t.rpartition(".")[0]
                if t and t != mod and t.startswith("slantcheck"):
                    graph[mod].add(t)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_graph_is_built_from_the_source() -> None:
    g = import_graph()
    assert "slantcheck.pipeline" in g["slantcheck"]
    assert "slantcheck.text.normalize" in g["slantcheck.pipeline"]


def test_no_import_cycle_in_src() -> None:
    assert find_cycles(import_graph()) == []


def test_find_cycles_finds_a_lazy_cycle() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_import_is_light_and_has_no_side_effect() -> None:
    code = ("import codecs, sys, slantcheck\n"
            "heavy = sorted(m for m in ('sklearn', 'joblib', 'slantcheck.training', 'slantcheck.evaluation', "
            "'slantcheck.batch', 'slantcheck.cli') if m in sys.modules)\n"
            "assert not heavy, heavy\n"
            "slantcheck.score('Share this before they delete it!')\n"
            "heavy = sorted(m for m in ('sklearn', 'slantcheck.training', 'slantcheck.evaluation')"
            " if m in sys.modules)\n"
            "assert not heavy, heavy\n"
            "for name in ('slantcheck.features.stand-in', 'slantcheck.features.featurizer.stand-in'):\n"
            "    try:\n"
            "        codecs.lookup_error(name)\n"
            "    except LookupError:\n"
            "        pass\n"
            "    else:\n"
            "        raise AssertionError(f'codec error handler {name} registered')\n")
    subprocess.run([sys.executable, "-c", code], check=True)
