"""Another engine builds the generated pages: the generator does not depend on MkDocs.

DESIGN and issue 15 ask that the Markdown ``generator render --out`` writes (with the hand-written
pages) builds with Zensical, which reads ``mkdocs.yml`` but not this project's MkDocs hook or its
Material template overrides (``theme_overrides/``). Zensical is pinned in requirements.lock, so
this runs wherever ``make test`` does.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BuiltSite, generator, mkdocs_build, run


@pytest.mark.slow
def test_zensical_builds_the_rendered_pages(project: Path, tmp_path: Path) -> None:
    """``render --out`` pages plus the hand-written ones, ``mkdocs.yml`` without the hook and the
    theme overrides: Zensical builds them, and the home page holds the story's headline and no
    trace of front matter."""
    floor = tmp_path / "floor"
    rendered = generator("render", "--out", str(floor / "docs"), cwd=project)
    assert rendered.returncode == 0, rendered.stderr
    shutil.copytree(project / "content" / "pages", floor / "docs", dirs_exist_ok=True)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(?:hooks|watch):\n(?:[ \t]+- .*\n)+", "", config)
    config = re.sub(r"(?m)^[ \t]*custom_dir:.*\n", "", config)
    config = re.sub(r"(?m)^docs_dir:.*$", "docs_dir: docs", config)
    assert not re.search(r"(?m)^(hooks|watch):|custom_dir", config), config
    (floor / "zensical.yml").write_text(config, encoding="utf-8")
    exe = shutil.which("zensical", path=str(Path(sys.executable).parent))
    assert exe is not None, "zensical is pinned in requirements.lock; install the project with `make`"
    result = run([exe, "build", "--clean", "--config-file", "zensical.yml"], floor)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    home = (floor / "site" / "index.html").read_text(encoding="utf-8")
    headline = re.search(r"(?m)^headline: \"?(.+?)\"?$", (project / "content" / "story.yaml").read_text("utf-8"))
    assert headline is not None
    text = BeautifulSoup(home, "html.parser").get_text(" ")
    assert headline.group(1) in text
    assert "share_description:" not in text and "jsonld:" not in text
    for page in ("actors/index.html", "timeline/index.html", "source/index.html"):
        assert (floor / "site" / page).is_file(), page


@pytest.mark.slow
def test_mkdocs_draws_only_the_home_page_with_home_html(project: Path, tmp_path: Path) -> None:
    """The hook (not the Markdown) gives the generated home page theme_overrides/home.html, whose
    wrapper lays it out as a front page; no other page gets it."""
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = BuiltSite(tmp_path / "site")
    assert site.soup("index.html").select("article .explainer-home h1")
    for page in ("actors/index.html", "timeline/index.html", "about/index.html"):
        assert not site.soup(page).select(".explainer-home"), page
