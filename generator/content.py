"""Load the content folder into one checked, cross-linked :class:`Content`.

The pipeline is the one MkDocs' own ``build()`` narrates: first gather and check
everything, then (elsewhere) render. Here:

1. load each YAML file strictly (:mod:`generator.yamlsource`) and check its shape
   (:mod:`generator.validate`);
2. only if every file has the right shape: cross-record rules (:mod:`generator.rules`) and
   provenance (:mod:`generator.provenance`): the source's sha256, every selector, every quote;
3. raise :class:`~generator.problems.ContentError` with *every* problem if any is an error.

Reverse links (an actor's quotes, an issue's events …) are derived here, never typed twice.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from generator import claims, dates, glossary, pages, split
from generator.attribution import check_attribution
from generator.changes import LoggedChange, check_changes, newest_first
from generator.characters import line_problems
from generator.outlets import Outlets, check_segments
from generator.problems import ContentError, Problem, Severity, did_you_mean
from generator.provenance import Coverage, Miss, SourceText, Span, coverage
from generator.rules import Parsed, check_rules, era_of, existing, repeated_entries, unique_ids
from generator.schema import (
    BACKGROUND,
    CHANGES,
    DEFAULT_SOURCE_ID,
    FILES,
    GLOSSARY,
    Actor,
    Attribution,
    ChangesFile,
    Event,
    GlossaryFile,
    Issue,
    Quote,
    QuotesFile,
    Source,
    Story,
    Term,
    TextQuoteSelector,
)
from generator.status import check_status
from generator.validate import validate
from generator.words import squash
from generator.yamlsource import Document, PathKey, dotted, load_yaml, read_file

T = TypeVar("T")


@dataclass(frozen=True)
class Fact:
    """One record (or issue position) as it appears on the site and cites the source.

    ``page`` is the MkDocs file path that shows it and ``anchor`` its anchor there ("" for
    the top of the page); ``label`` is plain text for links back from the source page.
    ``evidence`` may be empty (a summary bullet written as plain text).
    """

    kind: str
    key: str
    label: str
    page: str
    anchor: str
    file: str
    path: PathKey
    evidence: tuple[TextQuoteSelector, ...]
    #: Who the article says it comes from (a quote's speaker, a statement's ``according_to``).
    according_to: tuple[Attribution, ...] = ()
    #: Path of the statement's text (where an attribution warning points); ``None`` for records
    #: whose attribution is not checked (the story's own header, quotes: their speaker is it).
    statement: PathKey | None = None


@dataclass(frozen=True)
class Content:
    """Everything the renderer needs, checked. Records keep their YAML order, except
    ``events``, which go era by era (see :func:`_eras`: the background first), each era
    chronological (earliest possible date, then YAML order)."""

    story: Story
    actors: tuple[Actor, ...]
    issues: tuple[Issue, ...]
    quotes: tuple[Quote, ...]
    events: tuple[Event, ...]
    source: SourceText
    source_file: str
    facts: tuple[Fact, ...]
    citations: dict[str, tuple[Span, ...]] = field(repr=False)
    eras: tuple[Era, ...] = ()
    warnings: tuple[Problem, ...] = ()
    outlets: Outlets = field(default_factory=Outlets, repr=False)
    #: Every source, the first (default) one first; ``source``/``source_file`` are the first's.
    sources: tuple[CitedSource, ...] = ()
    #: For each fact key, the id of the source each of its spans (``citations``) lies in.
    cited_in: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    #: The change log (``changes.yaml``) in YAML order; empty without one.
    changes: tuple[LoggedChange, ...] = ()
    #: Long list pages cut into parts (:mod:`generator.split`): the whole page's file → its parts.
    #: A page that fits in one part is not listed (it is shown as it always was).
    parts: dict[str, tuple[split.Part, ...]] = field(default_factory=dict, repr=False)
    #: The glossary's terms (``glossary.yaml``) in YAML order; ``None`` without the file.
    glossary: tuple[Term, ...] | None = None

    @cached_property
    def _index(self) -> _Index:
        return _Index.of(self)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (ids were checked, so it exists)."""
        return self._index.actors[actor_id]

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id."""
        return self._index.issues[issue_id]

    def quote(self, quote_id: str) -> Quote:
        """The quote with this id."""
        return self._index.quotes[quote_id]

    def fact(self, key: str) -> Fact:
        """The fact with this key (``"actor:<id>"``, ``"position:<issue>:<n>"`` …)."""
        return self._index.facts[key]

    def quotes_by(self, actor_id: str) -> list[Quote]:
        """Quotes whose speaker is this actor (or an unnamed source affiliated with it), in YAML order."""
        return self._index.quotes_by.get(actor_id, [])

    def quotes_on(self, issue_id: str) -> list[Quote]:
        """Quotes tagged with this issue, in YAML order."""
        return self._index.quotes_on.get(issue_id, [])

    def events_of(self, actor_id: str) -> list[Event]:
        """Events this actor took part in, chronologically."""
        return self._index.events_of.get(actor_id, [])

    def events_on(self, issue_id: str) -> list[Event]:
        """Events about this issue, chronologically."""
        return self._index.events_on.get(issue_id, [])

    def issue_ties(self, actor_id: str) -> tuple[list[Issue], list[IssueTie]]:
        """How this actor is part of the issues: ``(positioned, others)``.

        ``positioned``: the issues where it takes a position, in YAML order. ``others``: every other
        issue that names it (among ``actors`` or under ``no_position``), or that one of its events
        (:meth:`events_of`, chronological) or its own quotes (:meth:`quotes_by` whose speaker is the
        actor itself, YAML order: an unnamed source affiliated with it does not tie it) is about, in
        YAML order of the issues, each with what ties it to the actor. No position record only means
        none was recorded: ``IssueTie.no_position`` says whether the issue states the article gives none."""
        positioned, others = [], []
        events = self.events_of(actor_id)
        quotes = [q for q in self.quotes_by(actor_id) if q.speaker.actor == actor_id]
        # Only the issues that name the actor or that its events and quotes are about, so a page costs
        # what the actor is part of, not the whole story (every actor page over every issue was quadratic).
        order = self._index.issue_order
        named = {*self._index.issues_naming.get(actor_id, ()), *(t for e in events for t in e.issues),
                 *(t for q in quotes for t in q.issues)}
        for issue in (self.issues[n] for n in sorted(order[t] for t in named if t in order)):
            if any(p.actor == actor_id for p in issue.positions):
                positioned.append(issue)
                continue
            tie = IssueTie(issue, listed=actor_id in issue.actors, no_position=actor_id in issue.no_position,
                           events=tuple(e for e in events if issue.id in e.issues),
                           quotes=tuple(q for q in quotes if issue.id in q.issues))
            if tie.listed or tie.no_position or tie.events or tie.quotes:
                others.append(tie)
        return positioned, others

    def own_headline(self, source: CitedSource) -> str | None:
        """The story's ``headline`` when it is this source's own: the source's first paragraph, word for
        word (a headline stands on its own line at the top), else None. ``story.headline`` is the
        explainer's headline; it is shown as the source's only where the source's text bears it out."""
        headline = unicodedata.normalize("NFC", squash(self.story.headline))
        first = source.text.paragraphs[0] if source.text.paragraphs else None
        return headline if first is not None and squash(source.text.text[first.start:first.end]) == headline else None

    def publication_date(self, source: CitedSource) -> str | None:
        """The EDTF date ``story.yaml`` gives as this source's publication date, or None where it gives
        none: the one-source form fills ``date`` in with the ``dateline`` (:meth:`Story.source_list`),
        which is when the story happened, not when the source was published."""
        if self.story.sources:
            return source.meta.date
        return self.story.source.date if self.story.source is not None else None

    def members(self, actor_id: str) -> list[Actor]:
        """Actors whose ``affiliation`` is this actor, in YAML order."""
        return self._index.members.get(actor_id, [])

    def side(self, actor_id: str) -> Actor | None:
        """The actor whose side ``actor_id`` is on: the first explicit ``side`` along its affiliation
        chain, else the top of the chain if that is a state (a state, or an actor others name as
        their side, is its own side); else ``None``."""
        return self._index.sides.get(actor_id)

    def is_credit(self, actor_id: str) -> bool:
        """True for the story's publisher and credited actors (photographer, broadcaster …)."""
        return actor_id == self.story.publisher or actor_id in self.story.credits

    def credits(self) -> list[Actor]:
        """The publisher, then the credited actors, in ``story.yaml`` order, each once."""
        ids = dict.fromkeys([self.story.publisher, *self.story.credits])
        return [self.actor(a) for a in ids]

    def whos_who(self) -> list[tuple[Actor | None, list[tuple[str, list[Actor]]]]]:
        """The who's-who: ``[(side or None, [(prominence, actors), …]), …]`` without the credits.

        Sides come in the order their first member appears in ``story.key_actors`` then in
        ``actors.yaml``; actors on no side come last; prominence groups go principal, official,
        other; actors keep their YAML order within a group.
        """
        listed = [a for a in self.actors if not self.is_credit(a.id)]
        order = {a.id: i for i, a in enumerate(listed)}
        ranked = sorted(listed, key=lambda a: (self.story.key_actors.index(a.id)
                                               if a.id in self.story.key_actors else len(self.actors), order[a.id]))
        sides: dict[str | None, list[Actor]] = {}
        for actor in ranked:
            side = self.side(actor.id)
            sides.setdefault(side.id if side else None, [])
        for actor in listed:
            side = self.side(actor.id)
            sides[side.id if side else None].append(actor)
        if None in sides:
            sides[None] = sides.pop(None)
        return [(self.actor(side_id) if side_id else None,
                 [(level, [a for a in members if a.prominence == level])
                  for level in ("principal", "official", "other") if any(a.prominence == level for a in members)])
                for side_id, members in sides.items()]

    def latest_events(self, count: int) -> list[Event]:
        """The last ``count`` events outside the background era, latest first."""
        dated = [e for era in self.eras if era.name != BACKGROUND for e in era.events]
        return dated[-count:][::-1]

    def spans(self, key: str) -> tuple[Span, ...]:
        """The resolved evidence of the fact ``key``, in the order written."""
        return self.citations[key]

    def coverage(self, source_id: str | None = None) -> Coverage:
        """Which sentences of a source (default: the first) the facts cite (:func:`provenance.coverage`)."""
        source = self.source_by_id(source_id) if source_id else self.sources[0]
        return coverage(source.text, [span for key, spans in self.citations.items()
                                      for span, sid in zip(spans, self.cited_in[key], strict=True)
                                      if sid == source.id])

    def source_by_id(self, source_id: str) -> CitedSource:
        """The source with this id (ids were checked, so it exists)."""
        return next(s for s in self.sources if s.id == source_id)

    def sentences(self, key: str) -> list[str]:
        """The sentence(s) around each evidence span of the fact ``key``, in evidence order, each
        from the source that span lies in (:meth:`SourceText.sentence_around`)."""
        return [self.source_by_id(sid).text.sentence_around(span)
                for span, sid in zip(self.spans(key), self.cited_in[key], strict=True)]

    def sources_of(self, key: str) -> list[CitedSource]:
        """The sources the fact ``key`` cites, in the order of its evidence, each once."""
        return [self.source_by_id(sid) for sid in dict.fromkeys(self.cited_in.get(key, ()))]

    def as_of(self, key: str) -> str:
        """The date (EDTF) of the newest source the fact ``key`` cites: what it is true as of."""
        cited = self.sources_of(key) or list(self.sources[:1])
        return max((s.meta.date or self.story.dateline for s in cited), key=lambda d: dates.sort_key(d)[1])

    def passage(self, source_id: str, span: Span) -> tuple[str, str]:
        """Where a cited passage is shown: ``(page file, anchor)``, the part of the source's page
        that holds the paragraph it starts in and ``x-<start>-<end>``. Every link to a passage
        (record pages, open data, the feed) is made from this."""
        return self.source_by_id(source_id).page_at(span.start), pages.passage_anchor(span.start, span.end)

    def segment(self, number: int) -> tuple[str, str]:
        """Where outlet segment ``number`` (of the first source) starts: ``(page file, anchor)``."""
        part = self.outlets.parts[number - 1]
        return self.sources[0].page_at(part.span.start), pages.segment_anchor(number)

    def page_of(self, key: str) -> str:
        """The page that shows the record ``key`` (a fact key or ``"source:<id>"``)."""
        if key.startswith("source:"):
            return self.source_by_id(key.partition(":")[2]).page
        return self.fact(key).page

    def changes_on(self, page: str) -> list[LoggedChange]:
        """Change-log entries that touch a record shown on ``page``, newest first."""
        return self._index.changes_on.get(page, [])

    def record(self, key: str) -> Actor | Issue | Quote | Event | None:
        """The actor, issue, quote or event of the fact ``key`` (``None`` for other facts)."""
        kind, _, record_id = key.partition(":")
        index: dict[str, dict[str, Actor] | dict[str, Issue] | dict[str, Quote] | dict[str, Event]] = {
            "actor": self._index.actors, "issue": self._index.issues, "quote": self._index.quotes,
            "event": self._index.events}
        return index[kind].get(record_id) if kind in index else None



