"""A Content-Security-Policy for every HTML page, computed from the pages themselves.

The policy (a ``<meta http-equiv="Content-Security-Policy">`` put first in ``<head>``, before
any script) lets a page load scripts, styles, fonts, images, fetches and workers from its own
site only, plus exactly the inline scripts and styles the site's pages hold, by their SHA-256
hashes (CSP Level 3). Everything else is refused: another host, an injected ``<script>``, a
plugin, a ``<base>``, a form that posts anywhere. The hashes are computed from the final HTML,
so whatever the theme, the generator or a hand-written page puts inline is allowed exactly as
written and nothing more; no list is kept by hand. All pages share one policy (the union of
their inline code), because Material's instant navigation swaps pages into the document whose
policy was loaded first.

What is hashed (as a browser does: the element's text with line breaks normalised to ``\n``,
an attribute's value after character references are decoded):

* ``<script>`` elements without ``src`` whose type runs as JavaScript (data blocks such as
  ``application/ld+json`` or ``application/json`` are not scripts and need no hash);
* ``<style>`` elements;
* ``style="…"`` and ``on…="…"`` attributes (these need ``'unsafe-hashes'`` with their hashes).

``img-src`` allows ``data:``, which Material's stylesheet uses for its icons; nothing else in
the policy allows a scheme or another host.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: The ``type`` values (lowercased, trimmed) under which a ``<script>`` element runs as JavaScript.
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module", "text/ecmascript",
                           "application/ecmascript"})
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
_EXISTING = re.compile(r"<meta\s+http-equiv=[\"']?content-security-policy", re.IGNORECASE)


def _hash(text: str) -> str:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[a-zA-Z][^\s/>]*((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        if name not in found:  # as HTML does: the first of two same-named attributes counts
            found[name] = html.unescape(match.group(2) or match.group(3) or match.group(4) or "")
    return found


@dataclass
class Inline:
    """The hashes (``'sha256-…'``, in page order) of a page's inline code."""

    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    script_attributes: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)

    def add(self, other: Inline) -> None:
        for mine, theirs in zip(self.lists(), other.lists(), strict=True):
            mine.extend(theirs)

    def lists(self) -> tuple[list[str], ...]:
        return self.scripts, self.styles, self.script_attributes, self.style_attributes


def inline_code(page: str) -> Inline:
    """The hashes of the inline scripts, styles and style/event attributes of the HTML ``page``."""
    found = Inline()
    page = _COMMENT.sub("", page)
    for match in _SCRIPT.finditer(page):
        attributes = _attributes(match.group(1))
        if "src" not in attributes and attributes.get("type", "").strip().lower() in _SCRIPT_TYPES:
            found.scripts.append(_hash(match.group(2)))
    rest = _SCRIPT.sub("<script>", page)
    found.styles.extend(_hash(match.group(1)) for match in _STYLE.finditer(rest))
    rest = _STYLE.sub("<style>", rest)
    for tag in _TAG.finditer(rest):
        if "style" not in tag.group(1) and "on" not in tag.group(1).lower():
            continue
        for name, value in _attributes(tag.group(1)).items():
            if name == "style":
                found.style_attributes.append(_hash(value))
            elif name.startswith("on"):
                found.script_attributes.append(_hash(value))
    return found


def _sources(hashes: list[str], attributes: list[str]) -> str:
    found = list(dict.fromkeys(hashes + attributes))  # in page order, each once
    if attributes:
        found.insert(0, "'unsafe-hashes'")
    return " ".join(["'self'", *found])


def policy(inline: Inline | str) -> str:
    """The Content-Security-Policy (one line, directives separated by ``; ``) allowing the inline
    code ``inline`` (or that of the HTML page given as a string)."""
    if isinstance(inline, str):
        inline = inline_code(inline)
    return "; ".join([
        "default-src 'none'",
        f"script-src {_sources(inline.scripts, inline.script_attributes)}",
        f"style-src {_sources(inline.styles, inline.style_attributes)}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def add_policy(page: str, content: str | None = None) -> str:
    """``page`` with a Content-Security-Policy ``<meta>`` first in ``<head>`` (after ``<meta
    charset>``, which must come first): ``content``, or else the policy of the page's own inline
    code. A page without ``<head>`` or that already has such a ``<meta>`` is returned unchanged."""
    head = _HEAD.search(page)
    if head is None or _EXISTING.search(page):
        return page
    charset = _CHARSET.match(page, head.end()) or _CHARSET.search(page, head.end(), head.end() + 200)
    at = charset.end() if charset else head.end()
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{content or policy(page)}">'
    return page[:at] + meta + page[at:]


def add_site_policy(site: Path) -> list[Path]:
    """Give every HTML page under ``site`` one policy: that of the inline code of all of them.

    One policy for the whole site, because Material's instant navigation swaps a page's content
    into the document of the first page loaded, whose policy stays in force: inline code of any
    page must be allowed on every page. Pages are read in path order, so the policy is the same
    for the same site. Returns the pages written.

    Under ``mkdocs serve --dirty`` most pages are the last build's: a page whose size and
    modification time are those it had when this function last read or wrote it is not read
    again (its inline code and the policy it carries are remembered), and it is written again
    only if the site's policy changed; the result is the same as for freshly built pages.
    """
    files = sorted(site.rglob("*.html"))
    texts: dict[Path, str] = {}
    known = []
    for path in files:
        seen = _SEEN.get(path)
        if seen is None or seen[0] != _stamp(path):
            text = texts[path] = path.read_text(encoding="utf-8")
            carried = _CARRIED.search(text)
            seen = (_stamp(path), inline_code(_CARRIED.sub("", text, count=1)), carried.group(1) if carried else None)
        known.append(seen)
    union = Inline()
    for seen in known:
        union.add(seen[1])
    content = policy(union)
    written = []
    for path, seen in zip(files, known, strict=True):
        if seen[2] != content:
            text = texts[path] if path in texts else path.read_text(encoding="utf-8")
            new = add_policy(_CARRIED.sub("", text, count=1), content)
            if new != text:
                path.write_text(new, encoding="utf-8", newline="")
                written.append(path)
        _SEEN[path] = (_stamp(path), seen[1], content)
    return written


#: The policy :func:`add_policy` puts into a page (group 1: its content), to take out and put anew.
_CARRIED = re.compile(r'\n    <meta http-equiv="Content-Security-Policy" content="([^"]*)">')
#: Per page file: (size, mtime) after add_site_policy last read or wrote it, its inline code and the
#: policy it carries then.
_SEEN: dict[Path, tuple[tuple[int, int], Inline, str | None]] = {}


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def pages_policy(pages: Iterable[str]) -> str:
    """The one policy of the HTML ``pages`` taken together (as :func:`add_site_policy` computes it)."""
    union = Inline()
    for page in pages:
        union.add(inline_code(page))
    return policy(union)
