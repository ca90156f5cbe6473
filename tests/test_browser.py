"""Browser tests: Debian's Chromium, driven by Playwright, reads the real site as a reader would.

The site is built once per module with ``mkdocs build --strict`` the way CI deploys it (``SITE_URL``,
``REPO_URL`` and ``EDIT_URI`` set, so Material's instant navigation, the repository link and the edit
buttons are all on) and served by ``http.server`` on 127.0.0.1. Every request to any other host is
recorded and then aborted, so nothing here reaches the network. Playwright never downloads a browser:
the tests drive /usr/bin/chromium and fail, not skip, when it is missing.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import make_project
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    expect,
    sync_playwright,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
MISSING_CHROMIUM = (f"Debian's Chromium is missing: {CHROMIUM} does not exist. The browser tests drive it and "
                    "never download a browser; install it with `apt-get update && apt-get install -y chromium` "
                    "(as root; .ci/run does this in CI).")

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}, "color_scheme": "light", "locale": "en-US"}
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
                         "has_touch": True, "color_scheme": "light", "locale": "en-US"}

ACTOR = "actors/sergey-lavrov/"
#: One page of each kind, as paths below the site's root; the issue page is looked up after the build.
PAGES = {"home": "", "actor": ACTOR, "issue": None, "quotes": "quotes/", "timeline": "timeline/", "source": "source/",
         "about": "about/", "glossary": "glossary/"}
PASSAGE_ID = re.compile(r"x-\d+-\d+")
#: How long (ms) a page action, a load or an ``expect`` may wait for its condition. Waiting costs nothing when the
#: condition already holds; the margin is for CI's loaded 2-core machine, where a search index built in the
#: browser's worker or a page swapped in by instant navigation can take seconds (Playwright's ``expect`` gives
#: up after 5 s unless told otherwise). Set for every module that imports this one.
TIMEOUT = 20_000
expect.set_options(timeout=TIMEOUT)


# --- The site and the browser ----------------------------------------------------------------------------------

class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output free of one access-log line per request."""


@dataclass(frozen=True)
class Site:
    """The built site: its folder and the URL it is served at (ends in ``/``)."""

    root: Path
    base: str

    @property
    def host(self) -> str:
        """``127.0.0.1:<port>``, the only host a page may talk to."""
        return urlsplit(self.base).netloc

    def url(self, path: str) -> str:
        return urljoin(self.base, path)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real site, built with ``mkdocs build --strict`` as CI deploys it, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    try:
        # SITE_URL fills sitemap.xml, which Material's instant navigation needs to take over links; the
        # repository and edit links are what the deployed site has (the URLs are never fetched).
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SITE_URL": base,
               "REPO_URL": "https://github.com/example/explainer", "EDIT_URI": "edit/main/content/pages/"}
        built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root)],
                               cwd=make_project(tmp_path_factory.mktemp("build") / "project"), env=env,
                               capture_output=True, text=True, timeout=300, check=False)
        assert built.returncode == 0, f"mkdocs build --strict failed:\n{built.stdout}\n{built.stderr}"
        thread.start()
        yield Site(root, base)
    finally:
        if thread.is_alive():
            server.shutdown()
            thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="module")
def pages(site: Site) -> dict[str, str]:
    """Name → URL of the pages the tests visit: one of each kind."""
    issues = sorted(p.parent.name for p in site.root.glob("issues/*/index.html"))
    assert issues, "the site has no issue page"
    return {name: site.url(path if path is not None else f"issues/{issues[0]}/") for name, path in PAGES.items()}


class Chromium:
    """Debian's Chromium, launched headless on first use, so that a missing /usr/bin/chromium fails each
    test (in its body, not as a setup error) with how to install it; never skipped."""

    def __init__(self) -> None:
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def get(self) -> Browser:
        if self._browser is None:
            if not os.access(CHROMIUM, os.X_OK):
                pytest.fail(MISSING_CHROMIUM, pytrace=False)
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self._browser

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    """The browser the module's tests share."""
    browser = Chromium()
    yield browser
    browser.close()


