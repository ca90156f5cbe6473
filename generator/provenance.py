"""The source text, indexed once, and the rules that tie facts to it.

A fact points into the article with W3C Web Annotation TextQuoteSelectors
(https://www.w3.org/TR/annotation-model/#text-quote-selector): ``exact`` is the passage,
``prefix`` and ``suffix`` the text right before and after it. Matching is exact, character
for character; the only normalisation is Unicode NFC, applied to the source and to the
selectors alike, so a composed and a decomposed "é" match. Nothing is ever re-anchored to
a look-alike passage: a selector that does not match is an error whose hint shows the
nearest passage.

:class:`SourceText` reads the article once: its paragraphs (one per non-empty line),
sentences, the passages inside “curly quotation marks”, and an occurrence cache, so checking
N selectors costs N substring searches over one string, never a rescan per record pair.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from generator.characters import INVISIBLE, invisible, strip_invisible
from generator.schema import TextQuoteSelector
from generator.words import clip

#: Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = ("U.S.",)
_SENTENCE_END = re.compile(r"[.!?][”\")]*(?=\s)")
_QUOTED = re.compile(r"“([^“”]*)”")
#: Bounds on the work behind one "nearest passage" hint (difflib is quadratic): the first
#: characters of the text compared, of each passage, and how many passages (those sharing
#: the most words with the text) are compared at all.
_PROBE_CHARS, _PASSAGE_CHARS, _SHORTLIST = 400, 2000, 12
#: Characters after a space that index the source (see :meth:`SourceText._occurrences`).
_KEY = 12
#: Passages compared, in all, for "nearest passage" hints on one source (each hint compares the
#: text with every sentence): once spent, further misses get :data:`_NO_HINT`.
_HINT_COMPARISONS = 2_000_000
#: Characters of text str.find scans in the time one indexed candidate is checked.
_SCAN_COST = 1_600
#: Source lines listed in a hint about a passage that occurs more than once.
_LINES_SHOWN = 10


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``start`` (inclusive) to ``end`` (exclusive) of the NFC source text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        """True when ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Miss:
    """Why a selector or quote did not check out: ``message`` and a ``hint`` for the editor,
    and the ``field`` of the record they are about."""

    message: str
    hint: str
    field: str = "exact"


