"""The code checks that CI enforces: ruff's lint rules and mypy --strict (settings in pyproject.toml)."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT, run

BIN = Path(sys.executable).parent


def test_ruff_finds_nothing() -> None:
    """ruff reports no problem in the generator, the tests, the scripts or the benchmarks."""
    result = run([str(BIN / "ruff"), "check", "generator", "tests", "scripts", "benchmarks"], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes() -> None:
    """mypy --strict finds no type error in the generator package."""
    result = run([str(BIN / "mypy")], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_hook_imports_mkdocs() -> None:
    """The core stays independent of MkDocs: only generator/mkdocs_hook.py imports it."""
    importers = sorted(
        p.name for p in (ROOT / "generator").glob("*.py")
        if any(line.lstrip().startswith(("import mkdocs", "from mkdocs"))
               for line in p.read_text(encoding="utf-8").splitlines())
    )
    assert importers == ["mkdocs_hook.py"]
