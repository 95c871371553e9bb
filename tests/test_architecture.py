"""The layers of the code: imports point one way, no cycles, the checker stands alone.

The layers, lowest first (README "Where things are"): the pure core ``models``; the base modules
``optimizer.errors`` and ``optimizer.model_export``; ``optimizer.analysis`` (no Excel);
``optimizer.io`` (the only code that knows Excel); ``optimizer.app`` (the service, runtime,
batch); the front ends (``optimizer.cli``, ``optimizer.web``); and ``optimizer.demo``, which
nothing at run time may import. A module may import its own layer and the ones below it, never
one above.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = (
    ("models",),
    ("optimizer.errors", "optimizer.model_export"),
    ("optimizer.analysis",),
    ("optimizer.io",),
    ("optimizer.app",),
    ("optimizer.cli", "optimizer.entry", "optimizer.web"),
    ("optimizer.demo",),
)
#: What the independent checker may use of the core: names and data classes, never logic.
CHECKER_MAY_IMPORT = {"models.domain", "models.registry"}
#: The Excel libraries: only ``optimizer.io`` (and the demo, through it) may use them.
EXCEL_LIBRARIES = ("openpyxl", "python_calamine", "xlsxwriter")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    out = {}
    for package in ("models", "optimizer"):
        for path in sorted((ROOT / package).rglob("*.py")):
            out[_module_name(path)] = path
    return out


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every module ``path`` imports (absolute names; ``from a import b`` yields ``a.b`` too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            for alias in node.names:
                yield f"{base}.{alias.name}"


def _layer(module: str) -> int | None:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {m for m in _imports(name, path) if m in modules and m != name}
        for name, path in modules.items()
    }


def test_every_module_is_in_a_layer() -> None:
    assert [m for m in _modules() if m != "optimizer" and _layer(m) is None] == []


def test_imports_point_down_the_layers() -> None:
    upward = []
    for name, targets in _graph().items():
        rank = _layer(name)
        if rank is None:
            continue
        for target in targets:
            other = _layer(target)
            if other is not None and other > rank:
                upward.append(f"{name} -> {target}")
    assert upward == []


def test_no_import_cycles() -> None:
    graph = _graph()
    # Package __init__ modules are containers: an edge to one is an edge to nothing.
    graph = {n: {t for t in ts if not (ROOT / t.replace(".", "/") / "__init__.py").exists()}
             for n, ts in graph.items()}  # fmt: skip
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == []


def test_the_checker_shares_no_logic_with_the_solver() -> None:
    modules = _modules()
    used = {
        m
        for m in _imports("optimizer.analysis.checker", modules["optimizer.analysis.checker"])
        if m.startswith("models.") and m in modules
    }
    assert used <= CHECKER_MAY_IMPORT, used - CHECKER_MAY_IMPORT


def test_nothing_at_run_time_imports_the_demo_generator() -> None:
    offenders = [
        f"{name} -> {target}"
        for name, targets in _graph().items()
        if not name.startswith("optimizer.demo")
        for target in targets
        if target.startswith("optimizer.demo")
    ]
    assert offenders == []


def test_only_the_io_layer_knows_excel() -> None:
    offenders = []
    for name, path in _modules().items():
        if name.startswith(("optimizer.io", "optimizer.demo")):
            continue
        for target in _imports(name, path):
            if target.split(".")[0] in EXCEL_LIBRARIES:
                offenders.append(f"{name} -> {target}")
    assert sorted(set(offenders)) == []
