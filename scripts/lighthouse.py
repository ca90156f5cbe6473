"""Lighthouse (mobile) scores of the built site, served gzip-compressed as GitHub Pages serves it.

Run from the repository root:  make lighthouse   (or: .venv/bin/python scripts/lighthouse.py [SITE_DIR])

It builds the real site (``content/``) with ``mkdocs build --strict`` into a temporary folder (or audits the
built site folder it is given), and a *bare* Material site for comparison: the same pages (the generated
Markdown and ``content/pages/``) and the same ``mkdocs.yml`` theme, palette, features, search and Markdown
extensions, but none of this project's theme (no ``custom_dir``, no extra CSS or JavaScript). Both are
served by a small HTTP server on 127.0.0.1 that gzip-compresses text responses when asked
(``Accept-Encoding: gzip``), like GitHub Pages.

Lighthouse is the npm package pinned in ``scripts/lighthouse/package.json`` (installed there with ``npm ci``)
and drives Debian's Chromium (``CHROME_PATH``, default /usr/bin/chromium). Each page (home, the story's first
actor and first issue, timeline, source) is audited three times (``LIGHTHOUSE_RUNS``) with Lighthouse's default
mobile settings (simulated slow 4G, 4x CPU slowdown), and the run with the median performance score is kept,
as Lighthouse's advice on score variability suggests. The table gives its four category scores, the page's
transfer size (Lighthouse's ``total-byte-weight``) and its paint and blocking-time metrics, then the bare
Material home page for reference (its scores set no target); the last line compares the home page's transfer
with the bare page's. Performance depends on the machine's load (Lighthouse scales the CPU time it observes):
audit on an idle machine. Exit status 1 when a target is missed: accessibility, best practices and SEO 1.0;
performance at least 0.97; home transfer at most 15 % above the bare page.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "scripts" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
#: Audits per page; the table gives the run with the median performance score, as Lighthouse's own
#: advice on variability suggests (one run moves by several points on a busy machine).
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed on request like GitHub Pages (which also sends max-age=600)."""

    def log_message(self, format: str, *args: Any) -> None:
        """No access log."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder URL
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()

        return io.BytesIO(body)


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``root`` on 127.0.0.1 (a free port) in a thread; returns the server and its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build_site(out: Path) -> None:
    """``mkdocs build --strict`` of this repository into ``out``."""
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
                   cwd=ROOT, env=ENV, check=True)


def build_bare(work: Path, out: Path) -> None:
    """The same pages (the generated Markdown and ``content/pages/``) built by bare Material: mkdocs.yml's
    theme settings (palette, features, search, Markdown extensions) and nothing of this project's theme
    (no ``custom_dir``, extra CSS or JavaScript, hook)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    docs, rendered = work / "docs", work / "rendered"
    subprocess.run([sys.executable, "-m", "generator", "render", "--out", str(rendered)], cwd=ROOT, env=ENV,
                   check=True, capture_output=True)
    shutil.copytree(ROOT / config["docs_dir"], docs)
    shutil.copytree(rendered, docs, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*"))
    home = docs / "index.md"
    home.write_text(home.read_text(encoding="utf-8").replace('template: "home.html"\n', ""), encoding="utf-8")
    theme = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    bare = {"site_name": config.get("site_name", "Explainer"), "site_description": config.get("site_description", ""),
            "theme": theme,
            "plugins": ["search"], "markdown_extensions": config["markdown_extensions"], "docs_dir": "docs",
            "nav": config["nav"]}
    (work / "mkdocs.yml").write_text(yaml.safe_dump(bare, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(out)], cwd=work, env=ENV,
                   check=True)


class _EnvLoader(yaml.SafeLoader):
    """mkdocs.yml's ``!ENV [NAME, default]`` tags, read as their default."""


_EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])  # type: ignore[arg-type]


