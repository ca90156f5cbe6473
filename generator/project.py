"""The folders of a project that no output folder may touch, read from its ``mkdocs.yml``.

A project is the folder of ``mkdocs.yml``: ``content/`` (the fact sheets), MkDocs' ``docs_dir``
(hand-written pages; default ``docs``), the theme's ``custom_dir`` and the git repository that
holds it (``.git``, looked up from the project upwards). Read without MkDocs, which only the hook
imports: ``mkdocs.yml``'s own tags (``!ENV``, ``!!python/name:``) are read as empty values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CONFIG = "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads any tag it does not know as ``None`` instead of failing."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _config(config_file: Path) -> dict[str, Any]:
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


#: ``(what it is, absolute path, whether an output folder inside it is refused too)``
Protected = tuple[str, Path, bool]


def protected_folders(project: Path, config_file: Path | None = None, content: Path | None = None) -> list[Protected]:
    """The folders of ``project`` that an output folder must not be or contain: the project
    itself and the git repository that holds it, and ``content/``, ``docs_dir``, ``custom_dir``
    and ``.git``, which an output folder must not sit inside either. ``config_file`` defaults
    to ``project/mkdocs.yml`` (a missing or unreadable one gives MkDocs' defaults), ``content``
    to ``project/content``.
    """
    project = project.resolve()
    config = _config(config_file or project / CONFIG)
    folders: list[Protected] = [
        ("the project", project, False),
        ("the content folder", (content or project / "content").resolve(), True),
        ("docs_dir", project / str(config.get("docs_dir") or "docs"), True),
    ]
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        folders.append(("custom_dir", project / str(theme["custom_dir"]), True))
    for folder in (project, *project.parents):
        if (folder / ".git").exists():
            folders += [("the git repository", folder, False), (".git", folder / ".git", True)]
            break
    return folders
