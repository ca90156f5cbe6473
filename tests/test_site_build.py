"""The real site, built once with ``mkdocs build --strict`` and read back as HTML.

Every check here reads the built HTML through BeautifulSoup and compares it with what
:func:`generator.content.load_content` says the site must show, so a template or URL change
that drops a record, breaks a link or pulls in a third-party request fails here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import deque
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import CONTENT, BuiltSite, make_project, mkdocs_build

from generator import dates, pages, render
from generator.content import Content, load_content

pytestmark = pytest.mark.slow

#: Schemes that leave the site by design (a reader's click, never a fetch on load).
_EXTERNAL = ("http://", "https://", "mailto:", "tel:")
#: Elements whose URL attribute the browser fetches while loading the page.
_FETCHED = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "video": "src",
            "audio": "src", "embed": "src", "object": "data", "track": "src", "input": "src"}
_JSONLD_AGENT = {"person": "Person", "organisation": "Organization", "state": "Country", "group": "Organization"}


# --------------------------------------------------------------------------- the build


@dataclass(frozen=True, eq=False)  # hashed by identity, for the caches below
class Site(BuiltSite):
    """The built site folder and the content it was built from."""

    content: Content

    def html_files(self) -> list[str]:
        """Every HTML file of the site, relative to its root, sorted."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    @cache  # noqa: B019
    def ids(self, page: str) -> frozenset[str]:
        """Every element id (and legacy ``<a name>``) on ``page``."""
        soup = self.soup(page)
        names = [t["name"] for t in soup.find_all("a", attrs={"name": True})]
        return frozenset([t["id"] for t in soup.find_all(id=True)] + names)


def _url_to_file(url_path: str) -> str:
    """The HTML file a directory URL (``actors/x/``) is served from, relative to the site root."""
    path = PurePosixPath(url_path)
    return (path / "index.html").as_posix() if url_path.endswith("/") or not path.suffix else path.as_posix()


def _page_file(md: str) -> str:
    """The built HTML file of MkDocs page ``md`` (``use_directory_urls``): ``actors/x.md`` → ``actors/x/index.html``."""
    stem = md.removesuffix(".md")
    if stem == "index":
        return "index.html"
    if stem.endswith("/index"):
        return f"{stem.removesuffix('/index')}/index.html"
    return f"{stem}/index.html"


def resolve(page: str, href: str) -> tuple[str, str] | None:
    """``(file, fragment)`` an internal ``href`` on ``page`` points to, or None for an external one.

    ``file`` is relative to the site root, normalised (``..`` resolved); a link outside the
    site root keeps its leading ``..`` so the existence check fails on it.
    """
    if href.startswith(_EXTERNAL) or href.startswith(("data:", "javascript:", "//")):
        return None
    parts = urlsplit(href)
    if parts.scheme:
        return None
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    base = PurePosixPath("/") if parts.path.startswith("/") else PurePosixPath("/", page).parent
    joined = (base / unquote(parts.path)).as_posix() + ("/" if parts.path.endswith("/") else "")
    stack: list[str] = []
    for segment in joined.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if stack and stack[-1] != "..":
                stack.pop()
            else:
                stack.append("..")
        else:
            stack.append(segment)
    url_path = "/".join(stack) + ("/" if joined.endswith("/") or joined.endswith("/.") else "")
    if url_path in ("", "/"):
        return "index.html", fragment
    return _url_to_file(url_path), fragment


def links(site: Site, page: str) -> list[tuple[str, str, str]]:
    """``(href, file, fragment)`` for every internal ``a``/``link`` href and ``src`` on ``page``."""
    found = []
    for tag in site.soup(page).find_all(["a", "link", "script", "img", "iframe", "source"]):
        for attr in ("href", "src"):
            value = tag.get(attr)
            if value is None:
                continue
            target = resolve(page, value)
            if target is not None:
                found.append((value, *target))
    return found


def anchors_on(site: Site, page: str) -> list[tuple[str, str]]:
    """``(file, fragment)`` of every ``<a href>`` on ``page`` that stays inside the site."""
    result = []
    for a in site.soup(page).find_all("a", href=True):
        target = resolve(page, a["href"])
        if target is not None:
            result.append(target)
    return result


def article(site: Site, page: str) -> Tag:
    """The page body Material renders from Markdown (``article.md-content__inner``)."""
    found = site.soup(page).select_one("article.md-content__inner")
    assert found is not None, f"{page} has no article element"
    return found


