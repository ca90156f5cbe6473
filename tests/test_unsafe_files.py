"""Symlinks and special files under docs_dir and custom_dir are refused, never published (issue 9, point 2).

MkDocs follows links when it walks ``docs_dir`` and the theme's ``custom_dir``: a link to
``../../.git/config`` or ``/proc/self/environ`` would put that file on the public site, a link
to a folder would copy the folder, a link to ``.`` loops, and a named pipe hangs the build.
``generator check`` and every build (through the hook, before MkDocs walks the folders) report
each one at its place, exit 1 without a traceback, and publish nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import generator, mkdocs_build

from generator.project import GENERATED_ONLY, page_problems

#: (path in the project, how it is made, the start of its report line)
ENTRIES = [
    ("content/pages/leak.md", "../../.git/config", "is a symbolic link (to '../../.git/config')"),
    ("content/pages/env.md", "/proc/self/environ", "is a symbolic link (to '/proc/self/environ')"),
    ("content/pages/sources", "../sources", "is a symbolic link (to '../sources')"),
    ("content/pages/loop", ".", "is a symbolic link (to '.')"),
    ("theme_overrides/assets/config.txt", "../../.git/config", "is a symbolic link (to '../../.git/config')"),
    ("theme_overrides/partials/pipe.html", "fifo", "is a named pipe"),
]


def plant(project: Path, entries: list[tuple[str, str, str]]) -> None:
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[credential]\n\thelper = SECRET-TOKEN\n", encoding="utf-8")
    for name, target, _ in entries:
        if target == "fifo":
            os.mkfifo(project / name)
        else:
            (project / name).symlink_to(target)


def expected(entries: list[tuple[str, str, str]]) -> list[str]:
    return [f"{name}:0:0: {start}" for name, _, start in sorted(entries)]


def reported(output: str) -> list[str]:
    lines = [line.split("-  ", 1)[-1].strip() for line in output.splitlines() if ":0:0: is " in line]
    return sorted(line.split(";")[0].split(", not")[0] for line in lines)


@pytest.mark.parametrize("entries", [ENTRIES, ENTRIES[:1], ENTRIES[3:4], ENTRIES[5:]],
                         ids=["all at once", "file link", "loop", "named pipe"])
def test_check_reports_every_link_and_special_file(project: Path, entries: list[tuple[str, str, str]]) -> None:
    plant(project, entries)
    result = generator("check", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert reported(result.stderr) == expected(entries), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"{len(entries)} error{'s' * (len(entries) > 1)}, 0 warnings"


@pytest.mark.slow
def test_build_stops_before_mkdocs_publishes_a_linked_file(project: Path, tmp_path: Path) -> None:
    """``mkdocs build`` through the hook: every entry reported, exit 1, no site, the secret nowhere."""
    plant(project, ENTRIES)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert reported(output) == expected(ENTRIES), output
    assert "Traceback" not in output
    assert "problem(s) in files under docs_dir or custom_dir (listed above)" in output
    assert not site.exists() or not [p for p in site.rglob("*") if p.is_file()]


@pytest.mark.slow
def test_generator_build_keeps_the_last_site(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert generator("build", "--site-dir", str(site), cwd=project).returncode == 0
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    plant(project, ENTRIES[:1])
    result = generator("build", "--site-dir", str(site), cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    assert not [p for p in site.rglob("*") if p.is_file() and b"SECRET-TOKEN" in p.read_bytes()]


# --------------------------------------------------------------------------- hand-written JSON-LD (point 11)

INJECTION = '{"@type": "Thing"}</script><script>alert(document.domain)</script>'


@pytest.mark.parametrize(("front", "line", "key"), [
    (f"---\ntitle: About\njsonld: '{INJECTION}'\n---\n", 3, "jsonld"),
    (f'---\n"jsonld": \'{INJECTION}\'\n---\n', 2, "jsonld"),
    (f"Title: About\nJSONLD: {INJECTION}\n\n", 2, "jsonld"),
], ids=["yaml front matter", "quoted key", "multimarkdown meta"])
def test_handwritten_page_with_jsonld_is_an_error(project: Path, tmp_path: Path, front: str, line: int,
                                                 key: str) -> None:
    """Only generated pages carry JSON-LD: a `jsonld` key in content/pages/*.md is a located error in
    `check` and stops the build, so the text never reaches <head> as a script."""
    about = project / "content" / "pages" / "about.md"
    about.write_text(front + about.read_text(encoding="utf-8"), encoding="utf-8")
    problem = f"content/pages/about.md:{line}:1: front matter key '{key}' is only for generated pages"
    result = generator("check", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert problem in result.stderr, result.stderr
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 1, result.stdout + result.stderr
    assert problem in result.stdout + result.stderr
    assert not [p for p in site.rglob("*.html") if "alert(document.domain)" in p.read_text(encoding="utf-8")]


def test_generated_only_keys_are_told_apart_by_kind_not_text(project: Path) -> None:
    """page_problems marks a hand-written page's generated-only key (any letter case) with its kind, the
    one thing ``make serve`` looks at to keep previewing; other page problems have no kind."""
    about = project / "content" / "pages" / "about.md"
    about.write_text(f"---\nJSONLD: '{INJECTION}'\ntemplate: x.html\n---\n" + about.read_text(encoding="utf-8"),
                     encoding="utf-8")
    found = {p.message: p.kind for p in page_problems(project)}
    assert found == {"front matter key 'JSONLD' is only for generated pages": GENERATED_ONLY,
                     "front matter key 'template' is not allowed on a hand-written page": ""}, found


def _page(project: Path, front: str, name: str = "about.md") -> None:
    page = project / "content" / "pages" / name
    page.write_text(front + page.read_text(encoding="utf-8") if page.exists() else front + "# Notes\n",
                    encoding="utf-8")


def test_hand_written_front_matter_text_is_escaped(project: Path, tmp_path: Path) -> None:
    """``title`` and ``description`` of a hand-written page are YAML, never HTML: printed escaped in
    ``<title>``, the header, the nav and the meta description, and no injected script reaches the CSP."""
    _page(project, "---\ntitle: '</title><script>alert(2)</script>'\n"
                   "description: '\"><script>alert(3)</script>'\n---\n")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(" not in html, page
        assert '"><script>' not in html, page
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;">' in about
    assert "&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in about


@pytest.mark.parametrize(("front", "said"), [
    ("---\ntemplate: nope.html\n---\n", "content/pages/about.md:2:1: front matter key 'template' is not allowed"),
    ("---\ntemplate: ../../etc/hostname\n---\n", "content/pages/about.md:2:1: front matter key 'template'"),
    ("template: nope.html\n\n", "content/pages/about.md:1:1: front matter key 'template' is not allowed"),
    ("---\nhide: 5\n---\n", "content/pages/about.md:2:1: front matter key 'hide' must be a list of names"),
    ("---\ntitle: [a, b]\n---\n", "content/pages/about.md:2:1: front matter key 'title' must be text, not list"),
    ("---\ntitle: 'open\nhide: [x\n---\n", "content/pages/about.md:"),
], ids=["template", "template-outside", "template-multimarkdown", "hide-number", "title-list", "invalid-yaml"])
def test_bad_hand_written_front_matter_is_a_located_error(project: Path, tmp_path: Path, front: str,
                                                          said: str) -> None:
    _page(project, front)
    checked = generator("check", cwd=project)
    assert checked.returncode == 1 and said in checked.stderr, checked.stdout + checked.stderr
    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    output = built.stdout + built.stderr
    assert built.returncode == 1 and said in output and "Traceback" not in output, output


def test_a_hand_written_page_that_is_not_utf8_is_a_located_error(project: Path, tmp_path: Path) -> None:
    (project / "content" / "pages" / "notes.md").write_bytes(b"\xff\xfeoops")
    checked = generator("check", cwd=project)
    said = "content/pages/notes.md:1:1: is not UTF-8 text (byte 0xff); save the page as UTF-8"
    assert checked.returncode == 1 and said in checked.stderr, checked.stdout + checked.stderr
    for command in (["build", "--site-dir"], ["render", "--out"]):
        built = generator(*command, str(tmp_path / "site"), cwd=project)
        output = built.stdout + built.stderr
        assert built.returncode == 1 and said in output and "Traceback" not in output, output


def test_docs_dir_outside_the_project_is_checked_without_a_traceback(project: Path, tmp_path: Path) -> None:
    """An absolute ``docs_dir`` elsewhere in mkdocs.yml: its pages are checked, shown by their own path."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text("---\nhide: 5\n---\n# Notes\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(f"docs_dir: {docs}\n" + "\n".join(line for line in text.splitlines()
                                                      if not line.startswith("docs_dir:")) + "\n", encoding="utf-8")
    checked = generator("check", cwd=project)
    output = checked.stdout + checked.stderr
    assert checked.returncode == 1 and "Traceback" not in output, output
    assert f"{docs / 'notes.md'}:2:1: front matter key 'hide' must be a list of names" in output, output


@pytest.mark.parametrize("name", ["index.md", "actors/index.md", "quotes.md", "source.md", "actors/john-kerry.md",
                                  "actors.md"])
def test_a_hand_written_page_in_the_place_of_a_generated_one_is_a_located_error(
        project: Path, tmp_path: Path, name: str) -> None:
    """MkDocs would silently drop one of the two: the build stops and names the clash."""
    page = project / "content" / "pages" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# Mine\n", encoding="utf-8")
    built = mkdocs_build(project, tmp_path / "s")
    output = built.stdout + built.stderr
    assert built.returncode == 1 and "Traceback" not in output, output
    assert f"content/pages/{name}:1:1: has the same place in the site as the generated " in output, output


def test_a_hand_written_file_in_the_place_of_a_theme_file_is_a_located_error(project: Path, tmp_path: Path) -> None:
    """content/pages/assets/explainer.css would replace the theme's stylesheet without a word."""
    css = project / "content" / "pages" / "assets" / "explainer.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text("body { display: none }\n", encoding="utf-8")
    said = ("content/pages/assets/explainer.css:1:1: has the path of the theme's theme_overrides/assets/explainer.css")
    checked = generator("check", cwd=project)
    assert checked.returncode == 1 and said in checked.stderr, checked.stdout + checked.stderr
    built = mkdocs_build(project, tmp_path / "s")
    output = built.stdout + built.stderr
    assert built.returncode == 1 and said in output and "Traceback" not in output, output
