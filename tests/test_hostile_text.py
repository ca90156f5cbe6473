"""Untrusted text stays text: hostile strings in every free-text field, through a real strict build.

A compact, purpose-built content set is written into a scratch project: one actor, issue,
quote and event per hostile string (the string in every free-text field of that record), and
every string as an item of the story's summary. One ``mkdocs build --strict`` shows them all;
the story's one-value fields (headline, standfirst, place …) need one small build per string
(MkDocs' own ``build --strict`` command, a batch per interpreter, batches in parallel). The same
content with plain words is built too, as the baseline.

Every page is read back through BeautifulSoup (``html.parser``) and checked:

* the visible text of each place a value lands equals the input, NFC-normalised with runs of
  whitespace collapsed to one space (what :func:`generator.escape.inline` promises), in the
  page body, ``<title>``, the header, the table of contents, the JSON-LD and the search index;
* no element, attribute, link or comment was added: each page's tags, attribute names and
  link targets equal the plain build's, no attribute is an ``on*`` handler and no URL is
  ``javascript:``, ``data:`` or ``vbscript:``.

Text the schema refuses by design (:data:`REJECTED`) is tested for a located error instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Comment, Tag
from conftest import CONTENT, ROOT, BuiltSite, generator, mkdocs_build, run

from generator.schema import SHORT_MAX
from generator.writer import OutputError, check_inside

SITE_NAME = "Kerry and Putin in Sochi: an explainer"  # story.yaml's site_name in every scratch story

# --------------------------------------------------------------------------- the corpus

#: ``(name, text)``: each text goes into every free-text field of one record.
CORPUS: list[tuple[str, str]] = [
    # HTML: tags, entities, breaking out of elements and attributes
    ("script", "<script>alert(1)</script>"),
    ("entity-amp", "&amp;"),
    ("entity-tags", "&lt;b&gt;"),
    ("entity-numeric", "&#60;script&#62; &#x3C;i&#x3E; &nbsp; &copy"),
    ("close-title", "</title><script>alert(1)</script>"),
    ("close-attribute", '"><img src=x onerror=alert(1)>'),
    ("close-single-quoted-attribute", "' onmouseover='alert(1)' x='"),
    ("bare-handler", "x onclick=alert(1) y"),
    ("svg-onload", "<svg/onload=alert(1)>"),
    ("html-link", '<a href="javascript:alert(1)">click</a>'),
    ("close-raw-text-elements", "</script></style></textarea></noscript><plaintext>"),
    ("cdata-and-processing-instruction", "<![CDATA[x]]> <?php echo 1; ?>"),
    ("html-comment", "<!-- comment -->"),
    ("markdown-inside-html", '<div markdown="1">*x*</div>'),
    ("json-ld-breakout", '"}</script><script>alert(1)</script>'),
    # URLs and links
    ("javascript-url", "javascript:alert(1)"),
    ("markdown-javascript-link", "[x](javascript:alert(1))"),
    ("data-url", "data:text/html,<script>alert(1)</script>"),
    ("markdown-data-link", "[y](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("markdown-image", "![img](http://e.com/x.png)"),
    ("markdown-link", "[link](http://e.com)"),
    ("markdown-link-to-page", "[about](../about.md)"),
    ("reference-definition", "[x]: http://e.com"),
    ("reference-uses", "[x] [x][] [text][x]"),
    ("autolinks", "<https://e.com> <user@example.com> https://e.com/bare www.e.com"),
    # Markdown and its extensions
    ("emphasis", "*a* _b_ **c** __d__ ***e***"),
    ("heading", "# heading"),
    ("heading-with-attributes", "Title { #evil .cls }"),
    ("setext-heading", "Setext\n======"),
    ("table-row", "| a | b |"),
    ("table", "| a | b |\n|---|---|\n| 1 | 2 |"),
    ("attr-list", "{: .cls #id onclick=x }"),
    ("attr-list-after-word", "word{: onclick=alert(1) }"),
    ("list-item", "- item"),
    ("numbered-item", "1. item"),
    ("blockquote", "> quoted"),
    ("rule", "---"),
    ("mark-del-ins", "==mark== ~~del~~ ^^ins^^ ~sub~ ^sup^"),
    ("emoji-shortcodes", ":smile: :material-github: :fontawesome-brands-github:"),
    ("math", "$x^2$ $$y$$ \\(z\\)"),
    ("keys-and-critic", "++ctrl+alt+del++ {++add++} {--del--} {>>note<<}"),
    ("footnote-and-abbreviation", "[^1] *[HTML]: Hyper Text"),
    ("snippet", '--8<-- "README.md"'),
    ("snippet-block", "--8<--\nREADME.md\n--8<--"),
    ("admonition", '!!! danger "x"'),
    ("backticks", "`code` ``a ` b`` ```fence```"),
    ("fenced-code", "```\ncode\n```"),
    ("indented-code", "    indented code"),
    ("backslashes", "\\* \\_ \\\\ C:\\path\\to ends with \\"),
    ("hard-break", "hard  \nbreak"),
    ("punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    ("lone-less-than", "<"),
    # Quotes, whitespace and invisible characters
    ("quotes-and-ampersands", "\"double\" 'single' “curly” ‘curly’ & && AT&T"),
    ("newline", "line one\nline two"),
    ("tab", "tab\there"),
    ("crlf", "a\r\nb"),
    ("line-and-paragraph-separators", "a\u2028b\u2029c"),
    ("nbsp-and-ideographic-space", "x\u00a0y\u3000z"),
    ("surrounding-whitespace", "  padded  "),
    ("bidi-controls", "abc\u202edef\u202c \u2066isolate\u2069 \u200fRLM"),
    ("bidi-nested-and-marks", "\u2067\u202bx\u202e\u2068y\u2069\u202c\u202c\u2069 a\u200eb\u061cc\u200f"),
    ("zero-width-joiners", "a\u200db\u200cc"),  # kept: scripts and emoji need them (generator/characters.py)
    ("long-word", "Supercalifragilistic" * 15),
    # Scripts, emoji and normalisation
    ("emoji", "😀 👍🏽 🇺🇦"),
    ("emoji-zwj-sequences", "👨‍👩‍👧‍👦 🏳️‍🌈 🧑🏽‍💻"),
    ("cyrillic", "Сергей Лавров"),
    ("cjk", "普京与克里在索契会面"),
    ("arabic", "بشار الأسد ١٢ مايو"),
    ("nfd-combining", "e\u0301 Zoe\u0308 Cafe\u0301 A\u030a"),
    ("stacked-combining", "Z\u0351\u036b\u0343\u036a\u0302"),
    # Template and format syntax of other tools
    ("jinja", "{{ jinja }} {% raw %}{{ x }}{% endraw %} {# c #}"),
    ("placeholders", "${x} %(x)s {0} %s #{x}"),
    ("markdown-placeholder-words", "wzxhzdk:0 klzzwxh:0"),
    ("unicode-escape-words", "\\u003cscript\\u003e"),
    ("percent-encoded", "%3Cscript%3E"),
    ("yaml-like", "key: value # not a comment"),
    ("material-element-id", "__config"),
    ("digits", "12345"),
]

#: Text the schema refuses by design, with the reason: it could not be shown as written.
REJECTED: list[tuple[str, str, str]] = [
    ("empty", "", "a blank value is a missing value"),
    ("blank", " \t ", "a blank value is a missing value"),
    ("nul", "a\u0000b", "control characters are invisible and Python-Markdown drops some (STX/ETX)"),
    ("escape", "\u001b[31mred", "terminal escape sequences are not text"),
    ("markdown-stash", "x\u0002wzxhzdk:0\u0003y", "STX/ETX are Python-Markdown's placeholder delimiters"),
    ("delete", "a\u007fb", "control characters are not text"),
    ("c1-control", "a\u0085b\u009bc", "C1 control characters are not text"),
    ("surrogate-pair-escapes", "\ud83d\ude00", "\\u escapes of a UTF-16 surrogate pair are not characters"),
    # Explicit directional formatting characters left open reorder whatever the page prints after
    # the value (a name ending in RLO mirrors the role after it, in the body and the <title>).
    ("rlo-left-open", "John Kerry\u202e", "an open right-to-left override mirrors the text after it"),
    ("lro-left-open", "\u202dJohn Kerry", "an open left-to-right override"),
    ("rle-left-open", "a\u202bb", "an open right-to-left embedding"),
    ("lre-left-open", "a\u202ab", "an open left-to-right embedding"),
    ("rli-left-open", "a\u2067b", "an open right-to-left isolate"),
    ("lri-left-open", "a\u2066b", "an open left-to-right isolate"),
    ("fsi-left-open", "a\u2068b", "an open first-strong isolate"),
    ("pdf-alone", "a\u202cb", "a PDF would close an embedding the page opened"),
    ("pdi-alone", "a\u2069b", "a PDI would close an isolate the page opened"),
    ("crossed", "\u202ea\u2066b\u202cc\u2069", "PDF cannot close the isolate opened inside the override"),
    ("closed-then-reopened", "\u202ea\u202c\u202eb", "the second override stays open"),
    # Near-invisible characters (generator/characters.py, INVISIBLE): in text an editor writes, a paste
    # accident that makes two values which look the same differ.
    ("zero-width-space", "a\u200bb", "a zero-width space is invisible"),
    ("word-joiner", "a\u2060b", "a word joiner is invisible"),
    ("zero-width-no-break-space", "a\ufeffb", "U+FEFF inside text is invisible"),
    ("soft-hyphen", "hy\u00adphen", "a soft hyphen is invisible"),
    ("hangul-filler", "a\u3164b", "a Hangul filler shows a blank that is no space"),
]

#: Story fields shown only on the source page, in a paragraph of this class after this label.
SOURCE_DETAILS = {
    "programme": ("article-programme", "Programme label on the original page: "),
    "photo_caption": ("photo-caption", "Photo caption: "),
    "photo_credit": ("photo-credit", "Photo credit: "),
}


def expected(text: str) -> str:
    """What the site must show for ``text``: NFC, whitespace runs collapsed, trimmed.

    "Whitespace" is Python's (``str.split``), as in :func:`generator.escape.inline`: tabs,
    line breaks, U+2028/2029, no-break and ideographic spaces all show as one ordinary space.
    Invisible characters that are not whitespace (ZWJ, ZWNJ, balanced bidi controls) are kept.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def collapse(text: str) -> str:
    return " ".join(text.split())