@dataclass(frozen=True)
class IssueTie:
    """What ties an actor that takes no position on ``issue`` to it (:meth:`Content.issue_ties`): the
    issue names it as involved (``listed``) or as one the article gives no position for
    (``no_position``), and its ``events`` and ``quotes`` about the issue."""

    issue: Issue
    listed: bool
    no_position: bool
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Era:
    """One section of the timeline: its name, its anchor and its events, chronological."""

    name: str
    anchor: str
    events: tuple[Event, ...]


def _eras(events: list[Event], dateline: str) -> tuple[Era, ...]:
    """Events grouped by :func:`era_of`: the background first (events with a closed date
    chronologically, then the only-bounded ones in YAML order, since their dates cannot be
    compared), then the other eras in the order of their earliest event, chronological within."""
    order = {e.id: i for i, e in enumerate(events)}
    timeline = sorted(events, key=lambda e: (dates.sort_key(e.date), order[e.id]))
    groups: dict[str, list[Event]] = {BACKGROUND: []}
    for event in timeline:
        groups.setdefault(era_of(event, dateline), []).append(event)
    closed = [e for e in groups[BACKGROUND] if not dates.only_bounded(e.date)]
    groups[BACKGROUND] = closed + sorted((e for e in events if dates.only_bounded(e.date)), key=lambda e: order[e.id])
    return tuple(Era(name, pages.era_anchor(i, name), tuple(members))
                 for i, (name, members) in enumerate(groups.items()) if members)