class SourceText:
    """An article's text with its paragraphs, sentences and quoted passages.

    ``text`` is the file's text normalised to NFC; all offsets are into it.
    """

    def __init__(self, text: str) -> None:
        self.text = unicodedata.normalize("NFC", text)
        self.paragraphs: list[Span] = []
        offset = 0
        for line in self.text.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            if body.strip():
                lead = len(body) - len(body.lstrip())
                self.paragraphs.append(Span(offset + lead, offset + len(body.rstrip())))
            offset += len(line)
        self.sentences = [s for p in self.paragraphs for s in self._split(p)]
        self.quoted = [
            Span(m.start(1), m.end(1))
            for p in self.paragraphs
            for m in _QUOTED.finditer(self.text, p.start, p.end)
        ]
        self._paragraph_starts = [p.start for p in self.paragraphs]
        #: where each sentence starts (sentences are in order and never overlap)
        self.sentence_starts = [s.start for s in self.sentences]
        self._quoted_starts = [q.start for q in self.quoted]  # quoted passages never overlap
        #: offset where each line starts ("\n" ends a line), for line_of by bisection
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        #: the _KEY characters after each space, by text: where a passage containing a space can be
        self._after_space: dict[str, list[int]] = {}
        for m in re.finditer(" ", self.text):
            self._after_space.setdefault(self.text[m.end() : m.end() + _KEY], []).append(m.end())
        self.occurrences = cache(self._occurrences)
        self._in_quotes = cache(self._find_in_quotes)
        self._hint_budget = _HINT_COMPARISONS
        self._words = cache(lambda span: frozenset(self._passage(span).split()))

    @functools.cached_property
    def _visible_text(self) -> tuple[str, list[int]]:
        """The text without :data:`~generator.characters.INVISIBLE` characters, and the offset in
        ``text`` of each of its characters (built on the first miss that needs it)."""
        where = [at for at, char in enumerate(self.text) if char not in INVISIBLE]
        return "".join(self.text[at] for at in where), where

    def invisible_hint(self, written: str) -> str | None:
        """How ``written`` differs from the article only by near-invisible characters (a zero-width
        space, a soft hyphen …: see :mod:`generator.characters`), as a hint; ``None`` when it does not."""
        bare = strip_invisible(written)
        if not bare.strip():
            return None
        mine = next(invisible(written), None)
        if mine is not None and self.occurrences(bare):
            return (f"character {mine[0] + 1} is {mine[1]}, an invisible character the article does not have "
                    "there; delete it")
        if self.text.isascii():
            return None
        text, where = self._visible_text
        at = text.find(bare)
        if at == -1:
            return None
        offset = next((o for o in range(where[at], where[at + len(bare) - 1]) if self.text[o] in INVISIBLE), None)
        if offset is None:
            return None  # the words are in the article as written (a quote may miss for another reason)
        line = self.line_of(offset)
        name = next(invisible(self.text[offset]))[1]
        return (f"the article has {name}, an invisible character, inside these words (line {line}, column "
                f"{offset - self._line_starts[line - 1] + 1}); copy the words from the article with it, or delete "
                "it from the article and update its sha256")

    def _split(self, paragraph: Span) -> list[Span]:
        spans, start = [], paragraph.start
        for match in _SENTENCE_END.finditer(self.text, paragraph.start, paragraph.end):
            if self.text[start : match.end()].endswith(ABBREVIATIONS):
                continue
            spans.append(Span(start, match.end()))
            start = match.end()
            while start < paragraph.end and self.text[start].isspace():
                start += 1
        if start < paragraph.end:
            spans.append(Span(start, paragraph.end))
        return spans

    def _occurrences(self, exact: str) -> tuple[int, ...]:
        """Every offset where ``exact`` starts (overlapping ones too), ascending.

        A passage with a space followed by :data:`_KEY` more characters is looked up in the
        index of what follows each space (the rarest such stretch of it), so the source is
        not scanned once per selector; any other passage, or one whose rarest stretch is so
        common that checking each place would cost more, is searched for in the whole text.
        """
        if not exact:
            return ()
        best: list[int] | None = None
        shift = 0
        j = exact.find(" ") + 1
        while 0 < j <= len(exact) - _KEY:
            candidates = self._after_space.get(exact[j : j + _KEY], [])
            if best is None or len(candidates) < len(best):
                best, shift = candidates, j
            j = exact.find(" ", j) + 1
        # A scan of the whole text (str.find, in C) costs about what checking len(text) / 1,600
        # candidates does: a passage whose every stretch is common is scanned for instead.
        if best is not None and len(best) <= len(self.text) // _SCAN_COST:
            text = self.text
            return tuple(p - shift for p in best if p >= shift and text.startswith(exact, p - shift))
        found, at = [], self.text.find(exact)
        while at != -1:
            found.append(at)
            at = self.text.find(exact, at + 1)
        return tuple(found)

    def again(self) -> SourceText:
        """This text for another check of the same content (``mkdocs serve`` after a save): its
        index and caches are kept; the hint budget (:data:`_HINT_COMPARISONS`) starts afresh, so
        the check reports what a fresh :class:`SourceText` would."""
        self._hint_budget = _HINT_COMPARISONS
        return self

    def sentence_around(self, span: Span) -> str:
        """The text of the sentence(s) ``span`` lies in, from the first one's start to the last one's
        end (the span's own text when the source has no sentences)."""
        if not self.sentences:
            return self.text[span.start:span.end]
        first = max(bisect.bisect_right(self.sentence_starts, span.start) - 1, 0)
        last = max(bisect.bisect_right(self.sentence_starts, max(span.end - 1, span.start)) - 1, first)
        return self.text[self.sentences[first].start:self.sentences[last].end]

    def sentences_overlapping(self, span: Span) -> list[Span]:
        """The sentences that share at least one character with ``span``, in order: bisected,
        so the work is the sentences found, not all of them."""
        i = max(bisect.bisect_right(self.sentence_starts, span.start) - 1, 0)
        found = []
        while i < len(self.sentences) and self.sentences[i].start < span.end:
            if self.sentences[i].overlaps(span):
                found.append(self.sentences[i])
            i += 1
        return found

    def paragraph_index(self, offset: int) -> int:
        """0-based index of the paragraph holding ``offset`` (the nearest before it)."""
        return max(bisect.bisect_right(self._paragraph_starts, offset) - 1, 0)

    def line_of(self, offset: int) -> int:
        """1-based line number of ``offset`` in the source file (a table of line starts, bisected)."""
        return bisect.bisect_right(self._line_starts, offset)

    def _lines(self, offsets: tuple[int, ...] | list[int]) -> str:
        """The source lines of ``offsets``, at most :data:`_LINES_SHOWN` of them, for a hint."""
        shown = ", ".join(str(self.line_of(at)) for at in offsets[:_LINES_SHOWN])
        more = len(offsets) - _LINES_SHOWN
        return f"{shown} and {more:,} more" if more > 0 else shown

    def nearest(self, exact: str, among: list[Span] | None = None) -> str | None:
        """The sentence (or span of ``among``) that shares the longest run of characters with ``exact``.

        Ties go to more matched characters, then the shorter passage; ``""`` when there is no
        passage. Used for hints only, so the work is bounded: only the first characters of
        ``exact`` and of each passage are compared, only the passages sharing the most words
        with ``exact``, and once :data:`_HINT_COMPARISONS` passages have been compared on this
        source, it returns ``None`` (no hint) for every further text.
        """
        candidates = among if among is not None else self.sentences
        if not candidates:
            return ""
        if self._hint_budget < len(candidates):
            return None
        self._hint_budget -= len(candidates)
        probe = exact[:_PROBE_CHARS]
        if len(candidates) > _SHORTLIST:
            words = frozenset(probe.split())
            candidates = sorted(candidates, key=lambda span: -len(words & self._words(span)))[:_SHORTLIST]

        def score(span: Span) -> tuple[int, int, int]:
            matcher = difflib.SequenceMatcher(None, probe, self._passage(span), autojunk=False)
            blocks = [block.size for block in matcher.get_matching_blocks()]
            return max(blocks), sum(blocks), -(span.end - span.start)

        best = max(candidates, key=score)
        return self.text[best.start : best.end]

    def _passage(self, span: Span) -> str:
        return self.text[span.start : min(span.end, span.start + _PASSAGE_CHARS)]

    def resolve(self, selector: TextQuoteSelector) -> Span | Miss:
        """The one span ``selector`` points to, or a :class:`Miss` saying why there is none."""
        exact = selector.exact
        prefix = unicodedata.normalize("NFC", selector.prefix or "")
        suffix = unicodedata.normalize("NFC", selector.suffix or "")
        hits = self.occurrences(exact)
        if not hits:
            curly = exact.replace("'", "’")
            if curly != exact and self.occurrences(curly):
                return Miss("exact text not found in the source", _CURLY)
            if hint := self.invisible_hint(exact):
                return Miss("exact text not found in the source", hint)
            near = self.nearest(exact)
            return Miss("exact text not found in the source", _nearest_hint("the nearest passage is", exact, near,
                                                                            "copy the words exactly")
                        if near else _COPY if near is None else "the source has no text")
        # an occurrence fits when prefix + exact + suffix occurs around it
        fitting = [at + len(prefix) for at in self.occurrences(prefix + exact + suffix)] if prefix or suffix else hits
        if not fitting:
            for name, part in (("prefix", prefix), ("suffix", suffix)):
                for at, char in invisible(part):
                    return Miss(f"{name} has {char} (character {at + 1}), an invisible character",
                                f"delete it from {name}, or copy the words right before/after exact from the article")
            lines = self._lines(hits)
            return Miss(
                "prefix/suffix do not match the text around any occurrence of exact",
                f"exact occurs on source line(s) {lines}; copy the words right before/after it",
            )
        if len(fitting) > 1:
            lines = self._lines(fitting)
            return Miss(
                f"exact text occurs {len(fitting)} times in the source (lines {lines})",
                "add a prefix or suffix (the words right before or after it) to say which one",
            )
        return Span(fitting[0], fitting[0] + len(exact))

    def quoted_containing(self, words: str) -> list[Span]:
        """Quoted passages (inside “ ”) that contain ``words``, in source order.

        Looks up each occurrence of ``words`` (cached) in the sorted passages, so checking
        Q quotes never compares every quote with every passage.
        """
        return self._in_quotes(words)[0]

    def _find_in_quotes(self, words: str) -> tuple[list[Span], list[int], bool]:
        """The quoted passages that contain ``words``, the offsets of the occurrences of
        ``words`` inside them (both ascending: one bisection per occurrence), and whether one
        of the passages is ``words`` whole (a final comma or full stop aside). Cached per text,
        so Q quotes of the same words cost one pass, not Q passes."""
        found: list[Span] = []
        starts: list[int] = []
        for at in self.occurrences(words):
            i = bisect.bisect_right(self._quoted_starts, at) - 1
            if i >= 0 and self.quoted[i].contains(Span(at, at + len(words))):
                starts.append(at)
                if self.quoted[i] not in found[-1:]:
                    found.append(self.quoted[i])
        bare = words.rstrip(",.")
        whole = any(self.text[q.start : q.end].rstrip(",.") == bare for q in found)
        return found, starts, whole

    def check_quote(self, words: str, kind: str, evidence: list[Span]) -> Miss | None:
        """Check that ``words`` are verbatim inside quotation marks and inside the evidence.

        ``kind`` ``"full"`` means the whole passage between “ and ” (a trailing comma or full
        stop inside the marks may be left off); ``"partial"`` a contiguous part of one.
        """
        passages, located, whole = self._in_quotes(words)
        if not passages:
            curly = words.replace("'", "’")
            if curly != words and self.quoted_containing(curly):
                return Miss("text is not verbatim inside quotation marks in the source", _CURLY, "text")
            if hint := self.invisible_hint(words):
                return Miss("text is not verbatim inside quotation marks in the source", hint, "text")
            near = self.nearest(words, self.quoted)
            return Miss(
                "text is not verbatim inside quotation marks in the source",
                _nearest_hint("the nearest quoted passage is", words, near,
                              "a quote must copy the article's quoted words exactly")
                if near else _COPY if near is None else "the source has no quoted passages", "text",
            )
        if kind == "full" and not whole:
            return Miss("text is only part of the quoted passage", "set kind: partial, or quote the whole passage",
                        "text")
        if kind == "partial" and whole:
            return Miss("text is the whole quoted passage", "set kind: full", "text")
        # an evidence span contains an occurrence when one starts in [e.start, e.end - len(words)]
        def contains_one(e: Span) -> bool:
            i = bisect.bisect_left(located, e.start)
            return i < len(located) and located[i] + len(words) <= e.end

        if not any(contains_one(e) for e in evidence):
            return Miss("no evidence selector contains the quoted words",
                        "add a selector whose exact includes the whole quote", "evidence")
        return None


