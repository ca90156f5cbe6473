"""The glossary: terms a reader may not know, explained where they appear.

Terms live in the optional ``content/glossary.yaml`` (:class:`generator.schema.GlossaryFile`),
each with a short definition and evidence like every other fact. On every generated page but
the glossary itself, the first mention of each term in the page's running text becomes
``<abbr class="term" title="definition" tabindex="0">term</abbr>``: Material's
``content.tooltips`` shows the title on hover and on keyboard focus; ``tabindex`` makes it
focusable, so a tap or the Tab key reaches it too. Only the first mention per page, so a
keyboard user meets each term once, not at every mention.

Which text is marked is chosen by the templates, which call ``explain(value)`` (a
:class:`Marker` per page) on running text only: summaries, stances, a quote's context and
the article on the source page. A quote's own words are never marked, on any page: an editor's
definition must not appear inside what a speaker said. Headings, link text, ``<summary>``
lines, code and attribute values print their values without it, so a term is never marked
there. Matching runs on the escaped Markdown that :func:`generator.escape.inline` makes, so a
term with punctuation (``S-300``, escaped ``S\\-300``) is found as the page spells it: whole
words (see :data:`_BEFORE`), the first letter in either case (a sentence may start with it),
the rest exactly as written.

A term that no marked text contains is a warning (:func:`unused`): no page would explain it.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Sequence

from markupsafe import Markup

from generator.escape import inline
from generator.schema import Actor as ActorRecord
from generator.schema import Event, Issue, Quote, Story, Term

_WHITESPACE = re.compile(r"\s+")
#: ASCII punctuation as numeric character references: inside the title attribute nothing is left
#: that Markdown (backticks, backslash escapes, brackets) or HTML (quotes, angle brackets) acts on.
_ATTRIBUTE = {c: f"&#{ord(c)};" for c in string.punctuation}


def forms(term: Term) -> list[str]:
    """The spellings of ``term`` that are explained: ``term`` itself, then ``also``."""
    return [term.term, *term.also]


def title_attribute(text: str) -> Markup:
    """``text`` (NFC, whitespace collapsed) safe inside a double-quoted HTML attribute of inline
    HTML in Markdown: every ASCII punctuation character as a numeric character reference."""
    plain = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return Markup("".join(_ATTRIBUTE.get(c, c) for c in plain))


#: Hyphens used inside words: hyphen-minus, hyphen, non-breaking hyphen.
_HYPHENS = r"\-\u2010\u2011"  # inside a [...] class
#: A whole word starts after none of: a letter or digit, a backslash (an escape), ``&`` (an entity),
#: a hyphen (``S-300`` holds no "300", ``cease-fire`` no "fire"), an apostrophe (``Iran’s`` no "s"),
#: a period right after a letter (``U.S.`` no "S"; the Markdown escapes it as ``\.``).
_BEFORE = rf"(?<![\w\\&{_HYPHENS}'\u2019])(?<![^\W\d_]\.)(?<![^\W\d_]\\\.)"
#: ... and ends before neither a letter or digit nor a hyphen (escaped ``\-`` or not).
_AFTER = rf"(?!\w|\\?[{_HYPHENS}])"


def _pattern(escaped: str) -> str:
    """A regular expression for one escaped spelling: its first letter in either case."""
    first, rest = escaped[:1], escaped[1:]
    head = f"[{re.escape(first.lower())}{re.escape(first.upper())}]" if first.lower() != first.upper() else re.escape(
        first)
    return head + re.escape(rest)


class Marker:
    """Explains the first mention of each term on one page (make one per page).

    ``explain(value)`` returns ``value`` escaped by :func:`inline`, with the first mention
    of each term not yet explained on this page wrapped in ``<abbr>``; a value that is already
    :class:`Markup` (a link, markup built by the renderer) is returned unchanged. ``seen`` holds
    the ids of the terms explained so far, in page order.
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        spellings: list[tuple[str, Term]] = []
        for term in terms:
            spellings += [(str(inline(form)), term) for form in forms(term)]
        # Longest first, so "February ceasefire" wins over "ceasefire" at the same place.
        spellings.sort(key=lambda pair: -len(pair[0]))
        self._terms = {f"f{n}": term for n, (_, term) in enumerate(spellings)}
        alternatives = "|".join(f"(?P<f{n}>{_pattern(form)})" for n, (form, _) in enumerate(spellings))
        self._re = re.compile(rf"{_BEFORE}(?:{alternatives}){_AFTER}") if spellings else None
        self.seen: list[str] = []

    def found(self, value: str) -> list[str]:
        """Ids of the terms ``value`` (plain text) mentions, in order of first mention, each once."""
        if self._re is None:
            return []
        ids = [self._terms[str(m.lastgroup)].id for m in self._re.finditer(str(inline(value)))]
        return list(dict.fromkeys(ids))

    def explain(self, value: object) -> Markup:
        """See the class: ``value`` as Markdown with new terms wrapped in ``<abbr>``."""
        if isinstance(value, Markup):
            return value
        markdown = inline(value)
        if self._re is None:
            return markdown

        def wrap(match: re.Match[str]) -> str:
            term = self._terms[str(match.lastgroup)]
            if term.id in self.seen:
                return match.group(0)
            self.seen.append(term.id)
            return f'<abbr class="term" title="{title_attribute(term.definition)}" tabindex="0">{match.group(0)}</abbr>'

        return Markup(self._re.sub(wrap, str(markdown)))


def explained_texts(story: Story | None, actors: Iterable[ActorRecord], issues: Iterable[Issue],
                    quotes: Iterable[Quote], events: Iterable[Event], articles: Iterable[str]) -> list[str]:
    """Every text the templates explain terms in (see :mod:`generator.templates`), and the articles
    (the source pages): what :func:`unused` searches. Keep in step with the templates' ``explain``."""
    texts: list[str] = list(articles)
    if story is not None:
        texts += [story.standfirst, story.programme or "", story.photo_caption or ""]
        texts += [p.text for p in [*([story.why_it_matters] if story.why_it_matters else []),
                                   *(story.key_points or []), *story.unknowns]]
        texts += [item.text for item in story.summary]
    for actor in actors:
        texts += [actor.role, actor.summary]
    for issue in issues:
        texts += [issue.summary, issue.short or ""]
        texts += [text for p in issue.positions for text in (p.stance, p.short or "")]
    for quote in quotes:
        texts += [quote.context, quote.medium or ""]  # never quote.text: a speaker's words are not marked
    for event in events:
        texts.append(event.as_written)
    return [t for t in texts if t]


def unused(terms: Sequence[Term], texts: Iterable[str]) -> list[int]:
    """Indexes (in ``terms``) of the terms that none of ``texts`` mentions: no page would explain them."""
    marker = Marker(terms)
    mentioned = {term_id for text in texts for term_id in marker.found(text)}
    return [i for i, term in enumerate(terms) if term.id not in mentioned]


def sorted_terms(terms: Sequence[Term]) -> list[Term]:
    """``terms`` A to Z for the glossary page: by the term, case and accents aside, then by id."""
    def key(term: Term) -> tuple[str, str]:
        folded = "".join(c for c in unicodedata.normalize("NFKD", term.term) if not unicodedata.combining(c))
        return folded.casefold(), term.id
    return sorted(terms, key=key)