@dataclass
class Tab:
    """A page in a fresh browser context, with every request and console error it caused."""

    page: Page
    context: BrowserContext
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                location = message.location
                self.errors.append(f"{page.url}: {message.text} ({location.get('url')}:{location.get('lineNumber')})")

        page.on("console", console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: uncaught {error}"))


@pytest.fixture
def open_tab(chromium: Chromium, site: Site) -> Iterator[Callable[..., Tab]]:
    """``open_tab(**context_options)``: a page in a new context (desktop unless told), closed after the test."""
    contexts: list[BrowserContext] = []

    def open_(**options: Any) -> Tab:
        context = chromium.get().new_context(**(options or DESKTOP))
        contexts.append(context)
        context.set_default_timeout(TIMEOUT)
        tab = Tab(context.new_page(), context)

        def request(req: Request) -> None:
            tab.requests.append(req.url)

        context.on("request", request)  # the context's, so that workers' and new tabs' requests count too
        context.on("page", tab.watch)
        tab.watch(tab.page)
        # Recorded above, then never sent: the tests must not depend on, or reach, anything off this machine.
        context.route(lambda url: urlsplit(url).netloc != site.host, lambda route: route.abort("blockedbyclient"))
        return tab

    yield open_
    for context in contexts:
        context.close()


def visit(page: Page, url: str) -> None:
    """Load ``url`` and wait until the network has been idle for 500 ms (late fetches, e.g. search, included)."""
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"


def poll(page: Page, script: str, arg: Any = None, timeout: float = TIMEOUT) -> bool:
    """Whether the JavaScript predicate ``script`` (a function of ``arg``) turns true within ``timeout`` ms."""
    try:
        page.wait_for_function(script, arg=arg, timeout=timeout)
    except PlaywrightTimeoutError:
        return False
    return True


# --- Privacy and robustness ------------------------------------------------------------------------------------

@pytest.mark.browser
def test_pages_load_from_the_site_host_only(open_tab: Callable[..., Tab], site: Site, pages: dict[str, str]) -> None:
    """Loading any kind of page requests nothing from a host other than the site's own (no CDN, font, API)."""
    tab = open_tab()
    for url in pages.values():
        visit(tab.page, url)
    # data: and blob: URLs (Material's inline icons) are not requests to a host.
    hosts = {urlsplit(url).netloc for url in tab.requests if urlsplit(url).scheme not in {"data", "blob"}}
    foreign = sorted(url for url in tab.requests if urlsplit(url).netloc not in {site.host, ""})
    assert hosts == {site.host}, "pages requested other hosts:\n" + "\n".join(foreign)


@pytest.mark.browser
def test_pages_log_no_console_errors(open_tab: Callable[..., Tab], pages: dict[str, str]) -> None:
    """No page logs a console error or throws an uncaught exception while loading."""
    tab = open_tab()
    for url in pages.values():
        visit(tab.page, url)
    assert tab.errors == []


# --- Header: colour scheme and search ----------------------------------------------------------------------------

@pytest.mark.browser
def test_palette_toggle_switches_light_and_dark(open_tab: Callable[..., Tab], pages: dict[str, str]) -> None:
    """The header's palette toggle switches light → dark → light, and the choice survives a page load."""
    page = open_tab().page
    visit(page, pages["home"])
    body = page.locator("body")
    toggle = page.locator(".md-header label[for^='__palette']:visible")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    light_background = page.evaluate("getComputedStyle(document.body).backgroundColor")

    expect(toggle).to_have_attribute("title", "Switch to dark mode")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != light_background

    visit(page, pages["actor"])
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    expect(toggle).to_have_attribute("title", "Switch to light mode")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == light_background


@pytest.mark.browser
def test_search_finds_an_actor_offline(open_tab: Callable[..., Tab], site: Site, pages: dict[str, str]) -> None:
    """Typing "Lavrov" in the search box lists the Lavrov actor page, from the site's own index."""
    tab = open_tab()
    page = tab.page
    visit(page, pages["home"])
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Lavrov")
    actor = site.url(ACTOR)
    # A result for the page itself, not one of its sections; search.highlight adds "?h=lavrov". Found by its
    # (absolute) href, not by its place in the list: the results are drawn again as the reader's query grows.
    result = page.locator(result_selector(actor))
    found = poll(page, "selector => document.querySelector(selector) !== null", result_selector(actor))
    listed = page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.href)")
    assert found, f"no search result links to {actor}; results: {listed}"
    result.first.click()
    expect(page).to_have_url(re.compile(re.escape(actor) + r"(\?h=lavrov)?$"))
    expect(page.locator(".md-content h1")).to_have_text(re.compile("Sergey Lavrov"))
    assert site.url("search/search_index.json") in tab.requests
    assert tab.errors == []


