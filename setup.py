"""Build step of the wheel (everything else is in pyproject.toml).

``generator new`` copies some of this repository's own files into a new project: mkdocs.yml, the
theme, .ci/run and the Pages workflow. They are kept in one place only, here at the top of the
repository. Building the wheel copies them into ``generator/project_files/`` inside it, so an
installed generator (``pip install explainer-….whl``, no source checkout) has them;
``generator.scaffold`` reads them with importlib.resources. An editable install (``pip install
-e .``, ``make site``) reads them from the checkout instead. tests/test_new.py builds a wheel and
checks the packaged copies byte for byte against the repository's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: What ``generator new`` copies from the repository (files, or folders taken whole).
PROJECT_FILES = ("mkdocs.yml", ".ci/run", ".github/workflows/pages.yml", "theme_overrides")
#: Where the copies go inside the package.
PACKAGED = "generator/project_files"


class BuildPyWithProjectFiles(build_py):
    """``build_py`` that also copies :data:`PROJECT_FILES` into ``generator/project_files/``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout
            return
        target = Path(self.build_lib) / PACKAGED
        shutil.rmtree(target, ignore_errors=True)  # a file removed from the repository is gone here too
        for name in PROJECT_FILES:
            source = ROOT / name
            if source.is_dir():
                files = sorted(p for p in source.rglob("*")
                               if p.is_file() and not p.is_symlink() and "__pycache__" not in p.parts)
            elif source.is_file() and not source.is_symlink():
                files = [source]
            else:
                raise SystemExit(f"setup.py: {name} is missing; `generator new` needs it")
            for path in files:
                out = target / path.relative_to(ROOT)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, out)


setup(cmdclass={"build_py": BuildPyWithProjectFiles})
