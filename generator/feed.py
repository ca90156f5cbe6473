"""The change log as an Atom feed (RFC 4287), ``feed.xml`` at the site's root.

One ``entry`` per change-log entry, newest first: ``id`` (a name-based ``urn:uuid`` from the
story id and the entry's anchor, so it never changes when entries are appended), ``title``
("Corrected on 14 May 2015: <records>"), ``updated`` (the entry's day at 00:00 UTC),
``summary`` (the note), a ``category`` with the kind, and links to the entry on the "What
changed" page and to each record it concerns. The feed's ``updated`` is the newest entry's
day (the first source's date while the log is empty). Links are absolute when the site's URL
is known (``site_url``), else relative to the feed, which sits at the site's root.
Built with :mod:`xml.etree.ElementTree`, so every text is escaped as XML.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from generator import dates, pages
from generator.changes import LoggedChange, newest_first
from generator.content import Content

ATOM = "http://www.w3.org/2005/Atom"
FEED = pages.FEED


def _day(value: str) -> str:
    """RFC 3339 timestamp for an EDTF value: its earliest day, 00:00 UTC."""
    return f"{dates.sort_key(value)[0].isoformat()}T00:00:00Z"


def _title(content: Content, logged: LoggedChange) -> str:
    names = []
    for key in logged.keys:
        if key.startswith("source:"):
            names.append(f"source {key.partition(':')[2]}")
        else:
            names.append(content.fact(key).label)
    return f"{logged.heading} {dates.describe(logged.change.date)}: {', '.join(names)}"


def atom(content: Content, *, site_url: str | None = None, directory_urls: bool = True) -> str:
    """The Atom feed document (UTF-8 text) of ``content``'s change log."""
    def url(page: str, anchor: str = "") -> str:
        return pages.page_url(page, site_url, anchor, directory_urls=directory_urls) or "./"

    story = content.story
    log = newest_first(content.changes)
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"explainer:{story.id}:changes").urn)
    sub(feed, "title", f"{story.headline}: what changed")
    sub(feed, "subtitle", "Updates, corrections and clarifications to this explainer.")
    sub(feed, "updated", _day(log[0].change.date if log else (content.sources[0].meta.date or story.dateline)))
    author = sub(feed, "author")
    sub(author, "name", "The explainer's editors")
    sub(feed, "link", rel="self", type="application/atom+xml",
        href=urljoin(site_url, pages.FEED) if site_url else pages.FEED)
    sub(feed, "link", rel="alternate", type="text/html", href=url(pages.CHANGES))
    for logged in log:
        entry = sub(feed, "entry")
        sub(entry, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"explainer:{story.id}:{logged.anchor}").urn)
        sub(entry, "title", _title(content, logged))
        sub(entry, "updated", _day(logged.change.date))
        sub(entry, "link", rel="alternate", type="text/html", href=url(pages.CHANGES, logged.anchor))
        for key in logged.keys:
            page = content.page_of(key)
            anchor = "" if key.startswith("source:") else content.fact(key).anchor
            sub(entry, "link", rel="related", type="text/html", href=url(page, anchor))
        sub(entry, "category", term=logged.change.kind)
        sub(entry, "summary", logged.change.note or _title(content, logged), type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"

