"""Render checked :class:`~generator.content.Content` into Markdown pages.

Pure and deterministic: :func:`render_pages` returns ``{MkDocs file path: Markdown}`` in a
fixed order and touches no file. Markup lives in the Jinja templates in
``generator/templates``; every value a template prints goes through
:func:`generator.escape.inline` (the environment's ``finalize``) unless a helper here built
it as :class:`~markupsafe.Markup`, so text from YAML can never become markup.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from generator import dates, diagram, glossary, opendata, pages, share_image, split
from generator.changes import LoggedChange, newest_first
from generator.content import CitedSource, Content, Era, Fact, IssueTie
from generator.escape import attribute, inline, safe_url, text_fragment
from generator.jsonld import page_jsonld, with_changes
from generator.outlets import Part
from generator.provenance import Span
from generator.schema import BACKGROUND, Attribution, Event, Segment, Story
from generator.words import clip_words, counted, squash

#: A line of a hand-written page (``content/pages/*.md``) that the build replaces with what the
#: story is (:func:`fill_story`): how the About page names the story without naming it in Markdown.
STORY_MARKER = "<!-- explainer: the story -->"

#: Anchor ids for templates: made from slugs by :mod:`pages`, so safe to print unescaped.
_ANCHORS = {
    "quote": lambda i: Markup(pages.quote_anchor(i)),
    "event": lambda i: Markup(pages.event_anchor(i)),
    "position": lambda i: Markup(pages.position_anchor(i)),
    "story": lambda i: Markup(pages.story_anchor(i)),
    "actor": lambda i: Markup(pages.actor_anchor(i)),
    "issue": lambda i: Markup(pages.issue_anchor(i)),
    "actor_page": pages.actor,
    "actors": pages.ACTORS,
    "timeline": pages.TIMELINE,
    "quotes": pages.QUOTES,
    "source": pages.SOURCE,
    "segment": lambda n: Markup(pages.segment_anchor(n)),
    "changes": pages.CHANGES,
    "change": lambda a: Markup(a),  # change-<ISO day>-<n>, from a checked date
    "issues": pages.ISSUES,
    "about": "about.md",
    "filter": pages.timeline_filter,
    "filters": pages.TIMELINE_FILTERS,
    "era": lambda i: Markup(i),
    "why": Markup(pages.WHY_ANCHOR),
    "key_point": lambda i: Markup(pages.key_point_anchor(i)),
    "unknown": lambda i: Markup(pages.unknown_anchor(i)),
    "term": lambda i: Markup(pages.term_anchor(i)),
    "glossary": pages.GLOSSARY,
}
#: How many of an actor's events about an issue its page names in the issue's line (the rest are counted).
TIE_EVENTS = 3
#: How a sentence of prose ends (:meth:`_Links.passage_unit`): ".", "!", "?" or "…", then any closing
#: quotation marks or brackets.
_PROSE_END = re.compile(r"[.!?…][”’\"')\]]*\s*$")
_STATUS = {"superseded": "Superseded", "disputed": "Disputed", "retracted": "Retracted"}


def _finalize(value: Any) -> Any:
    return inline(value) if not isinstance(value, Markup) else value


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    autoescape=False,  # Markdown, not HTML: escaping is done by ``finalize`` below
    finalize=_finalize,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # no stat per page: under mkdocs serve a template edit reloads the generator's modules
)
_ENV.tests["startingwith_u"] = lambda key: str(key).startswith("u:")  # an unnamed speaker's group key


@lru_cache(maxsize=65_536)
def _relpath(target: str, folder: str) -> str:
    """``posixpath.relpath`` memoised: every page links to the same few folders' pages."""
    return posixpath.relpath(target, folder)