def audit(url: str, report: Path) -> dict[str, Any]:
    """One Lighthouse run (mobile defaults) of ``url``; returns the parsed JSON report."""
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   env={**ENV, "CHROME_PATH": chrome}, check=True)
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def pages_to_audit(content_dir: Path) -> dict[str, str]:
    """Page name -> URL path of each page type audited: the home page, the story's first actor and
    first issue (in the YAML's order), the timeline and the (first) source page."""
    from generator import pages
    from generator.content import load_content

    content = load_content(content_dir)
    first = {"actor": pages.actor(content.actors[0].id), "issue": pages.issue(content.issues[0].id)}
    return {"home": "", **{k: v.removesuffix(".md") + "/" for k, v in first.items()},
            "timeline": "timeline/", "source": "source/"}


def median_run(url: str, report: Path, runs: int) -> dict[str, Any]:
    """``runs`` audits of ``url``; the report whose performance score is the median."""
    reports = [audit(url, report) for _ in range(runs)]
    reports.sort(key=lambda data: data["categories"]["performance"]["score"] or 0)
    return reports[len(reports) // 2]


def metrics(data: dict[str, Any]) -> tuple[float, float, float, float]:
    """First and largest contentful paint and total blocking time (ms), and cumulative layout shift."""
    audits = data["audits"]
    return tuple(audits[a]["numericValue"] for a in (
        "first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"))


def main(argv: list[str]) -> int:
    if not LIGHTHOUSE.exists():
        print(f"Lighthouse is not installed: run `npm ci --prefix {LIGHTHOUSE.parents[2]}` (or `make lighthouse`)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        work = Path(tmp)
        site = Path(argv[0]) if argv else work / "site"
        if not argv:
            build_site(site)
        build_bare(work / "bare", work / "bare-site")
        server, base = serve(site)
        bare_server, bare_base = serve(work / "bare-site")
        rows, failed = [], []
        try:
            for name, path in pages_to_audit(ROOT / "content").items():
                data = median_run(base + path, work / f"{name}.json", RUNS)
                scores = {c: data["categories"][c]["score"] for c in CATEGORIES}
                weight = data["audits"]["total-byte-weight"]["numericValue"]
                rows.append((name, scores, weight, metrics(data)))
                failed += [f"{name}: {c} {s}" for c, s in scores.items()
                           if s is None or s < (0.97 if c == "performance" else 1.0)]
                for c in CATEGORIES[1:]:
                    for audit_id in (a["id"] for a in data["categories"][c]["auditRefs"]):
                        result = data["audits"][audit_id]
                        if result.get("score") is not None and result["score"] < 1 and result["scoreDisplayMode"] in {
                                "binary", "numeric"}:
                            print(f"  {name}: {c}: {audit_id}: {result['title']}", file=sys.stderr)
            bare_data = median_run(bare_base, work / "bare.json", RUNS)
            bare = bare_data["audits"]["total-byte-weight"]["numericValue"]
            bare_row = ("bare home", {c: bare_data["categories"][c]["score"] for c in CATEGORIES}, bare,
                        metrics(bare_data))
        finally:
            server.shutdown()
            bare_server.shutdown()
        print(f"{'page':<10} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'transfer':>10}"
              f" {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'CLS':>6}")
        for name, scores, weight, (fcp, lcp, tbt, cls) in [*rows, bare_row]:
            cells = " ".join(f"{scores[c]:>5.2f}" if scores[c] is not None else "    -" for c in CATEGORIES)
            print(f"{name:<10} {cells} {weight / 1024:>8.1f} KB {fcp:>7.0f} {lcp:>7.0f} {tbt:>7.0f} {cls:>6.3f}")
        print(f"Lighthouse's benchmarkIndex of this machine: {bare_data['environment']['benchmarkIndex']:.0f} "
              "(higher is faster; a loaded machine scores lower and inflates TBT)")
        home = rows[0][2]
        ratio = home / bare - 1
        print(f"home transfer {home / 1024:.1f} KB vs bare Material {bare / 1024:.1f} KB: {ratio:+.1%} (limit +15%)")
        if ratio > 0.15:
            failed.append(f"home transfer {ratio:+.1%} above bare Material")
        if failed:
            print("missed: " + "; ".join(failed), file=sys.stderr)
            return 1
        return 0


if __name__ == "__main__":
    shutil.which("node") or sys.exit("Lighthouse needs Node.js (Debian: apt-get install nodejs npm)")
    sys.exit(main(sys.argv[1:]))
