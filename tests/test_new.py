"""``python -m generator new``: the next story in ten minutes.

The README's "Start a new explainer" commands are followed literally in a temporary folder (the
new project installs the generator from this checkout, as its requirements.txt says, and runs
its own ``make site`` and ``make test``); ``new`` refuses every folder it could damage and every
article it cannot read; the new fact sheets show an example of every field the models have.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shlex
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, generator, run
from pydantic import BaseModel

from generator.scaffold import PROJECT_FILES, _item_model, _project_files, commented_example
from generator.schema import FILES

ARTICLE = ROOT / "tests" / "fixtures" / "mini" / "sources" / "article.txt"


def readme_commands() -> list[str]:
    """The shell lines of the README's "Start a new explainer" section, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Start a new explainer", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the README's 'Start a new explainer' section has no sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


@pytest.mark.slow
def test_readme_start_a_new_explainer_works_as_written(tmp_path: Path) -> None:
    """Run the README's commands one by one: `new` (with a temporary folder and a fixture article in
    place of ../my-explainer and ~/article.txt), `cd`, `make site`, `make test`. Both make commands
    pass in the new project, which then has a built site of the new story."""
    commands = readme_commands()
    assert [c.split()[:2] for c in commands[1:]] == [["cd", "../my-explainer"], ["make", "site"], ["make", "test"]]
    target = tmp_path / "my-explainer"
    cwd = ROOT
    for line in commands:
        words = [ARTICLE.as_posix() if w == "~/article.txt" else target.as_posix() if w == "../my-explainer" else w
                 for w in shlex.split(line)]
        if words[0] == "cd":
            cwd = Path(words[1])
            continue
        if words[0] == ".venv/bin/python":
            words[0] = sys.executable  # this checkout's .venv (or whatever runs the tests)
        result = run(words, cwd, PIP_DISABLE_PIP_VERSION_CHECK="1")
        assert result.returncode == 0, f"{line}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert cwd == target
    home = (target / "site" / "index.html").read_text(encoding="utf-8")
    assert "Harbour deal signed" in home
    assert "Kerry" not in home