def test_corpus_is_large_and_distinct() -> None:
    names = [n for n, _ in CORPUS]
    assert len(CORPUS) >= 40
    assert len(set(names)) == len(names)
    assert len({expected(t) for _, t in CORPUS}) == len(CORPUS), "two strings show the same"
    assert all(expected(t) for _, t in CORPUS)


# --------------------------------------------------------------------------- scratch content


def yaml_str(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every non-ASCII character escaped, so the value
    read back is exactly ``text`` (raw line separators would be folded by YAML)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def rid(n: int) -> str:
    return f"r{n:03d}"


def quotable(text: str) -> bool:
    """True when ``text`` can stand inside “ ” on one line of the source (a quote's text)."""
    return len(text.splitlines()) == 1 and not set(text) & set("“”") and bool(text.strip())


@dataclass(frozen=True)
class Scratch:
    """What was written: per record, its text and its quote's text; the story's fields."""

    texts: list[str]
    quote_texts: list[str]
    story: dict[str, Any]
    source_lines: list[str]


PLAIN_QUOTE = "hello there"


def write_project(root: Path, texts: list[str], story: dict[str, Any], quotes: list[str] | None = None) -> Scratch:
    """A scratch project (real mkdocs.yml, theme and about page) with purpose-built content.

    Record ``n`` (actor, issue, quote, event, all with id ``rNNN``) has ``texts[n]`` in every
    free-text field. Issue ``n`` also lists actor ``n+1`` as involved; actor ``n`` belongs to
    ``publisher``. Each quote's text is ``texts[n]`` when it can be quoted on one line of the
    source, else the plain quote (``quotes`` overrides these).
    """
    root.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme_overrides", root / "theme_overrides")
    (root / "content" / "pages").mkdir(parents=True)
    shutil.copy2(CONTENT / "pages" / "about.md", root / "content" / "pages" / "about.md")
    (root / "generator").symlink_to(ROOT / "generator", target_is_directory=True)
    content = root / "content"
    (content / "sources").mkdir()

    quote_texts = quotes or [t if quotable(t) else PLAIN_QUOTE for t in texts]
    lines = ["Plain opening sentence of the story.", f"The fox said “{PLAIN_QUOTE}” today."]
    lines += [f"Q{n:03d} said “{q}”" for n, q in enumerate(quote_texts) if q != PLAIN_QUOTE]
    # Each record's text as a line of the article, which the record cites: an event's as_written
    # and any words a text puts in quotation marks must be the article's (generator.claims), and
    # the story's texts likewise. One line each (whitespace runs collapsed, as pages show them).
    record_lines = [f"E{n:03d} {collapse(text)}" for n, text in enumerate(texts)]
    story_line = f"S {collapse(str(story['headline']))}"
    lines += [*record_lines, story_line]
    # the article's own headline heads it (the source page quotes the headline only when it is the source's)
    headed = [collapse(str(story["headline"])), *lines]
    source = "\n\n".join(headed) + "\n"
    (content / "sources" / "a.txt").write_text(source, encoding="utf-8", newline="\n")
    sha = hashlib.sha256(source.encode("utf-8")).hexdigest()

    def evidence(exact: str, indent: int = 4) -> str:
        pad = " " * indent
        return f"{pad}evidence:\n{pad}  - exact: {yaml_str(exact)}\n"

    plain = evidence(lines[0])

    def own(n: int, indent: int = 4) -> str:  # the record's own line, as a second selector
        return f"{' ' * indent}  - exact: {yaml_str(record_lines[n])}\n"

    ids = [rid(n) for n in range(len(texts))]
    y = [f"id: story\nsite_name: {yaml_str(SITE_NAME)}\ndateline: \"2015-05-12\"\npublisher: publisher\n"
         f"pivotal_quote: {ids[0]}\n"]
    for key, value in story.items():
        if isinstance(value, list):
            y.append(f"{key}:\n" + "".join(f"  - {yaml_str(v)}\n" for v in value))
        else:
            y.append(f"{key}: {yaml_str(value)}\n")
    y.append("key_actors:\n" + "".join(f"  - {i}\n" for i in ids))
    y.append("key_issues:\n" + "".join(f"  - {i}\n" for i in ids))
    if len(texts) >= 3:  # the explainer's fields: why it matters, three key points, what we don't know

        y.append(f"why_it_matters:\n  text: {yaml_str(texts[0])}\n" + evidence(lines[0], 2))
        y.append("key_points:\n" + "".join(f"  - title: {yaml_str(t)}\n    text: {yaml_str(t)}\n" + evidence(lines[0])
                                            for t in texts[:3]))
        y.append("unknowns:\n" + "".join(f"  - text: {yaml_str(t)}\n" + evidence(lines[0]) for t in texts))

    y.append(f"source:\n  file: sources/a.txt\n  sha256: {sha}\n")
    y.append(evidence(lines[1], 0) + "".join(own(n, 0) for n in range(len(texts)))
             + f"  - exact: {yaml_str(story_line)}\n"
             # the headline line cited too, so that no build lists its sentences (how many depends on the
             # string: "1. item" is two) among the uncited ones; the suffix tells it from the "S …" line
             + f"  - exact: {yaml_str(headed[0])}\n    suffix: {yaml_str(chr(10) * 2 + lines[0])}\n")
    (content / "story.yaml").write_text("".join(y), encoding="utf-8")

    actors = ["actors:\n  - id: publisher\n    name: Publisher\n    kind: organisation\n    role: Publisher\n"
              "    summary: Publishes the story.\n" + plain]
    issues, quotes, events = ["issues:\n"], ["quotes:\n"], ["events:\n"]
    for n, (i, text, quote) in enumerate(zip(ids, texts, quote_texts, strict=True)):
        s = yaml_str(text)
        actors.append(f"  - id: {i}\n    name: {s}\n    kind: person\n    role: {s}\n"
                      f"    affiliation: publisher\n    summary: {s}\n" + plain + own(n))
        short = s if as_short(text) else yaml_str(IN_BRIEF)
        issues.append(f"  - id: {i}\n    title: {s}\n    summary: {s}\n    short: {short}\n"
                      f"    actors:\n      - {ids[(n + 1) % len(ids)]}\n"
                      f"    positions:\n      - actor: {i}\n        stance: {s}\n        short: {short}\n"
                      + evidence(lines[0], 8) + own(n, 8) + plain + own(n))
        cited = lines[1] if quote == PLAIN_QUOTE else f"Q{n:03d} said “{quote}”"
        quotes.append(f"  - id: {i}\n    speaker: {i}\n    text: {yaml_str(quote)}\n    kind: full\n"
                      f"    context: {s}\n    medium: {s}\n    issues:\n      - {i}\n" + evidence(cited) + own(n))
        events.append(f"  - id: {i}\n    date: \"2015-05-12\"\n    as_written: {s}\n    title: {s}\n    era: {s}\n"
                      f"    summary: {s}\n    actors:\n      - {i}\n    issues:\n      - {i}\n"
                      + evidence(record_lines[n]))
    for name, parts in (("actors", actors), ("issues", issues), ("quotes", quotes), ("timeline", events)):
        (content / f"{name}.yaml").write_text("".join(parts), encoding="utf-8")
    return Scratch(texts, quote_texts, story, headed)


def story_fields(text: str) -> dict[str, Any]:
    """Story fields for a one-record build: ``text`` in every one-value text field."""
    return {"headline": text, "standfirst": text, "summary": ["Plain summary."], "place": text,
            **{field: text for field in SOURCE_DETAILS}}


PLAIN_STORY = {"headline": "Plain headline", "standfirst": "Plain standfirst.", "place": "Plain place",
               "programme": "Plain programme", "photo_caption": "Plain caption", "photo_credit": "Plain credit"}


# --------------------------------------------------------------------------- built sites


@dataclass(frozen=True, eq=False)
class Site(BuiltSite):
    scratch: Scratch

    @cache  # noqa: B019
    def search(self) -> dict[str, dict[str, str]]:
        """The search index: location → its entry, title and text as plain text."""
        docs = json.loads((self.root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        return {d["location"]: {k: collapse(BeautifulSoup(d[k], "html.parser").get_text()) for k in ("title", "text")}
                for d in docs}

    def html_pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))


#: ``mkdocs build --strict`` of several projects in one interpreter (``PROJECT SITE`` pairs as
#: arguments): the story fields need one small build per string, and a build's own work is
#: only half of what a fresh ``python -m mkdocs`` costs.
_BUILD_MANY = """
import os, sys, traceback
from mkdocs.__main__ import cli
failed = []
for project, site in zip(sys.argv[1::2], sys.argv[2::2]):
    os.chdir(project)
    try:
        cli(["build", "--strict", "--quiet", "--site-dir", site], standalone_mode=False)
    except BaseException:
        failed.append(project)
        traceback.print_exc()
sys.exit(f"failed: {failed}" if failed else 0)
"""


def build_many(alone: list[tuple[Path, Path]], batched: list[tuple[Path, Path]]) -> None:
    """Build ``(project, site)`` pairs in parallel: each of ``alone`` with ``mkdocs build
    --strict`` in its own process, the small ``batched`` ones several to an interpreter."""
    workers = max(2, os.cpu_count() or 2)

    def one(job: tuple[Path, Path]) -> subprocess.CompletedProcess[str]:
        return mkdocs_build(*job)

    def batch(group: list[tuple[Path, Path]]) -> subprocess.CompletedProcess[str]:
        return run([sys.executable, "-c", _BUILD_MANY, *[str(p) for job in group for p in job]], ROOT)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = [pool.submit(one, job) for job in alone]
        results += [pool.submit(batch, batched[k::workers]) for k in range(workers)]
        for result in results:
            assert result.result().returncode == 0, result.result().stderr[-5000:]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every build this module reads: hostile records, plain records, one per story text."""
    base = tmp_path_factory.mktemp("hostile")
    texts = [t for _, t in CORPUS]
    made: dict[str, Any] = {
        "hostile": write_project(base / "hostile", texts, {**PLAIN_STORY, "summary": texts}),
        "plain": write_project(base / "plain", [f"Plain text {n}" for n in range(len(texts))],
                               {**PLAIN_STORY, "summary": [f"Plain text {n}" for n in range(len(texts))]},
                               [f"Plain quote {n}" if quotable(t) else PLAIN_QUOTE for n, t in enumerate(texts)]),
        "story-plain": write_project(base / "story-plain", ["Plain record"], story_fields("Plain story text")),
    }
    for n, text in enumerate(texts):
        made[f"story-{n}"] = write_project(base / f"story-{n}", ["Plain record"], story_fields(text))
    jobs = {name: (base / name, base / f"{name}-site") for name in made}
    build_many([jobs.pop("hostile"), jobs.pop("plain")], list(jobs.values()))
    return {name: Site(base / f"{name}-site", scratch) for name, scratch in made.items()}


# --------------------------------------------------------------------------- reading pages

_SKIPPED_LINKS = {"headerlink", "source-link"}


def text_of(element: Tag | None) -> str:
    """Visible text of ``element``, whitespace collapsed, without permalinks, source links and "as of"."""
    assert element is not None, "element not found"
    parts = []
    for piece in element.find_all(string=True):
        if any(p.name == "a" and _SKIPPED_LINKS & set(p.get("class") or ()) for p in piece.parents):
            continue
        if any("as-of" in (p.get("class") or ()) for p in piece.parents):  # "as of <date>" beside the links
            continue
        if any("avatar" in (p.get("class") or ()) for p in piece.parents):
            continue  # initials, hidden from assistive technology
        parts.append(str(piece))
    return collapse("".join(parts))


def article(soup: BeautifulSoup) -> Tag:
    found = soup.select_one("article.md-content__inner")
    assert found is not None
    return found


def linked(scope: Tag, href: str) -> Tag:
    found = scope.find("a", href=href)
    assert isinstance(found, Tag), f"no link to {href}"
    return found


#: The ``short`` of an issue and position whose text cannot be one (:func:`as_short`).
IN_BRIEF = "In brief"


def as_short(text: str) -> bool:
    """Whether the story gives ``text`` as an issue's and a position's ``short`` too: a short needs a letter or
    digit and is warned past SHORT_MAX characters (the strict build stops); other texts get :data:`IN_BRIEF`."""
    return any(c.isalnum() for c in text) and len(text) <= SHORT_MAX


def parent(element: Tag, name: str) -> Tag:
    found = element.find_parent(name)
    assert isinstance(found, Tag), f"no <{name}> around {element}"
    return found


def jsonld(soup: BeautifulSoup) -> Any:
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def header_topic(soup: BeautifulSoup) -> str:
    return text_of(soup.find(attrs={"data-md-component": "header-topic"}))


def toc_link(soup: BeautifulSoup, anchor: str) -> str:
    toc = soup.select_one("nav.md-nav--secondary")
    assert toc is not None
    return text_of(linked(toc, f"#{anchor}"))


def title(soup: BeautifulSoup) -> str:
    assert soup.title is not None
    return collapse(soup.title.get_text())


def record_page(soup: BeautifulSoup, expected_text: str) -> Tag:
    """The page's article, after checking that its heading, ``<title>`` and header show ``expected_text``."""
    body = article(soup)
    assert text_of(body.h1) == expected_text
    assert title(soup) == f"{expected_text} - {SITE_NAME}"
    assert header_topic(soup) == expected_text
    return body


# --------------------------------------------------------------------------- every string, every field

CASES = [pytest.param(n, id=name) for n, (name, _) in enumerate(CORPUS)]


@pytest.mark.slow
@pytest.mark.parametrize("n", CASES)
def test_actor_fields_show_as_text(sites: dict[str, Site], n: int) -> None:
    """Actor name, role and summary on the actor page, the actors index, home, the publisher's
    page, the issue pages, quotes and timeline; in <title>, the header, JSON-LD and search."""
    site, i, e = sites["hostile"], rid(n), expected(CORPUS[n][1])
    soup = site.soup(f"actors/{i}/index.html")
    body = record_page(soup, e)
    head = body.select_one("p.actor-head")
    assert isinstance(head, Tag)
    assert text_of(head) == f"Role: {e} Affiliated with: Publisher"
    assert text_of(head.find_next_sibling("p")) == e  # summary
    data = jsonld(soup)
    assert (collapse(data["name"]), collapse(data["description"]), collapse(data["jobTitle"])) == (e, e, e)
    assert site.search()[f"actors/{i}/"]["title"] == e
    assert e in site.search()[f"actors/{i}/"]["text"]

    index = article(site.soup("actors/index.html"))
    assert text_of(parent(linked(index, f"{i}/"), "li")) == f"{e} {e}"  # name, role
    people = article(site.soup("index.html")).select_one("div.people")  # who is involved: name, role
    assert isinstance(people, Tag)
    assert text_of(parent(linked(people, f"actors/{i}/"), "li")) == f"{e}, {e}"
    publisher = article(site.soup("actors/publisher/index.html"))
    assert text_of(parent(linked(publisher, f"../{i}/"), "li")) == f"{e}, {e}"

    issue = site.soup(f"issues/{i}/index.html")
    heading = issue.find("h3", id=f"pos-{i}")
    assert text_of(heading) == e
    assert text_of(issue.select_one("p.see-also")) == f"About {e}"
    assert site.search()[f"issues/{i}/#pos-{i}"]["title"] == e
    previous = rid((n - 1) % len(CORPUS))  # issue n-1 lists actor n as also involved
    involved = article(site.soup(f"issues/{previous}/index.html"))
    assert text_of(parent(linked(involved, f"../../actors/{i}/"), "li")) == f"{e}, {e}"

    quotes = site.soup("quotes/index.html")
    speaker = quotes.find(id=f"q-{i}").find_previous("h2")
    assert text_of(speaker) == e
    assert toc_link(quotes, speaker["id"]) == e
    assert text_of(quotes.find(id=f"q-{i}").figcaption) == f"{e}, {e}"  # speaker, medium
    quote_data = jsonld(quotes)["itemListElement"][n]
    assert collapse(quote_data["creator"]["name"]) == e
    timeline = site.soup("timeline/index.html")
    who = parent(linked(article(timeline), f"../actors/{i}/"), "p")
    assert text_of(who) == f"Who: {e}"


@pytest.mark.slow
@pytest.mark.parametrize("n", CASES)
def test_issue_fields_show_as_text(sites: dict[str, Site], n: int) -> None:
    """Issue title and summary and a position's stance on the issue page, the issues index,
    the actor page, home, quotes and timeline; in <title>, the header, JSON-LD and search."""
    site, i, e = sites["hostile"], rid(n), expected(CORPUS[n][1])
    soup = site.soup(f"issues/{i}/index.html")
    body = record_page(soup, e)
    assert text_of(body.find("p", recursive=False)) == e  # summary
    heading = body.find("h3", id=f"pos-{i}")
    assert isinstance(heading, Tag)
    brief = e if as_short(CORPUS[n][1]) else IN_BRIEF
    short = heading.find_next_sibling("p")
    assert isinstance(short, Tag) and "short" in short["class"] and text_of(short) == brief
    assert text_of(short.find_next_sibling("p")) == e  # stance
    data = jsonld(soup)
    assert (collapse(data["name"]), collapse(data["description"])) == (e, e)
    assert data["isBasedOn"]["headline"] == "Plain headline"
    assert site.search()[f"issues/{i}/"]["title"] == e

    index = article(site.soup("issues/index.html"))
    heading = parent(linked(index, f"{i}/"), "h2")
    assert text_of(heading) == e
    assert text_of(heading.find_next_sibling("p")) == brief  # the issue's short
    actor = article(site.soup(f"actors/{i}/index.html"))
    assert text_of(parent(linked(actor, f"../../issues/{i}/"), "li")) == f"{e}: {e}"  # title: stance
    home = article(site.soup("index.html"))  # who stands where: the title heads its issue's rows, linked
    assert text_of(parent(linked(home, f"issues/{i}/"), "th")) == e
    row = home.find("tr", attrs={"data-position": f"{i}/{i}"})  # the position in brief (its short)
    assert isinstance(row, Tag) and text_of(row.find("td", class_="stance-brief")) == brief
    quotes = article(site.soup("quotes/index.html"))
    assert text_of(parent(linked(quotes, f"../issues/{i}/"), "p")) == f"Issues: {e}"
    timeline = article(site.soup("timeline/index.html"))
    assert text_of(parent(linked(timeline, f"../issues/{i}/"), "p")) == f"Issues: {e}"


@pytest.mark.slow
@pytest.mark.parametrize("n", CASES)
def test_quote_fields_show_as_text(sites: dict[str, Site], n: int) -> None:
    """A quote's context and medium (and its text, where the source can quote it) on the
    quotes page, the speaker's page, the issue page and home; in the TOC, JSON-LD and search."""
    site, i, e = sites["hostile"], rid(n), expected(CORPUS[n][1])
    q = expected(site.scratch.quote_texts[n])
    soup = site.soup("quotes/index.html")
    figure = soup.find("figure", id=f"q-{i}")
    assert isinstance(figure, Tag)
    speaker = figure.find_previous("h2")
    assert text_of(speaker) == e
    assert toc_link(soup, speaker["id"]) == e
    assert text_of(figure.blockquote) == f"“{q}”"
    assert text_of(figure.figcaption) == f"{e}, {e}"  # speaker, medium
    context = figure.find_next_sibling("p")
    assert isinstance(context, Tag) and "quote-context" in context["class"]
    assert text_of(context) == f"Context, in this site’s words: {e}"
    assert text_of(context.find_next_sibling("p")) == f"Issues: {e}"
    item = jsonld(soup)["itemListElement"][n]
    assert collapse(item["text"]) == q
    assert site.search()[f"quotes/#{speaker['id']}"]["title"] == e

    for page, caption in ((f"actors/{i}/index.html", f"{e} In context"),
                          (f"issues/{i}/index.html", f"{e}. {e} In context"),
                          *((("index.html", f"{e} · In context"),) if n == 0 else ())):  # the pivotal quote
        said = article(site.soup(page)).find("figure", class_="pull-quote")
        assert isinstance(said, Tag), page
        assert (text_of(said.blockquote), text_of(said.figcaption)) == (f"“{q}”", caption), page


@pytest.mark.slow
@pytest.mark.parametrize("n", CASES)
def test_event_fields_show_as_text(sites: dict[str, Site], n: int) -> None:
    """An event's title, as_written and summary on the timeline, the actor and issue pages and
    home (the five latest); in the TOC, JSON-LD and search."""
    site, i, e = sites["hostile"], rid(n), expected(CORPUS[n][1])
    soup = site.soup("timeline/index.html")
    row = soup.find("details", id=f"e-{i}")
    assert isinstance(row, Tag)
    summary = row.summary
    assert isinstance(summary, Tag)
    assert [text_of(summary.find(class_=c)) for c in ("when", "what", "line")] == ["12 May 2015", e, e]
    assert text_of(row.find("p", class_="as-written")) == f"The article says “{e}”."
    era = row.find_parent("div", class_="timeline").find_previous_sibling("h2")  # each event has its own era
    assert text_of(era) == e
    item = jsonld(soup)["itemListElement"][n]
    assert (collapse(item["name"]), collapse(item["description"])) == (e, e)
    assert site.search()[f"timeline/#{era['id']}"]["title"] == e

    for page, href in ((f"actors/{i}/index.html", f"../../timeline/#e-{i}"),
                       (f"issues/{i}/index.html", f"../../timeline/#e-{i}")):
        assert text_of(parent(linked(article(site.soup(page)), href), "li")) == f"12 May 2015 {e}"
    if n >= len(CORPUS) - 3:  # home lists the three latest events
        home = article(site.soup("index.html"))
        assert text_of(parent(linked(home, f"timeline/#e-{i}"), "li")) == f"12 May 2015 {e}"


@pytest.mark.slow
@pytest.mark.parametrize("n", CASES)
def test_source_page_shows_labels_and_quoted_passages_as_text(sites: dict[str, Site], n: int) -> None:
    """The source page's "cited by" links (actor name, issue title, "name on title", "Quote:
    name", event title) and, where the string could be quoted, its paragraph of the article."""
    site, i, e = sites["hostile"], rid(n), expected(CORPUS[n][1])
    body = article(site.soup("source/index.html"))
    for href, label in ((f"../actors/{i}/", e), (f"../issues/{i}/", e), (f"../issues/{i}/#pos-{i}", f"{e} on {e}"),
                        (f"../quotes/#q-{i}", f"Quote: {e}"), (f"../timeline/#e-{i}", e)):
        assert text_of(linked(body, href)) == label
    quote = site.scratch.quote_texts[n]
    if quote != PLAIN_QUOTE:
        line = site.scratch.source_lines.index(f"Q{n:03d} said “{quote}”")
        paragraph = body.find("p", id=f"p{line + 1}")
        assert text_of(paragraph) == expected(f"Q{n:03d} said “{quote}”")
        assert isinstance(paragraph, Tag)
        assert len(paragraph.find_all("mark")) == 1


@pytest.mark.slow
def test_summary_items_show_as_text(sites: dict[str, Site]) -> None:
    """Every string as an item of the story's summary ("What happened, point by point", folded on home)."""
    home = article(sites["hostile"].soup("index.html"))
    folded = home.find("details", id="what-happened")
    assert isinstance(folded, Tag)
    items = folded.find("ul")
    assert isinstance(items, Tag)
    assert [text_of(li) for li in items.find_all("li")] == [expected(t) for _, t in CORPUS]
    searchable = " ".join(entry["text"] for where, entry in sites["hostile"].search().items() if where.startswith("#"))
    assert all(expected(t) in searchable for _, t in CORPUS)


@pytest.mark.slow
def test_explainer_fields_show_as_text(sites: dict[str, Site]) -> None:
    """Every string as why it matters, a key point (title and text) and an unknown on home."""
    home = article(sites["hostile"].soup("index.html"))
    texts = [expected(t) for _, t in CORPUS]
    why = home.select_one("section.why-it-matters")
    assert isinstance(why, Tag)
    assert text_of(why.find("p")) == texts[0]
    cards = home.select("section.key-point")
    assert [(text_of(c.h3), text_of(c.find("p"))) for c in cards] == [(t, t) for t in texts[:3]]
    assert [text_of(u.find("p")) for u in home.select("section.unknown")] == texts


@pytest.mark.slow
@pytest.mark.parametrize("n", CASES)
def test_story_fields_show_as_text(sites: dict[str, Site], n: int) -> None:
    """Headline, standfirst and place on home, in its header, JSON-LD (home, source and every
    page that cites the article) and search; programme and photo fields on the source page."""
    site, e = sites[f"story-{n}"], expected(CORPUS[n][1])
    soup = site.soup("index.html")
    body = article(soup)
    assert text_of(body.h1) == e
    assert header_topic(soup) == "Home"  # the home page's title comes from the nav
    assert title(soup) == SITE_NAME  # and its <title> is the site's name
    assert text_of(body.select_one("p.standfirst")) == e
    assert text_of(body.select_one("p.dateline")) == f"{e} · 12 May 2015 · story by Publisher"
    for page in ("index.html", "source/index.html"):
        data = jsonld(site.soup(page))
        assert [collapse(data[k]) for k in ("headline", "description")] == [e, e]
        assert collapse(data["contentLocation"]["name"]) == e
    for page in ("issues/r000/index.html", "actors/index.html", "issues/index.html"):
        assert collapse(jsonld(site.soup(page))["isBasedOn"]["headline"]) == e
    assert site.search()[""]["title"] == e
    source = article(site.soup("source/index.html"))
    assert text_of(source.select_one("p.source-headline")) == f"“{e}”"
    for field, (css, label) in SOURCE_DETAILS.items():
        assert text_of(source.select_one(f"p.{css}")) == label + e, field


# --------------------------------------------------------------------------- nothing added

_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset")
_BAD_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
_OFFSETS = re.compile(r"#x-\d+-\d+")  # passage anchors hold character offsets, which differ


def structure(soup: BeautifulSoup) -> dict[str, Any]:
    """What text must never change: elements, attribute names, link targets, comments, scripts
    and the site navigation."""
    # The picture wraps long names onto more lines (<tspan>s): how many depends on the words' lengths.
    tags = [t for t in soup.find_all(True) if t.name != "tspan"]
    return {
        "tags": Counter(t.name for t in tags),
        "attributes": Counter((t.name, a) for t in tags for a in t.attrs),
        "links": Counter(_OFFSETS.sub("#x", v) for t in tags for a in _URL_ATTRIBUTES
                         if isinstance(v := t.get(a), str) and not v.startswith("#")),
        "comments": Counter(str(c) for c in soup.find_all(string=lambda s: isinstance(s, Comment))),
        "scripts": Counter((s.get("src"), s.get("type"), len(s.get_text()) if not s.get("type") else 0)
                           for s in soup.find_all("script")),
        # Record pages are not in the nav (its titles come from mkdocs.yml), so the site's
        # navigation reads the same; links into the page's own TOC are checked per string.
        "nav": [text_of(a) for a in soup.select("nav.md-tabs a, nav.md-nav--primary a")
                if not str(a.get("href", "")).startswith("#")],
    }


def unsafe(soup: BeautifulSoup) -> Iterator[str]:
    """Event-handler attributes and script URLs anywhere in ``soup``."""
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                yield f"<{tag.name} {name}=…>"
            if name.lower() in _URL_ATTRIBUTES and isinstance(value, str):
                cleaned = "".join(ch for ch in value if ch.isprintable())
                if _BAD_SCHEMES.match(cleaned):
                    yield f"<{tag.name} {name}={value!r}>"


@pytest.mark.slow
@pytest.mark.parametrize(("hostile", "plain"), [("hostile", "plain"), *[(f"story-{n}", "story-plain")
                                                                      for n in range(len(CORPUS))]])
def test_no_element_attribute_or_link_is_added(sites: dict[str, Site], hostile: str, plain: str) -> None:
    """Every page of a hostile build has the elements, attributes, links, comments and scripts
    of the same page built from plain words, and no handler or script URL at all."""
    bad, good = sites[hostile], sites[plain]
    assert bad.html_pages() == good.html_pages()
    files = sorted(p.relative_to(bad.root).as_posix() for p in bad.root.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(good.root).as_posix() for p in good.root.rglob("*") if p.is_file())
    for page in bad.html_pages():
        assert structure(bad.soup(page)) == structure(good.soup(page)), page
        assert list(unsafe(bad.soup(page))) == [], page
        for script in bad.soup(page).find_all("script", type="application/ld+json"):
            json.loads(script.string)  # still one JSON document


# --------------------------------------------------------------------------- refused by design


def _checked(project: Path, edit: Callable[[str, str, str], None], value: str) -> tuple[int, str]:
    edit("actors.yaml", "name: John Kerry", f"name: {yaml_str(value)}")
    result = generator("check", cwd=project)
    return result.returncode, result.stderr


@pytest.mark.parametrize(("text", "reason"), [pytest.param(t, r, id=n) for n, t, r in REJECTED])
def test_text_that_cannot_be_shown_is_refused_where_it_is(project: Path, edit: Callable[[str, str, str], None],
                                                           text: str, reason: str) -> None:
    """These values are refused with a located error (``file:line:col``), not shown altered."""
    status, stderr = _checked(project, edit, text)
    assert status == 1, f"accepted, though {reason}"
    assert re.search(r"^content/actors\.yaml:5:11: actors\[0\]( \(john-kerry\))?\.name: ", stderr, re.MULTILINE), stderr
    assert "Traceback" not in stderr


# --------------------------------------------------------------------------- links from YAML


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://e.com/a.txt",
    "vbscript:msgbox(1)", "//e.com/a", "e.com/a", "mailto:a@e.com", " https://e.com/", "https:/e.com", "http://",
    "https://e.com/a b",
])
def test_source_url_must_be_http_or_https(project: Path, edit: Callable[[str, str, str], None], url: str) -> None:
    """story.source.url accepts only http(s) links; anything else is a located error."""
    edit("story.yaml", "source:\n", f"source:\n  url: {yaml_str(url)}\n")
    result = generator("check", cwd=project)
    assert result.returncode == 1
    assert re.search(r"^content/story\.yaml:\d+:8: source\.url: .*not an http or https link", result.stderr,
                     re.MULTILINE), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("url", "why"), [
    ("https://a.example@b.example/", "'a.example@' is a user name, and the link leads to b.example"),
    ("https://www.cbsnews.com:x@evil.example/", "'www.cbsnews.com:x@' is a user name"),
    ("https://a.example\\@b.example/", "(character 18 is a backslash)"),
    ("https:\\\\e.com/", "(character 7 is a backslash)"),
    ("https://e.com\\x/", "(character 14 is a backslash)"),
    ("https://пример.рф/", "'пример.рф' is an internationalised name"),
    ("https://xn--e1afmkfd.xn--p1ai/", "'xn--e1afmkfd.xn--p1ai' is an internationalised name"),
    ("https://gооgle.com/", "'gооgle.com' is an internationalised name"),  # Cyrillic o
    ("https://e.com:8080/", "it names a port ('e.com:8080')"),
    ("https://e.com:/", "it names a port ('e.com:')"),
    ("https://e.com:99999999/", "it names a port"),
    ("https://1.2.3.4/", "to a domain name ('1.2.3.4')"),
    ("https://[::1]/", "to a domain name ('::1')"),
    ("https://localhost/", "to a domain name ('localhost')"),
    ("https://e.com./", "to a domain name ('e.com.')"),
    ("https://e_x.com/", "to a domain name ('e_x.com')"),
    ("https://e.com/a\tb", "(character 16 is U+0009)"),
    ("https://e.com/\u202eevil", "(character 15 is U+202E)"),
    ("https://e.com/a\u200bb", "(character 16 is U+200B)"),
    ("https://e.com/\u0000", "(character 15 is U+0000)"),
    ("https://e.com/\u00a0", "(character 15 is U+00A0)"),
])
def test_source_url_that_misleads_is_refused(project: Path, edit: Callable[[str, str, str], None], url: str,
                                             why: str) -> None:
    """story.source.url is parsed (urllib.parse): userinfo, backslashes, non-ASCII and IDNA hosts,
    ports, IP addresses, whitespace, control and format characters are located errors that say why."""
    edit("story.yaml", "source:\n", f"source:\n  url: {yaml_str(url)}\n")
    result = generator("check", cwd=project)
    assert result.returncode == 1
    line = next((x for x in result.stderr.splitlines() if ": source.url: " in x), "")
    assert re.match(r"content/story\.yaml:\d+:8: source\.url: '.*' is not an http or https link", line), result.stderr
    assert why in line, line
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["https://www.cbsnews.com/news/kerry-putin/?ftag=1#top", "http://e.com",
                                 "HTTPS://WWW.E.COM/Ä%20b", "https://a-b.e.co.uk/a@b/c:d"])
