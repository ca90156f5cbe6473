"""Who says so: ``according_to``, unnamed speakers, outlet segments and both sides of an issue.

The checks run on scratch copies of the fixture stories (``tests/fixtures/mini`` and the frozen
first story ``tests/fixtures/sochi``), loaded with :func:`generator.content.load_content`; the
pages are the Markdown :func:`generator.render.render_pages` writes, and one test reads the
HTML of a real build.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import CONTENT, mkdocs_build, replace_once

from generator.attribution import reported_speech
from generator.content import Content, load_content
from generator.problems import ContentError, Problem, Severity
from generator.provenance import SourceText, Span
from generator.render import _Links, render_pages

MINI = Path(__file__).parent / "fixtures" / "mini"


def copy(tmp_path: Path, fixture: Path = CONTENT) -> Path:
    """A scratch copy of ``fixture`` to edit."""
    return Path(shutil.copytree(fixture, tmp_path / "content"))


def line_of(folder: Path, name: str, text: str) -> int:
    """1-based line of the one line of ``content/<name>`` that contains ``text``."""
    lines = (folder / name).read_text(encoding="utf-8").split("\n")
    found = [n for n, line in enumerate(lines, start=1) if text in line]
    assert len(found) == 1, (text, found)
    return found[0]


def problems(folder: Path) -> list[Problem]:
    """Every problem of the story in ``folder`` (warnings of a story that loads, or all)."""
    try:
        return list(load_content(folder).warnings)
    except ContentError as exc:
        return list(exc.problems)


def jsonld(markdown: str) -> dict[str, object]:
    """The JSON-LD object in a rendered page's front matter."""
    front = markdown.split("\n---\n", 1)[0].splitlines()
    line = next(line for line in front if line.startswith("jsonld: "))
    loaded: dict[str, object] = json.loads(json.loads(line.removeprefix("jsonld: ")))
    return loaded


# --- reported speech -------------------------------------------------------------------------

TEXT = ("Kerry will press Moscow to support a transition, the officials said. "
        "Russia was party to that deal; although the U.S. was not, one official said it matters. "
        "Kerry laid a wreath. Western nations say Russia arms them — all claims Moscow denies.\n")


@pytest.mark.parametrize(("exact", "cue"), [
    ("Kerry will press Moscow", "said"),
    ("although the U.S. was not", "said"),
    ("Western nations say Russia arms them", "say"),
    ("all claims Moscow denies", "claims"),
    ("Russia was party to that deal", None),
    ("Kerry laid a wreath", None),
])
def test_reported_speech_is_found_in_the_clause_the_evidence_reaches(exact: str, cue: str | None) -> None:
    """A reporting word counts in the clause (between semicolons and dashes) the evidence points into, not elsewhere
    in the sentence: 'Russia was party to that deal' is the article's own statement."""
    source = SourceText(TEXT)
    at = source.text.index(exact)
    assert reported_speech(source, Span(at, at + len(exact))) == cue


def test_statement_on_reported_speech_without_according_to_warns_at_its_text(tmp_path: Path) -> None:
    """The union 'said' it: without according_to, a warning at the summary's line and column, naming the cue and the
    source line; the mayor's summary, on a sentence without reported speech, gives none."""
    folder = copy(tmp_path, MINI)
    replace_once(folder / "actors.yaml", "    according_to: dockers-union\n", "")
    found = problems(folder)
    assert [(p.line, p.col, p.message) for p in found] == [(
        line_of(folder, "actors.yaml", "summary: Said the deal"), 14,
        "actors[2] (dockers-union).summary: the evidence is reported speech (“said” in actors[2].evidence[0], "
        "source line 5) but the statement does not say who says so")]
    assert found[0].hint.startswith("add according_to: the actor's id, or the article's words for the source")
    assert all(p.severity is Severity.WARNING for p in found)
    assert not any("actors[0]" in p.message for p in found)  # Ana Ruiz: "signed the harbour deal"