def text_of(tag: Tag) -> str:
    """Visible text of ``tag`` without Material's ``¶`` permalinks, whitespace collapsed, NFC. A glossary term
    (``<abbr>``) is inline: its words join the text around it as the browser shows them."""
    copy = BeautifulSoup(str(tag), "html.parser")
    for link in copy.select("a.headerlink"):
        link.decompose()
    for term in copy.select("abbr"):
        term.unwrap()
    copy.smooth()
    return " ".join(unicodedata.normalize("NFC", copy.get_text(" ")).split())


def plain(text: str) -> str:
    """``text`` as the site prints it: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def link_targets(site: Site, page: str) -> set[str]:
    """Internal ``<a>`` targets of ``page``'s article as ``file#fragment`` (``file`` alone without one)."""
    result = set()
    for a in article(site, page).find_all("a", href=True):
        target = resolve(page, a["href"])
        if target is not None:
            result.add(f"{target[0]}#{target[1]}" if target[1] else target[0])
    return result


def jsonld(site: Site, page: str) -> dict[str, Any]:
    """The one JSON-LD object of ``page``, parsed."""
    scripts = site.soup(page).find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"{page}: {len(scripts)} JSON-LD scripts"
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    return data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The fixture story's site, built once with ``mkdocs build --strict`` into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(make_project(tmp_path_factory.mktemp("build") / "project"), out)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert not warnings, "\n".join(warnings)
    return Site(out, load_content(CONTENT))


QUOTES_HTML = _page_file(pages.QUOTES)
TIMELINE_HTML = _page_file(pages.TIMELINE)
SOURCE_HTML = _page_file(pages.SOURCE)
HOME_HTML = _page_file(pages.HOME)


# --------------------------------------------------------------------------- the link helpers themselves


def test_resolve_maps_directory_urls_and_fragments() -> None:
    """The link resolver maps relative, root-absolute and fragment-only links the way a browser does."""
    assert resolve("actors/x/index.html", "../../quotes/#q-a") == ("quotes/index.html", "q-a")
    assert resolve("actors/x/index.html", "../y/") == ("actors/y/index.html", "")
    assert resolve("index.html", ".") == ("index.html", "")
    assert resolve("404.html", "/.") == ("index.html", "")
    assert resolve("404.html", "/assets/a.css") == ("assets/a.css", "")
    assert resolve("quotes/index.html", "#q-a") == ("quotes/index.html", "q-a")
    assert resolve("index.html", "source/#x%2D1") == ("source/index.html", "x-1")
    assert resolve("index.html", "https://example.com/") is None
    assert resolve("index.html", "../outside/")[0].startswith("..")  # type: ignore[index]


def test_page_file_follows_directory_urls() -> None:
    """MkDocs page paths map to the HTML files ``use_directory_urls`` writes."""
    assert _page_file(pages.HOME) == "index.html"
    assert _page_file(pages.ACTORS) == "actors/index.html"
    assert _page_file(pages.actor("john-kerry")) == "actors/john-kerry/index.html"
    assert _page_file(pages.QUOTES) == "quotes/index.html"


# --------------------------------------------------------------------------- records on their pages


def test_every_actor_page_names_the_actor_and_lists_their_records(site: Site) -> None:
    """Each actor has actors/<id>/index.html with their name as h1, linking each of their quotes, issues and events."""
    content = site.content
    for actor in content.actors:
        page = _page_file(pages.actor(actor.id))
        assert (site.root / page).is_file(), page
        h1s = article(site, page).find_all("h1")
        assert len(h1s) == 1 and text_of(h1s[0]) == actor.name, page
        targets = link_targets(site, page)
        for quote in content.quotes_by(actor.id):
            assert f"{QUOTES_HTML}#{pages.quote_anchor(quote.id)}" in targets, (page, quote.id)
            assert plain(quote.text) in text_of(article(site, page)), (page, quote.id)
        positioned, others = content.issue_ties(actor.id)
        for issue in [*positioned, *(tie.issue for tie in others)]:
            assert _page_file(pages.issue(issue.id)) in targets, (page, issue.id)
        for event in content.events_of(actor.id):
            assert f"{TIMELINE_HTML}#{pages.event_anchor(event.id)}" in targets, (page, event.id)


