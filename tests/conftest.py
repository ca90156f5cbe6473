"""Shared fixtures: scratch copies of the project and ways to run the generator and MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
#: The story the tests build: a frozen copy of the first story, so the generator's tests never depend
#: on whatever story ``content/`` holds (tests/test_content.py checks that one with ``generator check``).
CONTENT = ROOT / "tests" / "fixtures" / "sochi"
#: The editors' story: only tests/test_content.py and the schema modeline test read it.
EDITOR_CONTENT = ROOT / "content"
SOURCE_NAME = "sources/kerry-putin-sochi-2015-05-12.txt"
#: Set by `make test` for its sub-makes; a test's own `make` must behave as run by hand (no
#: "make[1]: Entering directory" lines, no inherited flags).
_MAKE_VARIABLES = frozenset({"MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES"})
ENV = {**{k: v for k, v in os.environ.items() if k not in _MAKE_VARIABLES},
       "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1431388800", "PYTHONUTF8": "1"}

#: An actor record (append to the fixture's actors.yaml) that no other record names: a content warning.
ORPHAN_ACTOR = """\
  - id: extra-person
    name: Extra Person
    kind: person
    role: Someone the article mentions
    summary: Added for a test.
    evidence:
      - exact: "Putin is in Sochi meeting with Russian defense officials for a week."
"""


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``args`` in ``cwd`` with the test environment; never raises on a non-zero exit."""
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env={**ENV, **env}, check=False,
                          timeout=300)


def generator(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in ``cwd``, with ``env`` added to the test environment."""
    return run([sys.executable, "-m", "generator", *args], cwd, **env)


def mkdocs_build(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project`` into ``site``, with ``env`` added to the test environment."""
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], project, **env)


@dataclass(frozen=True, eq=False)  # hashed by identity, for the cache below
class BuiltSite:
    """A built site folder whose pages are parsed once each."""

    root: Path

    @cache  # noqa: B019 - one site per module or session; the cache dies with it
    def soup(self, page: str) -> BeautifulSoup:
        """The parsed HTML file ``page`` (a path relative to the site root)."""
        return BeautifulSoup((self.root / page).read_text(encoding="utf-8"), "html.parser")


def make_project(root: Path, content: Path = CONTENT) -> Path:
    """Lay out a scratch project in the new folder ``root`` and return it: the repository's
    mkdocs.yml and theme_overrides/, ``content`` (a fixture story) as content/, and a link to
    the real generator package, so tests edit content and build without touching the repository."""
    root.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(content, root / "content")
    shutil.copytree(ROOT / "theme_overrides", root / "theme_overrides")
    (root / "generator").symlink_to(ROOT / "generator", target_is_directory=True)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project with the fixture story as content/ (see :func:`make_project`)."""
    return make_project(tmp_path / "project")


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which must occur exactly once in the UTF-8 file ``path``, with ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def edit(project: Path) -> Callable[[str, str, str], None]:
    """``edit(file, old, new)``: :func:`replace_once` in ``content/<file>``."""
    return lambda name, old, new: replace_once(project / "content" / name, old, new)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites tests/golden/ from the current output (then read the diff)."""
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files, then review the diff")
