"""Who says so: reported speech in the evidence, and the article's words for unnamed sources.

The provenance checks prove *where* a statement comes from; this module checks that the site
says *who* the article says it comes from.

* **Reported speech.** When a clause of the source that a statement's evidence points into
  reports someone's words (a reporting verb such as *said*, *told*, *wrote*, *called*,
  *argues*, *denies*, or the phrase *according to*), the statement must say
  ``according_to``; otherwise a warning at the statement's text. A clause is the part of a
  sentence between semicolons and dashes, so in "Russia was party to that deal; although the
  U.S. was not, one State Department official said …" only a selector reaching into the
  second half needs the official as its source.
* **The article's words.** A source the article does not name is shown exactly as the
  article words it ("a spokeswoman for Lavrov"), so those words, and a ``verb`` ("wrote on
  her Facebook page"), must occur in the sentences the record's evidence points into; an
  error otherwise, whose hint quotes those sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from generator.problems import Problem, Severity
from generator.provenance import SourceText, Span
from generator.rules import existing
from generator.schema import Attribution, TextQuoteSelector
from generator.words import clip
from generator.yamlsource import Document, PathKey, dotted


class Stated(Protocol):
    """What the checks read of a fact (:class:`generator.content.Fact`)."""

    @property
    def kind(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def path(self) -> PathKey: ...
    @property
    def statement(self) -> PathKey | None: ...
    @property
    def according_to(self) -> tuple[Attribution, ...]: ...
    @property
    def evidence(self) -> tuple[TextQuoteSelector, ...]: ...

#: Reporting verbs and phrases that mark a clause as someone's account, whole words, any case.
REPORTING = (
    "according to", "said", "says", "say", "saying", "told", "tells", "tell", "wrote", "writes", "write",
    "written", "called", "calls", "argues", "argued", "argue", "denies", "denied", "deny", "claims",
    "claimed", "claim", "stressed", "stresses", "insists", "insisted", "asserted", "asserts",
)
_CUE = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in REPORTING) + r")\b", re.IGNORECASE)
#: What divides a sentence into clauses for the check: semicolons and dashes set off by spaces.
_CLAUSE_BREAK = re.compile(r";\s*|\s[—–]\s")


def clauses(source: SourceText, span: Span) -> list[Span]:
    """The clauses (see the module docstring) of the source's sentences that ``span`` overlaps."""
    found: list[Span] = []
    for sentence in sentences(source, span):
        start = sentence.start
        for brk in _CLAUSE_BREAK.finditer(source.text, sentence.start, sentence.end):
            found.append(Span(start, brk.start()))
            start = brk.end()
        found.append(Span(start, sentence.end))
    return [c for c in found if c.overlaps(span) or (span.start == span.end == c.start)]


def sentences(source: SourceText, span: Span) -> list[Span]:
    """The source's sentences that ``span`` overlaps, in order."""
    return source.sentences_overlapping(span)


def reported_speech(source: SourceText, span: Span) -> str | None:
    """The first reporting word or phrase in the clauses ``span`` reaches into, or ``None``."""
    for clause in clauses(source, span):
        match = _CUE.search(source.text, clause.start, clause.end)
        if match:
            return match[0]
    return None


def _words_in(words: str, text: str) -> bool:
    """``words`` occur in ``text`` as written, or with the first letter's case changed."""
    return words in text or (words[:1].swapcase() + words[1:]) in text


def check_attribution(
    source: SourceText,
    facts: Iterable[tuple[Stated, Document]],
    citations: dict[str, tuple[Span, ...]],
) -> list[Problem]:
    """The attribution warnings and errors for ``facts`` (``(Fact, Document)`` pairs).

    ``citations`` are the resolved spans by fact key; a fact whose selectors did not all
    resolve is skipped (its provenance errors are reported already).
    """
    problems: list[Problem] = []
    for fact, doc in facts:
        spans = citations.get(fact.key, ())
        if len(spans) != len(fact.evidence):
            continue
        if fact.statement is not None and not fact.according_to:
            for i, span in enumerate(spans):
                cue = reported_speech(source, span)
                if cue:
                    where = (*fact.path, "evidence", i)
                    problems.append(doc.problem(
                        fact.statement,
                        f"{dotted(fact.statement)}: the evidence is reported speech (“{cue}” in "
                        f"{dotted(where)}, source line {source.line_of(span.start)}) but the statement does not "
                        "say who says so",
                        "add according_to: the actor's id, or the article's words for the source "
                        "(e.g. according_to: \"U.S. officials\")", severity=Severity.WARNING))
                    break
        around = " ".join(source.text[s.start:s.end] for span in spans for s in sentences(source, span))
        base = (*fact.path, "speaker" if fact.kind == "quote" else "according_to")
        for j, attribution in enumerate(fact.according_to):
            item = base if fact.kind == "quote" else (*base, j)
            for name, words in (("unnamed", attribution.unnamed), ("verb", attribution.verb)):
                if words and not _words_in(words, around):
                    where = existing(doc, (*item, name))
                    problems.append(doc.problem(
                        where, f"{dotted(where)}: “{words}” is not in the sentences the evidence points to",
                        "write the source as the article words it, copied from: "
                        f"“{clip(around, 160) if around else 'no evidence'}”"))
    return problems