def result_selector(url: str) -> str:
    """The CSS selector of a search result that links to the page at ``url`` itself (with or without
    search.highlight's ``?h=…``), not to one of its sections."""
    return f"a.md-search-result__link:is([href='{url}'], [href^='{url}?']):not([href*='#'])"


#: What a reader types, exactly as a page shows it (or with the typographic character typed plainly), the
#: page that must be among the results, and what that page shows (checked first).
SEARCH_CASES = [
    pytest.param("May", "timeline/", "12 May 2015", id="month-name-stop-word"),  # lunr's stop words drop "may"
    pytest.param("12 May 2015", "timeline/", "12 May 2015", id="date-as-shown"),
    pytest.param("U.S.", "actors/john-kerry/", "U.S. Secretary of State", id="dots-inside-a-word"),
    pytest.param("Russian-American", "quotes/", "Russian-American", id="hyphen-inside-a-word"),
    pytest.param("republic’s", "source/", "republic’s", id="typographic-apostrophe"),
    pytest.param("republic's", "source/", "republic’s", id="typed-apostrophe"),
    pytest.param("don't", "quotes/", "don’t reflect", id="typed-apostrophe-contraction"),
    pytest.param("distant", "quotes/", "“distant”", id="word-in-curly-quotes"),
    pytest.param("“distant”", "quotes/", "“distant”", id="curly-quotes-typed"),
    pytest.param('"distant"', "quotes/", "“distant”", id="straight-quotes-typed"),
    pytest.param("reset", "quotes/", "“reset”", id="word-after-opening-quote"),
    pytest.param("U.S.–Russia", "issues/us-russia-relations/", "U.S.–Russia", id="en-dash"),
    pytest.param("U.S.-Russia", "issues/us-russia-relations/", "U.S.–Russia", id="en-dash-typed-as-hyphen"),
    pytest.param("(its)", "quotes/", "(its)", id="parentheses"),
    pytest.param("its", "quotes/", "(its)", id="word-in-parentheses"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("query", "expected", "shown"), SEARCH_CASES)
def test_search_finds_what_the_page_shows(open_tab: Callable[..., Tab], site: Site, pages: dict[str, str],
                                          query: str, expected: str, shown: str) -> None:
    """Typing a term as a page shows it (month names, words with dots, hyphens, apostrophes, quotation
    marks or dashes, typographic or typed plainly) lists that page among the search results."""
    tab = open_tab()
    page = tab.page
    visit(page, site.url(expected))
    assert shown in page.locator("article").inner_text(), f"{expected} does not show {shown!r}"
    visit(page, pages["about"])
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    url = site.url(expected)
    results = "[...document.querySelectorAll('a.md-search-result__link')]"
    found = poll(page, f"url => {results}.some(a => a.origin + a.pathname === url)", url, timeout=15_000)
    listed = page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.pathname + a.hash)")
    assert found, f"searching {query!r} does not list {expected}; results: {listed}"
    assert tab.errors == []


# --- Search on demand (theme_overrides/assets/search-on-demand.js) -------------------------------------------------

INDEX = "search/search_index.json"
RESULTS = "[...document.querySelectorAll('a.md-search-result__link')]"


def index_requests(tab: Tab, site: Site) -> list[str]:
    """The requests ``tab`` made for the search index."""
    return [url for url in tab.requests if urlsplit(url)._replace(query="").geturl() == site.url(INDEX)]


