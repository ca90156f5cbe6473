"""Initials avatars: two letters, unique across the story (so on every page), the same every build."""

from __future__ import annotations

from conftest import CONTENT

from generator import render
from generator.content import load_content


def test_base_initials() -> None:
    assert render._initials("Vladimir Putin") == "VP"
    assert render._initials("The dockers’ union") == "DU"
    assert render._initials("Iran") == "Ir" and render._initials("Israel") == "Is"
    assert render._initials("CCTV") == "CC"


def test_collisions_get_a_further_letter_in_yaml_order() -> None:
    names = ("Russian media", "Russian Foreign Ministry", "Iran", "Israel", "Irina", "Rosa Mendes",
             "Rival Foreign Mission")
    got = render.unique_initials(names)
    assert got == {"Russian media": "RM", "Russian Foreign Ministry": "RF", "Iran": "Ir", "Israel": "Is",
                   "Irina": "Iri", "Rosa Mendes": "RMe", "Rival Foreign Mission": "RFM"}
    assert render.unique_initials(tuple(reversed(names)))["Russian media"] == "RMed"  # order decides, nothing else


def test_every_actor_of_the_fixture_story_has_its_own_initials_on_every_page() -> None:
    content = load_content(CONTENT)
    got = render.unique_initials(tuple(a.name for a in content.actors))
    assert len(set(got.values())) == len(content.actors)
    assert got["Iran"] != got["Israel"] and got["Russian media"] != got["Russian Foreign Ministry"]
    pages = render.render_pages(content)
    for page in ("actors/index.md", "index.md"):
        badges = [chunk.split("</span>")[0] for chunk in pages[page].split('class="avatar" aria-hidden="true">')[1:]]
        assert badges and len(badges) == len(set(badges)), page