def test_every_issue_page_shows_positions_quotes_and_events(site: Site) -> None:
    """Each issue page shows every position's actor name and stance (under pos-<actor>), its quotes and events."""
    content = site.content
    for issue in content.issues:
        page = _page_file(pages.issue(issue.id))
        body = article(site, page)
        assert text_of(body.find("h1")) == issue.title, page
        for position in issue.positions:
            heading = body.find(id=pages.position_anchor(position.actor))
            assert heading is not None, (page, position.actor)
            assert text_of(heading) == content.actor(position.actor).name
            card = heading.find_parent("section", class_="position")
            assert card is not None and plain(position.stance) in text_of(card), (page, position.actor)
        targets = link_targets(site, page)
        for quote in content.quotes_on(issue.id):
            assert f"{QUOTES_HTML}#{pages.quote_anchor(quote.id)}" in targets, (page, quote.id)
            assert plain(quote.text) in text_of(body), (page, quote.id)
        for event in content.events_on(issue.id):
            assert f"{TIMELINE_HTML}#{pages.event_anchor(event.id)}" in targets, (page, event.id)


def test_quotes_page_shows_every_quote_verbatim_under_its_anchor(site: Site) -> None:
    """quotes/index.html has a pull quote q-<id> per quote holding the quote's words, verbatim, in curly quotes,
    under its speaker's heading."""
    body = article(site, QUOTES_HTML)
    for quote in site.content.quotes:
        figure = body.find(id=pages.quote_anchor(quote.id))
        assert figure is not None, quote.id
        block = figure.find("blockquote")
        assert block is not None and text_of(block) == f"“{plain(quote.text)}”", quote.id
        speaker = figure.find_previous("h2")
        name = (site.content.actor(quote.speaker.actor).name if quote.speaker.actor
                else quote.speaker.unnamed or "Unattributed")
        assert speaker is not None and text_of(speaker) == plain(name), quote.id
    assert len(body.find_all(id=re.compile(r"^q-"))) == len(site.content.quotes)


def test_timeline_shows_every_event_in_chronological_order(site: Site) -> None:
    """timeline/index.html has e-<id> for every event, era by era; within each era the dated events are in
    non-decreasing EDTF order (dates.sort_key); each row shows its date first, then its title."""
    body = article(site, TIMELINE_HTML)
    shown = [tag["id"].removeprefix("e-") for tag in body.find_all(id=re.compile(r"^e-"))]
    assert sorted(shown) == sorted(e.id for e in site.content.events)
    by_id = {e.id: e for e in site.content.events}
    for era in site.content.eras:
        section = body.find(id=era.anchor).find_next_sibling("div", class_="timeline")
        ids = [tag["id"].removeprefix("e-") for tag in section.find_all("details", class_="event")]
        assert ids == [e.id for e in era.events]
        keys = [dates.sort_key(by_id[i].date) for i in ids if not dates.only_bounded(by_id[i].date)]
        assert keys == sorted(keys), (era.name, ids)
    era_of = {event.id: era for era in site.content.eras for event in era.events}
    for event in site.content.events:
        row = body.find(id=pages.event_anchor(event.id))
        summary = row.find("summary")
        when = summary.find(class_="when")
        spoken = when.find(class_="visually-hidden")  # the full wording assistive technology reads
        hidden = when.find(attrs={"aria-hidden": "true"})  # a label shown instead ("day not certain")
        if spoken is None:  # the date in words, as a reader sees and hears it
            assert (hidden, text_of(when)) == (None, dates.short(event.date)), event.id
        elif dates.day_of(event.date) is None:  # a range: a dash shown, "to" heard
            assert (text_of(hidden), text_of(spoken)) == (dates.short(event.date), dates.spoken(event.date))
        else:  # a row under a heading that names its day: the day is not repeated, only what is uncertain, or,
            # where most rows share a label the era's note says once, only the exceptions ("day certain")
            assert text_of(spoken) == dates.spoken(event.date), event.id
            label, usual = dates.on_the_day(event.date), render._era_usual(era_of[event.id])
            if usual:
                label = "" if label == usual else label or "day certain"
            assert (text_of(hidden) if hidden else "") == label, event.id
        assert (when.find(class_="vague-date") is not None) == (dates.vague(event.date) and (
            spoken is None or (hidden is not None and text_of(hidden) != "day certain"))), event.id
        if not dates.plain(event.date):
            assert f"Date: {dates.describe(event.date)}." in text_of(row.find("p", class_="as-written")), event.id
        assert text_of(summary.find(class_="what")) == plain(event.title), event.id
        assert plain(event.as_written) in text_of(row.find("p", class_="as-written")), event.id