def test_according_to_clears_the_warning_and_shows_on_the_page(tmp_path: Path) -> None:
    """With according_to the story loads without warnings and the page says 'according to <name>' (linked) or
    '<name> <verb>'."""
    content = load_content(MINI)
    assert content.warnings == ()
    pages = render_pages(content)
    assert "(according to [The dockers’ union](dockers-union.md))" in pages["actors/dockers-union.md"]
    assert "([The dockers’ union](../actors/dockers-union.md) said)" in pages["issues/harbour-deal.md"]


def test_an_unnamed_source_must_be_the_articles_words(tmp_path: Path) -> None:
    """An unnamed source, or a verb, that the evidence's sentences do not contain is an error at that value."""
    folder = copy(tmp_path, MINI)
    replace_once(folder / "issues.yaml", "{actor: dockers-union, verb: said}",
                 '{unnamed: "union leaders", verb: wrote}')
    found = [p for p in problems(folder) if p.severity is Severity.ERROR]
    line = line_of(folder, "issues.yaml", "union leaders")
    assert [(p.line, p.message.split(":")[0]) for p in found] == [
        (line, "issues[0] (harbour-deal).positions[1].according_to.unnamed"),
        (line, "issues[0] (harbour-deal).positions[1].according_to.verb")]
    assert "“union leaders” is not in the sentences the evidence points to" in found[0].message
    assert "“The dockers’ union said the deal came" in found[0].hint


def test_according_to_names_a_known_actor(tmp_path: Path) -> None:
    """An id in according_to is a reference like any other: unknown ids are errors with a suggestion."""
    folder = copy(tmp_path, MINI)
    replace_once(folder / "actors.yaml", "    according_to: dockers-union\n", "    according_to: dockers-unoin\n")
    found = problems(folder)
    assert [(p.line, p.col, p.message, p.hint) for p in found] == [
        (line_of(folder, "actors.yaml", "dockers-unoin"), 19,
         "actors[2] (dockers-union).according_to: unknown actor 'dockers-unoin'",
         "did you mean 'dockers-union'?")]


def test_source_links_name_their_outlet(sochi: tuple[Content, dict[str, str]]) -> None:
    """A source link says whose words it leads to: the segment's label ("AP") or its outlet's name ("CCTV"),
    numbered only within an outlet; a passage in a segment without an outlet keeps "passage n" / "source n".
    The folded list's summary says what its links are: "3 passages in CCTV’s reports" (one is the report's
    heading, not a sentence), counted per segment in order of first use, named as the segment is ("the AP
    story"), places separated by "; "."""
    _, pages = sochi
    timeline = pages["timeline.md"]
    cctv = timeline[timeline.index('id="e-cctv-report-from-moscow"'):]
    summary = cctv.index("<summary>Sources: 3 passages in CCTV’s reports</summary>")
    assert summary < cctv.index("- [CCTV 1](source.md#x-")
    assert "- [CCTV 3](source.md#x-" in cctv and "AP" not in cctv[:cctv.index("</details>")]
    peskov = pages["actors/dmitry-peskov.md"]
    assert "<summary>Sources: 2 sentences in the AP story</summary>" in peskov
    assert "- [AP 2](../source.md#x-2247-2287)" in peskov
    home = pages["index.md"]  # the story's summary rests on the headline (no outlet), the AP story and CCTV
    assert ("<summary>Sources: 2 passages in the page’s headline and programme label; 12 in the AP story; "
            "1 in CCTV’s reports</summary>") in home
    assert "- [passage 1](source.md#x-0-55){ .source-link }" in home
    assert "Sources (" not in "".join(pages.values())  # the old count without a noun is gone everywhere
    # inline (after a statement): the outlet's name once per run, then numbers; a change of outlet names it again
    content, _ = sochi
    inline = re.findall(r"\[([^\]]+)\]\(source\.md#x-\d+-\d+\)\{ \.source-link \}",
                        _Links(content, "index.md").sources("story"))
    assert inline == ["source 1", "2", "AP 1", *map(str, range(2, 12)), "CCTV", "AP 12"]


