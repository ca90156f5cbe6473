"""MkDocs hook: the only module that imports MkDocs.

Listed in ``mkdocs.yml`` under ``hooks:``. On every build (and every rebuild of
``mkdocs serve``) it loads the content, stops the build with every content problem if
there is one, and adds the rendered pages as in-memory files (``File.generated``), so
nothing is ever written into ``docs_dir`` and ``mkdocs serve`` cannot loop on its output.

MkDocs loads a hook file with only its own folder on ``sys.path`` and caches it, so the
project must be installed (``pip install -e .``) and the generator's modules are reloaded
before each build to pick up code edits during ``mkdocs serve``.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

log = logging.getLogger("mkdocs.hooks.explainer")

#: Generated pages that are in the nav; every other generated page is reachable by links.
_IN_NAV = {"index.md", "actors/index.md", "issues/index.md", "quotes.md", "timeline.md", "source.md"}
#: Which content file each page comes from, for the "edit this page" link.
_EDIT = {"actors/": "actors.yaml", "issues/": "issues.yaml", "quotes.md": "quotes.yaml",
         "timeline.md": "timeline.yaml"}


def _content_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / "content"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Make builds reproducible: default ``SOURCE_DATE_EPOCH`` to the last commit's time."""
    if "SOURCE_DATE_EPOCH" not in os.environ:
        try:
            stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], capture_output=True, text=True,
                                   cwd=Path(config.config_file_path).parent, check=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            stamp = ""
        if stamp.isdigit():
            os.environ["SOURCE_DATE_EPOCH"] = stamp
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Forget the generator's modules so ``mkdocs serve`` imports code edits afresh.

    Dropping them all (rather than ``importlib.reload`` one by one) keeps classes such as
    ``ContentError`` identical across modules after the reload.
    """
    for name in [n for n in sys.modules if n == "generator" or n.startswith("generator.")]:
        if sys.modules[name] is not sys.modules.get(__name__):
            del sys.modules[name]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page to ``files``; abort the build on any content error."""
    from generator.content import load_content
    from generator.problems import ContentError
    from generator.render import render_pages

    try:
        content = load_content(_content_dir(config))
    except ContentError as exc:
        for problem in exc.problems:
            (log.warning if problem.severity.value == "warning" else log.error)(problem.format())
        raise Abort(f"The content has errors ({exc}); fix them and save again.") from None
    for problem in content.warnings:
        log.warning(problem.format())
    for path, markdown in render_pages(content).items():
        file = File.generated(config, path, content=markdown,
                              inclusion=InclusionLevel.INCLUDED if path in _IN_NAV else InclusionLevel.NOT_IN_NAV)
        source = next((yaml for prefix, yaml in _EDIT.items() if path.startswith(prefix)), "story.yaml")
        file.edit_uri = f"../{source}" if config.edit_uri else None
        files.append(file)
    return files
