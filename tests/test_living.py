"""A living explainer, end to end: the two-source fixture story with a change log, built for real.

``tests/fixtures/two`` cites a newspaper report and a council statement (two sources), has a
superseded event, an announced and an expected event, and a change log with an update, a
correction and a clarification. It is built once with ``mkdocs build --strict``; the pages,
the Atom feed and the JSON-LD are read back with a parser (BeautifulSoup, ElementTree, pyld).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

import pytest
from conftest import ROOT, BuiltSite, make_project, mkdocs_build
from pyld import jsonld

from generator.content import load_content
from generator.feed import ATOM, atom

pytestmark = pytest.mark.slow

TWO = ROOT / "tests" / "fixtures" / "two"
A = f"{{{ATOM}}}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = make_project(tmp_path_factory.mktemp("two") / "project", TWO)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return BuiltSite(project / "site")


def text(site: BuiltSite, page: str) -> str:
    return " ".join(site.soup(page).select_one("article").get_text(" ").split())


# --------------------------------------------------------------------------- several sources


def test_every_source_has_its_own_page_with_its_cited_passages(site: BuiltSite) -> None:
    """The first source is /source/, the second /sources/council-statement/; each marks only its own passages."""
    first, second = site.soup("source/index.html"), site.soup("sources/council-statement/index.html")
    first_marks = " ".join(m.get_text() for m in first.select("mark.cited"))
    second_marks = " ".join(m.get_text() for m in second.select("mark.cited"))
    assert "Nobody crosses until we know it is safe" in first_marks
    assert "six weeks" not in first_marks
    assert "Repairs will take about six weeks" in second_marks
    assert "Nobody crosses" not in second_marks
    for soup in (first, second):  # each page has its own coverage figures and names both sources
        assert soup.select_one(".coverage") is not None
        assert "The Vale Gazette, 1 June 2021" in soup.select_one(".source-list").get_text()
        assert "Port Vale city council, 3 June 2021" in soup.select_one(".source-list").get_text()


def test_source_links_go_to_the_page_of_the_source_the_selector_names(site: BuiltSite) -> None:
    """A position citing the council statement links to that source's page, and is 'as of' its date."""
    soup = site.soup("issues/repair-time/index.html")
    council = soup.find(id="pos-city-council").find_next(class_="cite")
    link = council.select_one("a.source-link")["href"]
    assert link.startswith("../../sources/council-statement/#x-")
    assert council.select_one(".as-of").get_text() == "as of 3 June 2021"
    ortiz = soup.find(id="pos-lena-ortiz").find_next(class_="cite")
    assert ortiz.select_one("a.source-link")["href"].startswith("../../source/#x-")
    assert ortiz.select_one(".as-of").get_text() == "as of 1 June 2021"


# --------------------------------------------------------------------------- change log pages


def test_what_changed_lists_entries_newest_first(site: BuiltSite) -> None:
    """The "What changed" page shows the 4 June entries (last written first) before the 3 June one."""
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in site.soup("changes/index.html").select("h2")]
    assert headings == ["Clarified on 4 June 2021", "Corrected on 4 June 2021", "Updated on 3 June 2021"]
    assert site.soup("changes/index.html").select_one('a[href="../feed.xml"]') is not None


def test_affected_pages_carry_notices_and_an_updated_line(site: BuiltSite) -> None:
    """Lena Ortiz's page says when and how it was corrected; the timeline gives its newest date."""
    ortiz = site.soup("actors/lena-ortiz/index.html")
    notice = ortiz.select_one(".change-notice.change-correction").get_text(" ", strip=True)
    assert notice.startswith("Corrected on 4 June 2021: An earlier version called Lena Ortiz the city")
    assert ortiz.select_one(".updated").get_text(strip=True) == "Updated 4 June 2021"
    timeline = site.soup("timeline/index.html")
    assert timeline.select_one(".updated").get_text(strip=True) == "Updated 4 June 2021"
    assert len(timeline.select(".change-notice")) == 2  # the update of 3 June and the clarification
    assert site.soup("actors/vale-gazette/index.html").select_one(".updated") is None  # untouched


def test_superseded_fact_stays_marked_and_links_its_replacement(site: BuiltSite) -> None:
    """The planned vote is still on the timeline, marked superseded, with a link to the approval."""
    status = site.soup("timeline/index.html").find(id="e-budget-vote-planned").find_next(class_="fact-status")
    assert status.get_text(" ", strip=True).startswith("Superseded: The council approved the budget sooner")
    assert status.select_one("a")["href"] in ("#e-budget-approved", "./#e-budget-approved")


