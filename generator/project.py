"""The folders of a project, read from its ``mkdocs.yml``: those no output folder may touch, and
the files under ``docs_dir`` and ``custom_dir`` that must not be published.

A project is the folder of ``mkdocs.yml``: ``content/`` (the fact sheets), MkDocs' ``docs_dir``
(hand-written pages; default ``docs``), the theme's ``custom_dir`` and the git repository that
holds it (``.git``, looked up from the project upwards). Read without MkDocs, which only the hook
imports: ``mkdocs.yml``'s own tags (``!ENV``, ``!!python/name:``) are read as empty values.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from generator.characters import line_problems
from generator.problems import Problem, sort_problems

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


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def unsafe_files(project: Path, config_file: Path | None = None) -> list[Problem]:
    """One located error for every symbolic link and every entry that is neither a regular file
    nor a folder (pipe, socket, device) under MkDocs' ``docs_dir`` and the theme's ``custom_dir``
    (themselves included), in path order. MkDocs would follow a link and publish what it points
    to (``../../.git/config``, ``/proc/self/environ``, a whole folder, or loop on itself) and
    would hang reading a pipe. Nothing is followed or read. Paths are shown relative to
    ``project``.
    """
    project = project.resolve()
    config = _config(config_file or project / CONFIG)
    roots = [project / str(config.get("docs_dir") or "docs")]
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        roots.append(project / str(theme["custom_dir"]))
    problems: list[Problem] = []

    def check(path: Path) -> bool:
        """Report ``path`` if unsafe; True when it is a real folder to walk into."""
        shown = _shown(path, project)
        try:
            mode = path.lstat().st_mode
        except OSError as exc:
            problems.append(Problem(shown, 0, 0, f"cannot be read ({exc.strerror})",
                                    "fix its permissions or remove it"))
            return False
        if stat.S_ISLNK(mode):
            problems.append(Problem(shown, 0, 0, f"is a symbolic link (to {os.readlink(path)!r}); the site "
                                    "would publish whatever it points to",
                                    "replace it with a copy of what is meant to be public"))
        elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            problems.append(Problem(shown, 0, 0, f"is {_kind(mode)}, not a file the site can publish",
                                    "remove it"))
        return stat.S_ISDIR(mode)

    for root in roots:
        if not os.path.lexists(root) or not check(root):
            continue
        for folder, dirs, files in os.walk(root, onerror=lambda exc: check(Path(str(exc.filename)))):
            dirs.sort()
            for name in sorted(files):
                check(Path(folder) / name)
            dirs[:] = [name for name in dirs if check(Path(folder) / name)]
    return sort_problems(problems)


#: Front-matter keys only generated pages may carry: the theme prints them into ``<head>`` as
#: trusted (``jsonld`` as a ``<script>``). Add any such key the theme gains here.
GENERATED_ONLY_KEYS = frozenset({"jsonld"})
#: :attr:`Problem.kind <generator.problems.Problem.kind>` of such a key on a hand-written page
#: (the theme ignores it there: ``make serve`` can keep previewing).
GENERATED_ONLY = "generated-only-key"
# MkDocs' own front-matter rules (mkdocs/utils/meta.py): a YAML block between --- lines, or
# else MultiMarkdown ``key: value`` lines (keys lowercased) up to the first blank line.
_YAML_META = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_MMD_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):")
_MMD_MORE = re.compile(r"^([ ]{4}|\t)")


def _meta_keys(text: str) -> list[tuple[int, str]]:
    """``[(line, key)]`` of the front matter MkDocs would read from the page ``text``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if match := _YAML_META.match(text):
        try:
            data = yaml.load(match.group(1), Loader=_ConfigLoader)
        except yaml.YAMLError:
            return []
        if not isinstance(data, dict):
            return []
        lines = match.group(1).split("\n")
        found = []
        for key in data:
            at = re.compile(rf"""\s*['"]?{re.escape(str(key))}""")
            line = next((n for n, row in enumerate(lines, 2) if at.match(row)), 1)
            found.append((line, str(key)))
        return found
    found = []
    for number, row in enumerate(text.split("\n"), 1):
        if not row.strip():
            break
        if key := _MMD_KEY.match(row):
            found.append((number, key.group("key").lower()))
        elif not (found and _MMD_MORE.match(row)):
            break
    return found


def _shown(path: Path, project: Path) -> str:
    """``path`` as problems show it: relative to ``project`` when inside it."""
    return path.relative_to(project).as_posix() if path.is_relative_to(project) else str(path)


def _handwritten_pages(project: Path, config_file: Path | None) -> list[Path]:
    """The regular Markdown files under ``docs_dir`` (symlinks and special files skipped: see
    :func:`unsafe_files`)."""
    config = _config(config_file or project / CONFIG)
    docs = project / str(config.get("docs_dir") or "docs")
    found = sorted(docs.rglob("*.md")) if docs.is_dir() and not docs.is_symlink() else []
    return [path for path in found if not path.is_symlink() and path.is_file()]


#: Hand-written pages' front-matter keys whose value must be text (the theme prints them).
_TEXT_KEYS = ("title", "description")