@dataclass(frozen=True)
class _Index:
    """Lookups by id and the derived reverse links, built once per :class:`Content`."""

    actors: dict[str, Actor]
    issues: dict[str, Issue]
    quotes: dict[str, Quote]
    facts: dict[str, Fact]
    quotes_by: dict[str, list[Quote]]
    quotes_on: dict[str, list[Quote]]
    events_of: dict[str, list[Event]]
    events_on: dict[str, list[Event]]
    members: dict[str, list[Actor]]
    events: dict[str, Event]
    changes_on: dict[str, list[LoggedChange]]
    sides: dict[str, Actor]
    issue_order: dict[str, int]
    issues_naming: dict[str, list[str]]

    @classmethod
    def of(cls, c: Content) -> _Index:
        def group(pairs: Iterator[tuple[str, T]]) -> dict[str, list[T]]:
            out: dict[str, list[T]] = {}
            for key, item in pairs:
                if item not in out.setdefault(key, []):
                    out[key].append(item)
            return out

        pages_of = {f.key: f.page for f in c.facts} | {f"source:{s.id}": s.page for s in c.sources}
        return cls(
            actors={a.id: a for a in c.actors},
            issues={t.id: t for t in c.issues},
            quotes={q.id: q for q in c.quotes},
            facts={f.key: f for f in c.facts},
            quotes_by=group((a, q) for q in c.quotes for a in (q.speaker.actor, q.speaker.affiliation) if a),
            quotes_on=group((t, q) for q in c.quotes for t in q.issues),
            events_of=group((a, e) for e in c.events for a in e.actors),
            events_on=group((t, e) for e in c.events for t in e.issues),
            members=group((a.affiliation, a) for a in c.actors if a.affiliation),
            events={e.id: e for e in c.events},
            changes_on=group((pages_of[key], change) for change in newest_first(c.changes) for key in change.keys),
            sides=_sides(c.actors),
            issue_order={t.id: n for n, t in enumerate(c.issues)},
            issues_naming=group((a, t.id) for t in c.issues
                                for a in (*(p.actor for p in t.positions), *t.actors, *t.no_position)),
        )