_COPY = "copy the words exactly from the article"
_CURLY = "the source uses the curly apostrophe ’ where you typed '; copy the words from the article (or type ’)"


def _nearest_hint(intro: str, written: str, near: str, advice: str) -> str:
    """``intro “passage”; advice``, the passage cut around the first word where ``written``
    departs from it and that word marked (see :func:`first_difference`), else clipped."""
    marked = first_difference(written, near)
    if marked is None:
        return f"{intro} “{clip(near, 120)}”; {advice}"
    return f"{intro} “{marked}” ({MARK_OPEN}…{MARK_CLOSE} marks the first word that differs); {advice}"


_WORD = re.compile(r"\S+")


def _marked(passage: str, start: int, end: int, context: int = 50) -> str:
    """``passage[start:end]`` marked, with up to ``context`` characters (whole words) either side."""
    before = passage[max(start - context, 0):start]
    after = passage[end:end + context]
    if start > context:
        before = "…" + before[before.find(" ") + 1:] if " " in before else "…" + before
    if end + context < len(passage):
        after = after[:after.rfind(" ")] + "…" if " " in after else after + "…"
    return f"{before}{MARK_OPEN}{passage[start:end]}{MARK_CLOSE}{after}"
#: How the word where a text departs from the article is marked in a hint (plain text, so the
#: marks read the same in a terminal, a CI log and the browser banner).
MARK_OPEN, MARK_CLOSE = ">>", "<<"


