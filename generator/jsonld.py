"""schema.org structured data (JSON-LD) for each generated page.

Types follow schema.org: the story is a ``NewsArticle``; actors are ``Person``,
``Organization`` or ``Country``; quotes are ``Quotation`` with ``creator`` and
``isBasedOn``; timeline entries are ``Event``. The theme prints the object in a
``<script type="application/ld+json">`` (see ``theme_overrides/main.html``); the renderer
escapes ``< > &`` inside the JSON so no text can close that element.
"""

from __future__ import annotations

import re
from typing import Any

from generator import pages
from generator.changes import LoggedChange
from generator.content import CitedSource, Content
from generator.outlets import Part
from generator.schema import Actor, Attribution

_TYPES = {"person": "Person", "organisation": "Organization", "state": "Country", "group": "Organization"}
_ISO_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def article(content: Content, source: CitedSource | None = None) -> dict[str, Any]:
    """A source (default: the first, the story's article) as a schema.org ``NewsArticle``."""
    story = content.story
    cited = source or content.sources[0]
    first = cited is content.sources[0]
    published = cited.meta.date or story.dateline
    data: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": story.headline if first else None,
        "datePublished": published if _ISO_DAY.match(published) else None,
        "publisher": {"@type": "Organization", "name": content.actor(cited.meta.publisher or story.publisher).name},
        "contentLocation": {"@type": "Place", "name": story.place} if first else None,
    }
    if cited.meta.url:
        data["url"] = cited.meta.url
    if first and content.outlets.parts:
        data["hasPart"] = [_part(content, part) for part in content.outlets.parts]
    return {k: v for k, v in data.items() if v is not None}


def _part(content: Content, part: Part) -> dict[str, Any]:
    """One outlet segment of the source as a ``CreativeWork`` whose ``author`` is the outlet."""
    data: dict[str, Any] = {"@type": "CreativeWork", "name": part.segment.name}
    if part.segment.outlet:
        data["author"] = _agent(content.actor(part.segment.outlet))
    return data


def _based_on(content: Content, key: str) -> dict[str, Any]:
    """What the fact ``key`` rests on: its one outlet segment (part of the article), else the article."""
    parts = content.outlets.of(key)
    if len(parts) == 1:
        return {**_part(content, parts[0]), "isPartOf": article(content)}
    return article(content)


def with_changes(data: dict[str, Any], changes: list[LoggedChange]) -> dict[str, Any]:
    """``data`` (a page's JSON-LD) with the change log's ``dateModified`` and ``correction``s.

    ``changes`` are the entries touching the page, newest first. ``dateModified`` is the
    newest entry's date; each correction becomes a schema.org ``CorrectionComment`` (text,
    datePublished) in ``correction``. Both are properties of the page (a ``CreativeWork``):
    where the page's object is something else (a Person, an ItemList of quotes, the source
    NewsArticle, which we did not modify), it becomes the ``mainEntity`` of a ``WebPage``.
    """
    if not changes:
        return data
    if data.get("@type") in ("WebPage", "CollectionPage"):
        page = dict(data)
    else:
        page = {"@context": data.get("@context", "https://schema.org"), "@type": "WebPage",
                "mainEntity": {k: v for k, v in data.items() if k != "@context"}}
    page["dateModified"] = changes[0].change.date
    corrections = [{"@type": "CorrectionComment", "text": c.change.note, "datePublished": c.change.date}
                   for c in changes if c.change.kind == "correction"]
    if corrections:
        page["correction"] = corrections
    return page


def _agent(actor: Actor) -> dict[str, Any]:
    return {"@type": _TYPES[actor.kind], "name": actor.name}


def creator(content: Content, speaker: Attribution) -> dict[str, Any] | None:
    """A quote's ``creator``: the actor, or an unnamed source named by the article's own words
    (``{"@type": "Person", "name": "a spokeswoman for Lavrov"}``, with the actor it speaks for
    as ``affiliation``); ``None`` when the article does not say who spoke."""
    if speaker.actor:
        return _agent(content.actor(speaker.actor))
    if speaker.unnamed:
        data: dict[str, Any] = {"@type": "Person", "name": speaker.unnamed,
                                "description": "not named in the article; the article's own words"}
        if speaker.affiliation:
            data["affiliation"] = _agent(content.actor(speaker.affiliation))
        return data
    return None


def page_jsonld(content: Content, page: str, values: dict[str, Any]) -> dict[str, Any]:
    """The JSON-LD object for the generated page ``page`` (a file path from :mod:`pages`)."""
    base = {"@context": "https://schema.org"}
    if page == pages.HOME:
        return {**base, **article(content), "description": content.story.standfirst}
    if "source" in values:
        return {**base, **article(content, values["source"]),
                **({"description": content.story.standfirst} if pages.whole(page) == pages.SOURCE else {})}
    if "actor" in values:
        actor: Actor = values["actor"]
        data = {**base, **_agent(actor), "description": actor.summary}
        if actor.kind == "person":
            data["jobTitle"] = actor.role
        if actor.affiliation:
            data["affiliation" if actor.kind == "person" else "parentOrganization"] = _agent(
                content.actor(actor.affiliation))
        return data
    if "issue" in values:
        issue = values["issue"]
        return {**base, "@type": "WebPage", "name": issue.title, "description": issue.summary,
                "isBasedOn": article(content)}
    if pages.whole(page) == pages.QUOTES:
        shown = {q.id for q in values["quotes"]}
        return {**base, "@type": "ItemList", "itemListElement": [
            {"@type": "Quotation", "text": q.text,
             **({"creator": who} if (who := creator(content, q.speaker)) else {}),
             "isBasedOn": _based_on(content, f"quote:{q.id}")} for q in content.quotes if q.id in shown]}
    if pages.whole(page) == pages.TIMELINE:
        return {**base, "@type": "ItemList", "itemListElement": [
            {"@type": "Event", "name": e.title, **({"startDate": e.date} if _ISO_DAY.match(e.date) else {}),
             **({"description": e.summary} if e.summary else {})} for era in values["eras"] for e in era.events]}
    if page == pages.GLOSSARY:
        return {**base, "@type": "DefinedTermSet", "name": "Glossary", "isBasedOn": article(content),
                "hasDefinedTerm": [{"@type": "DefinedTerm", "name": t.term, "description": t.definition,
                                    **({"alternateName": list(t.also)} if t.also else {}),
                                    "termCode": t.id} for t in content.glossary or ()]}
    return {**base, "@type": "CollectionPage", "isBasedOn": article(content)}
