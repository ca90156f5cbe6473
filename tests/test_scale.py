"""Work that grows with the input stays linear (or n·log n) and gives what the plain way gives.

Each indexed or swept algorithm is compared with the straightforward (quadratic) one on
seeded random inputs: the source index against ``str.find`` for every occurrence, line
numbers against counting line breaks, the evidence check of quotes against comparing every
occurrence with every passage, the source page's sweep over cited spans against testing
every span at every cut. Hints that cost a comparison with every known id or passage are
bounded; the errors they belong to are reported all the same. (Timings live in
scripts/benchmark.py, never here.)
"""

from __future__ import annotations

import difflib
import itertools
import random

import pytest
from markupsafe import Markup

from generator import pages, provenance, render, rules
from generator.escape import inline
from generator.problems import Suggestions, closest, did_you_mean
from generator.provenance import SourceText, Span
from generator.schema import ActorsFile, QuotesFile, TextQuoteSelector
from generator.yamlsource import Document

WORDS = ["the", "talks", "on", "Sochi", "“yes,", "we", "agree,”", "he", "said.", "Kerry", "met", "Putin", "a", "aa"]


def _text(rng: random.Random, words: int) -> str:
    parts = []
    for _ in range(words):
        parts.append(rng.choice(WORDS))
        parts.append(rng.choice([" ", " ", " ", "  ", "\n", "\n\n"]))
    return "".join(parts)


def _naive_occurrences(text: str, exact: str) -> tuple[int, ...]:
    found, at = [], text.find(exact)
    while at != -1 and exact:
        found.append(at)
        at = text.find(exact, at + 1)
    return tuple(found)