def first_difference(written: str, passage: str, context: int = 50) -> str | None:
    """``passage`` around the first word where ``written`` departs from it, that word marked
    ``>>so<<``, e.g. ``"…We have >>repeatedly<< stated at various levels…"``; ``None`` when the
    two share no word in order (the passage is then no help).

    Words are runs of non-space characters compared exactly (so a straight apostrophe differs
    from a curly one); passage words before the first shared word and after the last written
    word do not count as differences (``written`` may be part of ``passage``). Where ``written``
    runs past the passage's end, the mark is empty at that end: ``"…talks.>><<"``. Both texts are
    cut to a bounded length first (difflib is quadratic).
    """
    mine = [m.group() for m in _WORD.finditer(written[:_PROBE_CHARS])]
    theirs = list(_WORD.finditer(passage[:_PASSAGE_CHARS]))
    matcher = difflib.SequenceMatcher(None, mine, [m.group() for m in theirs], autojunk=False)
    opcodes = matcher.get_opcodes()
    if not any(tag == "equal" for tag, *_ in opcodes):
        return None
    started = False
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            started = True
            continue
        if not started and tag == "insert":
            continue  # the article's words before the written text starts
        if started and tag == "insert" and i1 == len(mine):
            break  # the article's words after the written text ends
        # Before the first shared word, the written words stand for the last passage words of the block.
        j = j1 if started else max(j1, j2 - (i2 - i1))
        return _marked(passage, theirs[j].start(), theirs[j].end()) if j < len(theirs) else \
            _marked(passage, len(passage), len(passage))
    return None


@dataclass(frozen=True)
class Coverage:
    """How much of the article the facts cite.

    ``cited`` and ``total`` count sentences; ``uncited`` are the sentences nobody cites;
    ``characters`` is the share of non-space characters inside at least one cited span.
    """

    cited: int
    total: int
    uncited: tuple[Span, ...]
    characters: float

    @property
    def share(self) -> float:
        """Cited sentences as a fraction of all sentences (1.0 when there are none)."""
        return self.cited / self.total if self.total else 1.0


def coverage(source: SourceText, spans: list[Span]) -> Coverage:
    """Which sentences of ``source`` at least one of ``spans`` overlaps."""
    ordered = sorted(set(spans))
    covered = [False] * len(source.text)
    for span in ordered:
        covered[span.start : span.end] = [True] * (span.end - span.start)
    # a span overlaps a sentence exactly when it covers one of the sentence's characters
    uncited = tuple(s for s in source.sentences if not any(covered[s.start : s.end]))
    visible = [i for i, ch in enumerate(source.text) if not ch.isspace()]
    share = sum(covered[i] for i in visible) / len(visible) if visible else 1.0
    return Coverage(len(source.sentences) - len(uncited), len(source.sentences), uncited, share)