@dataclass(frozen=True)
class _Links:
    """Link helpers bound to the page being rendered (links are relative to it)."""

    content: Content
    page: str
    site_url: str | None = None

    def href(self, target: str, anchor: str = "") -> Markup:
        """Relative link from this page to ``target`` (a page path from :mod:`pages`, so a safe slug path)."""
        rel = _relpath(target, posixpath.dirname(self.page) or ".")
        return Markup(f"{rel}#{anchor}" if anchor else rel)

    def to(self, text: object, target: str, anchor: str = "") -> Markup:
        """``[text](relative/target.md#anchor)`` with ``text`` escaped."""
        return Markup(f"[{inline(text)}]({self.href(target, anchor)})")

    def actor(self, actor_id: str) -> Markup:
        return self.to(self.content.actor(actor_id).name, pages.actor(actor_id))

    def issue(self, issue_id: str) -> Markup:
        return self.to(self.content.issue(issue_id).title, pages.issue(issue_id))

    def event(self, event_id: str, text: object) -> Markup:
        return self.to(text, self.content.fact(f"event:{event_id}").page, pages.event_anchor(event_id))

    def quote(self, quote_id: str, text: object) -> Markup:
        return self.to(text, self.content.fact(f"quote:{quote_id}").page, pages.quote_anchor(quote_id))

    def external(self, text: object, url: str) -> Markup:
        """``[text](url)`` to another site; ``url`` is http(s) (schema-checked) and re-encoded."""
        return Markup(f"[{inline(text)}]({safe_url(url)}){{ .external rel=noopener }}")

    def actors(self, actor_ids: list[str]) -> Markup:
        """Links to these actors, joined by " · "."""
        return Markup(" · ").join(self.actor(a) for a in actor_ids)

    def actors_or(self, actor_ids: list[str]) -> Markup:
        """Links to these actors as a phrase: "A", "A or B", "A, B or C"."""
        links = [self.actor(a) for a in actor_ids]
        return links[0] if len(links) < 2 else Markup(", ").join(links[:-1]) + Markup(" or ") + links[-1]

    def issues(self, issue_ids: list[str]) -> Markup:
        """Links to these issues, joined by " · "."""
        return Markup(" · ").join(self.issue(t) for t in issue_ids)

    def facts(self, facts: list[Fact]) -> Markup:
        """Links to these facts, joined by " · "."""
        return Markup(" · ").join(self.fact(f) for f in facts)

    def segments(self, key: str) -> list[Segment | None]:
        """Per cited passage of the fact ``key``, the outlet segment its words lie in, or None where its
        source has no segment there (segments divide the first source only: :mod:`generator.outlets`)."""
        first = self.content.sources[0].id if self.content.sources else None
        segments: list[Segment | None] = []
        for span, source_id in zip(self.content.spans(key), self.content.cited_in[key], strict=True):
            part = next((p for p in self.content.outlets.parts if p.span.overlaps(span)), None)
            segments.append(part.segment if part is not None and source_id == first else None)
        return segments

    def outlet_labels(self, key: str) -> list[str]:
        """Per cited passage of the fact ``key``, the name of the outlet whose words it lies in (a segment's
        ``label``, else its outlet's name), or "" where the source has no outlet segments there."""
        labels = []
        for segment in self.segments(key):
            outlet = segment.outlet if segment else None
            if segment is not None and segment.label:
                labels.append(segment.label)
            else:
                labels.append(self.content.actor(outlet).name if outlet else "")
        return labels

    def _numbered(self, key: str, default: str, *, compact: bool = False) -> list[str]:
        """Link texts for the fact's passages: the outlet's name ("AP"), numbered when the outlet has several
        ("AP 1", "AP 2", "CCTV"); ``default`` where no outlet is known, numbered the same way. ``compact``
        leaves the name off a link that follows one of the same outlet ("AP 1", "2", "CCTV", "AP 3")."""
        labels = [label or default for label in self.outlet_labels(key)]
        seen: dict[str, int] = {}
        texts = []
        for i, label in enumerate(labels):
            seen[label] = seen.get(label, 0) + 1
            n = seen[label]
            same_as_before = compact and i > 0 and labels[i - 1] == label
            texts.append(label if labels.count(label) == 1 else str(n) if same_as_before else f"{label} {n}")
        return texts

    def passage_places(self, key: str) -> list[str]:
        """Per cited passage of the fact ``key``, where its words lie, with its preposition: "in" and the
        name of the outlet segment holding it ("in the AP story"); else, with one source, "in the article";
        with several, "from" and the source's name (:meth:`source_label`: "from The Vale Gazette (1 June
        2021)"), since a source may be a statement or a report rather than an article."""
        several = len(self.content.sources) > 1
        places = []
        for segment, source_id in zip(self.segments(key), self.content.cited_in[key], strict=True):
            if segment is not None:
                places.append(f"in {segment.name}")
            elif several:
                places.append(f"from {self.source_label(self.content.source_by_id(source_id))}")
            else:
                places.append("in the article")
        return places

    def passage_unit(self, key: str) -> str:
        """What the fact's cited passages are, as a noun: "sentence" when each lies within one sentence of
        its source (the source's sentence index finds exactly one), that sentence is prose (it ends in
        ".", "!", "?" or "…", before any closing quotation marks or brackets: a headline, a label or a
        photo credit does not) and no two passages share one (so "3 sentences" counts links and sentences
        alike); else "passage"."""
        seen: set[tuple[str, int]] = set()
        for span, source_id in zip(self.content.spans(key), self.content.cited_in[key], strict=True):
            text = self.content.source_by_id(source_id).text
            found = text.sentences_overlapping(span)
            if (len(found) != 1 or (source_id, found[0].start) in seen
                    or not _PROSE_END.search(text.text[found[0].start:found[0].end])):
                return "passage"
            seen.add((source_id, found[0].start))
        return "sentence"

    def passages_phrase(self, key: str) -> str:
        """Plain text saying what the fact's source links lead to: "a sentence in the AP story", "3 sentences
        in the AP story", "2 sentences in the AP story; 1 in CCTV’s reports", "a passage from The Vale
        Gazette (1 June 2021)" (places in order of first use, separated by "; ": a source's name may hold
        a comma)."""
        places = self.passage_places(key)
        unit = self.passage_unit(key)
        if not places:  # a record with no evidence (none is shown a source link)
            return ""
        if len(places) == 1:
            return f"a {unit} {places[0]}"
        counts = {place: places.count(place) for place in places}
        items = list(counts.items())
        head = f"{counted(items[0][1], unit)} {items[0][0]}"
        return "; ".join([head, *(f"{n} {place}" for place, n in items[1:])])

    def source_block(self, key: str) -> Markup:
        """One "source" link for the fact ``key``, as a block of its own (put it on its own line).

        One passage: "Source: a sentence in the AP story" (:meth:`passages_phrase`) in a ``.cite``
        paragraph. Several: a folded ``<details>`` "Sources: 3 sentences in the AP story" ("2 sentences in
        the AP story, 1 in CCTV’s reports") holding a link per passage ("AP 1", "AP 2", "CCTV", or
        "passage 1" …), so a block ends in one control instead of a row of numbers. With ``source.url``
        set, links into the original too.
        """
        spans = self.content.spans(key)
        fact = self.content.fact(key)
        cited = [self.content.source_by_id(sid) for sid in self.content.cited_in[key]]
        texts = self._numbered(key, "passage")
        links = []
        for n, (span, selector, source) in enumerate(zip(spans, fact.evidence, cited, strict=True), start=1):
            label = f"Source: {self.passages_phrase(key)}" if len(spans) == 1 else texts[n - 1]
            link = f"[{inline(label)}]({self.href(*self.content.passage(source.id, span))}){{ .source-link }}"
            url = source.meta.url
            if url:
                fragment = text_fragment(url, selector.exact, selector.prefix or "", selector.suffix or "")
                host = inline(source.meta.host)
                link += f" ([original at {host}]({safe_url(fragment)}){{ .external rel=noopener }})"
            links.append(link)
        as_of = ""
        if len(self.content.sources) > 1:  # with one source every fact is as of its date, stated once
            as_of = f' <span class="as-of">as of {inline(dates.describe(self.content.as_of(key)))}</span>'
        if len(links) == 1:
            return Markup(f"{links[0]}{as_of}\n{{: .cite data-search-exclude }}")
        items = "\n".join(f"- {link}" for link in links)
        summary = f"<summary>Sources: {attribute(self.passages_phrase(key))}{as_of}</summary>"  # raw HTML
        return Markup(f'<details class="cite" data-search-exclude markdown>\n{summary}\n\n{items}\n\n</details>')

    def issue_tie(self, tie: IssueTie) -> Markup:
        """What ties an actor with no position record to an issue, for its page: "named among those involved"
        (or, where the issue lists it under ``no_position``, "named; the article gives no position"), then
        "2 events: A, B" (past :data:`TIE_EVENTS`, "… and 5 more in Events below": the page lists them all)
        and "1 quote: “…”" (its own words: :meth:`Content.issue_ties`), linked, joined by " · "."""
        ways: list[Markup] = []
        if tie.no_position:
            ways.append(Markup("named; the article gives no position"))
        elif tie.listed:
            ways.append(Markup("named among those involved"))
        if tie.events:
            named = [self.event(e.id, e.title) for e in tie.events[:TIE_EVENTS]]
            more = len(tie.events) - len(named)
            ways.append(inline(counted(len(tie.events), "event")) + Markup(": ") + Markup(", ").join(named)
                        + (Markup(f" and {more} more in Events below") if more else Markup("")))
        if tie.quotes:
            words = [self.quote(q.id, f"“{clip_words(squash(q.text), 60)}”") for q in tie.quotes]
            ways.append(inline(counted(len(tie.quotes), "quote")) + Markup(": ") + Markup(", ").join(words))
        return Markup(" · ").join(ways)

    def fact(self, fact: Fact) -> Markup:
        return self.to(fact.label, fact.page, fact.anchor)

    def url(self, target: str, anchor: str = "") -> str:
        """The served address of ``target`` relative to this page's (directory URLs): for raw HTML,
        whose links MkDocs does not rewrite."""
        here = pages.page_url(self.page, None) or "./"
        there = pages.page_url(target, None) or "./"
        rel = _relpath(there, here) + "/" if there != here else "./"
        return (rel if rel != "./" or not anchor else "") + (f"#{anchor}" if anchor else "")

    def cite(self, key: str) -> Markup:
        """A small folded "Cite or reuse" box for the fact ``key``: its permalink, the source sentence, who
        wrote it (the outlet of the segment it lies in, else the story's publisher), the cited source's
        headline where the source bears it out (:meth:`Content.own_headline`), the story's date, as
        copyable text, and a link to the open data.

        Raw HTML (every value escaped here) so that it carries ``data-search-exclude``: the same
        story date on every record would otherwise crowd search results."""
        fact, story = self.content.fact(key), self.content.story
        permalink = pages.page_url(fact.page, self.site_url, fact.anchor)
        sentences = " … ".join(self.content.sentences(key))
        # Whose words: the outlets of the segments the fact rests on (CCTV for CCTV's report), else the publisher.
        outlets = [p.segment.outlet for p in self.content.outlets.of(key) if p.segment.outlet] or [story.publisher]
        names = [self.content.actor(a).name for a in dict.fromkeys(outlets)]
        by = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        # The article's title only where its text bears it out (Content.own_headline): story.headline is the
        # explainer's own, and quoting it as the source's would cite a title the source may not have.
        cited = [self.content.source_by_id(sid) for sid in dict.fromkeys(self.content.cited_in[key])]
        title = next((t for t in map(self.content.own_headline, cited) if t), None)
        credit = f"{by}, “{title}”" if title else by
        lines = [fact.label, f"“{sentences}”", f"{credit}, {dates.describe(story.dateline)}", permalink]
        text = html.escape("\n".join(squash(line) for line in lines))
        return Markup(
            '<details class="cite-fact" data-search-exclude><summary>Cite or reuse</summary>'
            f'<p><a href="{html.escape(self.url(fact.page, fact.anchor))}">Permalink</a> · '
            f'<a href="{html.escape(self.url(pages.DATA))}">Get the data</a> (record <code>{html.escape(key)}</code> '
            f"in <code>data/explainer.json</code>)</p>\n<pre><code>{text}</code></pre></details>\n")

    def source_name(self, attribution: Attribution) -> Markup:
        """Who, as the article names them: an actor's linked name, or the article's own words
        for an unnamed source (never a name the article does not give)."""
        if attribution.actor:
            return self.actor(attribution.actor)
        if attribution.unnamed:
            return Markup('<span class="unnamed-source">{}</span>').format(inline(attribution.unnamed))
        return Markup('<span class="unattributed">the article does not say who</span>')

    def speaker(self, attribution: Attribution) -> Markup:
        """A quote's speaker for a byline: :meth:`source_name`, or a sentence when unattributed."""
        if attribution.unattributed:
            return Markup('<span class="unattributed">The article does not say who used these words</span>')
        return self.source_name(attribution)

    def according(self, key: str) -> Markup:
        """Who says so and whose words it rests on, for the fact ``key``: "according to X; in the AP
        story" (or "X wrote on her Facebook page"); empty when there is neither."""
        fact = self.content.fact(key)
        said = [] if fact.kind == "quote" else list(fact.according_to)
        plain = [self.source_name(a) for a in said if not a.verb]
        phrases: list[Markup] = []
        if plain:
            joined = plain[0] if len(plain) == 1 else Markup(", ").join(plain[:-1]) + Markup(" and ") + plain[-1]
            phrases.append(Markup("according to ") + joined)
        phrases += [self.source_name(a) + Markup(" ") + inline(a.verb) for a in said if a.verb]
        parts = self.content.outlets.of(key)
        if parts:
            names = [self.to(p.segment.name, *self.content.segment(p.number)) for p in parts]
            phrases.append(Markup("in ") + Markup(" and ").join(names))
        if not phrases:
            return Markup("")
        return Markup('<span class="according-to">(') + Markup("; ").join(phrases) + Markup(")</span>")

    def sources(self, key: str, who: bool = True) -> Markup:
        """Who says so (:meth:`according`; left out when ``who`` is false, for a template that
        shows it elsewhere), then links to each cited passage on its source's page, into the
        original if online, and (with several sources) "as of" the newest cited source's date."""
        spans = self.content.spans(key)
        fact = self.content.fact(key)
        cited = [self.content.source_by_id(sid) for sid in self.content.cited_in[key]]
        according = self.according(key) if who else Markup("")
        links: list[str] = [according] if according else []
        if len(set(self.outlet_labels(key))) == 1:
            # one outlet (named by "in the AP story" before the links) or none: say what the links lead to
            unit = self.passage_unit(key)
            texts = ([f"source {unit}"] if len(spans) == 1 else
                     [f"source {unit}s 1", *map(str, range(2, len(spans) + 1))])
        else:
            texts = self._numbered(key, "source", compact=True)  # "AP 1 2 · CCTV"
        for n, (span, selector, source) in enumerate(zip(spans, fact.evidence, cited, strict=True), start=1):
            label = texts[n - 1]
            links.append(f"[{inline(label)}]({self.href(*self.content.passage(source.id, span))})"
                         "{ .source-link }")
            url = source.meta.url
            if url:
                fragment = text_fragment(url, selector.exact, selector.prefix or "", selector.suffix or "")
                links.append(f"[original at {inline(source.meta.host)}]({safe_url(fragment)})"
                             "{ .source-link .external rel=noopener }")
        if len(self.content.sources) > 1:  # with one source every fact is as of its date, stated once
            links.append(f'<span class="as-of">as of {inline(dates.describe(self.content.as_of(key)))}</span>')
        return Markup(" ".join(links))

    def source_label(self, source: CitedSource) -> str:
        """Plain text naming a source in running text, without a comma of its own: "The Vale Gazette
        (1 June 2021)" (its publisher's name and date)."""
        publisher = self.content.actor(source.meta.publisher or self.content.story.publisher).name
        return f"{publisher} ({dates.describe(source.meta.date or self.content.story.dateline)})"

    def source_title(self, source: CitedSource) -> str:
        """Plain text naming a source: its publisher's name and date."""
        publisher = self.content.actor(source.meta.publisher or self.content.story.publisher).name
        return f"{publisher}, {dates.describe(source.meta.date or self.content.story.dateline)}"

    def records(self, keys: tuple[str, ...]) -> Markup:
        """Links to these records (fact keys or ``"source:<id>"``), joined by " · "."""
        return Markup(" · ").join(
            self.to(f"Source: {self.source_title(self.content.source_by_id(key[7:]))}",
                    self.content.page_of(key)) if key.startswith("source:") else self.fact(self.content.fact(key))
            for key in keys)

    def status(self, key: str) -> Markup:
        """A paragraph marking a record that is not current (with its reason and replacement), or "".

        Starts with a blank line: templates call it at the end of the record's last line."""
        record = self.content.record(key)
        if record is None or record.status == "current":
            return Markup("")
        text = Markup(f"**{_STATUS[record.status]}:** {inline(record.reason or '')}")
        if record.superseded_by:
            replacement = self.content.fact(f"{key.partition(':')[0]}:{record.superseded_by}")
            text += Markup(" See instead: ") + self.fact(replacement) + Markup(".")
        return Markup(f"\n\n{text}\n{{: .fact-status .status-{record.status} }}")