@pytest.mark.parametrize("scan_cost", [1, 1_600])
@pytest.mark.parametrize("seed", range(20))
def test_source_index_finds_every_occurrence_find_finds(seed: int, scan_cost: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the index always used where it can be (scan cost 1) and with the real trade-off."""
    monkeypatch.setattr(provenance, "_SCAN_COST", scan_cost)
    rng = random.Random(seed)
    source = SourceText(_text(rng, 400))
    text = source.text
    for _ in range(200):
        start = rng.randrange(len(text))
        exact = text[start:start + rng.randint(1, 60)]
        if rng.random() < 0.2:  # and passages that are not in the text
            exact = exact[:-1] + rng.choice("xz ")
        assert source.occurrences(exact) == _naive_occurrences(text, exact), exact


@pytest.mark.parametrize("seed", range(10))
def test_sentences_overlapping_a_span_are_those_a_scan_of_every_sentence_finds(seed: int) -> None:
    """The bisected look-up (attribution checks, cite boxes) against testing every sentence."""
    rng = random.Random(seed)
    source = SourceText(_text(rng, 300))
    for _ in range(300):
        start = rng.randrange(len(source.text) + 1)
        span = Span(start, min(start + rng.choice([0, 1, 5, 40, 200]), len(source.text)))
        assert source.sentences_overlapping(span) == [s for s in source.sentences if s.overlaps(span)], span


@pytest.mark.parametrize("seed", range(5))
def test_line_numbers_from_the_table_are_counted_line_breaks(seed: int) -> None:
    rng = random.Random(seed)
    source = SourceText(_text(rng, 300))
    for offset in range(0, len(source.text) + 1):
        assert source.line_of(offset) == source.text.count("\n", 0, offset) + 1


def _naive_evidence_ok(source: SourceText, words: str, evidence: list[Span]) -> bool:
    passages = source.quoted_containing(words)
    located = [Span(at, at + len(words)) for q in passages for at in source.occurrences(words)
               if q.contains(Span(at, at + len(words)))]
    return any(e.contains(w) for e in evidence for w in located)


@pytest.mark.parametrize("seed", range(10))
def test_quote_checks_agree_with_comparing_every_occurrence_with_every_passage(seed: int) -> None:
    rng = random.Random(seed)
    source = SourceText(_text(rng, 400))
    text = source.text
    for _ in range(150):
        words = rng.choice(["yes", "yes,", "we", "agree", "we agree", "yes, we agree,", "a", "talks"])
        evidence = []
        for _ in range(rng.randint(0, 3)):
            start = rng.randrange(len(text))
            evidence.append(Span(start, min(start + rng.randint(1, 80), len(text))))
        for kind in ("full", "partial"):
            miss = source.check_quote(words, kind, evidence)
            if miss is None or miss.field == "evidence":
                assert (miss is None) == _naive_evidence_ok(source, words, evidence)
            if miss is not None and miss.field == "text" and source.quoted_containing(words):
                whole = any(text[q.start:q.end].rstrip(",.") == words.rstrip(",.")
                            for q in source.quoted_containing(words))
                assert whole == (kind == "partial")


def _naive_passages(source: SourceText, paragraph: Span, spans: list[Span]) -> Markup:
    """The source page's paragraph as it was rendered before the sweep: every span tested at every cut."""
    cuts = sorted({paragraph.start, paragraph.end} | {x for s in spans for x in (s.start, s.end)})
    out = []
    for start, end in itertools.pairwise(cuts):
        for s in spans:
            if s.start == start:
                out.append(f'<span id="{pages.passage_anchor(s.start, s.end)}" class="passage-anchor"></span>')
        text = inline(source.text[start:end])
        if source.text[start:start + 1].isspace():
            text = Markup(" ") + text
        if source.text[end - 1:end].isspace():
            text = text + Markup(" ")
        covering = [pages.passage_anchor(s.start, s.end) for s in spans if s.start <= start and end <= s.end]
        out.append(f'<mark class="cited" data-passages="{" ".join(covering)}">{text}</mark>' if covering else text)
    return Markup("".join(out))


@pytest.mark.parametrize("seed", range(20))
def test_source_paragraph_sweep_renders_what_testing_every_span_renders(seed: int) -> None:
    rng = random.Random(seed)
    source = SourceText(" ".join(rng.choice(WORDS) for _ in range(120)))
    paragraph = source.paragraphs[0]
    spans = set()
    for _ in range(rng.randint(0, 40)):  # nested, overlapping, touching and equal-start spans
        start = rng.randrange(paragraph.start, paragraph.end)
        spans.add(Span(start, min(start + rng.randint(1, 60), paragraph.end)))
    ordered = sorted(spans)
    assert render._passages(source.text, paragraph, ordered) == _naive_passages(source, paragraph, ordered)


def test_closest_is_the_id_the_hint_names() -> None:
    """closest() gives the suggestion itself (changes.py writes it after its kind); did_you_mean the hint."""
    ids = ["john-kerry", "vladimir-putin"]
    assert closest("jon-kerry", ids) == "john-kerry"
    assert did_you_mean("jon-kerry", ids) == "did you mean 'john-kerry'?"
    assert closest("nobody-at-all", ids) is None
    assert did_you_mean("nobody-at-all", ids) == ""


def test_suggestions_compare_small_sets_in_full() -> None:
    ids = [f"actor-{k}" for k in range(40)] + ["john-kerry", "vladimir-putin"]
    suggest = Suggestions(ids)
    for word in ["jon-kerry", "vladimir-puttin", "actr-7", "nobody-at-all"]:
        assert suggest(word) == did_you_mean(word, ids)


def test_suggestions_among_many_ids_are_as_close_as_the_closest_of_all(seed: int = 3) -> None:
    """A one-character typo anywhere in an id: the suggestion from the shortlist is as close
    (difflib's ratio) as the closest of all the ids, found by comparing with every one."""
    ids = [f"delegate-{k}-of-town-{k % 97}" for k in range(2_000)]
    suggest = Suggestions(ids)
    rng = random.Random(seed)
    for target in rng.sample(ids, 20):
        at = rng.randrange(len(target))
        typo = target[:at] + target[at + 1:]
        hint = suggest(typo)
        assert hint.startswith("did you mean '"), typo
        suggested = hint.removeprefix("did you mean '").removesuffix("'?")
        best = max(difflib.SequenceMatcher(None, typo, i).ratio() for i in ids)
        assert difflib.SequenceMatcher(None, typo, suggested).ratio() == best, typo
        assert len(suggest.shortlist(typo)) <= 4 * Suggestions.NEIGHBOURS


def test_hints_stop_when_their_budget_is_spent_but_every_error_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    actors = ActorsFile.model_validate({"actors": [
        {"id": f"envoy-{k}", "name": "E", "kind": "person", "role": "R", "summary": "S",
         "evidence": [{"exact": "x"}]} for k in range(10)]})
    quotes = QuotesFile.model_validate({"quotes": [
        {"id": f"q-{k}", "speaker": f"envoy-{k}x", "text": "t", "kind": "full", "context": "c",
         "evidence": [{"exact": "x"}]} for k in range(10)]})
    parsed = rules.Parsed(None, (actors, Document("a.yaml", None)), None, (quotes, Document("q.yaml", None)), None)
    monkeypatch.setattr(rules, "HINT_COMPARISONS", 25)  # room for two hints against 10 ids
    found = [p for p in rules.check_rules(parsed) if "unknown actor" in p.message]
    assert len(found) == 10
    assert sum("did you mean" in p.hint for p in found) == 2
    assert all(p.hint.startswith(("did you mean", "add an actor")) for p in found)


def test_a_passage_on_many_lines_lists_ten_of_them() -> None:
    source = SourceText("\n".join("the talks went on" for _ in range(30)))
    miss = source.resolve(TextQuoteSelector(exact="the talks went on"))
    assert miss == source.resolve(TextQuoteSelector(exact="the talks went on"))
    assert "lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 20 more" in getattr(miss, "message", "")


#: Characters the escaping fast paths must treat as the character loops did: ASCII punctuation,
#: whitespace of every kind, DEL and controls, accents (composed and combining), quotes, an astral emoji.
TRICKY = list("ab \t\n\r\x0b\x0c\x00\x1f\x7f") + list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + [
    "é", "e\u0301", "\u00a0", "\u2028", "“", "’", "\U0001f600", "\ufeff"]


@pytest.mark.parametrize("seed", range(20))
def test_inline_escapes_as_the_character_loop_does(seed: int) -> None:
    """``inline`` (one ``str.translate``, memoised) gives what escaping character by character gives."""
    import string
    import unicodedata

    entities = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
    loop = {c: entities.get(c, "\\" + c) for c in string.punctuation}
    rng = random.Random(seed)
    for _ in range(200):
        text = "".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 30)))
        plain = " ".join(unicodedata.normalize("NFC", text).split())
        expected = "".join(loop.get(c, c) for c in plain)
        assert inline(text) == expected and isinstance(inline(text), Markup)
        assert inline(text) == expected  # again, from the cache
    assert inline(12) == "12" and inline(Markup("*kept*")) == "*kept*"


@pytest.mark.parametrize("seed", range(20))
def test_yaml_string_fast_path_quotes_as_the_character_loop_does(seed: int) -> None:
    """``render._yaml_string`` skips its character loop when nothing needs escaping: the same text either way,
    and YAML reads back the value it was given."""
    import json

    import yaml

    rng = random.Random(seed)
    for _ in range(200):
        value = "".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 30)))
        body = json.dumps(value, ensure_ascii=False)[1:-1]
        expected = '"' + "".join(c if 0x20 <= ord(c) < 0x7F else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF
                                 else f"\\U{ord(c):08x}" for c in body) + '"'
        assert render._yaml_string(value) == expected
        assert yaml.safe_load(render._yaml_string(value)) == value