def test_announced_and_expected_events_say_so(site: BuiltSite) -> None:
    """An event after its source's date is shown as announced or expected."""
    page = site.soup("timeline/index.html")
    assert "expected, the article says “mid-July”" in page.find(id="e-bridge-reopens").find_next("p").get_text()
    assert "announced, the article says “next week”" in page.find(id="e-budget-vote-planned").find_next(
        "p").get_text()


# --------------------------------------------------------------------------- the Atom feed


def test_atom_feed_is_rfc4287(site: BuiltSite) -> None:
    """feed.xml parses, has the required feed and entry elements, one entry per change, newest first."""
    root = ET.parse(site.root / "feed.xml").getroot()
    assert root.tag == f"{A}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{required}") is not None, required
    entries = root.findall(f"{A}entry")
    assert len(entries) == 3
    updated = [e.findtext(f"{A}updated") for e in entries]
    assert updated == ["2021-06-04T00:00:00Z", "2021-06-04T00:00:00Z", "2021-06-03T00:00:00Z"]
    assert root.findtext(f"{A}updated") == updated[0]
    for value in [*updated, root.findtext(f"{A}updated")]:
        datetime.fromisoformat(value.replace("Z", "+00:00"))  # RFC 3339
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{A}{required}"), required
        assert entry.find(f"{A}link[@rel='alternate']") is not None
    correction = entries[1]
    assert correction.find(f"{A}category").get("term") == "correction"
    assert correction.findtext(f"{A}title") == "Corrected on 4 June 2021: Lena Ortiz"
    assert correction.find(f"{A}link[@rel='alternate']").get("href") == "changes/#change-2021-06-04-1"
    assert correction.find(f"{A}link[@rel='related']").get("href") == "actors/lena-ortiz/"
    head = site.soup("index.html").select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert head["href"] == "feed.xml"


def test_feed_ids_are_stable_and_links_absolute_with_a_site_url() -> None:
    """Appending an entry keeps the older entries' ids; with a site URL every link is absolute."""
    content = load_content(TWO)
    first = ET.fromstring(atom(content, site_url="https://example.org/bridge/"))
    assert first.find(f"{A}link[@rel='self']").get("href") == "https://example.org/bridge/feed.xml"
    assert all(link.get("href").startswith("https://example.org/bridge/") for link in first.iter(f"{A}link"))
    again = ET.fromstring(atom(load_content(TWO)))
    assert [e.findtext(f"{A}id") for e in first.iter(f"{A}entry")] == [
        e.findtext(f"{A}id") for e in again.iter(f"{A}entry")]


# --------------------------------------------------------------------------- JSON-LD

#: schema.org's context, for an offline JSON-LD processor: every term in the vocabulary.
SCHEMA_CONTEXT = {"@context": {"@vocab": "https://schema.org/", "dateModified": {"@type": "https://schema.org/Date"},
                               "datePublished": {"@type": "https://schema.org/Date"}}}
S = "https://schema.org/"


def _offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url.rstrip("/") != "https://schema.org":
        raise AssertionError(f"the JSON-LD asked for {url}")
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


def expanded(site: BuiltSite, page: str) -> list[dict[str, Any]]:
    script = site.soup(page).select_one('script[type="application/ld+json"]')
    result: list[dict[str, Any]] = jsonld.expand(json.loads(script.string), {"documentLoader": _offline_loader})
    return result


def test_jsonld_has_date_modified_and_corrections(site: BuiltSite) -> None:
    """A corrected actor page is a WebPage with dateModified and a CorrectionComment about its Person."""
    [page] = expanded(site, "actors/lena-ortiz/index.html")
    assert page["@type"] == [f"{S}WebPage"]
    assert page[f"{S}dateModified"] == [{"@type": f"{S}Date", "@value": "2021-06-04"}]
    [correction] = page[f"{S}correction"]
    assert correction["@type"] == [f"{S}CorrectionComment"]
    assert correction[f"{S}text"][0]["@value"].startswith("An earlier version called Lena Ortiz")
    assert correction[f"{S}datePublished"] == [{"@type": f"{S}Date", "@value": "2021-06-04"}]
    assert page[f"{S}mainEntity"][0]["@type"] == [f"{S}Person"]


def test_jsonld_of_an_updated_page_has_no_correction(site: BuiltSite) -> None:
    """The issue page was updated, not corrected: dateModified, no correction."""
    [page] = expanded(site, "issues/repair-time/index.html")
    assert page[f"{S}dateModified"][0]["@value"] == "2021-06-03"
    assert f"{S}correction" not in page
    [untouched] = expanded(site, "actors/vale-gazette/index.html")
    assert f"{S}dateModified" not in untouched
