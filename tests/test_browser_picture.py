"""Browser tests of the who-stands-where picture on a phone, the glossary's tooltips and the home page's weight.

The site, browser and tabs are test_browser.py's fixtures (the same real build, served on 127.0.0.1, every
request to another host aborted). axe-core in both schemes on the picture's pages and the glossary, and "no
third-party request" on them, are test_browser.py's tests (its PAGES holds home, an issue and the glossary).
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import test_browser
from conftest import CONTENT, ROOT
from playwright.sync_api import expect
from test_browser import DESKTOP, PHONE, Site, Tab, visit

from generator.content import load_content

site = test_browser.site
pages = test_browser.pages
chromium = test_browser.chromium
open_tab = test_browser.open_tab

SCREENSHOTS = Path(os.environ.get("EXPLAINER_SCREENSHOTS", ROOT / "tests" / "screenshots"))
#: What loading the home page may transfer, gzip-compressed as GitHub Pages serves it (HTML, CSS, JavaScript,
#: icons; the search index since search-on-demand.js only when the reader starts to search): 120 KiB. Measured
#: on the fixture story when this test was written: 106,063 bytes with the index (106,202 in the browser test;
#: Material's own CSS and JavaScript are about 75 KB of it), so the budget leaves about 15 % for growth.
HOME_BUDGET = 120 * 1024


@pytest.mark.browser
@pytest.mark.parametrize("name", ["home", "issue"])
def test_picture_and_its_table_fit_a_phone(open_tab: Callable[..., Tab], pages: dict[str, str], name: str) -> None:
    """On a 390 px phone the picture is no wider than the screen and every label lies inside it (none cut
    off); its table shows each position as a card, no cell wider than the screen and nothing scrolled away."""
    page = open_tab(**PHONE).page
    visit(page, pages[name])
    # Home and issue pages fold the table.
    page.eval_on_selector_all("details.stance-table-fold", "ds => ds.forEach(d => { d.open = true; })")
    report = page.evaluate("""() => {
        const width = document.documentElement.clientWidth, out = [];
        for (const svg of document.querySelectorAll('svg.stance-diagram')) {
            const box = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
            if (box.left < 0 || box.right > width + 1) out.push(`picture spans ${box.left}-${box.right} px`);
            for (const text of svg.querySelectorAll('text')) {
                const b = text.getBBox();
                if (b.x < 0 || b.x + b.width > view.width + 0.5)
                    out.push(`label "${text.textContent}" spans ${b.x.toFixed(0)}-${(b.x + b.width).toFixed(0)} `
                             + `of ${view.width}`);
            }
        }
        for (const el of document.querySelectorAll('.stance-table, .stance-table *')) {
            const box = el.getBoundingClientRect();
            if (box.width && (box.left < -1 || box.right > width + 1))
                out.push(`${el.tagName.toLowerCase()} spans ${box.left}-${box.right} px`);
            // The column names, the caption and an unrated stance's words: visually hidden on a phone, read by
            // screen readers.
            if (el.closest('thead, caption, .visually-hidden')) continue;
            if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
                out.push(`${el.tagName.toLowerCase()} scrolls sideways (${el.scrollWidth} > ${el.clientWidth} px)`);
        }
        const rows = [...document.querySelectorAll('.stance-table tbody tr')];
        if (!rows.length) out.push('no table rows');
        for (const tr of rows) if (getComputedStyle(tr).display !== 'block') out.push('a row is not a card');
        return out;
    }""")
    assert report == []


@pytest.mark.browser
def test_picture_table_keeps_its_columns_on_a_desktop(open_tab: Callable[..., Tab], pages: dict[str, str]) -> None:
    """On a desktop the positions stay a table with its column headers (the cards are for narrow screens)."""
    page = open_tab(**DESKTOP).page
    visit(page, pages["issue"])
    page.locator("details.stance-table-fold > summary").click()  # folded, as on home
    assert page.locator(".stance-table tbody tr").first.evaluate("tr => getComputedStyle(tr).display") == "table-row"
    expect(page.locator(".stance-table thead th").first).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_picture_text_is_about_body_size(open_tab: Callable[..., Tab], pages: dict[str, str], device: str) -> None:
    """The picture's text as drawn on the screen: on a desktop about body size and smaller than the section's
    heading (it was 24 px under a 22 px heading), on a 390 px phone at least 12.5 px (it was 10–11 px)."""
    page = open_tab(**(DESKTOP if device == "desktop" else PHONE)).page
    visit(page, pages["home"])
    size = page.evaluate("""() => {
        const svg = document.querySelector('svg.stance-diagram');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const text = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
        const px = el => parseFloat(getComputedStyle(el).fontSize);
        const body = document.querySelector('.md-content .md-typeset');
        const heading = document.getElementById('who-stands-where');  // the picture's section
        return {min: Math.min(...text), max: Math.max(...text), body: px(body), heading: px(heading)};
    }""")
    print(f"{device}: picture text {size['min']:.1f}-{size['max']:.1f} px, body {size['body']} px, "
          f"heading {size['heading']} px")
    if device == "desktop":
        assert size["max"] < size["heading"] and size["max"] <= size["body"] * 1.1, size
    else:
        assert size["min"] >= 12.5, size


@pytest.mark.browser
def test_home_leads_with_the_words(open_tab: Callable[..., Tab], pages: dict[str, str]) -> None:
    """On a phone, home's "Who stands where" shows the table open, above the picture: each issue a card headed
    by a link to its page, each position one line that starts with its actor's name."""
    page = open_tab(**PHONE).page
    visit(page, pages["home"])
    table, figure = page.locator(".stance-table").first, page.locator("figure.stance-figure").first
    expect(table.locator("tbody tr[data-position]").first).to_be_visible()
    table_box, figure_box = table.bounding_box(), figure.bounding_box()
    assert table_box is not None and figure_box is not None and table_box["y"] < figure_box["y"]
    cards = page.eval_on_selector_all(".stance-table tbody", r"""groups => groups.map(g => ({
        border: getComputedStyle(g).borderTopStyle, link: !!g.querySelector('.stance-issue-row a[href]'),
        lines: [...g.querySelectorAll('tr[data-position]')].map(tr => tr.innerText.split(/\s+/).join(' '))}))""")
    story = load_content(CONTENT)
    assert len(cards) == len(story.issues)
    assert all(c["border"] == "solid" and c["link"] for c in cards), cards
    names = {" ".join(a.name.split()) for a in story.actors}
    for card in cards:
        for line in card["lines"]:
            assert any(line.startswith(name) for name in names), line