def _passages(source: str, paragraph: Span, spans: list[Span], marker: glossary.Marker | None = None) -> Markup:
    """One source paragraph as Markdown: cited stretches marked, an anchor per passage.

    ``spans`` are the distinct cited spans that overlap this paragraph, sorted. One sweep over
    the cuts: the spans open at each cut are kept in start order, so the work is linear in
    cuts + spans (plus what the page prints), never cuts × spans.
    """
    cuts = sorted({paragraph.start, paragraph.end} | {x for s in spans for x in (s.start, s.end)})
    ending: dict[int, list[Span]] = {}
    for s in spans:
        ending.setdefault(s.end, []).append(s)
    active: dict[Span, str] = {}  # spans covering the current stretch, in sorted order
    following = 0  # the next span (by start) not yet opened
    out = []
    for start, end in itertools.pairwise(cuts):
        for s in ending.get(start, ()):
            active.pop(s, None)
        while following < len(spans) and spans[following].start <= start:
            s = spans[following]
            following += 1
            anchor = pages.passage_anchor(s.start, s.end)
            if s.start == start:
                out.append(f'<span id="{anchor}" class="passage-anchor"></span>')
            if s.end > start:
                active[s] = anchor
        text = marker.explain(source[start:end]) if marker else inline(source[start:end])
        if source[start:start + 1].isspace():
            text = Markup(" ") + text
        if source[end - 1:end].isspace():
            text = text + Markup(" ")
        covering = list(active.values())
        out.append(f'<mark class="cited" data-passages="{" ".join(covering)}">{text}</mark>' if covering else text)
    return Markup("".join(out))