def test_cite_this_fact_names_the_outlet_whose_words_it_rests_on(sochi: tuple[Content, dict[str, str]]) -> None:
    """"Cite or reuse this fact" credits CCTV for a fact resting on CCTV's report, the AP for the AP story's."""
    _, pages = sochi
    timeline = pages["timeline.md"]

    def credit(event_id: str) -> str:
        box = timeline[timeline.index(f"record <code>event:{event_id}</code>"):]
        return box[:box.index("</code></pre>")].split("\n")[-2]

    assert credit("cctv-report-from-moscow").startswith("CCTV, “")
    assert credit("kerry-meets-putin").startswith("The Associated Press, “")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    according_to: dockers-union\n    evidence:", "    according_to: unattributed\n    evidence:",
     "actors[2] (dockers-union).according_to: 'unattributed' is for a quote's speaker"),
    ("    according_to: dockers-union\n    evidence:", "    according_to: {actor: dockers-union, unnamed: union}\n"
     "    evidence:", "actors[2] (dockers-union).according_to[0]: give either 'actor' (an actor id) or 'unnamed' "
     "(the article's words), not both or neither"),
])
def test_malformed_according_to_is_an_error_at_its_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    """'unattributed' names no source of a statement, and a mapping names one source, by id or in words."""
    folder = copy(tmp_path, MINI)
    replace_once(folder / "actors.yaml", old, new)
    found = [p for p in problems(folder) if p.severity is Severity.ERROR]
    assert [(p.line, p.message) for p in found] == [(line_of(folder, "actors.yaml", new.split("\n")[0]), message)]


# --- quote speakers ------------------------------------------------------------------------

def test_unnamed_speaker_renders_as_the_article_words_it(tmp_path: Path) -> None:
    """A quote by 'a spokeswoman for Lavrov' shows those words (its heading capitalised; never a name the
    article does not give) on the quotes page, and JSON-LD's Quotation creator is a Person named by the same
    words, affiliated with Lavrov."""
    folder = copy(tmp_path)
    replace_once(folder / "quotes.yaml", "  - id: distant-descendants\n    speaker: maria-zakharova\n",
                 "  - id: distant-descendants\n"
                 "    speaker: {unnamed: a spokeswoman for Lavrov, affiliation: sergey-lavrov}\n")
    content = load_content(folder)
    assert content.warnings == ()
    page = render_pages(content)["quotes.md"]
    start = page.index("## A spokeswoman for Lavrov { #speaker-unnamed-1 }")
    block = page[start:page.find("\n## ", start + 1) % (len(page) + 1)]  # to the next speaker or the end
    assert "The article does not name this speaker; the site does not guess who it is." in block
    assert '<figcaption markdown>\n<span class="unnamed-source">a spokeswoman for Lavrov</span>\n' in block
    assert "Zakharova" not in block.split("The article attributes")[0]
    # named speakers come before the unnamed one, whatever the YAML order (Zakharova is later in it)
    assert page.index("## Maria Zakharova") < start
    creators = {item["text"]: item.get("creator") for item in jsonld(page)["itemListElement"]}  # type: ignore[attr-defined]
    assert creators["distant"]["name"] == "a spokeswoman for Lavrov"
    assert creators["distant"]["affiliation"] == {"@type": "Person", "name": "Sergey Lavrov"}
    # the actor page of the affiliation lists the quote, with its speaker's words
    lavrov = render_pages(content)["actors/sergey-lavrov.md"]
    assert ('<figcaption markdown>\n<span class="unnamed-source">a spokeswoman for Lavrov</span>. '
            "At a working lunch") in lavrov


def test_unattributed_speaker_says_so(tmp_path: Path) -> None:
    """`speaker: unattributed` names nobody: the page says the article does not say who, JSON-LD has no creator."""
    folder = copy(tmp_path)
    replace_once(folder / "quotes.yaml", "speaker: barack-obama", "speaker: unattributed")
    replace_once(folder / "actors.yaml", "    according_to: associated-press\n", "")  # Obama: keep a reference
    content = load_content(folder)
    page = render_pages(content)["quotes.md"]
    assert "## Unattributed { #speaker-unattributed }" in page
    assert '<figure class="pull-quote pull-quote--short" id="q-reset-ties-with-moscow" markdown>' in page
    assert "The article does not say who used these words" in page
    reset = next(i for i in jsonld(page)["itemListElement"] if i["text"] == "reset")  # type: ignore[attr-defined]
    assert "creator" not in reset


