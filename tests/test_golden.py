"""Golden files: the Markdown rendered from the small fixture story in tests/fixtures/mini.

The expected pages live in tests/golden/mini/. After an intended change to the templates, run
``pytest tests/test_golden.py --update-golden`` and read ``git diff tests/golden`` by eye.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content import load_content
from generator.render import render_pages

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "mini"
GOLDEN = HERE / "golden" / "mini"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return render_pages(load_content(FIXTURE))


def test_pages_match_golden_files(rendered: dict[str, str], request: pytest.FixtureRequest) -> None:
    """Every generated page equals its reviewed golden file, and no golden file is stale."""
    if request.config.getoption("--update-golden"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for path, markdown in rendered.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(markdown, encoding="utf-8", newline="\n")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(rendered) == sorted(expected)
    for path, markdown in rendered.items():
        assert markdown == expected[path], f"{path} differs from tests/golden/mini/{path}"


def test_rendering_is_deterministic() -> None:
    """Loading and rendering the same content twice gives the same pages in the same order."""
    first = render_pages(load_content(FIXTURE))
    second = render_pages(load_content(FIXTURE))
    assert list(first.items()) == list(second.items())


def test_page_order_follows_the_yaml(rendered: dict[str, str]) -> None:
    """Pages come in a fixed order, records in YAML order: home, actors, issues, quotes, timeline, source, data,
    what changed."""
    assert list(rendered) == [
        "index.md", "actors/index.md", "actors/ana-ruiz.md", "actors/port-vale.md", "actors/dockers-union.md",
        "issues/index.md", "issues/harbour-deal.md", "quotes.md", "timeline.md",
        "timeline/actor/ana-ruiz.md", "timeline/actor/port-vale.md", "timeline/actor/dockers-union.md",
        "timeline/issue/harbour-deal.md", "source.md", "data.md", "changes.md",
    ]


def test_timeline_is_chronological(rendered: dict[str, str]) -> None:
    """The timeline lists the 2019 strike before the 2020 signing, though the YAML has them the other way."""
    page = rendered["timeline.md"]
    assert page.index("Dockers strike") < page.index("The deal is signed")


def test_timeline_groups_events_by_era_background_first(rendered: dict[str, str]) -> None:
    """The only-bounded "talks" event (last in the YAML, dated on or before the signing) heads the
    Background era, apart from the dated events; the strike sits in its explicit era."""
    page = rendered["timeline.md"]
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## Background { #era-1 }", "## Before the deal { #era-2 }", "## 2 March 2020 { #era-3 }"]
    background = page[page.index("## Background"):page.index("## Before the deal")]
    assert 'id="e-talks-began"' in background and "e-deal-signed" not in background


def test_filtered_timeline_holds_only_that_actors_events(rendered: dict[str, str]) -> None:
    """The timeline filtered to the dockers' union (a page of its own, so no JavaScript is needed)
    shows their strike and not the signing; the full timeline links to it."""
    page = rendered["timeline/actor/dockers-union.md"]
    assert 'id="e-dockers-strike"' in page and 'id="e-deal-signed"' not in page
    assert "(timeline/actor/dockers-union.md)" in rendered["timeline.md"]