def _sides(actors: tuple[Actor, ...]) -> dict[str, Actor]:
    """Each actor's side (see :meth:`Content.side`); affiliation chains end (checked by the rules)."""
    by_id = {a.id: a for a in actors}
    named = {a.side for a in actors if a.side}
    result: dict[str, Actor] = {}
    for actor in actors:
        if actor.id in named:  # an actor others name as their side is its own side
            result[actor.id] = actor
            continue
        top = actor
        while not top.side and top.affiliation and top.affiliation in by_id:
            top = by_id[top.affiliation]
        if top.side:
            result[actor.id] = by_id[top.side]
        elif top.kind == "state":
            result[actor.id] = top
    return result


def _facts(p: Parsed, files: dict[str, str]) -> Iterator[tuple[Fact, Document]]:
    """Every fact of the files in ``p`` (in site order) with the document it was read from."""
    names = {a.id: a.name for a in p.actors[0].actors} if p.actors else {}
    if p.story:
        story, doc = p.story
        yield Fact("story", "story", "Overview", pages.HOME, "", files["story.yaml"], (), tuple(story.evidence)), doc
        for n, item in enumerate(story.summary):
            yield Fact("summary", f"summary:{n}", f"What happened, point {n + 1}", pages.HOME, "",
                       files["story.yaml"], ("summary", n), tuple(item.evidence), tuple(item.according_to),
                       existing(doc, ("summary", n, "text"))), doc
        if story.why_it_matters:
            yield Fact("point", "why", "Why it matters", pages.HOME, pages.WHY_ANCHOR, files["story.yaml"],
                       ("why_it_matters",), tuple(story.why_it_matters.evidence)), doc
        for i, point in enumerate(story.key_points or []):
            yield Fact("point", f"key-point:{i}", point.title or f"Key point {i + 1}", pages.HOME,
                       pages.key_point_anchor(i), files["story.yaml"], ("key_points", i), tuple(point.evidence)), doc
        for i, point in enumerate(story.unknowns):
            yield Fact("point", f"unknown:{i}", f"What we don’t know ({i + 1})", pages.HOME, pages.unknown_anchor(i),
                       files["story.yaml"], ("unknowns", i), tuple(point.evidence)), doc
    if p.actors:
        actors, doc = p.actors
        for i, a in enumerate(actors.actors):
            yield Fact("actor", f"actor:{a.id}", a.name, pages.actor(a.id), "", files["actors.yaml"],
                       ("actors", i), tuple(a.evidence), tuple(a.according_to), ("actors", i, "summary")), doc
    if p.issues:
        issues, doc = p.issues
        for i, t in enumerate(issues.issues):
            yield Fact("issue", f"issue:{t.id}", t.title, pages.issue(t.id), "", files["issues.yaml"],
                       ("issues", i), tuple(t.evidence), tuple(t.according_to), ("issues", i, "summary")), doc
            for j, pos in enumerate(t.positions):
                yield Fact("position", f"position:{t.id}:{j}", f"{names.get(pos.actor, pos.actor)} on {t.title}",
                           pages.issue(t.id), pages.position_anchor(pos.actor), files["issues.yaml"],
                           ("issues", i, "positions", j), tuple(pos.evidence), tuple(pos.according_to),
                           ("issues", i, "positions", j, "stance")), doc
    if p.quotes:
        quotes, doc = p.quotes
        for i, q in enumerate(quotes.quotes):
            who = q.speaker.unnamed or names.get(q.speaker.actor or "", q.speaker.actor or "unattributed")
            yield Fact("quote", f"quote:{q.id}", f"Quote: {who}", pages.QUOTES,
                       pages.quote_anchor(q.id), files["quotes.yaml"], ("quotes", i), tuple(q.evidence),
                       (q.speaker,)), doc
    if p.timeline:
        timeline, doc = p.timeline
        for i, e in enumerate(timeline.events):
            yield Fact("event", f"event:{e.id}", e.title, pages.TIMELINE, pages.event_anchor(e.id),
                       files["timeline.yaml"], ("events", i), tuple(e.evidence), tuple(e.according_to),
                       ("events", i, "summary" if e.summary else "title")), doc


def display_path(path: Path) -> str:
    """``path`` as shown in problems: relative to the working folder when inside it."""
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return path.as_posix() if relative.parts[:1] == ("..",) else relative.as_posix()


def read_story(content_dir: Path) -> Story | None:
    """``content_dir/story.yaml`` alone, if it loads and has the right shape, else ``None``.

    For what the site needs before the whole content is checked (its name and description,
    set in MkDocs' ``on_config``); :func:`load_content` reports every problem of the file.
    """
    doc, problems = load_yaml(content_dir / "story.yaml", display_path(content_dir / "story.yaml"), content_dir)
    if doc is None or any(p.severity is Severity.ERROR for p in problems):
        return None
    story, _ = validate(doc, Story)
    return story