def test_source_page_has_paragraph_anchors_coverage_and_passage_anchors(site: Site) -> None:
    """source/index.html has p1..pN, the coverage figure, and every x-<start>-<end> anchor any page links to."""
    content = site.content
    ids = site.ids(SOURCE_HTML)
    count = len(content.source.paragraphs)
    assert {f"p{n}" for n in range(1, count + 1)} <= ids
    assert f"p{count + 1}" not in ids
    figures = content.coverage()
    coverage = article(site, SOURCE_HTML).select_one(".coverage")
    assert coverage is not None
    share = f"{figures.share * 100:.0f}%"
    assert f"{figures.cited} of the article's {figures.total} sentences ({share})" in text_of(coverage)
    # every resolved citation has its anchor, and every anchor any page links to exists
    cited = {pages.passage_anchor(s.start, s.end) for spans in content.citations.values() for s in spans}
    assert cited <= ids
    linked = {fragment for page in site.html_files() for file, fragment in anchors_on(site, page)
              if file == SOURCE_HTML and fragment.startswith("x-")}
    assert linked, "no page links to a source passage"
    assert linked <= ids, sorted(linked - ids)
    assert linked == cited, "a citation is never linked, or a link is not a citation"


def test_source_paragraphs_show_the_article_verbatim(site: Site) -> None:
    """Each pN paragraph's text is the article's paragraph N, character for character (whitespace collapsed)."""
    source = site.content.source
    for n, span in enumerate(source.paragraphs, start=1):
        shown = article(site, SOURCE_HTML).find(id=f"p{n}")
        assert text_of(shown).replace(" ", "") == plain(source.text[span.start:span.end]).replace(" ", ""), n


# --------------------------------------------------------------------------- links and reachability


def test_every_internal_link_resolves(site: Site) -> None:
    """Every internal href/src on every HTML page points to an existing file and, with a fragment, to that id."""
    broken = []
    checked = 0
    for page in site.html_files():
        for href, file, fragment in links(site, page):
            checked += 1
            target = site.root / file
            if file.startswith("..") or not target.is_file():
                broken.append(f"{page}: {href} → missing file {file}")
            elif fragment and file.endswith(".html") and fragment not in site.ids(file):
                broken.append(f"{page}: {href} → no id {fragment!r} in {file}")
    assert checked > 1000
    assert not broken, "\n".join(broken)


def test_every_record_is_within_two_clicks_of_home(site: Site) -> None:
    """From the home page, every actor and issue page and every quote and event anchor is reachable in ≤ 2 clicks."""
    depth = {HOME_HTML: 0}
    queue = deque([HOME_HTML])
    while queue:
        page = queue.popleft()
        if depth[page] >= 2:
            continue
        for file, _fragment in anchors_on(site, page):
            if file.endswith(".html") and file not in depth and (site.root / file).is_file():
                depth[file] = depth[page] + 1
                queue.append(file)
    content = site.content
    far = [a.id for a in content.actors if depth.get(_page_file(pages.actor(a.id)), 99) > 2]
    far += [t.id for t in content.issues if depth.get(_page_file(pages.issue(t.id)), 99) > 2]
    # a quote (event) is reached once its page is reached: its anchor is on that page
    for page, anchors in ((QUOTES_HTML, [pages.quote_anchor(q.id) for q in content.quotes]),
                          (TIMELINE_HTML, [pages.event_anchor(e.id) for e in content.events])):
        if depth.get(page, 99) > 2:
            far.append(page)
        far += [a for a in anchors if a not in site.ids(page)]
    assert not far, far


# --------------------------------------------------------------------------- no third-party requests


