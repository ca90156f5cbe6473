"""Share cards: 1200×630 PNGs drawn with the font kept in the repository, the same bytes every time."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import CONTENT
from PIL import Image, ImageChops, ImageFont

from generator import pages, share_image
from generator.content import load_content
from generator.share_image import Card

CARD = Card("Сергей Лавров and the S-300", "Who's who", "Kerry meets Russia’s Putin amid Ukraine, Syria tensions",
            "Sochi, Russia · 12 May 2015")


def test_card_is_a_1200_by_630_png() -> None:
    """A card is a PNG of exactly 1200×630 pixels."""
    image = Image.open(io.BytesIO(share_image.render(CARD)))
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_same_card_gives_the_same_bytes() -> None:
    """Two renderings of the same card (each drawn afresh: ``render`` keeps no cache) are
    byte-identical; another title differs."""
    first = share_image.render(CARD)
    again = share_image.render(CARD)
    assert again == first and again is not first
    other = Card("Other", CARD.kicker, CARD.story, CARD.band)
    assert share_image.render(other) != first


def test_font_covers_latin_and_cyrillic_and_ships_its_licence() -> None:
    """Bundled DejaVu Sans draws Cyrillic and Latin letters (not the missing-glyph box); its licence lies beside it."""
    fonts = Path(share_image.__file__).parent / "fonts"
    assert "Bitstream Vera" in (fonts / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font = ImageFont.truetype(str(fonts / name), 40)
        missing = font.getmask("\U000e0fff")  # a code point no font has: the .notdef box

        def drawn(char: str, font: ImageFont.FreeTypeFont = font) -> Image.Image:
            return Image.frombytes("L", font.getmask(char).size, bytes(font.getmask(char)))

        for char in "ЛжЯaßé":
            glyph = font.getmask(char)
            assert glyph.size != missing.size or ImageChops.difference(
                drawn(char), Image.frombytes("L", missing.size, bytes(missing))).getbbox(), (name, char)


def test_long_titles_are_cut_with_an_ellipsis_not_overflowing() -> None:
    """A title too long for four lines at the smallest size ends in "…" and the card keeps its size."""
    card = Card("word " * 200, "Issue", "story " * 50, "band " * 40)
    image = Image.open(io.BytesIO(share_image.render(card)))
    assert image.size == (1200, 630)


def test_every_page_gets_a_card_naming_its_record() -> None:
    """Record pages are carded with the record's name, list pages with their title, all over the story's headline."""
    content = load_content(CONTENT)
    actor = content.actors[0]
    card = share_image.card_for(content, pages.actor(actor.id))
    assert (card.title, card.story) == (actor.name, content.story.headline)
    assert share_image.card_for(content, pages.issue(content.issues[0].id)).title == content.issues[0].title
    assert share_image.card_for(content, pages.HOME).title == content.story.headline
    assert share_image.card_for(content, "about.md", "About this explainer").title == "About this explainer"
    assert pages.share_image("actors/x.md") == "assets/share/actors/x.png"


def test_hand_written_page_titles_come_from_front_matter_or_first_heading() -> None:
    """title_of reads front matter `title:` first, then the first `# ` heading without its attribute list."""
    assert share_image.title_of("---\ntitle: \"From meta\"\n---\n# Heading\n") == "From meta"
    assert share_image.title_of("Intro\n\n# About this site { #about }\n") == "About this site"
    assert share_image.title_of("no heading") is None
