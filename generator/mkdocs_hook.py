"""MkDocs hook: the only module that imports MkDocs.

Listed in ``mkdocs.yml`` under ``hooks:``. On every build (and every rebuild of
``mkdocs serve``) it loads the content, stops the build with every content problem if
there is one, and adds the rendered pages as in-memory files (``File.generated``), so
nothing is ever written into ``docs_dir`` and ``mkdocs serve`` cannot loop on its output.

MkDocs empties ``site_dir`` right after ``on_pre_build`` (``mkdocs/commands/build.py``), so the
checks that can stop a build run there or earlier: content errors (and, in a strict build, content
warnings), unsafe files under ``docs_dir``, a ``site_dir`` holding foreign files. Plain ``mkdocs
build`` stopped by them leaves ``site_dir`` and its manifest as they were. What MkDocs itself finds
later (a broken link in a hand-written page, which strict mode counts, or a theme template error)
stops it after it emptied ``site_dir``, which then holds that failed build's files: ``make site``
(``generator build``) builds into a temporary folder and swaps it in only on success.
The share cards are drawn in a worker process meanwhile (generator/share_cards.py) and written
into ``site_dir`` at the end of the build.

MkDocs loads a hook file with only its own folder on ``sys.path`` and caches it, so the
project must be installed (``pip install -e .``) and the generator's modules are reloaded
before each build to pick up code edits during ``mkdocs serve``.

Under ``mkdocs serve``, a save that breaks the content must not stop the preview: MkDocs
1.6 answers no request after a failed rebuild ("The server will appear stuck until build
errors are resolved") and has already emptied the served folder. So a rebuild with content errors
reports them and serves the last good pages again, each under a banner listing them (generator/banner.py);
started on content with errors, ``mkdocs serve`` serves a page that lists them until the next good save.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

if TYPE_CHECKING:
    from generator.content import Content
    from generator.problems import ContentError, Problem
    from generator.schema import Story
    from generator.share_cards import Drawing
    from generator.share_image import Card

log = logging.getLogger("mkdocs.hooks.explainer")

#: True under ``mkdocs serve`` (set by :func:`on_startup`; this module outlives each rebuild).
_serving = False
#: ``mkdocs serve --dirty`` (``make serve``): MkDocs renders again only the files it is told changed.
_dirty = False
#: The generator's code as last imported (:func:`on_pre_build`), and under ``mkdocs serve --dirty``
#: the generated files and what else their HTML depends on, as last built and as being built
#: (generator/rebuild.py).
_code: object = None
_built: tuple[dict[str, str | bytes], object] = ({}, None)
_building: tuple[dict[str, str | bytes], object] = ({}, None)
#: ``mkdocs serve`` only: the pages and other files of the last build whose content loaded without errors.
_last_good: tuple[dict[str, str], dict[str, bytes], dict[str, Card]] | None = None
#: The share cards of this build, being drawn in a worker process (generator/share_cards.py) from
#: :func:`on_files` until :func:`on_post_build` writes them into ``site_dir``.
_drawing: Drawing | None = None
#: ``mkdocs serve`` only: the content problems the pages of this build show in a banner, and what the
#: pages below it are (generator/banner.py: the last good pages, the pages as they are, nothing yet).
_problems: list[Problem] = []
_showing = "last good"
#: The content of this build as :func:`on_pre_build` loaded it, before MkDocs empties ``site_dir``.
_loaded: Content | ContentError | None = None
#: The story (``story.yaml``) of this build; under ``mkdocs serve``, the last one that loaded.
_story: Story | None = None
#: The About page's "Credits" section from the last content that loaded (see render.credits_markdown).
_credits = ""

#: Set by ``generator build``, whose staging folder gets no manifest (``publish`` writes the real one).
STAGING_ENV = "EXPLAINER_STAGING"
#: The generated home page (generator.pages.HOME), drawn with theme_overrides/home.html.
HOME_PAGE = "index.md"
#: Generated pages that are in the nav; every other generated page is reachable by links.
_IN_NAV = {"index.md", "actors/index.md", "issues/index.md", "quotes.md", "timeline.md", "source.md", "data.md",
           "changes.md", "glossary.md"}
#: Which content file each page comes from, for the "edit this page" link.
_EDIT = {"actors/": "actors.yaml", "issues/": "issues.yaml", "quotes.md": "quotes.yaml", "quotes/": "quotes.yaml",
         "changes.md": "changes.yaml", "glossary.md": "glossary.yaml",
         "timeline.md": "timeline.yaml", "timeline/": "timeline.yaml"}


def _content_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / "content"


def on_startup(*, command: str, dirty: bool) -> None:
    """Note whether this is ``mkdocs serve`` (called once, before the first build)."""
    global _serving, _dirty, _last_good, _story, _problems, _built
    _serving, _dirty, _built = command == "serve", dirty, ({}, None)
    _last_good, _problems = None, []
    _story = None
    build_log = logging.getLogger("mkdocs.commands.build")
    if _serving and _dirty and _quiet_dirty_notice not in build_log.filters:
        build_log.addFilter(_quiet_dirty_notice)


def _quiet_dirty_notice(record: logging.LogRecord) -> bool:
    """Drop MkDocs' "A 'dirty' build is being performed …" warning (logged on every ``mkdocs serve
    --dirty`` build): ``make serve`` chose --dirty, and the hook rebuilds every page whose Markdown or
    surroundings changed (generator/rebuild.py). As a warning, strict mode would count it, and the
    preview would report a problem on clean content. A filter on MkDocs' build logger runs before the
    record reaches the counting handler of the ``mkdocs`` logger."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _serve_reporter() -> logging.Logger:
    """A logger that prints like MkDocs's own but that strict mode does not count.

    ``mkdocs build`` counts every warning and error on the ``mkdocs`` logger and aborts the
    build at the end in strict mode; under ``mkdocs serve`` that would stall the server.
    """
    reporter = logging.getLogger("explainer.serve")
    reporter.propagate = False
    mkdocs_log = logging.getLogger("mkdocs")
    reporter.handlers = [h for h in mkdocs_log.handlers if not isinstance(h, CountHandler)]
    reporter.setLevel(mkdocs_log.getEffectiveLevel())
    return reporter