def test_plain_source_urls_pass(url: str) -> None:
    from generator.schema import Source

    source = Source.model_validate({"file": "a.txt", "sha256": "0" * 64, "url": url})
    assert source.url == url
    assert source.host == url.split("/")[2].lower()


@pytest.mark.slow
def test_hostile_http_url_stays_one_link(project: Path, edit: Callable[[str, str, str], None], tmp_path: Path) -> None:
    """An http(s) URL full of Markdown and HTML syntax still makes exactly one link per place,
    with no attribute added and the URL percent-encoded."""
    url = "https://e.com/a)b{:onclick=alert(1)}[x](javascript:alert(1))?q=\"x\"&y=<z>'s`*_~"
    edit("story.yaml", "source:\n", f"source:\n  url: {yaml_str(url)}\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    source = BeautifulSoup((tmp_path / "site" / "source" / "index.html").read_text(encoding="utf-8"), "html.parser")
    actor = BeautifulSoup((tmp_path / "site" / "actors" / "john-kerry" / "index.html").read_text(encoding="utf-8"),
                          "html.parser")
    originals = [a for soup in (source, actor) for a in soup.find_all("a", string="original at e.com")]
    assert len(originals) > 1
    for link in originals:
        assert link["href"].startswith("https://e.com/a%29b%7B:onclick=alert%281%29%7D%5Bx%5D%28javascript:")
        assert not set(link["href"]) & set("<>\"'(){}[]` ")
        assert sorted(link.attrs) == ["class", "href", "rel"]
    for soup in (source, actor):
        assert list(unsafe(soup)) == []


# --------------------------------------------------------------------------- ids and paths


@pytest.mark.parametrize("bad_id", [
    "../etc", "A", "con/aux", "é", "a" * 65, "..", "a/b", "a\\b", "/etc", "a b", "a--b", "-a", "a-", "a_b", "a.md",
    "x", "", "index", "con", "aux", "nul", "com1", "lpt9",
])
def test_ids_that_are_not_safe_slugs_are_refused(project: Path, edit: Callable[[str, str, str], None],
                                                 bad_id: str) -> None:
    """Ids become file names and URLs, so only 2–64 lowercase ASCII letters, digits and single
    hyphens pass; anything else is a located error."""
    edit("actors.yaml", "- id: john-kerry\n", f"- id: {yaml_str(bad_id)}\n")
    result = generator("check", cwd=project)
    assert result.returncode == 1
    assert re.search(r"^content/actors\.yaml:4:9: actors\[0\]\.id: ", result.stderr, re.MULTILINE), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("good_id", ["ab", "a" * 64, "us-russia-2015", "s300"])
def test_safe_slugs_pass(good_id: str) -> None:
    from generator.schema import Actor

    actor = Actor.model_validate({"id": good_id, "name": "N", "kind": "person", "role": "R", "summary": "S",
                                  "evidence": [{"exact": "x"}]})
    assert actor.id == good_id


@pytest.mark.parametrize("path", ["../x.md", "../../etc/passwd", "a/../../x.md", "/etc/passwd", "a/../..", "..",
                                  ".", "", "a/..", "link/x.md"])
def test_check_inside_refuses_paths_that_leave_the_folder(tmp_path: Path, path: str) -> None:
    """Paths with ``..``, absolute paths, the folder itself and paths through a symlink that
    leads outside are refused."""
    root = tmp_path / "out"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(OutputError, match="refusing to write"):
        check_inside(root, path)


@pytest.mark.parametrize("path", ["index.md", "actors/john-kerry.md", "a/../b.md", "deep/er/page.md"])
def test_check_inside_accepts_paths_inside(tmp_path: Path, path: str) -> None:
    assert check_inside(tmp_path, path) == tmp_path / path


# --------------------------------------------------------------------------- heading ids

#: Ids of Material's own elements (templates/base.html, partials): a heading with one of these
#: ids breaks search, the drawer or the palette toggle on its page.
MATERIAL_IDS = ("__config", "__search", "__drawer", "__toc", "__palette_0", "__palette_1", "__consent", "__analytics",
                "__settings", "__nav_1")


def heading_ids(markdown_text: str) -> list[tuple[str, str]]:
    """``(tag, id)`` of each heading of a generated page, as MkDocs renders it (the extensions
    of mkdocs.yml that set ids: attr_list, md_in_html, toc with permalinks, pymdownx.escapeall)."""
    import markdown

    body = markdown_text.split("\n---\n", 1)[1]  # without the front matter
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "toc", "pymdownx.escapeall"],
                             extension_configs={"toc": {"permalink": True}})
    soup = BeautifulSoup(html, "html.parser")
    return [(h.name, str(h.get("id"))) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def test_heading_ids_come_from_record_ids_not_text() -> None:
    """Every heading of every generated page keeps its id when the records' texts become
    Cyrillic, '__config'-like or all the same and the records are put in reverse order: ids
    are made from record ids (so a saved link opens the same record), never start with '_'
    (Material's element ids do) and are unique on their page."""
    from dataclasses import replace

    from generator.content import load_content
    from generator.render import render_pages

    content = load_content(CONTENT)
    odd = ["Сергей Лавров", "__config", "__search", "__palette_0", "Украина", "普京"]

    def text(n: int) -> str:
        return odd[n % len(odd)]

    changed = replace(
        content,
        story=content.story.model_copy(update={"headline": "__drawer"}),
        actors=tuple(reversed([a.model_copy(update={"name": text(n)}) for n, a in enumerate(content.actors)])),
        issues=tuple(reversed([t.model_copy(update={"title": text(n)}) for n, t in enumerate(content.issues)])),
        quotes=tuple(reversed([q.model_copy(update={"medium": text(n)}) for n, q in enumerate(content.quotes)])),
        events=tuple(reversed([e.model_copy(update={"title": text(n)}) for n, e in enumerate(content.events)])),
    )
    before, after = render_pages(content), render_pages(changed)
    assert before.keys() == after.keys()
    for page in before:
        old, new = heading_ids(before[page]), heading_ids(after[page])
        assert sorted(old) == sorted(new), page
        ids = [i for _, i in new]
        assert len(set(ids)) == len(ids), page
        assert not [i for i in ids if i.startswith("_") or re.search(r"_\d+$", i)], page
    ids = dict(heading_ids(after["actors/john-kerry.md"])[:1]), dict(heading_ids(after["issues/index.md"]))
    assert ids[0]["h1"] == "a-john-kerry"
    assert ("h2", "i-ukraine-ceasefire") in heading_ids(after["issues/index.md"])
    assert heading_ids(after["index.md"])[0] == ("h1", "s-kerry-putin-sochi-2015")


@pytest.mark.slow
@pytest.mark.parametrize(("hostile", "plain"), [("hostile", "plain"), *[(f"story-{n}", "story-plain")
                                                                      for n in range(len(CORPUS))]])
def test_built_pages_have_the_same_ids_whatever_the_text(sites: dict[str, Site], hostile: str, plain: str) -> None:
    """Every element id of every built page (headings, TOC permalinks, Material's own) is the
    same as in the build from plain words, unique on its page and, outside Material's own
    elements, never starts with '_'."""
    bad, good = sites[hostile], sites[plain]
    for page in bad.html_pages():
        ids = [str(t["id"]) for t in bad.soup(page).find_all(id=True)]
        assert [_OFFSETS.sub("x", f"#{i}") for i in ids] == [_OFFSETS.sub("x", f"#{t['id']}")
                                                              for t in good.soup(page).find_all(id=True)], page
        assert len(set(ids)) == len(ids), page
        inner = [str(t["id"]) for t in article(bad.soup(page)).find_all(id=True)]
        assert not [i for i in inner if i.startswith("_")], page
        permalinks = [a["href"] for a in article(bad.soup(page)).select("a.headerlink")]
        assert all(p[1:] in inner for p in permalinks), page
