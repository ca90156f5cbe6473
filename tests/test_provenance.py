"""Provenance: selectors into the source text, verbatim quotes, the fingerprint and coverage.

Most tests call :class:`generator.provenance.SourceText` directly on a few lines of text;
the file-level ones edit a scratch copy of the real content and run ``python -m generator
check`` to see exactly what an editor sees.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from conftest import CONTENT, SOURCE_NAME, generator, mkdocs_build

from generator import content as content_module
from generator import pages
from generator.content import Content, load_content
from generator.escape import text_fragment
from generator.provenance import Miss, SourceText, Span, coverage
from generator.render import render_pages
from generator.schema import TextQuoteSelector

Edit = Callable[[str, str, str], None]

ARTICLE = (
    "The U.S. envoy met the minister. They talked for hours.\n"
    "\n"
    "The envoy said “we are always open for a broader dialogue,” and left.\n"
    "Photo caption: the envoy arrives\n"
    "(Photographer/Pool via AP)\n"
    "Kerry’s trip ended. The envoy said nothing more.\n"
)


def sel(exact: str, prefix: str | None = None, suffix: str | None = None) -> TextQuoteSelector:
    """A selector, validated by the schema (which normalises ``exact`` to NFC)."""
    return TextQuoteSelector.model_validate({"exact": exact, "prefix": prefix, "suffix": suffix})


def check_lines(project: Path, *args: str) -> tuple[int, list[str]]:
    """Run ``python -m generator check ARGS`` on ``project``; return the exit code and stderr lines."""
    result = generator("check", *args, cwd=project)
    return result.returncode, result.stderr.splitlines()


@pytest.fixture(scope="module")
def real() -> Content:
    """The repository's content, loaded once."""
    return load_content(CONTENT)


# --------------------------------------------------------------------------- resolving selectors


def test_exact_passage_resolves_to_its_span() -> None:
    """An exact that occurs once resolves to the Span of its characters."""
    source = SourceText(ARTICLE)
    found = source.resolve(sel("They talked for hours."))
    assert isinstance(found, Span)
    assert source.text[found.start:found.end] == "They talked for hours."
    assert found == Span(ARTICLE.index("They"), ARTICLE.index("They") + len("They talked for hours."))


def test_missing_exact_reports_nearest_passage() -> None:
    """An exact that is not in the source is a Miss whose hint quotes the nearest sentence."""
    found = SourceText(ARTICLE).resolve(sel("They talked for days."))
    assert isinstance(found, Miss)
    assert found.message == "exact text not found in the source"
    assert "“They talked for >>hours.<<”" in found.hint  # the first word that differs, marked


