"""Cross-record rules, checked once every file has the right shape.

* ids are unique within their kind;
* every reference (a quote's ``speaker``, an issue's ``positions[].actor``, an event's
  ``actors`` and ``issues``, an actor's ``affiliation``, the story's ``key_actors`` …)
  names a record that exists, with a "did you mean" hint when it does not;
* an actor may take one position per issue, and an actor with a position is not also listed
  under that issue's ``no_position`` (the page would say both);
* a position's ``short`` longer than :data:`~generator.schema.SHORT_MAX` characters is a warning;
* an actor or issue that nothing references is a warning (it would be an orphan page);
* both sides: every side an issue names (see :func:`side_of`) has a position, or an entry in
  ``no_position`` saying the article gives none (a warning otherwise);
* no list holds the same entry twice (``actors: [kerry, kerry]``, an issue listed twice, the
  same evidence selector or attribution twice): :func:`repeated_entries`;
* affiliation chains end (no a → b → a), since an actor's side follows its chain;
* an event whose date is only bounded (``../2015-05-12``) belongs to the background era;
* the events of one era spell its name alike, letter case included (whitespace is folded when
  loading); an event in an era named as a date (``12 May 2015``) whose date may fall outside
  that date is a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from generator import dates
from generator.problems import Problem, Severity, Suggestions, did_you_mean
from generator.schema import (
    BACKGROUND,
    SHORT_MAX,
    Actor,
    ActorsFile,
    Attribution,
    Event,
    IssuesFile,
    Position,
    QuotesFile,
    Source,
    Story,
    TextQuoteSelector,
    TimelineFile,
    _Record,
)
from generator.yamlsource import Document, PathKey, dotted

#: "Did you mean" hints compare an unknown id with known ids of its kind (difflib, about 50 µs
#: each; see :class:`~generator.problems.Suggestions`): once this many comparisons are spent,
#: further unknown ids get the plain hint (the error is reported all the same).
HINT_COMPARISONS = 5_000


@dataclass(frozen=True)
class Parsed:
    """The content files that passed their shape check, each with the document it came from.

    A file that failed is ``None``: the rules then check what they can without it (a
    reference into a missing file is not judged), so one broken file hides no other mistake.
    """

    story: tuple[Story, Document] | None
    actors: tuple[ActorsFile, Document] | None
    issues: tuple[IssuesFile, Document] | None
    quotes: tuple[QuotesFile, Document] | None
    timeline: tuple[TimelineFile, Document] | None

    @property
    def complete(self) -> bool:
        """True when every file passed its shape check."""
        return None not in (self.story, self.actors, self.issues, self.quotes, self.timeline)


@dataclass(frozen=True)
class _Ref:
    kind: str  # "actor", "issue" or "quote"
    target: str
    doc: Document
    path: PathKey


def existing(doc: Document, path: PathKey) -> PathKey:
    """The longest start of ``path`` that the document holds (a short form such as
    ``according_to: x`` is read as ``according_to[0].actor``; problems name what was written)."""
    short = tuple(part for i, part in enumerate(path)
                  if not (isinstance(part, int) and i and path[i - 1] == "according_to"))
    found = [next((c[:end] for end in range(len(c), 0, -1) if c[:end] in doc.values), ()) for c in (path, short)]
    return max(found, key=len)


def _attribution_refs(items: list[Attribution], doc: Document, path: PathKey) -> Iterator[_Ref]:
    for j, a in enumerate(items):
        if a.actor:
            yield _Ref("actor", a.actor, doc, existing(doc, (*path, j, "actor")))
        if a.affiliation:
            yield _Ref("actor", a.affiliation, doc, existing(doc, (*path, j, "affiliation")))


def _references(p: Parsed) -> Iterator[_Ref]:
    if p.story:
        story, sdoc = p.story
        for i, item in enumerate(story.summary):
            yield from _attribution_refs(item.according_to, sdoc, ("summary", i, "according_to"))
        first: tuple[str | int, ...] = ("sources", 0) if story.sources else ("source",)
        for i, segment in enumerate(story.source_list()[0].segments if story.source_list() else []):
            if segment.outlet:
                yield _Ref("actor", segment.outlet, sdoc, (*first, "segments", i, "outlet"))
        yield _Ref("actor", story.publisher, sdoc, ("publisher",))
        for i, source in enumerate(story.sources):
            if source.publisher:
                yield _Ref("actor", source.publisher, sdoc, ("sources", i, "publisher"))
        if story.source and story.source.publisher:
            yield _Ref("actor", story.source.publisher, sdoc, ("source", "publisher"))
        for i, a in enumerate(story.credits):
            yield _Ref("actor", a, sdoc, ("credits", i))
        for i, a in enumerate(story.key_actors):
            yield _Ref("actor", a, sdoc, ("key_actors", i))
        for i, t in enumerate(story.key_issues):
            yield _Ref("issue", t, sdoc, ("key_issues", i))
        if story.pivotal_quote:
            yield _Ref("quote", story.pivotal_quote, sdoc, ("pivotal_quote",))
    if p.actors:
        actors, adoc = p.actors
        for i, actor in enumerate(actors.actors):
            if actor.affiliation:
                yield _Ref("actor", actor.affiliation, adoc, ("actors", i, "affiliation"))
            yield from _attribution_refs(actor.according_to, adoc, ("actors", i, "according_to"))
            if actor.side:
                yield _Ref("actor", actor.side, adoc, ("actors", i, "side"))
    if p.issues:
        issues, idoc = p.issues
        for i, issue in enumerate(issues.issues):
            yield from _attribution_refs(issue.according_to, idoc, ("issues", i, "according_to"))
            for j, a in enumerate(issue.actors):
                yield _Ref("actor", a, idoc, ("issues", i, "actors", j))
            for j, position in enumerate(issue.positions):
                yield _Ref("actor", position.actor, idoc, ("issues", i, "positions", j, "actor"))
                yield from _attribution_refs(position.according_to, idoc,
                                             ("issues", i, "positions", j, "according_to"))
            for j, a in enumerate(issue.no_position):
                yield _Ref("actor", a, idoc, ("issues", i, "no_position", j))
    if p.quotes:
        quotes, qdoc = p.quotes
        for i, quote in enumerate(quotes.quotes):
            speaker = quote.speaker
            if speaker.actor:
                yield _Ref("actor", speaker.actor, qdoc, existing(qdoc, ("quotes", i, "speaker", "actor")))
            if speaker.affiliation:
                yield _Ref("actor", speaker.affiliation, qdoc, existing(qdoc, ("quotes", i, "speaker", "affiliation")))
            for j, t in enumerate(quote.issues):
                yield _Ref("issue", t, qdoc, ("quotes", i, "issues", j))
    if p.timeline:
        timeline, tdoc = p.timeline
        for i, event in enumerate(timeline.events):
            for j, a in enumerate(event.actors):
                yield _Ref("actor", a, tdoc, ("events", i, "actors", j))
            for j, t in enumerate(event.issues):
                yield _Ref("issue", t, tdoc, ("events", i, "issues", j))
            yield from _attribution_refs(event.according_to, tdoc, ("events", i, "according_to"))


#: Lists whose entries have a rule of their own for repeats: records (unique ids), sources (unique
#: ids), positions (one per actor and issue).
_OWN_RULE: tuple[type[BaseModel], ...] = (_Record, Source, Position)


def _entry(item: object) -> str:
    if isinstance(item, str):
        return f"'{item}'"
    if isinstance(item, TextQuoteSelector):
        text = item.exact if len(item.exact) <= 60 else item.exact[:59] + "…"
        return f"the selector with exact “{text}”"
    if isinstance(item, Attribution):
        return f"the attribution to '{item.actor or item.unnamed or 'unattributed'}'"
    return "this entry"


def repeated_entries(model: BaseModel, doc: Document, path: PathKey = ()) -> list[Problem]:
    """Every entry of a list in ``model`` (at any depth) that repeats an earlier entry of the same
    list: an id (``events[0].actors: [kerry, kerry]``), an evidence selector, an attribution, a
    point. Located at the repeat, naming the first. Lists of records, sources and positions
    are left to their own rules (duplicate ids, one position per actor)."""
    problems: list[Problem] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = (*path, name)
        if isinstance(value, BaseModel):
            problems += repeated_entries(value, doc, here)
        if not isinstance(value, list):
            continue
        first: dict[str, int] = {}
        for j, item in enumerate(value):
            if isinstance(item, BaseModel):
                problems += repeated_entries(item, doc, (*here, j))
                if isinstance(item, _OWN_RULE):
                    continue
            key = item.model_dump_json() if isinstance(item, BaseModel) else repr(item)
            if key not in first:
                first[key] = j
                continue
            at, earlier = existing(doc, (*here, j)), existing(doc, (*here, first[key]))
            if at == earlier:
                continue  # a short form (according_to: x) has one entry only
            problems.append(doc.problem(at, f"{dotted(at)}: {_entry(item)} is listed twice (also "
                                        f"{dotted(here)}[{first[key]}], line {doc.position(earlier)[0]})",
                                        "remove this entry"))
    return problems


def unique_ids(kind: str, ids: list[str], doc: Document, key: str) -> list[Problem]:
    """An error at each id in ``ids`` (the records under ``key`` in ``doc``, in order) used by an earlier one."""
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for i, record_id in enumerate(ids):
        if record_id in first:
            line = doc.position((key, first[record_id], "id"))[0]
            problems.append(doc.problem((key, i, "id"), f"{key}[{i}].id: duplicate {kind} id '{record_id}' "
                                        f"(first used on line {line})", "give each record its own id"))
        else:
            first[record_id] = i
    return problems


def check_rules(p: Parsed) -> list[Problem]:
    """Every cross-record problem (errors and warnings) that the files in ``p`` allow to judge."""
    problems: list[Problem] = []
    known: dict[str, set[str]] = {}
    if p.actors:
        known["actor"] = {a.id for a in p.actors[0].actors}
        problems += unique_ids("actor", [a.id for a in p.actors[0].actors], p.actors[1], "actors")
    if p.issues:
        known["issue"] = {t.id for t in p.issues[0].issues}
        problems += unique_ids("issue", [t.id for t in p.issues[0].issues], p.issues[1], "issues")
    if p.quotes:
        known["quote"] = {q.id for q in p.quotes[0].quotes}
        problems += unique_ids("quote", [q.id for q in p.quotes[0].quotes], p.quotes[1], "quotes")
    if p.timeline:
        problems += unique_ids("event", [e.id for e in p.timeline[0].events], p.timeline[1], "events")
    for parsed in (p.story, p.actors, p.issues, p.quotes, p.timeline):
        if parsed is not None:
            problems += repeated_entries(*parsed)
    used: dict[str, set[str]] = {"actor": set(), "issue": set(), "quote": set()}
    suggesters: dict[str, Suggestions] = {}
    comparisons = HINT_COMPARISONS
    for ref in _references(p):
        if ref.kind not in known:
            continue  # its file failed its own checks; those errors are reported already
        if ref.target in known[ref.kind]:
            used[ref.kind].add(ref.target)
            continue
        article = "an" if ref.kind[0] in "aeiou" else "a"
        suggest = suggesters.get(ref.kind) or suggesters.setdefault(ref.kind, Suggestions(known[ref.kind]))
        shortlist = suggest.shortlist(ref.target)
        suggestion = ""
        if comparisons >= len(shortlist):
            comparisons -= len(shortlist)
            suggestion = did_you_mean(ref.target, shortlist)
        hint = suggestion or f"add {article} {ref.kind} with this id to {ref.kind}s.yaml"
        problems.append(ref.doc.problem(ref.path, f"{dotted(ref.path)}: unknown {ref.kind} '{ref.target}'", hint))
    if p.story:
        problems += _check_sources(*p.story)
    if p.actors:
        actors, adoc = p.actors
        for i, actor in enumerate(actors.actors):
            if actor.affiliation == actor.id:
                problems.append(adoc.problem(("actors", i, "affiliation"),
                                             f"actors[{i}].affiliation: an actor cannot be affiliated with itself",
                                             "name the organisation or state they belong to, or remove the line"))
        problems += _affiliation_cycles(actors.actors, adoc)
    if p.timeline:
        timeline, tdoc = p.timeline
        for i, event in enumerate(timeline.events):
            if event.era is not None and event.era != BACKGROUND and dates.only_bounded(event.date):
                problems.append(tdoc.problem(
                    ("events", i, "era"),
                    f"events[{i}].era: '{event.date}' is only bounded ({dates.describe(event.date)}), "
                    f"so the event belongs to the '{BACKGROUND}' era, not '{event.era}'",
                    f"remove the era line (or write era: {BACKGROUND}), or give the event a closed date"))
        dateline = p.story[0].dateline if p.story else None
        problems += _era_spellings(timeline, tdoc, dateline) + _eras_named_as_dates(timeline, tdoc)
    if p.issues:
        issues, idoc = p.issues
        for i, issue in enumerate(issues.issues):
            seen: dict[str, int] = {}
            for j, position in enumerate(issue.positions):
                if position.actor in seen:
                    problems.append(idoc.problem(
                        ("issues", i, "positions", j, "actor"),
                        f"issues[{i}].positions[{j}].actor: '{position.actor}' already has a position on this issue "
                        f"(positions[{seen[position.actor]}])", "merge the two stances into one position"))
                seen.setdefault(position.actor, j)
            for j, position in enumerate(issue.positions):
                if position.short is not None and len(position.short) > SHORT_MAX:
                    problems.append(_warning(
                        idoc, ("issues", i, "positions", j, "short"),
                        f"issues[{i}].positions[{j}].short: is {len(position.short)} characters long, more than "
                        f"{SHORT_MAX} (the home page's who-stands-where table shows it in a narrow column)",
                        "say where this side stands in a few words (about 60 characters) and leave the rest "
                        "to the stance"))
            for j, actor_id in enumerate(issue.no_position):
                if actor_id in seen:
                    problems.append(idoc.problem(
                        ("issues", i, "no_position", j),
                        f"issues[{i}].no_position[{j}]: '{actor_id}' has a position on this issue "
                        f"(positions[{seen[actor_id]}])", "remove it from no_position"))
    if p.quotes:
        for i, quote in enumerate(p.quotes[0].quotes):
            if quote.speaker.verb:
                problems.append(p.quotes[1].problem(("quotes", i, "speaker", "verb"),
                                                    f"quotes[{i}].speaker.verb: a quote's speaker takes no verb",
                                                    "say how the words were given in 'medium' or 'context'"))
    problems += _attribution_words(p)
    if p.actors and p.issues and "actor" in known and not any(pr.severity is Severity.ERROR for pr in problems):
        problems += _both_sides(p.actors[0].actors, p.issues[0], p.issues[1])
    if not p.complete:
        return problems  # whether a record is referenced can only be told with every file
    assert p.actors and p.issues
    # A position also counts as a reference from the issue to the actor, so only actors
    # and issues that no record mentions at all are orphans.
    for i, actor in enumerate(p.actors[0].actors):
        if actor.id not in used["actor"]:
            problems.append(_warning(p.actors[1], ("actors", i, "id"), f"actors[{i}]: actor '{actor.id}' is not "
                                     "referenced by any quote, issue, event, affiliation or the story",
                                     "reference it where the article mentions it, or remove it"))
    for i, issue in enumerate(p.issues[0].issues):
        if issue.id not in used["issue"]:
            problems.append(_warning(p.issues[1], ("issues", i, "id"), f"issues[{i}]: issue '{issue.id}' is not "
                                     "referenced by any quote, event or the story's key_issues",
                                     "list it where it is discussed, or remove it"))
    return problems


def _check_sources(story: Story, doc: Document) -> list[Problem]:
    """``source`` or ``sources``, not both; every listed source has an id, publisher and date, ids unique."""
    if story.source and story.sources:
        return [doc.problem(("sources",), "sources: story.yaml has both source and sources",
                            "move the one source into the sources list (as its first item), or remove sources",
                            key=True)]
    if not story.source and not story.sources:
        return [doc.problem((), "(file): story.yaml names no source",
                            "add source: with the article's file and sha256, or a sources: list")]
    problems = []
    first: dict[str, int] = {}
    for i, source in enumerate(story.sources):
        for name in ("id", "publisher", "date"):
            if getattr(source, name) is None:
                problems.append(doc.problem(("sources", i), f"sources[{i}]: missing required field '{name}'",
                                            f"add a line '{name}: …': every source in a list names its {name}"))
        if source.id in first:
            problems.append(doc.problem(("sources", i, "id"), f"sources[{i}].id: duplicate source id '{source.id}' "
                                        f"(sources[{first[source.id]}])", "give each source its own id"))
        elif source.id:
            first[source.id] = i
    return problems


def _affiliation_cycles(actors: list[Actor], doc: Document) -> list[Problem]:
    """An error for each actor whose affiliation chain comes back to it (a → b → a): sides follow the chain."""
    parent = {a.id: a.affiliation for a in actors}
    problems = []
    for i, actor in enumerate(actors):
        seen = {actor.id}
        current = actor.affiliation
        while current in parent and current not in seen:
            seen.add(current)
            current = parent[current]
        if current == actor.id and actor.affiliation != actor.id:
            problems.append(doc.problem(
                ("actors", i, "affiliation"),
                f"actors[{i}].affiliation: the affiliation chain of '{actor.id}' comes back to it",
                "make one actor in the chain the top (no affiliation), e.g. the state"))
    return problems


def _era_spelling(names: dict[str, tuple[int, bool]]) -> str:
    """The spelling to use of an era written in several letter cases (``names``: spelling -> first event
    and whether the event has it by default): the one the timeline gives by default, else
    :data:`BACKGROUND`, else the one a date-named era's heading is written in (``12 May 2015``, as
    :func:`dates.describe` gives it), else the first in YAML order."""
    for name, (_, implicit) in names.items():
        if implicit:
            return name
    for name in names:
        in_words = dates.words_to_edtf(name)
        for proper in (BACKGROUND, dates.describe(in_words) if in_words else None):
            if proper is not None and name.casefold() == proper.casefold():
                return proper
    return next(iter(names))


def _era_spellings(timeline: TimelineFile, doc: Document, dateline: str | None) -> list[Problem]:
    """An error at each event whose ``era`` is another event's era in other letter case (``12 may 2015`` and
    ``12 May 2015``): the timeline would show two sections with look-alike headings. Whitespace is folded
    when loading (:data:`~generator.schema.HeadingText`), so only letter case is left to differ. The eras
    events get by default (:func:`era_of`; ``dateline`` is the story's, ``None`` when story.yaml failed)
    count too, and their spelling is the one to use."""
    spellings: dict[str, dict[str, tuple[int, bool]]] = {}  # casefolded -> spelling -> (first event, default)
    for i, event in enumerate(timeline.events):
        implicit = event.era is None or dates.only_bounded(event.date)
        if implicit and dateline is None and not dates.only_bounded(event.date):
            continue
        name = era_of(event, dateline or "")
        spellings.setdefault(name.casefold(), {}).setdefault(name, (i, implicit))
    problems: list[Problem] = []
    for names in spellings.values():
        if len(names) < 2:
            continue
        proper = _era_spelling(names)
        for i, event in enumerate(timeline.events):
            if event.era is None or event.era == proper or dates.only_bounded(event.date):
                continue  # an only-bounded event's era is reported above
            if event.era not in names:
                continue
            other = proper if proper in names else next(name for name in names if name != event.era)
            k, implicit = names[other]
            where = (f"events[{k}], placed there by its date" if implicit else
                     f"events[{k}], line {doc.position(('events', k, 'era'))[0]}")
            problems.append(doc.problem(
                ("events", i, "era"), f"events[{i}].era: '{event.era}' is the era '{other}' ({where}) in other "
                "letter case, so the timeline would show two sections with look-alike headings",
                f"write era: {proper}"))
    return problems


def _eras_named_as_dates(timeline: TimelineFile, doc: Document) -> list[Problem]:
    """A warning at each event in an era named as a date (``12 May 2015``, ``May 2015``: read as
    :func:`dates.diagnose` reads dates in words) whose own date may fall outside that date."""
    problems: list[Problem] = []
    for i, event in enumerate(timeline.events):
        named = dates.words_to_edtf(event.era) if event.era else None
        if named is None or dates.only_bounded(event.date):
            continue  # an only-bounded event is in the Background era whatever it says (reported above)
        (low, high), (start, end) = dates.bounds(named), dates.bounds(event.date)
        if start is None or end is None or low is None or high is None or start < low or end > high:
            problems.append(_warning(
                doc, ("events", i, "era"),
                f"events[{i}].era: '{event.era}' names {dates.describe(named)}, but the event's date "
                f"'{event.date}' ({dates.describe(event.date)}) is not within it",
                "check the date, or move the event to the era of its date (without an era line the timeline "
                "places it by its date)"))
    return problems


def _warning(doc: Document, path: PathKey, message: str, hint: str) -> Problem:
    return doc.problem(path, message, hint, severity=Severity.WARNING)


def _attribution_words(p: Parsed) -> list[Problem]:
    """``according_to: unattributed`` is for quote speakers only; an unnamed source written as an
    actor's name (``speaker: John Kerry``) is that actor, to be named by id."""
    problems: list[Problem] = []
    names = {a.name.casefold(): a.id for a in p.actors[0].actors} if p.actors else {}
    speakers = ([(p.quotes[1], ("quotes", i, "speaker"), [q.speaker]) for i, q in enumerate(p.quotes[0].quotes)]
                if p.quotes else [])
    for doc, path, items in [*statements(p), *speakers]:
        for j, a in enumerate(items):
            where = existing(doc, (*path, j) if path[-1] == "according_to" else path)
            if a.unattributed and path[-1] == "according_to":
                problems.append(doc.problem(where, f"{dotted(where)}: 'unattributed' is for a quote's speaker",
                                            "remove according_to when the article does not say who says so"))
            elif a.unnamed and a.unnamed.casefold() in names:
                problems.append(doc.problem(where, f"{dotted(where)}: '{a.unnamed}' is the name of an actor",
                                            f"write its id, {names[a.unnamed.casefold()]}"))
    return problems


def statements(p: Parsed) -> Iterator[tuple[Document, PathKey, list[Attribution]]]:
    """Every ``according_to`` of the files in ``p``: its document, path and sources."""
    if p.story:
        for i, item in enumerate(p.story[0].summary):
            yield p.story[1], ("summary", i, "according_to"), item.according_to
    if p.actors:
        for i, actor in enumerate(p.actors[0].actors):
            yield p.actors[1], ("actors", i, "according_to"), actor.according_to
    if p.issues:
        for i, issue in enumerate(p.issues[0].issues):
            yield p.issues[1], ("issues", i, "according_to"), issue.according_to
            for j, position in enumerate(issue.positions):
                yield p.issues[1], ("issues", i, "positions", j, "according_to"), position.according_to
    if p.timeline:
        for i, event in enumerate(p.timeline[0].events):
            yield p.timeline[1], ("events", i, "according_to"), event.according_to


def era_of(event: Event, dateline: str) -> str:
    """The era an event belongs to: :data:`BACKGROUND` for an only-bounded date, else its ``era``,
    else ``"Earlier"`` / the dateline's day (e.g. ``"12 May 2015"``) / ``"Later"`` by its earliest date."""
    if dates.only_bounded(event.date):
        return BACKGROUND
    if event.era:
        return event.era
    start, day = dates.sort_key(event.date)[0], dates.sort_key(dateline)[0]
    return "Earlier" if start < day else dates.describe(dateline) if start == day else "Later"


def side_of(actor_id: str, actors: dict[str, Actor]) -> str:
    """The side an actor stands on: the last actor up its ``affiliation`` chain (Dmitry Peskov →
    Vladimir Putin → Russia). An actor with no affiliation is a side of its own. Unknown ids and
    loops stop the walk where they are met."""
    seen = {actor_id}
    current = actor_id
    while (up := actors[current].affiliation if current in actors else None) and up in actors and up not in seen:
        seen.add(up)
        current = up
    return current


def _both_sides(actor_list: tuple[Actor, ...] | list[Actor], issues: IssuesFile, doc: Document) -> list[Problem]:
    """Warn at an issue for each side it names that has neither a position nor a ``no_position`` entry."""
    actors = {a.id: a for a in actor_list}
    problems: list[Problem] = []
    for i, issue in enumerate(issues.issues):
        named = [*(pos.actor for pos in issue.positions), *issue.actors, *issue.no_position]
        answered = {side_of(a, actors) for a in (*(pos.actor for pos in issue.positions), *issue.no_position)}
        missing: dict[str, list[str]] = {}
        for a in named:
            side = side_of(a, actors)
            if side not in answered and a not in missing.setdefault(side, []):
                missing[side].append(a)
        for side, through in missing.items():
            name = actors[side].name if side in actors else side
            via = "" if through == [side] else f" (through {', '.join(repr(a) for a in through)})"
            problems.append(_warning(doc, ("issues", i, "id"),
                                     f"issues[{i}]: names {name}{via} but gives no position for that side",
                                     f"add a position with evidence, or list '{through[0]}' under no_position "
                                     "to say the article gives none"))
    return problems
