"""The built site's pictures, share previews, open data and structured data, read back from HTML and files.

The fixture story is built twice with ``mkdocs build --strict`` and a ``SITE_URL`` (as CI
builds it), so absolute Open Graph URLs can be mapped back to files and both builds compared.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import CONTENT, BuiltSite, make_project, mkdocs_build
from PIL import Image
from pyld import jsonld

from generator import opendata
from generator.content import load_content

pytestmark = pytest.mark.slow

SITE_URL = "https://example.org/explainer/"
SVG = "{http://www.w3.org/2000/svg}"


def build(tmp: Path) -> BuiltSite:
    out = tmp / "site"
    result = mkdocs_build(make_project(tmp / "project"), out, SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, BuiltSite]:
    """Two builds of the fixture story, in different folders."""
    return build(tmp_path_factory.mktemp("one")), build(tmp_path_factory.mktemp("two"))


@pytest.fixture(scope="module")
def site(sites: tuple[BuiltSite, BuiltSite]) -> BuiltSite:
    return sites[0]


def html_pages(site: BuiltSite) -> list[str]:
    """Every page of the site (not the 404 page, which has no address of its own)."""
    return sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("index.html"))


def meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return None if tag is None else str(tag["content"])


def site_file(site: BuiltSite, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    path = url.removeprefix(SITE_URL)
    return site.root / (path + "index.html" if path.endswith("/") or not path else path)


# --------------------------------------------------------------------------- share previews


def test_every_page_has_open_graph_tags_pointing_to_files_that_exist(site: BuiltSite) -> None:
    """og:title/description/type/url/image (+ width, height, alt) and twitter:card on every page; the image is
    a 1200×630 PNG in the site and og:url is the page's own address."""
    pages = html_pages(site)
    assert len(pages) > 10
    for page in pages:
        soup = site.soup(page)
        for key in ("og:title", "og:description", "og:type", "og:url", "og:image", "og:image:alt"):
            assert meta(soup, key), f"{page}: no {key}"
        assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
        assert meta(soup, "twitter:card") == "summary_large_image"
        assert site_file(site, meta(soup, "og:url") or "") == site.root / page
        image = site_file(site, meta(soup, "og:image") or "")
        assert image.is_file(), f"{page}: {image} missing"
        with Image.open(image) as png:
            assert (png.format, png.size) == ("PNG", (1200, 630))


def test_share_images_are_the_same_bytes_in_two_builds(sites: tuple[BuiltSite, BuiltSite]) -> None:
    """Every share card and data file of one build equals the other's, byte for byte."""
    one, two = sites
    names = sorted(p.relative_to(one.root).as_posix() for p in (one.root / "assets/share").rglob("*.png"))
    assert names == sorted(p.relative_to(two.root).as_posix() for p in (two.root / "assets/share").rglob("*.png"))
    for name in [*names, *(f"data/{p.name}" for p in (one.root / "data").iterdir())]:
        assert (one.root / name).read_bytes() == (two.root / name).read_bytes(), name


# --------------------------------------------------------------------------- the picture


@pytest.mark.parametrize("page", ["index.html", "issues/s300-air-defense-for-iran/index.html"])
def test_picture_and_its_table_hold_the_same_positions(site: BuiltSite, page: str) -> None:
    """The SVG in the page parses as XML, is role="img" with title and desc, and the table beside it (above it
    on home, folded under it on an issue's page) lists exactly the positions the SVG draws."""
    soup = site.soup(page)
    figure = soup.select_one("figure.stance-figure")
    assert figure is not None
    svg = ET.fromstring(str(figure.find("svg")))
    assert svg.attrib["role"] == "img"
    assert svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None
    drawn = [g.attrib["data-position"] for g in svg.iter(f"{SVG}g") if "data-position" in g.attrib]
    tables = soup.select("div.stance-table table")
    assert len(tables) == 1
    near = figure.find_previous_sibling() if page == "index.html" else figure.find_next_sibling()
    assert near is not None and tables[0] in near.find_all("table")
    rows = [str(tr["data-position"]) for tr in tables[0].find_all("tr", attrs={"data-position": True})]
    assert sorted(drawn) == sorted(rows) and drawn
    content = load_content(CONTENT)
    issues = content.issues if page == "index.html" else [content.issue("s300-air-defense-for-iran")]
    assert sorted(drawn) == sorted(f"{t.id}/{p.actor}" for t in issues for p in t.positions)


# --------------------------------------------------------------------------- open data


def test_data_page_links_every_data_file_and_they_exist(site: BuiltSite) -> None:
    """The Get the data page links explainer.json, its schema, timeline.json and each CSV, all present."""
    links = {str(a["href"]) for a in site.soup("data/index.html").select("article a[href]")}
    expected = {"explainer.json", "explainer.schema.json", "timeline.json",
                *(f"{kind}.csv" for kind in opendata.csv_kinds(load_content(CONTENT)))}
    assert expected <= links
    for name in expected:
        assert (site.root / "data" / name).is_file()


def test_published_data_validates_and_round_trips(site: BuiltSite) -> None:
    """The published explainer.json validates against the published schema; each published CSV reads back to
    the rows the generator exports."""
    import jsonschema

    schema = json.loads((site.root / "data/explainer.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(
        json.loads((site.root / "data/explainer.json").read_text(encoding="utf-8")))
    rows = opendata.csv_rows(load_content(CONTENT), SITE_URL)
    for kind in opendata.csv_kinds(load_content(CONTENT)):
        text = (site.root / opendata.csv_path(kind)).read_bytes().decode("utf-8")
        assert list(csv.DictReader(io.StringIO(text, newline=""))) == rows[kind]


def test_every_record_page_offers_cite_this_fact(site: BuiltSite) -> None:
    """Actor, issue, quotes and timeline pages carry folded "Cite or reuse" boxes whose text names the
    permalink and the story's date, and whose permalink resolves to the page."""
    content = load_content(CONTENT)
    for page, count in [(f"actors/{content.actors[0].id}/index.html", 1),
                        (f"issues/{content.issues[0].id}/index.html", 1 + len(content.issues[0].positions)),
                        ("quotes/index.html", len(content.quotes)), ("timeline/index.html", len(content.events))]:
        boxes = site.soup(page).select("details.cite-fact")
        assert len(boxes) == count, page
        for box in boxes:
            text = box.find("pre").get_text()
            assert "12 May 2015" in text and SITE_URL in text
            permalink = text.strip().splitlines()[-1]
            assert site_file(site, permalink.split("#")[0]) == site.root / page


# --------------------------------------------------------------------------- JSON-LD


_SCHEMA_ORG_STUB = {"@context": {"@vocab": "https://schema.org/"}}


def _offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A JSON-LD document loader that knows only schema.org's context (a local stub) and fetches nothing."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": _SCHEMA_ORG_STUB}
    raise AssertionError(f"JSON-LD processing tried to load {url}")


def test_jsonld_of_every_page_type_expands_with_a_jsonld_processor(site: BuiltSite) -> None:
    """Every page's JSON-LD expands with pyld (offline, schema.org context stubbed) to typed schema.org nodes."""
    kinds: set[str] = set()
    for page in html_pages(site):
        for script in site.soup(page).find_all("script", type="application/ld+json"):
            expanded = jsonld.expand(json.loads(script.string), {"documentLoader": _offline_loader})
            assert expanded, page
            types = expanded[0].get("@type", [])
            assert types and all(t.startswith("https://schema.org/") for t in types), (page, types)
            kinds.update(types)
    assert {"https://schema.org/NewsArticle", "https://schema.org/ItemList", "https://schema.org/WebPage"} <= kinds
