"""How actor pages, source links, the quotes page and the source page's header read to a newcomer.

Rendered Markdown of the fixture stories (``tests/fixtures/sochi``, ``mini``, ``two``), some on
scratch copies edited for the case at hand; no build, no browser (the built pages are checked by
tests/test_attribution.py and tests/test_hostile_text.py, the screenshots by tests/test_browser.py).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, replace_once

from generator.content import Content, load_content
from generator.render import TIE_EVENTS, _Links, render_pages

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def sochi() -> tuple[Content, dict[str, str]]:
    content = load_content(CONTENT)
    return content, render_pages(content)


def section(page: str, heading: str) -> str:
    """The text of ``page`` from the line ``heading`` to the next ``## `` heading (or the end)."""
    start = page.index(f"\n{heading}")
    end = page.find("\n## ", start + 1)
    return page[start:end if end != -1 else len(page)]


# --- an actor's issues -----------------------------------------------------------------------------------

def test_actor_page_lists_positions_then_every_other_issue_with_what_ties_it(
        sochi: tuple[Content, dict[str, str]]) -> None:
    """Kerry takes one position, yet his events bear on four more issues: the page lists the position first
    ("Where John Kerry stands"), then each other issue in YAML order, saying what ties him to it: named
    on the issue, his events about it (the first few linked, the rest counted)."""
    content, pages = sochi
    issues = section(pages["actors/john-kerry.md"], "## Issues")
    stands, _, others = issues.partition("Also involved in (no stated position):\n{: .issues-lead }")
    assert "Where John Kerry stands:\n{: .issues-lead }" in stands
    assert re.findall(r"^- \*\*\[[^\]]+\]\(\.\./issues/([a-z0-9-]+)\.md\)\*\*", stands, re.MULTILINE) == [
        "russian-media-portrayal"]
    listed = re.findall(r"^- \*\*\[[^\]]+\]\(\.\./issues/([a-z0-9-]+)\.md\)\*\*: (.*)$", others, re.MULTILINE)
    expected = [i.id for i in content.issues
                if i.id in {"us-russia-relations", "ukraine-ceasefire", "syria-assad-transition",
                            "s300-air-defense-for-iran"}]
    assert [issue for issue, _ in listed] == expected  # YAML order of the issues
    ties = dict(listed)
    relations = [e for e in content.events_of("john-kerry") if "us-russia-relations" in e.issues]
    assert len(relations) > TIE_EVENTS
    assert ties["us-russia-relations"].startswith(f"{len(relations)} events: [{relations[0].title}](")
    assert ties["us-russia-relations"].endswith(f" and {len(relations) - TIE_EVENTS} more in Events below")
    assert ties["us-russia-relations"].count("](../timeline.md#e-") == TIE_EVENTS
    assert ties["s300-air-defense-for-iran"] == (
        "named among those involved · 1 event: "
        "[Kerry meets Putin at Bocharov Ruchey](../timeline.md#e-kerry-meets-putin)")


def test_actor_ties_by_no_position_and_by_quote(sochi: tuple[Content, dict[str, str]]) -> None:
    """An actor the issue lists under no_position says so; a speaker's quote about an issue is linked by its
    words; an actor with no position anywhere gets the second list only, headed for that case."""
    _, pages = sochi
    crowley = section(pages["actors/pj-crowley.md"], "## Issues")
    assert "Where PJ Crowley stands" not in crowley
    assert "Involved in (no stated position):\n{: .issues-lead }" in crowley
    assert "**: named; the article gives no position\n" in crowley
    official = section(pages["actors/state-department-official.md"], "## Issues")
    assert re.search(r"\*\*: 1 quote: \[“to hear directly from the United States that we are firmly…”\]"
                     r"\(\.\./quotes\.md#q-state-department-hear-directly\)\n", official), official


def test_a_position_line_ends_in_a_link_that_says_what_it_is(sochi: tuple[Content, dict[str, str]]) -> None:
    """After "(…; in the AP story)" the link reads "source sentence", never a bare outlet name ("AP")."""
    _, pages = sochi
    line = next(line for line in section(pages["actors/john-kerry.md"], "## Issues").splitlines()
                if "russian-media-portrayal" in line)
    assert re.search(r"in \[the AP story\]\(\.\./source\.md#seg-2\)\)</span> "
                     r"\[source sentence\]\(\.\./source\.md#x-\d+-\d+\)\{ \.source-link \}$", line), line
    assert not re.search(r"</span> \[AP\]\(", "".join(pages.values()))  # no bare outlet after "who says so"


# --- what a source link leads to -------------------------------------------------------------------------