def assert_search_lists(page: Page, site: Site, query: str, path: str) -> None:
    """Typing ``query`` in the (open, focused) search box lists the page at ``path`` among the results."""
    page.keyboard.type(query)
    url = site.url(path)
    found = poll(page, f"url => {RESULTS}.some(a => a.origin + a.pathname === url)", url, timeout=15_000)
    listed = page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.pathname + a.hash)")
    assert found, f"searching {query!r} does not list {path}; results: {listed}"


@pytest.mark.browser
def test_pages_load_without_the_search_index(open_tab: Callable[..., Tab], site: Site,
                                             pages: dict[str, str]) -> None:
    """Loading the home page, another page, and moving on by instant navigation downloads no search
    index (the search box is ready and waits for the reader); Material's search worker still loads."""
    tab = open_tab()
    page = tab.page
    for name in ("home", "actor", "source"):
        visit(page, pages[name])
    page.locator(".md-tabs a", has_text="Quotes").click()
    expect(page).to_have_url(site.url("quotes/"))
    page.wait_for_load_state("networkidle")
    assert any("/assets/search-on-demand.js" in url for url in tab.requests)
    assert any("/workers/search." in url for url in tab.requests), "Material's search worker did not load"
    assert index_requests(tab, site) == []
    assert tab.errors == []


#: How a reader starts to search on a desktop: the action, run on the page once it has loaded.
OPEN_SEARCH = {
    "click": lambda page: page.locator("input.md-search__input").click(),
    "slash-key": lambda page: page.keyboard.press("/"),
    "s-key": lambda page: page.keyboard.press("s"),
    "f-key": lambda page: page.keyboard.press("f"),
    "focus": lambda page: page.locator("input.md-search__input").focus(),
}


@pytest.mark.browser
@pytest.mark.parametrize("action", list(OPEN_SEARCH))
def test_starting_to_search_downloads_the_index_and_finds(open_tab: Callable[..., Tab], site: Site,
                                                         pages: dict[str, str], action: str) -> None:
    """Clicking the search box, pressing Material's search keys ("/", "s", "f") or moving the focus to
    the box downloads the index once; a word typed then lists the page that holds it."""
    tab = open_tab()
    page = tab.page
    visit(page, pages["about"])
    assert index_requests(tab, site) == []
    OPEN_SEARCH[action](page)
    expect(page.locator("input.md-search__input")).to_be_focused()
    assert_search_lists(page, site, "Lavrov", ACTOR)
    assert len(index_requests(tab, site)) == 1
    assert tab.errors == []


@pytest.mark.browser
def test_search_on_demand_works_on_a_phone(open_tab: Callable[..., Tab], site: Site, pages: dict[str, str]) -> None:
    """On a phone the page loads without the index; tapping the header's search icon opens search,
    downloads the index, and a typed word lists its page."""
    tab = open_tab(**PHONE)
    page = tab.page
    visit(page, pages["home"])
    assert index_requests(tab, site) == []
    with page.expect_request(site.url(INDEX)):  # the tap itself starts the download
        page.locator("label.md-header__button[for='__search']").tap()
    expect(page.locator("input.md-search__input")).to_be_visible()
    page.locator("input.md-search__input").tap()
    assert_search_lists(page, site, "Lavrov", ACTOR)
    assert len(index_requests(tab, site)) == 1
    assert tab.errors == []


@pytest.mark.browser
def test_a_highlight_link_loads_the_index_at_once(open_tab: Callable[..., Tab], site: Site,
                                                  pages: dict[str, str]) -> None:
    """A page opened from a search result in a new tab (``?h=word``, Material's search.highlight) needs
    the index to mark the word: it is downloaded with the page and the word is marked."""
    tab = open_tab()
    visit(tab.page, pages["actor"] + "?h=lavrov")
    assert len(index_requests(tab, site)) == 1
    expect(tab.page.locator("article mark[data-md-highlight]").first).to_be_attached()
    assert tab.errors == []


