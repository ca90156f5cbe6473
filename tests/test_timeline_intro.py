"""The timeline's intro promises only the order the page keeps: eras in the story's order, and a Background
era that holds loosely dated events in the YAML's order (never sorted), so its dates need not run in sequence."""

from __future__ import annotations

from conftest import CONTENT

from generator import render
from generator.content import load_content
from generator.schema import BACKGROUND


def test_intro_says_background_is_in_the_storys_order() -> None:
    content = load_content(CONTENT)
    assert any(era.name == BACKGROUND for era in content.eras)
    intro = render.render_pages(content)["timeline.md"].split("{: .intro }")[0]
    assert "Dates first, oldest first" not in intro
    assert "each era in the story's order" in intro
    assert f"{BACKGROUND} also holds the events the article dates only loosely" in intro
    background = next(era for era in content.eras if era.name == BACKGROUND)
    in_yaml = [e.id for e in content.events if e in background.events]
    assert [e.id for e in background.events] == in_yaml  # the page keeps the YAML's order, as the intro says
