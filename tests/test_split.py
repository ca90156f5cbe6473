"""Long list pages come in parts (issue 15): no HTML page over 500 KB, and every link still lands.

A synthetic story (written here, never committed) with few actors and issues but many quotes
and events and a long article: its quotes page, timeline and source page are past
:data:`generator.split.BUDGET`, so the real build (``mkdocs build --strict``) cuts them into
parts. The site is then read back: every page is at most 500 KB, every internal link and
anchor resolves (the link checker of test_site_build.py), every record and passage is on
exactly the part its links go to, and the parts are listed on each part. The cut itself is
checked in process: greedy, deterministic, groups kept whole where they fit.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import make_project, mkdocs_build
from test_site_build import Site, anchors_on, links

from generator import pages, split
from generator.content import Content, load_content
from generator.render import render_pages

TOWNS = ("Sochi", "Kiev", "Moscow", "Geneva", "Vienna", "Minsk", "Ankara", "Riga", "Oslo")


def write_story(folder: Path, actors: int, issues: int, quotes: int, events: int, per_paragraph: int = 4) -> None:
    """A valid story in ``folder`` with these many records of each kind, every event on its own day,
    quotes of ``actors`` speakers interleaved in the YAML, events in three named eras."""
    sentences = ["Synthetic story headline for the split test."]
    out: dict[str, list[dict[str, Any]]] = {"actors": [], "issues": [], "quotes": [], "events": []}
    for k in range(actors):
        sentences.append(f"Delegate {k} of {TOWNS[k % len(TOWNS)]} met the envoy in round {k}.")
        out["actors"].append({"id": f"delegate-{k}", "name": f"Delegate {k}", "kind": "person", "role": "Envoy",
                              "summary": f"Envoy number {k}.", "evidence": [{"exact": sentences[-1]}]})
    for k in range(issues):
        sentences.append(f"The dispute number {k} divides the capitals of round {k}.")
        out["issues"].append({"id": f"issue-{k}", "title": f"Dispute {k}", "summary": "What is at stake.",
                              "positions": [{"actor": f"delegate-{k % actors}", "stance": "For.",
                                             "evidence": [{"exact": sentences[-1]}]}],
                              "evidence": [{"exact": sentences[-1]}]})
    for k in range(quotes):
        words = f"we will settle the matter by item {k}"
        sentences.append(f"Delegate {k % actors} told reporters “{words},” before leaving for talks number {k}.")
        out["quotes"].append({"id": f"quote-{k}", "speaker": f"delegate-{k % actors}", "text": words,
                              "kind": "full", "context": "Told reporters after the talks, in a long hallway.",
                              "issues": [f"issue-{k % issues}"], "evidence": [{"exact": sentences[-1]}]})
    first_day = datetime.date(1901, 1, 1)
    for k in range(events):
        day = first_day + datetime.timedelta(days=3 * k)
        sentences.append(f"On {day:%d %B %Y} the council held session {k} in {TOWNS[k % len(TOWNS)]}.")
        out["events"].append({"id": f"event-{k}", "date": day.isoformat(), "as_written": f"{day:%d %B %Y}",
                              "title": f"Session {k}", "era": ("The early talks", "The long talks", "The end")[
                                  3 * k // events], "actors": [f"delegate-{k % actors}"],
                              "issues": [f"issue-{k % issues}"], "evidence": [{"exact": sentences[-1]}]})
    sentences.append("Nobody cites this closing sentence of the synthetic article.")
    source = "\n\n".join(" ".join(sentences[i:i + per_paragraph]) for i in range(0, len(sentences), per_paragraph))
    source += "\n"
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "article.txt").write_text(source, encoding="utf-8")
    for name, key in (("actors", "actors"), ("issues", "issues"), ("quotes", "quotes"), ("timeline", "events")):
        (folder / f"{name}.yaml").write_text(json.dumps({key: out[key]}, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
    story = {"id": "split-test", "headline": "Split test", "standfirst": "A synthetic story.",
             "summary": ["Synthetic."], "dateline": "2015-05-12", "place": "Nowhere", "publisher": "delegate-0",
             "key_actors": ["delegate-0"], "key_issues": ["issue-0"], "pivotal_quote": f"quote-{quotes - 1}",
             "source": {"file": "sources/article.txt", "sha256": hashlib.sha256(source.encode()).hexdigest()},
             "evidence": [{"exact": sentences[0]}]}
    (folder / "story.yaml").write_text(json.dumps(story, indent=1) + "\n", encoding="utf-8")


def html_file(page: str) -> str:
    """The built HTML file of page file ``page`` (directory URLs)."""
    stem = page.removesuffix(".md")
    return "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"


# --------------------------------------------------------------------------- the cut, in process


def test_cut_keeps_groups_whole_where_they_fit_and_everything_in_one_part_under_the_budget() -> None:
    assert split.cut([10, 10, 10], budget=100) == [range(0, 3)]
    assert split.cut([], budget=100) == [range(0, 0)]
    # groups a a b b b c: a (20) and b (30) fit together? 50 <= 50 yes; c goes on
    assert split.cut([10, 10, 10, 10, 10, 10], list("aabbbc"), budget=50) == [range(0, 5), range(5, 6)]
    # a group cannot join a full part: a new part begins at the group, not inside it
    assert split.cut([30, 10, 10, 10], list("abbb"), budget=40) == [range(0, 1), range(1, 4)]
    # a group over the budget is cut between its units; a unit over the budget is a part alone
    assert split.cut([20, 20, 20, 100, 5], list("aaaab"), budget=40) == [range(0, 2), range(2, 3), range(3, 4),
                                                                         range(4, 5)]
    costs = [7, 3, 9, 1, 4, 8, 2, 6] * 5
    ranges = split.cut(costs, budget=20)
    assert [i for r in ranges for i in r] == list(range(len(costs)))  # every unit once, in order
    assert all(sum(costs[i] for i in r) <= 20 for r in ranges)


def test_part_pages_and_whole_are_inverse_and_never_take_a_record_page() -> None:
    assert pages.part(pages.QUOTES, 1) == pages.QUOTES
    for page in (pages.QUOTES, pages.TIMELINE, pages.SOURCE, pages.ISSUES, "sources/tass.md"):
        for n in (2, 3, 12):
            assert pages.part(page, n) != page
            assert pages.whole(pages.part(page, n)) == page
    # a record whose id looks like a part keeps its own page
    for page in (pages.actor("part-2"), pages.issue("part-2"), pages.timeline_filter("actor", "part-2"),
                 pages.source("part-2", first=False)):
        assert pages.whole(page) == page


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Content:
    folder = tmp_path_factory.mktemp("large") / "content"
    write_story(folder, actors=6, issues=5, quotes=600, events=600)
    return load_content(folder)


def test_a_small_story_is_not_cut(project: Path) -> None:
    content = load_content(project / "content")
    assert content.parts == {}
    assert all(pages.whole(page) == page for page in render_pages(content))


def test_long_pages_are_cut_and_every_record_is_on_the_part_its_links_name(large: Content) -> None:
    assert {pages.QUOTES, pages.TIMELINE, pages.SOURCE} <= set(large.parts)
    rendered = render_pages(large)
    for whole, found in large.parts.items():
        assert [p.number for p in found] == list(range(1, len(found) + 1)) and len(found) > 1
        assert found[0].page == whole and all(p.page in rendered for p in found)
        assert [p.start for p in found[1:]] == [p.stop for p in found[:-1]]  # consecutive, nothing left out
    for fact in large.facts:
        if fact.anchor:
            assert f'id="{fact.anchor}"' in rendered[fact.page] or f"#{fact.anchor} " in rendered[fact.page], fact.key
    for key, spans in large.citations.items():
        for span, sid in zip(spans, large.cited_in[key], strict=True):
            page, anchor = large.passage(sid, span)
            assert f'<span id="{anchor}" class="passage-anchor">' in rendered[page], (key, page, anchor)
    quotes = [p for p in rendered if pages.whole(p) == pages.QUOTES]
    speakers = [re.findall(r"(?m)^## (.+?) \{", rendered[p]) for p in quotes]
    assert sum(len(s) for s in speakers) < len(quotes) + 6, "speakers are split more than the parts need"
    timeline = "".join(rendered[p.page] for p in large.parts[pages.TIMELINE])
    # 150 events of an era are more than a part holds: the era goes on under "(continued)"
    began = re.findall(r"(?m)^## The long talks \{ #(era-\d+) \}$", timeline)
    assert len(began) == 1
    assert re.search(rf"(?m)^## The long talks \\\(continued\\\) \{{ #{began[0]}-continued \}}$", timeline)


def test_the_cut_is_deterministic(tmp_path: Path, large: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same content, written afresh, gives the same parts and the same pages, byte for byte."""
    rendered = []
    for name in ("a", "b"):  # the source page names the file as seen from the working folder
        write_story(tmp_path / name / "content", actors=6, issues=5, quotes=600, events=600)
        monkeypatch.chdir(tmp_path / name)
        again = load_content(Path("content"))
        assert again.parts == large.parts
        rendered.append(render_pages(again))
    assert rendered[0] == rendered[1]