@pytest.mark.browser
def test_home_table_and_picture_sit_side_by_side_on_a_desktop(open_tab: Callable[..., Tab],
                                                              pages: dict[str, str]) -> None:
    """On a 1280 px desktop home's table (with its column headers) and the picture stand side by side, tops
    aligned, the picture not overlapping the table; on a phone they stack, the table first (the test above)."""
    page = open_tab(**DESKTOP).page
    visit(page, pages["home"])
    table = page.locator(".stance-pair .stance-table table").bounding_box()
    figure = page.locator(".stance-pair figure").bounding_box()
    assert table is not None and figure is not None
    assert table["x"] + table["width"] <= figure["x"] and abs(table["y"] - figure["y"]) < 2, (table, figure)
    expect(page.locator(".stance-table thead th").first).to_be_visible()


@pytest.mark.browser
def test_issue_page_fold_has_room_and_prints_open(open_tab: Callable[..., Tab], pages: dict[str, str]) -> None:
    """An issue's folded table has a gap above and below it (it touched the position cards), and a printed
    page shows it open without its summary (a closed <details> prints nothing but the summary)."""
    page = open_tab(**DESKTOP).page
    visit(page, pages["issue"])
    fold = page.locator("details.stance-table-fold")
    gaps = fold.evaluate("""d => {
        const box = e => e.getBoundingClientRect();
        return {above: box(d).top - box(d.previousElementSibling).bottom,
                below: box(d.nextElementSibling).top - box(d).bottom};
    }""")
    assert gaps["above"] >= 8 and gaps["below"] >= 8, gaps
    visible = "d => [...d.querySelectorAll('tbody tr')].map(tr => tr.checkVisibility())"
    assert not fold.evaluate("d => d.open") and not any(fold.evaluate(visible))
    page.emulate_media(media="print")
    shown = fold.evaluate(visible)
    assert shown and all(shown)
    expect(fold.locator("summary")).to_be_hidden()
    assert not fold.evaluate("d => d.open")  # print opened it by CSS alone; the page's state is untouched


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_term_shows_its_definition_on_focus_or_tap(open_tab: Callable[..., Tab], pages: dict[str, str],
                                                     device: str) -> None:
    """The first explained term on the home page shows its glossary definition in Material's tooltip when
    reached with the Tab key (desktop) or tapped (phone). Writes a screenshot of it to tests/screenshots/."""
    definitions = {" ".join(t.definition.split()) for t in load_content(CONTENT).glossary or ()}
    page = open_tab(**(DESKTOP if device == "desktop" else {**PHONE, "device_scale_factor": 2})).page
    visit(page, pages["home"])
    term = page.locator("article abbr.term").first
    if device == "desktop":
        for _ in range(200):
            page.keyboard.press("Tab")
            if term.evaluate("el => el === document.activeElement"):
                break
        assert term.evaluate("el => el === document.activeElement"), "Tab never reached the term"
    else:
        term.tap()
    # The term's own tooltip, by the id Material puts in its aria-describedby: any active tooltip could be a
    # heading's "Permanent link" one that Tab passed and that is still fading out (it failed CI that way once).
    expect(term).to_have_attribute("aria-describedby", re.compile(r"\S"))
    tooltip = page.locator(f"#{term.get_attribute('aria-describedby')}")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_css("opacity", "1")  # faded in, so the screenshot shows it as a reader sees it
    assert " ".join(tooltip.inner_text().split()) in definitions
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    box = term.bounding_box()
    assert box is not None
    width = page.viewport_size["width"] if page.viewport_size else 1280
    page.screenshot(path=SCREENSHOTS / f"term-tooltip-{device}-light.png",
                    clip={"x": 0, "y": max(0, box["y"] - 150), "width": width, "height": 400})


