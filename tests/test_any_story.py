"""A generator, not one site: the project works, and its tests pass, whatever story ``content/`` holds.

* The site's name, description and the About page's words about the story come from
  ``story.yaml`` (built here from the small ``mini`` fixture story, which names nobody from the
  first story).
* Only tests/test_content.py and tests/test_schema_export.py read ``content/`` (a static check of
  every test module), and those two pass, and the site builds strictly, in a copy of the project
  whose ``content/`` is the ``mini`` story. Together these say the whole suite passes with
  another story, at the cost of two test modules and one build; ``make test-any-story`` runs
  the whole suite in such a copy (as long as ``make test`` itself, so not part of it).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ENV, ROOT, BuiltSite, generator, make_project, mkdocs_build

from generator.render import STORY_MARKER, fill_story
from generator.schema import Story
from generator.validate import validate
from generator.yamlsource import load_yaml

MINI = ROOT / "tests" / "fixtures" / "mini"
#: The test modules that may read the editors' story in content/, each for a check that holds
#: for any valid story.
READS_CONTENT = {"test_content.py", "test_schema_export.py"}
#: Words of the first story that must not appear on another story's pages.
FIRST_STORY = ("Kerry", "Putin", "Sochi")


def mini_story() -> Story:
    doc, problems = load_yaml(MINI / "story.yaml", "story.yaml")
    assert doc is not None and problems == []
    story, found = validate(doc, Story)
    assert story is not None, found
    return story


# --------------------------------------------------------------------------- name, description, About


@pytest.mark.slow
def test_site_name_description_and_about_come_from_story_yaml(tmp_path: Path) -> None:
    """With the mini story as content/ (no site_name, site_description or about in its story.yaml),
    every page's <title>, header and meta description, and the About page's first paragraph, are
    made from its headline, standfirst, place and dateline; nothing names the first story."""
    project = make_project(tmp_path / "project", MINI)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = BuiltSite(tmp_path / "site")
    story = mini_story()
    assert story.site_name is None and story.site_description is None and story.about is None
    for page in ("index.html", "about/index.html", "actors/index.html", "source/index.html"):
        soup = site.soup(page)
        assert soup.title is not None and soup.title.get_text().endswith("Harbour deal signed: an explainer"), page
        meta = soup.find("meta", attrs={"name": "description"})
        assert meta is not None and meta["content"] == "The mayor of Port Vale signed the harbour deal.", page
        header = soup.select_one(".md-header__topic .md-ellipsis")
        assert header is not None and header.get_text(strip=True) == "Harbour deal signed: an explainer", page
    about = site.soup("about/index.html")
    article = about.find("article")
    assert article is not None
    paragraphs = [p.get_text(" ", strip=True) for p in article.find_all("p")]
    assert paragraphs[0] == ("This site explains one news story, “Harbour deal signed” (Port Vale, 2 March 2020), "
                             "as reported in one article."), paragraphs[:2]
    assert STORY_MARKER not in (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    for path in (tmp_path / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not [word for word in FIRST_STORY if word in text], path


@pytest.mark.slow
def test_story_yaml_sets_the_name_description_and_about_text(project: Path, tmp_path: Path) -> None:
    """An editor's site_name, site_description and about in story.yaml reach the built pages as text:
    Material prints site_name unescaped in places, so markup in it must show as written, never act."""
    story = project / "content" / "story.yaml"
    text = story.read_text(encoding="utf-8")
    start = text.index("site_name:")
    end = text.index("evidence:", start)
    story.write_text(text[:start] + 'site_name: "Talks <b>in</b> Sochi"\n'
                     'site_description: "Two diplomats & one resort."\n'
                     'about: "An explainer on *one* meeting <script>alert(1)</script>."\n' + text[end:],
                     encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = BuiltSite(tmp_path / "site")
    about = site.soup("about/index.html")
    assert about.title is not None and about.title.get_text() == "About - Talks <b>in</b> Sochi"
    header = about.select_one(".md-header__topic .md-ellipsis")
    assert header is not None and header.get_text(strip=True) == "Talks <b>in</b> Sochi" and not header.find("b")
    logo = about.select_one("a.md-logo")
    assert logo is not None and logo["aria-label"] == logo["title"] == "Talks <b>in</b> Sochi"
    meta = about.find("meta", attrs={"name": "description"})
    assert meta is not None and meta["content"] == "Two diplomats & one resort."
    article = about.find("article")
    assert article is not None
    first = article.find("p")
    assert first is not None and first.get_text() == "An explainer on *one* meeting <script>alert(1)</script>."
    assert article.find("script") is None and first.find("em") is None


def test_fill_story_replaces_only_the_marker_line() -> None:
    """The marker line becomes the story paragraph; other lines, and pages without it, stay as written."""
    story = mini_story()
    page = f"# About\n\n{STORY_MARKER}\r\n\nMore `{STORY_MARKER}` text.\n"
    filled = fill_story(page, story)
    assert filled == ("# About\n\nThis site explains one news story, “Harbour deal signed” (Port Vale, 2 March 2020), "
                      f"as reported in one article.\r\n\nMore `{STORY_MARKER}` text.\n")
    assert fill_story("# About\n\nNo marker.\n", story) == "# About\n\nNo marker.\n"


# --------------------------------------------------------------------------- the tests need no particular story


def _reads_content(module: ast.Module) -> list[str]:
    """Where a test module names the editors' story: ``EDITOR_CONTENT``, ``ROOT / "content…"``, or a
    build or ``generator`` command run in the real project (which reads its content/)."""
    found = []
    for node in ast.walk(module):
        if isinstance(node, ast.Name) and node.id == "EDITOR_CONTENT":
            found.append(f"line {node.lineno}: EDITOR_CONTENT")
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.left, ast.Name)
              and node.left.id == "ROOT" and isinstance(node.right, ast.Constant)
              and str(node.right.value).startswith("content")):
            found.append(f"line {node.lineno}: ROOT / {node.right.value!r}")
        elif isinstance(node, ast.Call):
            in_root = any(isinstance(a, ast.Name) and a.id == "ROOT" for a in node.args) or any(
                k.arg == "cwd" and isinstance(k.value, ast.Name) and k.value.id == "ROOT" for k in node.keywords)
            words = {c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            runs = ("mkdocs" in words or {"-m", "generator"} <= words
                    or ("make" in words and "-n" not in words and bool(words & {"site", "test", "check", "serve"})))
            if in_root and (name in {"generator", "mkdocs_build"} or runs):
                found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_only_the_declared_tests_read_content() -> None:
    """No test module other than those in READS_CONTENT reads content/ or builds the real project."""
    offenders = {}
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        if path.name in READS_CONTENT or path.name == Path(__file__).name:
            continue
        found = _reads_content(ast.parse(path.read_text(encoding="utf-8")))
        if found:
            offenders[path.name] = found
    assert offenders == {}, "these tests depend on the story in content/; build a fixture story instead"


def test_the_check_for_content_readers_can_fail() -> None:
    """The static check above recognises each way a test could read content/."""
    for source in ('x = EDITOR_CONTENT / "story.yaml"', 'x = ROOT / "content" / "actors.yaml"',
                   'generator("check", cwd=ROOT)', 'run([sys.executable, "-m", "mkdocs", "build"], ROOT)',
                   'run(["make", "test"], cwd=ROOT)', 'run([sys.executable, "-m", "generator", "render"], ROOT)'):
        assert _reads_content(ast.parse(source)), source
    harmless = 'run(["make", "-n", "check"], ROOT)\ngenerator("check", cwd=project)\nrun(["ruff", "generator"], ROOT)'
    assert _reads_content(ast.parse(harmless)) == []


def copy_with_story(root: Path, story: Path) -> Path:
    """A copy of the project's own files (no .venv, site/, .git or caches) with ``story`` as content/,
    its JSON Schemas exported as an editor would (``make schema``)."""
    shutil.copytree(ROOT, root, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", "site", ".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "*.egg-info"))
    shutil.rmtree(root / "content")
    shutil.copytree(story, root / "content")
    result = generator("schema", "--out", "content/schemas", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.slow
def test_content_tests_and_the_build_pass_with_another_story(tmp_path: Path) -> None:
    """In a copy of the project whose content/ is the mini story, the tests that read content/ pass
    and ``mkdocs build --strict`` succeeds (with the static check above: the whole suite holds)."""
    copy = copy_with_story(tmp_path / "copy", MINI)
    everything = os.environ.get("EXPLAINER_TEST_ANY_STORY") == "all"  # make test-any-story
    tests = ["tests"] if everything else sorted(f"tests/{name}" for name in READS_CONTENT)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests]
    # The whole suite takes as long as `make test` (half an hour on two busy cores): no 300 s limit then.
    result = subprocess.run(command, cwd=copy, capture_output=True, text=True, check=False,
                            env={**ENV, "EXPLAINER_TEST_ANY_STORY": ""}, timeout=7200 if everything else 600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-500:]
    build = mkdocs_build(copy, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    assert "Harbour deal signed" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