def _fingerprint() -> bytes:
    try:
        return Path(__file__).read_bytes()
    except OSError:
        return b""


#: This file as MkDocs loaded it: MkDocs caches hook modules, so an edit needs a restart.
_LOADED = _fingerprint()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Take ``site_name`` and ``site_description`` from ``story.yaml``; refuse a ``site_dir`` that
    is a project folder (MkDocs would empty it); make builds reproducible: default
    ``SOURCE_DATE_EPOCH`` to the last commit's time. Under ``mkdocs serve``, say when this file
    was edited since it was loaded (MkDocs keeps the old one)."""
    global _story
    from generator.content import read_story
    from generator.project import protected_folders
    from generator.writer import OutputError, check_output_folder, refuse_foreign

    if _serving and _fingerprint() != _LOADED:
        _serve_reporter().warning(
            "generator/mkdocs_hook.py changed since mkdocs serve started: MkDocs keeps the hook it loaded, "
            "so this edit is not used; restart mkdocs serve (Ctrl+C, then make serve). Edits to the "
            "generator's other modules apply at once.")
    _story = read_story(_content_dir(config)) or (_story if _serving else None)
    from generator import pages
    from generator.schema import GLOSSARY

    if config.nav and not (_content_dir(config) / GLOSSARY).exists():  # a story without a glossary: no tab
        config.nav = pages.nav_without(config.nav, pages.GLOSSARY)
    if _story is not None:  # else on_files reports what is wrong with story.yaml
        # Escaped once, as Markup: Material prints site_name both raw and through `| e`.
        config.site_name, config.site_description = escape(_story.title), escape(_story.description)
    config_file = Path(config.config_file_path)
    try:
        check_output_folder(Path(config.site_dir), protected_folders(config_file.parent, config_file))
        if not _serving:  # MkDocs empties site_dir: only a folder of the generator's own files
            refuse_foreign(Path(config.site_dir))
    except OutputError as exc:
        raise Abort(str(exc)) from None
    if "SOURCE_DATE_EPOCH" not in os.environ:
        try:
            stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], capture_output=True, text=True,
                                   cwd=Path(config.config_file_path).parent, check=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            stamp = ""
        if stamp.isdigit():
            os.environ["SOURCE_DATE_EPOCH"] = stamp
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Write what the story is into a hand-written page's marker line (the About page); append the
    story's credits (publisher, photographer …) to the About page. Escape a hand-written page's
    front-matter text (``title``, ``description``): it is YAML, never HTML, and the theme prints
    ``page.meta`` values and ``page.title`` as they are. The generated home page gets the
    ``home.html`` template of ``theme_overrides/`` here, not in its Markdown, so that another
    engine (Zensical) builds ``render --out`` pages without this theme (not the page that stands in
    for the home page while ``mkdocs serve`` has no good content: :func:`_nothing_yet`)."""
    from generator.banner import NOTHING_YET
    from generator.render import fill_story

    if page.file.generated_by and page.file.src_uri == HOME_PAGE and _showing != NOTHING_YET:
        page.meta["template"] = "home.html"
    if not page.file.generated_by:
        for key, value in list(page.meta.items()):
            if isinstance(value, str):
                page.meta[key] = escape(value)

    markdown = fill_story(markdown, _story) if _story is not None else markdown
    return markdown + _credits if page.file.src_uri == "about.md" else markdown


