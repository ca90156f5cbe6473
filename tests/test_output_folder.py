"""No command writes into, moves or deletes a project's own folders (issue 9, point 1).

``generator build --site-dir``, ``render --out``, ``schema --out`` and ``mkdocs build
--site-dir`` (through the hook) refuse, with exit status 2 (MkDocs: 1) and one line, an output
folder that is or contains the project, or is, contains or sits inside ``content/``,
``docs_dir``, ``custom_dir`` or ``.git``, also through a symlink; afterwards every file of the
scratch project and of the folder around it has the same bytes, inode, mode and mtime.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import generator, make_project, mkdocs_build, run

from generator.schema import json_schemas


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under ``root`` (symlinks not followed): kind, bytes or target, inode, mode, mtime."""
    found: dict[str, tuple[object, ...]] = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = path.lstat()
            if path.is_symlink():
                content: object = ("link", os.readlink(path))
            elif path.is_dir():
                content = ("dir",)
            else:
                content = ("file", path.read_bytes())
            found[path.relative_to(root).as_posix()] = (content, info.st_ino, info.st_mode, info.st_mtime_ns)
    return found


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project that is a git repository, inside a folder of its own, with a symlink to content/."""
    project = make_project(tmp_path_factory.mktemp("around") / "project")
    result = run(["git", "init", "-q", "."], project)
    assert result.returncode == 0, result.stderr
    (project / "content" / "schemas").mkdir()
    (project / "content-link").symlink_to(project / "content", target_is_directory=True)
    return project


#: (output folder as typed, relative to the project; what the one line names)
PROTECTED = [
    (".", "it is the project"),
    ("..", "it contains the project"),
    ("{root}", "it is the project"),
    ("content", "it is the content folder"),
    ("content/pages", "it is docs_dir"),
    ("content/pages/new", "it is inside docs_dir"),
    ("content/sources", "it is inside the content folder"),
    ("content-link", "it is the content folder"),
    ("content-link/pages", "it is docs_dir"),
    ("theme_overrides", "it is custom_dir"),
    ("theme_overrides/partials", "it is inside custom_dir"),
    (".git", "it is .git"),
    (".git/objects", "it is inside .git"),
]
COMMANDS = {"build": "--site-dir", "render": "--out", "schema": "--out"}


#: schema writes into content/schemas by design: a folder inside content/ (not docs_dir) is its place.
CASES = [(command, folder, reason) for command in sorted(COMMANDS) for folder, reason in PROTECTED
         if not (command == "schema" and reason == "it is inside the content folder")]


@pytest.mark.parametrize(("command", "folder", "reason"), CASES, ids=[f"{c} {f}" for c, f, _ in CASES])
def test_commands_refuse_project_folders_and_touch_nothing(repo: Path, command: str, folder: str,
                                                         reason: str) -> None:
    out = folder.format(root=repo)
    around = repo.parent
    before = snapshot(around)
    result = generator(command, COMMANDS[command], out, cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: refusing output folder {out}: {reason} ("), lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(around) == before


def test_schema_writes_into_content_schemas_but_never_over_a_foreign_file(repo: Path) -> None:
    """``schema`` keeps its home in content/schemas, and refuses to overwrite a file it did not write."""
    schemas = repo / "content" / "schemas"
    result = generator("schema", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert len(list(schemas.glob("*.schema.json"))) == len(json_schemas())  # one per content file
    result = generator("schema", cwd=repo)  # its own files: rewritten
    assert result.returncode == 0, result.stderr
    (schemas / "actors.schema.json").write_text('{"mine": true}\n', encoding="utf-8")
    before = snapshot(repo)
    result = generator("schema", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: content/schemas/actors.schema.json exists and is not a schema this command wrote; "
        "nothing was changed: move it away or choose another folder"]
    assert snapshot(repo) == before


# (MkDocs itself refuses a site_dir that contains docs_dir or sits inside it.)
@pytest.mark.parametrize("folder", ["theme_overrides", "theme_overrides/partials", "content/sources", ".git/x"])
def test_mkdocs_build_refuses_project_folders_through_the_hook(repo: Path, folder: str) -> None:
    """``mkdocs build --site-dir`` would empty the folder: the hook stops it before MkDocs cleans it."""
    before = snapshot(repo.parent)
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", folder], repo)
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert f"refusing output folder {repo / folder}" in output, output
    assert "Traceback" not in output
    assert snapshot(repo.parent) == before


def test_a_folder_of_its_own_is_accepted(tmp_path: Path) -> None:
    """The checks leave the ordinary places alone: a new folder in the project, a folder elsewhere."""
    project = make_project(tmp_path / "project")
    for out in ("site-md", str(tmp_path / "rendered")):
        result = generator("render", "--out", out, cwd=project)
        assert result.returncode == 0, result.stderr
        assert (project / out / "index.md").is_file()


@pytest.mark.parametrize(("folder", "reason"), [("theme_overrides/new", "it is inside custom_dir"),
                                                (".git/new", "it is inside .git"),
                                                ("content/new", "it is inside the content folder")])
def test_new_project_never_goes_inside_a_project_folder(repo: Path, folder: str, reason: str) -> None:
    before = snapshot(repo.parent)
    source = repo / "content" / "sources" / "kerry-putin-sochi-2015-05-12.txt"
    result = generator("new", folder, "--source", str(source), cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"error: refusing output folder {folder}: {reason} ("), result.stderr
    assert snapshot(repo.parent) == before


@pytest.mark.parametrize("folder", ["code", "{tmp}/x"])
def test_mkdocs_build_refuses_a_folder_with_files_it_did_not_write(tmp_path: Path, folder: str) -> None:
    """Plain ``mkdocs build --site-dir DIR`` empties DIR: the hook refuses, as ``generator build``
    does, a folder holding anything the manifest does not list (a code folder, a stray note)."""
    project = make_project(tmp_path / "project")
    target = Path(folder.format(tmp=tmp_path)) if "{tmp}" in folder else project / folder
    target.mkdir(exist_ok=True)
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = mkdocs_build(project, target)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"{target / 'notes.txt'} was not written by the generator" in output, output
    assert "Traceback" not in output
    assert snapshot(tmp_path) == before


def test_mkdocs_build_twice_into_its_own_folder_then_clean(tmp_path: Path) -> None:
    """The hook records what ``mkdocs build`` wrote, so a second build and ``generator clean`` accept it."""
    project = make_project(tmp_path / "project")
    for _ in range(2):
        result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "out"], project)
        assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "out" / "index.html").is_file()
    result = generator("clean", "--site-dir", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (project / "out").exists()
    assert not (project / ".out.explainer-manifest").exists()
