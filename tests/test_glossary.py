"""The glossary: terms explained at their first mention on each page, the glossary page, hostile definitions."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import CONTENT, BuiltSite, make_project, mkdocs_build

from generator import glossary, pages
from generator.content import Content, load_content
from generator.escape import inline
from generator.render import render_pages
from generator.schema import Term, TextQuoteSelector

HOSTILE = 'Hostile "><script>alert(1)</script> <img src=x onerror=alert(1)> `code` [link](https://x.test) *em* \\ & end'


@cache
def content() -> Content:
    return load_content(CONTENT)


@cache
def rendered() -> dict[str, str]:
    return render_pages(content())


def term(term_id: str, text: str, definition: str = "A definition.", also: tuple[str, ...] = ()) -> Term:
    return Term(id=term_id, term=text, also=list(also), definition=definition,
                evidence=[TextQuoteSelector(exact="x")])


def abbrs(markdown: str) -> list[str]:
    """The words wrapped in <abbr> in a page's Markdown, in page order."""
    return re.findall(r'<abbr class="term" title="[^"]*" tabindex="0">(.*?)</abbr>', markdown)


# --------------------------------------------------------------------------- the marker alone

def test_only_the_first_mention_on_a_page_is_explained() -> None:
    """Each term once per page, whichever spelling comes first; a new page starts afresh."""
    terms = [term("ceasefire", "ceasefire", also=("cease-fire",)), term("s-300", "S-300")]
    marker = glossary.Marker(terms)
    first = str(marker.explain("A cease-fire, then the ceasefire and the S-300; the S-300 again."))
    assert abbrs(first) == [r"cease\-fire", r"S\-300"]
    assert abbrs(str(marker.explain("Ceasefire once more."))) == []
    assert marker.seen == ["ceasefire", "s-300"]
    assert abbrs(str(glossary.Marker(terms).explain("Ceasefire at the start of a sentence."))) == ["Ceasefire"]


def test_whole_words_only_and_the_longest_spelling_wins() -> None:
    """No match inside a longer word; "February ceasefire" is one term even where "ceasefire" is another."""
    terms = [term("ceasefire", "ceasefire"), term("february", "February ceasefire"), term("reset", "reset")]
    marker = glossary.Marker(terms)
    text = str(marker.explain("The resets, a preset and the February ceasefire; then the ceasefire."))
    assert abbrs(text) == ["February ceasefire", "ceasefire"]
    assert "resets" in text and "preset" in text


@pytest.mark.parametrize(("spelling", "text"), [
    pytest.param("300", "the S-300 missiles", id="digits-after-a-hyphen"),
    pytest.param("fire", "a cease-fire now", id="after-a-hyphen"),
    pytest.param("fire", "a cease\u2011fire now", id="after-a-non-breaking-hyphen"),
    pytest.param("fire", "a fire\u2010fight", id="before-a-hyphen"),
    pytest.param("S", "the U.S. said", id="letter-of-an-abbreviation"),
    pytest.param("S", "Iran\u2019s view", id="after-a-typographic-apostrophe"),
    pytest.param("S", "Iran's view", id="after-a-straight-apostrophe"),
    pytest.param("term", "a first-term effort", id="also-inside-a-compound"),
])
def test_no_match_inside_a_compound_abbreviation_or_possessive(spelling: str, text: str) -> None:
    """A spelling is a whole word: not right after a letter, digit, word hyphen, apostrophe or a
    letter's period, nor right before a letter, digit or word hyphen."""
    marker = glossary.Marker([term("tt", "other", also=(spelling,))])
    assert abbrs(str(marker.explain(text))) == []
    assert glossary.Marker([term("tt", spelling)]).found(text) == []


def test_whole_words_next_to_punctuation_are_still_matched() -> None:
    """The same spellings standing alone are matched: at a sentence's end, in quotation marks, as a word."""
    assert abbrs(str(glossary.Marker([term("aa", "300")]).explain("All 300 missiles."))) == ["300"]
    assert abbrs(str(glossary.Marker([term("bb", "fire")]).explain("Open fire."))) == ["fire"]
    assert abbrs(str(glossary.Marker([term("cc", "S")]).explain("S is a letter."))) == ["S"]
    assert abbrs(str(glossary.Marker([term("dd", "reset")]).explain("the “reset” policy"))) == ["reset"]


def test_markup_values_are_left_alone() -> None:
    """Links and other markup built by the renderer (Markup) are never searched: no <abbr> inside a link."""
    from markupsafe import Markup

    marker = glossary.Marker([term("reset", "reset")])
    link = Markup("[the reset](issues/x.md)")
    assert marker.explain(link) is link
    assert marker.seen == []


