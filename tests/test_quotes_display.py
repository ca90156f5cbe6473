"""How the quotes page sets speakers and quotes: headings start with a capital, short quotes are not headlines."""

from __future__ import annotations

from types import SimpleNamespace

from conftest import CONTENT

from generator import render
from generator.content import load_content


def test_unnamed_speaker_heading_starts_with_a_capital_but_the_data_keep_the_articles_case() -> None:
    content = load_content(CONTENT)
    speaker = SimpleNamespace(actor=None, unnamed="a spokeswoman for Lavrov")
    quote = SimpleNamespace(speaker=speaker)
    assert render._speaker_name(content, quote) == "A spokeswoman for Lavrov"
    assert speaker.unnamed == "a spokeswoman for Lavrov"
    assert render._speaker_name(content, SimpleNamespace(speaker=SimpleNamespace(actor=None, unnamed=None))) \
        == "Unattributed"


def test_very_short_quotes_are_set_smaller_on_every_page_that_shows_them() -> None:
    """A quote of at most SHORT_QUOTE_WORDS words carries ``pull-quote--short`` (body size in the theme);
    longer quotes keep the pull-quote size. Checked on the quotes page of the fixture story."""
    content = load_content(CONTENT)
    page = render.render_pages(content)["quotes.md"]
    for quote in content.quotes:
        at = page.index(f'id="q-{quote.id}"')
        figure = page[page.rindex("<figure", 0, at):at]
        short = len(quote.text.split()) <= render.SHORT_QUOTE_WORDS
        assert ("pull-quote--short" in figure) == short, quote.id
    assert render._is_short_quote("reset") and render._is_short_quote("distant")
    assert not render._is_short_quote("we are always open for displays of political will")
    css = (CONTENT.parents[2] / "theme_overrides/assets/explainer.css").read_text(encoding="utf-8")
    assert ".pull-quote--short blockquote { font-size: 1em; }" in css


def test_an_actors_name_stays_as_the_editor_wrote_it() -> None:
    """Only the article's words for an unnamed source are capitalised; a name ("de Klerk") is never changed."""
    content = SimpleNamespace(actor=lambda _id: SimpleNamespace(name="de Klerk"))
    quote = SimpleNamespace(speaker=SimpleNamespace(actor="de-klerk", unnamed=None))
    assert render._speaker_name(content, quote) == "de Klerk"  # type: ignore[arg-type]
