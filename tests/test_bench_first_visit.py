"""benchmarks/bench.py's first-visit measurement counts what a real browser downloads.

A small site whose home page loads a stylesheet, a script, and (from that script, after load) a
JSON file (twice: the second time the browser's cache answers), beside files the page never asks
for (among them a search index): headless Chromium must report exactly the files the server sent,
and ``site_sizes`` their gzip sizes; without Chromium the report says the figure was estimated.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench


def small_site(root: Path) -> Path:
    (root / "assets").mkdir(parents=True)
    (root / "search").mkdir()
    (root / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>t</title>'
        '<link rel="icon" href="data:,">'
        '<link rel="stylesheet" href="assets/style.css"></head>'
        '<body><p>home</p><script src="assets/late.js"></script></body></html>', encoding="utf-8")
    (root / "assets" / "style.css").write_text("p { color: #123; }\n" * 50, encoding="utf-8")
    (root / "assets" / "late.js").write_text(
        "function get(then) { const r = new XMLHttpRequest(); r.open('GET', 'late.json');"
        " r.onloadend = then; r.send(); }\n"
        "addEventListener('load', () => get(() => get(() => {})));\n",
        encoding="utf-8")
    (root / "late.json").write_text('{"fetched": "after load"}' * 20, encoding="utf-8")
    (root / "search" / "search_index.json").write_text('{"docs": []}' * 500, encoding="utf-8")
    (root / "never.js").write_text("never requested\n", encoding="utf-8")
    return root


@pytest.mark.browser
def test_first_visit_counts_the_files_the_browser_downloads(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    loaded = bench.browser_first_visit(site)
    assert not isinstance(loaded, str), f"Chromium did not run (it is at /usr/bin/chromium here): {loaded}"
    assert sorted(p.relative_to(site).as_posix() for p in loaded) == [
        "assets/late.js", "assets/style.css", "index.html", "late.json"]
    sizes = bench.site_sizes(site)
    expected = sum(len(gzip.compress(p.read_bytes(), 6)) for p in loaded)
    assert sizes["first_visit"] == expected
    assert sizes["first_visit_how"] == "measured in Chromium"
    assert sizes["first_visit_index"] is False
    index = site / "search" / "search_index.json"
    assert sizes["search_gzip"] == len(gzip.compress(index.read_bytes(), 6)) < sizes["search"] == index.stat().st_size


def test_without_chromium_the_first_visit_is_estimated_and_says_so(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    site = small_site(tmp_path / "site")
    monkeypatch.setattr(bench, "CHROMIUM", tmp_path / "no-chromium")
    sizes = bench.site_sizes(site)
    assert sizes["first_visit_how"] == f"estimated (no Chromium at {tmp_path / 'no-chromium'})"
    assert sizes["first_visit"] == sum(len(gzip.compress((site / name).read_bytes(), 6))
                                       for name in ("index.html", "assets/style.css", "assets/late.js"))
