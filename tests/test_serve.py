"""``mkdocs serve`` for real, the way an editor previews a fact edit (``make serve``).

Each test starts MkDocs' development server on a free port of 127.0.0.1 in a scratch copy of
the project, edits the content as an editor would and reads the pages and the server's log:
one save makes exactly one rebuild; a save that breaks the content prints the problems
(``file:line:col: message; hint``, no traceback) while the last good site is still served; the
next good save brings the site back without a restart. The server is always stopped (its whole
process group) when a test ends.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ENV, ORPHAN_ACTOR, ROOT, mkdocs_build, run

pytestmark = pytest.mark.slow

#: Seconds allowed for the first build, and for one rebuild to show.
STARTUP = 60.0
REBUILD = 60.0
#: Seconds to keep reading the log after a rebuild: MkDocs' watcher polls every 0.5 s, so a
#: rebuild loop (a build that changes a watched file) shows within this.
SETTLE = 3.0
#: The server's environment: an editor's, so Python writes bytecode (a rebuild loop through
#: ``__pycache__`` would show), and log lines reach the file at once.
SERVE_ENV = {**{k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"},
             "NO_MKDOCS_2_WARNING": "true", "PYTHONUNBUFFERED": "1"}

ACTOR_PAGE = "actors/john-kerry/"
SUMMARY = "The top U.S. diplomat."
FIRST_SAVE = "The top U.S. diplomat, as changed by the first serve test save."
SECOND_SAVE = "The top U.S. diplomat, as changed by the second serve test save."
GOOD_SPEAKER, BAD_SPEAKER = "speaker: barack-obama", "speaker: j-kerry"
LIVERELOAD_SCRIPT = re.compile(r"livereload\(\d+, \d+\)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running ``mkdocs serve`` and the file its output goes to."""

    process: subprocess.Popen[bytes]
    log_path: Path
    base: str

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def running(self) -> bool:
        return self.process.poll() is None

    def get(self, path: str = "") -> tuple[int, str] | None:
        """``GET`` a page: its status and body, or ``None`` while the server does not answer."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:
                return int(response.status), response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError):
            return None

    def page(self, path: str) -> str:
        """The body of a page that must answer 200 now."""
        answer = self.get(path)
        assert answer is not None, f"no answer for /{path}; server log:\n{self.log()}"
        assert answer[0] == 200, f"/{path} answered {answer[0]}; server log:\n{self.log()}"
        return answer[1]

    def wait_until(self, check: Callable[[], bool], what: str, timeout: float = REBUILD) -> None:
        """Poll ``check`` until it holds; fail with the server's log if the server exits or time runs out."""
        deadline = time.monotonic() + timeout
        while not check():
            if not self.running():
                pytest.fail(f"mkdocs serve exited ({self.process.returncode}) while waiting for {what}:\n{self.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} within {timeout:.0f} s; server log:\n{self.log()}")
            time.sleep(0.2)

    def wait_for_text(self, path: str, text: str) -> None:
        def shows() -> bool:
            answer = self.get(path)
            return answer is not None and answer[0] == 200 and text in answer[1]

        self.wait_until(shows, f"{text!r} on /{path}")

    def stop(self) -> None:
        """Stop the server's process group: Ctrl-C (serve then deletes its temporary site), else kill."""
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


