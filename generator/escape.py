"""Turn untrusted text (anything from YAML or the article) into Markdown that shows it as is.

The generated pages are Markdown read by Python-Markdown with the extensions listed in
``mkdocs.yml``. :func:`inline` makes a string inert in that context:

* NFC normalisation (the same form the schema stores);
* every run of whitespace, newlines included, becomes one space (HTML shows it so anyway),
  so a value can never start a heading, list, code block or table row;
* ``& < > "`` become HTML character references, so no tag, entity or attribute survives;
* every other ASCII punctuation character is backslash-escaped; ``pymdownx.escapeall``
  (enabled in ``mkdocs.yml``) makes any backslash-escaped character literal, which disarms
  emphasis, links and ``[x]: url`` definitions, ``{...}`` attribute lists, ``|`` table
  cells, ``==mark==``, ``~~del~~``, ``^^ins^^``, ``:emoji:``, ``$math$`` and the rest.

The result is wrapped in :class:`markupsafe.Markup` to mark it as already safe for the
templates, whose ``finalize`` hook escapes every value that is not.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_ESCAPE = {c: _ENTITIES.get(c, "\\" + c) for c in string.punctuation}
_ESCAPE_TABLE = str.maketrans(_ESCAPE)  # the same mapping for str.translate (one C loop per text)
_WHITESPACE = re.compile(r"\s+")


def inline(text: object) -> Markup:
    """Markdown source that renders as exactly ``text`` (NFC, whitespace collapsed).

    Takes any object (``str()`` is applied); returns :class:`Markup`. A value that is
    already :class:`Markup` is returned unchanged: it was built by the templates.
    """
    if isinstance(text, Markup):
        return text
    return _inline(text if type(text) is str else str(text))


@lru_cache(maxsize=65_536)  # pure; pages repeat the same names and titles many times over
def _inline(text: str) -> Markup:
    plain = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return Markup(plain.translate(_ESCAPE_TABLE))


def attribute(text: object) -> Markup:
    """Text safe inside a double-quoted HTML attribute (``& < > " '`` as references)."""
    plain = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", str(text))).strip()
    return Markup(plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                  .replace('"', "&quot;").replace("'", "&#39;"))


_URL_SAFE = "-._~:/?#@!$&+,;=%"


def safe_url(url: str) -> Markup:
    """An http(s) URL made inert as a Markdown link destination and HTML attribute.

    Percent-encodes every character outside letters, digits and ``-._~:/?#@!$&+,;=%``
    (so no space, quote, bracket, parenthesis or angle bracket survives). Raises
    ``ValueError`` for any other scheme; the schema has already refused those.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"only http and https links are allowed: {url!r}")
    return Markup(quote(unicodedata.normalize("NFC", url), safe=_URL_SAFE))


def text_fragment(url: str, exact: str, prefix: str = "", suffix: str = "") -> str:
    """A link to ``url`` that highlights ``exact`` with a URL text fragment.

    Follows the WICG Text Fragments spec (https://wicg.github.io/scroll-to-text-fragment/):
    ``#:~:text=[prefix-,]start[,-suffix]``, each part percent-encoded, including ``-``, ``,``
    and ``&`` which the syntax reserves. ``url`` must be http(s) (checked by the schema).
    """
    def part(value: str) -> str:
        return quote(_WHITESPACE.sub(" ", value).strip(), safe="").replace("-", "%2D")

    text = part(exact)
    if prefix.strip():
        text = f"{part(prefix)}-,{text}"
    if suffix.strip():
        text = f"{text},-{part(suffix)}"
    return f"{url.split('#', 1)[0]}#:~:text={text}"
