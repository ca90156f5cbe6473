"""The timeline's intro promises only the order the page keeps: eras in the story's order, and a Background
era that holds loosely dated events in the YAML's order (never sorted), so its dates need not run in sequence."""

from __future__ import annotations

import yaml
from conftest import CONTENT

from generator import pages, render
from generator.content import load_content
from generator.schema import BACKGROUND


def test_intro_says_background_is_in_the_storys_order() -> None:
    content = load_content(CONTENT)
    assert any(era.name == BACKGROUND for era in content.eras)
    intro = render.render_pages(content)["timeline.md"].split("{: .intro }")[0]
    assert "Dates first, oldest first" not in intro
    assert "each era in the story's order" in intro
    assert f"{BACKGROUND} also holds the events the article dates only loosely" in intro
    # The page keeps the loosely dated events (known only by their end) in the YAML file's order, as the
    # intro says: read from the file itself, found on the page by their anchors.
    loose = [event["id"] for event in yaml.safe_load((CONTENT / "timeline.yaml").read_text(encoding="utf-8"))["events"]
             if str(event["date"]).startswith("../")]
    page = render.render_pages(content)["timeline.md"]
    assert len(loose) >= 2 and all(page.count(f'id="{pages.event_anchor(i)}"') == 1 for i in loose), loose
    assert sorted(loose, key=lambda i: page.index(f'id="{pages.event_anchor(i)}"')) == loose
