"""Command line: ``python -m generator check | render | schema | build``.

Exit status: 0 success, 1 content errors (each printed as ``file:line:col: message; hint``; for
``check`` also warnings, on which the strict build stops),
2 usage errors (bad options, an output folder that cannot be written). No traceback is
shown for either.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

import click

from generator import collector
from generator.content import Content, display_path, load_content
from generator.placeholders import placeholders
from generator.problems import ContentError, Problem, format_report, visible
from generator.project import handwritten_text_problems, page_problems, protected_folders
from generator.words import counted
from generator.writer import OutputError, check_output_folder, manifest_path, publish, unpublish, write_files

_CONTENT = click.option("--content", "content_dir", type=click.Path(path_type=Path, file_okay=False),
                        default=Path("content"), show_default=True, help="The content folder.")


_CONFIG = click.option("--config-file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
                       default=Path("mkdocs.yml"), show_default=True, help="MkDocs configuration.")


def _refuse(message: str) -> NoReturn:
    """A usage error in one line on stderr, exit status 2 (no usage text, no traceback)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _check_output(out_dir: Path, protected: list[tuple[str, Path, bool]]) -> None:
    try:
        check_output_folder(out_dir, protected)
    except OutputError as exc:
        _refuse(str(exc))


def _load(content_dir: Path, more: list[Problem] | None = None) -> Content:
    """The content, or exit 1 with every problem (the content's and ``more``) reported."""
    if not content_dir.is_dir():
        raise click.UsageError(f"no content folder at {content_dir}")
    more = more or []
    try:
        with collector.paused():  # no cyclic collection passes over the content while it loads
            content = load_content(content_dir)
    except ContentError as exc:
        click.echo(format_report([*exc.problems, *more]), err=True)
        sys.exit(1)
    if content.warnings or more:
        click.echo(format_report([*content.warnings, *more]), err=True)
    if more:
        sys.exit(1)
    return content


def _os_error_message(exc: OSError) -> str:
    """One line for a file system error at the command boundary: the path and what to do."""
    where = f"{exc.filename}: " if exc.filename is not None else ""
    what = (exc.strerror or str(exc)).lower()
    if isinstance(exc, FileExistsError):
        hint = "a file is in the way of a folder on that path; choose another path"
    elif isinstance(exc, PermissionError):
        hint = "you cannot write there; choose a folder you can write"
    elif isinstance(exc, FileNotFoundError):
        hint = "no such folder, or one that cannot hold files; choose an existing folder you can write"
    elif exc.errno == errno.ENAMETOOLONG:
        hint = "choose a shorter name"
    else:
        hint = "check the path and try again"
    return f"{where}{what}; {hint} (nothing else was changed)"