def test_an_actors_name_as_speaker_asks_for_its_id(tmp_path: Path) -> None:
    """Words that are an actor's name are that actor: the editor is asked for the id, never shown an
    'unnamed source' that the story names."""
    folder = copy(tmp_path)
    replace_once(folder / "quotes.yaml", "speaker: barack-obama", "speaker: Barack Obama")
    found = [p for p in problems(folder) if p.severity is Severity.ERROR]
    assert [(p.line, p.message, p.hint) for p in found] == [
        (4, "quotes[0] (reset-ties-with-moscow).speaker: 'Barack Obama' is the name of an actor",
         "write its id, barack-obama")]


def test_misspelt_speaker_is_still_an_unknown_actor(tmp_path: Path) -> None:
    """A speaker written as an id (lowercase, hyphens) must be an actor: words are told apart by their form."""
    folder = copy(tmp_path)
    replace_once(folder / "quotes.yaml", "speaker: barack-obama", "speaker: barak-obama")
    found = problems(folder)
    assert [(p.line, p.col, p.message) for p in found if p.severity is Severity.ERROR] == [
        (4, 14, "quotes[0] (reset-ties-with-moscow).speaker: unknown actor 'barak-obama'")]


# --- outlet segments -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def sochi() -> tuple[Content, dict[str, str]]:
    content = load_content(CONTENT)
    return content, render_pages(content)


def test_segments_resolve_to_the_facts_that_rest_on_them(sochi: tuple[Content, dict[str, str]]) -> None:
    """Each fact knows the outlet segments its evidence lies in: Peskov's words the AP's, the 'positive' report
    CCTV's, the overview (headline to CCTV) all three."""
    content, _ = sochi
    assert [p.segment.name for p in content.outlets.of("actor:dmitry-peskov")] == ["the AP story"]
    assert [p.segment.outlet for p in content.outlets.of("event:cctv-report-from-moscow")] == ["cctv"]
    assert [p.number for p in content.outlets.of("story")] == [1, 2, 3]


def test_statements_show_their_outlet_and_the_source_page_marks_segments(
        sochi: tuple[Content, dict[str, str]]) -> None:
    """A statement says which outlet's words it rests on, linked to the segment; the source page heads each segment
    with its name and outlet, in reader's words (no line numbers)."""
    _, pages = sochi
    assert "in [CCTV’s reports](source.md#seg-3))</span>" in pages["timeline.md"]
    assert "(according to [Dmitry Peskov](dmitry-peskov.md); in [the AP story](../source.md#seg-2))" in pages[
        "actors/dmitry-peskov.md"]
    source = pages["source.md"]
    assert "### The AP story { #seg-2 .segment-heading }" in source
    assert "Reported by [The Associated Press](actors/associated-press.md).\n{: .segment-meta }" in source
    assert "Lines 5" not in source and "source file" not in source
    assert "### CCTV’s reports { #seg-3 .segment-heading }" in source
    assert source.index("#seg-2") < source.index("Story by the Associated Press") < source.index("#seg-3")


def test_jsonld_names_each_outlet_as_author(sochi: tuple[Content, dict[str, str]]) -> None:
    """The NewsArticle has one part per segment, authored by its outlet; a quote rests on its segment."""
    _, pages = sochi
    parts = jsonld(pages["source.md"])["hasPart"]
    assert [(p["name"], p.get("author", {}).get("name")) for p in parts] == [  # type: ignore[attr-defined]
        ("the page’s headline and programme label", None), ("the AP story", "The Associated Press"),
        ("CCTV’s reports", "CCTV")]
    quotes = jsonld(pages["quotes.md"])["itemListElement"]
    assert all(q["isBasedOn"]["author"]["name"] == "The Associated Press" for q in quotes)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("old", "new", "message"), [
    ('"1-3"', '"1–3"', None),
    ('"1-3"', '"1-60"', "source.segments[0].lines: the source has 50 lines, not 60"),
    ('"44-50"', '"40-50"', "source.segments[2].lines: lines 40-50 overlap or come before the previous segment "
                           "(which ends on line 41)"),
    ('"44-50"', '"50-44"', "source.segments[2].lines: '50-44' ends before it starts"),
])
def test_segment_lines_are_checked(tmp_path: Path, old: str, new: str, message: str | None) -> None:
    """Segments lie inside the source and follow each other without overlap; an error at the line range."""
    folder = copy(tmp_path)
    replace_once(folder / "story.yaml", f"      lines: {old}\n", f"      lines: {new}\n")
    found = [p for p in problems(folder) if p.severity is Severity.ERROR]
    if message is None:
        assert found == []
    else:
        assert [p.message for p in found] == [message]
        line = (folder / "story.yaml").read_text(encoding="utf-8").split("\n").index(f"      lines: {new}") + 1
        assert (found[0].line, found[0].col) == (line, 14)