def _front_matter_problems(text: str, shown: str) -> list[Problem]:
    """Located errors in the YAML front matter of a hand-written page's ``text``: YAML MkDocs
    would silently publish as page text, ``template`` (a page picks no theme template), and keys
    of the wrong type (``title``/``description`` text, ``hide`` a list of names)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _YAML_META.match(text)
    if not match:
        return []
    try:
        data = yaml.load(match.group(1), Loader=_ConfigLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 2, mark.column + 1) if mark is not None else (2, 1)
        what = getattr(exc, "problem", None) or "not valid YAML"
        return [Problem(shown, line, col, f"the front matter is not valid YAML ({what}); MkDocs would publish it "
                        "as page text", "fix the YAML between the --- lines")]
    if data is None:
        return []
    if not isinstance(data, dict):
        return [Problem(shown, 2, 1, "the front matter is not a mapping of keys to values",
                        "write `key: value` lines between the --- lines")]
    lines = {key: line for line, key in _meta_keys(text)}
    problems = []
    for key, value in data.items():
        line = lines.get(str(key), 1)
        if key == "template":
            problems.append(Problem(shown, line, 1, "front matter key 'template' is not allowed on a hand-written page",
                                    "remove it: hand-written pages use the theme's page template"))
        elif key in _TEXT_KEYS and not isinstance(value, str):
            problems.append(Problem(shown, line, 1,
                                    f"front matter key '{key}' must be text, not {type(value).__name__}",
                                    f"write it as `{key}: some text`"))
        elif key == "hide" and not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
            problems.append(Problem(shown, line, 1, "front matter key 'hide' must be a list of names",
                                    "write it as `hide: [navigation, toc]`, or remove it"))
    return problems


def handwritten_meta_problems(project: Path, config_file: Path | None = None) -> list[Problem]:
    """Located errors in the front matter of each Markdown page under ``docs_dir`` (hand-written
    pages): a key of :data:`GENERATED_ONLY_KEYS` (JSON-LD printed from one would be script that no
    generator check has seen), and the problems of :func:`_front_matter_problems`. Symlinks and
    special files are skipped (see :func:`unsafe_files`); an unreadable page is reported by
    :func:`handwritten_text_problems`.
    """
    project = project.resolve()
    problems = []
    for path in _handwritten_pages(project, config_file):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        shown = _shown(path, project)
        for line, key in _meta_keys(text):
            if key.lower() == "template" and not _YAML_META.match(text.removeprefix("\ufeff")):
                problems.append(Problem(shown, line, 1, "front matter key 'template' is not allowed on a "
                                        "hand-written page",
                                        "remove it: hand-written pages use the theme's page template"))
            if key.lower() in GENERATED_ONLY_KEYS:
                problems.append(Problem(shown, line, 1,
                                        f"front matter key '{key}' is only for generated pages",
                                        "remove it: the generator writes the structured data of its own pages",
                                        kind=GENERATED_ONLY))
        problems += _front_matter_problems(text.removeprefix("\ufeff"), shown)
    return problems


def handwritten_text_problems(project: Path, config_file: Path | None = None) -> list[Problem]:
    """The character rules of YAML text and the article (:func:`generator.characters.line_problems`)
    for each Markdown page under ``docs_dir``: a heading ending in an open right-to-left override
    would mirror the nav labels after it and reach ``<title>``. A page that is not UTF-8 text is
    an error at its first bad byte. Symlinks and special files are skipped (see :func:`unsafe_files`)."""
    project = project.resolve()
    problems = []
    for path in _handwritten_pages(project, config_file):
        shown = _shown(path, project)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(shown, 0, 0, f"cannot be read ({exc.strerror})",
                                    "fix its permissions or remove it"))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[:exc.start]
            line = before.count(b"\n") + 1
            col = len(before) - (before.rfind(b"\n") + 1) + 1
            problems.append(Problem(shown, line, col, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                                    "save the page as UTF-8"))
            continue
        problems += line_problems(text, shown, "the page", invisible_too=True)
    return problems


def shadowed_theme_files(project: Path, config_file: Path | None = None) -> list[Problem]:
    """A located error for each file under ``docs_dir`` with the path of a file of the theme's
    ``custom_dir`` (``assets/explainer.css``): MkDocs would publish it instead of the theme's."""
    project = project.resolve()
    config = _config(config_file or project / CONFIG)
    docs = project / str(config.get("docs_dir") or "docs")
    theme = config.get("theme")
    custom = project / str(theme["custom_dir"]) if isinstance(theme, dict) and theme.get("custom_dir") else None
    if custom is None or not docs.is_dir() or docs.is_symlink() or not custom.is_dir():
        return []
    problems = []
    for path in sorted(docs.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        twin = custom / path.relative_to(docs)
        if twin.is_file():
            problems.append(Problem(_shown(path, project), 1, 1,
                                    f"has the path of the theme's {_shown(twin, project)}, which the site would "
                                    "silently replace with it", "rename or move the hand-written file"))
    return problems


def page_problems(project: Path, config_file: Path | None = None) -> list[Problem]:
    """Every problem of the files MkDocs would publish from ``docs_dir`` and ``custom_dir``:
    :func:`unsafe_files`, :func:`handwritten_meta_problems` and :func:`handwritten_text_problems`,
    in path order."""
    return sort_problems([*unsafe_files(project, config_file), *handwritten_meta_problems(project, config_file),
                          *handwritten_text_problems(project, config_file),
                          *shadowed_theme_files(project, config_file)])