def test_hostile_definition_is_inert_in_the_title_attribute() -> None:
    """Quotes, angle brackets, backticks, brackets and backslashes of a definition become character references."""
    marker = glossary.Marker([term("reset", "reset", HOSTILE)])
    text = str(marker.explain("the reset"))
    title = re.search(r'title="([^"]*)"', text)
    assert title is not None
    assert not set(title.group(1)) & set("<>\"'`[]()*\\")
    assert html.unescape(title.group(1)) == " ".join(HOSTILE.split())


def test_term_text_is_matched_as_the_page_escapes_it() -> None:
    """Punctuation in a term (S-300, U.S.-Russia) is matched in the escaped Markdown, and the text is unchanged."""
    marker = glossary.Marker([term("s-300", "S-300"), term("relations", "U.S.-Russia relations")])
    text = str(marker.explain("U.S.-Russia relations and the S-300."))
    assert abbrs(text) == [r"U\.S\.\-Russia relations", r"S\-300"]
    assert re.sub(r"</?abbr[^>]*>", "", text) == r"U\.S\.\-Russia relations and the S\-300\."


# --------------------------------------------------------------------------- the fixture story's pages

def test_every_page_explains_each_term_at_most_once_never_in_headings_or_links() -> None:
    """On every generated page: a term is wrapped at most once, never on a heading line or inside link text."""
    assert content().glossary, "the fixture story has a glossary"
    seen_any = set()
    for page, markdown in rendered().items():
        body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
        words = abbrs(body)
        ids = [re.search(r"<abbr[^>]*>", m.group(0)) for m in re.finditer(r"<abbr .*?</abbr>", body)]
        assert len(words) == len(ids)
        titles = re.findall(r'<abbr class="term" title="([^"]*)"', body)
        assert len(titles) == len(set(titles)), f"{page}: a term explained twice"
        seen_any.update(titles)
        for line in body.splitlines():
            if "<abbr" in line:
                assert not line.lstrip().startswith("#"), f"{page}: a term in a heading: {line}"
                assert not re.search(r"\[[^\]]*<abbr", line), f"{page}: a term inside link text: {line}"
                assert "<summary" not in line, f"{page}: a term inside a summary: {line}"
    assert len(seen_any) == len(content().glossary or ())  # every term is explained somewhere


def test_a_quotes_own_words_are_never_marked() -> None:
    """On every page (home, quotes, issues, actors) a quote's text is printed without <abbr>, even
    when it holds a term; its context is still running text and is marked."""
    quotes = tuple(q.model_copy(update={"text": f"We said zuluword {q.text}", "context": f"Zuluword {q.context}"})
                   for q in content().quotes)
    first, *rest = content().glossary or ()
    story = replace(content(), quotes=quotes,
                    glossary=(first.model_copy(update={"term": "zuluword", "also": []}), *rest))
    rendered = render_pages(story)
    marked = {page: abbrs(markdown) for page, markdown in rendered.items()}
    assert "Zuluword" in marked[pages.QUOTES], marked[pages.QUOTES]  # the context, not the quote
    assert "zuluword" not in marked[pages.QUOTES]
    for page, markdown in rendered.items():
        assert "We said <abbr" not in markdown, page
    assert any("“We said zuluword" in markdown for markdown in rendered.values())
    texts = glossary.explained_texts(story.story, story.actors, story.issues, story.quotes, story.events, [])
    quote = story.quotes[0]
    assert quote.text not in texts


def test_the_first_mention_in_running_text_is_the_one_explained() -> None:
    """On each page, no running-text line before a term's <abbr> mentions that term (headings, link text,
    <summary> lines and a quote's own words may: they are never marked)."""
    spellings = {t.definition: [t.term, *t.also] for t in content().glossary or ()}
    quote_lines = {f"“{inline(q.text)}”" for q in content().quotes}  # a speaker's words: never marked
    checked = 0
    for page, markdown in rendered().items():
        body = markdown.split("\n---\n", 1)[1]
        for m in re.finditer(r'<abbr class="term" title="([^"]*)" tabindex="0">', body):
            words = spellings[html.unescape(m.group(1))]
            alternatives = [f"[{re.escape(w[0].lower())}{re.escape(w[0].upper())}]{re.escape(w[1:])}" for w in words]
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
            for line in body[:m.start()].splitlines():
                if line.lstrip().startswith("#") or "<summary" in line or line in quote_lines:
                    continue
                text = re.sub(r"\[[^\]]*\]\([^)]*\)|<[^>]*>", "", line).replace("\\", "")
                assert not pattern.search(text), (page, words, line)
            checked += 1
    assert checked >= 20