def _offsite(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://", "//"))


def test_html_makes_no_request_to_another_host(site: Site) -> None:
    """No page loads a script, stylesheet, image, frame or font from another host, Google Fonts or a CDN."""
    offending = []
    for page in site.html_files():
        raw = (site.root / page).read_text(encoding="utf-8")
        soup = site.soup(page)
        for name, attr in _FETCHED.items():
            for tag in soup.find_all(name):
                for value in (tag.get(attr), tag.get("srcset"), tag.get("poster")):
                    if value and any(_offsite(part.split()[0]) for part in value.split(",") if part.strip()):
                        offending.append(f"{page}: <{name} {attr}={value}>")
        for style in [s.string or "" for s in soup.find_all("style")] + [t["style"] for t in soup.find_all(style=True)]:
            offending += [f"{page}: {u}" for u in _css_fetches(style)]
        for word in ("fonts.googleapis", "fonts.gstatic"):
            if word in raw:
                offending.append(f"{page}: mentions {word}")
        for tag in soup.find_all(["script", "link", "img", "iframe"]):
            value = tag.get("src") or tag.get("href") or ""
            if "cdn" in (urlsplit(value).hostname or ""):
                offending.append(f"{page}: CDN URL {value}")
    assert not offending, "\n".join(offending)


_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""")
_JS_IMPORTS = [
    re.compile(r"""\bimportScripts\(\s*["'`]([^"'`]*)"""),
    re.compile(r"""\bimport\(\s*["'`]([^"'`]*)"""),
    re.compile(r"""\bimport\s[^;()]*?\bfrom\s*["']([^"']*)"""),
    re.compile(r"""^\s*import\s*["']([^"']*)""", re.MULTILINE),
]


def _css_fetches(css: str) -> list[str]:
    """Off-site URLs a stylesheet fetches: ``@import`` targets and ``url(...)`` values (not ``data:`` URIs)."""
    urls = [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(css)]
    urls += [m.group(1) for m in _CSS_IMPORT.finditer(css)]
    return sorted({u for u in urls if not u.strip().startswith("data:") and _offsite(u)})


def test_css_and_js_assets_fetch_nothing_from_another_host(site: Site) -> None:
    """No stylesheet @import/url( and no script import/importScripts in the built assets points at another host."""
    offending = []
    css_files = sorted(site.root.rglob("*.css"))
    js_files = sorted(site.root.rglob("*.js"))
    assert css_files and js_files
    for path in css_files:
        offending += [f"{path.name}: {u}" for u in _css_fetches(path.read_text(encoding="utf-8"))]
    for path in js_files:
        text = path.read_text(encoding="utf-8")
        for pattern in _JS_IMPORTS:
            offending += [f"{path.name}: {m.group(1)}" for m in pattern.finditer(text) if _offsite(m.group(1))]
    assert not offending, "\n".join(offending)


def test_css_fetch_scanner_finds_offsite_urls() -> None:
    """The stylesheet scanner flags off-site @import and url( but not data: URIs or local paths."""
    css = ("@import url('https://fonts.googleapis.com/css?family=Roboto');@import \"//cdn.example/x.css\";"
           "a{background:url(\"data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>\")}"
           "b{background:url(../img/a.png)}c{src:url(https://fonts.gstatic.com/a.woff2)}")
    assert _css_fetches(css) == ["//cdn.example/x.css", "https://fonts.googleapis.com/css?family=Roboto",
                                         "https://fonts.gstatic.com/a.woff2"]


# --------------------------------------------------------------------------- theme features


def test_no_empty_footer_bar_but_a_set_copyright_shows(site: Site, tmp_path: Path) -> None:
    """With no previous/next links, copyright, social links or generator notice, Material's footer would be
    an empty dark bar under every page: it is left out. Setting a copyright brings the footer back with it."""
    for page in site.html_files():
        assert site.soup(page).find(class_="md-footer") is None, page
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\ncopyright: \"Text © Example News\"\n",
                      encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    footer = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser").find(
        class_="md-copyright")
    assert footer is not None and "Text © Example News" in footer.get_text()


def test_palette_toggle_offers_light_and_dark(site: Site) -> None:
    """Every page has the palette toggle: two palette inputs, schemes default and slate."""
    for page in site.html_files():
        inputs = site.soup(page).find_all("input", attrs={"data-md-color-scheme": True})
        assert sorted(i["data-md-color-scheme"] for i in inputs) == ["default", "slate"], page


def test_search_index_has_every_actor_page(site: Site) -> None:
    """search/search_index.json exists and has an entry for each actor page."""
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    for actor in site.content.actors:
        location = f"actors/{actor.id}/"
        assert location in locations, actor.id
        assert unicodedata.normalize("NFC", titles[location]) == actor.name


def test_search_index_holds_each_record_where_it_is_stated_once(site: Site) -> None:
    """Search keeps to what readers search (issue 15): each quote's words and each event's title
    are indexed on the quotes page and the timeline only (not again under every actor and issue),
    every paragraph of the article is indexed, and lists, figures and links that repeat other
    pages (who's-who, issues page, data page, filtered timelines, cite boxes, "cited by" lists,
    source links) are left out."""
    docs = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    texts = [(d["location"], plain(BeautifulSoup(d["title"] + " " + d["text"], "html.parser").get_text(" ")))
             for d in docs]
    pages_indexed = {location.split("#")[0] for location, _ in texts}
    assert not pages_indexed & {"actors/", "issues/", "data/", "timeline/filters/"}
    assert not [p for p in pages_indexed if p.startswith(("timeline/actor/", "timeline/issue/"))]
    assert not [loc for loc, text in texts if "Cite or reuse this fact" in text or "on this site rest" in text]
    quotes_page = pages.QUOTES.removesuffix(".md") + "/"
    for quote in site.content.quotes:
        assert any(loc.startswith(quotes_page) and plain(quote.text) in text for loc, text in texts), quote.id
    repeated = [loc for loc, _ in texts if re.fullmatch(r"(actors|issues)/[^/]+/#(quotes|events|issues)", loc)]
    assert not repeated, repeated
    source = " ".join(text for loc, text in texts if loc.startswith("source/"))
    for span in site.content.source.paragraphs:
        assert plain(site.content.source.text[span.start:span.end]) in source
    words = " ".join(text for _, text in texts).split()
    assert words.count("Source") + words.count("source") < len(site.content.facts) // 4


def test_material_config_enables_instant_navigation(site: Site) -> None:
    """The config JSON Material embeds in every page lists the navigation.instant feature."""
    for page in (HOME_HTML, QUOTES_HTML, _page_file(pages.actor(site.content.actors[0].id))):
        config = site.soup(page).find("script", id="__config")
        assert config is not None, page
        assert "navigation.instant" in json.loads(config.string)["features"], page


# --------------------------------------------------------------------------- structured data


def test_jsonld_on_home_and_source_is_the_news_article(site: Site) -> None:
    """Home and source pages carry a NewsArticle JSON-LD object with the story's headline."""
    for page in (HOME_HTML, SOURCE_HTML):
        data = jsonld(site, page)
        assert data["@type"] == "NewsArticle", page
        assert data["headline"] == site.content.story.headline


def test_jsonld_on_actor_pages_types_the_actor(site: Site) -> None:
    """Each actor page's JSON-LD is a Person, Organization or Country named like the actor."""
    for actor in site.content.actors:
        data = jsonld(site, _page_file(pages.actor(actor.id)))
        assert data["@type"] == _JSONLD_AGENT[actor.kind], actor.id
        assert data["name"] == actor.name


def test_jsonld_on_quotes_and_timeline_lists_items(site: Site) -> None:
    """The quotes page lists one Quotation per quote and the timeline one Event per event, in page order."""
    quotes = jsonld(site, QUOTES_HTML)["itemListElement"]
    assert [q["@type"] for q in quotes] == ["Quotation"] * len(site.content.quotes)
    assert [q["text"] for q in quotes] == [q.text for q in site.content.quotes]
    events = jsonld(site, TIMELINE_HTML)["itemListElement"]
    assert [e["@type"] for e in events] == ["Event"] * len(site.content.events)
    assert [e["name"] for e in events] == [e.title for e in site.content.events]


def test_jsonld_on_every_generated_page_parses(site: Site) -> None:
    """Every generated page has exactly one JSON-LD script that parses, with a schema.org @type."""
    content = site.content
    generated = [pages.HOME, pages.ACTORS, pages.ISSUES, pages.QUOTES, pages.TIMELINE, pages.SOURCE]
    generated += [pages.actor(a.id) for a in content.actors] + [pages.issue(t.id) for t in content.issues]
    expected = {pages.ACTORS: "CollectionPage", pages.ISSUES: "CollectionPage"}
    expected |= {pages.issue(t.id): "WebPage" for t in content.issues}
    for md in generated:
        data = jsonld(site, _page_file(md))
        assert isinstance(data.get("@type"), str), md
        if md in expected:
            assert data["@type"] == expected[md], md