#: The last shape check of each file name, with the document it checked: a document that
#: load_yaml gives again (same bytes) has the same result. Read only, never changed.
_VALIDATED: dict[str, tuple[Document, tuple[Any, list[Problem]]]] = {}


def load_content(content_dir: Path) -> Content:
    """Load, check and cross-link the story in ``content_dir``.

    Reads ``story.yaml``, ``actors.yaml``, ``issues.yaml``, ``quotes.yaml``,
    ``timeline.yaml`` and the source file that ``story.yaml`` names. Returns the
    :class:`Content` (with any warnings in ``warnings``). Raises
    :class:`~generator.problems.ContentError` with every problem, sorted, when there is
    at least one error.
    """
    files = {name: display_path(content_dir / name) for name in FILES}
    problems: list[Problem] = []
    parsed: dict[str, tuple[Any, Document]] = {}
    for name, model in FILES.items():
        doc, found = load_yaml(content_dir / name, files[name], content_dir)
        problems += found
        if doc is None:
            continue
        last = _VALIDATED.get(files[name])
        if last is None or last[0] is not doc:  # a document parsed afresh (load_yaml keeps unchanged ones)
            last = _VALIDATED[files[name]] = (doc, validate(doc, model))
        instance, found = last[1]
        problems += found
        if instance is not None:
            parsed[name] = (instance, doc)
    log, found = _load_changes(content_dir)
    problems += found
    terms, found = _load_glossary(content_dir)
    problems += found
    # Every file that has the right shape goes on to the rules and the provenance checks,
    # so a broken file hides no mistake in the others.
    p = Parsed(*(parsed.get(name) for name in FILES))
    problems += check_rules(p)
    problems += check_status(p)
    facts = list(_facts(p, files))
    if terms is not None:
        facts += _term_facts(*terms)
    sources, spans, found = _check_provenance(content_dir, p.story, p.quotes, facts)
    problems += found
    outlets = Outlets()
    changes: list[LoggedChange] = []
    if sources is not None:
        # Outlet segments and attribution are about the first source (the story's article).
        first = {key: tuple(span for sid, span in pairs if sid == sources[0].id) for key, pairs in spans.items()}
        if p.story:
            outlets, found = check_segments(sources[0].text, p.story[0].source_list()[0].segments, p.story[1],
                                            facts, first)
            problems += found
        problems += check_attribution(sources[0].text, facts, first)
        problems += _check_claims(p, facts, sources, spans, terms)
        if terms is not None and p.complete:
            problems += _unused_terms(p, terms, sources)
        if log is not None and p.complete and p.story:
            known = [f.key for f, _ in facts if f.kind != "position"] + [f"source:{s.id}" for s in sources]
            changes, found = check_changes(*log, known, p.story[0].id)
            problems += found
            problems += _check_notes(changes, log[1], facts, sources, spans)
    if any(pr.severity is Severity.ERROR for pr in problems) or sources is None or not p.complete:
        raise ContentError(problems)
    assert p.story and p.actors and p.issues and p.quotes and p.timeline
    story = p.story[0]

    actors, issues, quotes, timeline = p.actors[0], p.issues[0], p.quotes[0], p.timeline[0]
    eras = _eras(timeline.events, story.dateline)
    fact_list = [fact for fact, _ in facts]
    parts, moved, sources = _split_pages(actors.actors, issues.issues, quotes.quotes, eras, sources, fact_list, spans,
                                         outlets)
    return Content(
        story=story,
        actors=tuple(actors.actors),
        issues=tuple(issues.issues),
        quotes=tuple(quotes.quotes),
        events=tuple(e for era in eras for e in era.events),
        eras=eras,
        source=sources[0].text,
        source_file=sources[0].file,
        facts=tuple(replace(f, page=moved[f.key][0], anchor=moved[f.key][1]) if f.key in moved else f
                    for f in fact_list),
        citations={key: tuple(span for _, span in pairs) for key, pairs in spans.items()},
        warnings=tuple(pr for pr in problems if pr.severity is Severity.WARNING),
        outlets=outlets,
        sources=tuple(sources),
        cited_in={key: tuple(sid for sid, _ in pairs) for key, pairs in spans.items()},
        changes=tuple(changes),
        parts=parts,
        glossary=None if terms is None else tuple(terms[0].terms),
    )