def _source_paragraphs(content: Content, cited: CitedSource) -> list[dict[str, Any]]:
    """Each paragraph of the source ``cited`` with its anchor, its span and the cited spans in it (for
    :func:`_with_text`) and the facts citing it.

    Every cited span is assigned to the paragraphs it overlaps once (a span lies within one
    paragraph unless a selector crosses a line), so the work is linear in spans + paragraphs.
    """
    source = cited.text
    spans_in: list[set[Span]] = [set() for _ in source.paragraphs]
    facts_in: list[dict[str, Fact]] = [{} for _ in source.paragraphs]
    starts: dict[int, Part] = {}
    for part in content.outlets.parts if cited is content.sources[0] else ():  # segments: of the first
        first = next((n for n, p in enumerate(source.paragraphs) if p.overlaps(part.span)), None)
        if first is not None:
            starts.setdefault(first, part)
    for fact in content.facts:
        for span, sid in zip(content.spans(fact.key), content.cited_in[fact.key], strict=True):
            if sid != cited.id:
                continue
            first = source.paragraph_index(span.start)
            last = source.paragraph_index(max(span.end - 1, span.start))
            for i in range(first, last + 1):
                if source.paragraphs[i].overlaps(span):
                    spans_in[i].add(span)
                    facts_in[i].setdefault(fact.key, fact)
    return [
        {"anchor": Markup(pages.paragraph_anchor(n)), "span": p, "spans": sorted(spans_in[n - 1]),
         "facts": list(facts_in[n - 1].values()), "segment": starts.get(n - 1)}
        for n, p in enumerate(source.paragraphs, start=1)
    ]


def _with_text(paragraphs: list[dict[str, Any]], cited: CitedSource, marker: glossary.Marker) -> list[dict[str, Any]]:
    """``paragraphs`` (from :func:`_source_paragraphs`) with their marked-up ``text``, glossary terms
    explained by ``marker``: called by the source page's template, so terms are explained in page order."""
    return [{**p, "text": _passages(cited.text.text, p["span"], p["spans"], marker)} for p in paragraphs]


#: Descriptions of the generated list pages (``<meta name="description">``, ``og:description``).
_DESCRIPTIONS = {
    pages.ACTORS: "Every person, organisation and state the article names, with the role they had at the time.",
    pages.ISSUES: "What is in dispute, and where each side stands.",
    pages.QUOTES: "Every passage the article puts in quotation marks, verbatim and attributed.",
    pages.TIMELINE: "Events the article dates, era by era, with the article's own words for each date.",
    pages.SOURCE: "The source article, with every passage the facts cite marked.",
    pages.GLOSSARY: "Words a reader may not know, as this story uses them, each with its source.",
}