@pytest.fixture
def serve(project: Path, tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """``serve(*args, env={...})`` starts ``mkdocs serve --dev-addr 127.0.0.1:<free port> ARGS`` in
    the project (``env``: variables added to :data:`SERVE_ENV`) and returns once it answers (or has
    exited); every server is stopped at teardown."""
    # A copy of the generator rather than conftest's symlink to the repository's: the server
    # watches generator/, and an edit there (by anyone, during the test) would add rebuilds.
    (project / "generator").unlink()
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    servers: list[Server] = []

    def start(*args: str, env: Mapping[str, str] | None = None) -> Server:
        for attempt in range(3):
            port = _free_port()
            log_path = tmp_path / f"serve-{port}.log"
            with log_path.open("wb") as log_file:
                process = subprocess.Popen(
                    [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *args],
                    cwd=project, env={**SERVE_ENV, **(env or {})}, stdin=subprocess.DEVNULL, stdout=log_file,
                    stderr=subprocess.STDOUT, start_new_session=True)
            server = Server(process, log_path, f"http://127.0.0.1:{port}/")
            servers.append(server)
            deadline = time.monotonic() + STARTUP
            while server.running() and server.get() is None:
                if time.monotonic() > deadline:
                    pytest.fail(f"mkdocs serve did not answer within {STARTUP:.0f} s:\n{server.log()}")
                time.sleep(0.2)
            if server.running() or "Address already in use" not in server.log() or attempt == 2:
                return server
        raise AssertionError("unreachable")

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


def _position(path: Path, text: str) -> tuple[int, int]:
    """1-based line and column of the one occurrence of ``text`` in ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [(number, line.index(text) + 1) for number, line in enumerate(lines, 1) if text in line]
    assert len(found) == 1, found
    return found[0]


def _unknown_speaker(project: Path) -> re.Pattern[str]:
    """The log line for BAD_SPEAKER, at its place in content/quotes.yaml."""
    line, column = _position(project / "content" / "quotes.yaml", "j-kerry")
    return re.compile(rf"^ERROR\s+-\s+content/quotes\.yaml:{line}:{column}: [^\n]*"
                      rf"unknown actor 'j-kerry'; did you mean 'john-kerry'\?$", re.MULTILINE)


def test_serve_rebuilds_once_per_save_and_rides_out_content_errors(
        serve: Callable[..., Server], edit: Callable[[str, str, str], None], project: Path) -> None:
    server = serve("--livereload")
    assert server.running(), server.log()
    assert SUMMARY in server.page(ACTOR_PAGE)

    # (a) One save, one rebuild: the page shows the new text and the server then stays quiet.
    mark = len(server.log())
    edit("actors.yaml", SUMMARY, FIRST_SAVE)
    server.wait_for_text(ACTOR_PAGE, FIRST_SAVE)
    time.sleep(SETTLE)
    log = server.log()[mark:]
    assert log.count("Detected file changes") == 1, log
    assert log.count("Building documentation") == 1, log
    assert log.count("Reloading browsers") == 1, log

    # (b) A save that breaks the content: the problem at its place, no traceback, the last good site.
    mark = len(server.log())
    edit("quotes.yaml", GOOD_SPEAKER, BAD_SPEAKER)
    problem = _unknown_speaker(project)
    server.wait_until(lambda: "Reloading browsers" in server.log()[mark:]
                      or "An error happened during the rebuild" in server.log()[mark:], "the rebuild's end")
    log = server.log()[mark:]
    assert problem.search(log), log
    assert "An error happened during the rebuild" not in log, f"the server is stuck:\n{log}"
    assert "Traceback" not in server.log(), server.log()
    page = server.page(ACTOR_PAGE)
    assert FIRST_SAVE in page
    assert "barack-obama" in server.page("quotes/")  # the last good quotes page, not an error page

    # Another save while the content is still broken: reported again, the site stays the last good one.
    mark = len(server.log())
    edit("actors.yaml", FIRST_SAVE, SECOND_SAVE)
    server.wait_until(lambda: "Reloading browsers" in server.log()[mark:], "the second broken rebuild")
    time.sleep(SETTLE)
    log = server.log()[mark:]
    assert problem.search(log), log
    assert log.count("Building documentation") == 1, log
    page = server.page(ACTOR_PAGE)
    assert FIRST_SAVE in page and SECOND_SAVE not in page

    # (c) The fix: the site comes back, with the edit saved while it was broken, without a restart.
    mark = len(server.log())
    edit("quotes.yaml", BAD_SPEAKER, GOOD_SPEAKER)
    server.wait_for_text(ACTOR_PAGE, SECOND_SAVE)
    log = server.log()
    assert "ERROR" not in log[mark:], log[mark:]
    assert "Traceback" not in log, log
    assert log.count("Serving on") == 1 and server.running(), log


def test_content_errors_at_startup_serve_a_page_listing_them_until_the_fix(
        serve: Callable[..., Server], edit: Callable[[str, str, str], None], project: Path, tmp_path: Path) -> None:
    """Started on content with errors (``make serve``: ``--dirty``), the preview starts anyway: the log
    has the problems (no traceback), every tab and the hand-written pages answer with the banner listing
    them and say there is nothing good to show yet; the next good save shows the site, without the
    banner. ``mkdocs build`` still stops on the same content and leaves its site folder untouched."""
    edit("quotes.yaml", GOOD_SPEAKER, BAD_SPEAKER)
    server = serve("--dirty")
    assert server.running(), server.log()
    log = server.log()
    assert _unknown_speaker(project).search(log), log
    assert "1 content error (listed above); serving a page that lists them" in log, log
    assert "Traceback" not in log and "Aborted" not in log, log
    line, column = _position(project / "content" / "quotes.yaml", "j-kerry")
    for path in ("", "actors/", "quotes/", "about/"):
        page = server.page(path)
        assert "explainer-problems" in page and "role=\"alert\"" in page, path
        assert f"content/quotes.yaml:{line}:{column}: " in page, path
        assert "there is nothing to preview until they are fixed" in page, path
    assert "The content has errors" in server.page("")
    assert SUMMARY not in server.page("actors/")

    mark = len(server.log())
    edit("quotes.yaml", BAD_SPEAKER, GOOD_SPEAKER)
    server.wait_for_text(ACTOR_PAGE, SUMMARY)
    server.wait_until(lambda: "Reloading browsers" in server.log()[mark:], "the end of the rebuild after the fix")
    assert "ERROR" not in server.log()[mark:], server.log()[mark:]
    for path in ("", ACTOR_PAGE, "about/"):
        page = server.page(path)
        assert "explainer-problems" not in page and "The content has errors" not in page, path

    edit("quotes.yaml", GOOD_SPEAKER, BAD_SPEAKER)
    result = mkdocs_build(project, tmp_path / "built")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Stopped: 1 content error (listed above)" in result.stdout + result.stderr, result.stdout + result.stderr
    assert not [p for p in (tmp_path / "built").rglob("*.html")]


def test_content_warnings_at_startup_serve_the_pages_with_the_banner(serve: Callable[..., Server],
                                                                     project: Path) -> None:
    """Started on content with only a warning (which stops a strict build), the preview starts and shows
    the pages as they are under the banner."""
    with (project / "content" / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write(ORPHAN_ACTOR)
    server = serve()
    assert server.running(), server.log()
    assert "1 content warning(s) (listed above), on which a strict build stops; serving these pages" in server.log()
    page = server.page(ACTOR_PAGE)
    assert SUMMARY in page and "explainer-problems" in page and "this preview shows the pages as they are" in page
    assert "actor &#39;extra-person&#39; is not referenced" in page or "actor 'extra-person' is not referenced" in page


@pytest.mark.parametrize(("args", "live"), [((), True), (("--livereload",), True), (("--no-livereload",), False)],
                         ids=["default as make serve", "--livereload", "--no-livereload"])
def test_live_reload_is_on_unless_turned_off(serve: Callable[..., Server], args: tuple[str, ...],
                                            live: bool) -> None:
    """Live reload follows the flags (click 8.2.2 to 8.3.x turned it off silently: click>=8.4 is pinned)."""
    server = serve(*args)
    assert server.running(), server.log()
    page = server.page("")
    assert bool(LIVERELOAD_SCRIPT.search(page)) == live
    watching = re.search(r"Watching paths for changes: (.*)", server.log())
    assert bool(watching) == live, server.log()
    if watching:
        assert {"'content'", "'generator'", "'mkdocs.yml'"} <= set(watching.group(1).split(", ")), watching.group(0)


def test_make_serve_keeps_live_reload_on() -> None:
    result = run(["make", "-n", "serve"], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    serve_lines = [line for line in result.stdout.splitlines() if re.search(r"\bmkdocs serve\b", line)]
    assert len(serve_lines) == 1, result.stdout
    assert "--no-livereload" not in serve_lines[0]
    assert "--dirty" in serve_lines[0]  # a save rebuilds the pages it changed (issue 15)


def test_make_serve_on_clean_content_reports_no_problem(serve: Callable[..., Server],
                                                        edit: Callable[[str, str, str], None]) -> None:
    """``make serve``'s ``--dirty`` makes MkDocs warn "A 'dirty' build is being performed" on every build;
    that notice is no problem of the content: neither it nor a problem count is logged, at start or after
    a good save, and the pages carry no banner."""
    server = serve("--dirty")
    assert server.running(), server.log()
    mark = len(server.log())
    edit("actors.yaml", SUMMARY, FIRST_SAVE)
    server.wait_for_text(ACTOR_PAGE, FIRST_SAVE)
    server.wait_until(lambda: "Reloading browsers" in server.log()[mark:], "the end of the rebuild")
    log = server.log()
    assert log.count("Building documentation") == 2, log
    assert "WARNING" not in log and "ERROR" not in log and "'dirty' build" not in log, log
    assert "explainer-problems" not in server.page(ACTOR_PAGE)


def _every_page(server: Server, paths: list[str]) -> dict[str, str]:
    """Each page's HTML with what differs between two servers of the same content taken out:
    the port and live reload's numbers."""
    port = server.base.rsplit(":", 1)[1].rstrip("/")
    return {path: LIVERELOAD_SCRIPT.sub("livereload()", server.page(path).replace(port, "PORT")) for path in paths}


def test_a_dirty_rebuild_serves_what_a_fresh_server_serves(serve: Callable[..., Server],
                                                            edit: Callable[[str, str, str], None],
                                                            project: Path) -> None:
    """``make serve`` (``--dirty``): after a save MkDocs builds only the pages whose Markdown, or
    whose surroundings (theme, banner, config), changed; every page it serves is then byte for
    byte what a server started afresh on the saved content serves (the port aside)."""
    from generator.content import load_content
    from generator.pages import page_url
    from generator.render import render_pages

    warm = serve("--dirty")
    assert SUMMARY in warm.page(ACTOR_PAGE)
    mark = len(warm.log())
    edit("actors.yaml", "name: John Kerry", "name: John F. Kerry")  # on many pages, not all
    warm.wait_for_text(ACTOR_PAGE, "John F. Kerry")
    warm.wait_until(lambda: "Reloading browsers" in warm.log()[mark:], "the end of the rebuild")
    # A broken save puts the banner on every page, hand-written ones too; the fix takes it away.
    edit("quotes.yaml", GOOD_SPEAKER, BAD_SPEAKER)
    warm.wait_for_text("about/", "j-kerry")
    mark = len(warm.log())
    edit("quotes.yaml", BAD_SPEAKER, GOOD_SPEAKER)
    warm.wait_until(lambda: "Reloading browsers" in warm.log()[mark:], "the end of the rebuild after the fix")
    assert "j-kerry" not in warm.page("about/")
    paths = [page_url(page, None) for page in render_pages(load_content(project / "content")) if page.endswith(".md")]
    assert len(paths) > 40 and ACTOR_PAGE in paths
    seen = _every_page(warm, [*paths, "about/"])
    warm.stop()
    cold = serve("--dirty")
    fresh = _every_page(cold, [*paths, "about/"])
    differ = [path for path in fresh if seen[path] != fresh[path]]
    assert not differ, differ



def test_warnings_under_serve_are_reported_and_never_stall_the_server(
        serve: Callable[..., Server], project: Path) -> None:
    """A content warning (an actor nothing references), which stops a strict build, is treated like an
    error: reported, the last good pages served. A warning of MkDocs' own (a broken link in a
    hand-written page) is reported and the server goes on. Neither stalls it; the fix brings it back."""
    server = serve("--livereload")
    assert server.running(), server.log()
    actors = project / "content" / "actors.yaml"
    original = actors.read_text(encoding="utf-8")

    mark = len(server.log())
    actors.write_text(original + ORPHAN_ACTOR, encoding="utf-8")
    server.wait_until(lambda: "still serving the last good pages" in server.log()[mark:]
                      or "An error happened during the rebuild" in server.log()[mark:], "the rebuild's end")
    log = server.log()[mark:]
    assert "actor 'extra-person' is not referenced" in log, log
    assert "1 content warning(s) (listed above)" in log, log
    assert "An error happened during the rebuild" not in log, f"the server is stuck:\n{log}"
    answer = server.get("actors/extra-person/")
    assert answer is not None and answer[0] == 404, "the pages with the warning are served, not the last good"

    mark = len(server.log())
    actors.write_text(original, encoding="utf-8")
    about = project / "content" / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the missing page](missing.md).\n", encoding="utf-8")
    server.wait_until(lambda: "serving these pages meanwhile" in server.log()[mark:]
                      or "An error happened during the rebuild" in server.log()[mark:], "the rebuild's end")
    log = server.log()[mark:]
    assert "missing.md" in log and "An error happened during the rebuild" not in log, log
    assert "the missing page" in server.page("about/")

    mark = len(server.log())
    about.write_text(about.read_text(encoding="utf-8").replace("the missing page", "the fixed page")
                     .replace("(missing.md)", "(index.md)"), encoding="utf-8")
    server.wait_for_text("about/", "the fixed page")
    assert "WARNING" not in server.log()[mark:] and "Traceback" not in server.log(), server.log()[mark:]


