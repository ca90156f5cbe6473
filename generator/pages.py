"""Where each record lives on the site: MkDocs page file paths and anchors.

One place decides every URL, so the renderer, the links between pages and the source
page's back-links cannot disagree. Paths are MkDocs *files* (``src_uri``, POSIX, relative
to ``docs_dir``); with ``use_directory_urls`` ``actors/john-kerry.md`` is served at
``/actors/john-kerry/``. Ids are slugs (checked by the schema), so every path stays inside
the output folder.

Every heading that shows a record's text gets an id made from the record's id, never from
its text: ids from text depend on the script (a Cyrillic title gives ``_1``) and on order
(two equal titles give ``x`` and ``x_1``), and could equal an id of the theme's own
elements (Material's ``__config``, ``__search``, ``__drawer``, ``__palette_0`` …). Each
kind has its own prefix (``s-`` ``a-`` ``i-`` ``pos-`` ``q-`` ``e-`` ``t-``; the source page's ``x-``
and ``p``), so ids of different records never meet, and no id starts with ``_``.
"""

from __future__ import annotations

HOME = "index.md"
ACTORS = "actors/index.md"
ISSUES = "issues/index.md"
QUOTES = "quotes.md"
TIMELINE = "timeline.md"
SOURCE = "source.md"
DATA = "data.md"
CHANGES = "changes.md"
#: The timeline's "filter by actor or issue" lists, when too long to repeat on every timeline page.
TIMELINE_FILTERS = "timeline/filters.md"
GLOSSARY = "glossary.md"
#: The Atom feed of the change log (not a page: an XML file at the site's root).
FEED = "feed.xml"


def nav_without(nav: list[object], page: str) -> list[object]:
    """MkDocs' ``nav`` setting (a list of ``{title: path}``, bare paths and sections) without the
    entries that point to ``page``: the glossary's entry when a story has no ``glossary.yaml``."""
    kept: list[object] = []
    for item in nav:
        if item == page:
            continue
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if value == page:
                continue
            if isinstance(value, list):
                item = {title: nav_without(value, page)}
        kept.append(item)
    return kept


def page_url(page: str, site_url: str | None = None, anchor: str = "", *, directory_urls: bool = True) -> str:
    """The address of page file ``page`` at ``#anchor`` (none when empty): ``actors/index.md`` →
    ``actors/``, ``timeline.md`` → ``timeline/``, ``index.md`` → ``""`` with ``directory_urls``
    (``mkdocs.yml``'s ``use_directory_urls``), else ``actors/index.html``, ``timeline.html``.
    Absolute under ``site_url`` (a folder, with or without its final ``/``), else relative to the
    site's root (so ``""`` is the home page: callers linking from a page use ``or "./"``)."""
    stem = page.removesuffix(".md")
    if directory_urls:
        path = "" if stem == "index" else (stem.removesuffix("index") if stem.endswith("/index") else f"{stem}/")
    else:
        path = f"{stem}.html"
    base = (site_url.rstrip("/") + "/") if site_url else ""
    return f"{base}{path}" + (f"#{anchor}" if anchor else "")


def source(source_id: str, *, first: bool) -> str:
    """Page of one source: ``source.md`` for the first (default) source, ``sources/<id>.md`` for the others."""
    return SOURCE if first else f"sources/{source_id}.md"


def part(page: str, number: int) -> str:
    """Page file of part ``number`` (1-based) of the long list page ``page`` (see :mod:`generator.split`):
    ``page`` itself for part 1, else ``<page without .md>/part-<n>.md`` (``quotes.md`` → ``quotes/part-2.md``,
    ``sources/tass.md`` → ``sources/tass/part-2.md``)."""
    return page if number == 1 else f"{page.removesuffix('.md')}/part-{number}.md"


def whole(page: str) -> str:
    """The long list page that ``page`` is a part of (:func:`part`), or ``page`` itself."""
    head, _, tail = page.rpartition("/part-")
    base = f"{head}.md"
    if tail.removesuffix(".md").isdigit() and tail.endswith(".md") and (
            base in (QUOTES, TIMELINE, SOURCE, ISSUES) or (base.startswith("sources/") and base.count("/") == 1)):
        return base
    return page


def change_anchor(date: str, number: int) -> str:
    """Anchor of a change-log entry on the "What changed" page: ``change-<YYYY-MM-DD>-<n>``."""
    return f"change-{date}-{number}"


def actor(actor_id: str) -> str:
    """Page of one actor: ``actors/<id>.md``."""
    return f"actors/{actor_id}.md"


def issue(issue_id: str) -> str:
    """Page of one issue: ``issues/<id>.md``."""
    return f"issues/{issue_id}.md"


def story_anchor(story_id: str) -> str:
    """Id of the story's headline on the home page: ``s-<id>``."""
    return f"s-{story_id}"


def actor_anchor(actor_id: str) -> str:
    """Id of an actor's heading (the title of its page): ``a-<id>``."""
    return f"a-{actor_id}"


def issue_anchor(issue_id: str) -> str:
    """Id of an issue's heading (the title of its page, its entry on the issues page): ``i-<id>``."""
    return f"i-{issue_id}"


def quote_anchor(quote_id: str) -> str:
    """Anchor of a quote on the quotes page: ``q-<id>``."""
    return f"q-{quote_id}"


def event_anchor(event_id: str) -> str:
    """Anchor of an event on the timeline page: ``e-<id>``."""
    return f"e-{event_id}"


def position_anchor(actor_id: str) -> str:
    """Anchor of one actor's position on an issue page: ``pos-<actor id>``."""
    return f"pos-{actor_id}"


def term_anchor(term_id: str) -> str:
    """Anchor of a glossary term on the glossary page: ``t-<id>``."""
    return f"t-{term_id}"


def passage_anchor(start: int, end: int) -> str:
    """Anchor of a cited passage on the source page: ``x-<start>-<end>`` (character offsets)."""
    return f"x-{start}-{end}"


def paragraph_anchor(number: int) -> str:
    """Anchor of the source's paragraph ``number`` (1-based): ``p<number>``."""
    return f"p{number}"


def segment_anchor(number: int) -> str:
    """Anchor of the source's outlet segment ``number`` (1-based, YAML order): ``seg-<number>``."""
    return f"seg-{number}"


def share_image(page: str) -> str:
    """The share card of page file ``page``: ``assets/share/<page without .md>.png``.

    ``theme_overrides/main.html`` builds the same path from ``page.file.src_uri``.
    """
    return f"assets/share/{page.removesuffix('.md')}.png"


#: Anchor of "why it matters" on the home page.
WHY_ANCHOR = "why-it-matters"


def key_point_anchor(index: int) -> str:
    """Anchor of key point ``index`` (0-based) on the home page: ``key-<n>`` (1-based)."""
    return f"key-{index + 1}"


def unknown_anchor(index: int) -> str:
    """Anchor of unknown ``index`` (0-based) on the home page: ``unknown-<n>`` (1-based)."""
    return f"unknown-{index + 1}"


def era_anchor(index: int, name: str) -> str:
    """Anchor of era ``index`` (0-based) on the timeline: ``era-<n>`` (names are free text, so not used)."""
    return f"era-{index + 1}"


def timeline_filter(kind: str, record_id: str) -> str:
    """The timeline filtered to one actor or issue (``kind`` "actor" or "issue"): ``timeline/<kind>/<id>.md``.

    A page of its own, so the filter works without JavaScript.
    """
    return f"timeline/{kind}/{record_id}.md"
