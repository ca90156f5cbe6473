"""Fact status: current, disputed, superseded or retracted, and what may rely on what.

A record (actor, issue, quote, event) may carry ``status``, ``superseded_by`` and ``reason``
(:class:`~generator.schema._Record`). The rules, each a located error:

* ``superseded`` names its replacement in ``superseded_by``: a record of the same kind,
  not itself; only ``superseded`` and ``retracted`` records name a replacement;
* a record that is not ``current`` says why in ``reason`` (and a current one has no reason);
* **nothing current relies on a retracted record.** A record *relies* on another when it
  names it: a quote's ``speaker`` and ``issues``; an event's ``actors`` and ``issues``; an
  issue's ``actors`` and its positions' ``actor``; an actor's ``affiliation``; the story's
  ``publisher``, ``credits``, ``key_actors``, ``key_issues`` and ``pivotal_quote`` (the story
  is always current); and any record's ``superseded_by`` (a replacement cannot be retracted).
  A current or disputed record that relies on a retracted one is an error; a superseded or
  retracted record may (it is history, shown as such).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.problems import Problem, did_you_mean
from generator.rules import Parsed, _references
from generator.schema import Actor, Event, Issue, Quote
from generator.yamlsource import Document, dotted

Record = Actor | Issue | Quote | Event
_FILES = {"actor": "actors", "issue": "issues", "quote": "quotes", "event": "events"}


def _records(p: Parsed) -> Iterator[tuple[str, int, Record, Document]]:
    """``(kind, index, record, document)`` for every record of the files that parsed."""
    if p.actors:
        yield from (("actor", i, r, p.actors[1]) for i, r in enumerate(p.actors[0].actors))
    if p.issues:
        yield from (("issue", i, r, p.issues[1]) for i, r in enumerate(p.issues[0].issues))
    if p.quotes:
        yield from (("quote", i, r, p.quotes[1]) for i, r in enumerate(p.quotes[0].quotes))
    if p.timeline:
        yield from (("event", i, r, p.timeline[1]) for i, r in enumerate(p.timeline[0].events))


def check_status(p: Parsed) -> list[Problem]:
    """Every status problem the files in ``p`` allow to judge."""
    problems: list[Problem] = []
    records = list(_records(p))
    status = {(kind, r.id): r.status for kind, _, r, _ in records}
    retracted = {key for key, value in status.items() if value == "retracted"}
    for kind, i, record, doc in records:
        base = (_FILES[kind], i)
        if record.status == "superseded" and record.superseded_by is None:
            problems.append(doc.problem((*base, "status"), f"{dotted(base)}: a superseded {kind} names no replacement",
                                        f"add superseded_by: the id of the {kind} that replaces it"))
        if record.superseded_by is not None:
            where = (*base, "superseded_by")
            target = (kind, record.superseded_by)
            if record.status not in ("superseded", "retracted"):
                problems.append(doc.problem(where, f"{dotted(where)}: only a superseded or retracted {kind} names "
                                            "a replacement", "set status: superseded, or remove superseded_by"))
            elif record.superseded_by == record.id:
                problems.append(doc.problem(where, f"{dotted(where)}: a {kind} cannot replace itself",
                                            f"name the newer {kind}'s id"))
            elif target not in status:
                known = [rid for k, rid in status if k == kind]
                problems.append(doc.problem(where, f"{dotted(where)}: unknown {kind} '{record.superseded_by}'",
                                            did_you_mean(record.superseded_by, known)
                                            or f"name the id of the {kind} that replaces it"))
            elif target in retracted:
                problems.append(doc.problem(where, f"{dotted(where)}: the replacement {kind} "
                                            f"'{record.superseded_by}' is retracted",
                                            "name a current record, or mark this one retracted without a replacement"))
        if record.status != "current" and record.reason is None:
            problems.append(doc.problem((*base, "status"), f"{dotted(base)}: a {record.status} {kind} gives no reason",
                                        "add reason: a sentence for readers saying why"))
        if record.status == "current" and record.reason is not None:
            problems.append(doc.problem((*base, "reason"), f"{dotted((*base, 'reason'))}: a current {kind} has no "
                                        "status to explain", "set its status, or remove the reason"))
    singular = {v: k for k, v in _FILES.items()}
    for ref in _references(p):
        if (ref.kind, ref.target) not in retracted:
            continue
        holder = singular.get(str(ref.path[0]))
        if holder is not None:
            record_id = next(r.id for k, i, r, _ in records if k == holder and i == ref.path[1])
            if status[(holder, record_id)] not in ("current", "disputed"):
                continue
            who = f"the {status[(holder, record_id)]} {holder} '{record_id}'"
        else:
            who = "the story"
        hint = "remove the reference" + (f", or mark {who.removeprefix('the ')} superseded or retracted too"
                                         if holder else "")
        problems.append(ref.doc.problem(ref.path, f"{dotted(ref.path)}: {who} relies on the retracted {ref.kind} "
                                        f"'{ref.target}'", hint))
    return problems