@pytest.mark.browser
def test_search_loads_eagerly_when_the_search_box_is_not_recognised(open_tab: Callable[..., Tab], site: Site,
                                                                    pages: dict[str, str]) -> None:
    """Fail-safe: on a page whose search box the script does not recognise (as after a Material
    upgrade that renames it) the index is downloaded with the page, as before, and search works."""
    tab = open_tab()
    page = tab.page

    def rename(route: Any) -> None:
        body = route.fetch().text()
        assert 'name="query"' in body
        route.fulfill(body=body.replace('name="query"', 'name="q"'), content_type="text/html; charset=utf-8")

    page.route(pages["about"], rename)
    visit(page, pages["about"])
    assert len(index_requests(tab, site)) == 1
    page.locator("input.md-search__input").click()
    assert_search_lists(page, site, "Lavrov", ACTOR)
    assert tab.errors == []


# --- From a fact to its passage in the source ----------------------------------------------------------------

def assert_passage_targeted(page: Page, site: Site, link: str) -> None:
    """``page`` shows the source page at ``link``'s passage: every <mark> of that passage, and no other,
    has class ``is-target``, and the first one is on screen below the fixed header."""
    passage = urlsplit(link).fragment
    assert PASSAGE_ID.fullmatch(passage), f"the source link {link} has no #x-<start>-<end> fragment"
    expect(page).to_have_url(site.url(f"source/#{passage}"))
    marks = page.locator(f"mark.cited[data-passages~='{passage}']")
    # Instant navigation changes the URL before it swaps in the new page: wait for the source's marks.
    expect(marks.first, f"the source page has no <mark> for passage {passage}").to_be_attached()
    expect(page.locator("mark.is-target")).to_have_count(marks.count())
    for i in range(marks.count()):
        expect(marks.nth(i)).to_have_class(re.compile(r"\bis-target\b"))
    on_screen = """() => {
        const mark = document.querySelector('mark.is-target');
        if (!mark) return false;
        const box = mark.getBoundingClientRect(), header = document.querySelector('.md-header').getBoundingClientRect();
        return box.top >= header.bottom - 1 && box.top < innerHeight && box.height > 0;
    }"""
    if not poll(page, on_screen):
        where = page.evaluate("""() => ({mark: document.querySelector('mark.is-target')?.getBoundingClientRect().top,
            header: document.querySelector('.md-header').getBoundingClientRect().bottom, viewport: innerHeight})""")
        pytest.fail(f"the first marked element of {passage} is not on screen below the header: {where}")


def source_links(page: Page) -> list[str]:
    """The source links of the facts on ``page`` (absolute URLs)."""
    links: list[str] = page.eval_on_selector_all("article a.source-link", "links => links.map(a => a.href)")
    assert links, f"{page.url} has no source links"
    return links


def click_source_link(page: Page, index: int, **options: Any) -> None:
    """Click the ``index``-th source link on ``page``, first opening the folded "Sources (n)" list that
    holds it, as a reader does (again if instant navigation swapped the page in after it was opened)."""
    # Polled in the page until the link shows: a page swapped in meanwhile has its lists folded again.
    page.wait_for_function("""index => {
        document.querySelectorAll('article details.cite').forEach(d => { d.open = true; });
        const link = document.querySelectorAll('article a.source-link')[index];
        return link !== undefined && link.checkVisibility();
    }""", arg=index)
    page.locator("article a.source-link").nth(index).click(**options)


def source_links_on_source_page(page: Page) -> list[str]:
    """Every passage on the source page, as links to it."""
    ids: list[str] = page.eval_on_selector_all("span.passage-anchor[id^='x-']", "spans => spans.map(s => s.id)")
    return [f"{page.url.split('#')[0]}#{passage}" for passage in ids]


@pytest.mark.browser
def test_source_link_highlights_the_passage_via_instant_navigation(
        open_tab: Callable[..., Tab], site: Site, pages: dict[str, str]) -> None:
    """Clicking each of a fact's source links swaps in the source page (Material's instant navigation)
    with exactly that passage highlighted and scrolled into view."""
    tab = open_tab()
    page = tab.page
    visit(page, pages["actor"])
    for index, link in enumerate(source_links(page)):
        if index:
            page.go_back()  # instant navigation's history: the actor page again, without a page load
            expect(page).to_have_url(pages["actor"])
            # The URL changes before the page is swapped in: wait for the actor page itself.
            expect(page.locator(".md-content h1")).to_have_text(re.compile("Sergey Lavrov"))
        page.evaluate("window.__sameDocument = true")
        click_source_link(page, index)
        assert_passage_targeted(page, site, link)
        assert page.evaluate("window.__sameDocument === true"), \
            "the click loaded a new document: Material's instant navigation did not take it over"
    assert tab.errors == []


