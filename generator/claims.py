"""What the site says *about* its sources, checked against them.

Run after provenance, on the resolved evidence of every fact. Each rule is a located error:

* **as_written is the article's words.** An event's ``as_written`` is shown as “the article
  says ‘…’”, so it must occur verbatim inside one of the event's evidence passages, with the
  exactness rules of quotes: character for character after Unicode NFC, curly quotes and
  apostrophes as the article has them. The one allowance is the one the page makes: a run of
  whitespace (a line break, two spaces) matches any run of whitespace, as both show as one space.
* **No report from the future.** An event whose earliest possible date lies after the date of
  the newest source its evidence cites cannot have been reported as having happened: it is an
  error unless the event says ``future: announced`` or ``future: expected``.
* **Words in quotation marks are verbatim.** Any text of a record that the site prints
  (summary, stance, context, title, reason …) may put words in quotation marks, “…” or "…",
  only when those words occur verbatim (as above) inside that record's evidence; the story's texts
  against the story's evidence; a change note against the evidence of the records it names.
  (A quote's ``text`` is checked by :meth:`~generator.provenance.SourceText.check_quote`.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from generator import dates
from generator.problems import Problem
from generator.provenance import SourceText, Span
from generator.schema import Event, Source
from generator.words import clip, squash
from generator.yamlsource import Document, PathKey, dotted

#: Passages a page shows in quotation marks: curly double quotes, or straight ones.
QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
#: Fields whose text is not prose the site prints in its own words.
_SKIP = frozenset({"id", "evidence", "text", "as_written", "positions", "date", "kind", "status", "superseded_by",
                   "speaker", "actors", "issues", "affiliation", "future"})

Cited = tuple[tuple[str, Span], ...]


def _passages(cited: Cited, texts: Mapping[str, SourceText]) -> list[str]:
    """The cited passages, :func:`squash`-ed."""
    return [squash(texts[sid].text[span.start:span.end]) for sid, span in cited]


def quoted_words(text: str) -> Iterator[str]:
    """The passages ``text`` puts in quotation marks (“…” or "…"), NFC, in order."""
    for match in QUOTED.finditer(text):
        yield squash(unicodedata.normalize("NFC", match.group(1) or match.group(2)))


def _strings(data: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    """Every printed text value under ``data`` (a model dump) with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _strings(item, (*path, i))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in _SKIP and value is not None:
                yield from _strings(value, (*path, key))


def check_quoted(data: Any, path: PathKey, cited: Cited, texts: Mapping[str, SourceText],
                 doc: Document, whose: str) -> list[Problem]:
    """Words in quotation marks in the printed texts of one record (``data``, a model dump, at
    ``path`` in ``doc``) that are not inside its evidence passages (``cited``)."""
    passages = _passages(cited, texts)
    problems = []
    for where, text in _strings(data, path):
        for words in quoted_words(text):
            if not any(words in passage for passage in passages):
                problems.append(doc.problem(where, f"{dotted(where)}: the words in quotation marks “{words}” are "
                                            f"not in {whose} evidence",
                                            "quote the article's words exactly (add a selector that contains them), "
                                            "or drop the quotation marks"))
    return problems


def check_event(event: Event, path: PathKey, cited: Cited, texts: Mapping[str, SourceText],
                sources: Mapping[str, Source], doc: Document) -> list[Problem]:
    """``as_written`` verbatim in the evidence, and no event dated after its source (unless ``future``)."""
    problems = []
    passages = _passages(cited, texts)
    words = squash(unicodedata.normalize("NFC", event.as_written))
    if passages and not any(words in passage for passage in passages):
        where = (*path, "as_written")
        elsewhere = [sid for sid, text in texts.items() if words in squash(text.text)]
        hint = (f"the words are in source '{elsewhere[0]}' but not in the event's evidence: add a selector that "
                "contains them" if elsewhere else
                f"copy the article's words for the date from the evidence: “{clip(passages[0], 100)}”")
        problems.append(doc.problem(where, f"{dotted(where)}: “{words}” is not in the event's evidence", hint))
    dated = [sources[sid].date for sid, _ in cited if sources[sid].date]
    if dated and event.future is None:
        newest = max(dated, key=lambda d: dates.sort_key(d or "")[1])
        assert newest is not None
        if dates.sort_key(event.date)[0] > dates.sort_key(newest)[1]:
            where = (*path, "date")
            problems.append(doc.problem(
                where, f"{dotted(where)}: {dates.describe(event.date)} is after its source's date "
                f"({dates.describe(newest)}): a report cannot tell what happened later",
                "check the date, or mark the event future: announced (or future: expected)"))
    return problems