def test_an_edit_of_the_hook_under_serve_is_named_in_the_log(serve: Callable[..., Server], project: Path) -> None:
    """MkDocs keeps the hook module it loaded: saving generator/mkdocs_hook.py says a restart is needed."""
    server = serve("--livereload")
    assert server.running(), server.log()
    assert "mkdocs_hook.py changed" not in server.log()
    hook = project / "generator" / "mkdocs_hook.py"
    mark = len(server.log())
    hook.write_text(hook.read_text(encoding="utf-8") + "\n# an editor's change\n", encoding="utf-8")
    server.wait_until(lambda: "Reloading browsers" in server.log()[mark:], "the rebuild after the hook edit")
    log = server.log()[mark:]
    assert "generator/mkdocs_hook.py changed since mkdocs serve started" in log, log
    assert "restart mkdocs serve" in log and "An error happened" not in log, log


# --------------------------------------------------------------------------- errors in the browser

#: A speaker that is no valid id, written as markup: the banner must show it as text.
HOSTILE_SPEAKER = 'speaker: "<img src=x onerror=alert(1)>"'


@pytest.mark.browser
def test_serve_shows_content_errors_in_a_banner_on_every_page(
        serve: Callable[..., Server], edit: Callable[[str, str, str], None], project: Path, tmp_path: Path) -> None:
    """In Chromium, under a real ``mkdocs serve``: no banner while the content is good; after a bad save
    every page shows a banner (role=alert) listing each problem as ``file:line:col: message`` (escaped),
    with the last good page below it; after the fix it is gone. ``mkdocs build`` never shows it."""
    from test_browser import CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    server = serve()
    assert "explainer-problems" not in server.page(ACTOR_PAGE)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 800})
            tab.set_default_timeout(15_000)
            tab.goto(server.base + ACTOR_PAGE)
            assert tab.locator(".explainer-problems").count() == 0

            edit("quotes.yaml", GOOD_SPEAKER, HOSTILE_SPEAKER)
            edit("actors.yaml", "    name: John Kerry\n", "    name: John Kerry\n    nmae: Kerry\n")
            # The second problem, not just a banner: the watcher polls every 0.5 s, so the two saves can
            # make two rebuilds, and the first one's banner lists only the first problem.
            server.wait_for_text(ACTOR_PAGE, "nmae")
            speaker_line, speaker_col = _position(project / "content" / "quotes.yaml", '"<img')
            field_line, field_col = _position(project / "content" / "actors.yaml", "nmae:")
            for path in (ACTOR_PAGE, "", "about/", "quotes/"):
                tab.goto(server.base + path)
                box = tab.locator(".explainer-problems[role=alert]")
                assert box.is_visible(), path
                lines = [text.strip() for text in box.locator("li").all_inner_texts()]
                assert lines[0].startswith(f"content/actors.yaml:{field_line}:{field_col}: actors[0] (john-kerry)"
                                           ".nmae: unknown field 'nmae'; did you mean 'name'?"), lines
                assert lines[1].startswith(f"content/quotes.yaml:{speaker_line}:{speaker_col}: quotes[0] "
                                           "(reset-ties-with-moscow).speaker: “<img src=x onerror=alert(1)>” is not in "
                                           "the sentences the evidence points to"), lines
                assert len(lines) == 2, lines
                assert "2 errors" in box.locator(".admonition-title").inner_text()
                assert box.locator("img").count() == 0 and tab.locator("img[src=x]").count() == 0
                # the last good page is below the banner
                assert tab.locator("article h1").count() == 1, path
            tab.goto(server.base + ACTOR_PAGE)
            assert SUMMARY in tab.locator("article").inner_text()
            tab.screenshot(path=str(tmp_path / "banner.png"), full_page=False)

            edit("quotes.yaml", HOSTILE_SPEAKER, GOOD_SPEAKER)
            edit("actors.yaml", "    nmae: Kerry\n", "")
            server.wait_until(lambda: "explainer-problems" not in server.page(ACTOR_PAGE), "the banner to go")
            tab.goto(server.base + ACTOR_PAGE)
            assert tab.locator(".explainer-problems").count() == 0
            assert SUMMARY in tab.locator("article").inner_text()
        finally:
            browser.close()
    site = tmp_path / "built"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert not [p for p in site.rglob("*.html") if "explainer-problems" in p.read_text(encoding="utf-8")]


def test_jsonld_in_a_handwritten_page_under_serve_is_reported_and_never_printed(
        serve: Callable[..., Server], project: Path) -> None:
    """After a good start, a hand-written page's `jsonld` key is reported (a build would stop on it) without
    stalling the server, and the preview prints none of it; removing it clears the report."""
    server = serve("--livereload")
    assert server.running(), server.log()
    about = project / "content" / "pages" / "about.md"
    original = about.read_text(encoding="utf-8")
    mark = len(server.log())
    about.write_text("---\njsonld: '</script><script>alert(1)</script>'\n---\n" + original, encoding="utf-8")
    server.wait_until(lambda: "Reloading browsers" in server.log()[mark:]
                      or "An error happened during the rebuild" in server.log()[mark:], "the rebuild's end")
    log = server.log()[mark:]
    assert "content/pages/about.md:2:1: front matter key 'jsonld' is only for generated pages" in log, log
    assert "An error happened during the rebuild" not in log, log
    assert "alert(1)" not in server.page("about/")
    mark = len(server.log())
    about.write_text(original.replace("# About", "# About (edited)", 1), encoding="utf-8")
    server.wait_for_text("about/", "About (edited)")
    assert "jsonld" not in server.log()[mark:]