def _split_pages(actors: list[Actor], issues: list[Issue], quotes: list[Quote], eras: tuple[Era, ...],
                 sources: list[CitedSource], facts: list[Fact], spans: dict[str, tuple[tuple[str, Span], ...]],
                 outlets: Outlets) -> tuple[dict[str, tuple[split.Part, ...]], dict[str, tuple[str, str]],
                                            list[CitedSource]]:
    """Cut the quotes page, the timeline and each source's page into parts where they are long
    (:mod:`generator.split`). Returns the parts by whole page, the new ``(page, anchor)`` of each
    quote and event on a part after the first, and the sources with their parts."""
    names = {a.id: a.name for a in actors}
    titles = {t.id: t.title for t in issues}
    cited = {key: sum(span.end - span.start for _, span in pairs) for key, pairs in spans.items()}
    found: dict[str, tuple[split.Part, ...]] = {}
    moved: dict[str, tuple[str, str]] = {}

    ordered = split.quotes_in_page_order(quotes)
    def who(q: Quote) -> str:
        return names.get(q.speaker.actor or "", "") or q.speaker.unnamed or "Unattributed"

    keys = [split.speaker_key(q) for q in ordered]
    costs = [split.quote_cost(q, [titles.get(t, t) for t in q.issues], cited.get(f"quote:{q.id}", 0),
                              who(q) if i == 0 or keys[i - 1] != keys[i] else None) for i, q in enumerate(ordered)]
    ranges = split.cut(costs, keys)
    if len(ranges) > 1:
        labels = [_span_label(who(ordered[r.start]), who(ordered[r.stop - 1])) for r in ranges]
        found[pages.QUOTES] = split.parts(pages.QUOTES, ranges, labels)
        for part in found[pages.QUOTES][1:]:
            for q in ordered[part.start:part.stop]:
                moved[f"quote:{q.id}"] = (part.page, pages.quote_anchor(q.id))

    costs = [split.issue_cost(t, [names.get(p.actor, p.actor) for p in t.positions]) for t in issues]
    ranges = split.cut(costs)
    if len(ranges) > 1:
        found[pages.ISSUES] = split.parts(pages.ISSUES, ranges, [
            _span_label(issues[r.start].title, issues[r.stop - 1].title) for r in ranges])

    events = [(era.name, e) for era in eras for e in era.events]
    costs = [split.event_cost(e, [names.get(a, a) for a in e.actors] + [titles.get(t, t) for t in e.issues],
                              cited.get(f"event:{e.id}", 0)) for _, e in events]
    ranges = split.cut(costs, [era for era, _ in events])
    if len(ranges) > 1:
        labels = [_span_label(dates.describe(events[r.start][1].date), dates.describe(events[r.stop - 1][1].date))
                  for r in ranges]
        found[pages.TIMELINE] = split.parts(pages.TIMELINE, ranges, labels)
        for part in found[pages.TIMELINE][1:]:
            for _, e in events[part.start:part.stop]:
                moved[f"event:{e.id}"] = (part.page, pages.event_anchor(e.id))

    labels_of = {f.key: f.label for f in facts}
    out = []
    for n, source in enumerate(sources):
        text = source.text
        count = len(text.paragraphs)
        in_paragraph: list[set[Span]] = [set() for _ in range(count)]
        citing: list[dict[str, None]] = [{} for _ in range(count)]
        mine = []
        for key, pairs in spans.items():
            for sid, span in pairs:
                if sid == source.id:
                    mine.append(span)
                    at = text.paragraph_index(span.start)
                    in_paragraph[at].add(span)
                    citing[at].setdefault(key)
        starts = sorted({text.paragraph_index(part.span.start) for part in outlets.parts} if n == 0 else set())
        costs = [split.paragraph_cost(p.end - p.start, len(in_paragraph[i]), [labels_of[k] for k in citing[i]])
                 for i, p in enumerate(text.paragraphs)]
        costs.append(sum(s.end - s.start + 4 for s in coverage(text, mine).uncited))  # the uncited list
        groups = [bisect.bisect_right(starts, i) for i in range(count)] + [-1]
        ranges = split.cut(costs, groups)
        if len(ranges) > 1:
            labels = [("Paragraph " if r.start + 1 >= min(r.stop, count) else "Paragraphs ")
                      + _span_label(str(r.start + 1), str(min(r.stop, count))).replace(" – ", "–")
                      if r.start < count else "Sentences no fact rests on" for r in ranges]
            source = replace(source, parts=split.parts(source.page, ranges, labels))
            found[source.page] = source.parts
        out.append(source)
    return found, moved, out


def _span_label(first: str, last: str) -> str:
    """"first – last", or "first" when they are the same."""
    return first if first == last else f"{first} – {last}"


def _load_changes(content_dir: Path) -> tuple[tuple[ChangesFile, Document] | None, list[Problem]]:
    """The optional change log: ``None`` and no problem when there is no ``changes.yaml``."""
    path = content_dir / CHANGES
    if not (path.exists() or path.is_symlink()):
        return None, []
    doc, problems = load_yaml(path, display_path(path), content_dir)
    if doc is None:
        return None, problems
    instance, found = validate(doc, ChangesFile)
    if instance is not None:
        found += repeated_entries(instance, doc)
    return (None if instance is None else (instance, doc)), problems + found


def _load_glossary(content_dir: Path) -> tuple[tuple[GlossaryFile, Document] | None, list[Problem]]:
    """The optional glossary, with duplicate ids and duplicate spellings reported: ``None`` and no
    problem when there is no ``glossary.yaml``."""
    path = content_dir / GLOSSARY
    if not (path.exists() or path.is_symlink()):
        return None, []
    doc, problems = load_yaml(path, display_path(path), content_dir)
    if doc is None:
        return None, problems
    instance, found = validate(doc, GlossaryFile)
    problems += found
    if instance is None:
        return None, problems
    problems += unique_ids("term", [t.id for t in instance.terms], doc, "terms")
    problems += repeated_entries(instance, doc)
    problems += _repeated_spellings(instance, doc)[0]
    return (instance, doc), problems


