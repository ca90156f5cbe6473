"""Where each record lives on the site: MkDocs page file paths and anchors.

One place decides every URL, so the renderer, the links between pages and the source
page's back-links cannot disagree. Paths are MkDocs *files* (``src_uri``, POSIX, relative
to ``docs_dir``); with ``use_directory_urls`` ``actors/john-kerry.md`` is served at
``/actors/john-kerry/``. Ids are slugs (checked by the schema), so every path stays inside
the output folder.
"""

from __future__ import annotations

HOME = "index.md"
ACTORS = "actors/index.md"
ISSUES = "issues/index.md"
QUOTES = "quotes.md"
TIMELINE = "timeline.md"
SOURCE = "source.md"


def actor(actor_id: str) -> str:
    """Page of one actor: ``actors/<id>.md``."""
    return f"actors/{actor_id}.md"


def issue(issue_id: str) -> str:
    """Page of one issue: ``issues/<id>.md``."""
    return f"issues/{issue_id}.md"


def quote_anchor(quote_id: str) -> str:
    """Anchor of a quote on the quotes page: ``q-<id>``."""
    return f"q-{quote_id}"


def event_anchor(event_id: str) -> str:
    """Anchor of an event on the timeline page: ``e-<id>``."""
    return f"e-{event_id}"


def position_anchor(actor_id: str) -> str:
    """Anchor of one actor's position on an issue page: ``pos-<actor id>``."""
    return f"pos-{actor_id}"


def passage_anchor(start: int, end: int) -> str:
    """Anchor of a cited passage on the source page: ``x-<start>-<end>`` (character offsets)."""
    return f"x-{start}-{end}"


def paragraph_anchor(number: int) -> str:
    """Anchor of the source's paragraph ``number`` (1-based): ``p<number>``."""
    return f"p{number}"
