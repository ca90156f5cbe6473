"""Content-Security-Policy (issue 9, point 17): every page carries one, computed from the pages.

The policy is checked here against the built site (the browser side, that search, instant
navigation and the palette toggle run with zero violations, is in tests/test_browser.py): on
every HTML page one ``<meta http-equiv="Content-Security-Policy">``, right after ``<meta
charset>`` and before any script, the same on every page, whose ``script-src`` is ``'self'``
plus the SHA-256 of exactly the inline scripts of the site's pages, computed here independently
of the generator.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import BuiltSite, make_project, mkdocs_build

from generator.csp import add_policy, add_site_policy, pages_policy, policy

FIXED = {
    "default-src": ["'none'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}


def directives(text: str) -> dict[str, list[str]]:
    parsed = {}
    for part in text.split(";"):
        name, *values = part.split()
        assert name not in parsed, f"{name} twice"
        parsed[name] = values
    return parsed


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(make_project(tmp_path_factory.mktemp("build") / "project"), out)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out)


@pytest.mark.slow
def test_every_page_has_the_policy_with_the_hashes_of_the_inline_scripts(site: BuiltSite) -> None:
    files = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html"))
    assert {"index.html", "404.html", "source/index.html", "about/index.html"} <= set(files)
    policies, inline = set(), []
    for name in files:
        soup = site.soup(name)
        head = soup.head
        assert isinstance(head, Tag), name
        metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, name
        first = [child for child in head.children if isinstance(child, Tag)][:2]
        assert first[0].get("charset") == "utf-8" and first[1] is metas[0], f"{name}: the policy is not first"
        policies.add(str(metas[0]["content"]))
        inline += [s.string or "" for s in soup.find_all("script")
                   if not s.get("src") and s.get("type") in (None, "", "text/javascript", "module")]
    assert len(policies) == 1, "pages differ in their policy"
    found = directives(policies.pop())
    assert {k: v for k, v in found.items() if k in FIXED} == FIXED
    assert found["script-src"][0] == "'self'"
    assert sorted(found["script-src"][1:]) == sorted({sha256(text) for text in inline})
    assert len(found["script-src"]) > 3, "Material's inline scripts (one per page depth and two more) are missing"
    assert found["style-src"] == ["'self'"]
    assert not [v for values in found.values() for v in values if "unsafe-inline" in v or "unsafe-eval" in v]


def test_policy_hashes_inline_styles_and_attributes_but_not_data_blocks() -> None:
    page = ('<html><head><meta charset="utf-8"><style>p{color:red}</style>'
            '<script type="application/ld+json">{"a": 1}</script><script type="application/json">{}</script>'
            '<script src="x.js"></script><script>one()\r\n</script><script type="module">two()</script></head>'
            '<body><p style="color: &quot;x&quot;" onclick="go()">x</p><script>one()\n</script></body></html>')
    found = directives(policy(page))
    assert directives(pages_policy([page])) == found
    assert found["script-src"] == ["'self'", "'unsafe-hashes'", sha256("one()\n"), sha256("two()"), sha256("go()")]
    assert found["style-src"] == ["'self'", "'unsafe-hashes'", sha256("p{color:red}"), sha256('color: "x"')]


def test_add_policy_goes_after_charset_once() -> None:
    page = '<!doctype html><html><head>\n  <meta charset="utf-8">\n<script>a()</script></head></html>'
    once = add_policy(page)
    assert once.index('<meta charset="utf-8">') < once.index("Content-Security-Policy") < once.index("<script>")
    assert add_policy(once) == once
    assert add_policy("<p>no head</p>") == "<p>no head</p>"


def test_a_page_that_is_no_html_document_is_left_alone() -> None:
    assert add_policy("<?xml version='1.0'?><urlset></urlset>") == "<?xml version='1.0'?><urlset></urlset>"


def test_every_page_of_a_site_gets_the_inline_code_of_all(tmp_path: Path) -> None:
    """Instant navigation runs page B's content under page A's policy: one policy covers both."""
    (tmp_path / "b").mkdir()
    (tmp_path / "index.html").write_text('<html><head><meta charset="utf-8"><script>a()</script></head></html>')
    (tmp_path / "b" / "index.html").write_text('<html><head><meta charset="utf-8"></head>'
                                               '<body><div style="width: 40%">x</div></body></html>')
    (tmp_path / "data.json").write_text("{}")
    assert add_site_policy(tmp_path) == [tmp_path / "b" / "index.html", tmp_path / "index.html"]
    metas = {BeautifulSoup(p.read_text(), "html.parser").find("meta", attrs={"http-equiv": True})["content"]
             for p in tmp_path.rglob("*.html")}
    assert len(metas) == 1
    found = directives(str(metas.pop()))
    assert found["script-src"] == ["'self'", sha256("a()")]
    assert found["style-src"] == ["'self'", "'unsafe-hashes'", sha256("width: 40%")]
    assert add_site_policy(tmp_path) == []  # a page that has its policy keeps it