def _description(content: Content, page: str, values: dict[str, Any]) -> str:
    """One or two sentences about the page, at most about 200 characters, plain text."""
    if "actor" in values:
        text = f"{values['actor'].name}, {values['actor'].role}. {values['actor'].summary}"
    elif "issue" in values:
        text = values["issue"].summary
    else:
        text = _DESCRIPTIONS.get(pages.whole(page), content.story.standfirst)
    text = squash(text)
    return text if len(text) <= 200 else text[:200].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _yaml_string(value: str) -> str:
    """``value`` as a YAML double-quoted scalar in ASCII: JSON's escapes for quotes, backslashes and
    controls, YAML's ``\\uXXXX``/``\\UXXXXXXXX`` for the rest (JSON's surrogate pairs are no YAML)."""
    body = json.dumps(value, ensure_ascii=False)[1:-1]
    if body.isascii() and body.isprintable():  # the common case: nothing to escape (U+0020–U+007E)
        return f'"{body}"'
    return '"' + "".join(c if 0x20 <= ord(c) < 0x7F else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF
                         else f"\\U{ord(c):08x}" for c in body) + '"'


#: Material's front-matter ``hide`` per page: the left sidebar is empty on every generated page
#: (the tabs are the navigation); the right one (the page's headings) helps only on long pages.
_HIDE = {pages.HOME: ("navigation", "toc"), pages.ACTORS: ("navigation",), pages.ISSUES: ("navigation", "toc"),
         pages.QUOTES: ("navigation",), pages.TIMELINE: ("navigation", "toc"), pages.SOURCE: ("navigation",)}


