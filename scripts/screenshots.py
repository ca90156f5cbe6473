"""Screenshots of the real story: every page type, desktop and phone, light and dark.

Run from the repository root:  make screenshots   (or: .venv/bin/python scripts/screenshots.py [OUT_DIR])

It builds ``content/`` with ``mkdocs build --strict`` into a temporary folder, serves it on 127.0.0.1 and
drives Debian's Chromium (/usr/bin/chromium, via Playwright; nothing is downloaded, every request to another
host is aborted). For each page type (home, timeline, a filtered timeline, an issue, the issues index, an
actor, the who's who, quotes, source, about, the glossary if the story has one) it writes a full-page PNG per
device (desktop 1280 × 800, phone 390 × 844 at 2×) and colour scheme to ``OUT_DIR/<page>-<device>-<scheme>.png``
(default ``build/screenshots/``, git-ignored), and prints each page's height in CSS px.

Then it refreshes the README's two pictures, ``docs/images/home-phone.png`` and
``docs/images/timeline-phone.png``: the first screen (390 × 844) of the home page and the timeline on a
phone, light scheme. Those two files are the only ones it writes outside ``OUT_DIR``; it writes nothing
else in the repository. Exit status 1 when the build fails or Chromium is missing.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.content import load_content  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
README_IMAGES = ROOT / "docs" / "images"
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}, "locale": "en-US"}
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
                         "has_touch": True, "locale": "en-US"}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log."""


def page_paths(content_dir: Path) -> dict[str, str]:
    """Page name -> path below the site's root: one page of every type, the examples taken from the story
    (its first key issue and key actor, or the first of each)."""
    story = load_content(content_dir)
    issue = story.story.key_issues[0] if story.story.key_issues else story.issues[0].id
    actor = story.story.key_actors[0] if story.story.key_actors else story.actors[0].id
    filtered = next((a.id for a in story.actors if story.events_of(a.id)), actor)
    paths = {"home": "", "timeline": "timeline/", "timeline-filtered": f"timeline/actor/{filtered}/",
             "issue": f"issues/{issue}/", "issues": "issues/", "actor": f"actors/{actor}/", "actors": "actors/",
             "quotes": "quotes/", "source": "source/", "about": "about/"}
    if story.glossary is not None:
        paths["glossary"] = "glossary/"
    return paths


def build(site_dir: Path) -> None:
    """``mkdocs build --strict`` of the repository's content/ into ``site_dir``; exits 1 on failure."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                           cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if built.returncode != 0:
        sys.exit(f"mkdocs build --strict failed:\n{built.stdout}{built.stderr}")


def shoot(site_dir: Path, out: Path, paths: dict[str, str]) -> list[tuple[str, str, str, int]]:
    """Every page in both devices and schemes; returns (page, device, scheme, height in CSS px) rows."""
    from playwright.sync_api import Route, sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site_dir)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    host = base.split("/")[2]

    def local_only(route: Route) -> None:
        if route.request.url.split("/")[2] == host:
            route.continue_()
        else:
            route.abort()

    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for device, options in (("desktop", DESKTOP), ("phone", PHONE)):
                for scheme in ("light", "dark"):
                    context = browser.new_context(**options, color_scheme=scheme)
                    context.route("**/*", local_only)
                    page = context.new_page()
                    for name, path in paths.items():
                        page.goto(base + path, wait_until="load")
                        page.screenshot(path=out / f"{name}-{device}-{scheme}.png", full_page=True)
                        height = int(page.evaluate("document.documentElement.scrollHeight"))
                        rows.append((name, device, scheme, height))
                        if device == "phone" and scheme == "light" and name in ("home", "timeline"):
                            page.screenshot(path=README_IMAGES / f"{name}-phone.png")
                    context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def main(argv: list[str]) -> int:
    if not os.access(CHROMIUM, os.X_OK):
        print(f"{CHROMIUM} is missing: sudo apt-get install chromium", file=sys.stderr)
        return 1
    out = Path(argv[0]) if argv else ROOT / "build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="explainer-screenshots-") as tmp:
        site_dir = Path(tmp) / "site"
        build(site_dir)
        rows = shoot(site_dir, out, page_paths(ROOT / "content"))
    print(f"{'page':<18} {'device':<8} {'scheme':<6} {'height (CSS px)':>15}")
    for name, device, scheme, height in rows:
        print(f"{name:<18} {device:<8} {scheme:<6} {height:>15}")
    print(f"\n{len(rows)} screenshots in {out}; README pictures refreshed in {README_IMAGES}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