def test_evidence_outside_every_segment_warns(tmp_path: Path) -> None:
    """Once a source has segments, a cited passage in no segment is a warning at its selector."""
    folder = copy(tmp_path)
    replace_once(folder / "story.yaml", '      lines: "44-50"\n', '      lines: "44-49"\n')
    found = problems(folder)
    assert found and all(p.severity is Severity.WARNING and "lies in no segment" in p.message for p in found)
    assert any("source line 50" in p.message for p in found)


def test_outlets_appear_in_the_built_html(tmp_path: Path) -> None:
    """In the built site the segment headings carry their ids and a statement links to its segment."""
    project = tmp_path / "project"
    from conftest import make_project

    make_project(project)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    source = BeautifulSoup((tmp_path / "site" / "source" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [h.get_text(strip=True).rstrip("¶") for h in source.select("h3.segment-heading")] == [
        "The page’s headline and programme label", "The AP story", "CCTV’s reports"]
    kerry = BeautifulSoup((tmp_path / "site" / "actors" / "dmitry-peskov" / "index.html").read_text(
        encoding="utf-8"), "html.parser")
    span = kerry.select_one("span.according-to")
    assert span is not None and span.get_text() == "(according to Dmitry Peskov; in the AP story)"
    assert span.find("a", string="the AP story")["href"] == "../../source/#seg-2"  # type: ignore[index]
    # the folded source list names its outlets as plain text, and each link its outlet
    home = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    summaries = [s.get_text() for s in home.select("details.cite > summary")]
    assert ("Sources: 2 passages in the page’s headline and programme label; 12 in the AP story; 1 in CCTV’s "
            "reports") in summaries, summaries
    assert "Sources: 1 sentence in CCTV’s reports; 1 in the AP story" in summaries, summaries
    assert "Source: a sentence in the AP story" in [a.get_text() for a in home.select("a.source-link")]


# --- both sides -----------------------------------------------------------------------------

def test_both_sides_warning_fires_and_clears(tmp_path: Path) -> None:
    """An issue that names Iran and Israel but gives no position for them warns once per side at its id; listing
    them under no_position clears it, and the page then says the article gives none."""
    folder = copy(tmp_path)
    replace_once(folder / "issues.yaml", "    no_position: [iran, israel]\n", "")
    found = problems(folder)
    line = 1 + (folder / "issues.yaml").read_text(encoding="utf-8").splitlines().index(
        "  - id: s300-air-defense-for-iran")
    assert [(p.line, p.message.split(" but ")[0]) for p in found] == [
        (line, "issues[5] (s300-air-defense-for-iran): names Iran"),
        (line, "issues[5] (s300-air-defense-for-iran): names Israel")]
    assert "list 'iran' under no_position" in found[0].hint
    content = load_content(CONTENT)
    assert content.warnings == ()
    page = render_pages(content)["issues/s300-air-defense-for-iran.md"]
    assert "The article gives no position for [Iran](../actors/iran.md) or [Israel](../actors/israel.md)." in page


def test_a_side_is_answered_by_any_of_its_actors(tmp_path: Path) -> None:
    """Sides follow affiliation: a position by Dmitry Peskov answers for Russia, so naming Sergey Lavrov (Russian
    side too) needs nothing more; a side of its own (the separatists) does."""
    folder = copy(tmp_path)
    replace_once(folder / "issues.yaml", "    no_position: [ukrainian-government, pro-russia-separatists]\n",
                 "    no_position: [ukraine]\n")
    found = problems(folder)
    assert [p.message.split(" but ")[0] for p in found] == [
        "issues[1] (ukraine-ceasefire): names Pro-Russia separatists"]
