"""Share previews: one 1200×630 PNG card per page, drawn at build time with Pillow.

Chat apps and social networks show ``og:image`` when a link is shared; the theme
(``theme_overrides/main.html``) points each page's Open Graph tags at the card made here.
A card shows the page's headline or record name in large type over the story's headline,
with a band naming the place and date of the story.

* The font is DejaVu Sans (``generator/fonts/``, from Debian's ``fonts-dejavu-core`` 2.37,
  Bitstream Vera licence with DejaVu changes in the public domain: ``LICENSE-DejaVu.txt``),
  which covers Latin, Greek and Cyrillic. Nothing is downloaded (Material's ``social``
  plugin downloads fonts and needs Cairo: not used).
* Same text, same bytes: Pillow's basic layout engine (no system library chosen at run time),
  no PNG metadata, a fixed compression level. Pillow is pinned in ``pyproject.toml``.
* Right-to-left scripts are drawn in logical order (the basic engine does no bidi shaping).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator import pages
from generator.content import Content
from generator.dates import describe
from generator.schema import Actor, Issue
from generator.words import squash

WIDTH, HEIGHT = 1200, 630
_FONTS = Path(__file__).parent / "fonts"
_MARGIN = 64
_BAND = 96
_INK, _MUTED, _PAPER, _ACCENT, _ON_ACCENT = "#1b1b1f", "#4a4a55", "#ffffff", "#283593", "#ffffff"


@dataclass(frozen=True)
class Card:
    """What one card says: ``title`` (large), ``kicker`` (small, above it), ``story`` (below),
    ``band`` (the top band: place and date). Plain text; whitespace runs become one space."""

    title: str
    kicker: str
    story: str
    band: str

    @property
    def alt(self) -> str:
        """Alternative text for the card image (``og:image:alt``)."""
        return f"{self.kicker}: {self.title}. {self.story}" if self.kicker else f"{self.title}. {self.story}"


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(_FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; a word longer than a line is cut by characters."""
    lines: list[str] = []
    line = ""
    for word in squash(text).split(" "):
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:  # one very long word: cut it
            cut = max(1, next(i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= width))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fit(text: str, bold: bool, sizes: tuple[int, ...], width: int, max_lines: int) -> tuple[ImageFont.FreeTypeFont,
                                                                                              list[str]]:
    """The largest size in ``sizes`` at which ``text`` fits ``max_lines``; else the smallest, cut with "…"."""
    for size in sizes:
        font = _font(bold, size)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return font, lines


def render(card: Card) -> bytes:
    """The card as PNG bytes, 1200×630, RGB. The same ``card`` always gives the same bytes.

    Not cached here: :mod:`generator.share_cards` keeps the last site's cards and draws the
    others in a worker process."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _PAPER)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * _MARGIN
    draw.rectangle((0, 0, WIDTH, _BAND), fill=_ACCENT)
    band_font, band = _fit(card.band, False, (30, 26), width, 1)
    draw.text((_MARGIN, _BAND // 2), band[0], font=band_font, fill=_ON_ACCENT, anchor="lm")
    y = _BAND + 44
    if card.kicker:
        kicker_font, kicker = _fit(card.kicker.upper(), True, (28, 24), width, 1)
        draw.text((_MARGIN, y), kicker[0], font=kicker_font, fill=_ACCENT, anchor="la")
        y += 52
    title_font, title = _fit(card.title, True, (68, 60, 52, 44), width, 4)
    step = round(title_font.size * 1.2)
    for line in title:
        draw.text((_MARGIN, y), line, font=title_font, fill=_INK, anchor="la")
        y += step
    story_font, story = _fit(card.story, False, (30, 26), width, 2)
    story_step = round(story_font.size * 1.3)
    top = HEIGHT - _MARGIN + 8 - story_step * len(story)
    draw.line((_MARGIN, top - 24, _MARGIN + 160, top - 24), fill=_ACCENT, width=6)
    for i, line in enumerate(story):
        draw.text((_MARGIN, top + i * story_step), line, font=story_font, fill=_MUTED, anchor="la")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


#: Generated list pages: path → (kicker, title).
_LIST_PAGES = {
    pages.ACTORS: ("Explainer", "Who is involved"),
    pages.ISSUES: ("Explainer", "What is at stake"),
    pages.QUOTES: ("Explainer", "Quotes"),
    pages.TIMELINE: ("Explainer", "Timeline"),
    pages.SOURCE: ("Explainer", "The source article"),
    pages.GLOSSARY: ("Explainer", "Glossary"),
}


def card_for(content: Content, page: str, title: str | None = None) -> Card:
    """The card of the page ``page`` (a file path from :mod:`generator.pages`).

    Record pages show the record's name; other pages show ``title`` (a hand-written page's
    heading) or, failing that, the story's headline.
    """
    story = content.story
    band = f"{story.place} · {describe(story.dateline)}"

    def make(kicker: str, name: str) -> Card:
        return Card(squash(name), kicker, squash(story.headline), band)

    if page == pages.HOME:
        return make("Explainer", story.headline)
    if pages.whole(page) in _LIST_PAGES:
        return make(*_LIST_PAGES[pages.whole(page)])
    record_id = page.rpartition("/")[2].removesuffix(".md")  # looked up, never searched: one card per page
    actor = content.record(f"actor:{record_id}") if pages.actor(record_id) == page else None
    if isinstance(actor, Actor):
        return make("Who's who", actor.name)
    issue = content.record(f"issue:{record_id}") if pages.issue(record_id) == page else None
    if isinstance(issue, Issue):
        return make("Issue", issue.title)
    return make("Explainer", title or story.headline)


def title_of(markdown: str) -> str | None:
    """A hand-written page's title: front matter ``title:`` or its first ``# `` heading (plain text)."""
    lines = markdown.splitlines()
    if lines[:1] == ["---"]:
        end = next((i for i, line in enumerate(lines[1:], start=1) if line == "---"), 0)
        for line in lines[1:end]:
            if line.startswith("title:"):
                return line.removeprefix("title:").strip().strip("\"'") or None
        lines = lines[end + 1:]
    for line in lines:
        if line.startswith("# "):
            return re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip() or None
    return None