def test_one_changed_character_in_real_content_fails_at_that_value(project: Path, edit: Edit) -> None:
    """One changed character in a real exact fails `check` at that value's file:line:col, with the nearest passage."""
    edit("story.yaml", 'exact: "World Today"', 'exact: "World Todey"')
    lines = (project / "content" / "story.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if '"World Todey"' in text)
    col = lines[line - 1].index('"World Todey"') + 1
    code, errors = check_lines(project)
    assert code == 1
    found = [e for e in errors if "exact text not found" in e]
    assert len(found) == 1, errors
    assert found[0].startswith(f"content/story.yaml:{line}:{col}: "), found
    assert "nearest passage is “World >>Today<<”" in found[0]


def test_twice_occurring_exact_is_ambiguous() -> None:
    """An exact that occurs twice, with no prefix or suffix, is a Miss naming the count and the lines."""
    found = SourceText(ARTICLE).resolve(sel("The envoy said"))
    assert isinstance(found, Miss)
    assert found.message == "exact text occurs 2 times in the source (lines 3, 6)"
    assert "prefix or suffix" in found.hint


def test_prefix_or_suffix_picks_the_right_occurrence() -> None:
    """A prefix or a suffix that fits one occurrence resolves the ambiguous exact to that one."""
    source = SourceText(ARTICLE)
    first, second = ARTICLE.index("The envoy said"), ARTICLE.rindex("The envoy said")
    assert source.resolve(sel("The envoy said", suffix=" “we")) == Span(first, first + 14)
    assert source.resolve(sel("The envoy said", suffix=" nothing")) == Span(second, second + 14)
    assert source.resolve(sel("The envoy said", prefix="ended. ")) == Span(second, second + 14)
    assert source.resolve(sel("The envoy said", prefix="\n")) == Span(first, first + 14)


def test_ambiguous_exact_in_real_content_names_count_and_lines(project: Path, edit: Edit) -> None:
    """`check` reports an exact that occurs twice in the real article with the count and both line numbers."""
    edit("story.yaml", 'exact: "Story by the Associated Press"', 'exact: "U.S. Secretary of State John Kerry"')
    text = (project / "content" / SOURCE_NAME).read_text(encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if "U.S. Secretary of State John Kerry" in line]
    assert len(lines) == 2
    code, errors = check_lines(project)
    assert code == 1
    assert any(f"occurs 2 times in the source (lines {lines[0]}, {lines[1]})" in e for e in errors), errors


@pytest.mark.parametrize(
    ("prefix", "suffix"),
    [("The minister ", None), (None, " and stayed"), ("U.S. ", " met")],
)
def test_prefix_or_suffix_that_does_not_match_fails(prefix: str | None, suffix: str | None) -> None:
    """A prefix or suffix that fits no occurrence of exact is a Miss, even when exact alone is unique."""
    found = SourceText(ARTICLE).resolve(sel("envoy met the minister", prefix, suffix))
    assert isinstance(found, Miss)
    assert "prefix/suffix do not match" in found.message
    assert "line(s) 1" in found.hint


def test_decomposed_selector_matches_composed_source() -> None:
    """NFC: a decomposed é in a selector (exact or suffix) matches a composed é in the source, and vice versa."""
    composed = SourceText("Un caf\u00e9 noir. Un caf\u00e9 cr\u00e8me.")
    found = composed.resolve(sel("cafe\u0301 noir"))
    assert found == Span(3, 12)
    second = composed.resolve(sel("cafe\u0301", suffix=" cre\u0300me"))
    assert isinstance(second, Span) and composed.text[second.start:second.end + 6] == "caf\u00e9 cr\u00e8me"
    decomposed = SourceText("Un cafe\u0301 noir.")
    assert decomposed.text == "Un caf\u00e9 noir."
    assert decomposed.resolve(sel("caf\u00e9 noir")) == Span(3, 12)


def test_straight_apostrophe_gets_the_curly_hint() -> None:
    """Typing ' where the source has ’ fails with a hint naming the curly apostrophe."""
    found = SourceText(ARTICLE).resolve(sel("Kerry's trip ended."))
    assert isinstance(found, Miss)
    assert found.message == "exact text not found in the source"
    assert "curly apostrophe ’" in found.hint


# --------------------------------------------------------------------------- the fingerprint


def test_changed_source_fails_sha256_and_lists_every_broken_selector(project: Path, real: Content) -> None:
    """Changing one word of the article fails on sha256 and reports every selector covering that word, no more."""
    word, replacement = "Idaho", "Maine"
    at = real.source.occurrences(word)
    assert len(at) == 1, "pick a word the article uses once"
    changed = Span(at[0], at[0] + len(word))
    covering = sum(1 for spans in real.citations.values() for span in spans if span.overlaps(changed))
    assert covering >= 2, "pick a word that several selectors cite"
    path = project / "content" / SOURCE_NAME
    path.write_text(path.read_text(encoding="utf-8").replace(word, replacement), encoding="utf-8")

    code, errors = check_lines(project)
    assert code == 1
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert any("sha256" in e and "has changed" in e and digest in e for e in errors), errors
    assert sum("exact text not found" in e for e in errors) == covering, errors


# --------------------------------------------------------------------------- quotes


def _quoted(source: SourceText, words: str) -> list[Span]:
    start = source.text.index(words)
    return [Span(start, start + len(words))]


def test_paraphrase_is_not_a_quote() -> None:
    """Words that are not verbatim inside quotation marks fail as a quote, naming the nearest quoted passage."""
    source = SourceText(ARTICLE)
    miss = source.check_quote("we are open to a wider dialogue", "full", source.paragraphs)
    assert isinstance(miss, Miss)
    assert "not verbatim inside quotation marks" in miss.message
    assert "“we are >>always<< open for a broader dialogue,”" in miss.hint
    # words from the article, but outside quotation marks, are not a quote either
    assert isinstance(source.check_quote("They talked for hours", "partial", source.paragraphs), Miss)


def test_quoted_passages_containing_words_are_found_once_each_in_order() -> None:
    """quoted_containing returns each quoted passage holding the words once, in source order, and no unquoted text."""
    source = SourceText("He said “no, no” and “no” then no.\nShe said ““” and “yes no”.")
    found = [source.text[q.start:q.end] for q in source.quoted_containing("no")]
    assert found == ["no, no", "no", "yes no"]
    assert source.quoted_containing("then") == []
    assert source.quoted_containing("no” and “no") == []  # spans two passages: in neither


@pytest.mark.parametrize(("passage", "words", "kind", "other", "message"), [
    # a contiguous part of a quoted passage passes as kind: partial and fails as kind: full
    ("The envoy said “we are always open for a broader dialogue,” and left.", "always open for a broader",
     "partial", "full", "only part of the quoted passage"),
    # the whole quoted passage passes as kind: full (its closing comma may be left off) and fails as partial
    ("“we are always open for a broader dialogue,”", "we are always open for a broader dialogue",
     "full", "partial", "whole quoted passage"),
])
def test_quote_kind_is_full_or_partial(passage: str, words: str, kind: str, other: str, message: str) -> None:
    """``kind`` says whether the words are a quoted passage's whole or a part: the right one passes, the other fails."""
    source = SourceText(ARTICLE)
    evidence = _quoted(source, passage)
    assert source.check_quote(words, kind, evidence) is None
    miss = source.check_quote(words, other, evidence)
    assert isinstance(miss, Miss) and message in miss.message


def test_quote_outside_its_evidence_fails() -> None:
    """A verbatim quote fails when none of its evidence spans contains its words."""
    source = SourceText(ARTICLE)
    miss = source.check_quote("always open", "partial", _quoted(source, "They talked for hours."))
    assert isinstance(miss, Miss)
    assert "no evidence selector contains the quoted words" in miss.message


PESKOV = ('text: "We have repeatedly stated at various levels and the president has said that Russia never '
          'initiated the freeze in relations and we are always open for displays of political will for a broader '
          'dialogue"\n    kind: full')


def test_paraphrase_filed_as_quote_fails_check(project: Path, edit: Edit) -> None:
    """`check` rejects a real quote rewritten as a paraphrase, at its text."""
    edit("quotes.yaml", PESKOV, 'text: "Russia never started the freeze in relations"\n    kind: full')
    code, errors = check_lines(project)
    assert code == 1
    assert any(re.search(r"quotes\.yaml:\d+:\d+: .*text.*not verbatim inside quotation marks", e) for e in errors)


@pytest.mark.parametrize(("kind", "ok"), [("partial", True), ("full", False)])
def test_partial_real_quote_passes_only_as_partial(project: Path, edit: Edit, kind: str, ok: bool) -> None:
    """`check` accepts part of Peskov's quoted sentence as kind: partial and rejects it as kind: full."""
    edit("quotes.yaml", PESKOV, f'text: "Russia never initiated the freeze in relations"\n    kind: {kind}')
    code, errors = check_lines(project)
    assert (code == 0) is ok, errors
    if not ok:
        assert any("only part of the quoted passage" in e for e in errors), errors


def test_real_quote_whose_evidence_lacks_its_words_fails(project: Path, edit: Edit) -> None:
    """`check` rejects a real quote whose only evidence no longer contains the quoted words."""
    edit("quotes.yaml",
         'exact: "At a working lunch, Lavrov presented Kerry with tomatoes and potatoes that were “distant” '
         'descendants of the two Idaho potatoes that Kerry gave him last year, a spokeswoman for Lavrov said."',
         'exact: "a spokeswoman for Lavrov said."')
    code, errors = check_lines(project)
    assert code == 1
    assert any("evidence" in e and "no evidence selector contains the quoted words" in e for e in errors), errors


# --------------------------------------------------------------------------- coverage


def test_sentences_respect_us_and_count_caption_lines() -> None:
    """Sentence splitting does not end a sentence at "U.S." and counts caption and credit lines as sentences."""
    source = SourceText(ARTICLE)
    sentences = [source.text[s.start:s.end] for s in source.sentences]
    assert sentences == [
        "The U.S. envoy met the minister.",
        "They talked for hours.",
        "The envoy said “we are always open for a broader dialogue,” and left.",
        "Photo caption: the envoy arrives",
        "(Photographer/Pool via AP)",
        "Kerry’s trip ended.",
        "The envoy said nothing more.",
    ]


def test_real_article_sentences_include_caption_and_credit(real: Content) -> None:
    """The real article's photo caption and its credit line are separate sentences; none ends inside "U.S."."""
    sentences = [real.source.text[s.start:s.end] for s in real.source.sentences]
    assert "(Joshua Roberts/Pool Photo via AP)" in sentences
    assert "World Today" in sentences
    assert any(s.startswith("U.S. Secretary of State John Kerry, left,") and s.endswith("2015.") for s in sentences)
    assert not any(s.endswith("U.S.") for s in sentences)


def test_coverage_counts_cited_sentences_and_characters() -> None:
    """coverage() counts sentences any span overlaps, lists the others, and the share of non-space characters."""
    source = SourceText("One two. Three four.\nFive.\n")
    figures = coverage(source, [Span(0, 3), Span(21, 26)])
    assert (figures.cited, figures.total) == (2, 3)
    assert [source.text[s.start:s.end] for s in figures.uncited] == ["Three four."]
    visible = sum(not c.isspace() for c in source.text)
    assert figures.characters == pytest.approx((3 + 5) / visible)
    assert coverage(source, []).share == 0.0
    assert coverage(SourceText(""), []).share == 1.0


def test_check_coverage_prints_the_content_figures(real: Content, project: Path) -> None:
    """`check --coverage` prints "N of M sentences cited" with Content.coverage()'s figures."""
    figures = real.coverage()
    result = generator("check", "--coverage", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (f"coverage: {figures.cited} of {figures.total} sentences cited ({figures.share:.1%}); "
            f"{figures.characters:.1%} of characters") in result.stdout
    assert f"{figures.total} sentences" in result.stdout and figures.total == len(real.source.sentences)


def _append_to_article(project: Path, edit: Edit, paragraph: str) -> str:
    """Add ``paragraph`` at the end of the scratch project's article, record its new sha256 in
    story.yaml, and return the article's new text."""
    path = project / "content" / SOURCE_NAME
    text = path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{paragraph}\n"
    path.write_text(text, encoding="utf-8")
    old = re.search(r"sha256: ([0-9a-f]{64})", (project / "content" / "story.yaml").read_text(encoding="utf-8"))
    assert old is not None
    edit("story.yaml", old.group(1), hashlib.sha256(path.read_bytes()).hexdigest())
    return text


def test_check_coverage_lists_an_uncited_sentence(project: Path, edit: Edit) -> None:
    """A new, uncited sentence in the article lowers the figure and is listed with its line."""
    text = _append_to_article(project, edit, "Nobody cites this closing sentence.")
    figures = load_content(project / "content").coverage()
    assert figures.total == figures.cited + 1
    result = generator("check", "--coverage", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"coverage: {figures.cited} of {figures.total} sentences cited" in result.stdout
    line = text.splitlines().index("Nobody cites this closing sentence.") + 1
    assert f"content/{SOURCE_NAME}:{line}:1: uncited: Nobody cites this closing sentence." in result.stdout
    assert "to do: 1 sentence no fact cites yet" in result.stdout


def test_check_coverage_is_a_to_do_list_in_article_order(project: Path, edit: Edit) -> None:
    """`check --coverage` lists every sentence no fact cites as `file:line:col: uncited: sentence`, sorted
    by position in the article: here two sentences whose only citations were removed, and a new one."""
    text = _append_to_article(project, edit, "First new sentence. Second new one.")
    result = generator("check", "--coverage", cwd=project)
    assert result.returncode == 0, result.stderr
    todo = [line for line in result.stdout.splitlines() if ": uncited: " in line]
    assert len(todo) == 2, result.stdout
    positions = [tuple(map(int, line.split(":")[1:3])) for line in todo]
    assert positions == sorted(positions)
    last = text.splitlines().index("First new sentence. Second new one.") + 1
    assert todo == [f"content/{SOURCE_NAME}:{last}:1: uncited: First new sentence.",
                    f"content/{SOURCE_NAME}:{last}:21: uncited: Second new one."]



def test_source_page_shows_the_coverage_figure(real: Content) -> None:
    """The rendered source page states the same sentence figure as Content.coverage()."""
    figures = real.coverage()
    markdown = render_pages(real)[pages.SOURCE]
    assert f"{figures.cited} of the article's {figures.total} sentences ({figures.share * 100:.0f}%)" in markdown


# --------------------------------------------------------------------------- scaling


def test_each_distinct_exact_is_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Resolving N selectors scans the source once per distinct exact (the occurrence cache), not once per selector."""
    scans: Counter[str] = Counter()
    original = SourceText._occurrences

    def counting(self: SourceText, exact: str) -> tuple[int, ...]:
        scans[exact] += 1
        return original(self, exact)

    monkeypatch.setattr(SourceText, "_occurrences", counting)
    sentences = [f"Sentence {n} is about topic {n % 7}." for n in range(200)]
    source = SourceText("\n".join(sentences))
    exacts = [f"Sentence {n} is" for n in range(0, 200, 5)]  # 40 distinct, each resolved 10 times
    selectors = [sel(exact) for exact in exacts for _ in range(10)]
    assert all(isinstance(source.resolve(s), Span) for s in selectors)
    assert len(selectors) == 400
    assert set(scans) == set(exacts)
    assert max(scans.values()) == 1
    assert source.occurrences.cache_info().misses == len(exacts)


class _CountingText(str):
    """A str that counts the slices taken of it (``text[a:b]``)."""

    slices = 0

    def __getitem__(self, key: slice | int) -> str:  # type: ignore[override]
        if isinstance(key, slice):
            type(self).slices += 1
        return str.__getitem__(self, key)


def test_checking_quotes_does_not_rescan_every_quoted_passage() -> None:
    """Checking Q quotes reads a bounded number of passages per quote, not all Q quoted passages for each one."""
    count = 300
    source = SourceText("\n".join(f"Speaker {n} said “we will act on item {n} now,” today." for n in range(count)))
    source.text = _CountingText(source.text)
    _CountingText.slices = 0
    for n in range(count):
        evidence = [source.paragraphs[n]]
        assert source.check_quote(f"we will act on item {n} now", "full", evidence) is None
        assert source.check_quote(f"item {n} now", "partial", evidence) is None
    assert _CountingText.slices <= 10 * count, _CountingText.slices


def test_coverage_does_not_compare_every_span_with_every_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """coverage() of S spans over T sentences makes far fewer than S × T span comparisons."""
    calls = Counter[str]()
    original = Span.overlaps

    def counting(self: Span, other: Span) -> bool:
        calls["overlaps"] += 1
        return original(self, other)

    monkeypatch.setattr(Span, "overlaps", counting)
    source = SourceText(" ".join(f"Sentence number {n} ends here." for n in range(400)))
    spans = source.sentences[::2]
    figures = coverage(source, spans)
    assert (figures.cited, figures.total) == (200, 400)
    assert calls["overlaps"] <= 10 * len(source.sentences), calls


def test_loading_real_content_scans_once_per_distinct_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading the real content scans the source once per distinct exact or quote text, however often each is cited.

    A fresh load: the article's index is kept between loads (``mkdocs serve``), so an earlier test's
    look-up in it (``real.source.occurrences("Idaho")``) would count here."""
    monkeypatch.setattr(content_module, "_SOURCES", {})
    real = load_content(CONTENT)
    selectors = [s for fact in real.facts for s in fact.evidence]
    distinct = {s.exact for s in selectors} | {q.text for q in real.quotes}
    info = real.source.occurrences.cache_info()
    assert len(selectors) > len({s.exact for s in selectors})  # some exacts are cited more than once
    assert info.misses == len(distinct)


# --------------------------------------------------------------------------- text fragment links


def test_text_fragment_encodes_reserved_characters() -> None:
    """text_fragment percent-encodes - , & and spaces and writes prefix-, and ,-suffix (WICG Text Fragments)."""
    url = text_fragment("https://example.com/story#top", "well-known, safe & sound", "pre-fix", "end,")
    assert url == "https://example.com/story#:~:text=pre%2Dfix-,well%2Dknown%2C%20safe%20%26%20sound,-end%2C"
    assert text_fragment("https://example.com/a", "two\nlines  here") == "https://example.com/a#:~:text=two%20lines%20here"
    assert text_fragment("https://example.com/a", "x", " ", "") == "https://example.com/a#:~:text=x"
    assert text_fragment("https://example.com/a", "Kerry’s") == "https://example.com/a#:~:text=Kerry%E2%80%99s"


def _text_start(href: str) -> str:
    """The decoded ``start`` of a ``#:~:text=[prefix-,]start[,-suffix]`` directive."""
    parts = href.split("#:~:text=", 1)[1].split(",")
    if parts[0].endswith("-"):
        parts = parts[1:]
    if len(parts) > 1 and parts[-1].startswith("-"):
        parts = parts[:-1]
    assert len(parts) == 1, href
    return unquote(parts[0])


@pytest.mark.slow
def test_source_url_adds_an_original_link_beside_every_source_link(project: Path, edit: Edit, tmp_path: Path) -> None:
    """With story.source.url set, every source link on every built page has a sibling text-fragment link to it."""
    edit("story.yaml", "  file: sources/", "  url: https://example.com/story\n  file: sources/")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    source = load_content(project / "content").source
    checked = 0
    for page in sorted((tmp_path / "site").rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("a.source-link"):
            if "external" in link.get("class", []):
                continue
            original = link.find_next_sibling("a")
            assert original is not None and "external" in original.get("class", []), (page, link)
            assert original["href"].startswith("https://example.com/story#:~:text="), (page, original)
            assert original.get_text() == "original at example.com", original  # the reader sees where it goes
            match = re.fullmatch(r".*#x-(\d+)-(\d+)", link["href"])
            assert match is not None, link["href"]
            cited = source.text[int(match.group(1)):int(match.group(2))]
            assert _text_start(original["href"]) == " ".join(unicodedata.normalize("NFC", cited).split())
            checked += 1
    assert checked >= sum(len(spans) for spans in load_content(project / "content").citations.values())



def test_invisible_character_verbatim_with_the_article_is_accepted() -> None:
    """A soft hyphen the article has is part of its words: a selector and a quote that copy it match
    (where an editor writes their own text, the same character is refused: tests/test_bad_input.py);
    without it, the miss names the article's character and where it is."""
    source = SourceText("He said the talks were “con\u00adstructive and frank” on Tuesday.\n")
    assert isinstance(source.resolve(TextQuoteSelector(exact="talks were “con\u00adstructive")), Span)
    assert source.check_quote("con\u00adstructive and frank", "full", [Span(0, 60)]) is None
    miss = source.resolve(TextQuoteSelector(exact="talks were “constructive"))
    assert isinstance(miss, Miss)
    assert miss.hint.startswith("the article has U+00AD (SOFT HYPHEN), an invisible character, inside these words "
                                "(line 1, column 28)")
    quote = source.check_quote("constructive and frank", "full", [Span(0, 60)])
    assert quote is not None and "U+00AD (SOFT HYPHEN)" in quote.hint