def _repeated_spellings(instance: GlossaryFile, doc: Document) -> tuple[list[Problem], set[int]]:
    """An error at each spelling (term or ``also``) that repeats an earlier one, letter case aside, in
    the same entry or another; and the indexes of the entries that have one."""
    problems: list[Problem] = []
    first: dict[str, tuple[int, PathKey]] = {}
    repeated: set[int] = set()  # entries with a repeated spelling: not also warned about as unused
    for i, term in enumerate(instance.terms):
        for j, form in enumerate(glossary.forms(term)):
            where: PathKey = ("terms", i, "term") if j == 0 else ("terms", i, "also", j - 1)
            folded = form.casefold()
            if folded in first and first[folded][0] != i:
                line = doc.position(first[folded][1])[0]
                problems.append(doc.problem(where, f"{dotted(where)}: '{form}' is already a term or spelling "
                                            f"(line {line})", "explain each term once: merge the two entries, or "
                                            "keep the spelling in one of them"))
                repeated.add(i)
            elif folded in first:
                earlier = first[folded][1]
                line = doc.position(earlier)[0]
                what = "the term itself" if earlier[-1] == "term" else "another spelling of this term"
                problems.append(doc.problem(where, f"{dotted(where)}: '{form}' repeats {what} (line {line}), "
                                            "letter case aside", "remove it from also: the term's first letter "
                                            "is matched in either case, and each spelling needs to be listed once"))
                repeated.add(i)
            else:
                first[folded] = (i, where)
    return problems, repeated


def _term_facts(terms: GlossaryFile, doc: Document) -> list[tuple[Fact, Document]]:
    """A fact per glossary term, shown on the glossary page: its evidence is checked like any other."""
    return [(Fact("term", f"term:{t.id}", t.term, pages.GLOSSARY, pages.term_anchor(t.id), doc.file, ("terms", i),
                  tuple(t.evidence)), doc) for i, t in enumerate(terms.terms)]


def _unused_terms(p: Parsed, terms: tuple[GlossaryFile, Document], sources: list[CitedSource]) -> list[Problem]:
    """A warning for each term that no text the pages explain terms in mentions (outside a longer
    term's match); none for an entry that already has a repeated-spelling error."""
    assert p.actors and p.issues and p.quotes and p.timeline
    texts = glossary.explained_texts(p.story[0] if p.story else None, p.actors[0].actors, p.issues[0].issues,
                                     p.quotes[0].quotes, p.timeline[0].events, [s.text.text for s in sources])
    found, doc = terms
    has_error = _repeated_spellings(found, doc)[1]
    return [doc.problem(("terms", i, "term"), f"terms[{i}].term: no generated page's running text mentions "
                        f"'{found.terms[i].term}' (nor any spelling in also) outside a longer term, so no page "
                        "explains it (hand-written pages, headings and quotes' own words are never marked)",
                        "write the term as the pages spell it, add that spelling under also, or remove the term",
                        severity=Severity.WARNING)
            for i in glossary.unused(found.terms, texts) if i not in has_error]


def _check_claims(p: Parsed, facts: list[tuple[Fact, Document]], sources: list[CitedSource],
                  spans: dict[str, tuple[tuple[str, Span], ...]],
                  terms: tuple[GlossaryFile, Document] | None = None) -> list[Problem]:
    """The claims rules of :mod:`generator.claims` on every fact."""
    texts = {s.id: s.text for s in sources}
    metas = {s.id: s.meta for s in sources}
    problems: list[Problem] = []
    records: dict[str, Any] = {}
    if p.story:
        records["story"] = p.story[0]
    for parsed, kind, attr in ((p.actors, "actor", "actors"), (p.issues, "issue", "issues"),
                               (p.quotes, "quote", "quotes"), (p.timeline, "event", "events")):
        if parsed:
            records.update({f"{kind}:{r.id}": r for r in getattr(parsed[0], attr)})
    roots: dict[str, Any] = {}
    for loaded in (p.story, p.actors, p.issues, p.quotes, p.timeline, terms):
        if loaded:
            roots[loaded[1].file] = loaded[0].model_dump()
    separate = {str(f.path[0]) for f, _ in facts if f.kind not in ("story",) and len(f.path) == 2
                and f.file == (p.story[1].file if p.story else "")}  # story parts that are facts of their own
    for fact, doc in facts:
        cited = spans.get(fact.key, ())
        data: Any = roots.get(doc.file)
        for part in fact.path:
            data = data[part] if data is not None else None
        if fact.kind == "story" and isinstance(data, dict):
            data = {k: v for k, v in data.items() if k not in ("source", "sources", *separate)}
        record = records.get(fact.key)
        if isinstance(record, Event):
            problems += claims.check_event(record, fact.path, cited, texts, metas, doc)
        whose = "the story's" if fact.kind == "story" else f"the {fact.kind}'s"
        problems += claims.check_quoted(data, fact.path, cited, texts, doc, whose)
    return problems


def _check_notes(changes: list[LoggedChange], doc: Document, facts: list[tuple[Fact, Document]],
                 sources: list[CitedSource], spans: dict[str, tuple[tuple[str, Span], ...]]) -> list[Problem]:
    """Words in quotation marks in a change note must be in the evidence of the records it names."""
    texts = {s.id: s.text for s in sources}
    whole = {f"source:{s.id}": tuple((s.id, Span(0, len(s.text.text))) for _ in (0,)) for s in sources}
    problems: list[Problem] = []
    for logged in changes:
        cited = tuple(pair for key in logged.keys for pair in (whole.get(key) or spans.get(key, ())))
        note = logged.change.note
        if note is not None and logged.complete:  # else the unknown record is the one error to report
            problems += claims.check_quoted({"note": note}, ("changes", logged.index), cited, texts, doc,
                                            "the named records'")
    return problems


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per source
class CitedSource:
    """One source of the story, read and indexed: ``meta`` from ``story.yaml`` (defaults
    filled in), ``text`` the indexed article, ``file`` its path as shown to editors and
    ``page`` the MkDocs file that shows it (:func:`pages.source`)."""

    meta: Source
    text: SourceText
    file: str
    page: str
    #: The page's parts when it is long (:mod:`generator.split`; units are paragraphs, then the
    #: "sentences no fact cites" list); empty when it is one page.
    parts: tuple[split.Part, ...] = ()

    @property
    def id(self) -> str:
        """The source's id (always set once :meth:`Story.source_list` filled the defaults)."""
        return self.meta.id or DEFAULT_SOURCE_ID

    def page_at(self, offset: int) -> str:
        """The page file (part) that shows the paragraph holding character ``offset``."""
        if not self.parts:
            return self.page
        return split.part_at(self.parts, self.text.paragraph_index(offset)).page