def on_pre_build(config: MkDocsConfig) -> None:
    """Forget the generator's modules when its code changed, so ``mkdocs serve`` imports code
    edits afresh (and otherwise keeps their caches); stop on a symlink or special file under
    ``docs_dir`` or ``custom_dir``; load the content (:func:`_load`), all before MkDocs empties
    ``site_dir``. Python's cyclic garbage collector pauses meanwhile (generator/collector.py).

    Dropping them all (rather than ``importlib.reload`` one by one) keeps classes such as
    ``ContentError`` identical across modules after the reload.
    """
    from generator import collector

    with collector.paused():
        _pre_build(config)


def _pre_build(config: MkDocsConfig) -> None:
    global _code
    from generator.rebuild import fingerprint

    code = fingerprint(Path(__file__).parent)
    for name in [n for n in sys.modules if (n == "generator" or n.startswith("generator.")) and code != _code]:
        if sys.modules[name] is not sys.modules.get(__name__):
            del sys.modules[name]
    _code = code
    # Before MkDocs walks docs_dir and custom_dir (following links): refuse links, special files
    # and hand-written pages with a front-matter key only generated pages may carry (jsonld).
    from generator.project import GENERATED_ONLY, page_problems

    config_file = Path(config.config_file_path)
    unsafe = page_problems(config_file.parent, config_file)
    # Only keys the theme ignores on a hand-written page (jsonld)?
    meta_only = bool(unsafe) and all(p.kind == GENERATED_ONLY for p in unsafe)
    if _serving and _last_good is not None and meta_only:
        # Under serve, like content errors: reported, and the theme prints no hand-written JSON-LD.
        for problem in unsafe:
            _serve_reporter().error(problem.format())
        _serve_reporter().error(f"{len(unsafe)} problem(s) in hand-written pages (listed above), on which a "
                                "build stops; previewing them without that front matter. Fix them and save again.")
    else:
        for problem in unsafe:
            log.error(problem.format())
        if unsafe:
            raise Abort(f"Stopped: {len(unsafe)} problem(s) in files under docs_dir or custom_dir "
                        "(listed above); fix them and build again.")
    _load(config)


