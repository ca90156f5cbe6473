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

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from generator import dates, pages
from generator.attribution import check_attribution
from generator.characters import line_problems
from generator.outlets import Outlets, check_segments
from generator.problems import ContentError, Problem, Severity
from generator.provenance import Coverage, Miss, SourceText, Span, coverage
from generator.rules import Parsed, check_rules, existing
from generator.schema import (
    FILES,
    Actor,
    Attribution,
    Event,
    Issue,
    Quote,
    QuotesFile,
    Story,
    TextQuoteSelector,
)
from generator.validate import validate
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
    ``events``, which is chronological (earliest possible date, then YAML order)."""

    story: Story
    actors: tuple[Actor, ...]
    issues: tuple[Issue, ...]
    quotes: tuple[Quote, ...]
    events: tuple[Event, ...]
    source: SourceText
    source_file: str
    facts: tuple[Fact, ...]
    citations: dict[str, tuple[Span, ...]] = field(repr=False)
    warnings: tuple[Problem, ...] = ()
    outlets: Outlets = field(default_factory=Outlets, repr=False)

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

    def issues_of(self, actor_id: str) -> list[Issue]:
        """Issues where this actor takes a position or is listed as involved, in YAML order."""
        return self._index.issues_of.get(actor_id, [])

    def members(self, actor_id: str) -> list[Actor]:
        """Actors whose ``affiliation`` is this actor, in YAML order."""
        return self._index.members.get(actor_id, [])

    def spans(self, key: str) -> tuple[Span, ...]:
        """The resolved evidence of the fact ``key``, in the order written."""
        return self.citations[key]

    def coverage(self) -> Coverage:
        """Which of the article's sentences the facts cite (see :func:`provenance.coverage`)."""
        return coverage(self.source, [s for spans in self.citations.values() for s in spans])



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
    issues_of: dict[str, list[Issue]]
    members: dict[str, list[Actor]]

    @classmethod
    def of(cls, c: Content) -> _Index:
        def group(pairs: Iterator[tuple[str, T]]) -> dict[str, list[T]]:
            out: dict[str, list[T]] = {}
            for key, item in pairs:
                if item not in out.setdefault(key, []):
                    out[key].append(item)
            return out

        return cls(
            actors={a.id: a for a in c.actors},
            issues={t.id: t for t in c.issues},
            quotes={q.id: q for q in c.quotes},
            facts={f.key: f for f in c.facts},
            quotes_by=group((a, q) for q in c.quotes for a in (q.speaker.actor, q.speaker.affiliation) if a),
            quotes_on=group((t, q) for q in c.quotes for t in q.issues),
            events_of=group((a, e) for e in c.events for a in e.actors),
            events_on=group((t, e) for e in c.events for t in e.issues),
            issues_of=group((a, t) for t in c.issues for a in (*t.actors, *(p.actor for p in t.positions))),
            members=group((a.affiliation, a) for a in c.actors if a.affiliation),
        )


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
        instance, found = validate(doc, model)
        problems += found
        if instance is not None:
            parsed[name] = (instance, doc)
    # Every file that has the right shape goes on to the rules and the provenance checks,
    # so a broken file hides no mistake in the others.
    p = Parsed(*(parsed.get(name) for name in FILES))
    problems += check_rules(p)
    facts = list(_facts(p, files))
    source, citations, found = _check_provenance(content_dir, p.story, p.quotes, facts)
    problems += found
    outlets = Outlets()
    if source is not None and p.story:
        outlets, found = check_segments(source, p.story[0].source.segments, p.story[1], facts, citations)
        problems += found
        problems += check_attribution(source, facts, citations)
    if any(pr.severity is Severity.ERROR for pr in problems) or source is None or not p.complete:
        raise ContentError(problems)
    assert p.story and p.actors and p.issues and p.quotes and p.timeline
    story = p.story[0]

    actors, issues, quotes, timeline = p.actors[0], p.issues[0], p.quotes[0], p.timeline[0]
    order = {e.id: i for i, e in enumerate(timeline.events)}
    events = sorted(timeline.events, key=lambda e: (dates.sort_key(e.date), order[e.id]))
    return Content(
        story=story,
        actors=tuple(actors.actors),
        issues=tuple(issues.issues),
        quotes=tuple(quotes.quotes),
        events=tuple(events),
        source=source,
        source_file=display_path(content_dir / story.source.file),
        facts=tuple(fact for fact, _ in facts),
        citations=citations,
        warnings=tuple(pr for pr in problems if pr.severity is Severity.WARNING),
        outlets=outlets,
    )


def _check_provenance(
    content_dir: Path,
    story_file: tuple[Story, Document] | None,
    quotes_file: tuple[QuotesFile, Document] | None,
    facts: list[tuple[Fact, Document]],
) -> tuple[SourceText | None, dict[str, tuple[Span, ...]], list[Problem]]:
    """Read the source, check its sha256, resolve every fact's selectors and check the quotes.

    Returns the indexed source (``None`` when it cannot be read), each fact's resolved spans
    by fact key, and the problems found.
    """
    if story_file is None:
        return None, {}, []  # no source to check against; story.yaml's errors say why
    story, sdoc = story_file
    source_path = (content_dir / story.source.file)
    shown = display_path(source_path)
    try:
        inside = source_path.resolve().is_relative_to(content_dir.resolve())
        raw = read_file(source_path) if inside else b""
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, {}, [sdoc.problem(("source", "file"), f"source.file: {shown} is not UTF-8",
                                       "save the article as UTF-8")]
    except (OSError, ValueError, RuntimeError) as exc:  # ValueError: a NUL; RuntimeError: a symlink loop
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, {}, [sdoc.problem(("source", "file"), f"source.file: cannot read {shown}: {reason}",
                                       "check the path, relative to content/")]
    if not inside:
        return None, {}, [sdoc.problem(("source", "file"), f"source.file: '{story.source.file}' is outside content/",
                                       "keep the article under content/sources/")]
    problems = line_problems(text, shown, "the article")
    digest = hashlib.sha256(raw).hexdigest()  # of the bytes checked below, not a second read
    if digest != story.source.sha256:
        problems.append(sdoc.problem(
            ("source", "sha256"),
            f"source.sha256: {shown} has changed (its sha256 is {digest})",
            "check the facts this run reports against the corrected article, then record the new sha256"))
    source = SourceText(text)
    citations: dict[str, tuple[Span, ...]] = {}
    for fact, doc in facts:
        spans = []
        for i, selector in enumerate(fact.evidence):
            where = (*fact.path, "evidence", i, "exact")
            found = source.resolve(selector)
            if isinstance(found, Miss):
                problems.append(doc.problem(where, f"{dotted(where)}: {found.message}", found.hint))
            else:
                spans.append(found)
        citations[fact.key] = tuple(spans)
    quotes, qdoc = quotes_file if quotes_file else (QuotesFile(quotes=[]), sdoc)
    for i, quote in enumerate(quotes.quotes):
        miss = source.check_quote(quote.text, quote.kind, list(citations[f"quote:{quote.id}"]))
        if miss is not None:
            path = ("quotes", i, miss.field)
            problems.append(qdoc.problem(path, f"{dotted(path)}: {miss.message}", miss.hint))
    return source, citations, problems