def _front_matter(content: Content, page: str, jsonld: Any, meta: dict[str, Any], values: dict[str, Any]) -> str:
    """YAML front matter: Material's ``hide``, any ``meta`` (JSON, so valid YAML), ``jsonld`` (a JSON
    string, ``< > &`` escaped), and ``share_description``, ``share_title`` and ``share_alt`` for the
    Open Graph tags (plain text; ``main.html`` escapes them)."""
    card = share_image.card_for(content, page)
    lines = ["---"]
    hide = _HIDE.get(pages.whole(page), ("navigation", "toc"))
    lines.append("hide: [" + ", ".join(hide) + "]")
    lines += [f"{key}: {json.dumps(value)}" for key, value in meta.items()]
    lines.append("jsonld: " + json.dumps(
        json.dumps(jsonld, ensure_ascii=True, separators=(",", ":"))
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")))
    lines.append("share_description: " + _yaml_string(_description(content, page, values)))
    lines.append("share_title: " + _yaml_string(card.title))
    lines.append("share_alt: " + _yaml_string(card.alt))
    return "\n".join(lines) + "\n---\n\n"


def _page(template: str, content: Content, page: str, jsonld: Any, site_url: str | None,
          meta: dict[str, Any] | None = None, marker: glossary.Marker | None = None,
          initials: Callable[[str], str] | None = None, **values: Any) -> str:
    """The page's front matter (:func:`_front_matter`) and Markdown body.

    ``<meta name="description">`` stays the site's description. Templates call ``explain(text)``
    on running text: ``marker`` (default: a new one for the glossary's terms; none on the glossary
    page) explains each term's first mention on the page (:class:`glossary.Marker`). ``initials``: the
    story's :func:`_story_initials`, computed once per render by :func:`render_pages` (default: anew).
    """
    if marker is None:
        marker = glossary.Marker((content.glossary or ()) if page != pages.GLOSSARY else ())
    links = _Links(content, page, site_url)
    changes = content.changes_on(page)
    jsonld = with_changes(jsonld, changes)
    front = _front_matter(content, page, jsonld, meta or {}, values)
    body = _ENV.get_template(template).render(
        content=content, story=content.story, page=page, link=links, describe=dates.describe,
        anchor=_ANCHORS, initials=initials or _story_initials(content),
        speaker_name=lambda quote: _speaker_name(content, quote),
        speaker_key=split.speaker_key, explain=marker.explain, **values,
    )
    return front + _with_notices(body, content, links, changes)


def _with_notices(body: str, content: Content, links: _Links, changes: list[LoggedChange]) -> str:
    """``body`` with the page's "Updated <date>" line and its change notices after its title.

    Inserted after the first ``# `` heading (or at the top), so every template gets them.
    """
    if not changes:
        return body
    notices = _ENV.get_template("notices.md.j2").render(
        changes=changes, link=links, describe=dates.describe, content=content, anchor=_ANCHORS)
    lines = body.splitlines(keepends=True)
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return "".join(lines[:at]) + "\n" + notices + "".join(lines[at:])


def _when(value: str, day: str | None = None, usual: str = "") -> Markup:
    """An EDTF date for a row (timeline, latest events, an actor's or issue's events), in words
    (:func:`dates.short`: "possibly 12 May 2015", "undated, on or before 12 May 2015", "about 2010"). A vague
    date (:func:`dates.vague`) is set apart (``vague-date``: italic words, never a dotted underline, which
    marks a glossary term); a plain date and a closed range are plain text. Where the words a screen reader
    should hear differ (a range's dash, read "to": :func:`dates.spoken`), the shown words are hidden from
    assistive technology and the spoken ones visually hidden.

    ``day`` (``YYYY-MM-DD``): the row sits under a heading that names that day (:func:`_era_day`), so the row
    shows only what is not certain about it (:func:`dates.on_the_day`: "day not certain", or nothing), while
    assistive technology, which may land on the row without its heading, hears the whole date
    (:func:`dates.spoken`, "possibly 12 May 2015"). ``usual``: the label most of the era's rows would show
    (:func:`_era_usual`), said once under the heading instead: those rows show nothing, plain-day rows
    "day certain"."""
    heard = dates.spoken(value)
    if day is not None:
        label = dates.on_the_day(value)
        if usual:
            label = "" if label == usual else label or _DAY_CERTAIN
        spoken = Markup(f'<span class="visually-hidden">{inline(heard)}</span>')
        if not label:
            return spoken
        style = "day-certain" if label == _DAY_CERTAIN else "vague-date"
        return Markup(f'<span class="{style}"><span aria-hidden="true">{inline(label)}</span>{spoken}</span>')
    compact = dates.short(value)
    words = inline(compact) if compact == heard else Markup(
        f'<span aria-hidden="true">{inline(compact)}</span><span class="visually-hidden">{inline(heard)}</span>')
    return Markup(f'<span class="vague-date">{words}</span>') if dates.vague(value) else words


#: What a plain row of a one-day era shows when most of its rows are uncertain (:func:`_era_usual`).
_DAY_CERTAIN = "day certain"


def _era_day(era: Era) -> str | None:
    """The ``YYYY-MM-DD`` day an era is when its heading names that day (its name is :func:`dates.describe`
    of it) and every one of its events is on that day, plain or qualified (:func:`dates.day_of`); else
    ``None``. Rows of such an era need not repeat the day (:func:`_when`)."""
    days = {dates.day_of(event.date) for event in era.events}
    if len(days) != 1:
        return None
    (day,) = days
    return day if day is not None and era.name.removesuffix(_CONTINUED) == dates.describe(day) else None


def _era_usual(era: Era) -> str:
    """The label (:func:`dates.on_the_day`, e.g. "day not certain") that more than half the rows of a one-day
    era (:func:`_era_day`) would show, or ``""``. Seven rows of eight saying "day not certain" is noise on a
    phone: the era's note says it once and the rows mark the exceptions (:func:`_when`)."""
    if _era_day(era) is None:
        return ""
    labels = [dates.on_the_day(event.date) for event in era.events]
    usual = max(dict.fromkeys(labels), key=labels.count)
    return usual if usual and labels.count(usual) * 2 > len(labels) else ""


#: How the note of a one-day era says the label most of its rows share (:func:`_era_usual`).
_USUALLY = {"day not certain": "not certain", "about this day": "approximate",
            "about this day, not certain": "approximate and not certain"}


def _era_note(era: Era) -> Markup:
    """What the dates of an era's rows mean, printed under its heading, next to the marks it explains (empty
    when they need no word): in a one-day era (:func:`_era_day`), each label a row shows in place of the day
    ("“Day not certain” means possibly 12 May 2015"), or, when most rows share one (:func:`_era_usual`), that
    label once ("Unless marked, the day of each event here is not certain: possibly 12 May 2015") and what
    the marks say; for undated events (:func:`dates.only_bounded`), that they come last, in the order this
    site lists them, and that the date shown is only a bound ("each happened then or earlier")."""
    notes: list[str] = []
    day = _era_day(era)
    if day is not None:
        usual = _era_usual(era)
        labels = [dates.on_the_day(event.date) for event in era.events]
        shown: dict[str, str] = {}
        for event, label in zip(era.events, labels, strict=True):
            if label and label != usual:
                shown.setdefault(label, dates.describe(event.date))
        if usual:
            full = dates.describe(next(e.date for e, label in zip(era.events, labels, strict=True) if label == usual))
            unless = ("Unless marked, t" if shown else "Unless marked “day certain”, t" if "" in labels else "T")
            notes.append(f"{unless}he day of each event here is {_USUALLY[usual]}: {full}")
        notes += [f"“{label[:1].upper()}{label[1:]}” means {full}" for label, full in shown.items()]
    bounded = [event.date for event in era.events if dates.only_bounded(event.date)]
    if bounded:
        sides = ["before" if value.split("/", 1)[0] in ("", "..") else "after" for value in bounded]
        words = {"before": "each happened then or earlier", "after": "each happened then or later"}
        bound = words[sides[0]] if len(set(sides)) == 1 else "each row says whether its event happened then or " \
            "earlier, or then or later"
        notes.append(f"Undated events come last, in the order this site lists them; the date shown is only a "
                     f"bound: {bound}")
    return Markup("; ".join(inline(note) for note in notes) + ("." if notes else ""))


_ENV.globals["when"] = _when
_ENV.globals["counted"] = counted
_ENV.globals["era_day"] = _era_day
_ENV.globals["era_note"] = _era_note
_ENV.globals["era_usual"] = _era_usual
_ENV.tests["plain_date"] = dates.plain
_ENV.globals["BACKGROUND"] = BACKGROUND
_ENV.tests["short_quote"] = lambda text: _is_short_quote(text)

#: A quote of at most this many words is set smaller (``pull-quote--short``): a one-word quote ("reset")
#: at headline size reads as a heading, not as someone's words.
SHORT_QUOTE_WORDS = 3


def _is_short_quote(text: str) -> bool:
    """Whether a quote's words are few enough (:data:`SHORT_QUOTE_WORDS`) to be set at body size."""
    return len(text.split()) <= SHORT_QUOTE_WORDS


def _story_initials(content: Content) -> Callable[[str], str]:
    """The ``initials(name)`` of the templates: unique across the story's actors (:func:`unique_initials`)."""
    unique = unique_initials(tuple(a.name for a in content.actors))
    return lambda name: unique.get(name) or _initials(name)


def _speaker_name(content: Content, quote: Any) -> str:
    """Plain text naming a quote's speaker, for a heading: the actor's name as the editor wrote it, the
    article's words for an unnamed source with a capital first letter ("a spokeswoman for Lavrov" is
    headed "A spokeswoman for Lavrov"; the data keep the article's case), or "Unattributed"."""
    speaker = quote.speaker
    if speaker.actor:
        return str(content.actor(speaker.actor).name)
    words: str = speaker.unnamed or "Unattributed"
    return words[:1].upper() + words[1:]


def _parts_nav(links: _Links, found: tuple[split.Part, ...], here: split.Part,
               source: CitedSource | None = None) -> Markup:
    """The list of a long page's parts (this one marked, the others linked) and "next" / "previous"
    links, as raw HTML kept out of search; empty for a page in one part.

    For a source, each item carries the character range (``data-start``, ``data-stop``) and the
    paragraphs (``data-first``, ``data-last``) of its part, so ``passages.js`` can send a link
    made before the page was cut (``source/#x-…``, ``#p40``) on to the part that holds it."""
    if len(found) < 2:
        return Markup("")
    items = []
    for part in found:
        label = html.escape(f"Part {part.number}: {part.label}")
        data = ""
        if source is not None:
            paragraphs, size = source.text.paragraphs, len(source.text.text)
            start = (0 if part.number == 1 else paragraphs[part.start].start if part.start < len(paragraphs)
                     else size + 1)
            stop = paragraphs[part.stop].start if part.stop < len(paragraphs) else size + 1
            data = (f' data-start="{start}" data-stop="{stop}" data-first="{part.start + 1}"'
                    f' data-last="{min(part.stop, len(paragraphs))}"')
        items.append(f'<li aria-current="page"{data}>{label}</li>' if part is here
                     else f'<li{data}><a href="{html.escape(links.url(part.page))}">{label}</a></li>')
    steps = [f'<a href="{html.escape(links.url(found[here.number - 2].page))}" rel="prev">Previous part</a>'
             if here.number > 1 else "",
             f'<a href="{html.escape(links.url(found[here.number].page))}" rel="next">Next part</a>'
             if here.number < len(found) else ""]
    return Markup(f'<nav class="page-parts" aria-label="Parts of this page" data-search-exclude>'
                  f'<p>This page is long, so it comes in {len(found)} parts; this is part {here.number}. '
                  f'{" · ".join(s for s in steps if s)}</p><ol>{"".join(items)}</ol></nav>\n\n')


def _part_title(found: tuple[split.Part, ...], here: split.Part) -> str:
    """" (part 2 of 5)" after a long page's heading; empty for a page in one part."""
    return f" (part {here.number} of {len(found)})" if len(found) > 1 else ""


def _whole(page: str, count: int) -> tuple[split.Part, ...]:
    """A page in one part (``count`` units): how pages that are not cut are passed to the templates."""
    return (split.Part(1, 1, page, 0, count, ""),)


def _filters(content: Content) -> tuple[tuple[list[str], list[str]], bool]:
    """The actors and issues the timeline can be filtered by (those with events, in YAML order),
    and whether their lists are short enough to repeat on every timeline page
    (:data:`generator.split.FILTER_BUDGET`); else they have a page of their own."""
    with_events = {a for e in content.events for a in e.actors}, {t for e in content.events for t in e.issues}
    actor_ids = [a.id for a in content.actors if a.id in with_events[0]]
    issue_ids = [t.id for t in content.issues if t.id in with_events[1]]
    names = [content.actor(a).name for a in actor_ids] + [content.issue(t).title for t in issue_ids]
    return (actor_ids, issue_ids), split.filter_cost(names) <= split.FILTER_BUDGET


def _table_folded(picture: diagram.Diagram) -> Markup:
    """An issue's picture with its table folded under it ("The same positions as a table"): open, the
    table would repeat the position cards below it. The fold stays in the page for screen readers and
    opens in print (``explainer.css``)."""
    return Markup(f'{picture.svg}\n\n<details class="stance-table-fold">\n'
                  f"<summary>The same positions as a table</summary>\n{picture.table}\n</details>")


def _home_picture(content: Content) -> Markup:
    """The home page's who-stands-where block: the words first (the table, each issue's heading linked
    to its page, each side's position in one short line with its stance), then the picture at a glance
    (side by side on a wide screen: ``stance-pair`` in ``explainer.css``).
    Every issue's, or, past :data:`generator.split.HOME_PICTURE_POSITIONS` positions, the key issues'
    only (with a line saying so: each issue's own page has its picture)."""
    links = _Links(content, pages.HOME)

    def issue_url(issue_id: str) -> str:
        return links.url(pages.issue(issue_id))

    key_only = sum(len(issue.positions) for issue in content.issues) > split.HOME_PICTURE_POSITIONS
    picture, note = diagram.home_diagram(content, issue_url, key_only), ""
    if key_only:
        every = ("all " if len(content.issues) != 1 else "") + counted(len(content.issues), "issue")
        note = (f"\n\nThe key issues only; [{every}]({links.href(pages.ISSUES)}) each have their own picture.\n"
                "{: .more }\n")
    return Markup(f'<div class="stance-pair">\n{picture.table}\n{picture.svg}\n</div>{note}')


#: How the heading of a stretch of an era that does not begin it ends (:func:`_eras_in`).
_CONTINUED = " (continued)"


def _eras_in(eras: tuple[Era, ...], part: split.Part) -> list[Era]:
    """The eras (or the stretches of them) whose events lie in ``part`` of the timeline; a stretch
    that does not begin its era is headed "<era> (continued)", with an anchor of its own."""
    out, offset = [], 0
    for era in eras:
        start, stop = max(part.start - offset, 0), min(part.stop - offset, len(era.events))
        if start < stop:
            out.append(era if (start, stop) == (0, len(era.events)) else
                       Era(era.name, era.anchor, era.events[start:stop]) if start == 0 else
                       Era(f"{era.name}{_CONTINUED}", f"{era.anchor}-continued", era.events[start:stop]))
        offset += len(era.events)
    return out


def _initials(name: str) -> str:
    """The base initials for an avatar: two letters. Several words give the first and last word's
    initials ("Vladimir Putin" → "VP", "The dockers’ union" → "DU"); one word gives its first two
    letters ("Iran" → "Ir", "Israel" → "Is"; an acronym keeps its case: "CCTV" → "CC")."""
    words = _initial_words(name)
    if len(words) == 1:
        word = words[0]
        return word[:2] if word.isupper() else word[:1].upper() + word[1:2].lower()
    letters = [w[0].upper() for w in words] or [name[:1].upper()]
    return "".join(letters[:1] + letters[1:][-1:])


def _initial_words(name: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_][\w’'-]*", name) if w.lower() not in {"the", "of", "and", "for", "a"}]


@lru_cache(maxsize=8)
def unique_initials(names: tuple[str, ...]) -> dict[str, str]:
    """Avatar initials for every name, unique among ``names``: ``{name: initials}``.

    Each name in order takes the first of its candidates no earlier name took: its base
    (:func:`_initials`), then the first word's initial with a middle word's ("Russian Foreign
    Ministry" → "RF"), then three words' initials ("RFM"), then the base plus the next letters of
    its last word ("Russian media" → "RMe"), then the base and a number. Deterministic: the same
    names in the same (YAML) order give the same initials, and unique across the story means unique
    on every page."""
    taken: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        if name in taken:
            continue
        base, words = _initials(name), _initial_words(name)
        candidates = [base] + [words[0][0].upper() + w[0].upper() for w in words[1:-1]]
        if len(words) > 2:
            candidates.append("".join(w[0].upper() for w in words[:2] + words[-1:]))
        last = words[-1] if words else name
        start = 2 if len(words) == 1 else 1
        candidates += [base + last[start:stop].lower() for stop in range(start + 1, len(last) + 1)]
        candidates += [f"{base}{n}" for n in range(2, len(names) + 2)]
        pick = next(c for c in candidates if c not in used)
        taken[name] = pick
        used.add(pick)
    return taken


#: Front matter of pages left out of search (Material's ``search.exclude``): what they list is found
#: where it is stated (the who's-who and the issues page repeat the actor and issue pages; the
#: filtered timelines repeat the timeline; the data page documents files). Within pages,
#: ``data-search-exclude`` leaves out what repeats other pages: source links, cite boxes, an actor's
#: or issue's lists of quotes and events, the source page's "cited by" lists and figures.
_NOT_SEARCHED: dict[str, Any] = {"search": {"exclude": True}}


def render_pages(content: Content, site_url: str | None = None) -> dict[str, str]:
    """Every generated page: ``{file path under docs_dir: Markdown text}``.

    Order: home, actors, issues, quotes, timeline, the timeline filtered by each actor and
    each issue that has events, each source, data, what changed, and the glossary when the story
    has one (``glossary.yaml``). The same ``content`` always gives the
    same strings.
    """
    result: dict[str, str] = {}
    initials = _story_initials(content)  # the same for every page: computed once

    def add(path: str, template: str, meta: dict[str, Any] | None = None, marker: glossary.Marker | None = None,
            **values: Any) -> None:
        result[path] = _page(template, content, path, page_jsonld(content, path, values), site_url, meta, marker,
                             initials, **values)

    def add_parts(page: str, count: int, source: CitedSource | None = None,
                  ) -> Iterator[tuple[split.Part, dict[str, Any]]]:
        """Each part of the long page ``page`` (``count`` units; one part unless it was cut), with
        the values for its template; the caller adds the part's own units and calls :func:`add`."""
        found = content.parts.get(page) or _whole(page, count)
        for part in found:
            yield part, {"parts_nav": _parts_nav(_Links(content, part.page, site_url), found, part, source),
                         "part_title": _part_title(found, part)}

    add(pages.HOME, "home.md.j2", diagram=_home_picture(content))
    add(pages.ACTORS, "actors.md.j2", _NOT_SEARCHED)
    for actor in content.actors:
        add(pages.actor(actor.id), "actor.md.j2", actor=actor)
    for part, values in add_parts(pages.ISSUES, len(content.issues)):
        add(part.page, "issues.md.j2", _NOT_SEARCHED, issues=content.issues[part.start:part.stop], **values)
    for issue in content.issues:
        add(pages.issue(issue.id), "issue.md.j2", issue=issue,
            diagram=_table_folded(diagram.issue_diagram(content, issue)))
    ordered = split.quotes_in_page_order(content.quotes)
    all_speakers = list(dict.fromkeys(split.speaker_key(q) for q in ordered))
    for part, values in add_parts(pages.QUOTES, len(ordered)):
        chunk = ordered[part.start:part.stop]
        add(part.page, "quotes.md.j2", quotes=chunk, all_speakers=all_speakers,
            speakers=[(key, list(group)) for key, group in itertools.groupby(chunk, split.speaker_key)], **values)
    filter_ids, inline_filters = _filters(content)
    filters = filter_ids if inline_filters else None
    for part, values in add_parts(pages.TIMELINE, len(content.events)):
        add(part.page, "timeline.md.j2", eras=_eras_in(content.eras, part), only=None, filters=filters, **values)
    if not inline_filters:
        add(pages.TIMELINE_FILTERS, "timeline_filters.md.j2", _NOT_SEARCHED, filters=filter_ids)
    era_at = {e.id: i for i, era in enumerate(content.eras) for e in era.events}
    position = {e.id: i for i, e in enumerate(content.events)}
    for kind, records, events in (("actor", content.actors, content.events_of), ("issue", content.issues,
                                                                                  content.events_on)):
        for record in records:
            if events(record.id):  # each era's events among the record's, in timeline order
                in_era: dict[int, list[Event]] = {}
                for e in sorted(events(record.id), key=lambda e: position[e.id]):
                    in_era.setdefault(era_at[e.id], []).append(e)
                eras = [Era(content.eras[i].name, content.eras[i].anchor, tuple(members))
                        for i, members in sorted(in_era.items())]
                add(pages.timeline_filter(kind, record.id), "timeline.md.j2", _NOT_SEARCHED,
                    eras=eras, only=(kind, record), filters=filters,
                    parts_nav=Markup(""), part_title="")
    for source in content.sources:
        paragraphs = _source_paragraphs(content, source)
        whole = content.coverage(source.id)
        for part, values in add_parts(source.page, len(paragraphs) + 1, source):
            marker = glossary.Marker(content.glossary or ())  # shared: terms in the article are explained in page order
            add(part.page, "source.md.j2", marker=marker, source=source,
                paragraphs=functools.partial(_with_text, paragraphs[part.start:part.stop], source, marker),
                coverage=whole if part.stop > len(paragraphs) else replace(whole, uncited=()), **values)
    left_out = set(opendata.left_out_of_timeline(content))
    add(pages.DATA, "data.md.j2", _NOT_SEARCHED,
        columns={kind: opendata.CSV_COLUMNS[kind] for kind in opendata.csv_kinds(content)},
        csv_path=lambda kind: Markup(opendata.csv_path(kind)),
        left_out=[e for e in content.events if e.id in left_out],
        schema_version=opendata.SCHEMA_VERSION)
    add(pages.CHANGES, "changes.md.j2", log=newest_first(content.changes))
    if content.glossary is not None:
        add(pages.GLOSSARY, "glossary.md.j2", terms=glossary.sorted_terms(content.glossary))
    return result


def about_story(story: Story) -> str:
    """One Markdown paragraph saying what this explainer is about: the story's ``about``, else
    a sentence made of its headline, place and dateline; every value escaped."""
    if story.about:
        return str(inline(story.about))
    return (f"This site explains one news story, “{inline(story.headline)}” ({inline(story.place)}, "
            f"{inline(dates.describe(story.dateline))}), as reported in one article.")


def fill_story(markdown: str, story: Story) -> str:
    """``markdown`` with each line that is exactly :data:`STORY_MARKER` replaced by
    :func:`about_story`; other lines, and a page without the marker, are returned unchanged."""
    if STORY_MARKER not in markdown:
        return markdown
    lines = markdown.splitlines(keepends=True)
    paragraph = about_story(story)
    return "".join(paragraph + line[len(line.rstrip("\r\n")):] if line.strip() == STORY_MARKER else line
                   for line in lines)


def credits_markdown(content: Content, page: str = "about.md") -> str:
    """A "Credits" section for the hand-written About page ``page``: the publisher and each credited
    actor (photographer, broadcaster …) with their role, linked to their page; "" when there are none.

    The MkDocs hook appends it to the About page; the who's-who leaves these actors out.
    """
    people = content.credits()
    if not people:
        return ""
    links = _Links(content, page)
    lines = [f"- {links.actor(a.id)}: {inline(a.role)}" for a in people]
    return "\n\n## Credits\n\nThe article and its pictures come from:\n\n" + "\n".join(lines) + "\n"