def _load(config: MkDocsConfig) -> None:
    """Load the content now, before MkDocs empties ``site_dir`` (right after ``on_pre_build``,
    unless ``--dirty``): a build with content errors, or a strict build with content warnings,
    stops here with them listed and leaves ``site_dir`` as it was. :func:`on_files` uses what
    was loaded; under ``mkdocs serve`` it reports the problems instead (the banner)."""
    global _loaded
    from generator.content import load_content
    from generator.problems import ContentError

    try:
        _loaded = load_content(_content_dir(config))
    except ContentError as exc:
        _loaded = exc
    if _serving:
        return
    problems = _loaded.problems if isinstance(_loaded, ContentError) else _loaded.warnings if config.strict else []
    for problem in problems:
        (log.warning if problem.severity.value == "warning" else log.error)(problem.format())
    if isinstance(_loaded, ContentError):
        raise Abort(f"Stopped: {_loaded} (listed above); fix them and build again.")
    if problems:
        raise Abort(f"Stopped: {len(problems)} content warning(s) (listed above), on which a strict build "
                    "stops; fix them and build again.")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page to ``files``; abort the build on any content error.

    Under ``mkdocs serve`` after a good build, report the errors and add the last good pages. Python's
    cyclic garbage collector pauses meanwhile (generator/collector.py).
    """
    from generator import collector

    with collector.paused():
        return _add_generated(files, config)


def _add_generated(files: Files, config: MkDocsConfig) -> Files:
    global _last_good, _problems, _credits, _showing
    from generator import feed
    from generator.banner import AS_THEY_ARE, LAST_GOOD, NOTHING_YET
    from generator.content import load_content
    from generator.problems import ContentError
    from generator.rebuild import rendered
    from generator.render import credits_markdown, render_pages
    from generator.site_files import site_files

    _showing = LAST_GOOD
    cards: dict[str, Card]  # the share cards, drawn meanwhile (generator/share_cards.py)
    try:
        content = _loaded if _loaded is not None else load_content(_content_dir(config))  # see on_pre_build
        if isinstance(content, ContentError):
            raise content
    except ContentError as exc:
        report = _serve_reporter() if _serving else log
        for problem in exc.problems:
            (report.warning if problem.severity.value == "warning" else report.error)(problem.format())
        if not _serving:
            raise Abort(f"Stopped: {exc} (listed above); fix them and build again.") from None
        _problems = exc.problems
        if _last_good is None:  # at start-up: nothing good to show yet, but the editor sees the problems
            report.error(f"{exc} (listed above); serving a page that lists them. Fix them and save again.")
            pages, extra, cards, _showing = _nothing_yet(config), dict[str, bytes](), {}, NOTHING_YET
        else:
            report.error(f"{exc} (listed above); still serving the last good pages. Fix them and save again.")
            pages, extra, cards = _last_good
    else:
        # Under serve, the last render's pages when the content is the same (a save of a hand-written page).
        pages = (rendered if _serving else render_pages)(content, config.site_url)
        hand_written = {f.src_uri: f.content_string for f in files.documentation_pages() if not f.generated_by}
        cards, extra = site_files(content, list(pages), hand_written, config.site_url)
        pages[feed.FEED] = feed.atom(content, site_url=config.site_url, directory_urls=config.use_directory_urls)
        _credits = credits_markdown(content)
        if _serving and content.warnings:
            # A strict build stops on a warning: under serve, warnings are treated like errors.
            report = _serve_reporter()
            for problem in content.warnings:
                report.warning(problem.format())
            _problems = list(content.warnings)
            if _last_good is None:  # at start-up: these pages, with the banner
                report.error(f"{len(content.warnings)} content warning(s) (listed above), on which a strict "
                             "build stops; serving these pages meanwhile. Fix them and save again.")
                _showing = AS_THEY_ARE
            else:
                report.error(f"{len(content.warnings)} content warning(s) (listed above), on which a strict "
                             "build stops; still serving the last good pages. Fix them and save again.")
                pages, extra, cards = _last_good
        else:
            _problems = []
            for problem in content.warnings:
                log.warning(problem.format())
            if _serving and not content.warnings:
                _last_good = (dict(pages), dict(extra), dict(cards))
    _refuse_clashes(files, [*pages, *extra, *cards], config)
    fresh = _fresh(config, {**pages, **extra}, files)
    for path, markdown in pages.items():
        file = (File if path in fresh else _Kept).generated(
            config, path, content=markdown,
            inclusion=InclusionLevel.INCLUDED if path in _IN_NAV else InclusionLevel.NOT_IN_NAV)
        source = next((yaml for prefix, yaml in _EDIT.items() if path.startswith(prefix)), "story.yaml")
        file.edit_uri = f"../{source}" if config.edit_uri else None
        files.append(file)
    for path, data in extra.items():  # open data (generator/site_files.py)
        files.append((File if path in fresh else _Kept).generated(config, path, content=data))
    _start_drawing(cards)
    return files


def _start_drawing(cards: dict[str, Card]) -> None:
    """Start drawing the share cards in a worker process while MkDocs builds the pages. They are no
    MkDocs files: MkDocs copies files before it builds pages; :func:`on_post_build` writes them."""
    global _drawing
    from generator.share_cards import Drawing

    _stop_drawing()
    _drawing = Drawing(cards)


def _stop_drawing() -> None:
    global _drawing
    if _drawing is not None:
        _drawing.cancel()
    _drawing = None


def on_build_error(*, error: Exception) -> None:
    """A build stopped: end the share-card worker (nothing is left drawing for nobody)."""
    _stop_drawing()


def on_shutdown() -> None:
    """``mkdocs serve`` stopped: end the share-card worker, if one is drawing."""
    _stop_drawing()


def _nothing_yet(config: MkDocsConfig) -> dict[str, str]:
    """``mkdocs serve`` started on content with errors: for each generated page in the nav, a page
    saying so (the banner above it lists the errors), so that the preview starts and every tab answers."""
    def in_nav(items: object) -> list[str]:
        if isinstance(items, str):
            return [items]
        if isinstance(items, dict):
            items = list(items.values())
        return [path for item in items for path in in_nav(item)] if isinstance(items, list) else []

    text = ("# The content has errors\n\nThe box above lists them, each at its place in the content files. "
            "Fix them and save: the site appears here with the next good save.\n")
    return {path: text for path in in_nav(config.nav or ["index.md"]) if path in _IN_NAV}


class _Kept(File):
    """A generated file whose content and surroundings are the last build's: ``mkdocs serve
    --dirty`` leaves its output as it is."""

    def is_modified(self) -> bool:
        return False


class _Redone(File):
    """A hand-written page whose surroundings changed (the banner, the credits, the theme):
    ``mkdocs serve --dirty`` builds it again though its file is as it was."""

    def is_modified(self) -> bool:
        return True


def _fresh(config: MkDocsConfig, now: dict[str, str | bytes], files: Files) -> set[str]:
    """The generated files MkDocs must build: all of them, except under ``mkdocs serve --dirty``,
    where only those whose content or surroundings changed since the last build (generator/rebuild.py);
    when the surroundings changed, the hand-written pages are built again too."""
    global _building
    if not (_serving and _dirty):
        return set(now)
    from generator.rebuild import changed, fingerprint

    theme = Path(config.theme.custom_dir) if config.theme.custom_dir else Path(config.config_file_path)
    key = (tuple(p.format() for p in _problems), _credits, str(config.site_name), fingerprint(theme),
           Path(config.config_file_path).read_bytes())
    _building = (now, key)
    if key != _built[1]:
        for file in files.documentation_pages():
            file.__class__ = _Redone
    return changed(_built[0], now, _built[1], key)


def _refuse_clashes(files: Files, generated: list[str], config: MkDocsConfig) -> None:
    """A located error for each hand-written file that has the path (or the published path) of a
    generated one, which MkDocs would silently drop or replace; the build stops. Under ``mkdocs
    serve`` after a good build the errors are reported and the generated files win."""
    from generator.problems import Problem

    project = Path(config.config_file_path).parent.resolve()
    probe = {File(path, config.docs_dir, config.site_dir, config.use_directory_urls).dest_uri: path
             for path in generated}
    problems, clashing = [], []
    for file in [f for f in files if not f.generated_by and f.abs_src_path]:
        path = generated[generated.index(file.src_uri)] if file.src_uri in generated else probe.get(file.dest_uri)
        if path is None:
            continue
        where = Path(str(file.abs_src_path)).resolve()
        shown = where.relative_to(project).as_posix() if where.is_relative_to(project) else str(where)
        problems.append(Problem(shown, 1, 1, f"has the same place in the site as the generated {path}, "
                                "which would replace one with the other", "rename or move the hand-written file"))
        clashing.append(file)
    if not problems:
        return
    report = _serve_reporter() if _serving and _last_good is not None else log
    for problem in problems:
        report.error(problem.format())
    if report is log:
        raise Abort(f"Stopped: {len(problems)} hand-written file(s) clash with generated ones (listed above).")
    for file in clashing:
        files.remove(file)


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Under ``mkdocs serve``, compile the theme's templates once, not on every rebuild
    (generator/rebuild.py: :func:`template_cache`)."""
    if _serving:
        from generator.rebuild import template_cache

        env.bytecode_cache = template_cache()
    return env


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Under ``mkdocs serve``, put the content's problems in a banner above every page."""
    from generator.banner import banner

    return banner(_problems, _showing) + html if _serving else html