def test_source_blocks_say_how_many_sentences_of_what(sochi: tuple[Content, dict[str, str]]) -> None:
    """One passage: "Source: a sentence in the AP story"; several: "Sources: 2 sentences in the AP story";
    without segments, "the article"; with several sources, the article of its publisher and date."""
    _, pages = sochi
    assert "[Source\\: a sentence in the AP story](" in pages["index.md"]
    assert "<summary>Sources: 2 sentences in the AP story</summary>" in pages["actors/dmitry-peskov.md"]
    mini = render_pages(load_content(FIXTURES / "mini"))
    assert "[Source\\: a sentence in the article](source.md#x-" in mini["timeline.md"]
    two = load_content(FIXTURES / "two")
    links = _Links(two, "timeline.md")
    phrases = {links.passages_phrase(f.key) for f in two.facts}
    assert any(re.fullmatch(r"a sentence in the article of .+, \d+ \w+ \d{4}", p) for p in phrases), phrases


def test_passages_that_share_a_sentence_are_counted_as_passages(tmp_path: Path) -> None:
    """Two selectors in one sentence are two links but one sentence: the summary says "2 passages"."""
    folder = Path(shutil.copytree(FIXTURES / "mini", tmp_path / "content"))
    replace_once(folder / "timeline.yaml", '      - exact: "signed the harbour deal on Monday, March 2, 2020."\n',
                 '      - exact: "signed the harbour deal"\n      - exact: "on Monday, March 2, 2020."\n')
    content = load_content(folder)
    links = _Links(content, "timeline.md")
    assert links.passage_unit("event:deal-signed") == "passage"
    assert links.passages_phrase("event:deal-signed") == "2 passages in the article"
    assert "<summary>Sources: 2 passages in the article</summary>" in render_pages(content)["timeline.md"]
    assert links.passage_unit("event:dockers-strike") == "sentence"


# --- the quotes page -------------------------------------------------------------------------------------

def test_quotes_page_puts_named_speakers_first_and_unattributed_words_last(tmp_path: Path) -> None:
    """Named speakers, then unnamed sources, then unattributed words, each in YAML order of first
    appearance, even when the YAML starts with the unattributed quote."""
    folder = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    replace_once(folder / "quotes.yaml", "speaker: barack-obama", "speaker: unattributed")
    replace_once(folder / "actors.yaml", "    according_to: associated-press\n", "")  # Obama: keep a reference
    replace_once(folder / "quotes.yaml", "  - id: distant-descendants\n    speaker: maria-zakharova\n",
                 "  - id: distant-descendants\n"
                 "    speaker: {unnamed: a spokeswoman for Lavrov, affiliation: sergey-lavrov}\n")
    content = load_content(folder)
    assert content.quotes[0].speaker.unattributed
    page = render_pages(content)["quotes.md"]
    headings = re.findall(r"^## (.+?) \{ #speaker-", page, re.MULTILINE)
    assert headings == ["Dmitry Peskov", "Maria Zakharova", "State Department official \\(unnamed\\)",
                        "A spokeswoman for Lavrov",
                        "Unattributed"], headings
    assert section(page, "## A spokeswoman for Lavrov").count(
        "The article does not name this speaker; the site does not guess who it is.\n{: .speaker-note }") == 1
    assert "speaker-note" not in section(page, "## Maria Zakharova")


def test_quote_context_is_labelled_and_kept_out_of_the_byline(sochi: tuple[Content, dict[str, str]]) -> None:
    """The figure holds the quote and its byline (speaker, medium); the context follows it as a labelled
    paragraph in the site's words, then the labelled issues."""
    content, pages = sochi
    page = pages["quotes.md"]
    quote = next(q for q in content.quotes if q.id == "peskov-never-initiated-freeze")
    at = page.index(f'id="q-{quote.id}"')
    caption = page[page.index("<figcaption markdown>", at):page.index("</figcaption>", at)]
    assert caption.strip().endswith("to journalists in Sochi"), caption
    after = page[page.index("</figure>", at):]
    context = after[:after.index("{: .quote-context }")]
    assert '<span class="label">Context, in this site’s words:</span> Putin’s spokesman' in context
    assert '<span class="label">Issues:</span> [' in after[:after.index("{: .quote-issues }")]


# --- the source page's header ----------------------------------------------------------------------------

def test_source_page_header_says_what_the_article_is(sochi: tuple[Content, dict[str, str]]) -> None:
    """Above the article: its headline and "Published by <outlet>, <date>."; the page's programme label and
    photo fields are kept in "About this copy of the article", labelled as what they are."""
    content, pages = sochi
    page = pages["source.md"]
    head, _, rest = page.partition("## The article")
    assert f"“{content.story.headline}”\n{{: .source-headline }}" in head.replace("\\", "")
    assert "Published by [The Associated Press](actors/associated-press.md), 12 May 2015.\n{: .source-byline }" in head
    assert "Programme" not in head and "Photo" not in head
    about = rest[rest.index('<details class="source-about"'):]
    assert "Programme label on the original page: World Today\n{: .article-programme }" in about
    assert "Photo caption: " in about and "Photo credit: " in about