def _read_source(content_dir: Path, meta: Source, sdoc: Document, where: PathKey
                 ) -> tuple[SourceText | None, list[Problem]]:
    """Read one source file, check that it stays inside ``content_dir`` and its sha256."""
    source_path = content_dir / meta.file
    shown = display_path(source_path)
    at = dotted(where)
    try:
        inside = source_path.resolve().is_relative_to(content_dir.resolve())
        raw = read_file(source_path) if inside else b""
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [sdoc.problem((*where, "file"), f"{at}.file: {shown} is not UTF-8", "save the article as UTF-8")]
    except (OSError, ValueError, RuntimeError) as exc:  # ValueError: a NUL; RuntimeError: a symlink loop
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, [sdoc.problem((*where, "file"), f"{at}.file: cannot read {shown}: {reason}",
                                   "check the path, relative to content/")]
    if not inside:
        return None, [sdoc.problem((*where, "file"), f"{at}.file: '{meta.file}' is outside content/",
                                   "keep the article under content/sources/")]
    problems = line_problems(text, shown, "the article")
    digest = hashlib.sha256(raw).hexdigest()  # of the bytes checked below, not a second read
    if digest != meta.sha256:
        problems.append(sdoc.problem(
            (*where, "sha256"),
            f"{at}.sha256: {shown} has changed (its sha256 is {digest})",
            "check the facts this run reports against the corrected article, then record the new sha256"))
    last = _SOURCES.get(shown)
    if last is None or last[0] != text:  # the text itself is compared
        last = _SOURCES[shown] = (text, SourceText(text))
    return last[1].again(), problems


#: The last indexed text of each source file (one entry per file): indexing the article is the
#: costly part of reading it, and most saves under ``mkdocs serve`` leave it as it is.
_SOURCES: dict[str, tuple[str, SourceText]] = {}


def _check_provenance(
    content_dir: Path,
    story_file: tuple[Story, Document] | None,
    quotes_file: tuple[QuotesFile, Document] | None,
    facts: list[tuple[Fact, Document]],
) -> tuple[list[CitedSource] | None, dict[str, tuple[tuple[str, Span], ...]], list[Problem]]:
    """Read every source, check its sha256, resolve every fact's selectors and check the quotes.

    A selector's ``source`` names the source it points into (default: the first). Returns the
    read sources (``None`` when one cannot be read), each fact's resolved spans by fact key
    as ``(source id, span)`` pairs, and the problems found.
    """
    if story_file is None:
        return None, {}, []  # no source to check against; story.yaml's errors say why
    story, sdoc = story_file
    listed = story.source_list()
    if not listed:
        return None, {}, []  # reported by the rules
    problems: list[Problem] = []
    sources: list[CitedSource] = []
    for n, meta in enumerate(listed):
        where: PathKey = ("sources", n) if story.sources else ("source",)
        text, found = _read_source(content_dir, meta, sdoc, where)
        problems += found
        if text is None:
            return None, {}, problems
        sources.append(CitedSource(meta, text, display_path(content_dir / meta.file),
                                   pages.source(meta.id or DEFAULT_SOURCE_ID, first=n == 0)))
    by_id = {s.id: s for s in sources}
    citations: dict[str, tuple[tuple[str, Span], ...]] = {}
    for fact, doc in facts:
        spans: list[tuple[str, Span]] = []
        for i, selector in enumerate(fact.evidence):
            source = by_id.get(selector.source or sources[0].id)
            if source is None:
                where = (*fact.path, "evidence", i, "source")
                hint = did_you_mean(selector.source or "", by_id) or f"name one of: {', '.join(by_id)}"
                problems.append(doc.problem(where, f"{dotted(where)}: unknown source '{selector.source}'", hint))
                continue
            where = (*fact.path, "evidence", i, "exact")
            hit = source.text.resolve(selector)
            if isinstance(hit, Miss):
                message = hit.message if len(sources) == 1 else f"{hit.message} '{source.id}'"
                problems.append(doc.problem(where, f"{dotted(where)}: {message}", hit.hint))
            else:
                spans.append((source.id, hit))
        citations[fact.key] = tuple(spans)
    quotes, qdoc = quotes_file if quotes_file else (QuotesFile(quotes=[]), sdoc)
    for i, quote in enumerate(quotes.quotes):
        cited = [(by_id[sid], span) for sid, span in citations[f"quote:{quote.id}"]]
        misses = []
        for source in dict.fromkeys(s for s, _ in cited if s is not None) or [sources[0]]:
            miss = source.text.check_quote(quote.text, quote.kind, [sp for s, sp in cited if s is source])
            if miss is None:
                break
            misses.append(miss)
        else:
            miss = misses[0]
            path = ("quotes", i, miss.field)
            problems.append(qdoc.problem(path, f"{dotted(path)}: {miss.message}", miss.hint))
    return sources, citations, problems