def test_new_writes_a_complete_project(tmp_path: Path) -> None:
    """The new project's files, its article byte for byte with its sha256 in story.yaml, a modeline
    in every fact sheet, and `generator check` passing on its content with no warning."""
    target = tmp_path / "story"
    result = generator("new", str(target), "--source", str(ARTICLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("mkdocs.yml", "Makefile", "requirements.txt", ".ci/run", ".github/workflows/pages.yml",
                 "hooks/explainer.py", "content/pages/about.md", "theme_overrides/main.html", "README.md",
                 "content/sources/article.txt", *(f"content/schemas/{n.removesuffix('.yaml')}.schema.json"
                                                  for n in FILES)):
        assert (target / name).is_file(), name
    assert (target / "content" / "sources" / "article.txt").read_bytes() == ARTICLE.read_bytes()
    story = (target / "content" / "story.yaml").read_text(encoding="utf-8")
    assert f"sha256: {hashlib.sha256(ARTICLE.read_bytes()).hexdigest()}" in story
    for name in FILES:
        first = (target / "content" / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schemas/{name.removesuffix('.yaml')}.schema.json"
    assert os.access(target / ".ci" / "run", os.X_OK)
    # The checkout whose generator ran (ROOT, or the one installed in the venv when the suite runs
    # in a copy of the project, as make test-any-story does).
    ran = run([sys.executable, "-c", "import generator, pathlib; "
               "print(pathlib.Path(generator.__file__).resolve().parent.parent.as_uri())"], tmp_path)
    assert ran.returncode == 0, ran.stderr
    requirement = (target / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert requirement == f"explainer @ {ran.stdout.strip()}"
    check = generator("check", cwd=target)
    assert check.returncode == 0 and "warning" not in check.stderr.lower(), check.stderr


def test_check_lists_every_placeholder_of_a_new_project_as_a_to_do(tmp_path: Path) -> None:
    """A new project passes `generator check` (exit 0, as issue 14 wants), but every TODO placeholder
    still in its content is a located to-do line, like the uncited sentences; its README says they must
    go before publishing; once replaced, the list is gone. Its pages count in the singular ("1 actor")."""
    target = tmp_path / "story"
    assert generator("new", str(target), "--source", str(ARTICLE), cwd=tmp_path).returncode == 0
    marks = [(f"content/{path.name}", number, line.index("TODO") + 1)
             for path in sorted((target / "content").glob("*.yaml"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "TODO" in line]
    assert len(marks) >= 8, marks  # the story's standfirst, summary, dateline and place, an actor, an issue
    check = generator("check", cwd=target)
    assert check.returncode == 0, check.stderr
    todo = [line for line in check.stdout.splitlines() if ": to do: replace the placeholder “TODO" in line]
    assert [tuple(line.split(":")[:3]) for line in todo] == [(f, str(n), str(c)) for f, n, c in marks], check.stdout
    assert "content/story.yaml" in check.stdout and "“TODO: where it happened”" in check.stdout, check.stdout
    assert f"to do: {len(marks)} placeholders from `generator new`" in check.stdout, check.stdout
    assert "1 actor, 1 issue, 0 quotes, 0 events" in check.stdout, check.stdout
    assert "must be replaced before you publish" in " ".join((target / "README.md").read_text().split())

    for path in (target / "content").glob("*.yaml"):
        path.write_text(re.sub(r"TODO: ?", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    check = generator("check", cwd=target)
    assert check.returncode == 0 and "placeholder" not in check.stdout, check.stdout + check.stderr

    out = tmp_path / "pages"
    assert generator("render", "--out", str(out), cwd=target).returncode == 0
    home = (out / "index.md").read_text(encoding="utf-8")
    # its one actor is the publisher, a credit (on About): no "Who’s who" link to an empty list
    assert "Who’s who:" not in home and "0 actors" not in home and "0 quotes]" in home, home


def test_generator_requirement_is_written_as_given(tmp_path: Path) -> None:
    """--generator puts that pip requirement in requirements.txt (how CI installs a pinned generator)."""
    spec = "explainer @ git+https://github.com/example/explainer@0123456789abcdef0123456789abcdef01234567"
    result = generator("new", str(tmp_path / "s"), "--source", str(ARTICLE), "--generator", spec, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == spec


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.mark.parametrize("make", ["non-empty", "file", "symlink", "hidden-file"])
def test_new_refuses_a_folder_it_could_damage(tmp_path: Path, make: str) -> None:
    """An existing non-empty folder (a hidden file counts), a file, or a symlink: exit 2, one line, nothing changed."""
    target = tmp_path / "target"
    if make in {"non-empty", "hidden-file"}:
        target.mkdir()
        (target / (".notes" if make == "hidden-file" else "notes.md")).write_text("mine\n", encoding="utf-8")
    elif make == "file":
        target.write_text("mine\n", encoding="utf-8")
    else:
        (tmp_path / "elsewhere").mkdir()
        target.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    before = _snapshot(tmp_path)
    result = generator("new", str(target), "--source", str(ARTICLE), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(tmp_path) == before
    assert not (tmp_path / "elsewhere").exists() or list((tmp_path / "elsewhere").iterdir()) == []


def test_new_accepts_an_empty_folder(tmp_path: Path) -> None:
    """An existing empty folder is fine (a fresh `git clone` of an empty repository)."""
    (tmp_path / "empty").mkdir()
    result = generator("new", str(tmp_path / "empty"), "--source", str(ARTICLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "empty" / "content" / "story.yaml").is_file()


@pytest.mark.parametrize(("article", "message"), [
    (None, "not a regular file"),
    (b"\xff\xfe not utf-8 \xe9\n", "not UTF-8 text"),
    (b"", "the file is empty"),
    (b"Same.\nSame.\n", "no sentence that occurs only once"),
])
def test_new_refuses_an_article_it_cannot_read(tmp_path: Path, article: bytes | None, message: str) -> None:
    """A missing, non-UTF-8, empty or self-repeating article: exit 2 with why, and no folder made."""
    source = tmp_path / "article.txt"
    if article is not None:
        source.write_bytes(article)
    result = generator("new", str(tmp_path / "story"), "--source", str(source), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "story").exists()


def _fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    out = set()
    for name, info in model.model_fields.items():
        out.add(prefix + name)
        for inner in _models_in(info.annotation):
            out |= _fields(inner, f"{prefix}{name}.")
    return out


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds at any depth (``Annotated[list[Point], …] | None`` → ``[Point]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in getattr(annotation, "__args__", ()) for model in _models_in(arg)]


def _example_keys(text: str) -> set[str]:
    """Dotted keys of a commented YAML example (indentation gives the nesting)."""
    keys: set[str] = set()
    stack: list[tuple[int, str]] = []
    for line in text.splitlines():
        body = line.removeprefix("# ")
        if body.lstrip().startswith("#") or ":" not in body:
            continue
        stripped = body.lstrip()
        indent = len(body) - len(stripped)
        if stripped.startswith("- "):
            stripped, indent = stripped[2:], indent + 2
        key = stripped.split(":", 1)[0]
        while stack and stack[-1][0] >= indent:
            stack.pop()
        keys.add(".".join([k for _, k in stack] + [key]))
        stack.append((indent, key))
    return keys


@pytest.mark.parametrize("content_file", list(FILES))
def test_commented_examples_show_every_field(content_file: str) -> None:
    """Each fact sheet's commented example names every field of its model (nested ones too), each with
    its description, so a field added to the models shows up in new projects by itself."""
    model = FILES[content_file] if content_file == "story.yaml" else _item_model(content_file)
    example = commented_example(model, None)
    assert _example_keys(example) == _fields(model)
    described = [line for line in example.splitlines() if re.match(r"#\s+# \((required|optional)\) ", line)]
    assert len(described) == len(_fields(model))


def test_new_project_files_follow_this_checkout() -> None:
    """mkdocs.yml, the workflow and .ci/run are this checkout's, adapted: the hook from the installed
    package, the dependency file requirements.txt; nothing points into the generator's source."""
    files = _project_files("Headline", "a.txt", "explainer @ file:///x")
    assert "  - hooks/explainer.py" in files["mkdocs.yml"] and "generator/mkdocs_hook.py" not in files["mkdocs.yml"]
    assert "\n  - generator\n" not in files["mkdocs.yml"]
    assert "requirements.lock" not in files[".github/workflows/pages.yml"]
    assert "make test" in files[".ci/run"]


@pytest.mark.parametrize("spec", ["explainer\n-e /etc", "explainer\r--index-url http://x", "explainer\x1b[2J", "  "])
def test_new_refuses_a_generator_requirement_that_is_not_one_line(tmp_path: Path, spec: str) -> None:
    """``--generator`` goes into requirements.txt as one line: a newline would smuggle in a second."""
    result = generator("new", str(tmp_path / "s"), "--source", str(ARTICLE), "--generator", spec, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.splitlines()) == 1 and "one pip requirement on one line" in result.stderr
    assert not (tmp_path / "s").exists()


def _repository_files(name: str) -> dict[str, bytes]:
    """One of PROJECT_FILES as it is in this checkout: ``path`` → bytes (a folder: every file in it)."""
    path = ROOT / name
    paths = [path] if path.is_file() else sorted(p for p in path.rglob("*")
                                                  if p.is_file() and "__pycache__" not in p.parts)
    return {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in paths}


def test_setup_py_packages_what_new_copies() -> None:
    """setup.py's build step packages exactly the files scaffold.py reads (one list, checked here)."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    listed = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == "PROJECT_FILES" for t in node.targets))
    assert tuple(listed) == PROJECT_FILES


@pytest.mark.slow
def test_new_works_from_an_installed_wheel(tmp_path: Path) -> None:
    """No source checkout: build a wheel from a copy of this one, check that it carries mkdocs.yml, the
    theme, .ci/run and the workflow byte for byte as the repository has them, install it into a fresh
    virtual environment, run `explainer new` in a folder outside any checkout, then the new project's
    `make site`, which installs the generator from the requirement `new` wrote (that wheel, with its
    sha256) and builds the new story's site."""
    source = tmp_path / "checkout"
    shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "setup.py", "README.md", *PROJECT_FILES):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path / "dist"
    built = run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                 "--wheel-dir", str(dist), str(source)], tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("explainer-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packaged = {name.removeprefix("generator/project_files/"): archive.read(name)
                    for name in archive.namelist() if name.startswith("generator/project_files/")}
    expected = {k: v for name in PROJECT_FILES for k, v in _repository_files(name).items()}
    assert packaged == expected

    venv = tmp_path / "venv"
    created = run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    assert created.returncode == 0, created.stderr
    installed = run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run([str(venv / "bin" / "python"), "-c", "import generator; print(generator.__file__)"], elsewhere)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr

    result = run([str(venv / "bin" / "explainer"), "new", "my-explainer", "--source", str(ARTICLE)], elsewhere)
    assert result.returncode == 0, result.stderr
    project = elsewhere / "my-explainer"
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    requirement = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert requirement == f"explainer @ {wheel.as_uri()}#sha256={digest}"
    theme = "theme_overrides/main.html"
    assert (project / theme).read_bytes() == (ROOT / theme).read_bytes()
    site = run(["make", "site"], project, PIP_DISABLE_PIP_VERSION_CHECK="1")
    assert site.returncode == 0, f"{site.stdout[-3000:]}\n{site.stderr[-3000:]}"
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Harbour deal signed" in home and "Kerry" not in home


class _Dist:
    def __init__(self, direct_url: str | None) -> None:
        self.direct_url, self.version = direct_url, "0.1.0"

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return self.direct_url


@pytest.mark.parametrize(("direct_url", "expected"), [
    (None, "explainer==0.1.0"),
    ('{"url": "file:///w/explainer-0.1.0-py3-none-any.whl", "archive_info": {"hashes": {"sha256": "ab12"}}}',
     "explainer @ file:///w/explainer-0.1.0-py3-none-any.whl#sha256=ab12"),
    ('{"url": "https://github.com/o/explainer", "vcs_info": {"vcs": "git", "commit_id": "0123abc"}}',
     "explainer @ git+https://github.com/o/explainer@0123abc"),
    ('{"url": "file:///w/explainer", "dir_info": {}}', "explainer @ file:///w/explainer"),
])
def test_default_requirement_is_where_an_installed_generator_came_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct_url: str | None, expected: str) -> None:
    """Outside a source checkout, the new project's requirements.txt names what pip recorded (PEP 610)."""
    from generator import scaffold
    monkeypatch.setattr(scaffold, "CHECKOUT", tmp_path)
    monkeypatch.setattr(scaffold.metadata, "distribution", lambda name: _Dist(direct_url))
    assert scaffold.default_requirement() == expected


def test_new_without_its_project_files_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken installation (neither package data nor a checkout): a ScaffoldError naming what is missing."""
    from generator import scaffold
    monkeypatch.setattr(scaffold, "CHECKOUT", tmp_path)
    with pytest.raises(scaffold.ScaffoldError, match=r"lacks its project files \(mkdocs.yml, .ci/run"):
        scaffold.project_files_root()
