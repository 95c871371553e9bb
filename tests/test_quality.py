"""Lint, format and type checks run as part of the suite, so CI enforces them."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff not installed")
def test_ruff_lint_clean() -> None:
    proc = _run("ruff", "check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff not installed")
def test_ruff_format_clean() -> None:
    proc = _run("ruff", "format", "--check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_clean() -> None:
    proc = _run(sys.executable, "-m", "mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr


#: Standard-library modules that do no I/O and start no processes, and the solver's libraries.
PURE_MODULES = frozenset(
    {
        "__future__",
        "abc",
        "bisect",
        "collections",
        "contextlib",
        "copy",
        "dataclasses",
        "datetime",
        "decimal",
        "enum",
        "fractions",
        "functools",
        "heapq",
        "itertools",
        "math",
        "numbers",
        "operator",
        "re",
        "statistics",
        "threading",
        "time",
        "typing",
        "numpy",
        "ortools",
        "models",
    }
)
#: Never allowed in ``models`` (for the record: anything not in ``PURE_MODULES`` is flagged).
IO_MODULES = frozenset(
    {
        "os",
        "io",
        "pathlib",
        "shutil",
        "tempfile",
        "subprocess",
        "multiprocessing",
        "concurrent",
        "signal",
        "socket",
        "sys",
        "optimizer",
        "openpyxl",
        "python_calamine",
        "pandas",
        "click",
    }
)
#: Builtins that open files or import by name.
IO_CALLS = frozenset({"open", "__import__"})


def io_dependencies(path: Path, package: str) -> list[str]:
    """Every import of ``path`` (at any depth, TYPE_CHECKING too) outside ``PURE_MODULES``, and
    every call of an ``IO_CALLS`` builtin, as module names (``open()`` for a call)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside the package
                modules = [package]
            else:
                assert node.module is not None
                modules = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in IO_CALLS
        ):
            found.append(f"{node.func.id}()")
        found.extend(m for m in modules if m.split(".")[0] not in PURE_MODULES)
    return found


def models_io_dependencies() -> list[tuple[str, str]]:
    """Every offending (file, module) pair under ``models/``, each once, in file order."""
    pairs = (
        (path.relative_to(ROOT).as_posix(), module)
        for path in sorted((ROOT / "models").rglob("*.py"))
        for module in io_dependencies(path, "models")
    )
    return list(dict.fromkeys(pairs))


def test_io_dependency_scan_sees_every_kind_of_import(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from __future__ import annotations\n"
        "import os.path, math\n"
        "from concurrent.futures import Future\n"
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "if TYPE_CHECKING:\n"
        "    from optimizer.io import reader\n"
        "def f():\n"
        "    import subprocess\n"
        "    return open('x')\n",
        encoding="utf-8",
    )
    assert sorted(io_dependencies(source, "models")) == sorted(
        ["os.path", "concurrent.futures", "optimizer.io", "subprocess", "open()"]
    )
    assert not PURE_MODULES & IO_MODULES
    every = tmp_path / "every.py"
    every.write_text("".join(f"import {m}\n" for m in sorted(IO_MODULES)), encoding="utf-8")
    assert sorted(io_dependencies(every, "models")) == sorted(IO_MODULES)


def test_models_core_has_no_io_dependencies() -> None:
    offending = models_io_dependencies()
    assert offending == [], "models/ may not do I/O or process handling: " + ", ".join(
        f"{path}: {module}" for path, module in offending
    )
