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
from generator.split import quotes_in_page_order, speaker_rank
from generator.words import clip_words

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
    ("Positions taken", a lead that reads right for every name: "Where Western nations stands" did not),
    then each other issue in YAML order, saying what ties him to it: named on the issue, his events about it
    (the first few linked, the rest counted)."""
    content, pages = sochi
    issues = section(pages["actors/john-kerry.md"], "## Issues")
    stands, _, others = issues.partition("Also part of:\n{: .issues-lead }")
    assert "Positions taken:\n{: .issues-lead }" in stands
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
    assert "Positions taken" not in crowley
    assert "Part of these issues:\n{: .issues-lead }" in crowley
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
    without segments, "the article"; with several sources, from its publisher (date)."""
    _, pages = sochi
    assert "[Source\\: a sentence in the AP story](" in pages["index.md"]
    assert "<summary>Sources: 2 sentences in the AP story</summary>" in pages["actors/dmitry-peskov.md"]
    mini = render_pages(load_content(FIXTURES / "mini"))
    assert "[Source\\: a sentence in the article](source.md#x-" in mini["timeline.md"]
    two = load_content(FIXTURES / "two")
    links = _Links(two, "timeline.md")
    phrases = {links.passages_phrase(f.key) for f in two.facts}
    assert "a sentence from The Vale Gazette (1 June 2021)" in phrases, phrases


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
    """Above the article: its headline (its first line) and "Published by <outlet>."; the page's programme label and
    photo fields are kept in "About this copy of the article", labelled as what they are."""
    content, pages = sochi
    page = pages["source.md"]
    head, _, rest = page.partition("## The article")
    assert f"“{content.story.headline}”\n{{: .source-headline }}" in head.replace("\\", "")
    # the one-source form gives no date of its own (its date defaults to the dateline: when the story happened)
    assert "Published by [The Associated Press](actors/associated-press.md).\n{: .source-byline }" in head
    assert "Programme" not in head and "Photo" not in head
    about = rest[rest.index('<details class="source-about"'):]
    assert "Programme label on the original page: World Today\n{: .article-programme }" in about
    assert "Photo caption: " in about and "Photo credit: " in about


# --- review of the people pages (stop 19) ----------------------------------------------------------------

def test_no_position_record_is_not_called_no_stated_position(sochi: tuple[Content, dict[str, str]]) -> None:
    """A missing position record only means none was recorded: Kerry is on the S-300 issue (the United
    States' position says he would make the case to Putin), so his page heads it neutrally; "the article
    gives no position" is said only where the issue lists the actor under ``no_position``."""
    content, pages = sochi
    kerry = pages["actors/john-kerry.md"]
    assert "no stated position" not in "".join(pages.values())
    assert "\nAlso part of:\n{: .issues-lead }" in kerry
    s300 = next(line for line in section(kerry, "## Issues").splitlines() if "s300-air-defense-for-iran" in line)
    assert "no position" not in s300
    for actor in content.actors:
        _, others = content.issue_ties(actor.id)
        issues = section(pages[f"actors/{actor.id}.md"], "## Issues") if others else ""
        for tie in others:
            line = next(x for x in issues.splitlines() if f"issues/{tie.issue.id}.md)**" in x)
            assert ("the article gives no position" in line) == (actor.id in tie.issue.no_position), line


def test_an_affiliated_sources_quote_does_not_tie_the_actor(tmp_path: Path) -> None:
    """A quote by "a spokeswoman for Lavrov" is hers, not Lavrov's: his page shows it under Quotes with its
    speaker named, but his Issues list neither quotes it as his nor lists an issue for it alone."""
    folder = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    replace_once(folder / "quotes.yaml", "  - id: distant-descendants\n    speaker: maria-zakharova\n",
                 "  - id: distant-descendants\n"
                 "    speaker: {unnamed: a spokeswoman for Lavrov, affiliation: sergey-lavrov}\n")
    content = load_content(folder)
    page = render_pages(content)["actors/sergey-lavrov.md"]
    assert "“distant”" in section(page, "## Quotes")  # shown, with its speaker
    assert "A spokeswoman for Lavrov" in section(page, "## Quotes") or "a spokeswoman for Lavrov" in section(
        page, "## Quotes")
    issues = section(page, "## Issues")
    assert "distant" not in issues and "quote" not in issues, issues
    _, others = content.issue_ties("sergey-lavrov")
    assert all(q.speaker.actor == "sergey-lavrov" for tie in others for q in tie.quotes)


def test_source_page_quotes_a_headline_only_when_it_is_the_sources_own(tmp_path: Path) -> None:
    """story.headline is the explainer's: the source page quotes it only where it is the source's first
    line (the Sochi and mini articles), never for the two-source story whose gazette is headed otherwise."""
    two = render_pages(load_content(FIXTURES / "two"))
    assert "The Old Mill Bridge is closed”" not in two["source.md"] and "source-headline" not in two["source.md"]
    mini = render_pages(load_content(FIXTURES / "mini"))
    assert "“Harbour deal signed”\n{: .source-headline }" in mini["source.md"]
    folder = Path(shutil.copytree(FIXTURES / "mini", tmp_path / "content"))
    replace_once(folder / "story.yaml", "headline: Harbour deal signed", "headline: Port signs harbour deal")
    assert "source-headline" not in render_pages(load_content(folder))["source.md"]