@pytest.mark.browser
def test_source_link_highlights_the_passage_in_a_new_tab(
        open_tab: Callable[..., Tab], site: Site, pages: dict[str, str]) -> None:
    """A source link opened in a new tab (a full page load) lands on the highlighted, visible passage;
    changing the fragment then moves the highlight."""
    tab = open_tab()
    visit(tab.page, pages["actor"])
    links = source_links(tab.page)
    with tab.context.expect_page() as opened:
        click_source_link(tab.page, 0, modifiers=["ControlOrMeta"])
    page = opened.value
    page.wait_for_load_state()
    assert_passage_targeted(page, site, links[0])

    other = next((link for link in source_links_on_source_page(page) if link != links[0]), None)
    assert other is not None, "the source page names only one passage"
    page.evaluate("hash => { location.hash = hash; }", urlsplit(other).fragment)
    assert_passage_targeted(page, site, other)
    assert tab.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("fragment", ["%E0", "%", "%zz", "x-1-%E0%A4"])
def test_malformed_fragment_on_the_source_page_throws_nothing(
        open_tab: Callable[..., Tab], site: Site, pages: dict[str, str], fragment: str) -> None:
    """A fragment that is no valid percent-encoding highlights nothing and throws nothing, on load and
    on a later hash change; a valid passage afterwards is still highlighted."""
    tab = open_tab()
    page = tab.page
    visit(page, f"{pages['source']}#{fragment}")
    expect(page.locator("mark.cited").first).to_be_attached()
    expect(page.locator("mark.is-target")).to_have_count(0)
    passage = urlsplit(source_links_on_source_page(page)[0]).fragment
    page.evaluate("hash => { location.hash = hash; }", passage)
    assert_passage_targeted(page, site, f"{pages['source']}#{passage}")
    page.evaluate("hash => { location.hash = hash; }", fragment)
    expect(page.locator("mark.is-target")).to_have_count(0)
    assert tab.errors == []


# --- Content-Security-Policy ----------------------------------------------------------------------------------

CSP_WATCH = """document.addEventListener("securitypolicyviolation", e =>
    window.__cspViolation(`${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI} ${e.sample}`));"""


def watch_csp(tab: Tab) -> list[str]:
    """Every CSP violation any page of ``tab``'s context reports from now on."""
    violations: list[str] = []
    tab.context.expose_binding("__cspViolation", lambda source, text: violations.append(text))
    tab.context.add_init_script(CSP_WATCH)
    return violations


@pytest.mark.browser
def test_search_instant_navigation_and_palette_run_with_no_csp_violation(
        open_tab: Callable[..., Tab], site: Site, pages: dict[str, str]) -> None:
    """Under each page's Content-Security-Policy the palette toggle, search (its worker and index)
    and instant navigation from page to page work, and nothing is blocked."""
    tab = open_tab()
    violations = watch_csp(tab)
    page = tab.page
    visit(page, pages["home"])
    assert "default-src 'none'" in (page.locator("meta[http-equiv='Content-Security-Policy']")
                                    .get_attribute("content") or "")
    page.locator(".md-header label[for^='__palette']:visible").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")

    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Lavrov")
    expect(page.locator("a.md-search-result__link").first).to_be_visible()
    page.keyboard.press("Escape")

    page.evaluate("window.__sameDocument = true")
    page.locator(".md-tabs a", has_text="Actors").click()
    expect(page).to_have_url(site.url("actors/"))
    page.locator(f"article a[href$='{ACTOR.removeprefix('actors/')}']").first.click()
    expect(page).to_have_url(pages["actor"])
    # Instant navigation changes the URL before it swaps the new page in.
    expect(page.locator(".md-content h1")).to_have_text(re.compile("Sergey Lavrov"))
    expect(page.locator("article a.source-link").first).to_be_attached()
    link = source_links(page)[0]
    click_source_link(page, 0)
    assert_passage_targeted(page, site, link)
    assert page.evaluate("window.__sameDocument === true"), "instant navigation did not take the clicks over"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert violations == []
    assert tab.errors == []