@pytest.mark.browser
def test_home_page_weight_budget(open_tab: Callable[..., Tab], site: Site, pages: dict[str, str]) -> None:
    """Everything the home page loads on a phone (gzip-compressed, as GitHub Pages serves it) stays within
    HOME_BUDGET; the measured size is printed for the record."""
    tab = open_tab(**PHONE)
    visit(tab.page, pages["home"])
    total, files = 0, []
    for url in dict.fromkeys(tab.requests):
        parts = urlsplit(url)
        if parts.netloc != site.host:
            continue
        path = site.root / unquote(parts.path).lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        size = len(gzip.compress(path.read_bytes(), 6, mtime=0))
        total += size
        files.append(f"{size:>8} {path.relative_to(site.root)}")
    print(f"home page weight: {total} bytes gzip (budget {HOME_BUDGET})\n" + "\n".join(files))
    assert len(files) >= 3, files  # the page, its CSS and JavaScript at least
    assert total <= HOME_BUDGET, "\n".join(files)


#: One unbroken word as long as the issue title that once made home's table 1,124 px wide on a 390 px phone.
LONG_WORD = "Unbroken" * 17


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", ["home", "issue"])
def test_a_long_unbroken_word_wraps_in_the_table(open_tab: Callable[..., Tab], pages: dict[str, str],
                                                 device: str, name: str) -> None:
    """An issue title, actor name and short stance of one 136-character word with no space wrap inside the
    table: nothing in it is wider than the screen (phone) or its column (desktop), and the page does not
    scroll sideways. The words are put into the built page's table (the cells the generator fills with the
    YAML's text, escaped), so the test checks the stylesheet on the real site without a second build."""
    page = open_tab(**(DESKTOP if device == "desktop" else PHONE)).page
    visit(page, pages[name])
    page.eval_on_selector_all("details.stance-table-fold", "ds => ds.forEach(d => { d.open = true; })")
    report = page.evaluate("""word => {
        const table = document.querySelector('.stance-table'), out = [];
        const heading = table.querySelector('.stance-issue-row th a, .stance-issue-row th');
        if (heading) heading.textContent = word;
        const row = table.querySelector('tr[data-position]');
        row.querySelector('th').textContent = word;
        row.querySelector('.stance-brief').textContent = word;
        const width = document.documentElement.clientWidth;
        // Material wraps the table in a box that scrolls sideways (on a phone as wide as the screen).
        const wrap = table.querySelector('.md-typeset__scrollwrap') || table;
        const right = Math.min(width, wrap.getBoundingClientRect().right);
        for (const el of [wrap, ...wrap.querySelectorAll('*')]) {
            if (el.closest('thead, caption, .visually-hidden')) continue;
            const box = el.getBoundingClientRect();
            if (box.width && (box.left < -1 || box.right > right + 1))
                out.push(`${el.tagName.toLowerCase()} spans ${box.left.toFixed(0)}-${box.right.toFixed(0)} px`);
            if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
                out.push(`${el.tagName.toLowerCase()} scrolls sideways (${el.scrollWidth} > ${el.clientWidth} px)`);
        }
        if (document.documentElement.scrollWidth > width + 1)
            out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
        return out;
    }""", LONG_WORD)
    assert report == []


def _blocks_of(css: str, prelude: str) -> list[str]:
    """The bodies (between the braces) of every at-rule or rule in ``css`` whose prelude is ``prelude``."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out, at = [], 0
    while (start := css.find(prelude + " {", at)) != -1:
        depth, open_at, i = 0, start + len(prelude) + 1, 0
        for i in range(open_at, len(css)):
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            if depth == 0:
                break
        out.append(css[start + len(prelude) + 2:i])
        at = i
    return out


def test_print_hides_the_fold_summary_only_where_its_content_can_be_shown() -> None:
    """Printing hides the fold's summary and shows its table only together, inside ``@supports
    selector(::details-content)``: a browser without the pseudo-element (which drops a rule naming it) still
    prints the summary, as before, instead of nothing. Read from the stylesheet's text: Chromium cannot be made
    to lack ``::details-content`` (the browser side is test_issue_page_fold_has_room_and_prints_open)."""
    css = (ROOT / "theme_overrides" / "assets" / "explainer.css").read_text(encoding="utf-8")
    hide = "details.stance-table-fold > summary { display: none; }"
    show = "details.stance-table-fold::details-content {"
    guarded = [body for block in _blocks_of(css, "@media print")
               for body in _blocks_of(block, "@supports selector(::details-content)")]
    assert len(guarded) == 1 and hide in guarded[0] and show in guarded[0], guarded
    unguarded = re.sub(r"@supports selector\(::details-content\) \{[^{}]*(\{[^{}]*\}[^{}]*)*\}", "", css)
    assert hide not in unguarded and show not in unguarded