def on_post_build(config: MkDocsConfig) -> None:
    """Under ``mkdocs serve``, once a build has succeeded, report MkDocs' own warnings (a broken
    link in a hand-written page) instead of letting strict mode abort the rebuild, which would
    stall the server (at start-up too, as content problems do). First, write the share cards
    (drawn meanwhile; under ``mkdocs serve`` only those that changed or are missing) and give
    every page the site's Content-Security-Policy, computed from the built pages."""
    global _built, _drawing
    from generator.csp import add_site_policy
    from generator.share_cards import write

    if _drawing is not None:  # the share cards, drawn meanwhile: before the manifest is recorded
        drawing, _drawing = _drawing, None
        try:
            write(Path(config.site_dir), drawing.result())
        finally:
            drawing.cancel()
    _built = _building  # the build got this far: its files are on disk
    add_site_policy(Path(config.site_dir))
    if not _serving and not os.environ.get(STAGING_ENV):
        from generator.writer import record

        record(Path(config.site_dir))  # what MkDocs wrote, so the next build or `clean` accepts it
    counters = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    warnings = sum(counter.counts.get(logging.WARNING, 0) for counter in counters)
    if _serving and warnings and not any(c.counts.get(logging.ERROR) for c in counters):
        for counter in counters:
            counter.counts.pop(logging.WARNING, None)
        _serve_reporter().error(f"{warnings} warning(s) (listed above), on which `make check` and CI's strict "
                                "build stop; serving these pages meanwhile. Fix them and save again.")