def test_cite_box_names_the_headline_only_when_it_is_the_sources_own(tmp_path: Path) -> None:
    """"Cite or reuse" puts a headline in quotation marks as the cited article's only where the source bears
    it out, as the source page does: the mini article is headed by its story's headline; once the
    explainer's headline differs, the citation gives the outlet and date without a title."""
    def citations(content: Content) -> list[str]:
        pages = render_pages(content)
        return [box.split("</code></pre>")[0].split("\n")[-2] for page in pages.values()
                for box in page.split('<details class="cite-fact"')[1:]]

    mini = citations(load_content(FIXTURES / "mini"))
    assert mini and all("“Harbour deal signed”" in line for line in mini)
    folder = Path(shutil.copytree(FIXTURES / "mini", tmp_path / "content"))
    replace_once(folder / "story.yaml", "headline: Harbour deal signed", "headline: Port signs harbour deal")
    edited = citations(load_content(folder))
    assert len(edited) == len(mini)
    assert not any("“" in line for line in edited), edited


def test_home_counts_the_actors_the_whos_who_lists(sochi: tuple[Content, dict[str, str]]) -> None:
    """Home's "Who’s who: all N actors" counts the people the who's-who page lists: the article's credits (its
    publisher, reporters) are on the About page, and counting them promised four more than the page shows."""
    content, pages = sochi
    listed = pages["actors/index.md"].count('- <span class="avatar"')
    assert content.credits() and listed == len(content.actors) - len(content.credits())
    assert f"Who’s who: all {listed} actors]" in pages["index.md"]


def test_single_source_byline_gives_only_its_own_publication_date(tmp_path: Path) -> None:
    """The one-source form's ``date`` defaults to the dateline (when the story happened): the byline then
    names the publisher without a date; a ``date`` given for the source is its publication date, shown."""
    folder = Path(shutil.copytree(FIXTURES / "mini", tmp_path / "content"))
    content = load_content(folder)
    publisher = content.actor(content.story.publisher).name
    page = render_pages(content)["source.md"]
    assert f"Published by [{publisher}](actors/port-vale.md).\n{{: .source-byline }}" in page
    replace_once(folder / "story.yaml", "  file: sources/article.txt\n",
                 "  file: sources/article.txt\n  date: \"2020-03-03\"\n")
    page = render_pages(load_content(folder))["source.md"]
    assert f"Published by [{publisher}](actors/port-vale.md), 3 March 2020.\n{{: .source-byline }}" in page


def test_several_sources_are_named_without_commas_and_separated_by_semicolons() -> None:
    """With several sources a place is "from <publisher> (<date>)" (a council statement is not called an
    article) and places are separated by "; ", so the dates' commas never read as list commas."""
    two = load_content(FIXTURES / "two")
    links = _Links(two, "timeline.md")
    both = [f.key for f in two.facts if len(set(two.cited_in[f.key])) == 2]
    assert both
    for key in both:
        phrase = links.passages_phrase(key)
        assert phrase == "1 sentence from The Vale Gazette (1 June 2021); 1 from Port Vale city council (3 June 2021)"
    assert "the article of" not in "".join(render_pages(two).values())


def test_a_headline_or_label_is_a_passage_not_a_sentence(sochi: tuple[Content, dict[str, str]]) -> None:
    """A cited headline, programme label or photo credit has no sentence-ending punctuation: it is counted
    as a passage ("2 passages in the page’s headline and programme label"), and so is every passage of that
    fact; a fact resting on prose sentences only still says "sentences"."""
    _, pages = sochi
    everything = "".join(pages.values())
    assert "sentences in the page’s headline" not in everything
    assert "passages in the page’s headline and programme label" in everything
    mini = load_content(FIXTURES / "mini")
    headline = next(f.key for f in mini.facts if mini.sentences(f.key) == [mini.story.headline])
    assert _Links(mini, "index.md").passages_phrase(headline) == "a passage in the article"
    assert "<summary>Sources: 2 sentences in the AP story</summary>" in pages["actors/dmitry-peskov.md"]


def test_clip_words_keeps_to_its_width() -> None:
    """At most ``width`` characters in all, "…" included; whole words where any fit, else cut like clip."""
    assert clip_words("abcdefghijklmnop qr", 10) == "abcdefghi…"  # was 11 characters: the first 10 and "…"
    assert clip_words("abc def ghi jkl", 10) == "abc def…"
    assert clip_words("abc defghi jkl", 10) == "abc…"  # "abc defghi" is 10: it does not fit beside "…"
    assert clip_words("abc def, ghi", 9) == "abc def…"
    assert clip_words("short", 10) == "short"
    for width in range(2, 30):
        for text in ("a" * 40, "one two three four five six seven", "x " * 20):
            assert len(clip_words(text, width)) <= width


def test_speaker_rank_reads_the_speaker_not_its_key(tmp_path: Path) -> None:
    """Named actors rank 0, unnamed sources 1, unattributed words 2: read from the speaker, and the quotes
    page's order follows the ranks."""
    folder = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    replace_once(folder / "quotes.yaml", "  - id: distant-descendants\n    speaker: maria-zakharova\n",
                 "  - id: distant-descendants\n"
                 "    speaker: {unnamed: a spokeswoman for Lavrov, affiliation: sergey-lavrov}\n")
    replace_once(folder / "quotes.yaml", "speaker: barack-obama", "speaker: unattributed")
    replace_once(folder / "actors.yaml", "    according_to: associated-press\n", "")  # Obama: keep a reference
    content = load_content(folder)
    ranks = {q.id: speaker_rank(q) for q in content.quotes}
    assert ranks["distant-descendants"] == 1
    assert {speaker_rank(q) for q in content.quotes if q.speaker.actor} == {0}
    assert {speaker_rank(q) for q in content.quotes if q.speaker.unattributed} == {2}
    order = [speaker_rank(q) for q in quotes_in_page_order(content.quotes)]
    assert order == sorted(order)