class _Commands(click.Group):
    """The command group: a file system error (a path under a file, an unwritable place, a name
    too long) ends a command with one line and exit status 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            _refuse(_os_error_message(exc))


@click.group(cls=_Commands)
@click.version_option(package_name="explainer")
def main() -> None:
    """Build an explainer site from YAML fact sheets."""


@main.command()
@_CONTENT
@click.option("--coverage", is_flag=True,
              help="Also print which share of the article the facts cite, and the editor's to-do list: "
                   "every sentence no fact cites, as file:line:col in article order.")
@click.option("--build", "strict_build", is_flag=True,
              help="Then run CI's strict build (the same as `build`) into a temporary folder, which is removed.")
@_CONFIG
def check(content_dir: Path, coverage: bool, strict_build: bool, config_file: Path) -> None:
    """Validate the content: shapes, references, evidence and quotes; and that no symlink or
    special file lies under the project's ``docs_dir`` or ``custom_dir`` (read from the
    ``mkdocs.yml`` beside the content folder). With ``--build``, then build the site exactly
    as ``build`` does (``mkdocs build --strict``) and throw it away.

    Exit status: 0 when the content is clean; 1 on errors, and on warnings too (each located, then
    ``N warnings: make site and CI's strict build stop on warnings; fix them``), since the strict
    build stops on them; the build of ``--build`` is then not run."""
    content = _load(content_dir, page_problems(content_dir.resolve().parent))
    state = "ok" if not content.warnings else "loaded, with warnings"
    click.echo(f"{content_dir}: {state}: {counted(len(content.actors), 'actor')}, "
               f"{counted(len(content.issues), 'issue')}, {counted(len(content.quotes), 'quote')}, "
               f"{counted(len(content.events), 'event')}, "
               f"{counted(sum(len(s) for s in content.citations.values()), 'selector')}")
    for source in content.sources if coverage else ():
        figures = content.coverage(source.id)
        named = f"{source.id}: " if len(content.sources) > 1 else ""  # one source: as before
        click.echo(f"{named}coverage: {figures.cited} of {figures.total} sentences cited "
                   f"({figures.share:.1%}); {figures.characters:.1%} of characters")
        if figures.uncited:  # the editor's to-do list, in article order, in the form editors jump to
            click.echo(f"to do: {len(figures.uncited)} sentence{'s' * (len(figures.uncited) != 1)} "
                       "no fact cites yet (cite each, or leave it out knowingly):")
        text = source.text.text
        for span in sorted(figures.uncited):
            line, col = source.text.line_of(span.start), span.start - text.rfind("\n", 0, span.start)
            click.echo(f"{source.file}:{line}:{col}: uncited: {visible(text[span.start:span.end])}")
    todo = placeholders(content_dir, content_dir.as_posix())
    if todo:  # generator new's placeholders: valid content, but never to be published
        click.echo(f"to do: {len(todo)} placeholder{'s' * (len(todo) != 1)} from `generator new` "
                   "(replace each with the story's facts before publishing):")
        for placeholder in todo:
            click.echo(placeholder.format())
    if content.warnings:  # the strict build (make site, CI) stops on them: so does check
        count = len(content.warnings)
        click.echo(f"{count} warning{'s' * (count != 1)}: make site and CI's strict build stop on warnings; "
                   "fix them", err=True)
        sys.exit(1)
    if strict_build:
        with tempfile.TemporaryDirectory(prefix="explainer-check-") as folder:
            _strict_build(config_file, Path(folder) / "site")
        click.echo("strict build: ok")


@main.command()
@_CONTENT
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder to write the generated Markdown into (swapped in atomically).")
def render(content_dir: Path, out_dir: Path) -> None:
    """Write the generated pages as Markdown files (for review, or another engine), with the
    share cards and open data files the site publishes beside them."""
    from generator.feed import FEED, atom
    from generator.render import render_pages
    from generator.share_cards import Drawing
    from generator.site_files import site_files

    project = content_dir.resolve().parent
    _check_output(out_dir, protected_folders(project, content=content_dir))
    content = _load(content_dir, handwritten_text_problems(project))  # hand-written pages are read below
    site_url = os.environ.get("SITE_URL") or None  # mkdocs.yml's site_url: !ENV [SITE_URL, null]
    pages = render_pages(content, site_url)
    hand = content_dir / "pages"  # mkdocs.yml's docs_dir: hand-written pages get share cards too
    hand_written = {p.relative_to(hand).as_posix(): p.read_text(encoding="utf-8")
                    for p in sorted(hand.rglob("*.md")) if p.is_file() and not p.is_symlink()} if hand.is_dir() else {}
    cards, extra = site_files(content, list(pages), hand_written, site_url)
    drawing = Drawing(cards)  # a worker draws the cards meanwhile
    pages[FEED] = atom(content, site_url=site_url)  # after the share cards: the feed is no page

    def stage(folder: Path) -> None:  # the cards last: the worker draws them while the rest is written
        write_files(folder, {**{path: markdown.encode("utf-8") for path, markdown in pages.items()}, **extra})
        write_files(folder, drawing.result())

    try:
        written = publish(out_dir, stage)
    except OutputError as exc:
        _refuse(str(exc))
    finally:
        drawing.cancel()
    click.echo(f"wrote {len(written)} files to {out_dir}")


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("content/schemas"), show_default=True, help="Folder for the JSON Schema files.")
def schema(out_dir: Path) -> None:
    """Write a JSON Schema for each content file (for editors' YAML language servers).

    Only files this command wrote before (JSON Schemas with the same title) are overwritten.
    """
    from generator.schema import json_schemas

    # content/schemas is this command's home: inside the content folder is allowed here.
    _check_output(out_dir, [(what, path, inside and what != "the content folder")
                            for what, path, inside in protected_folders(Path.cwd())])
    documents = json_schemas()
    for name, document in documents.items():
        if not _is_schema_of(out_dir / name, document):
            _refuse(f"{out_dir / name} exists and is not a schema this command wrote; "
                    "nothing was changed: move it away or choose another folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, document in documents.items():
        (out_dir / name).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                                    encoding="utf-8", newline="\n")
        click.echo(f"wrote {out_dir / name}")


def _is_schema_of(path: Path, document: dict[str, object]) -> bool:
    """True when ``path`` does not exist or holds a JSON Schema with ``document``'s title."""
    if not os.path.lexists(path):
        return True
    if path.is_symlink() or not path.is_file():
        return False
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return (isinstance(existing, dict) and existing.get("$schema") == document["$schema"]
            and existing.get("title") == document["title"])


def _strict_build(config_file: Path, folder: Path) -> None:
    """``mkdocs build --strict`` of ``config_file`` into ``folder``, every warning shown and
    counted (never ``--quiet``); exit 1 when it fails. The one build that ``build`` (CI's
    ``make site``) and ``check --build`` (``make check``) both run."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file),
         "--site-dir", str(folder.resolve())],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "true", "EXPLAINER_STAGING": "1"}, check=False)
    if result.returncode != 0:
        raise SystemExit(1)


@main.command()
@_CONTENT
@click.argument("rev", required=False)
@click.option("--format", "output", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="Plain text, or Markdown for a pull request's job summary.")
def diff(content_dir: Path, rev: str | None, output: str) -> None:
    """List the facts added, removed and changed between REV and the working tree.

    REV is any git revision; the default is the merge base of HEAD with main. Records are
    compared by id and field (evidence included), not by YAML line.
    """
    from generator import diff as facts

    if not content_dir.is_dir():
        raise click.UsageError(f"no content folder at {content_dir}")
    try:
        commit, label = facts.resolve_revision(content_dir, rev)
        old, old_problems = facts.records_of(facts.files_at(content_dir, commit, label))
    except facts.GitError as exc:
        raise click.UsageError(str(exc)) from None
    new, new_problems = facts.records_of(facts.files_in(content_dir, display_path(content_dir)))
    if old_problems or new_problems:
        click.echo(format_report([*old_problems, *new_problems]), err=True)
        sys.exit(1)
    changes = facts.compare(old, new)
    render = facts.as_markdown if output == "markdown" else facts.as_text
    click.echo(render(changes, label), nl=False)


@main.command()
@_CONFIG
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
def build(config_file: Path, site_dir: Path) -> None:
    """Build the site with ``mkdocs build --strict`` and swap it into SITE_DIR on success.

    A failed build (content errors, strict warnings) leaves SITE_DIR exactly as it was.
    """
    _check_output(site_dir, protected_folders(config_file.resolve().parent, config_file))

    try:
        publish(site_dir, lambda folder: _strict_build(config_file, folder))
    except OutputError as exc:
        _refuse(str(exc))
    click.echo(f"built {site_dir}")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--source", "source", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The article, as a UTF-8 text file (copied to content/sources/, its sha256 recorded).")
@click.option("--generator", "requirement", metavar="REQUIREMENT",
              help="How the new project installs the generator: a pip requirement for requirements.txt, "
                   "e.g. 'explainer @ git+https://github.com/ORG/explainer@<commit>' (default: where this "
                   "generator comes from: its source checkout, or the wheel, URL or version it was installed from).")
def new(folder: Path, source: Path, requirement: str | None) -> None:
    """Create a new explainer project in FOLDER (missing or empty) for the article --source.

    The project builds and passes its tests at once: `make site`, then `make test`.
    """
    from generator.scaffold import ScaffoldError, create

    # Never inside the current project's content/, docs_dir, custom_dir, or any .git.
    here = Path.cwd()
    _check_output(folder, [(what, path, inside) for what, path, inside in protected_folders(here)
                           if inside and ((here / "mkdocs.yml").is_file() or what == ".git")])
    try:
        written = create(folder, source, requirement)
    except ScaffoldError as exc:
        _refuse(str(exc))
    click.echo(f"created {folder} ({len(written)} files); next: cd {folder} && make site && make test")


@main.command()
@_CONFIG
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
def clean(config_file: Path, site_dir: Path) -> None:
    """Delete SITE_DIR and its manifest, if it holds only files the generator wrote.

    Anything else in it (a file saved there by hand) stops the command before it deletes anything.
    """
    _check_output(site_dir, protected_folders(config_file.resolve().parent, config_file))
    if not os.path.lexists(site_dir) and not os.path.lexists(manifest_path(site_dir)):
        click.echo(f"nothing to remove: {site_dir} does not exist")
        return
    try:
        removed = unpublish(site_dir)
    except OutputError as exc:
        _refuse(str(exc))
    click.echo(f"removed {site_dir} ({len(removed)} files)")