def test_glossary_page_lists_terms_a_to_z_with_anchors_and_sources() -> None:
    """A heading with the term's anchor per term, A to Z (case aside); its definition; its source link;
    no term is explained on the glossary page itself."""
    page = rendered()[pages.GLOSSARY]
    headings = re.findall(r"^## (.+) \{ #(t-[a-z0-9-]+) \}$", page, flags=re.MULTILINE)
    terms = content().glossary or ()
    assert sorted(a for _, a in headings) == sorted(pages.term_anchor(t.id) for t in terms)
    names = [h for h, _ in headings]
    assert names == sorted(names, key=str.casefold)
    for t in terms:
        section = page.split(f"{{ #{pages.term_anchor(t.id)} }}", 1)[1].split("\n## ", 1)[0]
        assert html.unescape(re.sub(r"\\(.)", r"\1", section.split("\n\n")[1])) == t.definition
        assert "../source/#x-" in section or "source.md#x-" in section
    assert "<abbr" not in page


def test_a_story_without_a_glossary_has_no_glossary_page() -> None:
    """No glossary.yaml: no glossary page, nothing marked."""
    plain = replace(content(), glossary=None)
    out = render_pages(plain)
    assert pages.GLOSSARY not in out
    assert not any("<abbr" in md for md in out.values())


def test_same_content_same_pages() -> None:
    """Two renders of the same content give the same pages, byte for byte (marking depends on page order only)."""
    assert render_pages(load_content(CONTENT)) == rendered()


# --------------------------------------------------------------------------- the built site

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture story built by MkDocs with a hostile definition for "reset"."""
    tmp = tmp_path_factory.mktemp("glossary")
    project = make_project(tmp / "project")
    path = project / "content" / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    definition:", text.index("id: reset"))
    end = text.index("\n", start)
    path.write_text(text[:start] + "    definition: " + '"' + HOSTILE.replace("\\", "\\\\").replace('"', '\\"') + '"'
                    + text[end:], encoding="utf-8")
    result = mkdocs_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return BuiltSite(tmp / "site")


def _pages(site: BuiltSite) -> list[str]:
    return sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html"))


@pytest.mark.slow
def test_built_terms_are_focusable_and_never_nested_in_headings_links_or_code(hostile_site: BuiltSite) -> None:
    """In the built HTML every explained term is <abbr title tabindex=0>, outside headings, links, summaries,
    code and other abbr; the hostile definition arrives as the title text, with no script or img element."""
    found = 0
    for page in _pages(hostile_site):
        soup = hostile_site.soup(page)
        article = soup.select_one("article")
        if article is None:
            continue
        assert not article.select("script"), page
        assert not article.select("img[onerror]"), page
        for abbr in article.select("abbr.term"):
            found += 1
            assert abbr.get("tabindex") == "0"
            assert abbr.find_parent(["h1", "h2", "h3", "h4", "h5", "h6", "a", "summary", "code", "pre", "button"]) \
                is None, (page, abbr)
            assert abbr.find_parent("abbr") is None and not abbr.find("abbr")
            if abbr.get_text() == "reset":
                assert abbr["title"] == " ".join(HOSTILE.split()), page
    assert found > 10


@pytest.mark.slow
def test_built_glossary_page_is_in_the_nav_and_links_to_sources(hostile_site: BuiltSite) -> None:
    """The Glossary tab; each term's heading id; each source link resolves to a passage on the source page."""
    soup = hostile_site.soup("glossary/index.html")
    assert any(a.get_text(strip=True) == "Glossary" for a in soup.select("nav a"))
    source = hostile_site.soup("source/index.html")
    terms = load_content(CONTENT).glossary or ()
    for t in terms:
        heading = soup.find(id=pages.term_anchor(t.id))
        assert isinstance(heading, Tag) and heading.name == "h2"
    for link in soup.select("article a.source-link"):
        anchor = str(link["href"]).split("#", 1)[1]
        assert source.find(id=anchor) is not None, anchor


@pytest.mark.slow
def test_a_story_without_a_glossary_builds_without_the_tab(tmp_path: Path) -> None:
    """No glossary.yaml: the strict build passes, with no Glossary tab and no glossary page."""
    project = make_project(tmp_path / "project")
    (project / "content" / "glossary.yaml").unlink()
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not any(a.get_text(strip=True) == "Glossary" for a in home.select("nav a"))
    assert not (tmp_path / "site" / "glossary").exists()
    assert not home.select("abbr.term")
