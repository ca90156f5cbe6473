"""The change log (``content/changes.yaml``): what changed on the site, when, and why.

Each entry (:class:`~generator.schema.Change`) has a ``date`` (YYYY-MM-DD), a ``kind``
(``update``, ``correction`` or ``clarification``), the ``records`` it concerns and a ``note``
for readers. A record is named by its id (``kerry-lavrov-talks``) or, where an id names
records of two kinds, by ``kind:id`` (``event:kerry-lavrov-talks``); the kinds are ``story``,
``actor``, ``issue``, ``quote``, ``event`` and ``source``.

Rules (each a located error): a correction has a note; every record named exists and is
named unambiguously. The log is kept oldest first (append new entries at the bottom); the
site shows it newest first (:func:`newest_first`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator import pages
from generator.problems import Problem, closest, did_you_mean
from generator.schema import Change, ChangesFile
from generator.yamlsource import Document

#: The record kinds a change may name, as written before the colon in ``kind:id``.
KINDS = ("story", "actor", "issue", "quote", "event", "source")


@dataclass(frozen=True)
class LoggedChange:
    """One checked entry: the ``change`` as written, the record ``keys`` it resolved to
    (fact keys such as ``"event:<id>"``, ``"story"``, or ``"source:<id>"``), its ``anchor`` on
    the "What changed" page (``change-<date>-<n>``, n counting that day's entries in YAML
    order, so appending never renames an older entry), its ``index`` in the YAML list, and
    whether every record it names was ``complete``-ly resolved."""

    change: Change
    keys: tuple[str, ...]
    anchor: str
    index: int
    complete: bool = True

    @property
    def heading(self) -> str:
        """``"Corrected on"``, ``"Updated on"`` or ``"Clarified on"``."""
        return {"update": "Updated on", "correction": "Corrected on", "clarification": "Clarified on"}[
            self.change.kind]


def _key(kind: str, record_id: str, story_id: str) -> str:
    return "story" if kind == "story" and record_id == story_id else f"{kind}:{record_id}"


def check_changes(changes: ChangesFile, doc: Document, known: Iterable[str], story_id: str
                  ) -> tuple[list[LoggedChange], list[Problem]]:
    """Resolve and check every entry of ``changes`` against the ``known`` record keys.

    ``known`` holds fact keys (``"actor:<id>"`` …, ``"story"``) and ``"source:<id>"``.
    Returns the entries in YAML order and the problems found (located in ``doc``).
    """
    keys = list(known)
    by_id: dict[str, list[str]] = {}
    for key in keys:
        record_id = story_id if key == "story" else key.partition(":")[2]
        by_id.setdefault(record_id, []).append(key)
    problems: list[Problem] = []
    logged: list[LoggedChange] = []
    per_day: dict[str, int] = {}
    for i, change in enumerate(changes.changes):
        if change.kind == "correction" and change.note is None:
            problems.append(doc.problem(("changes", i, "kind"), f"changes[{i}]: a correction has no note",
                                        "add note: saying what was wrong and what is right now, for readers"))
        resolved: list[str] = []
        complete = True
        for j, ref in enumerate(change.records):
            found, message, hint = _resolve(ref, keys, by_id, story_id)
            if found is None:
                complete = False
                problems.append(doc.problem(("changes", i, "records", j), f"changes[{i}].records[{j}]: {message}",
                                            hint))
            elif found not in resolved:
                resolved.append(found)
        per_day[change.date] = per_day.get(change.date, 0) + 1
        logged.append(LoggedChange(change, tuple(resolved), pages.change_anchor(change.date, per_day[change.date]), i,
                                    complete))
    return logged, problems


def _resolve(ref: str, keys: list[str], by_id: dict[str, list[str]], story_id: str
             ) -> tuple[str | None, str, str]:
    """The key ``ref`` names, or ``None`` with a message and a hint."""
    kind, colon, record_id = ref.partition(":")
    if colon:
        if kind not in KINDS:
            return None, f"unknown record kind '{kind}'", f"write one of {', '.join(KINDS)} before the colon"
        key = _key(kind, record_id, story_id)
        if key in keys:
            return key, "", ""
        same_kind = [k.partition(":")[2] for k in keys if k.startswith(f"{kind}:")]
        if kind == "story":
            same_kind = [story_id]
        close = closest(record_id, same_kind)
        return None, f"unknown {kind} '{record_id}'", (f"did you mean '{kind}:{close}'?" if close
                                                      else f"name {kind} ids from the content files")
    matches = by_id.get(ref, [])
    if len(matches) == 1:
        return matches[0], "", ""
    if len(matches) > 1:
        return None, f"'{ref}' names more than one record ({', '.join(matches)})", "write kind:id to say which"
    hint = did_you_mean(ref, by_id)
    return None, f"unknown record '{ref}'", hint or "name the id of an actor, issue, quote, event or source"


def newest_first(changes: Iterable[LoggedChange]) -> list[LoggedChange]:
    """Entries newest date first; entries of the same day latest-written first."""
    return sorted(changes, key=lambda c: (c.change.date, c.index), reverse=True)
