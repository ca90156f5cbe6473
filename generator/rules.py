"""Cross-record rules, checked once every file has the right shape.

* ids are unique within their kind;
* every reference (a quote's ``speaker``, an issue's ``positions[].actor``, an event's
  ``actors`` and ``issues``, an actor's ``affiliation``, the story's ``key_actors`` …)
  names a record that exists, with a "did you mean" hint when it does not;
* an actor may take one position per issue;
* an actor or issue that nothing references is a warning (it would be an orphan page).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.problems import Problem, Severity, Suggestions, did_you_mean
from generator.schema import ActorsFile, IssuesFile, QuotesFile, Story, TimelineFile
from generator.yamlsource import Document, PathKey, dotted

#: "Did you mean" hints compare an unknown id with known ids of its kind (difflib, about 50 µs
#: each; see :class:`~generator.problems.Suggestions`): once this many comparisons are spent,
#: further unknown ids get the plain hint (the error is reported all the same).
HINT_COMPARISONS = 20_000


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


def _references(p: Parsed) -> Iterator[_Ref]:
    if p.story:
        story, sdoc = p.story
        yield _Ref("actor", story.publisher, sdoc, ("publisher",))
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
    if p.issues:
        issues, idoc = p.issues
        for i, issue in enumerate(issues.issues):
            for j, a in enumerate(issue.actors):
                yield _Ref("actor", a, idoc, ("issues", i, "actors", j))
            for j, position in enumerate(issue.positions):
                yield _Ref("actor", position.actor, idoc, ("issues", i, "positions", j, "actor"))
    if p.quotes:
        quotes, qdoc = p.quotes
        for i, quote in enumerate(quotes.quotes):
            yield _Ref("actor", quote.speaker, qdoc, ("quotes", i, "speaker"))
            for j, t in enumerate(quote.issues):
                yield _Ref("issue", t, qdoc, ("quotes", i, "issues", j))
    if p.timeline:
        timeline, tdoc = p.timeline
        for i, event in enumerate(timeline.events):
            for j, a in enumerate(event.actors):
                yield _Ref("actor", a, tdoc, ("events", i, "actors", j))
            for j, t in enumerate(event.issues):
                yield _Ref("issue", t, tdoc, ("events", i, "issues", j))


def _unique_ids(kind: str, ids: list[str], doc: Document, key: str) -> list[Problem]:
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
        problems += _unique_ids("actor", [a.id for a in p.actors[0].actors], p.actors[1], "actors")
    if p.issues:
        known["issue"] = {t.id for t in p.issues[0].issues}
        problems += _unique_ids("issue", [t.id for t in p.issues[0].issues], p.issues[1], "issues")
    if p.quotes:
        known["quote"] = {q.id for q in p.quotes[0].quotes}
        problems += _unique_ids("quote", [q.id for q in p.quotes[0].quotes], p.quotes[1], "quotes")
    if p.timeline:
        problems += _unique_ids("event", [e.id for e in p.timeline[0].events], p.timeline[1], "events")
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
    if p.actors:
        actors, adoc = p.actors
        for i, actor in enumerate(actors.actors):
            if actor.affiliation == actor.id:
                problems.append(adoc.problem(("actors", i, "affiliation"),
                                             f"actors[{i}].affiliation: an actor cannot be affiliated with itself",
                                             "name the organisation or state they belong to, or remove the line"))
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


def _warning(doc: Document, path: PathKey, message: str, hint: str) -> Problem:
    return doc.problem(path, message, hint, severity=Severity.WARNING)