def test_issues_page_and_filter_lists_split_with_a_smaller_budget(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    """The issues page and the timeline's filter lists cut the same way (a small budget stands in
    for thousands of issues, whose real build is the benchmark's)."""
    monkeypatch.setattr(split, "BUDGET", 2_000)
    monkeypatch.setattr(split, "FILTER_BUDGET", 200)
    write_story(tmp_path / "c", actors=6, issues=40, quotes=20, events=20)
    content = load_content(tmp_path / "c")
    rendered = render_pages(content)
    issues = content.parts[pages.ISSUES]
    assert len(issues) > 2
    assert [t.id for p in issues for t in content.issues[p.start:p.stop]] == [t.id for t in content.issues]
    assert pages.TIMELINE_FILTERS in rendered
    assert "<details class=\"filters\"" not in rendered[pages.TIMELINE]
    assert "(../timeline/filters.md)" in rendered[pages.timeline_filter("actor", "delegate-0")] or \
        "(../filters.md)" in rendered[pages.timeline_filter("actor", "delegate-0")]


# --------------------------------------------------------------------------- the real build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = make_project(tmp_path_factory.mktemp("split") / "project")
    for name in ("actors", "issues", "quotes", "timeline", "story"):
        (root / "content" / f"{name}.yaml").unlink()
    (root / "content" / "changes.yaml").unlink(missing_ok=True)
    (root / "content" / "glossary.yaml").unlink(missing_ok=True)  # the fixture's terms are not in this story
    write_story(root / "content", actors=6, issues=5, quotes=600, events=600)
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stderr[-3000:]
    return Site(out, load_content(root / "content"))


@pytest.mark.slow
def test_no_page_over_500_kb_and_the_long_ones_are_cut(built: Site) -> None:
    sizes = {page: (built.root / page).stat().st_size for page in built.html_files()}
    assert max(sizes.values()) <= 500_000, max(sizes.items(), key=lambda kv: kv[1])
    for whole in (pages.QUOTES, pages.TIMELINE, pages.SOURCE):
        assert len(built.content.parts[whole]) > 1
    for whole in (pages.QUOTES, pages.TIMELINE):  # uncut, these pages would be over the limit
        assert sum(sizes[html_file(p.page)] for p in built.content.parts[whole]) > 500_000


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(built: Site) -> None:
    broken = []
    for page in built.html_files():
        for href, file, fragment in links(built, page):
            target = built.root / file
            if file.startswith("..") or not target.is_file():
                broken.append(f"{page}: {href} → missing file {file}")
            elif fragment and file.endswith(".html") and fragment not in built.ids(file):
                broken.append(f"{page}: {href} → no id {fragment!r} in {file}")
    assert not broken, "\n".join(broken[:20])


@pytest.mark.slow
def test_every_passage_is_linked_on_its_part_and_parts_list_each_other(built: Site) -> None:
    content = built.content
    where = [content.passage(sid, span) for key, spans in content.citations.items()
             for span, sid in zip(spans, content.cited_in[key], strict=True)]
    cited = {(html_file(page), anchor) for page, anchor in where}
    linked = {(file, fragment) for page in built.html_files() for file, fragment in anchors_on(built, page)
              if fragment.startswith("x-")}
    assert linked == cited
    for found in content.parts.values():
        for part in found:
            soup = built.soup(html_file(part.page))
            nav = soup.select_one("nav.page-parts")
            assert nav is not None and nav.has_attr("data-search-exclude")
            items = nav.select("li")
            assert len(items) == len(found)
            assert items[part.number - 1].get("aria-current") == "page"
            h1 = soup.select_one("article h1")
            assert h1 is not None and f"(part {part.number} of {len(found)})" in h1.get_text()


@pytest.mark.slow
def test_passages_js_sends_an_old_link_to_the_part_that_holds_it(built: Site) -> None:
    """A bookmark made before the page was cut (source/#x-…) still finds its passage: the first
    part lists each part's paragraphs and character range for passages.js."""
    soup = built.soup("source/index.html")
    ranges = [(int(li["data-start"]), int(li["data-stop"])) for li in soup.select("nav.page-parts li[data-start]")]
    assert len(ranges) == len(built.content.parts[pages.SOURCE])
    assert ranges[0][0] == 0 and all(a[1] == b[0] for a, b in itertools.pairwise(ranges))


@pytest.mark.slow
@pytest.mark.browser
def test_an_old_link_to_a_passage_or_paragraph_lands_on_its_part_in_chromium(built: Site) -> None:
    """In Chromium: ``source/#x-…`` and ``source/#p<n>`` naming what is now on a later part are
    sent there (passages.js), and the passage is highlighted."""
    import functools
    import os
    import threading
    from http.server import ThreadingHTTPServer

    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM, _QuietHandler

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    content = built.content
    later = content.sources[0].parts[-1] if content.sources[0].parts[-1].start < len(content.source.paragraphs) \
        else content.sources[0].parts[-2]
    paragraph = content.source.paragraphs[later.start + 1]
    span = next(s for spans in content.citations.values() for s in spans if paragraph.start <= s.start < paragraph.end)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built.root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            anchor = pages.passage_anchor(span.start, span.end)
            page.goto(f"{base}source/#{anchor}")
            page.wait_for_url(f"{base}{later.page.removesuffix('.md')}/#{anchor}", timeout=15_000)
            page.wait_for_selector(f'mark.cited.is-target[data-passages~="{anchor}"]', timeout=15_000)
            page.goto(f"{base}source/#p{later.start + 2}")
            page.wait_for_url(f"{base}{later.page.removesuffix('.md')}/#p{later.start + 2}", timeout=15_000)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
