"""A Content-Security-Policy for each HTML page, computed from the page itself.

The policy (a ``<meta http-equiv="Content-Security-Policy">`` put first in ``<head>``, before
any script) lets a page load scripts, styles, fonts, images, fetches and workers from its own
site only, plus exactly the inline scripts and styles the page holds, by their SHA-256 hashes
(CSP Level 3). Everything else is refused: another host, an injected ``<script>``, a plugin,
a ``<base>`` or a form that posts anywhere. The hashes are computed from the final HTML, so
whatever the theme, the generator or a hand-written page puts inline is allowed exactly as
written and nothing more; no list is kept by hand.

What is hashed (as a browser does: the element's text with line breaks normalised to ``\\n``,
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
import re
from html.parser import HTMLParser

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


class _Inline(HTMLParser):
    """Collects the hashes of a page's inline scripts, styles and style/event attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.script_attributes: list[str] = []
        self.style_attributes: list[str] = []
        self._open: str | None = None  # "script" or "style" while inside one whose text is hashed
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name == "style" and value is not None:
                self.style_attributes.append(_hash(value))
            elif name.startswith("on") and value is not None:
                self.script_attributes.append(_hash(value))
        if tag == "script" and "src" not in values and (values.get("type") or "").strip().lower() in _SCRIPT_TYPES:
            self._open, self._text = "script", []
        elif tag == "style":
            self._open, self._text = "style", []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            (self.scripts if tag == "script" else self.styles).append(_hash("".join(self._text)))
            self._open = None


def _sources(hashes: list[str], attributes: list[str]) -> str:
    found = list(dict.fromkeys(hashes + attributes))  # in page order, each once
    if attributes:
        found.insert(0, "'unsafe-hashes'")
    return " ".join(["'self'", *found])


def policy(html: str) -> str:
    """The Content-Security-Policy for the page ``html`` (one line, directives separated by ``; ``)."""
    inline = _Inline()
    inline.feed(html)
    inline.close()
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


def add_policy(html: str) -> str:
    """``html`` with its Content-Security-Policy ``<meta>`` first in ``<head>`` (after
    ``<meta charset>``, which must come first). A page without ``<head>`` or that already
    has such a ``<meta>`` is returned unchanged."""
    head = _HEAD.search(html)
    if head is None or _EXISTING.search(html):
        return html
    charset = _CHARSET.match(html, head.end()) or _CHARSET.search(html, head.end(), head.end() + 200)
    at = charset.end() if charset else head.end()
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[:at] + meta + html[at:]