@pytest.mark.browser
def test_csp_blocks_an_injected_inline_script(open_tab: Callable[..., Tab], pages: dict[str, str]) -> None:
    """The policy is enforced (so the test above can fail): an inline script that is not the page's own
    does not run and is reported."""
    tab = open_tab()
    violations = watch_csp(tab)
    visit(tab.page, pages["actor"])
    tab.page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.__injected = true"; document.body.append(s); }""")
    for _ in range(TIMEOUT // 100):  # the violation event is dispatched asynchronously
        if violations:
            break
        tab.page.wait_for_timeout(100)
    assert tab.page.evaluate("window.__injected === undefined")
    assert [v for v in violations if "script-src" in v], violations


# --- Phones -----------------------------------------------------------------------------------------------------

@pytest.mark.browser
def test_no_horizontal_overflow_on_a_phone(open_tab: Callable[..., Tab], pages: dict[str, str]) -> None:
    """On a 390 px wide phone no page is wider than the screen (nothing to scroll sideways)."""
    page = open_tab(**PHONE).page
    overflowing = {}
    for name in ("home", "issue", "source", "quotes", "timeline", "actor", "glossary"):
        visit(page, pages[name])
        widths = page.evaluate("({scroll: document.documentElement.scrollWidth, "
                               "client: document.documentElement.clientWidth})")
        if widths["scroll"] > widths["client"] + 1:
            culprits = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""")
            overflowing[name] = {**widths, "wider than the screen": culprits}
    assert overflowing == {}


@pytest.mark.browser
def test_navigation_drawer_opens_on_a_phone(open_tab: Callable[..., Tab], pages: dict[str, str]) -> None:
    """On a phone the header's menu button slides in the navigation drawer with every section."""
    page = open_tab(**PHONE).page
    visit(page, pages["home"])
    drawer = page.locator(".md-sidebar--primary nav.md-nav--primary")
    expect(drawer).not_to_be_in_viewport()
    page.locator(".md-header label.md-header__button[for='__drawer']").click()
    expect(drawer).to_be_in_viewport()
    for section in ("Actors", "Issues", "Quotes", "Timeline", "Source", "About"):
        expect(drawer.get_by_role("link", name=section, exact=True)).to_be_visible()
    drawer.get_by_role("link", name="Timeline", exact=True).click()
    expect(page).to_have_url(pages["timeline"])


# --- Keyboard and accessibility ----------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("name", ["home", "actor", "source"])
def test_tab_reaches_skip_to_content_first(open_tab: Callable[..., Tab], pages: dict[str, str], name: str) -> None:
    """The first Tab on a page focuses a visible "Skip to content" link that jumps to the page's heading."""
    page = open_tab().page
    visit(page, pages[name])
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    expect(focused).to_have_css("opacity", "1")
    target = focused.evaluate("a => a.href")
    assert target.startswith(f"{pages[name]}#"), f"the skip link points to {target!r}, not into the page"
    page.keyboard.press("Enter")
    expect(page).to_have_url(target)
    expect(page.locator(f"[id='{urlsplit(target).fragment}']")).to_be_in_viewport()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["home", "issue", "actor", "source", "timeline", "glossary"])
def test_axe_finds_no_serious_violations(open_tab: Callable[..., Tab], pages: dict[str, str],
                                         name: str, scheme: str) -> None:
    """axe-core (bundled by axe-playwright-python, no network) finds no serious or critical violation."""
    page = open_tab(**{**DESKTOP, "color_scheme": scheme}).page
    visit(page, pages[name])
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    results = Axe().run(page)
    serious = [violation for violation in results.response["violations"]
               if violation["impact"] in {"serious", "critical"}]
    report = [f"{v['id']} ({v['impact']}): {v['help']}: " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
              for v in serious]
    assert report == []
